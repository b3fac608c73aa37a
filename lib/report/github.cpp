// GitHub Actions workflow commands: one annotation per diagnostic.
#include <filesystem>

#include <fmt/format.h>

#include "report/detail.hpp"
#include "report/report.hpp"

namespace charter::report {

namespace {

std::string escape(std::string_view text, bool property) {
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

void write_github(std::ostream& out, const std::vector<FileReport>& files, const Options& opts) {
    for (const auto& file : files) {
        for (const auto& d : file.diagnostics) {
            write_annotation(out, file, d);
        }
    }
    if (!opts.quiet) {
        // Not a command: GitHub shows it as a line of the job's log.
        out << summary_line(files) << '\n';
    }
}

} // namespace charter::report
