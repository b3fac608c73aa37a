#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include "api/internal.hpp"
#include "charter_text.hpp"
#include "compute/exit.hpp"
#include "compute/ledger.hpp"
#include "formula/formula.hpp"
#include "num/number.hpp"
#include "util/date.hpp"
#include "util/problem.hpp"
#include "validate/validate.hpp"

using namespace charter;

namespace {

/// Doubles an even number; an odd one is a Number problem at bytes 3..4.
Result<int> doubled(int x) {
    if (x % 2 != 0) {
        Problem p{ProblemKind::Number, std::to_string(x) + " is odd", "give an even number"};
        p.offset = 3;
        p.length = 1;
        return unexpected(std::move(p));
    }
    return 2 * x;
}

/// The sum of both doubles, counting the steps it gets through.
Result<int> sum_doubled(int a, int b, int& steps) {
    CHARTER_TRY(int x, doubled(a));
    ++steps;
    CHARTER_TRY(int y, doubled(b));
    ++steps;
    return x + y;
}

/// The kind of a result that must be a problem.
template <class T> ProblemKind kind_of(const Result<T>& r) {
    REQUIRE_FALSE(r);
    return r.error().kind;
}

/// An Env with revenue 0, fair_value not given, and nothing else.
struct SparseEnv final : formula::Env {
    formula::Lookup variable(std::string_view name) const override {
        if (name == "revenue") {
            return mpq_class(0);
        }
        if (name == "fair_value") {
            return unexpected(formula::no_value("give fair_value", ProblemKind::NeedsInput));
        }
        return unexpected(formula::no_value());
    }
    formula::Lookup contributed(std::string_view) const override {
        return unexpected(formula::no_value());
    }
    formula::Lookup share(std::string_view) const override {
        return unexpected(formula::no_value());
    }
    formula::Lookup paid(std::string_view) const override {
        return unexpected(formula::no_value());
    }
    mpq_class round(const mpq_class& x, int) const override { return x; }
    int minor_digits() const override { return 2; }
};

Result<mpq_class> evaluated(std::string_view text) {
    auto f = formula::parse(text);
    REQUIRE_MESSAGE(f.has_value(), std::string(text));
    return formula::evaluate(*f, SparseEnv{});
}

const char* kCharter = R"Y(charter: 1
id: t
title: T
kind: joint-development
effective: 2026-01-01
term: {ends: 2030-12-31}
currency: USD
parties:
  - {id: a, name: A}
  - {id: b, name: B}
economics:
  shares: {a: 50%, b: 50%}
exit:
  triggers:
    - id: bought
      cause: convenience
      invoked_by: any
      leaver: invoker
      notice: 30d
      buyout:
        price: "share(@leaver) * fair_value"
      foreground: keep
)Y";

compute::ExitInput exit_request(std::string trigger, std::string by) {
    auto on = parse_date("2026-06-01");
    REQUIRE(on);
    return compute::ExitInput{std::move(trigger), std::move(by), std::nullopt, *on,
                              std::nullopt,       std::nullopt};
}

} // namespace

