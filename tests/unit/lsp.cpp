// The language server (lib/lsp/): positions in each encoding, message
// framing, the id index (formulas included), rename's refusals, and the
// server's answers to the protocol's lifecycle.
#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

#include "lsp/features.hpp"
#include "lsp/position.hpp"
#include "lsp/rpc.hpp"
#include "lsp/server.hpp"
#include "lsp/symbols.hpp"

using namespace charter;
using namespace charter::lsp;

namespace {

// line 12 (0-based 11) has non-ASCII text before the misspelt owner 'acm'
const std::string kCharter = R"yaml(charter: 1
id: demo
title: Démo 日本
kind: joint-development
effective: 2026-01-15
term: {ends: 2030-12-31}
currency: USD
parties:
  - {id: acme, name: Acme Robotics Inc.}
  - {id: globex, name: Globex GmbH}
milestones:
  - {id: m1, title: "Prototype 日本語 é 🚀", owner: acm, due: 2026-09-30}
contributions:
  - {id: c1, party: acme, kind: cash, value: 1000}
economics:
  shares: {acme: 60%, globex: 40%}
  streams:
    - id: sales
      waterfall:
        - {id: fee, to: globex, amount: "min(revenue, 10)"
          }
        - {id: rest, to: acme, amount: "paid(@fee) + contributed(@acme)"}
exit:
  triggers:
    - {id: convenience, cause: convenience, invoked_by: any, leaver: invoker, foreground: keep}
)yaml";

std::vector<Json> run(const std::vector<Json>& messages) {
    std::vector<Json> out;
    Server server([&](const Json& m) { out.push_back(m); }, Date{2027, 1, 1});
    for (const auto& m : messages) {
        server.handle(m);
    }
    server.publish_pending();
    return out;
}

Json req(int id, const std::string& method, Json params = Json::object()) {
    return {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}};
}

Json note(const std::string& method, Json params = Json::object()) {
    return {{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}};
}

Json open_doc(const std::string& text) {
    return note(
        "textDocument/didOpen",
        {{"textDocument", {{"uri", "file:///t/a.charter.yaml"}, {"version", 1}, {"text", text}}}});
}

} // namespace

