#pragma once
// Positions as the Language Server Protocol counts them: 0-based lines and
// characters in the negotiated encoding (UTF-16 code units by default, or
// UTF-8 bytes, or code points), from and to byte offsets into a text.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "charter/location.hpp"

namespace charter::lsp {

enum class Encoding { Utf8, Utf16, Utf32 };

/// "utf-8", "utf-16" or "utf-32".
std::string_view encoding_name(Encoding e);

struct Position {
    int line = 0;
    int character = 0;
    friend bool operator==(const Position&, const Position&) = default;
};

struct Range {
    Position start, end;
    friend bool operator==(const Range&, const Range&) = default;
};

/// The line starts of one text (which it refers to: keep the text alive).
class LineMap {
  public:
    LineMap(std::string_view text, Encoding encoding);

    /// The position of a byte offset (clamped to the text).
    Position position(std::size_t offset) const;
    /// The byte offset of a position: clamped to its line's end, and a
    /// character inside a multi-unit sequence counts as the sequence's start.
    std::size_t offset(Position p) const;
    Range range(std::size_t begin, std::size_t end) const;
    /// A library Location (1-based lines, columns in code points); line 0
    /// (the whole file) is the start of the text.
    Range range(const Location& loc) const;
    /// Byte offset of a 1-based line and code point column.
    std::size_t offset_of(int line, int column) const;
    int line_count() const { return static_cast<int>(m_starts.size()); }
    Encoding encoding() const { return m_encoding; }

  private:
    std::string_view line_text(int line) const; ///< 0-based, without the line break
    std::string_view m_text;
    Encoding m_encoding;
    std::vector<std::size_t> m_starts;
};

} // namespace charter::lsp
