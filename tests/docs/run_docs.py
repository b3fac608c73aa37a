#!/usr/bin/env python3
"""Runs the examples of the README and the man pages, the way trycmd and cram
test documentation.

README.md: every ```console block is a session. A line starting with "$ " is a
command (a trailing backslash continues it on the next line); the lines after
it, up to the next command or the end of the block, are what it prints,
standard output and standard error together, byte for byte. A line that is
only "..." stands for any number of lines (the README abridges long output).
"echo $?" prints the status of the command before it.

man/*.1 and man/*.5: in the EXAMPLES section, every line of an .EX block that
starts with "charter" is run (continuations joined, roff escapes undone) and
must exit 0, or one of N... when a roff comment `.\\" status: N...` comes
before the block (`status: 0 1` where the answer depends on the day or the
working copy). A pipeline into another program (jq, a pager) is run up to the first
"|" when that program is not installed. A charter shown in full (charter(5))
is written to a file and must pass `charter validate --strict`.

Every file's commands run from a scratch folder of their own that looks like
the repository (examples/ and tests/ copied, the rest linked), with the
charter under test first on PATH, so what the commands write stays out of
the repository.

    run_docs.py --charter BUILD/charter [--root REPO] [FILE...]
"""
import argparse
import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROFF = [(r"\-", "-"), (r"\(aq", "'"), (r"\(dq", '"'), (r"\(em", "\u2014"), (r"\(en", "\u2013"),
        (r"\e", "\\"), (r"\&", ""), (r"\ ", " ")]


def unroff(line):
    for a, b in ROFF:
        line = line.replace(a, b)
    return line


class Case:
    def __init__(self, where, command, expected=None, status=(0,)):
        self.where = where            # "README.md:53"
        self.command = command        # a shell command line
        self.expected = expected      # list of lines, or None (status only)
        self.status = status          # the exit statuses allowed


def readme_cases(path, rel):
    cases = []
    lines = open(path, encoding="utf-8").read().split("\n")
    i = 0
    while i < len(lines):
        if lines[i].strip() != "```console":
            i += 1
            continue
        i += 1
        current = None
        while i < len(lines) and lines[i].strip() != "```":
            line = lines[i]
            if line.startswith("$ "):
                start = i
                command = line[2:]
                while command.endswith("\\") and i + 1 < len(lines):
                    i += 1
                    command = command[:-1] + " " + lines[i].strip()
                current = Case(f"{rel}:{start + 1}", command, [])
                cases.append(current)
            elif current is not None:
                current.expected.append(line)
            i += 1
        i += 1
    return cases


def man_cases(path, rel):
    cases = []
    lines = open(path, encoding="utf-8").read().split("\n")
    in_examples = False
    status = (0,)
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith(".SH"):
            in_examples = line.strip() in (".SH EXAMPLES", ".SH EXAMPLE")
            i += 1
            continue
        m = re.match(r'^\.\\" status: ([\d ]+)$', line)
        if in_examples and m:
            status = tuple(int(x) for x in m.group(1).split())
        if not (in_examples and line.startswith(".EX")):
            i += 1
            continue
        start = i + 1
        block = []
        i += 1
        while i < len(lines) and not lines[i].startswith(".EE"):
            block.append(unroff(lines[i]))
            i += 1
        i += 1
        if any(re.match(r"^charter: \d", l) for l in block):
            cases.append(Case(f"{rel}:{start + 1}", None, ("charter-file", "\n".join(block) + "\n")))
            status = (0,)
            continue
        j = 0
        while j < len(block):
            if not block[j].startswith("charter "):
                j += 1
                continue
            first = j
            command = block[j]
            while (command.endswith("\\") or command.endswith("|")) and j + 1 < len(block):
                j += 1
                command = command.rstrip("\\") + " " + block[j].strip()
            cases.append(Case(f"{rel}:{start + first + 1}", command, None, status))
            j += 1
        status = (0,)
    return cases


def pipeline(command):
    """The commands of a pipeline: split at each '|' outside quotes."""
    parts, current, quote = [], "", None
    for ch in command:
        if quote:
            quote = None if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "|":
            parts.append(current)
            current = ""
            continue
        current += ch
    return parts + [current]


