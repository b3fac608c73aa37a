// The overlap check of exclusive licenses (lib/check/ip.cpp) against the
// check it replaced, which compared every pair of licenses and every pair of
// their assets: on generated charters both must report the same findings, in
// the same order, with the same words and places.
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "charter_text.hpp"
#include "check/context.hpp"
#include "check/semantic.hpp"

using namespace charter;

namespace {

// ---- the check before (verbatim but for names): the reference --------------

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& ch : out) {
        ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    }
    return out;
}

bool fields_overlap(const model::License& a, const model::License& b) {
    return lower(a.field) == lower(b.field) || lower(a.field) == "all" || lower(b.field) == "all";
}

bool territories_overlap(const model::License& a, const model::License& b) {
    auto worldwide = [](const model::License& l) {
        return std::find(l.territory.begin(), l.territory.end(), "worldwide") != l.territory.end();
    };
    if (worldwide(a) || worldwide(b)) {
        return true;
    }
    for (const auto& t : a.territory) {
        if (std::find(b.territory.begin(), b.territory.end(), t) != b.territory.end()) {
            return true;
        }
    }
    return false;
}

const model::Ref* shared_asset(const model::License& earlier, const model::License& later) {
    const model::Ref* shared = nullptr;
    for (const auto& a : later.assets) {
        for (const auto& b : earlier.assets) {
            if (a.id == b.id && !a.id.empty()) {
                shared = &a;
            }
        }
    }
    return shared;
}

bool periods_overlap(const model::Charter& c, const model::License& earlier,
                     const model::License& later) {
    auto s1 = earlier.starts ? earlier.starts : c.effective;
    auto e1 = earlier.ends ? earlier.ends : c.term_ends;
    auto s2 = later.starts ? later.starts : c.effective;
    auto e2 = later.ends ? later.ends : c.term_ends;
    return s1 && e1 && s2 && e2 && *s1 <= *e2 && *s2 <= *e1;
}

void old_check_exclusive_pair(check::Context& ctx, const model::License& earlier,
                              const model::License& later) {
    const model::Ref* shared = shared_asset(earlier, later);
    if (!shared || !fields_overlap(earlier, later) || !territories_overlap(earlier, later) ||
        !periods_overlap(ctx.charter, earlier, later)) {
        return;
    }
    auto& d = ctx.report(
        Code::ExclusiveOverlap, check::Context::child(later.node, "exclusive"),
        fmt::format("exclusive license '{}' of '{}' overlaps exclusive license '{}' in "
                    "field, territory and period",
                    later.id, shared->id, earlier.id),
        "narrow the field, territory or period of one of them, or make one non-exclusive");
    ctx.note(d, fmt::format("license '{}' is defined here", earlier.id),
             check::Context::child(earlier.node, "id"));
}

std::vector<Diagnostic> old_overlaps(const model::Charter& c) {
    std::vector<Diagnostic> out;
    if (!c.ip) {
        return out;
    }
    check::Context ctx(c, out);
    const auto& ls = c.ip->licenses;
    for (std::size_t j = 0; j < ls.size(); ++j) {
        if (!ls[j].exclusive) {
            continue;
        }
        for (std::size_t i = 0; i < j; ++i) {
            if (ls[i].exclusive) {
                old_check_exclusive_pair(ctx, ls[i], ls[j]);
            }
        }
    }
    return out;
}

// ---- the check now -----------------------------------------------------------

std::vector<Diagnostic> new_overlaps(const model::Charter& c) {
    std::vector<Diagnostic> out;
    for (auto& d : check::check_semantics(c)) {
        if (d.code == Code::ExclusiveOverlap) {
            out.push_back(std::move(d));
        }
    }
    return out;
}

void check_same(const Diagnostic& a, const Diagnostic& b) {
    CHECK(a.code == b.code);
    CHECK(a.message == b.message);
    CHECK(a.help == b.help);
    CHECK(a.path == b.path);
    CHECK(a.loc.line == b.loc.line);
    CHECK(a.loc.column == b.loc.column);
    REQUIRE(a.notes.size() == b.notes.size());
    for (std::size_t i = 0; i < a.notes.size(); ++i) {
        CHECK(a.notes[i].message == b.notes[i].message);
        CHECK(a.notes[i].loc.line == b.notes[i].loc.line);
        CHECK(a.notes[i].loc.column == b.notes[i].loc.column);
    }
}

// ---- generated charters --------------------------------------------------------

using Rng = std::mt19937;

int pick(Rng& rng, int lo, int hi) {
    return std::uniform_int_distribution<int>(lo, hi)(rng);
}
bool chance(Rng& rng, int percent) {
    return pick(rng, 1, 100) <= percent;
}

std::string date(Rng& rng) {
    return fmt::format("{}-{:02}-01", pick(rng, 2025, 2031), pick(rng, 1, 12));
}

