#pragma once
// UTF-8 helpers that depend on nothing charter-specific.
#include <cstddef>
#include <optional>
#include <string_view>

namespace charter::utf8 {

/// Byte offset of the first invalid UTF-8 sequence (overlong forms, surrogates
/// and code points above U+10FFFF are invalid), or nullopt if all is valid.
std::optional<std::size_t> first_invalid(std::string_view text);

/// Number of code points in valid UTF-8 text (continuation bytes not counted).
std::size_t count_code_points(std::string_view text);

/// Terminal columns of a printable code point, by Unicode's data (utf8proc):
/// 2 for East Asian Wide and Fullwidth characters and emoji, 0 for combining
/// marks and other zero-width characters, 1 otherwise.
int display_width(char32_t cp);

} // namespace charter::utf8
