// Exits that only a simulation shows: for every trigger, every party that may
// invoke it and every possible leaver, on the effective date, a buyout price
// that fails (C0803) and a foreground asset left without an owner (C0804).
//
// Simulating each (trigger, invoker, leaver) case would cost parties² per
// trigger. What these two findings depend on is narrower, and is computed
// here directly, with the same messages as a simulation gives:
// - a case's outcome depends on the leaver alone (not on who invokes), so
//   each possible leaver is priced once;
// - the shares before the exit are the shares as of the effective date, with
//   the leaver's vesting counted as achieved under `unvested: keep`: the
//   base shares are computed once per charter, the vested parts once per set
//   of milestones achieved by the effective date, and their totals are
//   adjusted by the leaver's own part once per leaver;
// - an asset can be left without an owner only by its sole owner, and only
//   when no other party holds a share to pass it on by.
// A charter reaches this check only without errors: ids are unique.
#include "validate/computed.hpp"

#include <algorithm>
#include <deque>
#include <map>
#include <set>

#include "check/context.hpp"
#include "compute/exit.hpp"

namespace charter::check {

namespace {

using num::Rational;

/// sum += x, where a sum still 0 takes x as it is (cheaper than GMP's add).
void add_to(Rational& sum, const Rational& x) {
    if (sgn(sum) == 0) {
        sum = x;
    } else {
        sum += x;
    }
}

/// What the shares before any exit are made of, whatever its date: the base
/// shares (every vesting achieved), in party order, and the vesting entries
/// that may hold part of them back. Computed once per charter.
struct ShareBasis {
    struct Vest {
        std::size_t party = 0;
        const Rational* portion = nullptr;
        const model::Milestone* milestone = nullptr; ///< null: no such milestone, never achieved
    };

    bool present = false;          ///< the charter has shares
    bool computable = true;        ///< false: pro-rata to contributions, none has a value
    bool pro_rata = true;          ///< unvested parts go to the others pro-rata, not to `to`
    std::optional<std::size_t> to; ///< the party unvested parts go to
    std::vector<Rational> base;
    Rational total = 0; ///< of `base`
    std::vector<Vest> vesting;

    explicit ShareBasis(const model::Charter& c) {
        if (!c.economics || (!c.economics->shares && !c.economics->pro_rata_contributions)) {
            return;
        }
        present = true;
        const auto& e = *c.economics;
        base.resize(c.parties.size());
        if (e.pro_rata_contributions) {
            for (std::size_t i = 0; i < c.parties.size(); ++i) {
                base[i] = c.contributed(c.parties[i].id);
                add_to(total, base[i]);
            }
            if (total == 0) {
                computable = false;
                return;
            }
            for (auto& b : base) {
                b /= total;
            }
            total = 1;
        } else {
            // ids are unique here: a party's entries add up at its position
            for (const auto& x : e.shares->entries) {
                if (auto i = c.party_index(x.party.id)) {
                    add_to(base[*i], x.ratio);
                }
            }
            for (const auto& b : base) {
                add_to(total, b);
            }
        }
        pro_rata = !e.unvested_to;
        if (e.unvested_to) {
            to = c.party_index(e.unvested_to->id);
        }
        for (const auto& v : e.vesting) {
            if (auto i = c.party_index(v.party.id)) {
                vesting.push_back(Vest{*i, &v.portion, c.milestone(v.milestone.id)});
            }
        }
    }

    /// Which vesting entries still hold a part back on `as_of`.
    std::vector<bool> held_on(const Date& as_of) const {
        std::vector<bool> held(vesting.size());
        for (std::size_t k = 0; k < vesting.size(); ++k) {
            const model::Milestone* m = vesting[k].milestone;
            held[k] = !(m && m->achieved && *m->achieved <= as_of);
        }
        return held;
    }
};

/// The vested parts of the base shares while the vesting entries `held`
/// hold theirs back, with what every leaver's shares are made from.
struct Vested {
    std::vector<bool> held;
    std::vector<Rational> parts;     ///< in party order
    Rational total = 0;              ///< of `parts`
    Rational unvested = 0;           ///< the base total less `total`
    long positive = 0, negative = 0; ///< parts above and below 0, outside ShareBasis::to

