#pragma once
// The one error type of the library: what went wrong, how to fix it, where,
// and a kind that code can test.
#include <string>
#include <vector>

#include "charter/diagnostic.hpp"
#include "charter/expected.hpp"
#include "charter/location.hpp"

namespace charter {

enum class ErrorKind {
    Unreadable, ///< a file could not be read (missing, a directory, no permission)
    TooLarge,   ///< an input above its size limit; it was not read to the end
    NotYaml,    ///< the text is not a YAML mapping a charter can be built from
    Invalid,    ///< the charter has errors that block computing (`diagnostics`)
    Request,    ///< the request names something the charter lacks or is malformed
    Ledger,     ///< a ledger row is malformed or names an unknown stream
    Compute,    ///< the charter cannot compute this (a formula divides by zero, ...)
    NeedsInput, ///< the computation needs a value the request did not give (fair value)
    TooMany,    ///< a request would produce more results than the limit
};

struct Error {
    ErrorKind kind = ErrorKind::Compute;
    std::string message;                 ///< one sentence, no trailing period, no program name
    std::string help;                    ///< how to fix it; may be empty
    Location loc;                        ///< where in the charter (or ledger), line 0 when nowhere
    std::string path;                    ///< charter path, when the error is about one element
    std::vector<Diagnostic> diagnostics; ///< the blocking diagnostics (ErrorKind::Invalid)
};

/// "unreadable", "too-large", "not-yaml", "invalid", "request", "ledger",
/// "compute", "needs-input", "too-many".
const char* error_kind_name(ErrorKind kind);

} // namespace charter
