#!/usr/bin/env python3
"""Deterministic generator of random but valid charters and ledgers.

generate(seed) returns a Case: the charter's YAML text and a ledger (a header
and rows of strings). The same seed always gives the same case, on any
machine (random.Random(seed) and nothing else).

What it covers: 2-5 parties; USD, JPY and BHD (2, 0 and 3 minor digits);
every rounding mode (and none, for the default); contributions by value and
by fte/rate/months, dated and undated, recoupable or not; residual shares as
percentages, decimals and fractions, or pro-rata-contributions, or none;
vesting on milestones with and without achieved dates, unvested pro-rata or to
one party; 1-3 streams whose waterfalls mix recoup (all or listed parties,
pro-rata or sequential), royalty (1-3 tiers, cumulative or not, by the
run, calendar or contract year, marginal or whole, with or without a minimum
or a base formula), amount formulas drawn from the whole grammar, and
cap.period, cap.total, floor, carry and `active` windows (from a date or a
milestone, until a date); a closing split by shares or a
mapping. Ledgers have one period granularity, several rows per (period,
stream), zero amounts, refunds that keep each total non-negative, skipped
streams, extra columns in any order with RFC 4180 quoting (commas, quotes and
line breaks inside fields), CRLF or LF line ends, and rows in random order.
Amounts are built from whole minor units (ints); the only floats here are
the probabilities that drive random choices.

Formulas stay inside the grammar and well typed (numbers where numbers go,
booleans where booleans go), divide only by non-zero constants or under an
if() that tests the divisor, and a royalty base is never negative.

Usage: gen.py --seed S [--out DIR]   (writes case.charter.yaml and ledger.csv)
"""

import argparse
import datetime
import os
import random
import sys

PARTY_POOL = ["acme", "globex", "initech", "umbrella", "hooli", "stark", "wayne",
              "wonka", "tyrell", "cyberdyne", "soylent", "vandelay"]
CURRENCIES = [("USD", 2), ("JPY", 0), ("BHD", 3)]
KINDS = ["cash", "ip", "data", "facilities", "equipment", "services"]


class Case:
    def __init__(self, seed, charter_text, header, rows, info):
        self.seed = seed
        self.charter_text = charter_text
        self.header = header    # list of column names
        self.rows = rows        # list of lists of strings, same length as header
        self.info = info        # dict: digits, streams, ...

    def ledger_text(self, rows=None):
        return ledger_text(self.header, self.rows if rows is None else rows, self.info["eol"])


def csv_field(s):
    if any(c in s for c in ',"\r\n') or s != s.strip():
        return '"' + s.replace('"', '""') + '"'
    return s


def ledger_text(header, rows, eol="\r\n"):
    lines = [",".join(csv_field(h) for h in header)]
    for r in rows:
        lines.append(",".join(csv_field(x) for x in r))
    return eol.join(lines) + eol


def fmt_units(units, digits, underscores=False, trim=False):
    """Whole minor units as a decimal string (`-12.50`, `1_000`)."""
    sign = "-" if units < 0 else ""
    units = abs(units)
    whole, frac = divmod(units, 10 ** digits)
    w = f"{whole:_d}" if underscores else str(whole)
    if digits == 0:
        return sign + w
    f = f"{frac:0{digits}d}"
    if trim:
        f = f.rstrip("0")
        if not f:
            return sign + w
    return f"{sign}{w}.{f}"


