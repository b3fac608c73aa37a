#include "compute/exit.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "formula/formula.hpp"
#include "util/text.hpp"

namespace charter::compute {

namespace {

std::string money(const model::Charter& c, const Rational& x) {
    return num::format_money(x, c.minor_digits);
}

/// An ExitUsage problem about `field` of the request (`missing`: not given).
Problem usage_problem(std::string message, ExitField field = ExitField::None,
                      bool missing = false) {
    Problem p;
    p.kind = ProblemKind::ExitUsage;
    p.message = std::move(message);
    p.field = field;
    p.missing = missing;
    return p;
}

const model::Trigger* find_trigger(const model::Charter& c, const std::string& id) {
    if (!c.exit_triggers) {
        return nullptr;
    }
    for (const auto& t : *c.exit_triggers) {
        if (t.id == id) {
            return &t;
        }
    }
    return nullptr;
}

bool may_invoke(const model::Trigger& t, const std::string& party) {
    return t.invoked_by_any || std::any_of(t.invoked_by.begin(), t.invoked_by.end(),
                                           [&](const model::Ref& r) { return r.id == party; });
}

std::vector<std::string_view> party_ids(const model::Charter& c) {
    std::vector<std::string_view> out;
    for (const auto& p : c.parties) {
        out.push_back(p.id);
    }
    return out;
}

/// A party's part in a list; lists in party order (shares) are read at the
/// party's position rather than scanned.
Rational part_of(const model::Charter& c, const std::vector<PartyAmount>& v,
                 std::string_view party) {
    if (auto i = c.party_index(party); i && *i < v.size() && v[*i].party == party) {
        return v[*i].amount;
    }
    for (const auto& pa : v) {
        if (pa.party == party) {
            return pa.amount;
        }
    }
    return 0;
}

class BuyoutEnv final : public formula::Env {
  public:
    const model::Charter* charter = nullptr;
    std::string_view leaver;
    const std::optional<Rational>* fair_value = nullptr;
    const ShareOf* shares = nullptr;

    std::string_view resolve(std::string_view id) const { return id == "leaver" ? leaver : id; }

    formula::Lookup variable(std::string_view name) const override {
        if (name == "fair_value") {
            if (*fair_value) {
                return **fair_value;
            }
            return unexpected(formula::no_value("fair_value is needed by this buyout price",
                                                ProblemKind::NeedsInput));
        }
        return unexpected(
            formula::no_value(fmt::format("'{}' has no value in a buyout price", name)));
    }
    formula::Lookup contributed(std::string_view party) const override {
        return charter->contributed(resolve(party));
    }
    formula::Lookup share(std::string_view party) const override {
        auto part = (*shares)(resolve(party));
        if (!part) {
            return unexpected(
                formula::no_value("the charter has no economics.shares: share() has no value"));
        }
        return std::move(*part);
    }
    formula::Lookup paid(std::string_view) const override {
        return unexpected(formula::no_value("paid() has no value in a buyout price"));
    }
    mpq_class round(const mpq_class& x, int places) const override {
        return num::round_to(x, places, charter->rounding);
    }
    int minor_digits() const override { return charter->minor_digits; }
};

/// Owners with a part above 0, in party order.
std::vector<PartyAmount>
owners_in_order(const model::Charter& c,
                const std::vector<std::pair<std::string, Rational>>& owners) {
    std::map<std::size_t, Rational> by_position; // one pass over the owners, not one per party
    for (const auto& [id, r] : owners) {
        if (auto i = c.party_index(id)) {
            by_position[*i] += r;
        }
    }
    std::vector<PartyAmount> out;
    for (const auto& [i, part] : by_position) {
        if (part > 0) {
            out.push_back(PartyAmount{c.parties[i].id, part});
        }
    }
    return out;
}

/// Every asset's owners in party order, computed once per charter.
struct OwnersCache {
    std::vector<std::optional<std::vector<PartyAmount>>> owners; // by asset index

