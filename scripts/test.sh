#!/usr/bin/env bash
# The whole test suite, as CI runs it (.ci/run calls exactly this):
#  1. a build with warnings as errors, and every test (unit, golden, error
#     catalogue, examples, JSON Schema agreement, fuzz regressions);
#  2. the same suite built with AddressSanitizer + UndefinedBehaviorSanitizer;
#  3. the libFuzzer targets (clang) run briefly, after a self-check that the
#     fuzz runner fails on each kind of finding; any finding fails the run and
#     its input is kept in tests/fuzz/regressions/TARGET/.
# FUZZ_SECONDS (default 60) sets how long the fuzzer runs; 0 skips it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh

jobs=2
section() { printf '\n== %s\n' "$*"; }

section "format (clang-format, the repository's .clang-format)"
git ls-files -- 'lib/*.cpp' 'lib/*.hpp' 'cmd/*.cpp' 'cmd/*.hpp' 'tests/*.cpp' 'tests/*.hpp' 'bench/*.cpp' \
  | xargs clang-format --dry-run --Werror
echo "formatted"

section "build (warnings as errors)"
cmake -S . -B build-ci -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCHARTER_WERROR=ON >/dev/null
ninja -C build-ci -j$jobs
section "tests"
ctest --test-dir build-ci -j$jobs --output-on-failure

section "build (AddressSanitizer + UndefinedBehaviorSanitizer)"
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCHARTER_SANITIZE=ON -DCHARTER_WERROR=ON >/dev/null
ninja -C build-asan -j$jobs
section "tests (sanitizers)"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan -j$jobs --output-on-failure

fuzz_seconds=${FUZZ_SECONDS:-60}
if [ "$fuzz_seconds" != 0 ]; then
  section "fuzz (libFuzzer, ${fuzz_seconds}s)"
  cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
    -DCHARTER_SANITIZE=ON -DCHARTER_FUZZ=ON -DCHARTER_TESTS=OFF >/dev/null
  ninja -C build-fuzz -j$jobs fuzz_validate fuzz_formula fuzz_ledger fuzz_diff fuzz_exit fuzz_lsp fuzz_planted
  # the runner fails on every kind of finding: shown on a target that fails on purpose
  scripts/fuzz_selfcheck.sh build-fuzz
  # the time is shared: a third to load + validate, the rest evenly to the
  # others; each starts from the last long campaign's corpus, which the first
  # build unpacked (build-ci/tests/fuzz-campaign/NAME)
  campaign() { [ -d build-ci/tests/fuzz-campaign/$1 ] && echo build-ci/tests/fuzz-campaign/$1; true; }
  failed=0
  scripts/fuzz_run.sh --seconds $((fuzz_seconds / 3)) build-fuzz/tests/fuzz/fuzz_validate validate \
    tests/fuzz/corpus/validate tests/fuzz/regressions/validate $(campaign validate) examples tests/errors \
    || failed=1
  for name in formula ledger diff exit lsp; do
    scripts/fuzz_run.sh --seconds $((fuzz_seconds * 2 / 15)) build-fuzz/tests/fuzz/fuzz_$name $name \
      tests/fuzz/corpus/$name tests/fuzz/regressions/$name $(campaign $name) || failed=1
  done
  if [ $failed != 0 ]; then
    echo "fuzzing found a problem: see above; new inputs are kept in tests/fuzz/regressions/" >&2
    exit 1
  fi
fi
section "done"
