#include "lsp/symbols.hpp"

#include <algorithm>

#include "formula/formula.hpp"
#include "load/scalar_text.hpp"

namespace charter::lsp {

std::string_view kind_name(IdKind k) {
    switch (k) {
    case IdKind::Party:
        return "party";
    case IdKind::Asset:
        return "asset";
    case IdKind::Milestone:
        return "milestone";
    case IdKind::Stream:
        return "stream";
    case IdKind::Step:
        return "step";
    case IdKind::Trigger:
        return "trigger";
    case IdKind::Scenario:
        return "scenario";
    }
    return "id";
}

namespace {

/// Calls `f(kind, id node)` for every `@id` argument of a formula: share
/// and contributed name parties, paid names a step.
template <typename F> void formula_ids(const formula::Node& n, F&& f) {
    for (const auto& child : n.children) {
        if (n.kind == formula::NodeKind::Call && child.kind == formula::NodeKind::Id) {
            if (n.text == "paid") {
                f(IdKind::Step, child);
            } else if (child.text != "leaver") {
                f(IdKind::Party, child);
            }
        } else {
            formula_ids(child, f);
        }
    }
}

} // namespace

SymbolIndex::SymbolIndex(const model::Charter& c) : m_tree(c.tree.get()) {
    if (!m_tree) {
        return;
    }
    add_definitions(c);
    model::visit_refs(c, [this](IdKind k, const model::Ref& r) { use(k, r); });
    if (c.economics) {
        for (const auto& s : c.economics->streams) {
            for (const auto& st : s.waterfall) {
                for (const auto* f : {&st.base, &st.amount}) {
                    if (*f) {
                        add_formula(**f, s.id);
                    }
                }
            }
        }
    }
    if (c.exit_triggers) {
        for (const auto& t : *c.exit_triggers) {
            if (t.buyout_price) {
                add_formula(*t.buyout_price, {});
            }
        }
    }
    std::stable_sort(m_all.begin(), m_all.end(),
                     [](const Occurrence& a, const Occurrence& b) { return a.begin < b.begin; });
}

void SymbolIndex::add_definitions(const model::Charter& c) {
    for (const auto& p : c.parties) {
        define(IdKind::Party, p.node);
    }
    if (c.ip) {
        for (const auto& a : c.ip->assets) {
            define(IdKind::Asset, a.node);
        }
    }
    for (const auto& m : c.milestones) {
        define(IdKind::Milestone, m.node);
    }
    if (c.economics) {
        for (const auto& s : c.economics->streams) {
            define(IdKind::Stream, s.node);
            for (const auto& st : s.waterfall) {
                define(IdKind::Step, st.node, s.id);
            }
        }
    }
    if (c.exit_triggers) {
        for (const auto& t : *c.exit_triggers) {
            define(IdKind::Trigger, t.node);
        }
    }
    for (const auto& s : c.scenarios) {
        define(IdKind::Scenario, s.node);
    }
}

void SymbolIndex::define(IdKind kind, const Node* element, std::string scope) {
    const Node* id = element && element->is_mapping() ? element->get("id") : nullptr;
    if (!id || !id->is_scalar() || id->value.empty()) {
        return;
    }
    use(kind, model::Ref{std::string(id->value), id}, std::move(scope));
    m_all.back().definition = true;
    m_all.back().node = element;
}

void SymbolIndex::use(IdKind kind, const model::Ref& r, std::string scope) {
    if (!r.node || r.id.empty()) {
        return;
    }
    auto start = scalar_text_start(*m_tree, *r.node);
    if (!start || r.node->value != r.id) {
        return; // an id written with escapes: not a place an edit can name
    }
    m_all.push_back(Occurrence{kind, std::move(scope), r.id, *start, *start + r.id.size()});
}

void SymbolIndex::add_formula(const model::FormulaText& f, const std::string& stream) {
    if (!f.node || !f.parsed || !*f.parsed) {
        return;
    }
    auto start = scalar_text_start(*m_tree, *f.node);
    if (!start) {
        return;
    }
    formula_ids((*f.parsed)->root, [&](IdKind k, const formula::Node& n) {
        std::size_t b = *start + n.offset + (n.length - n.text.size()); // after the '@'
        Occurrence o{k, k == IdKind::Step ? stream : std::string(), n.text, b, b + n.text.size()};
        o.in_formula = true;
        m_all.push_back(std::move(o));
    });
}

const Occurrence* SymbolIndex::at(std::size_t offset) const {
    auto it = std::upper_bound(m_all.begin(), m_all.end(), offset,
                               [](std::size_t off, const Occurrence& o) { return off < o.begin; });
    if (it == m_all.begin()) {
        return nullptr;
    }
    --it;
    return offset <= it->end ? &*it : nullptr;
}

std::vector<const Occurrence*> SymbolIndex::uses_of(const Occurrence& o) const {
    std::vector<const Occurrence*> out;
    for (const auto& x : m_all) {
        if (x.same_symbol(o)) {
            out.push_back(&x);
        }
    }
    return out;
}

const Occurrence* SymbolIndex::definition_of(const Occurrence& o) const {
    for (const auto& x : m_all) {
        if (x.definition && x.same_symbol(o)) {
            return &x;
        }
    }
    return nullptr;
}

std::vector<const Occurrence*> SymbolIndex::definitions(IdKind kind, std::string_view scope) const {
    std::vector<const Occurrence*> out;
    for (const auto& x : m_all) {
        if (x.definition && x.kind == kind && (kind != IdKind::Step || x.scope == scope)) {
            out.push_back(&x);
        }
    }
    return out;
}

} // namespace charter::lsp
