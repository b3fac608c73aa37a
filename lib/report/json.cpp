// JSON in the shape of cli.md; the documented keys first, in their order.
#include <nlohmann/json.hpp>

#include "report/detail.hpp"
#include "report/report.hpp"

namespace charter::report {

namespace {

using Json = nlohmann::ordered_json;

/// line, column, end_line, end_column; null for a whole-file location, whose
/// line 0 would otherwise read as a (broken) 1-based position.
void put_location(Json& j, const Location& raw) {
    Location loc = detail::normalized(raw);
    if (loc.line == 0) {
        j["line"] = nullptr;
        j["column"] = nullptr;
        j["end_line"] = nullptr;
        j["end_column"] = nullptr;
        return;
    }
    j["line"] = loc.line;
    j["column"] = loc.column;
    j["end_line"] = loc.end_line;
    j["end_column"] = loc.end_column;
}

Json diagnostic_json(const Diagnostic& d) {
    Json j = Json::object();
    j["code"] = std::string(code_info(d.code).code);
    j["severity"] = std::string(severity_name(d.severity));
    j["message"] = d.message;
    put_location(j, d.loc);
    j["path"] = d.path;
    j["help"] = d.help;
    Json notes = Json::array();
    for (const auto& note : d.notes) {
        Json n = Json::object();
        n["message"] = note.message;
        put_location(n, note.loc);
        notes.push_back(std::move(n));
    }
    j["notes"] = std::move(notes);
    return j;
}

} // namespace

void write_json(std::ostream& out, const std::vector<FileReport>& files) {
    Json doc = Json::object();
    Json list = Json::array();
    int errors = 0;
    int warnings = 0;
    for (const auto& file : files) {
        Json f = Json::object();
        f["path"] = file.path;
        f["valid"] = file.errors() == 0;
        Json diags = Json::array();
        for (const auto& d : file.diagnostics) {
            diags.push_back(diagnostic_json(d));
        }
        f["diagnostics"] = std::move(diags);
        list.push_back(std::move(f));
        errors += file.errors();
        warnings += file.warnings();
    }
    doc["files"] = std::move(list);
    doc["errors"] = errors;
    doc["warnings"] = warnings;
    // Messages may quote bytes of a file that is not UTF-8: replace, never throw.
    out << doc.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
}

} // namespace charter::report
