# The benchmark corpus, shared by run.sh and compare.sh (sourced, not run):
# COUNT synthetic charters of about 5 KB in bench/data/many and one more in
# bench/data/one.charter.yaml, from gen_charters.py with a fixed seed. A stamp
# records the generator and its arguments, so a changed generator (or count)
# regenerates the corpus instead of timing stale files.
#
#   source bench/corpus.sh; make_corpus COUNT
# sets: data, many, one, bytes (the corpus's total size, measured).

data=bench/data
many=$data/many
one=$data/one.charter.yaml

make_corpus() {
    local count=$1 size_kb=5
    local gen_hash stamp have
    gen_hash=$(sha256sum bench/gen_charters.py | cut -d' ' -f1)
    stamp="$gen_hash count=$count size=$size_kb"
    mkdir -p "$data"
    have=$(find "$many" -maxdepth 1 -name '*.charter.yaml' 2>/dev/null | wc -l || true)
    if [[ ! -f $many/.stamp || "$(cat "$many/.stamp")" != "$stamp" || $have -ne $count ]]; then
        echo "generating $count charters into $many ..."
        rm -rf "$many"
        /usr/bin/python3 bench/gen_charters.py "$many" "$count" --size-kb "$size_kb"
        echo "$stamp" >"$many/.stamp"
    fi
    if [[ ! -f $one || ! -f $data/one.stamp || "$(cat "$data/one.stamp")" != "$gen_hash" ]]; then
        /usr/bin/python3 bench/gen_charters.py --one "$one" --index 99999 --size-kb "$size_kb"
        echo "$gen_hash" >"$data/one.stamp"
    fi
    bytes=$(find "$many" -name '*.charter.yaml' -printf '%s\n' | awk '{s += $1} END {print s}')
}
