#!/usr/bin/env bash
# A long fuzzing campaign, outside CI. Every target gets the same budget of
# CPU time (not wall time: a campaign that shares the machine with builds
# still gives each target what it promises), fuzzed in rounds of short
# chunks on a persistent corpus (tests/fuzz/corpus-work/TARGET, not
# committed). At the end the corpus is minimised (libFuzzer -merge=1) and
# committed as one compressed archive per target,
# tests/fuzz/corpus/TARGET.campaign.tar.xz, which every build unpacks and
# replays.
#
#   scripts/fuzz.sh CPU_HOURS_PER_TARGET [TARGET...]    e.g. scripts/fuzz.sh 1
#
# JOBS (default 1)     chunks run at once (one per core)
# FUZZ_CHUNK (300)     seconds of wall time per chunk
# FUZZ_UNTIL           a time (anything `date -d` reads, e.g. 20:30): no chunk
#                      starts past it, and each is given only the time left;
#                      the campaign then minimises and reports what it had
# FUZZ_WALL_SLACK      how long past its chunk a fuzzer may still run before
#                      it counts as hung (default 3600 s here: a nice 19
#                      fuzzer beside a build can take many minutes just to
#                      load its corpus), so a starved one can end after
#                      FUZZ_UNTIL
# FUZZ_ARCHIVE_MB (4)  the largest archive committed per target; a larger
#                      one is refused (the old archive stays) and the
#                      campaign fails
# A file tests/fuzz/corpus-work/PAUSE makes the campaign wait before its
# next chunk (for benchmarks on an idle machine) until it is removed.
#
# Findings are kept in tests/fuzz/regressions/TARGET/ and make the script
# fail at the end. Timeouts that a replay alone does not meet again are not
# findings: they are kept in tests/fuzz/corpus-work/TARGET.dismissed/ and
# counted in the figures. The figures per target (wall and CPU seconds, executions,
# coverage, peak memory) are printed and appended to tests/fuzz/campaigns.log.
set -uo pipefail
# Bash reads a script while it runs it, so an edit to this script or to the
# runner would break a campaign under way: it runs from a copy of both.
if [ -z "${CHARTER_FUZZ_SH_COPY:-}" ]; then
  root=$(cd "$(dirname "$0")/.." && pwd)
  copy=$(mktemp -d -t charter-fuzz-sh.XXXXXX)
  cp "$root/scripts/fuzz.sh" "$root/scripts/fuzz_run.sh" "$copy/"
  CHARTER_FUZZ_SH_COPY=$copy CHARTER_ROOT=$root exec bash "$copy/fuzz.sh" "$@"
fi
copy=$CHARTER_FUZZ_SH_COPY
unset CHARTER_FUZZ_SH_COPY # (a campaign started from this one copies itself again)
case $copy in
  */charter-fuzz-sh.*) trap 'rm -rf "$copy"' EXIT ;;
