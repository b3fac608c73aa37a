#!/usr/bin/python3
"""Generate synthetic, valid partnership charters for the validate benchmark.

Usage:
    gen_charters.py OUTDIR COUNT [--size-kb 5] [--seed N]
    gen_charters.py --one FILE [--index I] [--size-kb 5] [--seed N]

Writes OUTDIR/c00000.charter.yaml, OUTDIR/c00001.charter.yaml, ... Every
charter uses every section of format version 1 except `scenarios` (their
expected amounts need the money engine) and must validate with no error and
no warning. Output depends only on the seed, the index and the size: the same
arguments give byte-identical files (Python 3 standard library only; string
seeds of random.Random are hashed with SHA-512, not with the per-process hash).
"""

import argparse
import datetime as dt
import os
import random
import sys
from fractions import Fraction

DEFAULT_SEED = 20260115

# Party ids never include the reserved words (all, any, none, leaver, notes, x-*).
COMPANIES = [
    ("acme", "Acme Robotics Inc.", "US-DE"),
    ("globex", "Globex Manufacturing GmbH", "DE"),
    ("initech", "Initech Systems LLC", "US-TX"),
    ("umbra", "Umbra Biologics SA", "CH"),
    ("hooli", "Hooli Cloud Services Ltd", "GB"),
    ("vandelay", "Vandelay Industries Corp.", "US-NY"),
    ("tyrell", "Tyrell Photonics KK", "JP"),
    ("cyberdyne", "Cyberdyne Motion AB", "SE"),
    ("soylent", "Soylent Foods BV", "NL"),
    ("wonka", "Wonka Materials SAS", "FR"),
    ("stark", "Stark Energy Pty Ltd", "AU"),
    ("wayne", "Wayne Applied Sciences Inc.", "US-CA"),
    ("oscorp", "Oscorp Polymers SpA", "IT"),
    ("nakatomi", "Nakatomi Trading Co.", "JP"),
    ("zorin", "Zorin Semiconductors Oy", "FI"),
    ("bluth", "Bluth Structures SL", "ES"),
    ("uni-aalto", "Aalto Institute of Technology", "FI"),
    ("uni-delft", "Delft Polytechnic Foundation", "NL"),
    ("massive", "Massive Dynamic Inc.", "US-MA"),
    ("gringotts", "Gringotts Ledger plc", "GB"),
]

KINDS = ["joint-development", "strategic-alliance", "joint-venture", "supplier-partnership",
         "ecosystem-alliance", "university-partnership", "cooperative-rd", "public-private",
         "open-innovation"]

ROLES = ["developer", "manufacturer", "distributor", "research partner", "integrator",
         "data provider", "funder", "systems vendor"]

TOPICS = ["adaptive grippers", "solid-state batteries", "grain sorting", "wafer inspection",
          "cold-chain sensors", "protein folding", "drone navigation", "smart meters",
          "recycled polymers", "battery recycling", "edge inference", "hydrogen storage"]

ASSET_TYPES_BG = ["software", "trade-secret", "patent", "know-how", "copyright", "data", "design"]
ASSET_TYPES_FG = ["patent-application", "software", "data", "design", "know-how", "copyright"]
ASSET_NOUNS = ["control stack", "sensor array", "casting process", "calibration data",
               "firmware", "test rig design", "inference model", "coating recipe",
               "sorting algorithm", "assay protocol", "thermal model", "labelled dataset"]

FIELDS = ["industrial grippers", "medical devices", "automotive", "consumer electronics",
          "agriculture", "logistics", "energy storage", "aerospace"]

TERRITORIES = ["EU", "US", "JP", "CN", "GB", "CH", "CA", "AU", "BR", "IN"]

