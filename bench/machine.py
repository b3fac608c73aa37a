#!/usr/bin/env python3
"""Was the machine busy while a benchmark ran? The rule the scripts share.

The load average cannot say: a benchmark that runs two jobs raises it to 2
by itself, and it still remembers the last minute's work when the next
script starts. What can say is the CPU time other processes took: the
machine's busy time over the runs (/proc/stat) less the CPU time of the
benchmark's own children (getrusage). More than OTHERS_LIMIT of a core, on
average over the runs, is busy: no verdict says "met" then.

What this cannot see: a hypervisor that gives the virtual CPUs less than a
whole core without reporting steal time (/proc/stat's steal column).

As a module: Meter().stop() after the runs, in the process whose children
ran them. From a shell script (whose children are counted by `times`):

  machine.py mark FILE CHILD_CPU_SECONDS      before the runs
  machine.py others FILE CHILD_CPU_SECONDS    after: prints the cores other
                                              processes used, e.g. 0.012
"""
import json
import os
import resource
import sys
import time

OTHERS_LIMIT = 0.1  # cores, on average over the runs
TICKS = os.sysconf("SC_CLK_TCK")


def busy_seconds():
    """CPU seconds all cores spent on anything but idling, since boot."""
    with open("/proc/stat") as f:
        fields = f.readline().split()
    # cpu user nice system idle iowait irq softirq steal guest guest_nice
    ticks = [int(x) for x in fields[1:9]]
    return (sum(ticks) - ticks[3] - ticks[4]) / TICKS


def children_seconds():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def others_cores(start, end):
    """Cores other processes used on average between two marks, each a
    dict of wall, busy and children CPU seconds."""
    wall = end["wall"] - start["wall"]
    if wall <= 0:
        return 0.0
    others = (end["busy"] - start["busy"]) - (end["children"] - start["children"])
    return max(0.0, others / wall)


def is_busy(cores):
    return cores > OTHERS_LIMIT


def verdict_note(cores):
    return "other processes used %.2f of a core on average during the runs%s" % (
        cores, " (busy: no verdict is 'met')" if is_busy(cores) else "")


def mark(children):
    return {"wall": time.monotonic(), "busy": busy_seconds(), "children": children}


class Meter:
    def __init__(self):
        self.start = mark(children_seconds())

    def stop(self):
        return others_cores(self.start, mark(children_seconds()))


def main(argv):
    if len(argv) != 3 or argv[0] not in ("mark", "others"):
        sys.exit(__doc__)
    what, path, children = argv[0], argv[1], float(argv[2])
    if what == "mark":
        with open(path, "w") as f:
            json.dump(mark(children), f)
    else:
        with open(path) as f:
            start = json.load(f)
        print("%.3f" % others_cores(start, mark(children)))


if __name__ == "__main__":
    main(sys.argv[1:])
