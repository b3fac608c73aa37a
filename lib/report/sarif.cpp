// SARIF 2.1.0: one run, one rule per registered code, URIs relative to %SRCROOT%.
#include <system_error>

#include <nlohmann/json.hpp>

#include "report/detail.hpp"
#include "report/report.hpp"

namespace charter::report {

namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kBaseId = "%SRCROOT%";

std::string level(Severity s) {
    switch (s) {
    case Severity::Error:
        return "error";
    case Severity::Warning:
        return "warning";
    case Severity::Note:
        return "note";
    }
    return "error";
}

Json rules_json() {
    Json rules = Json::array();
    for (const auto& info : all_codes()) {
        Json r = Json::object();
        r["id"] = std::string(info.code);
        r["name"] = std::string(info.name);
        r["shortDescription"] = {{"text", std::string(info.summary)}};
        r["defaultConfiguration"] = {{"level", level(info.severity)}};
        rules.push_back(std::move(r));
    }
    return rules;
}

Json physical_location(const detail::ArtifactUri& artifact, const Location& raw) {
    Json artifact_location = Json::object();
    artifact_location["uri"] = artifact.uri;
    if (artifact.relative_to_base) {
        artifact_location["uriBaseId"] = kBaseId;
    }
    Json physical = Json::object();
    physical["artifactLocation"] = std::move(artifact_location);
    Location loc = detail::normalized(raw);
    Json region = Json::object();
    if (loc.line > 0) {
        region["startLine"] = loc.line;
        region["startColumn"] = loc.column;
        region["endLine"] = loc.end_line;
        region["endColumn"] = loc.end_column;
    } else {
        // a finding about the whole file (empty, a NUL byte, no exit
        // trigger): GitHub fingerprints a result by its line, so give one
        region["startLine"] = 1;
    }
    physical["region"] = std::move(region);
    return physical;
}

/// A file that could not be read, as a notification of the invocation.
Json unreadable_json(const detail::ArtifactUri& artifact, const std::string& message) {
    Json artifact_location = Json::object();
    artifact_location["uri"] = artifact.uri;
    if (artifact.relative_to_base) {
        artifact_location["uriBaseId"] = kBaseId;
    }
    Json n = Json::object();
    n["level"] = "error";
    n["message"] = {{"text", message}};
    n["locations"] =
        Json::array({{{"physicalLocation", {{"artifactLocation", std::move(artifact_location)}}}}});
    return n;
}

Json result_json(const detail::ArtifactUri& artifact, const Diagnostic& d) {
    const CodeInfo& info = code_info(d.code);
    Json r = Json::object();
    r["ruleId"] = std::string(info.code);
    r["ruleIndex"] = static_cast<std::size_t>(&info - all_codes().data());
    r["level"] = level(d.severity);
    std::string text = d.message;
    if (!d.help.empty()) {
        text += "\nhelp: " + d.help;
    }
    r["message"] = {{"text", text}};

    Json location = Json::object();
    location["physicalLocation"] = physical_location(artifact, d.loc);
    if (!d.path.empty()) {
        // The charter path names the node whatever line it moves to.
        location["logicalLocations"] = Json::array({{{"fullyQualifiedName", d.path}}});
    }
    r["locations"] = Json::array({std::move(location)});

    if (!d.notes.empty()) {
        Json related = Json::array();
        int id = 0;
        for (const auto& note : d.notes) {
            Json rl = Json::object();
            rl["id"] = id++;
            rl["physicalLocation"] = physical_location(artifact, note.loc);
            rl["message"] = {{"text", note.message}};
            related.push_back(std::move(rl));
        }
        r["relatedLocations"] = std::move(related);
    }
    return r;
}

class SarifWriter : public Writer {
  public:
    SarifWriter(std::ostream& out, std::filesystem::path base)
        : m_base(std::move(base)), m_results(out, document()) {}

    void file(const FileReport& file) override {
        m_totals.add(file);
        detail::ArtifactUri artifact = detail::artifact_uri(file.path, m_base);
        for (const auto& d : file.diagnostics) {
            m_results.element(result_json(artifact, d));
        }
    }

    void unreadable(const std::string& path, const std::string& message) override {
        m_notifications.push_back(unreadable_json(detail::artifact_uri(path, m_base), message));
    }

    void finish() override { m_results.finish(document()); }

  private:
    Json document() const {
        Json driver = Json::object();
        driver["name"] = "charter";
        driver["version"] = CHARTER_VERSION;
        driver["rules"] = rules_json();

        Json run = Json::object();
        run["tool"] = {{"driver", std::move(driver)}};
        if (!m_base.empty()) {
            run["originalUriBaseIds"] = {{kBaseId, {{"uri", detail::directory_uri(m_base)}}}};
        }
        run["columnKind"] = "unicodeCodePoints";
        run["results"] = detail::JsonArrayStream::kMarker;
        // after the results, so known by the time it is written: a run that
        // could not read a file is not successful, whatever its results
        Json invocation = Json::object();
        invocation["executionSuccessful"] = m_notifications.empty();
        if (!m_notifications.empty()) {
            invocation["toolExecutionNotifications"] = m_notifications;
        }
        run["invocations"] = Json::array({std::move(invocation)});

        Json doc = Json::object();
        doc["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
        doc["version"] = "2.1.0";
        doc["runs"] = Json::array({std::move(run)});
        return doc;
    }

    std::filesystem::path m_base;
    Json m_notifications = Json::array();
    detail::JsonArrayStream m_results;
};

} // namespace

std::unique_ptr<Writer> sarif_writer(std::ostream& out, const std::filesystem::path& base) {
    return std::make_unique<SarifWriter>(out, base);
}

void write_sarif(std::ostream& out, const std::vector<FileReport>& files,
                 const std::filesystem::path& base) {
    write_files(*sarif_writer(out, base), files);
}

void write_sarif(std::ostream& out, const std::vector<FileReport>& files) {
    // without a working directory, relative paths stay relative to an unnamed root
    write_sarif(out, files, working_directory());
}

} // namespace charter::report