esac
cd "${CHARTER_ROOT:?}" || exit 2
export FUZZ_WALL_SLACK=${FUZZ_WALL_SLACK:-3600}
if [ $# -lt 1 ]; then
  sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
  exit 2
fi
budget=$(python3 -c "print(int(float('$1') * 3600))")
shift
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(validate formula ledger diff exit lsp)
jobs=${JOBS:-1}
chunk=${FUZZ_CHUNK:-300}
until_epoch=""
if [ -n "${FUZZ_UNTIL:-}" ]; then
  until_epoch=$(date -d "$FUZZ_UNTIL" +%s) || exit 2
fi
archive_limit=$(( ${FUZZ_ARCHIVE_MB:-4} * 1024 * 1024 ))
state=tests/fuzz/corpus-work
mkdir -p "$state"
commit=$(git rev-parse --short HEAD) # what is fuzzed, whatever happens to the tree meanwhile

# two campaigns at once (different targets) share build-fuzz: one builds at
# a time (the lock's descriptor is not passed on to the build)
mkdir -p build-fuzz
exec 9>build-fuzz/.campaign-build.lock
flock 9
built=0
{ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
    -DCHARTER_SANITIZE=ON -DCHARTER_FUZZ=ON -DCHARTER_TESTS=OFF >/dev/null &&
  ninja -C build-fuzz -j2 $(printf 'fuzz_%s ' "${targets[@]}"); } 9>&- || built=1
flock -u 9
exec 9>&-
[ $built = 0 ] || exit 1

seeds_of() {
  echo "tests/fuzz/corpus/$1 tests/fuzz/regressions/$1"
  [ "$1" = validate ] && echo "examples tests/errors"
}

# Per-target totals of this campaign, kept in files because chunks run in
# background subshells: wall seconds, CPU seconds, executions, peak MB,
# last coverage, status.
for t in "${targets[@]}"; do
  mkdir -p "$state/$t"
  echo "0 0 0 0 none 0" >"$state/$t.totals"
  # an earlier campaign's findings are in regressions/ (and, if it ended, in
  # campaigns.log); this one's start empty
  rm -f "$state/$t.findings" "$state/$t.dismissed.log"
  # a fresh work corpus starts from the last campaign's archive
  if [ -z "$(ls -A "$state/$t")" ] && [ -f tests/fuzz/corpus/$t.campaign.tar.xz ]; then
    tar -xJf tests/fuzz/corpus/$t.campaign.tar.xz -C "$state/$t"
  fi
done

seconds_left() {
  [ -z "$until_epoch" ] && { echo 999999999; return; }
  echo $(( until_epoch - $(date +%s) ))
}

# One chunk of one target; adds its figures to the target's totals.
run_chunk() {
  local t=$1 seconds=$2 out=$state/$1.chunk.out start end
  start=$(date +%s)
  FUZZ_DISMISSED_DIR="$state/$t.dismissed" bash "$copy/fuzz_run.sh" --corpus "$state/$t" --seconds "$seconds" build-fuzz/tests/fuzz/fuzz_"$t" "$t" \
    $(seeds_of "$t") >"$out" 2>&1
  local status=$?
  end=$(date +%s)
  grep 'not a finding' "$out" >>"$state/$t.dismissed.log"
  # CPU time of this subshell's children (fuzz_run.sh and the fuzzer)
  # (times writes to a file: in a pipe or $(...) it would run in a new
  # subshell, whose children are none)
  times >"$state/$t.times"
  local cpu; cpu=$(tail -1 "$state/$t.times" | python3 -c "
import re, sys
print(round(sum(int(m) * 60 + float(s) for m, s in re.findall(r'(\d+)m([\d.]+)s', sys.stdin.read()))))")
  local line; line=$(grep '^-- ' "$out" | tail -1)
  local runs; runs=$(sed -n 's/.*, \([0-9]*\) runs,.*/\1/p' <<<"$line")
  local cov; cov=$(sed -n 's/.*coverage \([0-9]* ft: [0-9]*\) .*/\1/p' <<<"$line" | tr ' ' '_')
  local rss; rss=$(sed -n 's/.*peak \([0-9]*\) MB.*/\1/p' <<<"$line")
  read -r w c r p lastcov st <"$state/$t.totals"
  [ "${rss:-0}" -gt "$p" ] 2>/dev/null && p=$rss
  [ $status -ne 0 ] && { st=1; cat "$out" >>"$state/$t.findings"; }
  echo "$((w + end - start)) $((c + cpu)) $((r + ${runs:-0})) $p ${cov:-$lastcov} $st" >"$state/$t.totals"
}

cpu_of() { read -r _ c _ <"$state/$1.totals"; echo "$c"; }
found() { read -r _ _ _ _ _ st <"$state/$1.totals"; [ "$st" != 0 ]; }

round=0
while :; do
  pending=()
  for t in "${targets[@]}"; do
    # a target that found something gets no more chunks: each would find it again
    [ "$(cpu_of "$t")" -lt "$budget" ] && ! found "$t" && pending+=("$t")
  done
  [ ${#pending[@]} -eq 0 ] && break
  while [ -e "$state/PAUSE" ]; do sleep 10; done
  left=$(seconds_left)
  [ "$left" -lt 60 ] && { echo "== FUZZ_UNTIL reached: stopping before the budget" >&2; break; }
  round=$((round + 1))
  echo "== round $round: ${pending[*]}"
  running=0
  for t in "${pending[@]}"; do
    need=$(( budget - $(cpu_of "$t") ))
    s=$chunk
    [ "$need" -lt "$s" ] && s=$need
    [ "$s" -lt 30 ] && s=30
    left=$(seconds_left)
    [ "$left" -lt $((s + 30)) ] && s=$((left - 30))
    [ "$s" -lt 30 ] && continue
    run_chunk "$t" "$s" &
    running=$((running + 1))
    if [ $running -ge "$jobs" ]; then wait -n; running=$((running - 1)); fi
  done
  wait
done

# Minimise each work corpus and commit it as a compressed archive.
failed=0
for t in "${targets[@]}"; do
  merged=$(mktemp -d)
  if build-fuzz/tests/fuzz/fuzz_"$t" -merge=1 -max_len=65536 -timeout=10 "$merged" "$state/$t" \
       >"$state/$t.merge.out" 2>&1; then
    files=$(find "$merged" -type f | wc -l)
    tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$merged" -cJf "$state/$t.tar.xz" .
    size=$(stat -c %s "$state/$t.tar.xz")
    if [ "$size" -le "$archive_limit" ]; then
      mv "$state/$t.tar.xz" tests/fuzz/corpus/$t.campaign.tar.xz
      kept="minimised to $files inputs, archive $((size / 1024)) KiB"
    else
      kept="minimised to $files inputs, archive $((size / 1024)) KiB: over FUZZ_ARCHIVE_MB, NOT kept"
      failed=1
    fi
  else
    kept="the merge failed (see $state/$t.merge.out)"
    failed=1
  fi
  rm -rf "$merged"
  read -r w c r p cov st <"$state/$t.totals"
  [ "$st" != 0 ] && failed=1
  dismissed=$(cat "$state/$t.dismissed.log" 2>/dev/null | wc -l)
  [ "$dismissed" != 0 ] && kept="$kept, $dismissed timeouts not met again alone (in $state/$t.dismissed/)"
  line="-- $t: ${w}s wall, ${c}s CPU, $r runs, coverage ${cov//_/ } (edges ft: features), peak ${p} MB, $kept$([ "$st" != 0 ] && echo ', FINDINGS (see regressions/)')"
  echo "$(date -u +%FT%TZ) $commit $line" >>tests/fuzz/campaigns.log
  echo "$line"
  [ -f "$state/$t.findings" ] && cat "$state/$t.findings" && rm -f "$state/$t.findings"
  [ -s "$state/$t.dismissed.log" ] && cat "$state/$t.dismissed.log"
done
exit $failed
