#include "load/yaml_tree.hpp"
#include "load/scalar_text.hpp"

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <istream>
#include <iterator>
#include <streambuf>
#include <unordered_map>

#include "load/yaml_strict.hpp"
#include "util/text.hpp"
#include "util/utf8.hpp"

namespace charter {

// ---------------------------------------------------------------- nodes

const MapEntry* Node::entry(std::string_view k) const {
    for (const auto& e : entries) {
        if (text::same(e.name, k)) {
            return &e;
        }
    }
    return nullptr;
}

const Node* Node::get(std::string_view k) const {
    const MapEntry* e = entry(k);
    return e ? e->value : nullptr;
}

ScalarType Node::scalar_type() const {
    if (kind == NodeKind::Null) {
        return ScalarType::Null;
    }
    if (kind != NodeKind::Scalar || style != ScalarStyle::Plain) {
        return ScalarType::String;
    }
    return resolve_plain(value);
}

namespace {

bool all_digits(std::string_view s, bool (*pred)(char)) {
    return !s.empty() && std::all_of(s.begin(), s.end(), pred);
}
bool is_dec(char c) {
    return c >= '0' && c <= '9';
}
bool is_hex(char c) {
    return is_dec(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
bool is_oct(char c) {
    return c >= '0' && c <= '7';
}

bool is_core_float(std::string_view s) {
    // [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
    std::size_t i = 0;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) {
        ++i;
    }
    std::size_t int_digits = 0, frac_digits = 0;
    while (i < s.size() && is_dec(s[i])) {
        ++i, ++int_digits;
    }
    bool dot = false;
    if (i < s.size() && s[i] == '.') {
        dot = true;
        ++i;
        while (i < s.size() && is_dec(s[i])) {
            ++i, ++frac_digits;
        }
    }
    if (int_digits == 0 && frac_digits == 0) {
        return false;
    }
    if (int_digits == 0 && !dot) {
        return false;
    }
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '-' || s[i] == '+')) {
            ++i;
        }
        std::size_t exp_digits = 0;
        while (i < s.size() && is_dec(s[i])) {
            ++i, ++exp_digits;
        }
        if (exp_digits == 0) {
            return false;
        }
    }
    return i == s.size();
}

} // namespace

ScalarType resolve_plain(std::string_view s) {
    if (s.empty()) {
        return ScalarType::Null;
    }
    // the words of null, true and false have at most five letters
    if (s.size() <= 5 && (s == "~" || s == "null" || s == "Null" || s == "NULL")) {
        return ScalarType::Null;
    }
    if (s.size() <= 5 && (s == "true" || s == "True" || s == "TRUE" || s == "false" ||
                          s == "False" || s == "FALSE")) {
        return ScalarType::Bool;
    }
    std::string_view digits = s;
    if (!digits.empty() && (digits[0] == '-' || digits[0] == '+')) {
        digits.remove_prefix(1);
    }
    if (all_digits(digits, is_dec)) {
        return ScalarType::Int;
    }
    if (s.size() > 2 && s[0] == '0' && s[1] == 'o' && all_digits(s.substr(2), is_oct)) {
        return ScalarType::Int;
    }
    if (s.size() > 2 && s[0] == '0' && s[1] == 'x' && all_digits(s.substr(2), is_hex)) {
        return ScalarType::Int;
    }
    if (is_core_float(s)) {
        return ScalarType::Float;
    }
    if (s.size() > 5) {
        return ScalarType::String; // longer than any of the words below
    }
    static constexpr std::string_view kSpecial[] = {".inf",  ".Inf",  ".INF",  "+.inf",
                                                    "+.Inf", "+.INF", "-.inf", "-.Inf",
                                                    "-.INF", ".nan",  ".NaN",  ".NAN"};
    for (auto sp : kSpecial) {
        if (s == sp) {
            return ScalarType::Float;
        }
    }
    return ScalarType::String;
}

std::string charter_path(const Node* n) {
    std::vector<const Node*> chain;
    for (const Node* p = n; p && p->parent; p = p->parent) {
        chain.push_back(p);
    }
    std::string out;
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
        const Node* p = *it;
        if (p->key) {
            if (!out.empty()) {
                out += '.';
            }
            out += p->key->value;
        } else if (p->index >= 0) {
            const Node* id = p->is_mapping() ? p->get("id") : nullptr;
            if (id && id->is_scalar() && !id->value.empty() && id->value.size() <= 64) {
                out += '[';
                out += id->value;
                out += ']';
            } else {
                out += fmt::format("[{}]", p->index);
            }
        }
    }
    return out;
}

Location Tree::where(const Node& n) const {
    return source->span(n.begin, n.end);
}

Location Tree::where_key(const Node& n) const {
    return n.key ? where(*n.key) : where(n);
}

