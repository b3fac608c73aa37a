#pragma once
// Where a scalar's value stands in the source text, for tools that point
// inside it (formula errors, the language server's ids).
#include <cstddef>
#include <optional>

#include "load/yaml_tree.hpp"

namespace charter {

/// Byte offset where a scalar's value stands in the tree's text as is (a
/// plain or quoted scalar without escapes), or nullopt (block, escapes).
std::optional<std::size_t> scalar_text_start(const Tree& tree, const Node& n);

} // namespace charter
