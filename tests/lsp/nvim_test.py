#!/usr/bin/env python3
"""One real editor: Neovim (Debian's, headless, no user config) with its
built-in LSP client runs `charter lsp` on broken.charter.yaml; the
diagnostics it received (line, column, message) and the buffer after a
rename are compared with what they must be.

    nvim_test.py CHARTER_BINARY

The last line is "N passed, M failed"; the exit status is 1 on any failure.
"""
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))

WANT_DIAGNOSTICS = [
    # line:column in bytes, 1-based, as Neovim converted them from UTF-16
    "diagnostic 14:39-14:45 error duplicate id 'cash-1' in 'contributions' | "
    "help: ids must be unique within their list: rename one",
    "diagnostic 16:59-16:62 error unknown party 'acm' | help: did you mean 'acme'?",
    "diagnostic 24:12-24:14 error the last step of stream 'sales' is 'rest', an amount step, "
    "not a split | help: add a final step such as `{id: residual, split: shares}` so no revenue "
    "is left unallocated",
]
WANT_RENAMED = [
    "line 10:   - {id: acme-robotics, name: Acmé Robotics 株式会社}",
    "line 13:   - {id: cash-1, party: acme-robotics, kind: cash, value: 500_000}",
    "line 19:   shares: {acme-robotics: 60%, globex: 40%}",
    'line 24:         - {id: rest, to: acme-robotics, amount: "paid(@fee) + contributed(@acme-robotics)"}',
    "line 31:     expect: {acme-robotics: 90_000, globex: 10_000.01}",
]


def main():
    binary = os.path.abspath(sys.argv[1])
    nvim = shutil.which("nvim")
    if not nvim:
        print("nvim is not installed (scripts/deps.sh installs neovim)\n0 passed, 1 failed")
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        charter = os.path.join(tmp, "broken.charter.yaml")
        shutil.copy(os.path.join(HERE, "broken.charter.yaml"), charter)
        out = os.path.join(tmp, "out.txt")
        env = dict(os.environ, CHARTER_BIN=binary, CHARTER_FILE=charter, CHARTER_OUT=out,
                   HOME=tmp, XDG_STATE_HOME=tmp, XDG_DATA_HOME=tmp, XDG_CONFIG_HOME=tmp)
        try:
            subprocess.run([nvim, "--headless", "--clean", "-i", "NONE", "-u",
                            os.path.join(HERE, "nvim_init.lua")],
                           env=env, cwd=tmp, timeout=90, stdin=subprocess.DEVNULL,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        except subprocess.TimeoutExpired:
            print("nvim did not finish within 90 s\n0 passed, 1 failed")
            return 1
        got = open(out, encoding="utf-8").read().splitlines() if os.path.exists(out) else []
    results = []
    diags = [l for l in got if l.startswith("diagnostic ")]
    renamed = [l for l in got if l.startswith("line ")]
    for name, have, want in (("diagnostics", diags, WANT_DIAGNOSTICS),
                             ("buffer after rename", renamed, WANT_RENAMED)):
        ok = have == want
        results.append(ok)
        print(("ok   " if ok else "FAIL ") + name)
        if not ok:
            print("  got:\n    " + "\n    ".join(got) + "\n  want:\n    " + "\n    ".join(want))
    failed = results.count(False)
    print("%d passed, %d failed" % (len(results) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
