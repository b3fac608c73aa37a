#!/usr/bin/env python3
"""Deterministic inputs for the splits, exit-sim and diff benchmarks.

  gen_big.py ledger-charter OUT.charter.yaml   a charter with every step type
  gen_big.py royalty-charter OUT.charter.yaml  the same with annual and whole tiers,
                                                minimums, royalty terms and step-downs
  gen_big.py ledger OUT.csv [--rows N]          1,000,000 rows: 4 streams x 40 quarters
  gen_big.py exit OUT.charter.yaml              12 parties, 20 triggers, 2,000 assets
  gen_big.py diff OLD.charter.yaml NEW.charter.yaml
                                                ~1 MB charters (2,500 assets, 250 milestones)
                                                differing in 1% of their values
"""
import random
import sys

HEAD = """charter: 1
id: {id}
title: Benchmark charter
kind: strategic-alliance
effective: 2026-01-01
term: {{ends: 2036-12-31}}
currency: USD
"""


def parties(n):
    out = ["parties:"]
    for i in range(n):
        out.append(f"  - {{id: p{i:02d}, name: Party {i} Inc.}}")
    return "\n".join(out) + "\n"


def equal_shares(n):
    # exact: n-1 parties get floor(10000/n) basis points, the last the rest
    each = 10000 // n
    parts = [each] * (n - 1) + [10000 - each * (n - 1)]
    return "{" + ", ".join(f"p{i:02d}: {parts[i] / 100:g}%" for i in range(n)) + "}"


def ledger_charter():
    s = HEAD.format(id="bench-ledger") + parties(3)
    s += """contributions:
  - {id: c0, party: p00, kind: cash, value: 2_000_000, date: 2026-02-01, recoupable: true}
  - {id: c1, party: p01, kind: cash, value: 1_000_000, recoupable: true}
milestones:
  - {id: m1, title: First, owner: p00, due: 2028-06-30, achieved: 2028-05-01}
economics:
  shares: {p00: 50%, p01: 30%, p02: 20%}
  vesting: [{party: p01, portion: 20%, milestone: m1}]
  streams:
"""
    for k in range(4):
        s += f"""    - id: s{k}
      waterfall:
        - {{id: back{k}, recoup: {{order: {'sequential' if k % 2 else 'pro-rata'}}}}}
        - id: roy{k}
          to: p00
          royalty:
            cumulative: true
            tiers: [{{from: 0, rate: 5%}}, {{from: 10_000_000, rate: 7%}}, {{from: 50_000_000, rate: 9%}}]
          cap: {{period: 4_000_000, total: 40_000_000}}
        - {{id: fee{k}, to: {{p01: 50%, p02: 50%}}, amount: "max(3% * revenue, 10_000) + 0 * paid(@roy{k})", floor: 10_000, carry: true}}
        - {{id: rest{k}, split: shares}}
"""
    s += """exit:
  triggers:
    - {id: quit, cause: convenience, invoked_by: any, leaver: invoker, foreground: keep}
"""
    return s


def royalty_charter():
    """The ledger charter with the royalty terms of licensing clauses: annual
    tiers (calendar and contract years), whole-amount tiers, a minimum, a
    royalty term from a milestone to a date and a step-down after it."""
    s = ledger_charter().replace("id: bench-ledger", "id: bench-royalty")
    for k in range(4):
        window = "calendar-year" if k % 2 == 0 else "contract-year"
        basis = "whole" if k >= 2 else "marginal"
        old = f"""        - id: roy{k}
          to: p00
          royalty:
            cumulative: true
"""
        new = f"""        - id: roy{k}
          to: p00
          active: {{after: m1, until: 2034-12-31}}
          royalty:
            cumulative: {window}
            basis: {basis}
            minimum: {{per: {window}, amount: 250_000}}
"""
        assert old in s
        s = s.replace(old, new)
        old = f"""        - {{id: fee{k},"""
        new = f"""        - {{id: down{k}, to: p00, active: {{from: 2035-01-01}}, royalty: {{tiers: [{{from: 0, rate: 2%}}]}}}}
        - {{id: fee{k},"""
        s = s.replace(old, new)
    return s


def ledger(path, rows):
    rnd = random.Random(11)
    periods = [f"{y}-Q{q}" for y in range(2027, 2037) for q in range(1, 5)]
    with open(path, "w") as f:
        f.write("period,stream,amount,invoice\n")
        for i in range(rows):
            f.write(f"{rnd.choice(periods)},s{rnd.randrange(4)},{rnd.randrange(100000)}.{rnd.randrange(100):02d},INV-{i:07d}\n")


