#!/usr/bin/env bash
# Shows that scripts/fuzz_run.sh fails on every kind of finding: it runs the
# planted target (tests/fuzz/planted.cpp) once per kind and fails unless the
# runner failed each time, and passed on the target that finds nothing and
# on a timeout that its input does not meet again when replayed alone.
#
#   fuzz_selfcheck.sh BUILD_DIR     (a build with -DCHARTER_FUZZ=ON)
set -uo pipefail
cd "$(dirname "$0")/.."
binary=$1/tests/fuzz/fuzz_planted
keep=$(mktemp -d)
trap 'rm -rf "$keep" tests/fuzz/regressions/planted' EXIT
bad=0
check() {  # kind expected-status binary
  local kind=$1 want=$2 bin=$3 got=0
  CHARTER_PLANT=$kind FUZZ_TIMEOUT=2 FUZZ_RSS_MB=512 scripts/fuzz_run.sh --seconds 5 "$bin" planted \
    >"$keep/$kind.out" 2>&1 || got=$?
  if [ "$got" = "$want" ]; then
    echo "ok: planted '$kind' -> status $got"
  else
    echo "NOT CAUGHT: planted '$kind' -> status $got, expected $want" >&2
    sed 's/^/    /' "$keep/$kind.out" >&2
    bad=1
  fi
}
check none 0 "$binary"
for kind in crash leak oom timeout report exit; do
  check "$kind" 1 "$binary"
done
check start 1 "$1/tests/fuzz/no-such-fuzzer"

# A timeout that does not happen again when its input is replayed alone
# (what a fuzzer starved of CPU by a busy machine meets) is reported and
# not failed: the planted 'flaky' target hangs on its first input only.
got=0
CHARTER_PLANT=flaky CHARTER_PLANT_MARK=$keep/hung FUZZ_TIMEOUT=2 \
  scripts/fuzz_run.sh --seconds 5 "$binary" planted >"$keep/flaky.out" 2>&1 || got=$?
if [ "$got" = 0 ] && grep -q "not a finding: timeout-.* when replayed alone" "$keep/flaky.out"; then
  echo "ok: a timeout not met again on replay -> status 0, reported"
else
  echo "NOT AS EXPECTED: a timeout not met again on replay -> status $got, expected 0" >&2
  sed 's/^/    /' "$keep/flaky.out" >&2
  bad=1
fi
exit $bad
