#include "completions.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <iostream>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>

#include "api/internal.hpp"
#include "load.hpp"
#include "validate/validate.hpp"

namespace charter::cmd {

namespace {

/// What a value is completed with. It follows from the value's name in
/// --help (CLI11's type name), so that --help and the completions cannot
/// say different things.
enum class Values { None, Choices, Charters, Csv, Files, Ids };

struct Value {
    std::string name; ///< FORMAT, FILE, TRIGGER, ...
    Values kind = Values::None;
    std::vector<std::string> choices; ///< Values::Choices: from the option's IsMember check
    std::string ids;                  ///< Values::Ids: the --ids KIND
    std::string suffix;               ///< after an id ("=" before STREAM=AMOUNT's amount)
};

struct Flag {
    std::vector<std::string> names; ///< "-o", "--output"
    std::string description;
    bool takes_value = false;
    bool repeats = false; ///< several values (a vector option)
    Value value;
};

struct Command {
    std::string name; ///< empty for charter itself
    std::string description;
    std::vector<Flag> flags;
    std::optional<Value> positional;
    bool positional_repeats = false;
    std::vector<const Command*> subcommands; ///< charter itself only
};

struct NamedValues {
    const char* name;
    Values kind;
    const char* ids;
    const char* suffix;
};

/// Value names that are completed with something; any other name (DATE,
/// AMOUNT, N, ...) is completed with nothing, or with its fixed choices.
constexpr NamedValues kNamedValues[] = {
    {"FILE", Values::Charters, "", ""},
    {"PATH", Values::Charters, "", ""},
    {"CSV", Values::Csv, "", ""},
    {"OUT", Values::Files, "", ""},
    {"PARTY", Values::Ids, "parties", ""},
    {"TRIGGER", Values::Ids, "triggers", ""},
    {"SCENARIO", Values::Ids, "scenarios", ""},
    {"STREAM=AMOUNT", Values::Ids, "streams", "="},
};

std::vector<std::string> split(const std::string& text, char sep) {
    std::vector<std::string> parts;
    std::string part;
    std::istringstream in(text);
    while (std::getline(in, part, sep)) {
        parts.push_back(part);
    }
    return parts;
}

/// A value from CLI11's full type name: "FORMAT:{text,json}" (the name, then
/// each check's description; IsMember's is its set in braces).
Value value_of(const std::string& type_name) {
    Value v;
    auto parts = split(type_name, ':');
    v.name = parts.empty() ? "" : parts[0];
    for (std::size_t i = 1; i < parts.size(); ++i) {
        const std::string& p = parts[i];
        if (p.size() >= 2 && p.front() == '{' && p.back() == '}') {
            v.kind = Values::Choices;
            v.choices = split(p.substr(1, p.size() - 2), ',');
            return v;
        }
    }
    for (const auto& n : kNamedValues) {
        if (v.name == n.name) {
            v.kind = n.kind;
            v.ids = n.ids;
            v.suffix = n.suffix;
        }
    }
    return v;
}

bool hidden(const CLI::Option* o) {
    return o->get_group().empty();
}

Command command_of(const CLI::App& app) {
    Command c{app.get_name(), app.get_description(), {}, std::nullopt, false, {}};
    for (const CLI::Option* o : app.get_options()) {
        if (hidden(o)) {
            continue;
        }
        if (o->get_positional() && !o->nonpositional()) {
            if (c.positional) {
                throw std::logic_error("completions: '" + app.get_name() +
                                       "' has two positional arguments");
            }
            c.positional = value_of(o->get_type_name());
            c.positional_repeats = o->get_items_expected_max() > 1;
            continue;
        }
        Flag f;
        for (const auto& s : o->get_snames()) {
            f.names.push_back("-" + s);
        }
        for (const auto& l : o->get_lnames()) {
            f.names.push_back("--" + l);
        }
        f.description = o->get_description();
        f.takes_value = o->get_expected_max() > 0;
        f.repeats = o->get_items_expected_max() > 1;
        if (f.takes_value) {
            f.value = value_of(o->get_type_name());
        }
        c.flags.push_back(std::move(f));
    }
    return c;
}

/// The visible commands of `app`: charter itself first, then each subcommand.
std::vector<Command> commands_of(const CLI::App& app) {
    std::vector<Command> all{command_of(app)};
    all[0].name.clear(); // charter itself
    auto subs = app.get_subcommands([](const CLI::App* s) { return !s->get_group().empty(); });
    for (const CLI::App* s : subs) {
        all.push_back(command_of(*s));
    }
    for (std::size_t i = 1; i < all.size(); ++i) {
        all[0].subcommands.push_back(&all[i]);
    }
    return all;
}

std::string join(const std::vector<std::string>& items, const std::string& sep) {
    std::string out;
    for (const auto& item : items) {
        out += (out.empty() ? "" : sep) + item;
    }
    return out;
}

/// `text` in POSIX single quotes (bash and zsh).
std::string sh_quote(const std::string& text) {
    std::string out = "'";
    for (char ch : text) {
        out += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
    }
    return out + "'";
}

/// `text` in fish's single quotes.
std::string fish_quote(const std::string& text) {
    std::string out = "'";
    for (char ch : text) {
        if (ch == '\'' || ch == '\\') {
            out += '\\';
        }
        out += ch;
    }
    return out + "'";
}

/// The flags of `c` that take a value, as one line of words.
std::string value_flags(const Command& c) {
    std::vector<std::string> names;
    for (const auto& f : c.flags) {
        if (f.takes_value) {
            names.insert(names.end(), f.names.begin(), f.names.end());
        }
    }
    return join(names, " ");
}

std::vector<std::string> all_flag_names(const Command& c) {
    std::vector<std::string> names;
    for (const auto& f : c.flags) {
        names.insert(names.end(), f.names.begin(), f.names.end());
    }
    return names;
}

// bash

const char* const kBashHelpers = R"SH(# bash completion for charter
# Generated by `charter completions bash` from charter's own command-line
# definition: regenerate it rather than edit it.

# Adds files to COMPREPLY: charter files (charter), CSV ledgers (csv) or any
# file (any), with directories to walk into.
_charter_files() {
    local IFS=$'\n'
    compopt -o filenames 2>/dev/null
    case $1 in
    charter)
        COMPREPLY+=($(compgen -d -- "$cur") $(compgen -f -X '!*.charter.yaml' -- "$cur")
            $(compgen -f -X '!*.charter.yml' -- "$cur")) ;;
    csv) COMPREPLY+=($(compgen -d -- "$cur") $(compgen -f -X '!*.csv' -- "$cur")) ;;
    *) COMPREPLY+=($(compgen -f -- "$cur")) ;;
    esac
}