std::optional<std::size_t> scalar_text_start(const Tree& tree, const Node& n) {
    std::size_t start = n.begin;
    if (n.style == ScalarStyle::Quoted) {
        ++start;
    } else if (n.style == ScalarStyle::Block) {
        return std::nullopt;
    }
    const std::string& text = tree.source->text();
    if (start <= text.size() && text.compare(start, n.value.size(), n.value) == 0) {
        return start;
    }
    return std::nullopt;
}

// ---------------------------------------------------------------- spans

namespace {

/// End of the scalar or collection starting at `begin`, found by scanning the
/// source (yaml-cpp gives start marks only).
std::size_t scan_quoted(std::string_view text, std::size_t begin) {
    char q = text[begin];
    std::size_t i = begin + 1;
    while (i < text.size()) {
        char c = text[i];
        if (q == '"' && c == '\\') {
            i += 2;
            continue;
        }
        if (c == q) {
            if (q == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
                i += 2;
                continue;
            }
            return i + 1;
        }
        ++i;
    }
    return std::string_view::npos; // never closed
}

std::size_t line_end_trimmed(std::string_view text, std::size_t begin) {
    std::size_t e = text.find('\n', begin);
    if (e == std::string_view::npos) {
        e = text.size();
    }
    // drop a trailing comment (a '#' after a space, outside quotes: best effort)
    for (std::size_t i = begin; i < e; ++i) {
        if (text[i] == '#' && i > begin && (text[i - 1] == ' ' || text[i - 1] == '\t')) {
            e = i;
            break;
        }
    }
    while (e > begin && (text[e - 1] == ' ' || text[e - 1] == '\t' || text[e - 1] == '\r')) {
        --e;
    }
    return std::max(e, begin);
}

std::size_t scan_flow(std::string_view text, std::size_t begin) {
    int depth = 0;
    std::size_t i = begin;
    while (i < text.size()) {
        char c = text[i];
        if (c == '"' || c == '\'') {
            // a quote starts a quoted scalar only at the start of a token
            char prev = i > 0 ? text[i - 1] : ' ';
            if (prev == ' ' || prev == '[' || prev == '{' || prev == ',' || prev == ':' ||
                prev == '\n') {
                i = scan_quoted(text, i);
                if (i == std::string_view::npos) {
                    return text.size();
                }
                continue;
            }
        } else if (c == '#' && i > 0 && (text[i - 1] == ' ' || text[i - 1] == '\n')) {
            std::size_t nl = text.find('\n', i);
            i = nl == std::string_view::npos ? text.size() : nl;
            continue;
        } else if (c == '[' || c == '{') {
            ++depth;
        } else if (c == ']' || c == '}') {
            if (--depth == 0) {
                return i + 1;
            }
        }
        ++i;
    }
    return text.size();
}

std::size_t scalar_end(std::string_view text, std::size_t begin, std::string_view value,
                       ScalarStyle style) {
    if (begin >= text.size()) {
        return text.size();
    }
    char c = text[begin];
    if (style == ScalarStyle::Quoted && (c == '"' || c == '\'')) {
        std::size_t end = scan_quoted(text, begin);
        return end == std::string_view::npos ? text.size() : end;
    }
    if (style == ScalarStyle::Plain && text.compare(begin, value.size(), value) == 0) {
        return begin + value.size();
    }
    return line_end_trimmed(text, begin);
}

// ---------------------------------------------------------------- builder

struct StopParsing {}; // thrown from the handler to end parsing early

struct TooDeep {
    std::size_t pos;
};

struct StrayContent { // content after the top node, that yaml-cpp took for a new document
    std::size_t pos;
};

struct UnclosedQuote {
    std::size_t pos;
};

/// Room made at the start for the entries and items of the open
/// collections: a charter's deepest path rarely holds more.
constexpr std::size_t kScratchRoom = 256;

bool is_space_or_flow(char c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == ',' || c == ']' || c == '}';
}

/// Whether a document starting at `pos` is one YAML allows after the
/// first: it starts with '---', or follows a '...' line. yaml-cpp also
/// starts one at stray content after the first document's top node.
bool explicit_document(const Source& src, std::size_t pos) {
    int ln = src.line_of(pos);
    std::string_view line = src.line(ln);
    std::string_view marker = line.substr(0, 3);
    // '%': directives, then '---'; yaml-cpp may mark a '...' line itself
    if (marker == "---" || marker.substr(0, 1) == "%") {
        return true;
    }
    if (marker == "...") {
        std::size_t rest = line.find_first_not_of(" \t\r", 3);
        return rest == std::string_view::npos || line[rest] == '#';
    }
    for (int k = ln - 1; k >= 1; --k) {
        std::string_view l = src.line(k);
        std::size_t first = l.find_first_not_of(" \t\r");
        if (first == std::string_view::npos || l[first] == '#') {
            continue; // blank lines and comments
        }
        return l.substr(0, 3) == "..." && l.find_first_not_of(" \t\r", 3) == std::string_view::npos;
    }
    return false;
}

/// One parser event, as much of it as the tree needs. The parser's events
/// are kept in batches of a few hundred and the tree is built from each
/// batch: the parser and the builder each run in a loop of their own code,
/// instead of taking turns at every event and pushing each other's
/// instructions out of the CPU's cache, and a batch stays in the data cache
/// (a whole large file's events did not: a 0.9 MB charter took 10% longer).
struct Event {
    enum class Kind : unsigned char { Null, Alias, Scalar, Sequence, Mapping, End };
    Kind kind = Kind::Null;
    ScalarStyle style = ScalarStyle::Plain; ///< a scalar's
    bool flow = false;                      ///< a collection's
    bool anchored = false;
    std::uint32_t tag = 0;  ///< 0: none to check, else 1 + its index in the recorder's tags
    std::size_t pos = 0;    ///< where the node starts
    std::string_view value; ///< a scalar's text, final (see Recorder::scalar_value)
};

/// Keeps yaml-cpp's events for the TreeBuilder. What must stop the parse at
/// its place stops it here: a second document, nesting past the limit, a
/// quote that is never closed.
class Recorder final : public YAML::EventHandler {
  public:
    /// `flush` builds the events kept so far and empties `events`: it is
    /// called every kBatch events, so that they stay in the CPU's cache.
    Recorder(Tree& tree, std::vector<Event>& events, std::vector<std::string>& tags, int max_depth,
             std::function<void()> flush)
        : m_tree(tree), m_text(tree.source->text()), m_events(events), m_tags(tags),
          m_max_depth(max_depth), m_flush(std::move(flush)) {}

