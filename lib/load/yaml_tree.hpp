#pragma once
// YAML text -> a tree of nodes that keep their place in the source.
//
// yaml-cpp's event parser is used rather than YAML::Load: it shows anchors,
// aliases, tags and every document, and is faster than building YAML::Node. The
// encoding, size and depth guards run before or around it.
#include <algorithm>
#include <cstddef>
#include <iterator>
#include <memory>
#include <memory_resource>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "diag/diagnostic.hpp"
#include "util/source.hpp"

namespace charter {

/// Limits of what the loader accepts.
struct LoadLimits {
    std::size_t max_bytes = 8u << 20; ///< larger files are refused before parsing
    int max_depth = 64;               ///< mappings and lists nested deeper are refused
};

enum class NodeKind : unsigned char { Null, Scalar, Mapping, Sequence };
enum class ScalarStyle : unsigned char { Plain, Quoted, Block };

/// How a scalar's text reads under YAML 1.2's core schema.
enum class ScalarType : unsigned char { Null, Bool, Int, Float, String };

struct Node;

struct MapEntry {
    const Node* key;
    const Node* value;
    std::string_view name; ///< the key's text (its `value`): look-ups need not visit the key
};

/// One node of the tree. Offsets are bytes into the Source text. A node owns
/// nothing: its text, entries and items live in the source text or in the
/// tree's arena, so a tree is made by bump allocation and freed at once.
struct Node {
    NodeKind kind = NodeKind::Null;
    ScalarStyle style = ScalarStyle::Plain;
    bool flow = false;  ///< a flow collection ({...} or [...])
    bool alias = false; ///< stands for a YAML alias (rejected, never expanded)
    int index = -1;     ///< for a sequence item: its position
    /// Scalar text as parsed (escapes decoded): a view of the source text
    /// where it stands there as is, else of the tree's arena.
    std::string_view value = "";
    std::size_t begin = 0; ///< first byte of the node
    std::size_t end = 0;   ///< one past the last byte (best effort)
    const Node* parent = nullptr;
    const Node* key = nullptr;          ///< for a mapping value: its key node
    std::span<const MapEntry> entries;  ///< mapping entries in source order
    std::span<const Node* const> items; ///< sequence items

    bool is_scalar() const { return kind == NodeKind::Scalar; }
    bool is_mapping() const { return kind == NodeKind::Mapping; }
    bool is_sequence() const { return kind == NodeKind::Sequence; }
    bool is_null() const { return kind == NodeKind::Null; }
    /// The value of `k` in a mapping, or null.
    const Node* get(std::string_view k) const;
    /// The entry (key and value) of `k` in a mapping, or null.
    const MapEntry* entry(std::string_view k) const;
    /// How a plain scalar reads under the core schema (quoted: String).
    ScalarType scalar_type() const;
};
static_assert(std::is_trivially_destructible_v<Node>, "a tree is freed without visiting its nodes");

/// The nodes of a tree in the order they were made, at fixed addresses.
/// Blocks double in size (64 nodes, then 128, ...), so a tree of n nodes
/// costs about log n allocations where a std::deque of nodes this large
/// costs one per 4 nodes.
class NodeStore {
  public:
    class const_iterator {
      public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = Node;
        using difference_type = std::ptrdiff_t;
        using pointer = const Node*;
        using reference = const Node&;

        const_iterator() = default;
        const_iterator(const NodeStore* store, std::size_t block, std::size_t index)
            : m_store(store), m_block(block), m_index(index) {}
        reference operator*() const { return m_store->m_blocks[m_block][m_index]; }
        pointer operator->() const { return &**this; }
        const_iterator& operator++() {
            if (++m_index == m_store->m_blocks[m_block].size()) {
                ++m_block;
                m_index = 0;
            }
            return *this;
        }
        const_iterator operator++(int) {
            const_iterator old = *this;
            ++*this;
            return old;
        }
        bool operator==(const const_iterator& o) const {
            return m_block == o.m_block && m_index == o.m_index;
        }

      private:
        const NodeStore* m_store = nullptr;
        std::size_t m_block = 0;
        std::size_t m_index = 0;
    };

    /// Room for about `n` nodes in the first block (before the first node).
    void expect(std::size_t n) { m_first = std::clamp<std::size_t>(n, 64, 8192); }

    /// A new node at the end; earlier nodes never move.
    Node& emplace_back() {
        if (m_blocks.empty() || m_blocks.back().size() == m_blocks.back().capacity()) {
            std::size_t n = m_blocks.empty()
                                ? m_first
                                : std::min<std::size_t>(m_blocks.back().capacity() * 2, 8192);
            m_blocks.emplace_back().reserve(n);
        }
        ++m_size;
        return m_blocks.back().emplace_back();
    }
    std::size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }
    const_iterator begin() const { return {this, 0, 0}; }
    const_iterator end() const { return {this, m_blocks.size(), 0}; }

  private:
    std::vector<std::vector<Node>> m_blocks; ///< none ever grows past its first capacity
    std::size_t m_size = 0;
    std::size_t m_first = 64;
};

/// A parsed document and the source it came from; nodes live as long as it.
struct Tree {
    Tree() = default;
    /// `arena_bytes`: the size of the arena's first block.
    explicit Tree(std::size_t arena_bytes) : arena(arena_bytes) {}

    std::shared_ptr<const Source> source;
    NodeStore nodes;
    const Node* root = nullptr;
    /// The nodes' entries, items and decoded scalar text.
    std::pmr::monotonic_buffer_resource arena{4096};

    /// Location of a node's span, for diagnostics.
    Location where(const Node& n) const;
    /// Location of the key of a mapping value (or the node itself).
    Location where_key(const Node& n) const;
};

/// Charter path of a node: `ip.assets[gripper-v2].owner`. Items of a list
/// are named by their `id` where they have one, else by their index.
std::string charter_path(const Node* n);

/// Result of loading: a tree (null when the text could not be parsed) and
/// the diagnostics of the input and YAML levels.
struct LoadResult {
    std::shared_ptr<Tree> tree;
    std::vector<Diagnostic> diagnostics;
};

/// Parses text into a tree. Never throws for bad input.
LoadResult load_yaml(std::shared_ptr<const Source> source, const LoadLimits& limits = {});

/// How YAML 1.2's core schema reads a plain scalar.
ScalarType resolve_plain(std::string_view text);

} // namespace charter
