#!/usr/bin/env bash
# Runs one libFuzzer target and fails on anything it finds. Used by
# scripts/test.sh (briefly, in CI) and scripts/fuzz.sh (for hours).
#
#   fuzz_run.sh [--corpus DIR] [--seconds N] BINARY NAME [SEED_DIR...]
#
# --corpus DIR  a persistent corpus (new inputs are added to it); without it a
#               temporary one, dropped at the end
# --seconds N   how long to fuzz (default 30)
# NAME          where a finding is kept: tests/fuzz/regressions/NAME/
#
# Fails (status 1) when the fuzzer exits with any status but 0, when it
# leaves any artifact (crash-, leak-, timeout-, oom-, slow-unit-...), when its
# log holds a sanitizer or libFuzzer error report even without an artifact,
# or when it did not run at all (no final statistics). A timeout or slow
# unit that ends in time when replayed alone is not a finding (see below);
# FUZZ_DISMISSED_DIR keeps such inputs.
# Each finding is copied
# into tests/fuzz/regressions/NAME/, where every build replays it.
# FUZZ_TIMEOUT (seconds per input, default 10) and FUZZ_RSS_MB (default 2048)
# set the limits; a fuzzer still running FUZZ_WALL_SLACK seconds (default
# 300) after its time is up is stopped, and that is a finding.
set -uo pipefail
cd "${CHARTER_ROOT:-$(dirname "$0")/..}" # (a campaign runs a copy of this script)

corpus="" seconds=30
while [ $# -gt 0 ]; do
  case $1 in
    --corpus) corpus=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    *) break ;;
  esac
done
if [ $# -lt 2 ]; then
  echo "usage: fuzz_run.sh [--corpus DIR] [--seconds N] BINARY NAME [SEED_DIR...]" >&2
  exit 2
fi
binary=$1 name=$2
shift 2

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/artifacts" "$work/corpus"
if [ -z "$corpus" ]; then corpus=$work/corpus; fi
mkdir -p "$corpus"
seeds=()
for d in "$@"; do [ -d "$d" ] && seeds+=("$d"); done

log=$work/log
status=0
timeout --kill-after=30 $((seconds + ${FUZZ_WALL_SLACK:-300})) "$binary" -max_total_time="$seconds" -max_len=65536 \
  -timeout="${FUZZ_TIMEOUT:-10}" -rss_limit_mb="${FUZZ_RSS_MB:-2048}" \
  -artifact_prefix="$work/artifacts/" -print_final_stats=1 "$corpus" "${seeds[@]}" >"$log" 2>&1 \
  || status=$?

# libFuzzer's time limits (-timeout, and 10 s for a slow unit) are wall
# time, so a fuzzer starved of CPU (a build beside a nice 19 campaign) can
# time out on an input that takes a tenth of a second. Each such artifact is
# replayed alone: one that then ends, with status 0, in less than its limit
# (the whole process timed, start-up included) is reported and set aside in
# FUZZ_DISMISSED_DIR (when given); any other is a finding.
limit=${FUZZ_TIMEOUT:-10}
slow_limit=10 # libFuzzer's -report_slow_units default
dismissed=()
for a in "$work"/artifacts/timeout-* "$work"/artifacts/slow-unit-*; do
  [ -e "$a" ] || continue
  case $(basename "$a") in
    slow-unit-*) this_limit=$slow_limit ;;
    *) this_limit=$limit ;;
  esac
  start=$(date +%s.%N)
  if timeout --kill-after=10 $((this_limit * 3)) "$binary" -timeout="$this_limit" \
       -rss_limit_mb="${FUZZ_RSS_MB:-2048}" "$a" >/dev/null 2>&1; then
    took=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
    if awk -v t="$took" -v l="$this_limit" 'BEGIN { exit !(t < l) }'; then
      dismissed+=("$(basename "$a") took ${took}s when replayed alone (limit ${this_limit}s): the fuzzer was likely starved of CPU")
      if [ -n "${FUZZ_DISMISSED_DIR:-}" ]; then
        mkdir -p "$FUZZ_DISMISSED_DIR" && mv "$a" "$FUZZ_DISMISSED_DIR/"
      else
        rm -f "$a"
      fi
    fi
  fi
done

problems=()
artifacts=("$work"/artifacts/*)
if [ ${#dismissed[@]} -gt 0 ] && [ ! -e "${artifacts[0]}" ] && [ "$status" = 70 ] \
   && ! grep -qE "ERROR: (AddressSanitizer|LeakSanitizer|MemorySanitizer)|runtime error:" "$log"; then
  status=0 # the only report was the dismissed timeout
  starved=1
fi
[ "$status" != 0 ] && problems+=("the fuzzer exited with status $status")
if [ -e "${artifacts[0]}" ]; then
  mkdir -p "tests/fuzz/regressions/$name"
  for a in "${artifacts[@]}"; do
    cp "$a" "tests/fuzz/regressions/$name/"
    problems+=("it left $(basename "$a") (kept in tests/fuzz/regressions/$name/)")
  done
fi
if [ -z "${starved:-}" ] \
   && grep -qE "ERROR: (AddressSanitizer|LeakSanitizer|MemorySanitizer|libFuzzer)|runtime error:|^SUMMARY: " "$log"; then
  problems+=("its log holds an error report")
fi
if ! grep -q "^stat::number_of_executed_units" "$log"; then
  problems+=("it did not run to the end (no final statistics)")
fi

runs=$(grep -oP "^stat::number_of_executed_units:\s+\K[0-9]+" "$log" | tail -1)
rss=$(grep -oP "^stat::peak_rss_mb:\s+\K[0-9]+" "$log" | tail -1)
cov=$(grep -oP "cov: \K[0-9]+ ft: [0-9]+" "$log" | tail -1)
for d in "${dismissed[@]}"; do
  echo "   $name: not a finding: $d${starved:+; the run stopped there}"
done
echo "-- $name: ${seconds}s, ${runs:-0} runs, coverage ${cov:-none} (edges ft: features), peak ${rss:-?} MB"
if [ ${#problems[@]} -gt 0 ]; then
  {
    echo "fuzz_$name FAILED:"
    printf '  - %s\n' "${problems[@]}"
    echo "  the fuzzer's log, last lines:"
    tail -n 40 "$log" | sed 's/^/    /'
  } >&2
  exit 1
fi
