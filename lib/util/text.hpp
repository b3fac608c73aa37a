#pragma once
// Small text helpers, mostly for messages; nothing charter-specific.
#include <string>
#include <string_view>
#include <vector>

namespace charter::text {

/// Whether two texts are equal. Names compared by look-ups (mapping keys,
/// schema fields) are a few bytes long: those are compared here, in the
/// caller's code, where a call to memcmp through the PLT, once sizes are
/// equal, cost more than the comparison (about 1,600 calls a charter).
inline bool same(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) {
        return false;
    }
    if (a.size() > 32) {
        return a == b;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i] != b[i]) {
            return false;
        }
    }
    return true;
}

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
