#!/usr/bin/env python3
"""validate's result cache, end to end: every way it could give a wrong answer.

    cache_test.py --charter BIN --source ROOT

Each check runs the binary on copies of the examples and of the error
catalogue (files with and without diagnostics) in a temporary folder, and
compares what a run answered from the cache prints with what a run without
the cache prints. CHARTER_CACHE_TRACE=1 tells which files were answered from
the cache. The last line is "N passed, M failed".
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

FORMATS = ("text", "json", "sarif", "github")

passed = 0
failed = 0
skipped = 0


def differ(expected, actual):
    """What a failed comparison shows: a diff of the two outputs and statuses."""
    import difflib
    lines = lambda x: ["%s\n" % (p,) for p in x] if isinstance(x, tuple) else [x]
    return "".join(difflib.unified_diff(
        "".join(str(p) + "\n" for p in expected).splitlines(True) if isinstance(expected, tuple) else lines(expected),
        "".join(str(p) + "\n" for p in actual).splitlines(True) if isinstance(actual, tuple) else lines(actual),
        "expected", "actual"))[:4000]


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print("ok   " + name)
    else:
        failed += 1
        print("FAIL " + name + (("\n" + detail) if detail else ""))


class Runner:
    def __init__(self, charter):
        self.charter = charter
        self.env = {k: v for k, v in os.environ.items()
                    if k not in ("CHARTER_CACHE_DIR", "CHARTER_CACHE_TRACE", "CLICOLOR_FORCE")}
        self.env["NO_COLOR"] = "1"

    def run(self, args, cwd, env=None, stdin=None, binary=None):
        e = dict(self.env)
        e.update(env or {})
        p = subprocess.run([binary or self.charter] + args, cwd=cwd, env=e, input=stdin,
                           stdin=None if stdin is not None else subprocess.DEVNULL,
                           capture_output=True, timeout=120)
        return p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace"), p.returncode

    def traced(self, args, cwd, cache, binary=None):
        """(stdout, status, {event: count}) of a run on `cache` with the trace on."""
        out, err, rc = self.run(args + ["--cache-dir", cache], cwd, {"CHARTER_CACHE_TRACE": "1"},
                                binary=binary)
        events = {}
        for line in err.splitlines():
            m = re.match(r"charter: cache: (.*?): ", line)
            if m:
                events[m.group(1)] = events.get(m.group(1), 0) + 1
        return out, rc, events


def entries(cache):
    found = []
    for root, _, files in os.walk(os.path.join(cache, "v1")):
        found += [os.path.join(root, f) for f in files if not f.startswith(".")]
    return sorted(found)


def make_corpus(source, work):
    os.makedirs(work)
    names = []
    for folder in ("examples", os.path.join("tests", "errors")):
        for f in sorted(os.listdir(os.path.join(source, folder))):
            if f.endswith(".charter.yaml"):
                shutil.copy(os.path.join(source, folder, f), os.path.join(work, f))
                names.append(f)
    return names


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--charter", required=True)
    ap.add_argument("--source", required=True)
    a = ap.parse_args()
    r = Runner(os.path.abspath(a.charter))
    tmp = tempfile.mkdtemp(prefix="charter-cache-test-")
    try:
        run_checks(r, a.source, tmp)
    finally:
        subprocess.run(["chmod", "-R", "u+w", tmp])
        shutil.rmtree(tmp, ignore_errors=True)
    print("%d passed, %d failed" % (passed, failed) + (", %d skipped" % skipped if skipped else ""))
    return 1 if failed else 0


def run_checks(r, source, tmp):
    global skipped
    work = os.path.join(tmp, "work")
    names = make_corpus(source, work)
    n = len(names)

    # --- the answers from the cache are the answers ----------------------
    for fmt in FORMATS:
        for jobs in ("1", "2"):
            args = ["validate", "--format", fmt, "--jobs", jobs, "."]
            ref = r.run(args + ["--no-cache"], work)
            cache = os.path.join(tmp, "c-%s-%s" % (fmt, jobs))
            cold = r.run(args + ["--cache-dir", cache], work)
            warm_out, warm_rc, events = r.traced(args, work, cache)
            check("%s, --jobs %s: a cold run prints what a run without the cache prints" % (fmt, jobs),
                  cold == ref)
            check("%s, --jobs %s: a warm run is answered from the cache for all %d files" % (fmt, jobs, n),
                  events == {"hit": n}, repr(events))
            check("%s, --jobs %s: and prints the same, byte for byte, with the same status" % (fmt, jobs),
                  (warm_out, warm_rc) == (ref[0], ref[2]), differ((ref[0], ref[2]), (warm_out, warm_rc)))
    colour = ["--color", "always", "validate", "."]
    cache = os.path.join(tmp, "c-colour")
    ref = r.run(colour[:3] + ["--no-cache", "."], work)
    r.run(colour[:3] + ["--cache-dir", cache, "."], work)
    warm = r.run(colour[:3] + ["--cache-dir", cache, "."], work)
    check("text in colour: the same from the cache", warm == ref and "\x1b[" in ref[0],
          differ(ref, warm))
    check("the corpus has files with errors and files without",
          "error[" in r.run(["validate", "--no-cache", "."], work)[0] and
          r.run(["validate", "--no-cache", os.path.join(work, "joint-development.charter.yaml")], work)[2] == 0)

    # --strict and --format change how the result is shown, not the result
    cache = os.path.join(tmp, "c-options")
    r.run(["validate", "--cache-dir", cache, "."], work)
    ref = r.run(["validate", "--no-cache", "--strict", "--format", "json", "--quiet", "."], work)
    out, rc, events = r.traced(["validate", "--strict", "--format", "json", "--quiet", "."], work, cache)
    check("--strict, --quiet and --format are answered from a cache filled without them, rightly",
          events == {"hit": n} and (out, rc) == (ref[0], ref[2]), repr(events))

    # --- a changed byte, with the same size and time ----------------------
    one = os.path.join(work, "joint-development.charter.yaml")
    cache = os.path.join(tmp, "c-changed")
    before = r.run(["validate", "--cache-dir", cache, "joint-development.charter.yaml"], work)
    with open(one, "rb") as f:
        text = f.read()
    st = os.stat(one)
    changed = text.replace(b"charter: 1", b"charter: 2", 1)
    assert len(changed) == len(text) and changed != text
    with open(one, "wb") as f:
        f.write(changed)
    os.utime(one, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert os.stat(one).st_size == st.st_size and os.stat(one).st_mtime_ns == st.st_mtime_ns
    out, rc, events = r.traced(["validate", "joint-development.charter.yaml"], work, cache)
    ref = r.run(["validate", "--no-cache", "joint-development.charter.yaml"], work)
    check("one byte changed, same size and modification time: a miss",
          events == {"miss (the file changed)": 1, "stored": 1}, repr(events))
    check("and the answer is the new one", (out, rc) == (ref[0], ref[2]) and (out, rc) != (before[0], before[2]))
    with open(one, "wb") as f:
        f.write(text)
    out, rc, events = r.traced(["validate", "joint-development.charter.yaml"], work, cache)
    check("the old bytes back: a miss too (one entry per name), rightly answered",
          events.get("hit", 0) == 0 and (out, rc) == (before[0], before[2]), repr(events))

    # --- another name for the same bytes (names appear in messages) --------
    out, rc, events = r.traced(["validate", "./joint-development.charter.yaml"], work, cache)
    check("the same file under another name is a miss", events.get("hit", 0) == 0, repr(events))

    # --- another build of the program -------------------------------------
    other = os.path.join(tmp, "charter-other-build")
    shutil.copy(r.charter, other)
    notes = subprocess.run(["readelf", "-n", r.charter], capture_output=True, text=True).stdout
    m = re.search(r"Build ID: ([0-9a-f]+)", notes)
    if not m:
        skipped += 1
        print("skip another build: readelf shows no build id")
    else:
        with open(other, "rb") as f:
            blob = bytearray(f.read())
        bid = bytes.fromhex(m.group(1))
        at = blob.find(bid)
        assert at >= 0 and blob.find(bid, at + 1) < 0
        blob[at + len(bid) - 1] ^= 0x01
        with open(other, "wb") as f:
            f.write(blob)
        cache = os.path.join(tmp, "c-build")
        r.run(["validate", "--cache-dir", cache, "."], work)
        _, _, same_build = r.traced(["validate", "."], work, cache)
        out, rc, events = r.traced(["validate", "."], work, cache, binary=other)
        ref = r.run(["validate", "--no-cache", "."], work)
        check("the same build is answered from the cache", same_build == {"hit": n}, repr(same_build))
        check("a build with another build id misses every file",
              events.get("hit", 0) == 0 and events.get("miss (no entry)", 0) == n, repr(events))
        check("and answers rightly", (out, rc) == (ref[0], ref[2]))

    # --- damaged entries ----------------------------------------------------
    cache = os.path.join(tmp, "c-damaged")
    ref = r.run(["validate", "--no-cache", "--format", "json", "."], work)
    r.run(["validate", "--cache-dir", cache, "."], work)
    files = entries(cache)
    check("one entry per file", len(files) == n, "%d entries for %d files" % (len(files), n))
    for i, path in enumerate(files):
        with open(path, "rb") as f:
            data = f.read()
        damage = [data[: len(data) // 2], b"", os.urandom(len(data)), data[:-1] + bytes([data[-1] ^ 1]),
                  b"garbage\n" * 10][i % 5]
        with open(path, "wb") as f:
            f.write(damage)
    out, rc, events = r.traced(["validate", "--format", "json", "."], work, cache)
    check("truncated, empty, random and flipped entries are misses, not errors",
          events.get("hit", 0) == 0 and events.get("miss (a damaged or foreign entry)", 0) == n,
          repr(events))
    check("and the answers are right", (out, rc) == (ref[0], ref[2]), differ((ref[0], ref[2]), (out, rc)))
    _, _, events = r.traced(["validate", "--format", "json", "."], work, cache)
    check("the damaged entries were replaced", events == {"hit": n}, repr(events))

    # --- two processes at once, writing one entry with different bytes -----
    # Both folders have the same file names: shown the same, the results go to
    # the same entries, which the two runs overwrite under each other's feet.
    side = {}
    for label, take in (("a", slice(0, None, 2)), ("b", slice(1, None, 2))):
        d = os.path.join(tmp, "concurrent-" + label)
        os.makedirs(d)
        for k, name in enumerate(sorted(names)[take][:24]):
            shutil.copy(os.path.join(work, name), os.path.join(d, "f%02d.charter.yaml" % k))
        side[label] = (d, r.run(["validate", "--no-cache", "--format", "json"], d))
    check("the two folders give different answers", side["a"][1] != side["b"][1])
    cache = os.path.join(tmp, "c-concurrent")
    wrong = 0
    for _ in range(12):
        procs = {}
        for label in ("a", "b"):
            e = dict(r.env)
            e["CHARTER_CACHE_DIR"] = cache
            procs[label] = subprocess.Popen([r.charter, "validate", "--format", "json", "--jobs", "2"],
                                            cwd=side[label][0], env=e, stdout=subprocess.PIPE,
                                            stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
        for label, p in procs.items():
            out, err = p.communicate(timeout=120)
            if (out.decode(), err.decode(), p.returncode) != side[label][1]:
                wrong += 1
    check("two runs at once, 12 times over, never print a wrong answer", wrong == 0,
          "%d wrong answers" % wrong)
    left = [f for root, _, fs in os.walk(cache) for f in fs if f.startswith(".") and f != ".gitignore"]
    check("and leave no temporary file behind", not left, repr(left))

    # --- a cache folder that cannot be written ----------------------------
    ref = r.run(["validate", "--no-cache", "."], work)
    blocker = os.path.join(tmp, "a-file")
    open(blocker, "w").close()
    out, err, rc = r.run(["validate", "--cache-dir", os.path.join(blocker, "cache"), "."], work)
    check("a cache folder that cannot be made: the same answer, nothing on stderr",
          (out, err, rc) == ref)
    cache = os.path.join(tmp, "c-readonly")
    r.run(["validate", "--cache-dir", cache, "."], work)
    before = entries(cache)
    changed_name = os.path.join(work, "C0001.charter.yaml")
    with open(changed_name, "ab") as f:
        f.write(b"\n# one more line\n")
    ref = r.run(["validate", "--no-cache", "."], work)
    if os.geteuid() == 0:
        # root writes anywhere: a read-only bind mount in a mount namespace of its own
        script = ('mount --bind "$0" "$0" && mount -o remount,ro,bind "$0" && '
                  'CHARTER_CACHE_TRACE=1 exec "$1" validate --cache-dir "$0" .')
        p = subprocess.run(["unshare", "--mount", "sh", "-c", script, cache, r.charter], cwd=work,
                           env=r.env, capture_output=True, stdin=subprocess.DEVNULL)
        if p.returncode not in (0, 1) or b"mount" in p.stderr:
            skipped += 1
            print("skip read-only cache folder: no mount namespace here (%r)" % p.stderr[-200:])
            ro = None
        else:
            ro = (p.stdout.decode(), p.stderr.decode(), p.returncode)
    else:
        subprocess.run(["chmod", "-R", "a-w", cache], check=True)
        out, err, rc = r.run(["validate", "--cache-dir", cache, "."], work, {"CHARTER_CACHE_TRACE": "1"})
        ro = (out, err, rc)
        subprocess.run(["chmod", "-R", "u+w", cache], check=True)
    if ro is not None:
        trace = [l for l in ro[1].splitlines() if l.startswith("charter: cache: ")]
        others = [l for l in ro[1].splitlines() if not l.startswith("charter: cache: ")]
        check("a read-only cache folder: the same answer, nothing else on stderr",
              (ro[0], ro[2]) == (ref[0], ref[2]) and not others,
              repr(others) + differ((ref[0], ref[2]), (ro[0], ro[2])))
        check("its entries still answer; the changed file is not stored",
              sum(1 for l in trace if l.startswith("charter: cache: hit: ")) == n - 1 and
              "charter: cache: not stored: C0001.charter.yaml" in trace, "\n".join(trace))
        check("and nothing in it changed", entries(cache) == before)

    # --- where the cache is, and when there is none -----------------------
    repo = os.path.join(tmp, "repo")
    os.makedirs(os.path.join(repo, "deals"))
    has_git = shutil.which("git") is not None
    if has_git:
        subprocess.run(["git", "init", "-q", repo], check=True)
    else:
        os.makedirs(os.path.join(repo, ".git"))
    shutil.copy(one, os.path.join(repo, "deals", "a.charter.yaml"))
    r.run(["validate", "--no-cache", "a.charter.yaml"], os.path.join(repo, "deals"))
    check("--no-cache writes nothing", os.listdir(repo) == [".git", "deals"] or
          sorted(os.listdir(repo)) == [".git", "deals"], repr(os.listdir(repo)))
    r.run(["validate", "a.charter.yaml"], os.path.join(repo, "deals"))
    cdir = os.path.join(repo, ".charter-cache")
    check("by default the cache is .charter-cache at the work tree's root", len(entries(cdir)) == 1)
    with open(os.path.join(cdir, ".gitignore")) as f:
        check("with a .gitignore of '*' inside", "*" in f.read().splitlines())
    check("and a CACHEDIR.TAG", os.path.exists(os.path.join(cdir, "CACHEDIR.TAG")))
    if has_git:
        status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=repo,
                                capture_output=True, text=True).stdout
        check("git sees none of it", status.strip() == "?? deals/a.charter.yaml", status)
    plain = os.path.join(tmp, "plain")
    os.makedirs(plain)
    shutil.copy(one, os.path.join(plain, "a.charter.yaml"))
    probe = plain
    while probe != os.path.dirname(probe) and not os.path.exists(os.path.join(probe, ".git")):
        probe = os.path.dirname(probe)
    if os.path.exists(os.path.join(probe, ".git")):
        skipped += 1
        print("skip outside a git work tree: %s is one" % probe)
    else:
        r.run(["validate", "a.charter.yaml"], plain)
        check("outside a git work tree no cache is made", os.listdir(plain) == ["a.charter.yaml"],
              repr(os.listdir(plain)))
    env_dir = os.path.join(tmp, "c-env")
    flag_dir = os.path.join(tmp, "c-flag")
    r.run(["validate", "a.charter.yaml"], plain, {"CHARTER_CACHE_DIR": env_dir})
    check("CHARTER_CACHE_DIR is honoured", len(entries(env_dir)) == 1)
    os.utime(os.path.join(plain, "a.charter.yaml"))
    with open(os.path.join(plain, "b.charter.yaml"), "wb") as f:
        f.write(text)
    r.run(["validate", "b.charter.yaml", "--cache-dir", flag_dir], plain, {"CHARTER_CACHE_DIR": env_dir})
    check("--cache-dir wins over CHARTER_CACHE_DIR",
          len(entries(flag_dir)) == 1 and len(entries(env_dir)) == 1)
    r.run(["validate", "--no-cache", "b.charter.yaml"], plain, {"CHARTER_CACHE_DIR": env_dir})
    check("--no-cache wins over CHARTER_CACHE_DIR", len(entries(env_dir)) == 1)
    stdin_dir = os.path.join(tmp, "c-stdin")
    out, err, rc = r.run(["validate", "--cache-dir", stdin_dir, "-"], plain,
                         {"CHARTER_CACHE_TRACE": "1"}, stdin=text)
    out2, _, rc2 = r.run(["validate", "--cache-dir", stdin_dir, "-"], plain, stdin=text)
    check("standard input is never looked up nor kept",
          not os.path.exists(stdin_dir) and "cache" not in err and rc == 0 and (out, rc) == (out2, rc2),
          err)


if __name__ == "__main__":
    sys.exit(main())
