#pragma once
// A place in a charter's text.

namespace charter {

/// 1-based lines, 1-based columns in Unicode code points, end exclusive.
/// line == 0 means "the whole file" (or no place at all).
struct Location {
    int line = 0;
    int column = 0;
    int end_line = 0;
    int end_column = 0;
};

} // namespace charter
