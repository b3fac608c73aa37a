#!/usr/bin/env bash
# Benchmark `charter render` (HTML and Markdown) on the ~1 MB generated
# charter of the diff benchmark (2,500 assets, 250 milestones; gen_big.py
# diff). Issue 12's target: under 1 s and under 100 MB each.
#
#   bench/render.sh [BUILD_DIR]          (default: build-release)
#
# Environment: RUNS (default 5).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
cd "$root"

build=${1:-build-release}
charter=${build%/}/charter
runs=${RUNS:-5}
data=bench/data/render
input=$data/big.charter.yaml

[[ -x $charter ]] || { echo "bench/render.sh: $charter not found: build first" >&2; exit 1; }
command -v hyperfine >/dev/null || { echo "bench/render.sh: hyperfine not found" >&2; exit 1; }
[[ -x /usr/bin/time ]] || { echo "bench/render.sh: GNU time not found (apt-get install time)" >&2; exit 1; }

stamp=$(sha256sum bench/gen_big.py | cut -d' ' -f1)
if [[ ! -f $data/.stamp || "$(cat "$data/.stamp")" != "$stamp" ]]; then
    rm -rf "$data"
    mkdir -p "$data"
    /usr/bin/python3 bench/gen_big.py diff "$input" "$data/other.charter.yaml"
    echo "$stamp" >"$data/.stamp"
fi
echo "input: $input, $(stat -c %s "$input") bytes"
"$charter" render "$input" --on 2030-01-01 -o "$data/big.html" ||
    { echo "the charter does not render without errors" >&2; exit 1; }
echo "output: $(stat -c %s "$data/big.html") bytes of HTML"

json=$(mktemp)
trap 'rm -f "$json"' EXIT
hyperfine --warmup 1 --runs "$runs" --export-json "$json" \
    -n html "$charter render $input --on 2030-01-01 -o $data/big.html" \
    -n markdown "$charter render $input --on 2030-01-01 --format markdown -o $data/big.md"
for format in html markdown; do
    /usr/bin/time -f "$format: peak RSS %M KB, %e s wall, %U s user, %S s system" \
        "$charter" render "$input" --on 2030-01-01 --format "$format" -o "$data/big.out"
done
/usr/bin/python3 - "$json" <<'PY'
import json, statistics, sys
for r in json.load(open(sys.argv[1]))["results"]:
    m = statistics.median(r["times"])
    print("%s: median %.3f s (target < 1 s: %s)" % (r["command"], m, "met" if m < 1 else "NOT met"))
PY
uptime
