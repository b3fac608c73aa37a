#include "lsp/position.hpp"

#include <algorithm>

namespace charter::lsp {

namespace {

/// Length of the UTF-8 sequence starting with byte `b` (1 for a stray byte).
std::size_t sequence_length(unsigned char b) {
    if (b >= 0xF0 && b < 0xF8) {
        return 4;
    }
    if (b >= 0xE0) {
        return b < 0xF0 ? 3 : 1;
    }
    if (b >= 0xC0) {
        return 2;
    }
    return 1;
}

/// Units one code point of `len` UTF-8 bytes counts in `e`.
int units(std::size_t len, Encoding e) {
    switch (e) {
    case Encoding::Utf8:
        return static_cast<int>(len);
    case Encoding::Utf16:
        return len == 4 ? 2 : 1;
    case Encoding::Utf32:
        return 1;
    }
    return 1;
}

} // namespace

std::string_view encoding_name(Encoding e) {
    switch (e) {
    case Encoding::Utf8:
        return "utf-8";
    case Encoding::Utf16:
        return "utf-16";
    case Encoding::Utf32:
        return "utf-32";
    }
    return "utf-16";
}

LineMap::LineMap(std::string_view text, Encoding encoding) : m_text(text), m_encoding(encoding) {
    m_starts.push_back(0);
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\n') {
            m_starts.push_back(i + 1);
        }
    }
}

std::string_view LineMap::line_text(int line) const {
    std::size_t b = m_starts[static_cast<std::size_t>(line)];
    std::size_t e = static_cast<std::size_t>(line) + 1 < m_starts.size()
                        ? m_starts[static_cast<std::size_t>(line) + 1] - 1
                        : m_text.size();
    if (e > b && m_text[e - 1] == '\r') {
        --e;
    }
    return m_text.substr(b, e - b);
}

Position LineMap::position(std::size_t offset) const {
    offset = std::min(offset, m_text.size());
    auto it = std::upper_bound(m_starts.begin(), m_starts.end(), offset);
    int line = static_cast<int>(it - m_starts.begin()) - 1;
    std::string_view text = line_text(line);
    std::size_t want = offset - m_starts[static_cast<std::size_t>(line)];
    int character = 0;
    for (std::size_t i = 0; i < want && i < text.size();) {
        std::size_t len = sequence_length(static_cast<unsigned char>(text[i]));
        character += units(len, m_encoding);
        i += len;
    }
    return {line, character};
}

std::size_t LineMap::offset(Position p) const {
    if (p.line < 0) {
        return 0;
    }
    if (p.line >= line_count()) {
        return m_text.size();
    }
    std::string_view text = line_text(p.line);
    std::size_t i = 0;
    int character = 0;
    while (i < text.size()) {
        std::size_t len = sequence_length(static_cast<unsigned char>(text[i]));
        int next = character + units(len, m_encoding);
        if (next > p.character) {
            break;
        }
        character = next;
        i = std::min(i + len, text.size());
    }
    return m_starts[static_cast<std::size_t>(p.line)] + i;
}

Range LineMap::range(std::size_t begin, std::size_t end) const {
    return {position(begin), position(std::max(begin, end))};
}

std::size_t LineMap::offset_of(int line, int column) const {
    if (line < 1) {
        return 0;
    }
    if (line > line_count()) {
        return m_text.size();
    }
    std::string_view text = line_text(line - 1);
    std::size_t i = 0;
    for (int c = 1; c < column && i < text.size(); ++c) {
        i = std::min(i + sequence_length(static_cast<unsigned char>(text[i])), text.size());
    }
    return m_starts[static_cast<std::size_t>(line) - 1] + i;
}

Range LineMap::range(const Location& loc) const {
    if (loc.line == 0) {
        return {};
    }
    std::size_t b = offset_of(loc.line, loc.column);
    std::size_t e = loc.end_line ? offset_of(loc.end_line, loc.end_column) : b;
    return range(b, e);
}

} // namespace charter::lsp
