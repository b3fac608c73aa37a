// What yaml-cpp 0.7 accepts but YAML 1.2 does not (found against the official
// YAML test suite: tests/yaml_suite/). Every check here looks only at bytes
// the tree's nodes already point to, so the cost stays linear and small.
#include "load/yaml_strict.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <string_view>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>

namespace charter::yaml_strict {

namespace {

bool is_blank(char c) {
    return c == ' ' || c == '\t';
}
bool is_break(char c) {
    return c == '\n' || c == '\r';
}
bool is_white(char c) {
    return is_blank(c) || is_break(c);
}

Diagnostic syntax_at(const Source& src, std::size_t off, std::string message, std::string help) {
    off = std::min(off, src.text().size());
    Location loc = src.span(off, std::min(off + 1, src.text().size()));
    return make_diagnostic(Code::YamlSyntax, loc, "", std::move(message), std::move(help));
}

/// Where a quoted scalar starting at `begin` ends (one past its closing
/// quote), or the end of the text.
std::size_t quoted_end(std::string_view t, std::size_t begin) {
    char q = t[begin];
    std::size_t i = begin + 1;
    while (i < t.size()) {
        if (q == '"' && t[i] == '\\') {
            i += 2;
            continue;
        }
        if (t[i] == q) {
            if (q == '\'' && i + 1 < t.size() && t[i + 1] == '\'') {
                i += 2;
                continue;
            }
            return i + 1;
        }
        ++i;
    }
    return t.size();
}

/// Column (bytes from the line's start) of an offset: indentation is spaces,
/// so bytes and columns agree where it matters.
std::size_t column_of(std::string_view t, std::size_t off) {
    std::size_t nl = t.rfind('\n', off == 0 ? 0 : off - 1);
    return nl == std::string_view::npos ? off : off - nl - 1;
}

/// The checks of one node, adding to `out`.
class Checker {
  public:
    Checker(const Source& src, std::vector<Diagnostic>& out)
        : m_src(src), m_t(src.text()), m_out(out) {}

    void check(const Node& n) {
        if (n.begin >= m_t.size()) {
            return;
        }
        char c = m_t[n.begin];
        if (n.is_scalar() && n.style == ScalarStyle::Quoted && (c == '"' || c == '\'')) {
            std::size_t end = quoted_end(m_t, n.begin);
            if (c == '"') {
                escapes(n.begin, end);
            }
            space_before_comment(end);
            if (!in_flow(n)) {
                continuation(n, end);
            }
        }
        if (n.is_scalar() && n.style == ScalarStyle::Block && (c == '|' || c == '>')) {
            block_header(n);
        }
        if (n.is_scalar() && n.style == ScalarStyle::Plain && in_flow(n) && c == '-') {
            lone_dash(n);
        }
        if (n.flow && !in_flow(n) && (c == '[' || c == '{')) {
            flow_body(n);
            space_before_comment(n.end);
            continuation(n, n.end);
        }
        if (is_key(n) && !n.parent->flow && !n.is_null()) {
            key_colon(n);
        }
    }

  private:
    void fail(std::size_t off, std::string message, std::string help) {
        m_out.push_back(syntax_at(m_src, off, std::move(message), std::move(help)));
    }

    static bool in_flow(const Node& n) { return n.parent && n.parent->flow; }
    static bool is_key(const Node& n) { return n.parent && n.parent->is_mapping() && !n.key; }

    /// `\'` and other escapes YAML's double-quoted style does not have.
    void escapes(std::size_t begin, std::size_t end) {
        static constexpr std::string_view kSingle = "0abt\tnvfre \"/\\N_LP\n\r";
        for (std::size_t i = begin + 1; i + 1 < end; ++i) {
            if (m_t[i] != '\\') {
                continue;
            }
            char e = m_t[i + 1];
            std::size_t hex = e == 'x' ? 2 : e == 'u' ? 4 : e == 'U' ? 8 : 0;
            bool ok = kSingle.find(e) != std::string_view::npos;
            if (hex) {
                ok = i + 2 + hex <= end;
                for (std::size_t k = 0; ok && k < hex; ++k) {
                    ok = std::isxdigit(static_cast<unsigned char>(m_t[i + 2 + k])) != 0;
                }
            }
            if (!ok) {
                fail(i,
                     fmt::format("'\\{}' is not an escape of a double-quoted YAML string",
                                 is_white(e) ? std::string("") : std::string(1, e)),
                     e == '\'' ? "write ' without the backslash: inside \"...\" it needs no escape"
                               : "write the character itself, or use single quotes");
                return;
            }
            ++i;
        }
    }

