#!/usr/bin/env bash
# End to end: `charter diff` as git's external diff driver, and REV:PATH.
#
#   git_driver.sh PATH-TO-CHARTER
#
# Builds a throw-away repository in a temporary directory, configures the
# driver the way README and charter-diff(1) tell users to
# (`*.charter.yaml diff=charter` and `git config diff.charter.command
# "charter diff"`), and checks real git output with grep. Every check prints
# PASS or FAIL with what was expected; the last line is `N passed, M failed`
# and the exit status is 1 when anything failed.
set -u

if [ $# -ne 1 ]; then
    echo "usage: $0 PATH-TO-CHARTER" >&2
    exit 2
fi
CHARTER=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
BASE=$HERE/../golden/diff/base.charter.yaml      # the spec's example charter
SMALL=$HERE/../golden/diff/identical.charter.yaml # a small valid charter
for f in "$CHARTER" "$BASE" "$SMALL"; do
    if [ ! -f "$f" ]; then
        echo "git_driver.sh: missing $f" >&2
        exit 2
    fi
done
if ! command -v git >/dev/null; then
    echo "git_driver.sh: git is not installed" >&2
    exit 2
fi

# Nothing from the caller's git setup may leak in: no global or system
# configuration, no GIT_DIR from a hook, no pager, no enclosing repository.
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY GIT_EXTERNAL_DIFF GIT_DIFF_OPTS GIT_PAGER
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null GIT_TERMINAL_PROMPT=0 NO_COLOR=1 LC_ALL=C
TOP=$(mktemp -d "${TMPDIR:-/tmp}/charter-git.XXXXXX")
trap 'rm -rf "$TOP"' EXIT
export GIT_CEILING_DIRECTORIES=$TOP
REPO=$TOP/repo
OUTSIDE=$TOP/outside
ARGLOG=$TOP/driver-args.log
mkdir -p "$REPO" "$OUTSIDE"

passed=0
failed=0
pass() {
    passed=$((passed + 1))
    echo "PASS $1"
}
fail() {
    failed=$((failed + 1))
    echo "FAIL $1"
    shift
    for line in "$@"; do
        echo "     $line"
    done
}

# run NAME CMD...: runs CMD in the current directory; keeps stdout, stderr and status.
OUT=$TOP/out
ERR=$TOP/err
STATUS=0
run() {
    "$@" >"$OUT" 2>"$ERR"
    STATUS=$?
}
show_output() {
    echo "--- stdout:"
    sed 's/^/     | /' "$OUT" | head -40
    echo "--- stderr:"
    sed 's/^/     | /' "$ERR" | head -20
}
expect_status() { # NAME WANT
    if [ "$STATUS" -eq "$2" ]; then
        pass "$1: exit status $2"
    else
        fail "$1: exit status $STATUS, expected $2"
        show_output
    fi
}
expect_out() { # NAME FIXED-STRING: stdout contains the string
    if grep -qF -- "$2" "$OUT"; then
        pass "$1: stdout has '$2'"
    else
        fail "$1: stdout lacks '$2'"
        show_output
    fi
}
expect_no_out() { # NAME FIXED-STRING: stdout does not contain the string
    if grep -qF -- "$2" "$OUT"; then
        fail "$1: stdout should not have '$2'"
        show_output
    else
        pass "$1: stdout has no '$2'"
    fi
}
expect_err() { # NAME FIXED-STRING: stderr contains the string
    if grep -qF -- "$2" "$ERR"; then
        pass "$1: stderr has '$2'"
    else
        fail "$1: stderr lacks '$2'"
        show_output
    fi
}
# The arguments git gave the driver, logged by a wrapper (the first line of
# each, after a line `ARGC n`), against a count and globs by position.
expect_args() { # NAME WANT-COUNT [INDEX GLOB]...
    local name=$1 want=$2
    shift 2
    local got
    got=$(sed -n 's/^ARGC //p' "$ARGLOG" | tail -1)
    if [ "$got" = "$want" ]; then
        pass "$name: git gave the driver $want arguments"
    else
        fail "$name: git gave the driver '${got:-no call}' arguments, expected $want" "log: $(tr '\n' ' ' <"$ARGLOG")"
    fi
    while [ $# -ge 2 ]; do
        local value
        value=$(awk -v i="$1" '/^ARGC /{n=0; next} {n++; if (n==i) print}' "$ARGLOG" | tail -1)
        # shellcheck disable=SC2254 # $2 is a glob on purpose
        case $value in
            $2) pass "$name: argument $1 is '$2'" ;;
            *) fail "$name: argument $1 is '$value', expected '$2'" ;;
        esac
        shift 2
    done
}

cd "$REPO" || exit 2
if ! { git init -q . && git config user.name "Charter Test" && git config user.email "test@example.invalid" &&
    git config commit.gpgsign false && git config core.pager cat; }; then
    echo "git_driver.sh: cannot set up a repository in $REPO" >&2
    exit 2
fi
echo '*.charter.yaml diff=charter' >.gitattributes
git config diff.charter.command "$CHARTER diff"

