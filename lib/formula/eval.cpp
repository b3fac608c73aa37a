// Exact evaluation. Conditions and numbers are computed by two functions so
// each node is read as what its parent needs; anything check() would refuse
// is an Invalid error here too, so an unchecked formula is still safe.
#include <optional>

#include "formula/builtins.hpp"
#include "formula/formula.hpp"

namespace charter::formula {
namespace {

using detail::Builtin;

class Evaluator {
  public:
    explicit Evaluator(const Env& env) : m_env(env) {}

    std::optional<Problem> error;

    bool number(const Node& n, mpq_class& out) {
        switch (n.kind) {
        case NodeKind::Number:
            out = *n.value;
            return true;
        case NodeKind::Variable:
            return lookup(n, m_env.variable(n.text), out);
        case NodeKind::Negate: {
            if (n.children.size() != 1 || !number(n.children[0], out)) {
                return error ? false : invalid(n, "malformed '-'");
            }
            out = -out;
            return true;
        }
        case NodeKind::Sum:
        case NodeKind::Product:
            return chain(n, out);
        case NodeKind::Call:
            return call(n, out);
        case NodeKind::Id:
        case NodeKind::Not:
        case NodeKind::And:
        case NodeKind::Or:
        case NodeKind::Compare:
            return not_a_number(n);
        }
        return invalid(n, "malformed formula");
    }

    bool condition(const Node& n, bool& out) {
        switch (n.kind) {
        case NodeKind::Compare: {
            mpq_class a;
            mpq_class b;
            if (n.children.size() != 2 || n.ops.size() != 1) {
                return invalid(n, "malformed comparison");
            }
            if (!number(n.children[0], a) || !number(n.children[1], b)) {
                return false;
            }
            int c = cmp(a, b);
            switch (n.ops[0]) {
            case Op::Lt:
                out = c < 0;
                break;
            case Op::Le:
                out = c <= 0;
                break;
            case Op::Gt:
                out = c > 0;
                break;
            case Op::Ge:
                out = c >= 0;
                break;
            case Op::Eq:
                out = c == 0;
                break;
            case Op::Ne:
                out = c != 0;
                break;
            default:
                return invalid(n, "malformed comparison");
            }
            return true;
        }
        case NodeKind::And:
        case NodeKind::Or: {
            // Stops at the first operand that decides the result.
            bool stop_at = n.kind == NodeKind::Or;
            out = !stop_at;
            for (const Node& c : n.children) {
                bool v = false;
                if (!condition(c, v)) {
                    return false;
                }
                if (v == stop_at) {
                    out = stop_at;
                    return true;
                }
            }
            return true;
        }
        case NodeKind::Not: {
            bool v = false;
            if (n.children.size() != 1 || !condition(n.children[0], v)) {
                return error ? false : invalid(n, "malformed 'not'");
            }
            out = !v;
            return true;
        }
        default:
            return not_a_condition(n);
        }
    }

  private:
    // Error paths are not inlined, so the frames of the recursive functions
    // stay small.

    [[gnu::noinline]] bool not_a_number(const Node& n) {
        if (n.kind == NodeKind::Id) {
            return invalid(n, "'@" + n.text + "' is an id, not a number");
        }
        return invalid(n, "expected a number, found a condition (true or false): '" + to_string(n) +
                              "'");
    }

    [[gnu::noinline]] bool not_a_condition(const Node& n) {
        return invalid(n, "expected a condition (true or false), found a number: '" + to_string(n) +
                              "'");
    }

    [[gnu::noinline]] bool fail(const Node& at, std::size_t length, ProblemKind kind,
                                std::string message, std::string help = {}) {
        if (!error) {
            Problem e;
            e.message = std::move(message);
            e.help = std::move(help);
            e.offset = at.offset;
            e.length = length;
            e.kind = kind;
            error = std::move(e);
        }
        return false;
    }
    bool fail(const Node& at, ProblemKind kind, std::string message, std::string help = {}) {
        return fail(at, at.length, kind, std::move(message), std::move(help));
    }
    [[gnu::noinline]] bool invalid(const Node& at, std::string message) {
        return fail(at, ProblemKind::Invalid, std::move(message));
    }

    bool lookup(const Node& at, const Lookup& value, mpq_class& out) {
        if (value) {
            out = *value;
            return true;
        }
        return missing(at, value.error());
    }

    /// The Env's problem (Missing or NeedsInput) at the node that read it.
    [[gnu::noinline]] bool missing(const Node& at, const Problem& why) {
        std::string reason = why.message;
        if (reason.empty()) {
            if (at.kind == NodeKind::Variable && at.text == "fair_value") {
                reason = "fair_value is needed by this formula";
            } else {
                reason = to_string(at) + " has no value here";
            }
        }
        bool input = why.kind == ProblemKind::NeedsInput;
        return fail(at, input ? ProblemKind::NeedsInput : ProblemKind::Missing, std::move(reason));
    }

