// The static check of a parsed formula against what one place of a charter
// allows. It walks the whole tree and reports every problem; a part that is
// already wrong has an unknown kind and raises nothing further.
#include <algorithm>
#include <span>

#include "formula/builtins.hpp"
#include "formula/formula.hpp"

namespace charter::formula {
namespace {

using detail::Builtin;
using detail::Param;

bool contains(std::span<const std::string> list, std::string_view s) {
    return std::find(list.begin(), list.end(), s) != list.end();
}

/// Edit distance with adjacent transpositions, or more than `limit` when it
/// is more (the band keeps it linear in the length).
std::size_t distance(std::string_view a, std::string_view b, std::size_t limit) {
    std::size_t n = a.size();
    std::size_t m = b.size();
    if ((n > m ? n - m : m - n) > limit) {
        return limit + 1;
    }
    std::vector<std::size_t> prev2(m + 1), prev(m + 1), cur(m + 1);
    for (std::size_t j = 0; j <= m; ++j) {
        prev[j] = j;
    }
    for (std::size_t i = 1; i <= n; ++i) {
        cur[0] = i;
        std::size_t best = cur[0];
        for (std::size_t j = 1; j <= m; ++j) {
            std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            std::size_t d = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                d = std::min(d, prev2[j - 2] + 1);
            }
            cur[j] = d;
            best = std::min(best, d);
        }
        if (best > limit) {
            return limit + 1;
        }
        std::swap(prev2, prev);
        std::swap(prev, cur);
    }
    return prev[m];
}

/// The closest candidate, if it is close enough to be a likely typo.
std::string suggest(std::string_view name, std::span<const std::string> candidates) {
    if (name.size() > 64) {
        return {};
    }
    std::size_t limit = name.size() <= 3 ? 1 : name.size() <= 6 ? 2 : 3;
    std::string best;
    std::size_t best_distance = limit + 1;
    for (const std::string& c : candidates) {
        if (c.size() > 64) {
            continue;
        }
        std::size_t d = distance(name, c, limit);
        if (d < best_distance) {
            best_distance = d;
            best = c;
        }
    }
    return best;
}

const IdList kNoIds{{}};

/// "a, b, c" with at most 10 entries of the first `count`, each with a
/// prefix ("@" for ids).
std::string list_of(std::span<const std::string> names, std::string_view prefix = {},
                    std::size_t count = std::string::npos) {
    std::string out;
    std::size_t shown = 0;
    for (const std::string& n : names) {
        if (shown == count) {
            break;
        }
        if (shown == 10) {
            out += ", ...";
            break;
        }
        if (shown > 0) {
            out += ", ";
        }
        out += prefix;
        out += n;
        ++shown;
    }
    return out;
}

const std::vector<std::string>& all_variables() {
    static const std::vector<std::string> names = {"revenue", "prior_revenue", "pool",
                                                   "fair_value"};
    return names;
}

enum class Type { Number, Condition, Id, Unknown };

std::string describe_condition(const Node& n) {
    switch (n.kind) {
    case NodeKind::Compare:
        return "a comparison";
    case NodeKind::And:
        return "an 'and' condition";
    case NodeKind::Or:
        return "an 'or' condition";
    case NodeKind::Not:
        return "a 'not' condition";
    default:
        return "a condition";
    }
}

class Checker {
  public:
    explicit Checker(const Context& context) : m_context(context) {}

    std::vector<Problem> run(const Formula& f) {
        Type t = visit(f.root);
        if (t == Type::Condition) {
            report(ProblemKind::Type, f.root,
                   "the formula gives true or false (" + describe_condition(f.root) +
                       "), not an amount",
                   "choose an amount by a condition with if(condition, a, b)");
        }
        std::stable_sort(m_errors.begin(), m_errors.end(),
                         [](const Problem& a, const Problem& b) { return a.offset < b.offset; });
        return std::move(m_errors);
    }

  private:
    // Reporting lives in functions that are not inlined, so that the frames
    // of the recursive visit stay small (the depth is bounded, the stack of
    // a small thread or a sanitizer build is not large).

    [[gnu::noinline]] void report(ProblemKind kind, const Node& at, std::string message,
                                  std::string help = {}) {
        report_at(kind, at.offset, at.length, std::move(message), std::move(help));
    }

    [[gnu::noinline]] void report_at(ProblemKind kind, std::size_t offset, std::size_t length,
                                     std::string message, std::string help) {
        Problem e;
        e.message = std::move(message);
        e.help = std::move(help);
        e.offset = offset;
        e.length = length;
        e.kind = kind;
        m_errors.push_back(std::move(e));
    }

