#pragma once
// A charter as a document people read (`charter render`): every section in
// words and tables, the worked scenarios computed next to their `expect`,
// the exit matrix, and in HTML pictures drawn as inline SVG.
#include <string>

#include "charter/error.hpp"
#include "charter/expected.hpp"

namespace charter {

enum class RenderFormat {
    Html,     ///< one self-contained HTML5 page: inline CSS and SVG, no script, nothing fetched
    Markdown, ///< the same sections and tables, without the pictures
};

struct RenderOptions {
    RenderFormat format = RenderFormat::Html;
    /// "YYYY-MM-DD": the day the exit matrix serves notice on and milestones
    /// are seen from (overdue or not). Required: the library has no clock.
    std::string on;
};

/// A rendered document, and what validation found in the charter (shown
/// in a box at the top of the document).
struct Rendered {
    std::string document;
    int errors = 0;
    int warnings = 0;
    /// the scenarios, exits and pictures were computed: no error blocks
    /// them (a scenario that differs from its `expect` does not)
    bool computed = false;
};

/// Validates `text` and renders it. Same text and options, same bytes. A
/// charter with errors is still rendered (what can be read of it, with the
/// problems at the top), but its scenarios, exits and pictures are not
/// computed, unless the only errors are those of computing them. ErrorKind::TooLarge above
/// kMaxCharterBytes, ErrorKind::NotYaml when the text is not a YAML mapping, ErrorKind::Request for
/// a malformed `on`.
Expected<Rendered, Error> render_document(std::string text, std::string name,
                                          const RenderOptions& options);

} // namespace charter