TEST_SUITE("problem") {
    TEST_CASE("CHARTER_TRY hands on the value and goes on when there is no problem") {
        int steps = 0;
        auto r = sum_doubled(2, 4, steps);
        REQUIRE(r);
        CHECK(*r == 12);
        CHECK(steps == 2);
    }

    TEST_CASE("CHARTER_TRY returns the first problem unchanged and runs nothing after it") {
        int steps = 0;
        auto r = sum_doubled(2, 5, steps);
        REQUIRE_FALSE(r);
        CHECK(steps == 1);
        CHECK(r.error().kind == ProblemKind::Number);
        CHECK(r.error().message == "5 is odd");
        CHECK(r.error().help == "give an even number");
        CHECK(r.error().offset == 3);
        CHECK(r.error().length == 1);

        steps = 0;
        auto first = sum_doubled(3, 5, steps);
        REQUIRE_FALSE(first);
        CHECK(steps == 0);
        CHECK(first.error().message == "3 is odd");
    }

    TEST_CASE("CHARTER_TRY passes a problem up through a function of another value type") {
        auto shown = [](int a) -> Result<std::string> {
            int steps = 0;
            CHARTER_TRY(int sum, sum_doubled(a, 2, steps));
            return std::to_string(sum);
        };
        auto ok = shown(4);
        REQUIRE(ok);
        CHECK(*ok == "12");
        auto odd = shown(1);
        REQUIRE_FALSE(odd);
        CHECK(odd.error().kind == ProblemKind::Number);
        CHECK(odd.error().message == "1 is odd");
    }

    TEST_CASE("numbers, dates and formulas that do not parse say which kind of problem it is") {
        CHECK(kind_of(num::parse_money("1.234", 2, "USD")) == ProblemKind::Number);
        CHECK(kind_of(num::parse_ratio("2/0")) == ProblemKind::Number);
        CHECK(kind_of(parse_date("2027-02-29")) == ProblemKind::Date);
        CHECK(kind_of(parse_duration("5x")) == ProblemKind::Date);
        CHECK(kind_of(parse_period("2026-Q5")) == ProblemKind::Date);

        auto unclosed = formula::parse("1 + (2 * 3");
        CHECK(kind_of(unclosed) == ProblemKind::Syntax);
        CHECK(unclosed.error().related_offset == 4);
        CHECK(unclosed.error().related_message == "'(' opened here");
        CHECK(kind_of(formula::parse(std::string(5000, '1'))) == ProblemKind::TooLarge);

        auto context = formula::waterfall_context({"a"}, {});
        auto unknown = formula::parse("revnue * 2");
        REQUIRE(unknown);
        auto found = formula::check(*unknown, context);
        REQUIRE(found.size() == 1);
        CHECK(found[0].kind == ProblemKind::UnknownName);
        CHECK(found[0].offset == 0);
        CHECK(found[0].length == 6);
        auto condition = formula::parse("(revenue > 1) + 1");
        REQUIRE(condition);
        found = formula::check(*condition, context);
        REQUIRE(found.size() == 1);
        CHECK(found[0].kind == ProblemKind::Type);
    }

    TEST_CASE("a formula that cannot be computed says why by its kind, at the node") {
        CHECK(kind_of(evaluated("10 / revenue")) == ProblemKind::DivisionByZero);
        CHECK(kind_of(evaluated("round(1, 30)")) == ProblemKind::Domain);
        CHECK(kind_of(evaluated("nope(1)")) == ProblemKind::Invalid);

        auto pool = evaluated("1 + pool");
        CHECK(kind_of(pool) == ProblemKind::Missing);
        CHECK(pool.error().message == "pool has no value here");
        CHECK(pool.error().offset == 4);
        CHECK(pool.error().length == 4);

        // the Env's kind and words come through: the request must give this value
        auto fair = evaluated("2 * fair_value");
        CHECK(kind_of(fair) == ProblemKind::NeedsInput);
        CHECK(fair.error().message == "give fair_value");
        CHECK(fair.error().offset == 4);
    }

    TEST_CASE("a ledger's problem has its line; an unreadable file its path") {
        auto c = charter_from_text(kCharter);
        std::istringstream csv("period,stream,amount\n2026-Q1,nope,5\n");
        auto ledger = compute::read_ledger(csv, "l.csv", c);
        CHECK(kind_of(ledger) == ProblemKind::Ledger);
        CHECK(ledger.error().line == 2);
        CHECK(ledger.error().message.rfind("l.csv:2: unknown stream 'nope'", 0) == 0);

        std::istringstream none;
        auto read = read_input("/nonexistent/x.charter.yaml", 4096, none);
        CHECK(kind_of(read) == ProblemKind::Unreadable);
        CHECK(read.error().path == "/nonexistent/x.charter.yaml");
    }

    TEST_CASE("an exit request's own problem is told from the computation's by its kind") {
        auto c = charter_from_text(kCharter);
        auto unknown = compute::simulate_exit(c, exit_request("gone", "a"));
        CHECK(kind_of(unknown) == ProblemKind::ExitUsage);
        CHECK(unknown.error().field == ExitField::Trigger);
        CHECK_FALSE(unknown.error().missing);
        auto flag = [](ExitField f) { return f == ExitField::Trigger ? "--trigger" : "--other"; };
        CHECK(compute::usage_text(unknown.error(), flag) ==
              "--trigger: unknown trigger 'gone'; the triggers are bought");

        auto stranger = compute::simulate_exit(c, exit_request("bought", "z"));
        CHECK(kind_of(stranger) == ProblemKind::ExitUsage);
        CHECK(stranger.error().field == ExitField::InvokedBy);

        // the buyout price reads fair_value, which the request does not give
        auto needs = compute::simulate_exit(c, exit_request("bought", "a"));
        CHECK(kind_of(needs) == ProblemKind::NeedsInput);
        REQUIRE(c.exit_triggers);
        REQUIRE(c.exit_triggers->front().buyout_price);
        CHECK(needs.error().node == c.exit_triggers->front().buyout_price->node);
    }

    TEST_CASE("the public error is made from a problem by its kind, with its place") {
        auto kind = [](ProblemKind k) { return api::to_error(Problem{k, "m", "h"}).kind; };
        CHECK(kind(ProblemKind::Number) == ErrorKind::Request);
        CHECK(kind(ProblemKind::Date) == ErrorKind::Request);
        CHECK(kind(ProblemKind::ExitUsage) == ErrorKind::Request);
        CHECK(kind(ProblemKind::Ledger) == ErrorKind::Ledger);
        CHECK(kind(ProblemKind::NeedsInput) == ErrorKind::NeedsInput);
        CHECK(kind(ProblemKind::Unreadable) == ErrorKind::Unreadable);
        CHECK(kind(ProblemKind::Compute) == ErrorKind::Compute);
        CHECK(kind(ProblemKind::DivisionByZero) == ErrorKind::Compute);
        CHECK(kind(ProblemKind::Syntax) == ErrorKind::Compute);

        Problem row{ProblemKind::Ledger, "l.csv:7: bad", ""};
        row.line = 7;
        Error e = api::to_error(row);
        CHECK(e.message == "l.csv:7: bad");
        CHECK(e.loc.line == 7);

        auto c = charter_from_text(kCharter);
        auto needs = compute::simulate_exit(c, exit_request("bought", "a"));
        REQUIRE_FALSE(needs);
        Error at = api::to_error(needs.error(), &c);
        CHECK(at.kind == ErrorKind::NeedsInput);
        CHECK(at.loc.line == pos_of(kCharter, "price:").line);
        CHECK_FALSE(at.path.empty());
        // without the charter there is no place to name
        CHECK(api::to_error(needs.error()).loc.line == 0);
    }
}
