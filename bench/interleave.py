#!/usr/bin/env python3
"""Times commands interleaved, with CPU time beside wall time and the load.

  interleave.py SPEC.json OUT.json [--runs N] [--warmup N]

SPEC.json is a list of {"name": ..., "argv": [...], "ok": [0]} (the exit
statuses that count as success; `charter diff` exits 1 when the charters
differ). Each command is first run once with its output kept: a command
that fails then (or in any later run) is reported with its standard error
and never timed, so a broken command cannot be reported as fast. Then come
`--warmup` rounds and `--runs` timed rounds; each round runs every command
once, in the order given, so that all of them see the same load.

Wall time is measured around the child, CPU time (user + system) is the
child's own, from wait4(2). OUT.json holds every run, the medians and the
load average before and after, and the CPU other processes took during the
timed rounds; the same table is printed. `busy` is machine.py's rule, shared
by the benchmark scripts: other processes using more than a tenth of a core
on average during the runs (the load average counts the benchmark's own
jobs, so it cannot tell).
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import machine  # noqa: E402


def run_once(argv):
    """(status, wall seconds, cpu seconds, standard error). Standard output
    is discarded: the status and standard error tell whether it worked."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        text = err.read().decode(errors="replace")
    return proc.returncode, wall, usage.ru_utime + usage.ru_stime, text


def fail(cmd, status, err):
    tail = "\n".join(err.strip().splitlines()[-10:])
    sys.exit("interleave.py: %s failed (exit status %d, expected %s): %s\n%s" % (
        cmd["name"], status, "/".join(map(str, cmd["ok"])), " ".join(cmd["argv"]), tail))


def main():
    args = sys.argv[1:]
    runs, warmup = 5, 1
    positional = []
    i = 0
    while i < len(args):
        if args[i] == "--runs":
            runs = int(args[i + 1])
            i += 2
        elif args[i] == "--warmup":
            warmup = int(args[i + 1])
            i += 2
        else:
            positional.append(args[i])
            i += 1
    if len(positional) != 2 or runs < 1:
        sys.exit(__doc__)
    spec_path, out_path = positional
    cmds = json.load(open(spec_path))
    for c in cmds:
        c.setdefault("ok", [0])

    # each command must work before it is timed
    for c in cmds:
        status, _, _, err = run_once(c["argv"])
        if status not in c["ok"]:
            fail(c, status, err)

    cores = os.cpu_count() or 1
    load_before = os.getloadavg()
    meter = machine.Meter()
    runs_of = {c["name"]: [] for c in cmds}
    for r in range(warmup + runs):
        for c in cmds:
            status, wall, cpu, err = run_once(c["argv"])
            if status not in c["ok"]:
                fail(c, status, err)
            if r >= warmup:
                runs_of[c["name"]].append({"wall": wall, "cpu": cpu, "status": status})
    others = meter.stop()
    load_after = os.getloadavg()

    results = {}
    for c in cmds:
        rs = runs_of[c["name"]]
        results[c["name"]] = {
            "argv": c["argv"],
            "runs": rs,
            "median_wall": statistics.median(x["wall"] for x in rs),
            "min_wall": min(x["wall"] for x in rs),
            "median_cpu": statistics.median(x["cpu"] for x in rs),
            "min_cpu": min(x["cpu"] for x in rs),
        }
    report = {
        "cores": cores,
        "load_before": list(load_before),
        "load_after": list(load_after),
        "others_cores": others,
        "busy": machine.is_busy(others),
        "runs": runs,
        "results": results,
    }
    with open(out_path, "w") as f:
        json.dump(report, f, indent=1)

    def t(s):
        return "%.1f ms" % (s * 1e3) if s < 1 else "%.3f s" % s

    print("%-28s %12s %12s %12s" % ("command", "median wall", "min wall", "median cpu"))
    for c in cmds:
        x = results[c["name"]]
        print("%-28s %12s %12s %12s" % (c["name"], t(x["median_wall"]), t(x["min_wall"]),
                                        t(x["median_cpu"])))
    print("%d interleaved rounds; load average %.2f before, %.2f after, on %d cores" % (
        runs, load_before[0], load_after[0], cores))
    print(machine.verdict_note(others))


if __name__ == "__main__":
    main()
