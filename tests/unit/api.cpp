// The public API, through the installed header only.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "charter/charter.hpp"

namespace {

std::string example(const std::string& name) {
    std::ifstream in(std::string(CHARTER_SOURCE_DIR) + "/examples/" + name, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

charter::Charter joint_development() {
    auto c = charter::load(example("joint-development.charter.yaml"), "jd.charter.yaml");
    REQUIRE(c);
    return *c;
}

std::string amount_of(const std::vector<charter::PartyAmount>& parts, const std::string& party) {
    for (const auto& p : parts) {
        if (p.party == party) {
            return p.amount;
        }
    }
    return "(none)";
}

} // namespace

TEST_SUITE("api") {
    TEST_CASE("validate reports diagnostics with codes, places and charter paths") {
        auto v = charter::validate("charter: 1\nid: x\nparties: [1]\n", "x.charter.yaml");
        CHECK(v.name == "x.charter.yaml");
        REQUIRE(v.errors() > 0);
        CHECK_FALSE(v.passed());
        bool placed = false;
        for (const auto& d : v.diagnostics) {
            CHECK(charter::code_info(d.code).code.size() == 5);
            placed = placed || d.loc.line == 3;
        }
        CHECK(placed);
        auto ok = charter::validate(example("strategic-alliance.charter.yaml"), "sa");
        CHECK(ok.passed(true));
    }

    TEST_CASE("load hands out a charter ready to compute, or says why not") {
        auto c = joint_development();
        CHECK(c.name() == "jd.charter.yaml");
        CHECK(c.id() == "lithera-brennwerk-jda");
        CHECK(c.currency() == "USD");
        CHECK(c.minor_digits() == 2);
        CHECK(c.parties() == std::vector<std::string>{"lithera", "brennwerk"});
        CHECK(c.scenarios().front() == "launch-quarter");
        CHECK(c.diagnostics().empty());

        auto invalid = charter::load("charter: 1\nid: x\n", "bad.charter.yaml");
        REQUIRE_FALSE(invalid);
        CHECK(invalid.error().kind == charter::ErrorKind::Invalid);
        CHECK(invalid.error().message == "'bad.charter.yaml' has errors");
        CHECK_FALSE(invalid.error().diagnostics.empty());

        auto broken = charter::load("a: [1, 2\n", "broken.charter.yaml");
        REQUIRE_FALSE(broken);
        CHECK(broken.error().kind == charter::ErrorKind::NotYaml);
        CHECK(broken.error().diagnostics.front().code == charter::Code::YamlSyntax);

        auto huge = charter::load(std::string(charter::kMaxCharterBytes + 1, '#'), "huge");
        REQUIRE_FALSE(huge);
        CHECK(huge.error().kind == charter::ErrorKind::TooLarge);

        auto missing = charter::load_file("/nonexistent/x.charter.yaml");
        REQUIRE_FALSE(missing);
        CHECK(missing.error().kind == charter::ErrorKind::Unreadable);
        CHECK(std::string(charter::error_kind_name(missing.error().kind)) == "unreadable");
    }

    TEST_CASE("a scenario computes with its expectations compared") {
        auto c = joint_development();
        auto s = charter::compute_scenario(c, "launch-quarter");
        REQUIRE(s);
        CHECK(s->revenue == "18740000.00");
        CHECK(amount_of(s->by_party, "lithera") == "9921413.04");
        CHECK(amount_of(s->by_party, "brennwerk") == "8818586.96");
        REQUIRE(s->expectations.size() == 2);
        CHECK(s->expectations[0].met());
        REQUIRE(s->periods.size() == 1);
        CHECK(s->periods[0].as_of == "2026-03-31");
        REQUIRE(s->periods[0].shares);
        CHECK_FALSE(s->periods[0].streams.empty());
        CHECK_FALSE(s->periods[0].streams[0].steps.empty());

        // another as-of date replaces the scenario's and drops the expectations
        auto later = charter::compute_scenario(c, "launch-quarter", "2030-01-01");
        REQUIRE(later);
        CHECK(later->expectations.empty());
        CHECK(later->periods[0].as_of == "2030-01-01");

        auto unknown = charter::compute_scenario(c, "launch-quartr");
        REQUIRE_FALSE(unknown);
        CHECK(unknown.error().kind == charter::ErrorKind::Request);
        CHECK(unknown.error().message ==
              "unknown scenario 'launch-quartr'; did you mean 'launch-quarter'?");
    }

    TEST_CASE("explanations are data and words, and only when asked for") {
        auto c = joint_development();
        auto plain = charter::compute_scenario(c, "launch-quarter");
        REQUIRE(plain);
        CHECK(plain->periods[0].shares_explain.empty());
        CHECK(plain->periods[0].streams[0].steps[0].explain.empty());

        auto s = charter::compute_scenario(c, "launch-quarter", {}, true);
        REQUIRE(s);
        // as of 2026-03-31 the pouch cells (m2) are not achieved: parts of both shares wait
        const auto& shares = s->periods[0].shares_explain;
        REQUIRE(shares.size() >= 2);
        CHECK(shares[0].rule == "unvested");
        CHECK(shares[0].subject == "lithera");
        CHECK(shares[0].values.at(0).first == "portion");
        CHECK(shares[0].text.find("share waits on milestone") != std::string::npos);
        CHECK(shares.back().rule == "unvested-goes");
        bool any = false;
        for (const auto& stream : s->periods[0].streams) {
            for (const auto& step : stream.steps) {
                for (const auto& e : step.explain) {
                    any = true;
                    CHECK_FALSE(e.rule.empty());
                    CHECK_FALSE(e.text.empty());
                    CHECK_FALSE(e.values.empty());
                }
            }
        }
        CHECK(any);
    }

    TEST_CASE("revenue and ledgers compute; exact amounts are strings") {
        auto c = joint_development();
        auto s = charter::compute_splits(c, {{"2027-Q1", "", {{"pack-sales", "1000000"}}}});
        REQUIRE(s);
        CHECK(s->revenue == "1000000.00");
        CHECK(s->periods[0].label == "2027-Q1");
        CHECK(s->periods[0].as_of == "2027-03-31");

        auto bad = charter::compute_splits(c, {{"", "", {{"pack-sale", "10"}}}});
        REQUIRE_FALSE(bad);
        CHECK(bad.error().kind == charter::ErrorKind::Request);
        CHECK(bad.error().message.find("did you mean 'pack-sales'") != std::string::npos);

        auto twice =
            charter::compute_splits(c, {{"", "", {{"pack-sales", "10"}, {"pack-sales", "5"}}}});
        REQUIRE_FALSE(twice);
        CHECK(twice.error().kind == charter::ErrorKind::Request);
        CHECK(twice.error().message.find("given twice") != std::string::npos);

        std::istringstream ledger("period,stream,amount\n2027-Q1,pack-sales,1000000\n"
                                  "2027-Q2,pack-sales,500000\n");
        auto l = charter::compute_ledger(c, ledger, "q.csv");
        REQUIRE(l);
        CHECK(l->periods.size() == 2);
        CHECK(l->revenue == "1500000.00");

        std::istringstream wrong("period,stream,amount\n2027-Q1,nope,1\n");
        auto w = charter::compute_ledger(c, wrong, "q.csv");
        REQUIRE_FALSE(w);
        CHECK(w.error().kind == charter::ErrorKind::Ledger);
        CHECK(w.error().loc.line == 2);
    }

    TEST_CASE("exits: one, all, and the kinds of error a program can test") {
        auto c = joint_development();
        charter::ExitRequest r;
        r.trigger = "lithera-change-of-control";
        r.invoked_by = "brennwerk";
        r.notice = "2027-01-15";
        auto needs = charter::simulate_exit(c, r);
        REQUIRE_FALSE(needs);
        CHECK(needs.error().kind == charter::ErrorKind::NeedsInput);

        r.fair_value = "1000000";
        auto e = charter::simulate_exit(c, r);
        REQUIRE(e);
        CHECK(e->leaver == "lithera");
        CHECK(e->notice_served == "2027-01-15");
        REQUIRE(e->buyout);
        CHECK(e->buyout->paid_to == "lithera");

        r.invoked_by = "lithera";
        auto refused = charter::simulate_exit(c, r);
        REQUIRE_FALSE(refused);
        CHECK(refused.error().kind == charter::ErrorKind::Request);
        r.invoked_by = "brennwrk";
        auto typo = charter::simulate_exit(c, r);
        REQUIRE_FALSE(typo);
        CHECK(typo.error().message ==
              "invoked_by: unknown party 'brennwrk'; did you mean 'brennwerk'?");
        r.invoked_by = "lithera";

        auto all = charter::simulate_all_exits(c, r);
        REQUIRE(all);
        CHECK(all->size() >= 3);
        for (const auto& ec : *all) {
            CHECK(ec.outcome);
        }
    }

    TEST_CASE("diff compares by meaning and computes the impact") {
        std::string before = example("joint-development.charter.yaml");
        std::string after = before;
        auto at = after.find("price: \"0.9 * share(@leaver) * fair_value\"");
        REQUIRE(at != std::string::npos);
        after.replace(at, 12, "price: \"0.8 ");
        auto d = charter::diff(charter::NamedText{before, "a"}, charter::NamedText{after, "b"});
        REQUIRE(d);
        CHECK(d->differs);
        REQUIRE(d->changes.size() == 1);
        CHECK(d->changes[0].kind == "changed");
        CHECK(d->changes[0].path.find("lithera-change-of-control") != std::string::npos);

        auto same = charter::diff(charter::NamedText{before, "a"}, charter::NamedText{before, "b"});
        REQUIRE(same);
        CHECK_FALSE(same->differs);
        CHECK(same->changes.empty());

        auto added = charter::diff(std::nullopt, charter::NamedText{before, "b"});
        REQUIRE(added);
        CHECK(added->differs);

        auto broken = charter::diff(charter::NamedText{"a: [\n", "a"}, std::nullopt);
        REQUIRE_FALSE(broken);
        CHECK(broken.error().kind == charter::ErrorKind::NotYaml);
    }

    TEST_CASE("the schema, the registry and the version") {
        std::ifstream in(std::string(CHARTER_SOURCE_DIR) + "/schemas/charter.schema.json");
        std::ostringstream file;
        file << in.rdbuf();
        CHECK(charter::json_schema() == file.str());
        CHECK(charter::all_codes().front().code == "C0001");
        CHECK(charter::code_info(charter::Code::YamlSyntax).name == "yaml-syntax");
        CHECK(std::string(charter::version()).find('.') != std::string::npos);
    }

    TEST_CASE("one charter computes on several threads at once") {
        auto c = joint_development();
        std::vector<std::string> got(4);
        std::vector<std::thread> threads;
        for (std::size_t i = 0; i < got.size(); ++i) {
            threads.emplace_back([&, i] {
                for (int k = 0; k < 20; ++k) {
                    auto s = charter::compute_scenario(c, "series-ramp-2028");
                    got[i] += s ? s->revenue + "," + s->by_party[0].amount + ";" : "error;";
                }
            });
        }
        for (auto& t : threads) {
            t.join();
        }
        auto once = charter::compute_scenario(c, "series-ramp-2028");
        REQUIRE(once);
        std::string expected;
        for (int k = 0; k < 20; ++k) {
            expected += once->revenue + "," + once->by_party[0].amount + ";";
        }
        for (const auto& g : got) {
            CHECK(g == expected);
        }
    }

    TEST_CASE("CHARTER_TRY propagates the error and assigns the value") {
        auto twice = [](charter::Expected<int, charter::Error> in)
            -> charter::Expected<int, charter::Error> {
            CHARTER_TRY(int x, std::move(in));
            return 2 * x;
        };
        CHECK(*twice(21) == 42);
        charter::Error e;
        e.kind = charter::ErrorKind::TooMany;
        auto failed = twice(charter::unexpected(e));
        REQUIRE_FALSE(failed);
        CHECK(failed.error().kind == charter::ErrorKind::TooMany);
    }
}