    /// `"value"# note` or `[a, b]# note`: a comment needs a space before '#'.
    void space_before_comment(std::size_t end) {
        if (end < m_t.size() && m_t[end] == '#') {
            fail(end, "a comment needs a space before '#'", "put a space before the '#'");
        }
    }

    /// Lines inside a quoted value or a flow collection that are not indented
    /// past the block mapping or list holding it.
    void continuation(const Node& n, std::size_t end) {
        const Node* block = n.parent;
        if (!block) {
            return; // the document's top node: no indentation to keep
        }
        std::size_t indent = column_of(m_t, block->begin);
        std::size_t nl = m_t.find('\n', n.begin);
        while (nl != std::string_view::npos && nl + 1 < end) {
            std::size_t i = nl + 1;
            while (i < end && m_t[i] == ' ') {
                ++i;
            }
            std::size_t spaces = i - (nl + 1); // tabs after them do not indent
            while (i < end && m_t[i] == '\t') {
                ++i;
            }
            if (i < end && !is_white(m_t[i]) && spaces <= indent) {
                fail(i, "this line continues the value above but is not indented past its key",
                     "indent the continuation lines further than the key, or write the value "
                     "on one line");
                return;
            }
            nl = m_t.find('\n', i);
        }
    }

    /// `>#`: a comment right after a block scalar's indicators; and leading
    /// empty lines with more spaces than the first line of text.
    void block_header(const Node& n) {
        std::size_t i = n.begin + 1;
        bool explicit_indent = false;
        for (int k = 0; k < 2 && i < m_t.size(); ++k, ++i) {
            char c = m_t[i];
            if (c >= '1' && c <= '9') {
                explicit_indent = true;
            } else if (c != '+' && c != '-') {
                break;
            }
        }
        if (i < m_t.size() && m_t[i] == '#') {
            fail(i, "a comment needs a space before '#'",
                 "put a space between the '|' or '>' and '#'");
            return;
        }
        if (!explicit_indent) {
            leading_empty_lines(n, i);
        }
    }

    void leading_empty_lines(const Node& n, std::size_t header) {
        std::size_t parent_indent = n.parent ? column_of(m_t, n.parent->begin) : 0;
        std::size_t line = m_t.find('\n', header);
        std::size_t widest = 0, widest_at = 0;
        while (line != std::string_view::npos && line + 1 < m_t.size()) {
            std::size_t s = line + 1, i = s;
            while (i < m_t.size() && m_t[i] == ' ') {
                ++i;
            }
            if (i < m_t.size() && !is_break(m_t[i])) {
                // the first line with text: is it the scalar's, and less indented?
                bool content = !n.parent || i - s > parent_indent;
                if (content && widest > i - s) {
                    fail(widest_at,
                         "an empty line at the start of this block text has more "
                         "spaces than its first line",
                         "remove the trailing spaces of the empty lines, or give the "
                         "indentation with an indicator such as '|2'");
                }
                return;
            }
            if (i - s > widest) {
                widest = i - s;
                widest_at = s;
            }
            line = m_t.find('\n', i);
        }
    }

    /// `[-]` or `[a, -]`: a plain value cannot start with "- " in a flow collection.
    void lone_dash(const Node& n) {
        std::size_t i = n.begin + 1;
        if (i >= m_t.size() || is_white(m_t[i]) || m_t[i] == ',' || m_t[i] == ']' ||
            m_t[i] == '}') {
            fail(
                n.begin, "'-' cannot start an entry inside [ ] or { }",
                "quote it (\"-\") if it is a value; inside brackets, entries are separated by ','");
        }
    }

