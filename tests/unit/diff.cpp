// Properties of the semantic diff (lib/compare) over generated charters.
//
// A seeded generator builds a charter as a small tree of typed values
// (ratios, money, formulas, ids, ...) and prints it as YAML, either plainly or
// re-spelled: keys shuffled, flow or block style, comments, ratios as 50%,
// 1/2 or 0.5, money with or without `_` and decimals, `to: p` as
// `{p: 100%}`, defaults written out, territories shuffled and keyed lists
// reversed. Both texts go through validate_source, as `charter diff` reads
// them.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <numeric>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "compare/diff.hpp"
#include "diag/diagnostic.hpp"
#include "validate/validate.hpp"

using namespace charter;

namespace {

using Rng = std::mt19937;

int pick(Rng& rng, int lo, int hi) {
    return std::uniform_int_distribution<int>(lo, hi)(rng);
}
bool chance(Rng& rng, int percent) {
    return pick(rng, 1, 100) <= percent;
}

long long gcd_of(long long a, long long b) {
    return std::gcd(a, b);
}

struct Field;

/// A value of a generated charter, typed so that it can be spelled in every
/// way the format allows.
struct Val {
    enum class K { Text, Ratio, Money, Formula, Map, List } k = K::Text;
    std::string text;                            // Text: ids, names, dates, words, integers
    long long num = 0, den = 1;                  // Ratio num/den; Money: num in cents
    int tmpl = 0;                                // Formula: which template
    long long rate_per_mille = 0, cap_cents = 0; // Formula: its two constants
    std::vector<Field> fields;                   // Map, in canonical order
    std::vector<bool> optional_default; // Map: this field holds its default and may be left out
    std::vector<Val> items;             // List
    bool keyed = false;                 ///< List of mappings with `id`
    bool ordered =
        false; ///< keyed, but order carries meaning (waterfall): never reordered by re-spelling
    bool set = false; ///< List whose order means nothing (territory)
    bool party_or_ratios =
        false; ///< Map of ratios that may be written as one party id when it is {p: 100%}
    bool id_or_ids = false; ///< List of ids that may be written as one id when it has one item
};

/// A key and its value (a pair would need Val complete, std::vector does not).
struct Field {
    std::string first;
    Val second;
};

Val text(std::string s) {
    Val v;
    v.text = std::move(s);
    return v;
}
Val ratio(long long num, long long den) {
    Val v;
    v.k = Val::K::Ratio;
    long long g = gcd_of(num, den);
    v.num = num / g;
    v.den = den / g;
    return v;
}
Val money(long long cents) {
    Val v;
    v.k = Val::K::Money;
    v.num = cents;
    return v;
}
Val formula(int tmpl, long long rate_per_mille, long long cap_cents) {
    Val v;
    v.k = Val::K::Formula;
    v.tmpl = tmpl;
    v.rate_per_mille = rate_per_mille;
    v.cap_cents = cap_cents;
    return v;
}
Val map() {
    Val v;
    v.k = Val::K::Map;
    return v;
}
Val list(bool keyed = false) {
    Val v;
    v.k = Val::K::List;
    v.keyed = keyed;
    return v;
}
void put(Val& m, std::string key, Val v, bool is_default = false) {
    m.fields.push_back(Field{std::move(key), std::move(v)});
    m.optional_default.push_back(is_default);
}
Val ids(const std::vector<std::string>& xs) {
    Val v = list();
    for (const auto& x : xs) {
        v.items.push_back(text(x));
    }
    return v;
}

/// Ratios in hundredths that add up to exactly 1, one per party.
Val ratios_over(Rng& rng, const std::vector<std::string>& parties) {
    Val m = map();
    int left = 100;
    for (std::size_t i = 0; i < parties.size(); ++i) {
        int part = i + 1 == parties.size() ? left : pick(rng, 0, left);
        left -= part;
        put(m, parties[i], ratio(part, 100));
    }
    return m;
}

std::vector<std::string> some_of(Rng& rng, const std::vector<std::string>& xs,
                                 std::size_t min_count) {
    std::vector<std::string> out;
    for (const auto& x : xs) {
        if (chance(rng, 50)) {
            out.push_back(x);
        }
    }
    for (std::size_t i = 0; out.size() < min_count && i < xs.size(); ++i) {
        if (std::find(out.begin(), out.end(), xs[i]) == out.end()) {
            out.push_back(xs[i]);
        }
    }
    return out;
}

std::string date_in(Rng& rng, int from_year, int to_year) {
    return fmt::format("{}-{:02}-{:02}", pick(rng, from_year, to_year), pick(rng, 1, 12),
                       pick(rng, 1, 28));
}

/// A random valid charter (scenario expectations aside: they are not checked).
Val generate(Rng& rng, int n) {
    Val c = map();
    put(c, "charter", text("1"));
    put(c, "id", text(fmt::format("gen-{}", n)));
    put(c, "title", text(fmt::format("Generated charter {}", n)));
    put(c, "kind", text("joint-venture"));
    put(c, "effective", text("2026-01-01"));
    Val term = map();
    put(term, "ends", text("2030-12-31"));
    put(c, "term", term);
    put(c, "currency", text("USD"));
    put(c, "rounding", text("half-even"), true);

    std::vector<std::string> parties;
    Val party_list = list(true);
    int n_parties = pick(rng, 2, 4);
    for (int i = 0; i < n_parties; ++i) {
        parties.push_back(fmt::format("p{}", i));
        Val p = map();
        put(p, "id", text(parties.back()));
        put(p, "name", text(fmt::format("Party {} Ltd", i)));
        if (chance(rng, 50)) {
            put(p, "jurisdiction", text(chance(rng, 50) ? "DE" : "US-DE"));
        }
        party_list.items.push_back(p);
    }
    put(c, "parties", party_list);
    auto any_party = [&] { return parties[static_cast<std::size_t>(pick(rng, 0, n_parties - 1))]; };

    int n_contributions = pick(rng, 0, 3);
    if (n_contributions > 0) {
        Val cs = list(true);
        for (int i = 0; i < n_contributions; ++i) {
            Val x = map();
            put(x, "id", text(fmt::format("c{}", i)));
            put(x, "party", text(any_party()));
            put(x, "kind", text("cash"));
            put(x, "value",
                money(static_cast<long long>(pick(rng, 1, 500)) * 1'000'000 +
                      (chance(rng, 30) ? pick(rng, 1, 99) : 0)));
            bool recoupable = chance(rng, 50);
            put(x, "recoupable", text(recoupable ? "true" : "false"), !recoupable);
            cs.items.push_back(x);
        }
        put(c, "contributions", cs);
    }

    // IP: background assets owned by one party, foreground ones jointly
    Val assets = list(true);
    std::vector<std::pair<std::string, std::string>> background; // asset, owner
    int n_assets = pick(rng, 1, 4);
    for (int i = 0; i < n_assets; ++i) {
        Val a = map();
        std::string id = fmt::format("a{}", i);
        bool bg = i == 0 || chance(rng, 50);
        put(a, "id", text(id));
        put(a, "title", text(fmt::format("Asset {}", i)));
        put(a, "class", text(bg ? "background" : "foreground"));
        put(a, "type", text(bg ? "software" : "patent-application"));
        if (bg) {
            std::string owner = any_party();
            background.emplace_back(id, owner);
            Val o = map();
            o.party_or_ratios = true;
            put(o, owner, ratio(1, 1));
            put(a, "owner", o);
        } else {
            Val o = ratios_over(rng, some_of(rng, parties, 1));
            o.party_or_ratios = true;
            put(a, "owner", o);
            put(a, "creators", ids(some_of(rng, parties, 1)));
        }
        assets.items.push_back(a);
    }
    Val ip = map();
    put(ip, "foreground_rule", text("joint-equal"));
    put(ip, "assets", assets);
    int n_licenses = pick(rng, 0, 3);
    if (n_licenses > 0) {
        Val ls = list(true);
        for (int i = 0; i < n_licenses; ++i) {
            const auto& [asset, owner] = background[static_cast<std::size_t>(
                pick(rng, 0, static_cast<int>(background.size()) - 1))];
            std::vector<std::string> others;
            for (const auto& p : parties) {
                if (p != owner) {
                    others.push_back(p);
                }
            }
            Val l = map();
            put(l, "id", text(fmt::format("l{}", i)));
            Val as = ids({asset});
            as.id_or_ids = true;
            put(l, "asset", as);
            put(l, "from", text(owner));
            Val to = ids(some_of(rng, others, 1));
            to.id_or_ids = true;
            put(l, "to", to);
            put(l, "scope", text("all"));
            put(l, "field", text(fmt::format("field {}", i)));
            Val territory = ids(some_of(rng, {"EU", "US", "JP", "CN", "BR"}, 1));
            territory.set = true;
            put(l, "territory", territory);
            put(l, "exclusive", text("false"));
            put(l, "sublicensable", text("false"), true);
            put(l, "survives", text("none"), true);
            ls.items.push_back(l);
        }
        put(ip, "licenses", ls);
    }
    put(c, "ip", ip);

    int n_milestones = pick(rng, 0, 3);
    if (n_milestones > 0) {
        Val ms = list(true);
        for (int i = 0; i < n_milestones; ++i) {
            Val m = map();
            put(m, "id", text(fmt::format("m{}", i)));
            put(m, "title", text(fmt::format("Milestone {}", i)));
            put(m, "owner", text(any_party()));
            put(m, "due", text(date_in(rng, 2026 + i, 2026 + i)));
            if (i > 0 && chance(rng, 50)) {
                put(m, "depends_on", ids({fmt::format("m{}", i - 1)}));
            }
            if (chance(rng, 50)) {
                Val pay = map();
                put(pay, "from", text(any_party()));
                put(pay, "to", text(any_party()));
                put(pay, "amount", money(static_cast<long long>(pick(rng, 1, 900)) * 100'000));
                put(m, "payment", pay);
            }
            ms.items.push_back(m);
        }
        put(c, "milestones", ms);
    }

    Val economics = map();
    put(economics, "shares", ratios_over(rng, parties));
    put(economics, "unvested", text("pro-rata"), true);
    Val streams = list(true);
    int n_streams = pick(rng, 1, 2);
    std::vector<std::string> stream_ids;
    for (int s = 0; s < n_streams; ++s) {
        stream_ids.push_back(fmt::format("s{}", s));
        Val steps = list(true);
        steps.ordered = true;
        auto to_of = [&] {
            Val to = chance(rng, 60) ? [&] {
                Val one = map();
                put(one, any_party(), ratio(1, 1));
                return one;
            }()
                                     : ratios_over(rng, some_of(rng, parties, 1));
            to.party_or_ratios = true;
            return to;
        };
        if (chance(rng, 50)) {
            Val step = map();
            put(step, "id", text("recoup"));
            Val r = map();
            put(r, "parties", text("all"), true);
            put(r, "order", text("pro-rata"), true);
            put(step, "recoup", r);
            steps.items.push_back(step);
        }
        if (chance(rng, 60)) {
            Val step = map();
            put(step, "id", text("royalty"));
            put(step, "to", to_of());
            Val roy = map();
            put(roy, "cumulative", text("false"), true);
            Val tiers = list();
            long long from = 0;
            int n_tiers = pick(rng, 1, 3);
            for (int t = 0; t < n_tiers; ++t) {
                Val tier = map();
                put(tier, "from", money(from));
                put(tier, "rate", ratio(pick(rng, 0, 200), 1000));
                tiers.items.push_back(tier);
                from += static_cast<long long>(pick(rng, 1, 50)) * 10'000'000;
            }
            put(roy, "tiers", tiers);
            put(step, "royalty", roy);
            put(step, "carry", text("false"), true);
            steps.items.push_back(step);
        }
        if (chance(rng, 60)) {
            Val step = map();
            put(step, "id", text("fee"));
            put(step, "to", to_of());
            put(step, "amount",
                formula(pick(rng, 0, 3), pick(rng, 1, 150),
                        static_cast<long long>(pick(rng, 1, 100)) * 1'000'000));
            put(step, "carry", text("false"), true);
            steps.items.push_back(step);
        }
        Val rest = map();
        put(rest, "id", text("rest"));
        if (chance(rng, 50)) {
            put(rest, "split", text("shares"));
        } else {
            put(rest, "split", ratios_over(rng, parties));
        }
        steps.items.push_back(rest);
        Val stream = map();
        put(stream, "id", text(stream_ids.back()));
        put(stream, "title", text(fmt::format("Stream {}", s)));
        put(stream, "waterfall", steps);
        streams.items.push_back(stream);
    }
    put(economics, "streams", streams);
    put(c, "economics", economics);

    Val governance = map();
    Val committee = map();
    Val seats = map();
    int total_seats = 0;
    for (const auto& p : parties) {
        int s = pick(rng, 1, 3);
        total_seats += s;
        put(seats, p, text(std::to_string(s)));
    }
    put(committee, "seats", seats);
    put(committee, "quorum", text(std::to_string(pick(rng, 1, total_seats))));
    bool casting = chance(rng, 50);
    put(committee, "casting_vote", text(casting ? any_party() : "none"), !casting);
    put(governance, "committee", committee);
    Val matters = list(true);
    Val matter = map();
    put(matter, "id", text("budget"));
    put(matter, "approval", text("supermajority"));
    put(matter, "threshold", ratio(pick(rng, 51, 100), 100));
    matters.items.push_back(matter);
    put(governance, "matters", matters);
    put(c, "governance", governance);

    Val triggers = list(true);
    int n_triggers = pick(rng, 1, 3);
    for (int t = 0; t < n_triggers; ++t) {
        Val tr = map();
        put(tr, "id", text(fmt::format("t{}", t)));
        put(tr, "cause", text("convenience"));
        put(tr, "invoked_by", text("any"));
        put(tr, "leaver", text("invoker"));
        if (chance(rng, 50)) {
            put(tr, "notice", text(fmt::format("{}d", pick(rng, 0, 365))));
        }
        put(tr, "unvested", text("forfeit"), true);
        put(tr, "foreground", text("keep"));
        triggers.items.push_back(tr);
    }
    Val exit = map();
    put(exit, "triggers", triggers);
    put(c, "exit", exit);
    Val conf = map();
    put(conf, "survives", text(fmt::format("{}y", pick(rng, 1, 9))));
    put(c, "confidentiality", conf);

    Val scenarios = list(true);
    Val sc = map();
    put(sc, "id", text("year"));
    Val revenue = map();
    for (const auto& s : stream_ids) {
        put(revenue, s, money(static_cast<long long>(pick(rng, 0, 100'000)) * 10'000));
    }
    put(sc, "revenue", revenue);
    Val expect = map();
    put(expect, parties[0], money(0));
    put(sc, "expect", expect);
    scenarios.items.push_back(sc);
    put(c, "scenarios", scenarios);
    return c;
}

// ---- printing -------------------------------------------------------------

/// How a charter is printed: plainly, or re-spelled at random.
struct Spelling {
    Rng* rng = nullptr;  ///< null: the plain spelling
    bool reorder = true; ///< re-spelling also reverses keyed lists
    bool respell() const { return rng != nullptr; }
    bool coin(int percent) const { return rng && chance(*rng, percent); }
    int choose(int n) const { return rng ? pick(*rng, 0, n - 1) : 0; }
};

/// Digits of a non-negative integer with `_` between groups of three.
std::string grouped(const std::string& digits) {
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) {
            out += '_';
        }
        out += digits[i];
    }
    return out;
}

/// x / 10^places as a decimal, trailing zeros dropped (x >= 0).
std::string decimal(long long x, int places, bool keep_zeros = false) {
    long long scale = 1;
    for (int i = 0; i < places; ++i) {
        scale *= 10;
    }
    std::string whole = std::to_string(x / scale);
    std::string frac = fmt::format("{:0{}}", x % scale, places);
    if (!keep_zeros) {
        while (!frac.empty() && frac.back() == '0') {
            frac.pop_back();
        }
    }
    return frac.empty() ? whole : whole + "." + frac;
}

std::string money_text(long long cents, const Spelling& sp) {
    std::string whole = std::to_string(cents / 100);
    long long frac = cents % 100;
    switch (sp.choose(3)) {
    case 0:
        whole = grouped(whole);
        break;
    case 1:
        break;
    default:
        return whole + "." + fmt::format("{:02}", frac); // 1500000.00
    }
    if (frac == 0) {
        return whole;
    }
    return whole + "." + decimal(frac, 2).substr(2); // 0.5 -> 5, 0.05 -> 05
}

std::string ratio_text(long long num, long long den, const Spelling& sp) {
    // every generated ratio has a denominator dividing 1000
    REQUIRE(1000 % den == 0);
    long long per_mille = num * (1000 / den);
    switch (sp.choose(4)) {
    case 0:
        return decimal(per_mille, 1) + "%"; // 62.5%
    case 1:
        return decimal(per_mille, 3); // 0.625
    case 2:
        return fmt::format("{}/{}", num, den); // 5/8
    default:
        return fmt::format("{}/{}", num * 2, den * 2); // 10/16
    }
}

std::string formula_text(const Val& v, const Spelling& sp) {
    std::string rate =
        sp.coin(50) ? decimal(v.rate_per_mille, 3) : decimal(v.rate_per_mille, 1) + "%";
    std::string cap = sp.coin(50) ? grouped(std::to_string(v.cap_cents / 100))
                                  : std::to_string(v.cap_cents / 100);
    if (sp.coin(30)) {
        cap += ".00";
    }
    bool tight = sp.coin(50);
    std::string times = tight ? "*" : " * ";
    std::string comma = tight ? "," : ", ";
    std::string product = rate + times + "revenue";
    if (sp.coin(30)) {
        product = "(" + product + ")";
    }
    switch (v.tmpl) {
    case 0:
        return "max(" + product + comma + cap + ")";
    case 1:
        return "min(revenue" + comma + cap + ")";
    case 2:
        return product;
    default:
        return "if(revenue > " + cap + comma + rate + times + "(revenue - " + cap + ")" + comma +
               "0)";
    }
}

std::string scalar_text(const Val& v, const Spelling& sp) {
    switch (v.k) {
    case Val::K::Ratio:
        return ratio_text(v.num, v.den, sp);
    case Val::K::Money:
        return money_text(v.num, sp);
    case Val::K::Formula: {
        std::string f = formula_text(v, sp);
        return sp.coin(50) ? "'" + f + "'" : "\"" + f + "\"";
    }
    default:
        if (sp.coin(15) &&
            v.text.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ ") ==
                std::string::npos &&
            v.text != "true" && v.text != "false" && v.text != "none" && !v.text.empty()) {
            return "\"" + v.text + "\"";
        }
        return v.text;
    }
}

bool is_scalar(const Val& v) {
    return v.k != Val::K::Map && v.k != Val::K::List;
}

/// The value as written: a one-party ratio mapping may become the party, a
/// one-id list the id.
const Val* collapsed(const Val& v, const Spelling& sp, Val& scratch) {
    if (v.party_or_ratios && v.fields.size() == 1 && v.fields[0].second.num == 1 &&
        v.fields[0].second.den == 1 && !sp.coin(50)) {
        scratch = text(v.fields[0].first);
        return &scratch;
    }
    if (v.id_or_ids && v.items.size() == 1 && !sp.coin(50)) {
        scratch = v.items[0];
        return &scratch;
    }
    return &v;
}

/// The fields to print, in order: defaults left out (plain) or kept at
/// random (re-spelled), keys shuffled when re-spelled.
std::vector<std::size_t> field_order(const Val& m, const Spelling& sp) {
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < m.fields.size(); ++i) {
        if (!m.optional_default[i] || sp.coin(50)) {
            order.push_back(i);
        }
    }
    if (sp.respell()) {
        std::shuffle(order.begin(), order.end(), *sp.rng);
    }
    return order;
}

std::vector<std::size_t> item_order(const Val& l, const Spelling& sp) {
    std::vector<std::size_t> order(l.items.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    if (sp.respell() && l.set) {
        std::shuffle(order.begin(), order.end(), *sp.rng);
    } else if (sp.respell() && sp.reorder && l.keyed && !l.ordered) {
        std::reverse(order.begin(), order.end());
    }
    return order;
}

std::string flow_map(const Val& w, const Spelling& sp, const std::vector<std::size_t>& order);

std::string flow(const Val& v, const Spelling& sp) {
    Val scratch;
    const Val& w = *collapsed(v, sp, scratch);
    if (is_scalar(w)) {
        return scalar_text(w, sp);
    }
    if (w.k == Val::K::Map) {
        return flow_map(w, sp, field_order(w, sp));
    }
    std::string out;
    for (std::size_t i : item_order(w, sp)) {
        out += (out.empty() ? "" : ", ") + flow(w.items[i], sp);
    }
    return "[" + out + "]";
}

std::string flow_map(const Val& w, const Spelling& sp, const std::vector<std::size_t>& order) {
    std::string out;
    {
        for (std::size_t i : order) {
            out +=
                (out.empty() ? "" : ", ") + w.fields[i].first + ": " + flow(w.fields[i].second, sp);
        }
    }
    return "{" + out + "}";
}

/// Whether a collection holds only scalars (so flow style reads well).
bool shallow(const Val& v) {
    for (const auto& [k, x] : v.fields) {
        if (!is_scalar(x) &&
            !(x.k == Val::K::List && std::all_of(x.items.begin(), x.items.end(), is_scalar))) {
            return false;
        }
    }
    return std::all_of(v.items.begin(), v.items.end(),
                       [](const Val& x) { return is_scalar(x) || shallow(x); });
}

std::string block(const Val& v, const Spelling& sp, int indent);
std::string block_map(const Val& m, const Spelling& sp, int indent,
                      const std::vector<std::size_t>& order);

/// `key: value` lines of a mapping in block style at `indent`.
std::string block_map(const Val& m, const Spelling& sp, int indent) {
    return block_map(m, sp, indent, field_order(m, sp));
}

std::string block_map(const Val& m, const Spelling& sp, int indent,
                      const std::vector<std::size_t>& order) {
    std::string pad(static_cast<std::size_t>(indent), ' ');
    std::string out;
    for (std::size_t i : order) {
        const auto& [key, x] = m.fields[i];
        if (sp.coin(5)) {
            out += pad + "# a comment about " + key + "\n";
        }
        Val scratch;
        const Val& w = *collapsed(x, sp, scratch);
        std::string trailing = sp.coin(5) ? "  # trailing" : "";
        if (is_scalar(w)) {
            out += pad + key + ": " + scalar_text(w, sp) + trailing + "\n";
        } else if (w.k == Val::K::Map) {
            // decide what is written first: a mapping whose fields are all left out is {}
            auto fields = field_order(w, sp);
            if (fields.empty() || (shallow(w) && (sp.respell() ? sp.coin(50) : true))) {
                out += pad + key + ": " + flow_map(w, sp, fields) + trailing + "\n";
            } else {
                out += pad + key + ":\n" + block_map(w, sp, indent + 2, fields);
            }
        } else if (w.items.empty() || (shallow(w) && (sp.respell() ? sp.coin(50) : true))) {
            out += pad + key + ": " + flow(w, sp) + trailing + "\n";
        } else {
            out += pad + key + ":\n" + block(w, sp, indent + 2);
        }
    }
    return out;
}

std::string block(const Val& v, const Spelling& sp, int indent) {
    if (v.k == Val::K::Map) {
        return block_map(v, sp, indent);
    }
    std::string pad(static_cast<std::size_t>(indent), ' ');
    std::string out;
    for (std::size_t i : item_order(v, sp)) {
        const Val& x = v.items[i];
        if (is_scalar(x) || (shallow(x) && (sp.respell() ? sp.coin(50) : true))) {
            out += pad + "- " + flow(x, sp) + "\n";
        } else if (x.k == Val::K::Map) {
            // the first field goes on the dash line (generated entries always have an id)
            std::string body = block_map(x, sp, indent + 2);
            out += pad + "- " + body.substr(static_cast<std::size_t>(indent) + 2);
        } else {
            out += pad + "-\n" + block(x, sp, indent + 2);
        }
    }
    return out;
}

std::string print(const Val& c, Rng* rng = nullptr, bool reorder = true) {
    Spelling sp{rng, reorder};
    std::string header = rng ? "# re-spelled copy\n" : "";
    return header + block(c, sp, 0);
}

// ---- mutation -------------------------------------------------------------

/// Changes a copy of a charter at random: values, entries added (with fresh
/// ids), removed and moved. The result need not be a valid charter.
void mutate(Val& v, Rng& rng, int& fresh, const std::string& key = {}) {
    switch (v.k) {
    case Val::K::Ratio:
        if (chance(rng, 10)) {
            v = ratio(pick(rng, 0, 100), 100);
        }
        return;
    case Val::K::Money:
        if (chance(rng, 10)) {
            v.num += static_cast<long long>(pick(rng, 1, 1000)) * 100;
        }
        return;
    case Val::K::Formula:
        if (chance(rng, 15)) {
            v.rate_per_mille += pick(rng, 1, 9);
        }
        return;
    case Val::K::Text:
        if (key != "id" && chance(rng, 5)) {
            v.text += "x";
        }
        return;
    case Val::K::Map:
        for (std::size_t i = 0; i < v.fields.size(); ++i) {
            mutate(v.fields[i].second, rng, fresh, v.fields[i].first);
        }
        if (!v.fields.empty() && key.empty() == false && chance(rng, 5)) {
            std::size_t i =
                static_cast<std::size_t>(pick(rng, 0, static_cast<int>(v.fields.size()) - 1));
            if (v.fields[i].first != "id") {
                v.fields.erase(v.fields.begin() + static_cast<std::ptrdiff_t>(i));
                v.optional_default.erase(v.optional_default.begin() +
                                         static_cast<std::ptrdiff_t>(i));
            }
        }
        return;
    case Val::K::List:
        for (auto& x : v.items) {
            mutate(x, rng, fresh);
        }
        if (!v.keyed || v.items.empty()) {
            return;
        }
        if (chance(rng, 20) && v.items.size() > 1) {
            v.items.erase(v.items.begin() + pick(rng, 0, static_cast<int>(v.items.size()) - 1));
        }
        if (chance(rng, 20)) {
            Val copy = v.items[static_cast<std::size_t>(
                pick(rng, 0, static_cast<int>(v.items.size()) - 1))];
            for (auto& [k, x] : copy.fields) {
                if (k == "id") {
                    x.text = fmt::format("new{}", fresh++);
                }
            }
            v.items.insert(v.items.begin() + pick(rng, 0, static_cast<int>(v.items.size())), copy);
        }
        if (chance(rng, 30)) {
            std::shuffle(v.items.begin(), v.items.end(), rng);
        }
        return;
    }
}

// ---- diffing --------------------------------------------------------------

struct Loaded {
    compare::Side side;
    std::vector<std::string> errors; ///< error messages, scenario expectations aside
};

Loaded load(const std::string& name, const std::string& text) {
    Loaded l;
    l.side.name = name;
    Validated v = validate_source(std::make_shared<const Source>(name, text));
    REQUIRE(v.charter.has_value());
    l.side.tree = v.charter->tree;
    for (const auto& d : v.report.diagnostics) {
        // as `charter diff` counts them: a failed expectation is what the impact shows
        if (d.severity == Severity::Error && d.code != Code::ScenarioMismatch) {
            ++l.side.errors;
            l.errors.push_back(d.message);
        }
    }
    l.side.charter = std::move(v.charter);
    return l;
}

compare::DiffResult diff(const Loaded& a, const Loaded& b) {
    return compare::diff_charters(a.side, b.side);
}

/// One change as a line of text, for comparisons and messages.
std::string line(const std::string& kind, const compare::Change& c, bool swap) {
    const auto& o = swap ? c.new_value : c.old_value;
    const auto& n = swap ? c.old_value : c.new_value;
    return fmt::format("{} {} [{}] {} -> {}", kind, c.path, c.area, o.dump(), n.dump());
}

std::string all_lines(const compare::DiffResult& r) {
    std::string s;
    for (const auto& c : r.changes) {
        s += line(c.kind, c, false) + "\n";
    }
    return s;
}

std::string mirrored_kind(const std::string& kind) {
    if (kind == "added") {
        return "removed";
    }
    if (kind == "removed") {
        return "added";
    }
    return kind;
}

/// Checks that diff(a, b) and diff(b, a) are mirror images.
void check_mirror(const compare::DiffResult& ab, const compare::DiffResult& ba) {
    std::vector<std::string> forward, backward;
    std::map<std::string, std::pair<long long, long long>> moves_ab;
    std::size_t n_moves_ab = 0, n_moves_ba = 0;
    for (const auto& c : ab.changes) {
        if (c.kind == "moved") {
            ++n_moves_ab;
            moves_ab[c.path] = {c.old_value.get<long long>(), c.new_value.get<long long>()};
        } else {
            forward.push_back(line(c.kind, c, false));
        }
    }
    for (const auto& c : ba.changes) {
        if (c.kind == "moved") {
            ++n_moves_ba;
            // an entry both directions call moved moved between the same places
            auto it = moves_ab.find(c.path);
            if (it != moves_ab.end()) {
                CHECK(c.old_value.get<long long>() == it->second.second);
                CHECK(c.new_value.get<long long>() == it->second.first);
            }
        } else {
            backward.push_back(line(mirrored_kind(c.kind), c, true));
        }
    }
    std::sort(forward.begin(), forward.end());
    std::sort(backward.begin(), backward.end());
    CHECK(forward == backward);
    // a longest common subsequence has the same length both ways
    CHECK(n_moves_ab == n_moves_ba);
    CHECK(ab.differs() == ba.differs());
}

/// A whole added or removed entry is reported once, not also field by field.
void check_whole_entries_once(const compare::DiffResult& r) {
    for (const auto& c : r.changes) {
        if (c.kind != "added" && c.kind != "removed") {
            continue;
        }
        for (const auto& d : r.changes) {
            bool inside = d.path.size() > c.path.size() &&
                          d.path.compare(0, c.path.size(), c.path) == 0 &&
                          (d.path[c.path.size()] == '.' || d.path[c.path.size()] == '[');
            INFO(c.path << " and " << d.path);
            CHECK_FALSE(inside);
        }
    }
}

/// Keyed lists of a charter that re-spelling reverses: their sizes.
void reversed_lists(const Val& v, std::vector<std::size_t>& sizes) {
    if (v.k == Val::K::List && v.keyed && !v.ordered) {
        sizes.push_back(v.items.size());
    }
    for (const auto& [k, x] : v.fields) {
        reversed_lists(x, sizes);
    }
    for (const auto& x : v.items) {
        reversed_lists(x, sizes);
    }
}

const char* kSwapOld = R"Y(charter: 1
id: swap
title: Swap
kind: joint-venture
effective: 2026-01-01
term: {ends: 2030-12-31}
currency: USD
parties:
  - {id: acme, name: Acme}
  - {id: globex, name: Globex}
)Y";

const char* kSwapNew = R"Y(charter: 1
id: swap
title: Swap
kind: joint-venture
effective: 2026-01-01
term: {ends: 2030-12-31}
currency: USD
parties:
  - {id: globex, name: Globex}
  - {id: acme, name: Acme}
)Y";

} // namespace

