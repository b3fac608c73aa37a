#!/usr/bin/env bash
# charter validate beside its peers, on the same files, in one run.
#
#   bench/compare.sh [BUILD_DIR]          (default: build-release)
#
# Times, interleaved (bench/interleave.py: each round runs every command once),
# over the benchmark corpus (bench/gen_charters.py, COUNT files, default 10,000)
# and over one file of it:
#   - charter validate, cold (--no-cache when the binary has a cache), one and
#     two jobs; warm (a cache filled by the first run, --cache-dir on a
#     temporary folder) when `charter validate --help` mentions --cache-dir;
#   - the bare yaml-cpp event parse (charter_bench_parse), one and two jobs;
#   - ajv + js-yaml (bench/peers/ajv_check.js) and python-jsonschema + PyYAML
#     (bench/peers/jsonschema_check.py), checking the same files against the
#     project's own schema (schemas/charter.schema.json): structure only.
# ajv and js-yaml are installed from npm into a temporary folder; when npm
# cannot reach a registry, Debian's node-ajv and node-js-yaml are used (the
# script says which). python3-jsonschema and python3-yaml come from Debian
# (scripts/deps.sh). It prints medians of wall and CPU time (user + system),
# ratios, the load average and the CPU other processes took; on a busy
# machine (others above a tenth of a core during the runs: bench/machine.py)
# no verdict says "met".
#
# Environment: COUNT (default 10000), RUNS (rounds over the corpus, default 3),
# ONE_RUNS (rounds over one file, default 20), SKIP_PYTHON_MANY=1 (leave out
# python-jsonschema over the corpus: about 100 s a round).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
cd "$root"

build=${1:-build-release}
build=${build%/}
charter=$build/charter
parse=$build/bench/charter_bench_parse
count=${COUNT:-10000}
runs=${RUNS:-3}
one_runs=${ONE_RUNS:-20}
py=/usr/bin/python3
schema=schemas/charter.schema.json

die() {
    echo "bench/compare.sh: $*" >&2
    exit 2
}

[[ -x $charter ]] || die "$charter not found: build first (see bench/README.md)"
[[ -x $parse ]] || die "$parse not found: build the charter_bench_parse target"
command -v node >/dev/null || die "node not found (scripts/deps.sh installs nodejs)"
$py -c 'import jsonschema, yaml' 2>/dev/null ||
    die "python3-jsonschema and python3-yaml are needed (scripts/deps.sh installs them)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/charter-compare.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# --- peers: ajv and js-yaml in a temporary folder --------------------------------
node_source=""
if command -v npm >/dev/null &&
    npm install --silent --no-audit --no-fund --prefix "$tmp/npm" ajv js-yaml >"$tmp/npm.log" 2>&1; then
    node_path=$tmp/npm/node_modules
    node_source="npm (into a temporary folder): ajv $(node -p "require('$node_path/ajv/package.json').version"), js-yaml $(node -p "require('$node_path/js-yaml/package.json').version")"
elif [[ -d /usr/share/nodejs/ajv && -d /usr/share/nodejs/js-yaml ]]; then
    node_path=/usr/share/nodejs
    node_source="Debian's node-ajv and node-js-yaml (npm could not install: see below): ajv $(node -p "require('$node_path/ajv/package.json').version"), js-yaml $(node -p "require('$node_path/js-yaml/package.json').version")"
    tail -n 3 "$tmp/npm.log" 2>/dev/null | sed 's/^/  npm: /' >&2 || true
else
    die "neither npm nor Debian's node-ajv and node-js-yaml can provide ajv and js-yaml"
fi
py_source="python-jsonschema $($py -c 'import importlib.metadata as m; print(m.version("jsonschema"))'), PyYAML $($py -c 'import yaml; print(yaml.__version__, "(C loader)" if hasattr(yaml, "CSafeLoader") else "(pure Python)")')"

# --- corpus (the same one as run.sh) ---------------------------------------------
source bench/corpus.sh
make_corpus "$count"

# --- charter's cache flags, if this binary has them --------------------------------
help=$("$charter" validate --help 2>&1 || true)
cold=()
[[ $help == *--no-cache* ]] && cold=(--no-cache)
warm=""
if [[ $help == *--cache-dir* ]]; then
    warm=$tmp/cache
else
    echo "note: this charter has no --cache-dir: the warm-cache rows are left out"
fi

# --- the commands ------------------------------------------------------------------
$py - "$tmp" "$charter" "$parse" "$schema" "$many" "$one" "$node_path" "$warm" "${SKIP_PYTHON_MANY:-0}" \
    "${cold[@]}" <<'PY'
