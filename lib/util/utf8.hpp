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

} // namespace charter::utf8