    std::string where() const {
        return std::string(m_context.where.empty() ? "here" : m_context.where);
    }

    Type visit(const Node& n) {
        switch (n.kind) {
        case NodeKind::Number:
            return Type::Number;
        case NodeKind::Variable:
            return variable(n);
        case NodeKind::Id:
            return Type::Id;
        case NodeKind::Call:
            return call(n);
        case NodeKind::Negate:
            for (const Node& c : n.children) {
                want_number(c, "arithmetic");
            }
            return Type::Number;
        case NodeKind::Not:
            for (const Node& c : n.children) {
                want_condition(c, "'not'");
            }
            return Type::Condition;
        case NodeKind::And:
        case NodeKind::Or:
            for (const Node& c : n.children) {
                want_condition(c, n.kind == NodeKind::And ? "'and'" : "'or'");
            }
            return Type::Condition;
        case NodeKind::Compare:
            for (const Node& c : n.children) {
                want_number(c, "a comparison");
            }
            return Type::Condition;
        case NodeKind::Sum:
        case NodeKind::Product:
            for (const Node& c : n.children) {
                want_number(c, "arithmetic");
            }
            return Type::Number;
        }
        return Type::Unknown;
    }

    [[gnu::noinline]] void id_not_number(const Node& n) {
        report(ProblemKind::Type, n, "'@" + n.text + "' is an id, not a number",
               "read a value with contributed(@" + n.text + ") or share(@" + n.text + ")");
    }

    /// Checks n and reports it when it is not a number; `user` is what
    /// needs it ("arithmetic", or a function name).
    void want_number(const Node& n, std::string_view user) {
        Type t = visit(n);
        if (t == Type::Condition || t == Type::Id) {
            not_a_number(n, user, t);
        }
    }

    [[gnu::noinline]] void not_a_number(const Node& n, std::string_view user, Type t) {
        if (t == Type::Id) {
            id_not_number(n);
            return;
        }
        std::string who = user_name(user);
        report(ProblemKind::Type, n,
               who + " needs a number, found " + describe_condition(n) + " (true or false)",
               "choose a number by a condition with if(condition, a, b)");
    }

    void want_condition(const Node& n, std::string_view user) {
        Type t = visit(n);
        if (t == Type::Number || t == Type::Id) {
            not_a_condition(n, user, t);
        }
    }

    [[gnu::noinline]] void not_a_condition(const Node& n, std::string_view user, Type t) {
        std::string who = user_name(user);
        if (t == Type::Number) {
            report(ProblemKind::Type, n, who + " needs a condition (true or false), found a number",
                   "compare it, as in " + to_string(n) + " > 0");
        } else {
            report(ProblemKind::Type, n,
                   who + " needs a condition (true or false), found '@" + n.text + "'");
        }
    }

    /// A function name gets its parentheses: "min()".
    static std::string user_name(std::string_view user) {
        std::string who(user);
        if (detail::find_builtin(user)) {
            who += "()";
        }
        return who;
    }

    [[gnu::noinline]] Type variable(const Node& n) {
        if (contains(m_context.variables, n.text)) {
            return Type::Number;
        }
        if (detail::find_builtin(n.text)) {
            report(ProblemKind::UnknownName, n, "'" + n.text + "' is a function, not a variable",
                   "call it, as in " + std::string(detail::find_builtin(n.text)->usage));
            return Type::Unknown;
        }
        if (contains(all_variables(), n.text)) {
            report(ProblemKind::UnknownName, n,
                   "the variable '" + n.text + "' is not available " + where(), variables_help());
            return Type::Unknown;
        }
        std::string close = suggest(n.text, m_context.variables);
        report(ProblemKind::UnknownName, n, "unknown variable '" + n.text + "'",
               close.empty() ? variables_help() : "did you mean '" + close + "'?");
        return Type::Unknown;
    }

    std::string variables_help() const {
        if (m_context.variables.empty()) {
            return "no variables are available " + where();
        }
        return "the variables " + where() + " are " + list_of(m_context.variables);
    }

    std::string functions_help() const {
        if (m_context.functions.empty()) {
            return "no functions are available " + where();
        }
        return "the functions " + where() + " are " + list_of(m_context.functions);
    }

