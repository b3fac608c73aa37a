#!/usr/bin/env python3
"""Golden end-to-end tests: run a command, compare stdout, stderr and exit status.

A case is NAME.expected beside its input. The input is NAME.charter.yaml (or
NAME.charter.yml, or NAME.input for files that must not match the charter
name pattern), or is written by NAME.gen, a Python snippet that gets `path`
(where to write the input) and writes it (for inputs too big or too odd to
commit). The command is the input's first line `# RUN: charter ...` if there
is one, else NAME.cmd's first line, else `charter validate FILE`. In the
command, FILE stands for the input's name; `charter` for the binary.
The command runs in the case's folder (a temporary copy for generated
inputs), with NO_COLOR set and no standard input unless NAME.stdin exists.
The folder's absolute path in the output is replaced by `<case-dir>`.
CHARTER_CACHE_DIR is a fresh temporary folder for each case, and a
`charter validate` command is run twice (unless its input is a pipe or a
device), the second time answered from that cache: a case fails when the
two runs print anything different.

NAME.expected holds the expected stdout, then a line `--- stderr` and the
expected stderr (if any), then a line `--- exit N`.

    run_golden.py --charter BIN CASE.expected...   check cases
    run_golden.py --charter BIN --update CASE...   rewrite the .expected files
"""
import argparse
import os
import shlex
import shutil
import subprocess
import sys
import tempfile

INPUT_SUFFIXES = (".charter.yaml", ".charter.yml", ".input")


def find_input(base):
    for suffix in INPUT_SUFFIXES:
        if os.path.exists(base + suffix):
            return base + suffix
    return None


def read_command(base, input_path):
    if input_path and not input_path.endswith(".input"):
        with open(input_path, "rb") as f:
            first = f.readline().decode("utf-8", "replace").strip()
        if first.startswith("# RUN:"):
            return first[len("# RUN:"):].strip()
    if os.path.exists(base + ".cmd"):
        with open(base + ".cmd", encoding="utf-8") as f:
            return f.readline().strip()
    return "charter validate FILE"


def run_case(charter, expected_path, timeout):
    base = expected_path[: -len(".expected")]
    folder = os.path.dirname(os.path.abspath(base))
    name = os.path.basename(base)
    tmp = None
    input_path = find_input(base)
    if os.path.exists(base + ".gen"):
        tmp = tempfile.mkdtemp(prefix="charter-golden-")
        suffix = ".charter.yaml"
        if os.path.exists(base + ".cmd"):
            suffix = ".charter.yaml"
        input_path = os.path.join(tmp, name + suffix)
        with open(base + ".gen", encoding="utf-8") as f:
            code = f.read()
        exec(compile(code, base + ".gen", "exec"), {"path": input_path, "os": os})
        folder = tmp
    command = read_command(base, input_path if not tmp else None)
    if tmp and os.path.exists(base + ".cmd"):
        with open(base + ".cmd", encoding="utf-8") as f:
            command = f.readline().strip()
    file_name = os.path.basename(input_path) if input_path else ""
    argv = []
    for word in shlex.split(command):
        if word == "charter":
            argv.append(charter)
        else:
            argv.append(word.replace("FILE", file_name))
    stdin_data = None
    if os.path.exists(base + ".stdin"):
        with open(base + ".stdin", "rb") as f:
            stdin_data = f.read()
    env = dict(os.environ)
    env["NO_COLOR"] = "1"
    env.pop("CLICOLOR_FORCE", None)
    env.pop("CHARTER_CACHE_TRACE", None)
    # validate's result cache goes to a folder of the case's own, never into
    # the source tree; a validate command runs a second time on that warm
    # cache and must print exactly what it printed cold
    cache = tempfile.mkdtemp(prefix="charter-golden-cache-")
    env["CHARTER_CACHE_DIR"] = cache
    try:
        actual = run_once(argv, folder, stdin_data, env, timeout)
        # (not when the input is a pipe or a device: it is read once)
        special = input_path and os.path.exists(input_path) and not os.path.isfile(input_path)
        if subcommand(argv) == "validate" and not special and not actual.startswith("--- timeout"):
            warm = run_once(argv, folder, stdin_data, env, timeout)
            if warm != actual:
                import difflib
                actual += "--- the run on a warm cache printed something else:\n" + "".join(
                    difflib.unified_diff(actual.splitlines(True), warm.splitlines(True),
                                         "cold", "warm"))
    finally:
        shutil.rmtree(cache, ignore_errors=True)
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    return actual


def subcommand(argv):
    """The subcommand's name: the first word after the global options."""
    words = argv[1:]
    while words and words[0].startswith("-"):
        words = words[2:] if words[0] == "--color" else words[1:]
    return words[0] if words else ""


def run_once(argv, folder, stdin_data, env, timeout):
    try:
        proc = subprocess.run(argv, cwd=folder, input=stdin_data,
                              stdin=None if stdin_data is not None else subprocess.DEVNULL,
                              capture_output=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return "--- timeout after %ss\n" % timeout
    out = proc.stdout.decode("utf-8", "replace")
    err = proc.stderr.decode("utf-8", "replace")
    # where the case ran differs from machine to machine (SARIF's base URI)
    real = os.path.realpath(folder)
    for path in sorted({folder, real}, key=len, reverse=True):
        out = out.replace(path, "<case-dir>")
        err = err.replace(path, "<case-dir>")
    actual = out
    if err:
        actual += ("" if actual.endswith("\n") or not actual else "\n") + "--- stderr\n" + err
    actual += ("" if actual.endswith("\n") or not actual else "\n") + "--- exit %d\n" % proc.returncode
    return actual


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--charter", required=True)
    ap.add_argument("--update", action="store_true")
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("cases", nargs="+")
    args = ap.parse_args()
    charter = os.path.abspath(args.charter)
    failed = 0
    for case in args.cases:
        expected_path = case if case.endswith(".expected") else case + ".expected"
        actual = run_case(charter, expected_path, args.timeout)
        if args.update:
            with open(expected_path, "w", encoding="utf-8", newline="\n") as f:
                f.write(actual)
            continue
        try:
            with open(expected_path, encoding="utf-8") as f:
                expected = f.read()
        except FileNotFoundError:
            expected = "(no .expected file)\n"
        if actual != expected:
            failed += 1
            import difflib
            sys.stdout.write("FAIL %s\n" % expected_path)
            sys.stdout.writelines(difflib.unified_diff(
                expected.splitlines(True), actual.splitlines(True), "expected", "actual"))
    if not args.update:
        print("%d passed, %d failed" % (len(args.cases) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
