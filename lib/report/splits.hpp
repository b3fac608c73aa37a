#pragma once
// Rendering of `charter splits` results.
#include <ostream>
#include <string>

#include "compute/waterfall.hpp"
#include "model/charter.hpp"

namespace charter::report {

struct SplitsOptions {
    bool explain = false;
    bool color = false;
};

/// One line of --explain: "floor 40000.00 raises the claim from 12000.00".
std::string explain_text(const model::Charter& c, const compute::Explanation& e);

/// A readable table per period and stream, totals last.
void write_splits_table(std::ostream& out, const model::Charter& c, const compute::RunResult& run,
                        const SplitsOptions& opts);
/// The JSON document of charter-splits(1), OUTPUT FORMATS.
void write_splits_json(std::ostream& out, const model::Charter& c, const compute::RunResult& run);
/// period,stream,step,party,amount rows.
void write_splits_csv(std::ostream& out, const model::Charter& c, const compute::RunResult& run);
/// Markdown tables, for a pull request or a report.
void write_splits_markdown(std::ostream& out, const model::Charter& c,
                           const compute::RunResult& run, const SplitsOptions& opts);

} // namespace charter::report