    explicit OwnersCache(const model::Charter& c) {
        if (!c.ip) {
            return;
        }
        for (const auto& a : c.ip->assets) {
            auto o = c.owners_of(a);
            owners.push_back(o ? std::optional<std::vector<PartyAmount>>(owners_in_order(c, *o))
                               : std::nullopt);
        }
    }
};

/// Warnings for notice served, or an exit taking effect, after the term.
void warn_after_term(const model::Charter& c, const Date& notice, const Date& e,
                     std::vector<std::string>& warnings) {
    if (c.term_ends && notice > *c.term_ends) {
        warnings.push_back(fmt::format("notice served on {}, after the term ended on {}",
                                       format_date(notice), format_date(*c.term_ends)));
    } else if (c.term_ends && e > *c.term_ends) {
        warnings.push_back(fmt::format("the exit takes effect on {}, after the term ends on {}",
                                       format_date(e), format_date(*c.term_ends)));
    }
}

/// The shares once the leaver's part is spread over the others in proportion;
/// an error when the leaver holds them all.
Result<std::vector<PartyAmount>> shares_after(const model::Charter& c, const model::Trigger& t,
                                              const std::vector<PartyAmount>& before,
                                              const std::string& leaver) {
    Rational fl = part_of(c, before, leaver);
    if (fl >= 1) {
        return unexpected(compute_problem(
            fmt::format("'{}' holds 100% of the shares: no party remains to take them", leaver), "",
            t.node));
    }
    std::vector<PartyAmount> after;
    for (const auto& pa : before) {
        after.push_back(PartyAmount{pa.party, pa.party == leaver ? Rational(0)
                                                                 : Rational(pa.amount / (1 - fl))});
    }
    return after;
}

/// The ratios of the remaining parties (their shares before; 1 each without
/// shares), in party order.
std::vector<PartyAmount> remaining_parties(const model::Charter& c,
                                           const std::optional<std::vector<PartyAmount>>& shares,
                                           const std::string& leaver) {
    std::vector<PartyAmount> remaining;
    for (const auto& p : c.parties) {
        if (p.id != leaver) {
            remaining.push_back(
                PartyAmount{p.id, shares ? part_of(c, *shares, p.id) : Rational(1)});
        }
    }
    return remaining;
}

/// The buyout of trigger `t` (which has a price): paid to the leaver by the
/// remaining parties.
Result<Buyout> buy_out(const model::Charter& c, const model::Trigger& t, const std::string& leaver,
                       const ExitInput& in, const std::optional<std::vector<PartyAmount>>& shares,
                       const std::vector<PartyAmount>& remaining) {
    ShareOf share_of = [&](std::string_view party) -> std::optional<Rational> {
        if (!shares) {
            return std::nullopt;
        }
        return part_of(c, *shares, party);
    };
    auto price = buyout_price(c, t, *t.buyout_price->parsed, leaver, in.fair_value, share_of);
    if (!price) {
        return unexpected(price.error());
    }
    Buyout b;
    b.price = *price;
    b.paid_by = divide(c, *price, remaining);
    b.paid_to = leaver;
    return b;
}

/// For a summary: records whether asset `ai`, of which the leaver owns a
/// part, changes hands and is left without an owner; no arithmetic.
void summarize_asset(std::size_t ai, const model::Asset& a, const std::vector<PartyAmount>& owners,
                     const std::string& leaver, ExitResult& r) {
    r.assets_changing.push_back(ai);
    bool co_owned = std::any_of(owners.begin(), owners.end(), [&](const PartyAmount& pa) {
        return pa.party != leaver && pa.amount > 0;
    });
    bool heirs = r.shares_after && std::any_of(r.shares_after->begin(), r.shares_after->end(),
                                               [](const PartyAmount& pa) { return pa.amount > 0; });
    if (!co_owned && !heirs) {
        r.ownerless_assets.push_back(a.id);
    }
}

/// The owners after the leaver's part passes to the co-owners in proportion,
/// or, with none, to the parties by their shares after the exit.
std::vector<PartyAmount> owners_after(const model::Charter& c,
                                      const std::vector<PartyAmount>& before,
                                      const std::optional<std::vector<PartyAmount>>& shares_after,
                                      const std::string& leaver) {
    Rational lpart = part_of(c, before, leaver);
    std::vector<PartyAmount> others;
    Rational others_sum = 0;
    for (const auto& pa : before) {
        if (pa.party != leaver) {
            others.push_back(pa);
            others_sum += pa.amount;
        }
    }
    std::vector<PartyAmount> after;
    if (!others.empty()) {
        for (const auto& pa : others) {
            after.push_back(PartyAmount{pa.party, pa.amount + lpart * pa.amount / others_sum});
        }
    } else if (shares_after) {
        for (const auto& pa : *shares_after) {
            if (pa.amount > 0) {
                after.push_back(PartyAmount{pa.party, lpart * pa.amount});
            }
        }
    }
    return after;
}

/// Who owns asset `ai` before and after the exit; an asset that changes
/// hands is recorded in `r`, with a warning when it is left without an owner.
AssetOutcome asset_outcome(const model::Charter& c, const model::Trigger& t, std::size_t ai,
                           const std::optional<std::vector<PartyAmount>>& owners,
                           const std::string& leaver, bool leaves_part, ExitResult& r) {
    const auto& a = c.ip->assets[ai];
    AssetOutcome out;
    out.asset = a.id;
    if (!owners) {
        out.note = "owner not determined";
        return out;
    }
    out.before = *owners;
    if (!a.owner) {
        out.note = "owner from foreground_rule";
    }
    if (!leaves_part) {
        out.after = out.before;
        return out;
    }
    out.after = owners_after(c, out.before, r.shares_after, leaver);
    if (out.after.empty()) {
        r.ownerless_assets.push_back(a.id);
        r.warnings.push_back(
            fmt::format("foreground asset '{}' is left without an owner: '{}' owned "
                        "all of it and the charter has no shares to pass it on by",
                        a.id, leaver));
    }
    out.changes = true;
    r.assets_changing.push_back(ai);
    if (t.foreground == model::ForegroundExit::LicenseBack) {
        out.leaver_license = "non-exclusive, perpetual";
    }
    return out;
}

/// The IP, asset by asset (with `summary`, only which assets change hands).
void ip_outcomes(const model::Charter& c, const model::Trigger& t, const std::string& leaver,
                 const OwnersCache& cache, bool summary, ExitResult& r) {
    for (std::size_t ai = 0; ai < c.ip->assets.size(); ++ai) {
        const auto& a = c.ip->assets[ai];
        const auto& owners = cache.owners[ai];
        bool leaves_part = owners && a.cls == model::AssetClass::Foreground &&
                           t.foreground != model::ForegroundExit::Keep &&
                           part_of(c, *owners, leaver) > 0;
        if (summary) {
            if (leaves_part) {
                summarize_asset(ai, a, *owners, leaver, r);
            }
            continue;
        }
        AssetOutcome out = asset_outcome(c, t, ai, owners, leaver, leaves_part, r);
        r.ip.push_back(std::move(out));
    }
}

/// Whether license `l` continues, survives, terminates or has expired when the
/// exit takes effect on `e`.
LicenseOutcome license_outcome(const model::Charter& c, const model::Trigger& t,
                               const model::License& l, const std::string& leaver, const Date& e) {
    LicenseOutcome out;
    out.license = l.id;
    std::optional<Date> ends = l.ends ? l.ends : c.term_ends;
    bool from_l = l.from.id == leaver;
    bool to_l =
        std::any_of(l.to.begin(), l.to.end(), [&](const model::Ref& x) { return x.id == leaver; });
    if (ends && *ends < e) {
        out.outcome = "expired";
        out.until = ends;
    } else if ((!from_l && !to_l) || (from_l ? t.from_leaver_survives : t.to_leaver_survives)) {
        out.outcome = "continues";
        out.until = ends;
    } else if (l.survives.kind == model::Survival::Kind::Duration) {
        out.outcome = "survives";
        out.until = add(e, l.survives.duration);
    } else if (l.survives.kind == model::Survival::Kind::Perpetual) {
        out.outcome = "survives";
        out.until = std::nullopt;
    } else {
        out.outcome = "terminates";
        out.until = e;
    }
    return out;
}

/// The milestones not achieved by `e` that the leaver owns, pays or is paid.
std::vector<CancelledMilestone> cancelled_milestones(const model::Charter& c,
                                                     const std::string& leaver, const Date& e) {
    std::vector<CancelledMilestone> out;
    for (const auto& m : c.milestones) {
        bool achieved = m.achieved && *m.achieved <= e;
        bool concerns = m.owner.id == leaver ||
                        (m.payment && (m.payment->from.id == leaver || m.payment->to.id == leaver));
        if (!achieved && concerns) {
            out.push_back(CancelledMilestone{
                m.id, m.payment ? std::optional<Rational>(m.payment->amount) : std::nullopt});
        }
    }
    return out;
}

/// The ratios by which the parties bear wind-down costs, as `w.costs` says.
Result<std::vector<PartyAmount>> cost_ratios(const model::Charter& c, const model::Trigger& t,
                                             const model::WindDown& w,
                                             const std::optional<std::vector<PartyAmount>>& shares,
                                             const std::string& leaver) {
    std::vector<PartyAmount> ratios;
    switch (w.costs) {
    case model::CostsRule::ProRataShares:
        if (!shares) {
            return unexpected(compute_problem(fmt::format("wind-down costs of '{}' are pro-rata to "
                                                          "shares, but the charter has no shares",
                                                          t.id),
                                              "use `costs: equal`, `leaver` or a mapping", w.node));
        }
        ratios = *shares;
        break;
    case model::CostsRule::Leaver:
        ratios.push_back(PartyAmount{leaver, 1});
        break;
    case model::CostsRule::Equal:
        for (const auto& p : c.parties) {
            ratios.push_back(PartyAmount{p.id, 1});
        }
        break;
    case model::CostsRule::Mapping: {
        std::map<std::string_view, Rational> of; // PartyRatios::of for every party in one pass
        if (w.mapping) {
            for (const auto& x : w.mapping->entries) {
                of[x.party.id] += x.ratio;
            }
        }
        for (const auto& p : c.parties) {
            auto it = of.find(p.id);
            if (it != of.end() && it->second > 0) {
                ratios.push_back(PartyAmount{p.id, it->second});
            }
        }
        break;
    }
    }
    return ratios;
}

/// `costs` divided by `ratios`: every party appears in the allocation, zeros included.
std::vector<PartyAmount> allocate(const model::Charter& c, const Rational& costs,
                                  const std::vector<PartyAmount>& ratios) {
    auto parts = divide(c, costs, ratios);
    std::map<std::string_view, const Rational*>
        part; // the first entry of each party, as a scan finds it
    for (const auto& pa : parts) {
        part.emplace(pa.party, &pa.amount);
    }
    std::vector<PartyAmount> allocation;
    for (const auto& p : c.parties) {
        auto it = part.find(p.id);
        allocation.push_back(PartyAmount{p.id, it == part.end() ? Rational(0) : *it->second});
    }
    return allocation;
}

/// When the wind-down of trigger `t` (which has one) ends, and who bears its costs.
Result<WindDownOutcome> wind_down(const model::Charter& c, const model::Trigger& t,
                                  const ExitInput& in, const Date& e,
                                  const std::optional<std::vector<PartyAmount>>& shares,
                                  const std::string& leaver) {
    const auto& w = *t.wind_down;
    WindDownOutcome out;
    out.ends = w.period ? add(e, *w.period) : e;
    out.costs = in.wind_down_costs ? in.wind_down_costs : w.estimate;
    if (out.costs) {
        auto ratios = cost_ratios(c, t, w, shares, leaver);
        if (!ratios) {
            return unexpected(ratios.error());
        }
        out.allocation = allocate(c, *out.costs, *ratios);
    }
    return out;
}

Result<ExitResult> simulate(const model::Charter& c, const model::Trigger& t,
                            const std::string& invoker, const std::string& leaver,
                            const ExitInput& in, const OwnersCache& cache, bool summary) {
    ExitResult r;
    r.trigger = t.id;
    r.invoked_by = invoker;
    r.leaver = leaver;
    r.notice_served = in.notice;
    const Date e = exit_effective(t, in.notice);
    r.effective = e;
    warn_after_term(c, in.notice, e, r.warnings);

    auto before = shares_as_of(c, e, nullptr, t.unvested_keep ? &leaver : nullptr);
    if (!before) {
        return unexpected(before.error());
    }
    r.shares_before = std::move(*before);
    if (r.shares_before) {
        auto after = shares_after(c, t, *r.shares_before, leaver);
        if (!after) {
            return unexpected(after.error());
        }
        r.shares_after = std::move(*after);
    }
    std::vector<PartyAmount> remaining = remaining_parties(c, r.shares_before, leaver);
    if (!r.shares_before) {
        r.warnings.push_back("the charter has no economics.shares: shares are not shown, and "
                             "amounts the remaining parties pay are divided equally");
    }

    if (t.buyout_price) {
        auto b = buy_out(c, t, leaver, in, r.shares_before, remaining);
        if (!b) {
            return unexpected(b.error());
        }
        r.buyout = std::move(*b);
    }
    if (c.ip) {
        ip_outcomes(c, t, leaver, cache, summary, r);
        if (!summary) {
            for (const auto& l : c.ip->licenses) {
                r.licenses.push_back(license_outcome(c, t, l, leaver, e));
            }
        }
    }
    if (!summary) {
        r.milestones_cancelled = cancelled_milestones(c, leaver, e);
    }
    if (t.wind_down) {
        auto w = wind_down(c, t, in, e, r.shares_before, leaver);
        if (!w) {
            return unexpected(w.error());
        }
        r.wind_down = std::move(*w);
    }
    if (c.confidentiality) {
        if (c.confidentiality->kind == model::Survival::Kind::Duration) {
            r.confidentiality_until = add(e, c.confidentiality->duration);
        } else if (c.confidentiality->kind == model::Survival::Kind::Perpetual) {
            r.confidentiality_perpetual = true;
        }
    }
    return r;
}

} // namespace

Date exit_effective(const model::Trigger& t, const Date& notice) {
    Date e = notice;
    if (t.cure) {
        e = add(e, *t.cure);
    }
    if (t.notice) {
        e = add(e, *t.notice);
    }
    return e;
}

namespace {

/// The buyout price as its formula gives it, before rounding: nullopt when
/// it does not parse; a formula problem as the evaluator gives it.
std::optional<Result<Rational>> unrounded_price(const model::Charter& c,
                                                const Result<formula::Formula>& parsed,
                                                std::string_view leaver,
                                                const std::optional<Rational>& fair_value,
                                                const ShareOf& share_of) {
    if (!parsed) {
        return std::nullopt;
    }
    BuyoutEnv env;
    env.charter = &c;
    env.leaver = leaver;
    env.fair_value = &fair_value;
    env.shares = &share_of;
    return formula::evaluate(*parsed, env);
}

Problem unparsed_price(const model::Trigger& t, const Result<formula::Formula>& parsed) {
    return compute_problem("the buyout price does not parse: " + parsed.error().message, "",
                           t.buyout_price->node);
}

/// A problem of the price's formula, in words that name the buyout price.
Problem price_problem(const model::Trigger& t, std::string_view leaver, const Problem& e) {
    if (e.kind == ProblemKind::NeedsInput) {
        // one sentence that names the buyout price once
        Problem p = compute_problem(
            fmt::format("buyout price of '{}' with {} leaving needs fair_value (formula \"{}\")",
                        t.id, leaver, t.buyout_price->text),
            e.help, t.buyout_price->node);
        p.kind = ProblemKind::NeedsInput;
        return p;
    }
    return compute_problem(fmt::format("buyout price of '{}' with {} leaving: {} (formula \"{}\")",
                                       t.id, leaver, e.message, t.buyout_price->text),
                           e.help, t.buyout_price->node);
}

Problem negative_price(const model::Charter& c, const model::Trigger& t, std::string_view leaver,
                       const Rational& price) {
    return compute_problem(
        fmt::format("buyout price of '{}' with {} leaving is negative: {} (formula \"{}\")", t.id,
                    leaver, money(c, price), t.buyout_price->text),
        "a buyout price must not be negative", t.buyout_price->node);
}

} // namespace

Result<Rational> buyout_price(const model::Charter& c, const model::Trigger& t,
                              const Result<formula::Formula>& parsed, std::string_view leaver,
                              const std::optional<Rational>& fair_value, const ShareOf& share_of) {
    auto v = unrounded_price(c, parsed, leaver, fair_value, share_of);
    if (!v) {
        return unexpected(unparsed_price(t, parsed));
    }
    if (!*v) {
        return unexpected(price_problem(t, leaver, v->error()));
    }
    Rational price = num::round_to(**v, c.minor_digits, c.rounding);
    if (price < 0) {
        return unexpected(negative_price(c, t, leaver, price));
    }
    return price;
}

std::optional<Problem> buyout_problem(const model::Charter& c, const model::Trigger& t,
                                      const Result<formula::Formula>& parsed,
                                      std::string_view leaver, const ShareOf& share_of) {
    auto v = unrounded_price(c, parsed, leaver, std::nullopt, share_of);
    if (!v) {
        return unparsed_price(t, parsed);
    }
    if (!*v) {
        return price_problem(t, leaver, v->error());
    }
    // rounding keeps 0 and the sign: only a price below 0 can round to one below 0
    if (sgn(**v) >= 0) {
        return std::nullopt;
    }
    Rational price = num::round_to(**v, c.minor_digits, c.rounding);
    if (price < 0) {
        return negative_price(c, t, leaver, price);
    }
    return std::nullopt;
}

Result<std::string> exit_leaver(const model::Charter& c, const model::Trigger& t,
                                const ExitInput& in) {
    auto known = [&](const std::string& p) { return c.party(p) != nullptr; };
    auto unknown_party = [&](ExitField field, const std::string& p) {
        std::string_view close = text::suggest(p, party_ids(c));
        return usage_problem(fmt::format("unknown party '{}'; {}", text::shown(p),
                                         close.empty()
                                             ? "the parties are " + text::join_words(party_ids(c))
                                             : "did you mean '" + std::string(close) + "'?"),
                             field);
    };
    if (!known(in.invoked_by)) {
        return unexpected(unknown_party(ExitField::InvokedBy, in.invoked_by));
    }
    if (!may_invoke(t, in.invoked_by)) {
        std::vector<std::string_view> who;
        for (const auto& x : t.invoked_by) {
            who.push_back(x.id);
        }
        return unexpected(
            usage_problem(fmt::format("'{}' may not invoke trigger '{}': it can be invoked by {}",
                                      in.invoked_by, t.id, text::join_words(who, " or "))));
    }
    if (in.leaver && !known(*in.leaver)) {
        return unexpected(unknown_party(ExitField::Leaver, *in.leaver));
    }
    if (t.leaver_is_invoker) {
        if (in.leaver && *in.leaver != in.invoked_by) {
            return unexpected(usage_problem(
                fmt::format("under '{}' the invoking party leaves, so the leaver is '{}'", t.id,
                            in.invoked_by),
                ExitField::Leaver));
        }
        return in.invoked_by;
    }
    if (in.leaver && *in.leaver == in.invoked_by) {
        return unexpected(
            usage_problem(fmt::format("under '{}' the other party leaves, not the invoker '{}'",
                                      t.id, in.invoked_by),
                          ExitField::Leaver));
    }
    if (c.parties.size() == 2) {
        for (const auto& p : c.parties) {
            if (p.id != in.invoked_by) {
                return p.id;
            }
        }
    }
    if (!in.leaver) {
        return unexpected(usage_problem(
            fmt::format("under '{}' the other party leaves, and the charter has {} parties", t.id,
                        c.parties.size()),
            ExitField::Leaver, true));
    }
    return *in.leaver;
}

Result<ExitResult> simulate_exit(const model::Charter& c, const ExitInput& in) {
    const model::Trigger* t = find_trigger(c, in.trigger);
    if (!t) {
        std::vector<std::string_view> ids;
        if (c.exit_triggers) {
            for (const auto& x : *c.exit_triggers) {
                ids.push_back(x.id);
            }
        }
        std::string_view close = text::suggest(in.trigger, ids);
        return unexpected(usage_problem(
            fmt::format("unknown trigger '{}'; {}", text::shown(in.trigger),
                        ids.empty()     ? std::string("the charter has no exit triggers")
                        : close.empty() ? "the triggers are " + text::join_words(ids)
                                        : "did you mean '" + std::string(close) + "'?"),
            ExitField::Trigger));
    }
    if (c.effective && in.notice < *c.effective) {
        return unexpected(
            usage_problem(fmt::format("{} is before the charter takes effect on {}",
                                      format_date(in.notice), format_date(*c.effective)),
                          ExitField::Notice));
    }
    CHARTER_TRY(std::string leaver, exit_leaver(c, *t, in));
    OwnersCache cache(c);
    return simulate(c, *t, in.invoked_by, leaver, in, cache, false);
}

namespace {

/// Who may invoke a trigger, as a set: checking each party is then not a scan of `invoked_by`.
class Invokers {
  public:
    explicit Invokers(const model::Trigger& t) : m_any(t.invoked_by_any) {
        for (const auto& r : t.invoked_by) {
            m_listed.insert(r.id);
        }
    }
    bool may(std::string_view party) const { return m_any || m_listed.count(party) > 0; }

