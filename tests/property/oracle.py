#!/usr/bin/env python3
"""Reference implementation of `charter splits`, written from the spec alone.

This is an oracle for property tests: it follows the man pages (charter(5)
SCALAR TYPES and FORMULAS; charter-splits(1) THE WATERFALL, LEDGERS and
OUTPUT FORMATS for the JSON and CSV) sentence by sentence, and shares no code or reasoning with the
C++ engine in lib/compute/. Every money amount and ratio is a
fractions.Fraction; there is no float anywhere.

Usage:
  oracle.py CHARTER (--ledger CSV | --scenario ID | --revenue STREAM=AMOUNT ...
                     [--period P]) [--as-of DATE] [--format json|csv]
  oracle.py CHARTER --expect-scenarios   # each scenario's totals, as YAML-ready text

Readings of the spec this oracle makes, each a one-line change if the spec
decides otherwise:
- `claim` in the JSON is round(claim) in the charter's rounding mode, the
  same round() as in "Unpaid = round(claim) - paid" (see run_waterfall);
- `and`/`or` evaluate both operands (the spec names only `if` as skipping
  evaluation), so a division by zero on either side is an error;
- a negative royalty base is used as written: its band [B, B + base) is
  empty and it lowers B for later periods (the spec gives no rule; the
  generator never makes one);
- an undated period (a single --revenue period without --period) lies on
  its --as-of date if it has one; without a date it is inside every `active`
  window, and calendar or contract years neither window its bands nor end.

The charter is assumed valid (run `charter validate` for that); problems that
only show at computation time (division by zero, no vested share, a bad
ledger) raise OracleError, printed on stderr with exit status 1.
"""

import argparse
import calendar
import csv
import datetime
import io
import json
import re
import sys
from fractions import Fraction

import yaml


class OracleError(Exception):
    """A computation-time error: the charter or ledger cannot be computed."""


# ---------------------------------------------------------------- numbers

CURRENCY_DIGITS = {
    # ISO 4217 minor units of the currencies charters here use; anything else
    # defaults to 2.
    "USD": 2, "EUR": 2, "GBP": 2, "CHF": 2, "CAD": 2, "AUD": 2, "CNY": 2,
    "SGD": 2, "SEK": 2, "NOK": 2, "DKK": 2, "INR": 2,
    "JPY": 0, "KRW": 0, "ISK": 0, "CLP": 0, "VND": 0,
    "BHD": 3, "KWD": 3, "OMR": 3, "JOD": 3, "TND": 3, "IQD": 3, "LYD": 3,
}

DECIMAL_RE = re.compile(r"^(-?)(\d+(?:_\d+)*)(?:\.(\d+))?$")


def parse_decimal(text):
    """An exact decimal like `1_500_000`, `250000.50` or `-3.5`."""
    s = str(text).strip()
    m = DECIMAL_RE.match(s)
    if not m:
        raise OracleError(f"not a number: {text!r}")
    sign, whole, frac = m.groups()
    value = Fraction(int(whole.replace("_", "")))
    if frac:
        value += Fraction(int(frac), 10 ** len(frac))
    return -value if sign else value


def parse_ratio(text):
    """A ratio: `60%`, `7.5%`, `0.6`, `2/3`, `1`."""
    s = str(text).strip()
    if s.endswith("%"):
        return parse_decimal(s[:-1]) / 100
    if "/" in s:
        num, den = s.split("/", 1)
        return parse_decimal(num) / parse_decimal(den)
    return parse_decimal(s)


def round_units(x, digits, mode):
    """x rounded to `digits` decimals in `mode`, as an integer count of 10^-digits."""
    v = Fraction(x) * 10 ** digits
    if mode == "half-even":
        return round(v)  # Fraction.__round__ rounds half to even, exactly
    if mode == "half-up":  # ties away from zero
        a = abs(v)
        n = (a.numerator * 2 + a.denominator) // (2 * a.denominator)
        return n if v >= 0 else -n
    if mode == "down":  # toward zero
        a = abs(v)
        n = a.numerator // a.denominator
        return n if v >= 0 else -n
    raise OracleError(f"unknown rounding mode {mode!r}")


def round_to(x, digits, mode):
    """x rounded to `digits` decimals in `mode`, as a Fraction."""
    return Fraction(round_units(x, digits, mode), 10 ** digits)


