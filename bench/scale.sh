#!/usr/bin/env bash
# Growth benchmark: does each command's time and memory grow at most as
# n log n in the size of its input? For each axis (parties, assets,
# milestones, dependency chain length, number of files) it generates valid
# charters at 1x, 10x and 100x a base size (gen_scale.py, cached in
# bench/data/scale/), times each command that reads that axis with
# /usr/bin/time (wall s, user s, peak RSS) under `timeout`, and prints one
# table with the growth exponent between 10x and 100x:
#   log(t(100x) / t(10x)) / log(10): 1.0 linear, about 1.1 n log n,
#   2.0 quadratic; above 1.3 is flagged with `!`.
#
# Usage: bench/scale.sh [BUILD_DIR]     (default build-release; builds nothing)
# Environment:
#   SCALE_TIMEOUT=120    seconds per command run; a timeout is a figure (> N s)
#   SCALE_RUNS=3         runs per command and size (the fastest counts); a run
#                        over 15 s is not repeated
#   SCALE_AXES="parties assets milestones chain files"   a subset to run
#   SCALE_MEM_KB=8388608 virtual memory limit per run (ulimit -v), so that a
#                        runaway allocation fails instead of taking the machine
#   SCALE_BASE_PARTIES=500 SCALE_BASE_ASSETS=400 SCALE_BASE_MILESTONES=400
#   SCALE_BASE_CHAIN=500 SCALE_BASE_FILES=100   the 1x sizes (100x stays under 8 MiB)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-release}
charter="$build/charter"
[ -x "$charter" ] || { echo "build first: cmake -S . -B $build -G Ninja -DCMAKE_BUILD_TYPE=Release -DCHARTER_TESTS=OFF && ninja -C $build charter" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time (GNU time) is needed" >&2; exit 2; }
command -v timeout >/dev/null || { echo "timeout (coreutils) is needed" >&2; exit 2; }

py=/usr/bin/python3
data=bench/data/scale
mkdir -p "$data"
tmo=${SCALE_TIMEOUT:-120}
runs=${SCALE_RUNS:-3}
memkb=${SCALE_MEM_KB:-8388608}
axes=${SCALE_AXES:-parties assets milestones chain files}
declare -A base=(
  [parties]=${SCALE_BASE_PARTIES:-500}
  [assets]=${SCALE_BASE_ASSETS:-400}
  [milestones]=${SCALE_BASE_MILESTONES:-400}
  [chain]=${SCALE_BASE_CHAIN:-500}
  [files]=${SCALE_BASE_FILES:-100}
)
factors="1 10 100"

results="$data/results.tsv"
log="$data/stderr.log"
: >"$results"
: >"$log"
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
state="commit $commit, $charter built $(date -u -r "$charter" '+%Y-%m-%d %H:%M UTC')"
if [ -n "$(git status --porcelain --untracked-files=no -- lib cmd CMakeLists.txt 2>/dev/null)" ]; then
  state="$state with uncommitted changes in lib/ or cmd/"
fi

# measure AXIS COMMAND FACTOR EXPECTED_STATUS CMD...: append one line to $results:
#   axis command factor n status wall user rss_kb
# status is ok, timeout or err:<exit status>; the fastest of the runs counts.
measure() {
  local axis=$1 name=$2 factor=$3 n=$4 want=$5
  shift 5
  local best="" status=ok tf="$data/time.out" r rc line wall user rss
  for ((r = 1; r <= runs; r++)); do
    rc=0
    ( ulimit -v "$memkb"; exec /usr/bin/time -f '%e %U %M' -o "$tf" timeout -k 5 "$tmo" "$@" >/dev/null 2>"$data/cmd.err" ) || rc=$?
    line=$(tail -n 1 "$tf")
    read -r wall user rss <<<"$line"
    if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
      status=timeout
    elif [ "$rc" -ne "$want" ]; then
      status="err:$rc"
      { echo "== $axis $name ${factor}x (n=$n): exit status $rc: $*"; head -n 5 "$data/cmd.err"; } >>"$log"
    fi
    if [ "$status" != ok ]; then
      best="$wall $user $rss"
      break
    fi
    if [ -z "$best" ] || awk -v a="$wall" -v b="${best%% *}" 'BEGIN { exit !(a < b) }'; then
      best="$wall $user $rss"
    fi
    awk -v a="$wall" 'BEGIN { exit !(a > 15) }' && break
  done
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$axis" "$name" "$factor" "$n" "$status" "${best// /$'\t'}" >>"$results"
  printf '  %-10s %-9s %4sx n=%-6s %-8s %s\n' "$axis" "$name" "$factor" "$n" "$status" "$best" >&2
}

party_id() {  # the id gen_scale.py gives party I of N: p01, p001, p0001, ...
  local last=$(( $2 - 1 )) width
  width=${#last}
  ((width < 2)) && width=2
  printf "p%0${width}d" "$1"
}

echo "charter scale benchmark: $charter, commit $commit, load average $load_start" >&2
for axis in $axes; do
  [ -n "${base[$axis]:-}" ] || { echo "unknown axis: $axis" >&2; exit 2; }
  for f in $factors; do
    n=$(( base[$axis] * f ))
    if [ "$axis" = files ]; then
      in="$data/files-$n"
      $py bench/gen_scale.py files "$n" "$in"
      measure "$axis" validate "$f" "$n" 0 "$charter" validate --no-cache --strict --quiet --jobs 1 "$in"
      continue
    fi
    in="$data/$axis-$n.charter.yaml"
    changed="$data/$axis-$n.changed.charter.yaml"
    $py bench/gen_scale.py "$axis" "$n" "$in"
    $py bench/gen_scale.py "$axis" "$n" "$changed" --changed
    # validate --strict doubles as the check that the input is valid: a
    # non-zero status is reported as an error in the table
    measure "$axis" validate "$f" "$n" 0 "$charter" validate --no-cache --strict --quiet --jobs 1 "$in"
    case $axis in
      parties) measure "$axis" splits "$f" "$n" 0 "$charter" splits "$in" --revenue sales=12_000_000 --revenue licensing=1_000_000 ;;
      assets) measure "$axis" splits "$f" "$n" 0 "$charter" splits "$in" --revenue sales=12_000_000 ;;
    esac
    case $axis in
      parties | assets | milestones)
        if [ "$axis" = parties ]; then by=$(party_id 1 "$n"); else by=p01; fi
        measure "$axis" exit-sim "$f" "$n" 0 "$charter" exit-sim "$in" --trigger quit --by "$by" --on 2027-01-01 ;;
    esac
    # status 1: differences found (one value changed)
    measure "$axis" diff "$f" "$n" 1 "$charter" diff "$in" "$changed"
  done
