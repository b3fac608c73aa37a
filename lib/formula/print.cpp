// Printing formulas with normalised spacing, comparing trees, and printing
// exact numbers for messages.
#include "formula/formula.hpp"

namespace charter::formula {
namespace {

/// Binding strength, loosest first; atoms bind tightest.
int precedence(NodeKind kind) {
    switch (kind) {
    case NodeKind::Or:
        return 1;
    case NodeKind::And:
        return 2;
    case NodeKind::Not:
        return 3;
    case NodeKind::Compare:
        return 4;
    case NodeKind::Sum:
        return 5;
    case NodeKind::Product:
        return 6;
    case NodeKind::Negate:
        return 7;
    default:
        return 8;
    }
}

const char* op_text(Op op) {
    switch (op) {
    case Op::Add:
        return " + ";
    case Op::Sub:
        return " - ";
    case Op::Mul:
        return " * ";
    case Op::Div:
        return " / ";
    case Op::Lt:
        return " < ";
    case Op::Le:
        return " <= ";
    case Op::Gt:
        return " > ";
    case Op::Ge:
        return " >= ";
    case Op::Eq:
        return " == ";
    case Op::Ne:
        return " != ";
    }
    return " ? ";
}

void print(const Node& n, std::string& out);

void print_wrapped(const Node& n, bool parens, std::string& out) {
    if (parens) {
        out += '(';
    }
    print(n, out);
    if (parens) {
        out += ')';
    }
}

// Parentheses go where the tree differs from how the text would parse
// without them, so parse(to_string(f)) is the same tree as f.
void print(const Node& n, std::string& out) {
    int prec = precedence(n.kind);
    switch (n.kind) {
    case NodeKind::Number:
        out += n.text.empty() ? format_number(*n.value) : n.text;
        return;
    case NodeKind::Variable:
        out += n.text;
        return;
    case NodeKind::Id:
        out += '@';
        out += n.text;
        return;
    case NodeKind::Call:
        out += n.text;
        out += '(';
        for (std::size_t i = 0; i < n.children.size(); ++i) {
            if (i > 0) {
                out += ", ";
            }
            print(n.children[i], out);
        }
        out += ')';
        return;
    case NodeKind::Negate:
    case NodeKind::Not:
        out += n.kind == NodeKind::Negate ? "-" : "not ";
        for (const Node& c : n.children) {
            print_wrapped(c, precedence(c.kind) < prec, out);
        }
        return;
    case NodeKind::Sum:
    case NodeKind::Product:
    case NodeKind::Compare:
    case NodeKind::And:
    case NodeKind::Or:
        for (std::size_t i = 0; i < n.children.size(); ++i) {
            const Node& c = n.children[i];
            if (i > 0) {
                if (n.kind == NodeKind::And) {
                    out += " and ";
                } else if (n.kind == NodeKind::Or) {
                    out += " or ";
                } else {
                    out += op_text(i - 1 < n.ops.size() ? n.ops[i - 1] : Op::Add);
                }
            }
            // Comparisons do not chain, so a comparison inside one always
            // needs parentheses; elsewhere the first operand may be as loose
            // as the chain itself (chains associate to the left).
            bool first_free = i == 0 && n.kind != NodeKind::Compare;
            int child = precedence(c.kind);
            print_wrapped(c, first_free ? child < prec : child <= prec, out);
        }
        return;
    }
}

} // namespace

std::string to_string(const Node& node) {
    std::string out;
    print(node, out);
    return out;
}

std::string to_string(const Formula& formula) {
    return to_string(formula.root);
}

bool same_tree(const Node& a, const Node& b) {
    if (a.kind != b.kind || a.ops != b.ops || a.children.size() != b.children.size()) {
        return false;
    }
    if (a.kind == NodeKind::Number) {
        if (*a.value != *b.value) {
            return false;
        }
    } else if (a.text != b.text) {
        return false;
    }
    for (std::size_t i = 0; i < a.children.size(); ++i) {
        if (!same_tree(a.children[i], b.children[i])) {
            return false;
        }
    }
    return true;
}

bool same_tree(const Formula& a, const Formula& b) {
    return same_tree(a.root, b.root);
}

std::string format_number(const mpq_class& x) {
    mpz_class den = x.get_den();
    unsigned long twos = mpz_remove(den.get_mpz_t(), den.get_mpz_t(), mpz_class(2).get_mpz_t());
    unsigned long fives = mpz_remove(den.get_mpz_t(), den.get_mpz_t(), mpz_class(5).get_mpz_t());
    if (den != 1) {
        return x.get_str(10);
    }
    unsigned long places = twos > fives ? twos : fives;
    mpz_class scale;
    mpz_ui_pow_ui(scale.get_mpz_t(), 10, places);
    mpz_class scaled = x.get_num() * scale / x.get_den(); // exact
    bool negative = scaled < 0;
    if (negative) {
        scaled = -scaled;
    }
    std::string digits = scaled.get_str(10);
    if (places > 0) {
        if (digits.size() <= places) {
            digits.insert(0, places + 1 - digits.size(), '0');
        }
        digits.insert(digits.size() - places, 1, '.');
    }
    return negative ? "-" + digits : digits;
}

} // namespace charter::formula
