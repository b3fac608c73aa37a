#pragma once
// Small text helpers for messages; nothing charter-specific.
#include <string>
#include <string_view>
#include <vector>

namespace charter::text {

/// A value as shown inside a message: at most `max` code points, then "…";
/// control characters shown as escapes.
std::string shown(std::string_view value, std::size_t max = 40);

/// A file name as shown in text for people and in GitHub annotations:
/// control characters and bytes that are not UTF-8 as `\xNN`, the rest as it is.
std::string shown_name(std::string_view name);

/// Edit distance between two short words, a swap of neighbours counting as one edit (capped: long
/// inputs return a large value).
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate closest to `word`, if it is close enough to be a likely typo.
std::string_view suggest(std::string_view word, const std::vector<std::string_view>& candidates);

/// "a, b and c"
std::string join_words(const std::vector<std::string_view>& words, std::string_view last = " and ");

} // namespace charter::text
