#pragma once
// Renders validate's diagnostics: compiler-style text, JSON, SARIF 2.1.0 and
// GitHub Actions workflow commands (charter-validate(1), OUTPUT FORMATS).
// Every writer renders into the caller's stream; nothing here prints or exits.
#include <filesystem>
#include <memory>
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

/// Counts for the summary line.
struct Totals {
    int errors = 0;
    int warnings = 0;
    int files = 0;

    void add(const FileReport& file);
    /// "2 errors, 1 warning in 14 files" (always this shape, zeros included).
    std::string summary_line() const;
};

/// validate's report written file by file, as results arrive: nothing of a
/// file is kept once it is written, so memory does not grow with the number
/// of files. Call `file` for each file in order, then `finish` once.
class Writer {
  public:
    virtual ~Writer() = default;
    virtual void file(const FileReport& file) = 0;
    /// A path that could not be read (`message` says why). The caller also
    /// reports it on standard error; only SARIF records it in its output,
    /// where a CI upload would otherwise see a clean run.
    virtual void unreadable(const std::string& /*path*/, const std::string& /*message*/) {}
    virtual void finish() = 0;
    const Totals& totals() const { return m_totals; }

  protected:
    Totals m_totals;
};

std::unique_ptr<Writer> text_writer(std::ostream& out, const Options& opts);
std::unique_ptr<Writer> json_writer(std::ostream& out);
/// SARIF URIs relative to `base` (an absolute directory; empty keeps relative paths relative).
std::unique_ptr<Writer> sarif_writer(std::ostream& out, const std::filesystem::path& base);
std::unique_ptr<Writer> github_writer(std::ostream& out, const Options& opts);

/// Writes every file in order, then finishes: the writers for a list at hand.
void write_files(Writer& writer, const std::vector<FileReport>& files);

/// The working directory, or an empty path when it cannot be known.
std::filesystem::path working_directory();

/// Compiler-style blocks (header, source line, carets, notes, help), then the
/// summary line unless quiet.
void write_text(std::ostream& out, const std::vector<FileReport>& files, const Options& opts);

/// One pretty-printed JSON document in the shape of charter-validate(1), then a newline.
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