    /// Empty entries (`[a, , b]`, `[, a]`) and '#' right after ',' or a bracket.
    void flow_body(const Node& n) {
        bool expect = false; // after an opening bracket or a comma
        for (std::size_t i = n.begin; i < n.end && i < m_t.size(); ++i) {
            char c = m_t[i];
            char prev = i > n.begin ? m_t[i - 1] : ' ';
            if ((c == '"' || c == '\'') &&
                (is_white(prev) || prev == '[' || prev == '{' || prev == ',' || prev == ':')) {
                expect = false;
                i = quoted_end(m_t, i) - 1;
            } else if (c == '#' && (is_white(prev) || i == n.begin)) {
                std::size_t nl = m_t.find('\n', i);
                i = nl == std::string_view::npos ? m_t.size() : nl;
            } else if (c == '#' && (prev == ',' || prev == '[' || prev == '{')) {
                fail(i, "a comment needs a space before '#'", "put a space before the '#'");
                return;
            } else if (c == '[' || c == '{') {
                expect = true;
            } else if (c == ',') {
                if (expect) {
                    fail(i, "an entry is missing before this ','",
                         "remove the extra ',': entries in [ ] and { } are separated by one comma");
                    return;
                }
                expect = true;
            } else if (c == ']' || c == '}') {
                expect = false;
            } else if (!is_white(c)) {
                expect = false;
                while (i + 1 < n.end && !is_white(m_t[i + 1]) && m_t[i + 1] != ',' &&
                       m_t[i + 1] != ']' && m_t[i + 1] != '}' && m_t[i + 1] != '[' &&
                       m_t[i + 1] != '{') {
                    ++i; // the rest of a plain word (it may hold '#' or quotes)
                }
            }
        }
    }

    /// A line of a block mapping that is a word with no ':' after it
    /// (yaml-cpp reads `top2` alone on a line as a key with no value).
    void key_colon(const Node& key) {
        if (key.value.empty()) {
            return; // an empty key (`: a`, `!!null : a`) has no text to follow
        }
        std::size_t i = key.begin;
        if (key.is_scalar() && key.style == ScalarStyle::Quoted &&
            (m_t[i] == '"' || m_t[i] == '\'')) {
            i = quoted_end(m_t, i);
        } else if (key.is_scalar() && (key.value.data() == m_t.data() + i ||
                                       m_t.compare(i, key.value.size(), key.value) == 0)) {
            i += key.value.size();
        } else {
            return; // a key whose text we cannot place: leave it to yaml-cpp
        }
        while (i < m_t.size() && is_blank(m_t[i])) {
            ++i;
        }
        if (i < m_t.size() && m_t[i] == ':') {
            return;
        }
        // `? key` (an explicit key) may stand without a value
        std::size_t b = key.begin;
        while (b > 0 && is_blank(m_t[b - 1])) {
            --b;
        }
        if (b > 0 && m_t[b - 1] == '?') {
            return;
        }
        fail(key.begin, fmt::format("'{}' stands alone on a line inside a mapping", key.value),
             "add ':' and a value if it is a key, or indent it further if it continues the "
             "value above");
    }

