// Big charters: validate must not need a case per (trigger, invoker, leaver)
// or a scan per reference. Each input here took minutes, or ran out of
// memory, before; nothing is timed (tests must not fail on a slow machine).
#include <doctest/doctest.h>

#include <string>

#include <fmt/format.h>

#include "validate/validate.hpp"

using namespace charter;

namespace {

std::string head() {
    return "charter: 1\nid: big\ntitle: Big\nkind: cooperative-rd\neffective: 2026-01-15\n"
           "term: {ends: 2030-12-31}\ncurrency: USD\n";
}

int count(const Validated& v, Code code) {
    int n = 0;
    for (const auto& d : v.report.diagnostics) {
        n += d.code == code;
    }
    return n;
}

} // namespace

TEST_SUITE("scale") {
    TEST_CASE("20,000 parties with an exit trigger: every sole owner's asset is found, without a "
              "case per party pair") {
        // before: reserving triggers × N × (N − 1) cases threw std::bad_alloc
        const int n = 20'000;
        std::string y = head() + "parties:\n";
        for (int i = 0; i < n; ++i) {
            y += fmt::format("  - {{id: p{}, name: P}}\n", i);
        }
        y += "ip:\n  assets:\n";
        for (int i = 0; i < n; i += 100) {
            y += fmt::format(
                "    - {{id: a{}, title: A, class: foreground, type: design, owner: p{}}}\n", i, i);
        }
        y += "exit:\n  triggers:\n"
             "    - {id: quit, cause: convenience, invoked_by: any, leaver: invoker, foreground: "
             "assign}\n"
             "    - {id: breach, cause: breach, invoked_by: any, leaver: counterparty, foreground: "
             "assign}\n";
        auto v = validate_source(std::make_shared<const Source>("big.charter.yaml", y));
        // no shares to pass an asset on by: each asset is left without an owner under both triggers
        CHECK(count(v, Code::AssetLeftWithoutOwner) == 2 * n / 100);
        CHECK(v.report.errors() == 2 * n / 100);
    }

    TEST_CASE(
        "a buyout that fails for one of 20,000 leavers is reported once, naming that leaver") {
        const int n = 20'000;
        std::string y = head() + "parties:\n";
        for (int i = 0; i < n; ++i) {
            y += fmt::format("  - {{id: p{}, name: P}}\n", i);
        }
        y += "contributions:\n";
        for (int i = 0; i < n; ++i) {
            if (i != 12'345) {
                y += fmt::format("  - {{id: c{}, party: p{}, kind: cash, value: 10}}\n", i, i);
            }
        }
        y += "exit:\n  triggers:\n"
             "    - {id: breach, cause: breach, invoked_by: any, leaver: counterparty, foreground: "
             "keep,"
             " buyout: {price: \"1 / contributed(@leaver)\"}}\n";
        auto v = validate_source(std::make_shared<const Source>("big.charter.yaml", y));
        REQUIRE(count(v, Code::BuyoutFails) == 1);
        for (const auto& d : v.report.diagnostics) {
            if (d.code == Code::BuyoutFails) {
                CHECK(d.message.find("with p12345 leaving") != std::string::npos);
            }
        }
    }

    TEST_CASE("a depends_on chain of 100,000 milestones validates") {
        // before: each dependency was resolved by a scan of every milestone (75 s)
        const int n = 100'000;
        std::string y =
            head() + "parties:\n  - {id: a, name: A}\n  - {id: b, name: B}\nmilestones:\n";
        for (int i = 0; i < n; ++i) {
            y += fmt::format("  - {{id: m{}, title: M, owner: a, due: 2027-01-01{}}}\n", i,
                             i ? fmt::format(", depends_on: [m{}]", i - 1) : std::string());
        }
        auto v = validate_source(std::make_shared<const Source>("chain.charter.yaml", y));
        CHECK(v.report.errors() == 0);
        REQUIRE(v.charter.has_value());
        CHECK(v.charter->milestones.size() == static_cast<std::size_t>(n));
    }

    TEST_CASE("thousands of unknown references among thousands of parties: suggestions stop, "
              "errors do not") {
        // before: each unknown id was compared with every party (81 s for
        // 20,000 of each); now "did you mean" has a budget per file
        const int n = 5'000;
        std::string y = head() + "parties:\n";
        for (int i = 0; i < n; ++i) {
            y += fmt::format("  - {{id: p{:05}, name: P}}\n", i);
        }
        y += "contributions:\n";
        for (int i = 0; i < n; ++i) {
            y += fmt::format(
                "  - {{id: c{}, party: p{:05}x, kind: cash, value: 100, date: 2026-02-01}}\n", i,
                i);
        }
        auto v = validate_source(std::make_shared<const Source>("refs.charter.yaml", y));
        int unknown = 0, suggested = 0;
        for (const auto& d : v.report.diagnostics) {
            if (d.code == Code::UnknownReference) {
                ++unknown;
                suggested += d.help.rfind("did you mean", 0) == 0;
            }
        }
        CHECK(unknown == n);
        CHECK(suggested == 2'000'000 / n); // the budget: 400 suggestions among 5,000 parties
    }

    TEST_CASE("formulas full of unknown @ids among thousands of parties: one look-up each, "
              "suggestions budgeted") {
        const int n = 5'000;
        std::string y = head() + "parties:\n";
        for (int i = 0; i < n; ++i) {
            y += fmt::format("  - {{id: p{:05}, name: P}}\n", i);
        }
        y += "economics:\n  streams:\n    - id: sales\n      waterfall:\n";
        std::string f;
        for (int j = 0; j < 200; ++j) {
            f += fmt::format("{}share(@p{:05}x)", j ? " + " : "", j);
        }
        for (int s = 0; s < 100; ++s) {
            y += fmt::format("        - {{id: st{}, to: p00001, amount: \"{}\"}}\n", s, f);
        }
        auto v = validate_source(std::make_shared<const Source>("formulas.charter.yaml", y));
        int unknown = 0, suggested = 0;
        for (const auto& d : v.report.diagnostics) {
            if (d.code == Code::FormulaUnknownName) {
                ++unknown;
                suggested += d.help.rfind("did you mean", 0) == 0;
            }
        }
        CHECK(unknown == 100 * 200);
        CHECK(suggested == 2'000'000 / n);
    }
}

