// Governance: quorum, thresholds, deadlocks; and exit triggers.
#include <algorithm>

#include "check/context.hpp"

namespace charter::check {

void check_governance(Context& ctx) {
    const auto& c = ctx.charter;
    if (!c.governance) {
        return;
    }
    const auto& g = *c.governance;
    long long total = 0;
    if (g.committee) {
        for (const auto& [p, n] : g.committee->seats) {
            total += n;
        }
        const auto& q = g.committee->quorum;
        if (q && (*q < 1 || *q > total)) {
            ctx.report(Code::QuorumOutOfRange, g.committee->quorum_node,
                       *q < 1
                           ? fmt::format("quorum is {}; at least 1 member must be present", *q)
                           : fmt::format("quorum is {}, above the committee's {} seats", *q, total),
                       fmt::format("choose a quorum between 1 and {}", total));
        }
    }
    const model::Matter* majority = nullptr;
    for (const auto& m : g.matters) {
        const Node* approval = Context::child(m.node, "approval");
        if (m.approval == model::Approval::Supermajority) {
            if (!m.threshold_node) {
                ctx.report_at(
                    Code::DependentKey, m.node, ctx.where(approval),
                    fmt::format("matter '{}' needs a supermajority but gives no threshold", m.id),
                    "add `threshold:` such as 2/3");
            } else if (m.threshold && (*m.threshold <= num::Rational(1, 2) || *m.threshold > 1)) {
                ctx.report(Code::ThresholdOutOfRange, m.threshold_node,
                           fmt::format("threshold of '{}' is {}; a supermajority is more than 50% "
                                       "and at most 100%",
                                       m.id, num::format_percent(*m.threshold)),
                           "choose a threshold above 1/2, such as 2/3 or 75%");
            }
        } else if (m.threshold_node) {
            ctx.report(
                Code::DependentKey, Context::key_of(m.node, "threshold"),
                fmt::format("matter '{}' has a threshold, but its approval is not supermajority",
                            m.id),
                "remove `threshold`, or set `approval: supermajority`");
        }
        if (m.approval == model::Approval::Majority && !majority) {
            majority = &m;
        }
    }
    if (g.committee && majority && total > 0 && total % 2 == 0 && !g.committee->casting_vote) {
        auto& d = ctx.report(Code::DeadlockPossible, g.committee->seats_node,
                             fmt::format("deadlock possible: the committee has {} seats, majority "
                                         "matters can tie, and no party has a casting vote",
                                         total),
                             "give a party `casting_vote:`, or make the number of seats odd");
        ctx.note(d, fmt::format("matter '{}' is decided by majority", majority->id),
                 Context::child(majority->node, "approval"));
    }
}

void check_exit(Context& ctx) {
    const auto& c = ctx.charter;
    if (c.exit_triggers) {
        for (const auto& t : *c.exit_triggers) {
            if (t.invoked_by_any || t.invoked_by.empty()) {
                continue;
            }
            bool any_known =
                std::any_of(t.invoked_by.begin(), t.invoked_by.end(),
                            [&](const model::Ref& r) { return c.party(r.id) != nullptr; });
            if (!any_known) {
                ctx.report(
                    Code::TriggerNotInvocable, Context::child(t.node, "invoked_by"),
                    fmt::format("no party of the charter can invoke exit trigger '{}'", t.id),
                    "list in `invoked_by` the parties that may invoke it, or write `any`");
            }
        }
    }
    if (!c.exit_triggers || c.exit_triggers->empty()) {
        const Node* exit =
            c.tree->root->is_mapping()
                ? c.tree->root->entry("exit") ? c.tree->root->entry("exit")->key : nullptr
                : nullptr;
        ctx.report_at(Code::NoExitTrigger, exit, exit ? ctx.where(exit) : Location{},
                      "the charter has no exit trigger: no party can leave under its terms",
                      "add `exit.triggers`, for example termination for convenience with notice");
    }
}

} // namespace charter::check
