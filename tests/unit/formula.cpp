#include <doctest/doctest.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "formula/formula.hpp"

using namespace charter::formula;
using charter::Problem;
using charter::ProblemKind;

namespace {

using Values = std::map<std::string, mpq_class, std::less<>>;

/// An Env over maps; a missing key has no value. Rounds half-even.
struct TestEnv : Env {
    Values vars;
    Values contrib;
    Values shares;
    Values paids;
    std::string share_reason;
    int digits = 2;
    mutable std::vector<std::string> reads;

    Lookup find(const Values& m, std::string_view key, const std::string& reason = {}) const {
        reads.emplace_back(key);
        auto it = m.find(key);
        if (it == m.end()) {
            return charter::unexpected(no_value(reason));
        }
        return it->second;
    }
    Lookup variable(std::string_view name) const override { return find(vars, name); }
    Lookup contributed(std::string_view p) const override { return find(contrib, p); }
    Lookup share(std::string_view p) const override { return find(shares, p, share_reason); }
    Lookup paid(std::string_view s) const override { return find(paids, s); }
    int minor_digits() const override { return digits; }
    mpq_class round(const mpq_class& x, int places) const override {
        mpz_class scale;
        mpz_ui_pow_ui(scale.get_mpz_t(), 10, static_cast<unsigned long>(places));
        mpq_class scaled = x * scale;
        mpz_class q;
        mpz_fdiv_q(q.get_mpz_t(), scaled.get_num_mpz_t(), scaled.get_den_mpz_t());
        mpq_class rest = scaled - mpq_class(q);
        if (rest > mpq_class(1, 2) || (rest == mpq_class(1, 2) && mpz_odd_p(q.get_mpz_t()))) {
            q += 1;
        }
        mpq_class out(q, scale);
        out.canonicalize();
        return out;
    }
};

mpq_class q(long num, long den = 1) {
    mpq_class v(num, den);
    v.canonicalize();
    return v;
}

Formula parsed(std::string_view text) {
    auto f = parse(text);
    if (!f) {
        FAIL_CHECK("parse failed: " << f.error().message << " at " << f.error().offset);
        return Formula{};
    }
    return *f;
}

Problem parse_error(std::string_view text) {
    auto f = parse(text);
    if (f) {
        FAIL_CHECK("parsed, but an error was expected: " << std::string(text));
        return Problem{};
    }
    return f.error();
}

mpq_class value(std::string_view text, const TestEnv& env) {
    auto f = parse(text);
    REQUIRE_MESSAGE(f.has_value(), std::string(text));
    auto v = evaluate(*f, env);
    REQUIRE_MESSAGE(v.has_value(), v.error().message);
    return *v;
}

mpq_class value(std::string_view text) {
    return value(text, TestEnv{});
}

Problem eval_error(std::string_view text, const TestEnv& env) {
    auto f = parse(text);
    REQUIRE_MESSAGE(f.has_value(), std::string(text));
    auto v = evaluate(*f, env);
    REQUIRE_MESSAGE(!v.has_value(), std::string(text));
    return v.error();
}

Context waterfall() {
    return waterfall_context({"acme", "globex"}, {"recoup-costs", "vision-royalty"}, {"residual"});
}

std::vector<Problem> problems(std::string_view text, const Context& context = waterfall()) {
    auto f = parse(text);
    REQUIRE_MESSAGE(f.has_value(), std::string(text));
    return check(*f, context);
}

/// The one problem of a formula.
Problem problem(std::string_view text, const Context& context = waterfall()) {
    auto list = problems(text, context);
    REQUIRE_MESSAGE(list.size() == 1, std::string(text) << ": " << list.size() << " problems");
    return list[0];
}

std::string round_trip(std::string_view text) {
    Formula f = parsed(text);
    std::string printed = to_string(f);
    auto again = parse(printed);
    REQUIRE_MESSAGE(again.has_value(), printed);
    CHECK_MESSAGE(same_tree(f, *again), printed);
    CHECK(to_string(*again) == printed);
    return printed;
}

} // namespace