    Vested(const ShareBasis& b, std::vector<bool> held_back)
        : held(std::move(held_back)), parts(b.base) {
        // each party's portions held back, added up at its first entry
        std::vector<std::optional<Rational>> waiting(held.empty() ? 0 : parts.size());
        for (std::size_t k = 0; k < held.size(); ++k) {
            if (held[k]) {
                auto& w = waiting[b.vesting[k].party];
                if (w) {
                    *w += *b.vesting[k].portion;
                } else {
                    w = *b.vesting[k].portion;
                }
            }
        }
        // a part base * (1 - min(1, waiting)) holds back base * min(1, waiting)
        Rational back;
        for (std::size_t i = 0; i < waiting.size(); ++i) {
            if (!waiting[i] || sgn(*waiting[i]) == 0) {
                continue;
            }
            if (*waiting[i] >= 1) {
                add_to(unvested, parts[i]);
                parts[i] = 0;
            } else {
                back = parts[i] * *waiting[i];
                add_to(unvested, back);
                parts[i] -= back;
            }
        }
        if (sgn(unvested) == 0) {
            total = b.total;
        } else {
            total = b.total - unvested;
        }
        for (std::size_t i = 0; i < parts.size(); ++i) {
            if (i != b.to) {
                positive += sgn(parts[i]) > 0;
                negative += sgn(parts[i]) < 0;
            }
        }
    }
};

/// The shares before an exit with one party leaving (what
/// compute::shares_as_of gives with the leaver as `vested_party`): the
/// vested totals adjusted by the leaver's own part once, for every share
/// asked.
class LeaverShares {
  public:
    /// `v` null: the charter has no shares.
    LeaverShares(const ShareBasis& b, const Vested* v, bool leaver_vests, std::size_t leaver)
        : m_b(b), m_v(v), m_leaver(leaver), m_leaver_vests(leaver_vests) {
        if (!v) {
            return;
        }
        m_unvested = &v->unvested;
        m_vested = &v->total;
        // the leaver's part held back vests: it moves from the unvested total to the vested one
        if (leaver_vests && b.base[leaver] != v->parts[leaver]) {
            Rational moved = b.base[leaver] - v->parts[leaver];
            m_unvested = &m_moved_unvested.emplace(v->unvested - moved);
            m_vested = &m_moved_vested.emplace(v->total + moved);
        }
    }

    bool present() const { return m_v != nullptr; }

    /// False when no share is vested (shares_as_of fails).
    bool computable() const { return !m_v || !m_b.pro_rata || sgn(*m_vested) != 0; }

    /// Party i's share (computable() holds).
    Rational share(std::size_t i) const {
        if (i == m_leaver && m_leaver_share) {
            return *m_leaver_share;
        }
        const Rational& p = part(i);
        if (sgn(*m_unvested) == 0) {
            return p; // nothing to spread
        }
        Rational s;
        if (m_b.pro_rata) {
            // p + unvested * p / vested, and unvested + vested is the base total
            if (m_b.total == 1) {
                s = p / *m_vested;
            } else {
                s = p * m_b.total;
                s /= *m_vested;
            }
        } else if (m_b.to && i == *m_b.to) {
            s = p + *m_unvested;
        } else {
            s = p;
        }
        return s;
    }

    /// Whether the leaver holds all the shares or more (computable() holds):
    /// no party remains to take them.
    bool leaver_holds_all() const {
        if (sgn(*m_unvested) == 0) {
            return part(m_leaver) >= 1;
        }
        // kept: a buyout price asks for it again
        return m_leaver_share.emplace(share(m_leaver)) >= 1;
    }

    /// Whether a party other than the leaver holds a share above 0 (to take
    /// the leaver's foreground assets by).
    bool heirs() const {
        if (!m_v) {
            return false;
        }
        // parties other than the leaver (and the one taking unvested shares) keep their vested part
        int leaver_sign = sgn(m_v->parts[m_leaver]);
        auto others = [&](long count, bool sign_of_leaver) {
            bool leaver_counted = m_b.to != m_leaver && sign_of_leaver;
            return count - (leaver_counted ? 1 : 0) > 0;
        };
        if (m_b.pro_rata) {
            // share(i) = part(i) * k for i != leaver: k = 1 + unvested / vested, which is
            // the base total / vested
            int k = sgn(m_b.total) * sgn(*m_vested);
            return (k > 0 && others(m_v->positive, leaver_sign > 0)) ||
                   (k < 0 && others(m_v->negative, leaver_sign < 0));
        }
        if (others(m_v->positive, leaver_sign > 0)) {
            return true;
        }
        return m_b.to && *m_b.to != m_leaver && sgn(share(*m_b.to)) > 0;
    }

