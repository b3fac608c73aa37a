#pragma once
// A text file in memory with a line index, for positions and source snippets.
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "charter/location.hpp"

namespace charter {

/// The text of one input (a file, standard input or a git blob) and its name.
class Source {
  public:
    Source(std::string name, std::string text);

    const std::string& name() const { return m_name; }
    const std::string& text() const { return m_text; }

    /// Number of lines (a final line without a newline counts).
    int line_count() const { return static_cast<int>(line_starts().size()); }
    /// Line n (1-based) without its line break.
    std::string_view line(int n) const;
    /// 1-based line of a byte offset.
    int line_of(std::size_t offset) const;
    /// Byte offset of the start of line n (1-based).
    std::size_t line_start(int n) const;
    /// 1-based column, in code points, of a byte offset.
    int column_of(std::size_t offset) const;
    /// The location spanning bytes [begin, end) of the text.
    Location span(std::size_t begin, std::size_t end) const;

  private:
    /// The offsets where lines start, indexed at the first question about
    /// lines: a valid file's check never asks one.
    const std::vector<std::size_t>& line_starts() const;

    std::string m_name;
    std::string m_text;
    mutable std::once_flag m_indexed;
    mutable std::vector<std::size_t> m_line_starts;
};

} // namespace charter
