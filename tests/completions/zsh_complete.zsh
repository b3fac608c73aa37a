#!/usr/bin/env zsh
# Prints what zsh's completion system offers for a command line typed into
# an interactive zsh (run under zsh/zpty), one candidate a line. The
# completion functions are autoloaded from FPATH_DIR, as compinit finds an
# installed _charter. compadd is wrapped to record what would be added, and
# the shell exits as soon as the completion is done.
#   zsh -f zsh_complete.zsh FPATH_DIR LINE
zmodload zsh/zpty || exit 1
setup=$(mktemp) || exit 1
hits=$(mktemp) || exit 1
export ZC_FPATH=$1 ZC_HITS=$hits
cat >$setup <<'SETUP'
fpath=($ZC_FPATH $fpath)
autoload -Uz compinit && compinit -u -D
compadd() {
  # calls that only ask (-O, -A, -D) are passed through as they are
  if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then
    builtin compadd "$@"
    return
  fi
  local -a __hits
  builtin compadd -A __hits "$@"
  (( $#__hits )) && print -rl -- $__hits >>$ZC_HITS
  builtin compadd "$@"
}
comppostfuncs=(exit)
bindkey '^I' complete-word
SETUP
zpty zc 'exec zsh -f -i'
zpty -w zc "source ${(q)setup}"
zpty -w -n zc "$2"$'\t'
integer i
for (( i = 0; i < 600; i++ )); do
  zpty -r -t zc junk 2>/dev/null
  zpty -t zc || break
  sleep 0.05
done
if zpty -t zc; then
  print -u2 "zsh_complete: no answer within 30 s"
  zpty -d zc
  rm -f $setup $hits
  exit 1
fi
zpty -d zc
cat $hits
rm -f $setup $hits
