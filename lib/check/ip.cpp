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

} // namespace

void check_ip(Context& ctx) {
    const auto& c = ctx.charter;
    if (!c.ip) {
        return;
    }
    const auto& ip = *c.ip;
    const auto* rule = ip.foreground_rule ? &*ip.foreground_rule : nullptr;

    for (const auto& a : ip.assets) {
        if (a.owner || !a.node || !a.node->is_mapping() || a.node->get("owner")) {
            continue; // owner written (or malformed: reported by the structure check)
        }
        if (a.cls == model::AssetClass::Background) {
            ctx.report_at(Code::BackgroundWithoutOwner, a.node,
                          ctx.where_key(Context::key_of(a.node, "id")),
                          fmt::format("background asset '{}' has no owner", a.id),
                          "add `owner:` with the party that brought it, or joint shares");
        } else if (!rule) {
            ctx.report_at(
                Code::ForegroundWithoutOwner, a.node, ctx.where_key(Context::key_of(a.node, "id")),
                fmt::format(
                    "foreground asset '{}' has no owner and the charter has no foreground_rule",
                    a.id),
                "add `owner:` to the asset, or `ip.foreground_rule` to decide all such assets");
        } else if (rule->kind == model::ForegroundRuleKind::ByCreator &&
                   (!a.creators || a.creators->empty())) {
            auto& d = ctx.report_at(
                Code::ByCreatorWithoutCreators, a.node,
                ctx.where_key(Context::key_of(a.node, "id")),
                fmt::format("foreground asset '{}' is owned by its creators, but lists none", a.id),
                "add `creators:` (the parties that made it) or an explicit `owner:`");
            ctx.note(d, "foreground_rule is by-creator here", rule->node);
        }
    }

    for (const auto& l : ip.licenses) {
        if (l.from.id.empty() || !c.party(l.from.id)) {
            continue;
        }
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
            if (!owns) {
                std::vector<std::string_view> names;
                for (const auto& o : *owners) {
                    names.push_back(o.first);
                }
                auto& d = ctx.report(
                    Code::LicensorNotOwner, l.from.node,
                    fmt::format("license '{}' is granted by '{}', which does not own asset '{}'",
                                l.id, l.from.id, a->id),
                    fmt::format("'{}' is owned by {}: the licensor must own or co-own it", a->id,
                                text::join_words(names)));
                ctx.note(d, fmt::format("asset '{}' is defined here", a->id), a->node);
            }
        }
    }

    // two exclusive licenses of one asset that overlap in field, territory and period
    for (std::size_t j = 0; j < ip.licenses.size(); ++j) {
        const auto& later = ip.licenses[j];
        if (!later.exclusive) {
            continue;
        }
        for (std::size_t i = 0; i < j; ++i) {
            const auto& earlier = ip.licenses[i];
            if (!earlier.exclusive) {
                continue;
            }
            const model::Ref* shared = nullptr;
            for (const auto& a : later.assets) {
                for (const auto& b : earlier.assets) {
                    if (a.id == b.id && !a.id.empty()) {
                        shared = &a;
                    }
                }
            }
            if (!shared || !fields_overlap(earlier, later) ||
                !territories_overlap(earlier, later)) {
                continue;
            }
            auto s1 = earlier.starts ? earlier.starts : c.effective;
            auto e1 = earlier.ends ? earlier.ends : c.term_ends;
            auto s2 = later.starts ? later.starts : c.effective;
            auto e2 = later.ends ? later.ends : c.term_ends;
            if (!s1 || !e1 || !s2 || !e2 || *s1 > *e2 || *s2 > *e1) {
                continue;
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
    }
}

} // namespace charter::check
