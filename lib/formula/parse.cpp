// The formula lexer and parser: recursive descent over the grammar of
// charter(5) FORMULAS, with a depth counter so that nesting beyond max_depth is an
// error instead of a deep stack. Unary '-' and 'not' chains are read in a loop.
#include <cstdint>
#include <numeric>
#include <optional>
#include <utility>

#include "formula/formula.hpp"

namespace charter::formula {
namespace {

constexpr std::size_t npos = std::string::npos;

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_lower(char c) {
    return c >= 'a' && c <= 'z';
}
bool is_upper(char c) {
    return c >= 'A' && c <= 'Z';
}
bool is_word(char c) {
    return is_digit(c) || is_lower(c) || is_upper(c) || c == '_';
}
bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}
bool is_continuation(unsigned char c) {
    return (c & 0xC0) == 0x80;
}

/// 1-based column, in code points, of a byte offset.
std::size_t column_of(std::string_view text, std::size_t offset) {
    std::size_t column = 1;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        if (!is_continuation(static_cast<unsigned char>(text[i]))) {
            ++column;
        }
    }
    return column;
}

enum class Tok {
    Number,
    Name,
    Id,
    LParen,
    RParen,
    Comma,
    Plus,
    Minus,
    Star,
    Slash,
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
    And,
    Or,
    Not,
    End,
    Bad,
};

// A token owns nothing: its text is a view of the formula, and a number's
// value is made only when the parser keeps it. A bad token's words are kept
// once, in Lexed, since lexing stops at the first.
struct Token {
    Tok kind = Tok::End;
    std::size_t offset = 0;
    std::size_t length = 0;
    std::string_view text; ///< as written; an id without '@'
};

/// The tokens of a formula, ending with End or with the first Bad one.
struct Lexed {
    std::vector<Token> tokens;
    std::string message; ///< the Bad token's: what is wrong
    std::string help;    ///< the Bad token's: how to fix it
};

std::string describe(const Token& t) {
    std::string text(t.text);
    switch (t.kind) {
    case Tok::Number:
        return "number " + text;
    case Tok::Name:
        return "'" + text + "'";
    case Tok::Id:
        return "'@" + text + "'";
    case Tok::End:
        return "end of formula";
    default:
        return "'" + text + "'";
    }
}

/// The exact value of a number the lexer accepted: digits with '_' between
/// them, an optional '.digits' and an optional '%'. Up to 19 digits it is
/// made from machine words (one gcd), else by GMP from the digits.
mpq_class number_value(std::string_view text) {
    bool percent = !text.empty() && text.back() == '%';
    std::string digits;
    std::size_t decimals = 0;
    bool point = false;
    for (char c : text) {
        if (is_digit(c)) {
            digits += c;
            decimals += point ? 1 : 0;
        } else if (c == '.') {
            point = true;
        }
    }
    std::size_t scale = decimals + (percent ? 2 : 0);
    mpq_class value;
    if (digits.size() <= 19 && scale <= 19) {
        std::uint64_t num = 0;
        for (char c : digits) {
            num = num * 10 + static_cast<std::uint64_t>(c - '0');
        }
        std::uint64_t den = 1;
        for (std::size_t k = 0; k < scale; ++k) {
            den *= 10;
        }
        std::uint64_t g = std::gcd(num, den);
        mpz_set_ui(value.get_num_mpz_t(), static_cast<unsigned long>(num / g));
        mpz_set_ui(value.get_den_mpz_t(), static_cast<unsigned long>(den / g));
        return value;
    }
    mpz_set_str(value.get_num_mpz_t(), digits.c_str(), 10);
    mpz_ui_pow_ui(value.get_den_mpz_t(), 10, scale);
    value.canonicalize();
    return value;
}

std::optional<Op> compare_op(Tok t) {
    switch (t) {
    case Tok::Lt:
        return Op::Lt;
    case Tok::Le:
        return Op::Le;
    case Tok::Gt:
        return Op::Gt;
    case Tok::Ge:
        return Op::Ge;
    case Tok::Eq:
        return Op::Eq;
    case Tok::Ne:
        return Op::Ne;
    default:
        return std::nullopt;
    }
}

