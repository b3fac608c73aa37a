// Exits that only a simulation shows: every trigger is simulated for every
// party that may invoke it and every possible leaver, on the effective date.
#include "check/scenarios.hpp"

#include <set>

#include "check/context.hpp"
#include "compute/exit.hpp"

namespace charter::check {

std::vector<Diagnostic> check_exit_simulations(const model::Charter& c) {
    std::vector<Diagnostic> out;
    if (!c.exit_triggers || !c.effective || !c.tree) {
        return out;
    }
    Context ctx(c, out);
    auto cases = compute::simulate_all_exits(c, *c.effective, std::nullopt, std::nullopt, true);
    std::set<std::pair<std::string, const Node*>> reported;
    for (const auto& k : cases) {
        const model::Trigger* t = nullptr;
        for (const auto& x : *c.exit_triggers) {
            if (x.id == k.trigger) {
                t = &x;
            }
        }
        if (!t) {
            continue;
        }
        if (!k.result) {
            const auto& err = k.result.error();
            bool buyout = t->buyout_price && err.node == t->buyout_price->node;
            // fair_value is given at simulation time: needing it is fine
            if (buyout && err.message.find("fair_value is needed") == std::string::npos &&
                reported.insert({t->id, err.node}).second) {
                ctx.report(Code::BuyoutFails, err.node, err.message,
                           "make the price computable for every party that can leave, e.g. guard a division with if()");
            }
            continue;
        }
        for (const auto& asset : k.result->ownerless_assets) {
            if (reported.insert({t->id + "/" + asset, t->node}).second) {
                const model::Asset* a = c.asset(asset);
                auto& d = ctx.report(Code::AssetLeftWithoutOwner, Context::child(t->node, "foreground"),
                                     fmt::format("when {} leaves under '{}', foreground asset '{}' is left without an owner", k.leaver,
                                                 t->id, asset),
                                     "give the charter `economics.shares` (the remaining parties take the asset by them), or co-owners for the asset, or `foreground: keep`");
                if (a) {
                    ctx.note(d, fmt::format("'{}' is owned by '{}' alone", asset, k.leaver), a->node);
                }
            }
        }
    }
    return out;
}

} // namespace charter::check
