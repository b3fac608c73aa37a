#pragma once
// Scenario checks: computed only for charters without other errors.
#include <vector>

#include "diag/diagnostic.hpp"
#include "model/charter.hpp"

namespace charter::check {

/// Computes every scenario and reports results that differ from `expect`.
std::vector<Diagnostic> check_scenarios(const model::Charter& charter);

} // namespace charter::check
