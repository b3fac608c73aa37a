#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <numeric>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "check/context.hpp"
#include "compute/exit.hpp"
#include "validate/computed.hpp"
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
economics:
  shares: {a: 50%, b: 50%}
)Y";

/// What validate's exit check reported when it simulated every case (the
/// check before it priced each leaver once): the reference the check must agree with.
std::vector<Diagnostic> simulated_exit_findings(const model::Charter& c) {
    std::vector<Diagnostic> out;
    if (!c.exit_triggers || !c.effective || !c.tree) {
        return out;
    }
    check::Context ctx(c, out);
    auto cases = compute::simulate_all_exits(c, *c.effective, std::nullopt, std::nullopt, true);
    std::set<std::pair<std::string, const Node*>> reported;
    for (const auto& k : cases) {
        const model::Trigger* t = nullptr;
        for (const auto& x : *c.exit_triggers) {
            if (x.id == k.trigger) {
                t = &x;
            }
        }
        if (!t) {
            continue;
        }
        if (!k.result) {
            const auto& err = k.result.error();
            bool buyout = t->buyout_price && err.node == t->buyout_price->node;
            if (buyout && err.kind != ProblemKind::NeedsInput &&
                reported.insert({t->id, err.node}).second) {
                ctx.report(Code::BuyoutFails, err.node, err.message,
                           "make the price computable for every party that can leave, e.g. guard a "
                           "division with if()");
            }
            continue;
        }
        for (const auto& asset : k.result->ownerless_assets) {
            if (reported.insert({t->id + "/" + asset, t->node}).second) {
                const model::Asset* a = c.asset(asset);
                auto& d = ctx.report(
                    Code::AssetLeftWithoutOwner, check::Context::child(t->node, "foreground"),
                    fmt::format(
                        "when {} leaves under '{}', foreground asset '{}' is left without an owner",
                        k.leaver, t->id, asset),
                    "give the charter `economics.shares` (the remaining parties take the asset by "
                    "them), or co-owners for the asset, or `foreground: keep`");
                if (a) {
                    ctx.note(d, fmt::format("'{}' is owned by '{}' alone", asset, k.leaver),
                             a->node);
                }
            }
        }
    }
    return out;
}

std::vector<std::string> shown(const std::vector<Diagnostic>& ds) {
    std::vector<std::string> out;
    for (const auto& d : ds) {
        std::string s = fmt::format("{}:{} {} {} | {}", d.loc.line, d.loc.column,
                                    static_cast<int>(d.code), d.message, d.help);
        for (const auto& n : d.notes) {
            s += fmt::format(" | {}:{} {}", n.loc.line, n.loc.column, n.message);
        }
        out.push_back(std::move(s));
    }
    return out;
}

model::Charter charter_of(const std::string& text) {
    auto v = validate_source(std::make_shared<const Source>("t.charter.yaml", text));
    for (const auto& d : v.report.diagnostics) {
        INFO(d.message);
        CHECK(d.severity != Severity::Error);
    }
    REQUIRE(v.charter.has_value());
    return std::move(*v.charter);
}

Date date(const char* text) {
    auto d = parse_date(text);
    REQUIRE(d);
    return *d;
}

/// Simulates one exit that must succeed.
compute::ExitResult exit_of(const model::Charter& c, const std::string& trigger,
                            const std::string& by, const char* on,
                            std::optional<std::string> leaver = std::nullopt) {
    compute::ExitInput in{trigger, by, std::move(leaver), date(on), std::nullopt, std::nullopt};
    auto sim = compute::simulate_exit(c, in);
    if (!sim && sim.error().kind == ProblemKind::ExitUsage) {
        FAIL("usage error: " << sim.error().message);
    }
    if (!sim) {
        FAIL("computation error: " << sim.error().message);
    }
    return *sim;
}

std::string iso(const std::optional<Date>& d) {
    return d ? format_date(*d) : std::string("null");
}

// An oracle for date arithmetic that shares no code with lib/util/date.cpp:
// the C++20 calendar, clamping an invalid day to the end of its month.
namespace chr = std::chrono;

chr::year_month_day to_ymd(const Date& d) {
    return chr::year_month_day{chr::year{d.year}, chr::month{static_cast<unsigned>(d.month)},
                               chr::day{static_cast<unsigned>(d.day)}};
}

Date from_ymd(const chr::year_month_day& x) {
    return Date{static_cast<int>(x.year()), static_cast<int>(static_cast<unsigned>(x.month())),
                static_cast<int>(static_cast<unsigned>(x.day()))};
}

Date oracle_add(const Date& d, const Duration& dur) {
    auto ymd = to_ymd(d);
    switch (dur.unit) {
    case DurationUnit::Days:
        return from_ymd(chr::year_month_day{chr::sys_days{ymd} + chr::days{dur.count}});
    case DurationUnit::Weeks:
        return from_ymd(chr::year_month_day{chr::sys_days{ymd} + chr::days{7 * dur.count}});
    case DurationUnit::Months:
    case DurationUnit::Years: {
        auto n = chr::months{dur.unit == DurationUnit::Years ? 12 * dur.count : dur.count};
        auto moved = ymd + n;
        if (!moved.ok()) {
            moved = chr::year_month_day{
                chr::year_month_day_last{moved.year(), chr::month_day_last{moved.month()}}};
        }
        return from_ymd(moved);
    }
    }
    return d;
}

