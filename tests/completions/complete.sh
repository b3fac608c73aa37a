#!/usr/bin/env bash
# charter's completion script for SHELL, installed by `cmake --install`
# (component `completions`) into a temporary prefix and found there as the
# shell finds installed completions, loads without a message and completes
# subcommands, flags, fixed values, charter files and CSV ledgers, and the
# ids of the charter on the command line (never hanging on a pipe).
#   complete.sh SHELL BUILD_DIR CHARTER SOURCE_DIR
# Exits 77 (skipped) only when SHELL (or bash-completion) is not installed.
set -uo pipefail
shell=$1
build=$(cd "$2" && pwd) charter=$(cd "$(dirname "$3")" && pwd)/$(basename "$3") src=$(cd "$4" && pwd)
here=$(cd "$(dirname "$0")" && pwd)

case $shell in
bash) test -r /usr/share/bash-completion/bash_completion || {
    echo "SKIP: bash-completion is not installed"
    exit 77
} ;;
zsh | fish) command -v "$shell" >/dev/null || {
    echo "SKIP: $shell is not installed"
    exit 77
} ;;
*) echo "complete.sh: unknown shell $shell" >&2 && exit 2 ;;
esac

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
cmake --install "$build" --prefix "$prefix" --component completions >/dev/null || exit 1
case $shell in
bash) script=$prefix/share/bash-completion/completions/charter ;;
zsh) script=$prefix/share/zsh/site-functions/_charter ;;
fish) script=$prefix/share/fish/vendor_completions.d/charter.fish ;;
esac
test -f "$script" || {
    echo "not installed: $script" >&2
    exit 1
}

# the charter under test is the `charter` on PATH; nothing of the user's is read
mkdir -p "$tmp/bin" "$tmp/home"
ln -s "$charter" "$tmp/bin/charter"
export PATH=$tmp/bin:$PATH HOME=$tmp/home XDG_CONFIG_HOME=$tmp/home/.config
export XDG_DATA_HOME=$tmp/home/.local/share XDG_DATA_DIRS=$prefix/share

failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

# loading: sourced as it is, with nothing on standard error
case $shell in
bash) err=$(bash --norc --noprofile -c \
    'source /usr/share/bash-completion/bash_completion && source "$1"' bash "$script" 2>&1) ;;
zsh) err=$(zsh -f -c 'autoload -Uz compinit && compinit -u -D && source "$1"' zsh "$script" 2>&1) ;;
fish) err=$(fish -c 'source $argv[1]' "$script" 2>&1) ;;
esac
status=$?
if [ $status != 0 ] || [ -n "$err" ]; then
    fail "sourcing $script: status $status: $err"
fi

work=$tmp/work
mkdir -p "$work/deals"
cd "$work" || exit 1
cp "$src/examples/joint-development.charter.yaml" jda.charter.yaml
touch other.charter.yml notes.yaml ledger.csv
printf 'parties: [a charter that never ends\n' >broken.charter.yaml
mkfifo pipe.charter.yaml

# The candidates for LINE (completing its last word), one a line, sorted,
# without the / after a directory or the = after a stream.
candidates() {
    case $shell in
    bash) timeout 30 bash --norc --noprofile "$here/bash_complete.bash" "$1" ;;
    zsh) timeout 60 zsh -f "$here/zsh_complete.zsh" "$prefix/share/zsh/site-functions" "$1" ;;
    fish) timeout 30 fish -c 'complete -C $argv[1]' "$1" | cut -f1 ;;
    esac | sed -e 's:[/=]$::' | sort -u
}

# expect LINE WANTED [UNWANTED]: every word of WANTED is offered, none of UNWANTED.
expect() {
    local got w
    got=$(candidates "$1")
    for w in $2; do
        grep -qxF -- "$w" <<<"$got" || fail "'$1': '$w' not offered; offered: $(echo $got)"
    done
    for w in ${3-}; do
        grep -qxF -- "$w" <<<"$got" && fail "'$1': '$w' offered; offered: $(echo $got)"
    done
}

# expect_only LINE WORDS: exactly WORDS are offered (none for "").
expect_only() {
    local got want
    got=$(candidates "$1" | tr '\n' ' ')
    want=$(printf '%s\n' $2 | sed '/^$/d' | sort -u | tr '\n' ' ')
    [ "$got" = "$want" ] || fail "'$1': offered '$got', expected '$want'"
}

# subcommands
expect_only "charter va" "validate"
expect "charter " "validate splits exit-sim diff schema calendar render init lsp completions"
expect_only "charter completions " "bash zsh fish"
# flags and their fixed values
expect_only "charter validate --fo" "--format"
expect_only "charter validate --format " "text json sarif github"
expect_only "charter --color " "auto always never"
expect "charter exit-sim jda.charter.yaml --" "--trigger --by --on --leaver --all --format --output"
# files: charters (and directories) for FILE and PATH, CSV for a ledger
expect "charter validate " "jda.charter.yaml other.charter.yml deals" "notes.yaml ledger.csv"
expect "charter splits jda.charter.yaml --ledger " "ledger.csv deals" "jda.charter.yaml notes.yaml"
# ids from the charter on the command line
expect_only "charter exit-sim jda.charter.yaml --trigger " "convenience lithera-change-of-control"
expect_only "charter exit-sim --on 2027-01-01 jda.charter.yaml --by " "lithera brennwerk"
expect_only "charter --color never splits jda.charter.yaml --scenario " "launch-quarter series-ramp-2028"
expect_only "charter splits jda.charter.yaml --revenue " "pack-sales sublicence-income"
# a broken file, a pipe and a missing file give nothing, at once
expect_only "charter exit-sim broken.charter.yaml --trigger " ""
expect_only "charter exit-sim pipe.charter.yaml --trigger " ""
expect_only "charter exit-sim missing.charter.yaml --trigger " ""

if [ $failures != 0 ]; then
    echo "$shell: $failures failures" >&2
    exit 1
fi
echo "$shell completion: loaded from $script and completed every case"
