#!/usr/bin/env bash
# Benchmark `charter validate` against the bare yaml-cpp event parse.
#
#   bench/run.sh [BUILD_DIR]          (default: build-release)
#
# BUILD_DIR must hold `charter` and `bench/charter_bench_parse`; this script
# builds nothing. It generates the corpus if it is missing or stale (10,000
# charters of about 5 KB in bench/data/many/, one in bench/data/one.charter.yaml),
# checks that `charter validate` finds no error and no warning in it, times
# seven commands with hyperfine, and prints the medians and the four targets.
# Every run but the warm-cache ones passes --no-cache: without it, the default
# cache (.charter-cache at the work tree's root) would answer the timed runs
# after the warm-up one.
#
# Environment: RUNS (timed runs of the 10,000-file commands, default 5),
# WARM_RUNS (timed runs on a warm result cache, default 20),
# COUNT (corpus size, default 10000: smaller only for a quick smoke run),
# ONE_RUNS (runs of the single-file command, default 200), BENCH_STRICT=1
# (exit 1 when a target is not met; by default only a broken setup or an
# invalid corpus makes the script fail).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
cd "$root"

build=${1:-build-release}
build=${build%/}
charter=$build/charter
parse=$build/bench/charter_bench_parse
runs=${RUNS:-5}
one_runs=${ONE_RUNS:-200}
warm_runs=${WARM_RUNS:-20}
count=${COUNT:-10000}

die() {
    echo "bench/run.sh: $*" >&2
    exit 1
}

[[ -x $charter ]] || die "$charter not found: build first (see bench/README.md)"
[[ -x $parse ]] || die "$parse not found: build first (see bench/README.md)"
command -v hyperfine >/dev/null || die "hyperfine not found (apt-get install hyperfine)"
[[ -x /usr/bin/python3 ]] || die "/usr/bin/python3 not found"

# --- corpus -------------------------------------------------------------------
source bench/corpus.sh
make_corpus "$count"

# --- the corpus must be valid: a benchmark on invalid input measures the wrong thing
echo "checking that the corpus validates with no error and no warning ..."
set +e
"$charter" validate --no-cache --strict --format json --jobs 2 "$many" >"$data/validate-check.json" 2>"$data/validate-check.err"
rc=$?
"$charter" validate --no-cache --strict "$one" >"$data/validate-one.txt" 2>&1
rc_one=$?
set -e
/usr/bin/python3 - "$data/validate-check.json" "$rc" "$count" <<'EOF' || die "the generated corpus does not validate cleanly (see $data/validate-check.json and $data/validate-check.err); fix bench/gen_charters.py or report the validator bug"
import json, sys
path, rc, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
try:
    report = json.load(open(path))
except ValueError as e:
    sys.exit("validate --format json did not print JSON (%s); exit status %d" % (e, rc))
files = report.get("files", [])
shown = 0
for f in files:
    for d in f.get("diagnostics", []):
        if shown < 20:
            print("  %s:%s:%s: %s[%s]: %s" % (f.get("path"), d.get("line"), d.get("column"),
                  d.get("severity"), d.get("code"), d.get("message")))
        shown += 1
errors, warnings = report.get("errors"), report.get("warnings")
print("  %d files checked: %s errors, %s warnings, exit status %d" % (len(files), errors, warnings, rc))
if rc != 0 or errors != 0 or warnings != 0 or shown or len(files) != count:
    if len(files) != count:
        print("  expected %d files" % count)
    sys.exit(1)
EOF
if [[ $rc_one -ne 0 ]]; then
    cat "$data/validate-one.txt" >&2
    die "$one does not validate cleanly (exit status $rc_one)"
fi

# --- timings --------------------------------------------------------------------
cores=$(nproc)
read -r load1 _ </proc/loadavg
if awk -v l="$load1" -v c="$cores" 'BEGIN {exit !(l > 0.25 * c)}'; then
    echo "warning: the machine is busy (load average $load1 on $cores cores): the figures will be noisy" >&2
fi

# CPU time of this script's children so far (hyperfine and what it runs),
# into $child_cpu, from the `times` builtin: called in this shell, never in
# a $(...) subshell, which would count only its own children
children_cpu() {
    times >"$data/times.txt"
    child_cpu=$(sed -n 2p "$data/times.txt" |
        awk '{ s = 0; for (i = 1; i <= 2; i++) { split($i, a, "m"); s += a[1] * 60 + a[2] } printf "%.3f", s }')
}
children_cpu
/usr/bin/python3 bench/machine.py mark "$data/machine.json" "$child_cpu"

q() { printf '%q' "$1"; }
# -N: no intermediate shell, so the single-file figure is the command's own time.
hf() {
    local name=$1 warm=$2 n=$3 cmd=$4
    echo
    echo "== $name: $cmd"
    hyperfine -N --warmup "$warm" --runs "$n" --command-name "$name" \
        --export-json "$data/$name.json" "$cmd"
}
hf validate-j1 1 "$runs" "$(q "$charter") validate --no-cache --quiet --jobs 1 $(q "$many")"
hf validate-j2 1 "$runs" "$(q "$charter") validate --no-cache --quiet --jobs 2 $(q "$many")"
hf parse-j1 1 "$runs" "$(q "$parse") --jobs 1 $(q "$many")"
hf parse-j2 1 "$runs" "$(q "$parse") --jobs 2 $(q "$many")"
hf validate-one 5 "$one_runs" "$(q "$charter") validate --no-cache $(q "$one")"
# the result cache: a fresh folder, filled by the warm-up run, then every
# timed run re-validates the unchanged files from it
cache=$data/cache
rm -rf "$cache"
hf validate-warm-j2 1 "$warm_runs" "$(q "$charter") validate --cache-dir $(q "$cache") --quiet --jobs 2 $(q "$many")"
hf validate-warm-j1 1 "$warm_runs" "$(q "$charter") validate --cache-dir $(q "$cache") --quiet --jobs 1 $(q "$many")"
entries=$(find "$cache/v1" -type f ! -name '.*' | wc -l)
cache_bytes=$(du -sb "$cache" | cut -f1)
read -r load_end _ </proc/loadavg
children_cpu
others=$(/usr/bin/python3 bench/machine.py others "$data/machine.json" "$child_cpu")

