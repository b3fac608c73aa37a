#include <algorithm>

#include <fmt/format.h>

#include "report/detail.hpp"
#include "report/report.hpp"

namespace charter::report {

namespace {

std::string counted(int n, std::string_view word) {
    return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

} // namespace

std::string summary_line(const std::vector<FileReport>& files) {
    int errors = 0;
    int warnings = 0;
    for (const auto& file : files) {
        errors += file.errors();
        warnings += file.warnings();
    }
    // One shape whatever the counts, so scripts and eyes find it in the same place.
    return fmt::format("{}, {} in {}", counted(errors, "error"), counted(warnings, "warning"),
                       counted(static_cast<int>(files.size()), "file"));
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