TEST_SUITE("scale") {
    TEST_CASE("a scenario of 50,000 periods is checked for repeated periods without comparing "
              "every pair") {
        // before: each period was compared with every earlier one (1.25e9 comparisons)
        const int n = 50'000;
        std::string y = head() +
                        "parties:\n  - {id: a, name: A}\n  - {id: b, name: B}\n"
                        "economics:\n  shares: {a: 60%, b: 40%}\n  streams:\n"
                        "    - id: sales\n      waterfall:\n        - {id: all, split: shares}\n"
                        "scenarios:\n  - id: long\n    periods:\n";
        for (int i = 0; i < n; ++i) {
            // days 1-28 of each month from 1900-01 on, each once
            int year = 1900 + i / (28 * 12), month = 1 + (i / 28) % 12, day = 1 + i % 28;
            y += fmt::format("      - {{period: {:04}-{:02}-{:02}, revenue: {{sales: 100}}}}\n",
                             year, month, day);
        }
        y += "      - {period: 1900-01-01, revenue: {sales: 1}}\n    expect: {a: 0, b: 0}\n";
        auto v = validate_source(std::make_shared<const Source>("long.charter.yaml", y));
        REQUIRE(count(v, Code::ScenarioFailed) == 1);
        for (const auto& d : v.report.diagnostics) {
            if (d.code == Code::ScenarioFailed) {
                CHECK(d.message.find("lists period 1900-01-01 twice") != std::string::npos);
            }
        }
    }

    TEST_CASE("200 exclusive licenses of the same 2,000 assets in different territories are not "
              "compared asset by asset") {
        // before: every pair of licenses and every pair of their assets, 8e10
        // comparisons (40 licenses took 5.4 s, 200 would take minutes)
        const int assets = 2'000, licenses = 200;
        std::string y = head() + "parties:\n  - {id: a, name: A}\n  - {id: b, name: B}\n"
                                 "ip:\n  assets:\n";
        std::string all;
        for (int i = 0; i < assets; ++i) {
            y += fmt::format("    - {{id: x{}, title: X, class: background, type: software, "
                             "owner: a}}\n",
                             i);
            all += fmt::format("{}x{}", i ? ", " : "", i);
        }
        y += "  licenses:\n";
        for (int i = 0; i <= licenses; ++i) { // the last one shares T0 with the first
            y +=
                fmt::format("    - {{id: l{}, asset: [{}], from: a, to: b, scope: all, field: all, "
                            "territory: [T{}], exclusive: true}}\n",
                            i, all, i % licenses);
        }
        auto v = validate_source(std::make_shared<const Source>("wide.charter.yaml", y));
        REQUIRE(count(v, Code::ExclusiveOverlap) == 1);
        for (const auto& d : v.report.diagnostics) {
            if (d.code == Code::ExclusiveOverlap) {
                CHECK(d.message == "exclusive license 'l200' of 'x1999' overlaps exclusive "
                                   "license 'l0' in field, territory and period");
            }
        }
    }

    TEST_CASE("50,000 exclusive licenses of one asset, apart in territory or in period, are not "
              "compared pair by pair") {
        // before: 1.25e9 pairs each way (16,000 licenses took 0.6 s)
        const int n = 25'000;
        std::string y = head() + "parties:\n  - {id: a, name: A}\n  - {id: b, name: B}\n"
                                 "ip:\n  assets:\n    - {id: x, title: X, class: background, "
                                 "type: software, owner: a}\n  licenses:\n";
        for (int i = 0; i < n; ++i) { // one territory each
            y += fmt::format("    - {{id: t{}, asset: x, from: a, to: b, scope: all, field: all, "
                             "territory: [T{}], exclusive: true}}\n",
                             i, i);
        }
        for (int i = 0; i < n; ++i) { // one day each, in one field, in the territory of t0
            int year = 1900 + i / (28 * 12), month = 1 + (i / 28) % 12, day = 1 + i % 28;
            y += fmt::format("    - {{id: d{}, asset: x, from: a, to: b, scope: all, field: f, "
                             "territory: [T0], exclusive: true, starts: {:04}-{:02}-{:02}, "
                             "ends: {:04}-{:02}-{:02}}}\n",
                             i, year, month, day, year, month, day);
        }
        auto v = validate_source(std::make_shared<const Source>("many.charter.yaml", y));
        CHECK(count(v, Code::ExclusiveOverlap) == 0);
    }
}