    static constexpr std::size_t kBatch = 512;

    int documents = 0;
    std::size_t second_document_pos = 0;

    void OnDocumentStart(const YAML::Mark& mark) override {
        ++documents;
        if (documents > 1) {
            second_document_pos = offset(mark);
            if (!explicit_document(*m_tree.source, second_document_pos)) {
                throw StrayContent{second_document_pos};
            }
            throw StopParsing{};
        }
    }
    void OnDocumentEnd() override {}

    void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        Event& e = add(Event::Kind::Null, mark);
        e.anchored = anchor != YAML::NullAnchor;
    }

    void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { add(Event::Kind::Alias, mark); }

    void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  const std::string& value) override {
        Event& e = add(Event::Kind::Scalar, mark);
        const std::string_view t = tag;
        if (t == "!") {
            char c = e.pos < m_text.size() ? m_text[e.pos] : ' ';
            e.style = (c == '|' || c == '>') ? ScalarStyle::Block : ScalarStyle::Quoted;
        } else if (t == "tag:yaml.org,2002:str") {
            e.style = ScalarStyle::Quoted;
        }
        e.value = scalar_value(e, value);
        if (e.style == ScalarStyle::Quoted && e.pos < m_text.size() &&
            (m_text[e.pos] == '"' || m_text[e.pos] == '\'') &&
            scan_quoted(m_text, e.pos) == std::string_view::npos) {
            throw UnclosedQuote{e.pos};
        }
        e.tag = keep_tag(tag);
        e.anchored = anchor != YAML::NullAnchor;
    }

    void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value style) override {
        open(Event::Kind::Sequence, mark, tag, anchor, style);
    }
    void OnSequenceEnd() override { close(); }

    void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value style) override {
        open(Event::Kind::Mapping, mark, tag, anchor, style);
    }
    void OnMapEnd() override { close(); }

  private:
    std::size_t offset(const YAML::Mark& mark) const {
        return mark.pos < 0
                   ? m_text.size()
                   : std::min<std::size_t>(static_cast<std::size_t>(mark.pos), m_text.size());
    }

    /// A new event, after the batch so far is built if it is full.
    Event& next(Event::Kind kind) {
        if (m_events.size() >= kBatch) {
            m_flush();
        }
        Event& e = m_events.emplace_back();
        e.kind = kind;
        return e;
    }

    Event& add(Event::Kind kind, const YAML::Mark& mark) {
        Event& e = next(kind);
        e.pos = offset(mark);
        return e;
    }

    void open(Event::Kind kind, const YAML::Mark& mark, const std::string& tag,
              YAML::anchor_t anchor, YAML::EmitterStyle::value style) {
        if (m_depth >= m_max_depth) {
            throw TooDeep{offset(mark)};
        }
        ++m_depth;
        Event& e = add(kind, mark);
        e.flow = style == YAML::EmitterStyle::Flow;
        e.tag = keep_tag(tag);
        e.anchored = anchor != YAML::NullAnchor;
    }

    void close() {
        --m_depth;
        next(Event::Kind::End);
    }

    /// 0 for the tags yaml-cpp gives untagged nodes, else where it is kept.
    std::uint32_t keep_tag(const std::string& tag) {
        const std::string_view t = tag;
        if (t.empty() || t == "?" || t == "!") {
            return 0;
        }
        m_tags.push_back(tag);
        return static_cast<std::uint32_t>(m_tags.size());
    }

    /// A scalar's text: a view of the source where it stands there as is (a
    /// plain or quoted scalar without escapes or folded lines), else a copy
    /// in the arena.
    std::string_view scalar_value(const Event& e, const std::string& value) {
        std::size_t start = e.pos + (e.style == ScalarStyle::Quoted ? 1 : 0);
        if (e.style != ScalarStyle::Block && start <= m_text.size() &&
            text::same(m_text.substr(start, value.size()), value)) {
            return m_text.substr(start, value.size());
        }
        if (value.empty()) {
            return "";
        }
        auto* p = static_cast<char*>(m_tree.arena.allocate(value.size(), 1));
        std::copy(value.begin(), value.end(), p);
        return {p, value.size()};
    }

    Tree& m_tree;
    std::string_view m_text;
    std::vector<Event>& m_events;
    std::vector<std::string>& m_tags; ///< tags the builder checks, by Event::tag - 1
    int m_max_depth;
    std::function<void()> m_flush;
    int m_depth = 0;
};

