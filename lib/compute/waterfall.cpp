#include "compute/waterfall.hpp"

#include <algorithm>
#include <memory>
#include <set>

#include <fmt/format.h>

#include "formula/formula.hpp"

namespace charter::compute {

namespace {

std::string money(const model::Charter& c, const Rational& x) {
    // shown in the charter's rounding mode, as every amount it pays is rounded
    return num::format_money(num::round_to(x, c.minor_digits, c.rounding), c.minor_digits);
}

std::vector<PartyAmount> zeros(const model::Charter& c) {
    std::vector<PartyAmount> out;
    for (const auto& p : c.parties) {
        out.push_back(PartyAmount{p.id, 0});
    }
    return out;
}

/// Adds to a party's entry. Lists made by zeros() are in party order, so the
/// party's position finds its entry without a scan.
void add_to(const model::Charter& c, std::vector<PartyAmount>& to, const std::string& party,
            const Rational& amount) {
    if (auto i = c.party_index(party); i && *i < to.size() && to[*i].party == party) {
        to[*i].amount += amount;
        return;
    }
    for (auto& pa : to) {
        if (pa.party == party) {
            pa.amount += amount;
            return;
        }
    }
    to.push_back(PartyAmount{party, amount});
}

/// Ratios in charter party order (the largest-remainder tie rule follows it).
std::vector<PartyAmount> in_party_order(const model::Charter& c, const model::PartyRatios& pr) {
    std::map<std::size_t, Rational> by_position; // one pass over the entries, not one per party
    for (const auto& e : pr.entries) {
        if (auto i = c.party_index(e.party.id)) {
            by_position[*i] += e.ratio;
        }
    }
    std::vector<PartyAmount> out;
    for (const auto& [i, r] : by_position) {
        if (r > 0) {
            out.push_back(PartyAmount{c.parties[i].id, r});
        }
    }
    return out;
}

struct Balance {
    std::string party;
    Rational outstanding;
    std::optional<Date> date;
    std::size_t index;
};

/// A royalty's accumulation window (`cumulative`) or a minimum's year:
/// which one a period falls in, by its last day.
struct WindowSpan {
    long long key = 0;               ///< the same key: the same window
    std::optional<Date> first, last; ///< a year's days (none for the whole run)
};

/// State carried from one period to the next.
struct StepState {
    std::optional<long long> window;   ///< the window `base_so_far` and `given` count in
    Rational base_so_far = 0;          ///< B: the royalty base of the window's earlier periods
    Rational given = 0;                ///< the royalty the rule gave in them (basis: whole)
    std::optional<long long> min_year; ///< the year `year_royalty` counts in
    Rational year_royalty = 0;         ///< the rule's royalties in that year (minimum)
    Rational paid_so_far = 0;          ///< for cap.total
    Rational carried = 0;              ///< unpaid, carried with `carry: true`
};

/// The days a period covers; both empty for an undated period without as-of.
struct PeriodDays {
    std::optional<Date> first, last; ///< the period's first and last day (as-of if undated)
    std::optional<Date> as_of;       ///< for milestones, as for vesting
};

/// The contract year (years from `effective`) that holds `d`: its number and days.
WindowSpan contract_year(const Date& effective, const Date& d) {
    long long k = d.year - effective.year;
    if (add_months(effective, 12 * k) > d) {
        --k;
    }
    return WindowSpan{k, add_months(effective, 12 * k),
                      add_days(add_months(effective, 12 * (k + 1)), -1)};
}

/// The window of `kind` that holds a period ending on `last`; none when
/// there is no window, or a year window and no date to place the period in.
std::optional<WindowSpan> window_of(const model::Charter& c, model::Window kind,
                                    const std::optional<Date>& last) {
    switch (kind) {
    case model::Window::None:
        return std::nullopt;
    case model::Window::Run:
        return WindowSpan{};
    case model::Window::CalendarYear:
        if (!last) {
            return std::nullopt;
        }
        return WindowSpan{last->year, Date{last->year, 1, 1}, Date{last->year, 12, 31}};
    case model::Window::ContractYear:
        if (!last || !c.effective) {
            return std::nullopt;
        }
        return contract_year(*c.effective, *last);
    }
    return std::nullopt;
}

/// "2027-01-01/2027-12-31": a window's days, as ISO 8601 writes an interval.
std::string span_text(const WindowSpan& w) {
    return w.first && w.last ? format_date(*w.first) + "/" + format_date(*w.last) : std::string();
}

std::string_view window_word(model::Window kind) {
    return kind == model::Window::ContractYear ? "contract-year" : "calendar-year";
}

/// Why a step with `active` claims nothing in a period; nothing when it is active.
std::optional<Explanation> inactive_because(const model::Charter& c, const model::Active& a,
                                            const PeriodDays& days) {
    auto why = [](std::string reason, std::string detail) {
        return Explanation{Explanation::Rule::Inactive, {}, std::move(reason), std::move(detail)};
    };
    if (a.from && days.last && *days.last < *a.from) {
        return why("before-from", format_date(*a.from));
    }
    if (a.after) {
        const model::Milestone* m = c.milestone(a.after->id);
        std::optional<Date> seen = days.as_of ? days.as_of : days.last;
        if (!m || !m->achieved || (seen && *seen < *m->achieved)) {
            bool later = m && m->achieved;
            return why(later ? "before-milestone" : "milestone-not-achieved", a.after->id);
        }
    }
    if (a.until && days.first && *days.first > *a.until) {
        return why("after-until", format_date(*a.until));
    }
    return std::nullopt;
}

/// What a step claims before its limits, and the ratios of whom it pays.
struct Claim {
    Rational amount = 0;
    std::vector<PartyAmount> recipients;
};

class StepEnv final : public formula::Env {
  public:
    const model::Charter* charter = nullptr;
    Rational revenue, prior_revenue, pool;
    const std::vector<PartyAmount>* shares = nullptr;
    const std::map<std::string, Rational>* paid_map = nullptr;

