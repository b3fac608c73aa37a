#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "compute/ledger.hpp"
#include "compute/scenario.hpp"
#include "compute/waterfall.hpp"
#include "validate/validate.hpp"

using namespace charter;
using num::Rational;

namespace {

const char* kHead = R"Y(charter: 1
id: t
title: T
kind: joint-development
effective: 2026-01-01
term: {ends: 2030-12-31}
currency: USD
parties:
  - {id: a, name: A}
  - {id: b, name: B}
exit:
  triggers:
    - {id: quit, cause: convenience, invoked_by: any, leaver: invoker, foreground: keep}
)Y";

/// One stream, `s`, split by the shares: what the ledger tests read into.
const char* kOneStream = R"Y(economics:
  shares: {a: 50%, b: 50%}
  streams:
    - id: s
      waterfall:
        - {id: rest, split: shares}
)Y";

model::Charter charter_from(const std::string& tail) {
    auto v = validate_source(
        std::make_shared<const Source>("t.charter.yaml", std::string(kHead) + tail));
    for (const auto& d : v.report.diagnostics) {
        INFO(d.message);
        CHECK(d.severity != Severity::Error);
    }
    REQUIRE(v.charter.has_value());
    return std::move(*v.charter);
}

Rational total_of(const compute::RunResult& r, const std::string& party) {
    for (const auto& pa : r.by_party) {
        if (pa.party == party) {
            return pa.amount;
        }
    }
    return 0;
}

compute::PeriodInput one(const std::string& stream, Rational amount, const char* period = nullptr) {
    compute::PeriodInput in;
    if (period) {
        in.period = *parse_period(period);
        in.as_of = in.period->last;
    }
    in.revenue.push_back({stream, amount});
    return in;
}

std::string slurp(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

} // namespace