TEST_SUITE("diff") {
    TEST_CASE("a generated charter validates, and compared with itself has no change") {
        for (int n = 0; n < 60; ++n) {
            Rng rng(static_cast<unsigned>(1000 + n));
            Val c = generate(rng, n);
            std::string text = print(c);
            INFO("charter:\n" << text);
            Loaded a = load("a.charter.yaml", text);
            for (const auto& e : a.errors) {
                INFO(e);
                CHECK(false);
            }
            auto r = diff(a, a);
            CHECK(r.changes.empty());
            CHECK(r.warnings.empty());
            CHECK_FALSE(r.differs());
            // the scenario is in both versions, so it has an impact with no delta
            REQUIRE(r.impact.size() == 1);
            for (const auto& p : r.impact[0].by_party) {
                REQUIRE(p.old_amount.has_value());
                REQUIRE(p.new_amount.has_value());
                CHECK(*p.old_amount == *p.new_amount);
            }
        }
    }

    TEST_CASE("a re-spelled and re-ordered copy has only moves, one fewer than the entries of each "
              "reversed list") {
        int respelled = 0;
        for (int n = 0; n < 60; ++n) {
            Rng rng(static_cast<unsigned>(2000 + n));
            Val c = generate(rng, n);
            std::string plain = print(c);
            std::string other = print(c, &rng);
            INFO("plain:\n" << plain << "\nre-spelled:\n" << other);
            Loaded a = load("a.charter.yaml", plain);
            Loaded b = load("b.charter.yaml", other);
            for (const auto& e : b.errors) {
                INFO(e);
                CHECK(false);
            }
            auto r = diff(a, b);
            INFO("changes:\n" << all_lines(r));
            std::size_t moves = 0;
            for (const auto& c2 : r.changes) {
                CHECK(c2.kind == "moved");
                CHECK(c2.cosmetic);
                moves += c2.kind == "moved";
            }
            CHECK_FALSE(r.differs());
            // reversing n entries keeps one in place (a longest common subsequence of 1)
            std::vector<std::size_t> sizes;
            reversed_lists(c, sizes);
            std::size_t expected = 0;
            for (std::size_t s : sizes) {
                expected += s > 1 ? s - 1 : 0;
            }
            CHECK(moves == expected);
            // both versions compute (the amounts may differ: the order of
            // parties breaks ties, the order of streams decides which one
            // recoups first)
            REQUIRE(r.impact.size() == 1);
            CHECK_FALSE(r.impact[0].old_error);
            CHECK_FALSE(r.impact[0].new_error);
            respelled += plain != other;
        }
        CHECK(respelled == 60);
    }

    TEST_CASE("a re-spelled copy in the same order has no change and the same money") {
        for (int n = 0; n < 40; ++n) {
            Rng rng(static_cast<unsigned>(2500 + n));
            Val c = generate(rng, n);
            std::string plain = print(c);
            std::string other = print(c, &rng, false);
            INFO("plain:\n" << plain << "\nre-spelled:\n" << other);
            auto r = diff(load("a.charter.yaml", plain), load("b.charter.yaml", other));
            INFO("changes:\n" << all_lines(r));
            CHECK(r.changes.empty());
            REQUIRE(r.impact.size() == 1);
            for (const auto& p : r.impact[0].by_party) {
                REQUIRE(p.old_amount.has_value());
                REQUIRE(p.new_amount.has_value());
                CHECK(*p.old_amount == *p.new_amount);
            }
        }
    }

    TEST_CASE("two re-spellings of one charter differ only by moves") {
        for (int n = 0; n < 30; ++n) {
            Rng rng(static_cast<unsigned>(3000 + n));
            Val c = generate(rng, n);
            std::string one = print(c, &rng);
            std::string two = print(c, &rng);
            INFO("one:\n" << one << "\ntwo:\n" << two);
            auto r = diff(load("one.charter.yaml", one), load("two.charter.yaml", two));
            INFO("changes:\n" << all_lines(r));
            CHECK_FALSE(r.differs());
        }
    }

    TEST_CASE("diff(a, b) and diff(b, a) are mirror images, for independent charters") {
        for (int n = 0; n < 60; ++n) {
            Rng rng(static_cast<unsigned>(4000 + n));
            Val x = generate(rng, n);
            Val y = generate(rng, n);
            std::string tx = print(x), ty = print(y, chance(rng, 50) ? &rng : nullptr);
            INFO("a:\n" << tx << "\nb:\n" << ty);
            Loaded a = load("a.charter.yaml", tx);
            Loaded b = load("b.charter.yaml", ty);
            auto ab = diff(a, b);
            auto ba = diff(b, a);
            INFO("a -> b:\n" << all_lines(ab) << "b -> a:\n" << all_lines(ba));
            check_mirror(ab, ba);
            check_whole_entries_once(ab);
            check_whole_entries_once(ba);
        }
    }

    TEST_CASE("diff(a, b) and diff(b, a) are mirror images, for a charter and a changed copy") {
        int changed = 0;
        for (int n = 0; n < 80; ++n) {
            Rng rng(static_cast<unsigned>(5000 + n));
            Val x = generate(rng, n);
            Val y = x;
            int fresh = 0;
            mutate(y, rng, fresh);
            std::string tx = print(x), ty = print(y, chance(rng, 50) ? &rng : nullptr);
            INFO("a:\n" << tx << "\nb:\n" << ty);
            Loaded a = load("a.charter.yaml", tx);
            Loaded b = load("b.charter.yaml", ty);
            auto ab = diff(a, b);
            auto ba = diff(b, a);
            INFO("a -> b:\n" << all_lines(ab) << "b -> a:\n" << all_lines(ba));
            check_mirror(ab, ba);
            check_whole_entries_once(ab);
            check_whole_entries_once(ba);
            // impact: the same scenario both ways, old and new swapped
            REQUIRE(ab.impact.size() == ba.impact.size());
            for (std::size_t i = 0; i < ab.impact.size(); ++i) {
                CHECK(ab.impact[i].scenario == ba.impact[i].scenario);
                for (const auto& p : ab.impact[i].by_party) {
                    for (const auto& q : ba.impact[i].by_party) {
                        if (p.party == q.party) {
                            CHECK(p.old_amount == q.new_amount);
                            CHECK(p.new_amount == q.old_amount);
                        }
                    }
                }
            }
            changed += ab.differs();
        }
        CHECK(changed > 40); // the mutations do change most copies
    }

    TEST_CASE("a moved entry is not also removed and added, and moves alone are not a difference") {
        auto a = load("old.charter.yaml", kSwapOld);
        auto b = load("new.charter.yaml", kSwapNew);
        auto r = diff(a, b);
        REQUIRE(r.changes.size() == 1);
        CHECK(r.changes[0].kind == "moved");
        CHECK(r.changes[0].area == "parties");
        CHECK(r.changes[0].cosmetic);
        CHECK_FALSE(r.differs());
    }

    TEST_CASE("a key given twice matches by its occurrence, so a file compared with itself is "
              "unchanged") {
        // found by fuzz_diff: each entry was matched with the first of its key
        // on the other side, so the second entry under a repeated key (here
        // the empty key) was compared with the first and reported as changed
        const std::string text = "chs: 0\n: 0#hs: 0\n: 0#\n";
        auto r = diff(load("a.charter.yaml", text), load("a.charter.yaml", text));
        CHECK(r.changes.empty());
        CHECK_FALSE(r.differs());
        auto changed =
            diff(load("a.charter.yaml", text), load("b.charter.yaml", "chs: 0\n: 0#hs: 0\n: 1#\n"));
        REQUIRE(changed.changes.size() == 1);
        CHECK(changed.changes[0].kind == "changed");
        CHECK(changed.differs());
    }

    // Known defect, kept visible: with two equally long common subsequences the
    // reverse diff names the other entry (diff(a, b): parties[acme] 0 -> 1;
    // diff(b, a): parties[globex] 0 -> 1), so the moves are not mirror images.
    // Remove should_fail once the tie is broken the same way in both directions.
    TEST_CASE("the reverse of a swap moves the same entry back" * doctest::should_fail()) {
        auto a = load("old.charter.yaml", kSwapOld);
        auto b = load("new.charter.yaml", kSwapNew);
        auto ab = diff(a, b);
        auto ba = diff(b, a);
        REQUIRE(ab.changes.size() == 1);
        REQUIRE(ba.changes.size() == 1);
        CHECK(ba.changes[0].path == ab.changes[0].path);
        CHECK(ba.changes[0].old_value == ab.changes[0].new_value);
        CHECK(ba.changes[0].new_value == ab.changes[0].old_value);
    }
}