def fmt_money(x, digits):
    """A money amount with exactly the currency's minor-unit digits."""
    units = Fraction(x) * 10 ** digits
    if units.denominator != 1:
        raise AssertionError(f"amount {x} is not whole minor units")
    n = units.numerator
    sign = "-" if n < 0 else ""
    n = abs(n)
    if digits == 0:
        return f"{sign}{n}"
    whole, frac = divmod(n, 10 ** digits)
    return f"{sign}{whole}.{frac:0{digits}d}"


def fmt_percent(r):
    """A ratio as a percentage, at most 4 decimals, half-even, no trailing zeros."""
    n = round(Fraction(r) * 100 * 10 ** 4)
    sign = "-" if n < 0 else ""
    whole, frac = divmod(abs(n), 10 ** 4)
    text = f"{whole}"
    if frac:
        text += "." + f"{frac:04d}".rstrip("0")
    return f"{sign}{text}%"


def largest_remainder(units, ratios, order):
    """Divide `units` whole minor units by exact `ratios` (summing to 1).

    Each party gets floor(units * r); the units left over go one each to the
    largest fractional parts, ties to the party first in `order` (the charter's
    `parties` list).
    """
    keys = [p for p in order if p in ratios]
    assert len(keys) == len(ratios), (ratios, order)
    assert sum(ratios.values()) == 1, ratios
    parts = {}
    fracs = {}
    for p in keys:
        exact = units * ratios[p]
        parts[p] = exact.numerator // exact.denominator
        fracs[p] = exact - parts[p]
    left = units - sum(parts.values())
    ranked = sorted(keys, key=lambda p: (-fracs[p], keys.index(p)))
    for p in ranked[:left]:
        parts[p] += 1
    assert sum(parts.values()) == units
    return parts


# ---------------------------------------------------------------- dates and periods

def parse_date(text):
    y, m, d = (int(x) for x in str(text).split("-"))
    return datetime.date(y, m, d)


