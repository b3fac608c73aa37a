// Sums and ranges: ratio mappings, vesting portions, tiers, caps and floors.
#include <map>

#include "check/context.hpp"

namespace charter::check {

namespace {

std::string percent_of(const num::Rational& r) {
    std::string shown = num::format_percent(r);
    if ((shown == "100%" || shown == "0%") && r != 1 && r != 0) {
        // the rounded display hides the difference: give the exact value too
        return fmt::format("{} (exactly {})", shown, num::format_plain(r * 100) + "%");
    }
    return shown;
}

void sum_to_100(Context& ctx, const std::optional<model::PartyRatios>& pr,
                const std::string& what) {
    if (!pr || pr->single || !pr->complete || pr->entries.empty()) {
        return;
    }
    num::Rational s = pr->sum();
    if (s == 1) {
        return;
    }
    std::string help = "the shares must add up to exactly 100%";
    if (s < 1) {
        help += fmt::format(" ({} is missing)", percent_of(1 - s));
    } else {
        help += fmt::format(" ({} too much)", percent_of(s - 1));
    }
    ctx.report(Code::SumNot100, pr->node,
               fmt::format("{} add up to {}, not 100%", what, percent_of(s)), help);
}

/// No party's vesting portions add up to more than 100% (reported once, where they cross it).
void check_vesting(Context& ctx, const std::vector<model::Vesting>& vesting) {
    std::map<std::string, num::Rational> vested;
    for (const auto& v : vesting) {
        if (v.party.id.empty()) {
            continue;
        }
        num::Rational before = vested[v.party.id];
        num::Rational& total = vested[v.party.id];
        total += v.portion;
        if (before <= 1 && total > 1) {
            ctx.report(Code::VestingOver100, Context::child(v.node, "portion"),
                       fmt::format("vesting portions of '{}' add up to {}, more than 100%",
                                   v.party.id, percent_of(total)),
                       "a party cannot have more than all of its share waiting on milestones");
        }
    }
}

/// Royalty tiers start at 0 and strictly increase.
void check_tiers(Context& ctx, const model::Step& st, const std::string& step) {
    const int digits = ctx.charter.minor_digits;
    if (st.tiers.front().from != 0) {
        ctx.report(Code::BadTiers, Context::child(st.tiers.front().node, "from"),
                   fmt::format("the first royalty tier of {} starts at {}, not 0", step,
                               num::format_money(st.tiers.front().from, digits)),
                   "start the first tier at `from: 0`");
    }
    for (std::size_t i = 1; i < st.tiers.size(); ++i) {
        if (st.tiers[i].from <= st.tiers[i - 1].from) {
            auto& d = ctx.report(
                Code::BadTiers, Context::child(st.tiers[i].node, "from"),
                fmt::format("royalty tier {} of {} starts at {}, not above the tier before "
                            "it ({})",
                            i + 1, step, num::format_money(st.tiers[i].from, digits),
                            num::format_money(st.tiers[i - 1].from, digits)),
                "tiers must strictly increase");
            ctx.note(d, "the tier before starts here",
                     Context::child(st.tiers[i - 1].node, "from"));
        }
    }
}

/// A step's floor is not above its period or total cap.
void check_floor(Context& ctx, const model::Step& st, const std::string& step) {
    const int digits = ctx.charter.minor_digits;
    for (const auto& [cap, name] :
         {std::pair{st.cap_period, "period"}, std::pair{st.cap_total, "total"}}) {
        if (cap && *st.floor > *cap) {
            auto& d = ctx.report(Code::FloorAboveCap, st.floor_node,
                                 fmt::format("the floor of {} ({}) is above its {} cap ({})", step,
                                             num::format_money(*st.floor, digits), name,
                                             num::format_money(*cap, digits)),
                                 "lower the floor or raise the cap");
            ctx.note(d, "the cap is set here", Context::child(st.cap_node, name));
        }
    }
}

/// A step's ratios add up to 100%, its tiers increase, its floor is below its caps.
void check_step(Context& ctx, const model::Stream& s, const model::Step& st) {
    std::string step = fmt::format("step '{}' of stream '{}'", st.id, s.id);
    sum_to_100(ctx, st.to, fmt::format("the 'to' ratios of {}", step));
    sum_to_100(ctx, st.split, fmt::format("the split ratios of {}", step));
    if (st.kind == model::StepKind::Royalty && !st.tiers.empty()) {
        check_tiers(ctx, st, step);
    }
    if (st.floor) {
        check_floor(ctx, st, step);
    }
}

} // namespace

void check_sums(Context& ctx) {
    const auto& c = ctx.charter;
    if (c.ip) {
        for (const auto& a : c.ip->assets) {
            sum_to_100(ctx, a.owner, fmt::format("joint owner shares of '{}'", a.id));
        }
    }
    if (c.economics) {
        const auto& e = *c.economics;
        sum_to_100(ctx, e.shares, "economics shares");
        check_vesting(ctx, e.vesting);
        for (const auto& s : e.streams) {
            for (const auto& st : s.waterfall) {
                check_step(ctx, s, st);
            }
        }
    }
    if (c.exit_triggers) {
        for (const auto& t : *c.exit_triggers) {
            if (t.wind_down) {
                sum_to_100(ctx, t.wind_down->mapping,
                           fmt::format("wind-down cost shares of trigger '{}'", t.id));
            }
        }
    }
}

} // namespace charter::check