std::optional<Op> sum_op(Tok t) {
    if (t == Tok::Plus) {
        return Op::Add;
    }
    if (t == Tok::Minus) {
        return Op::Sub;
    }
    return std::nullopt;
}

std::optional<Op> product_op(Tok t) {
    if (t == Tok::Star) {
        return Op::Mul;
    }
    if (t == Tok::Slash) {
        return Op::Div;
    }
    return std::nullopt;
}

std::string hex_byte(unsigned char c) {
    const char* digits = "0123456789ABCDEF";
    std::string s = "0x";
    s += digits[c >> 4];
    s += digits[c & 0xF];
    return s;
}

class Lexer {
  public:
    explicit Lexer(std::string_view text) : m_text(text) {}

    /// All tokens, ending with End or with the first Bad one.
    Lexed run() {
        Lexed lexed;
        std::vector<Token>& out = lexed.tokens;
        // most tokens are a word or a symbol and a space: one allocation
        out.reserve(m_text.size() / 2 + 2);
        for (;;) {
            while (m_pos < m_text.size() && is_space(m_text[m_pos])) {
                ++m_pos;
            }
            if (m_pos == m_text.size()) {
                Token end;
                end.offset = m_text.size();
                out.push_back(end);
                return lexed;
            }
            char c = m_text[m_pos];
            Token t;
            if (is_digit(c)) {
                t = number();
            } else if (is_word(c)) {
                t = word();
            } else if (c == '@') {
                t = id();
            } else {
                t = symbol();
            }
            out.push_back(t);
            if (t.kind == Tok::Bad) {
                lexed.message = std::move(m_message);
                lexed.help = std::move(m_help);
                return lexed;
            }
        }
    }

  private:
    char at(std::size_t i) const { return i < m_text.size() ? m_text[i] : '\0'; }

    Token make(Tok kind, std::size_t start) const {
        Token t;
        t.kind = kind;
        t.offset = start;
        t.length = m_pos - start;
        t.text = m_text.substr(start, m_pos - start);
        return t;
    }

    Token bad(std::size_t start, std::size_t end, std::string message, std::string help) {
        Token t;
        t.kind = Tok::Bad;
        t.offset = start;
        t.length = end - start;
        t.text = m_text.substr(start, end - start);
        m_message = std::move(message);
        m_help = std::move(help);
        return t;
    }

    // number := digit+ ("_" digit+)* ["." digit+], then an optional '%'
    // written right after it.
    Token number() {
        std::size_t start = m_pos;
        std::string problem;
        while (is_digit(at(m_pos))) {
            ++m_pos;
        }
        while (problem.empty() && at(m_pos) == '_') {
            if (!is_digit(at(m_pos + 1))) {
                problem = "'_' must stand between two digits";
                break;
            }
            ++m_pos;
            while (is_digit(at(m_pos))) {
                ++m_pos;
            }
        }
        if (problem.empty() && at(m_pos) == '.') {
            if (!is_digit(at(m_pos + 1))) {
                problem = "a '.' must be followed by digits";
            } else {
                ++m_pos;
                while (is_digit(at(m_pos))) {
                    ++m_pos;
                }
            }
        }
        char next = at(m_pos);
        if (problem.empty() && (is_word(next) || next == '.')) {
            if (next == '.') {
                problem = "a number has at most one '.'";
            } else if (next == '_') {
                problem = "digits after '.' cannot be grouped with '_'";
            } else if (next == 'e' || next == 'E') {
                problem = "numbers have no exponent: write all the digits, as in 1_000_000";
            } else {
                problem = "put an operator between a number and a name, as in 2 * x";
            }
        }
        if (!problem.empty()) {
            std::size_t end = m_pos;
            while (end < m_text.size() && (is_word(m_text[end]) || m_text[end] == '.')) {
                ++end;
            }
            m_pos = end;
            return bad(start, end,
                       "malformed number '" + std::string(m_text.substr(start, end - start)) + "'",
                       problem);
        }
        if (at(m_pos) == '%') {
            ++m_pos;
        }
        return make(Tok::Number, start);
    }

