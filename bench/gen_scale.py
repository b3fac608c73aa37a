#!/usr/bin/env python3
"""Valid charters scaled along one axis, for the growth benchmark (scale.sh).

  gen_scale.py AXIS N OUT [--changed]

AXIS is one of:
  parties     N parties, economics shares adding up to exactly 100% (in
              millionths, written as 0.0020%: exact decimals), two
              revenue streams whose waterfalls end in `split: shares`, one
              scenario with `revenue` and an empty `expect: {}` (the key is
              required; empty, it states no guessed amount, and validate still
              computes the scenario), one exit trigger
              (`invoked_by: any`, `leaver: invoker`) and no other
  assets      3 parties, N IP assets (background and foreground, owners single
              and joint, some with filings), N/4 licenses (half of them
              exclusive, each on its own assets, so none overlap)
  milestones  3 parties, N independent milestones with due dates and payments,
              a third of them achieved
  chain       3 parties, N milestones where each depends_on the one before
  files       OUT is a directory of N charters of about 5 KB each
              (bench/gen_charters.py's corpus: cNNNNN.charter.yaml)

--changed writes the same charter with one value changed (in the middle of
the scaled list), the other side of `charter diff`. Not for `files`.

Every output passes `charter validate --strict`. Output depends only on the
arguments. The first line of a charter (the file .gen-version in a `files`
directory) names the generator version and the arguments; when OUT already
holds exactly that, nothing is rewritten ("cached" on standard error), so
scale.sh can call this every time.
"""

import hashlib
import os
import sys

GEN_VERSION = 2        # of the single-charter axes
FILES_GEN_VERSION = 1  # of the files axis (its stamp also holds gen_charters.py's hash)
AXES = ("parties", "assets", "milestones", "chain", "files")
HERE = os.path.dirname(os.path.abspath(__file__))

HEAD = """charter: 1
id: scale-{axis}-{n}
title: Growth benchmark charter ({axis}, {n})
kind: strategic-alliance
effective: 2026-01-01
term: {{ends: 2036-12-31}}
currency: USD
"""

EPOCH_ORD = 739617  # date(2026, 1, 1).toordinal()


def day(offset):
    """ISO date `offset` days after 2026-01-01 (no datetime import needed, but exact)."""
    import datetime
    return datetime.date.fromordinal(EPOCH_ORD + offset).isoformat()


def pid(i, n):
    width = max(2, len(str(n - 1)))
    return f"p{i:0{width}d}"


def party_list(n, changed_index=None):
    out = ["parties:"]
    for i in range(n):
        name = f"Party {i} Holdings Inc."
        if i == changed_index:
            name = f"Party {i} Holdings GmbH"
        out.append(f"  - {{id: {pid(i, n)}, name: {name}, jurisdiction: {'US-DE' if i % 2 else 'DE'}}}")
    return "\n".join(out) + "\n"


def shares(n):
    """A flow mapping of n parties to ratios adding up to exactly 100%: in
    millionths (written as percentages with four decimals, 0.0020%), the
    first parties get one millionth more until the sum is exact."""
    if n > 1_000_000:
        raise SystemExit("at most 1,000,000 parties")
    each, rest = divmod(1_000_000, n)
    parts = [each + (1 if i < rest else 0) for i in range(n)]
    return "{" + ", ".join(f"{pid(i, n)}: {u // 10000}.{u % 10000:04d}%" for i, u in enumerate(parts)) + "}"


EXIT_QUIT = """exit:
  triggers:
    - id: quit
      cause: convenience
      invoked_by: any
      leaver: invoker
      notice: 90d
      unvested: forfeit
      buyout: {{price: "1.1 * contributed(@leaver)"}}
      foreground: {foreground}
      licenses: {{from_leaver: survive, to_leaver: terminate}}
      wind_down: {{period: 60d, costs: pro-rata-shares, estimate: 100_000}}
"""


