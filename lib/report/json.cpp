// JSON in the shape of charter-validate(1); the documented keys first, in their order.
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

namespace {

class JsonWriter : public Writer {
  public:
    explicit JsonWriter(std::ostream& out) : m_files(out, document()) {}

    void file(const FileReport& file) override {
        m_totals.add(file);
        Json f = Json::object();
        f["path"] = file.path;
        f["valid"] = file.errors() == 0;
        Json diags = Json::array();
        for (const auto& d : file.diagnostics) {
            diags.push_back(diagnostic_json(d));
        }
        f["diagnostics"] = std::move(diags);
        m_files.element(f);
    }

    void finish() override { m_files.finish(document()); }

  private:
    Json document() const {
        Json doc = Json::object();
        doc["files"] = detail::JsonArrayStream::kMarker;
        doc["errors"] = m_totals.errors;
        doc["warnings"] = m_totals.warnings;
        return doc;
    }

    detail::JsonArrayStream m_files;
};

} // namespace

std::unique_ptr<Writer> json_writer(std::ostream& out) {
    return std::make_unique<JsonWriter>(out);
}

void write_json(std::ostream& out, const std::vector<FileReport>& files) {
    write_files(*json_writer(out), files);
}

} // namespace charter::report