# Exact ratio sets summing to 100% (written as the format writes them).
SHARE_SETS = {
    2: [["50%", "50%"], ["55%", "45%"], ["60%", "40%"], ["70%", "30%"], ["1/3", "2/3"],
        ["0.6", "0.4"], ["62.5%", "37.5%"], ["3/4", "1/4"]],
    3: [["40%", "35%", "25%"], ["1/3", "1/3", "1/3"], ["50%", "25%", "25%"],
        ["33.5%", "33.5%", "33%"], ["0.5", "0.3", "0.2"], ["45%", "30%", "25%"]],
    4: [["25%", "25%", "25%", "25%"], ["40%", "30%", "20%", "10%"], ["1/4", "1/4", "1/4", "1/4"],
        ["35%", "25%", "20%", "20%"], ["1/3", "1/3", "1/6", "1/6"]],
}

AMOUNT_FORMULAS = [
    "max(3% * revenue, 10_000)",
    "min(revenue, 25_000)",
    "clamp(5% * revenue, 1_000, 40_000)",
    "if(revenue > 1_000_000, 2% * revenue, 0)",
    "round(2.5% * revenue)",
    "min(4% * revenue + 1_000, 30_000)",
    "max(0, pool - 100_000) * 10%",
    "if(prior_revenue >= 5_000_000 and revenue > 0, 1.5% * revenue, 3% * revenue)",
]

BUYOUT_FORMULAS = [
    "1.2 * contributed(@leaver)",
    "0.8 * contributed(@leaver)",
    "max(1.2 * contributed(@leaver), share(@leaver) * fair_value)",
    "share(@leaver) * fair_value",
    "min(contributed(@leaver), 0.9 * share(@leaver) * fair_value)",
]

WORDS = ("the parties agree that each clause below records the negotiated position "
         "as signed and any change is made by a commit reviewed by both legal teams "
         "amounts are in the charter currency and dates are calendar dates "
         "schedules attached to the signed agreement prevail over this summary "
         "where the two disagree and the operations team keeps the ledger").split()


def parse_ratio(text):
    if text.endswith("%"):
        return Fraction(text[:-1]) / 100
    return Fraction(text)


# ---------------------------------------------------------------- dates

def add_months(d, months):
    y, m = divmod(d.month - 1 + months, 12)
    y += d.year
    m += 1
    last = (dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(y, m, min(d.day, last))


def rand_date(rng, lo, hi):
    """A date in [lo, hi] (inclusive)."""
    return lo + dt.timedelta(days=rng.randint(0, (hi - lo).days))


# ---------------------------------------------------------------- YAML text

PLAIN_OK = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,()'/-")
YAML11_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}


def text(s):
    """A string scalar: plain where that is unambiguous, otherwise double-quoted."""
    if (s and s[0].isalpha() and all(c in PLAIN_OK for c in s) and s[-1] != " "
            and s.lower() not in YAML11_WORDS):
        return s
    out = s.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + out + '"'


def money(cents):
    """Money in whole cents as a YAML plain scalar: 1_500_000, 2_500.50."""
    whole, frac = divmod(cents, 100)
    digits = str(whole)
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    s = "_".join(groups)
    if frac:
        s += ".%02d" % frac
    return s


def flow_map(pairs):
    return "{" + ", ".join("%s: %s" % (k, v) for k, v in pairs) + "}"


def flow_list(items):
    return "[" + ", ".join(items) + "]"


# ---------------------------------------------------------------- generator

