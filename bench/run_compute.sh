#!/usr/bin/env bash
# Benchmarks of the computing commands, each against its target:
#   splits:   a 1,000,000-row ledger (4 streams, 40 quarters) through a charter
#             with every step type: < 1 s wall, < 64 MB peak memory, timed
#             beside `wc -l` over the same file (the I/O floor);
#   exit-sim: --all on 12 parties, 20 triggers, 2,000 assets: < 0.5 s wall;
#   diff:     two ~0.9 MB charters (2,500 assets, 250 milestones) differing in
#             1% of their values: < 0.3 s wall; timed beside the bare parse of
#             one side (charter_bench_parse), the floor of a diff that loads
#             its two sides on two threads;
#   royalty:  the same ledger through the ledger charter with annual and whole
#             tiers, minimums, royalty terms and step-downs: < 1.1x splits (CPU).
# All commands run interleaved (bench/interleave.py): each round runs every
# one once, so all see the same load. Every command must succeed (diff: exit
# status 0 or 1) on a first run and on every timed run, or nothing is
# reported. CPU time (user + system) is printed beside wall time; on a busy
# machine (other processes above a tenth of a core during the runs:
# bench/machine.py) no verdict says "met".
# Usage: bench/run_compute.sh [BUILD_DIR]   (default build-release; RUNS, default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-release}
build=${build%/}
charter="$build/charter"
parse="$build/bench/charter_bench_parse"
[ -x "$charter" ] || { echo "build first: cmake -S . -B $build -G Ninja -DCMAKE_BUILD_TYPE=Release && ninja -C $build" >&2; exit 2; }
[ -x "$parse" ] || { echo "$parse not found: build the charter_bench_parse target" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "GNU time is needed for peak memory (scripts/deps.sh installs it)" >&2; exit 2; }
data=bench/data
mkdir -p "$data"
py=/usr/bin/python3
[ -f "$data/ledger.charter.yaml" ] || $py bench/gen_big.py ledger-charter "$data/ledger.charter.yaml"
[ -f "$data/royalty.charter.yaml" ] || $py bench/gen_big.py royalty-charter "$data/royalty.charter.yaml"
[ -f "$data/ledger-1m.csv" ] || $py bench/gen_big.py ledger "$data/ledger-1m.csv"
[ -f "$data/exit.charter.yaml" ] || $py bench/gen_big.py exit "$data/exit.charter.yaml"
[ -f "$data/old.charter.yaml" ] || $py bench/gen_big.py diff "$data/old.charter.yaml" "$data/new.charter.yaml"

# the inputs must be valid, or the timings measure the wrong thing
"$charter" validate --strict --quiet "$data/ledger.charter.yaml" "$data/royalty.charter.yaml" "$data/exit.charter.yaml" \
  "$data/old.charter.yaml" "$data/new.charter.yaml"

echo "inputs (sizes measured now):"
for f in ledger-1m.csv ledger.charter.yaml royalty.charter.yaml exit.charter.yaml old.charter.yaml new.charter.yaml; do
  printf '  %-22s %11s bytes (%6.2f MB)  %8d lines\n' "$f" "$(stat -c %s "$data/$f")" \
    "$(stat -c %s "$data/$f" | awk '{print $1 / 1e6}')" "$(wc -l <"$data/$f")"
done
echo

$py - "$data/compute-spec.json" "$charter" "$parse" "$data" <<'PY'
import json, sys
out, charter, parse, data = sys.argv[1:]
ledger = ["--ledger", f"{data}/ledger-1m.csv", "--format", "csv", "-o", "/dev/null"]
spec = [
    {"name": "splits", "argv": [charter, "splits", f"{data}/ledger.charter.yaml"] + ledger},
    {"name": "royalty", "argv": [charter, "splits", f"{data}/royalty.charter.yaml"] + ledger},
    {"name": "wc", "argv": ["wc", "-l", f"{data}/ledger-1m.csv"]},
    {"name": "exit-all", "argv": [charter, "exit-sim", f"{data}/exit.charter.yaml", "--all",
                                  "--on", "2027-01-01", "-o", "/dev/null"]},
    # exit status 1: the charters differ (they do); 2 or a crash is a failure
    {"name": "diff", "argv": [charter, "diff", f"{data}/old.charter.yaml", f"{data}/new.charter.yaml"],
     "ok": [0, 1]},
    {"name": "parse-one-side", "argv": [parse, f"{data}/new.charter.yaml"]},
]
json.dump(spec, open(out, "w"))
PY
$py bench/interleave.py "$data/compute-spec.json" "$data/compute.json" --runs "${RUNS:-5}"

/usr/bin/time -f '%M' -o "$data/splits.rss" "$charter" splits "$data/ledger.charter.yaml" --ledger "$data/ledger-1m.csv" \
  --format csv -o /dev/null

$py - "$data/compute.json" "$data/splits.rss" <<'PY'
import json, sys
rep = json.load(open(sys.argv[1]))
res = rep["results"]
rss_kb = int(open(sys.argv[2]).read().split()[-1])
wall = lambda n: res[n]["median_wall"]
cpu = lambda n: res[n]["median_cpu"]
busy = rep["busy"]

def verdict(ok):
    if ok:
        return "not judged: machine busy" if busy else "met"
    return "NOT met (machine busy: an upper bound)" if busy else "NOT met"

print()
print(f"splits: {wall('splits'):.3f} s wall, {cpu('splits'):.3f} s CPU (< 1 s wall): "
      f"{verdict(wall('splits') < 1)}; {wall('splits') / wall('wc'):.1f}x wc -l")
# memory does not depend on the load
print(f"splits: peak memory {rss_kb / 1024:.1f} MB (< 64 MB): {'met' if rss_kb < 64 * 1024 else 'NOT met'}")
print(f"exit-sim --all: {wall('exit-all'):.3f} s wall, {cpu('exit-all'):.3f} s CPU (< 0.5 s wall): "
      f"{verdict(wall('exit-all') < 0.5)}")
print(f"diff: {wall('diff'):.3f} s wall, {cpu('diff'):.3f} s CPU on two threads (< 0.3 s wall): "
      f"{verdict(wall('diff') < 0.3)}; the bare parse of one side: {wall('parse-one-side'):.3f} s wall, "
      f"{cpu('parse-one-side'):.3f} s CPU")
ratio = cpu("royalty") / cpu("splits")
print(f"royalty terms / plain charter, CPU: {ratio:.3f}x (< 1.1x): {verdict(ratio < 1.1)}")
print(f"load average {rep['load_before'][0]:.2f} before, {rep['load_after'][0]:.2f} after, "
      f"{rep['cores']} cores; other processes: {rep['others_cores']:.2f} of a core"
      f"{': busy, wall times are upper bounds' if busy else ', under 0.10: the machine was idle'}")
PY