TEST_SUITE("lsp") {
    TEST_CASE("a position counts UTF-16 units, bytes or code points as negotiated") {
        std::string text = "ab\né日🚀x\n";
        std::size_t x = text.find('x');
        CHECK(LineMap(text, Encoding::Utf16).position(x) == Position{1, 4});
        CHECK(LineMap(text, Encoding::Utf8).position(x) == Position{1, 9});
        CHECK(LineMap(text, Encoding::Utf32).position(x) == Position{1, 3});
        CHECK(LineMap(text, Encoding::Utf16).offset({1, 4}) == x);
        // inside the surrogate pair: the start of the emoji
        CHECK(LineMap(text, Encoding::Utf16).offset({1, 3}) == text.find("🚀"));
        // past the end of a line: its end, not the next line
        CHECK(LineMap(text, Encoding::Utf16).offset({0, 99}) == 2);
        CHECK(LineMap(text, Encoding::Utf16).offset({99, 0}) == text.size());
    }

    TEST_CASE("a library location (code point columns) becomes a range in the encoding") {
        std::string text = "é日🚀 abc\n";
        Location loc{1, 5, 1, 8}; // "abc"
        CHECK(LineMap(text, Encoding::Utf16).range(loc) == Range{{0, 5}, {0, 8}});
        CHECK(LineMap(text, Encoding::Utf8).range(loc) == Range{{0, 10}, {0, 13}});
    }

    TEST_CASE("frames are read by Content-Length, and a bad header is reported") {
        std::istringstream in("Content-Length: 2\r\n\r\n{}content-length:x\r\n\r\n");
        Frame f = read_frame(in);
        CHECK(f.status == Frame::Status::Ok);
        CHECK(f.body == "{}");
        CHECK(read_frame(in).status == Frame::Status::Bad);
        CHECK(read_frame(in).status == Frame::Status::End);
        std::ostringstream out;
        write_frame(out, Json{{"a", 1}});
        CHECK(out.str() == "Content-Length: 7\r\n\r\n{\"a\":1}");
    }

    TEST_CASE("the index finds ids where defined, referenced and inside formulas") {
        auto a = analyze(kCharter, "t.charter.yaml", Encoding::Utf16);
        REQUIRE(a->charter());
        std::size_t def = kCharter.find("id: acme") + 4;
        const Occurrence* o = a->symbols.at(def);
        REQUIRE(o);
        CHECK(o->definition);
        CHECK(o->kind == IdKind::Party);
        auto uses = a->symbols.uses_of(*o);
        // parties, contributions, shares, the step's `to`, contributed(@acme)
        CHECK(uses.size() == 5);
        CHECK(uses.back()->in_formula);
        CHECK(kCharter.substr(uses.back()->begin, 4) == "acme");
        const Occurrence* fee = a->symbols.at(kCharter.find("@fee") + 1);
        REQUIRE(fee);
        CHECK(fee->kind == IdKind::Step);
        CHECK(fee->scope == "sales");
        REQUIRE(a->symbols.definition_of(*fee));
        CHECK(a->symbols.definition_of(*fee)->begin == kCharter.find("id: fee") + 4);
    }

    TEST_CASE("rename refuses a reserved word, a clash and a malformed id") {
        auto a = analyze(kCharter, "t.charter.yaml", Encoding::Utf16);
        Position at_acme = a->lines.position(kCharter.find("id: acme") + 4);
        CHECK(rename(*a, "u", at_acme, "leaver").error().find("reserved") != std::string::npos);
        CHECK(rename(*a, "u", at_acme, "globex").error() == "a party 'globex' exists already");
        CHECK(rename(*a, "u", at_acme, "Acme").error().find("not an id") != std::string::npos);
        auto edit = rename(*a, "u", at_acme, "acme-robotics");
        REQUIRE(edit);
        CHECK((*edit)["changes"]["u"].size() == 5);
    }

    TEST_CASE("diagnostics carry code, help and a range under the right characters") {
        auto a = analyze(kCharter, "t.charter.yaml", Encoding::Utf16);
        Json d = diagnostics(*a, "u");
        REQUIRE(d.size() >= 1);
        CHECK(d[0]["code"] == "C0301");
        CHECK(d[0]["message"] == "unknown party 'acm'\nhelp: did you mean 'acme'?");
        CHECK(d[0]["range"] == to_json(Range{{11, 49}, {11, 52}}));
        auto a8 = analyze(kCharter, "t.charter.yaml", Encoding::Utf8);
        CHECK(diagnostics(*a8, "u")[0]["range"] == to_json(Range{{11, 58}, {11, 61}}));
        Json fixes = code_actions(*a, "u", Range{{11, 50}, {11, 50}});
        REQUIRE(fixes.size() == 1);
        CHECK(fixes[0]["edit"]["changes"]["u"][0]["newText"] == "acme");
    }

    TEST_CASE("the lifecycle: not initialized, encoding, unknown method, shutdown") {
        Json init = {
            {"capabilities", {{"general", {{"positionEncodings", {"utf-32", "utf-16"}}}}}}};
        auto out = run({req(1, "textDocument/hover"), req(2, "initialize", init), req(3, "no/such"),
                        open_doc(kCharter), req(4, "shutdown"), req(5, "textDocument/hover")});
        REQUIRE(out.size() == 6);
        CHECK(out[0]["error"]["code"] == error::ServerNotInitialized);
        CHECK(out[1]["result"]["capabilities"]["positionEncoding"] == "utf-32");
        CHECK(out[2]["error"]["code"] == error::MethodNotFound);
        CHECK(out[3]["result"].is_null());
        CHECK(out[4]["error"]["code"] == error::InvalidRequest);
        CHECK(out[5]["method"] == "textDocument/publishDiagnostics");
        CHECK(out[5]["params"]["diagnostics"][0]["range"]["start"]["character"] == 48);
    }

    TEST_CASE("malformed messages get errors, and a buffer that is not YAML stays answered") {
        auto out =
            run({Json::array(), Json{{"id", 1}}, req(2, "initialize"), open_doc("{[: 'not yaml"),
                 req(3, "textDocument/documentSymbol",
                     {{"textDocument", {{"uri", "file:///t/a.charter.yaml"}}}}),
                 req(4, "textDocument/hover", {{"textDocument", 7}})});
        CHECK(out[0]["error"]["code"] == error::InvalidRequest);
        CHECK(out[1]["error"]["code"] == error::InvalidRequest);
        CHECK(out[3]["result"] == Json::array());
        CHECK(out[4]["error"]["code"] == error::InvalidParams);
        CHECK(out.back()["params"]["diagnostics"].size() >= 1);
    }
}
