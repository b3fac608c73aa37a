// Diagnostics, definition, references, rename and the outline.
#include <fmt/format.h>

#include "lsp/features.hpp"
#include "schema/schema.hpp"

namespace charter::lsp {

Json to_json(Position p) {
    return {{"line", p.line}, {"character", p.character}};
}

Json to_json(Range r) {
    return {{"start", to_json(r.start)}, {"end", to_json(r.end)}};
}

Position position_from(const Json& j) {
    Position p;
    if (j.is_object()) {
        p.line = j.value("line", 0);
        p.character = j.value("character", 0);
    }
    return p;
}

Range range_from(const Json& j) {
    if (!j.is_object()) {
        return {};
    }
    return {position_from(j.value("start", Json::object())),
            position_from(j.value("end", Json::object()))};
}

namespace {

int severity_number(Severity s) {
    switch (s) {
    case Severity::Error:
        return 1;
    case Severity::Warning:
        return 2;
    case Severity::Note:
        return 3;
    }
    return 1;
}

Json location(const std::string& uri, Range r) {
    return {{"uri", uri}, {"range", to_json(r)}};
}

Json one_diagnostic(const Analysis& a, const std::string& uri, const Diagnostic& d) {
    std::string message = d.message;
    if (!d.help.empty()) {
        message += "\nhelp: " + d.help;
    }
    Json j = {{"range", to_json(a.lines.range(d.loc))},
              {"severity", severity_number(d.severity)},
              {"code", std::string(code_info(d.code).code)},
              {"source", "charter"},
              {"message", message}};
    if (!d.notes.empty()) {
        Json related = Json::array();
        for (const auto& n : d.notes) {
            related.push_back(
                {{"location", location(uri, a.lines.range(n.loc))}, {"message", n.message}});
        }
        j["relatedInformation"] = std::move(related);
    }
    return j;
}

const Occurrence* occurrence_at(const Analysis& a, Position p) {
    return a.symbols.at(a.lines.offset(p));
}

/// Why `name` cannot be the new id of `o`'s symbol, or empty.
std::string refusal(const Analysis& a, const Occurrence& o, const std::string& name) {
    if (!schema::is_valid_id(name)) {
        return fmt::format("'{}' is not an id: ids are lower-case letters, digits and '-', "
                           "starting with a letter or digit, at most 64 characters",
                           name);
    }
    if (o.kind == IdKind::Party &&
        (model::is_reserved_word(name) || name.compare(0, 2, "x-") == 0)) {
        return fmt::format("'{}' cannot be a party id: it is a reserved word or marks an extension",
                           name);
    }
    for (const auto* d : a.symbols.definitions(o.kind, o.scope)) {
        if (d->id == name && name != o.id) {
            return fmt::format("a {} '{}' exists already", kind_name(o.kind), name);
        }
    }
    return {};
}

} // namespace

Json diagnostics(const Analysis& a, const std::string& uri) {
    Json out = Json::array();
    for (const auto& d : a.validated.report.diagnostics) {
        out.push_back(one_diagnostic(a, uri, d));
    }
    return out;
}

Json definition(const Analysis& a, const std::string& uri, Position p) {
    const Occurrence* o = occurrence_at(a, p);
    const Occurrence* d = o ? a.symbols.definition_of(*o) : nullptr;
    if (!d) {
        return nullptr;
    }
    return location(uri, a.lines.range(d->begin, d->end));
}

Json references(const Analysis& a, const std::string& uri, Position p, bool declaration) {
    const Occurrence* o = occurrence_at(a, p);
    if (!o) {
        return nullptr;
    }
    Json out = Json::array();
    for (const auto* u : a.symbols.uses_of(*o)) {
        if (declaration || !u->definition) {
            out.push_back(location(uri, a.lines.range(u->begin, u->end)));
        }
    }
    return out;
}

Json prepare_rename(const Analysis& a, Position p) {
    const Occurrence* o = occurrence_at(a, p);
    if (!o) {
        return nullptr;
    }
    return {{"range", to_json(a.lines.range(o->begin, o->end))}, {"placeholder", o->id}};
}

Expected<Json, std::string> rename(const Analysis& a, const std::string& uri, Position p,
                                   const std::string& new_name) {
    const Occurrence* o = occurrence_at(a, p);
    if (!o) {
        return unexpected(std::string("there is no id to rename here"));
    }
    if (std::string why = refusal(a, *o, new_name); !why.empty()) {
        return unexpected(std::move(why));
    }
    Json edits = Json::array();
    for (const auto* u : a.symbols.uses_of(*o)) {
        edits.push_back(
            {{"range", to_json(a.lines.range(u->begin, u->end))}, {"newText", new_name}});
    }
    return Json{{"changes", {{uri, std::move(edits)}}}};
}

namespace {

/// LSP SymbolKind numbers.
int symbol_kind(IdKind k) {
    switch (k) {
    case IdKind::Party:
        return 5; // Class
    case IdKind::Asset:
        return 19; // Object
    case IdKind::Milestone:
        return 24; // Event
    case IdKind::Stream:
        return 3; // Namespace
    case IdKind::Step:
        return 12; // Function
    case IdKind::Trigger:
        return 25; // Operator
    case IdKind::Scenario:
        return 14; // Constant
    }
    return 13;
}

Json symbol(const Analysis& a, const Occurrence& d) {
    std::size_t b = d.node ? std::min(d.node->begin, d.begin) : d.begin;
    std::size_t e = d.node ? std::max(d.node->end, d.end) : d.end;
    return {{"name", d.id},
            {"detail", std::string(kind_name(d.kind))},
            {"kind", symbol_kind(d.kind)},
            {"range", to_json(a.lines.range(b, e))},
            {"selectionRange", to_json(a.lines.range(d.begin, d.end))}};
}

} // namespace

Json document_symbols(const Analysis& a) {
    Json out = Json::array();
    Json* stream = nullptr;
    std::string stream_id;
    for (const auto& o : a.symbols.all()) {
        if (!o.definition) {
            continue;
        }
        if (o.kind == IdKind::Step && stream && o.scope == stream_id) {
            (*stream)["children"].push_back(symbol(a, o));
            continue;
        }
        out.push_back(symbol(a, o));
        stream = o.kind == IdKind::Stream ? &out.back() : nullptr;
        if (stream) {
            stream_id = o.id;
            (*stream)["children"] = Json::array();
        }
    }
    return out;
}

} // namespace charter::lsp