PERIOD_RES = [
    ("year", re.compile(r"^(\d{4})$")),
    ("half", re.compile(r"^(\d{4})-H([12])$")),
    ("quarter", re.compile(r"^(\d{4})-Q([1-4])$")),
    ("month", re.compile(r"^(\d{4})-(\d{2})$")),
    ("day", re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")),
]


def parse_period(label):
    """(granularity, sort key, last day) of a period label, or None if bad."""
    for gran, rx in PERIOD_RES:
        m = rx.match(label)
        if not m:
            continue
        y = int(m.group(1))
        try:
            if gran == "year":
                last = datetime.date(y, 12, 31)
            elif gran == "half":
                last = datetime.date(y, 6, 30) if m.group(2) == "1" else datetime.date(y, 12, 31)
            elif gran == "quarter":
                q = int(m.group(2))
                month = 3 * q
                last = datetime.date(y, month, calendar.monthrange(y, month)[1])
            elif gran == "month":
                month = int(m.group(2))
                last = datetime.date(y, month, calendar.monthrange(y, month)[1])
            else:
                last = datetime.date(y, int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
        return gran, last, last
    return None


def period_first_day(label):
    """The first day of a period label (parse_period gives the last)."""
    gran, _, last = parse_period(label)
    if gran == "year":
        return datetime.date(last.year, 1, 1)
    if gran == "half":
        return datetime.date(last.year, last.month - 5, 1)
    if gran == "quarter":
        return datetime.date(last.year, last.month - 2, 1)
    if gran == "month":
        return datetime.date(last.year, last.month, 1)
    return last


def plus_years(d, k):
    """d + k calendar years, clamped to the month's end (Feb 29 -> Feb 28)."""
    y = d.year + k
    return datetime.date(y, d.month, min(d.day, calendar.monthrange(y, d.month)[1]))


def year_of(kind, effective, day):
    """The calendar or contract year holding `day`: (number, first day, last day)."""
    if kind == "calendar-year":
        return day.year, datetime.date(day.year, 1, 1), datetime.date(day.year, 12, 31)
    k = day.year - effective.year + 1
    while plus_years(effective, k) > day:
        k -= 1
    return k, plus_years(effective, k), plus_years(effective, k + 1) - datetime.timedelta(days=1)


# ---------------------------------------------------------------- formulas

TOKEN_RE = re.compile(
    r"\s*(?:"
    r"(?P<num>\d+(?:_\d+)*(?:\.\d+)?)(?P<pct>%)?"
    r"|(?P<ref>@[a-z0-9][a-z0-9-]*)"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<op><=|>=|==|!=|[-+*/<>(),])"
    r")"
)


def tokenize(text):
    tokens = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        m = TOKEN_RE.match(text, pos)
        if not m or m.end() == pos:
            raise OracleError(f"formula {text!r}: cannot read at column {pos + 1}")
        pos = m.end()
        if m.group("num") is not None:
            v = parse_decimal(m.group("num"))
            if m.group("pct"):
                v /= 100
            tokens.append(("num", v))
        elif m.group("ref") is not None:
            tokens.append(("ref", m.group("ref")[1:]))
        elif m.group("name") is not None:
            name = m.group("name")
            if name in ("and", "or", "not"):
                tokens.append(("op", name))
            else:
                tokens.append(("name", name))
        else:
            tokens.append(("op", m.group("op")))
    tokens.append(("end", None))
    return tokens


class Parser:
    """Recursive descent over the grammar of charter(5) FORMULAS, producing tuples."""

    def __init__(self, text):
        self.text = text
        self.toks = tokenize(text)
        self.i = 0

    def peek(self):
        return self.toks[self.i]

    def take(self):
        t = self.toks[self.i]
        self.i += 1
        return t

    def expect(self, op):
        t = self.take()
        if t != ("op", op):
            raise OracleError(f"formula {self.text!r}: expected {op!r}, got {t[1]!r}")

    def parse(self):
        e = self.or_()
        if self.peek()[0] != "end":
            raise OracleError(f"formula {self.text!r}: unexpected {self.peek()[1]!r}")
        return e

    def or_(self):
        e = self.and_()
        while self.peek() == ("op", "or"):
            self.take()
            e = ("or", e, self.and_())
        return e

    def and_(self):
        e = self.not_()
        while self.peek() == ("op", "and"):
            self.take()
            e = ("and", e, self.not_())
        return e

    def not_(self):
        if self.peek() == ("op", "not"):
            self.take()
            return ("not", self.not_())
        return self.cmp()

    def cmp(self):
        e = self.sum()
        t = self.peek()
        if t[0] == "op" and t[1] in ("<", "<=", ">", ">=", "==", "!="):
            self.take()
            e = ("cmp", t[1], e, self.sum())
        return e

    def sum(self):
        e = self.prod()
        while self.peek()[0] == "op" and self.peek()[1] in ("+", "-"):
            op = self.take()[1]
            e = (op, e, self.prod())
        return e

    def prod(self):
        e = self.unary()
        while self.peek()[0] == "op" and self.peek()[1] in ("*", "/"):
            op = self.take()[1]
            e = (op, e, self.unary())
        return e

    def unary(self):
        if self.peek() == ("op", "-"):
            self.take()
            return ("neg", self.unary())
        return self.atom()

    def atom(self):
        t = self.take()
        if t[0] == "num":
            return ("num", t[1])
        if t[0] == "ref":
            return ("ref", t[1])
        if t == ("op", "("):
            e = self.or_()
            self.expect(")")
            return e
        if t[0] == "name":
            if self.peek() == ("op", "("):
                self.take()
                args = []
                if self.peek() != ("op", ")"):
                    args.append(self.or_())
                    while self.peek() == ("op", ","):
                        self.take()
                        args.append(self.or_())
                self.expect(")")
                return ("call", t[1], args)
            return ("var", t[1])
        raise OracleError(f"formula {self.text!r}: unexpected {t[1]!r}")


_PARSED = {}


def parse_formula(text):
    text = str(text)
    if text not in _PARSED:
        _PARSED[text] = Parser(text).parse()
    return _PARSED[text]


def _num(v, what):
    if isinstance(v, bool) or not isinstance(v, Fraction):
        raise OracleError(f"{what}: expected a number, got {v!r}")
    return v


def _bool(v, what):
    if not isinstance(v, bool):
        raise OracleError(f"{what}: expected a boolean, got {v!r}")
    return v


def evaluate(node, env):
    """Value of a parsed formula: a Fraction or a bool.

    env: dict with 'vars' (name -> Fraction), 'contributed', 'share', 'paid'
    (callables of an id), 'digits', 'rounding', 'formula' (the text, for
    messages).
    """
    kind = node[0]
    if kind == "num":
        return node[1]
    if kind == "var":
        name = node[1]
        if name not in env["vars"]:
            raise OracleError(f"unknown variable {name!r} in {env['formula']!r}")
        return env["vars"][name]
    if kind == "ref":
        raise OracleError(f"@{node[1]} outside a function call in {env['formula']!r}")
    if kind == "neg":
        return -_num(evaluate(node[1], env), env["formula"])
    if kind in ("+", "-", "*", "/"):
        a = _num(evaluate(node[1], env), env["formula"])
        b = _num(evaluate(node[2], env), env["formula"])
        if kind == "+":
            return a + b
        if kind == "-":
            return a - b
        if kind == "*":
            return a * b
        if b == 0:
            raise OracleError(f"division by zero in {env['formula']!r} ({a} / {b})")
        return a / b
    if kind == "cmp":
        a = _num(evaluate(node[2], env), env["formula"])
        b = _num(evaluate(node[3], env), env["formula"])
        return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b,
                "==": a == b, "!=": a != b}[node[1]]
    if kind == "not":
        return not _bool(evaluate(node[1], env), env["formula"])
    if kind in ("and", "or"):
        # Both sides are evaluated: the spec names `if` as the only
        # construct that skips evaluation.
        a = _bool(evaluate(node[1], env), env["formula"])
        b = _bool(evaluate(node[2], env), env["formula"])
        return (a and b) if kind == "and" else (a or b)
    if kind == "call":
        return call(node[1], node[2], env)
    raise AssertionError(node)


