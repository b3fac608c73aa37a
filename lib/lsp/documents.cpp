// The server's open documents: their text, kept as the editor has it, and
// diagnostics published once per text.
#include "lsp/features.hpp"
#include "lsp/server.hpp"

namespace charter::lsp {

namespace {

const Json& text_document(const Json& params) {
    return params.at("textDocument");
}

/// Applies one change: a whole text, or a range replaced.
void apply(std::string& text, const Json& change, Encoding encoding) {
    const std::string& replacement = change.at("text").get_ref<const std::string&>();
    if (!change.contains("range")) {
        text = replacement;
        return;
    }
    LineMap lines(text, encoding);
    Range r = range_from(change.at("range"));
    std::size_t b = lines.offset(r.start);
    std::size_t e = std::max(b, lines.offset(r.end));
    text.replace(b, e - b, replacement);
}

} // namespace

void Server::open(const Json& params) {
    const Json& td = text_document(params);
    std::string uri = td.at("uri").get<std::string>();
    if (!is_charter_uri(uri)) {
        return;
    }
    Doc& d = m_docs[uri];
    d.doc =
        Document{uri, td.value("version", 0), td.at("text").get<std::string>(), nullptr, nullptr};
    d.published = false;
}

void Server::change(const Json& params) {
    const Json& td = text_document(params);
    auto it = m_docs.find(td.at("uri").get<std::string>());
    if (it == m_docs.end()) {
        return;
    }
    Doc& d = it->second;
    for (const auto& c : params.at("contentChanges")) {
        apply(d.doc.text, c, m_encoding);
    }
    d.doc.version = td.value("version", d.doc.version);
    d.doc.analysis = nullptr;
    d.published = false;
}

void Server::close(const Json& params) {
    std::string uri = text_document(params).at("uri").get<std::string>();
    if (m_docs.erase(uri) > 0) {
        m_send(notification("textDocument/publishDiagnostics",
                            {{"uri", uri}, {"diagnostics", Json::array()}}));
    }
}

const Document* Server::document(const Json& params) {
    const Json& td = params.is_object() ? params.value("textDocument", Json::object()) : Json();
    if (!td.is_object() || !td.contains("uri") || !td["uri"].is_string()) {
        return nullptr;
    }
    auto it = m_docs.find(td["uri"].get<std::string>());
    if (it == m_docs.end()) {
        return nullptr;
    }
    it->second.doc.current(m_encoding);
    return &it->second.doc;
}

void Server::publish(Doc& d) {
    d.doc.current(m_encoding);
    m_send(notification("textDocument/publishDiagnostics",
                        {{"uri", d.doc.uri},
                         {"version", d.doc.version},
                         {"diagnostics", diagnostics(*d.doc.analysis, d.doc.uri)}}));
    d.published = true;
}

void Server::publish_pending() {
    for (auto& [uri, d] : m_docs) {
        if (!d.published) {
            publish(d);
        }
    }
}

} // namespace charter::lsp
