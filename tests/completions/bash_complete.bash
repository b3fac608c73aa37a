# Prints what bash offers for a command line, one candidate a line: with
# bash-completion loaded, charter's completion is loaded the way
# bash-completion loads it on first use (from XDG_DATA_DIRS), and its
# function is called as readline calls it.
#   bash --norc --noprofile bash_complete.bash LINE
source /usr/share/bash-completion/bash_completion || exit 1
__load_completion charter || {
    echo "bash_complete: bash-completion found no completion for charter" >&2
    exit 1
}
spec=$(complete -p charter) || exit 1
fn=${spec#*-F }
fn=${fn%% *}
line=$1
read -ra COMP_WORDS <<<"$line"
[[ $line == *" " ]] && COMP_WORDS+=("")
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
COMP_LINE=$line
COMP_POINT=${#line}
COMPREPLY=()
"$fn" charter "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
((${#COMPREPLY[@]} == 0)) || printf '%s\n' "${COMPREPLY[@]}"