namespace {

/// A charter with the given parties, in this order (shares equal).
std::string charter_with_parties(const std::vector<std::string>& ids) {
    std::string y = "charter: 1\nid: big\ntitle: Big\nkind: joint-venture\neffective: 2026-01-01\n"
                    "term: {ends: 2030-12-31}\ncurrency: USD\nparties:\n";
    for (const auto& id : ids) {
        y += fmt::format("  - {{id: {}, name: N}}\n", id);
    }
    return y;
}

/// The ids a quadratic longest-common-subsequence table keeps in place,
/// walked from the front (the reference for the moves diff reports).
std::set<std::string> kept_by_table(const std::vector<std::string>& a,
                                    const std::vector<std::string>& b) {
    std::size_t n = a.size(), m = b.size();
    std::vector<std::vector<unsigned>> t(n + 1, std::vector<unsigned>(m + 1, 0));
    for (std::size_t i = n; i-- > 0;) {
        for (std::size_t j = m; j-- > 0;) {
            t[i][j] = a[i] == b[j] ? t[i + 1][j + 1] + 1 : std::max(t[i + 1][j], t[i][j + 1]);
        }
    }
    std::set<std::string> out;
    for (std::size_t i = 0, j = 0; i < n && j < m;) {
        if (a[i] == b[j]) {
            out.insert(a[i]);
            ++i, ++j;
        } else if (t[i + 1][j] >= t[i][j + 1]) {
            ++i;
        } else {
            ++j;
        }
    }
    return out;
}

} // namespace