/// A list of 1..3 of `words` (repeats allowed), written as YAML.
std::string some(Rng& rng, const std::vector<std::string>& words) {
    int n = pick(rng, 1, 3);
    std::string out = "[";
    for (int i = 0; i < n; ++i) {
        out += (i ? ", " : "") +
               words[static_cast<std::size_t>(pick(rng, 0, static_cast<int>(words.size()) - 1))];
    }
    return out + "]";
}

/// A charter of few assets, territories and fields, so licenses meet often:
/// with and without a term, fields differing in case, `all` and `worldwide`,
/// unknown assets, repeated entries, periods known or not, backwards or not.
std::string generate(Rng& rng) {
    std::string y = "charter: 1\nid: g\ntitle: G\nkind: joint-development\n"
                    "effective: 2026-01-15\n";
    if (chance(rng, 85)) {
        y += "term: {ends: 2030-12-31}\n";
    }
    y += "currency: USD\nparties:\n  - {id: acme, name: Acme}\n  - {id: globex, name: Globex}\n"
         "ip:\n  assets:\n";
    const std::vector<std::string> assets{"a", "b", "c", "d"};
    for (const auto& a : assets) {
        y += fmt::format("    - {{id: {}, title: A, class: background, type: software, "
                         "owner: acme}}\n",
                         a);
    }
    const std::vector<std::string> refs{"a", "b", "c", "d", "ghost"};
    const std::vector<std::string> fields{"robots", "Robots", "arms", "all", "ALL"};
    const std::vector<std::string> territories{"EU", "US", "JP", "worldwide"};
    y += "  licenses:\n";
    int n = pick(rng, 0, 14);
    for (int i = 0; i < n; ++i) {
        std::string assets_of =
            chance(rng, 40) ? refs[static_cast<std::size_t>(pick(rng, 0, 4))] : some(rng, refs);
        std::string territory = chance(rng, 20) ? std::string(chance(rng, 50) ? "worldwide" : "EU")
                                                : some(rng, territories);
        y += fmt::format("    - {{id: l{}, asset: {}, from: acme, to: globex, scope: commercial, "
                         "field: {}, territory: {}, exclusive: {}",
                         i % 11, assets_of, fields[static_cast<std::size_t>(pick(rng, 0, 4))],
                         territory, chance(rng, 75) ? "true" : "false");
        if (chance(rng, 50)) {
            y += ", starts: " + date(rng);
        }
        if (chance(rng, 50)) {
            y += ", ends: " + date(rng);
        }
        y += "}\n";
    }
    return y;
}

} // namespace

TEST_SUITE("check") {
    TEST_CASE("exclusive overlaps are found through shared keys, as the pairwise comparison "
              "found them: same findings, order, words and places on 400 generated charters") {
        std::size_t total = 0;
        for (unsigned seed = 0; seed < 400; ++seed) {
            Rng rng(seed);
            std::string text = generate(rng);
            auto c = charter_from_text(text, Structure::MayFail);
            auto before = old_overlaps(c);
            auto now = new_overlaps(c);
            INFO("seed " << seed << "\n" << text);
            REQUIRE(now.size() == before.size());
            for (std::size_t i = 0; i < now.size(); ++i) {
                check_same(now[i], before[i]);
            }
            total += now.size();
        }
        CHECK(total > 400); // the charters do overlap, often
    }

    TEST_CASE("more than 1,000 overlapping pairs: the first 1,000 are reported, the last notes "
              "the next") {
        std::string y = "charter: 1\nid: g\ntitle: G\nkind: joint-development\n"
                        "effective: 2026-01-15\nterm: {ends: 2030-12-31}\ncurrency: USD\n"
                        "parties:\n  - {id: acme, name: Acme}\n  - {id: globex, name: Globex}\n"
                        "ip:\n  assets:\n    - {id: a, title: A, class: background, type: "
                        "software, owner: acme}\n  licenses:\n";
        for (int i = 0; i < 50; ++i) { // 1,225 pairs
            y += fmt::format("    - {{id: l{}, asset: a, from: acme, to: globex, scope: all, "
                             "field: all, territory: worldwide, exclusive: true}}\n",
                             i);
        }
        auto c = charter_from_text(y);
        auto before = old_overlaps(c);
        auto now = new_overlaps(c);
        REQUIRE(before.size() == 1225);
        REQUIRE(now.size() == 1000);
        for (std::size_t i = 0; i + 1 < now.size(); ++i) {
            check_same(now[i], before[i]);
        }
        // by later license: l1..l44 make 990 pairs, so l45 with l9 is the 1,000th, l10 the next
        CHECK(now.back().message == before[999].message);
        REQUIRE(now.back().notes.size() == 2);
        CHECK(now.back().notes[1].message ==
              "exclusive license 'l45' overlaps 'l10' too: only the first 1000 overlapping "
              "pairs are reported");
    }
}