def runnable(command):
    """The command, cut at the first '|' into a program that is not installed."""
    parts = pipeline(command)
    for k in range(1, len(parts)):
        words = parts[k].split()
        if words and shutil.which(words[0]) is None:
            return "|".join(parts[:k]).rstrip()
    return command


def matches(expected, actual):
    """Lines equal, where an expected "..." line takes any number of lines."""
    if not expected:
        return not actual
    if expected[0] == "...":
        return any(matches(expected[1:], actual[k:]) for k in range(len(actual) + 1))
    return bool(actual) and actual[0] == expected[0] and matches(expected[1:], actual[1:])


def sandbox(root):
    """A scratch folder that looks like the repository: examples/ and tests/
    copied (charter validate does not follow links into folders, as it
    should not), the other top-level entries linked."""
    top = tempfile.mkdtemp(prefix="charter-docs-")
    work = os.path.join(top, "work")
    os.mkdir(work)
    for name in os.listdir(root):
        src, dst = os.path.join(root, name), os.path.join(work, name)
        if name in ("examples", "tests"):
            shutil.copytree(src, dst, ignore=shutil.ignore_patterns("fuzz", "__pycache__"))
        # .git too, for the examples that read a revision (HEAD:path)
        elif not (name.startswith(".") and name != ".git") and not name.startswith("build"):
            os.symlink(src, dst)
    return top, work


def run_file(cases, root, charter):
    """Runs one file's examples in a scratch folder of their own (what one
    example writes, the next one of the same file sees); the number failed."""
    failed = 0
    top, work = sandbox(root)
    bindir = os.path.join(top, "bin")
    os.mkdir(bindir)
    os.symlink(charter, os.path.join(bindir, "charter"))
    env = dict(os.environ, PATH=bindir + os.pathsep + os.environ.get("PATH", ""),
               LC_ALL="C.UTF-8", TZ="UTC", NO_COLOR="1", HOME=top,
               CHARTER_CACHE_DIR=os.path.join(top, "cache"))
    last = 0
    try:
        for case in cases:
            if case.command is None:
                name = os.path.join(top, "example.charter.yaml")
                with open(name, "w", encoding="utf-8") as f:
                    f.write(case.expected[1])
                command, expected, want = f"charter validate --strict {name}", None, (0,)
            else:
                command, expected, want = runnable(case.command), case.expected, case.status
            shell = f"set -o pipefail; (exit {last}); {command}"
            p = subprocess.run(["bash", "-c", shell], cwd=work, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, timeout=120)
            last = p.returncode
            out = p.stdout.decode("utf-8", "replace")
            actual = out.split("\n")
            if actual and actual[-1] == "":
                actual.pop()
            if expected is not None:
                ok = matches(expected, actual)
            else:
                ok = p.returncode in want
            if not ok:
                failed += 1
                print(f"FAIL {case.where}: $ {command}")
                if expected is not None:
                    sys.stdout.writelines(difflib.unified_diff(
                        [l + "\n" for l in expected], [l + "\n" for l in actual],
                        "shown", "printed"))
                else:
                    print(f"  exit status {p.returncode}, expected {' or '.join(map(str, want))}; "
                          "it printed:")
                    print("  " + out.replace("\n", "\n  ")[:4000])
            else:
                print(f"ok   {case.where}: $ {command}")
    finally:
        shutil.rmtree(top, ignore_errors=True)
    return failed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--charter", required=True)
    ap.add_argument("--root", default=os.path.join(os.path.dirname(__file__), "..", ".."))
    ap.add_argument("files", nargs="*")
    args = ap.parse_args()
    root = os.path.realpath(args.root)
    charter = os.path.realpath(args.charter)
    files = args.files or ["README.md"] + sorted(
        os.path.join("man", f) for f in os.listdir(os.path.join(root, "man"))
        if re.search(r"\.[15]$", f))

    cases, failed = [], 0
    for rel in files:
        path = os.path.join(root, rel)
        found = readme_cases(path, rel) if rel.endswith(".md") else man_cases(path, rel)
        cases += found
        failed += run_file(found, root, charter)
    if not cases:
        print("run_docs: no examples found", file=sys.stderr)
        return 1
    print(f"{len(cases) - failed} of {len(cases)} examples as shown")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
