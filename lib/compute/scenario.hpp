#pragma once
// Scenarios (worked examples in a charter) and other period lists as waterfall runs.
#include <vector>

#include "compute/waterfall.hpp"

namespace charter::compute {

/// Puts periods in calendar order and checks that one run uses one
/// granularity and names each period once. `nodes[i]` is where period i is
/// written (for the error), may be empty.
Result<std::vector<PeriodInput>> order_periods(std::vector<PeriodInput> periods,
                                               const std::vector<const Node*>& nodes = {});

/// The periods of a scenario, ready to run.
Result<std::vector<PeriodInput>> scenario_periods(const model::Scenario& s);

/// One `expect` entry of a scenario against a run of it.
struct ExpectationResult {
    const model::Amount* expect; ///< the entry: party and amount
    Rational computed;           ///< what the run pays that party (0 for an id it does not pay)
    bool met() const { return computed == expect->amount; }
};

/// Every `expect` entry of `s`, in order, against `run` (a run of `s`).
std::vector<ExpectationResult> compare_expectations(const model::Scenario& s, const RunResult& run);

} // namespace charter::compute
