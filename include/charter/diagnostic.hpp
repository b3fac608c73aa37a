#pragma once
// Diagnostics: what validation finds, each with a stable code from the
// registry (codes.def), a place in the text and a charter path.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "charter/location.hpp"

namespace charter {

enum class Severity : std::uint8_t { Error, Warning, Note };

/// Every diagnostic code, in registry order: Code::SumNot100 is "C0201".
enum class Code : std::uint16_t {
#define X(id, code, name, sev, text) id,
#include "charter/codes.def"
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

/// The whole registry, in code order. The codes are stable across versions.
std::span<const CodeInfo> all_codes();
const CodeInfo& code_info(Code code);
/// "error", "warning" or "note".
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

} // namespace charter
