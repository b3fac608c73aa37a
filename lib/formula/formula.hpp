#pragma once
// Formulas of a charter (charter(5), FORMULAS): a waterfall step's
// `amount`, a royalty's `base`, an exit's `buyout.price`.
//
// parse() turns text into a tree with byte positions, check() says what is
// wrong with it in one place of a charter (all problems, not the first), and
// evaluate() computes its exact value against an Env. Nothing here throws on
// bad input, and nothing recurses deeper than the 64-level nesting limit
// allows: formulas are fuzzed.
#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <gmpxx.h>

#include "util/problem.hpp"

namespace charter::formula {

/// Longest formula, in characters (code points), checked before parsing.
inline constexpr std::size_t max_length = 4096;
/// Deepest nesting: each '(', function call, unary '-' and 'not' is a level.
inline constexpr int max_depth = 64;
/// Most decimal places round(x, places) accepts.
inline constexpr int max_round_places = 18;

enum class NodeKind {
    Number,   ///< value (exact), text as written ("10_000", "3%")
    Variable, ///< text is the name
    Id,       ///< text is the id without '@'; only ever a function argument
    Call,     ///< text is the function name, children the arguments
    Negate,   ///< one child
    Not,      ///< one child
    Sum,      ///< children joined by ops (Add, Sub)
    Product,  ///< children joined by ops (Mul, Div)
    Compare,  ///< two children, one op (Lt .. Ne)
    And,      ///< two or more children
    Or,       ///< two or more children
};

enum class Op : unsigned char { Add, Sub, Mul, Div, Lt, Le, Gt, Ge, Eq, Ne };

/// One node of a parsed formula. Chains of one level ("a + b - c") are one
/// n-ary node, so the tree is only as deep as the nesting; "(a + b) + c" is
/// the same tree as "a + b + c", "a + (b + c)" is not.
struct Node {
    Node() = default;
    Node(const Node&) = default;
    Node& operator=(const Node&) = default;
    /// noexcept, so that a vector of nodes moves them as it grows instead of
    /// copying whole subtrees: mpq_class's move is not declared noexcept (it
    /// allocates, and GMP aborts when an allocation fails: it never throws).
    Node(Node&&) noexcept = default;
    Node& operator=(Node&&) noexcept = default;

    NodeKind kind = NodeKind::Number;
    /// Number only: other nodes hold no GMP value (making one allocates).
    std::optional<mpq_class> value;
    std::string text; ///< see NodeKind
    std::vector<Node> children;
    std::vector<Op> ops;          ///< Sum/Product: ops[i] stands between children[i] and [i+1]
    std::size_t offset = 0;       ///< byte offset of the node's text
    std::size_t length = 0;       ///< byte length of the node's text
    std::size_t outer_offset = 0; ///< like offset, with the parentheses around the node
    std::size_t outer_length = 0;
};

/// A parsed formula: its text (offsets point into it) and its tree.
struct Formula {
    std::string text;
    Node root;
};

/// Parses a formula. Text longer than max_length or nesting deeper than
/// max_depth is a TooLarge problem; anything else that does not parse is a
/// Syntax problem naming what was expected and what was found. Offsets
/// (Problem::offset, related_offset) are byte offsets into the text; the
/// caller maps them into file positions.
Result<Formula> parse(std::string_view text);

/// Ids in charter order with a look-up by id, made once per charter and
/// shared by the contexts of all its formulas: checking a formula costs the
/// same whatever the number of parties or steps.
class IdList {
  public:
    explicit IdList(std::vector<std::string> ids);
    const std::vector<std::string>& ids() const { return m_ids; }
    /// Position of the first entry with this id.
    std::optional<std::size_t> find(std::string_view id) const;
    /// The id closest to `id` if it is a likely typo. Every call spends the
    /// list's size from a budget shared by all its users; once it is spent
    /// there are no more suggestions, so a flood of unknown ids among
    /// thousands of parties cannot take minutes.
    std::string suggest(std::string_view id, std::size_t first = 0,
                        std::size_t last = std::string::npos) const;

