// The semantic checks (lib/check/) on charters built from small texts: the
// code of each finding, where it points (line, column, charter path), its
// message and help, and silence where a value sits right at a boundary.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "charter_text.hpp"
#include "check/semantic.hpp"
#include "load/yaml_tree.hpp"

using namespace charter;

namespace {

/// Two parties and an exit trigger, so that a test's own section is all that
/// can be found wrong (lines 1 to 13).
const std::string kHead = R"Y(charter: 1
id: t
title: T
kind: joint-development
effective: 2026-01-15
term: {ends: 2030-12-31}
currency: USD
parties:
  - {id: acme, name: Acme}
  - {id: globex, name: Globex}
exit:
  triggers:
    - {id: convenience, cause: convenience, invoked_by: any, leaver: invoker, foreground: keep}
)Y";

/// kHead without its exit section.
std::string head_without_exit() {
    return kHead.substr(0, kHead.find("exit:"));
}

struct Findings {
    std::string text;
    std::vector<Diagnostic> diags;

    /// The codes found, in the order the checks reported them: "C0201 C0301".
    std::string codes() const {
        std::string out;
        for (const auto& d : diags) {
            out += (out.empty() ? "" : " ") + std::string(code_info(d.code).code);
        }
        return out;
    }
    std::vector<const Diagnostic*> all(Code code) const {
        std::vector<const Diagnostic*> out;
        for (const auto& d : diags) {
            if (d.code == code) {
                out.push_back(&d);
            }
        }
        return out;
    }
    /// The one finding with this code (there must be exactly one).
    const Diagnostic& one(Code code) const {
        auto found = all(code);
        REQUIRE_MESSAGE(found.size() == 1, "findings: " << codes());
        return *found.front();
    }
    /// Where `needle` (its nth occurrence) stands in the text.
    TextPos at(std::string_view needle, int nth = 0) const { return pos_of(text, needle, nth); }
};

Findings findings(std::string text, Structure structure = Structure::MustPass) {
    Findings f;
    f.text = std::move(text);
    auto c = charter_from_text(f.text, structure);
    f.diags = check::check_semantics(c);
    return f;
}

/// The diagnostic starts at `p`.
void check_at(const Location& loc, TextPos p) {
    CHECK(loc.line == p.line);
    CHECK(loc.column == p.column);
}

/// The ids of a cycle as a message names them, in order: "a", "b", "a".
std::vector<std::string> cycle_ids(const std::string& message) {
    std::vector<std::string> out;
    std::string rest = message.substr(message.find(": ") + 2);
    std::string word;
    for (char ch : rest + ' ') {
        bool id_char = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-';
        if (id_char && !(ch == '-' && word.empty())) {
            word += ch;
        } else if (!word.empty()) {
            out.push_back(word);
            word.clear();
        }
    }
    return out;
}

} // namespace