    // A name or keyword; upper case is refused with the lower-case spelling.
    Token word() {
        std::size_t start = m_pos;
        bool upper = false;
        while (is_word(at(m_pos))) {
            upper = upper || is_upper(m_text[m_pos]);
            ++m_pos;
        }
        std::string w(m_text.substr(start, m_pos - start));
        if (upper) {
            std::string lower = w;
            for (char& c : lower) {
                if (is_upper(c)) {
                    c = static_cast<char>(c - 'A' + 'a');
                }
            }
            return bad(start, m_pos, "'" + w + "' is not lower-case: names and keywords are",
                       "write '" + lower + "'");
        }
        if (w == "and") {
            return make(Tok::And, start);
        }
        if (w == "or") {
            return make(Tok::Or, start);
        }
        if (w == "not") {
            return make(Tok::Not, start);
        }
        return make(Tok::Name, start);
    }

    // "@" id, id := [a-z0-9][a-z0-9-]*, at most 64 characters, written
    // right after the '@'.
    Token id() {
        std::size_t start = m_pos++;
        bool malformed = false;
        while (is_word(at(m_pos)) || at(m_pos) == '-') {
            char c = m_text[m_pos];
            malformed = malformed || is_upper(c) || c == '_';
            ++m_pos;
        }
        std::size_t n = m_pos - start - 1;
        if (n == 0) {
            return bad(start, start + 1, "expected a party or step id after '@'",
                       "write the id right after '@', as in share(@acme)");
        }
        std::string written(m_text.substr(start, m_pos - start));
        if (malformed || m_text[start + 1] == '-') {
            return bad(
                start, m_pos, "malformed id '" + written + "'",
                "ids are lower-case letters, digits and '-', starting with a letter or digit");
        }
        if (n > 64) {
            return bad(start, m_pos,
                       "id '" + written.substr(0, 20) + "...' is " + std::to_string(n) +
                           " characters long",
                       "ids are at most 64 characters");
        }
        Token t = make(Tok::Id, start);
        t.text = m_text.substr(start + 1, n);
        return t;
    }

    Token symbol() {
        std::size_t start = m_pos;
        char c = m_text[m_pos];
        char next = at(m_pos + 1);
        auto one = [&](Tok kind) {
            ++m_pos;
            return make(kind, start);
        };
        auto two = [&](Tok kind) {
            m_pos += 2;
            return make(kind, start);
        };
        switch (c) {
        case '(':
            return one(Tok::LParen);
        case ')':
            return one(Tok::RParen);
        case ',':
            return one(Tok::Comma);
        case '+':
            return one(Tok::Plus);
        case '-':
            return one(Tok::Minus);
        case '*':
            return one(Tok::Star);
        case '/':
            return one(Tok::Slash);
        case '<':
            return next == '=' ? two(Tok::Le) : one(Tok::Lt);
        case '>':
            return next == '=' ? two(Tok::Ge) : one(Tok::Gt);
        case '=':
            if (next == '=') {
                return two(Tok::Eq);
            }
            ++m_pos;
            return bad(start, m_pos, "'=' is not an operator", "write '==' to compare");
        case '!':
            if (next == '=') {
                return two(Tok::Ne);
            }
            ++m_pos;
            return bad(start, m_pos, "'!' is not an operator",
                       "write 'not' to negate a condition, or '!=' to compare");
        case '&':
            m_pos += next == '&' ? 2 : 1;
            return bad(start, m_pos,
                       "'" + std::string(m_text.substr(start, m_pos - start)) +
                           "' is not an operator",
                       "write 'and'");
        case '|':
            m_pos += next == '|' ? 2 : 1;
            return bad(start, m_pos,
                       "'" + std::string(m_text.substr(start, m_pos - start)) +
                           "' is not an operator",
                       "write 'or'");
        case '%':
            ++m_pos;
            return bad(start, m_pos, "'%' must follow a number directly",
                       "write a percentage as 8%, with no space; there is no remainder operator");
        case '^':
            ++m_pos;
            return bad(start, m_pos, "'^' is not an operator: there is no power operator",
                       "multiply it out, as in x * x");
        case '.':
            if (is_digit(next)) {
                ++m_pos;
                while (is_digit(at(m_pos))) {
                    ++m_pos;
                }
                std::string written(m_text.substr(start, m_pos - start));
                return bad(start, m_pos, "malformed number '" + written + "'",
                           "a number starts with a digit: write 0" + written);
            }
            break;
        default:
            break;
        }
        return unexpected_char();
    }

