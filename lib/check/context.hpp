#pragma once
// Shared helpers of the semantic checks: lib/check, and the checks that
// compute in lib/validate (computed.hpp).
#include <string>
#include <vector>

#include <fmt/format.h>

#include "diag/diagnostic.hpp"
#include "model/charter.hpp"
#include "util/text.hpp"

namespace charter::check {

class Context {
  public:
    Context(const model::Charter& c, std::vector<Diagnostic>& out) : charter(c), m_out(out) {}

    const model::Charter& charter;

    Location where(const Node* n) const { return n ? charter.tree->where(*n) : Location{}; }
    Location where_key(const Node* n) const { return n ? charter.tree->where_key(*n) : Location{}; }

    Diagnostic& report(Code code, const Node* n, std::string message, std::string help = {}) {
        return report_at(code, n, where(n), std::move(message), std::move(help));
    }
    Diagnostic& report_at(Code code, const Node* n, Location loc, std::string message,
                          std::string help = {}) {
        m_out.push_back(make_diagnostic(code, loc, n ? charter_path(n) : std::string(),
                                        std::move(message), std::move(help)));
        return m_out.back();
    }
    void note(Diagnostic& d, std::string message, const Node* n) {
        d.notes.push_back(Related{std::move(message), where(n)});
    }

    /// The value node of `key` in the mapping `n`, or n itself.
    static const Node* child(const Node* n, std::string_view key) {
        const Node* c = n && n->is_mapping() ? n->get(key) : nullptr;
        return c ? c : n;
    }
    /// The key node of `key` in the mapping `n`, or n itself.
    static const Node* key_of(const Node* n, std::string_view key) {
        const MapEntry* e = n && n->is_mapping() ? n->entry(key) : nullptr;
        return e ? e->key : n;
    }

  private:
    std::vector<Diagnostic>& m_out;
};

void check_references(Context& ctx);
void check_sums(Context& ctx);
void check_dates(Context& ctx);
void check_ip(Context& ctx);
void check_economics(Context& ctx);
void check_formulas(Context& ctx);
void check_governance(Context& ctx);
void check_exit(Context& ctx);

} // namespace charter::check