# A second driver that logs the arguments it gets, then runs the real one:
# `git -c diff.charter.command=... diff` checks git's calling forms.
WRAP=$TOP/log-driver.sh
cat >"$WRAP" <<EOF
#!/usr/bin/env bash
{ echo "ARGC \$#"; for a in "\$@"; do printf '%s\n' "\$a" | head -1; done; } >>"$ARGLOG"
exec "$CHARTER" diff "\$@"
EOF
logged() { # GIT-ARGS...: git with the logging driver
    : >"$ARGLOG"
    git -c diff.charter.command="bash $WRAP" "$@"
}

cp "$BASE" deal.charter.yaml
printf 'A deal.\n' >README
git add . && git commit -qm "Add the deal" || exit 2

# --- a change in the working tree -------------------------------------------
sed -i 's/rate: 7%/rate: 8%/' deal.charter.yaml
printf 'A deal, revised.\n' >README
RATE='economics.streams[product-sales].waterfall[vision-royalty].royalty.tiers[1].rate: 7% -> 8%'
run git diff
expect_status "git diff" 0
expect_out "git diff" "charter diff a/deal.charter.yaml b/deal.charter.yaml: 1 change in economics (1)"
expect_out "git diff" "$RATE"
expect_out "git diff" "acme      1,432,567.67    1,436,627.82       +4,060.15"
expect_out "git diff (other files keep git's own diff)" "diff --git a/README b/README"
expect_no_out "git diff (the charter is not diffed line by line)" "+              - {from: 1_000_000, rate: 8%}"
run logged diff -- deal.charter.yaml
expect_args "git diff" 7 1 deal.charter.yaml 3 "$(git rev-parse HEAD:deal.charter.yaml)" 4 100644 7 100644
run git diff --no-ext-diff -- deal.charter.yaml
expect_out "git diff --no-ext-diff (the text diff is still there)" "+              - {from: 1_000_000, rate: 8%}"
git commit -qam "Raise the middle royalty tier to 8%" || exit 2

# --- history ----------------------------------------------------------------
run git log -p --ext-diff -1
expect_status "git log -p --ext-diff" 0
expect_out "git log -p --ext-diff" "Raise the middle royalty tier to 8%"
expect_out "git log -p --ext-diff" "$RATE"
run git show --ext-diff HEAD
expect_status "git show --ext-diff" 0
expect_out "git show --ext-diff" "charter diff a/deal.charter.yaml b/deal.charter.yaml"
expect_out "git show --ext-diff" "$RATE"

# --- REV:PATH ---------------------------------------------------------------
run "$CHARTER" diff HEAD~1:deal.charter.yaml deal.charter.yaml
expect_status "charter diff HEAD~1:deal.charter.yaml deal.charter.yaml" 1
expect_out "charter diff HEAD~1:deal.charter.yaml deal.charter.yaml" "charter diff HEAD~1:deal.charter.yaml deal.charter.yaml: 1 change"
expect_out "charter diff HEAD~1:deal.charter.yaml deal.charter.yaml" "$RATE"
run "$CHARTER" diff HEAD~1:deal.charter.yaml HEAD:deal.charter.yaml --format json
expect_status "charter diff REV:PATH REV:PATH --format json" 1
expect_out "charter diff REV:PATH REV:PATH --format json" '"old": "HEAD~1:deal.charter.yaml"'
expect_out "charter diff REV:PATH REV:PATH --format json" '"new": "HEAD:deal.charter.yaml"'
run "$CHARTER" diff HEAD:deal.charter.yaml deal.charter.yaml
expect_status "charter diff HEAD:PATH PATH (no change)" 0
mkdir -p sub
(cd sub && "$CHARTER" diff HEAD~1:deal.charter.yaml HEAD:deal.charter.yaml >"$OUT" 2>"$ERR")
STATUS=$?
expect_status "REV:PATH from a subdirectory (paths from the top, as git show)" 1
expect_out "REV:PATH from a subdirectory (paths from the top, as git show)" "$RATE"
run "$CHARTER" diff HEAD~7:deal.charter.yaml deal.charter.yaml
expect_status "a revision that does not exist" 2
expect_err "a revision that does not exist" "HEAD~7"
run "$CHARTER" diff HEAD:no-such.charter.yaml deal.charter.yaml
expect_status "a path that is not in the revision" 2
expect_err "a path that is not in the revision" "no-such.charter.yaml"
(cd "$OUTSIDE" && "$CHARTER" diff HEAD~1:deal.charter.yaml "$REPO/deal.charter.yaml" >"$OUT" 2>"$ERR")
STATUS=$?
expect_status "REV:PATH outside a git repository" 2
expect_err "REV:PATH outside a git repository" "not a git repository"
# A REV:PATH chosen by someone else never reaches git as an option: git
# show's --output writes a file, -O reads one.
SMUGGLED=$TOP/smuggled
run "$CHARTER" diff -- "--output=$SMUGGLED:x" deal.charter.yaml
expect_status "an option as the old REV:PATH (--output=FILE:x)" 2
expect_err "an option as the old REV:PATH (--output=FILE:x)" "a revision cannot start with '-'"
if [ -e "$SMUGGLED:x" ] || [ -e "$SMUGGLED" ]; then
    fail "an option as the old REV:PATH: git created $SMUGGLED:x"
