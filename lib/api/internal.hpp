#pragma once
// What the public API (include/charter/) is built from, for lib/api/ and
// cmd/: the model behind a charter::Charter, and the one entry point that
// reads and prepares a charter for computing.
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "charter/error.hpp"
#include "charter/load.hpp"
#include "charter/splits.hpp"
#include "compare/diff.hpp"
#include "compute/waterfall.hpp"
#include "diag/diagnostic.hpp"
#include "model/charter.hpp"
#include "util/source.hpp"

namespace charter::detail {

struct CharterData {
    std::shared_ptr<const Source> source;
    model::Charter model;
    std::vector<Diagnostic> diagnostics; ///< warnings and notes
};

} // namespace charter::detail

namespace charter::api {

inline const model::Charter& model_of(const Charter& c) {
    return c.data().model;
}

/// Reads a charter's text from `path` ("-": `stdin_stream`) with the size
/// limit: ErrorKind::Unreadable or ErrorKind::TooLarge, with the message the
/// command line shows after "charter: ".
Expected<std::string, Error> read_charter(const std::string& path, std::istream& stdin_stream);

/// Validates a text without the computed checks and decides what blocks a
/// computation: every error. ErrorKind::NotYaml when no model could be
/// built, ErrorKind::Invalid otherwise, both with the blocking diagnostics.
/// `warnings` (if given) receives the rest.
Expected<model::Charter, Error> prepare(const std::shared_ptr<const Source>& source,
                                        std::vector<Diagnostic>* warnings = nullptr);

/// One side of a diff: validated without the computed checks, compared even
/// with errors (counted in `errors`). ErrorKind::NotYaml, with every
/// diagnostic, when the text is not a YAML mapping.
Expected<compare::Side, Error> diff_side(const std::shared_ptr<const Source>& source);

/// A Problem of the layers below as the one public Error: its kind mapped
/// (ExitUsage, Number and Date: Request; Ledger: Ledger, at its line;
/// NeedsInput: NeedsInput; Unreadable: Unreadable; the rest: Compute), its
/// charter node (if `charter` is given) as a location and a path.
Error to_error(const Problem& p, const model::Charter* charter = nullptr);
Error request_error(std::string message, std::string help = {});
/// ErrorKind::TooLarge for a text of `size` bytes above kMaxCharterBytes.
Error too_large(const std::string& name, std::size_t size);
Error make_error(ErrorKind kind, std::string message, std::string help = {},
                 std::vector<Diagnostic> diagnostics = {});

/// Exact amounts as the public API writes them (see charter/splits.hpp).
std::string money(const model::Charter& c, const num::Rational& x);
std::string exact(const num::Rational& x);
std::vector<PartyAmount> money_parts(const model::Charter& c,
                                     const std::vector<compute::PartyAmount>& parts);
std::vector<PartyAmount> exact_parts(const std::vector<compute::PartyAmount>& parts);

} // namespace charter::api
