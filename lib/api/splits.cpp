#include "charter/splits.hpp"

#include <set>

#include "api/internal.hpp"
#include "compute/ledger.hpp"
#include "compute/scenario.hpp"
#include "num/number.hpp"
#include "report/splits.hpp"
#include "util/text.hpp"

namespace charter {

namespace {

using api::exact;
using api::exact_parts;
using api::money;
using api::money_parts;

/// "unknown stream 'x'; did you mean 'y'?" or "...; the streams are a and b".
Error unknown(std::string_view what, std::string_view plural, std::string_view id,
              const std::vector<std::string_view>& known) {
    std::string_view close = text::suggest(id, known);
    std::string tail = known.empty() ? "the charter has no " + std::string(plural)
                       : close.empty()
                           ? "the " + std::string(plural) + " are " + text::join_words(known)
                           : "did you mean '" + std::string(close) + "'?";
    return api::request_error("unknown " + std::string(what) + " '" + text::shown(id) + "'; " +
                              tail);
}

std::vector<Explanation> explanations(const model::Charter& c,
                                      const std::vector<compute::Explanation>& in) {
    std::vector<Explanation> out;
    out.reserve(in.size());
    for (const auto& e : in) {
        Explanation x{std::string(compute::explain_rule_name(e.rule)),
                      {},
                      e.text,
                      e.detail,
                      report::explain_text(c, e)};
        auto names = compute::explain_value_names(e.rule);
        for (std::size_t i = 0; i < e.values.size() && i < names.size(); ++i) {
            x.values.emplace_back(std::string(names[i]), exact(e.values[i]));
        }
        if (e.rule == compute::Explanation::Rule::Tier) {
            x.values.emplace_back("tier", std::to_string(e.index));
        }
        out.push_back(std::move(x));
    }
    return out;
}

Splits from_run(const model::Charter& c, const compute::RunResult& run) {
    Splits out;
    out.revenue = money(c, run.revenue);
    out.by_party = money_parts(c, run.by_party);
    for (const auto& p : run.periods) {
        PeriodSplit ps;
        ps.label = p.label;
        if (p.as_of) {
            ps.as_of = format_date(*p.as_of);
        }
        if (p.shares) {
            ps.shares = exact_parts(*p.shares);
        }
        ps.shares_explain = explanations(c, p.shares_explain);
        for (const auto& s : p.streams) {
            StreamSplit ss{s.stream, money(c, s.revenue), {}, money_parts(c, s.by_party)};
            for (const auto& st : s.steps) {
                ss.steps.push_back(Step{st.step, exact(st.claim), money(c, st.paid),
                                        money(c, st.unpaid), exact(st.pool_before),
                                        exact(st.pool_after), money_parts(c, st.paid_to),
                                        explanations(c, st.explain)});
            }
            ps.streams.push_back(std::move(ss));
        }
        ps.by_party = money_parts(c, p.by_party);
        out.periods.push_back(std::move(ps));
    }
    return out;
}

Expected<Splits, Error> run(const model::Charter& c,
                            const std::vector<compute::PeriodInput>& periods, bool explain) {
    auto result = compute::run_waterfall(c, periods, explain);
    if (!result) {
        return unexpected(api::to_error(result.error(), &c));
    }
    return from_run(c, *result);
}

Expected<compute::PeriodInput, Error> period_input(const model::Charter& c,
                                                   const RevenuePeriod& rp) {
    compute::PeriodInput in;
    if (!rp.period.empty()) {
        auto p = parse_period(rp.period);
        if (!p) {
            return unexpected(api::request_error("period: " + p.error().message, p.error().help));
        }
        in.period = *p;
        in.as_of = p->last;
    }
    if (!rp.as_of.empty()) {
        auto d = parse_date(rp.as_of);
        if (!d) {
            return unexpected(api::request_error("as of: " + d.error().message, d.error().help));
        }
        in.as_of = *d;
    }
    std::vector<std::string_view> known;
    if (c.economics) {
        for (const auto& s : c.economics->streams) {
            known.push_back(s.id);
        }
    }
    std::set<std::string_view> given;
    for (const auto& [stream, text] : rp.revenue) {
        if (!c.stream(stream)) {
            return unexpected(unknown("stream", "streams", stream, known));
        }
        // two amounts for one stream are a typo more often than a sum
        if (!given.insert(stream).second) {
            return unexpected(api::request_error("stream '" + stream +
                                                 "' is given twice in one period; give its "
                                                 "revenue once"));
        }
        auto amount = num::parse_money(text, c.minor_digits, c.currency);
        if (!amount) {
            return unexpected(
                api::request_error(stream + ": " + amount.error().message, amount.error().help));
        }
        in.revenue.push_back(compute::StreamRevenue{stream, *amount});
    }
    return in;
}

} // namespace

Expected<Splits, Error> compute_splits(const Charter& charter,
                                       const std::vector<RevenuePeriod>& periods, bool explain) {
    const auto& c = api::model_of(charter);
    std::vector<compute::PeriodInput> inputs;
    for (const auto& rp : periods) {
        CHARTER_TRY(auto in, period_input(c, rp));
        inputs.push_back(std::move(in));
    }
    auto ordered = compute::order_periods(std::move(inputs));
    if (!ordered) {
        Error e = api::to_error(ordered.error(), &c);
        e.kind = ErrorKind::Request;
        return unexpected(std::move(e));
    }
    return run(c, *ordered, explain);
}

Expected<Splits, Error> compute_scenario(const Charter& charter, std::string_view scenario,
                                         std::string_view as_of, bool explain) {
    const auto& c = api::model_of(charter);
    const model::Scenario* s = nullptr;
    std::vector<std::string_view> ids;
    for (const auto& sc : c.scenarios) {
        ids.push_back(sc.id);
        if (!s && sc.id == scenario) {
            s = &sc;
        }
    }
    if (!s) {
        return unexpected(unknown("scenario", "scenarios", scenario, ids));
    }
    auto periods = compute::scenario_periods(*s);
    if (!periods) {
        return unexpected(api::to_error(periods.error(), &c));
    }
    if (!as_of.empty()) {
        if (!s->single_period) {
            return unexpected(api::request_error(
                "an as-of date cannot be given for a multi-period scenario: each period is "
                "computed as of its last day"));
        }
        auto d = parse_date(as_of);
        if (!d) {
            return unexpected(api::request_error("as of: " + d.error().message, d.error().help));
        }
        periods->front().as_of = *d;
    }
    auto result = compute::run_waterfall(c, *periods, explain);
    if (!result) {
        return unexpected(api::to_error(result.error(), &c));
    }
    Splits out = from_run(c, *result);
    if (as_of.empty()) {
        for (const auto& r : compute::compare_expectations(*s, *result)) {
            out.expectations.push_back(
                {r.expect->id.id, money(c, r.expect->amount), money(c, r.computed)});
        }
    }
    return out;
}

Expected<Splits, Error> compute_ledger(const Charter& charter, std::istream& csv,
                                       std::string_view name, bool explain) {
    const auto& c = api::model_of(charter);
    auto periods = compute::read_ledger(csv, std::string(name), c);
    if (!periods) {
        return unexpected(api::to_error(periods.error(), &c));
    }
    return run(c, *periods, explain);
}

} // namespace charter
