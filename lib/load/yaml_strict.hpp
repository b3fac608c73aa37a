#pragma once
// What yaml-cpp 0.7 lets through that YAML 1.2 calls broken, found again from
// the built tree and the source text. Each finding is a YAML syntax error
// (C0001) at the place; tests/yaml_suite/exceptions.txt lists the leniencies
// that remain.
#include <cstddef>
#include <optional>
#include <utility>
#include <vector>

#include "diag/diagnostic.hpp"
#include "load/yaml_tree.hpp"
#include "util/source.hpp"

namespace charter::yaml_strict {

/// Directives (`%YAML`, `%TAG`) before a document that are not followed by
/// `---` (yaml-cpp reads them and an empty document). Runs before parsing.
std::optional<Diagnostic> check_directives(const Source& src);

/// Syntax errors in a tree yaml-cpp built without complaint: invalid escapes,
/// comments with no space before `#`, empty flow entries, a plain `-` in a
/// flow collection, a block mapping line with no `:`, continuation lines of
/// a quoted value or flow collection not indented past their parent, a block
/// scalar's header and its leading empty lines. At most `limit` findings.
///
/// The checks run node by node while the tree is built: given the nodes in
/// the order they are made, each once its parent, key, span and text are
/// set, without walking the tree again when it is cold.
class TreeChecker {
  public:
    explicit TreeChecker(const Source& src, std::size_t limit = 20) : m_src(src), m_limit(limit) {}
    /// Checks one more node (nothing once `limit` findings are in).
    void node(const Node& n) {
        if (m_out.size() < m_limit) {
            check(n);
        }
    }
    /// The findings so far, in the order of the nodes.
    std::vector<Diagnostic> take() { return std::move(m_out); }

  private:
    void check(const Node& n);

    const Source& m_src;
    std::size_t m_limit;
    std::vector<Diagnostic> m_out;
};

/// Of the tabs found in lines' leading whitespace (byte offsets), those that
/// really indent: not inside a quoted value, a block scalar's text or a flow
/// collection, nor in a continuation line of a plain value.
std::vector<std::size_t> indentation_tabs(const Tree& tree, const std::vector<std::size_t>& tabs);

} // namespace charter::yaml_strict