# --- summary --------------------------------------------------------------------
version=$("$charter" --version 2>/dev/null | head -n 1 || true)
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ -n $(git status --porcelain --untracked-files=no 2>/dev/null || true) ]]; then
    commit="$commit (with uncommitted changes)"
fi
cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)

/usr/bin/python3 - "$data" "$count" "$bytes" "$cores" "$load1" "$commit" "${version:-unknown}" "${cpu:-unknown}" \
    "$load_end" "$entries" "$cache_bytes" "$others" <<'EOF' | tee "$data/summary.txt"
import json, sys
sys.path.insert(0, "bench")
import machine
data, count, nbytes, cores, load1, commit, version, cpu, load_end, entries, cache_bytes, others = sys.argv[1:13]
count, nbytes, cores = int(count), int(nbytes), int(cores)
# no "met" on a busy machine: other processes took more than a tenth of a
# core during the runs (machine.py; the load average counts our own jobs)
busy = machine.is_busy(float(others))
def verdict(ok):
    return ("not judged: machine busy" if busy else "met") if ok else "NOT met"

def result(name):
    with open("%s/%s.json" % (data, name)) as f:
        return json.load(f)["results"][0]

rows = [("validate-j1", "(a) charter validate --quiet --jobs 1, %d files" % count),
        ("validate-j2", "(b) charter validate --quiet --jobs 2, %d files" % count),
        ("parse-j1", "(c) charter_bench_parse --jobs 1, %d files" % count),
        ("parse-j2", "(d) charter_bench_parse --jobs 2, %d files" % count),
        ("validate-one", "(e) charter validate, one file"),
        ("validate-warm-j2", "(f) (b) on a warm result cache"),
        ("validate-warm-j1", "(g) (a) on a warm result cache")]
r = {name: result(name) for name, _ in rows}
med = {name: r[name]["median"] for name in r}

print()
print("%s, commit %s" % (version, commit))
print("%s, %d cores, load average %s at start, %s at the end" % (cpu, cores, load1, load_end))
print(machine.verdict_note(float(others)))
print("corpus: %d files, %.1f MB (%.2f KB a file)" % (count, nbytes / 1e6, nbytes / count / 1024))
print()
print("%-50s %10s %10s %10s %10s %10s" % ("command", "median", "min", "stddev", "cpu", "files/s"))
for name, label in rows:
    x = r[name]
    n = 1 if name == "validate-one" else count
    def ms(v):
        return "%.1f ms" % (v * 1e3) if v < 1 else "%.2f s" % v
    cpu_time = (x.get("user") or 0.0) + (x.get("system") or 0.0)
    print("%-50s %10s %10s %10s %10s %10.0f" % (label, ms(x["median"]), ms(x["min"]),
                                               ms(x.get("stddev") or 0.0), ms(cpu_time), n / x["median"]))
print()

checks = []
overhead = med["validate-j1"] / med["parse-j1"]
checks.append(overhead <= 1.5)
print("full validation <= 1.5x bare parse (a/c):    %.2fx   %s" % (overhead, verdict(checks[-1])))
speedup = med["validate-j1"] / med["validate-j2"]
checks.append(speedup >= 1.7)
note = "" if cores >= 2 else "   (only %d core here)" % cores
print("--jobs 2 >= 1.7x faster than --jobs 1 (a/b): %.2fx   %s%s" % (speedup, verdict(checks[-1]), note))
single = med["validate-one"] * 1e3
checks.append(single < 10)
print("single file < 10 ms wall (e, median):        %.1f ms  %s" % (single, verdict(checks[-1])))
warm = med["validate-warm-j2"]
checks.append(warm <= 0.3)
print("warm cache, %d unchanged files <= 0.3 s (f): %.3f s  %s  (%.1fx faster than (b))" % (
    count, warm, verdict(checks[-1]), med["validate-j2"] / warm))
print("(the cache: %s entries, %.1f MB)" % (entries, int(cache_bytes) / 1e6))
print("(for reference: the bare parse scales %.2fx from 1 to 2 jobs (c/d); "
      "CPU time, mean user+system, of (a)/(c) is %.2fx)" % (
          med["parse-j1"] / med["parse-j2"],
          (r["validate-j1"]["user"] + r["validate-j1"]["system"]) / (r["parse-j1"]["user"] + r["parse-j1"]["system"])))
with open("%s/targets-met" % data, "w") as f:
    f.write("%d\n" % all(checks))
EOF

if [[ ${BENCH_STRICT:-0} == 1 && "$(cat "$data/targets-met")" != 1 ]]; then
    exit 1
fi