  private:
    /// Party i's vested part, all of it for a leaver who vests.
    const Rational& part(std::size_t i) const {
        return m_leaver_vests && i == m_leaver ? m_b.base[i] : m_v->parts[i];
    }

    const ShareBasis& m_b;
    const Vested* m_v;
    std::size_t m_leaver;
    bool m_leaver_vests;
    const Rational* m_unvested = nullptr; ///< the totals, with the leaver's part moved
    const Rational* m_vested = nullptr;
    std::optional<Rational> m_moved_unvested, m_moved_vested;
    mutable std::optional<Rational> m_leaver_share;
};

/// The one party with a part above 0, if exactly one has: `parts` are
/// (party, part) pairs, and the parts of a party listed twice add up.
std::optional<std::size_t>
only_positive(std::vector<std::pair<std::size_t, const Rational*>> parts) {
    std::sort(parts.begin(), parts.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    std::optional<std::size_t> one;
    for (std::size_t k = 0; k < parts.size();) {
        std::size_t end = k + 1;
        int sign = sgn(*parts[k].second);
        if (end < parts.size() && parts[end].first == parts[k].first) {
            Rational sum = *parts[k].second;
            for (; end < parts.size() && parts[end].first == parts[k].first; ++end) {
                sum += *parts[end].second;
            }
            sign = sgn(sum);
        }
        if (sign > 0) {
            if (one) {
                return std::nullopt;
            }
            one = parts[k].first;
        }
        k = end;
    }
    return one;
}

/// The sole owner of a foreground asset, when it has exactly one.
struct SoleOwnerRules {
    const model::Charter& c;
    std::optional<std::size_t> joint_equal; ///< joint-equal: sole only with one party
    std::optional<std::size_t> pro_rata;    ///< joint-pro-rata-contributions

    explicit SoleOwnerRules(const model::Charter& charter) : c(charter) {
        if (c.parties.size() == 1) {
            joint_equal = 0;
        }
        if (!c.ip || !c.ip->foreground_rule ||
            c.ip->foreground_rule->kind != model::ForegroundRuleKind::JointProRataContributions) {
            return;
        }
        std::vector<Rational> contributed;
        Rational total = 0;
        for (const auto& p : c.parties) {
            contributed.push_back(c.contributed(p.id));
            total += contributed.back();
        }
        if (total == 0) {
            return;
        }
        // a part contributed / total is above 0 when both have one sign
        bool two = false;
        for (std::size_t i = 0; i < contributed.size() && !two; ++i) {
            if (sgn(contributed[i]) * sgn(total) > 0) {
                two = pro_rata.has_value();
                pro_rata = i;
            }
        }
        if (two) {
            pro_rata.reset();
        }
    }

    std::optional<std::size_t> by_rule(const model::Asset& a) const {
        const auto& rule = *c.ip->foreground_rule;
        switch (rule.kind) {
        case model::ForegroundRuleKind::Assign:
            return rule.assign.id.empty() ? std::nullopt : c.party_index(rule.assign.id);
        case model::ForegroundRuleKind::JointEqual:
            return joint_equal;
        case model::ForegroundRuleKind::ByCreator:
            if (a.creators && !a.creators->empty()) {
                // every creator's part is above 0: sole when they are one party
                std::optional<std::size_t> one;
                for (const auto& cr : *a.creators) {
                    auto i = c.party_index(cr.id);
                    if (i && one && *i != *one) {
                        return std::nullopt;
                    }
                    one = i ? i : one;
                }
                return one;
            }
            return std::nullopt;
        case model::ForegroundRuleKind::JointProRataContributions:
            return pro_rata;
        }
        return std::nullopt;
    }

    std::optional<std::size_t> of(const model::Asset& a) const {
        if (a.owner) {
            if (!a.owner->complete) {
                return std::nullopt;
            }
            std::vector<std::pair<std::size_t, const Rational*>> parts;
            for (const auto& e : a.owner->entries) {
                if (auto i = c.party_index(e.party.id)) {
                    parts.emplace_back(*i, &e.ratio);
                }
            }
            return only_positive(std::move(parts));
        }
        return c.ip->foreground_rule ? by_rule(a) : std::nullopt;
    }
};

/// The foreground assets that one party owns alone (a part above 0), as
/// (party index, asset) in party order, each party's in list order: owners_of
/// without listing every party of a joint rule.
using OwnedAlone = std::vector<std::pair<std::size_t, const model::Asset*>>;

OwnedAlone sole_owners(const model::Charter& c) {
    OwnedAlone out;
    if (!c.ip) {
        return out;
    }
    SoleOwnerRules rules(c);
    for (const auto& a : c.ip->assets) {
        if (a.cls != model::AssetClass::Foreground) {
            continue;
        }
        if (auto owner = rules.of(a)) {
            out.emplace_back(*owner, &a);
        }
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const auto& x, const auto& y) { return x.first < y.first; });
    return out;
}

/// The possible leavers of a trigger, each at its first case in the order a
/// simulation of every case runs them (invokers in party order; for a
/// counterparty trigger every other party in party order).
std::vector<std::size_t> leavers_in_case_order(const model::Charter& c, const model::Trigger& t) {
    // ids are unique here: a party is listed when its id is
    std::vector<bool> listed(t.invoked_by_any ? 0 : c.parties.size());
    for (const auto& r : t.invoked_by) {
        if (auto i = c.party_index(r.id); i && !t.invoked_by_any) {
            listed[*i] = true;
        }
    }
    std::vector<std::size_t> invokers;
    for (std::size_t i = 0; i < c.parties.size(); ++i) {
        if (t.invoked_by_any || listed[i]) {
            invokers.push_back(i);
        }
    }
    if (t.leaver_is_invoker || invokers.empty()) {
        return invokers;
    }
    // the first invoker's cases name every other party; the first invoker
    // itself leaves in the second invoker's cases, after them
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < c.parties.size(); ++i) {
        if (i != invokers[0]) {
            out.push_back(i);
        }
    }
    if (invokers.size() > 1) {
        out.push_back(invokers[0]);
    }
    return out;
}

/// What the checks of every trigger share: computed once per charter.
class Shared {
  public:
    explicit Shared(const model::Charter& c) : basis(c), owned_alone(sole_owners(c)) {}