def _ref_arg(args, i, env, fn):
    if len(args) <= i or args[i][0] != "ref":
        raise OracleError(f"{fn}() needs an @id argument in {env['formula']!r}")
    return args[i][1]


def call(fn, args, env):
    f = env["formula"]
    if fn == "if":
        if len(args) != 3:
            raise OracleError(f"if() takes 3 arguments in {f!r}")
        cond = _bool(evaluate(args[0], env), f)
        return evaluate(args[1] if cond else args[2], env)
    if fn == "contributed":
        return env["contributed"](_ref_arg(args, 0, env, fn))
    if fn == "share":
        return env["share"](_ref_arg(args, 0, env, fn))
    if fn == "paid":
        return env["paid"](_ref_arg(args, 0, env, fn))
    vals = [_num(evaluate(a, env), f) for a in args]
    if fn == "min":
        return min(vals)
    if fn == "max":
        return max(vals)
    if fn == "clamp":
        x, lo, hi = vals
        return min(max(x, lo), hi)
    if fn == "round":
        if len(vals) == 1:
            return round_to(vals[0], env["digits"], env["rounding"])
        places = vals[1]
        if places.denominator != 1:
            raise OracleError(f"round() places must be whole in {f!r}")
        return round_to(vals[0], int(places), env["rounding"])
    raise OracleError(f"unknown function {fn!r} in {f!r}")


# ---------------------------------------------------------------- the charter