    formula::Lookup variable(std::string_view name) const override {
        if (name == "revenue")
            return revenue;
        if (name == "prior_revenue")
            return prior_revenue;
        if (name == "pool")
            return pool;
        return unexpected(
            formula::no_value(fmt::format("'{}' has no value in a waterfall step", name)));
    }
    formula::Lookup contributed(std::string_view party) const override {
        return charter->contributed(party);
    }
    formula::Lookup share(std::string_view party) const override {
        if (!shares) {
            return unexpected(
                formula::no_value("the charter has no economics.shares: share() has no value"));
        }
        // shares are in party order
        if (auto i = charter->party_index(party);
            i && *i < shares->size() && (*shares)[*i].party == party) {
            return (*shares)[*i].amount;
        }
        for (const auto& s : *shares) {
            if (s.party == party) {
                return s.amount;
            }
        }
        return Rational(0);
    }
    formula::Lookup paid(std::string_view step) const override {
        auto it = paid_map->find(std::string(step));
        return it == paid_map->end() ? Rational(0) : it->second;
    }
    mpq_class round(const mpq_class& x, int places) const override {
        return num::round_to(x, places, charter->rounding);
    }
    int minor_digits() const override { return charter->minor_digits; }
};

class Engine {
  public:
    Engine(const model::Charter& c, bool explain) : m_c(c), m_explain(explain) {
        for (std::size_t i = 0; i < c.contributions.size(); ++i) {
            const auto& k = c.contributions[i];
            if (k.recoupable && k.value && *k.value > 0 && !k.party.id.empty()) {
                m_balances.push_back(Balance{k.party.id, *k.value, k.date, i});
            }
        }
        // paid down in contribution date order, undated last, then list order
        std::stable_sort(m_balances.begin(), m_balances.end(),
                         [](const Balance& a, const Balance& b) {
                             if (a.date.has_value() != b.date.has_value()) {
                                 return a.date.has_value();
                             }
                             if (a.date && *a.date != *b.date) {
                                 return *a.date < *b.date;
                             }
                             return a.index < b.index;
                         });
    }

    Result<RunResult> run(const std::vector<PeriodInput>& periods) {
        RunResult run;
        run.by_party = zeros(m_c);
        for (const auto& in : periods) {
            auto pr = period(in);
            if (!pr) {
                return unexpected(pr.error());
            }
            for (const auto& pa : pr->by_party) {
                add_to(m_c, run.by_party, pa.party, pa.amount);
            }
            for (const auto& s : pr->streams) {
                run.revenue += s.revenue;
            }
            run.periods.push_back(std::move(*pr));
        }
        return run;
    }

