#pragma once
// Checks that compute: scenarios and exit simulations, run only for charters
// without other errors.
#include <vector>

#include "diag/diagnostic.hpp"
#include "model/charter.hpp"

namespace charter::check {

/// Computes every scenario and reports results that differ from `expect`.
std::vector<Diagnostic> check_scenarios(const model::Charter& charter);

/// Simulates every exit and reports buyout prices that fail or go negative,
/// and foreground assets left without an owner.
std::vector<Diagnostic> check_exit_simulations(const model::Charter& charter);

} // namespace charter::check
