#!/usr/bin/env python3
"""charter render over the error catalogue: every broken charter either is
refused (status 2, a message, no output) or is rendered with its problems at
the top (status 0 or 1) as HTML that html5lib parses without an error and
that lists each problem's code. Never a crash, whatever the model lacks.

    catalogue.py --charter BIN FOLDER...
"""
import argparse
import glob
import os
import re
import subprocess
import sys

import html5lib


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--charter", required=True)
    ap.add_argument("folders", nargs="+")
    a = ap.parse_args()
    failures, files = [], []
    for folder in a.folders:
        files += sorted(glob.glob(os.path.join(folder, "*.charter.yaml")))
    for path in files:
        r = subprocess.run([a.charter, "render", path, "--on", "2027-01-01"], capture_output=True,
                           timeout=60)
        name = os.path.basename(path)
        if r.returncode == 2:
            if r.stdout or not r.stderr:
                failures.append(f"{name}: refused, but with output or without a message")
            continue
        if r.returncode not in (0, 1):
            failures.append(f"{name}: exit status {r.returncode}: {r.stderr[-400:]!r}")
            continue
        html = r.stdout.decode("utf-8")
        try:
            html5lib.HTMLParser(strict=True).parse(html)
        except Exception as e:
            failures.append(f"{name}: html5lib: {e}")
        v = subprocess.run([a.charter, "validate", "--format", "json", path], capture_output=True,
                           text=True, timeout=60)
        for code in sorted(set(re.findall(r'"code": "(C\d{4})"', v.stdout))):
            if code not in html:
                failures.append(f"{name}: {code} found by validate is not in the document")
    for f in failures:
        print("FAIL " + f)
    print(f"{len(files)} charters, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