  private:
    bool m_any;
    std::set<std::string_view> m_listed;
};

} // namespace

std::size_t count_exit_cases(const model::Charter& c) {
    std::size_t n = 0;
    if (!c.exit_triggers) {
        return n;
    }
    std::map<std::string_view, std::size_t>
        same_id; // parties with each id (a leaver is any party with another id)
    for (const auto& p : c.parties) {
        ++same_id[p.id];
    }
    for (const auto& t : *c.exit_triggers) {
        Invokers invokers(t);
        for (const auto& by : c.parties) {
            if (invokers.may(by.id)) {
                n += t.leaver_is_invoker ? 1 : c.parties.size() - same_id[by.id];
            }
        }
    }
    return n;
}

std::vector<ExitCase> simulate_all_exits(const model::Charter& c, const Date& notice,
                                         std::optional<Rational> fair_value,
                                         std::optional<Rational> wind_down_costs, bool summary) {
    std::vector<ExitCase> out;
    if (!c.exit_triggers) {
        return out;
    }
    OwnersCache cache(c);
    // room for every case up front: growing would copy the results
    out.reserve(count_exit_cases(c));
    for (const auto& t : *c.exit_triggers) {
        Invokers invokers(t);
        for (const auto& by : c.parties) {
            if (!invokers.may(by.id)) {
                continue;
            }
            std::vector<std::string> leavers;
            if (t.leaver_is_invoker) {
                leavers.push_back(by.id);
            } else {
                for (const auto& p : c.parties) {
                    if (p.id != by.id) {
                        leavers.push_back(p.id);
                    }
                }
            }
            for (const auto& l : leavers) {
                ExitInput in{t.id, by.id, l, notice, fair_value, wind_down_costs};
                out.push_back(
                    ExitCase{t.id, by.id, l, simulate(c, t, by.id, l, in, cache, summary)});
            }
        }
    }
    return out;
}

} // namespace charter::compute
