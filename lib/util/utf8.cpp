#include "util/utf8.hpp"

#include <cstdint>
#include <cstring>

#include <utf8proc.h>

namespace charter::utf8 {

std::optional<std::size_t> first_invalid(std::string_view text) {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    std::size_t i = 0;
    while (i < n) {
        // runs of ASCII are passed over eight bytes at a time
        for (std::uint64_t w = 0; i + 8 <= n; i += 8) {
            std::memcpy(&w, s + i, 8);
            if ((w & 0x8080808080808080ULL) != 0) {
                break;
            }
        }
        if (i == n) {
            break;
        }
        unsigned char c = s[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t len = 0;
        unsigned cp = 0;
        unsigned min = 0;
        if ((c & 0xE0) == 0xC0) {
            len = 2, cp = c & 0x1Fu, min = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3, cp = c & 0x0Fu, min = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4, cp = c & 0x07u, min = 0x10000;
        } else {
            return i;
        }
        if (i + len > n) {
            return i;
        }
        for (std::size_t k = 1; k < len; ++k) {
            if ((s[i + k] & 0xC0) != 0x80) {
                return i;
            }
            cp = (cp << 6) | (s[i + k] & 0x3Fu);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return i;
        }
        i += len;
    }
    return std::nullopt;
}

std::size_t count_code_points(std::string_view text) {
    std::size_t count = 0;
    for (char ch : text) {
        if ((static_cast<unsigned char>(ch) & 0xC0) != 0x80) {
            ++count;
        }
    }
    return count;
}

int display_width(char32_t cp) {
    // utf8proc follows the Unicode version it was built with (15.0 in Debian 12)
    int w = utf8proc_charwidth(static_cast<utf8proc_int32_t>(cp));
    return w < 0 ? 1 : w;
}

} // namespace charter::utf8
