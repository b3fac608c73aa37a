// IP: owners, licensors, and overlapping exclusive licenses.
#include <algorithm>
#include <cctype>

#include "check/context.hpp"

namespace charter::check {

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& ch : out) {
        ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    }
    return out;
}

bool fields_overlap(const model::License& a, const model::License& b) {
    return lower(a.field) == lower(b.field) || lower(a.field) == "all" || lower(b.field) == "all";
}

bool territories_overlap(const model::License& a, const model::License& b) {
    auto worldwide = [](const model::License& l) {
        return std::find(l.territory.begin(), l.territory.end(), "worldwide") != l.territory.end();
    };
    if (worldwide(a) || worldwide(b)) {
        return true;
    }
    for (const auto& t : a.territory) {
        if (std::find(b.territory.begin(), b.territory.end(), t) != b.territory.end()) {
            return true;
        }
    }
    return false;
}

/// An asset without `owner:` must be decided by the foreground rule.
void check_asset_owner(Context& ctx, const model::Asset& a, const model::ForegroundRule* rule) {
    if (a.owner || !a.node || !a.node->is_mapping() || a.node->get("owner")) {
        return; // owner written (or malformed: reported by the structure check)
    }
    if (a.cls == model::AssetClass::Background) {
        ctx.report_at(Code::BackgroundWithoutOwner, a.node,
                      ctx.where_key(Context::key_of(a.node, "id")),
                      fmt::format("background asset '{}' has no owner", a.id),
                      "add `owner:` with the party that brought it, or joint shares");
    } else if (!rule) {
        ctx.report_at(
            Code::ForegroundWithoutOwner, a.node, ctx.where_key(Context::key_of(a.node, "id")),
            fmt::format("foreground asset '{}' has no owner and the charter has no foreground_rule",
                        a.id),
            "add `owner:` to the asset, or `ip.foreground_rule` to decide all such assets");
    } else if (rule->kind == model::ForegroundRuleKind::ByCreator &&
               (!a.creators || a.creators->empty())) {
        auto& d = ctx.report_at(
            Code::ByCreatorWithoutCreators, a.node, ctx.where_key(Context::key_of(a.node, "id")),
            fmt::format("foreground asset '{}' is owned by its creators, but lists none", a.id),
            "add `creators:` (the parties that made it) or an explicit `owner:`");
        ctx.note(d, "foreground_rule is by-creator here", rule->node);
    }
}

/// The licensor of `l` must own or co-own each asset it licenses (whose owners are known).
void check_licensor(Context& ctx, const model::License& l) {
    const auto& c = ctx.charter;
    for (const auto& ref : l.assets) {
        const model::Asset* a = c.asset(ref.id);
        if (!a) {
            continue;
        }
        auto owners = c.owners_of(*a);
        if (!owners) {
            continue;
        }
        bool owns = std::any_of(owners->begin(), owners->end(), [&](const auto& o) {
            return o.first == l.from.id && o.second > 0;
        });
        if (owns) {
            continue;
        }
        std::vector<std::string_view> names;
        for (const auto& o : *owners) {
            names.push_back(o.first);
        }
        auto& d =
            ctx.report(Code::LicensorNotOwner, l.from.node,
                       fmt::format("license '{}' is granted by '{}', which does not own asset '{}'",
                                   l.id, l.from.id, a->id),
                       fmt::format("'{}' is owned by {}: the licensor must own or co-own it", a->id,
                                   text::join_words(names)));
        ctx.note(d, fmt::format("asset '{}' is defined here", a->id), a->node);
    }
}

/// An asset both licenses cover (the last one `later` lists), or null.
const model::Ref* shared_asset(const model::License& earlier, const model::License& later) {
    const model::Ref* shared = nullptr;
    for (const auto& a : later.assets) {
        for (const auto& b : earlier.assets) {
            if (a.id == b.id && !a.id.empty()) {
                shared = &a;
            }
        }
    }
    return shared;
}

/// Whether the licenses' periods (from `effective` to the term's end unless
/// given) are known and overlap.
bool periods_overlap(const model::Charter& c, const model::License& earlier,
                     const model::License& later) {
    auto s1 = earlier.starts ? earlier.starts : c.effective;
    auto e1 = earlier.ends ? earlier.ends : c.term_ends;
    auto s2 = later.starts ? later.starts : c.effective;
    auto e2 = later.ends ? later.ends : c.term_ends;
    return s1 && e1 && s2 && e2 && *s1 <= *e2 && *s2 <= *e1;
}

/// Two exclusive licenses of one asset must not overlap in field, territory and period.
void check_exclusive_pair(Context& ctx, const model::License& earlier,
                          const model::License& later) {
    const model::Ref* shared = shared_asset(earlier, later);
    if (!shared || !fields_overlap(earlier, later) || !territories_overlap(earlier, later) ||
        !periods_overlap(ctx.charter, earlier, later)) {
        return;
    }
    auto& d = ctx.report(
        Code::ExclusiveOverlap, Context::child(later.node, "exclusive"),
        fmt::format("exclusive license '{}' of '{}' overlaps exclusive license '{}' in "
                    "field, territory and period",
                    later.id, shared->id, earlier.id),
        "narrow the field, territory or period of one of them, or make one non-exclusive");
    ctx.note(d, fmt::format("license '{}' is defined here", earlier.id),
             Context::child(earlier.node, "id"));
}

} // namespace

void check_ip(Context& ctx) {
    const auto& c = ctx.charter;
    if (!c.ip) {
        return;
    }
    const auto& ip = *c.ip;
    const auto* rule = ip.foreground_rule ? &*ip.foreground_rule : nullptr;
    for (const auto& a : ip.assets) {
        check_asset_owner(ctx, a, rule);
    }
    for (const auto& l : ip.licenses) {
        if (!l.from.id.empty() && c.party(l.from.id)) {
            check_licensor(ctx, l);
        }
    }
    for (std::size_t j = 0; j < ip.licenses.size(); ++j) {
        if (!ip.licenses[j].exclusive) {
            continue;
        }
        for (std::size_t i = 0; i < j; ++i) {
            if (ip.licenses[i].exclusive) {
                check_exclusive_pair(ctx, ip.licenses[i], ip.licenses[j]);
            }
        }
    }
}

} // namespace charter::check