/// Builds the tree from the recorded events, and checks it as it goes.
class TreeBuilder {
  public:
    TreeBuilder(Tree& tree, std::vector<Diagnostic>& diags, const std::vector<std::string>& tags)
        : m_tree(tree), m_text(tree.source->text()), m_diags(diags), m_tags(tags),
          m_strict(*tree.source) {
        m_entries.reserve(kScratchRoom);
        m_items.reserve(kScratchRoom);
        m_stack.reserve(16);
    }

    /// The strict checks' findings (yaml_strict::TreeChecker), found as it was built.
    std::vector<Diagnostic> strict_findings() { return m_strict.take(); }

    void add(const Event& e) {
        switch (e.kind) {
        case Event::Kind::Null:
            null(e);
            break;
        case Event::Kind::Alias:
            alias(e);
            break;
        case Event::Kind::Scalar:
            scalar(e);
            break;
        case Event::Kind::Sequence:
            open(e, NodeKind::Sequence);
            break;
        case Event::Kind::Mapping:
            open(e, NodeKind::Mapping);
            break;
        case Event::Kind::End:
            close();
            break;
        }
    }

  private:
    /// An open collection. Its entries (a mapping) or items (a list) so far
    /// are `count` elements of m_entries or m_items from `first`, where its
    /// node's span points until it closes; then they move to the arena.
    struct Frame {
        Node* node;
        std::size_t first = 0;
        std::size_t count = 0;
        const Node* pending_key = nullptr;
        // duplicate-key index, built once a mapping grows large (a pointer:
        // a frame is made and dropped for every collection)
        std::unique_ptr<std::unordered_map<std::string_view, const Node*>> keys;
    };

    void null(const Event& e) {
        Node& n = make(e, NodeKind::Null);
        attach(n);
        check_anchor(n, e.anchored);
    }

    void alias(const Event& e) {
        Node& n = make(e, NodeKind::Null);
        n.end = std::min(m_text.size(), n.begin + 1);
        while (n.end < m_text.size() && !is_space_or_flow(m_text[n.end])) {
            ++n.end;
        }
        n.alias = true;
        attach(n);
        report(Code::AnchorAlias, n, "YAML alias used here",
               "write the value out in full: aliases hide what a clause says");
    }

    void scalar(const Event& e) {
        Node& n = make(e, NodeKind::Scalar);
        n.style = e.style;
        n.value = e.value;
        // a plain value seen at its start ends where its text does
        n.end = n.style == ScalarStyle::Plain && n.value.data() == m_text.data() + n.begin
                    ? n.begin + n.value.size()
                    : scalar_end(m_text, n.begin, n.value, n.style);
        attach(n);
        check_tag(n, e.tag);
        check_anchor(n, e.anchored);
    }

    /// The elements of `scratch` from `first`, copied to the arena.
    template <class T>
    std::span<const T> to_arena(const std::vector<T>& scratch, std::size_t first) {
        std::size_t n = scratch.size() - first;
        if (n == 0) {
            return {};
        }
        auto* p = static_cast<T*>(m_tree.arena.allocate(n * sizeof(T), alignof(T)));
        std::copy(scratch.begin() + static_cast<std::ptrdiff_t>(first), scratch.end(), p);
        return {p, n};
    }

