// The typed charter (lib/model/): build_charter's fields and their types, the
// id index, leniency with malformed values, the nodes kept for locations,
// and the values derive.cpp works out (owners_of, sums of ratios).
#include <doctest/doctest.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "charter_text.hpp"
#include "load/yaml_tree.hpp"
#include "model/charter.hpp"
#include "model/words.hpp"
#include "schema/schema.hpp"
#include "util/date.hpp"

using namespace charter;
using namespace charter::model;

namespace {

Rational q(long num, long den = 1) {
    Rational r(num);
    r /= den;
    return r;
}

std::string iso(const std::optional<Date>& d) {
    return d ? format_date(*d) : std::string("none");
}

/// Owners as "acme 3/5, globex 2/5", or "undecided".
std::string owners(const Charter& c, const Asset& a) {
    auto o = c.owners_of(a);
    if (!o) {
        return "undecided";
    }
    std::string out;
    for (const auto& [party, part] : *o) {
        out += (out.empty() ? "" : ", ") + party + " " + part.get_str();
    }
    return out;
}

/// Where a node stands in the text: its line.
int line_of(const Charter& c, const Node* n) {
    REQUIRE(n != nullptr);
    return c.tree->where(*n).line;
}

/// A charter that uses most of the format; lines are found with pos_of.
const std::string kFull = R"Y(charter: 1
id: model-test
title: Model test
kind: joint-venture
effective: 2026-01-15
term: {length: 1m}
renewal: {length: 2y, notice: 180d}
currency: JPY
rounding: half-up
parties:
  - {id: acme, name: Acme Robotics Inc., jurisdiction: US-DE, role: developer}
  - {id: globex, name: Globex GmbH}
contributions:
  - {id: eng, party: acme, kind: personnel, fte: 1, rate: 30, months: 5, recoupable: true, date: 2026-02-01}
  - {id: tools, party: globex, kind: equipment, value: 300_000, valuation: appraisal}
  - {id: cash, party: globex, kind: cash, value: 200_000}
ip:
  foreground_rule: {assign: globex}
  assets:
    - {id: vision, title: Vision, class: background, type: software, owner: acme, created: 2024-05-01}
    - id: gripper
      title: Gripper
      class: foreground
      type: patent-application
      owner: {acme: 60%, globex: 2/5}
      creators: [acme, globex]
      filings: [{jurisdiction: EP, number: EP1, filed: 2026-01-20}, {jurisdiction: US}]
    - {id: dataset, title: Data, class: foreground, type: data}
  licenses:
    - {id: l1, asset: [vision, gripper], from: acme, to: globex, scope: commercial, field: grippers,
       territory: EU, exclusive: true, sublicensable: true, starts: 2026-02-01, ends: 2026-02-10,
       survives: perpetual}
    - {id: l2, asset: vision, from: acme, to: [globex], scope: research, field: all,
       territory: [EU, US], exclusive: false, survives: 3y}
milestones:
  - {id: m1, title: Prototype, owner: acme, due: 2026-02-01, achieved: 2026-01-30,
     payment: {from: globex, to: acme, amount: 250_000}}
  - {id: m2, title: Pilot, owner: globex, due: 2026-02-10, depends_on: [m1]}
economics:
  shares: {acme: 55%, globex: 45%}
  vesting:
    - {party: acme, portion: 20%, milestone: m2}
  unvested: {to: globex}
  streams:
    - id: sales
      title: Sales
      waterfall:
        - {id: back, recoup: {parties: [acme], order: sequential}}
        - id: royalty
          to: acme
          royalty: {cumulative: true, base: "revenue - paid(@back)",
                    tiers: [{from: 0, rate: 5%}, {from: 1_000_000, rate: 7%}]}
          cap: {period: 400_000, total: 2_000_000}
        - {id: fee, to: {acme: 50%, globex: 50%}, amount: "max(3% * revenue, 10_000)",
           floor: 10_000, carry: true}
        - {id: residual, split: shares}
    - id: licensing
      waterfall:
        - {id: all-in, recoup: {parties: all}}
        - {id: residual, split: {acme: 60%, globex: 40%}}
governance:
  committee: {seats: {acme: 2, globex: 1}, quorum: 2, casting_vote: acme}
  matters:
    - {id: budget, approval: supermajority, threshold: 2/3, veto: [globex]}
    - {id: filing, approval: majority}
    - {id: partner, approval: unanimous}
  decision_log: required
exit:
  triggers:
    - id: convenience
      cause: convenience
      invoked_by: any
      leaver: invoker
      notice: 180d
      unvested: forfeit
      buyout: {price: "1.2 * contributed(@leaver)"}
      foreground: license-back
      licenses: {from_leaver: survive, to_leaver: terminate}
      wind_down: {period: 90d, costs: {acme: 50%, globex: 50%}, estimate: 120_000}
    - id: breach
      cause: breach
      invoked_by: [globex]
      leaver: counterparty
      cure: 30d
      unvested: keep
      foreground: assign
      wind_down: {period: 8w, costs: leaver}
confidentiality: {survives: 5y}
disputes:
  ladder:
    - {step: negotiation, within: 30d}
    - {step: arbitration, rules: ICC, seat: Geneva}
  law: Swiss law
scenarios:
  - id: one
    revenue: {sales: 800_000}
    as_of: 2026-02-10
    expect: {acme: 500_000, globex: 300_000}
  - id: two
    periods:
      - {period: 2026-Q1, revenue: {sales: 100, licensing: 40}}
      - {period: 2026-02, revenue: {sales: 5}}
    expect: {acme: 1, globex: 2}
notes: free text
)Y";