    Token unexpected_char() {
        std::size_t start = m_pos;
        auto c = static_cast<unsigned char>(m_text[m_pos]);
        if (c < 0x80) {
            ++m_pos;
            if (c < 0x20 || c == 0x7F) {
                return bad(start, m_pos, "unexpected control character " + hex_byte(c),
                           "remove it");
            }
            return bad(
                start, m_pos, "unexpected character '" + std::string(1, static_cast<char>(c)) + "'",
                "formulas use numbers, names, @ids, ( ) , + - * / < <= > >= == != and, or, not");
        }
        std::size_t n = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c <= 0xDF ? 2 : 0;
        bool valid = n > 0 && start + n <= m_text.size();
        for (std::size_t i = 1; valid && i < n; ++i) {
            valid = is_continuation(static_cast<unsigned char>(m_text[start + i]));
        }
        if (!valid) {
            ++m_pos;
            return bad(start, m_pos, "unexpected byte " + hex_byte(c) + ", which is not UTF-8",
                       "remove it");
        }
        m_pos += n;
        std::string ch(m_text.substr(start, n));
        std::string help = "formulas are written in plain ASCII";
        if (ch == "\u2212" || ch == "\u2013" || ch == "\u2014") {
            help = "write '-' (a plain hyphen-minus)";
        } else if (ch == "\u00D7") {
            help = "write '*' to multiply";
        } else if (ch == "\u00F7") {
            help = "write '/' to divide";
        } else if (ch == "\u2264") {
            help = "write '<='";
        } else if (ch == "\u2265") {
            help = "write '>='";
        } else if (ch == "\u2260") {
            help = "write '!='";
        } else if (ch == "\u00A0") {
            help = "write a plain space instead of the non-breaking space";
        }
        return bad(start, m_pos, "unexpected character '" + ch + "'", help);
    }

    std::string_view m_text;
    std::size_t m_pos = 0;
    std::string m_message; ///< the last bad token's
    std::string m_help;
};

std::size_t outer_end(const Node& n) {
    return n.outer_offset + n.outer_length;
}

void set_span(Node& n, std::size_t begin, std::size_t end) {
    n.offset = begin;
    n.length = end - begin;
    n.outer_offset = begin;
    n.outer_length = end - begin;
}

/// An n-ary node of two or more items. A first item of the same kind came
/// from parentheses and is spliced in: "(a + b) + c" is "a + b + c".
[[gnu::noinline]] Node chain(NodeKind kind, std::vector<Node> items, std::vector<Op> ops) {
    Node n;
    n.kind = kind;
    std::size_t begin = items.front().outer_offset;
    std::size_t end = outer_end(items.back());
    if (items.front().kind == kind) {
        Node first = std::move(items.front());
        n.children = std::move(first.children);
        n.ops = std::move(first.ops);
        for (std::size_t i = 1; i < items.size(); ++i) {
            n.children.push_back(std::move(items[i]));
            if (!ops.empty()) {
                n.ops.push_back(ops[i - 1]);
            }
        }
    } else {
        n.children = std::move(items);
        n.ops = std::move(ops);
    }
    set_span(n, begin, end);
    return n;
}

class Parser {
  public:
    Parser(std::string_view text, Lexed lexed) : m_text(text), m_lexed(std::move(lexed)) {}

    Result<Formula> run() {
        Node root;
        if (peek().kind == Tok::End) {
            fail(ProblemKind::Syntax, peek().offset, 0, "the formula is empty",
                 "write an expression, such as min(revenue, 10_000)");
        } else if (parse_or(root) && peek().kind != Tok::End) {
            trailing();
        }
        if (m_error) {
            return unexpected(std::move(*m_error));
        }
        return Formula{std::string(m_text), std::move(root)};
    }

  private:
    using Level = bool (Parser::*)(Node&);

    const Token& peek(std::size_t k = 0) const {
        std::size_t i = m_pos + k;
        return i < m_lexed.tokens.size() ? m_lexed.tokens[i] : m_lexed.tokens.back();
    }
    void advance() {
        if (m_pos + 1 < m_lexed.tokens.size()) {
            ++m_pos;
        }
    }
    std::size_t end_of(const Token& t) const { return t.offset + t.length; }