TEST_SUITE("check") {
    TEST_CASE("a charter with every value on the right side of a boundary has no finding") {
        // each value sits where a wrong comparison (< for <=, > for >=) would report it
        auto f = findings(kHead + R"Y(contributions:
  - {id: c1, party: acme, kind: cash, value: 1000}
  - {id: c2, party: globex, kind: personnel, fte: 1, rate: 120_000, months: 6}
ip:
  foreground_rule: joint-pro-rata-contributions
  assets:
    - {id: vision, title: V, class: background, type: software, owner: acme, created: 2026-01-14}
    - {id: gripper, title: G, class: foreground, type: patent, created: 2026-01-15}
    - {id: tooling, title: T, class: foreground, type: design, owner: {acme: 1/3, globex: 2/3}}
  licenses:
    - {id: l1, asset: vision, from: acme, to: globex, scope: commercial, field: grippers,
       territory: [EU], exclusive: true, starts: 2026-02-01, ends: 2027-12-31}
    - {id: l2, asset: vision, from: acme, to: globex, scope: commercial, field: grippers,
       territory: [EU], exclusive: true, starts: 2028-01-01}
    - {id: l3, asset: vision, from: acme, to: globex, scope: research, field: all,
       territory: worldwide, exclusive: false, starts: 2030-12-31}
    - {id: l4, asset: gripper, from: globex, to: acme, scope: research, field: all,
       territory: worldwide, exclusive: false}
    - {id: l5, asset: tooling, from: globex, to: acme, scope: research, field: all,
       territory: worldwide, starts: 2026-03-01, ends: 2026-03-01, exclusive: false}
milestones:
  - {id: m1, title: M1, owner: acme, due: 2026-01-15, achieved: 2026-03-01}
  - {id: m2, title: M2, owner: globex, due: 2030-12-31, depends_on: [m1], achieved: 2026-03-01}
  - {id: m3, title: M3, owner: globex, due: 2030-06-30, depends_on: [m1, m2]}
economics:
  shares: {acme: 1/3, globex: 2/3}
  vesting:
    - {party: acme, portion: 60%, milestone: m2}
    - {party: acme, portion: 40%, milestone: m3}
  streams:
    - id: sales
      waterfall:
        - {id: recoup, recoup: {parties: all}}
        - id: royalty
          to: {acme: 50%, globex: 50%}
          royalty: {base: "revenue - paid(@recoup)", tiers: [{from: 0, rate: 5%}, {from: 0.01, rate: 6%}]}
        - {id: fee, to: globex, amount: "max(3% * pool, paid(@royalty))", floor: 400, cap: {period: 400, total: 400}}
        - {id: residual, split: {acme: 0.25, globex: 0.75}}
governance:
  committee: {seats: {acme: 2, globex: 1}, quorum: 3}
  matters:
    - {id: budget, approval: supermajority, threshold: 100%, veto: [globex]}
    - {id: filing, approval: majority}
)Y");
        // l1 and l2 share field and territory but not a day; l3 is not exclusive
        CHECK(f.codes() == "");
    }

    TEST_CASE("the charters in examples/ have no semantic finding") {
        int seen = 0;
        for (const auto& e :
             std::filesystem::directory_iterator(std::string(CHARTER_SOURCE_DIR) + "/examples")) {
            if (e.path().extension() != ".yaml") {
                continue;
            }
            std::ifstream in(e.path(), std::ios::binary);
            std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
            INFO(e.path().filename().string());
            CHECK(findings(text).codes() == "");
            ++seen;
        }
        CHECK(seen >= 4);
    }

    TEST_CASE("a tree whose root is not a mapping gets no semantic finding, and no crash") {
        auto loaded = load_yaml(std::make_shared<const Source>("t.charter.yaml", "- a\n- b\n"));
        REQUIRE(loaded.tree);
        CHECK(check::check_semantics(model::build_charter(loaded.tree)).empty());
        CHECK(check::check_semantics(model::Charter{}).empty());
    }

    // ------------------------------------------------------------ references

    TEST_CASE("an unknown party, asset, milestone and stream are reported where they are named") {
        auto f = findings(kHead + R"Y(contributions:
  - {id: c1, party: initech, kind: cash, value: 1000}
ip:
  assets:
    - {id: vision, title: V, class: background, type: software, owner: acme}
  licenses:
    - {id: l1, asset: visoin, from: acme, to: globex, scope: research, field: all, territory: worldwide, exclusive: false}
milestones:
  - {id: m1, title: M1, owner: acme, due: 2026-06-30}
  - {id: m2, title: M2, owner: globex, due: 2026-09-30, depends_on: [m1, m9]}
economics:
  shares: {acme: 50%, globex: 50%}
  streams:
    - {id: sales, waterfall: [{id: residual, split: shares}]}
scenarios:
  - {id: s1, revenue: {salse: 1000}, expect: {acme: 500, globex: 500}}
)Y");
        auto unknown = f.all(Code::UnknownReference);
        REQUIRE(unknown.size() == 4);
        CHECK(f.codes() == "C0301 C0301 C0301 C0301");

        CHECK(unknown[0]->message == "unknown party 'initech'");
        CHECK(unknown[0]->help == "the parties are acme and globex");
        CHECK(unknown[0]->path == "contributions[c1].party");
        check_at(unknown[0]->loc, f.at("initech"));
        CHECK(unknown[0]->loc.end_column == f.at("initech").column + 7);
        CHECK(unknown[0]->severity == Severity::Error);

        CHECK(unknown[1]->message == "unknown asset 'visoin'");
        CHECK(unknown[1]->help == "did you mean 'vision'?");
        CHECK(unknown[1]->path == "ip.licenses[l1].asset");
        check_at(unknown[1]->loc, f.at("visoin"));

        CHECK(unknown[2]->message == "unknown milestone 'm9'");
        CHECK(unknown[2]->path == "milestones[m2].depends_on[1]");
        check_at(unknown[2]->loc, f.at("m9"));

        CHECK(unknown[3]->message == "unknown stream 'salse'");
        CHECK(unknown[3]->help == "did you mean 'sales'?");
        check_at(unknown[3]->loc, f.at("salse"));
    }

    TEST_CASE("a reference is looked up in its own list: a party id does not stand for an asset") {
        auto f = findings(kHead + R"Y(ip:
  assets:
    - {id: vision, title: V, class: background, type: software, owner: acme}
  licenses:
    - {id: l1, asset: acme, from: acme, to: [globex, vision], scope: research, field: all, territory: worldwide, exclusive: false}
)Y");
        auto unknown = f.all(Code::UnknownReference);
        REQUIRE(unknown.size() == 2);
        CHECK(unknown[0]->message == "unknown asset 'acme'");
        CHECK(unknown[0]->help == "the assets are vision");
        CHECK(unknown[1]->message == "unknown party 'vision'");
        CHECK(unknown[1]->path == "ip.licenses[l1].to[1]");
    }

    TEST_CASE("the help names up to 8 known ids, counts them above that, and says when there are "
              "none") {
        std::string eight = kHead;
        for (int i = 1; i <= 6; ++i) {
            eight.insert(eight.find("exit:"), fmt::format("  - {{id: p{}, name: P}}\n", i));
        }
        auto at8 =
            findings(eight + "contributions:\n  - {id: c1, party: zzzzzz, kind: cash, value: "
                             "1}\n");
        CHECK(at8.one(Code::UnknownReference).help ==
              "the parties are acme, globex, p1, p2, p3, p4, p5 and p6");
        std::string nine = eight;
        nine.insert(nine.find("exit:"), "  - {id: p7, name: P}\n");
        auto at9 = findings(nine + "contributions:\n  - {id: c1, party: zzzzzz, kind: cash, value: "
                                   "1}\n");
        CHECK(at9.one(Code::UnknownReference).help == "use the id of one of the 9 parties");

        auto no_streams = findings(kHead + "scenarios:\n  - {id: s1, revenue: {sales: 10}, expect: "
                                           "{acme: 10}}\n");
        CHECK(no_streams.one(Code::UnknownReference).help == "the charter lists no streams");
    }

    TEST_CASE("references in governance, vesting, payments, waterfalls and exit are all resolved") {
        auto f = findings(kHead + R"Y(milestones:
  - {id: m1, title: M1, owner: acme, due: 2026-06-30, payment: {from: ghost1, to: acme, amount: 10}}
economics:
  shares: {acme: 50%, ghost2: 50%}
  vesting:
    - {party: ghost3, portion: 10%, milestone: m1}
  unvested: {to: ghost4}
  streams:
    - id: sales
      waterfall:
        - {id: back, recoup: {parties: [ghost5]}}
        - {id: fee, to: ghost6, amount: "10"}
        - {id: residual, split: {acme: 50%, ghost7: 50%}}
governance:
  committee: {seats: {acme: 1, ghost8: 2}, quorum: 1, casting_vote: ghost9}
  matters:
    - {id: budget, approval: unanimous, veto: [ghosta]}
)Y");
        std::string named;
        for (const auto* d : f.all(Code::UnknownReference)) {
            named += d->message.substr(d->message.rfind(' ') + 1) + " ";
        }
        CHECK(named == "'ghost1' 'ghost2' 'ghost3' 'ghost4' 'ghost5' 'ghost6' 'ghost7' 'ghost8' "
                       "'ghost9' 'ghosta' ");
        const auto& share = *f.all(Code::UnknownReference)[1];
        // a party named as a key of a ratio mapping: the key is the place to edit
        check_at(share.loc, f.at("ghost2"));
        CHECK(share.loc.end_column == f.at("ghost2").column + 6);
    }

    TEST_CASE("reserved words and x- prefixes cannot be party ids") {
        std::string text = kHead;
        text.insert(text.find("exit:"), "  - {id: any, name: A}\n  - {id: x-lab, name: X}\n"
                                        "  - {id: leaver, name: L}\n  - {id: xlab, name: X}\n");
        auto f = findings(text);
        auto reserved = f.all(Code::ReservedId);
        REQUIRE(reserved.size() == 3);
        CHECK(reserved[0]->message == "'any' is a reserved word and cannot be a party id");
        CHECK(reserved[0]->path == "parties[any].id");
        check_at(reserved[0]->loc, f.at("any, name"));
        CHECK(reserved[1]->message == "party id 'x-lab' starts with x-, which marks extensions");
        CHECK(reserved[2]->message == "'leaver' is a reserved word and cannot be a party id");
        CHECK(reserved[0]->help == "choose another id, such as the company's short name");
    }

    // ------------------------------------------------------------------ sums

    TEST_CASE("shares that fall short or overshoot say by how much") {
        auto under = findings(kHead + "economics:\n  shares: {acme: 60%, globex: 30%}\n");
        const auto& d = under.one(Code::SumNot100);
        CHECK(d.message == "economics shares add up to 90%, not 100%");
        CHECK(d.help == "the shares must add up to exactly 100% (10% is missing)");
        CHECK(d.path == "economics.shares");
        check_at(d.loc, under.at("{acme: 60%"));

        auto over = findings(kHead + "economics:\n  shares: {acme: 2/3, globex: 1/2}\n");
        CHECK(over.one(Code::SumNot100).message ==
              "economics shares add up to 116.6667%, not 100%");
        CHECK(over.one(Code::SumNot100).help ==
              "the shares must add up to exactly 100% (16.6667% too much)");
    }

    TEST_CASE("a sum that only rounds to 100% is shown exactly") {
        auto f = findings(kHead + "economics:\n  shares: {acme: 0.6, globex: 0.4000001}\n");
        const auto& d = f.one(Code::SumNot100);
        CHECK(d.message == "economics shares add up to 100% (exactly 100.00001%), not 100%");
        CHECK(d.help == "the shares must add up to exactly 100% (0% (exactly 0.00001%) too much)");
    }

    TEST_CASE("owners, to, split and wind-down costs are summed; one party alone is 100%") {
        auto f = findings(head_without_exit() + R"Y(ip:
  assets:
    - {id: vision, title: V, class: background, type: software, owner: {acme: 50%, globex: 40%}}
    - {id: lone, title: L, class: background, type: software, owner: globex}
economics:
  shares: {acme: 50%, globex: 50%}
  streams:
    - id: sales
      waterfall:
        - {id: fee, to: {acme: 50%, globex: 60%}, amount: "10"}
        - {id: residual, split: {acme: 1/2, globex: 1/3}}
exit:
  triggers:
    - id: convenience
      cause: convenience
      invoked_by: any
      leaver: invoker
      foreground: keep
      wind_down: {period: 30d, costs: {acme: 10%, globex: 10%}}
)Y");
        auto sums = f.all(Code::SumNot100);
        REQUIRE(sums.size() == 4);
        CHECK(sums[0]->message == "joint owner shares of 'vision' add up to 90%, not 100%");
        CHECK(sums[0]->path == "ip.assets[vision].owner");
        CHECK(sums[1]->message ==
              "the 'to' ratios of step 'fee' of stream 'sales' add up to 110%, not 100%");
        CHECK(sums[2]->message ==
              "the split ratios of step 'residual' of stream 'sales' add up to 83.3333%, not 100%");
        CHECK(sums[3]->message ==
              "wind-down cost shares of trigger 'convenience' add up to 20%, not 100%");
        CHECK(sums[3]->path == "exit.triggers[convenience].wind_down.costs");
    }

    TEST_CASE("a mapping with a malformed ratio is left to the structural check, not summed") {
        auto f = findings(kHead + "economics:\n  shares: {acme: 60%, globex: lots}\n",
                          Structure::MayFail);
        CHECK(f.all(Code::SumNot100).empty());
    }

    TEST_CASE("vesting over 100% is reported once per party, at the portion that crosses it") {
        auto f = findings(kHead + R"Y(milestones:
  - {id: m1, title: M1, owner: acme, due: 2026-06-30}
economics:
  shares: {acme: 50%, globex: 50%}
  vesting:
    - {party: acme, portion: 60%, milestone: m1}
    - {party: globex, portion: 100%, milestone: m1}
    - {party: acme, portion: 50%, milestone: m1}
    - {party: acme, portion: 10%, milestone: m1}
)Y");
        const auto& d = f.one(Code::VestingOver100);
        CHECK(d.message == "vesting portions of 'acme' add up to 110%, more than 100%");
        check_at(d.loc, f.at("50%, milestone"));
        CHECK(d.path == "economics.vesting[2].portion");
    }

    TEST_CASE("royalty tiers must start at 0 and strictly increase") {
        auto f = findings(kHead + R"Y(economics:
  shares: {acme: 50%, globex: 50%}
  streams:
    - id: sales
      waterfall:
        - id: royalty
          to: acme
          royalty:
            tiers:
              - {from: 100, rate: 5%}
              - {from: 200, rate: 6%}
              - {from: 200, rate: 7%}
        - {id: residual, split: shares}
)Y");
        auto tiers = f.all(Code::BadTiers);
        REQUIRE(tiers.size() == 2);
        CHECK(tiers[0]->message ==
              "the first royalty tier of step 'royalty' of stream 'sales' starts at 100.00, not 0");
        check_at(tiers[0]->loc, f.at("100, rate"));
        CHECK(tiers[1]->message == "royalty tier 3 of step 'royalty' of stream 'sales' starts at "
                                   "200.00, not above the tier before it (200.00)");
        check_at(tiers[1]->loc, f.at("200, rate", 1));
        REQUIRE(tiers[1]->notes.size() == 1);
        CHECK(tiers[1]->notes[0].message == "the tier before starts here");
        check_at(tiers[1]->notes[0].loc, f.at("200, rate"));
    }

    TEST_CASE("a floor above a cap is reported against each cap it exceeds") {
        auto f = findings(kHead + R"Y(economics:
  shares: {acme: 50%, globex: 50%}
  streams:
    - id: sales
      waterfall:
        - {id: fee, to: globex, amount: "10", floor: 500, cap: {period: 400, total: 300}}
        - {id: other, to: globex, amount: "10", floor: 500, cap: {period: 600}}
        - {id: residual, split: shares}
)Y");
        auto over = f.all(Code::FloorAboveCap);
        REQUIRE(over.size() == 2);
        CHECK(
            over[0]->message ==
            "the floor of step 'fee' of stream 'sales' (500.00) is above its period cap (400.00)");
        CHECK(over[1]->message ==
              "the floor of step 'fee' of stream 'sales' (500.00) is above its total cap (300.00)");
        check_at(over[0]->loc, f.at("500"));
        REQUIRE(over[1]->notes.size() == 1);
        check_at(over[0]->notes[0].loc, f.at("400"));
        check_at(over[1]->notes[0].loc, f.at("300"));
    }

    // ----------------------------------------------------------------- dates

    TEST_CASE("a term that ends before the effective date points at `ends`, noting `effective`") {
        std::string text = kHead;
        text.replace(text.find("{ends: 2030-12-31}"), 18, "{ends: 2026-01-14}");
        auto f = findings(text + R"Y(milestones:
  - {id: m1, title: M, owner: acme, due: 2026-06-30}
ip:
  assets:
    - {id: vision, title: V, class: background, type: software, owner: acme}
  licenses:
    - {id: l1, asset: vision, from: acme, to: globex, scope: research, field: all,
       territory: worldwide, exclusive: false}
)Y");
        // neither the milestone nor the license, which runs for the term, is also out of the
        // term: a term that ends before it starts is reported once
        CHECK(f.codes() == "C0401");
        const auto& d = f.one(Code::TermBeforeEffective);
        CHECK(d.message ==
              "the term ends on 2026-01-14, before the charter takes effect on 2026-01-15");
        CHECK(d.path == "term.ends");
        check_at(d.loc, f.at("2026-01-14"));
        REQUIRE(d.notes.size() == 1);
        check_at(d.notes[0].loc, f.at("2026-01-15"));
    }

    TEST_CASE("milestones due before the start or after the last day of the term") {
        auto f = findings(kHead + R"Y(milestones:
  - {id: early, title: E, owner: acme, due: 2026-01-14}
  - {id: first, title: F, owner: acme, due: 2026-01-15}
  - {id: last, title: L, owner: acme, due: 2030-12-31}
  - {id: late, title: L, owner: acme, due: 2031-01-01}
)Y");
        auto due = f.all(Code::DueOutsideTerm);
        REQUIRE(due.size() == 2);
        CHECK(due[0]->message ==
              "milestone 'early' is due on 2026-01-14, before the charter takes effect on "
              "2026-01-15");
        CHECK(due[0]->path == "milestones[early].due");
        CHECK(due[1]->message ==
              "milestone 'late' is due on 2031-01-01, after the term ends on 2030-12-31");
        CHECK(due[1]->help == "move the due date or extend the term");
        check_at(due[1]->loc, f.at("2031-01-01"));
    }

    TEST_CASE("a term given as a length ends the day before its anniversary") {
        std::string text = kHead;
        text.replace(text.find("{ends: 2030-12-31}"), 18, "{length: 1y}");
        auto f = findings(text + R"Y(milestones:
  - {id: last, title: L, owner: acme, due: 2027-01-14}
  - {id: late, title: L, owner: acme, due: 2027-01-15}
)Y");
        CHECK(f.one(Code::DueOutsideTerm).message ==
              "milestone 'late' is due on 2027-01-15, after the term ends on 2027-01-14");
    }

    TEST_CASE("an achieved milestone needs its dependencies achieved, and not later") {
        auto f = findings(kHead + R"Y(milestones:
  - {id: m1, title: M1, owner: acme, due: 2026-06-30, achieved: 2026-05-10}
  - {id: m2, title: M2, owner: acme, due: 2026-06-30}
  - {id: m3, title: M3, owner: acme, due: 2026-09-30, depends_on: [m1, m2], achieved: 2026-05-09}
  - {id: m4, title: M4, owner: acme, due: 2026-09-30, depends_on: [m1], achieved: 2026-05-10}
)Y");
        CHECK(f.codes() == "C0403 C0404");
        const auto& before = f.one(Code::AchievedBeforeDependency);
        CHECK(before.message == "milestone 'm3' was achieved on 2026-05-09, before 'm1' "
                                "(achieved 2026-05-10), which it depends on");
        check_at(before.loc, f.at("2026-05-09"));
        REQUIRE(before.notes.size() == 1);
        check_at(before.notes[0].loc, f.at("2026-05-10"));

        const auto& missing = f.one(Code::DependencyNotAchieved);
        CHECK(missing.message == "milestone 'm3' is recorded as achieved, but 'm2', which it "
                                 "depends on, is not");
        CHECK(missing.help == "record when 'm2' was achieved, or remove this achieved date");
        REQUIRE(missing.notes.size() == 1);
        CHECK(missing.notes[0].message == "'m2' is defined here");
        CHECK(missing.notes[0].loc.line == f.at("{id: m2").line);
    }

    TEST_CASE("a milestone that depends on itself is a cycle of one") {
        auto f = findings(kHead + "milestones:\n  - {id: m1, title: M1, owner: acme, due: "
                                  "2026-06-30, depends_on: [m1]}\n");
        const auto& d = f.one(Code::DependencyCycle);
        CHECK(d.message == "milestones depend on each other in a cycle: m1 -> m1");
        CHECK(d.path == "milestones[m1].depends_on[0]");
        check_at(d.loc, f.at("m1]"));
    }

    TEST_CASE("each cycle is reported once, at its dependency written last; a milestone that "
              "only leads into a cycle is not part of it") {
        auto f = findings(kHead + R"Y(milestones:
  - {id: a, title: A, owner: acme, due: 2026-06-30, depends_on: [b]}
  - {id: lead, title: L, owner: acme, due: 2026-06-30, depends_on: [a]}
  - {id: b, title: B, owner: acme, due: 2026-06-30, depends_on: [c]}
  - {id: c, title: C, owner: acme, due: 2026-06-30, depends_on: [a]}
  - {id: x, title: X, owner: acme, due: 2026-06-30, depends_on: [y]}
  - {id: y, title: Y, owner: acme, due: 2026-06-30, depends_on: [x]}
)Y");
        auto cycles = f.all(Code::DependencyCycle);
        REQUIRE(cycles.size() == 2);
        // the a-b-c cycle, walked from a back to a; lead is not in it
        CHECK(cycles[0]->message.rfind("milestones depend on each other in a cycle: ", 0) == 0);
        CHECK(cycle_ids(cycles[0]->message) == std::vector<std::string>{"a", "b", "c", "a"});
        CHECK(cycles[0]->path == "milestones[c].depends_on[0]");
        check_at(cycles[0]->loc, f.at("a]", 1));
        CHECK(cycles[1]->path == "milestones[y].depends_on[0]");
        CHECK(cycle_ids(cycles[1]->message) == std::vector<std::string>{"x", "y", "x"});
    }

    TEST_CASE("a cycle is named by the loop its walk closes, with -> between every two "
              "milestones; a milestone that leads into the loop is not named") {
        // a, b and c are one strongly connected component (c -> a), but the walk
        // from a along first dependencies goes a, b, c, b: the loop is b, c, b
        auto f = findings(kHead + R"Y(milestones:
  - {id: a, title: A, owner: acme, due: 2026-06-30, depends_on: [b]}
  - {id: b, title: B, owner: acme, due: 2026-06-30, depends_on: [c]}
  - {id: c, title: C, owner: acme, due: 2026-06-30, depends_on: [b, a]}
)Y");
        const auto& d = f.one(Code::DependencyCycle);
        CHECK(d.message == "milestones depend on each other in a cycle: b -> c -> b");
        CHECK(d.path == "milestones[c].depends_on[1]");
    }

    TEST_CASE("a cycle of three is written with -> between each two") {
        auto f = findings(kHead + R"Y(milestones:
  - {id: a, title: A, owner: acme, due: 2026-06-30, depends_on: [b]}
  - {id: b, title: B, owner: acme, due: 2026-06-30, depends_on: [c]}
  - {id: c, title: C, owner: acme, due: 2026-06-30, depends_on: [a]}
)Y");
        CHECK(f.one(Code::DependencyCycle).message ==
              "milestones depend on each other in a cycle: a -> b -> c -> a");
    }

    TEST_CASE("10,000 milestones that each depend on themselves are 10,000 cycles of one") {
        std::string text = kHead + "milestones:\n";
        for (int i = 0; i < 10'000; ++i) {
            text += fmt::format("  - {{id: m{0}, title: M, owner: acme, due: 2027-01-01, "
                                "depends_on: [m{0}]}}\n",
                                i);
        }
        auto f = findings(text);
        auto cycles = f.all(Code::DependencyCycle);
        REQUIRE(cycles.size() == 10'000);
        CHECK(cycles.back()->message ==
              "milestones depend on each other in a cycle: m9999 -> m9999");
    }

    TEST_CASE("a ring of 50,000 milestones is one cycle, found without recursion") {
        const int n = 50'000;
        std::string text = kHead + "milestones:\n";
        for (int i = 0; i < n; ++i) {
            text += fmt::format("  - {{id: m{}, title: M, owner: acme, due: 2027-01-01, "
                                "depends_on: [m{}]}}\n",
                                i, (i + 1) % n);
        }
        auto f = findings(text);
        const auto& d = f.one(Code::DependencyCycle);
        CHECK(d.message.rfind("milestones depend on each other in a cycle: m0", 0) == 0);
        CHECK(d.message.find("m49999") != std::string::npos);
        // the dependency written last closes the ring
        CHECK(d.path == "milestones[m49999].depends_on[0]");
    }

    TEST_CASE("background made on or after the effective date, foreground made before it") {
        auto f = findings(kHead + R"Y(ip:
  assets:
    - {id: old, title: O, class: background, type: software, owner: acme, created: 2026-01-14}
    - {id: late, title: L, class: background, type: software, owner: acme, created: 2026-01-15}
    - {id: early, title: E, class: foreground, type: software, owner: acme, created: 2026-01-14}
    - {id: new, title: N, class: foreground, type: software, owner: acme, created: 2026-01-15}
)Y");
        CHECK(f.codes() == "C0406 C0407");
        CHECK(f.one(Code::BackgroundCreatedLate).message ==
              "background asset 'late' was created on 2026-01-15, on or after the effective date "
              "2026-01-15");
        CHECK(f.one(Code::BackgroundCreatedLate).path == "ip.assets[late].created");
        CHECK(f.one(Code::ForegroundCreatedEarly).path == "ip.assets[early].created");
        check_at(f.one(Code::ForegroundCreatedEarly).loc, f.at("2026-01-14", 1));
    }

    TEST_CASE("a license that starts after it ends, the missing end taken from the term") {
        auto f = findings(kHead + R"Y(ip:
  assets:
    - {id: vision, title: V, class: background, type: software, owner: acme}
  licenses:
    - {id: l1, asset: vision, from: acme, to: globex, scope: research, field: all,
       territory: worldwide, starts: 2027-02-01, ends: 2027-01-31, exclusive: false}
    - {id: l2, asset: vision, from: acme, to: globex, scope: research, field: all,
       territory: worldwide, starts: 2031-01-01, exclusive: false}
    - {id: l3, asset: vision, from: acme, to: globex, scope: research, field: all,
       territory: worldwide, ends: 2026-01-14, exclusive: false}
)Y");
        auto bad = f.all(Code::LicenseStartsAfterEnds);
        REQUIRE(bad.size() == 3);
        CHECK(bad[0]->message == "license 'l1' starts on 2027-02-01 but ends on 2027-01-31");
        CHECK(bad[0]->path == "ip.licenses[l1].starts");
        CHECK(bad[1]->message ==
              "license 'l2' starts on 2031-01-01 but ends on 2030-12-31 (the end of term)");
        CHECK(bad[2]->message ==
              "license 'l3' starts on 2026-01-15 (the effective date) but ends on 2026-01-14");
        CHECK(bad[2]->path == "ip.licenses[l3].ends");
    }

    // -------------------------------------------------------------------- ip

    TEST_CASE("an asset with no owner: background is an error, foreground a warning without a "
              "rule") {
        auto f = findings(kHead + R"Y(ip:
  assets:
    - {id: vision, title: V, class: background, type: software}
    - {id: gripper, title: G, class: foreground, type: patent}
)Y",
                          Structure::MayFail);
        CHECK(f.codes() == "C0503 C0505");
        const auto& bg = f.one(Code::BackgroundWithoutOwner);
        CHECK(bg.message == "background asset 'vision' has no owner");
        CHECK(bg.severity == Severity::Error);
        CHECK(bg.path == "ip.assets[vision]");
        // at the asset's `id` key: there is no `owner` to point at
        check_at(bg.loc, f.at("id: vision"));
        CHECK(bg.loc.end_column == bg.loc.column + 2);
        const auto& fg = f.one(Code::ForegroundWithoutOwner);
        CHECK(fg.severity == Severity::Warning);
        check_at(fg.loc, f.at("id: gripper"));
    }

    TEST_CASE("a foreground rule decides ownerless foreground assets; by-creator needs creators") {
        auto joint = findings(kHead + R"Y(ip:
  foreground_rule: joint-equal
  assets:
    - {id: gripper, title: G, class: foreground, type: patent}
)Y");
        CHECK(joint.codes() == "");

        auto by_creator = findings(kHead + R"Y(ip:
  foreground_rule: by-creator
  assets:
    - {id: gripper, title: G, class: foreground, type: patent}
    - {id: sensor, title: S, class: foreground, type: patent, creators: [globex]}
)Y");
        const auto& d = by_creator.one(Code::ByCreatorWithoutCreators);
        CHECK(d.message == "foreground asset 'gripper' is owned by its creators, but lists none");
        REQUIRE(d.notes.size() == 1);
        CHECK(d.notes[0].message == "foreground_rule is by-creator here");
        check_at(d.notes[0].loc, by_creator.at("by-creator"));
        CHECK(by_creator.codes() == "C0504");
    }

    TEST_CASE("a licensor must own or co-own the asset, a 0% share is not ownership") {
        auto f = findings(kHead + R"Y(ip:
  foreground_rule: joint-equal
  assets:
    - {id: vision, title: V, class: background, type: software, owner: acme}
    - {id: tooling, title: T, class: background, type: design, owner: {acme: 100%, globex: 0%}}
    - {id: gripper, title: G, class: foreground, type: patent}
  licenses:
    - {id: l1, asset: vision, from: globex, to: acme, scope: research, field: all, territory: worldwide, exclusive: false}
    - {id: l2, asset: [gripper, tooling], from: globex, to: acme, scope: research, field: all, territory: worldwide, exclusive: false}
    - {id: l3, asset: vision, from: initech, to: acme, scope: research, field: all, territory: worldwide, exclusive: false}
)Y");
        // l3's licensor is unknown: reported as a reference, not as a non-owner
        CHECK(f.codes() == "C0301 C0501 C0501");
        auto not_owner = f.all(Code::LicensorNotOwner);
        REQUIRE(not_owner.size() == 2);
        CHECK(not_owner[0]->message ==
              "license 'l1' is granted by 'globex', which does not own asset 'vision'");
        CHECK(not_owner[0]->help ==
              "'vision' is owned by acme: the licensor must own or co-own it");
        CHECK(not_owner[0]->path == "ip.licenses[l1].from");
        check_at(not_owner[0]->loc, f.at("globex, to: acme"));
        REQUIRE(not_owner[0]->notes.size() == 1);
        CHECK(not_owner[0]->notes[0].loc.line == f.at("{id: vision").line);
        // gripper is owned jointly and equally by the rule: globex co-owns it
        CHECK(not_owner[1]->message ==
              "license 'l2' is granted by 'globex', which does not own asset 'tooling'");
        CHECK(not_owner[1]->help ==
              "'tooling' is owned by acme and globex: the licensor must own or co-own it");
    }

    TEST_CASE("exclusive licenses overlap in field (ignoring case, or `all`), territory "
              "(`worldwide`) and period") {
        auto f = findings(kHead + R"Y(ip:
  assets:
    - {id: vision, title: V, class: background, type: software, owner: acme}
    - {id: other, title: O, class: background, type: software, owner: acme}
  licenses:
    - {id: l1, asset: vision, from: acme, to: globex, scope: commercial, field: Grippers,
       territory: [EU, US], exclusive: true, ends: 2027-12-31}
    - {id: l2, asset: vision, from: acme, to: globex, scope: commercial, field: grippers,
       territory: [US], exclusive: true, starts: 2027-12-31}
    - {id: l3, asset: [other, vision], from: acme, to: globex, scope: commercial, field: all,
       territory: [JP], exclusive: true, starts: 2029-01-01}
    - {id: l4, asset: vision, from: acme, to: globex, scope: commercial, field: grippers,
       territory: worldwide, exclusive: false}
    - {id: l5, asset: vision, from: acme, to: globex, scope: commercial, field: arms,
       territory: worldwide, exclusive: true, starts: 2028-01-01}
    - {id: l6, asset: other, from: acme, to: globex, scope: commercial, field: arms,
       territory: [CN], exclusive: true}
)Y");
        // l2/l1: US on 2027-12-31; l3/l2: all, but JP is not US; l5/l3: all and
        // worldwide from 2029; l4 is not exclusive; l6/l3: disjoint territories
        auto overlaps = f.all(Code::ExclusiveOverlap);
        REQUIRE(overlaps.size() == 2);
        CHECK(overlaps[0]->message == "exclusive license 'l2' of 'vision' overlaps exclusive "
                                      "license 'l1' in field, territory and period");
        CHECK(overlaps[0]->path == "ip.licenses[l2].exclusive");
        check_at(overlaps[0]->loc, f.at("true", 1));
        REQUIRE(overlaps[0]->notes.size() == 1);
        CHECK(overlaps[0]->notes[0].message == "license 'l1' is defined here");
        check_at(overlaps[0]->notes[0].loc, f.at("l1, asset"));
        CHECK(overlaps[1]->message == "exclusive license 'l5' of 'vision' overlaps exclusive "
                                      "license 'l3' in field, territory and period");
        CHECK(f.codes() == "C0502 C0502");
    }

    // ------------------------------------------------------------- economics

    TEST_CASE("personnel keys on another kind of contribution: one finding, at the first key") {
        auto f = findings(kHead + R"Y(contributions:
  - {id: c1, party: acme, kind: cash, value: 10, fte: 1, rate: 100, months: 2}
  - {id: c2, party: acme, kind: personnel, fte: 1, rate: 100, months: 2}
  - {id: c3, party: globex, kind: equipment, value: 10, months: 2}
)Y",
                          Structure::MayFail);
        auto dep = f.all(Code::DependentKey);
        REQUIRE(dep.size() == 2);
        CHECK(dep[0]->message ==
              "'fte' is given for contribution 'c1' of kind 'cash'; it is for personnel only");
        check_at(dep[0]->loc, f.at("fte"));
        CHECK(dep[1]->message ==
              "'months' is given for contribution 'c3' of kind 'equipment'; it is for personnel "
              "only");
        check_at(dep[1]->loc, f.at("months", 2));
    }

    TEST_CASE("pro-rata to contributions needs a contribution of some value") {
        std::string body = R"Y(contributions:
  - {id: c1, party: acme, kind: cash, value: 0}
ip:
  foreground_rule: joint-pro-rata-contributions
economics:
  shares: pro-rata-contributions
)Y";
        auto f = findings(kHead + body);
        auto d = f.all(Code::ProRataWithoutContributions);
        REQUIRE(d.size() == 2);
        CHECK(d[0]->message ==
              "shares are pro-rata to contributions, but the charter records no contributions");
        CHECK(d[0]->path == "economics.shares");
        check_at(d[0]->loc, f.at("pro-rata-contributions", 1));
        CHECK(d[1]->path == "ip.foreground_rule");
        check_at(d[1]->loc, f.at("joint-pro-rata-contributions"));

        body.replace(body.find("value: 0"), 8, "value: 0.01");
        CHECK(findings(kHead + body).codes() == "");
    }

    TEST_CASE("a waterfall ends with its one split; a stream needs steps") {
        auto f = findings(kHead + R"Y(economics:
  shares: {acme: 50%, globex: 50%}
  streams:
    - id: sales
      waterfall:
        - {id: first, split: shares}
        - {id: fee, to: acme, royalty: {tiers: [{from: 0, rate: 5%}]}}
    - id: empty
      waterfall: []
)Y",
                          Structure::MayFail);
        const auto& split = f.one(Code::SplitNotLast);
        CHECK(split.message == "split step 'first' is not the last step of stream 'sales'");
        check_at(split.loc, f.at("split: shares"));
        const auto& last = f.one(Code::LastStepNotSplit);
        CHECK(last.message ==
              "the last step of stream 'sales' is 'fee', a royalty step, not a split");
        check_at(last.loc, f.at("id: fee"));
        const auto& empty = f.one(Code::StreamWithoutSteps);
        CHECK(empty.message == "stream 'empty' has no waterfall steps");
        CHECK(empty.path == "economics.streams[empty]");
        check_at(empty.loc, f.at("waterfall: []"));
    }

    TEST_CASE("a waterfall that ends with an amount step says 'an amount step'") {
        auto f = findings(kHead + R"Y(economics:
  shares: {acme: 50%, globex: 50%}
  streams:
    - id: sales
      waterfall:
        - {id: fee, to: acme, amount: 10_000}
)Y",
                          Structure::MayFail);
        CHECK(f.one(Code::LastStepNotSplit).message ==
              "the last step of stream 'sales' is 'fee', an amount step, not a split");
    }

    TEST_CASE("royalty and amount steps need `to`; other steps may not have to, cap, floor or "
              "carry") {
        auto f = findings(kHead + R"Y(economics:
  shares: {acme: 50%, globex: 50%}
  streams:
    - id: sales
      waterfall:
        - {id: fee, amount: "10"}
        - {id: back, recoup: {parties: all}, cap: {total: 10}, carry: true}
        - {id: residual, split: shares, to: acme}
)Y",
                          Structure::MayFail);
        const auto& missing = f.one(Code::MissingKey);
        CHECK(missing.message == "amount step 'fee' is missing the key 'to'");
        CHECK(missing.path == "economics.streams[sales].waterfall[fee]");
        check_at(missing.loc, f.at("id: fee"));
        auto dep = f.all(Code::DependentKey);
        REQUIRE(dep.size() == 3);
        CHECK(dep[0]->message == "'cap' has no meaning on a recoup step ('back')");
        CHECK(dep[1]->message == "'carry' has no meaning on a recoup step ('back')");
        CHECK(dep[2]->message == "'to' has no meaning on a split step ('residual')");
        check_at(dep[2]->loc, f.at("to: acme}"));
    }

    // -------------------------------------------------------------- formulas

    TEST_CASE("a formula's errors point into the formula, in the file") {
        auto f = findings(kHead + R"Y(economics:
  shares: {acme: 50%, globex: 50%}
  streams:
    - id: sales
      waterfall:
        - {id: fee, to: globex, amount: "3% * revenu"}
        - {id: base, to: globex, amount: 'max(revenue, 10'}
        - {id: residual, split: shares}
)Y");
        CHECK(f.codes() == "C0603 C0602");
        const auto& unknown = f.one(Code::FormulaUnknownName);
        TextPos revenu = f.at("revenu\"");
        check_at(unknown.loc, revenu);
        CHECK(unknown.loc.end_column == revenu.column + 6);
        CHECK(unknown.path == "economics.streams[sales].waterfall[fee].amount");

        const auto& syntax = f.one(Code::FormulaSyntax);
        // at the end of the formula, where ')' is missing, with a note at the '('
        TextPos quote = f.at("10'");
        CHECK(syntax.loc.line == quote.line);
        CHECK(syntax.loc.column == quote.column + 2);
        REQUIRE(syntax.notes.size() == 1);
        check_at(syntax.notes[0].loc, f.at("(revenue, 10"));
    }

    TEST_CASE("a formula that does not stand in the file as written is located at its node") {
        auto f = findings(kHead + R"Y(economics:
  shares: {acme: 50%, globex: 50%}
  streams:
    - id: sales
      waterfall:
        - id: fee
          to: globex
          amount: >-
            3% * revenu
        - {id: residual, split: shares}
)Y");
        const auto& d = f.one(Code::FormulaUnknownName);
        check_at(d.loc, f.at(">-"));
    }

    TEST_CASE("formulas are checked in their context: paid() of earlier steps, @leaver in "
              "buyouts") {
        auto f = findings(head_without_exit() + R"Y(economics:
  shares: {acme: 50%, globex: 50%}
  streams:
    - id: sales
      waterfall:
        - {id: fee, to: globex, amount: "paid(@residual)"}
        - {id: bonus, to: acme, amount: "paid(@fee) + fair_value"}
        - {id: residual, split: shares}
exit:
  triggers:
    - id: convenience
      cause: convenience
      invoked_by: any
      leaver: invoker
      foreground: keep
      buyout: {price: "share(@leaver) * fair_value + contributed(@initech) + revenue"}
)Y");
        // paid(@residual) reads a later step; fair_value is for buyouts; @initech and revenue
        // are unknown in a buyout
        std::vector<std::string> where;
        for (const auto& d : f.diags) {
            CHECK(d.severity == Severity::Error);
            where.push_back(d.path);
        }
        REQUIRE(f.diags.size() == 4);
        CHECK(where[0] == "economics.streams[sales].waterfall[fee].amount");
        CHECK(where[1] == "economics.streams[sales].waterfall[bonus].amount");
        CHECK(where[2] == "exit.triggers[convenience].buyout.price");
        CHECK(where[3] == "exit.triggers[convenience].buyout.price");
        check_at(f.diags[1].loc, f.at("fair_value\""));
        check_at(f.diags[2].loc, f.at("@initech"));
        check_at(f.diags[3].loc, f.at("revenue\""));
    }

    // ------------------------------------------------------------ governance

    TEST_CASE("a quorum below 1 or above the seats") {
        auto zero = findings(kHead + "governance:\n  committee: {seats: {acme: 2, globex: 1}, "
                                     "quorum: 0}\n",
                             Structure::MayFail);
        const auto& d = zero.one(Code::QuorumOutOfRange);
        CHECK(d.message == "quorum is 0; at least 1 member must be present");
        CHECK(d.help == "choose a quorum between 1 and 3");
        CHECK(d.path == "governance.committee.quorum");
        TextPos quorum = zero.at("quorum: 0");
        CHECK(d.loc.line == quorum.line);
        CHECK(d.loc.column == quorum.column + 8);

        auto over = findings(kHead + "governance:\n  committee: {seats: {acme: 2, globex: 1}, "
                                     "quorum: 4}\n");
        CHECK(over.one(Code::QuorumOutOfRange).message ==
              "quorum is 4, above the committee's 3 seats");
        auto full = findings(kHead + "governance:\n  committee: {seats: {acme: 2, globex: 1}, "
                                     "quorum: 3}\n");
        CHECK(full.codes() == "");
    }

    TEST_CASE("supermajority thresholds: required, above one half, at most 100%, and only there") {
        auto f = findings(kHead + R"Y(governance:
  matters:
    - {id: a, approval: supermajority}
    - {id: b, approval: supermajority, threshold: 1/2}
    - {id: c, approval: supermajority, threshold: 0.5000001}
    - {id: d, approval: unanimous, threshold: 2/3}
)Y",
                          Structure::MayFail);
        CHECK(f.codes() == "C0116 C0702 C0116");
        const auto& none = f.diags[0];
        CHECK(none.message == "matter 'a' needs a supermajority but gives no threshold");
        CHECK(none.path == "governance.matters[a]");
        check_at(none.loc, f.at("supermajority}"));
        const auto& half = f.one(Code::ThresholdOutOfRange);
        CHECK(half.message ==
              "threshold of 'b' is 50%; a supermajority is more than 50% and at most 100%");
        check_at(half.loc, f.at("1/2"));
        const auto& stray = f.diags[2];
        CHECK(stray.message == "matter 'd' has a threshold, but its approval is not supermajority");
        check_at(stray.loc, f.at("threshold: 2/3"));
    }

    TEST_CASE("deadlock is possible with even seats, a majority matter and no casting vote") {
        const std::string seats =
            "governance:\n  committee: {quorum: 1, seats: {acme: 2, globex: 2}";
        const std::string matters = "\n  matters:\n    - {id: budget, approval: unanimous}\n"
                                    "    - {id: filing, approval: majority}\n"
                                    "    - {id: hiring, approval: majority}\n";
        auto f = findings(kHead + seats + "}" + matters);
        const auto& d = f.one(Code::DeadlockPossible);
        CHECK(d.severity == Severity::Warning);
        CHECK(d.message == "deadlock possible: the committee has 4 seats, majority matters can "
                           "tie, and no party has a casting vote");
        check_at(d.loc, f.at("{acme: 2"));
        REQUIRE(d.notes.size() == 1);
        CHECK(d.notes[0].message == "matter 'filing' is decided by majority");
        check_at(d.notes[0].loc, f.at("majority}"));

        CHECK(findings(kHead + seats + ", casting_vote: none}" + matters)
                  .all(Code::DeadlockPossible)
                  .size() == 1);
        CHECK(findings(kHead + seats + ", casting_vote: acme}" + matters).codes() == "");
        // two seats can tie too
        CHECK(findings(kHead +
                       "governance:\n  committee: {quorum: 1, seats: {acme: 1, globex: 1}}" +
                       matters)
                  .codes() == "C0703");
        CHECK(findings(kHead +
                       "governance:\n  committee: {quorum: 1, seats: {acme: 2, globex: 1}}" +
                       matters)
                  .codes() == "");
        CHECK(findings(kHead + seats + "}\n  matters:\n    - {id: budget, approval: unanimous}\n")
                  .codes() == "");
    }

    // ------------------------------------------------------------------ exit

    TEST_CASE("a trigger that no party of the charter can invoke") {
        auto f = findings(head_without_exit() + R"Y(exit:
  triggers:
    - {id: breach, cause: breach, invoked_by: [initech], leaver: counterparty, foreground: keep}
    - {id: control, cause: change-of-control, invoked_by: [initech, globex], leaver: counterparty, foreground: keep}
)Y");
        CHECK(f.codes() == "C0301 C0301 C0802");
        const auto& d = f.one(Code::TriggerNotInvocable);
        CHECK(d.message == "no party of the charter can invoke exit trigger 'breach'");
        CHECK(d.path == "exit.triggers[breach].invoked_by");
        check_at(d.loc, f.at("[initech]"));
    }

    TEST_CASE("a charter without exit triggers gets a warning, at `exit` when it is there") {
        auto none = findings(head_without_exit());
        const auto& d = none.one(Code::NoExitTrigger);
        CHECK(d.severity == Severity::Warning);
        CHECK(d.loc.line == 0);
        CHECK(d.path.empty());
        CHECK(none.codes() == "C0801");

        auto empty = findings(head_without_exit() + "exit:\n  triggers: []\n", Structure::MayFail);
        const auto& e = empty.one(Code::NoExitTrigger);
        check_at(e.loc, empty.at("exit:"));
    }
}
