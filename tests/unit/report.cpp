#include <doctest/doctest.h>

#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "diag/diagnostic.hpp"
#include "report/detail.hpp"
#include "report/report.hpp"
#include "util/source.hpp"

using charter::Code;
using charter::Diagnostic;
using charter::FileReport;
using charter::Location;
using charter::Severity;
namespace report = charter::report;

namespace {

Location span(int line, int column, int end_line, int end_column) {
    return Location{line, column, end_line, end_column};
}

FileReport file_with(std::string path, std::string text, std::vector<Diagnostic> diags) {
    FileReport f;
    f.source = std::make_shared<charter::Source>(path, std::move(text));
    f.path = std::move(path);
    f.diagnostics = std::move(diags);
    return f;
}

/// The example of charter-validate(1), OUTPUT FORMATS: line 57 of a file, the owner mapping
/// underlined.
FileReport acme() {
    std::string text;
    for (int i = 1; i < 57; ++i) {
        text += "# line " + std::to_string(i) + "\n";
    }
    text += "      owner: {acme: 60%, globex: 30%}\n";
    text += "# after\n";
    return file_with("deals/acme.charter.yaml", text,
                     {charter::make_diagnostic(
                         Code::SumNot100, span(57, 14, 57, 38), "ip.assets[gripper-v2].owner",
                         "joint owner shares of 'gripper-v2' add up to 90%, not 100%",
                         "the shares must add up to exactly 100%")});
}

std::string text_of(const std::vector<FileReport>& files, report::Options opts = {}) {
    std::ostringstream out;
    report::write_text(out, files, opts);
    return out.str();
}

/// The lines of a string, without their line breaks.
std::vector<std::string> lines_of(const std::string& s) {
    std::vector<std::string> lines;
    std::istringstream in(s);
    for (std::string line; std::getline(in, line);) {
        lines.push_back(line);
    }
    return lines;
}

Diagnostic diag(Code code, Location loc, std::string message, std::string help = {}) {
    return charter::make_diagnostic(code, loc, "x", std::move(message), std::move(help));
}

} // namespace