TEST_SUITE("compare: long lists") {
    TEST_CASE("a reordered list moves the entries a longest common subsequence leaves out, as the "
              "table picks them") {
        Rng rng(20261202);
        for (int iter = 0; iter < 300; ++iter) {
            int n = pick(rng, 2, 9);
            std::vector<std::string> a;
            for (int i = 0; i < n; ++i) {
                a.push_back(fmt::format("p{}", i));
            }
            std::vector<std::string> b = a;
            std::shuffle(b.begin(), b.end(), rng);
            auto kept = kept_by_table(a, b);
            auto r = diff(load("a.charter.yaml", charter_with_parties(a)),
                          load("b.charter.yaml", charter_with_parties(b)));
            std::set<std::string> moved;
            for (const auto& c : r.changes) {
                REQUIRE(c.kind == "moved");
                moved.insert(c.path);
            }
            INFO(fmt::format("{} -> {}", fmt::join(a, " "), fmt::join(b, " ")));
            CHECK(moved.size() + kept.size() == a.size());
            for (const auto& id : a) {
                CHECK(moved.count("parties[" + id + "]") == (kept.count(id) ? 0u : 1u));
            }
        }
    }

    TEST_CASE("100,000 parties in reverse order are compared without a quadratic table") {
        // a table of 100,000² entries does not fit in memory; the longest
        // increasing subsequence is n log n
        std::vector<std::string> a;
        for (int i = 0; i < 100'000; ++i) {
            a.push_back(fmt::format("p{}", i));
        }
        std::vector<std::string> b(a.rbegin(), a.rend());
        auto r = diff(load("a.charter.yaml", charter_with_parties(a)),
                      load("b.charter.yaml", charter_with_parties(b)));
        std::size_t moved =
            std::count_if(r.changes.begin(), r.changes.end(),
                          [](const compare::Change& c) { return c.kind == "moved"; });
        CHECK(moved == a.size() - 1);
        CHECK_FALSE(r.differs());
    }
}