    const ShareBasis basis;
    const OwnedAlone owned_alone;

    /// The vested parts on `as_of` (basis.present and basis.computable hold);
    /// triggers whose dates see the same milestones achieved share them.
    const Vested& vested_on(const Date& as_of) {
        auto held = basis.held_on(as_of);
        for (const auto& v : m_vested) {
            if (v.held == held) {
                return v;
            }
        }
        return m_vested.emplace_back(basis, std::move(held));
    }

  private:
    std::deque<Vested> m_vested; // stays in place as it grows
};

/// Wind-down costs pro-rata to shares need shares: without them every
/// simulation of the trigger with a cost amount fails. Reported here, with
/// the checks that simulate, so that it stops exit-sim of this trigger but
/// not splits or diff.
void check_wind_down_costs(Context& ctx, const model::Trigger& t) {
    const auto& c = ctx.charter;
    bool shares = c.economics && (c.economics->shares || c.economics->pro_rata_contributions);
    const Node* w = t.wind_down ? t.wind_down->node : nullptr;
    // a missing `costs` is a structural error already (C0101)
    if (shares || !w || !w->is_mapping() || !w->get("costs") ||
        t.wind_down->costs != model::CostsRule::ProRataShares) {
        return;
    }
    ctx.report(Code::WindDownWithoutShares, w->get("costs"),
               fmt::format("wind-down costs of exit trigger '{}' are borne pro-rata to shares, "
                           "but the charter has no economics.shares",
                           t.id),
               "give `costs: equal`, `leaver` or a mapping of parties to ratios, or give the "
               "charter `economics.shares`");
}

void check_trigger(Context& ctx, Shared& shared, const model::Trigger& t,
                   const model::Trigger& shown,
                   std::set<std::pair<std::string, const Node*>>& reported) {
    const auto& c = ctx.charter;
    const ShareBasis& basis = shared.basis;
    if (!basis.computable) {
        return; // every case fails before its buyout: nothing to report
    }
    const Vested* vested =
        basis.present ? &shared.vested_on(compute::exit_effective(t, *c.effective)) : nullptr;
    const model::FormulaText::Parsed* parsed =
        t.buyout_price ? t.buyout_price->parsed.get() : nullptr;
    // a wind-down pro-rata to shares the charter lacks fails every case after its buyout
    bool wind_down_fails = t.wind_down && t.wind_down->costs == model::CostsRule::ProRataShares &&
                           !basis.present && t.wind_down->estimate;
    for (std::size_t leaver : leavers_in_case_order(c, t)) {
        LeaverShares shares(basis, vested, t.unvested_keep, leaver);
        if (!shares.computable() || (shares.present() && shares.leaver_holds_all())) {
            continue; // the case fails before its buyout
        }
        std::string_view id = c.parties[leaver].id;
        if (parsed) {
            compute::ShareOf share_of = [&c, &shares](std::string_view party) {
                std::optional<Rational> out;
                if (shares.present()) {
                    auto i = c.party_index(party);
                    out = i ? shares.share(*i) : Rational(0);
                }
                return out;
            };
            if (auto err = compute::buyout_problem(c, t, *parsed, id, share_of)) {
                bool buyout = shown.buyout_price && err->node == shown.buyout_price->node;
                // fair_value is given at simulation time: needing it is fine
                if (buyout && err->kind != ProblemKind::NeedsInput &&
                    reported.insert({shown.id, err->node}).second) {
                    ctx.report(Code::BuyoutFails, err->node, err->message,
                               "make the price computable for every party that can leave, e.g. "
                               "guard a division with if()");
                }
                continue;
            }
        }
        if (wind_down_fails || t.foreground == model::ForegroundExit::Keep) {
            continue;
        }
        auto [first, last] =
            std::equal_range(shared.owned_alone.begin(), shared.owned_alone.end(),
                             std::pair<std::size_t, const model::Asset*>(leaver, nullptr),
                             [](const auto& x, const auto& y) { return x.first < y.first; });
        if (first == last || shares.heirs()) {
            continue;
        }
        for (auto it = first; it != last; ++it) {
            const model::Asset* a = it->second;
            if (reported.insert({shown.id + "/" + a->id, shown.node}).second) {
                auto& d = ctx.report(
                    Code::AssetLeftWithoutOwner, Context::child(shown.node, "foreground"),
                    fmt::format(
                        "when {} leaves under '{}', foreground asset '{}' is left without an owner",
                        id, shown.id, a->id),
                    "give the charter `economics.shares` (the remaining parties take the asset by "
                    "them), or co-owners for the asset, or `foreground: keep`");
                ctx.note(d, fmt::format("'{}' is owned by '{}' alone", a->id, id), a->node);
            }
        }
    }
}

} // namespace

namespace {

/// Every trigger's findings, or only those of triggers with id `only`.
std::vector<Diagnostic> exit_findings(const model::Charter& c,
                                      std::optional<std::string_view> only) {
    std::vector<Diagnostic> out;
    if (!c.exit_triggers || !c.effective || !c.tree) {
        return out;
    }
    Context ctx(c, out);
    Shared shared(c);
    // findings are reported under the last trigger of an id, as a search by id found it
    std::map<std::string_view, const model::Trigger*> last;
    for (const auto& t : *c.exit_triggers) {
        last[t.id] = &t;
    }
    std::set<std::pair<std::string, const Node*>> reported;
    for (const auto& t : *c.exit_triggers) {
        if (!only || t.id == *only) {
            check_wind_down_costs(ctx, t);
            check_trigger(ctx, shared, t, *last[t.id], reported);
        }
    }
    return out;
}

} // namespace

std::vector<Diagnostic> check_exit_simulations(const model::Charter& c) {
    return exit_findings(c, std::nullopt);
}

std::vector<Diagnostic> check_exit_simulations(const model::Charter& c, std::string_view trigger) {
    return exit_findings(c, trigger);
}

} // namespace charter::check
