#pragma once
// YAML text -> a tree of nodes that keep their place in the source.
//
// yaml-cpp's event parser is used rather than YAML::Load: it shows anchors,
// aliases, tags and every document, and is faster than building YAML::Node. The
// encoding, size and depth guards run before or around it.
#include <cstddef>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
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
};

/// One node of the tree. Offsets are bytes into the Source text.
struct Node {
    NodeKind kind = NodeKind::Null;
    ScalarStyle style = ScalarStyle::Plain;
    bool flow = false;     ///< a flow collection ({...} or [...])
    bool alias = false;    ///< stands for a YAML alias (rejected, never expanded)
    std::string value;     ///< scalar text as parsed (escapes decoded)
    std::size_t begin = 0; ///< first byte of the node
    std::size_t end = 0;   ///< one past the last byte (best effort)
    const Node* parent = nullptr;
    const Node* key = nullptr;      ///< for a mapping value: its key node
    int index = -1;                 ///< for a sequence item: its position
    std::vector<MapEntry> entries;  ///< mapping entries in source order
    std::vector<const Node*> items; ///< sequence items

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

/// A parsed document and the source it came from; nodes live as long as it.
struct Tree {
    std::shared_ptr<const Source> source;
    std::deque<Node> nodes;
    const Node* root = nullptr;

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