    bool fail(ProblemKind kind, std::size_t offset, std::size_t length, std::string message,
              std::string help = {}) {
        if (!m_error) {
            Problem e;
            e.message = std::move(message);
            e.help = std::move(help);
            e.offset = offset;
            e.length = length;
            e.kind = kind;
            m_error = std::move(e);
        }
        return false;
    }

    /// "expected WHAT, found X" at the next token; a bad token reports its
    /// own problem instead.
    bool fail_expected(const std::string& what, std::string help = {}, std::size_t related = npos,
                       std::string related_message = {}) {
        const Token& t = peek();
        if (t.kind == Tok::Bad) {
            return fail(ProblemKind::Syntax, t.offset, t.length, m_lexed.message, m_lexed.help);
        }
        fail(ProblemKind::Syntax, t.offset, t.length, "expected " + what + ", found " + describe(t),
             std::move(help));
        if (related != npos) {
            m_error->related_offset = related;
            m_error->related_length = 1;
            m_error->related_message = std::move(related_message);
        }
        return false;
    }

    std::string column(std::size_t offset) const {
        return std::to_string(column_of(m_text, offset));
    }

    /// One more level of nesting, opened by token t.
    bool enter(const Token& t) {
        if (++m_depth > max_depth) {
            return fail_too_deep(t);
        }
        return true;
    }

    [[gnu::noinline]] bool fail_too_deep(const Token& t) {
        return fail(ProblemKind::TooLarge, t.offset, t.length,
                    "the formula nests deeper than " + std::to_string(max_depth) + " levels",
                    "each '(', function call, '-' and 'not' opens a level: simplify the formula");
    }

    void trailing() {
        const Token& t = peek();
        if (t.kind == Tok::RParen) {
            fail(ProblemKind::Syntax, t.offset, t.length, "found ')' with no '(' to close",
                 "remove it, or add the missing '('");
        } else if (t.kind == Tok::Number || t.kind == Tok::Name || t.kind == Tok::LParen ||
                   t.kind == Tok::Id) {
            fail_expected("an operator or end of formula",
                          "an operator such as '+' or '*' is missing before it");
        } else {
            fail_expected("an operator or end of formula");
        }
    }

    // Each nesting level passes through every grammar level, so these frames
    // are kept small: nodes are built in `out` or on the heap, and the rest of
    // a chain (and every error message) is handled in a function of its own.
    bool parse_chain(Level next, NodeKind kind, std::optional<Op> (*op_of)(Tok), Node& out) {
        if (!(this->*next)(out)) {
            return false;
        }
        std::optional<Op> op = operator_of(kind, op_of);
        return !op || parse_chain_rest(next, kind, op_of, *op, out);
    }

    /// The rest of a chain whose first item is `out`, from operator `op`.
    [[gnu::noinline]] bool parse_chain_rest(Level next, NodeKind kind,
                                            std::optional<Op> (*op_of)(Tok), Op first_op,
                                            Node& out) {
        std::optional<Op> op = first_op;
        std::vector<Node> items;
        std::vector<Op> ops;
        items.push_back(std::move(out));
        while (op) {
            advance();
            items.emplace_back();
            if (!(this->*next)(items.back())) {
                return false;
            }
            if (kind != NodeKind::And && kind != NodeKind::Or) {
                ops.push_back(*op);
            }
            op = operator_of(kind, op_of);
        }
        out = chain(kind, std::move(items), std::move(ops));
        return true;
    }

    /// The operator of a chain of `kind` at the next token, if there is one
    /// (and/or chains use Op::Add as a placeholder).
    std::optional<Op> operator_of(NodeKind kind, std::optional<Op> (*op_of)(Tok)) const {
        if (kind == NodeKind::And || kind == NodeKind::Or) {
            Tok keyword = kind == NodeKind::And ? Tok::And : Tok::Or;
            return peek().kind == keyword ? std::optional<Op>(Op::Add) : std::nullopt;
        }
        return op_of(peek().kind);
    }