    Type call(const Node& n) {
        const Builtin* b = detail::find_builtin(n.text);
        if (!b || !contains(m_context.functions, n.text)) {
            unknown_function(n, b);
            for (const Node& arg : n.children) {
                if (arg.kind != NodeKind::Id) {
                    visit(arg);
                }
            }
            return Type::Unknown;
        }
        std::size_t count = n.children.size();
        if (!detail::arity_ok(*b, count)) {
            wrong_arity(n, *b);
        }
        for (std::size_t i = 0; i < count; ++i) {
            const Node& arg = n.children[i];
            if (i >= b->max_args) {
                if (arg.kind != NodeKind::Id) {
                    visit(arg);
                }
                continue;
            }
            switch (detail::param_at(*b, i)) {
            case Param::Number:
                if (arg.kind == NodeKind::Id) {
                    id_not_number(arg);
                } else {
                    want_number(arg, b->name);
                }
                break;
            case Param::Condition:
                want_condition(arg, "the condition of if()");
                break;
            case Param::Party:
            case Param::Step:
                id_argument(*b, arg);
                break;
            }
        }
        if (n.text == "round" && count == 2) {
            round_places(n.children[1]);
        }
        return Type::Number;
    }

    [[gnu::noinline]] void wrong_arity(const Node& n, const Builtin& b) {
        std::size_t count = n.children.size();
        {
            std::string takes;
            if (b.max_args == detail::many) {
                takes = "at least " + std::to_string(b.min_args) + " arguments";
            } else if (b.min_args == b.max_args) {
                takes = std::to_string(b.min_args) + (b.min_args == 1 ? " argument" : " arguments");
            } else {
                takes =
                    std::to_string(b.min_args) + " or " + std::to_string(b.max_args) + " arguments";
            }
            report(ProblemKind::Type, n,
                   n.text + "() takes " + takes + ", found " + std::to_string(count),
                   "write " + std::string(b.usage));
        }
    }

    [[gnu::noinline]] void unknown_function(const Node& n, const Builtin* b) {
        // Point at the name only.
        std::size_t offset = n.offset;
        std::size_t length = n.text.size();
        if (b) {
            report_at(ProblemKind::UnknownName, offset, length,
                      "the function " + n.text + "() is not available " + where(),
                      functions_help());
        } else if (contains(m_context.variables, n.text) || contains(all_variables(), n.text)) {
            report_at(ProblemKind::UnknownName, offset, length,
                      "'" + n.text + "' is a variable, not a function",
                      "write " + n.text + " without parentheses");
        } else {
            std::string close = suggest(n.text, m_context.functions);
            report_at(ProblemKind::UnknownName, offset, length, "unknown function '" + n.text + "'",
                      close.empty() ? functions_help() : "did you mean " + close + "()?");
        }
    }

    void id_argument(const Builtin& b, const Node& arg) {
        if (arg.kind != NodeKind::Id) {
            if (visit(arg) != Type::Unknown) {
                not_an_id(b, arg);
            }
            return;
        }
        check_id(b, arg);
    }

    [[gnu::noinline]] void not_an_id(const Builtin& b, const Node& arg) {
        bool party = detail::param_at(b, 0) == Param::Party;
        report(ProblemKind::Type, arg,
               std::string(b.name) + "() takes " + (party ? "a party id" : "a step id") +
                   ", found '" + to_string(arg) + "'",
               "write " + std::string(b.usage) + " with an id after '@'");
    }

    /// Whether an @id names what the function reads, here.
    [[gnu::noinline]] void check_id(const Builtin& b, const Node& arg) {
        bool party = detail::param_at(b, 0) == Param::Party;
        std::string fn(b.name);
        const std::string& id = arg.text;
        if (party) {
            if (id == "leaver") {
                if (!m_context.allow_leaver) {
                    report(ProblemKind::UnknownName, arg, "@leaver is not available " + where(),
                           "@leaver stands for the leaving party only in an exit's buyout price");
                }
                return;
            }
            const IdList& parties = m_context.parties ? *m_context.parties : kNoIds;
            if (parties.find(id)) {
                return;
            }
            std::string close = parties.suggest(id);
            report(ProblemKind::UnknownName, arg, "unknown party '@" + id + "' in " + fn + "()",
                   !close.empty()          ? "did you mean @" + close + "?"
                   : parties.ids().empty() ? "no parties are available " + where()
                                           : "the parties are " + list_of(parties.ids(), "@"));
            return;
        }
        const IdList& steps = m_context.steps ? *m_context.steps : kNoIds;
        std::size_t readable = std::min(m_context.step, steps.ids().size());
        if (auto at = steps.find(id)) {
            if (*at < readable) {
                return;
            }
            report(ProblemKind::UnknownName, arg,
                   "paid(@" + id + ") cannot be read " + where() +
                       ": paid() reads only earlier steps of the same stream",
                   readable == 0 ? "no earlier step can be read here"
                                 : "the earlier steps are " + list_of(steps.ids(), "@", readable));
            return;
        }
        std::string close = steps.suggest(id, 0, readable);
        report(ProblemKind::UnknownName, arg, "unknown step '@" + id + "' in paid()",
               !close.empty()  ? "did you mean @" + close + "?"
               : readable == 0 ? "no earlier step can be read " + where()
                               : "the earlier steps are " + list_of(steps.ids(), "@", readable));
    }