TEST_SUITE("formula") {
    TEST_CASE("numbers are exact and may group digits with underscores") {
        CHECK(value("1_000_000.50") == q(2000001, 2));
        CHECK(value("0.1 + 0.2") == q(3, 10));
        CHECK(value("007") == 7);
        Formula f = parsed("1_000");
        CHECK(f.root.kind == NodeKind::Number);
        CHECK(f.root.text == "1_000");
        CHECK(f.root.offset == 0);
        CHECK(f.root.length == 5);
        CHECK(value("12345678901234567890.5") == mpq_class("24691357802469135781/2"));
        CHECK(value("0.00000000000000000001%") == mpq_class("1/10000000000000000000000"));
        CHECK(value("99_999_999_999_999_999_999 - 99_999_999_999_999_999_998") == 1);
    }

    TEST_CASE("a percent sign right after a number divides it by 100") {
        CHECK(value("8%") == q(2, 25));
        CHECK(value("7.5%") == q(3, 40));
        CHECK(value("100%") == 1);
        Problem e = parse_error("8 %");
        CHECK(e.kind == ProblemKind::Syntax);
        CHECK(e.offset == 2);
        CHECK(e.message == "'%' must follow a number directly");
    }

    TEST_CASE("multiplication binds tighter than addition, unary minus tightest") {
        CHECK(value("1 + 2 * 3") == 7);
        CHECK(value("(1 + 2) * 3") == 9);
        CHECK(value("-2 * 3 + 1") == -5);
        CHECK(value("2 * -3") == -6);
        CHECK(value("--2") == 2);
        Formula f = parsed("a + b * c");
        REQUIRE(f.root.kind == NodeKind::Sum);
        REQUIRE(f.root.children.size() == 2);
        CHECK(f.root.children[1].kind == NodeKind::Product);
        CHECK(f.root.children[1].offset == 4);
        CHECK(f.root.children[1].length == 5);
    }

    TEST_CASE("subtraction and division associate to the left") {
        CHECK(value("10 - 3 - 2") == 5);
        CHECK(value("10 - (3 - 2)") == 9);
        CHECK(value("12 / 3 / 2") == 2);
        CHECK(value("12 / (3 / 2)") == 8);
        CHECK(value("1 / 3") == q(1, 3));
        CHECK(value("2 - -1") == 3);
    }

    TEST_CASE("and binds tighter than or, not tighter than and, comparisons tighter still") {
        Formula f = parsed("a or b and c");
        REQUIRE(f.root.kind == NodeKind::Or);
        CHECK(f.root.children[1].kind == NodeKind::And);
        f = parsed("not a < b and c == d");
        REQUIRE(f.root.kind == NodeKind::And);
        CHECK(f.root.children[0].kind == NodeKind::Not);
        CHECK(f.root.children[0].children[0].kind == NodeKind::Compare);
        f = parsed("a + 1 <= b * 2");
        REQUIRE(f.root.kind == NodeKind::Compare);
        CHECK(f.root.ops[0] == Op::Le);
        CHECK(value("if(1 > 2 and 1 > 2 or 1 == 1, 1, 0)") == 1);
        CHECK(value("if(1 > 2 and (1 > 2 or 1 == 1), 1, 0)") == 0);
        CHECK(value("if(not 1 > 2, 1, 0)") == 1);
        CHECK(value("if(not not 1 > 2, 1, 0)") == 0);
    }

    TEST_CASE("comparisons are exact") {
        CHECK(value("if(1/3 + 1/3 + 1/3 == 1, 1, 0)") == 1);
        CHECK(value("if(0.1 + 0.2 == 0.3, 1, 0)") == 1);
        CHECK(value("if(1/3 < 0.3333333333333333333, 1, 0)") == 0);
        CHECK(value("if(2 != 2, 1, 0)") == 0);
        CHECK(value("if(2 >= 2, 1, 0)") == 1);
        CHECK(value("if(2 <= 1.99, 1, 0)") == 0);
    }

    TEST_CASE("comparisons do not chain") {
        Problem e = parse_error("1 < 2 < 3");
        CHECK(e.kind == ProblemKind::Syntax);
        CHECK(e.offset == 6);
        CHECK(e.length == 1);
        CHECK(e.help.find("and") != std::string::npos);
    }

    TEST_CASE(
        "the distribution fee of the example charter is 3% of revenue with a 10,000 minimum") {
        TestEnv env;
        env.vars["revenue"] = 1400000;
        CHECK(value("max(3% * revenue, 10_000)", env) == 42000);
        env.vars["revenue"] = 100000;
        CHECK(value("max(3% * revenue, 10_000)", env) == 10000);
    }

    TEST_CASE("min and max take two or more numbers") {
        CHECK(value("min(3, 1, 2)") == 1);
        CHECK(value("max(3, 1, 2)") == 3);
        CHECK(value("min(-1, 1)") == -1);
        CHECK(value("max(1/3, 0.33)") == q(1, 3));
    }

    TEST_CASE("clamp bounds a number and refuses a low bound above the high one") {
        CHECK(value("clamp(5, 1, 3)") == 3);
        CHECK(value("clamp(-5, 1, 3)") == 1);
        CHECK(value("clamp(2, 1, 3)") == 2);
        Problem e = eval_error("clamp(2, 3, 1)", TestEnv{});
        CHECK(e.kind == ProblemKind::Domain);
        CHECK(e.message == "clamp(x, lo, hi) needs lo at most hi: lo is 3, hi is 1");
    }

    TEST_CASE("round uses the minor unit by default and the Env's rounding") {
        TestEnv env;
        CHECK(value("round(1/3)", env) == q(33, 100));
        CHECK(value("round(2.345, 2)", env) == q(234, 100));
        CHECK(value("round(2.355, 2)", env) == q(236, 100));
        CHECK(value("round(2.5, 0)", env) == 2);
        CHECK(value("round(3.5, 0)", env) == 4);
        env.digits = 0;
        CHECK(value("round(1234.5)", env) == 1234);
        Problem e = eval_error("round(1, 1 + 18)", env);
        CHECK(e.kind == ProblemKind::Domain);
        CHECK(e.message == "round() needs a whole number of places from 0 to 18, found 19");
        CHECK(e.offset == 9);
        CHECK(eval_error("round(1, 1/2)", env).kind == ProblemKind::Domain);
        CHECK(eval_error("round(1, -1)", env).kind == ProblemKind::Domain);
    }

    TEST_CASE("contributed, share and paid read the Env by id") {
        TestEnv env;
        env.contrib["acme"] = 1500000;
        env.shares["leaver"] = q(45, 100);
        env.paids["recoup-costs"] = 250000;
        CHECK(value("1.2 * contributed(@acme)", env) == 1800000);
        CHECK(value("share(@leaver) * 1000", env) == 450);
        CHECK(value("revenue - paid(@recoup-costs)", [] {
                  TestEnv e;
                  e.vars["revenue"] = 1000000;
                  e.paids["recoup-costs"] = 250000;
                  return e;
              }()) == 750000);
        CHECK(env.reads == std::vector<std::string>{"acme", "leaver"});
    }

    TEST_CASE("if computes only the branch it takes, so an unread fair_value is not needed") {
        TestEnv env;
        env.vars["revenue"] = 10;
        CHECK(value("if(revenue > 0, revenue, fair_value)", env) == 10);
        Problem e = eval_error("if(revenue > 0, fair_value, 1)", env);
        CHECK(e.kind == ProblemKind::Missing);
        CHECK(e.message == "fair_value is needed by this formula");
        CHECK(e.offset == 16);
        CHECK(e.length == 10);
        env.vars["fair_value"] = 7;
        CHECK(value("if(revenue > 0, fair_value, 1)", env) == 7);
    }

    TEST_CASE("the example buyout price needs fair_value only when it is read") {
        TestEnv env;
        env.contrib["leaver"] = 1000;
        env.shares["leaver"] = q(1, 2);
        Problem e = eval_error("max(1.2 * contributed(@leaver), share(@leaver) * fair_value)", env);
        CHECK(e.message == "fair_value is needed by this formula");
        env.vars["fair_value"] = 4000;
        CHECK(value("max(1.2 * contributed(@leaver), share(@leaver) * fair_value)", env) == 2000);
    }

    TEST_CASE("and and or stop at the first operand that decides") {
        TestEnv env;
        env.vars["revenue"] = 10;
        CHECK(value("if(revenue > 0 or fair_value > 0, 1, 2)", env) == 1);
        CHECK(value("if(revenue < 0 and 1 / 0 > 1, 1, 2)", env) == 2);
        CHECK(env.reads == std::vector<std::string>{"revenue", "revenue"});
        CHECK(eval_error("if(revenue < 0 or 1 / 0 > 1, 1, 2)", env).kind ==
              ProblemKind::DivisionByZero);
    }

    TEST_CASE("division by zero names the sub-expression and the value that is zero") {
        TestEnv env;
        env.vars["revenue"] = 1000;
        env.contrib["globex"] = 0;
        Problem e = eval_error("revenue / contributed(@globex)", env);
        CHECK(e.kind == ProblemKind::DivisionByZero);
        CHECK(e.message ==
              "division by zero in 'revenue / contributed(@globex)': contributed(@globex) is 0");
        CHECK(e.offset == 0);
        CHECK(e.length == 30);
        e = eval_error("1 + 6 / (2 - 2) * 3", env);
        CHECK(e.message == "division by zero in '6 / (2 - 2)': 2 - 2 is 0");
        CHECK(e.offset == 4);
        CHECK(e.length == 11);
        e = eval_error("revenue/0", env);
        CHECK(e.message == "division by zero in 'revenue / 0'");
    }

    TEST_CASE("values the Env does not have are errors with the Env's reason or a default") {
        TestEnv env;
        CHECK(eval_error("pool * 2", env).message == "pool has no value here");
        CHECK(eval_error("paid(@x)", env).message == "paid(@x) has no value here");
        env.share_reason = "this charter has no economics.shares, so share() has no value";
        Problem e = eval_error("1 + share(@acme)", env);
        CHECK(e.message == env.share_reason);
        CHECK(e.offset == 4);
        CHECK(e.length == 12);
    }

    TEST_CASE("evaluating an unchecked formula reports what check would, without crashing") {
        TestEnv env;
        CHECK(eval_error("nope(1)", env).kind == ProblemKind::Invalid);
        CHECK(eval_error("min(1)", env).kind == ProblemKind::Invalid);
        CHECK(eval_error("1 < 2", env).kind == ProblemKind::Invalid);
        CHECK(eval_error("if(1, 2, 3)", env).kind == ProblemKind::Invalid);
        CHECK(eval_error("share(1)", env).kind == ProblemKind::Invalid);
        CHECK(eval_error("share(min(1, 2))", env).message ==
              "share() takes an id, as in share(@party)");
        CHECK(eval_error("clamp(1, 2)", env).message ==
              "wrong number of arguments: write clamp(x, lo, hi)");
        CHECK(eval_error("min(@acme, 1)", env).kind == ProblemKind::Invalid);
        CHECK(eval_error("(1 < 2) + 1", env).kind == ProblemKind::Invalid);
    }

    TEST_CASE("syntax errors say what was expected and what was found, where") {
        Problem e = parse_error("1 + (2 * 3");
        CHECK(e.kind == ProblemKind::Syntax);
        CHECK(e.message == "expected ')' to close '(' at column 5, found end of formula");
        CHECK(e.offset == 10);
        CHECK(e.length == 0);
        CHECK(e.related_offset == 4);

        e = parse_error("min(revenue, 1");
        CHECK(e.message == "expected ',' or ')' in 'min(' at column 4, found end of formula");
        CHECK(e.offset == 14);

        e = parse_error("1 +");
        CHECK(e.message == "expected a number, a name or '(' after '+', found end of formula");
        CHECK(e.offset == 3);

        e = parse_error("1 2");
        CHECK(e.message == "expected an operator or end of formula, found number 2");
        CHECK(e.offset == 2);
        CHECK(e.length == 1);

        e = parse_error("(1))");
        CHECK(e.message == "found ')' with no '(' to close");
        CHECK(e.offset == 3);

        e = parse_error("min(1,)");
        CHECK(e.offset == 6);
        CHECK(e.help == "remove the last ','");

        e = parse_error("  ");
        CHECK(e.message == "the formula is empty");

        e = parse_error("revenue * ()");
        CHECK(e.message == "expected a number, a name or '(', found ')'");
        CHECK(e.offset == 11);
    }

    TEST_CASE("malformed tokens are reported at their place with a fix") {
        struct Case {
            const char* text;
            std::size_t offset;
            std::size_t length;
            const char* message;
        };
        const Case cases[] = {
            {"1 = 2", 2, 1, "'=' is not an operator"},
            {"1 && 2", 2, 2, "'&&' is not an operator"},
            {"2 ^ 3", 2, 1, "'^' is not an operator: there is no power operator"},
            {"Revenue * 2", 0, 7, "'Revenue' is not lower-case: names and keywords are"},
            {"1 + 1e5", 4, 3, "malformed number '1e5'"},
            {"1_ + 2", 0, 2, "malformed number '1_'"},
            {"1__0", 0, 4, "malformed number '1__0'"},
            {"1. + 2", 0, 2, "malformed number '1.'"},
            {"1.2.3", 0, 5, "malformed number '1.2.3'"},
            {"1.5_0", 0, 5, "malformed number '1.5_0'"},
            {"2x", 0, 2, "malformed number '2x'"},
            {"x + .5", 4, 2, "malformed number '.5'"},
            {"share(@)", 6, 1, "expected a party or step id after '@'"},
            {"share(@Acme)", 6, 5, "malformed id '@Acme'"},
            {"share(@-a)", 6, 3, "malformed id '@-a'"},
            {"share(@a_b)", 6, 4, "malformed id '@a_b'"},
            {"1 $ 2", 2, 1, "unexpected character '$'"},
            {"1 \xE2\x88\x92 2", 2, 3, "unexpected character '\xE2\x88\x92'"},
            {"1 \xFF", 2, 1, "unexpected byte 0xFF, which is not UTF-8"},
            {"1 \x01", 2, 1, "unexpected control character 0x01"},
        };
        for (const Case& c : cases) {
            CAPTURE(c.text);
            Problem e = parse_error(c.text);
            CHECK(e.kind == ProblemKind::Syntax);
            CHECK(e.offset == c.offset);
            CHECK(e.length == c.length);
            CHECK(e.message == c.message);
            CHECK_FALSE(e.help.empty());
        }
        CHECK(parse_error("Revenue").help == "write 'revenue'");
        CHECK(parse_error("1 \xE2\x88\x92 2").help == "write '-' (a plain hyphen-minus)");
    }

    TEST_CASE("the first problem in text order is reported, even when a later token is malformed") {
        Problem e = parse_error("(1 + ) $");
        CHECK(e.offset == 5);
        e = parse_error("1 $ (");
        CHECK(e.offset == 2);
    }

    TEST_CASE("ids may be 64 characters long, not 65") {
        std::string id64(64, 'a');
        CHECK(parse("share(@" + id64 + ")").has_value());
        Problem e = parse_error("share(@" + id64 + "b)");
        CHECK(e.kind == ProblemKind::Syntax);
        CHECK(e.offset == 6);
        CHECK(e.length == 66);
    }

    TEST_CASE("an @id is allowed only as a whole function argument") {
        Problem e = parse_error("@acme + 1");
        CHECK(e.kind == ProblemKind::Syntax);
        CHECK(e.offset == 0);
        CHECK(e.length == 5);
        CHECK(e.message == "'@acme' is allowed only as a function argument");

        e = parse_error("share(@acme + 1)");
        CHECK(e.offset == 12);
        CHECK(e.message == "expected ',' or ')' after '@acme' in 'share(' at column 6, found '+'");

        e = parse_error("share((@acme))");
        CHECK(e.offset == 7);

        Formula f = parsed("share( @acme )");
        REQUIRE(f.root.kind == NodeKind::Call);
        REQUIRE(f.root.children.size() == 1);
        CHECK(f.root.children[0].kind == NodeKind::Id);
        CHECK(f.root.children[0].text == "acme");
        CHECK(f.root.children[0].offset == 7);
        CHECK(f.root.children[0].length == 5);
        CHECK(f.root.offset == 0);
        CHECK(f.root.length == 14);
    }

    TEST_CASE("a formula of 4,096 characters parses and one of 4,097 is too large") {
        std::string ok = "1" + std::string(4095, ' ');
        CHECK(parse(ok).has_value());
        std::string sum = "1";
        while (sum.size() + 2 <= 4096) {
            sum += "+1";
        }
        CHECK(value(sum) == 2048);
        Problem e = parse_error(ok + " ");
        CHECK(e.kind == ProblemKind::TooLarge);
        CHECK(e.offset == 0);
        CHECK(e.length == 4097);
        CHECK(e.message == "the formula is 4097 characters long; the limit is 4,096");
    }

    TEST_CASE("the length limit counts characters, not bytes") {
        std::string accents;
        for (int i = 0; i < 3000; ++i) {
            accents += "\xC3\xA9";
        }
        CHECK(parse_error(accents).kind == ProblemKind::Syntax);
    }

    TEST_CASE("64 levels of nesting parse and the 65th is too large where it opens") {
        for (int levels : {64, 65}) {
            CAPTURE(levels);
            auto n = static_cast<std::size_t>(levels);
            std::string parens = std::string(n, '(') + "1" + std::string(n, ')');
            std::string minus = std::string(n, '-') + "1";
            std::string nots;
            for (std::size_t i = 0; i < n; ++i) {
                nots += "not ";
            }
            nots += "1 > 0";
            std::string calls;
            for (std::size_t i = 0; i < n; ++i) {
                calls += "min(1, ";
            }
            calls += "1" + std::string(n, ')');
            std::string mixed;
            for (std::size_t i = 0; i < n; ++i) {
                mixed += i % 3 == 0 ? "-" : i % 3 == 1 ? "(" : "max(0, ";
            }
            if (levels == 64) {
                CHECK(value(parens) == 1);
                CHECK(value(minus) == 1);
                CHECK(parse(nots).has_value());
                CHECK(value(calls) == 1);
            } else {
                Problem e = parse_error(parens);
                CHECK(e.kind == ProblemKind::TooLarge);
                CHECK(e.offset == 64);
                CHECK(e.length == 1);
                e = parse_error(minus);
                CHECK(e.kind == ProblemKind::TooLarge);
                CHECK(e.offset == 64);
                e = parse_error(nots);
                CHECK(e.kind == ProblemKind::TooLarge);
                CHECK(e.offset == 256);
                CHECK(e.length == 3);
                e = parse_error(calls);
                CHECK(e.kind == ProblemKind::TooLarge);
                CHECK(e.offset == 64 * 7 + 3);
                e = parse_error(mixed + "1");
                CHECK(e.kind == ProblemKind::TooLarge);
            }
        }
    }

    TEST_CASE("hostile nesting is refused without deep recursion") {
        CHECK(parse_error(std::string(10000, '(')).kind == ProblemKind::TooLarge);
        CHECK(parse_error(std::string(100000, '-') + "1").kind == ProblemKind::TooLarge);
        // Within the length limit, the depth counter stops them at level 65.
        Problem e = parse_error(std::string(4000, '('));
        CHECK(e.kind == ProblemKind::TooLarge);
        CHECK(e.offset == 64);
        e = parse_error(std::string(4000, '-') + "1");
        CHECK(e.kind == ProblemKind::TooLarge);
        CHECK(e.offset == 64);
        std::string deep;
        for (int i = 0; i < 1000; ++i) {
            deep += "f(";
        }
        CHECK(parse_error(deep).kind == ProblemKind::TooLarge);
    }

    TEST_CASE("a clean formula in its context has no problems") {
        CHECK(problems("max(3% * revenue, 10_000)").empty());
        CHECK(problems("min(revenue, 25_000)").empty());
        CHECK(problems("revenue - paid(@recoup-costs) + prior_revenue * 0 + pool").empty());
        CHECK(problems(
                  "if(revenue > 1_000 and not pool == 0, round(revenue / 3, 2), clamp(pool, 0, 1))")
                  .empty());
        CHECK(problems("contributed(@acme) + share(@globex)").empty());
        Context buyout = buyout_context({"acme", "globex"});
        CHECK(problems("max(1.2 * contributed(@leaver), share(@leaver) * fair_value)", buyout)
                  .empty());
        CHECK(problems("0.8 * contributed(@leaver)", buyout).empty());
    }

    TEST_CASE("an unknown variable is reported with a close suggestion") {
        Problem e = problem("revnue * 2");
        CHECK(e.kind == ProblemKind::UnknownName);
        CHECK(e.message == "unknown variable 'revnue'");
        CHECK(e.help == "did you mean 'revenue'?");
        CHECK(e.offset == 0);
        CHECK(e.length == 6);
        e = problem("1 + pol");
        CHECK(e.help == "did you mean 'pool'?");
        CHECK(e.offset == 4);
        e = problem("1 + fair_vaule", buyout_context({"acme"}));
        CHECK(e.help == "did you mean 'fair_value'?");
        e = problem("banana");
        CHECK(e.help == "the variables in a waterfall step are revenue, prior_revenue, pool");
    }

    TEST_CASE("a variable of another place is not available here") {
        Problem e = problem("revenue * 2", buyout_context({"acme"}));
        CHECK(e.kind == ProblemKind::UnknownName);
        CHECK(e.message == "the variable 'revenue' is not available in a buyout price");
        e = problem("fair_value");
        CHECK(e.message == "the variable 'fair_value' is not available in a waterfall step");
    }

    TEST_CASE("an unknown function is reported at its name") {
        Problem e = problem("1 + mni(1, 2)");
        CHECK(e.kind == ProblemKind::UnknownName);
        CHECK(e.message == "unknown function 'mni'");
        CHECK(e.help == "did you mean min()?");
        CHECK(e.offset == 4);
        CHECK(e.length == 3);
        e = problem("paid(@x)", buyout_context({"acme"}));
        CHECK(e.message == "the function paid() is not available in a buyout price");
        e = problem("revenue(1)");
        CHECK(e.message == "'revenue' is a variable, not a function");
        e = problem("min + 1");
        CHECK(e.message == "'min' is a function, not a variable");
    }

    TEST_CASE("unknown party and step ids are reported at the id") {
        Problem e = problem("share(@acm)");
        CHECK(e.kind == ProblemKind::UnknownName);
        CHECK(e.message == "unknown party '@acm' in share()");
        CHECK(e.help == "did you mean @acme?");
        CHECK(e.offset == 6);
        CHECK(e.length == 4);
        e = problem("contributed(@initech)");
        CHECK(e.help == "the parties are @acme, @globex");
        e = problem("paid(@recoup-cost)");
        CHECK(e.message == "unknown step '@recoup-cost' in paid()");
        CHECK(e.help == "did you mean @recoup-costs?");
        e = problem("paid(@residual)");
        CHECK(e.message == "paid(@residual) cannot be read in a waterfall step: paid() reads only "
                           "earlier steps of the same stream");
        e = problem("share(@leaver)");
        CHECK(e.message == "@leaver is not available in a waterfall step");
        CHECK(problems("share(@leaver)", buyout_context({"acme"})).empty());
    }

    TEST_CASE("a function with the wrong number of arguments is reported at the call") {
        Problem e = problem("1 + clamp(1, 2)");
        CHECK(e.kind == ProblemKind::Type);
        CHECK(e.message == "clamp() takes 3 arguments, found 2");
        CHECK(e.help == "write clamp(x, lo, hi)");
        CHECK(e.offset == 4);
        CHECK(e.length == 11);
        CHECK(problem("min(revenue)").message == "min() takes at least 2 arguments, found 1");
        CHECK(problem("max()").message == "max() takes at least 2 arguments, found 0");
        CHECK(problem("round(1, 2, 3)").message == "round() takes 1 or 2 arguments, found 3");
        CHECK(problem("share(@acme, @globex)").message == "share() takes 1 argument, found 2");
        CHECK(problem("if(1 > 0, 1)").message == "if() takes 3 arguments, found 2");
    }

    TEST_CASE("a condition where a number is needed is a type error") {
        Problem e = problem("(revenue > 1) + 1");
        CHECK(e.kind == ProblemKind::Type);
        CHECK(e.message == "arithmetic needs a number, found a comparison (true or false)");
        CHECK(e.offset == 1);
        CHECK(e.length == 11);
        e = problem("revenue > 1");
        CHECK(e.message == "the formula gives true or false (a comparison), not an amount");
        CHECK(e.offset == 0);
        CHECK(e.length == 11);
        CHECK(problem("min(1 > 0, 2)").kind == ProblemKind::Type);
        CHECK(problem("-(1 > 0) * 2").kind == ProblemKind::Type);
        CHECK(problem("if(1 > 0, 1 > 0, 2)").kind == ProblemKind::Type);
    }

    TEST_CASE("a number where a condition is needed is a type error") {
        Problem e = problem("if(revenue, 1, 2)");
        CHECK(e.kind == ProblemKind::Type);
        CHECK(e.message ==
              "the condition of if() needs a condition (true or false), found a number");
        CHECK(e.help == "compare it, as in revenue > 0");
        CHECK(e.offset == 3);
        CHECK(e.length == 7);
        auto list = problems("if(1 and 2, 1, 0)");
        REQUIRE(list.size() == 2);
        CHECK(list[0].offset == 3);
        CHECK(list[1].offset == 9);
        CHECK(problem("if(not pool, 1, 0)").offset == 7);
    }

    TEST_CASE("an id where a number is needed and a number where an id is needed are type errors") {
        Problem e = problem("min(@acme, 1)");
        CHECK(e.kind == ProblemKind::Type);
        CHECK(e.message == "'@acme' is an id, not a number");
        CHECK(e.offset == 4);
        CHECK(e.length == 5);
        e = problem("share(1)");
        CHECK(e.kind == ProblemKind::Type);
        CHECK(e.message == "share() takes a party id, found '1'");
        CHECK(e.offset == 6);
        e = problem("paid(revenue)");
        CHECK(e.message == "paid() takes a step id, found 'revenue'");
        CHECK(problem("if(@acme, 1, 2)").kind == ProblemKind::Type);
    }

    TEST_CASE("round places written as a number must be whole and at most 18") {
        CHECK(problem("round(revenue, 2.5)").message ==
              "round() needs a whole number of places from 0 to 18, found 2.5");
        CHECK(problem("round(revenue, 19)").offset == 15);
        CHECK(problem("round(revenue, -1)").kind == ProblemKind::Type);
        CHECK(problems("round(revenue, 18)").empty());
    }

    TEST_CASE("check reports every problem, in text order, without cascades") {
        auto list = problems("revnue + mni(1) + share(@x) + (1 < 2) + min(bogus, 1)");
        REQUIRE(list.size() == 5);
        CHECK(list[0].offset == 0);  // revnue
        CHECK(list[1].offset == 9);  // mni
        CHECK(list[2].offset == 24); // @x
        CHECK(list[3].offset == 31); // 1 < 2
        CHECK(list[4].offset == 44); // bogus
        CHECK(list[0].kind == ProblemKind::UnknownName);
        CHECK(list[3].kind == ProblemKind::Type);
        // An unknown name inside an and/or is not also a type error.
        CHECK(problems("if(bogus and 1 > 0, 1, 0)").size() == 1);
    }

    TEST_CASE("to_string normalises spacing and keeps numbers as written") {
        CHECK(round_trip("max( 3%*revenue ,10_000 )") == "max(3% * revenue, 10_000)");
        CHECK(round_trip("revenue-paid(@recoup-costs)") == "revenue - paid(@recoup-costs)");
        CHECK(round_trip("a-(b-c)") == "a - (b - c)");
        CHECK(round_trip("((a-b))-c") == "a - b - c");
        CHECK(round_trip("a/(b*c)") == "a / (b * c)");
        CHECK(round_trip("-(a+b)") == "-(a + b)");
        CHECK(round_trip("- - a") == "--a");
        CHECK(round_trip("not(a or b)") == "not (a or b)");
        CHECK(round_trip("not not a<b") == "not not a < b");
        CHECK(round_trip("(a<b)==(c<d)") == "(a < b) == (c < d)");
        CHECK(round_trip("a or (b or c)") == "a or (b or c)");
        CHECK(round_trip("(a and b) or c and d") == "a and b or c and d");
        CHECK(round_trip("(a or b) and c") == "(a or b) and c");
        CHECK(round_trip("if(x>=1,\n\t2 , 3)") == "if(x >= 1, 2, 3)");
        CHECK(round_trip("f()") == "f()");
        CHECK(round_trip("-a * b") == "-a * b");
        CHECK(round_trip("(-a) * (-b)") == "-a * -b");
    }

    TEST_CASE("same_tree compares numbers by value and ignores spelling and spacing") {
        auto same = [](std::string_view a, std::string_view b) {
            return same_tree(parsed(a), parsed(b));
        };
        CHECK(same("8% * revenue", "0.08*revenue"));
        CHECK(same("1_000", "1000"));
        CHECK(same("1.50", "1.5"));
        CHECK(same("a + b + c", "(a + b) + c"));
        CHECK(same("((a))", "a"));
        CHECK_FALSE(same("a + b + c", "a + (b + c)"));
        CHECK_FALSE(same("min(a, b)", "max(a, b)"));
        CHECK_FALSE(same("min(a, b)", "min(a, b, c)"));
        CHECK_FALSE(same("a < b", "a <= b"));
        CHECK_FALSE(same("a - b", "a + b"));
        CHECK_FALSE(same("share(@a)", "share(@b)"));
        CHECK_FALSE(same("-a", "a"));
        CHECK_FALSE(same("2 * 3", "6"));
    }

    TEST_CASE("format_number prints exact decimals, or a fraction") {
        CHECK(format_number(q(1, 8)) == "0.125");
        CHECK(format_number(q(1, 3)) == "1/3");
        CHECK(format_number(q(-5, 2)) == "-2.5");
        CHECK(format_number(q(42000)) == "42000");
        CHECK(format_number(q(1, 20)) == "0.05");
        CHECK(format_number(q(-1, 3)) == "-1/3");
        CHECK(format_number(q(0)) == "0");
    }

    TEST_CASE("arbitrary input never crashes parse, check, evaluate or to_string") {
        const char* pieces[] = {
            "1",     "0",           "2.5", "8%",  "1_000", "revenue", "pool",  "fair_value",
            "@acme", "@leaver",     "min", "max", "clamp", "if",      "round", "share",
            "paid",  "contributed", "(",   ")",   ",",     "+",       "-",     "*",
            "/",     "<",           "<=",  "==",  "!=",    ">",       "and",   "or",
            "not",   " ",           "x",   "%",   "@",     "=",       "\xC3",  "."};
        const std::size_t count = sizeof(pieces) / sizeof(pieces[0]);
        std::uint64_t state = 12345;
        auto next = [&state]() {
            state = state * 6364136223846793005ULL + 1442695040888963407ULL;
            return static_cast<std::size_t>(state >> 33);
        };
        TestEnv env;
        env.vars["revenue"] = 100;
        env.vars["pool"] = 0;
        env.contrib["acme"] = 0;
        env.shares["acme"] = q(1, 2);
        Context context = waterfall();
        int parsed_ok = 0;
        for (int i = 0; i < 20000; ++i) {
            std::string text;
            std::size_t n = 1 + next() % 12;
            for (std::size_t k = 0; k < n; ++k) {
                text += pieces[next() % count];
                if (next() % 2 == 0) {
                    text += ' ';
                }
            }
            auto f = parse(text);
            if (!f) {
                CHECK(f.error().offset <= text.size());
                CHECK(f.error().offset + f.error().length <= text.size());
                continue;
            }
            ++parsed_ok;
            for (const Problem& e : check(*f, context)) {
                CHECK(e.offset + e.length <= text.size());
            }
            auto v = evaluate(*f, env);
            if (!v) {
                CHECK(v.error().offset + v.error().length <= text.size());
            }
            std::string printed = to_string(*f);
            auto again = parse(printed);
            REQUIRE_MESSAGE(again.has_value(), text << " -> " << printed);
            CHECK_MESSAGE(same_tree(*f, *again), text << " -> " << printed);
        }
        CHECK(parsed_ok > 100);
    }
}
