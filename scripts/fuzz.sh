#!/usr/bin/env bash
# A long fuzzing campaign, outside CI: every target runs for an equal share
# of HOURS (default 1) on a persistent corpus (tests/fuzz/corpus-work/TARGET,
# not committed), then the corpus is minimised (libFuzzer -merge=1) into
# tests/fuzz/corpus/TARGET, which is committed and replayed by every build.
#
#   scripts/fuzz.sh [HOURS] [TARGET...]      e.g. scripts/fuzz.sh 5
#
# JOBS (default 1) targets run at once. Findings are kept in
# tests/fuzz/regressions/TARGET/ and make the script fail at the end. The
# figures (runs, coverage, peak memory) are printed per target and appended
# to tests/fuzz/campaigns.log.
set -uo pipefail
cd "$(dirname "$0")/.."
hours=${1:-1}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(validate formula ledger diff exit lsp)
jobs=${JOBS:-1}

cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
  -DCHARTER_SANITIZE=ON -DCHARTER_FUZZ=ON -DCHARTER_TESTS=OFF >/dev/null || exit 1
ninja -C build-fuzz -j2 $(printf 'fuzz_%s ' "${targets[@]}") || exit 1

seconds=$(python3 -c "print(int(float('$hours') * 3600 * $jobs / ${#targets[@]}))")
seeds_of() {
  echo "tests/fuzz/corpus/$1 tests/fuzz/regressions/$1"
  [ "$1" = validate ] && echo "examples tests/errors"
}
run_one() {
  local t=$1 work=tests/fuzz/corpus-work/$1
  mkdir -p "$work"
  scripts/fuzz_run.sh --corpus "$work" --seconds "$seconds" build-fuzz/tests/fuzz/fuzz_"$t" "$t" \
    $(seeds_of "$t") >"$work.out" 2>&1
  local status=$?
  # minimise what was found into the committed corpus
  local merged; merged=$(mktemp -d)
  build-fuzz/tests/fuzz/fuzz_"$t" -merge=1 -max_len=65536 -timeout=10 "$merged" "$work" \
    tests/fuzz/corpus/"$t" >/dev/null 2>&1 && {
    find tests/fuzz/corpus/"$t" -type f ! -name .keep -delete
    cp "$merged"/* tests/fuzz/corpus/"$t"/ 2>/dev/null
  }
  rm -rf "$merged"
  echo "$(date -u +%FT%TZ) $(cat "$work.out" | grep '^-- ')" >>tests/fuzz/campaigns.log
  cat "$work.out"
  return $status
}

failed=0 running=0
for t in "${targets[@]}"; do
  run_one "$t" &
  running=$((running + 1))
  if [ $running -ge "$jobs" ]; then
    wait -n || failed=1
    running=$((running - 1))
  fi
done
while [ $running -gt 0 ]; do
  wait -n || failed=1
  running=$((running - 1))
done
exit $failed