class Gen:
    def __init__(self, seed, index, extra):
        self.rng = random.Random("charter-bench:%d:%d" % (seed, index))
        self.index = index
        self.extra = extra  # how many extra list entries to add, for size
        self.lines = []

    def w(self, line=""):
        self.lines.append(line)

    def pick_shares(self, parties):
        vals = list(self.rng.choice(SHARE_SETS[len(parties)]))
        self.rng.shuffle(vals)
        assert sum(parse_ratio(v) for v in vals) == 1
        return list(zip(parties, vals))

    def money_amount(self, lo, hi, step=1, cents=False):
        """Whole thousands of dollars in [lo, hi] thousand, in cents."""
        v = self.rng.randrange(lo, hi + 1, step) * 1000 * 100
        if cents and self.rng.random() < 0.3:
            v += self.rng.choice([25, 50, 75, 99])
        return v

    def generate(self):
        rng = self.rng
        n = rng.choice([2, 2, 2, 3, 3, 4])
        companies = rng.sample(COMPANIES, n)
        parties = [c[0] for c in companies]
        topic = rng.choice(TOPICS)
        kind = rng.choice(KINDS)

        effective = rand_date(rng, dt.date(2024, 1, 1), dt.date(2027, 12, 31))
        years = rng.randint(4, 8)
        term_end = add_months(effective, 12 * years) - dt.timedelta(days=1)

        w = self.w
        w("# synthetic, from bench/gen_charters.py")
        w("charter: 1")
        w("id: %s-%s-%05d" % (parties[0], parties[1], self.index))
        # One non-ASCII character per file, as real titles have.
        w("title: %s" % text("%s\u2013%s agreement on %s" % (
            companies[0][1].split()[0], companies[1][1].split()[0], topic)))
        w("kind: %s" % kind)
        w("effective: %s" % effective.isoformat())
        if rng.random() < 0.5:
            w("term: {length: %dy}" % years)
        else:
            w("term: {ends: %s}" % term_end.isoformat())
        w("renewal: {length: %dy, notice: %dd}" % (rng.randint(1, 3), rng.choice([90, 120, 180])))
        w("currency: USD")
        w("rounding: %s" % rng.choice(["half-even", "half-up", "down"]))
        w("x-source: {system: bench-generator, record: %d}" % self.index)
        w()

        # parties
        w("parties:")
        for i, (pid, name, jur) in enumerate(companies):
            w("  - id: %s" % pid)
            w("    name: %s" % text(name))
            w("    jurisdiction: %s" % text(jur))
            w("    role: %s" % text(rng.choice(ROLES)))
            if i == 0:
                w("    x-crm-id: %s" % text("CRM-%06d" % rng.randrange(10**6)))
        w()

        # contributions: every party brings something; one personnel, some recoupable
        w("contributions:")
        contrib = {p: 0 for p in parties}
        recoupable_parties = []
        for i, p in enumerate(parties):
            entries = 1 + (self.extra + 1 - i) // 4 if i < 2 else 1
            for j in range(entries):
                cid = "%s-c%d" % (p, j + 1)
                w("  - id: %s" % cid)
                w("    party: %s" % p)
                if j == 0 and i == 0:
                    fte = rng.choice(["1", "1.5", "2", "2.5", "3"])
                    rate = self.money_amount(120, 240, 5)
                    months = rng.choice([6, 12, 18, 24])
                    w("    kind: personnel")
                    w("    fte: %s" % fte)
                    w("    rate: %s" % money(rate))
                    w("    months: %d" % months)
                    contrib[p] += 1
                else:
                    k = rng.choice(["cash", "ip", "data", "facilities", "equipment", "services"])
                    w("    kind: %s" % k)
                    w("    value: %s" % money(self.money_amount(50, 2000, 10, cents=True)))
                    if k != "cash" and rng.random() < 0.4:
                        w("    valuation: %s" % text(rng.choice(
                            ["appraisal by an independent valuer", "book value",
                             "agreed between the parties", "replacement cost"])))
                    contrib[p] += 1
                w("    date: %s" % rand_date(rng, effective, effective + dt.timedelta(days=200)).isoformat())
                if j == 0 and (i < 2 or rng.random() < 0.5):
                    w("    recoupable: true")
                    recoupable_parties.append(p)
        w()

        # ip
        rule = rng.choice(["joint-equal", "joint-pro-rata-contributions", "by-creator", "assign"])
        w("ip:")
        if rule == "assign":
            w("  foreground_rule: {assign: %s}" % rng.choice(parties))
        else:
            w("  foreground_rule: %s" % rule)
        w("  assets:")
        assets = []  # (id, owners list, class)
        nouns = rng.sample(ASSET_NOUNS, len(ASSET_NOUNS))
        for i, p in enumerate(parties):
            aid = "%s-bg%d" % (p, i + 1)
            w("    - id: %s" % aid)
            w("      title: %s" % text("%s %s" % (companies[i][1].split()[0], nouns[i])))
            w("      class: background")
            w("      type: %s" % rng.choice(ASSET_TYPES_BG))
            w("      owner: %s" % p)
            if rng.random() < 0.7:
                w("      created: %s" % rand_date(rng, effective - dt.timedelta(days=2000),
                                                 effective - dt.timedelta(days=1)).isoformat())
            assets.append((aid, [p], "background"))
        n_fg = 2 + self.extra
        for j in range(n_fg):
            aid = "fg-%d" % (j + 1)
            atype = rng.choice(ASSET_TYPES_FG)
            w("    - id: %s" % aid)
            w("      title: %s" % text("Joint %s, generation %d" % (nouns[(n + j) % len(nouns)], j + 1)))
            w("      class: foreground")
            w("      type: %s" % atype)
            mode = (0, 2, 1)[j % 3]
            if mode == 0:
                owners = rng.sample(parties, 2)
                ratios = list(rng.choice(SHARE_SETS[2]))
                w("      owner: %s" % flow_map(zip(owners, ratios)))
            elif mode == 1:
                owners = [rng.choice(parties)]
                w("      owner: %s" % owners[0])
            else:
                owners = None  # decided by foreground_rule
            w("      created: %s" % rand_date(rng, effective, effective + dt.timedelta(days=700)).isoformat())
            creators = owners if owners else rng.sample(parties, 2)
            w("      creators: %s" % flow_list(creators))
            if atype == "patent-application":
                filed = rand_date(rng, effective + dt.timedelta(days=30), effective + dt.timedelta(days=720))
                w("      filings: [{jurisdiction: %s, number: %s%d, filed: %s}]" % (
                    "EP", "EP", rng.randrange(10**7, 10**8), filed.isoformat()))
            if owners:
                assets.append((aid, owners, "foreground"))
        # licenses: at most one exclusive license per asset; licensor owns the asset
        w("  licenses:")
        # one background and one foreground license at least, more with size
        bg = [a for a in assets if a[2] == "background"]
        fg = [a for a in assets if a[2] == "foreground"]
        lic_assets = [bg[0], fg[0]] + (bg[1:] + fg[1:])[:self.extra]
        for i, (aid, owners, _cls) in enumerate(lic_assets):
            licensor = owners[0]
            others = [p for p in parties if p != licensor]
            to = rng.sample(others, rng.randint(1, len(others)))
            w("    - id: lic-%d-%s" % (i + 1, aid))
            w("      asset: %s" % aid)
            w("      from: %s" % licensor)
            w("      to: %s" % (to[0] if len(to) == 1 else flow_list(to)))
            w("      scope: %s" % rng.choice(["research", "development", "commercial", "all"]))
            w("      field: %s" % text(rng.choice(FIELDS + ["all"])))
            if rng.random() < 0.4:
                w("      territory: worldwide")
            else:
                w("      territory: %s" % flow_list(sorted(rng.sample(TERRITORIES, rng.randint(1, 3)))))
            w("      exclusive: %s" % ("true" if rng.random() < 0.5 else "false"))
            if rng.random() < 0.3:
                w("      sublicensable: true")
            if rng.random() < 0.4:
                starts = rand_date(rng, effective, effective + dt.timedelta(days=365))
                ends = rand_date(rng, starts, term_end)
                w("      starts: %s" % starts.isoformat())
                w("      ends: %s" % ends.isoformat())
            w("      survives: %s" % rng.choice(["none", "perpetual", "2y", "3y", "18m"]))
        w()

        # milestones: a chain plus fan-in, deps only on earlier milestones,
        # achieved dates a prefix in increasing order, dues inside the term
        n_ms = 3 + min(self.extra // 2, 6)
        n_achieved = rng.randint(0, n_ms - 1)
        span = (term_end - effective).days
        dues = sorted(rng.sample(range(30, span - 30), n_ms))
        milestones = []
        w("milestones:")
        last_achieved = effective
        for k in range(n_ms):
            mid = "m%d" % (k + 1)
            milestones.append(mid)
            due = effective + dt.timedelta(days=dues[k])
            w("  - id: %s" % mid)
            w("    title: %s" % text("Milestone %d: %s" % (k + 1, rng.choice(
                ["prototype", "pilot line", "field trial", "certification", "launch",
                 "design freeze", "first shipment", "regulatory filing"]))))
            w("    owner: %s" % rng.choice(parties))
            w("    due: %s" % due.isoformat())
            deps = []
            if k > 0:
                deps = ["m%d" % k]
                if k > 1 and rng.random() < 0.4:
                    deps.insert(0, "m%d" % rng.randint(1, k - 1))
            if deps:
                w("    depends_on: %s" % flow_list(deps))
            if k < n_achieved:
                lo = max(last_achieved, effective + dt.timedelta(days=1))
                hi = max(lo, due)
                achieved = rand_date(rng, lo, hi)
                last_achieved = achieved
                w("    achieved: %s" % achieved.isoformat())
            if k == 1 or rng.random() < 0.3:
                payer, payee = rng.sample(parties, 2)
                w("    payment: {from: %s, to: %s, amount: %s}" % (
                    payer, payee, money(self.money_amount(10, 500, 5, cents=True))))
        w()

        # economics
        w("economics:")
        shares = self.pick_shares(parties)
        if rng.random() < 0.15:
            w("  shares: pro-rata-contributions")
        else:
            w("  shares: %s" % flow_map(shares))
        w("  vesting:")
        vest_parties = rng.sample(parties, rng.randint(1, n))
        for p in vest_parties:
            total = 0
            for _ in range(rng.randint(1, 2)):
                portion = rng.choice([10, 15, 20, 25, 30])
                total += portion
                assert total <= 100
                w("    - {party: %s, portion: %d%%, milestone: %s}" % (p, portion, rng.choice(milestones)))
        if rng.random() < 0.5:
            w("  unvested: pro-rata")
        else:
            w("  unvested: {to: %s}" % rng.choice(parties))
        w("  streams:")
        # stream 1: recoup, royalty (tiers + cap), amount (floor + carry), split
        w("    - id: product-sales")
        w("      title: %s" % text("Net sales of products for %s" % topic))
        w("      waterfall:")
        w("        - id: recoup-costs")
        if rng.random() < 0.5:
            w("          recoup: {parties: all, order: %s}" % rng.choice(["pro-rata", "sequential"]))
        else:
            w("          recoup: {parties: %s, order: pro-rata}" % flow_list(sorted(set(recoupable_parties),
                                                                                  key=parties.index)))
        w("        - id: tech-royalty")
        w("          to: %s" % rng.choice(parties))
        w("          royalty:")
        if rng.random() < 0.5:
            w("            cumulative: true")
        if rng.random() < 0.4:
            w('            base: "max(revenue - paid(@recoup-costs), 0)"')
        w("            tiers:")
        frm = 0
        rate = rng.choice([2, 3, 4, 5])
        for t in range(rng.randint(2, 4)):
            w("              - {from: %s, rate: %d%%}" % (money(frm * 100), rate))
            frm += rng.choice([500_000, 1_000_000, 2_000_000, 4_000_000])
            rate += rng.choice([1, 2])
        cap_period = self.money_amount(200, 800, 50)
        cap_total = cap_period * rng.randint(3, 8)
        w("          cap: {period: %s, total: %s}" % (money(cap_period), money(cap_total)))
        if rng.random() < 0.5:
            w("          floor: %s" % money(self.money_amount(1, 50, 1)))
        w("        - id: distribution-fee")
        if n > 2 and rng.random() < 0.5:
            pair = rng.sample(parties, 2)
            w("          to: %s" % flow_map(zip(pair, ["50%", "50%"])))
        else:
            w("          to: %s" % rng.choice(parties))
        w('          amount: "%s"' % rng.choice(AMOUNT_FORMULAS))
        w("          floor: %s" % money(self.money_amount(5, 20, 1)))
        w("          carry: true")
        w("        - id: services-fee")
        w("          to: %s" % rng.choice(parties))
        w('          amount: "min(10%% * (revenue - paid(@recoup-costs) - paid(@tech-royalty)), %s)"'
          % money(self.money_amount(50, 300, 10)))
        w("        - id: residual")
        w("          split: shares")
        # stream 2: amount to a mapping, explicit split
        w("    - id: licensing")
        w("      title: %s" % text("Licence fees from third parties"))
        w("      waterfall:")
        w("        - id: patent-costs")
        w("          to: %s" % flow_map(self.pick_shares(parties)))
        w('          amount: "min(revenue, %s)"' % money(self.money_amount(10, 50, 5)))
        w("        - id: residual")
        w("          split: %s" % flow_map(self.pick_shares(parties)))
        w()

        # governance: quorum in [1, seats]; casting vote wherever ties are possible
        seats = [(p, rng.randint(1, 3)) for p in parties]
        total_seats = sum(s for _, s in seats)
        w("governance:")
        w("  committee:")
        w("    seats: %s" % flow_map(seats))
        w("    quorum: %d" % rng.randint(total_seats // 2 + 1, total_seats))
        if total_seats % 2 == 0 or rng.random() < 0.5:
            w("    casting_vote: %s" % rng.choice(parties))
        else:
            w("    casting_vote: none")
        w("  matters:")
        matters = ["budget-change", "ip-filing", "new-partner", "work-plan", "key-personnel",
                   "capital-call", "publication", "sublicensing", "audit", "product-roadmap"]
        for k in range(3 + min(self.extra // 2, 7)):
            w("    - id: %s" % matters[k])
            approval = ["supermajority", "majority", "unanimous"][k % 3] if k < 3 else \
                rng.choice(["supermajority", "majority", "unanimous"])
            w("      approval: %s" % approval)
            if approval == "supermajority":
                w("      threshold: %s" % rng.choice(["2/3", "75%", "0.6", "1", "51%"]))
            if rng.random() < 0.4:
                w("      veto: %s" % flow_list(rng.sample(parties, 1)))
        w("  decision_log: %s" % rng.choice(["required", "optional"]))
        w()

        # exit
        w("exit:")
        w("  triggers:")
        w("    - id: convenience")
        w("      cause: convenience")
        w("      invoked_by: any")
        w("      leaver: invoker")
        w("      notice: %dd" % rng.choice([90, 120, 180]))
        w("      unvested: forfeit")
        w("      buyout:")
        w('        price: "%s"' % rng.choice(BUYOUT_FORMULAS))
        w("      foreground: %s" % rng.choice(["license-back", "assign", "keep"]))
        w("      licenses: {from_leaver: survive, to_leaver: terminate}")
        w("      wind_down:")
        w("        period: %dd" % rng.choice([60, 90, 120]))
        w("        costs: %s" % rng.choice(["pro-rata-shares", "equal"]))
        w("        estimate: %s" % money(self.money_amount(50, 300, 10)))
        w("    - id: material-breach")
        w("      cause: breach")
        w("      invoked_by: %s" % flow_list(rng.sample(parties, rng.randint(1, n))))
        w("      leaver: counterparty")
        w("      cure: 30d")
        w("      notice: 30d")
        w("      unvested: %s" % rng.choice(["forfeit", "keep"]))
        w("      buyout:")
        w('        price: "0.8 * contributed(@leaver)"')
        w("      foreground: assign")
        w("      licenses: {from_leaver: %s, to_leaver: terminate}" % rng.choice(["survive", "terminate"]))
        w("      wind_down:")
        w("        period: 60d")
        w("        costs: %s" % flow_map(self.pick_shares(parties)))
        if self.extra > 0:
            w("    - id: change-of-control")
            w("      cause: change-of-control")
            w("      invoked_by: any")
            w("      leaver: counterparty")
            w("      notice: 60d")
            w("      foreground: keep")
            w("      wind_down: {period: 30d, costs: leaver}")
        w()

        w("confidentiality: {survives: %s}" % rng.choice(["3y", "5y", "7y", "perpetual"]))
        w()
        w("disputes:")
        w("  ladder:")
        w("    - {step: negotiation, within: %dd}" % rng.choice([14, 30, 45]))
        w("    - {step: mediation, within: %dd}" % rng.choice([30, 60, 90]))
        seat, law = rng.choice([("Geneva", "Swiss law"), ("London", "English law"),
                                ("Stockholm", "Swedish law"), ("New York", "New York law"),
                                ("Singapore", "Singapore law")])
        w("    - {step: arbitration, rules: %s, seat: %s}" % (rng.choice(["ICC", "LCIA", "SCC", "UNCITRAL"]), seat))
        w("  law: %s" % law)
        w()
        return "\n".join(self.lines) + "\n"


def notes_block(rng, nbytes):
    """A literal block of free text of about nbytes bytes."""
    lines = []
    size = 0
    while size < nbytes:
        line = "  " + " ".join(rng.choice(WORDS) for _ in range(10)) + "."
        lines.append(line)
        size += len(line) + 1
    return "notes: |\n" + "\n".join(lines) + "\n"


def charter_text(seed, index, size_kb):
    target = int(size_kb * 1024)
    # Grow the lists first (realistic content), then top up with notes.
    base = Gen(seed, index, 0).generate()
    per_extra = max(1, len(Gen(seed, index, 1).generate()) - len(base))
    extra = max(0, (target - len(base) - 300) // per_extra)
    body = Gen(seed, index, extra).generate()
    while extra > 0 and len(body) > target - 200:
        extra -= 1
        body = Gen(seed, index, extra).generate()
    rng = random.Random("charter-bench-notes:%d:%d" % (seed, index))
    room = max(40, target - len(body.encode("utf-8")) - len("notes: |\n"))
    return body + notes_block(rng, room)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("outdir", nargs="?", help="directory to write cNNNNN.charter.yaml into")
    ap.add_argument("count", nargs="?", type=int, help="number of charters")
    ap.add_argument("--one", metavar="FILE", help="write a single charter to FILE")
    ap.add_argument("--index", type=int, default=0, help="index of the charter written by --one")
    ap.add_argument("--size-kb", type=float, default=5, help="approximate size of each file (default 5)")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED, help="generator seed (default %d)" % DEFAULT_SEED)
    args = ap.parse_args(argv)

    if args.one:
        if args.outdir or args.count is not None:
            ap.error("--one takes no OUTDIR or COUNT")
        write(args.one, charter_text(args.seed, args.index, args.size_kb))
        return 0
    if args.outdir is None or args.count is None or args.count < 0:
        ap.error("give OUTDIR and COUNT, or --one FILE")
    os.makedirs(args.outdir, exist_ok=True)
    for i in range(args.count):
        write(os.path.join(args.outdir, "c%05d.charter.yaml" % i), charter_text(args.seed, i, args.size_kb))
    return 0


def write(path, content):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write(content)
    os.replace(tmp, path)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