  private:
    Result<PeriodResult> period(const PeriodInput& in) {
        PeriodResult out;
        if (in.period) {
            out.label = in.period->label;
        }
        out.as_of = in.as_of;
        out.by_party = zeros(m_c);
        if (!m_c.economics) {
            return out;
        }
        m_days = PeriodDays{};
        m_days.as_of = in.as_of;
        if (in.period) {
            m_days.first = in.period->first;
            m_days.last = in.period->last;
        } else if (in.as_of) {
            m_days.first = m_days.last = in.as_of;
        }
        bool needs_shares = false;
        for (const auto& s : m_c.economics->streams) {
            for (const auto& st : s.waterfall) {
                needs_shares |= st.kind == model::StepKind::Split && st.split_shares;
            }
        }
        auto shares = shares_as_of(m_c, in.as_of, m_explain ? &out.shares_explain : nullptr);
        if (!shares) {
            if (needs_shares) {
                return unexpected(shares.error());
            }
        } else {
            out.shares = std::move(*shares);
        }
        std::map<std::string_view, Rational>
            revenue_of; // one pass over the entries, not one per stream
        for (const auto& r : in.revenue) {
            revenue_of[r.stream] += r.amount;
        }
        for (const auto& stream : m_c.economics->streams) {
            auto entry = revenue_of.find(stream.id);
            if (entry == revenue_of.end()) {
                continue; // its carries wait for its next entry
            }
            const Rational revenue = entry->second;
            auto sr = run_stream(stream, revenue, out.shares ? &*out.shares : nullptr);
            if (!sr) {
                return unexpected(sr.error());
            }
            for (const auto& pa : sr->by_party) {
                add_to(m_c, out.by_party, pa.party, pa.amount);
            }
            out.streams.push_back(std::move(*sr));
            m_prior_revenue[stream.id] += revenue;
        }
        return out;
    }

    Result<Rational> eval(const model::FormulaText& f, const StepEnv& env, const model::Step& st,
                          const model::Stream& s) {
        const auto& parsed = *f.parsed;
        if (!parsed) {
            return unexpected(compute_problem(fmt::format("formula of step '{}' does not parse: {}",
                                                          st.id, parsed.error().message),
                                              "run `charter validate` for the details", f.node));
        }
        auto v = formula::evaluate(*parsed, env);
        if (!v) {
            return unexpected(compute_problem(
                fmt::format("step '{}' of stream '{}': {} (formula \"{}\"; revenue {}, pool {})",
                            st.id, s.id, v.error().message, f.text, money(m_c, env.revenue),
                            money(m_c, env.pool)),
                v.error().help, f.node));
        }
        return *v;
    }

    Result<StreamResult> run_stream(const model::Stream& s, const Rational& revenue,
                                    const std::vector<PartyAmount>* shares) {
        StreamResult out;
        out.stream = s.id;
        out.revenue = revenue;
        out.by_party = zeros(m_c);
        Rational pool = revenue;
        std::map<std::string, Rational> paid_this_period;
        StepEnv env;
        env.charter = &m_c;
        env.revenue = revenue;
        env.prior_revenue = m_prior_revenue[s.id];
        env.shares = shares;
        env.paid_map = &paid_this_period;
        for (const auto& st : s.waterfall) {
            env.pool = pool;
            auto r = run_step(st, s, env, shares);
            if (!r) {
                return unexpected(r.error());
            }
            pool -= r->paid;
            r->pool_after = pool;
            paid_this_period[st.id] = r->paid;
            for (const auto& pa : r->paid_to) {
                add_to(m_c, out.by_party, pa.party, pa.amount);
            }
            out.steps.push_back(std::move(*r));
        }
        check_conservation(s, out, pool);
        if (pool != 0) {
            return unexpected(compute_problem(
                fmt::format("stream '{}' leaves {} unallocated: its last step is not a split", s.id,
                            money(m_c, pool)),
                "end the waterfall with a `split` step", s.node));
        }
        return out;
    }

    /// What the steps paid, plus what is left in the pool, is the revenue:
    /// anything else is a bug in the engine.
    void check_conservation(const model::Stream& s, const StreamResult& out, const Rational& pool) {
        Rational total = pool;
        for (const auto& pa : out.by_party) {
            total += pa.amount;
        }
        if (total != out.revenue) {
            throw std::logic_error(fmt::format("conservation failed in stream '{}': paid {} of {}",
                                               s.id, money(m_c, total), money(m_c, out.revenue)));
        }
    }

