#pragma once
// One open document: its text as the editor has it, and what validate
// found in it (diagnostics, the model, the ids), made from the same
// pipeline the command line runs.
#include <memory>
#include <optional>
#include <string>

#include "lsp/position.hpp"
#include "lsp/symbols.hpp"
#include "validate/validate.hpp"

namespace charter::lsp {

/// What validation made of one version of a text. Immutable once built.
struct Analysis {
    std::shared_ptr<const Source> source;
    Validated validated;
    SymbolIndex symbols;
    LineMap lines;

    const model::Charter* charter() const {
        return validated.charter ? &*validated.charter : nullptr;
    }
    const std::string& text() const { return source->text(); }
};

/// Validates `text` (scenarios and exits included) and indexes its ids.
std::shared_ptr<const Analysis> analyze(std::string text, const std::string& name,
                                        Encoding encoding);

struct Document {
    std::string uri;
    int version = 0;
    std::string text;
    std::shared_ptr<const Analysis> analysis; ///< of `text`, or null when out of date
    /// The latest analysis that built a charter: completion falls back on
    /// it while the text being typed is not YAML.
    std::shared_ptr<const Analysis> last_good;

    /// The analysis of `text`, made now if it is out of date.
    const Analysis& current(Encoding encoding);
};

/// The file name shown for a URI: the path of a file:// URI, else the URI.
std::string name_of_uri(const std::string& uri);

/// Whether a URI names a charter (*.charter.yaml or *.charter.yml).
bool is_charter_uri(const std::string& uri);

} // namespace charter::lsp
