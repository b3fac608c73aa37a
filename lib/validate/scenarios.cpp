// Scenarios: every worked example is computed and compared with `expect`.
#include "validate/computed.hpp"

#include "check/context.hpp"
#include "compute/scenario.hpp"

namespace charter::check {

std::vector<Diagnostic> check_scenarios(const model::Charter& c) {
    std::vector<Diagnostic> out;
    if (!c.tree || !c.tree->root) {
        return out;
    }
    Context ctx(c, out);
    for (const auto& s : c.scenarios) {
        auto periods = compute::scenario_periods(s);
        if (!periods) {
            ctx.report(
                Code::ScenarioFailed, periods.error().node ? periods.error().node : s.node,
                fmt::format("scenario '{}' cannot be computed: {}", s.id, periods.error().message),
                periods.error().help);
            continue;
        }
        auto run = compute::run_waterfall(c, *periods);
        if (!run) {
            auto& d = ctx.report(
                Code::ScenarioFailed, Context::child(s.node, "id"),
                fmt::format("scenario '{}' cannot be computed: {}", s.id, run.error().message),
                run.error().help);
            if (run.error().node) {
                ctx.note(d, "the computation fails here", run.error().node);
            }
            continue;
        }
        for (const auto& r : compute::compare_expectations(s, *run)) {
            if (!r.met()) {
                const auto& x = *r.expect;
                ctx.report(
                    Code::ScenarioMismatch, x.node,
                    fmt::format(
                        "scenario '{}': {} gets {}, but {} is expected (a difference of {})", s.id,
                        x.id.id, num::format_money(r.computed, c.minor_digits),
                        num::format_money(x.amount, c.minor_digits),
                        num::format_money(r.computed - x.amount, c.minor_digits)),
                    fmt::format("see how it is computed: charter splits {} --scenario {} --explain",
                                c.tree->source->name(), s.id));
            }
        }
    }
    return out;
}

} // namespace charter::check
