#pragma once
// Diagnostics: what validate reports, with a stable code from codes.def.
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "charter/diagnostic.hpp"
#include "util/source.hpp"

namespace charter {

/// Makes a diagnostic with the code's default severity.
Diagnostic make_diagnostic(Code code, Location loc, std::string path, std::string message,
                           std::string help = {});

/// Everything validate found in one file.
struct FileReport {
    std::string path;                     ///< as given or joined onto the walked directory
    std::shared_ptr<const Source> source; ///< may be null (file not read)
    std::vector<Diagnostic> diagnostics;  ///< sorted by position

    int errors() const;
    int warnings() const;
};

/// Sorts diagnostics by line, column, code (stable for equal keys).
void sort_diagnostics(std::vector<Diagnostic>& diags);

} // namespace charter