TEST_SUITE("report") {
    TEST_CASE("text output reproduces the example block of charter-validate(1)") {
        CHECK(text_of({acme()}, {false, true}) ==
              "deals/acme.charter.yaml:57:14: error[C0201]: joint owner shares of 'gripper-v2' "
              "add up to 90%, not 100%\n"
              "   57 |       owner: {acme: 60%, globex: 30%}\n"
              "      |              ^^^^^^^^^^^^^^^^^^^^^^^^\n"
              "   = help: the shares must add up to exactly 100%\n");
    }

    TEST_CASE("text output ends with a summary after a blank line unless quiet") {
        CHECK(text_of({acme()}) ==
              text_of({acme()}, {false, true}) + "\n1 error, 0 warnings in 1 file\n");
        CHECK(text_of({acme()}, {false, true}).find("in 1 file") == std::string::npos);
    }

    TEST_CASE("the summary line counts errors, warnings and files with the right plurals") {
        FileReport clean = file_with("a.charter.yaml", "a: 1\n", {});
        CHECK(report::summary_line({}) == "0 errors, 0 warnings in 0 files");
        CHECK(report::summary_line({clean}) == "0 errors, 0 warnings in 1 file");
        FileReport two =
            file_with("b.charter.yaml", "a: 1\n",
                      {diag(Code::UnknownKey, span(1, 1, 1, 2), "u"),
                       diag(Code::MissingKey, {}, "m"), diag(Code::NoExitTrigger, {}, "w")});
        CHECK(report::summary_line({clean, two, clean}) == "2 errors, 1 warning in 3 files");
        FileReport warns =
            file_with("c.charter.yaml", "a: 1\n",
                      {diag(Code::NoExitTrigger, {}, "w"), diag(Code::DeadlockPossible, {}, "w")});
        CHECK(report::summary_line({warns, acme()}) == "1 error, 2 warnings in 2 files");
        CHECK(text_of({clean, clean}) == "0 errors, 0 warnings in 2 files\n");
    }

    TEST_CASE("the caret line is as wide as the span, and at least one caret") {
        auto f = file_with("f.yaml", "key: value\n",
                           {diag(Code::BadEnum, span(1, 6, 1, 11), "five"),
                            diag(Code::EmptyValue, span(1, 4, 1, 4), "empty span")});
        auto lines = lines_of(text_of({f}, {false, true}));
        REQUIRE(lines.size() == 7);
        CHECK(lines[1] == "    1 | key: value");
        CHECK(lines[2] == "      |      ^^^^^");
        CHECK(lines[3] == "");
        CHECK(lines[6] == "      |    ^");
    }

    TEST_CASE("a caret past the end of the line sits just after its last character") {
        auto f = file_with("f.yaml", "name:\n", {diag(Code::EmptyValue, span(1, 6, 1, 6), "e")});
        auto lines = lines_of(text_of({f}, {false, true}));
        REQUIRE(lines.size() == 3);
        CHECK(lines[2] == "      |      ^");
    }

    TEST_CASE("a multi-line span is underlined to the end of its first line") {
        auto f = file_with("f.yaml", "parties:\n  - id: acme\n  - id: globex\n",
                           {diag(Code::TooFewItems, span(2, 3, 3, 15), "two lines")});
        auto lines = lines_of(text_of({f}, {false, true}));
        REQUIRE(lines.size() == 3);
        CHECK(lines[0] == "f.yaml:2:3: error[C0113]: two lines");
        CHECK(lines[1] == "    2 |   - id: acme");
        CHECK(lines[2] == "      |   ^^^^^^^^^^");
    }

    TEST_CASE("the gutter widens for line numbers of more than five digits") {
        std::string text(123456, '\n');
        text += "abc\n";
        auto f = file_with("big.yaml", text, {diag(Code::BadId, span(123457, 2, 123457, 3), "b")});
        auto lines = lines_of(text_of({f}, {false, true}));
        REQUIRE(lines.size() == 3);
        CHECK(lines[1] == "123457 | abc");
        CHECK(lines[2] == "       |  ^");
    }

    TEST_CASE("tabs are shown as spaces so the carets stay aligned") {
        auto f = file_with("t.yaml", "\tkey:\tvalue\n",
                           {diag(Code::TabIndentation, span(1, 6, 1, 7), "t")});
        auto lines = lines_of(text_of({f}, {false, true}));
        REQUIRE(lines.size() == 3);
        CHECK(lines[1] == "    1 |  key: value");
        CHECK(lines[2] == "      |      ^");
    }

    TEST_CASE("carets count terminal columns of wide and accented characters") {
        // 日本 is two code points but four columns; é is one of each.
        auto f = file_with("w.yaml", "name: 日本 é x\n",
                           {diag(Code::BadId, span(1, 7, 1, 9), "cjk"),
                            diag(Code::BadId, span(1, 12, 1, 13), "after")});
        auto lines = lines_of(text_of({f}, {false, true}));
        REQUIRE(lines.size() == 7);
        CHECK(lines[2] == "      |       ^^^^");
        CHECK(lines[6] == "      |              ^");
    }

    TEST_CASE("carets count emoji as two columns and combining marks as none") {
        // 🚀 (U+1F680) and ⚡ (U+26A1) are wide; the accent of e + U+0301 takes no column
        auto f = file_with("e.yaml", "t: \xF0\x9F\x9A\x80\xE2\x9A\xA1 e\xCC\x81 x\n",
                           {diag(Code::BadId, span(1, 4, 1, 6), "emoji"),
                            diag(Code::BadId, span(1, 10, 1, 11), "after")});
        auto lines = lines_of(text_of({f}, {false, true}));
        REQUIRE(lines.size() == 7);
        CHECK(lines[2] == "      |    ^^^^");
        CHECK(lines[6] == "      |           ^");
    }

    TEST_CASE("control characters and invalid UTF-8 of the source are not sent to the terminal") {
        auto f = file_with("c.yaml", "a: \x1b[31mred\xff\n",
                           {diag(Code::BinaryData, span(1, 4, 1, 5), "c")});
        std::string out = text_of({f}, {false, true});
        CHECK(out.find('\x1b') == std::string::npos);
        CHECK(out.find('\xff') == std::string::npos);
        auto lines = lines_of(out);
        REQUIRE(lines.size() == 3);
        CHECK(lines[1] == "    1 | a: \xEF\xBF\xBD[31mred\xEF\xBF\xBD");
        CHECK(lines[2] == "      |    ^");
    }

    TEST_CASE("a very long line is cut to a window around the span") {
        std::string line(1'000'000, 'a');
        line.replace(600'000, 5, "HELLO");
        auto f = file_with("long.yaml", line + "\n",
                           {diag(Code::BadNumber, span(1, 600'001, 1, 600'006), "long")});
        std::string out = text_of({f}, {false, true});
        CHECK(out.size() < 400);
        auto lines = lines_of(out);
        REQUIRE(lines.size() == 3);
        CHECK(lines[0] == "long.yaml:1:600001: error[C0115]: long");
        CHECK(lines[1].substr(0, 11) == "    1 | ...");
        CHECK(lines[1].substr(lines[1].size() - 3) == "...");
        auto at = lines[1].find("HELLO");
        REQUIRE(at != std::string::npos);
        CHECK(lines[2].find('^') == at);
        CHECK(lines[2].substr(at) == "^^^^^");
    }

    TEST_CASE("a span at the start or end of a long line keeps the window inside the line") {
        std::string line(5000, 'b');
        auto f = file_with("long.yaml", line + "\n",
                           {diag(Code::BadNumber, span(1, 1, 1, 2), "start"),
                            diag(Code::BadNumber, span(1, 5000, 1, 5001), "end")});
        auto lines = lines_of(text_of({f}, {false, true}));
        REQUIRE(lines.size() == 7);
        CHECK(lines[1] == "    1 | " + std::string(120, 'b') + "...");
        CHECK(lines[2] == "      | ^");
        CHECK(lines[5] == "    1 | ..." + std::string(120, 'b'));
        CHECK(lines[6] == "      | " + std::string(122, ' ') + "^");
    }

    TEST_CASE("a whole-file diagnostic has no position and no snippet") {
        auto f =
            file_with("empty.charter.yaml", "", {diag(Code::EmptyFile, {}, "the file is empty")});
        CHECK(text_of({f}, {false, true}) ==
              "empty.charter.yaml: error[C0004]: the file is empty\n");
        FileReport unread;
        unread.path = "gone.yaml";
        unread.diagnostics = {diag(Code::BadId, span(3, 1, 3, 2), "no source")};
        CHECK(text_of({unread}, {false, true}) == "gone.yaml:3:1: error[C0105]: no source\n");
    }

    TEST_CASE("notes come before the help, with their position when they have one") {
        Diagnostic d =
            diag(Code::DuplicateId, span(2, 7, 2, 11), "duplicate id 'acme'", "rename one of them");
        d.notes.push_back({"first defined here", span(1, 7, 1, 11)});
        d.notes.push_back({"ids are compared case-sensitively", {}});
        auto f = file_with("d.yaml", "- id: acme\n- id: acme\n", {d});
        auto lines = lines_of(text_of({f}, {false, true}));
        REQUIRE(lines.size() == 6);
        CHECK(lines[3] == "   = note: d.yaml:1:7: first defined here");
        CHECK(lines[4] == "   = note: ids are compared case-sensitively");
        CHECK(lines[5] == "   = help: rename one of them");
    }

    TEST_CASE("warnings are labelled as such") {
        auto f = file_with("w.yaml", "a: 1\n", {diag(Code::NoExitTrigger, {}, "no exit")});
        CHECK(text_of({f}, {false, true}) == "w.yaml: warning[C0801]: no exit\n");
    }

    TEST_CASE("colour escapes appear only when colour is asked for") {
        std::string plain = text_of({acme()});
        std::string coloured = text_of({acme()}, {true, false});
        CHECK(plain.find('\x1b') == std::string::npos);
        CHECK(coloured.find('\x1b') != std::string::npos);
        CHECK(coloured.find("\x1b[31m") != std::string::npos); // red for an error
        CHECK(coloured.find("error[C0201]") != std::string::npos);
        auto f = file_with("w.yaml", "a: 1\n", {diag(Code::NoExitTrigger, span(1, 1, 1, 2), "w")});
        CHECK(text_of({f}, {true, true}).find("\x1b[33m") != std::string::npos); // yellow
        CHECK(text_of({f}, {false, true}).find('\x1b') == std::string::npos);
    }

    TEST_CASE("json output has the documented keys, in order, for every file") {
        FileReport clean = file_with("ok.charter.yaml", "a: 1\n", {});
        std::ostringstream out;
        report::write_json(out, {acme(), clean});
        std::string s = out.str();
        REQUIRE(!s.empty());
        CHECK(s.back() == '\n');
        auto j = nlohmann::json::parse(s);
        CHECK(j["errors"] == 1);
        CHECK(j["warnings"] == 0);
        REQUIRE(j["files"].size() == 2);
        CHECK(j["files"][0]["path"] == "deals/acme.charter.yaml");
        CHECK(j["files"][0]["valid"] == false);
        CHECK(j["files"][1]["path"] == "ok.charter.yaml");
        CHECK(j["files"][1]["valid"] == true);
        CHECK(j["files"][1]["diagnostics"].empty());
        REQUIRE(j["files"][0]["diagnostics"].size() == 1);
        const auto& d = j["files"][0]["diagnostics"][0];
        CHECK(d["code"] == "C0201");
        CHECK(d["severity"] == "error");
        CHECK(d["message"] == "joint owner shares of 'gripper-v2' add up to 90%, not 100%");
        CHECK(d["line"] == 57);
        CHECK(d["column"] == 14);
        CHECK(d["end_line"] == 57);
        CHECK(d["end_column"] == 38);
        CHECK(d["path"] == "ip.assets[gripper-v2].owner");
        CHECK(d["help"] == "the shares must add up to exactly 100%");
        CHECK(d["notes"].is_array());

        auto ordered = nlohmann::ordered_json::parse(s);
        std::vector<std::string> keys;
        for (const auto& [key, value] : ordered["files"][0]["diagnostics"][0].items()) {
            keys.push_back(key);
        }
        CHECK(keys == std::vector<std::string>{"code", "severity", "message", "line", "column",
                                               "end_line", "end_column", "path", "help", "notes"});
        keys.clear();
        for (const auto& [key, value] : ordered.items()) {
            keys.push_back(key);
        }
        CHECK(keys == std::vector<std::string>{"files", "errors", "warnings"});
    }

    TEST_CASE("json gives null positions for a whole-file diagnostic and survives bad UTF-8") {
        Diagnostic d = diag(Code::NotUtf8, {}, "bad byte \xff here");
        d.notes.push_back({"see", span(2, 3, 2, 4)});
        auto f = file_with("u.yaml", "", {d, diag(Code::NoExitTrigger, {}, "w")});
        std::ostringstream out;
        report::write_json(out, {f});
        auto j = nlohmann::json::parse(out.str());
        const auto& jd = j["files"][0]["diagnostics"][0];
        CHECK(jd["line"].is_null());
        CHECK(jd["end_column"].is_null());
        CHECK(jd["message"] == "bad byte \xEF\xBF\xBD here");
        CHECK(jd["notes"][0]["message"] == "see");
        CHECK(jd["notes"][0]["line"] == 2);
        CHECK(jd["notes"][0]["column"] == 3);
        CHECK(j["warnings"] == 1);
        CHECK(j["files"][0]["diagnostics"][1]["severity"] == "warning");
    }

    TEST_CASE("sarif output is a 2.1.0 log with every code as a rule") {
        Diagnostic w = diag(Code::NoExitTrigger, {}, "no exit trigger");
        auto f = file_with("deals/my deal.charter.yaml", "a: 1\n", {w});
        std::ostringstream out;
        report::write_sarif(out, {acme(), f}, "/work/repo");
        auto j = nlohmann::json::parse(out.str());
        CHECK(j["version"] == "2.1.0");
        CHECK(j["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json");
        REQUIRE(j["runs"].size() == 1);
        const auto& run = j["runs"][0];
        CHECK(run["columnKind"] == "unicodeCodePoints");
        CHECK(run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == "file:///work/repo/");
        const auto& driver = run["tool"]["driver"];
        CHECK(driver["name"] == "charter");
        CHECK(driver["version"] == CHARTER_VERSION);
        auto codes = charter::all_codes();
        REQUIRE(driver["rules"].size() == codes.size());
        for (std::size_t i = 0; i < codes.size(); ++i) {
            const auto& rule = driver["rules"][i];
            CHECK(rule["id"] == std::string(codes[i].code));
            CHECK(rule["name"] == std::string(codes[i].name));
            CHECK(rule["shortDescription"]["text"] == std::string(codes[i].summary));
            CHECK(rule["defaultConfiguration"]["level"] ==
                  (codes[i].severity == Severity::Warning ? "warning" : "error"));
        }

        REQUIRE(run["results"].size() == 2);
        const auto& r = run["results"][0];
        CHECK(r["ruleId"] == "C0201");
        CHECK(driver["rules"][r["ruleIndex"].get<std::size_t>()]["id"] == "C0201");
        CHECK(r["level"] == "error");
        CHECK(r["message"]["text"] == "joint owner shares of 'gripper-v2' add up to 90%, not "
                                      "100%\nhelp: the shares must add up to exactly 100%");
        const auto& loc = r["locations"][0];
        CHECK(loc["physicalLocation"]["artifactLocation"]["uri"] == "deals/acme.charter.yaml");
        CHECK(loc["physicalLocation"]["artifactLocation"]["uriBaseId"] == "%SRCROOT%");
        const auto& region = loc["physicalLocation"]["region"];
        CHECK(region["startLine"] == 57);
        CHECK(region["startColumn"] == 14);
        CHECK(region["endLine"] == 57);
        CHECK(region["endColumn"] == 38);
        CHECK(loc["logicalLocations"][0]["fullyQualifiedName"] == "ip.assets[gripper-v2].owner");

        const auto& rw = run["results"][1];
        CHECK(rw["level"] == "warning");
        CHECK(rw["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] ==
              "deals/my%20deal.charter.yaml");
        // a whole-file finding gets line 1, so that GitHub can fingerprint it
        CHECK(rw["locations"][0]["physicalLocation"]["region"] ==
              nlohmann::json({{"startLine", 1}}));

        REQUIRE(run["invocations"].size() == 1);
        CHECK(run["invocations"][0]["executionSuccessful"] == true);
        CHECK(!run["invocations"][0].contains("toolExecutionNotifications"));
    }

    TEST_CASE("sarif reports a file it could not read as a failed execution") {
        std::ostringstream out;
        auto w = report::sarif_writer(out, "/work/repo");
        w->file(acme());
        w->unreadable(
            "/work/repo/deals/gone.charter.yaml",
            "cannot read '/work/repo/deals/gone.charter.yaml': No such file or directory");
        w->finish();
        auto j = nlohmann::json::parse(out.str());
        const auto& run = j["runs"][0];
        CHECK(run["results"].size() == 1);
        REQUIRE(run["invocations"].size() == 1);
        const auto& inv = run["invocations"][0];
        CHECK(inv["executionSuccessful"] == false);
        REQUIRE(inv["toolExecutionNotifications"].size() == 1);
        const auto& n = inv["toolExecutionNotifications"][0];
        CHECK(n["level"] == "error");
        CHECK(n["message"]["text"] ==
              "cannot read '/work/repo/deals/gone.charter.yaml': No such file or directory");
        const auto& at = n["locations"][0]["physicalLocation"]["artifactLocation"];
        CHECK(at["uri"] == "deals/gone.charter.yaml");
        CHECK(at["uriBaseId"] == "%SRCROOT%");
    }

    TEST_CASE("the other writers leave an unreadable file to standard error") {
        std::ostringstream out;
        auto w = report::json_writer(out);
        w->unreadable("gone.yaml", "cannot read 'gone.yaml'");
        w->finish();
        CHECK(out.str().find("gone.yaml") == std::string::npos);
    }

    TEST_CASE("sarif artifact URIs are relative under the base, file URIs elsewhere, stdin for -") {
        using charter::report::detail::artifact_uri;
        auto under = artifact_uri("/work/repo/deals/a.yaml", "/work/repo");
        CHECK(under.uri == "deals/a.yaml");
        CHECK(under.relative_to_base);
        CHECK(artifact_uri("./deals/../a.yaml", "/work/repo/").uri == "a.yaml");
        auto outside = artifact_uri("../other/b c.yaml", "/work/repo");
        CHECK(outside.uri == "file:///work/other/b%20c.yaml");
        CHECK(!outside.relative_to_base);
        CHECK(artifact_uri("/etc/x.yaml", "/work/repo").uri == "file:///etc/x.yaml");
        auto in = artifact_uri("-", "/work/repo");
        CHECK(in.uri == "stdin");
        CHECK(!in.relative_to_base);
        CHECK(artifact_uri("caf\xC3\xA9#1.yaml", "/w").uri == "caf%C3%A9%231.yaml");
        CHECK(charter::report::detail::directory_uri("/") == "file:///");
    }

    TEST_CASE("sarif relates notes to their locations") {
        Diagnostic d = diag(Code::DuplicateId, span(2, 7, 2, 11), "duplicate id");
        d.notes.push_back({"first defined here", span(1, 7, 1, 11)});
        auto f = file_with("d.yaml", "- id: acme\n- id: acme\n", {d});
        std::ostringstream out;
        report::write_sarif(out, {f}, "/w");
        auto j = nlohmann::json::parse(out.str());
        const auto& related = j["runs"][0]["results"][0]["relatedLocations"];
        REQUIRE(related.size() == 1);
        CHECK(related[0]["message"]["text"] == "first defined here");
        CHECK(related[0]["physicalLocation"]["region"]["startLine"] == 1);
    }

    TEST_CASE("github escapes messages and properties") {
        CHECK(report::github_escape_message("90%, not 100%") == "90%25, not 100%25");
        CHECK(report::github_escape_message("a\r\nb: c,d") == "a%0D%0Ab: c,d");
        CHECK(report::github_escape_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A");
    }

    TEST_CASE("github writes one annotation per diagnostic, then the summary") {
        auto f = file_with("./deals/a,b:c.yaml", "a: 1\n",
                           {diag(Code::SumNot100, span(3, 5, 3, 9), "adds up to 90%", "fix it"),
                            diag(Code::NoExitTrigger, {}, "no exit"),
                            diag(Code::TooFewItems, span(4, 2, 6, 1), "multi")});
        std::ostringstream out;
        report::write_github(out, {f});
        auto lines = lines_of(out.str());
        REQUIRE(lines.size() == 4);
        CHECK(lines[0] == "::error file=deals/a%2Cb%3Ac.yaml,line=3,endLine=3,col=5,endColumn=9,"
                          "title=C0201::adds up to 90%25%0Ahelp: fix it");
        CHECK(lines[1] == "::warning file=deals/a%2Cb%3Ac.yaml,title=C0801::no exit");
        CHECK(lines[2] == "::error file=deals/a%2Cb%3Ac.yaml,line=4,endLine=6,title=C0113::multi");
        CHECK(lines[3] == "2 errors, 1 warning in 1 file");

        std::ostringstream quiet;
        report::write_github(quiet, {f}, {false, true});
        CHECK(lines_of(quiet.str()).size() == 3);
    }

    TEST_CASE("github annotations of standard input carry no file") {
        Diagnostic d = diag(Code::BadId, span(1, 1, 1, 2), "bad");
        d.notes.push_back({"here", span(2, 1, 2, 2)});
        auto f = file_with("-", "a\nb\n", {d});
        std::ostringstream out;
        report::write_github(out, {f}, {false, true});
        CHECK(out.str() == "::error title=C0105::bad%0Anote: -:2:1: here\n");
    }
}