    /// One step, with `env.pool` in the pool: its claim, what it pays and to whom.
    Result<StepResult> run_step(const model::Step& st, const model::Stream& s, const StepEnv& env,
                                const std::vector<PartyAmount>* shares) {
        const Rational& pool = env.pool;
        StepResult r;
        r.step = st.id;
        r.pool_before = pool;
        StepState& state = m_state[&st];
        if (st.active) {
            if (auto why = inactive_because(m_c, *st.active, m_days)) {
                return inactive(st, *why, r);
            }
        }
        auto claimed = claim_of(st, s, env, state, shares, r.explain);
        if (!claimed) {
            return unexpected(claimed.error());
        }
        Rational claim = claimed->amount;
        if (st.kind != model::StepKind::Split) {
            claim = limit_claim(st, state, claim, r.explain);
        }
        Rational rounded_claim = num::round_to(claim, m_c.minor_digits, m_c.rounding);
        Rational paid = claim >= pool ? pool : rounded_claim;
        r.claim = claim;
        r.paid = paid;
        r.unpaid = st.kind == model::StepKind::Split
                       ? Rational(0)
                       : std::max(Rational(0), Rational(rounded_claim - paid));
        if (st.carry) {
            state.carried = r.unpaid;
        }
        state.paid_so_far += paid;
        if (st.kind == model::StepKind::Recoup) {
            r.paid_to = pay_recoup(st, paid);
        } else if (!claimed->recipients.empty()) {
            r.paid_to = divide(m_c, paid, claimed->recipients);
        } else if (paid > 0) {
            return unexpected(
                compute_problem(fmt::format("step '{}' of stream '{}' pays {} but has "
                                            "no recipient",
                                            st.id, s.id, money(m_c, paid)),
                                "give the step `to:`", st.node));
        }
        return r;
    }

    /// A step outside its `active` window: it claims and pays nothing, and
    /// its carry, caps and royalty windows are left as they were.
    StepResult inactive(const model::Step& st, Explanation why, StepResult& r) {
        r.claim = 0;
        r.paid = 0;
        r.unpaid = 0;
        if (st.to) {
            r.paid_to = divide(m_c, 0, in_party_order(m_c, *st.to));
        }
        if (m_explain) {
            r.explain.push_back(std::move(why));
        }
        return std::move(r);
    }

    /// The claim of a step by its kind, before floor, carry and caps.
    Result<Claim> claim_of(const model::Step& st, const model::Stream& s, const StepEnv& env,
                           StepState& state, const std::vector<PartyAmount>* shares,
                           std::vector<Explanation>& explain) {
        switch (st.kind) {
        case model::StepKind::Royalty:
            return royalty_claim(st, s, env, state, explain);
        case model::StepKind::Amount:
            return amount_claim(st, s, env, explain);
        case model::StepKind::Recoup:
            return recoup_claim(st, explain);
        case model::StepKind::Split:
            return split_claim(st, s, env.pool, shares);
        }
        return Claim{};
    }

    /// The tiers' rates applied to the base (the revenue, or the `base`
    /// formula), banded within the royalty's window, marginal or on the whole
    /// base, then topped up to a minimum at a year's end.
    Result<Claim> royalty_claim(const model::Step& st, const model::Stream& s, const StepEnv& env,
                                StepState& state, std::vector<Explanation>& explain) {
        Claim claim;
        Rational base = env.revenue;
        std::string base_from; // empty: the revenue
        if (st.base) {
            auto b = eval(*st.base, env, st, s);
            if (!b) {
                return unexpected(b.error());
            }
            base = *b;
            base_from = st.base->text;
        }
        bool below_zero = base < 0;
        if (below_zero) {
            if (m_explain) {
                explain.push_back({Explanation::Rule::BaseBelowZero, {base}, {}, {}});
            }
            base = 0;
        }
        auto window = window_of(m_c, st.cumulative, m_days.last);
        if (!window || state.window != window->key) {
            state.window = window ? std::optional<long long>(window->key) : std::nullopt;
            state.base_so_far = 0;
            state.given = 0;
        }
        if (m_explain && window && window->first) {
            explain.push_back({Explanation::Rule::Window,
                               {state.base_so_far},
                               std::string(window_word(st.cumulative)),
                               span_text(*window)});
        }
        Rational lo = state.base_so_far;
        Rational hi = lo + base;
        if (m_explain) {
            explain.push_back({Explanation::Rule::Base,
                               {base, lo, hi},
                               base_from,
                               {},
                               0,
                               st.cumulative == model::Window::Run});
        }
        if (!below_zero) {
            claim.amount = st.whole ? whole_royalty(st, state, hi, explain)
                                    : marginal_royalty(st, lo, hi, explain);
        }
        if (window) {
            state.base_so_far = hi;
            state.given += claim.amount;
        }
        claim.amount += minimum_top_up(st, state, claim.amount, explain);
        if (st.to) {
            claim.recipients = in_party_order(m_c, *st.to);
        }
        return claim;
    }