def exit_charter():
    n = 12
    rnd = random.Random(5)
    s = HEAD.format(id="bench-exit") + parties(n)
    s += "contributions:\n"
    for i in range(n):
        s += f"  - {{id: c{i:02d}, party: p{i:02d}, kind: cash, value: {rnd.randrange(1, 90) * 10_000}}}\n"
    s += "ip:\n  foreground_rule: joint-pro-rata-contributions\n  assets:\n"
    for a in range(2000):
        if a % 4 == 0:
            s += f"    - {{id: a{a:04d}, title: Asset {a}, class: background, type: software, owner: p{a % n:02d}}}\n"
        elif a % 4 == 1:
            s += f"    - {{id: a{a:04d}, title: Asset {a}, class: foreground, type: data}}\n"
        else:
            x, y = a % n, (a + 5) % n
            s += f"    - {{id: a{a:04d}, title: Asset {a}, class: foreground, type: patent, owner: {{p{x:02d}: 60%, p{y:02d}: 40%}}}}\n"
    s += "  licenses:\n"
    for l in range(200):
        s += f"    - {{id: l{l:03d}, asset: a{(l * 4) % 2000:04d}, from: p{(l * 4) % 2000 % n:02d}, to: p{(l + 1) % n:02d}, scope: commercial, field: field {l}, territory: [EU], exclusive: false, survives: 2y}}\n"
    s += f"economics:\n  shares: {equal_shares(n)}\n"
    s += "exit:\n  triggers:\n"
    causes = ["convenience", "breach", "insolvency", "change-of-control", "performance-failure"]
    for t in range(20):
        cp = t % 2 == 1
        s += f"""    - id: t{t:02d}
      cause: {causes[t % 5]}
      invoked_by: any
      leaver: {'counterparty' if cp else 'invoker'}
      notice: {30 + t}d
      buyout: {{price: "1.1 * contributed(@leaver) + share(@leaver) * 1000"}}
      foreground: {['assign', 'license-back', 'keep'][t % 3]}
      licenses: {{from_leaver: survive, to_leaver: terminate}}
      wind_down: {{period: 90d, costs: pro-rata-shares, estimate: 120_000}}
"""
    return s


def diff_charters():
    rnd = random.Random(17)
    n = 6

    def build(change):
        s = HEAD.format(id="bench-diff") + parties(n)
        s += "ip:\n  assets:\n"
        for a in range(2500):
            owner = f"p{a % n:02d}"
            created = "2025-01-01" if a % 2 == 0 else "2026-06-01"
            cls = "background" if a % 2 == 0 else "foreground"
            title = f"Asset number {a} with a reasonably long descriptive title"
            if change(a):
                title += " (revised)"
            s += f"    - id: a{a:04d}\n      title: {title}\n      class: {cls}\n      type: software\n      owner: {owner}\n      created: {created}\n"
            s += f"      creators: [{owner}]\n      filings:\n        - {{jurisdiction: EP, number: EP26{a:06d}, filed: 2026-10-02}}\n        - {{jurisdiction: US, number: US18{a:06d}, filed: 2026-11-12}}\n"
        s += "milestones:\n"
        for m in range(250):
            due = f"2030-{(m % 12) + 1:02d}-15"
            if change(10000 + m):
                due = f"2031-{(m % 12) + 1:02d}-15"
            s += f"  - id: m{m:03d}\n    title: Milestone {m}\n    owner: p{m % n:02d}\n    due: {due}\n"
            s += f"    payment: {{from: p{(m + 1) % n:02d}, to: p{m % n:02d}, amount: {10_000 + m * 100}}}\n"
        s += f"economics:\n  shares: {equal_shares(n)}\n"
        s += "exit:\n  triggers:\n    - {id: quit, cause: convenience, invoked_by: any, leaver: invoker, foreground: keep}\n"
        return s

    changed = set(rnd.sample(range(2500), 25)) | {10000 + m for m in rnd.sample(range(250), 3)}
    return build(lambda k: False), build(lambda k: k in changed)


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    mode = sys.argv[1]
    if mode == "ledger-charter":
        open(sys.argv[2], "w").write(ledger_charter())
    elif mode == "royalty-charter":
        open(sys.argv[2], "w").write(royalty_charter())
    elif mode == "ledger":
        rows = int(sys.argv[4]) if len(sys.argv) > 4 and sys.argv[3] == "--rows" else 1_000_000
        ledger(sys.argv[2], rows)
    elif mode == "exit":
        open(sys.argv[2], "w").write(exit_charter())
    elif mode == "diff":
        old, new = diff_charters()
        open(sys.argv[2], "w").write(old)
        open(sys.argv[3], "w").write(new)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