class Charter:
    """The parts of a charter that `splits` reads, typed."""

    def __init__(self, doc):
        self.doc = doc
        self.id = doc["id"]
        self.currency = doc["currency"]
        self.digits = CURRENCY_DIGITS.get(self.currency, 2)
        self.rounding = doc.get("rounding", "half-even")
        self.effective = parse_date(doc["effective"])
        self.parties = [p["id"] for p in doc["parties"]]

        self.contributions = []
        for i, c in enumerate(doc.get("contributions") or []):
            if "value" in c:
                value = parse_decimal(c["value"])
            else:
                value = parse_decimal(c["fte"]) * parse_decimal(c["rate"]) * parse_decimal(c["months"]) / 12
                value = round_to(value, self.digits, self.rounding)
            self.contributions.append({
                "id": c["id"], "party": c["party"], "value": value, "index": i,
                "date": parse_date(c["date"]) if "date" in c else None,
                "recoupable": str(c.get("recoupable", "false")) == "true",
            })

        self.achieved = {}
        for m in doc.get("milestones") or []:
            self.achieved[m["id"]] = parse_date(m["achieved"]) if "achieved" in m else None

        econ = doc.get("economics") or {}
        shares = econ.get("shares")
        if shares is None:
            self.base_shares = None
        elif shares == "pro-rata-contributions":
            total = sum(self.contributed(p) for p in self.parties)
            if total == 0:
                raise OracleError("pro-rata-contributions with nothing contributed")
            self.base_shares = {p: self.contributed(p) / total for p in self.parties}
        else:
            self.base_shares = {p: parse_ratio(shares.get(p, "0")) for p in self.parties}
        self.vesting = [(v["party"], parse_ratio(v["portion"]), v["milestone"])
                        for v in econ.get("vesting") or []]
        unvested = econ.get("unvested", "pro-rata")
        self.unvested_to = unvested["to"] if isinstance(unvested, dict) else None

        self.streams = []
        for s in econ.get("streams") or []:
            steps = [self._step(st) for st in s["waterfall"]]
            self.streams.append({"id": s["id"], "steps": steps})
        self.stream_ids = [s["id"] for s in self.streams]

    def _ratio_map(self, m):
        if isinstance(m, str):
            return {m: Fraction(1)}
        return {p: parse_ratio(r) for p, r in m.items()}

    def _step(self, st):
        step = {"id": st["id"]}
        if "recoup" in st:
            r = st["recoup"] if isinstance(st["recoup"], dict) else {}
            parties = r.get("parties", "all")
            step["kind"] = "recoup"
            step["parties"] = list(self.parties) if parties == "all" else list(parties)
            step["order"] = r.get("order", "pro-rata")
        elif "royalty" in st:
            r = st["royalty"]
            step["kind"] = "royalty"
            cumulative = str(r.get("cumulative", "false"))
            step["cumulative"] = None if cumulative == "false" else (
                "run" if cumulative == "true" else cumulative)
            step["whole"] = r.get("basis", "marginal") == "whole"
            mn = r.get("minimum")
            step["minimum"] = (mn["per"], parse_decimal(mn["amount"])) if mn else None
            step["base"] = parse_formula(r["base"]) if "base" in r else None
            step["base_text"] = r.get("base")
            step["tiers"] = [(parse_decimal(t["from"]), parse_ratio(t["rate"])) for t in r["tiers"]]
        elif "amount" in st:
            step["kind"] = "amount"
            step["formula"] = parse_formula(st["amount"])
            step["formula_text"] = str(st["amount"])
        elif "split" in st:
            step["kind"] = "split"
            step["split"] = "shares" if st["split"] == "shares" else self._ratio_map(st["split"])
        else:
            raise OracleError(f"step {st['id']}: no kind")
        if "to" in st:
            step["to"] = self._ratio_map(st["to"])
        cap = st.get("cap") or {}
        step["cap_period"] = parse_decimal(cap["period"]) if "period" in cap else None
        step["cap_total"] = parse_decimal(cap["total"]) if "total" in cap else None
        step["floor"] = parse_decimal(st["floor"]) if "floor" in st else None
        step["carry"] = str(st.get("carry", "false")) == "true"
        act = st.get("active")
        step["active"] = None if act is None else {
            "from": parse_date(act["from"]) if "from" in act else None,
            "after": act.get("after"),
            "until": parse_date(act["until"]) if "until" in act else None,
        }
        return step

    def is_active(self, step, first, last, as_of):
        """Whether a step claims in a period (first..last; both None: undated)."""
        act = step.get("active")
        if act is None:
            return True
        if act["from"] is not None and last is not None and last < act["from"]:
            return False
        if act["until"] is not None and first is not None and first > act["until"]:
            return False
        if act["after"] is not None:
            done = self.achieved.get(act["after"])
            when = as_of if as_of is not None else last
            if done is None or (when is not None and done > when):
                return False
        return True

    def contributed(self, party):
        return sum((c["value"] for c in self.contributions if c["party"] == party), Fraction(0))

    def shares(self, as_of):
        """Residual shares f_p after vesting as of `as_of` (None: every achieved date counts)."""
        if self.base_shares is None:
            return None
        s = self.base_shares
        u = {p: Fraction(0) for p in self.parties}
        for party, portion, milestone in self.vesting:
            done = self.achieved.get(milestone)
            if done is None or (as_of is not None and done > as_of):
                u[party] += portion
        v = {p: s[p] * (1 - u[p]) for p in self.parties}
        big_u = sum(s[p] * u[p] for p in self.parties)
        if self.unvested_to is None:
            total_v = sum(v.values())
            if total_v == 0:
                raise OracleError("no share is vested")
            return {p: v[p] + big_u * v[p] / total_v for p in self.parties}
        f = dict(v)
        f[self.unvested_to] += big_u
        return f


# ---------------------------------------------------------------- the waterfall