# Adds the ids of kind $1 (parties, triggers, ...) of the charter named on
# the command line, each followed by $2, as `charter completions --ids`
# prints them.
_charter_ids() {
    local i w file= skip= id
    for ((i = sub_index + 1; i < cword; i++)); do
        w=${words[i]}
        if [[ -n $skip ]]; then
            skip=
            continue
        fi
        case $w in
        -) return ;;
        --*=*) ;;
        -*) [[ " $value_flags " == *" $w "* ]] && skip=1 ;;
        *) file=$w && break ;;
        esac
    done
    [[ -n $file ]] || return
    while IFS= read -r id; do
        [[ $id == "$cur"* ]] && COMPREPLY+=("$id$2")
    done < <("${words[0]/#\~/$HOME}" completions --ids "$1" "${file/#\~/$HOME}" 2>/dev/null)
    [[ -z $2 ]] || compopt -o nospace 2>/dev/null
}

_charter() {
    local cur prev words cword split
    if declare -F _init_completion >/dev/null; then
        _init_completion -s || return
    else
        words=("${COMP_WORDS[@]}")
        cword=$COMP_CWORD
        cur=${words[cword]}
        prev=${words[cword - 1]}
    fi
    local i w sub= sub_index=0 skip= value_flags=
    for ((i = 1; i < cword; i++)); do
        w=${words[i]}
        if [[ -n $skip ]]; then
            skip=
            continue
        fi
        case $w in
)SH";

std::string bash_value(const Value& v) {
    switch (v.kind) {
    case Values::Choices:
        return "COMPREPLY=($(compgen -W " + sh_quote(join(v.choices, " ")) + " -- \"$cur\"))";
    case Values::Charters:
        return "_charter_files charter";
    case Values::Csv:
        return "_charter_files csv";
    case Values::Files:
        return "_charter_files any";
    case Values::Ids:
        return "_charter_ids " + v.ids + " " + sh_quote(v.suffix);
    case Values::None:
        break;
    }
    return "";
}