    /// Points each open collection's span at its part of the scratch
    /// vectors (after they moved, or grew by one for the innermost).
    void point_spans(bool all) {
        std::size_t from = all ? 0 : m_stack.size() - 1;
        for (std::size_t i = from; i < m_stack.size(); ++i) {
            Frame& f = m_stack[i];
            if (f.node->kind == NodeKind::Mapping) {
                f.node->entries = {m_entries.data() + f.first, f.count};
            } else {
                f.node->items = {m_items.data() + f.first, f.count};
            }
        }
    }

    Node& make(const Event& e, NodeKind kind) {
        Node& n = m_tree.nodes.emplace_back();
        n.kind = kind;
        n.begin = e.pos;
        n.end = n.begin;
        return n;
    }

    void report(Code code, const Node& n, std::string message, std::string help = {}) {
        m_diags.push_back(make_diagnostic(code, m_tree.where(n), charter_path(&n),
                                          std::move(message), std::move(help)));
    }

    void check_anchor(Node& n, bool anchored) {
        if (anchored) {
            // the anchor '&name' stands before the node: point at it when we can
            std::size_t amp = m_text.rfind('&', n.begin);
            Node where = n;
            if (amp != std::string_view::npos && n.begin - amp < 256) {
                where.begin = amp;
                where.end = amp + 1;
                while (where.end < m_text.size() && !is_space_or_flow(m_text[where.end])) {
                    ++where.end;
                }
            }
            m_diags.push_back(make_diagnostic(
                Code::AnchorAlias, m_tree.where(where), charter_path(&n),
                "YAML anchor defined here", "remove the anchor and write each value out in full"));
        }
    }

    void check_tag(const Node& n, std::uint32_t kept) {
        if (kept == 0) {
            return;
        }
        const std::string& tag = m_tags[kept - 1];
        static constexpr std::string_view kCore = "tag:yaml.org,2002:";
        static constexpr std::string_view kCoreNames[] = {"str",  "int", "float", "bool",
                                                          "null", "map", "seq"};
        if (tag.compare(0, kCore.size(), kCore) == 0) {
            std::string_view rest = std::string_view(tag).substr(kCore.size());
            if (std::find(std::begin(kCoreNames), std::end(kCoreNames), rest) !=
                std::end(kCoreNames)) {
                return;
            }
        }
        report(Code::UnsupportedTag, n, fmt::format("YAML tag '{}' is not allowed", tag),
               "remove the tag: charters use plain YAML values");
    }

    void open(const Event& e, NodeKind kind) {
        Node& n = make(e, kind);
        n.flow = e.flow;
        if (n.flow ||
            (n.begin < m_text.size() && (m_text[n.begin] == '[' || m_text[n.begin] == '{'))) {
            n.flow = true;
            n.end = scan_flow(m_text, n.begin);
        } else {
            n.end = line_end_trimmed(m_text, n.begin);
        }
        attach(n);
        check_tag(n, e.tag);
        check_anchor(n, e.anchored);
        m_stack.push_back(Frame{&n, kind == NodeKind::Mapping ? m_entries.size() : m_items.size(),
                                0, nullptr, nullptr});
    }
    void close() {
        Frame& f = m_stack.back();
        if (f.node->kind == NodeKind::Mapping) {
            f.node->entries = to_arena(m_entries, f.first);
            m_entries.resize(f.first);
        } else {
            f.node->items = to_arena(m_items, f.first);
            m_items.resize(f.first);
        }
        m_stack.pop_back();
    }

    /// Links a new node to its parent, then runs the strict checks on it:
    /// each looks only at what is set by now.
    void attach(Node& n) {
        link(n);
        m_strict.node(n);
    }

    void link(Node& n) {
        if (m_stack.empty()) {
            m_tree.root = &n;
            return;
        }
        Frame& f = m_stack.back();
        Node* parent = f.node;
        n.parent = parent;
        if (parent->kind == NodeKind::Sequence) {
            n.index = static_cast<int>(f.count);
            const Node* const* before = m_items.data();
            m_items.push_back(&n);
            ++f.count;
            point_spans(m_items.data() != before);
            return;
        }
        if (!f.pending_key) {
            // this node is a key
            f.pending_key = &n;
            if (n.kind != NodeKind::Scalar) {
                report(Code::ComplexKey, n, "a mapping key must be a plain word",
                       "write the key as a string such as `title:`");
            } else if (n.value == "<<" && n.style == ScalarStyle::Plain) {
                report(Code::MergeKey, n, "YAML merge key '<<' is not allowed",
                       "write the merged keys out in full");
            }
            return;
        }
        const Node* key = f.pending_key;
        f.pending_key = nullptr;
        n.key = key;
        if (!check_duplicate(f, *key)) {
            const MapEntry* before = m_entries.data();
            m_entries.push_back(MapEntry{key, &n, key->value});
            ++f.count;
            point_spans(m_entries.data() != before);
        }
    }