  private:
    std::vector<std::string> m_ids;
    std::unordered_map<std::string_view, std::size_t> m_index;
    mutable std::size_t m_suggest_budget = 2'000'000;
};

/// What a formula may use in one place of a charter. The words and name
/// lists are the same for every formula of a kind: views of static lists,
/// not copies made per formula.
struct Context {
    std::string_view where = "here";        ///< for messages: "in a buyout price"
    std::span<const std::string> variables; ///< readable variables
    std::span<const std::string> functions; ///< built-in functions allowed here
    std::shared_ptr<const IdList> parties;  ///< ids valid in contributed() and share()
    bool allow_leaver = false;              ///< @leaver stands for a party (exit buyouts)
    std::shared_ptr<const IdList> steps;    ///< the stream's steps, in order
    std::size_t step = 0;                   ///< paid() reads the steps before this one
};

/// The context of a waterfall step's `amount` or royalty `base`: revenue,
/// prior_revenue, pool; every function; paid() of the steps before `step`.
Context waterfall_context(std::shared_ptr<const IdList> parties,
                          std::shared_ptr<const IdList> steps, std::size_t step);
/// The same from lists: `earlier_steps` can be read, `other_steps` exist.
Context waterfall_context(std::vector<std::string> parties, std::vector<std::string> earlier_steps,
                          std::vector<std::string> other_steps = {});
/// The context of an exit `buyout.price`: fair_value, @leaver, no paid().
Context buyout_context(std::shared_ptr<const IdList> parties);
Context buyout_context(std::vector<std::string> parties);

/// Names of all built-in functions.
const std::vector<std::string>& builtin_functions();

/// Every problem of a parsed formula in a context, in text order: unknown
/// names, functions and ids (UnknownName), wrong argument counts and values
/// of the wrong kind (Type). Empty when the formula is fine.
std::vector<Problem> check(const Formula& formula, const Context& context);

/// A value from an Env, or why there is none: a Problem of kind Missing, or
/// NeedsInput for a value the request should have given (fair_value). An
/// empty message gets a default one ("fair_value is needed by this formula").
using Lookup = Result<mpq_class>;

/// Why an Env has no value: `message` (may be empty) of `kind`.
Problem no_value(std::string message = {}, ProblemKind kind = ProblemKind::Missing);

/// What a formula reads while it is computed. Ids are passed as written,
/// without '@' (so @leaver arrives as "leaver").
class Env {
  public:
    virtual ~Env() = default;
    virtual Lookup variable(std::string_view name) const = 0;
    virtual Lookup contributed(std::string_view party) const = 0;
    virtual Lookup share(std::string_view party) const = 0;
    virtual Lookup paid(std::string_view step) const = 0;
    /// x rounded to `places` decimals in the charter's rounding mode.
    virtual mpq_class round(const mpq_class& x, int places) const = 0;
    /// The currency's minor-unit digits: the places of round(x).
    virtual int minor_digits() const = 0;
};

/// The exact value of a formula. Only the branch an if() takes is computed
/// and and/or stop early, so a value that is not read is never needed. A
/// failure is a DivisionByZero, Missing or NeedsInput (from the Env), Domain
/// or Invalid (what check() reports) problem at a byte span of the text.
Result<mpq_class> evaluate(const Formula& formula, const Env& env);

/// The formula with normalised spacing ("max(3% * revenue, 10_000)"):
/// numbers as written, parentheses only where the tree needs them.
std::string to_string(const Formula& formula);
std::string to_string(const Node& node);

/// Whether two formulas have the same tree; numbers compare by value
/// (8% and 0.08 are the same), positions and spelling are ignored.
bool same_tree(const Formula& a, const Formula& b);
bool same_tree(const Node& a, const Node& b);

/// An exact number for messages: a decimal where it terminates ("0.125"),
/// else a fraction ("1/3").
std::string format_number(const mpq_class& x);

} // namespace charter::formula