Rational sum_of(const std::vector<compute::PartyAmount>& v) {
    Rational s = 0;
    for (const auto& pa : v) {
        s += pa.amount;
    }
    return s;
}

Rational part(const std::vector<compute::PartyAmount>& v, const std::string& party) {
    for (const auto& pa : v) {
        if (pa.party == party) {
            return pa.amount;
        }
    }
    return 0;
}

bool whole_minor_units(const Rational& x, int digits) {
    Rational scaled = x * Rational(num::pow10(digits));
    return scaled.get_den() == 1;
}

} // namespace

TEST_SUITE("exit") {
    TEST_CASE("a month of notice from the 31st ends on the last day of a shorter month") {
        auto c = charter_of(std::string(kHead) + R"Y(exit:
  triggers:
    - {id: quit, cause: convenience, invoked_by: any, leaver: invoker, notice: 1m, foreground: keep}
)Y");
        CHECK(format_date(exit_of(c, "quit", "a", "2027-01-31").effective) == "2027-02-28");
        CHECK(format_date(exit_of(c, "quit", "a", "2028-01-31").effective) == "2028-02-29");
        CHECK(format_date(exit_of(c, "quit", "a", "2027-03-31").effective) == "2027-04-30");
        CHECK(format_date(exit_of(c, "quit", "a", "2027-12-31").effective) == "2028-01-31");
        CHECK(format_date(exit_of(c, "quit", "a", "2027-02-28").effective) == "2027-03-28");
    }

    TEST_CASE("the cure period runs first and the notice period from its end") {
        auto c = charter_of(std::string(kHead) + R"Y(exit:
  triggers:
    - {id: breach-m, cause: breach, invoked_by: any, leaver: counterparty, cure: 1m, notice: 1m, foreground: keep}
    - {id: breach-d, cause: breach, invoked_by: any, leaver: counterparty, cure: 30d, notice: 30d, foreground: keep}
    - {id: cure-only, cause: breach, invoked_by: any, leaver: counterparty, cure: 10d, foreground: keep}
)Y");
        auto m = exit_of(c, "breach-m", "a", "2027-01-31");
        CHECK(m.leaver == "b");
        // 2027-01-31 + 1m = 2027-02-28, + 1m = 2027-03-28 (not 2027-03-31)
        CHECK(format_date(m.effective) == "2027-03-28");
        CHECK(format_date(exit_of(c, "breach-d", "a", "2027-03-01").effective) == "2027-04-30");
        CHECK(format_date(exit_of(c, "cure-only", "b", "2027-12-25").effective) == "2028-01-04");
    }

    TEST_CASE("a year from a leap day ends on 28 February, four years on 29 February") {
        auto c = charter_of(std::string(kHead) + R"Y(exit:
  triggers:
    - id: quit
      cause: convenience
      invoked_by: any
      leaver: invoker
      notice: 1y
      foreground: keep
      wind_down: {period: 4y, costs: equal}
    - id: now
      cause: insolvency
      invoked_by: any
      leaver: counterparty
      foreground: keep
      wind_down: {period: 4y, costs: equal}
confidentiality: {survives: 1y}
)Y");
        auto q = exit_of(c, "quit", "a", "2028-02-29");
        CHECK(format_date(q.effective) == "2029-02-28");
        CHECK(format_date(q.wind_down->ends) == "2033-02-28");
        CHECK(iso(q.confidentiality_until) == "2030-02-28");
        auto n = exit_of(c, "now", "a", "2028-02-29");
        CHECK(format_date(n.effective) == "2028-02-29");
        CHECK(format_date(n.wind_down->ends) == "2032-02-29");
        CHECK(iso(n.confidentiality_until) == "2029-02-28");
    }

    TEST_CASE("weeks are seven days and days cross month and year ends") {
        auto c = charter_of(std::string(kHead) + R"Y(exit:
  triggers:
    - {id: w, cause: convenience, invoked_by: any, leaver: invoker, notice: 6w, foreground: keep}
    - {id: d, cause: convenience, invoked_by: any, leaver: invoker, notice: 180d, foreground: keep}
    - {id: z, cause: convenience, invoked_by: any, leaver: invoker, notice: 0d, cure: 0m, foreground: keep}
)Y");
        CHECK(format_date(exit_of(c, "w", "a", "2027-12-25").effective) == "2028-02-05");
        CHECK(format_date(exit_of(c, "d", "b", "2027-03-01").effective) == "2027-08-28");
        CHECK(format_date(exit_of(c, "d", "b", "2027-09-01").effective) == "2028-02-28");
        CHECK(format_date(exit_of(c, "z", "b", "2027-05-31").effective) == "2027-05-31");
    }

    TEST_CASE("wind-down, license survival and confidentiality run from the effective date") {
        auto c = charter_of(std::string(kHead) + R"Y(ip:
  assets:
    - {id: sdk, title: SDK, class: background, type: software, owner: a}
  licenses:
    - {id: short, asset: sdk, from: a, to: b, scope: all, field: all, territory: worldwide, exclusive: false, ends: 2027-03-31, survives: 18m}
    - {id: forever, asset: sdk, from: a, to: b, scope: research, field: all, territory: worldwide, exclusive: false, survives: perpetual}
    - {id: plain, asset: sdk, from: a, to: b, scope: development, field: all, territory: worldwide, exclusive: false}
    - {id: old, asset: sdk, from: a, to: b, scope: development, field: robots, territory: [EU], exclusive: false, ends: 2026-12-31, survives: 5y}
exit:
  triggers:
    - id: quit
      cause: convenience
      invoked_by: any
      leaver: invoker
      notice: 1m
      foreground: keep
      licenses: {from_leaver: survive, to_leaver: terminate}
      wind_down: {period: 3m, costs: leaver, estimate: 1_000}
confidentiality: {survives: 2y}
)Y");
        auto r = exit_of(c, "quit", "b", "2027-01-31");
        CHECK(format_date(r.effective) == "2027-02-28");
        CHECK(format_date(r.wind_down->ends) == "2027-05-28");
        CHECK(iso(r.confidentiality_until) == "2029-02-28");
        REQUIRE(r.licenses.size() == 4);
        CHECK(r.licenses[0].outcome == "survives");
        CHECK(iso(r.licenses[0].until) == "2028-08-28"); // past its own ends
        CHECK(r.licenses[1].outcome == "survives");
        CHECK(iso(r.licenses[1].until) == "null");
        CHECK(r.licenses[2].outcome == "terminates");
        CHECK(iso(r.licenses[2].until) == "2027-02-28");
        CHECK(r.licenses[3].outcome == "expired");
        CHECK(iso(r.licenses[3].until) == "2026-12-31");
        // the same licenses when the licensor leaves: they continue to their own ends
        auto from = exit_of(c, "quit", "a", "2027-01-31");
        CHECK(from.licenses[0].outcome == "continues");
        CHECK(iso(from.licenses[0].until) == "2027-03-31");
        CHECK(from.licenses[2].outcome == "continues");
        CHECK(iso(from.licenses[2].until) == "2030-12-31");
    }

    TEST_CASE("a term given as a length ends the day before its anniversary") {
        std::string text = kHead;
        text.replace(text.find("term: {ends: 2030-12-31}"), 24, "term: {length: 5y}");
        auto c = charter_of(text + R"Y(ip:
  assets:
    - {id: sdk, title: SDK, class: background, type: software, owner: a}
  licenses:
    - {id: plain, asset: sdk, from: a, to: b, scope: all, field: all, territory: worldwide, exclusive: false}
exit:
  triggers:
    - {id: quit, cause: convenience, invoked_by: any, leaver: invoker, notice: 90d, foreground: keep}
)Y");
        REQUIRE(c.term_ends);
        CHECK(format_date(*c.term_ends) == "2030-12-31");
        auto r = exit_of(c, "quit", "b", "2027-01-01");
        CHECK(r.licenses[0].outcome == "continues");
        CHECK(iso(r.licenses[0].until) == "2030-12-31");
        CHECK(r.warnings.empty());
    }

    TEST_CASE("notice before the charter takes effect is refused; after the end of term it is a "
              "warning") {
        auto c = charter_of(std::string(kHead) + R"Y(exit:
  triggers:
    - {id: quit, cause: convenience, invoked_by: any, leaver: invoker, notice: 30d, foreground: keep}
)Y");
        compute::ExitInput before{"quit",       "a",         std::nullopt, date("2025-12-31"),
                                  std::nullopt, std::nullopt};
        auto sim = compute::simulate_exit(c, before);
        REQUIRE_FALSE(sim);
        CHECK(sim.error().message.find("before the charter takes effect") != std::string::npos);

        auto first_day = exit_of(c, "quit", "a", "2026-01-01");
        CHECK(format_date(first_day.effective) == "2026-01-31");
        CHECK(first_day.warnings.empty());

        auto late = exit_of(c, "quit", "a", "2031-01-01");
        CHECK(format_date(late.effective) == "2031-01-31");
        REQUIRE(late.warnings.size() == 1);
        CHECK(late.warnings[0].find("after the term ended") != std::string::npos);

        auto straddling = exit_of(c, "quit", "a", "2030-12-15");
        CHECK(format_date(straddling.effective) == "2031-01-14");
        REQUIRE(straddling.warnings.size() == 1);
        CHECK(straddling.warnings[0].find("after the term ends") != std::string::npos);
    }

    TEST_CASE("vesting is read as of the effective date, not the notice date") {
        auto c = charter_of(R"Y(charter: 1
id: t
title: T
kind: joint-development
effective: 2026-01-01
term: {ends: 2030-12-31}
currency: USD
parties:
  - {id: a, name: A}
  - {id: b, name: B}
  - {id: c, name: C}
milestones:
  - {id: m, title: M, owner: c, due: 2027-06-30, achieved: 2027-02-15}
economics:
  shares: {a: 1/3, b: 1/3, c: 1/3}
  vesting:
    - {party: c, portion: 100%, milestone: m}
exit:
  triggers:
    - {id: quit, cause: convenience, invoked_by: any, leaver: invoker, notice: 1m, foreground: keep}
)Y");
        // achieved after the notice (2027-01-31) but before the effective date (2027-02-28)
        auto r = exit_of(c, "quit", "a", "2027-01-31");
        CHECK(part(*r.shares_before, "c") == Rational(1, 3));
        CHECK(part(*r.shares_after, "b") == Rational(1, 2));
        // achieved after the effective date (2027-02-14): c's share is not vested yet
        auto early = exit_of(c, "quit", "a", "2027-01-14");
        CHECK(part(*early.shares_before, "c") == 0);
        CHECK(part(*early.shares_before, "a") == Rational(1, 2));
        CHECK(part(*early.shares_after, "b") == 1);
    }

    TEST_CASE(
        "after every possible exit of generated charters, shares, IP and money add up exactly") {
        std::mt19937 rng(20260115);
        auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
        auto chance = [&](int percent) { return pick(1, 100) <= percent; };
        const std::vector<std::string> ids = {"p0", "p1", "p2", "p3", "p4"};
        const std::vector<std::string> durations_pool = {"0d",   "1d",  "30d", "45d", "90d",
                                                         "180d", "2w",  "6w",  "1m",  "3m",
                                                         "6m",   "18m", "1y",  "2y"};
        auto duration = [&] {
            return durations_pool[static_cast<std::size_t>(
                pick(0, static_cast<int>(durations_pool.size()) - 1))];
        };
        auto some_date = [&](int y0, int y1) {
            int y = pick(y0, y1);
            int m = pick(1, 12);
            int d = chance(30) ? days_in_month(y, m) : pick(1, days_in_month(y, m));
            return Date{y, m, d};
        };
        auto money = [&] {
            return fmt::format("{}.{:02}", pick(0, 2) == 0 ? pick(0, 99) : pick(100, 2'000'000),
                               pick(0, 99));
        };

        int charters = 0, cases_checked = 0, cases_failed = 0, ownerless = 0;
        std::set<std::string> trigger_kinds;
        for (int iter = 0; iter < 400; ++iter) {
            const int n = pick(2, 5);
            std::vector<std::string> parties(ids.begin(), ids.begin() + n);
            auto any_party = [&] { return parties[static_cast<std::size_t>(pick(0, n - 1))]; };
            // a random non-empty subset, in party order
            auto subset = [&](int at_least) {
                std::vector<std::string> out;
                while (static_cast<int>(out.size()) < at_least) {
                    out.clear();
                    for (const auto& p : parties) {
                        if (chance(50)) {
                            out.push_back(p);
                        }
                    }
                }
                return out;
            };
            // `{p0: 2/7, p3: 5/7}`: exact fractions over the given parties (thirds, sevenths...)
            auto ratios = [&](const std::vector<std::string>& who) {
                std::vector<int> w;
                for (std::size_t i = 0; i < who.size(); ++i) {
                    w.push_back(pick(1, 6));
                }
                if (chance(25)) {
                    std::fill(w.begin(), w.end(), 1); // equal parts: 1/3 + 1/3 + 1/3
                }
                int total = std::accumulate(w.begin(), w.end(), 0);
                std::string out = "{";
                for (std::size_t i = 0; i < who.size(); ++i) {
                    out += fmt::format("{}{}: {}/{}", i ? ", " : "", who[i], w[i], total);
                }
                return out + "}";
            };

            std::string y = "charter: 1\nid: gen\ntitle: Generated\nkind: "
                            "cooperative-rd\neffective: 2026-01-01\n"
                            "term: {ends: 2030-12-31}\ncurrency: USD\nparties:\n";
            for (const auto& p : parties) {
                y += fmt::format("  - {{id: {}, name: Party {}}}\n", p, p);
            }
            // contributions
            bool contributed_any = false;
            std::string contributions;
            int k = 0;
            for (const auto& p : parties) {
                for (int j = pick(0, 2); j > 0; --j) {
                    contributions += fmt::format(
                        "  - {{id: c{}, party: {}, kind: cash, value: {}}}\n", k++, p, money());
                    contributed_any = true;
                }
            }
            if (!contributions.empty()) {
                y += "contributions:\n" + contributions;
            }
            // shares
            const int shares_mode =
                pick(0, 9); // 0: none; 1: pro-rata-contributions; else a mapping
            const bool has_shares = shares_mode != 0 && (shares_mode != 1 || contributed_any);
            // milestones
            const int n_milestones = pick(0, 4);
            std::string milestones;
            for (int i = 0; i < n_milestones; ++i) {
                Date due = some_date(2026, 2030);
                milestones += fmt::format("  - {{id: m{}, title: M{}, owner: {}, due: {}", i, i,
                                          any_party(), format_date(due));
                if (chance(50)) {
                    milestones += fmt::format(", achieved: {}", format_date(some_date(2026, 2030)));
                }
                if (chance(40)) {
                    std::string from = any_party(), to = any_party();
                    milestones += fmt::format(", payment: {{from: {}, to: {}, amount: {}}}", from,
                                              to, money());
                }
                milestones += "}\n";
            }
            if (!milestones.empty()) {
                y += "milestones:\n" + milestones;
            }
            // IP
            const int rule = pick(
                0,
                4); // 0: none, 1: joint-equal, 2: pro-rata contributions, 3: by-creator, 4: assign
            std::string assets, licenses;
            std::vector<std::pair<std::string, std::vector<std::string>>>
                owned; // assets with written owners
            const int n_assets = pick(0, 5);
            for (int i = 0; i < n_assets; ++i) {
                bool background = chance(35);
                std::string owner;
                std::vector<std::string> owners;
                bool write_owner =
                    background || rule == 0 || (rule == 2 && !contributed_any) || chance(50);
                if (write_owner) {
                    if (chance(50)) {
                        owners = {any_party()};
                        owner = owners[0];
                    } else {
                        owners = subset(1);
                        owner = ratios(owners);
                    }
                }
                assets += fmt::format("    - {{id: x{}, title: X{}, class: {}, type: software", i,
                                      i, background ? "background" : "foreground");
                if (write_owner) {
                    assets += ", owner: " + owner;
                    owned.emplace_back(fmt::format("x{}", i), owners);
                }
                if (!background && (rule == 3 || chance(20))) {
                    auto creators = subset(1);
                    std::string list;
                    for (const auto& cr : creators) {
                        list += (list.empty() ? "" : ", ") + cr;
                    }
                    assets += ", creators: [" + list + "]";
                }
                assets += "}\n";
            }
            for (int i = 0; i < static_cast<int>(owned.size()) && i < 4; ++i) {
                if (!chance(70)) {
                    continue;
                }
                const auto& [asset, owners] = owned[static_cast<std::size_t>(i)];
                std::string from =
                    owners[static_cast<std::size_t>(pick(0, static_cast<int>(owners.size()) - 1))];
                auto to = subset(1);
                std::string to_list;
                for (const auto& t : to) {
                    to_list += (to_list.empty() ? "" : ", ") + t;
                }
                licenses += fmt::format("    - {{id: l{}, asset: {}, from: {}, to: [{}], scope: "
                                        "all, field: f{}, territory: [T{}], exclusive: false",
                                        i, asset, from, to_list, i, i);
                if (chance(50)) {
                    licenses += fmt::format(", ends: {}", format_date(some_date(2026, 2032)));
                }
                int s = pick(0, 3);
                if (s == 1) {
                    licenses += ", survives: " + duration();
                } else if (s == 2) {
                    licenses += ", survives: perpetual";
                } else if (s == 3) {
                    licenses += ", survives: none";
                }
                licenses += "}\n";
            }
            if (n_assets > 0) {
                y += "ip:\n";
                if (rule == 1) {
                    y += "  foreground_rule: joint-equal\n";
                } else if (rule == 2 && contributed_any) {
                    y += "  foreground_rule: joint-pro-rata-contributions\n";
                } else if (rule == 3) {
                    y += "  foreground_rule: by-creator\n";
                } else if (rule == 4) {
                    y += "  foreground_rule: {assign: " + any_party() + "}\n";
                }
                y += "  assets:\n" + assets;
                if (!licenses.empty()) {
                    y += "  licenses:\n" + licenses;
                }
            }
            // economics
            if (has_shares) {
                y += "economics:\n";
                if (shares_mode == 1) {
                    y += "  shares: pro-rata-contributions\n";
                } else if (shares_mode == 2) {
                    // whole percentages
                    std::vector<int> pct(static_cast<std::size_t>(n), 0);
                    int left = 100;
                    for (int i = 0; i < n - 1; ++i) {
                        pct[static_cast<std::size_t>(i)] = pick(0, left);
                        left -= pct[static_cast<std::size_t>(i)];
                    }
                    pct[static_cast<std::size_t>(n - 1)] = left;
                    y += "  shares: {";
                    for (int i = 0; i < n; ++i) {
                        y += fmt::format("{}{}: {}%", i ? ", " : "",
                                         parties[static_cast<std::size_t>(i)],
                                         pct[static_cast<std::size_t>(i)]);
                    }
                    y += "}\n";
                } else {
                    y += "  shares: " + ratios(chance(70) ? parties : subset(1)) + "\n";
                }
                if (n_milestones > 0) {
                    std::string vesting;
                    const std::vector<std::string> portions = {"1/3", "1/4", "50%",
                                                               "20%", "2/3", "100%"};
                    for (const auto& p : parties) {
                        if (chance(40)) {
                            vesting +=
                                fmt::format("    - {{party: {}, portion: {}, milestone: m{}}}\n", p,
                                            portions[static_cast<std::size_t>(pick(0, 5))],
                                            pick(0, n_milestones - 1));
                        }
                    }
                    if (!vesting.empty()) {
                        y += "  vesting:\n" + vesting;
                    }
                }
                if (chance(30)) {
                    y += "  unvested: {to: " + any_party() + "}\n";
                }
            }
            // triggers: every kind of rule
            y += "exit:\n  triggers:\n";
            const std::vector<std::string> prices = {
                "contributed(@leaver)",
                "1.5 * contributed(@leaver)",
                "if(contributed(@leaver) > 1000, contributed(@leaver) / 3, 0)",
                "share(@leaver) * fair_value",
                "max(0.7 * contributed(@leaver), share(@leaver) * fair_value)",
                "round(share(@leaver) * fair_value / 7, 1)"};
            const std::vector<std::string> foregrounds = {"assign", "license-back", "keep"};
            const int n_triggers = pick(1, 3);
            for (int t = 0; t < n_triggers; ++t) {
                bool counterparty = chance(50);
                y += fmt::format("    - id: t{}\n      cause: {}\n", t,
                                 counterparty ? "breach" : "convenience");
                if (chance(60)) {
                    y += "      invoked_by: any\n";
                } else {
                    auto who = subset(1);
                    std::string list;
                    for (const auto& w : who) {
                        list += (list.empty() ? "" : ", ") + w;
                    }
                    y += "      invoked_by: [" + list + "]\n";
                }
                y += fmt::format("      leaver: {}\n", counterparty ? "counterparty" : "invoker");
                if (chance(70)) {
                    y += "      notice: " + duration() + "\n";
                }
                if (chance(40)) {
                    y += "      cure: " + duration() + "\n";
                }
                if (chance(50)) {
                    y += fmt::format("      unvested: {}\n", chance(50) ? "keep" : "forfeit");
                }
                if (chance(70)) {
                    int hi = has_shares ? static_cast<int>(prices.size()) - 1 : 2;
                    y += "      buyout: {price: \"" +
                         prices[static_cast<std::size_t>(pick(0, hi))] + "\"}\n";
                }
                std::string fg = foregrounds[static_cast<std::size_t>(pick(0, 2))];
                trigger_kinds.insert(
                    fmt::format("{}/{}", counterparty ? "counterparty" : "invoker", fg));
                y += "      foreground: " + fg + "\n";
                if (chance(60)) {
                    y += fmt::format("      licenses: {{from_leaver: {}, to_leaver: {}}}\n",
                                     chance(50) ? "survive" : "terminate",
                                     chance(50) ? "survive" : "terminate");
                }
                if (chance(70)) {
                    int costs = pick(has_shares ? 0 : 1, 3);
                    std::string rule_text = costs == 0   ? "pro-rata-shares"
                                            : costs == 1 ? "leaver"
                                            : costs == 2 ? "equal"
                                                         : ratios(subset(1));
                    y += fmt::format("      wind_down: {{period: {}, costs: {}{}}}\n", duration(),
                                     rule_text,
                                     chance(70) ? ", estimate: " + money() : std::string());
                }
            }
            if (chance(50)) {
                y += "confidentiality: {survives: " +
                     (chance(20) ? std::string("perpetual") : duration()) + "}\n";
            }

            INFO("charter:\n" << y);
            auto v = validate_source(std::make_shared<const Source>("gen.charter.yaml", y));
            REQUIRE(v.charter.has_value());
            for (const auto& d : v.report.diagnostics) {
                // an exit that leaves an asset without an owner is what the property tolerates
                bool tolerated = d.code == Code::AssetLeftWithoutOwner;
                INFO(d.message);
                CHECK((d.severity != Severity::Error || tolerated));
            }
            const model::Charter& c = *v.charter;
            ++charters;
            // validate's exit check, leaver by leaver, finds what simulating every case finds
            CHECK(shown(check::check_exit_simulations(c)) == shown(simulated_exit_findings(c)));

            Date notice = some_date(2026, 2031);
            std::optional<Rational> fair_value = Rational(Rational(pick(0, 50'000'000)) / 100);
            std::optional<Rational> costs;
            if (chance(30)) {
                costs = Rational(Rational(pick(0, 10'000'000)) / 100);
            }
            auto cases = compute::simulate_all_exits(c, notice, fair_value, costs);

            // one case per trigger, invoker and possible leaver
            std::size_t expected_cases = 0;
            for (const auto& t : *c.exit_triggers) {
                for (const auto& by : c.parties) {
                    bool may = t.invoked_by_any ||
                               std::any_of(t.invoked_by.begin(), t.invoked_by.end(),
                                           [&](const model::Ref& r) { return r.id == by.id; });
                    if (may) {
                        expected_cases += t.leaver_is_invoker ? 1 : c.parties.size() - 1;
                    }
                }
            }
            CHECK(cases.size() == expected_cases);
            CHECK(compute::count_exit_cases(c) == expected_cases);

            for (const auto& kcase : cases) {
                INFO("case: trigger " << kcase.trigger << ", invoked by " << kcase.invoked_by
                                      << ", leaver " << kcase.leaver << ", notice "
                                      << format_date(notice));
                if (!kcase.result) {
                    ++cases_failed; // e.g. no vested share, or the leaver holds 100%
                    continue;
                }
                ++cases_checked;
                const auto& r = *kcase.result;
                const std::string& leaver = r.leaver;
                CHECK(leaver == kcase.leaver);
                CHECK(leaver != "");
                const model::Trigger* t = nullptr;
                for (const auto& x : *c.exit_triggers) {
                    if (x.id == r.trigger) {
                        t = &x;
                    }
                }
                REQUIRE(t != nullptr);
                if (t->leaver_is_invoker) {
                    CHECK(leaver == r.invoked_by);
                } else {
                    CHECK(leaver != r.invoked_by);
                }

                // dates, against the oracle
                Date e = notice;
                if (t->cure) {
                    e = oracle_add(e, *t->cure);
                }
                if (t->notice) {
                    e = oracle_add(e, *t->notice);
                }
                CHECK(format_date(r.effective) == format_date(e));

                // shares
                CHECK(r.shares_before.has_value() == has_shares);
                CHECK(r.shares_after.has_value() == has_shares);
                if (r.shares_before && r.shares_after) {
                    CHECK(r.shares_before->size() == c.parties.size());
                    CHECK(r.shares_after->size() == c.parties.size());
                    CHECK(sum_of(*r.shares_before) == 1);
                    CHECK(sum_of(*r.shares_after) == 1);
                    CHECK(part(*r.shares_after, leaver) == 0);
                    Rational fl = part(*r.shares_before, leaver);
                    for (const auto& pa : *r.shares_after) {
                        CHECK(pa.amount >= 0);
                        if (pa.party != leaver) {
                            CHECK(pa.amount == part(*r.shares_before, pa.party) / (1 - fl));
                        }
                    }
                }

                // buyout
                CHECK(r.buyout.has_value() == t->buyout_price.has_value());
                if (r.buyout) {
                    CHECK(r.buyout->paid_to == leaver);
                    CHECK(r.buyout->price >= 0);
                    CHECK(whole_minor_units(r.buyout->price, c.minor_digits));
                    CHECK(sum_of(r.buyout->paid_by) == r.buyout->price);
                    CHECK(part(r.buyout->paid_by, leaver) == 0);
                    const Rational unit = Rational(1, 100);
                    for (const auto& pa : r.buyout->paid_by) {
                        CHECK(pa.party != leaver);
                        CHECK(pa.amount >= 0);
                        CHECK(whole_minor_units(pa.amount, c.minor_digits));
                        // largest remainder: within one minor unit of the exact part
                        Rational exact =
                            r.shares_after
                                ? Rational(r.buyout->price * part(*r.shares_after, pa.party))
                                : Rational(r.buyout->price /
                                           (static_cast<long>(c.parties.size()) - 1));
                        Rational gap = pa.amount - exact;
                        CHECK(gap > -unit);
                        CHECK(gap < unit);
                    }
                }

                // IP
                REQUIRE(r.ip.size() == (c.ip ? c.ip->assets.size() : 0));
                for (std::size_t i = 0; i < r.ip.size(); ++i) {
                    const auto& a = r.ip[i];
                    const model::Asset& ma = c.ip->assets[i];
                    CHECK(a.asset == ma.id);
                    bool listed_ownerless =
                        std::find(r.ownerless_assets.begin(), r.ownerless_assets.end(), a.asset) !=
                        r.ownerless_assets.end();
                    if (a.before.empty()) {
                        continue; // owner not determined (no rule): nothing to move
                    }
                    CHECK(sum_of(a.before) == 1);
                    if (listed_ownerless) {
                        ++ownerless;
                        CHECK(a.after.empty());
                        CHECK_FALSE(r.shares_after.has_value());
                    } else {
                        CHECK(sum_of(a.after) == 1);
                    }
                    for (const auto& pa : a.after) {
                        CHECK(pa.amount > 0);
                    }
                    Rational lpart = part(a.before, leaver);
                    bool moves = ma.cls == model::AssetClass::Foreground && lpart > 0 &&
                                 t->foreground != model::ForegroundExit::Keep;
                    if (moves && lpart < 1) {
                        // the leaver's part goes to the other owners pro-rata to their parts
                        CHECK(part(a.after, leaver) == 0);
                        for (const auto& pa : a.before) {
                            if (pa.party != leaver) {
                                CHECK(part(a.after, pa.party) ==
                                      pa.amount + lpart * pa.amount / (1 - lpart));
                            }
                        }
                    } else if (moves) {
                        // the leaver owned it alone: to the remaining parties by shares after
                        CHECK(part(a.after, leaver) == 0);
                        if (r.shares_after) {
                            for (const auto& pa : *r.shares_after) {
                                CHECK(part(a.after, pa.party) == pa.amount);
                            }
                        }
                    } else {
                        REQUIRE(a.after.size() == a.before.size());
                        for (std::size_t j = 0; j < a.after.size(); ++j) {
                            CHECK(a.after[j].party == a.before[j].party);
                            CHECK(a.after[j].amount == a.before[j].amount);
                        }
                    }
                    CHECK(a.leaver_license.has_value() ==
                          (moves && t->foreground == model::ForegroundExit::LicenseBack));
                }

                // licenses
                REQUIRE(r.licenses.size() == (c.ip ? c.ip->licenses.size() : 0));
                for (std::size_t i = 0; i < r.licenses.size(); ++i) {
                    const auto& l = r.licenses[i];
                    const model::License& ml = c.ip->licenses[i];
                    std::optional<Date> own_end = ml.ends ? ml.ends : c.term_ends;
                    bool involves = ml.from.id == leaver || std::any_of(ml.to.begin(), ml.to.end(),
                                                                        [&](const model::Ref& x) {
                                                                            return x.id == leaver;
                                                                        });
                    if (own_end && *own_end < r.effective) {
                        CHECK(l.outcome == "expired");
                        CHECK(l.until == own_end);
                    } else if (l.outcome == "continues") {
                        CHECK(l.until == own_end);
                    } else if (l.outcome == "terminates") {
                        CHECK(involves);
                        CHECK(l.until == r.effective);
                    } else if (l.outcome == "survives") {
                        CHECK(involves);
                        if (ml.survives.kind == model::Survival::Kind::Duration) {
                            CHECK(l.until == oracle_add(r.effective, ml.survives.duration));
                        } else {
                            CHECK(ml.survives.kind == model::Survival::Kind::Perpetual);
                            CHECK_FALSE(l.until.has_value());
                        }
                    } else {
                        FAIL_CHECK("unknown outcome " << l.outcome);
                    }
                    bool from_leaver = ml.from.id == leaver;
                    bool to_leaver =
                        std::any_of(ml.to.begin(), ml.to.end(),
                                    [&](const model::Ref& x) { return x.id == leaver; });
                    if (!(own_end && *own_end < r.effective) && !(from_leaver && to_leaver)) {
                        bool survives_rule =
                            from_leaver ? t->from_leaver_survives : t->to_leaver_survives;
                        std::string want = !involves || survives_rule ? "continues"
                                           : ml.survives.kind == model::Survival::Kind::None
                                               ? "terminates"
                                               : "survives";
                        CHECK(l.outcome == want);
                    }
                }

                // milestones: exactly those not achieved by E that concern the leaver
                std::vector<std::string> expected_cancelled;
                for (const auto& m : c.milestones) {
                    bool done = m.achieved && *m.achieved <= r.effective;
                    bool concerns =
                        m.owner.id == leaver ||
                        (m.payment && (m.payment->from.id == leaver || m.payment->to.id == leaver));
                    if (!done && concerns) {
                        expected_cancelled.push_back(m.id);
                    }
                }
                std::vector<std::string> cancelled;
                for (const auto& m : r.milestones_cancelled) {
                    cancelled.push_back(m.milestone);
                }
                CHECK(cancelled == expected_cancelled);

                // wind-down
                CHECK(r.wind_down.has_value() == t->wind_down.has_value());
                if (r.wind_down) {
                    const auto& w = *t->wind_down;
                    CHECK(r.wind_down->ends ==
                          (w.period ? oracle_add(r.effective, *w.period) : r.effective));
                    std::optional<Rational> want = costs ? costs : w.estimate;
                    CHECK(r.wind_down->costs == want);
                    CHECK(r.wind_down->allocation.has_value() == want.has_value());
                    if (r.wind_down->allocation) {
                        const auto& alloc = *r.wind_down->allocation;
                        CHECK(alloc.size() == c.parties.size());
                        CHECK(sum_of(alloc) == *want);
                        for (const auto& pa : alloc) {
                            CHECK(pa.amount >= 0);
                            CHECK(whole_minor_units(pa.amount, c.minor_digits));
                        }
                        if (w.costs == model::CostsRule::Leaver) {
                            CHECK(part(alloc, leaver) == *want);
                        }
                        // largest remainder: each part within one minor unit of the exact part
                        for (const auto& pa : alloc) {
                            Rational ratio = 0;
                            switch (w.costs) {
                            case model::CostsRule::ProRataShares:
                                ratio = part(*r.shares_before, pa.party);
                                break;
                            case model::CostsRule::Leaver:
                                ratio = pa.party == leaver ? 1 : 0;
                                break;
                            case model::CostsRule::Equal:
                                ratio = Rational(1, static_cast<unsigned long>(c.parties.size()));
                                break;
                            case model::CostsRule::Mapping:
                                ratio = w.mapping->of(pa.party);
                                break;
                            }
                            Rational gap = pa.amount - *want * ratio;
                            CHECK(gap > Rational(-1, 100));
                            CHECK(gap < Rational(1, 100));
                        }
                    }
                }

                // confidentiality
                if (c.confidentiality &&
                    c.confidentiality->kind == model::Survival::Kind::Duration) {
                    CHECK(r.confidentiality_until ==
                          oracle_add(r.effective, c.confidentiality->duration));
                } else {
                    CHECK_FALSE(r.confidentiality_until.has_value());
                }
            }
        }
        MESSAGE(charters << " charters, " << cases_checked << " exits checked, " << cases_failed
                         << " not computable, " << ownerless << " ownerless assets, "
                         << trigger_kinds.size() << " trigger kinds");
        CHECK(cases_checked > 1000);
        CHECK(trigger_kinds.size() == 6);
    }
}
