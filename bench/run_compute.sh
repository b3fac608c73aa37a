#!/usr/bin/env bash
# Benchmarks of the computing commands, each against its target:
#   splits:   a 1,000,000-row ledger (4 streams, 40 quarters, ~40 MB) through a
#             charter with every step type: < 1 s wall, < 64 MB peak memory,
#             timed beside `wc -l` over the same file (the I/O floor);
#   exit-sim: --all on 12 parties, 20 triggers, 2,000 assets: < 0.5 s wall;
#   diff:     two ~1 MB charters (2,500 assets, 250 milestones) differing in
#             1% of their values: < 0.3 s wall.
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
[ -f "$data/ledger-1m.csv" ] || $py bench/gen_big.py ledger "$data/ledger-1m.csv"
[ -f "$data/exit.charter.yaml" ] || $py bench/gen_big.py exit "$data/exit.charter.yaml"
[ -f "$data/old.charter.yaml" ] || $py bench/gen_big.py diff "$data/old.charter.yaml" "$data/new.charter.yaml"

# the inputs must be valid, or the timings measure the wrong thing
"$charter" validate --strict --quiet "$data/ledger.charter.yaml" "$data/exit.charter.yaml" \
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
