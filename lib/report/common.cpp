#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "report/detail.hpp"
#include "report/report.hpp"

namespace charter::report {

namespace {

std::string counted(int n, std::string_view word) {
    return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

} // namespace

void Totals::add(const FileReport& file) {
    errors += file.errors();
    warnings += file.warnings();
    ++files;
}

std::string Totals::summary_line() const {
    // One shape whatever the counts, so scripts and eyes find it in the same place.
    return fmt::format("{}, {} in {}", counted(errors, "error"), counted(warnings, "warning"),
                       counted(files, "file"));
}

std::string summary_line(const std::vector<FileReport>& files) {
    Totals totals;
    for (const auto& file : files) {
        totals.add(file);
    }
    return totals.summary_line();
}

void write_files(Writer& writer, const std::vector<FileReport>& files) {
    for (const auto& file : files) {
        writer.file(file);
    }
    writer.finish();
}

std::filesystem::path working_directory() {
    std::error_code ec;
    std::filesystem::path cwd = std::filesystem::current_path(ec);
    return ec ? std::filesystem::path{} : cwd;
}

} // namespace charter::report

namespace charter::report::detail {

namespace fs = std::filesystem;

Location normalized(Location loc) {
    if (loc.line <= 0) {
        return Location{};
    }
    loc.column = std::max(1, loc.column);
    loc.end_line = std::max(loc.line, loc.end_line);
    if (loc.end_line == loc.line) {
        loc.end_column = std::max(loc.end_column, loc.column + 1);
    } else {
        loc.end_column = std::max(1, loc.end_column);
    }
    return loc;
}

std::string percent_encode_path(std::string_view path) {
    std::string out;
    out.reserve(path.size());
    for (char ch : path) {
        auto b = static_cast<unsigned char>(ch);
        bool keep = (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') ||
                    b == '-' || b == '.' || b == '_' || b == '~' || b == '/';
        if (keep) {
            out += ch;
        } else {
            out += fmt::format("%{:02X}", static_cast<unsigned>(b));
        }
    }
    return out;
}

namespace {

fs::path without_trailing_slash(fs::path dir) {
    dir = dir.lexically_normal();
    if (!dir.has_filename() && dir.has_relative_path()) {
        dir = dir.parent_path();
    }
    return dir;
}

std::string file_uri(const fs::path& absolute) {
    return "file://" + percent_encode_path(absolute.lexically_normal().generic_string());
}

} // namespace

std::string directory_uri(const fs::path& dir) {
    std::string uri = file_uri(without_trailing_slash(dir));
    if (uri.empty() || uri.back() != '/') {
        uri += '/';
    }
    return uri;
}

ArtifactUri artifact_uri(std::string_view path, const fs::path& base) {
    if (path == "-") {
        return {"stdin", false};
    }
    fs::path p{std::string(path)};
    if (base.empty()) {
        if (p.is_absolute()) {
            return {file_uri(p), false};
        }
        return {percent_encode_path(p.lexically_normal().generic_string()), true};
    }
    fs::path root = without_trailing_slash(base);
    fs::path absolute = (p.is_absolute() ? p : root / p).lexically_normal();
    fs::path rel = absolute.lexically_relative(root);
    if (rel.empty() || rel == "." || *rel.begin() == "..") {
        return {file_uri(absolute), false};
    }
    return {percent_encode_path(rel.generic_string()), true};
}

} // namespace charter::report::detail

namespace charter::report::detail {

namespace {

std::string dump(const nlohmann::ordered_json& doc) {
    // messages may quote bytes of a file that is not UTF-8: replace, never throw
    return doc.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

/// The dumped document split around the marker's string.
std::pair<std::string, std::string> split_at_marker(const nlohmann::ordered_json& doc) {
    std::string text = dump(doc);
    std::string marker = nlohmann::ordered_json(JsonArrayStream::kMarker).dump();
    auto at = text.find(marker);
    if (at == std::string::npos) {
        throw std::logic_error("JsonArrayStream: the document has no marker");
    }
    return {text.substr(0, at), text.substr(at + marker.size())};
}

} // namespace

JsonArrayStream::JsonArrayStream(std::ostream& out, const Json& doc) : m_out(out) {
    std::string head = split_at_marker(doc).first;
    auto line = head.rfind('\n');
    std::size_t start = line == std::string::npos ? 0 : line + 1;
    std::size_t spaces = head.find_first_not_of(' ', start) - start;
    m_indent.assign(spaces + 2, ' ');
    m_out << head;
}

void JsonArrayStream::element(const Json& value) {
    m_out << (m_empty ? "[\n" : ",\n");
    m_empty = false;
    std::string text = dump(value);
    std::size_t from = 0;
    while (from <= text.size()) {
        auto end = text.find('\n', from);
        if (end == std::string::npos) {
            end = text.size();
        }
        m_out << m_indent << std::string_view(text).substr(from, end - from);
        if (end < text.size()) {
            m_out << '\n';
        }
        from = end + 1;
    }
}

void JsonArrayStream::finish(const Json& doc) {
    if (m_empty) {
        m_out << "[]";
    } else {
        m_out << '\n' << std::string_view(m_indent).substr(2) << ']';
    }
    m_out << split_at_marker(doc).second << '\n';
}

} // namespace charter::report::detail
