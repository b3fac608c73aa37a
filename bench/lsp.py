#!/usr/bin/env python3
"""Benchmark of `charter lsp` (issue 11's targets): the time from a
didChange to its publishDiagnostics on the spec's example and on a 1 MB
generated charter, hover and definition latency on the example, and the
server's memory after 10 and after 10,000 edits.

    bench/lsp.py [BUILD_DIR]        (default: build-release)

Every didChange sends a whole new text (one character changed in a title,
so validation has the same work each time) and waits for the diagnostics of
that version before the next: latency, not throughput. Wall times are
medians and 95th percentiles in ms; CPU is the server's user + system time
over the run, from /proc. Environment: EDITS (default 50), BIG_EDITS
(default 10), REQUESTS (default 200), LONG_EDITS (default 10000).
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tests", "lsp"))
from lspclient import Client  # noqa: E402

EXAMPLE = os.path.join(ROOT, "tests", "golden", "spec", "acme-globex.charter.yaml")  # the spec's example


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def edited(text, i):
    # the same length every time: validation does the same work
    return text.replace("title: ", "title: %04d " % (i % 10000), 1)


class Session:
    def __init__(self, binary, uri, text):
        self.c = Client([binary, "lsp"])
        self.c.call("initialize", {"capabilities": {}})
        self.c.notify("initialized")
        self.uri, self.text, self.version = uri, text, 1
        self.c.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "yaml", "version": 1, "text": text}})
        self.c.diagnostics(uri, 1)

    def change(self, i, wait=True):
        self.version += 1
        self.c.notify("textDocument/didChange", {
            "textDocument": {"uri": self.uri, "version": self.version},
            "contentChanges": [{"text": edited(self.text, i)}]})
        if wait:
            self.c.diagnostics(self.uri, self.version)

    def close(self):
        self.c.call("shutdown")
        self.c.notify("exit")
        self.c.finish()


def timed(fn, n):
    times = []
    for i in range(n):
        t = time.perf_counter()
        fn(i)
        times.append((time.perf_counter() - t) * 1000)
    return times


def summary(name, times, cpu=None):
    times = sorted(times)
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    line = "%-46s median %8.2f ms   p95 %8.2f ms   n=%d" % (name, statistics.median(times), p95, len(times))
    if cpu is not None:
        line += "   server CPU %.2f ms/op" % (cpu * 1000 / len(times))
    print(line, flush=True)


def position_of(text, needle, skip=0):
    i = text.index(needle) + skip
    line = text.count("\n", 0, i)
    return {"line": line, "character": i - (text.rfind("\n", 0, i) + 1)}


def bench_example(binary, edits, requests):
    text = open(EXAMPLE, encoding="utf-8").read()
    s = Session(binary, "file:///bench/example.charter.yaml", text)
    pid = s.c.proc.pid
    cpu = cpu_seconds(pid)
    summary("didChange -> diagnostics, spec example", timed(s.change, edits), cpu_seconds(pid) - cpu)
    doc = {"uri": s.uri}
    # on the second text of "acme": its use in contributions, defined in parties
    where = position_of(edited(text, edits - 1), "party: acme", 7)
    for method in ("textDocument/hover", "textDocument/definition"):
        cpu = cpu_seconds(pid)
        times = timed(lambda i: s.c.call(method, {"textDocument": doc, "position": where}), requests)
        summary(method + ", spec example", times, cpu_seconds(pid) - cpu)
    s.close()


def bench_memory(binary, long_edits):
    text = open(EXAMPLE, encoding="utf-8").read()
    s = Session(binary, "file:///bench/example.charter.yaml", text)
    pid = s.c.proc.pid
    for i in range(10):
        s.change(i)
    rss10 = rss_kib(pid)
    t = time.perf_counter()
    for i in range(10, long_edits):
        # wait for the diagnostics of every 100th edit only: the edits in
        # between are queued and coalesced, as when someone types fast
        s.change(i, wait=(i % 100 == 99))
    s.change(0)
    rss_long = rss_kib(pid)
    print("memory (VmRSS) after 10 edits: %d KiB; after %d edits: %d KiB (%+.1f%%); %.1f s"
          % (rss10, long_edits, rss_long, 100.0 * (rss_long - rss10) / rss10,
             time.perf_counter() - t), flush=True)
    s.close()


def bench_big(binary, edits):
    with tempfile.TemporaryDirectory() as tmp:
        old, new = os.path.join(tmp, "old.charter.yaml"), os.path.join(tmp, "new.charter.yaml")
        subprocess.run([sys.executable, os.path.join(HERE, "gen_big.py"), "diff", old, new], check=True)
        text = open(old, encoding="utf-8").read()
    s = Session(binary, "file:///bench/big.charter.yaml", text)
    cpu = cpu_seconds(s.c.proc.pid)
    summary("didChange -> diagnostics, %.2f MB charter" % (len(text.encode()) / 1e6),
            timed(s.change, edits), cpu_seconds(s.c.proc.pid) - cpu)
    s.close()


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else "build-release"
    binary = os.path.join(build, "charter")
    if not os.access(binary, os.X_OK):
        sys.exit("bench/lsp.py: %s not found: build first" % binary)
    print("load average before: %.2f %.2f %.2f" % os.getloadavg(), flush=True)
    env = lambda k, d: int(os.environ.get(k, d))
    bench_example(binary, env("EDITS", 50), env("REQUESTS", 200))
    bench_memory(binary, env("LONG_EDITS", 10000))
    bench_big(binary, env("BIG_EDITS", 10))
    print("load average after: %.2f %.2f %.2f" % os.getloadavg())


if __name__ == "__main__":
    main()