done
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

$py - "$results" "$tmo" "$runs" "$state" "$load_start" "$load_end" "$(date -u +%Y-%m-%d)" <<'PY' | tee "$data/summary.txt"
import math, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
tmo = float(sys.argv[2])
runs, state, load_start, load_end, date = sys.argv[3:8]
res = {}
order = []
for axis, cmd, f, n, status, wall, user, rss in rows:
    key = (axis, cmd)
    if key not in res:
        res[key] = {}
        order.append(key)
    res[key][int(f)] = dict(n=int(n), status=status, wall=float(wall or 0), user=float(user or 0), rss=int(rss or 0))

def cell_t(r):
    if r is None:
        return "-"
    if r["status"] == "timeout":
        return f"> {tmo:g} s"
    if r["status"] != "ok":
        return r["status"].replace("err:", "exit ")
    return f"{r['wall']:.2f} s"

def cell_m(r):
    if r is None or r["rss"] == 0:
        return "-"
    mb = r["rss"] / 1024
    return (">= " if r["status"] == "timeout" else "") + (f"{mb:.0f} MB" if mb >= 100 else f"{mb:.1f} MB")

def exponent(r10, r100, field):
    """(text, flagged) for the growth of field from 10x to 100x."""
    if not r10 or not r100 or r10["status"] != "ok":
        return "n/a", False
    a = r10[field]
    if r100["status"] == "timeout":
        b = {"wall": tmo, "user": r100["user"], "rss": r100["rss"]}[field]
        lower = True
    elif r100["status"] != "ok":
        return "n/a", False
    else:
        b = r100[field]
        lower = False
    if a <= 0 or b <= 0:
        return "n/a (< 0.01 s)", False
    e = math.log(b / a) / math.log(10)
    text = ("> " if lower else "") + f"{e:.2f}"
    startup = field != "rss" and not lower and b < 0.05
    if startup:
        return text + " (start-up)", False
    if e > 1.3:
        return text + " !", True
    return text, False

hdr = ["axis", "command", "n at 1x/10x/100x", "1x time", "1x mem", "10x time", "10x mem",
       "100x time", "100x mem", "time exp", "cpu exp", "mem exp"]
table = []
flagged = []
for key in order:
    r = res[key]
    ns = "/".join(f"{r[f]['n']:,}" if f in r else "-" for f in (1, 10, 100))
    et, ft = exponent(r.get(10), r.get(100), "wall")
    ec, fc = exponent(r.get(10), r.get(100), "user")
    em, fm = exponent(r.get(10), r.get(100), "rss")
    if ft or fc or fm:
        flagged.append(f"{key[0]} {key[1]}: time {et}, cpu {ec}, memory {em}")
    table.append([key[0], key[1], ns, cell_t(r.get(1)), cell_m(r.get(1)), cell_t(r.get(10)), cell_m(r.get(10)),
                  cell_t(r.get(100)), cell_m(r.get(100)), et, ec, em])
w = [max(len(str(x)) for x in col) for col in zip(hdr, *table)]
print(f"{date}, {state}, load average {load_start} at the start, {load_end} at the end")
print(f"wall time and peak RSS, fastest of up to {runs} runs, each under timeout {tmo:g} s")
print("  ".join(h.ljust(w[i]) for i, h in enumerate(hdr)))
for row in table:
    print("  ".join(str(x).ljust(w[i]) if i < 3 else str(x).rjust(w[i]) for i, x in enumerate(row)))
print()
print("exp = log(value at 100x / value at 10x) / log(10), the growth exponent of wall time (time),")
print("  user CPU time (cpu) and peak memory (mem): 1.0 linear, about 1.1 n log n, 2.0 quadratic;")
print("  '!' marks one above 1.3. On a busy machine wall time is inflated at random: cpu is steadier.")
print("  (start-up): the 100x time is under 0.05 s, mostly process start-up; not flagged.")
print("  '> x': the 100x run timed out (time: at least x; cpu and memory: up to when it was stopped,")
print("  also lower bounds); memory '>=' is the peak when it was stopped.")
print("  exit N: the command failed with that status (see bench/data/scale/stderr.log).")
print()
if flagged:
    print("growing faster than n log n (exponent above 1.3):")
    for f in flagged:
        print("  " + f)
else:
    print("no command grows faster than n log n on any axis measured")
PY