else
    pass "an option as the old REV:PATH: no file was created"
fi
run "$CHARTER" diff -- deal.charter.yaml "-O$REPO/deal.charter.yaml:x"
expect_status "an option as the new REV:PATH (-OFILE:x)" 2
expect_err "an option as the new REV:PATH (-OFILE:x)" "a revision cannot start with '-'"
run "$CHARTER" diff -- deal.charter.yaml "--output=$SMUGGLED:x" 0 100644 deal.charter.yaml 0 100644
expect_status "an option in git's driver form (a driver exits 0 when it printed)" 0
expect_out "an option in git's driver form" "a revision cannot start with '-'"
if [ -e "$SMUGGLED:x" ]; then
    fail "an option in git's driver form: git created $SMUGGLED:x"
else
    pass "an option in git's driver form: no file was created"
fi

# --- an added file: old side /dev/null --------------------------------------
cp "$SMALL" small.charter.yaml
git add small.charter.yaml
run git diff --cached
expect_status "git diff --cached (added file)" 0
expect_out "git diff --cached (added file)" "charter diff /dev/null b/small.charter.yaml"
expect_out "git diff --cached (added file)" "+ id: small-jv"
run logged diff --cached
expect_args "added file" 7 1 small.charter.yaml 2 /dev/null 3 . 4 . 7 100644
git commit -qm "Add a small charter" || exit 2
run git show --ext-diff HEAD
expect_out "git show --ext-diff (added file)" "charter diff /dev/null b/small.charter.yaml"

# --- a deleted file: new side /dev/null -------------------------------------
git rm -q small.charter.yaml
run git diff --cached
expect_status "git diff --cached (deleted file)" 0
expect_out "git diff --cached (deleted file)" "charter diff a/small.charter.yaml /dev/null"
expect_out "git diff --cached (deleted file)" "- id: small-jv"
run logged diff --cached
expect_args "deleted file" 7 1 small.charter.yaml 4 100644 5 /dev/null 6 . 7 .
git commit -qm "Remove the small charter" || exit 2

# --- a rename with a change: 9 arguments ------------------------------------
git mv deal.charter.yaml acme-globex.charter.yaml
sed -i 's/quorum: 3/quorum: 4/' acme-globex.charter.yaml
git add acme-globex.charter.yaml
run git diff --cached -M
expect_status "git diff --cached -M (rename)" 0
expect_out "git diff --cached -M (rename)" "charter diff a/deal.charter.yaml b/acme-globex.charter.yaml"
expect_out "git diff --cached -M (rename)" "governance.committee.quorum: 3 -> 4"
run logged diff --cached -M
expect_args "rename" 9 1 deal.charter.yaml 5 acme-globex.charter.yaml 8 acme-globex.charter.yaml 9 "similarity index *"
git commit -qm "Rename the deal and raise the quorum" || exit 2
run git log -p --ext-diff -M -1
expect_out "git log -p --ext-diff -M (rename)" "governance.committee.quorum: 3 -> 4"

# --- a working tree that is not valid YAML: the driver still exits 0 --------
cp acme-globex.charter.yaml saved.yaml
printf 'parties: [oops\n' >>acme-globex.charter.yaml
run git diff
expect_status "git diff of a broken file (git must not abort)" 0
expect_out "git diff of a broken file (git must not abort)" "error[C0001]"
mv saved.yaml acme-globex.charter.yaml

# --- an unmerged path: 1 argument --------------------------------------------
git checkout -qb other
sed -i 's/quorum: 4/quorum: 2/' acme-globex.charter.yaml
git commit -qam "Quorum 2" || exit 2
git checkout -q -
sed -i 's/quorum: 4/quorum: 3/' acme-globex.charter.yaml
git commit -qam "Quorum 3" || exit 2
git merge -q other >/dev/null 2>&1
run git diff --cached
expect_status "git diff --cached (unmerged path)" 0
expect_out "git diff --cached (unmerged path)" "acme-globex.charter.yaml"
run logged diff --cached
expect_args "unmerged path" 1 1 acme-globex.charter.yaml
git merge --abort

# --- git's forms, calling the binary directly ---------------------------------
git show HEAD~1:acme-globex.charter.yaml >"$TOP/old.charter.yaml"
H1=$(git rev-parse HEAD~1:acme-globex.charter.yaml)
H2=$(git rev-parse HEAD:acme-globex.charter.yaml)
run "$CHARTER" diff acme-globex.charter.yaml "$TOP/old.charter.yaml" "$H1" 100644 acme-globex.charter.yaml "$H2" 100644
expect_status "7 arguments, called directly" 0
expect_out "7 arguments, called directly" "charter diff a/acme-globex.charter.yaml b/acme-globex.charter.yaml"
expect_out "7 arguments, called directly" "governance.committee.quorum: 4 -> 3"
run "$CHARTER" diff acme-globex.charter.yaml
expect_status "1 argument, called directly" 0
expect_out "1 argument, called directly" "acme-globex.charter.yaml"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
