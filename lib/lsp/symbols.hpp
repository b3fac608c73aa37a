#pragma once
// Where each id of a charter is defined and used, with byte spans of the id
// text: the ground for definition, references, rename, the outline and
// hover. Built from the model, so it sees exactly what validate sees.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "model/charter.hpp"
#include "model/refs.hpp"

namespace charter::lsp {

using model::IdKind;

/// "party", "asset", "milestone", "stream", "step", "trigger", "scenario".
std::string_view kind_name(IdKind k);

/// One place an id is written.
struct Occurrence {
    IdKind kind = IdKind::Party;
    std::string scope; ///< a step's stream; empty for the other kinds
    std::string id;
    std::size_t begin = 0, end = 0; ///< bytes of the id itself (no quotes, no '@')
    bool definition = false;
    bool in_formula = false;
    const Node* node = nullptr; ///< definitions: the element (list item) it names

    bool same_symbol(const Occurrence& o) const {
        return kind == o.kind && scope == o.scope && id == o.id;
    }
};

class SymbolIndex {
  public:
    explicit SymbolIndex(const model::Charter& c);
    SymbolIndex() = default;

    /// The occurrence whose id text contains (or ends at) `offset`, if any.
    const Occurrence* at(std::size_t offset) const;
    /// Every occurrence of the same symbol, in text order.
    std::vector<const Occurrence*> uses_of(const Occurrence& o) const;
    /// The first definition of the same symbol, if any.
    const Occurrence* definition_of(const Occurrence& o) const;
    /// Every definition of a kind (and, for steps, of a stream), in text order.
    std::vector<const Occurrence*> definitions(IdKind kind, std::string_view scope = {}) const;
    const std::vector<Occurrence>& all() const { return m_all; }

  private:
    void define(IdKind kind, const Node* element, std::string scope = {});
    void use(IdKind kind, const model::Ref& r, std::string scope = {});
    void add_formula(const model::FormulaText& f, const std::string& stream);
    void add_definitions(const model::Charter& c);

    const Tree* m_tree = nullptr;
    std::vector<Occurrence> m_all; ///< sorted by begin once built
};

} // namespace charter::lsp
