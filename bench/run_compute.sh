#!/usr/bin/env bash
# Benchmarks of the computing commands, each against its target:
#   splits:   a 1,000,000-row ledger (4 streams, 40 quarters, ~40 MB) through a
#             charter with every step type: < 1 s wall, < 64 MB peak memory,
#             timed beside `wc -l` over the same file (the I/O floor);
#   exit-sim: --all on 12 parties, 20 triggers, 2,000 assets: < 0.5 s wall;
#   diff:     two ~1 MB charters (2,500 assets, 250 milestones) differing in
#             1% of their values: < 0.3 s wall;
#   royalty:  the same ledger through the ledger charter with annual and whole
#             tiers, minimums, royalty terms and step-downs: < 1.1x splits,
#             the two run one after the other, alternately (ROYALTY_RUNS pairs).
# Usage: bench/run_compute.sh [BUILD_DIR]   (default build-release)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-release}
charter="$build/charter"
[ -x "$charter" ] || { echo "build first: cmake -S . -B $build -G Ninja -DCMAKE_BUILD_TYPE=Release && ninja -C $build" >&2; exit 2; }
command -v hyperfine >/dev/null || { echo "hyperfine is needed (scripts/deps.sh installs it)" >&2; exit 2; }
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

runs=${RUNS:-5}
hyperfine -N --warmup 1 --runs "$runs" --export-json "$data/compute.json" \
  -n splits "$charter splits $data/ledger.charter.yaml --ledger $data/ledger-1m.csv --format csv -o /dev/null" \
  -n wc "wc -l $data/ledger-1m.csv" \
  -n exit-all "$charter exit-sim $data/exit.charter.yaml --all --on 2027-01-01 -o /dev/null" \
  -i -n diff "$charter diff $data/old.charter.yaml $data/new.charter.yaml" >/dev/null 2>&1 || true
/usr/bin/time -f '%M' -o "$data/splits.rss" "$charter" splits "$data/ledger.charter.yaml" --ledger "$data/ledger-1m.csv" \
  --format csv -o /dev/null

$py - "$data/compute.json" "$data/splits.rss" <<'PY'
import json, sys
res = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
rss_kb = int(open(sys.argv[2]).read().split()[-1])
med = lambda n: res[n]["median"]
cpu = lambda n: sum(res[n]["user"] for _ in [0]) + res[n]["system"]
print(f"{'command':<10} {'median wall':>12} {'mean user+sys':>14}")
for n in ["splits", "wc", "exit-all", "diff"]:
    print(f"{n:<10} {med(n):>11.3f}s {res[n]['user'] + res[n]['system']:>13.3f}s")
def verdict(ok): return "met" if ok else "NOT met"
print()
print(f"splits: {med('splits'):.3f} s wall (< 1 s): {verdict(med('splits') < 1)}; "
      f"{med('splits') / med('wc'):.1f}x wc -l")
print(f"splits: peak memory {rss_kb / 1024:.1f} MB (< 64 MB): {verdict(rss_kb < 64 * 1024)}")
print(f"exit-sim --all: {med('exit-all'):.3f} s wall (< 0.5 s): {verdict(med('exit-all') < 0.5)}")
print(f"diff: {med('diff'):.3f} s wall (< 0.3 s): {verdict(med('diff') < 0.3)}")
PY

# royalty terms against the plain charter, interleaved so that both see the
# same load; user+sys CPU is the figure to compare on a shared machine
pairs=${ROYALTY_RUNS:-5}
: >"$data/royalty.times"
for _ in $(seq "$pairs"); do
  for which in ledger royalty; do
    /usr/bin/time -f "$which %e %U %S" -a -o "$data/royalty.times" "$charter" splits \
      "$data/$which.charter.yaml" --ledger "$data/ledger-1m.csv" --format csv -o /dev/null
  done
done
$py - "$data/royalty.times" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY'
import statistics, sys
runs = {"ledger": [], "royalty": []}
for line in open(sys.argv[1]):
    which, wall, user, sys_ = line.split()
    runs[which].append((float(wall), float(user) + float(sys_)))
wall = {k: statistics.median(w for w, _ in v) for k, v in runs.items()}
cpu = {k: statistics.median(c for _, c in v) for k, v in runs.items()}
print()
print(f"royalty terms, {len(runs['ledger'])} interleaved pairs, load average {sys.argv[2]}:")
for k in ("ledger", "royalty"):
    print(f"  {k:<8} median wall {wall[k]:.3f} s, median user+sys {cpu[k]:.3f} s")
ratio = cpu["royalty"] / cpu["ledger"]
print(f"royalty / ledger CPU: {ratio:.3f}x (< 1.1x): {'met' if ratio < 1.1 else 'NOT met'}")
PY