    /// Reports a key given twice in a mapping; true when it is a duplicate
    /// (its entry is then left out, so later checks see the first one only).
    bool check_duplicate(Frame& f, const Node& key) {
        if (key.kind != NodeKind::Scalar) {
            return false;
        }
        const Node* earlier = nullptr;
        std::span<const MapEntry> entries = f.node->entries;
        if (entries.size() < 16) {
            for (const auto& e : entries) {
                if (text::same(e.name, key.value) && e.key->kind == NodeKind::Scalar) {
                    earlier = e.key;
                    break;
                }
            }
        } else {
            if (!f.keys) {
                f.keys = std::make_unique<std::unordered_map<std::string_view, const Node*>>();
                for (const auto& e : entries) {
                    f.keys->emplace(e.key->value, e.key);
                }
            }
            auto it = f.keys->find(key.value);
            if (it != f.keys->end()) {
                earlier = it->second;
            }
            f.keys->emplace(key.value, &key);
        }
        if (earlier) {
            Diagnostic d =
                make_diagnostic(Code::DuplicateKey, m_tree.where(key), charter_path(f.node),
                                fmt::format("duplicate key '{}'", key.value),
                                "remove one of the two: YAML keeps only one of them, silently");
            d.notes.push_back(Related{"first given here", m_tree.where(*earlier)});
            m_diags.push_back(std::move(d));
            return true;
        }
        return false;
    }

    Tree& m_tree;
    std::string_view m_text;
    std::vector<Diagnostic>& m_diags;
    const std::vector<std::string>& m_tags;
    std::vector<Frame> m_stack;
    std::vector<MapEntry> m_entries;  ///< of the open mappings, innermost last
    std::vector<const Node*> m_items; ///< of the open lists, innermost last
    yaml_strict::TreeChecker m_strict;
};

class MemoryBuf final : public std::streambuf {
  public:
    explicit MemoryBuf(const std::string& s) {
        char* p = const_cast<char*>(s.data());
        setg(p, p, p + s.size());
    }
};

// ---------------------------------------------------------------- guards

Diagnostic at_offset(const Source& src, Code code, std::size_t off, std::size_t len,
                     std::string message, std::string help = {}) {
    return make_diagnostic(code, src.span(off, off + len), "", std::move(message), std::move(help));
}

/// Checks that must pass before yaml-cpp sees the text. Returns false to stop.
/// A byte-order mark at the start (UTF-8 or UTF-16).
std::optional<Diagnostic> byte_order_mark(const Source& src) {
    const std::string& t = src.text();
    auto starts = [&](std::string_view p) { return t.compare(0, p.size(), p) == 0; };
    if (starts("\xEF\xBB\xBF")) {
        return at_offset(src, Code::ByteOrderMark, 0, 3, "file starts with a UTF-8 byte-order mark",
                         "save the file as UTF-8 without a BOM");
    }
    if (starts("\xFF\xFE") || starts("\xFE\xFF")) {
        return make_diagnostic(Code::ByteOrderMark, {}, "",
                               "file starts with a UTF-16 byte-order mark",
                               "save the file as UTF-8 without a BOM");
    }
    return std::nullopt;
}

/// 1 for a control byte other than tab, line feed and carriage return.
unsigned is_control(char ch) {
    auto c = static_cast<unsigned char>(ch);
    return static_cast<unsigned>(c == 0x7F) |
           (static_cast<unsigned>(c < 0x20) & static_cast<unsigned>(c != '\t') &
            static_cast<unsigned>(c != '\n') & static_cast<unsigned>(c != '\r'));
}

/// The offset of the first byte for which `hit` gives 1, or npos. Blocks of
/// 64 bytes are passed over first without a branch inside, so that the
/// compiler can use vector instructions.
template <typename Hit> std::size_t first_byte(std::string_view t, Hit hit) {
    constexpr std::size_t kBlock = 64;
    std::size_t i = 0;
    for (; i + kBlock <= t.size(); i += kBlock) {
        unsigned any = 0;
        for (std::size_t k = 0; k < kBlock; ++k) {
            any |= hit(t[i + k]);
        }
        if (any != 0) {
            break;
        }
    }
    for (; i < t.size(); ++i) {
        if (hit(t[i]) != 0) {
            return i;
        }
    }
    return std::string_view::npos;
}

/// The first NUL or other control byte (tab, newline and carriage return allowed).
std::optional<Diagnostic> control_byte(const Source& src) {
    const std::string& t = src.text();
    if (std::size_t i = first_byte(t, is_control); i != std::string_view::npos) {
        auto c = static_cast<unsigned char>(t[i]);
        if (c == 0) {
            return make_diagnostic(
                Code::BinaryData, {}, "",
                fmt::format("file holds a NUL byte at offset {}: it is not a text file", i),
                "charters are UTF-8 text files");
        }
        auto line = src.line_of(i);
        Location loc{line, 0, line, 0};
        // only point at the column when the text before is valid UTF-8
        std::size_t ls = src.line_start(line);
        if (!utf8::first_invalid(std::string_view(t).substr(ls, i - ls))) {
            loc = src.span(i, i + 1);
        }
        return make_diagnostic(Code::BinaryData, loc, "",
                               fmt::format("control character U+{:04X} in the text", c),
                               "charters are plain UTF-8 text: remove the character");
    }
    return std::nullopt;
}