def run_waterfall(charter, periods):
    """Compute a run.

    periods: list of (label or None, as_of date or None, {stream: revenue})
    already in calendar order. Returns the JSON-shaped result (a dict).
    """
    ch = charter
    digits = ch.digits
    mode = ch.rounding
    parties = ch.parties

    def to_units(x):
        return round_units(x, digits, mode)

    # State across periods and streams.
    balances = {c["id"]: c["value"] for c in ch.contributions if c["recoupable"]}
    carried = {}         # (stream, step) -> Fraction unpaid last period
    paid_total = {}      # (stream, step) -> paid in earlier periods
    windows = {}         # (stream, step) -> [window, B, royalty given in it]
    years = {}           # (stream, step) -> [minimum's year, royalties in it]
    prior_revenue = {s: Fraction(0) for s in ch.stream_ids}

    out_periods = []
    grand = {p: Fraction(0) for p in parties}
    grand_revenue = Fraction(0)
    for label, as_of, revenues in periods:
        if label is not None:
            first, last = period_first_day(label), parse_period(label)[2]
        else:
            first = last = as_of
        shares = ch.shares(as_of) if ch.base_shares is not None else None
        period_by_party = {p: Fraction(0) for p in parties}
        out_streams = []
        for stream in ch.streams:
            sid = stream["id"]
            if sid not in revenues:
                continue
            revenue = revenues[sid]
            pool = revenue
            paid_this = {}
            out_steps = []
            stream_by_party = {p: Fraction(0) for p in parties}
            for step in stream["steps"]:
                key = (sid, step["id"])

                def share_of(p, _shares=shares):
                    if _shares is None:
                        raise OracleError("share() in a charter without shares")
                    return _shares[p]

                env = {
                    "vars": {"revenue": revenue, "prior_revenue": prior_revenue[sid], "pool": pool},
                    "contributed": ch.contributed,
                    "share": share_of,
                    "paid": lambda s, _p=paid_this: _p[s],
                    "digits": digits,
                    "rounding": mode,
                }
                kind = step["kind"]
                # 1. The claim.
                if not ch.is_active(step, first, last, as_of):
                    recipients = largest_remainder(0, step["to"], parties)
                    paid_this[step["id"]] = Fraction(0)
                    out_steps.append({
                        "step": step["id"], "claim": fmt_money(Fraction(0), digits),
                        "paid": {p: fmt_money(Fraction(0), digits) for p in parties if p in recipients},
                        "unpaid": fmt_money(Fraction(0), digits),
                    })
                    continue
                if kind == "royalty":
                    if step["base"] is not None:
                        env["formula"] = step["base_text"]
                        base = _num(evaluate(step["base"], env), step["base_text"])
                    else:
                        base = revenue
                    claim = royalty_of(ch, step, key, base, last, windows, years)
                elif kind == "amount":
                    env["formula"] = step["formula_text"]
                    claim = _num(evaluate(step["formula"], env), step["formula_text"])
                elif kind == "recoup":
                    claim = sum((balances[c["id"]] for c in ch.contributions
                                 if c["recoupable"] and c["party"] in step["parties"]), Fraction(0))
                else:
                    claim = pool

                # 2. Modifiers.
                if kind in ("royalty", "amount"):
                    if claim < 0:
                        claim = Fraction(0)
                    if step["floor"] is not None:
                        claim = max(claim, step["floor"])
                    if step["carry"]:
                        claim += carried.get(key, Fraction(0))
                    if step["cap_period"] is not None:
                        claim = min(claim, step["cap_period"])
                    if step["cap_total"] is not None:
                        claim = min(claim, step["cap_total"] - paid_total.get(key, Fraction(0)))

                # 3. Paid, rounded, divided among recipients.
                paid_units = to_units(min(claim, pool))
                paid = Fraction(paid_units, 10 ** digits)
                assert 0 <= paid <= pool
                if kind in ("royalty", "amount"):
                    ratios = step["to"]
                    recipients = largest_remainder(paid_units, ratios, parties)
                elif kind == "split":
                    if step["split"] == "shares":
                        ratios = shares
                        if ratios is None:
                            raise OracleError("split: shares in a charter without shares")
                    else:
                        ratios = step["split"]
                    recipients = largest_remainder(paid_units, ratios, parties)
                else:
                    recipients = pay_recoup(ch, step, balances, paid_units, claim)
                paid_map = {p: Fraction(u, 10 ** digits) for p, u in recipients.items()}

                # 4. Unpaid, carry, pool.
                if kind == "split":
                    unpaid = Fraction(0)
                else:
                    unpaid = max(Fraction(to_units(claim), 10 ** digits) - paid, Fraction(0))
                if kind in ("royalty", "amount") and step["carry"]:
                    carried[key] = unpaid
                paid_total[key] = paid_total.get(key, Fraction(0)) + paid
                paid_this[step["id"]] = paid
                pool -= paid

                for p, a in paid_map.items():
                    stream_by_party[p] += a
                out_steps.append({
                    "step": step["id"],
                    "claim": fmt_money(round_to(claim, digits, mode), digits),
                    "paid": {p: fmt_money(paid_map[p], digits) for p in parties if p in paid_map},
                    "unpaid": fmt_money(unpaid, digits),
                })
            assert pool == 0, (sid, pool)
            assert sum(stream_by_party.values()) == revenue
            prior_revenue[sid] += revenue
            for p in parties:
                period_by_party[p] += stream_by_party[p]
            grand_revenue += revenue
            out_streams.append({
                "stream": sid,
                "revenue": fmt_money(revenue, digits),
                "steps": out_steps,
                "by_party": {p: fmt_money(stream_by_party[p], digits) for p in parties},
            })
        for p in parties:
            grand[p] += period_by_party[p]
        out_periods.append({
            "period": label,
            "as_of": as_of.isoformat() if as_of else None,
            "shares": None if shares is None else {p: fmt_percent(shares[p]) for p in parties},
            "streams": out_streams,
            "by_party": {p: fmt_money(period_by_party[p], digits) for p in parties},
        })
    return {
        "charter": ch.id,
        "currency": ch.currency,
        "periods": out_periods,
        "totals": {
            "revenue": fmt_money(grand_revenue, digits),
            "by_party": {p: fmt_money(grand[p], digits) for p in parties},
        },
    }


