#!/usr/bin/env python3
"""The official YAML test suite through charter's loader.

For every case folder of the suite (in.yaml, optional in.json, `error` when the
input is not valid YAML), the rule of the suite's README for charter:

  - a valid case loads with no diagnostic, and where in.json exists the loaded
    tree holds the same values; or it is refused with one of the codes of
    features the charter format refuses by design (anchors and aliases, merge
    keys, tags, several documents, a BOM, tabs as indentation, complex keys,
    a file with no document);
  - an invalid case gets a YAML diagnostic (C0001, or C0008 for a tab where
    YAML forbids one), never loads;
  - no case takes more than a second.

Cases that do not meet the rule yet are listed in exceptions.txt, each with
its reason; a listed case that now meets the rule fails the test too, so the
list cannot go stale. The last line is "N passed, M failed".

    run_suite.py --dump yaml_suite_dump --suite DIR --exceptions FILE [-v]
"""
import argparse
import json
import os
import subprocess
import sys

BY_DESIGN = {"C0003", "C0004", "C0009", "C0011", "C0012", "C0013", "C0015"}
SYNTAX = {"C0001", "C0008"}
SKIP = 77  # ctest's SKIP_RETURN_CODE for this test


def read_exceptions(path):
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                case, _, reason = line.partition(" ")
                out[case] = reason.strip()
    return out


def json_values(text):
    """Every JSON value in in.json (one per YAML document)."""
    dec, i, out = json.JSONDecoder(), 0, []
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            return out
        v, i = dec.raw_decode(text, i)
        out.append(v)


def same(loaded, expected):
    """The loaded tree (floats as {"float": text}) against in.json's value."""
    if isinstance(loaded, dict) and set(loaded) == {"float"} and not isinstance(expected, dict):
        text = loaded["float"].lower().replace("_", "")
        if text in (".inf", "+.inf", "-.inf", ".nan"):
            return isinstance(expected, str) or expected is None
        return isinstance(expected, (int, float)) and not isinstance(expected, bool) \
            and float(text) == float(expected)
    if isinstance(expected, bool) or isinstance(loaded, bool):
        return loaded is expected
    if isinstance(expected, dict):
        return isinstance(loaded, dict) and loaded.keys() == expected.keys() \
            and all(same(loaded[k], expected[k]) for k in expected)
    if isinstance(expected, list):
        return isinstance(loaded, list) and len(loaded) == len(expected) \
            and all(same(a, b) for a, b in zip(loaded, expected))
    return loaded == expected


def judge(case_dir, result):
    """None when the case meets the rule, else what went wrong."""
    invalid = os.path.exists(os.path.join(case_dir, "error"))
    codes = {d["code"] for d in result["diagnostics"]}
    first = result["diagnostics"][0] if result["diagnostics"] else None
    where = f"{first['code']} at {first['line']}:{first['column']} {first['message']!r}" if first else ""
    if result["ms"] > 1000:
        return f"took {result['ms']} ms"
    if invalid:
        if codes & SYNTAX:
            return None
        if codes:
            return f"invalid YAML refused, but not as YAML syntax: {where}"
        return "invalid YAML accepted"
    if codes - BY_DESIGN:
        return f"valid YAML rejected: {where}"
    if codes:
        return None
    path = os.path.join(case_dir, "in.json")
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        expected = json_values(f.read())
    if len(expected) != 1:
        return None  # several documents: refused by design, or an empty stream
    if not same(result.get("tree"), expected[0]):
        return f"loaded {json.dumps(result.get('tree'))[:120]}, expected {json.dumps(expected[0])[:120]}"
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dump", required=True)
    ap.add_argument("--suite", required=True)
    ap.add_argument("--exceptions", required=True)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    cases_dir = os.path.join(args.suite, "cases")
    if not os.path.isdir(cases_dir):
        print(f"the YAML test suite is not at {args.suite}: skipped", file=sys.stderr)
        return SKIP
    cases = sorted(os.listdir(cases_dir))
    files = [os.path.join(cases_dir, c, "in.yaml") for c in cases]
    out = subprocess.run([args.dump, *files], capture_output=True, text=True, timeout=600)
    if out.returncode != 0:
        print(f"the loader failed (status {out.returncode}):\n{out.stderr}", file=sys.stderr)
        return 1
    results = [json.loads(line) for line in out.stdout.splitlines()]
    if len(results) != len(cases):
        print(f"{len(results)} results for {len(cases)} cases", file=sys.stderr)
        return 1
    exceptions = read_exceptions(args.exceptions)
    passed = failed = listed = 0
    for case, result in zip(cases, results):
        problem = judge(os.path.join(cases_dir, case), result)
        if case in exceptions:
            if problem is None:
                failed += 1
                print(f"FAIL {case}: listed as an exception but now meets the rule: remove it")
            else:
                listed += 1
                if args.verbose:
                    print(f"known {case}: {problem}")
            continue
        if problem is None:
            passed += 1
        else:
            failed += 1
            print(f"FAIL {case}: {problem}")
    for case in sorted(set(exceptions) - set(cases)):
        failed += 1
        print(f"FAIL {case}: listed as an exception but not in the suite")
    print(f"{len(cases)} cases: {passed} meet the rule, {listed} listed exceptions")
    print(f"{passed + listed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
