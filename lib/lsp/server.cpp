#include "lsp/server.hpp"

#include "lsp/features.hpp"

namespace charter::lsp {

namespace {

/// A request that cannot be answered, with the JSON-RPC code to say so.
struct Failure {
    int code;
    std::string message;
};

const Json& member(const Json& j, const char* key) {
    static const Json null;
    if (!j.is_object()) {
        return null;
    }
    auto it = j.find(key);
    return it == j.end() ? null : *it;
}

std::string uri_of(const Json& params) {
    const Json& uri = member(member(params, "textDocument"), "uri");
    return uri.is_string() ? uri.get<std::string>() : std::string();
}

Encoding choose_encoding(const Json& params) {
    const Json& offered =
        member(member(member(params, "capabilities"), "general"), "positionEncodings");
    if (!offered.is_array()) {
        return Encoding::Utf16;
    }
    // the client lists them in its order of preference
    for (const auto& e : offered) {
        if (e == "utf-8") {
            return Encoding::Utf8;
        }
        if (e == "utf-16") {
            return Encoding::Utf16;
        }
        if (e == "utf-32") {
            return Encoding::Utf32;
        }
    }
    return Encoding::Utf16;
}

bool valid_id(const Json& id) {
    return id.is_string() || id.is_number_integer();
}

} // namespace

void Server::handle(const Json& message) {
    const Json& method = member(message, "method");
    const Json& id = member(message, "id");
    if (!method.is_string()) {
        if (message.is_object() && (message.contains("result") || message.contains("error"))) {
            return; // a response to a request of ours: we send none
        }
        m_send(error_response(valid_id(id) ? id : Json(), error::InvalidRequest,
                              "not a JSON-RPC request or notification"));
        return;
    }
    const Json& params = member(message, "params");
    if (message.contains("id")) {
        if (!valid_id(id)) {
            m_send(error_response(Json(), error::InvalidRequest,
                                  "a request id must be a number or a string"));
            return;
        }
        request(id, method.get<std::string>(), params);
    } else {
        notify(method.get<std::string>(), params);
    }
}

void Server::request(const Json& id, const std::string& method, const Json& params) {
    if (take_cancelled(id)) {
        m_send(error_response(id, error::RequestCancelled, "cancelled"));
        return;
    }
    if (!m_initialized && method != "initialize") {
        m_send(error_response(id, error::ServerNotInitialized, "initialize first"));
        return;
    }
    if (m_shutdown) {
        m_send(error_response(id, error::InvalidRequest, "the server is shutting down"));
        return;
    }
    try {
        m_send(response(id, dispatch(method, params)));
    } catch (const Failure& f) {
        m_send(error_response(id, f.code, f.message));
    } catch (const Json::exception& e) {
        // params of the wrong shape: nlohmann's type errors, turned into the protocol's
        m_send(error_response(id, error::InvalidParams, e.what()));
    } catch (const std::exception& e) {
        m_send(error_response(id, error::InternalError, e.what()));
    }
}

Json Server::dispatch(const std::string& method, const Json& params) {
    if (method == "initialize") {
        return initialize(params);
    }
    if (method == "shutdown") {
        m_shutdown = true;
        return nullptr;
    }
    const Json& position = member(params, "position");
    auto open_document = [&]() -> const Document& {
        const Document* d = document(params);
        if (!d) {
            throw Failure{error::InvalidParams, "the document is not open (or not a charter)"};
        }
        return *d;
    };
    auto need = [&]() -> const Analysis& { return *open_document().analysis; };
    std::string uri = uri_of(params);
    if (method == "textDocument/definition") {
        return definition(need(), uri, position_from(position));
    }
    if (method == "textDocument/references") {
        bool decl = member(member(params, "context"), "includeDeclaration") == true;
        return references(need(), uri, position_from(position), decl);
    }
    if (method == "textDocument/prepareRename") {
        return prepare_rename(need(), position_from(position));
    }
    if (method == "textDocument/rename") {
        const Json& name = member(params, "newName");
        auto edit = rename(need(), uri, position_from(position),
                           name.is_string() ? name.get<std::string>() : std::string());
        if (!edit) {
            throw Failure{error::RequestFailed, edit.error()};
        }
        return *edit;
    }
    if (method == "textDocument/documentSymbol") {
        return document_symbols(need());
    }
    if (method == "textDocument/hover") {
        return hover(need(), position_from(position), m_today);
    }
    if (method == "textDocument/completion") {
        const Document& d = open_document();
        // while the line being typed breaks the YAML, the last charter still knows the ids
        const Analysis& a = d.analysis->charter() || !d.last_good ? *d.analysis : *d.last_good;
        return completion(a, d.text, position_from(position));
    }
    if (method == "textDocument/codeAction") {
        return code_actions(need(), uri, range_from(member(params, "range")));
    }
    throw Failure{error::MethodNotFound, "unknown method '" + method + "'"};
}

Json Server::initialize(const Json& params) {
    if (m_initialized) {
        throw Failure{error::InvalidRequest, "initialize was sent twice"};
    }
    m_initialized = true;
    m_encoding = choose_encoding(params);
    Json caps = {
        {"positionEncoding", std::string(encoding_name(m_encoding))},
        {"textDocumentSync", {{"openClose", true}, {"change", 1}}},
        {"definitionProvider", true},
        {"referencesProvider", true},
        {"renameProvider", {{"prepareProvider", true}}},
        {"documentSymbolProvider", true},
        {"hoverProvider", true},
        {"completionProvider", {{"triggerCharacters", {"@", " "}}}},
        {"codeActionProvider", {{"codeActionKinds", {"quickfix"}}}},
    };
    return {{"capabilities", caps}, {"serverInfo", {{"name", "charter"}}}};
}

void Server::notify(const std::string& method, const Json& params) {
    if (method == "exit") {
        m_exited = true;
        return;
    }
    if (!m_initialized || m_shutdown) {
        return; // notifications before initialize or after shutdown are dropped
    }
    try {
        if (method == "textDocument/didOpen") {
            open(params);
        } else if (method == "textDocument/didChange") {
            change(params);
        } else if (method == "textDocument/didClose") {
            close(params);
        }
        // anything else ($/setTrace, initialized, didSave...) needs nothing from us
    } catch (const std::exception&) {
        // a notification has no answer: malformed params are ignored
    }
}

bool Server::take_cancelled(const Json& id) {
    std::lock_guard lock(m_cancel_mutex);
    return m_cancelled.erase(id.dump(-1, ' ', false, Json::error_handler_t::replace)) > 0;
}

void Server::cancel(const Json& id) {
    if (!valid_id(id)) {
        return;
    }
    std::lock_guard lock(m_cancel_mutex);
    if (m_cancelled.size() >= 1024) {
        m_cancelled.clear(); // cancellations of requests long answered
    }
    m_cancelled.insert(id.dump(-1, ' ', false, Json::error_handler_t::replace));
}

} // namespace charter::lsp