/// The top of a small valid charter for the tests that add a section.
const std::string kHead = R"Y(charter: 1
id: t
title: T
kind: joint-development
effective: 2026-01-15
term: {ends: 2030-12-31}
currency: USD
)Y";

/// The type at a path of the structure table ("a.b[].c"): through a
/// union, the alternative of the shape the next step needs; at the end, a
/// union's enumeration. Null where the path leaves the table.
const schema::Type* type_at(std::string_view path) {
    using schema::Kind;
    auto pick = [](const schema::Type* t, Kind want) -> const schema::Type* {
        if (t && t->kind == Kind::Union) {
            for (const schema::Type* a : t->alternatives) {
                bool words = a->kind == Kind::Scalar && a->scalar == schema::ScalarKind::Enum;
                if (want == Kind::Scalar ? words : a->kind == want) {
                    return a;
                }
            }
            return nullptr;
        }
        return t;
    };
    const schema::Type* t = &schema::charter_type();
    while (!path.empty() && t) {
        std::size_t end = path.find_first_of(".[");
        std::string_view key = path.substr(0, end);
        path.remove_prefix(end == std::string_view::npos ? path.size() : end);
        t = pick(t, Kind::Object);
        const schema::Field* f = t && t->kind == Kind::Object ? t->field(key) : nullptr;
        t = f ? f->type : nullptr;
        while (t && path.substr(0, 2) == "[]") {
            t = pick(t, Kind::List);
            t = t && t->kind == Kind::List ? t->item : nullptr;
            path.remove_prefix(2);
        }
        if (!path.empty() && path[0] == '.') {
            path.remove_prefix(1);
        }
    }
    t = pick(t, Kind::Scalar);
    return t && t->kind == Kind::Scalar && t->scalar == schema::ScalarKind::Enum ? t : nullptr;
}

template <class Table> void check_table(const Table& table) {
    INFO(table.where);
    const schema::Type* t = type_at(table.where);
    REQUIRE(t != nullptr);
    std::vector<std::string> model, format(t->words.begin(), t->words.end());
    for (const auto& w : table.words) {
        model.emplace_back(w.word);
    }
    auto sorted = [](std::vector<std::string> v) {
        std::sort(v.begin(), v.end());
        std::string out;
        for (const auto& x : v) {
            out += x + " ";
        }
        return out;
    };
    CHECK(sorted(model) == sorted(format));
}

void check_keyword(const model::words::Keyword& k) {
    INFO(k.where);
    const schema::Type* t = type_at(k.where);
    REQUIRE(t != nullptr);
    CHECK(std::find(t->words.begin(), t->words.end(), k.word) != t->words.end());
}

} // namespace

TEST_SUITE("model: the format's words") {
    TEST_CASE("every enumeration the model reads has exactly the structure table's words") {
        namespace w = model::words;
        check_table(w::kRounding);
        check_table(w::kContributionKind);
        check_table(w::kForegroundRule);
        check_table(w::kAssetClass);
        check_table(w::kRecoupOrder);
        check_table(w::kYear);
        check_table(w::kCumulativeYear);
        check_table(w::kRoyaltyBasis);
        check_table(w::kApproval);
        check_table(w::kCosts);
        check_table(w::kLeaver);
        check_table(w::kUnvested);
        check_table(w::kForegroundExit);
        check_table(w::kFromLeaver);
        check_table(w::kToLeaver);
    }

    TEST_CASE("every single word the model tests for is a word of its field") {
        namespace w = model::words;
        for (const auto& k :
             {w::kRecoupAll, w::kSplitShares, w::kSharesProRata, w::kNoCastingVote,
              w::kInvokedByAny, w::kLicensePerpetual, w::kConfidentialityPerpetual}) {
            check_keyword(k);
        }
    }

    TEST_CASE("the path walker finds nothing off the table, so the checks above can fail") {
        CHECK(type_at("exit.triggers[].nonsense") == nullptr);
        CHECK(type_at("exit.triggers") == nullptr);      // a list, not words
        CHECK(type_at("contributions.kind") == nullptr); // a list needs []
        CHECK(type_at("contributions[].kind") != nullptr);
    }
}

namespace {} // namespace

