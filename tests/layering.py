#!/usr/bin/env python3
"""The layering of lib/ and cmd/, checked against ARCHITECTURE.md's table.

The table's last column says which folders each folder may depend on; what
those may depend on is allowed too. This fails on:
  - an `#include "X/..."` in lib/F/ or cmd/ of a folder X that F's row does
    not allow (directly or in turn);
  - a `charter_module(F ...)` in CMakeLists.txt whose DEPS differ from F's row;
  - a .cpp in lib/F/ that the module's SOURCES do not list, or a lib/ folder
    with no row or no module;
  - a public header (include/charter/) that includes anything but another
    public header or the standard library: what is installed must stand alone.

    layering.py [ROOT]        check the tree at ROOT (default: this checkout)
    layering.py --self-test   also show that a wrong include is caught

The last line is "N passed, M failed"; the exit status is 1 on any failure.
"""
import os
import re
import shutil
import sys
import tempfile

ROW = re.compile(r"^\|\s*`(lib/[a-z_]+/|cmd/)`\s*\|.*\|\s*([^|]*?)\s*\|\s*$")
INCLUDE = re.compile(r'^\s*#\s*include\s*"([a-z_]+)/', re.M)
ANY_INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)
MODULE = re.compile(r"charter_module\(\s*([a-z_]+)(.*?)\)", re.S)


def read_table(root):
    """{folder: set of folders it names}, folders as 'util', 'cmd', ..."""
    table = {}
    with open(os.path.join(root, "ARCHITECTURE.md"), encoding="utf-8") as f:
        for line in f:
            m = ROW.match(line)
            if not m:
                continue
            name = m.group(1).rstrip("/").split("/")[-1]
            deps = m.group(2).strip()
            table[name] = set() if deps in ("", "(nothing)") else {d.strip() for d in deps.split(",")}
    return table


def closure(table, name):
    seen, todo = set(), list(table.get(name, ()))
    while todo:
        d = todo.pop()
        if d not in seen:
            seen.add(d)
            todo.extend(table.get(d, ()))
    return seen


def read_modules(root):
    """{folder: (deps, sources)} from CMakeLists.txt's charter_module calls."""
    with open(os.path.join(root, "CMakeLists.txt"), encoding="utf-8") as f:
        text = f.read()
    text = re.sub(r"#.*", "", text)
    modules = {}
    for m in MODULE.finditer(text):
        if m.group(1) == "name":  # the function's own definition
            continue
        words = m.group(2).split()
        groups, key = {"SOURCES": [], "DEPS": [], "EXTERNAL": []}, None
        for w in words:
            if w in groups:
                key = w
            elif key:
                groups[key].append(w)
        modules[m.group(1)] = (set(groups["DEPS"]), set(groups["SOURCES"]))
    return modules


def check(root):
    """A list of (ok, message)."""
    results = []
    table = read_table(root)
    lib = os.path.join(root, "lib")
    folders = sorted(d for d in os.listdir(lib) if os.path.isdir(os.path.join(lib, d)))
    modules = read_modules(root)
    for folder in folders:
        if folder not in table:
            results.append((False, f"lib/{folder}/ has no row in ARCHITECTURE.md's table"))
            continue
        if folder not in modules:
            results.append((False, f"lib/{folder}/ has no charter_module in CMakeLists.txt"))
            continue
        deps, sources = modules[folder]
        if deps != table[folder]:
            results.append((False, f"charter_module({folder}) links {sorted(deps)}, the table says {sorted(table[folder])}"))
        else:
            results.append((True, f"charter_module({folder}) links what the table says"))
        cpps = {f for f in os.listdir(os.path.join(lib, folder)) if f.endswith(".cpp")}
        for missing in sorted(cpps - sources):
            results.append((False, f"lib/{folder}/{missing} is not in charter_module({folder})'s SOURCES"))
    places = [(f, os.path.join(lib, f)) for f in folders] + [("cmd", os.path.join(root, "cmd"))]
    for folder, path in places:
        allowed = closure(table, folder) | {folder}
        bad = 0
        for name in sorted(os.listdir(path)):
            if not name.endswith((".cpp", ".hpp", ".def")):
                continue
            with open(os.path.join(path, name), encoding="utf-8") as f:
                text = f.read()
            for m in INCLUDE.finditer(text):
                target = m.group(1)
                if target in folders and target not in allowed:
                    line = text.count("\n", 0, m.start()) + 1
                    where = os.path.relpath(os.path.join(path, name), root)
                    results.append((False, f"{where}:{line}: includes {target}/, which {folder}'s row does not allow "
                                           f"(allowed: {', '.join(sorted(allowed - {folder})) or 'nothing'})"))
                    bad += 1
        if not bad:
            results.append((True, f"{folder}: every include allowed"))
    results += check_public(root)
    return results


def check_public(root):
    """Public headers include only charter/ headers and the standard library."""
    results, bad = [], 0
    public = os.path.join(root, "include", "charter")
    for name in sorted(os.listdir(public)):
        with open(os.path.join(public, name), encoding="utf-8") as f:
            text = f.read()
        for m in ANY_INCLUDE.finditer(text):
            target = m.group(2)
            standard = m.group(1) == "<" and "/" not in target and "." not in target
            if not (standard or target.startswith("charter/")):
                line = text.count("\n", 0, m.start()) + 1
                results.append((False, f"include/charter/{name}:{line}: includes {target}, which is not "
                                       "public: installed headers may include only charter/ and the standard library"))
                bad += 1
    if not bad:
        results.append((True, "include/charter: public headers stand alone"))
    return results


def self_test(root):
    """A copy of the tree with util/ including model/ must fail."""
    tmp = tempfile.mkdtemp(prefix="charter-layering-")
    try:
        for part in ("lib", "cmd", "include"):
            shutil.copytree(os.path.join(root, part), os.path.join(tmp, part))
        for part in ("ARCHITECTURE.md", "CMakeLists.txt"):
            shutil.copy(os.path.join(root, part), tmp)
        with open(os.path.join(tmp, "lib", "util", "text.cpp"), "a", encoding="utf-8") as f:
            f.write('\n#include "model/charter.hpp"\n')
        with open(os.path.join(tmp, "include", "charter", "load.hpp"), "a", encoding="utf-8") as f:
            f.write('\n#include "model/charter.hpp"\n#include <gmpxx.h>\n')
        found = check(tmp)
        caught = [m for ok, m in found if not ok and "includes model/" in m]
        public = [m for ok, m in found if not ok and m.startswith("include/charter/load.hpp")]
        return [(bool(caught), "a wrong include (util/ including model/) is caught" if caught
                 else "a wrong include (util/ including model/) was NOT caught"),
                (len(public) == 2, "internal and third-party includes in a public header are caught"
                 if len(public) == 2 else "a public header's internal include was NOT caught")]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    args = sys.argv[1:]
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    selftest = "--self-test" in args
    rest = [a for a in args if a != "--self-test"]
    if rest:
        root = rest[0]
    results = check(root)
    if selftest:
        results += self_test(root)
    failed = [m for ok, m in results if not ok]
    for m in failed:
        print("FAIL " + m)
    print(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
