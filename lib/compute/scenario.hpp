#pragma once
// Scenarios (worked examples in a charter) and other period lists as waterfall runs.
#include <vector>

#include "compute/waterfall.hpp"

namespace charter::compute {

/// Puts periods in calendar order and checks that one run uses one
/// granularity and names each period once. `nodes[i]` is where period i is
/// written (for the error), may be empty.
Expected<std::vector<PeriodInput>, ComputeError>
order_periods(std::vector<PeriodInput> periods, const std::vector<const Node*>& nodes = {});

/// The periods of a scenario, ready to run.
Expected<std::vector<PeriodInput>, ComputeError> scenario_periods(const model::Scenario& s);

} // namespace charter::compute
