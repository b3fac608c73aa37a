// GitHub Actions workflow commands: one annotation per diagnostic.
#include <filesystem>

#include <fmt/format.h>

#include "report/detail.hpp"
#include "report/report.hpp"
#include "util/text.hpp"

namespace charter::report {

namespace {

/// The Actions toolkit's escapes (% CR LF, and : , in properties) over the
/// text with its other control characters and non-UTF-8 bytes shown as
/// `\xNN`: a file name or a quoted value must not put raw bytes in the log.
std::string escape(std::string_view raw, bool property) {
    std::string text;
    for (std::size_t from = 0; from <= raw.size();) {
        auto end = raw.find_first_of("\r\n", from);
        text += text::shown_name(
            raw.substr(from, end == std::string_view::npos ? std::string_view::npos : end - from));
        if (end == std::string_view::npos) {
            break;
        }
        text += raw[end];
        from = end + 1;
    }
    std::string out;
    out.reserve(text.size());
    for (char ch : text) {
        switch (ch) {
        case '%':
            out += "%25";
            break;
        case '\r':
            out += "%0D";
            break;
        case '\n':
            out += "%0A";
            break;
        case ':':
            out += property ? "%3A" : ":";
            break;
        case ',':
            out += property ? "%2C" : ",";
            break;
        default:
            out += ch;
        }
    }
    return out;
}

std::string_view command(Severity s) {
    switch (s) {
    case Severity::Error:
        return "error";
    case Severity::Warning:
        return "warning";
    case Severity::Note:
        return "notice";
    }
    return "error";
}

void write_annotation(std::ostream& out, const FileReport& file, const Diagnostic& d) {
    Location loc = detail::normalized(d.loc);
    std::string props;
    auto add = [&props](std::string_view key, std::string_view value) {
        if (!props.empty()) {
            props += ',';
        }
        props += key;
        props += '=';
        props += github_escape_property(value);
    };
    // Standard input has no file to annotate; "./x" would not match the repository's "x".
    bool has_file = !file.path.empty() && file.path != "-";
    if (has_file) {
        add("file", std::filesystem::path(file.path).lexically_normal().generic_string());
        if (loc.line > 0) {
            add("line", std::to_string(loc.line));
            add("endLine", std::to_string(loc.end_line));
            // GitHub takes columns only for a span on one line.
            if (loc.end_line == loc.line) {
                add("col", std::to_string(loc.column));
                add("endColumn", std::to_string(loc.end_column));
            }
        }
    }
    add("title", code_info(d.code).code);

    std::string message = d.message;
    for (const auto& note : d.notes) {
        Location at = detail::normalized(note.loc);
        message += at.line > 0 ? fmt::format("\nnote: {}:{}:{}: {}", file.path, at.line, at.column,
                                             note.message)
                               : "\nnote: " + note.message;
    }
    if (!d.help.empty()) {
        message += "\nhelp: " + d.help;
    }
    out << "::" << command(d.severity) << ' ' << props << "::" << github_escape_message(message)
        << '\n';
}

} // namespace

std::string github_escape_message(std::string_view text) {
    return escape(text, false);
}

std::string github_escape_property(std::string_view text) {
    return escape(text, true);
}

namespace {

class GithubWriter : public Writer {
  public:
    GithubWriter(std::ostream& out, const Options& opts) : m_out(out), m_quiet(opts.quiet) {}

    void file(const FileReport& file) override {
        m_totals.add(file);
        for (const auto& d : file.diagnostics) {
            write_annotation(m_out, file, d);
        }
    }

    void finish() override {
        if (!m_quiet) {
            // Not a command: GitHub shows it as a line of the job's log.
            m_out << m_totals.summary_line() << '\n';
        }
    }

  private:
    std::ostream& m_out;
    bool m_quiet;
};

} // namespace

std::unique_ptr<Writer> github_writer(std::ostream& out, const Options& opts) {
    return std::make_unique<GithubWriter>(out, opts);
}

void write_github(std::ostream& out, const std::vector<FileReport>& files, const Options& opts) {
    write_files(*github_writer(out, opts), files);
}

} // namespace charter::report
