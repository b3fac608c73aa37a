#include "compute/scenario.hpp"

#include <algorithm>
#include <numeric>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

namespace charter::compute {

Result<std::vector<PeriodInput>> order_periods(std::vector<PeriodInput> periods,
                                               const std::vector<const Node*>& nodes) {
    auto node_of = [&](std::size_t i) { return i < nodes.size() ? nodes[i] : nullptr; };
    const PeriodInput* first = nullptr;
    for (std::size_t i = 0; i < periods.size(); ++i) {
        const auto& p = periods[i];
        if (!p.period) {
            continue;
        }
        if (!first) {
            first = &p;
        } else if (p.period->granularity != first->period->granularity) {
            return unexpected(compute_problem(
                fmt::format("period {} is a {}, but {} is a {}: one run uses one granularity",
                            p.period->label, granularity_name(p.period->granularity),
                            first->period->label, granularity_name(first->period->granularity)),
                "write every period of the run in the same form (all quarters, all months, ...)",
                node_of(i)));
        }
    }
    std::vector<std::size_t> order(periods.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        if (!periods[a].period || !periods[b].period) {
            return false;
        }
        return periods[a].period->first < periods[b].period->first;
    });
    std::vector<PeriodInput> out;
    for (std::size_t k = 0; k < order.size(); ++k) {
        std::size_t i = order[k];
        if (k > 0 && periods[i].period && out.back().period &&
            *periods[i].period == *out.back().period) {
            // the same period twice: its revenue is summed (ledger rows) unless the caller forbids
            // it
            for (auto& r : periods[i].revenue) {
                out.back().revenue.push_back(r);
            }
            continue;
        }
        out.push_back(std::move(periods[i]));
    }
    return out;
}

Result<std::vector<PeriodInput>> scenario_periods(const model::Scenario& s) {
    std::vector<PeriodInput> periods;
    std::vector<const Node*> nodes;
    for (const auto& sp : s.periods) {
        PeriodInput in;
        in.period = sp.period;
        if (s.single_period) {
            in.as_of = s.as_of;
        } else if (sp.period) {
            in.as_of = sp.period->last;
        }
        for (const auto& r : sp.revenue) {
            in.revenue.push_back(StreamRevenue{r.id.id, r.amount});
        }
        periods.push_back(std::move(in));
        nodes.push_back(sp.node);
    }
    // labels are canonical: equal labels are equal periods
    std::unordered_set<std::string> seen;
    for (std::size_t i = 0; i < periods.size(); ++i) {
        if (periods[i].period && !seen.insert(periods[i].period->label).second) {
            return unexpected(compute_problem(
                fmt::format("scenario '{}' lists period {} twice", s.id, periods[i].period->label),
                "put all of a period's revenue in one entry", nodes[i]));
        }
    }
    return order_periods(std::move(periods), nodes);
}

std::vector<ExpectationResult> compare_expectations(const model::Scenario& s,
                                                    const RunResult& run) {
    std::unordered_map<std::string_view, const Rational*> paid;
    for (const auto& pa : run.by_party) {
        paid.emplace(pa.party, &pa.amount); // a party appears once in by_party
    }
    std::vector<ExpectationResult> out;
    out.reserve(s.expect.size());
    for (const auto& x : s.expect) {
        auto it = paid.find(x.id.id);
        out.push_back({&x, it == paid.end() ? Rational(0) : *it->second});
    }
    return out;
}

} // namespace charter::compute
