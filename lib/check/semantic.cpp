#include "check/semantic.hpp"

#include "check/context.hpp"

namespace charter::check {

std::vector<Diagnostic> check_semantics(const model::Charter& charter) {
    std::vector<Diagnostic> out;
    if (!charter.tree || !charter.tree->root || !charter.tree->root->is_mapping()) {
        return out;
    }
    Context ctx(charter, out);
    check_references(ctx);
    check_sums(ctx);
    check_dates(ctx);
    check_ip(ctx);
    check_economics(ctx);
    check_formulas(ctx);
    check_governance(ctx);
    check_exit(ctx);
    return out;
}

} // namespace charter::check