    /// round(x, places) with a literal places must have a whole number in range.
    [[gnu::noinline]] void round_places(const Node& places) {
        const Node* literal = &places;
        bool negative = false;
        if (places.kind == NodeKind::Negate && places.children.size() == 1) {
            literal = &places.children[0];
            negative = true;
        }
        if (literal->kind != NodeKind::Number) {
            return;
        }
        mpq_class v = negative ? mpq_class(-*literal->value) : *literal->value;
        if (v.get_den() != 1 || v < 0 || v > max_round_places) {
            report(ProblemKind::Type, places,
                   "round() needs a whole number of places from 0 to " +
                       std::to_string(max_round_places) + ", found " + to_string(places),
                   "write round(x) to round to the currency's minor unit");
        }
    }

    const Context& m_context;
    std::vector<Problem> m_errors;
};

std::vector<std::string> function_names(bool with_paid) {
    std::vector<std::string> names;
    for (const Builtin& b : detail::builtins) {
        if (with_paid || b.name != "paid") {
            names.emplace_back(b.name);
        }
    }
    return names;
}

} // namespace

const std::vector<std::string>& builtin_functions() {
    static const std::vector<std::string> names = function_names(true);
    return names;
}

namespace {

/// Lists this short are scanned: a hash index would cost more than it saves.
constexpr std::size_t kScanned = 16;

} // namespace

IdList::IdList(std::vector<std::string> ids) : m_ids(std::move(ids)) {
    if (m_ids.size() <= kScanned) {
        return;
    }
    m_index.reserve(m_ids.size());
    for (std::size_t i = 0; i < m_ids.size(); ++i) {
        m_index.emplace(m_ids[i], i); // the first of a repeated id wins
    }
}

std::optional<std::size_t> IdList::find(std::string_view id) const {
    if (m_ids.size() <= kScanned) {
        for (std::size_t i = 0; i < m_ids.size(); ++i) {
            if (m_ids[i] == id) {
                return i;
            }
        }
        return std::nullopt;
    }
    auto it = m_index.find(id);
    return it == m_index.end() ? std::nullopt : std::optional<std::size_t>(it->second);
}

std::string IdList::suggest(std::string_view id, std::size_t first, std::size_t last) const {
    last = std::min(last, m_ids.size());
    if (first >= last || last - first > m_suggest_budget) {
        return {};
    }
    m_suggest_budget -= last - first;
    return formula::suggest(id, std::span<const std::string>(m_ids).subspan(first, last - first));
}

Context waterfall_context(std::shared_ptr<const IdList> parties,
                          std::shared_ptr<const IdList> steps, std::size_t step) {
    Context c;
    c.where = "in a waterfall step";
    static const std::vector<std::string> variables = {"revenue", "prior_revenue", "pool"};
    c.variables = variables;
    c.functions = builtin_functions();
    c.parties = std::move(parties);
    c.steps = std::move(steps);
    c.step = step;
    return c;
}

Context waterfall_context(std::vector<std::string> parties, std::vector<std::string> earlier_steps,
                          std::vector<std::string> other_steps) {
    std::size_t step = earlier_steps.size();
    earlier_steps.insert(earlier_steps.end(), std::make_move_iterator(other_steps.begin()),
                         std::make_move_iterator(other_steps.end()));
    return waterfall_context(std::make_shared<const IdList>(std::move(parties)),
                             std::make_shared<const IdList>(std::move(earlier_steps)), step);
}

Context buyout_context(std::shared_ptr<const IdList> parties) {
    Context c;
    c.where = "in a buyout price";
    static const std::vector<std::string> variables = {"fair_value"};
    static const std::vector<std::string> functions = function_names(false);
    c.variables = variables;
    c.functions = functions;
    c.parties = std::move(parties);
    c.allow_leaver = true;
    return c;
}

Context buyout_context(std::vector<std::string> parties) {
    return buyout_context(std::make_shared<const IdList>(std::move(parties)));
}

std::vector<Problem> check(const Formula& formula, const Context& context) {
    return Checker(context).run(formula);
}

} // namespace charter::formula