namespace {

std::string big_head() {
    return "charter: 1\nid: big\ntitle: Big\nkind: joint-venture\neffective: 2026-01-01\n"
           "term: {ends: 2030-12-31}\ncurrency: USD\n";
}

/// Milestones m0 .. m(n-1), each after the one before; `edit` may rewrite a line.
template <class Edit> std::string chain(int n, Edit edit) {
    std::string y =
        big_head() + "parties:\n  - {id: a, name: A}\n  - {id: b, name: B}\nmilestones:\n";
    for (int i = 0; i < n; ++i) {
        std::string line =
            i == 0
                ? "  - {id: m0, title: M, owner: a, due: 2026-02-01}\n"
                : fmt::format(
                      "  - {{id: m{}, title: M, owner: a, due: 2026-03-01, depends_on: [m{}]}}\n",
                      i, i - 1);
        y += edit(i, line);
    }
    return y;
}

std::vector<std::string> kinds_and_paths(const compare::DiffResult& r) {
    std::vector<std::string> out;
    for (const auto& c : r.changes) {
        out.push_back(c.kind + " " + c.path);
    }
    return out;
}

} // namespace

TEST_SUITE("compare: big charters") {
    // Nothing here is timed. Before, each side was copied into a normalised
    // tree of its own (about 2.5 KB per milestone) before being compared.
    TEST_CASE("a 100,000-milestone chain: a changed dependency and date, a removed and an added "
              "milestone are all the changes") {
        const int n = 100'000;
        auto a =
            load("a.charter.yaml", chain(n, [](int, const std::string& line) { return line; }));
        auto b = load(
            "b.charter.yaml", chain(n + 1, [&](int i, const std::string& line) -> std::string {
                if (i == 50'000) {
                    return "  - {id: m50000, title: M, owner: a, due: 2026-03-01, depends_on: "
                           "[m49998]}\n";
                }
                if (i == 70'000) {
                    return "  - {id: m70000, title: M, owner: a, due: 2026-04-01, depends_on: "
                           "[m69999]}\n";
                }
                if (i == n - 1) {
                    return "";
                }
                if (i == n) {
                    return fmt::format(
                        "  - {{id: m{}, title: M, owner: a, due: 2026-03-01, depends_on: [m{}]}}\n",
                        n, n - 2);
                }
                return line;
            }));
        REQUIRE(a.errors.empty());
        REQUIRE(b.errors.empty());
        auto r = diff(a, b);
        CHECK(kinds_and_paths(r) ==
              std::vector<std::string>{"changed milestones[m50000].depends_on[0]",
                                       "changed milestones[m70000].due",
                                       "removed milestones[m99999]", "added milestones[m100000]"});
        REQUIRE(r.changes.size() == 4);
        CHECK(r.changes[0].old_value == "m49999");
        CHECK(r.changes[0].new_value == "m49998");
        CHECK(r.changes[1].old_value == "2026-03-01");
        CHECK(r.changes[1].new_value == "2026-04-01");
        CHECK(r.changes[2].old_value.at("depends_on") == nlohmann::ordered_json::array({"m99998"}));
        CHECK(r.changes[3].new_value.at("depends_on") == nlohmann::ordered_json::array({"m99998"}));
        for (const auto& c : r.changes) {
            CHECK(c.area == "milestones");
        }
        CHECK(diff(a, a).changes.empty());
    }

    TEST_CASE("100,000 parties with shares as fractions: a share moved between two parties and one "
              "party moved in the list") {
        const int n = 100'000;
        auto text = [&](bool changed) {
            std::string y = big_head() + "parties:\n";
            for (int i = 0; i < n; ++i) {
                if (!changed || i != 5) {
                    y += fmt::format("  - {{id: p{:05}, name: Party {}}}\n", i, i);
                }
            }
            if (changed) {
                y += "  - {id: p00005, name: Party 5}\n";
            }
            y += "economics:\n  shares:\n";
            for (int i = 0; i < n; ++i) {
                std::string share = !changed  ? fmt::format("1/{}", n)
                                    : i == 10 ? fmt::format("3/{}", 2 * n)
                                    : i == 20 ? fmt::format("1/{}", 2 * n)
                                              : fmt::format("1/{}", n);
                y += fmt::format("    p{:05}: {}\n", i, share);
            }
            return y;
        };
        auto a = load("a.charter.yaml", text(false));
        auto b = load("b.charter.yaml", text(true));
        REQUIRE(a.errors.empty());
        REQUIRE(b.errors.empty());
        auto r = diff(a, b);
        CHECK(kinds_and_paths(r) == std::vector<std::string>{"moved parties[p00005]",
                                                             "changed economics.shares.p00010",
                                                             "changed economics.shares.p00020"});
        REQUIRE(r.changes.size() == 3);
        CHECK(r.changes[0].old_value == 5);
        CHECK(r.changes[0].new_value == n - 1);
        CHECK(r.changes[1].old_value == "0.001%");
        CHECK(r.changes[1].new_value == "0.0015%");
        CHECK(r.changes[2].new_value == "0.0005%");
        CHECK(r.changes[0].cosmetic);
        CHECK(r.differs());
    }

    TEST_CASE("each old scenario is paired with every new scenario of its id, in the new order") {
        auto text = [](const std::vector<std::string>& ids) {
            std::string y =
                big_head() +
                "parties:\n  - {id: a, name: A}\n  - {id: b, name: B}\n"
                "economics:\n  shares: {a: 50%, b: 50%}\n  streams:\n"
                "    - {id: sales, title: Sales, waterfall: [{id: rest, split: shares}]}\n"
                "scenarios:\n";
            for (const auto& id : ids) {
                y += fmt::format("  - {{id: {}, revenue: {{sales: 100}}, expect: {{}}}}\n", id);
            }
            return y;
        };
        auto r = diff(load("a.charter.yaml", text({"s1", "s2", "s4"})),
                      load("b.charter.yaml", text({"s2", "s3", "s1", "s2"})));
        std::vector<std::string> scenarios;
        for (const auto& imp : r.impact) {
            scenarios.push_back(imp.scenario.value_or("?"));
        }
        CHECK(scenarios == std::vector<std::string>{"s1", "s2", "s2"});
    }
}
