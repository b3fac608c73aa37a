// Quick fixes: the edits a diagnostic's help makes mechanical.
#include <fmt/format.h>

#include "lsp/features.hpp"

namespace charter::lsp {

namespace {

/// The text between the first pair of `open` and `close` in `s`, if any.
std::optional<std::string> between(const std::string& s, std::string_view open,
                                   std::string_view close) {
    std::size_t b = s.find(open);
    if (b == std::string::npos) {
        return std::nullopt;
    }
    b += open.size();
    std::size_t e = s.find(close, b);
    if (e == std::string::npos) {
        return std::nullopt;
    }
    return s.substr(b, e - b);
}

Json text_edit(Range r, std::string text) {
    return {{"range", to_json(r)}, {"newText", std::move(text)}};
}

Json action(const std::string& title, const std::string& uri, Json edit, const Json& diagnostic) {
    return {{"title", title},
            {"kind", "quickfix"},
            {"diagnostics", Json::array({diagnostic})},
            {"isPreferred", true},
            {"edit", {{"changes", {{uri, Json::array({std::move(edit)})}}}}}};
}

/// The mapping a missing-key diagnostic is about: the node (or the key of
/// the node) that starts where the diagnostic does.
const Node* mapping_at(const Analysis& a, std::size_t offset) {
    if (!a.charter()) {
        return nullptr;
    }
    for (const auto& n : a.charter()->tree->nodes) {
        if (n.is_mapping() && !n.entries.empty() && (n.key ? n.key->begin : n.begin) == offset) {
            return &n;
        }
    }
    return nullptr;
}

/// Adds `key: ` as the first entry of the mapping, at its first key's column.
std::optional<Json> add_key(const Analysis& a, const Diagnostic& d, const std::string& key) {
    const Node* m = mapping_at(a, a.lines.offset_of(d.loc.line, d.loc.column));
    if (!m) {
        return std::nullopt;
    }
    std::size_t at = m->entries.front().key->begin;
    Position p = a.lines.position(at);
    if (m->flow) {
        return text_edit({p, p}, key + ": , ");
    }
    Position line_start{p.line, 0};
    std::size_t indent = at - a.lines.offset(line_start);
    // the first key may follow "- " on its line: the new key goes on the line after
    std::string_view lead = std::string_view(a.text()).substr(a.lines.offset(line_start), indent);
    if (lead.find_first_not_of(' ') != std::string_view::npos) {
        std::size_t eol = a.text().find('\n', at);
        if (eol == std::string::npos) {
            return std::nullopt;
        }
        Position q = a.lines.position(eol + 1);
        return text_edit({q, q}, std::string(indent, ' ') + key + ": \n");
    }
    return text_edit({line_start, line_start}, std::string(indent, ' ') + key + ": \n");
}

std::optional<Json> fix(const Analysis& a, const std::string& uri, const Diagnostic& d,
                        const Json& diagnostic) {
    if (d.code == Code::UnknownReference) {
        if (auto id = between(d.help, "did you mean '", "'?")) {
            return action(fmt::format("Replace with '{}'", *id), uri,
                          text_edit(a.lines.range(d.loc), *id), diagnostic);
        }
    }
    if (d.code == Code::MissingKey) {
        if (auto key = between(d.message, "key '", "'")) {
            if (auto edit = add_key(a, d, *key)) {
                return action(fmt::format("Add the key '{}'", *key), uri, std::move(*edit),
                              diagnostic);
            }
        }
    }
    return std::nullopt;
}

bool overlaps(Range a, Range b) {
    auto before = [](Position x, Position y) {
        return x.line < y.line || (x.line == y.line && x.character < y.character);
    };
    return !before(a.end, b.start) && !before(b.end, a.start);
}

} // namespace

Json code_actions(const Analysis& a, const std::string& uri, Range range) {
    Json out = Json::array();
    Json all = diagnostics(a, uri);
    const auto& diags = a.validated.report.diagnostics;
    for (std::size_t i = 0; i < diags.size(); ++i) {
        if (!overlaps(a.lines.range(diags[i].loc), range)) {
            continue;
        }
        if (auto act = fix(a, uri, diags[i], all[i])) {
            out.push_back(std::move(*act));
        }
    }
    return out;
}

} // namespace charter::lsp