TEST_SUITE("waterfall") {
    TEST_CASE("the spec's worked example gives the expected totals to the cent") {
        auto v = validate_source(std::make_shared<const Source>(
            "x", slurp(std::string(CHARTER_SOURCE_DIR) +
                       "/tests/golden/spec/acme-globex.charter.yaml")));
        REQUIRE(v.charter);
        REQUIRE(v.charter->scenarios.size() == 2);
        auto p = compute::scenario_periods(v.charter->scenarios[0]);
        REQUIRE(p);
        auto r = compute::run_waterfall(*v.charter, *p);
        REQUIRE(r);
        CHECK(total_of(*r, "acme") == Rational(143256767, 100));
        CHECK(total_of(*r, "globex") == Rational(80743233, 100));
        auto p2 = compute::scenario_periods(v.charter->scenarios[1]);
        REQUIRE(p2);
        auto r2 = compute::run_waterfall(*v.charter, *p2);
        REQUIRE(r2);
        CHECK(total_of(*r2, "acme") == Rational(393992481, 100));
    }

    TEST_CASE("marginal royalty tiers apply each rate to its band only") {
        auto c = charter_from(R"Y(economics:
  shares: {a: 50%, b: 50%}
  streams:
    - id: s
      waterfall:
        - id: roy
          to: a
          royalty: {tiers: [{from: 0, rate: 10%}, {from: 1000, rate: 20%}]}
        - {id: rest, split: shares}
)Y");
        auto r = compute::run_waterfall(c, {one("s", 3000)});
        REQUIRE(r);
        // 10% of 1000 + 20% of 2000 = 500; the rest 2500 halves
        CHECK(r->periods[0].streams[0].steps[0].paid == 500);
        CHECK(total_of(*r, "a") == 1750);
        CHECK(total_of(*r, "b") == 1250);
    }

    TEST_CASE(
        "a floor raises the claim, and carry pays what the pool could not in the next period") {
        auto c = charter_from(R"Y(economics:
  shares: {a: 50%, b: 50%}
  streams:
    - id: s
      waterfall:
        - {id: fee, to: b, amount: "1% * revenue", floor: 100, carry: true}
        - {id: rest, split: shares}
)Y");
        auto r = compute::run_waterfall(c, {one("s", 60, "2026-Q1"), one("s", 1000, "2026-Q2")});
        REQUIRE(r);
        const auto& q1 = r->periods[0].streams[0].steps[0];
        CHECK(q1.claim == 100);
        CHECK(q1.paid == 60);
        CHECK(q1.unpaid == 40);
        const auto& q2 = r->periods[1].streams[0].steps[0];
        CHECK(q2.claim == 140); // floor 100 (1% of 1000 is 10) + 40 carried
        CHECK(q2.paid == 140);
    }

    TEST_CASE("caps limit a claim per period and over the run") {
        auto c = charter_from(R"Y(economics:
  shares: {a: 50%, b: 50%}
  streams:
    - id: s
      waterfall:
        - {id: fee, to: b, amount: "50% * revenue", cap: {period: 300, total: 500}}
        - {id: rest, split: shares}
)Y");
        auto r = compute::run_waterfall(
            c, {one("s", 1000, "2026-Q1"), one("s", 1000, "2026-Q2"), one("s", 1000, "2026-Q3")});
        REQUIRE(r);
        CHECK(r->periods[0].streams[0].steps[0].paid == 300);
        CHECK(r->periods[1].streams[0].steps[0].paid == 200);
        CHECK(r->periods[2].streams[0].steps[0].paid == 0);
    }

    TEST_CASE("sequential recoup pays balances in date order, undated last, across periods") {
        auto c = charter_from(R"Y(contributions:
  - {id: late, party: a, kind: cash, value: 100, date: 2026-03-01, recoupable: true}
  - {id: undated, party: b, kind: cash, value: 100, recoupable: true}
  - {id: early, party: b, kind: cash, value: 50, date: 2026-02-01, recoupable: true}
economics:
  shares: {a: 50%, b: 50%}
  streams:
    - id: s
      waterfall:
        - {id: back, recoup: {order: sequential}}
        - {id: rest, split: shares}
)Y");
        auto r = compute::run_waterfall(c, {one("s", 120, "2026-Q1"), one("s", 200, "2026-Q2")});
        REQUIRE(r);
        const auto& first = r->periods[0].streams[0].steps[0];
        CHECK(first.paid == 120); // early 50 (b), then 70 of late (a)
        CHECK(total_of(*r, "a") ==
              135); // 70 of late in Q1, its last 30 in Q2, half of the 70 left in Q2
        const auto& second = r->periods[1].streams[0].steps[0];
        CHECK(second.paid == 130); // late's 30, then undated 100
    }

    TEST_CASE("unvested share is spread over vested shares, or goes to one party") {
        std::string milestones = R"Y(milestones:
  - {id: m, title: M, owner: a, due: 2026-06-30, achieved: 2026-05-01}
)Y";
        auto c = charter_from(milestones + R"Y(economics:
  shares: {a: 60%, b: 40%}
  vesting: [{party: b, portion: 50%, milestone: m}]
)Y");
        auto before = compute::shares_as_of(c, parse_date("2026-04-30").value());
        REQUIRE(before);
        REQUIRE(before->has_value());
        // b vests 20 of 40: a 60/80 = 75%, b 20/80 = 25%
        CHECK((**before)[0].amount == Rational(3, 4));
        CHECK((**before)[1].amount == Rational(1, 4));
        auto after = compute::shares_as_of(c, parse_date("2026-05-01").value());
        CHECK((**after)[1].amount == Rational(2, 5));
        auto to_a = charter_from(milestones + R"Y(economics:
  shares: {a: 60%, b: 40%}
  vesting: [{party: b, portion: 50%, milestone: m}]
  unvested: {to: a}
)Y");
        auto s = compute::shares_as_of(to_a, parse_date("2026-01-31").value());
        CHECK((**s)[0].amount == Rational(4, 5));
    }

    TEST_CASE("a split by shares with no vested share is an error, not a guess") {
        auto c = charter_from(R"Y(milestones:
  - {id: m, title: M, owner: a, due: 2026-06-30}
economics:
  shares: {a: 50%, b: 50%}
  vesting: [{party: a, portion: 100%, milestone: m}, {party: b, portion: 100%, milestone: m}]
  streams:
    - id: s
      waterfall:
        - {id: rest, split: shares}
)Y");
        auto r = compute::run_waterfall(c, {one("s", 100)});
        REQUIRE_FALSE(r);
        CHECK(r.error().message.find("no share is vested") != std::string::npos);
    }

    TEST_CASE("division by zero names the step, the formula and the values") {
        auto c = charter_from(R"Y(economics:
  shares: {a: 50%, b: 50%}
  streams:
    - id: s
      waterfall:
        - {id: odd, to: a, amount: "revenue / (revenue - 100)"}
        - {id: rest, split: shares}
)Y");
        auto r = compute::run_waterfall(c, {one("s", 100)});
        REQUIRE_FALSE(r);
        CHECK(r.error().message.find("odd") != std::string::npos);
        CHECK(r.error().message.find("revenue / (revenue - 100)") != std::string::npos);
    }

    TEST_CASE("a ledger's rows are summed per period and stream, in calendar order") {
        auto c = charter_from(kOneStream);
        std::istringstream csv("\xEF\xBB\xBFperiod,stream,amount,note\r\n2026-Q2,s,10.00,x\r\n2026-"
                               "Q1,s,5,\"a, \"\"quoted\"\"\nnote\"\r\n2026-Q2,s,-2.50,refund\r\n");
        auto l = compute::read_ledger(csv, "l.csv", c);
        REQUIRE(l);
        REQUIRE(l->size() == 2);
        CHECK((*l)[0].period->label == "2026-Q1");
        CHECK((*l)[1].revenue[0].amount == Rational(15, 2));
    }

    TEST_CASE("a ledger's fields are read whole across the reader's 64 KiB blocks") {
        auto c = charter_from(kOneStream);
        // Rows of every length from 40 to 1,039 bytes, so that a block ends
        // inside every kind of field: a plain one, a quoted one at a doubled
        // quote or a line break, an amount. The last row is wrong, and its
        // line counts the line breaks inside quotes.
        std::string text = "period,stream,amount,note\n";
        int line = 1, rows = 0;
        for (int n = 0; text.size() < 4 * 65536; ++n, ++rows) {
            std::string note(static_cast<std::size_t>(n % 1000), 'x');
            note.insert(note.size() / 2, "\"\"\n");
            text += "2026-Q1, s ,1_000.25,\"" + note + "\"\n";
            line += 2;
        }
        std::istringstream whole(text);
        auto l = compute::read_ledger(whole, "l.csv", c);
        REQUIRE(l);
        REQUIRE(l->size() == 1);
        Rational expected(100025 * rows, 100);
        expected.canonicalize();
        CHECK((*l)[0].revenue[0].amount == expected);

        std::istringstream bad(text + "2026-Q1,t,1\n");
        auto e = compute::read_ledger(bad, "l.csv", c);
        REQUIRE_FALSE(e);
        CHECK(e.error().message.starts_with("l.csv:" + std::to_string(line + 1) +
                                            ": unknown stream 't'"));
    }

    TEST_CASE("ledger errors name the file and the line") {
        auto c = charter_from(kOneStream);
        auto check_error = [&](const std::string& text, const std::string& part) {
            std::istringstream in(text);
            auto l = compute::read_ledger(in, "l.csv", c);
            REQUIRE_FALSE(l);
            INFO(l.error().message);
            CHECK(l.error().message.find(part) != std::string::npos);
        };
        check_error("", "l.csv:1: the ledger is empty");
        check_error("period,amount\n", "no stream column");
        check_error("period,stream,amount\n2026-Q1,x,1\n", "l.csv:2: unknown stream 'x'");
        check_error("period,stream,amount\n2026-Q1,s,1\n2026-03,s,1\n", "l.csv:3:");
        check_error("period,stream,amount\n2026-Q1,s,1.234\n", "3 decimals");
        check_error("period,stream,amount\n2026-Q1,s,1\n2026-Q1,s,-2\n", "negative total");
        check_error("period,stream,amount\n2026-Q5,s,1\n", "l.csv:2:");
    }

    TEST_CASE("an inactive step leaves its carry for the next period it is active in") {
        auto c = charter_from(R"Y(economics:
  streams:
    - id: s
      waterfall:
        - id: fee
          to: b
          amount: "100"
          carry: true
          active: {until: 2026-03-31}
        - id: fee2
          to: b
          amount: "100"
          carry: true
          active: {from: 2026-04-01, until: 2026-06-30}
        - {id: rest, split: {a: 100%}}
)Y");
        // Q1: fee claims 100 of a pool of 60 (40 unpaid, carried); fee2 is inactive.
        // Q2: fee is inactive, its carry waits; fee2 claims 100. Q3: both inactive.
        auto r = compute::run_waterfall(
            c, {one("s", 60, "2026-Q1"), one("s", 1000, "2026-Q2"), one("s", 1000, "2026-Q3")});
        REQUIRE(r);
        CHECK(r->periods[0].streams[0].steps[0].unpaid == 40);
        CHECK(r->periods[1].streams[0].steps[0].paid == 0);
        CHECK(r->periods[1].streams[0].steps[0].unpaid == 0);
        CHECK(r->periods[1].streams[0].steps[1].paid == 100);
        CHECK(r->periods[2].streams[0].steps[1].paid == 0);
        CHECK(total_of(*r, "b") == 160);
        CHECK(total_of(*r, "a") == 1900);
    }

    TEST_CASE("an undated period is inside every window and ends no year") {
        auto c = charter_from(R"Y(economics:
  streams:
    - id: s
      waterfall:
        - id: roy
          to: b
          active: {from: 2027-01-01, until: 2027-12-31}
          royalty:
            cumulative: calendar-year
            tiers: [{from: 0, rate: 10%}]
            minimum: {per: calendar-year, amount: 500}
        - {id: rest, split: {a: 100%}}
)Y");
        auto r = compute::run_waterfall(c, {one("s", 1000)});
        REQUIRE(r);
        CHECK(total_of(*r, "b") == 100); // active, no minimum top-up
        auto in = one("s", 1000);
        in.as_of = Date{2026, 12, 31}; // an as-of date places it: before the window
        r = compute::run_waterfall(c, {in});
        REQUIRE(r);
        CHECK(total_of(*r, "b") == 0);
        in.as_of = Date{2027, 12, 31}; // inside, on the year's last day: topped up
        r = compute::run_waterfall(c, {in});
        REQUIRE(r);
        CHECK(total_of(*r, "b") == 500);
    }

    TEST_CASE("a minimum keeps its own years, whatever years the tiers count in") {
        // tiers by calendar year, a minimum by contract year from 2025-07-01
        std::string tail = R"Y(economics:
  streams:
    - id: s
      waterfall:
        - id: roy
          to: b
          royalty:
            cumulative: calendar-year
            tiers: [{from: 0, rate: 10%}, {from: 1000, rate: 20%}]
            minimum: {per: contract-year, amount: 500}
        - {id: rest, split: {a: 100%}}
)Y";
        auto v = validate_source(std::make_shared<const Source>("t.charter.yaml", [&] {
            std::string head = kHead;
            head.replace(head.find("2026-01-01"), 10, "2025-07-01");
            return head + tail;
        }()));
        REQUIRE(v.charter);
        // 2025-12: 800 at 10% = 80 (calendar year 2025)
        // 2026-06: the calendar year 2026 starts again: 900 at 10% = 90; it ends
        // the contract year 2025-07-01..2026-06-30: 80 + 90 = 170, top-up 330
        auto r = compute::run_waterfall(*v.charter,
                                        {one("s", 800, "2025-12"), one("s", 900, "2026-06")});
        REQUIRE(r);
        CHECK(r->periods[0].streams[0].steps[0].paid == 80);
        CHECK(r->periods[1].streams[0].steps[0].paid == 420);
    }
}
