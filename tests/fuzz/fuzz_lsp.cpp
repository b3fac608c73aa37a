// libFuzzer target over the language server: the input is a script of
// edits and requests against one open charter (every byte chooses what
// comes next), so that random edit sequences, positions anywhere and
// buffers that are not YAML all reach validation, the id index and every
// method. Also linked into replay_lsp for the ordinary test suite.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "lsp/server.hpp"

using charter::lsp::Json;

namespace {

const char* const kMethods[] = {"textDocument/hover",          "textDocument/definition",
                                "textDocument/references",     "textDocument/completion",
                                "textDocument/prepareRename",  "textDocument/rename",
                                "textDocument/documentSymbol", "textDocument/codeAction"};

const char* const kUri = "file:///f.charter.yaml";

/// Reads the script: one byte of operation, two of position, then text up
/// to the next 0xFF byte.
struct Script {
    std::string_view data;
    std::size_t at = 0;
    bool done() const { return at >= data.size(); }
    int byte() { return done() ? 0 : static_cast<unsigned char>(data[at++]); }
    std::string text() {
        std::size_t end = data.find('\xff', at);
        end = end == std::string_view::npos ? data.size() : end;
        std::string out(data.substr(at, end - at));
        at = end + 1;
        return out;
    }
};

Json position(Script& s) {
    return {{"line", s.byte() % 40}, {"character", s.byte() % 90}};
}

Json edit(Script& s, int version) {
    Json change = {{"text", s.text()}};
    if (s.byte() % 2) {
        change["range"] = {{"start", position(s)}, {"end", position(s)}};
    }
    return {{"jsonrpc", "2.0"},
            {"method", "textDocument/didChange"},
            {"params",
             {{"textDocument", {{"uri", kUri}, {"version", version}}},
              {"contentChanges", Json::array({change})}}}};
}

Json request(Script& s, int id) {
    Json p = position(s);
    Json params = {{"textDocument", {{"uri", kUri}}},
                   {"position", p},
                   {"newName", s.text()},
                   {"range", {{"start", p}, {"end", position(s)}}},
                   {"context", {{"includeDeclaration", true}}}};
    return {{"jsonrpc", "2.0"},
            {"id", id},
            {"method", kMethods[s.byte() % std::size(kMethods)]},
            {"params", params}};
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::size_t sent = 0;
    // written as lib/lsp/rpc.cpp writes a message: invalid UTF-8 replaced
    charter::lsp::Server server(
        [&](const Json& m) {
            sent += m.dump(-1, ' ', false, Json::error_handler_t::replace).size();
        },
        charter::Date{2027, 1, 1});
    Script s{std::string_view(reinterpret_cast<const char*>(data), size)};
    server.handle({{"jsonrpc", "2.0"},
                   {"id", 0},
                   {"method", "initialize"},
                   {"params", {{"capabilities", Json::object()}}}});
    server.handle(
        {{"jsonrpc", "2.0"},
         {"method", "textDocument/didOpen"},
         {"params", {{"textDocument", {{"uri", kUri}, {"version", 1}, {"text", s.text()}}}}}});
    for (int step = 2; !s.done() && step < 64; ++step) {
        switch (s.byte() % 3) {
        case 0:
            server.handle(edit(s, step));
            break;
        case 1:
            server.handle(request(s, step));
            break;
        default:
            server.publish_pending();
        }
    }
    server.publish_pending();
    return sent > 0 ? 0 : 0;
}
