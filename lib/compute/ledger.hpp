#pragma once
// Ledgers: CSV revenue (RFC 4180) with at least `period`, `stream` and
// `amount` columns, streamed: memory grows with the distinct (period, stream)
// pairs, not with the rows.
#include <istream>
#include <string>
#include <vector>

#include "compute/waterfall.hpp"

namespace charter::compute {

/// Reads a whole ledger; the periods come back in calendar order, each with
/// its last day as the as-of date. `name` is how the ledger is shown. A
/// malformed ledger is a Ledger problem whose message names the ledger and
/// the line ("q.csv:12: unknown stream 'x'"), with the line in `line`.
Result<std::vector<PeriodInput>> read_ledger(std::istream& in, const std::string& name,
                                             const model::Charter& charter);

} // namespace charter::compute