void bash_command(std::ostream& out, const Command& c) {
    out << "    " << (c.name.empty() ? "\"\"" : c.name) << ")\n";
    out << "        value_flags=" << sh_quote(value_flags(c)) << "\n";
    std::vector<const Flag*> valued;
    for (const auto& f : c.flags) {
        if (f.takes_value) {
            valued.push_back(&f);
        }
    }
    if (!valued.empty()) {
        out << "        case $prev in\n";
        for (const Flag* f : valued) {
            out << "        " << join(f->names, "|") << ")\n";
            if (std::string action = bash_value(f->value); !action.empty()) {
                out << "            " << action << "\n";
            }
            out << "            return ;;\n";
        }
        out << "        esac\n";
    }
    out << "        if [[ $cur == -* ]]; then\n"
        << "            COMPREPLY=($(compgen -W " << sh_quote(join(all_flag_names(c), " "))
        << " -- \"$cur\"))\n"
        << "            return\n"
        << "        fi\n";
    if (!c.subcommands.empty()) {
        std::vector<std::string> names;
        for (const Command* s : c.subcommands) {
            names.push_back(s->name);
        }
        out << "        COMPREPLY=($(compgen -W " << sh_quote(join(names, " "))
            << " -- \"$cur\"))\n";
    } else if (c.positional && !bash_value(*c.positional).empty()) {
        out << "        " << bash_value(*c.positional) << "\n";
    }
    out << "        ;;\n";
}

std::string bash_script(const std::vector<Command>& commands) {
    std::ostringstream out;
    out << kBashHelpers;
    const Command& root = commands[0];
    if (std::string flags = value_flags(root); !flags.empty()) {
        std::string alternatives = flags;
        std::replace(alternatives.begin(), alternatives.end(), ' ', '|');
        out << "        " << alternatives << ") skip=1 ;;\n";
    }
    out << "        -*) ;;\n"
        << "        *) sub=$w sub_index=$i && break ;;\n"
        << "        esac\n"
        << "    done\n"
        << "    case $sub in\n";
    for (const auto& c : commands) {
        bash_command(out, c);
    }
    out << "    esac\n"
        << "}\n"
        << "complete -F _charter charter\n";
    return out.str();
}

// zsh

const char* const kZshHelpers = R"SH(#compdef charter
# zsh completion for charter
# Generated by `charter completions zsh` from charter's own command-line
# definition: regenerate it rather than edit it.

# Charter files (charter), CSV ledgers (csv) or any file (any), with
# directories. _arguments puts its compadd options before the last argument.
_charter_files() {
  case ${@[-1]} in
  charter) _files "${@[1,-2]}" -g '*.charter.(yaml|yml)(-.)' ;;
  csv) _files "${@[1,-2]}" -g '*.csv(-.)' ;;
  *) _files "${@[1,-2]}" ;;
  esac
}

