#!/usr/bin/env bash
# The whole test suite, as CI runs it (.ci/run calls exactly this):
#  1. a build with warnings as errors, and every test (unit, golden, error
#     catalogue, examples, JSON Schema agreement, fuzz regressions);
#  2. the same suite built with AddressSanitizer + UndefinedBehaviorSanitizer;
#  3. the libFuzzer target (clang) run briefly over load + validate; a crash
#     fails the run and its input is kept in tests/fuzz/regressions/.
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
  ninja -C build-fuzz -j$jobs fuzz_validate fuzz_formula fuzz_ledger fuzz_lsp
  # the time is shared: half to load + validate, a quarter each to formulas, ledgers and
  # the language server (so the run takes 5/4 of FUZZ_SECONDS)
  run_fuzz() {  # target seconds seed-dirs...
    local target=$1 seconds=$2; shift 2
    local corpus; corpus=$(mktemp -d)
    for d in "$@"; do cp -r "$d"/. "$corpus"/ 2>/dev/null || true; done
    echo "-- $target, ${seconds}s"
    build-fuzz/tests/fuzz/"$target" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
      -artifact_prefix=tests/fuzz/regressions/ "$corpus" -print_final_stats=1 2>&1 | grep -E "^(stat::number_of_executed_units|stat::peak_rss|==|SUMMARY|Done)" || true
    rm -rf "$corpus"
  }
  run_fuzz fuzz_validate $((fuzz_seconds / 2)) examples tests/errors
  run_fuzz fuzz_formula $((fuzz_seconds / 4)) tests/fuzz/formula-corpus
  run_fuzz fuzz_ledger $((fuzz_seconds / 4)) tests/fuzz/ledger-corpus
  run_fuzz fuzz_lsp $((fuzz_seconds / 4)) tests/fuzz/lsp-corpus
  if compgen -G "tests/fuzz/regressions/crash-*" >/dev/null || compgen -G "tests/fuzz/regressions/leak-*" >/dev/null \
     || compgen -G "tests/fuzz/regressions/timeout-*" >/dev/null; then
    echo "fuzzing found a problem: the input is kept in tests/fuzz/regressions/" >&2
    exit 1
  fi
fi
section "done"