/// The first byte that is not valid UTF-8.
std::optional<Diagnostic> invalid_utf8(const Source& src) {
    const std::string& t = src.text();
    auto bad = utf8::first_invalid(t);
    if (!bad) {
        return std::nullopt;
    }
    int line = src.line_of(*bad);
    std::size_t ls = src.line_start(line);
    Location loc{line, 1, line, 1};
    if (!utf8::first_invalid(std::string_view(t).substr(ls, *bad - ls))) {
        loc = src.span(*bad, *bad + 1);
    }
    return make_diagnostic(
        Code::NotUtf8, loc, "",
        fmt::format("invalid UTF-8 byte 0x{:02X}", static_cast<unsigned char>(t[*bad])),
        "save the file as UTF-8");
}

/// Tabs in indentation (at most about 50 reported); false when there is one.
/// Tabs in the leading whitespace of lines with text: the candidates for
/// "tab used for indentation", decided once the tree shows which of them are
/// inside a value (yaml_strict::indentation_tabs). At most 51.
std::vector<std::size_t> leading_tabs(const Source& src) {
    std::vector<std::size_t> tabs;
    if (src.text().find('\t') == std::string::npos) {
        return tabs;
    }
    for (int ln = 1; ln <= src.line_count() && tabs.size() <= 50; ++ln) {
        std::string_view l = src.line(ln);
        std::size_t i = l.find_first_not_of(" \t");
        if (i == std::string_view::npos || l[i] == '#' || l[i] == '\r') {
            continue; // blank or comment line
        }
        std::size_t tab = l.substr(0, i).find('\t');
        if (tab != std::string_view::npos) {
            tabs.push_back(src.line_start(ln) + tab);
        }
    }
    return tabs;
}

Diagnostic tab_diagnostic(const Source& src, std::size_t off) {
    return at_offset(src, Code::TabIndentation, off, 1, "tab used for indentation",
                     "indent with spaces: YAML does not allow tabs here");
}

/// Whether every byte is printable ASCII, a tab, a line feed or a carriage
/// return.
bool plain_ascii(std::string_view t) {
    return first_byte(t, [](char ch) {
               return static_cast<unsigned>(static_cast<unsigned char>(ch) >= 0x80) |
                      is_control(ch);
           }) == std::string_view::npos;
}

bool guard_input(const Source& src, const LoadLimits& limits, std::vector<Diagnostic>& diags) {
    const std::string& t = src.text();
    if (t.size() > limits.max_bytes) {
        diags.push_back(
            make_diagnostic(Code::FileTooLarge, {}, "",
                            fmt::format("file is {} bytes, above the limit of {} bytes (8 MiB)",
                                        t.size(), limits.max_bytes),
                            "split the agreement or remove embedded data"));
        return false;
    }
    // Text of printable ASCII, tabs and line breaks (most charters) can hold
    // no byte-order mark, control byte or invalid UTF-8: one pass proves it.
    if (!plain_ascii(t)) {
        for (auto check : {byte_order_mark, control_byte, invalid_utf8}) {
            if (auto d = check(src)) {
                diags.push_back(std::move(*d));
                return false;
            }
        }
    }
    if (auto d = yaml_strict::check_directives(src)) {
        diags.push_back(std::move(*d));
        return false;
    }
    return true;
}

/// yaml-cpp's messages, in words a charter's author can act on.
std::string clean_yaml_message(const std::string& msg) {
    static const std::pair<std::string_view, std::string_view> kWords[] = {
        {"illegal map value",
         "a ':' is not allowed here: check the indentation, or quote a value that contains ': '"},
        {"end of map not found", "a mapping ends where it should not: check the indentation"},
        {"end of sequence not found", "a list ends where it should not: check the indentation"},
        {"end of map flow not found", "a '{' is not closed with '}'"},
        {"end of sequence flow not found", "a '[' is not closed with ']'"},
        {"illegal EOF in scalar", "the file ends inside a value: a quote is probably not closed"},
        {"block sequence entries are not allowed in this context",
         "a '- ' list entry is not allowed here: check the indentation"},
    };
    for (const auto& [from, to] : kWords) {
        if (msg == from) {
            return std::string(to);
        }
    }
    if (msg.empty()) {
        return "invalid YAML";
    }
    return msg;
}

