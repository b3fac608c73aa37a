// Economics: waterfall shape, keys that only go with some steps, pro-rata
// contributions; and contributions' personnel keys.
#include "check/context.hpp"

namespace charter::check {

namespace {

std::string_view kind_word(model::StepKind k) {
    switch (k) {
    case model::StepKind::Recoup:
        return "recoup";
    case model::StepKind::Royalty:
        return "royalty";
    case model::StepKind::Amount:
        return "amount";
    case model::StepKind::Split:
        return "split";
    }
    return "split";
}

/// "a" or "an" before `word`, by its first letter.
std::string_view article(std::string_view word) {
    return !word.empty() && std::string_view("aeiou").find(word.front()) != std::string_view::npos
               ? "an"
               : "a";
}

/// `fte`, `rate` and `months` go with personnel contributions only.
void check_personnel_keys(Context& ctx, const model::Contribution& k) {
    if (k.kind == model::ContributionKind::Personnel || !k.node || !k.node->is_mapping()) {
        return;
    }
    for (std::string_view key : {"fte", "rate", "months"}) {
        if (const MapEntry* e = k.node->entry(key)) {
            ctx.report(Code::DependentKey, e->key,
                       fmt::format("'{}' is given for contribution '{}' of kind '{}'; it is "
                                   "for personnel only",
                                   key, k.id,
                                   k.node->get("kind") ? k.node->get("kind")->value : ""),
                       "give the contribution's `value` instead, or make it `kind: personnel`");
            break;
        }
    }
}

/// Shares or foreground IP pro-rata to contributions need a contribution with a value.
void check_pro_rata(Context& ctx) {
    const auto& c = ctx.charter;
    bool no_contributions = true;
    for (const auto& k : c.contributions) {
        if (k.value && *k.value > 0) {
            no_contributions = false;
        }
    }
    if (!no_contributions) {
        return;
    }
    if (c.economics && c.economics->pro_rata_contributions) {
        ctx.report(Code::ProRataWithoutContributions, c.economics->shares_node,
                   "shares are pro-rata to contributions, but the charter records no contributions",
                   "add `contributions:` or write the shares out");
    }
    if (c.ip && c.ip->foreground_rule &&
        c.ip->foreground_rule->kind == model::ForegroundRuleKind::JointProRataContributions) {
        ctx.report(Code::ProRataWithoutContributions, c.ip->foreground_rule->node,
                   "foreground IP is owned pro-rata to contributions, but the charter records "
                   "no contributions",
                   "add `contributions:` or choose another foreground_rule");
    }
}

/// Royalty and amount steps need `to:`; the other steps take none of `to`,
/// `cap`, `floor` and `carry`.
void check_step_keys(Context& ctx, const model::Step& st) {
    bool claims = st.kind == model::StepKind::Royalty || st.kind == model::StepKind::Amount;
    if (claims && !st.node->get("to")) {
        ctx.report_at(
            Code::MissingKey, st.node, ctx.where_key(Context::key_of(st.node, "id")),
            fmt::format("{} step '{}' is missing the key 'to'", kind_word(st.kind), st.id),
            "add `to:` with the party (or parties and ratios) that receive it");
    }
    if (st.active && st.active->from && st.active->after) {
        ctx.report(Code::ActiveFromAndAfter, Context::key_of(st.active->node, "after"),
                   fmt::format("step '{}' is active both from {} and after milestone '{}'", st.id,
                               format_date(*st.active->from), st.active->after->id),
                   "give one start: `from` (a date) or `after` (a milestone)");
    }
    if (claims) {
        return;
    }
    if (const MapEntry* e = st.node->entry("active")) {
        ctx.report(
            Code::ActiveOnWrongStep, e->key,
            fmt::format("'active' has no meaning on a {} step ('{}')", kind_word(st.kind), st.id),
            "a royalty term goes with `royalty` and `amount` steps; remove it");
    }
    for (std::string_view key : {"to", "cap", "floor", "carry"}) {
        if (const MapEntry* e = st.node->entry(key)) {
            ctx.report(Code::DependentKey, e->key,
                       fmt::format("'{}' has no meaning on a {} step ('{}')", key,
                                   kind_word(st.kind), st.id),
                       "`to`, `cap`, `floor` and `carry` go with `royalty` and "
                       "`amount` steps");
        }
    }
}

/// A stream's waterfall has steps, and ends with its one split.
void check_waterfall(Context& ctx, const model::Stream& s) {
    if (s.waterfall.empty()) {
        const Node* wf = Context::key_of(s.node, "waterfall");
        ctx.report(Code::StreamWithoutSteps, wf,
                   fmt::format("stream '{}' has no waterfall steps", s.id),
                   "add steps ending with a `split`, or remove the stream");
        return;
    }
    for (std::size_t i = 0; i < s.waterfall.size(); ++i) {
        const auto& st = s.waterfall[i];
        bool last = i + 1 == s.waterfall.size();
        if (st.kind == model::StepKind::Split && !last) {
            ctx.report(
                Code::SplitNotLast, Context::key_of(st.node, "split"),
                fmt::format("split step '{}' is not the last step of stream '{}'", st.id, s.id),
                "a split takes the whole pool: steps after it would never be paid; move it to "
                "the end");
        }
        if (last && st.kind != model::StepKind::Split && st.node && st.node->is_mapping() &&
            (st.node->get("recoup") || st.node->get("royalty") || st.node->get("amount"))) {
            ctx.report(Code::LastStepNotSplit, Context::key_of(st.node, "id"),
                       fmt::format("the last step of stream '{}' is '{}', {} {} step, not a split",
                                   s.id, st.id, article(kind_word(st.kind)), kind_word(st.kind)),
                       "add a final step such as `{id: residual, split: shares}` so no revenue is "
                       "left unallocated");
        }
        if (st.node && st.node->is_mapping()) {
            check_step_keys(ctx, st);
        }
    }
}

} // namespace

void check_economics(Context& ctx) {
    const auto& c = ctx.charter;
    for (const auto& k : c.contributions) {
        check_personnel_keys(ctx, k);
    }
    check_pro_rata(ctx);
    if (c.economics) {
        for (const auto& s : c.economics->streams) {
            check_waterfall(ctx, s);
        }
    }
}

} // namespace charter::check
