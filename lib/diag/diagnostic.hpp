#pragma once
// Diagnostics: what validate reports, with a stable code from codes.def.
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "util/source.hpp"

namespace charter {

enum class Severity : std::uint8_t { Error, Warning, Note };

/// Every diagnostic code, in registry order (see codes.def).
enum class Code : std::uint16_t {
#define X(id, code, name, sev, text) id,
#include "diag/codes.def"
#undef X
};

/// One entry of the code registry.
struct CodeInfo {
    Code id;
    std::string_view code;    ///< "C0201"
    std::string_view name;    ///< "sum-not-100"
    Severity severity;        ///< default severity
    std::string_view summary; ///< one-line explanation
};

/// The whole registry, in code order.
std::span<const CodeInfo> all_codes();
const CodeInfo& code_info(Code code);
std::string_view severity_name(Severity s);

/// A secondary place that explains a diagnostic ("first defined here").
struct Related {
    std::string message;
    Location loc;
};

struct Diagnostic {
    Code code{};
    Severity severity = Severity::Error;
    std::string message;
    std::string help; ///< how to fix it; may be empty
    Location loc;
    std::string path; ///< charter path of the node: ip.assets[gripper-v2].owner
    std::vector<Related> notes;
};

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