# The ids of a kind (parties, triggers, ...) of the charter named on the
# command line, each followed by a suffix, as `charter completions --ids`
# prints them: _charter_ids [compadd options] KIND SUFFIX.
_charter_ids() {
  local kind=${@[-2]} suffix=${@[-1]} w file= skip=
  local -a ids
  for w in ${words[2,CURRENT-1]}; do
    if [[ -n $skip ]]; then
      skip=
      continue
    fi
    case $w in
    -) return 1 ;;
    --*=*) ;;
    -*) (( ${_charter_value_flags[(Ie)$w]} )) && skip=1 ;;
    *) file=$w && break ;;
    esac
  done
  [[ -n $file ]] || return 1
  ids=(${(f)"$(${_charter_bin/#\~/$HOME} completions --ids $kind ${file/#\~/$HOME} 2>/dev/null)"})
  (( $#ids )) || return 1
  if [[ -n $suffix ]]; then
    compadd "${@[1,-3]}" -S "$suffix" -a ids
  else
    compadd "${@[1,-3]}" -a ids
  fi
}

_charter() {
  local curcontext=$curcontext state line ret=1
  typeset -A opt_args
  local _charter_bin=$words[1]
  local -a _charter_value_flags
)SH";

/// `text` made safe inside an _arguments explanation `[...]`.
std::string zsh_explanation(const std::string& text) {
    std::string out;
    for (char ch : text) {
        if (ch == '\\' || ch == '[' || ch == ']' || ch == ':') {
            out += '\\';
        }
        out += ch;
    }
    return out;
}

std::string zsh_action(const Value& v) {
    switch (v.kind) {
    case Values::Choices:
        return "(" + join(v.choices, " ") + ")";
    case Values::Charters:
        return "_charter_files charter";
    case Values::Csv:
        return "_charter_files csv";
    case Values::Files:
        return "_files";
    case Values::Ids:
        return "_charter_ids " + v.ids + " " + (v.suffix.empty() ? "''" : v.suffix);
    case Values::None:
        break;
    }
    return " ";
}

/// One _arguments spec, as shell words: '(-o --output)'{-o+,--output=}'[...]:OUT:_files'.
std::string zsh_spec(const Flag& f) {
    bool exits =
        f.names.size() > 0 && (f.names.back() == "--help" || f.names.back() == "--version");
    std::string tail = "[" + zsh_explanation(f.description) + "]";
    if (f.takes_value) {
        tail += ":" + f.value.name + ":" + zsh_action(f.value);
    }
    std::vector<std::string> names;
    for (const auto& n : f.names) {
        bool is_long = n.rfind("--", 0) == 0;
        names.push_back(f.takes_value ? n + (is_long ? "=" : "+") : n);
    }
    std::string prefix = exits ? "(- *)" : f.repeats ? "*" : "";
    if (!exits && !f.repeats && names.size() > 1) {
        prefix = "(" + join(f.names, " ") + ")";
    }
    if (names.size() == 1) {
        return sh_quote(prefix + names[0] + tail);
    }
    return (prefix.empty() ? "" : sh_quote(prefix)) + "{" + join(names, ",") + "}" + sh_quote(tail);
}

void zsh_arguments(std::ostream& out, const Command& c, const std::string& indent,
                   const std::vector<std::string>& extra) {
    out << indent << "_charter_value_flags=(" << value_flags(c) << ")\n";
    out << indent << "_arguments" << (c.subcommands.empty() ? "" : " -C");
    for (const auto& f : c.flags) {
        out << " \\\n" << indent << "  " << zsh_spec(f);
    }
    if (c.positional) {
        const Value& v = *c.positional;
        out << " \\\n"
            << indent << "  "
            << sh_quote((c.positional_repeats ? "*:" : ":") + v.name + ":" + zsh_action(v));
    }
    for (const auto& e : extra) {
        out << " \\\n" << indent << "  " << e;
    }
    out << " && ret=0\n";
}

std::string zsh_script(const std::vector<Command>& commands) {
    std::ostringstream out;
    out << kZshHelpers;
    const Command& root = commands[0];
    zsh_arguments(out, root, "  ", {"'1: :->command'", "'*:: :->args'"});
    out << "  case $state in\n"
        << "  command)\n"
        << "    local -a commands=(\n";
    for (const Command* s : root.subcommands) {
        std::string name;
        for (char ch : s->name) {
            name += ch == ':' ? std::string("\\:") : std::string(1, ch);
        }
        out << "      " << sh_quote(name + ":" + s->description) << "\n";
    }
    out << "    )\n"
        << "    _describe -t commands 'charter command' commands && ret=0\n"
        << "    ;;\n"
        << "  args)\n"
        << "    curcontext=${curcontext%:*:*}:charter-$words[1]:\n"
        << "    case $words[1] in\n";
    for (const Command* s : root.subcommands) {
        out << "    (" << s->name << ")\n";
        zsh_arguments(out, *s, "      ", {});
        out << "      ;;\n";
    }
    out << "    esac\n"
        << "    ;;\n"
        << "  esac\n"
        << "  return ret\n"
        << "}\n\n"
        << "# Autoloaded from $fpath (by compinit), or sourced after compinit.\n"
        << "if [[ $funcstack[1] == _charter ]]; then\n"
        << "  _charter \"$@\"\n"
        << "else\n"
        << "  compdef _charter charter\n"
        << "fi\n";
    return out.str();
}

// fish

const char* const kFishHelpers = R"SH(# fish completion for charter
# Generated by `charter completions fish` from charter's own command-line
# definition: regenerate it rather than edit it.

# Prints the subcommand on the command line and its position, if there is one.
function __charter_find_subcommand
    set -l tokens (commandline -opc)
    set -l skip 0
    for i in (seq 2 (count $tokens))
        if test $skip = 1
            set skip 0
            continue
        end
        if contains -- $tokens[$i] (__charter_value_flags '')
            set skip 1
        else if not string match -q -- '-*' $tokens[$i]
            echo $tokens[$i]
            echo $i
            return 0
        end
    end
    return 1
end

# Without an argument: whether a subcommand is given; with one: whether it is that one.
function __charter_subcommand -a name
    set -l found (__charter_find_subcommand)
    test (count $found) -eq 2; or return 1
    test -z "$name"; or test "$found[1]" = "$name"
end

# Charter files (charter) or CSV ledgers (csv), with directories.
function __charter_files -a what
    set -l token (commandline -ct)
    set -l all (complete -C"__charter_no_such_command $token")
    switch $what
        case charter
            string match -r -- '^[^\t]*(\.charter\.ya?ml|/)(\t.*)?$' $all
        case csv
            string match -r -- '^[^\t]*(\.csv|/)(\t.*)?$' $all
    end
end

# The ids of kind $argv[1] (parties, triggers, ...) of the charter named on
# the command line, each followed by $argv[2], as `charter completions --ids`
# prints them.
function __charter_ids -a kind suffix
    set -l found (__charter_find_subcommand)
    test (count $found) -eq 2; or return
    set -l tokens (commandline -opc)
    set -l value_flags (__charter_value_flags $found[1])
    set -l skip 0
    for i in (seq (math $found[2] + 1) (count $tokens))
        set -l t $tokens[$i]
        if test $skip = 1
            set skip 0
            continue
        end
        switch $t
            case -
                return
            case '--*=*'
            case '-*'
                contains -- $t $value_flags; and set skip 1
            case '*'
                set -l bin (string replace -r '^~' $HOME -- $tokens[1])
                set -l file (string replace -r '^~' $HOME -- $t)
                for id in ($bin completions --ids $kind $file 2>/dev/null)
                    echo $id$suffix
                end
                return
        end
    end
end

# The flags of a subcommand ('' for charter itself) that take a value.
function __charter_value_flags -a sub
    switch $sub
)SH";

