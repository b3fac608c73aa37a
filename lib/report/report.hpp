#pragma once
// Renders validate's diagnostics: compiler-style text, JSON, SARIF 2.1.0 and
// GitHub Actions workflow commands (see spec/cli.md, "validate").
// Every writer renders into the caller's stream; nothing here prints or exits.
#include <filesystem>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "diag/diagnostic.hpp"

namespace charter::report {

struct Options {
    bool color = false; ///< ANSI colours (the caller decides: --color, tty, NO_COLOR)
    bool quiet = false; ///< diagnostics only, no summary line
};

/// Compiler-style blocks (header, source line, carets, notes, help), then the
/// summary line unless quiet.
void write_text(std::ostream& out, const std::vector<FileReport>& files, const Options& opts);

/// One pretty-printed JSON document in the shape of cli.md, then a newline.
void write_json(std::ostream& out, const std::vector<FileReport>& files);

/// A SARIF 2.1.0 log whose artifact URIs are relative to the working directory.
void write_sarif(std::ostream& out, const std::vector<FileReport>& files);
/// As above, with URIs relative to `base` (an absolute directory) instead.
void write_sarif(std::ostream& out, const std::vector<FileReport>& files,
                 const std::filesystem::path& base);

/// One `::error`/`::warning` workflow command per diagnostic, then the summary
/// line as plain log text unless quiet (colour is never used).
void write_github(std::ostream& out, const std::vector<FileReport>& files,
                  const Options& opts = {});

/// "2 errors, 1 warning in 14 files" (always this shape, zeros included).
std::string summary_line(const std::vector<FileReport>& files);

/// Workflow-command escape of a message: % CR LF.
std::string github_escape_message(std::string_view text);
/// Workflow-command escape of a property value: % CR LF : ,
std::string github_escape_property(std::string_view text);

} // namespace charter::report
