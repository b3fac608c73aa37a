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
//   totals are computed once and adjusted by the leaver's own part;
// - an asset can be left without an owner only by its sole owner, and only
//   when no other party holds a share to pass it on by.
// A charter reaches this check only without errors: ids are unique.
#include "validate/computed.hpp"

#include <map>
#include <set>

#include "check/context.hpp"
#include "compute/exit.hpp"

namespace charter::check {

namespace {

using num::Rational;

/// The shares before an exit under one trigger, for any leaver (what
/// compute::shares_as_of gives with the leaver as `vested_party`).
class LeaverShares {
  public:
    /// Fails when shares_as_of fails whoever leaves (shares pro-rata to no contribution).
    static Result<LeaverShares> make(const model::Charter& c, const Date& as_of,
                                     bool leaver_vests) {
        LeaverShares s;
        s.m_leaver_vests = leaver_vests;
        if (!c.economics || (!c.economics->shares && !c.economics->pro_rata_contributions)) {
            return s; // no shares
        }
        auto parts = vested_parts(c, as_of);
        if (!parts) {
            return unexpected(compute::compute_problem(
                "shares are pro-rata to contributions, but no contribution has a value", "",
                c.economics->shares_node));
        }
        s.m_present = true;
        s.m_base = std::move(parts->first);
        s.m_vested = std::move(parts->second);
        const auto& e = *c.economics;
        s.m_pro_rata = !e.unvested_to;
        if (e.unvested_to) {
            s.m_to = c.party_index(e.unvested_to->id);
        }
        for (std::size_t i = 0; i < s.m_base.size(); ++i) {
            s.m_total_unvested += s.m_base[i] - s.m_vested[i];
            s.m_total_vested += s.m_vested[i];
            if (i != s.m_to) {
                s.m_positive += s.m_vested[i] > 0;
                s.m_negative += s.m_vested[i] < 0;
            }
        }
        return s;
    }

    bool present() const { return m_present; }

    /// False when no share is vested with `leaver` leaving (shares_as_of fails).
    bool computable(std::size_t leaver) const {
        return !m_present || !m_pro_rata || total_vested(leaver) != 0;
    }

    /// Party i's share with `leaver` leaving (computable(leaver) holds).
    Rational share(std::size_t i, std::size_t leaver) const {
        Rational vested = m_leaver_vests && i == leaver ? m_base[i] : m_vested[i];
        if (m_pro_rata) {
            return vested + total_unvested(leaver) * vested / total_vested(leaver);
        }
        return vested + (m_to && i == *m_to ? total_unvested(leaver) : Rational(0));
    }

    /// Whether a party other than the leaver holds a share above 0 (to take
    /// the leaver's foreground assets by).
    bool heirs(std::size_t leaver) const {
        if (!m_present) {
            return false;
        }
        // parties other than the leaver (and the one taking unvested shares) keep their vested part
        auto others = [&](long count, bool sign_of_leaver) {
            bool leaver_counted = leaver != m_to && sign_of_leaver;
            return count - (leaver_counted ? 1 : 0) > 0;
        };
        if (m_pro_rata) {
            // share(i) = vested(i) * (1 + unvested / vested total) for i != leaver
            Rational k = 1 + total_unvested(leaver) / total_vested(leaver);
            return (k > 0 && others(m_positive, m_vested[leaver] > 0)) ||
                   (k < 0 && others(m_negative, m_vested[leaver] < 0));
        }
        if (others(m_positive, m_vested[leaver] > 0)) {
            return true;
        }
        return m_to && *m_to != leaver && share(*m_to, leaver) > 0;
    }

  private:
    /// Base shares and their vested parts, in party order.
    static std::optional<std::pair<std::vector<Rational>, std::vector<Rational>>>
    vested_parts(const model::Charter& c, const Date& as_of) {
        // the vested part of each party is shares_as_of with that party's vesting unchanged: the
        // base is the shares with every vesting achieved (unvested goes nowhere then)
        const auto& e = *c.economics;
        std::vector<Rational> base;
        if (e.pro_rata_contributions) {
            Rational total = 0;
            for (const auto& p : c.parties) {
                total += c.contributed(p.id);
            }
            if (total == 0) {
                return std::nullopt;
            }
            for (const auto& p : c.parties) {
                base.push_back(c.contributed(p.id) / total);
            }
        } else {
            std::map<std::string_view, Rational> of;
            for (const auto& x : e.shares->entries) {
                of[x.party.id] += x.ratio;
            }
            for (const auto& p : c.parties) {
                auto it = of.find(p.id);
                base.push_back(it == of.end() ? Rational(0) : it->second);
            }
        }
        std::map<std::string_view, Rational> unvested;
        for (const auto& v : e.vesting) {
            const model::Milestone* m = c.milestone(v.milestone.id);
            if (!(m && m->achieved && *m->achieved <= as_of)) {
                unvested[v.party.id] += v.portion;
            }
        }
        std::vector<Rational> vested(base.size());
        for (std::size_t i = 0; i < base.size(); ++i) {
            auto it = unvested.find(c.parties[i].id);
            Rational u = it == unvested.end() ? Rational(0) : it->second;
            vested[i] = base[i] * (1 - std::min(Rational(1), u));
        }
        return std::make_pair(std::move(base), std::move(vested));
    }

    Rational moved(std::size_t leaver) const {
        return m_leaver_vests ? Rational(m_base[leaver] - m_vested[leaver]) : Rational(0);
    }
    Rational total_unvested(std::size_t leaver) const { return m_total_unvested - moved(leaver); }
    Rational total_vested(std::size_t leaver) const { return m_total_vested + moved(leaver); }