std::string fish_value(const Value& v) {
    switch (v.kind) {
    case Values::Choices:
        return " -x -a " + fish_quote(join(v.choices, " "));
    case Values::Charters:
        return " -x -a '(__charter_files charter)'";
    case Values::Csv:
        return " -x -a '(__charter_files csv)'";
    case Values::Files:
        return " -r -F";
    case Values::Ids:
        return " -x -a " + fish_quote("(__charter_ids " + v.ids + " '" + v.suffix + "')");
    case Values::None:
        break;
    }
    return " -x";
}

std::string fish_script(const std::vector<Command>& commands) {
    std::ostringstream out;
    out << kFishHelpers;
    for (const auto& c : commands) {
        out << "        case " << (c.name.empty() ? "''" : c.name) << "\n";
        if (std::string flags = value_flags(c); !flags.empty()) {
            out << "            printf '%s\\n' " << flags << "\n";
        }
    }
    out << "    end\n"
        << "end\n\n"
        << "complete -c charter -f\n";
    for (const auto& c : commands) {
        std::string when = c.name.empty() ? "'not __charter_subcommand'"
                                          : fish_quote("__charter_subcommand " + c.name);
        out << "\n# " << (c.name.empty() ? "charter" : "charter " + c.name) << "\n";
        for (const Command* s : c.subcommands) {
            out << "complete -c charter -n " << when << " -a " << fish_quote(s->name) << " -d "
                << fish_quote(s->description) << "\n";
        }
        for (const auto& f : c.flags) {
            out << "complete -c charter -n " << when;
            for (const auto& n : f.names) {
                out << (n.rfind("--", 0) == 0 ? " -l " + n.substr(2) : " -s " + n.substr(1));
            }
            if (f.takes_value) {
                out << fish_value(f.value);
            }
            out << " -d " << fish_quote(f.description) << "\n";
        }
        if (c.positional && c.positional->kind != Values::None) {
            std::string values = fish_value(*c.positional);
            if (c.positional->kind == Values::Files) {
                values = " -F";
            }
            // a positional is not an option's value: drop " -x" / " -r"
            if (values.rfind(" -x", 0) == 0) {
                values = values.substr(3);
            }
            out << "complete -c charter -n " << when << values << "\n";
        }
    }
    return out.str();
}

