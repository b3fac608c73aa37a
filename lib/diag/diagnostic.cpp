#include "diag/diagnostic.hpp"

#include <algorithm>
#include <array>
#include <tuple>

namespace charter {

namespace {
constexpr std::array kCodes = {
#define X(id, code, name, sev, text) CodeInfo{Code::id, code, name, Severity::sev, text},
#include "charter/codes.def"
#undef X
};
} // namespace

std::span<const CodeInfo> all_codes() {
    return kCodes;
}

const CodeInfo& code_info(Code code) {
    return kCodes[static_cast<std::size_t>(code)];
}

std::string_view severity_name(Severity s) {
    switch (s) {
    case Severity::Error:
        return "error";
    case Severity::Warning:
        return "warning";
    case Severity::Note:
        return "note";
    }
    return "error";
}

Diagnostic make_diagnostic(Code code, Location loc, std::string path, std::string message,
                           std::string help) {
    Diagnostic d;
    d.code = code;
    d.severity = code_info(code).severity;
    d.loc = loc;
    d.path = std::move(path);
    d.message = std::move(message);
    d.help = std::move(help);
    return d;
}

int FileReport::errors() const {
    return static_cast<int>(
        std::count_if(diagnostics.begin(), diagnostics.end(),
                      [](const Diagnostic& d) { return d.severity == Severity::Error; }));
}

int FileReport::warnings() const {
    return static_cast<int>(
        std::count_if(diagnostics.begin(), diagnostics.end(),
                      [](const Diagnostic& d) { return d.severity == Severity::Warning; }));
}

void sort_diagnostics(std::vector<Diagnostic>& diags) {
    std::stable_sort(diags.begin(), diags.end(), [](const Diagnostic& a, const Diagnostic& b) {
        return std::tie(a.loc.line, a.loc.column, a.code) <
               std::tie(b.loc.line, b.loc.column, b.code);
    });
}

} // namespace charter
