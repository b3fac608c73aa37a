#!/usr/bin/env python3
"""Property tests of `charter splits` against the reference oracle.

For N generated cases (gen.py; case i uses seed S + i) it checks:
  (a) `charter splits --ledger L --format json` equals oracle.py's output;
  (b) conservation: in every period and stream the payments add up to the
      revenue, and every by_party and total agrees with the payments;
  (c) determinism: a second run gives byte-identical output;
  (d) the order of ledger rows does not matter (rows shuffled);
  (e) splitting one (period, stream) amount over several rows does not matter;
  (f) `--format csv` rows agree with the JSON;
  (g) the first period alone, given with --revenue (unlabelled, with
      --period, or with --as-of), equals the oracle's output too.

A failing case is kept in a temporary directory (its charter, ledger and the
variants that failed) and printed with its seed; replay one case with
`run.py --charter BIN --seed SEED --cases 1`. The last line is
`N passed, M failed`; the exit status is 1 when anything failed.

Usage: run.py --charter BIN [--cases N] [--seed S] [--jobs J] [--keep]
"""

import argparse
import concurrent.futures
import csv
import io
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import traceback
from fractions import Fraction

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen  # noqa: E402
import oracle  # noqa: E402


def run_bin(binary, args):
    p = subprocess.run([binary] + args, capture_output=True, timeout=60)
    return p.returncode, p.stdout, p.stderr


def differences(a, b, names=("binary", "oracle"), path="$", out=None):
    """Every place where two JSON values differ, as readable lines."""
    if out is None:
        out = []
    na, nb = names
    if type(a) is not type(b):
        out.append(f"{path}: {na} {json.dumps(a)} != {nb} {json.dumps(b)}")
    elif isinstance(a, dict):
        for k in list(a) + [k for k in b if k not in a]:
            if k not in a:
                out.append(f"{path}.{k}: missing in the {na}'s output, {nb} has {json.dumps(b[k])}")
            elif k not in b:
                out.append(f"{path}.{k}: {na} has {json.dumps(a[k])}, missing in the {nb}'s output")
            else:
                differences(a[k], b[k], names, f"{path}.{k}", out)
        if set(a) == set(b) and list(a) != list(b):
            out.append(f"{path}: {na} has the keys in order {list(a)}, {nb} {list(b)}")
    elif isinstance(a, list):
        for i, (x, y) in enumerate(zip(a, b)):
            differences(x, y, names, f"{path}[{i}]", out)
        if len(a) != len(b):
            out.append(f"{path}: {na} has {len(a)} items, {nb} {len(b)}")
    elif a != b:
        out.append(f"{path}: {na} {json.dumps(a)} != {nb} {json.dumps(b)}")
    return out


def first_difference(a, b, names):
    d = differences(a, b, names)
    return d[0] if d else "the bytes differ"


def money(s):
    return oracle.parse_decimal(s)


def check_conservation(out):
    """(b): payments add up to revenue, and the by_party sums agree."""
    problems = []
    total_rev = Fraction(0)
    grand = {}
    for per in out["periods"]:
        per_by = {}
        for st in per["streams"]:
            rev = money(st["revenue"])
            total_rev += rev
            by = {}
            paid_sum = Fraction(0)
            for step in st["steps"]:
                for party, amount in step["paid"].items():
                    a = money(amount)
                    if a < 0:
                        problems.append(f"{per['period']}/{st['stream']}/{step['step']}: negative payment to {party}")
                    paid_sum += a
                    by[party] = by.get(party, Fraction(0)) + a
                if money(step["unpaid"]) < 0:
                    problems.append(f"{per['period']}/{st['stream']}/{step['step']}: negative unpaid")
            if paid_sum != rev:
                problems.append(f"{per['period']}/{st['stream']}: payments add up to {paid_sum}, revenue is {rev}")
            for party, amount in st["by_party"].items():
                if money(amount) != by.get(party, Fraction(0)):
                    problems.append(f"{per['period']}/{st['stream']}: by_party[{party}] {amount} != sum of its payments {by.get(party, 0)}")
                per_by[party] = per_by.get(party, Fraction(0)) + money(amount)
        for party, amount in per["by_party"].items():
            if money(amount) != per_by.get(party, Fraction(0)):
                problems.append(f"{per['period']}: by_party[{party}] {amount} != sum over streams {per_by.get(party, 0)}")
            grand[party] = grand.get(party, Fraction(0)) + money(amount)
    if money(out["totals"]["revenue"]) != total_rev:
        problems.append(f"totals.revenue {out['totals']['revenue']} != {total_rev}")
    for party, amount in out["totals"]["by_party"].items():
        if money(amount) != grand.get(party, Fraction(0)):
            problems.append(f"totals.by_party[{party}] {amount} != {grand.get(party, 0)}")
    if sum(grand.values(), Fraction(0)) != total_rev:
        problems.append("totals.by_party do not add up to totals.revenue")
    return problems