import json, sys
tmp, charter, parse, schema, many, one, node_path, warm, skip_py = sys.argv[1:10]
cold = sys.argv[10:]
node = ["env", "NODE_PATH=" + node_path, "node", "bench/peers/ajv_check.js", schema]
python = ["/usr/bin/python3", "bench/peers/jsonschema_check.py", schema]
def rows(target, jobs):
    out = []
    for j in jobs:
        out.append({"name": f"charter cold -j{j}",
                    "argv": [charter, "validate", "--quiet", "--jobs", str(j)] + cold + [target]})
        if warm:
            out.append({"name": f"charter warm -j{j}",
                        "argv": [charter, "validate", "--quiet", "--jobs", str(j), "--cache-dir",
                                 warm, target]})
    for j in jobs:
        out.append({"name": f"bare parse -j{j}", "argv": [parse, "--jobs", str(j), target]})
    out.append({"name": "ajv + js-yaml", "argv": node + [target]})
    return out
many_rows = rows(many, [1, 2])
if skip_py != "1":
    many_rows.append({"name": "python-jsonschema", "argv": python + [many]})
one_rows = rows(one, [1]) + [{"name": "python-jsonschema", "argv": python + [one]}]
json.dump(many_rows, open(tmp + "/many.json", "w"))
json.dump(one_rows, open(tmp + "/one.json", "w"))
PY

echo "peers: $node_source; $py_source"
echo
echo "== one file ($(stat -c %s "$one") bytes), $one_runs rounds"
$py bench/interleave.py "$tmp/one.json" "$data/compare-one.json" --runs "$one_runs"
echo
echo "== $count files ($(awk -v b="$bytes" 'BEGIN {printf "%.1f", b / 1e6}') MB), $runs rounds"
$py bench/interleave.py "$tmp/many.json" "$data/compare-many.json" --runs "$runs"

# --- ratios and verdicts ---------------------------------------------------------------
$py - "$data/compare-one.json" "$data/compare-many.json" "$count" <<'PY'
import json, sys
one, many = (json.load(open(p)) for p in sys.argv[1:3])
count = int(sys.argv[3])
busy = one["busy"] or many["busy"]

def verdict(ok):
    if ok:
        return "not judged: machine busy" if busy else "met"
    return "NOT met (machine busy)" if busy else "NOT met"

def t(s):
    return "%.1f ms" % (s * 1e3) if s < 1 else "%.2f s" % s

def show(rep, base, title):
    res = rep["results"]
    b = res[base]
    print(title)
    print("  %-24s %11s %11s %13s %13s" % ("", "wall", "CPU", "wall / charter", "CPU / charter"))
    for name, x in res.items():
        print("  %-24s %11s %11s %13.2fx %13.2fx" % (
            name, t(x["median_wall"]), t(x["median_cpu"]), x["median_wall"] / b["median_wall"],
            x["median_cpu"] / b["median_cpu"]))

print()
show(one, "charter cold -j1", "one file (a pre-commit hook), medians; ratios to charter cold:")
show(many, "charter cold -j1", "%d files, medians; ratios to charter cold -j1:" % count)
r = many["results"]
print()
own = r["charter cold -j1"]["median_cpu"] / r["bare parse -j1"]["median_cpu"]
print("validate's own cost, CPU of charter cold -j1 / bare parse -j1: %.2fx (<= 1.2x): %s" % (
    own, verdict(own <= 1.2)))
if "charter warm -j2" in r:
    w = r["charter warm -j2"]["median_wall"]
    print("warm cache, %d unchanged files on two jobs: %s wall (<= 0.3 s): %s" % (
        count, t(w), verdict(w <= 0.3)))
o = one["results"]
peers = [n for n in o if n in ("ajv + js-yaml", "python-jsonschema")]
fastest_peer = min(o[n]["median_wall"] for n in peers)
lead = fastest_peer / o["charter cold -j1"]["median_wall"]
print("one file: charter is %.1fx faster than the fastest peer (wall; >= 20x): %s" % (
    lead, verdict(lead >= 20)))
print("load average: one file %.2f -> %.2f, %d files %.2f -> %.2f, on %d cores" % (
    one["load_before"][0], one["load_after"][0], count, many["load_before"][0],
    many["load_after"][0], many["cores"]))
print("other processes: %.2f of a core (one file), %.2f (%d files)%s" % (
    one["others_cores"], many["others_cores"], count,
    ": busy, wall times are upper bounds" if busy else ", under 0.10: the machine was idle"))
PY
