#pragma once
// Rendering of `charter exit-sim` results.
#include <ostream>

#include "compute/exit.hpp"

namespace charter::report {

/// One case as the JSON of charter-exit-sim(1).
void write_exit_json(std::ostream& out, const model::Charter& c, const compute::ExitResult& r);
/// A report a lawyer reads top to bottom: timeline, money, IP, licenses, milestones, obligations.
void write_exit_text(std::ostream& out, const model::Charter& c, const compute::ExitResult& r,
                     bool color);
void write_exit_markdown(std::ostream& out, const model::Charter& c, const compute::ExitResult& r);

/// --all: {"charter", "on", "cases": [...]}.
void write_exits_json(std::ostream& out, const model::Charter& c, const Date& on,
                      const std::vector<compute::ExitCase>& cases);
/// --all: a header row (trigger, invoker, leaver, effective, buyout, leaver's share, IP
/// changing hands, leaver's wind-down), then one row per case (a failed case: four cells).
std::vector<std::vector<std::string>> exits_rows(const model::Charter& c,
                                                 const std::vector<compute::ExitCase>& cases);
/// --all: one summary row per case.
void write_exits_table(std::ostream& out, const model::Charter& c, const Date& on,
                       const std::vector<compute::ExitCase>& cases, bool markdown);

} // namespace charter::report
