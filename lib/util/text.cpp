#include "util/text.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "util/utf8.hpp"

namespace charter::text {

std::string shown(std::string_view value, std::size_t max) {
    std::string out;
    std::size_t points = 0;
    for (std::size_t i = 0; i < value.size(); ++i) {
        auto c = static_cast<unsigned char>(value[i]);
        bool starts_point = (c & 0xC0) != 0x80;
        if (starts_point) {
            if (points == max) {
                out += "…";
                return out;
            }
            ++points;
        }
        if (c < 0x20 || c == 0x7F) {
            out += c == '\n' ? std::string("\\n") : fmt::format("\\x{:02x}", c);
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

std::string shown_name(std::string_view name) {
    std::string out;
    out.reserve(name.size());
    for (std::size_t i = 0; i < name.size();) {
        auto c = static_cast<unsigned char>(name[i]);
        std::size_t len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        std::string_view unit = name.substr(i, len);
        bool valid = unit.size() == len && (c < 0x80 || c >= 0xC0) && !utf8::first_invalid(unit);
        if (!valid || c < 0x20 || c == 0x7F) {
            out += fmt::format("\\x{:02x}", c);
            ++i;
            continue;
        }
        out += unit;
        i += len;
    }
    return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
    if (a.size() > 64 || b.size() > 64) {
        return 1000;
    }
    // optimal string alignment: a swap of two neighbours is one edit (titel -> title)
    std::vector<std::size_t> before(b.size() + 1), prev(b.size() + 1), cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) {
        prev[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                cur[j] = std::min(cur[j], before[j - 2] + 1);
            }
        }
        before = prev;
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

std::string_view suggest(std::string_view word, const std::vector<std::string_view>& candidates) {
    std::string_view best;
    std::size_t best_d = 1000;
    for (auto c : candidates) {
        std::size_t d = edit_distance(word, c);
        if (d < best_d) {
            best_d = d;
            best = c;
        }
    }
    std::size_t limit = std::max<std::size_t>(1, std::min(word.size(), best.size()) / 3);
    return best_d <= limit ? best : std::string_view{};
}

std::string join_words(const std::vector<std::string_view>& words, std::string_view last) {
    std::string out;
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (i > 0) {
            out += (i + 1 == words.size()) ? std::string(last) : std::string(", ");
        }
        out += words[i];
    }
    return out;
}

} // namespace charter::text