    /// Each tier's rate on the part of the band [lo, hi) inside the tier.
    Rational marginal_royalty(const model::Step& st, const Rational& lo, const Rational& hi,
                              std::vector<Explanation>& explain) {
        Rational royalty = 0;
        for (std::size_t i = 0; i < st.tiers.size(); ++i) {
            Rational from = st.tiers[i].from;
            bool last = i + 1 == st.tiers.size();
            Rational a = std::max(lo, from);
            Rational b = last ? hi : std::min(hi, st.tiers[i + 1].from);
            if (b > a) {
                Rational part = (b - a) * st.tiers[i].rate;
                royalty += part;
                if (m_explain) {
                    explain.push_back({Explanation::Rule::Tier,
                                       {st.tiers[i].rate, from, Rational(b - a), part},
                                       {},
                                       {},
                                       static_cast<int>(i + 1)});
                }
            }
        }
        return royalty;
    }

    /// The rate of the tier reached by the window's total `hi` on all of it,
    /// less what the rule gave earlier in the window (a true-up; below zero
    /// it counts as 0).
    Rational whole_royalty(const model::Step& st, const StepState& state, const Rational& hi,
                           std::vector<Explanation>& explain) {
        std::size_t reached = 0;
        for (std::size_t i = 0; i < st.tiers.size() && st.tiers[i].from <= hi; ++i) {
            reached = i;
        }
        Rational rate = st.tiers.empty() ? Rational(0) : st.tiers[reached].rate;
        Rational royalty = rate * hi;
        const Rational& earlier = state.given;
        Rational trueup = royalty - earlier;
        if (m_explain) {
            explain.push_back({Explanation::Rule::Whole,
                               {rate, hi, royalty, earlier, trueup},
                               {},
                               {},
                               static_cast<int>(reached + 1),
                               trueup < 0});
        }
        return std::max(Rational(0), trueup);
    }

    /// At the last day of a minimum's year: what raises the year's royalties
    /// (this period's `royalty` included) to the minimum.
    Rational minimum_top_up(const model::Step& st, StepState& state, const Rational& royalty,
                            std::vector<Explanation>& explain) {
        if (!st.minimum) {
            return 0;
        }
        auto year = window_of(m_c, st.minimum->per, m_days.last);
        if (!year) {
            return 0;
        }
        if (state.min_year != year->key) {
            state.min_year = year->key;
            state.year_royalty = 0;
        }
        state.year_royalty += royalty;
        if (*m_days.last != *year->last) {
            return 0;
        }
        Rational top_up = std::max(Rational(0), Rational(st.minimum->amount - state.year_royalty));
        if (m_explain) {
            explain.push_back({Explanation::Rule::Minimum,
                               {st.minimum->amount, state.year_royalty, top_up},
                               std::string(window_word(st.minimum->per)),
                               span_text(*year)});
        }
        return top_up;
    }

    /// The value of the `amount` formula.
    Result<Claim> amount_claim(const model::Step& st, const model::Stream& s, const StepEnv& env,
                               std::vector<Explanation>& explain) {
        Claim claim;
        if (st.amount) {
            auto v = eval(*st.amount, env, st, s);
            if (!v) {
                return unexpected(v.error());
            }
            claim.amount = *v;
            if (m_explain) {
                explain.push_back({Explanation::Rule::Amount, {claim.amount}, st.amount->text, {}});
            }
        }
        if (st.to) {
            claim.recipients = in_party_order(m_c, *st.to);
        }
        return claim;
    }

    /// The outstanding balances of the parties the step recoups (paid by pay_recoup).
    Claim recoup_claim(const model::Step& st, std::vector<Explanation>& explain) {
        Claim claim;
        for (const auto& b : m_balances) {
            if (recoups(st, b.party)) {
                claim.amount += b.outstanding;
            }
        }
        if (m_explain) {
            explain.push_back(
                {Explanation::Rule::Recoup, {claim.amount}, {}, {}, 0, st.recoup_sequential});
        }
        return claim;
    }