    bool parse_or(Node& out) { return parse_chain(&Parser::parse_and, NodeKind::Or, nullptr, out); }
    bool parse_and(Node& out) {
        return parse_chain(&Parser::parse_not, NodeKind::And, nullptr, out);
    }
    bool parse_sum(Node& out) {
        return parse_chain(&Parser::parse_product, NodeKind::Sum, sum_op, out);
    }
    bool parse_product(Node& out) {
        return parse_chain(&Parser::parse_unary, NodeKind::Product, product_op, out);
    }

    // not := "not" not | cmp, read as a loop.
    bool parse_not(Node& out) {
        return parse_prefixed(Tok::Not, NodeKind::Not, &Parser::parse_compare, out);
    }
    // unary := "-" unary | atom, read as a loop.
    bool parse_unary(Node& out) {
        return parse_prefixed(Tok::Minus, NodeKind::Negate, &Parser::parse_atom, out);
    }

    bool parse_prefixed(Tok prefix, NodeKind kind, Level next, Node& out) {
        std::vector<std::size_t> starts;
        while (peek().kind == prefix) {
            if (!enter(peek())) {
                return false;
            }
            starts.push_back(peek().offset);
            advance();
        }
        if (!(this->*next)(out)) {
            return false;
        }
        m_depth -= static_cast<int>(starts.size());
        for (std::size_t i = starts.size(); i-- > 0;) {
            wrap(out, kind, starts[i]);
        }
        return true;
    }

    /// Puts `out` under a new node of `kind` that starts at `begin`.
    [[gnu::noinline]] static void wrap(Node& out, NodeKind kind, std::size_t begin) {
        std::size_t end = outer_end(out);
        std::vector<Node> children;
        children.push_back(std::move(out));
        out = Node{};
        out.kind = kind;
        out.children = std::move(children);
        set_span(out, begin, end);
    }

    // cmp := sum (op sum)?; a second comparison operator is an error.
    bool parse_compare(Node& out) {
        if (!parse_sum(out)) {
            return false;
        }
        std::optional<Op> op = compare_op(peek().kind);
        return !op || parse_compare_rest(*op, out);
    }

    /// The right side of a comparison whose left side is `out`.
    [[gnu::noinline]] bool parse_compare_rest(Op op, Node& out) {
        advance();
        std::vector<Node> sides;
        sides.push_back(std::move(out));
        sides.emplace_back();
        if (!parse_sum(sides.back())) {
            return false;
        }
        if (compare_op(peek().kind)) {
            return fail_chained_comparison();
        }
        std::size_t begin = sides.front().outer_offset;
        std::size_t end = outer_end(sides.back());
        out = Node{};
        out.kind = NodeKind::Compare;
        out.ops.push_back(op);
        out.children = std::move(sides);
        set_span(out, begin, end);
        return true;
    }

    bool parse_atom(Node& out) {
        const Token& t = peek();
        switch (t.kind) {
        case Tok::Number:
            out.kind = NodeKind::Number;
            out.value = number_value(t.text);
            out.text = t.text;
            set_span(out, t.offset, end_of(t));
            advance();
            return true;
        case Tok::Name:
            if (peek(1).kind == Tok::LParen) {
                return parse_call(out);
            }
            out.kind = NodeKind::Variable;
            out.text = t.text;
            set_span(out, t.offset, end_of(t));
            advance();
            return true;
        case Tok::Id:
            return fail_id_outside_call();
        case Tok::LParen: {
            std::size_t open = t.offset;
            if (!enter(t)) {
                return false;
            }
            advance();
            if (!parse_or(out)) {
                return false;
            }
            if (peek().kind != Tok::RParen) {
                return fail_unclosed(open);
            }
            out.outer_offset = open;
            out.outer_length = end_of(peek()) - open;
            advance();
            --m_depth;
            return true;
        }
        default:
            return fail_operand();
        }
    }