def royalty_of(ch, step, key, base, last, windows, years):
    """Step 1 of a royalty: tiers over the window's band, then the minimum."""
    kind = step["cumulative"]
    if kind is None or (kind != "run" and last is None):
        window = None
    elif kind == "run":
        window = "run"
    else:
        window = year_of(kind, ch.effective, last)[0]
    state = windows.get(key)
    if state is None or window is None or state[0] != window:
        state = [window, Fraction(0), Fraction(0)]
    _, lo, given = state
    hi = lo + base
    tiers = step["tiers"]
    if step["whole"]:
        rate = [r for start, r in tiers if start <= hi][-1]
        royalty = max(rate * hi - given, Fraction(0))
    else:
        royalty = Fraction(0)
        for i, (start, rate) in enumerate(tiers):
            end = tiers[i + 1][0] if i + 1 < len(tiers) else None
            a = max(lo, start)
            b = hi if end is None else min(hi, end)
            if b > a:
                royalty += rate * (b - a)
    windows[key] = [window, hi, given + royalty]
    if step["minimum"] is None or last is None:
        return royalty
    per, amount = step["minimum"]
    number, _, year_end = year_of(per, ch.effective, last)
    seen = years.get(key)
    total = (seen[1] if seen and seen[0] == number else Fraction(0)) + royalty
    years[key] = [number, total]
    if last == year_end:
        royalty += max(amount - total, Fraction(0))
    return royalty


def pay_recoup(ch, step, balances, paid_units, claim):
    """Pay `paid_units` to the step's parties' recoupable balances; returns units per party."""
    unit = Fraction(1, 10 ** ch.digits)
    listed = [p for p in ch.parties if p in step["parties"]]
    contribs = [c for c in ch.contributions if c["recoupable"] and c["party"] in listed]
    # Date order, undated last, then list order.
    ordered = sorted(contribs, key=lambda c: (c["date"] is None, c["date"] or datetime.date.min, c["index"]))
    result = {p: 0 for p in listed}

    def pay_down(items, units):
        for c in items:
            if units == 0:
                break
            bal_units = int(balances[c["id"]] / unit)
            take = min(bal_units, units)
            balances[c["id"]] -= take * unit
            result[c["party"]] += take
            units -= take
        assert units == 0

    if paid_units == 0:
        return result
    if step["order"] == "sequential":
        pay_down(ordered, paid_units)
        return result
    # pro-rata to outstanding balances per party
    per_party = {p: sum((balances[c["id"]] for c in contribs if c["party"] == p), Fraction(0)) for p in listed}
    total = sum(per_party.values())
    assert total == claim
    ratios = {p: per_party[p] / total for p in listed}
    split = largest_remainder(paid_units, ratios, ch.parties)
    for p in listed:
        pay_down([c for c in ordered if c["party"] == p], split[p])
    return result


# ---------------------------------------------------------------- inputs

def load_charter(path):
    with open(path, encoding="utf-8") as f:
        doc = yaml.load(f, Loader=yaml.BaseLoader)
    return Charter(doc)