    const Source& m_src;
    std::string_view m_t;
    std::vector<Diagnostic>& m_out;
};

bool starts_marker(std::string_view line, std::string_view marker) {
    return line.substr(0, 3) == marker && (line.size() == 3 || is_white(line[3]));
}

/// Whether a tab at `tab`, before the start of node `n` on the same line,
/// stands for indentation: before a key or a block collection it does; before
/// a scalar or flow value it is separation, if the spaces before it already
/// indent the value past its parent.
bool tab_indents(std::string_view t, const Node& n, std::size_t tab) {
    bool key = n.parent && n.parent->is_mapping() && !n.key;
    if (key || ((n.is_mapping() || n.is_sequence()) && !n.flow)) {
        return true;
    }
    return n.parent && column_of(t, tab) <= column_of(t, n.parent->begin);
}

/// Whether the next line after `ln` with text, other than more directives
/// and comments, is a '---'.
bool next_is_document_start(const Source& src, int ln) {
    for (int k = ln + 1; k <= src.line_count(); ++k) {
        std::string_view l = src.line(k);
        std::size_t first = l.find_first_not_of(" \t\r");
        if (first == std::string_view::npos || l[first] == '#' || l[0] == '%') {
            continue;
        }
        return starts_marker(l, "---");
    }
    return false;
}

} // namespace

std::optional<Diagnostic> check_directives(const Source& src) {
    const std::string& t = src.text();
    if (t.compare(0, 1, "%") != 0 && t.find("\n%") == std::string::npos) {
        return std::nullopt; // no line starts with '%' (ratios have them inside lines)
    }
    bool content = false;                    // document content since the last '...'
    std::size_t pending = std::string::npos; // a directive still waiting for '---'
    for (int ln = 1; ln <= src.line_count(); ++ln) {
        std::string_view l = src.line(ln);
        std::size_t at = src.line_start(ln);
        std::size_t first = l.find_first_not_of(" \t\r");
        if (!l.empty() && l[0] == '%' && content) {
            // after content, a line starting with '%' may be the text of a
            // scalar; followed by '---', it is a directive without a '...'
            if (next_is_document_start(src, ln)) {
                return syntax_at(src, at, "a directive after a document that was not ended",
                                 "end the document above with a line '...' before the directive");
            }
        } else if (!l.empty() && l[0] == '%') {
            pending = pending == std::string::npos ? at : pending;
        } else if (starts_marker(l, "---")) {
            pending = std::string::npos;
            content = true;
        } else if (starts_marker(l, "...")) {
            if (pending != std::string::npos) {
                break;
            }
            content = false;
        } else if (first != std::string_view::npos && l[first] != '#') {
            if (pending != std::string::npos) {
                break;
            }
            content = true;
        }
    }
    if (pending != std::string::npos) {
        return syntax_at(src, pending, "a directive must be followed by '---'",
                         "start the document with '---' after the directive, or remove it");
    }
    return std::nullopt;
}

void TreeChecker::check(const Node& n) {
    Checker(m_src, m_out).check(n);
}

std::vector<std::size_t> indentation_tabs(const Tree& tree, const std::vector<std::size_t>& tabs) {
    std::vector<std::size_t> real;
    if (tabs.empty()) {
        return real;
    }
    std::string_view t = tree.source->text();
    // byte ranges where a tab is text or separation, not indentation
    std::vector<std::pair<std::size_t, std::size_t>> inside;
    std::unordered_map<std::size_t, const Node*> starts;
    for (auto it = tree.nodes.begin(); it != tree.nodes.end(); ++it) {
        const Node& n = *it;
        starts.emplace(n.begin, &n);
        char c = n.begin < t.size() ? t[n.begin] : ' ';
        if (n.is_scalar() && n.style == ScalarStyle::Quoted && (c == '"' || c == '\'')) {
            inside.emplace_back(n.begin, quoted_end(t, n.begin));
        } else if (n.is_scalar() && n.style == ScalarStyle::Block) {
            // a block scalar's text runs to where the next node starts
            auto next = std::next(it);
            inside.emplace_back(n.begin, next == tree.nodes.end() ? t.size() : next->begin);
        } else if (n.flow) {
            inside.emplace_back(n.begin, n.end);
        }
    }
    for (std::size_t tab : tabs) {
        bool in_value = std::any_of(inside.begin(), inside.end(),
                                    [&](const auto& r) { return tab > r.first && tab < r.second; });
        if (in_value) {
            continue;
        }
        std::size_t p = tab;
        while (p < t.size() && is_blank(t[p])) {
            ++p;
        }
        bool indicator = p < t.size() && (t[p] == '-' || t[p] == '?' || t[p] == ':') &&
                         (p + 1 >= t.size() || is_white(t[p + 1]));
        auto node = starts.find(p);
        if (indicator || (node != starts.end() && tab_indents(t, *node->second, tab))) {
            real.push_back(tab);
        }
    }
    return real;
}

} // namespace charter::yaml_strict