    bool m_present = false, m_leaver_vests = false, m_pro_rata = true;
    std::vector<Rational> m_base, m_vested;
    std::optional<std::size_t> m_to;
    Rational m_total_unvested = 0, m_total_vested = 0;
    long m_positive = 0, m_negative = 0; // vested parts above and below 0, outside m_to
};

/// The one party with a part above 0, if exactly one has.
std::optional<std::size_t> only_positive(const std::map<std::size_t, Rational>& parts) {
    std::optional<std::size_t> one;
    for (const auto& [i, r] : parts) {
        if (r > 0) {
            if (one) {
                return std::nullopt;
            }
            one = i;
        }
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
        Rational total = 0;
        for (const auto& p : c.parties) {
            total += c.contributed(p.id);
        }
        if (total != 0) {
            std::map<std::size_t, Rational> parts;
            for (std::size_t i = 0; i < c.parties.size(); ++i) {
                parts[i] = c.contributed(c.parties[i].id) / total;
            }
            pro_rata = only_positive(parts);
        }
    }

    void add(std::map<std::size_t, Rational>& parts, const std::string& id,
             const Rational& r) const {
        if (auto i = c.party_index(id)) {
            parts[*i] += r;
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
                std::map<std::size_t, Rational> parts;
                for (const auto& cr : *a.creators) {
                    add(parts, cr.id, Rational(1, static_cast<unsigned long>(a.creators->size())));
                }
                return only_positive(parts);
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
            std::map<std::size_t, Rational> parts;
            for (const auto& e : a.owner->entries) {
                add(parts, e.party.id, e.ratio);
            }
            return only_positive(parts);
        }
        return c.ip->foreground_rule ? by_rule(a) : std::nullopt;
    }
};

/// The one party that owns a foreground asset (a part above 0), for each
/// asset that has one: owners_of without listing every party of a joint rule.
std::map<std::size_t, std::vector<const model::Asset*>> sole_owners(const model::Charter& c) {
    std::map<std::size_t, std::vector<const model::Asset*>>
        out; // party index -> its assets, in list order
    if (!c.ip) {
        return out;
    }
    SoleOwnerRules rules(c);
    for (const auto& a : c.ip->assets) {
        if (a.cls != model::AssetClass::Foreground) {
            continue;
        }
        if (auto owner = rules.of(a)) {
            out[*owner].push_back(&a);
        }
    }
    return out;
}

/// The possible leavers of a trigger, each at its first case in the order a
/// simulation of every case runs them (invokers in party order; for a
/// counterparty trigger every other party in party order).
std::vector<std::size_t> leavers_in_case_order(const model::Charter& c, const model::Trigger& t) {
    std::set<std::string_view> listed;
    for (const auto& r : t.invoked_by) {
        listed.insert(r.id);
    }
    std::vector<std::size_t> invokers;
    for (std::size_t i = 0; i < c.parties.size(); ++i) {
        if (t.invoked_by_any || listed.count(c.parties[i].id)) {
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

void check_trigger(Context& ctx, const model::Trigger& t, const model::Trigger& shown,
                   const std::map<std::size_t, std::vector<const model::Asset*>>& owned_alone,
                   std::set<std::pair<std::string, const Node*>>& reported) {
    const auto& c = ctx.charter;
    auto shares = LeaverShares::make(c, compute::exit_effective(t, *c.effective), t.unvested_keep);
    if (!shares) {
        return; // every case fails before its buyout: nothing to report
    }
    const model::FormulaText::Parsed* parsed =
        t.buyout_price ? t.buyout_price->parsed.get() : nullptr;
    // a wind-down pro-rata to shares the charter lacks fails every case after its buyout
    bool wind_down_fails = t.wind_down && t.wind_down->costs == model::CostsRule::ProRataShares &&
                           !shares->present() && t.wind_down->estimate;
    for (std::size_t leaver : leavers_in_case_order(c, t)) {
        const std::string& id = c.parties[leaver].id;
        if (!shares->computable(leaver) ||
            (shares->present() && shares->share(leaver, leaver) >= 1)) {
            continue; // the case fails before its buyout
        }
        if (parsed) {
            compute::ShareOf share_of = [&](const std::string& party) -> std::optional<Rational> {
                if (!shares->present()) {
                    return std::nullopt;
                }
                auto i = c.party_index(party);
                return i ? shares->share(*i, leaver) : Rational(0);
            };
            auto price = compute::buyout_price(c, t, *parsed, id, std::nullopt, share_of);
            if (!price) {
                const auto& err = price.error();
                bool buyout = shown.buyout_price && err.node == shown.buyout_price->node;
                // fair_value is given at simulation time: needing it is fine
                if (buyout && err.kind != ProblemKind::NeedsInput &&
                    reported.insert({shown.id, err.node}).second) {
                    ctx.report(Code::BuyoutFails, err.node, err.message,
                               "make the price computable for every party that can leave, e.g. "
                               "guard a division with if()");
                }
                continue;
            }
        }
        if (wind_down_fails || t.foreground == model::ForegroundExit::Keep) {
            continue;
        }
        auto assets = owned_alone.find(leaver);
        if (assets == owned_alone.end() || shares->heirs(leaver)) {
            continue;
        }
        for (const model::Asset* a : assets->second) {
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
    auto owned_alone = sole_owners(c);
    // findings are reported under the last trigger of an id, as a search by id found it
    std::map<std::string_view, const model::Trigger*> last;
    for (const auto& t : *c.exit_triggers) {
        last[t.id] = &t;
    }
    std::set<std::pair<std::string, const Node*>> reported;
    for (const auto& t : *c.exit_triggers) {
        if (!only || t.id == *only) {
            check_wind_down_costs(ctx, t);
            check_trigger(ctx, t, *last[t.id], owned_alone, reported);
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