    bool chain(const Node& n, mpq_class& out) {
        if (n.children.empty() || n.ops.size() + 1 != n.children.size()) {
            return invalid(n, "malformed expression");
        }
        if (!number(n.children[0], out)) {
            return false;
        }
        for (std::size_t i = 1; i < n.children.size(); ++i) {
            mpq_class x;
            if (!number(n.children[i], x)) {
                return false;
            }
            switch (n.ops[i - 1]) {
            case Op::Add:
                out += x;
                break;
            case Op::Sub:
                out -= x;
                break;
            case Op::Mul:
                out *= x;
                break;
            case Op::Div:
                if (sgn(x) == 0) {
                    return division_by_zero(n, i);
                }
                out /= x;
                break;
            default:
                return invalid(n, "malformed expression");
            }
        }
        return true;
    }

    // "division by zero in 'revenue / contributed(@globex)': contributed(@globex) is 0"
    [[gnu::noinline]] bool division_by_zero(const Node& n, std::size_t i) {
        Node prefix;
        prefix.kind = n.kind;
        prefix.children.assign(n.children.begin(),
                               n.children.begin() + static_cast<std::ptrdiff_t>(i + 1));
        prefix.ops.assign(n.ops.begin(), n.ops.begin() + static_cast<std::ptrdiff_t>(i));
        const Node& divisor = n.children[i];
        std::string message = "division by zero in '" + to_string(prefix) + "'";
        if (divisor.kind != NodeKind::Number) {
            message += ": " + to_string(divisor) + " is 0";
        }
        std::size_t end = divisor.outer_offset + divisor.outer_length;
        return fail(n, end > n.offset ? end - n.offset : n.length, ProblemKind::DivisionByZero,
                    std::move(message),
                    "guard the division with if(), as in if(" + to_string(divisor) +
                        " == 0, 0, ...)");
    }

    bool call(const Node& n, mpq_class& out) {
        const Builtin* b = detail::find_builtin(n.text);
        if (!b) {
            return bad_call(n, nullptr, false);
        }
        const std::vector<Node>& args = n.children;
        if (!detail::arity_ok(*b, args.size())) {
            return bad_call(n, b, true);
        }
        std::string_view name = b->name;
        if (name == "min" || name == "max") {
            bool is_min = name == "min";
            for (std::size_t i = 0; i < args.size(); ++i) {
                mpq_class x;
                if (!number(args[i], x)) {
                    return false;
                }
                if (i == 0 || (is_min ? x < out : x > out)) {
                    out = x;
                }
            }
            return true;
        }
        if (name == "clamp") {
            mpq_class x;
            mpq_class lo;
            mpq_class hi;
            if (!number(args[0], x) || !number(args[1], lo) || !number(args[2], hi)) {
                return false;
            }
            if (lo > hi) {
                return clamp_bounds(n, lo, hi);
            }
            out = x < lo ? lo : x > hi ? hi : x;
            return true;
        }
        if (name == "if") {
            bool c = false;
            if (!condition(args[0], c)) {
                return false;
            }
            return number(args[c ? 1 : 2], out);
        }
        if (name == "round") {
            mpq_class x;
            if (!number(args[0], x)) {
                return false;
            }
            int places = m_env.minor_digits();
            if (args.size() == 2) {
                mpq_class p;
                if (!number(args[1], p)) {
                    return false;
                }
                if (p.get_den() != 1 || p < 0 || p > max_round_places) {
                    return bad_places(args[1], p);
                }
                places = static_cast<int>(p.get_num().get_si());
            }
            out = m_env.round(x, places);
            return true;
        }
        // contributed, share, paid: one @id.
        const Node& arg = args[0];
        if (arg.kind != NodeKind::Id) {
            return bad_call(arg, b, false);
        }
        if (name == "contributed") {
            return lookup(n, m_env.contributed(arg.text), out);
        }
        if (name == "share") {
            return lookup(n, m_env.share(arg.text), out);
        }
        return lookup(n, m_env.paid(arg.text), out);
    }

    /// An unknown function (b is null), a wrong argument count (at the call)
    /// or a value where an id is needed (at the argument).
    [[gnu::noinline]] bool bad_call(const Node& at, const Builtin* b, bool arity) {
        if (!b) {
            return invalid(at, "unknown function '" + at.text + "'");
        }
        if (arity) {
            return invalid(at, "wrong number of arguments: write " + std::string(b->usage));
        }
        return invalid(at, std::string(b->name) + "() takes an id, as in " + std::string(b->usage));
    }

    [[gnu::noinline]] bool clamp_bounds(const Node& n, const mpq_class& lo, const mpq_class& hi) {
        return fail(n, ProblemKind::Domain,
                    "clamp(x, lo, hi) needs lo at most hi: lo is " + format_number(lo) +
                        ", hi is " + format_number(hi));
    }

    [[gnu::noinline]] bool bad_places(const Node& places, const mpq_class& p) {
        return fail(places, ProblemKind::Domain,
                    "round() needs a whole number of places from 0 to " +
                        std::to_string(max_round_places) + ", found " + format_number(p));
    }

    const Env& m_env;
};

} // namespace

Problem no_value(std::string message, ProblemKind kind) {
    Problem p;
    p.kind = kind;
    p.message = std::move(message);
    return p;
}

Result<mpq_class> evaluate(const Formula& formula, const Env& env) {
    Evaluator ev(env);
    mpq_class out;
    if (!ev.number(formula.root, out)) {
        if (!ev.error) {
            Problem e;
            e.kind = ProblemKind::Invalid;
            e.message = "malformed formula";
            ev.error = std::move(e);
        }
        return unexpected(std::move(*ev.error));
    }
    return out;
}

} // namespace charter::formula