// --ids

/// Ids are printed only when they look like ids: the scripts put them on a
/// command line, and a charter is someone else's text.
bool plain_id(const std::string& id) {
    if (id.empty() || id.size() > 64) {
        return false;
    }
    return std::all_of(id.begin(), id.end(), [](char ch) {
        return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
               ch == '-' || ch == '_' || ch == '.';
    });
}

std::vector<std::string> ids_of(const model::Charter& c, const std::string& kind) {
    std::vector<std::string> ids;
    if (kind == "parties") {
        for (const auto& p : c.parties) {
            ids.push_back(p.id);
        }
    } else if (kind == "triggers" && c.exit_triggers) {
        for (const auto& t : *c.exit_triggers) {
            ids.push_back(t.id);
        }
    } else if (kind == "scenarios") {
        for (const auto& s : c.scenarios) {
            ids.push_back(s.id);
        }
    } else if (kind == "streams" && c.economics) {
        for (const auto& s : c.economics->streams) {
            ids.push_back(s.id);
        }
    }
    return ids;
}

const std::set<std::string> kIdKinds = {"parties", "triggers", "scenarios", "streams"};

/// The ids of `kind` in the charter at `path`, one a line; nothing at all
/// for a file that is not a regular file (a pipe could block a shell's
/// completion forever) or cannot be read or parsed. Errors in the charter
/// do not matter: while it is being written, its ids are still wanted.
int print_ids(const std::string& kind, const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
        return kOk;
    }
    std::istringstream no_stdin;
    auto text = api::read_charter(path, no_stdin);
    if (!text) {
        return kOk;
    }
    auto v = validate_source(std::make_shared<const Source>(path, std::move(*text)),
                             {.scenarios = false, .exits = false});
    if (!v.charter) {
        return kOk;
    }
    std::set<std::string> seen;
    std::string out;
    for (const auto& id : ids_of(*v.charter, kind)) {
        if (plain_id(id) && seen.insert(id).second) {
            out += id + '\n';
        }
    }
    std::cout << out;
    return kOk;
}

} // namespace

CLI::App* setup_completions(CLI::App& app, CompletionsOptions& opts, bool with_options) {
    auto* sub = app.add_subcommand(
        "completions", "Print a completion script for bash, zsh or fish (see charter(1))");
    if (!with_options) {
        return sub;
    }
    sub->add_option("shell", opts.shell, "The shell")
        ->type_name("SHELL")
        ->check(CLI::IsMember({"bash", "zsh", "fish"}));
    sub->add_option("-o,--output", opts.output,
                    "Write to this file (atomically) instead of standard output")
        ->type_name("OUT");
    // for the scripts: the ids a flag takes, read from the charter being typed
    sub->add_option("--ids", opts.ids, "KIND FILE: the ids of KIND in FILE, one a line")
        ->expected(2)
        ->type_name("KIND FILE")
        ->group("");
    return sub;
}

std::string completion_script(const CLI::App& app, const std::string& shell) {
    auto commands = commands_of(app);
    if (shell == "bash") {
        return bash_script(commands);
    }
    if (shell == "zsh") {
        return zsh_script(commands);
    }
    if (shell == "fish") {
        return fish_script(commands);
    }
    throw std::logic_error("completions: unknown shell '" + shell + "'");
}

int run_completions(const CompletionsOptions& opts, const CLI::App& app) {
    if (!opts.ids.empty()) {
        if (!opts.shell.empty() || !opts.output.empty()) {
            std::cerr << "charter completions: --ids takes no shell and no -o\n";
            return kFailure;
        }
        if (kIdKinds.count(opts.ids[0]) == 0) {
            std::cerr << "charter completions: --ids: '" << opts.ids[0]
                      << "' is not parties, triggers, scenarios or streams\n";
            return kFailure;
        }
        return print_ids(opts.ids[0], opts.ids[1]);
    }
    if (opts.shell.empty()) {
        std::cerr << "charter completions: name the shell: bash, zsh or fish\n";
        return kFailure;
    }
    return emit(opts.output, completion_script(app, opts.shell));
}

} // namespace charter::cmd