def csv_rows_from_json(out):
    rows = []
    for per in out["periods"]:
        for st in per["streams"]:
            for step in st["steps"]:
                for party, amount in step["paid"].items():
                    rows.append([per["period"] or "", st["stream"], step["step"], party, amount])
    return rows


def split_one_row(case, rng):
    """Rows with one (period, stream) row divided into 2-4 rows of the same sum."""
    rows = [list(r) for r in case.rows]
    if not rows:
        return rows
    ia = case.header.index("amount")
    i = rng.randrange(len(rows))
    digits = case.info["digits"]
    units = int(oracle.parse_decimal(rows[i][ia]) * 10 ** digits)
    k = rng.randint(2, 4)
    parts = []
    rest = units
    for _ in range(k - 1):
        # Parts may be negative (a refund) as long as the total is unchanged.
        p = rng.randint(-abs(units) // 3 - 1, abs(units) + 1)
        parts.append(p)
        rest -= p
    parts.append(rest)
    new = []
    for p in parts:
        r = list(rows[i])
        r[ia] = gen.fmt_units(p, digits)
        new.append(r)
    return rows[:i] + new + rows[i + 1:]


def run_case(binary, seed, keep):
    """All checks for one seed: (seed, failure texts, case directory, outcome).

    outcome is "ok", "error" (both sides refuse to compute) or "run" (the
    binary failed and nothing else was checked).
    """
    case = gen.generate(seed)
    d = tempfile.mkdtemp(prefix=f"charter-prop-{seed}-")
    failures = []
    charter = os.path.join(d, "case.charter.yaml")
    ledger = os.path.join(d, "ledger.csv")

    def write(name, text):
        path = os.path.join(d, name)
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        return path

    write("case.charter.yaml", case.charter_text)
    write("ledger.csv", case.ledger_text())

    # The oracle.
    try:
        model = oracle.load_charter(charter)
        ledger_periods = oracle.read_ledger(model, ledger)
        expected = oracle.run_waterfall(model, ledger_periods)
        oracle_error = None
    except oracle.OracleError as e:
        expected = None
        oracle_error = str(e)

    args = ["splits", charter, "--ledger", ledger, "--format", "json"]
    rc, out1, err1 = run_bin(binary, args)
    if oracle_error is not None:
        if rc != 1:
            failures.append(f"(a) oracle: error: {oracle_error}; binary exit {rc} (expected 1)\n"
                            f"    stderr: {err1.decode(errors='replace').strip()}")
        if not keep and not failures:
            shutil.rmtree(d)
        return seed, failures, d, "error"
    if rc != 0:
        failures.append(f"(a) binary exit {rc}: {err1.decode(errors='replace').strip()[:2000]}\n"
                        f"    {out1.decode(errors='replace').strip()[:2000]}")
        return seed, failures, d, "run"
    actual = json.loads(out1)
    diffs = differences(actual, expected)
    if diffs:
        write("oracle.json", json.dumps(expected, indent=2) + "\n")
        write("binary.json", out1.decode())
        more = f" (and {len(diffs) - 3} more; see binary.json and oracle.json)" if len(diffs) > 3 else ""
        failures.append("(a) binary and oracle differ:\n      " + "\n      ".join(diffs[:3]) + more)

    # (b) conservation, on the binary's output.
    for p in check_conservation(actual):
        failures.append(f"(b) conservation: {p}")

    # (c) determinism.
    rc2, out2, _ = run_bin(binary, args)
    if rc2 != 0 or out2 != out1:
        failures.append("(c) a second run gave different output")

    rng = random.Random(seed * 7919 + 1)

    # (d) row order.
    rows = list(case.rows)
    rng.shuffle(rows)
    shuffled = write("ledger-shuffled.csv", case.ledger_text(rows))
    rc3, out3, err3 = run_bin(binary, ["splits", charter, "--ledger", shuffled, "--format", "json"])
    if rc3 != 0 or out3 != out1:
        failures.append(f"(d) shuffled rows (ledger-shuffled.csv) changed the output (exit {rc3}): "
                        f"{first_difference(json.loads(out3), actual, ('shuffled', 'original')) if rc3 == 0 else err3.decode(errors='replace').strip()}")
    else:
        os.remove(shuffled)

    # (e) one amount split over several rows.
    split = write("ledger-split.csv", case.ledger_text(split_one_row(case, rng)))
    rc4, out4, err4 = run_bin(binary, ["splits", charter, "--ledger", split, "--format", "json"])
    if rc4 != 0 or out4 != out1:
        failures.append(f"(e) splitting a row (ledger-split.csv) changed the output (exit {rc4}): "
                        f"{first_difference(json.loads(out4), actual, ('split', 'original')) if rc4 == 0 else err4.decode(errors='replace').strip()}")
    else:
        os.remove(split)

    # (f) CSV agrees with JSON.
    rc5, out5, err5 = run_bin(binary, ["splits", charter, "--ledger", ledger, "--format", "csv"])
    if rc5 != 0:
        failures.append(f"(f) --format csv exit {rc5}: {err5.decode(errors='replace').strip()}")
    else:
        got = list(csv.reader(io.StringIO(out5.decode(), newline="")))
        want = [["period", "stream", "step", "party", "amount"]] + csv_rows_from_json(actual)
        if got != want:
            bad = next((i for i, (x, y) in enumerate(zip(got, want)) if x != y), min(len(got), len(want)))
            failures.append(f"(f) csv row {bad + 1}: {got[bad] if bad < len(got) else None} "
                            f"!= json {want[bad] if bad < len(want) else None}")

    # (g) one period given with --revenue: unlabelled (every achieved date
    # counts), with --period, or with --as-of; the oracle computes it too.
    label, as_of, revenues = ledger_periods[0]
    rev_args = ["splits", charter, "--format", "json"]
    for stream, amount in revenues.items():
        rev_args += ["--revenue", f"{stream}={oracle.fmt_money(amount, case.info['digits'])}"]
    variant = seed % 3
    if variant == 0:
        label, as_of = None, None
    elif variant == 1:
        rev_args += ["--period", label]
    else:
        label = None
        rev_args += ["--as-of", as_of.isoformat()]
    rc6, out6, err6 = run_bin(binary, rev_args)
    try:
        expected6 = oracle.run_waterfall(model, [(label, as_of, revenues)])
    except oracle.OracleError as e:
        expected6 = None
        if rc6 != 1:
            failures.append(f"(g) oracle: error: {e}; binary exit {rc6} for {' '.join(rev_args[2:])}")
    if expected6 is not None:
        if rc6 != 0:
            failures.append(f"(g) binary exit {rc6} for {' '.join(rev_args[2:])}: "
                            f"{err6.decode(errors='replace').strip()[:2000]}")
        else:
            diffs = differences(json.loads(out6), expected6)
            if diffs:
                write("oracle-revenue.json", json.dumps(expected6, indent=2) + "\n")
                write("binary-revenue.json", out6.decode())
                failures.append(f"(g) {' '.join(rev_args[2:])}: binary and oracle differ:\n      "
                                + "\n      ".join(diffs[:3]))

    if not failures and not keep:
        shutil.rmtree(d)
    return seed, failures, d, "ok"


def main():
    ap = argparse.ArgumentParser(description="property tests of charter splits against oracle.py")
    ap.add_argument("--charter", required=True, help="the charter binary")
    ap.add_argument("--cases", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1, help="seed of the first case (case i: seed + i)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--keep", action="store_true", help="keep every case's directory")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()

    seeds = [args.seed + i for i in range(args.cases)]
    passed = failed = errors = 0
    def one(seed):
        try:
            return run_case(args.charter, seed, args.keep)
        except Exception:  # a crash in one case is that case's failure, not the run's
            return seed, ["the test itself crashed:\n" + traceback.format_exc()], "(no directory)", "crash"

    here = os.path.dirname(os.path.abspath(__file__))
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for seed, failures, d, how in pool.map(one, seeds):
            if how == "error" and not failures:
                errors += 1
            if failures:
                failed += 1
                print(f"FAIL seed {seed}: {d}/case.charter.yaml --ledger {d}/ledger.csv")
                for f in failures:
                    print(f"  {f}")
                print(f"  binary: {args.charter} splits {d}/case.charter.yaml --ledger {d}/ledger.csv --explain")
                print(f"  oracle: {sys.executable} {here}/oracle.py {d}/case.charter.yaml --ledger {d}/ledger.csv")
                print(f"  replay: {sys.argv[0]} --charter {args.charter} --seed {seed} --cases 1")
            else:
                passed += 1
                if args.verbose:
                    print(f"ok   seed {seed}{' (both report an error)' if how == 'error' else ''}")
    if errors:
        print(f"({errors} of the passing cases are computation errors on both sides)")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