def gen_parties(n, changed):
    p = lambda i: pid(i, n)
    s = HEAD.format(axis="parties", n=n)
    s += party_list(n, n // 2 if changed else None)
    s += f"""contributions:
  - {{id: c0, party: {p(0)}, kind: cash, value: 2_000_000, date: 2026-02-01, recoupable: true}}
  - {{id: c1, party: {p(1)}, kind: cash, value: 1_000_000, date: 2026-03-01, recoupable: true}}
  - {{id: c2, party: {p(n - 1)}, kind: cash, value: 500_000, date: 2026-04-01}}
milestones:
  - {{id: m1, title: First release, owner: {p(0)}, due: 2027-06-30, achieved: 2027-05-02}}
economics:
  shares: {shares(n)}
  vesting: [{{party: {p(1)}, portion: 20%, milestone: m1}}]
  streams:
    - id: sales
      waterfall:
        - {{id: recoup-costs, recoup: {{parties: all, order: pro-rata}}}}
        - {{id: fee, to: {p(0)}, amount: "max(3% * revenue, 10_000)"}}
        - {{id: residual, split: shares}}
    - id: licensing
      waterfall:
        - {{id: rest, split: shares}}
"""
    s += EXIT_QUIT.format(foreground="keep")
    s += """scenarios:
  - id: year-one
    revenue: {sales: 12_000_000, licensing: 1_000_000}
    # computed by validate, checked against nothing: `expect` is required, and
    # an empty one guesses no amount
    expect: {}
"""
    return s


def three_parties():
    return """parties:
  - {id: p00, name: Party 0 Holdings Inc., jurisdiction: DE}
  - {id: p01, name: Party 1 Holdings Inc., jurisdiction: US-DE}
  - {id: p02, name: Party 2 Holdings Inc., jurisdiction: JP}
"""


ECON3 = """economics:
  shares: {p00: 50%, p01: 30%, p02: 20%}
  streams:
    - id: sales
      waterfall:
        - {id: recoup-costs, recoup: {parties: all}}
        - {id: residual, split: shares}
"""

CONTRIB3 = """contributions:
  - {id: c0, party: p00, kind: cash, value: 2_000_000, date: 2026-02-01, recoupable: true}
  - {id: c1, party: p01, kind: cash, value: 1_000_000, date: 2026-03-01, recoupable: true}
  - {id: c2, party: p02, kind: cash, value: 500_000, date: 2026-04-01}
"""

TYPES = ["software", "patent", "trade-secret", "data", "know-how", "copyright", "design"]


def gen_assets(n, changed):
    s = HEAD.format(axis="assets", n=n) + three_parties() + CONTRIB3
    s += "ip:\n  foreground_rule: joint-equal\n  assets:\n"
    owner_of = []
    for i in range(n):
        title = f"Asset {i}" + (" (revised)" if changed and i == n // 2 else "")
        t = TYPES[i % len(TYPES)]
        if i % 2 == 0:  # background, one owner
            o = f"p{(i // 2) % 3:02d}"
            owner_of.append(o)
            line = (f"    - {{id: a{i}, title: {title}, class: background, type: {t}, owner: {o}, "
                    f"created: {day(-1 - i % 3000)}}}")
        elif i % 4 == 1:  # foreground, joint owners written out
            owner_of.append("p00")
            line = (f"    - {{id: a{i}, title: {title}, class: foreground, type: {t}, "
                    f"owner: {{p00: 60%, p01: 40%}}, created: {day(i % 3000)}, creators: [p00, p01]")
            if i % 8 == 1:
                line += f", filings: [{{jurisdiction: EP, number: EP{26000000 + i}, filed: {day(30 + i % 3000)}}}]"
            line += "}"
        else:  # foreground, owner from foreground_rule (all three, equal)
            owner_of.append("p00")
            line = f"    - {{id: a{i}, title: {title}, class: foreground, type: {t}, created: {day(i % 3000)}}}"
        s += line + "\n"
    s += "  licenses:\n"
    # each license on its own pair of assets, so exclusive ones never overlap
    for k in range(n // 4):
        a, b = 4 * k, 4 * k + 1  # a background asset of owner_of[a], and a foreground one co-owned by p00
        frm = owner_of[a]
        assets = f"a{a}" if frm != "p00" else f"[a{a}, a{b}]"
        to = "p01" if frm != "p01" else "p02"
        excl = "true" if k % 2 == 0 else "false"
        s += (f"    - {{id: l{k}, asset: {assets}, from: {frm}, to: {to}, scope: commercial, "
              f"field: field {k % 17}, territory: [EU, US], exclusive: {excl}, sublicensable: false, "
              f"survives: 1y}}\n")
    s += ECON3
    s += EXIT_QUIT.format(foreground="license-back")
    return s


def gen_milestones(n, changed, chain):
    axis = "chain" if chain else "milestones"
    s = HEAD.format(axis=axis, n=n) + three_parties() + CONTRIB3
    s += "milestones:\n"
    span = 3650  # due dates spread over ten years of the term, non-decreasing
    achieved_upto = n // 3
    for i in range(n):
        due = day(30 + i * span // n)
        owner = f"p{i % 3:02d}"
        amount = 10_000 + (i % 50) * 1_000
        if changed and i == n // 2:
            amount += 1
        line = f"  - {{id: m{i}, title: Milestone {i}, owner: {owner}, due: {due}"
        if chain and i > 0:
            line += f", depends_on: [m{i - 1}]"
        if i < achieved_upto:
            # non-decreasing along the chain, never after the due date
            line += f", achieved: {day(30 + i * span // n)}"
        line += f", payment: {{from: p0{(i + 1) % 3}, to: {owner}, amount: {amount}}}}}\n"
        s += line
    s += ECON3.replace("  streams:", "  vesting: [{party: p01, portion: 10%, milestone: m0}]\n  streams:")
    s += EXIT_QUIT.format(foreground="assign")
    return s


def gen_files(n, out):
    sys.path.insert(0, HERE)
    import gen_charters
    src = open(os.path.join(HERE, "gen_charters.py"), "rb").read()
    stamp = f"gen_scale.py v{FILES_GEN_VERSION} files {n} gen_charters.py sha256 {hashlib.sha256(src).hexdigest()}\n"
    stamp_path = os.path.join(out, ".gen-version")
    if os.path.exists(stamp_path) and open(stamp_path).read() == stamp:
        print(f"cached: {out}", file=sys.stderr)
        return
    os.makedirs(out, exist_ok=True)
    if os.path.exists(stamp_path):
        os.remove(stamp_path)
    for name in os.listdir(out):  # a stale corpus: start afresh
        if name.endswith(".charter.yaml"):
            os.remove(os.path.join(out, name))
    for i in range(n):
        write(os.path.join(out, "c%05d.charter.yaml" % i),
              gen_charters.charter_text(gen_charters.DEFAULT_SEED, i, 5))
    write(stamp_path, stamp)
    print(f"generated: {out} ({n} files)", file=sys.stderr)


def write(path, content):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write(content)
    os.replace(tmp, path)


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    flags = [a for a in argv if a.startswith("--")]
    if len(args) != 3 or args[0] not in AXES or any(f != "--changed" for f in flags):
        print(__doc__, file=sys.stderr)
        return 2
    axis, n, out = args[0], int(args[1]), args[2]
    changed = "--changed" in flags
    if n < (3 if axis == "parties" else 1):
        print("N is too small", file=sys.stderr)
        return 2
    if axis == "files":
        if changed:
            print("--changed is not for files", file=sys.stderr)
            return 2
        gen_files(n, out)
        return 0
    header = f"# gen_scale.py v{GEN_VERSION} {axis} {n}{' changed' if changed else ''}\n"
    if os.path.exists(out):
        with open(out, encoding="utf-8", errors="replace") as f:
            if f.readline() == header:
                print(f"cached: {out}", file=sys.stderr)
                return 0
    if axis == "parties":
        body = gen_parties(n, changed)
    elif axis == "assets":
        body = gen_assets(n, changed)
    else:
        body = gen_milestones(n, changed, chain=(axis == "chain"))
    text = header + body
    if len(text.encode("utf-8")) > 8 * 1024 * 1024:
        print(f"{out}: {len(text)} bytes is over the 8 MiB limit", file=sys.stderr)
        return 1
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    write(out, text)
    print(f"generated: {out} ({len(text)} bytes)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
