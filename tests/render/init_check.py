#!/usr/bin/env python3
"""charter init: every kind, with default and given parties and currencies,
writes a charter that passes `validate --strict` (its scenario's `expect`
included), has every section, and is never written over an existing file.

    init_check.py --charter BIN
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

KINDS = ["joint-development", "strategic-alliance", "joint-venture", "university"]
SECTIONS = ["charter:", "id:", "title:", "kind:", "effective:", "term:", "renewal:", "currency:",
            "rounding:", "parties:", "contributions:", "ip:", "milestones:", "economics:",
            "governance:", "exit:", "confidentiality:", "disputes:", "scenarios:"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--charter", required=True)
    charter = ap.parse_args().charter
    failures, runs = [], 0
    with tempfile.TemporaryDirectory(prefix="charter-init-") as tmp:
        variants = [[], ["--parties", "acme,globex,initech", "--currency", "JPY"],
                    ["--parties", "north,south", "--currency", "BHD", "--effective", "2028-02-29"]]
        for kind in KINDS:
            for i, extra in enumerate(variants):
                runs += 1
                path = os.path.join(tmp, f"{kind}-{i}.charter.yaml")
                r = subprocess.run([charter, "init", "--kind", kind, "-o", path] + extra,
                                   capture_output=True, text=True)
                if r.returncode != 0:
                    failures.append(f"{kind} {extra}: init exited {r.returncode}: {r.stderr}")
                    continue
                text = open(path, encoding="utf-8").read()
                missing = [s for s in SECTIONS if not any(l.startswith(s) for l in text.splitlines())]
                if missing:
                    failures.append(f"{kind} {extra}: sections missing: {missing}")
                v = subprocess.run([charter, "validate", "--strict", path], capture_output=True, text=True)
                if v.returncode != 0:
                    failures.append(f"{kind} {extra}: validate --strict exited {v.returncode}:\n{v.stdout}{v.stderr}")
                # the scenario reproduces: splits pays each party what `expect` says
                s = subprocess.run([charter, "splits", path, "--scenario", "first-year"],
                                   capture_output=True, text=True)
                expect = text.split("    expect: {")[1].split("}")[0]
                for entry in expect.split(", "):
                    party, amount = entry.split(": ")
                    # the table groups thousands with ',' where the YAML writes '_'
                    if not re.search(rf"^  {re.escape(party)} +{re.escape(amount.replace('_', ','))}$",
                                     s.stdout, re.M):
                        failures.append(f"{kind} {extra}: splits does not pay {party} {amount}:\n{s.stdout}")
                if s.returncode != 0:
                    failures.append(f"{kind} {extra}: splits --scenario first-year: {s.returncode} {s.stderr}")
                # stdout without -o is the same text
                o = subprocess.run([charter, "init", "--kind", kind] + extra +
                                   ([] if "--effective" in extra else ["--effective", text.split("effective: ")[1][:10]]),
                                   capture_output=True, text=True)
                if o.stdout != text:
                    failures.append(f"{kind} {extra}: standard output differs from the -o file")
                again = subprocess.run([charter, "init", "--kind", kind, "-o", path], capture_output=True, text=True)
                if again.returncode != 2 or open(path, encoding="utf-8").read() != text:
                    failures.append(f"{kind}: an existing file was not refused ({again.returncode})")
        for bad in (["--parties", "acme"], ["--parties", "acme,acme"], ["--parties", "Acme,b"],
                    ["--parties", "all,b"], ["--currency", "XXY"], ["--effective", "2027-02-30"],
                    ["--kind", "merger"]):
            runs += 1
            r = subprocess.run([charter, "init"] + bad, capture_output=True, text=True)
            if r.returncode != 2 or r.stdout or not r.stderr:
                failures.append(f"{bad}: expected status 2 and a message, got {r.returncode}: {r.stderr}")
    for f in failures:
        print("FAIL " + f)
    print(f"{runs} runs, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