    /// The whole pool, by shares or by the step's mapping.
    Result<Claim> split_claim(const model::Step& st, const model::Stream& s, const Rational& pool,
                              const std::vector<PartyAmount>* shares) {
        Claim claim;
        claim.amount = pool;
        if (st.split_shares) {
            if (!shares) {
                return unexpected(compute_problem(
                    fmt::format("step '{}' of stream '{}' splits by shares, but the "
                                "charter has no economics.shares",
                                st.id, s.id),
                    "add `economics.shares` or split by a mapping", st.node));
            }
            claim.recipients = *shares;
        } else if (st.split) {
            claim.recipients = in_party_order(m_c, *st.split);
        }
        return claim;
    }

    /// A claim (not a split's) after its floor, carry, period cap and total cap.
    Rational limit_claim(const model::Step& st, const StepState& state, Rational claim,
                         std::vector<Explanation>& explain) {
        auto say = [&](Explanation::Rule rule, std::vector<Rational> values) {
            if (m_explain) {
                explain.push_back({rule, std::move(values), {}, {}});
            }
        };
        if (claim < 0) {
            say(Explanation::Rule::ClaimBelowZero, {claim});
            claim = 0;
        }
        if (st.floor && claim < *st.floor) {
            say(Explanation::Rule::Floor, {*st.floor, claim});
            claim = *st.floor;
        }
        if (st.carry && state.carried > 0) {
            say(Explanation::Rule::Carried, {state.carried});
            claim += state.carried;
        }
        if (st.cap_period && claim > *st.cap_period) {
            say(Explanation::Rule::PeriodCap, {*st.cap_period, claim});
            claim = *st.cap_period;
        }
        if (st.cap_total) {
            Rational room = std::max(Rational(0), Rational(*st.cap_total - state.paid_so_far));
            if (claim > room) {
                say(Explanation::Rule::TotalCap, {*st.cap_total, state.paid_so_far, claim});
                claim = room;
            }
        }
        return claim;
    }

    bool recoups(const model::Step& st, const std::string& party) {
        if (st.recoup_all) {
            return true;
        }
        auto& listed = m_recoup_parties[&st]; // a set, so that a check is not a scan of the list
        if (listed.empty()) {
            for (const auto& r : st.recoup_parties) {
                listed.insert(r.id);
            }
        }
        return listed.count(party) > 0;
    }

    /// The positions (in m_balances) of each party's balances, in paying order.
    const std::vector<std::size_t>& balances_of(const std::string& party) {
        if (!m_balances_by_party) {
            m_balances_by_party.emplace();
            for (std::size_t i = 0; i < m_balances.size(); ++i) {
                (*m_balances_by_party)[m_balances[i].party].push_back(i);
            }
        }
        static const std::vector<std::size_t> kNone;
        auto it = m_balances_by_party->find(party);
        return it == m_balances_by_party->end() ? kNone : it->second;
    }

    std::vector<PartyAmount> pay_recoup(const model::Step& st, const Rational& paid) {
        std::vector<PartyAmount> out;
        std::map<std::string_view, std::size_t> position; // first entry of each party in `out`
        // recipients: listed parties in charter order, zeros included
        for (const auto& p : m_c.parties) {
            if (recoups(st, p.id)) {
                position.emplace(p.id, out.size());
                out.push_back(PartyAmount{p.id, 0});
            }
        }
        if (paid <= 0) {
            return out;
        }
        if (st.recoup_sequential) {
            Rational left = paid;
            for (auto& b : m_balances) {
                if (!recoups(st, b.party) || left <= 0) {
                    continue;
                }
                Rational take = std::min(left, b.outstanding);
                b.outstanding -= take;
                left -= take;
                if (auto it = position.find(b.party); it != position.end()) {
                    out[it->second].amount += take;
                } else {
                    position.emplace(b.party, out.size());
                    out.push_back(PartyAmount{b.party, take});
                }
            }
            return out;
        }
        std::vector<PartyAmount> outstanding;
        for (const auto& p : out) {
            Rational o = 0;
            for (std::size_t i : balances_of(p.party)) {
                o += m_balances[i].outstanding;
            }
            outstanding.push_back(PartyAmount{p.party, o});
        }
        out = divide(m_c, paid, outstanding);
        for (const auto& pa : out) {
            Rational left = pa.amount;
            for (std::size_t i : balances_of(pa.party)) {
                auto& b = m_balances[i];
                if (left > 0) {
                    Rational take = std::min(left, b.outstanding);
                    b.outstanding -= take;
                    left -= take;
                }
            }
        }
        return out;
    }

