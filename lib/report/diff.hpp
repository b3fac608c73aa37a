#pragma once
// Rendering of `charter diff` results.
#include <ostream>

#include "compare/diff.hpp"

namespace charter::report {

struct DiffOptions {
    bool color = false;
    bool verbose = false; ///< also cosmetic changes (moves, notes)
};

void write_diff_text(std::ostream& out, const std::string& old_name, const std::string& new_name,
                     const compare::DiffResult& r, const DiffOptions& opts);
void write_diff_json(std::ostream& out, const std::string& old_name, const std::string& new_name,
                     const compare::DiffResult& r);
void write_diff_markdown(std::ostream& out, const std::string& old_name,
                         const std::string& new_name, const compare::DiffResult& r,
                         const DiffOptions& opts);

} // namespace charter::report