TEST_SUITE("model") {
    TEST_CASE("the header: dates, the term's last day, currency digits and rounding") {
        auto c = charter_from_text(kFull);
        CHECK(c.id == "model-test");
        CHECK(c.title == "Model test");
        CHECK(c.kind == "joint-venture");
        CHECK(iso(c.effective) == "2026-01-15");
        // one month from 2026-01-15 is 2026-02-15: the last day is the one before
        CHECK(iso(c.term_ends) == "2026-02-14");
        CHECK(c.term_node != nullptr);
        REQUIRE(c.renewal_length);
        CHECK(*c.renewal_length == Duration{2, DurationUnit::Years});
        CHECK(*c.renewal_notice == Duration{180, DurationUnit::Days});
        CHECK(c.currency == "JPY");
        CHECK(c.minor_digits == 0);
        CHECK(c.rounding == num::Rounding::HalfUp);
        REQUIRE(c.notes);
        CHECK(*c.notes == "free text");
        CHECK(c.tree != nullptr);
    }

    TEST_CASE("defaults: two minor digits, half-even, and a term's `ends` over its length") {
        auto c = charter_from_text(kHead, Structure::MayFail);
        CHECK(c.minor_digits == 2);
        CHECK(c.rounding == num::Rounding::HalfEven);
        CHECK(iso(c.term_ends) == "2030-12-31");
        CHECK_FALSE(c.notes);
        CHECK_FALSE(c.ip);
        CHECK_FALSE(c.economics);
        CHECK_FALSE(c.governance);
        CHECK_FALSE(c.exit_triggers);

        std::string both = kHead;
        both.replace(both.find("{ends: 2030-12-31}"), 18, "{ends: 2027-03-01, length: 5y}");
        CHECK(iso(charter_from_text(both, Structure::MayFail).term_ends) == "2027-03-01");
        std::string down = kHead + "rounding: down\n";
        CHECK(charter_from_text(down, Structure::MayFail).rounding == num::Rounding::Down);
        std::string bhd = kHead;
        bhd.replace(bhd.find("USD"), 3, "BHD");
        CHECK(charter_from_text(bhd, Structure::MayFail).minor_digits == 3);
    }

    TEST_CASE("parties and contributions; a personnel value is fte * rate * months / 12, rounded "
              "once by the charter's rounding") {
        auto c = charter_from_text(kFull);
        REQUIRE(c.parties.size() == 2);
        CHECK(c.parties[0].id == "acme");
        CHECK(c.parties[0].name == "Acme Robotics Inc.");
        CHECK(c.parties[0].jurisdiction == std::optional<std::string>("US-DE"));
        CHECK(c.parties[0].role == std::optional<std::string>("developer"));
        CHECK_FALSE(c.parties[1].jurisdiction);
        CHECK_FALSE(c.parties[1].role);

        REQUIRE(c.contributions.size() == 3);
        const auto& eng = c.contributions[0];
        CHECK(eng.kind == ContributionKind::Personnel);
        CHECK(eng.party.id == "acme");
        // 1 * 30 * 5 / 12 = 12.5 yen: half-up makes it 13 (half-even would make 12)
        REQUIRE(eng.value);
        CHECK(*eng.value == q(13));
        CHECK(*eng.fte == q(1));
        CHECK(*eng.rate == q(30));
        CHECK(*eng.months == q(5));
        CHECK(eng.recoupable);
        CHECK(iso(eng.date) == "2026-02-01");
        CHECK_FALSE(eng.valuation);
        CHECK(c.contributions[1].kind == ContributionKind::Equipment);
        CHECK(*c.contributions[1].value == q(300000));
        CHECK(c.contributions[1].valuation == std::optional<std::string>("appraisal"));
        CHECK_FALSE(c.contributions[1].recoupable);
        CHECK_FALSE(c.contributions[1].fte);
        CHECK(c.contributions[2].kind == ContributionKind::Cash);

        std::string even = kFull;
        even.replace(even.find("rounding: half-up"), 17, "rounding: half-even");
        CHECK(*charter_from_text(even).contributions[0].value == q(12));
    }

    TEST_CASE("ip: the foreground rule, assets with owners, creators and filings, licenses") {
        auto c = charter_from_text(kFull);
        REQUIRE(c.ip);
        REQUIRE(c.ip->foreground_rule);
        CHECK(c.ip->foreground_rule->kind == ForegroundRuleKind::Assign);
        CHECK(c.ip->foreground_rule->assign.id == "globex");

        REQUIRE(c.ip->assets.size() == 3);
        const auto& vision = c.ip->assets[0];
        CHECK(vision.cls == AssetClass::Background);
        CHECK(vision.type == "software");
        REQUIRE(vision.owner);
        CHECK(vision.owner->single);
        REQUIRE(vision.owner->entries.size() == 1);
        CHECK(vision.owner->entries[0].ratio == q(1));
        CHECK(iso(vision.created) == "2024-05-01");
        CHECK_FALSE(vision.creators);

        const auto& gripper = c.ip->assets[1];
        CHECK(gripper.cls == AssetClass::Foreground);
        REQUIRE(gripper.owner);
        CHECK_FALSE(gripper.owner->single);
        CHECK(gripper.owner->complete);
        REQUIRE(gripper.owner->entries.size() == 2);
        CHECK(gripper.owner->entries[1].party.id == "globex");
        CHECK(gripper.owner->entries[1].ratio == q(2, 5));
        REQUIRE(gripper.creators);
        REQUIRE(gripper.creators->size() == 2);
        CHECK((*gripper.creators)[1].id == "globex");
        REQUIRE(gripper.filings.size() == 2);
        CHECK(gripper.filings[0].jurisdiction == "EP");
        CHECK(gripper.filings[0].number == std::optional<std::string>("EP1"));
        CHECK(iso(gripper.filings[0].filed) == "2026-01-20");
        CHECK_FALSE(gripper.filings[1].number);
        CHECK_FALSE(c.ip->assets[2].owner);

        REQUIRE(c.ip->licenses.size() == 2);
        const auto& l1 = c.ip->licenses[0];
        REQUIRE(l1.assets.size() == 2);
        CHECK(l1.assets[1].id == "gripper");
        CHECK(l1.from.id == "acme");
        REQUIRE(l1.to.size() == 1);
        CHECK(l1.to[0].id == "globex");
        CHECK(l1.scope == "commercial");
        CHECK(l1.field == "grippers");
        // one territory written alone is a list of one
        CHECK(l1.territory == std::vector<std::string>{"EU"});
        CHECK(l1.exclusive);
        CHECK(l1.sublicensable);
        CHECK(iso(l1.starts) == "2026-02-01");
        CHECK(iso(l1.ends) == "2026-02-10");
        CHECK(l1.survives.kind == Survival::Kind::Perpetual);
        const auto& l2 = c.ip->licenses[1];
        CHECK(l2.territory == std::vector<std::string>{"EU", "US"});
        CHECK_FALSE(l2.exclusive);
        CHECK_FALSE(l2.sublicensable);
        CHECK_FALSE(l2.starts);
        CHECK(l2.survives.kind == Survival::Kind::Duration);
        CHECK(l2.survives.duration == Duration{3, DurationUnit::Years});
    }

    TEST_CASE("milestones with dependencies and payments") {
        auto c = charter_from_text(kFull);
        REQUIRE(c.milestones.size() == 2);
        const auto& m1 = c.milestones[0];
        CHECK(m1.title == "Prototype");
        CHECK(m1.owner.id == "acme");
        CHECK(iso(m1.due) == "2026-02-01");
        CHECK(iso(m1.achieved) == "2026-01-30");
        CHECK(m1.depends_on.empty());
        REQUIRE(m1.payment);
        CHECK(m1.payment->from.id == "globex");
        CHECK(m1.payment->to.id == "acme");
        CHECK(m1.payment->amount == q(250000));
        const auto& m2 = c.milestones[1];
        REQUIRE(m2.depends_on.size() == 1);
        CHECK(m2.depends_on[0].id == "m1");
        CHECK_FALSE(m2.achieved);
        CHECK_FALSE(m2.payment);
    }

    TEST_CASE("economics: shares, vesting, unvested, and each kind of waterfall step") {
        auto c = charter_from_text(kFull);
        REQUIRE(c.economics);
        const auto& e = *c.economics;
        CHECK_FALSE(e.pro_rata_contributions);
        REQUIRE(e.shares);
        CHECK(e.shares->of("acme") == q(55, 100));
        CHECK(e.shares->sum() == q(1));
        REQUIRE(e.vesting.size() == 1);
        CHECK(e.vesting[0].party.id == "acme");
        CHECK(e.vesting[0].portion == q(1, 5));
        CHECK(e.vesting[0].milestone.id == "m2");
        REQUIRE(e.unvested_to);
        CHECK(e.unvested_to->id == "globex");

        REQUIRE(e.streams.size() == 2);
        const auto& sales = e.streams[0];
        CHECK(sales.title == std::optional<std::string>("Sales"));
        CHECK_FALSE(e.streams[1].title);
        REQUIRE(sales.waterfall.size() == 4);

        const auto& back = sales.waterfall[0];
        CHECK(back.kind == StepKind::Recoup);
        CHECK_FALSE(back.recoup_all);
        REQUIRE(back.recoup_parties.size() == 1);
        CHECK(back.recoup_parties[0].id == "acme");
        CHECK(back.recoup_sequential);
        const auto& all_in = e.streams[1].waterfall[0];
        CHECK(all_in.recoup_all);
        CHECK(all_in.recoup_parties.empty());
        CHECK_FALSE(all_in.recoup_sequential);

        const auto& royalty = sales.waterfall[1];
        CHECK(royalty.kind == StepKind::Royalty);
        CHECK(royalty.cumulative);
        REQUIRE(royalty.base);
        CHECK(royalty.base->text == "revenue - paid(@back)");
        REQUIRE(royalty.tiers.size() == 2);
        CHECK(royalty.tiers[1].from == q(1000000));
        CHECK(royalty.tiers[1].rate == q(7, 100));
        CHECK(*royalty.cap_period == q(400000));
        CHECK(*royalty.cap_total == q(2000000));
        CHECK_FALSE(royalty.floor);
        CHECK_FALSE(royalty.carry);
        REQUIRE(royalty.to);
        CHECK(royalty.to->single);

        const auto& fee = sales.waterfall[2];
        CHECK(fee.kind == StepKind::Amount);
        REQUIRE(fee.amount);
        CHECK(fee.amount->text == "max(3% * revenue, 10_000)");
        CHECK(*fee.floor == q(10000));
        CHECK_FALSE(fee.cap_period);
        CHECK(fee.carry);
        REQUIRE(fee.to);
        CHECK(fee.to->of("globex") == q(1, 2));

        const auto& residual = sales.waterfall[3];
        CHECK(residual.kind == StepKind::Split);
        CHECK(residual.split_shares);
        CHECK_FALSE(residual.split);
        const auto& mapped = e.streams[1].waterfall[1];
        CHECK_FALSE(mapped.split_shares);
        REQUIRE(mapped.split);
        CHECK(mapped.split->of("globex") == q(2, 5));

        auto pro_rata = charter_from_text(kHead + "economics:\n  shares: pro-rata-contributions\n",
                                          Structure::MayFail);
        REQUIRE(pro_rata.economics);
        CHECK(pro_rata.economics->pro_rata_contributions);
        CHECK_FALSE(pro_rata.economics->shares);
        CHECK(pro_rata.economics->shares_node != nullptr);
    }

    TEST_CASE("governance: seats, quorum, casting vote, matters") {
        auto c = charter_from_text(kFull);
        REQUIRE(c.governance);
        REQUIRE(c.governance->committee);
        const auto& k = *c.governance->committee;
        REQUIRE(k.seats.size() == 2);
        CHECK(k.seats[0].first.id == "acme");
        CHECK(k.seats[0].second == 2);
        CHECK(k.seats[1].second == 1);
        CHECK(k.quorum == std::optional<long long>(2));
        REQUIRE(k.casting_vote);
        CHECK(k.casting_vote->id == "acme");
        const auto& m = c.governance->matters;
        REQUIRE(m.size() == 3);
        CHECK(m[0].approval == Approval::Supermajority);
        CHECK(*m[0].threshold == q(2, 3));
        REQUIRE(m[0].veto.size() == 1);
        CHECK(m[0].veto[0].id == "globex");
        CHECK(m[1].approval == Approval::Majority);
        CHECK_FALSE(m[1].threshold);
        CHECK(m[1].threshold_node == nullptr);
        CHECK(m[2].approval == Approval::Unanimous);
        CHECK(c.governance->decision_log == std::optional<std::string>("required"));

        auto none = charter_from_text(
            kHead + "governance:\n  committee: {seats: {a: 1}, casting_vote: none}\n",
            Structure::MayFail);
        REQUIRE(none.governance);
        REQUIRE(none.governance->committee);
        CHECK_FALSE(none.governance->committee->casting_vote);
    }

    TEST_CASE("exit triggers, confidentiality, disputes and scenarios") {
        auto c = charter_from_text(kFull);
        REQUIRE(c.exit_triggers);
        REQUIRE(c.exit_triggers->size() == 2);
        const auto& conv = (*c.exit_triggers)[0];
        CHECK(conv.cause == "convenience");
        CHECK(conv.invoked_by_any);
        CHECK(conv.invoked_by.empty());
        CHECK(conv.leaver_is_invoker);
        CHECK(conv.notice == std::optional<Duration>(Duration{180, DurationUnit::Days}));
        CHECK_FALSE(conv.cure);
        CHECK_FALSE(conv.unvested_keep);
        REQUIRE(conv.buyout_price);
        CHECK(conv.buyout_price->text == "1.2 * contributed(@leaver)");
        CHECK(conv.foreground == ForegroundExit::LicenseBack);
        CHECK(conv.from_leaver_survives);
        CHECK_FALSE(conv.to_leaver_survives);
        REQUIRE(conv.wind_down);
        CHECK(conv.wind_down->costs == CostsRule::Mapping);
        REQUIRE(conv.wind_down->mapping);
        CHECK(conv.wind_down->mapping->of("acme") == q(1, 2));
        CHECK(conv.wind_down->estimate == std::optional<Rational>(q(120000)));
        CHECK(conv.wind_down->period == std::optional<Duration>(Duration{90, DurationUnit::Days}));

        const auto& breach = (*c.exit_triggers)[1];
        CHECK_FALSE(breach.invoked_by_any);
        REQUIRE(breach.invoked_by.size() == 1);
        CHECK(breach.invoked_by[0].id == "globex");
        CHECK_FALSE(breach.leaver_is_invoker);
        CHECK(breach.cure == std::optional<Duration>(Duration{30, DurationUnit::Days}));
        CHECK(breach.unvested_keep);
        CHECK_FALSE(breach.buyout_price);
        CHECK(breach.foreground == ForegroundExit::Assign);
        // without `licenses:`, licenses both ways survive the exit
        CHECK(breach.from_leaver_survives);
        CHECK(breach.to_leaver_survives);
        REQUIRE(breach.wind_down);
        CHECK(breach.wind_down->costs == CostsRule::Leaver);
        CHECK_FALSE(breach.wind_down->mapping);
        CHECK(breach.wind_down->period ==
              std::optional<Duration>(Duration{8, DurationUnit::Weeks}));

        REQUIRE(c.confidentiality);
        CHECK(c.confidentiality->kind == Survival::Kind::Duration);
        CHECK(c.confidentiality->duration == Duration{5, DurationUnit::Years});
        REQUIRE(c.disputes);
        REQUIRE(c.disputes->ladder.size() == 2);
        CHECK(c.disputes->ladder[0].step == "negotiation");
        CHECK(c.disputes->ladder[0].within ==
              std::optional<Duration>(Duration{30, DurationUnit::Days}));
        CHECK(c.disputes->ladder[1].rules == std::optional<std::string>("ICC"));
        CHECK(c.disputes->ladder[1].seat == std::optional<std::string>("Geneva"));
        CHECK(c.disputes->law == std::optional<std::string>("Swiss law"));

        REQUIRE(c.scenarios.size() == 2);
        const auto& one = c.scenarios[0];
        CHECK(one.single_period);
        REQUIRE(one.periods.size() == 1);
        CHECK_FALSE(one.periods[0].period);
        REQUIRE(one.periods[0].revenue.size() == 1);
        CHECK(one.periods[0].revenue[0].id.id == "sales");
        CHECK(one.periods[0].revenue[0].amount == q(800000));
        CHECK(iso(one.as_of) == "2026-02-10");
        REQUIRE(one.expect.size() == 2);
        CHECK(one.expect[1].id.id == "globex");
        CHECK(one.expect[1].amount == q(300000));
        const auto& two = c.scenarios[1];
        CHECK_FALSE(two.single_period);
        REQUIRE(two.periods.size() == 2);
        REQUIRE(two.periods[0].period);
        CHECK(two.periods[0].period->label == "2026-Q1");
        CHECK(iso(two.periods[0].period->last) == "2026-03-31");
        CHECK(two.periods[0].revenue.size() == 2);
        CHECK(two.periods[1].period->label == "2026-02");
    }

    TEST_CASE("the index finds parties, assets, milestones and streams by id") {
        auto c = charter_from_text(kFull);
        CHECK(c.index.built);
        REQUIRE(c.party("globex") != nullptr);
        CHECK(c.party("globex") == &c.parties[1]);
        CHECK(c.party("initech") == nullptr);
        CHECK(c.party("") == nullptr);
        CHECK(c.party_index("globex") == std::optional<std::size_t>(1));
        CHECK_FALSE(c.party_index("initech"));
        CHECK(c.asset("gripper") == &c.ip->assets[1]);
        CHECK(c.asset("acme") == nullptr);
        CHECK(c.milestone("m2") == &c.milestones[1]);
        CHECK(c.stream("licensing") == &c.economics->streams[1]);
        CHECK(c.stream("residual") == nullptr);
        // contributed(): the values of a party's contributions, computed ones included
        CHECK(c.contributed("acme") == q(13));
        CHECK(c.contributed("globex") == q(500000));
        CHECK(c.contributed("initech") == q(0));
    }

    TEST_CASE("the first of a repeated id wins, with the index as with a scan") {
        auto c = charter_from_text(kHead + R"Y(parties:
  - {id: acme, name: First}
  - {id: globex, name: Globex}
  - {id: acme, name: Second}
ip:
  assets:
    - {id: v, title: First, class: background, type: software, owner: acme}
    - {id: v, title: Second, class: background, type: software, owner: acme}
milestones:
  - {id: m, title: First, owner: acme, due: 2026-06-30}
  - {id: m, title: Second, owner: acme, due: 2026-06-30}
economics:
  streams:
    - {id: s, title: First, waterfall: [{id: r, split: shares}]}
    - {id: s, title: Second, waterfall: [{id: r, split: shares}]}
)Y",
                                   Structure::MayFail);
        REQUIRE(c.parties.size() == 3);
        auto check_first = [](const Charter& x) {
            REQUIRE(x.party("acme") != nullptr);
            CHECK(x.party("acme")->name == "First");
            CHECK(x.party_index("acme") == std::optional<std::size_t>(0));
            REQUIRE(x.asset("v") != nullptr);
            CHECK(x.asset("v")->title == "First");
            REQUIRE(x.milestone("m") != nullptr);
            CHECK(x.milestone("m")->title == "First");
            REQUIRE(x.stream("s") != nullptr);
            CHECK(x.stream("s")->title == std::optional<std::string>("First"));
        };
        check_first(c);
        // the two entries of acme (0 and 2) sit together in the index, the first one first
        const auto& ix = c.index.parties;
        REQUIRE(ix.size() == 3);
        auto at = [&](std::size_t pos) {
            return std::find_if(ix.begin(), ix.end(), [&](const auto& k) { return k.pos == pos; }) -
                   ix.begin();
        };
        CHECK(at(2) == at(0) + 1);
        // the same answers from a scan, as a model built by hand without an index gets them
        Charter scanned = c;
        scanned.index = Charter::Index{};
        REQUIRE_FALSE(scanned.index.built);
        check_first(scanned);
    }

    TEST_CASE("the index is a snapshot of the lists: build_index() takes in later changes") {
        auto c = charter_from_text(kFull);
        c.parties.push_back(Party{"initech", "Initech", std::nullopt, std::nullopt, nullptr});
        c.contributions.push_back(Contribution{});
        c.contributions.back().party = Ref{"initech", nullptr};
        c.contributions.back().value = q(7);
        CHECK(c.party("initech") == nullptr);
        CHECK(c.contributed("initech") == q(0));
        c.build_index();
        CHECK(c.party("initech") == &c.parties[2]);
        CHECK(c.contributed("initech") == q(7));
        CHECK(c.contributed("acme") == q(13));
    }

    TEST_CASE("malformed values are left out; the rest of the element is kept") {
        auto c = charter_from_text(R"Y(charter: 1
id: t
effective: 2026-02-30
term: {length: 5y}
currency: USD
parties:
  - {id: acme, name: Acme}
  - {id: Bad_Id, name: Bad}
  - just-a-string
contributions:
  - {id: c1, party: acme, kind: cash, value: 10.001}
  - {id: c2, party: acme, kind: cash, value: 5, recoupable: yes}
  - {id: c3, party: acme, kind: personnel, fte: 1, rate: 100}
  - {id: c4, party: acme, kind: cash, value: true}
ip:
  foreground_rule: by-nobody
economics:
  shares: {acme: 150%, globex: 50%}
  vesting:
    - {party: acme, portion: lots, milestone: m1}
    - {party: acme, portion: 10%, milestone: m1}
  streams:
    - id: sales
      waterfall:
        - id: royalty
          to: acme
          royalty: {tiers: [{from: 0, rate: 5%}, {from: x, rate: 6%}, {from: 10, rate: 200%}]}
        - {id: residual, split: shares}
governance:
  committee: {seats: {acme: 2, globex: 2.5, initech: -1}, quorum: many}
  matters:
    - {id: m, approval: supermajority, threshold: 2}
milestones:
  - {id: m1, title: M, owner: acme, due: 2026-13-01, payment: {from: acme, to: acme, amount: 5.555}}
scenarios:
  - id: s
    periods:
      - {period: 2026-Q5, revenue: {sales: 10, bad_id: 5, licensing: x}}
    expect: {acme: 1}
)Y",
                                   Structure::MayFail);
        // no effective date, so no last day from the term's length either
        CHECK_FALSE(c.effective);
        CHECK_FALSE(c.term_ends);
        CHECK(c.term_node != nullptr);
        // an item that is not a mapping is skipped; a bad id leaves the item with no id
        REQUIRE(c.parties.size() == 2);
        CHECK(c.parties[1].id.empty());
        CHECK(c.parties[1].name == "Bad");
        CHECK(c.parties[1].node != nullptr);
        CHECK(c.party("Bad_Id") == nullptr);

        REQUIRE(c.contributions.size() == 4);
        CHECK_FALSE(c.contributions[0].value); // more decimals than USD has
        CHECK(c.contributions[1].value == std::optional<Rational>(q(5)));
        CHECK_FALSE(c.contributions[1].recoupable); // `yes` is not a YAML 1.2 boolean
        CHECK_FALSE(c.contributions[2].value);      // no months: nothing to compute
        CHECK_FALSE(c.contributions[3].value);      // a boolean is not money
        CHECK(c.contributed("acme") == q(5));

        REQUIRE(c.ip);
        CHECK_FALSE(c.ip->foreground_rule);

        REQUIRE(c.economics);
        REQUIRE(c.economics->shares);
        CHECK_FALSE(c.economics->shares->complete);
        REQUIRE(c.economics->shares->entries.size() == 1);
        CHECK(c.economics->shares->entries[0].party.id == "globex");
        REQUIRE(c.economics->vesting.size() == 1);
        CHECK(c.economics->vesting[0].portion == q(1, 10));
        const auto& royalty = c.economics->streams[0].waterfall[0];
        REQUIRE(royalty.tiers.size() == 1);
        CHECK(royalty.tiers[0].rate == q(5, 100));
        CHECK(royalty.tiers_node != nullptr);

        REQUIRE(c.governance);
        const auto& k = *c.governance->committee;
        REQUIRE(k.seats.size() == 1);
        CHECK(k.seats[0].first.id == "acme");
        CHECK_FALSE(k.quorum);
        CHECK(k.quorum_node != nullptr);
        const auto& m = c.governance->matters[0];
        CHECK_FALSE(m.threshold);
        CHECK(m.threshold_node != nullptr);

        REQUIRE(c.milestones.size() == 1);
        CHECK_FALSE(c.milestones[0].due);
        CHECK_FALSE(c.milestones[0].payment);
        CHECK(c.milestones[0].owner.id == "acme");

        REQUIRE(c.scenarios.size() == 1);
        REQUIRE(c.scenarios[0].periods.size() == 1);
        const auto& p = c.scenarios[0].periods[0];
        CHECK_FALSE(p.period);
        REQUIRE(p.revenue.size() == 1);
        CHECK(p.revenue[0].id.id == "sales");
    }

    TEST_CASE("a section of the wrong type is left out: no exit section differs from no "
              "triggers") {
        auto c = charter_from_text(kHead + "parties: {acme: x}\nip: [x]\nexit: 3\n"
                                           "economics: pro-rata\n",
                                   Structure::MayFail);
        CHECK(c.parties.empty());
        CHECK_FALSE(c.ip);
        CHECK_FALSE(c.exit_triggers);
        CHECK_FALSE(c.economics);

        auto empty = charter_from_text(kHead + "exit: {triggers: 3}\n", Structure::MayFail);
        REQUIRE(empty.exit_triggers);
        CHECK(empty.exit_triggers->empty());

        CHECK(build_charter(nullptr).parties.empty());
        auto list = load_yaml(std::make_shared<const Source>("t.charter.yaml", "- a\n- b\n"));
        REQUIRE(list.tree);
        auto from_list = build_charter(list.tree);
        CHECK(from_list.tree == list.tree);
        CHECK(from_list.id.empty());
        CHECK(from_list.parties.empty());
    }

    TEST_CASE("every element keeps its node, for lines, columns and charter paths") {
        auto c = charter_from_text(kFull);
        CHECK(line_of(c, c.parties[1].node) == pos_of(kFull, "{id: globex").line);
        CHECK(charter_path(c.parties[1].node) == "parties[globex]");
        CHECK(line_of(c, c.contributions[2].node) == pos_of(kFull, "{id: cash").line);
        CHECK(line_of(c, c.ip->assets[1].node) == pos_of(kFull, "- id: gripper").line);
        CHECK(line_of(c, c.ip->licenses[1].node) == pos_of(kFull, "{id: l2").line);

        const auto& dep = c.milestones[1].depends_on[0];
        CHECK(dep.node->value == "m1");
        CHECK(charter_path(dep.node) == "milestones[m2].depends_on[0]");
        auto at = c.tree->where(*dep.node);
        TextPos m1 = pos_of(kFull, "[m1]");
        CHECK(at.line == m1.line);
        CHECK(at.column == m1.column + 1);

        // a ratio mapping: the party is its key, the ratio its value
        const auto& share = c.economics->shares->entries[1];
        CHECK(share.party.node->value == "globex");
        CHECK(share.node->value == "45%");
        CHECK(charter_path(share.node) == "economics.shares.globex");
        CHECK(c.economics->shares->node == c.economics->shares_node);
        // a party written alone is its own ratio's node
        const auto& to = *c.economics->streams[0].waterfall[1].to;
        CHECK(to.node->value == "acme");
        CHECK(to.entries[0].node == to.node);

        const auto& royalty = c.economics->streams[0].waterfall[1];
        CHECK(royalty.base->node->value == royalty.base->text);
        CHECK(royalty.tiers_node->is_sequence());
        CHECK(royalty.cap_node->is_mapping());
        CHECK(charter_path(royalty.tiers[1].node) ==
              "economics.streams[sales].waterfall[royalty].royalty.tiers[1]");
        CHECK(c.economics->streams[0].waterfall[2].floor_node->value == "10_000");
        CHECK(c.governance->committee->quorum_node->value == "2");
        CHECK(c.governance->committee->seats_node->is_mapping());
        CHECK(c.governance->matters[0].threshold_node->value == "2/3");
        CHECK(c.term_node->is_mapping());
        CHECK(charter_path((*c.exit_triggers)[0].buyout_price->node) ==
              "exit.triggers[convenience].buyout.price");
        CHECK(charter_path(c.scenarios[1].periods[1].node) == "scenarios[two].periods[1]");
        CHECK(c.ip->foreground_rule->node->is_mapping());
        CHECK(c.ip->node == c.tree->root->get("ip"));
    }

    TEST_CASE("owners_of: as written, else as the foreground rule decides") {
        const std::string parties = "parties:\n  - {id: acme, name: A}\n  - {id: globex, name: "
                                    "G}\n  - {id: initech, name: I}\n";
        const std::string assets = R"Y(  assets:
    - {id: bg, title: B, class: background, type: software}
    - {id: fg, title: F, class: foreground, type: software, creators: [globex, initech]}
    - {id: none, title: N, class: foreground, type: software, creators: []}
    - {id: joint, title: J, class: foreground, type: software, owner: {acme: 1/3, globex: 2/3}}
    - {id: broken, title: X, class: foreground, type: software, owner: {acme: 1/3, globex: x}}
)Y";
        auto with_rule = [&](const std::string& rule, const std::string& extra = {}) {
            return charter_from_text(kHead + parties + extra + "ip:\n" + rule + assets,
                                     Structure::MayFail);
        };
        auto none = with_rule("");
        const auto& a = none.ip->assets;
        CHECK(owners(none, a[3]) == "acme 1/3, globex 2/3");
        // an owner mapping with a malformed entry cannot say who owns what
        CHECK(owners(none, a[4]) == "undecided");
        // background without an owner, foreground without a rule
        CHECK(owners(none, a[0]) == "undecided");
        CHECK(owners(none, a[1]) == "undecided");

        auto equal = with_rule("  foreground_rule: joint-equal\n");
        CHECK(owners(equal, equal.ip->assets[1]) == "acme 1/3, globex 1/3, initech 1/3");
        CHECK(owners(equal, equal.ip->assets[0]) == "undecided");
        CHECK(owners(equal, equal.ip->assets[3]) == "acme 1/3, globex 2/3");

        auto creator = with_rule("  foreground_rule: by-creator\n");
        CHECK(owners(creator, creator.ip->assets[1]) == "globex 1/2, initech 1/2");
        CHECK(owners(creator, creator.ip->assets[2]) == "undecided");

        auto assign = with_rule("  foreground_rule: {assign: initech}\n");
        CHECK(owners(assign, assign.ip->assets[1]) == "initech 1");
        auto assign_bad = with_rule("  foreground_rule: {assign: Not_An_Id}\n");
        CHECK(owners(assign_bad, assign_bad.ip->assets[1]) == "undecided");

        // pro rata to contributions: a party that contributed nothing owns no part
        auto pro_rata = with_rule("  foreground_rule: joint-pro-rata-contributions\n",
                                  "contributions:\n"
                                  "  - {id: c1, party: acme, kind: cash, value: 100}\n"
                                  "  - {id: c2, party: globex, kind: cash, value: 200}\n"
                                  "  - {id: c3, party: acme, kind: cash, value: 100}\n");
        CHECK(owners(pro_rata, pro_rata.ip->assets[1]) == "acme 1/2, globex 1/2");
        auto nothing = with_rule("  foreground_rule: joint-pro-rata-contributions\n",
                                 "contributions:\n"
                                 "  - {id: c1, party: acme, kind: cash, value: 0}\n");
        CHECK(owners(nothing, nothing.ip->assets[1]) == "undecided");
    }

    TEST_CASE("PartyRatios: the sum of the ratios, and the part of one party") {
        PartyRatios pr;
        CHECK(pr.sum() == q(0));
        CHECK(pr.of("acme") == q(0));
        pr.entries.push_back(PartyRatio{Ref{"acme", nullptr}, q(1, 3), nullptr});
        pr.entries.push_back(PartyRatio{Ref{"globex", nullptr}, q(1, 3), nullptr});
        pr.entries.push_back(PartyRatio{Ref{"acme", nullptr}, q(1, 3), nullptr});
        // exact: 1/3 + 1/3 + 1/3 is 1
        CHECK(pr.sum() == q(1));
        CHECK(pr.of("acme") == q(2, 3));
        CHECK(pr.of("initech") == q(0));
    }
}