    const model::Charter& m_c;
    bool m_explain;
    std::vector<Balance> m_balances;
    std::map<const model::Step*, StepState> m_state;
    std::map<std::string, Rational> m_prior_revenue;
    PeriodDays m_days; ///< the days of the period being run
    std::map<const model::Step*, std::set<std::string, std::less<>>> m_recoup_parties;
    std::optional<std::map<std::string, std::vector<std::size_t>, std::less<>>> m_balances_by_party;
};

/// Every party's share before vesting, in party order: pro-rata to
/// contributions, or from `economics.shares` (0 for a party not listed).
Result<std::vector<PartyAmount>> base_shares(const model::Charter& c) {
    const auto& e = *c.economics;
    std::vector<PartyAmount> base;
    if (e.pro_rata_contributions) {
        Rational total = 0;
        for (const auto& p : c.parties) {
            total += c.contributed(p.id);
        }
        if (total == 0) {
            return unexpected(compute_problem(
                "shares are pro-rata to contributions, but no contribution has a value",
                "record the contributions", e.shares_node));
        }
        for (const auto& p : c.parties) {
            base.push_back(PartyAmount{p.id, c.contributed(p.id) / total});
        }
        return base;
    }
    std::map<std::string_view, Rational> of; // PartyRatios::of for every party in one pass
    for (const auto& x : e.shares->entries) {
        of[x.party.id] += x.ratio;
    }
    for (const auto& p : c.parties) {
        auto it = of.find(p.id);
        base.push_back(PartyAmount{p.id, it == of.end() ? Rational(0) : it->second});
    }
    return base;
}

/// The unvested portion of each share in `base` as of `as_of`: the portions
/// whose milestone is not achieved by then (all count as achieved for `vested_party`).
std::vector<Rational> unvested_portions(const model::Charter& c,
                                        const std::vector<PartyAmount>& base,
                                        std::optional<Date> as_of,
                                        std::vector<Explanation>* explain,
                                        const std::string* vested_party) {
    // each party's vesting entries, in list order: one pass, not one per party
    std::map<std::string_view, std::vector<const model::Vesting*>> vesting_of;
    for (const auto& v : c.economics->vesting) {
        vesting_of[v.party.id].push_back(&v);
    }
    static const std::vector<const model::Vesting*> kNoVesting;
    std::vector<Rational> unvested(base.size(), 0);
    for (std::size_t i = 0; i < base.size(); ++i) {
        auto entries = vesting_of.find(base[i].party);
        for (const model::Vesting* vp :
             entries == vesting_of.end() ? kNoVesting : entries->second) {
            const auto& v = *vp;
            const model::Milestone* m = c.milestone(v.milestone.id);
            bool achieved = (vested_party && *vested_party == base[i].party) ||
                            (m && m->achieved && (!as_of || *m->achieved <= *as_of));
            if (!achieved) {
                unvested[i] += v.portion;
                if (explain) {
                    explain->push_back({Explanation::Rule::Unvested,
                                        {v.portion, base[i].amount},
                                        base[i].party,
                                        v.milestone.id});
                }
            }
        }
    }
    return unvested;
}

} // namespace

Result<std::optional<std::vector<PartyAmount>>> shares_as_of(const model::Charter& c,
                                                             std::optional<Date> as_of,
                                                             std::vector<Explanation>* explain,
                                                             const std::string* vested_party) {
    if (!c.economics || (!c.economics->shares && !c.economics->pro_rata_contributions)) {
        return std::optional<std::vector<PartyAmount>>();
    }
    const auto& e = *c.economics;
    auto shares = base_shares(c);
    if (!shares) {
        return unexpected(shares.error());
    }
    const std::vector<PartyAmount>& base = *shares;
    std::vector<Rational> unvested = unvested_portions(c, base, as_of, explain, vested_party);
    Rational total_unvested = 0, total_vested = 0;
    std::vector<Rational> vested(base.size());
    for (std::size_t i = 0; i < base.size(); ++i) {
        vested[i] = base[i].amount * (1 - std::min(Rational(1), unvested[i]));
        total_unvested += base[i].amount - vested[i];
        total_vested += vested[i];
    }
    std::vector<PartyAmount> out;
    if (e.unvested_to) {
        for (std::size_t i = 0; i < base.size(); ++i) {
            Rational f =
                vested[i] + (base[i].party == e.unvested_to->id ? total_unvested : Rational(0));
            out.push_back(PartyAmount{base[i].party, f});
        }
    } else {
        if (total_vested == 0) {
            return unexpected(compute_problem(
                fmt::format("no share is vested{}",
                            as_of ? " as of " + format_date(*as_of) : std::string()),
                "unvested shares are spread over vested ones, and there are none: "
                "record an achieved milestone or use `unvested: {to: party}`",
                e.shares_node));
        }
        for (std::size_t i = 0; i < base.size(); ++i) {
            out.push_back(
                PartyAmount{base[i].party, vested[i] + total_unvested * vested[i] / total_vested});
        }
    }
    if (explain && total_unvested > 0) {
        explain->push_back({Explanation::Rule::UnvestedGoes,
                            {total_unvested},
                            e.unvested_to ? e.unvested_to->id : std::string(),
                            {}});
    }
    return std::optional<std::vector<PartyAmount>>(std::move(out));
}

std::vector<PartyAmount> divide(const model::Charter& c, const Rational& amount,
                                const std::vector<PartyAmount>& ratios) {
    std::vector<PartyAmount> out;
    Rational sum = 0;
    for (const auto& r : ratios) {
        sum += r.amount;
    }
    if (ratios.empty() || sum <= 0) {
        return out;
    }
    std::vector<Rational> rs;
    for (const auto& r : ratios) {
        rs.push_back(r.amount);
    }
    num::Integer units = num::to_minor_units(amount, c.minor_digits, c.rounding);
    auto parts = num::largest_remainder(units, rs);
    for (std::size_t i = 0; i < ratios.size(); ++i) {
        out.push_back(
            PartyAmount{ratios[i].party, num::from_minor_units(parts[i], c.minor_digits)});
    }
    return out;
}

Result<RunResult> run_waterfall(const model::Charter& c, const std::vector<PeriodInput>& periods,
                                bool explain) {
    Engine engine(c, explain);
    return engine.run(periods);
}

Problem compute_problem(std::string message, std::string help, const Node* node) {
    Problem p;
    p.kind = ProblemKind::Compute;
    p.message = std::move(message);
    p.help = std::move(help);
    p.node = node;
    return p;
}

std::string_view explain_rule_name(Explanation::Rule rule) {
    switch (rule) {
    case Explanation::Rule::BaseBelowZero:
        return "base-below-zero";
    case Explanation::Rule::Base:
        return "base";
    case Explanation::Rule::Tier:
        return "tier";
    case Explanation::Rule::Amount:
        return "amount";
    case Explanation::Rule::Recoup:
        return "recoup";
    case Explanation::Rule::ClaimBelowZero:
        return "claim-below-zero";
    case Explanation::Rule::Floor:
        return "floor";
    case Explanation::Rule::Carried:
        return "carried";
    case Explanation::Rule::PeriodCap:
        return "period-cap";
    case Explanation::Rule::TotalCap:
        return "total-cap";
    case Explanation::Rule::Unvested:
        return "unvested";
    case Explanation::Rule::UnvestedGoes:
        return "unvested-goes";
    case Explanation::Rule::Window:
        return "window";
    case Explanation::Rule::Whole:
        return "whole";
    case Explanation::Rule::Minimum:
        return "minimum";
    case Explanation::Rule::Inactive:
        return "inactive";
    }
    return "base";
}

std::vector<std::string_view> explain_value_names(Explanation::Rule rule) {
    switch (rule) {
    case Explanation::Rule::BaseBelowZero:
        return {"base"};
    case Explanation::Rule::Base:
        return {"base", "band_from", "band_to"};
    case Explanation::Rule::Tier:
        return {"rate", "from", "width", "part"};
    case Explanation::Rule::Amount:
        return {"amount"};
    case Explanation::Rule::Recoup:
        return {"outstanding"};
    case Explanation::Rule::ClaimBelowZero:
        return {"claim"};
    case Explanation::Rule::Floor:
        return {"floor", "claim"};
    case Explanation::Rule::Carried:
        return {"carried"};
    case Explanation::Rule::PeriodCap:
        return {"cap", "claim"};
    case Explanation::Rule::TotalCap:
        return {"cap", "paid_so_far", "claim"};
    case Explanation::Rule::Unvested:
        return {"portion", "share"};
    case Explanation::Rule::UnvestedGoes:
        return {"unvested"};
    case Explanation::Rule::Window:
        return {"earlier_base"};
    case Explanation::Rule::Whole:
        return {"rate", "total", "royalty", "earlier", "trueup"};
    case Explanation::Rule::Minimum:
        return {"minimum", "year_royalty", "top_up"};
    case Explanation::Rule::Inactive:
        return {};
    }
    return {};
}

} // namespace charter::compute
