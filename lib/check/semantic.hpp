#pragma once
// Checks on the meaning of a charter: references, sums, dates, IP,
// economics, governance and exit (charter-validate(1), DIAGNOSTICS).
#include <vector>

#include "diag/diagnostic.hpp"
#include "model/charter.hpp"

namespace charter::check {

/// Every semantic finding in a charter built by model::build_charter.
std::vector<Diagnostic> check_semantics(const model::Charter& charter);

} // namespace charter::check