/// yaml-cpp's error as a diagnostic; a tab in the indentation of the same
/// line is the likelier cause: then every such tab is reported instead (the
/// parse stopped, so which of them are inside values cannot be told).
std::vector<Diagnostic> yaml_error(const Source& src, const YAML::Exception& e,
                                   const std::vector<std::size_t>& tabs) {
    std::size_t pos = e.mark.is_null() || e.mark.pos < 0 ? src.text().size()
                                                         : static_cast<std::size_t>(e.mark.pos);
    pos = std::min(pos, src.text().size());
    std::vector<Diagnostic> out;
    bool tab_here = std::any_of(tabs.begin(), tabs.end(), [&](std::size_t tab) {
        return src.line_of(tab) == src.line_of(pos);
    });
    if (tab_here) {
        for (std::size_t tab : tabs) {
            out.push_back(tab_diagnostic(src, tab));
        }
        return out;
    }
    out.push_back(at_offset(src, Code::YamlSyntax, pos, 1, clean_yaml_message(e.msg),
                            "fix the YAML syntax at this place"));
    return out;
}

} // namespace

LoadResult load_yaml(std::shared_ptr<const Source> source, const LoadLimits& limits) {
    LoadResult result;
    if (!guard_input(*source, limits, result.diagnostics)) {
        return result;
    }
    const std::vector<std::size_t> tabs = leading_tabs(*source);
    // entries, items and decoded text take about twice the text's bytes:
    // room for them in one block
    auto tree = std::make_shared<Tree>(2 * source->text().size() + 1024);
    tree->source = source;
    // a charter's text takes 10 to 12 bytes a node: the nodes in one block
    tree->nodes.expect(source->text().size() / 8);
    MemoryBuf buf(source->text());
    std::istream in(&buf);
    const std::size_t guarded = result.diagnostics.size();
    auto drop_partial = [&] { result.diagnostics.resize(guarded); };
    // a batch of events at a time, in a buffer kept for the next file of
    // this thread: no allocation once it has grown to a batch
    static thread_local std::vector<Event> events;
    events.clear();
    std::vector<std::string> tags;
    TreeBuilder builder(*tree, result.diagnostics, tags);
    auto build = [&] {
        for (const Event& e : events) {
            builder.add(e);
        }
        events.clear();
    };
    Recorder recorder(*tree, events, tags, limits.max_depth, build);
    try {
        YAML::Parser parser(in);
        if (parser.HandleNextDocument(recorder)) {
            parser.HandleNextDocument(recorder);
        }
        build();
    } catch (const StopParsing&) {
        build(); // the first document's
        std::size_t pos = recorder.second_document_pos;
        // point at the '---' that starts the second document, if it is there
        std::size_t dash = source->text().rfind("---", pos);
        std::size_t at = dash != std::string::npos ? dash : pos;
        result.diagnostics.push_back(at_offset(*source, Code::MultipleDocuments, at, 3,
                                               "a second YAML document starts here",
                                               "a charter file holds one document: remove the "
                                               "'---' and what follows, or split the file"));
    } catch (const StrayContent& stray) {
        drop_partial();
        result.diagnostics.push_back(at_offset(
            *source, Code::YamlSyntax, stray.pos, 1,
            "this line is not part of the mapping or list above",
            "check its indentation: indent it under the key it belongs to, or line it up with "
            "the keys or '- ' entries above"));
        return result;
    } catch (const UnclosedQuote& q) {
        drop_partial();
        result.diagnostics.push_back(at_offset(*source, Code::YamlSyntax, q.pos, 1,
                                               "this quote is never closed",
                                               "close the value with the same quote character"));
        return result;
    } catch (const TooDeep& deep) {
        drop_partial();
        result.diagnostics.push_back(at_offset(
            *source, Code::NestingTooDeep, deep.pos, 1,
            fmt::format("mappings and lists nest deeper than {} levels", limits.max_depth),
            "a charter never needs this depth: check for runaway brackets or indentation"));
        return result;
    } catch (const YAML::Exception& e) {
        drop_partial();
        auto errors = yaml_error(*source, e, tabs);
        std::move(errors.begin(), errors.end(), std::back_inserter(result.diagnostics));
        return result;
    }
    if (recorder.documents == 0 || !tree->root) {
        result.diagnostics.push_back(
            make_diagnostic(Code::EmptyFile, {}, "", "the file holds no YAML document",
                            "start from `charter init` or an example in examples/"));
        return result;
    }
    std::vector<Diagnostic> strict;
    for (std::size_t tab : yaml_strict::indentation_tabs(*tree, tabs)) {
        strict.push_back(tab_diagnostic(*source, tab));
    }
    if (strict.empty()) {
        strict = builder.strict_findings(); // found while building
    }
    if (!strict.empty()) {
        drop_partial();
        std::move(strict.begin(), strict.end(), std::back_inserter(result.diagnostics));
        return result;
    }
    result.tree = std::move(tree);
    return result;
}

} // namespace charter