def parse_amount(text, digits, where):
    try:
        v = parse_decimal(text)
    except OracleError:
        raise OracleError(f"{where}: bad amount {text!r}")
    if (v * 10 ** digits).denominator != 1:
        raise OracleError(f"{where}: {text!r} has more decimals than the currency allows")
    return v


def read_ledger(ch, path):
    """Periods of a ledger CSV, summed per (period, stream), in calendar order."""
    if path == "-":
        text = sys.stdin.read()
    else:
        with open(path, encoding="utf-8", newline="") as f:
            text = f.read()
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None:
        raise OracleError(f"{path}: empty ledger")
    cols = {name.strip(): i for i, name in enumerate(header)}
    for need in ("period", "stream", "amount"):
        if need not in cols:
            raise OracleError(f"{path}: no {need} column")
    sums = {}
    info = {}
    gran = None
    for row in reader:
        where = f"{path}:{reader.line_num}"
        if not row or row == [""]:
            continue
        label = row[cols["period"]].strip()
        stream = row[cols["stream"]].strip()
        amount = parse_amount(row[cols["amount"]].strip(), ch.digits, where)
        parsed = parse_period(label)
        if parsed is None:
            raise OracleError(f"{where}: bad period {label!r}")
        if gran is not None and parsed[0] != gran:
            raise OracleError(f"{where}: mixed period granularities")
        gran = parsed[0]
        if stream not in ch.stream_ids:
            raise OracleError(f"{where}: unknown stream {stream!r}")
        info[label] = parsed
        sums.setdefault(label, {}).setdefault(stream, Fraction(0))
        sums[label][stream] += amount
    periods = []
    for label in sorted(sums, key=lambda l: info[l][1]):
        for stream, total in sums[label].items():
            if total < 0:
                raise OracleError(f"{path}: negative total for {label} {stream}")
        periods.append((label, info[label][2], sums[label]))
    return periods


def scenario_periods(ch, sc):
    """Periods of a scenario, in calendar order."""
    if "periods" in sc:
        out = []
        for entry in sc["periods"]:
            label = str(entry["period"])
            parsed = parse_period(label)
            revenues = {s: parse_decimal(a) for s, a in entry["revenue"].items()}
            out.append((label, parsed[1], parsed[2], revenues))
        out.sort(key=lambda x: x[1])
        return [(l, d, r) for l, _, d, r in out]
    revenues = {s: parse_decimal(a) for s, a in sc["revenue"].items()}
    as_of = parse_date(sc["as_of"]) if "as_of" in sc else None
    return [(None, as_of, revenues)]


def to_csv(result):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["period", "stream", "step", "party", "amount"])
    for per in result["periods"]:
        for st in per["streams"]:
            for step in st["steps"]:
                for party, amount in step["paid"].items():
                    w.writerow([per["period"] or "", st["stream"], step["step"], party, amount])
    return buf.getvalue()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("charter")
    ap.add_argument("--ledger")
    ap.add_argument("--scenario")
    ap.add_argument("--revenue", action="append", default=[])
    ap.add_argument("--period")
    ap.add_argument("--as-of")
    ap.add_argument("--format", default="json", choices=["json", "csv"])
    ap.add_argument("--expect-scenarios", action="store_true",
                    help="print each scenario's totals per party")
    args = ap.parse_args(argv)
    try:
        ch = load_charter(args.charter)
        if args.expect_scenarios:
            for sc in ch.doc.get("scenarios") or []:
                res = run_waterfall(ch, scenario_periods(ch, sc))
                totals = res["totals"]["by_party"]
                print(f"{sc['id']}: {{" + ", ".join(f"{p}: {a}" for p, a in totals.items()) + "}")
            return 0
        if args.ledger:
            periods = read_ledger(ch, args.ledger)
        elif args.scenario:
            scs = {s["id"]: s for s in ch.doc.get("scenarios") or []}
            periods = scenario_periods(ch, scs[args.scenario])
        else:
            revenues = {}
            for r in args.revenue:
                s, a = r.split("=", 1)
                revenues[s] = revenues.get(s, Fraction(0)) + parse_amount(a, ch.digits, "--revenue")
            label = args.period
            as_of = parse_date(args.as_of) if args.as_of else None
            if label and as_of is None:
                as_of = parse_period(label)[2]
            periods = [(label, as_of, revenues)]
        result = run_waterfall(ch, periods)
    except OracleError as e:
        print(f"oracle: error: {e}", file=sys.stderr)
        return 1
    if args.format == "json":
        print(json.dumps(result, indent=2))
    else:
        sys.stdout.write(to_csv(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
