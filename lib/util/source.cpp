#include "util/source.hpp"

#include <algorithm>
#include <cstring>

#include "util/utf8.hpp"

namespace charter {

Source::Source(std::string name, std::string text)
    : m_name(std::move(name)), m_text(std::move(text)) {}

const std::vector<std::size_t>& Source::line_starts() const {
    std::call_once(m_indexed, [this] {
        m_line_starts.push_back(0);
        // memchr finds the next line break many bytes at a time
        const char* data = m_text.data();
        const std::size_t size = m_text.size();
        for (std::size_t i = 0; i < size;) {
            const void* nl = std::memchr(data + i, '\n', size - i);
            if (!nl) {
                break;
            }
            i = static_cast<std::size_t>(static_cast<const char*>(nl) - data) + 1;
            if (i < size) {
                m_line_starts.push_back(i);
            }
        }
    });
    return m_line_starts;
}

std::string_view Source::line(int n) const {
    if (n < 1 || n > line_count()) {
        return {};
    }
    std::size_t b = line_starts()[static_cast<std::size_t>(n - 1)];
    std::size_t e = m_text.find('\n', b);
    if (e == std::string::npos) {
        e = m_text.size();
    }
    if (e > b && m_text[e - 1] == '\r') {
        --e;
    }
    return std::string_view(m_text).substr(b, e - b);
}

int Source::line_of(std::size_t offset) const {
    const auto& starts = line_starts();
    auto it = std::upper_bound(starts.begin(), starts.end(), offset);
    return static_cast<int>(it - starts.begin());
}

std::size_t Source::line_start(int n) const {
    if (n < 1) {
        return 0;
    }
    if (n > line_count()) {
        return m_text.size();
    }
    return line_starts()[static_cast<std::size_t>(n - 1)];
}

int Source::column_of(std::size_t offset) const {
    offset = std::min(offset, m_text.size());
    std::size_t b = line_start(line_of(offset));
    return 1 + static_cast<int>(
                   utf8::count_code_points(std::string_view(m_text).substr(b, offset - b)));
}

Location Source::span(std::size_t begin, std::size_t end) const {
    Location loc;
    loc.line = line_of(begin);
    loc.column = column_of(begin);
    if (end < begin) {
        end = begin;
    }
    loc.end_line = line_of(end > begin ? end - 1 : begin);
    loc.end_column = column_of(end);
    if (loc.end_line != line_of(end) && end > begin) {
        // end sits just past a line's last character: column after that character
        std::size_t b = line_start(loc.end_line);
        loc.end_column =
            1 +
            static_cast<int>(utf8::count_code_points(std::string_view(m_text).substr(b, end - b)));
    }
    return loc;
}

} // namespace charter
