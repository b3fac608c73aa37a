#pragma once
// The checks that compute (scenarios, exits), run by validate only for
// charters without other errors: validate orchestrates them, so that
// lib/check never depends on lib/compute.
#include <string_view>
#include <vector>

#include "diag/diagnostic.hpp"
#include "model/charter.hpp"

namespace charter::check {

/// Computes every scenario and reports results that differ from `expect`.
std::vector<Diagnostic> check_scenarios(const model::Charter& charter);

/// Simulates every exit and reports buyout prices that fail or go negative,
/// and foreground assets left without an owner.
std::vector<Diagnostic> check_exit_simulations(const model::Charter& charter);

/// The same, for the triggers with id `trigger` only (what one exit-sim
/// needs: linear in the parties, not in triggers times parties).
std::vector<Diagnostic> check_exit_simulations(const model::Charter& charter,
                                               std::string_view trigger);

} // namespace charter::check
