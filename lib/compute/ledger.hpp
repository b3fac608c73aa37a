#pragma once
// Ledgers: CSV revenue (RFC 4180) with at least `period`, `stream` and
// `amount` columns, streamed: memory grows with the distinct (period, stream)
// pairs, not with the rows.
#include <istream>
#include <string>
#include <vector>

#include "compute/waterfall.hpp"

namespace charter::compute {

struct LedgerError {
    std::string message; ///< names the ledger and line: "q.csv:12: unknown stream 'x'"
    std::string help;
    int line = 0;
};

/// Reads a whole ledger; the periods come back in calendar order, each with
/// its last day as the as-of date. `name` is how the ledger is shown.
Expected<std::vector<PeriodInput>, LedgerError>
read_ledger(std::istream& in, const std::string& name, const model::Charter& charter);

} // namespace charter::compute