    // name "(" [arg ("," arg)*] ")", where an argument is an expression or an
    // @id standing alone.
    bool parse_call(Node& out) {
        const Token& name = peek();
        out.kind = NodeKind::Call;
        out.text = name.text;
        std::size_t begin = name.offset;
        advance();
        const Token& open_token = peek();
        std::size_t open = open_token.offset;
        if (!enter(open_token)) {
            return false;
        }
        advance();
        if (peek().kind != Tok::RParen) {
            for (;;) {
                out.children.emplace_back();
                if (!parse_argument(out.children.back(), out.text, open)) {
                    return false;
                }
                if (peek().kind == Tok::Comma) {
                    advance();
                    if (peek().kind == Tok::RParen) {
                        return fail_trailing_comma(out.text, open);
                    }
                    continue;
                }
                if (peek().kind == Tok::RParen) {
                    break;
                }
                return fail_separator(out.text, open);
            }
        }
        set_span(out, begin, end_of(peek()));
        advance();
        --m_depth;
        return true;
    }

    /// An argument: an expression, or an @id standing alone.
    bool parse_argument(Node& arg, const std::string& function, std::size_t open) {
        if (peek().kind != Tok::Id) {
            return parse_or(arg);
        }
        const Token& t = peek();
        arg.kind = NodeKind::Id;
        arg.text = t.text;
        set_span(arg, t.offset, end_of(t));
        advance();
        if (peek().kind != Tok::Comma && peek().kind != Tok::RParen) {
            return fail_after_id(arg.text, function, open);
        }
        return true;
    }

    // The error paths live in functions of their own (not inlined), so the
    // frames of the recursive parse functions stay small.

    [[gnu::noinline]] bool fail_chained_comparison() {
        const Token& t = peek();
        return fail(ProblemKind::Syntax, t.offset, t.length,
                    "comparisons do not chain: found a second comparison '" + std::string(t.text) +
                        "'",
                    "combine two comparisons with 'and', as in a < b and b < c");
    }

    [[gnu::noinline]] bool fail_id_outside_call() {
        const Token& t = peek();
        std::string id(t.text);
        return fail(ProblemKind::Syntax, t.offset, t.length,
                    "'@" + id + "' is allowed only as a function argument",
                    "read a value with contributed(@" + id + "), share(@" + id + ") or paid(@" +
                        id + ")");
    }

    [[gnu::noinline]] bool fail_unclosed(std::size_t open) {
        return fail_expected("')' to close '(' at column " + column(open), {}, open,
                             "'(' opened here");
    }

    [[gnu::noinline]] bool fail_operand() {
        std::string what = "a number, a name or '('";
        if (m_pos > 0) {
            const Token& prev = m_lexed.tokens[m_pos - 1];
            if (prev.kind != Tok::LParen && prev.kind != Tok::Comma) {
                what += " after " + describe(prev);
            }
        }
        return fail_expected(what);
    }

    [[gnu::noinline]] bool fail_trailing_comma(const std::string& function, std::size_t open) {
        return fail(ProblemKind::Syntax, peek().offset, peek().length,
                    "expected an argument after ',' in " + call_at(function, open) + ", found ')'",
                    "remove the last ','");
    }

    [[gnu::noinline]] bool fail_separator(const std::string& function, std::size_t open) {
        return fail_expected("',' or ')' in " + call_at(function, open), {}, open,
                             "'(' opened here");
    }

    [[gnu::noinline]] bool fail_after_id(const std::string& id, const std::string& function,
                                         std::size_t open) {
        return fail_expected("',' or ')' after '@" + id + "' in " + call_at(function, open),
                             "an @id is allowed only as a whole argument, as in share(@" + id +
                                 ")");
    }

    /// "'min(' at column 4", for messages.
    std::string call_at(const std::string& function, std::size_t open) const {
        return "'" + function + "(' at column " + column(open);
    }

    std::string_view m_text;
    Lexed m_lexed;
    std::size_t m_pos = 0;
    int m_depth = 0;
    std::optional<Problem> m_error;
};

} // namespace

Result<Formula> parse(std::string_view text) {
    std::size_t chars = 0;
    for (char c : text) {
        if (!is_continuation(static_cast<unsigned char>(c))) {
            ++chars;
        }
    }
    if (chars > max_length) {
        Problem e;
        e.message =
            "the formula is " + std::to_string(chars) + " characters long; the limit is 4,096";
        e.help = "split the computation into several steps";
        e.offset = 0;
        e.length = text.size();
        e.kind = ProblemKind::TooLarge;
        return unexpected(std::move(e));
    }
    Parser parser(text, Lexer(text).run());
    return parser.run();
}

} // namespace charter::formula
