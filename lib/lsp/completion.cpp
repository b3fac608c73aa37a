// Completion: ids where a reference is expected, enum words, and the keys a
// mapping may still take, from the structure table.
#include <map>
#include <set>

#include "lsp/features.hpp"
#include "schema/schema.hpp"

namespace charter::lsp {

namespace {

/// Keys whose value (or whose mapping's keys) names ids of one kind.
std::optional<IdKind> id_key(std::string_view key) {
    static const std::map<std::string_view, IdKind> keys = {
        {"party", IdKind::Party},         {"owner", IdKind::Party},
        {"from", IdKind::Party},          {"to", IdKind::Party},
        {"creators", IdKind::Party},      {"assign", IdKind::Party},
        {"casting_vote", IdKind::Party},  {"veto", IdKind::Party},
        {"invoked_by", IdKind::Party},    {"unvested", IdKind::Party},
        {"shares", IdKind::Party},        {"seats", IdKind::Party},
        {"split", IdKind::Party},         {"expect", IdKind::Party},
        {"parties", IdKind::Party},       {"asset", IdKind::Asset},
        {"milestone", IdKind::Milestone}, {"depends_on", IdKind::Milestone},
        {"revenue", IdKind::Stream}};
    auto it = keys.find(key);
    return it == keys.end() ? std::nullopt : std::optional(it->second);
}

void collect_words(const schema::Type& t, std::map<std::string, std::set<std::string>>& out,
                   std::set<const schema::Type*>& seen, const std::string& key) {
    if (key.empty() && !seen.insert(&t).second) {
        return;
    }
    if (t.kind == schema::Kind::Scalar && t.scalar == schema::ScalarKind::Enum) {
        out[key].insert(t.words.begin(), t.words.end());
    }
    for (const auto* alt : t.alternatives) {
        collect_words(*alt, out, seen, key);
    }
    if (!key.empty()) {
        return; // the fields of a value's own type are walked from that type
    }
    for (const auto& f : t.fields) {
        collect_words(*f.type, out, seen, f.name);
        collect_words(*f.type, out, seen, {});
    }
    for (const auto* inner : {t.item, t.value}) {
        if (inner) {
            collect_words(*inner, out, seen, {});
        }
    }
}

/// Every key of the table whose value may be an enum word, with the words.
const std::map<std::string, std::set<std::string>>& enum_words() {
    static const auto words = [] {
        std::map<std::string, std::set<std::string>> out;
        std::set<const schema::Type*> seen;
        collect_words(schema::charter_type(), out, seen, {});
        return out;
    }();
    return words;
}

/// The type a union takes for a node of this kind.
const schema::Type* resolve(const schema::Type* t, const Node& n) {
    for (int guard = 0; t && t->kind == schema::Kind::Union && guard < 8; ++guard) {
        const schema::Type* pick = nullptr;
        for (const auto* alt : t->alternatives) {
            bool fits = n.is_mapping()
                            ? (alt->kind == schema::Kind::Object || alt->kind == schema::Kind::Map)
                        : n.is_sequence() ? alt->kind == schema::Kind::List
                                          : alt->kind == schema::Kind::Scalar;
            if (fits && !pick) {
                pick = alt;
            }
        }
        t = pick;
    }
    return t;
}

/// The table's type of a node, found along its path from the root.
const schema::Type* type_of(const Node& n) {
    if (!n.parent) {
        return &schema::charter_type();
    }
    const schema::Type* p = resolve(type_of(*n.parent), *n.parent);
    if (!p) {
        return nullptr;
    }
    switch (p->kind) {
    case schema::Kind::Object: {
        const schema::Field* f = n.key ? p->field(n.key->value) : nullptr;
        return f ? f->type : nullptr;
    }
    case schema::Kind::List:
        return p->item;
    case schema::Kind::Map:
        return p->value;
    default:
        return nullptr;
    }
}

/// The mapping whose keys stand at `column` on the lines above `offset`,
/// nearest first: where a key typed at that column goes.
const Node* mapping_above(const Analysis& a, std::size_t offset, int column) {
    const Node* best = nullptr;
    std::size_t best_at = 0;
    for (const auto& n : a.validated.charter->tree->nodes) {
        if (!n.is_mapping() || n.flow) {
            continue;
        }
        for (const auto& e : n.entries) {
            if (e.key->begin < offset && e.key->begin >= best_at &&
                a.lines.position(e.key->begin).character == column) {
                best = &n;
                best_at = e.key->begin;
            }
        }
    }
    return best;
}

Json item(const std::string& label, int kind, const std::string& detail = {},
          const std::string& doc = {}) {
    Json j = {{"label", label}, {"kind", kind}};
    if (!detail.empty()) {
        j["detail"] = detail;
    }
    if (!doc.empty()) {
        j["documentation"] = doc;
    }
    return j;
}

void add_ids(const Analysis& a, IdKind kind, Json& out) {
    for (const auto* d : a.symbols.definitions(kind)) {
        out.push_back(item(d->id, 18 /* Reference */, std::string(kind_name(kind))));
    }
}

/// The steps of the stream of the step whose text holds `offset` (for paid(@...)).
void add_steps_around(const Analysis& a, std::size_t offset, Json& out) {
    if (!a.charter()->economics) {
        return;
    }
    for (const auto& s : a.charter()->economics->streams) {
        for (const auto& st : s.waterfall) {
            if (st.node && st.node->begin <= offset && offset <= st.node->end) {
                for (const auto* d : a.symbols.definitions(IdKind::Step, s.id)) {
                    out.push_back(item(d->id, 18 /* Reference */, "step"));
                }
                return;
            }
        }
    }
}

/// The keys of the mapping whose keys stand at `column` above `offset`: the
/// ones it does not have yet, or all of them for a new list item beside it.
void add_keys(const Analysis& a, std::size_t offset, int column, bool new_item, Json& out) {
    const Node* m = mapping_above(a, offset, column);
    const schema::Type* t = m ? resolve(type_of(*m), *m) : nullptr;
    if (!t || t->kind != schema::Kind::Object) {
        return;
    }
    for (const auto& f : t->fields) {
        if (new_item || !m->get(f.name)) {
            out.push_back(item(f.name, 10 /* Property */, f.required ? "required" : "optional",
                               f.description));
        }
    }
}

} // namespace

Json completion(const Analysis& a, const std::string& text, Position p) {
    Json out = Json::array();
    if (!a.charter()) {
        return out;
    }
    LineMap now(text, a.lines.encoding());
    std::size_t offset = now.offset(p);
    std::size_t line_start = now.offset(Position{p.line, 0});
    std::string_view before = std::string_view(text).substr(line_start, offset - line_start);
    std::size_t word = before.find_last_not_of("abcdefghijklmnopqrstuvwxyz0123456789-_");
    if (word != std::string_view::npos && before[word] == '@') {
        add_ids(a, IdKind::Party, out);
        add_steps_around(a, a.lines.offset(p), out);
        return out;
    }
    std::size_t colon = before.rfind(':');
    if (colon == std::string_view::npos) {
        // a key being typed: the keys of the mapping whose keys stand at its column
        std::size_t indent = std::min(before.find_first_not_of(" -"), before.size());
        bool new_item = before.substr(0, indent).find('-') != std::string_view::npos;
        add_keys(a, a.lines.offset(Position{p.line, 0}),
                 now.position(line_start + indent).character, new_item, out);
        return out;
    }
    std::size_t key_begin = before.find_last_of(" {,-", colon);
    std::string key(
        before.substr(key_begin == std::string_view::npos ? 0 : key_begin + 1,
                      colon - (key_begin == std::string_view::npos ? 0 : key_begin + 1)));
    if (auto kind = id_key(key)) {
        add_ids(a, *kind, out);
    }
    if (auto it = enum_words().find(key); it != enum_words().end()) {
        for (const auto& w : it->second) {
            out.push_back(item(w, 20 /* EnumMember */));
        }
    }
    return out;
}

} // namespace charter::lsp