class Gen:
    def __init__(self, seed):
        self.seed = seed
        self.r = random.Random(seed)

    # -- small helpers

    def chance(self, p):
        return self.r.random() < p

    def money(self, lo, hi, whole=False):
        """A money literal between lo and hi major units, in charter style."""
        r = self.r
        units = r.randint(lo * 10 ** self.digits, hi * 10 ** self.digits)
        if whole or self.chance(0.6):
            units -= units % (10 ** self.digits)
        if self.chance(0.3) and units >= 1000 * 10 ** self.digits:
            units -= units % (1000 * 10 ** self.digits)
        return units, fmt_units(units, self.digits, underscores=self.chance(0.5), trim=self.chance(0.3))

    def ratios(self, parties):
        """Exact ratios over `parties` summing to 1, written in mixed styles."""
        r = self.r
        style = r.choice(["percent", "percent", "fraction", "decimal", "equal"])
        n = len(parties)
        if style == "equal":
            return {p: f"1/{n}" for p in parties}
        if style == "fraction":
            den = r.choice([3, 6, 7, 8, 12, 30])
            while den < n:
                den *= 2
            cuts = sorted(r.sample(range(1, den), n - 1))
            weights = [b - a for a, b in zip([0] + cuts, cuts + [den])]
            return {p: f"{w}/{den}" for p, w in zip(parties, weights)}
        den = 1000 if self.chance(0.3) else 100
        cuts = sorted(r.sample(range(1, den), n - 1))
        weights = [b - a for a, b in zip([0] + cuts, cuts + [den])]
        out = {}
        for p, w in zip(parties, weights):
            if style == "decimal":
                out[p] = fmt_units(w, 3 if den == 1000 else 2)  # 0.35 or 0.035
            else:
                out[p] = fmt_units(w, 1 if den == 1000 else 0, trim=True) + "%"  # 35% or 3.5%
        return out

    def pct(self, hi=30):
        r = self.r
        if self.chance(0.25):
            return fmt_units(r.randint(0, hi * 10), 1, trim=True) + "%"  # 7.5%
        return f"{r.randint(0, hi)}%"

    # -- formulas

    def leaf(self, ctx):
        r = self.r
        opts = ["revenue", "pool", "prior_revenue", "const", "pct_rev", "pct_rev", "pct_pool", "pct_pool"]
        if ctx["earlier"]:
            opts += ["paid", "paid"]
        opts.append("contributed")
        if ctx["shares"]:
            opts.append("share")
        k = r.choice(opts)
        if k == "const":
            return self.money(0, ctx["scale"] // 10 + 1)[1]
        if k == "pct_rev":
            return f"{self.pct()} * revenue"
        if k == "pct_pool":
            return f"pool * {self.pct()}"
        if k == "paid":
            return f"paid(@{r.choice(ctx['earlier'])})"
        if k == "contributed":
            return f"{self.pct(5)} * contributed(@{r.choice(ctx['parties'])})"
        if k == "share":
            return f"share(@{r.choice(ctx['parties'])}) * {r.choice(['pool', 'revenue'])}"
        return k

    def num(self, ctx, depth):
        r = self.r
        if depth <= 0 or self.chance(0.25):
            return self.leaf(ctx)
        d = depth - 1
        k = r.randint(0, 14)
        if k == 0:
            return f"{self.num(ctx, d)} + {self.num(ctx, d)}"
        if k == 1:
            return f"{self.num(ctx, d)} - {self.num(ctx, d)}"
        if k == 2:
            return f"{self.pct()} * ({self.num(ctx, d)})"
        if k == 3:
            return f"({self.num(ctx, d)}) / {r.choice(['3', '7', '1.5', '12', '0.9', '2_0'])}"
        if k == 4:
            args = [self.num(ctx, d) for _ in range(r.randint(2, 3))]
            return f"min({', '.join(args)})"
        if k == 5:
            args = [self.num(ctx, d) for _ in range(r.randint(2, 3))]
            return f"max({', '.join(args)})"
        if k == 6:
            lo, hi = sorted([self.money(0, ctx["scale"] // 5 + 1)[0] for _ in range(2)])
            return (f"clamp({self.num(ctx, d)}, {fmt_units(lo, self.digits)}, "
                    f"{fmt_units(hi, self.digits)})")
        if k == 7:
            return f"if({self.boolean(ctx, d)}, {self.num(ctx, d)}, {self.num(ctx, d)})"
        if k == 8:
            return f"round({self.num(ctx, d)})"
        if k == 9:
            return f"round({self.num(ctx, d)}, {r.randint(0, 4)})"
        if k == 10:
            return f"-{self.leaf(ctx)} + {self.num(ctx, d)}"
        if k == 11:
            x = self.leaf(ctx)
            test = r.choice([f"{x} > 0", f"{x} != 0", f"not {x} == 0"])
            return f"if({test}, {self.num(ctx, d)} / ({x}) * {self.pct(5)}, 0)"
        if k == 12:
            return f"({self.num(ctx, d)})"
        if k == 13:
            return f"{self.num(ctx, d)} * {r.choice(['2', '0.5', '0.25', '3'])}"
        return f"{r.choice(['0.1', '5%', '1_0%'])} * {self.num(ctx, d)}"

    def boolean(self, ctx, depth):
        r = self.r
        k = r.randint(0, 5) if depth > 0 else 0
        d = max(depth - 1, 0)
        if k <= 2:
            op = r.choice(["<", "<=", ">", ">=", "==", "!="])
            rhs = self.money(0, ctx["scale"])[1] if self.chance(0.6) else self.num(ctx, d)
            return f"{self.num(ctx, d)} {op} {rhs}"
        if k == 3:
            return f"{self.boolean(ctx, d)} and {self.boolean(ctx, d)}"
        if k == 4:
            return f"{self.boolean(ctx, d)} or {self.boolean(ctx, d)}"
        return f"not ({self.boolean(ctx, d)})"

    # -- the charter

    def generate(self):
        r = self.r
        self.currency, self.digits = r.choice(CURRENCIES)
        scale = r.choice([1_000, 100_000, 10_000_000])  # revenue order of magnitude, major units
        if self.currency == "JPY":
            scale *= 100
        n = r.randint(2, 5)
        parties = r.sample(PARTY_POOL, n)
        year = r.randint(2024, 2027)
        effective = datetime.date(year, r.randint(1, 12), r.randint(1, 28))
        term_end = datetime.date(year + 6, 12, 31)
        span = (term_end - effective).days

        def rand_date(lo=effective, days=span):
            return lo + datetime.timedelta(days=r.randint(0, days))

        L = []
        L.append("charter: 1")
        L.append(f"id: prop-{self.seed}")
        L.append(f"title: Property test charter {self.seed}")
        L.append(f"kind: {r.choice(['joint-development', 'strategic-alliance', 'joint-venture'])}")
        L.append(f"effective: {effective.isoformat()}")
        L.append(f"term: {{ends: {term_end.isoformat()}}}")
        L.append(f"currency: {self.currency}")
        rounding = r.choice([None, "half-even", "half-up", "down"])
        if rounding:
            L.append(f"rounding: {rounding}")
        L.append("parties:")
        for p in parties:
            L.append(f"  - id: {p}")
            L.append(f"    name: {p.capitalize()} Ltd")

        # Contributions.
        contribs = []
        for p in parties:
            for i in range(r.choice([0, 1, 1, 2, 3])):
                contribs.append((p, i))
        if not contribs or self.chance(0.2):
            contribs.append((r.choice(parties), 9))
        r.shuffle(contribs)
        L.append("contributions:")
        for p, i in contribs:
            L.append(f"  - id: {p}-c{i}")
            L.append(f"    party: {p}")
            if self.chance(0.25):
                L.append("    kind: personnel")
                L.append(f"    fte: {r.choice(['1', '2.5', '0.5', '1.25', '3', '0.3'])}")
                L.append(f"    rate: {self.money(1, max(scale // 20, 10))[1]}")
                L.append(f"    months: {r.choice(['1', '6', '7', '12', '18', '5', '2.5'])}")
            else:
                L.append(f"    kind: {r.choice(KINDS)}")
                L.append(f"    value: {self.money(0 if self.chance(0.1) else 1, max(scale // 5, 10))[1]}")
            if self.chance(0.7):
                # Few distinct dates, so equal dates (ordered by list position) happen.
                L.append(f"    date: {(effective + datetime.timedelta(days=r.choice([0, 0, 10, 40, 200]))).isoformat()}")
            if self.chance(0.65):
                L.append(f"    recoupable: {r.choice(['true', 'true', 'false'])}")

        # Milestones.
        milestones = []
        last_period_day = effective + datetime.timedelta(days=min(span, 3 * 365))
        for i in range(r.randint(0, 4)):
            mid = f"m{i + 1}"
            milestones.append(mid)
            if i == 0:
                L.append("milestones:")
            L.append(f"  - id: {mid}")
            L.append(f"    title: Milestone {i + 1}")
            L.append(f"    owner: {r.choice(parties)}")
            L.append(f"    due: {rand_date().isoformat()}")
            if self.chance(0.6):
                L.append(f"    achieved: {rand_date(days=(last_period_day - effective).days).isoformat()}")

        # Economics.
        shares_kind = r.choice(["map", "map", "map", "pro-rata", "none"])
        has_shares = shares_kind != "none"
        L.append("economics:")
        if shares_kind == "map":
            holders = parties if self.chance(0.7) else r.sample(parties, r.randint(1, n))
            holders = [p for p in parties if p in holders]
            rat = self.ratios(holders)
            L.append("  shares: {" + ", ".join(f"{p}: {v}" for p, v in rat.items()) + "}")
        elif shares_kind == "pro-rata":
            L.append("  shares: pro-rata-contributions")
        if has_shares and milestones and self.chance(0.7):
            L.append("  vesting:")
            for p in parties:
                budget = 60
                for _ in range(r.randint(0, 2)):
                    portion = r.randint(1, budget) if budget > 0 else 0
                    if portion == 0:
                        break
                    budget -= portion
                    L.append(f"    - {{party: {p}, portion: {portion}%, milestone: {r.choice(milestones)}}}")
            if L[-1] == "  vesting:":
                L.pop()
            choice = r.choice(["default", "pro-rata", "to"])
            if choice == "pro-rata":
                L.append("  unvested: pro-rata")
            elif choice == "to":
                L.append(f"  unvested: {{to: {r.choice(parties)}}}")

        streams = [f"s{i + 1}" for i in range(r.randint(1, 3))]
        L.append("  streams:")
        for sid in streams:
            L.append(f"    - id: {sid}")
            L.append(f"      title: Stream {sid}")
            L.append("      waterfall:")
            earlier = []
            kinds = [r.choice(["recoup", "royalty", "amount", "amount"]) for _ in range(r.randint(0, 4))]
            if kinds and "recoup" in kinds and self.chance(0.5):
                kinds.remove("recoup")
                kinds.insert(0, "recoup")
            for j, kind in enumerate(kinds):
                step_id = f"{kind[:3]}-{j + 1}"
                ctx = {"earlier": list(earlier), "parties": parties, "shares": has_shares,
                       "scale": scale}
                L.append(f"        - id: {step_id}")
                if kind == "recoup":
                    opts = []
                    if self.chance(0.5):
                        listed = r.sample(parties, r.randint(1, n))
                        opts.append("parties: [" + ", ".join(listed) + "]")
                    elif self.chance(0.3):
                        opts.append("parties: all")
                    if self.chance(0.7):
                        opts.append(f"order: {r.choice(['pro-rata', 'sequential'])}")
                    L.append("          recoup: {" + ", ".join(opts) + "}")
                else:
                    if self.chance(0.6):
                        L.append(f"          to: {r.choice(parties)}")
                    else:
                        rec = r.sample(parties, r.randint(1, n))
                        rec = [p for p in parties if p in rec] if self.chance(0.5) else rec
                        L.append("          to: {" + ", ".join(f"{p}: {v}" for p, v in self.ratios(rec).items()) + "}")
                    if self.chance(0.35):
                        L.append("          active: " + self.active(milestones, rand_date,
                                                                      last_period_day))
                    if kind == "royalty":
                        L.append("          royalty:")
                        if self.chance(0.6):
                            L.append("            cumulative: " + r.choice(
                                ['true', 'false', 'calendar-year', 'contract-year']))
                        if self.chance(0.3):
                            L.append(f"            basis: {r.choice(['marginal', 'whole'])}")
                        if self.chance(0.25):
                            per = r.choice(['calendar-year', 'contract-year'])
                            L.append(f"            minimum: {{per: {per}, amount: {self.money(0, scale // 2 + 1)[1]}}}")
                        if self.chance(0.5):
                            bases = ["revenue", "pool", "revenue * 60%",
                                     f"max(0, {self.num(ctx, 2)})",
                                     f"max({self.num(ctx, 1)}, 0)"]
                            if earlier:
                                bases.append(f"revenue - paid(@{r.choice(earlier)})")
                            L.append(f"            base: \"{r.choice(bases)}\"")
                        L.append("            tiers:")
                        start = 0
                        for t in range(r.randint(1, 3)):
                            L.append(f"              - {{from: {fmt_units(start, self.digits, underscores=self.chance(0.5), trim=True)}, rate: {self.pct(40)}}}")
                            start += r.randint(1, scale * 2) * 10 ** self.digits + r.randint(0, 10 ** self.digits - 1)
                    else:
                        L.append(f"          amount: \"{self.num(ctx, r.randint(1, 4))}\"")
                    cap_p = cap_t = None
                    if self.chance(0.3):
                        cap_p = self.money(0, scale // 2 + 1)
                    if self.chance(0.3):
                        cap_t = self.money(0, scale * 2)
                    caps = []
                    if cap_p:
                        caps.append(f"period: {cap_p[1]}")
                    if cap_t:
                        caps.append(f"total: {cap_t[1]}")
                    if caps:
                        L.append("          cap: {" + ", ".join(caps) + "}")
                    if self.chance(0.3):
                        limit = min([c[0] for c in (cap_p, cap_t) if c] + [scale // 3 * 10 ** self.digits + 1])
                        fl = r.randint(0, limit)
                        L.append(f"          floor: {fmt_units(fl, self.digits)}")
                    if self.chance(0.4):
                        L.append(f"          carry: {r.choice(['true', 'true', 'false'])}")
                earlier.append(step_id)
            L.append("        - id: residual")
            if has_shares and self.chance(0.6):
                L.append("          split: shares")
            else:
                rec = r.sample(parties, r.randint(1, n))
                L.append("          split: {" + ", ".join(f"{p}: {v}" for p, v in self.ratios(rec).items()) + "}")

        L.append("exit:")
        L.append("  triggers:")
        L.append("    - {id: convenience, cause: convenience, invoked_by: any, leaver: invoker, foreground: keep}")
        charter_text = "\n".join(L) + "\n"

        header, rows = self.ledger(streams, effective, last_period_day, scale)
        info = {"digits": self.digits, "streams": streams, "currency": self.currency,
                "eol": r.choice(["\r\n", "\n"])}
        return Case(self.seed, charter_text, header, rows, info)

    def active(self, milestones, rand_date, last_period_day):
        """An `active` window: from a date or after a milestone, until a later date."""
        r = self.r
        days = (last_period_day - rand_date(days=0)).days
        start = rand_date(days=days)
        keys = []
        if milestones and self.chance(0.4):
            keys.append(f"after: {r.choice(milestones)}")
            # until no earlier than every achieved date (a window that ends
            # before it starts is an error: validate C0409)
            start = last_period_day
        elif self.chance(0.6):
            keys.append(f"from: {start.isoformat()}")
        if self.chance(0.6):
            until = start + datetime.timedelta(days=r.randint(0, 700))
            keys.append(f"until: {until.isoformat()}")
        return "{" + ", ".join(keys) + "}"

    # -- the ledger

    def ledger(self, streams, start, end, scale):
        r = self.r
        gran = r.choice(["year", "half", "quarter", "month", "day"])
        labels = set()
        for _ in range(r.randint(1, 6)):
            d = start + datetime.timedelta(days=r.randint(0, (end - start).days))
            if gran == "year":
                labels.add(f"{d.year}")
            elif gran == "half":
                labels.add(f"{d.year}-H{1 if d.month <= 6 else 2}")
            elif gran == "quarter":
                labels.add(f"{d.year}-Q{(d.month - 1) // 3 + 1}")
            elif gran == "month":
                labels.add(f"{d.year}-{d.month:02d}")
            else:
                labels.add(d.isoformat())
        extra = []
        if self.chance(0.4):
            extra.append("note")
        if self.chance(0.3):
            extra.append("customer")
        header = ["period", "stream", "amount"] + extra
        r.shuffle(header)
        rows = []
        unit = 10 ** self.digits

        def row(period, stream, units):
            values = {"period": period, "stream": stream,
                      "amount": fmt_units(units, self.digits, trim=self.chance(0.2))}
            values["note"] = r.choice(["", "refund", "Q, adj.", 'said "final"', " spaced ",
                                       "two\nlines", "crlf\r\ninside"])
            values["customer"] = r.choice(["ACME GmbH", "x", ""])
            return [values[h] for h in header]

        for label in sorted(labels):
            present = [s for s in streams if self.chance(0.8)] or [r.choice(streams)]
            for s in present:
                mag = r.choice([0, 1, scale // 100 + 1, scale, scale * 10])
                total = r.randint(0, mag * unit) if not self.chance(0.1) else 0
                k = r.randint(1, 4)
                cuts = sorted(r.randint(0, total) for _ in range(k - 1))
                parts = [b - a for a, b in zip([0] + cuts, cuts + [total])]
                if self.chance(0.3):
                    refund = r.randint(1, max(1, total // 2 + 1))
                    parts.append(refund)
                    parts.append(-refund)
                if self.chance(0.2):
                    parts.append(0)
                for u in parts:
                    rows.append(row(label, s, u))
        r.shuffle(rows)
        return header, rows


def generate(seed):
    return Gen(seed).generate()


def main():
    ap = argparse.ArgumentParser(description="write one generated case")
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--out", default=".")
    args = ap.parse_args()
    case = generate(args.seed)
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "case.charter.yaml"), "w", encoding="utf-8") as f:
        f.write(case.charter_text)
    with open(os.path.join(args.out, "ledger.csv"), "w", encoding="utf-8", newline="") as f:
        f.write(case.ledger_text())
    print(os.path.join(args.out, "case.charter.yaml"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
