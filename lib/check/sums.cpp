// Sums and ranges: ratio mappings, vesting portions, tiers, caps and floors.
#include <limits>
#include <map>
#include <numeric>
#include <optional>

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

/// Whether ratios add up to exactly 1, in 64-bit integers when their parts
/// fit (fractions reduced as they go); nullopt when they might not.
std::optional<bool> small_sum_is_one(const std::vector<model::PartyRatio>& entries) {
    long long n = 0;
    long long d = 1;
    for (const auto& e : entries) {
        const auto& en = e.ratio.get_num();
        const auto& ed = e.ratio.get_den();
        if (!en.fits_slong_p() || !ed.fits_slong_p()) {
            return std::nullopt;
        }
        long long a = en.get_si();
        long long b = ed.get_si();
        long long g = std::gcd(d, b);
        long long lcm = 0;
        long long x = 0;
        long long y = 0;
        long long sum = 0;
        if (__builtin_mul_overflow(d / g, b, &lcm) || __builtin_mul_overflow(n, b / g, &x) ||
            __builtin_mul_overflow(a, d / g, &y) || __builtin_add_overflow(x, y, &sum) ||
            sum == std::numeric_limits<long long>::min()) {
            return std::nullopt; // (gcd of the minimum is undefined)
        }
        long long h = std::gcd(sum, lcm);
        n = sum / h;
        d = lcm / h;
    }
    return n == d;
}

/// `what` makes the words for the ratios, only when they are reported.
template <class What>
void sum_to_100(Context& ctx, const std::optional<model::PartyRatios>& pr, What&& what) {
    if (!pr || pr->single || !pr->complete || pr->entries.empty()) {
        return;
    }
    if (small_sum_is_one(pr->entries).value_or(false)) {
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
               fmt::format("{} add up to {}, not 100%", what(), percent_of(s)), help);
}

/// No party's vesting portions add up to more than 100% (reported once, where they cross it).
void check_vesting(Context& ctx, const std::vector<model::Vesting>& vesting) {
    std::map<std::string_view, num::Rational> vested;
    for (const auto& v : vesting) {
        if (v.party.id.empty()) {
            continue;
        }
        num::Rational& total = vested[v.party.id];
        bool within = total <= 1;
        total += v.portion;
        if (within && total > 1) {
            ctx.report(Code::VestingOver100, Context::child(v.node, "portion"),
                       fmt::format("vesting portions of '{}' add up to {}, more than 100%",
                                   v.party.id, percent_of(total)),
                       "a party cannot have more than all of its share waiting on milestones");
        }
    }
}

/// Royalty tiers start at 0 and strictly increase.
/// `step` names the step in messages.
template <class Name> void check_tiers(Context& ctx, const model::Step& st, Name&& step) {
    const int digits = ctx.charter.minor_digits;
    if (st.tiers.front().from != 0) {
        ctx.report(Code::BadTiers, Context::child(st.tiers.front().node, "from"),
                   fmt::format("the first royalty tier of {} starts at {}, not 0", step(),
                               num::format_money(st.tiers.front().from, digits)),
                   "start the first tier at `from: 0`");
    }
    for (std::size_t i = 1; i < st.tiers.size(); ++i) {
        if (st.tiers[i].from <= st.tiers[i - 1].from) {
            auto& d = ctx.report(
                Code::BadTiers, Context::child(st.tiers[i].node, "from"),
                fmt::format("royalty tier {} of {} starts at {}, not above the tier before "
                            "it ({})",
                            i + 1, step(), num::format_money(st.tiers[i].from, digits),
                            num::format_money(st.tiers[i - 1].from, digits)),
                "tiers must strictly increase");
            ctx.note(d, "the tier before starts here",
                     Context::child(st.tiers[i - 1].node, "from"));
        }
    }
}

/// A step's floor is not above its period or total cap.
/// `step` names the step in messages.
template <class Name> void check_floor(Context& ctx, const model::Step& st, Name&& step) {
    const int digits = ctx.charter.minor_digits;
    for (const auto& [cap, name] :
         {std::pair{st.cap_period, "period"}, std::pair{st.cap_total, "total"}}) {
        if (cap && *st.floor > *cap) {
            auto& d = ctx.report(Code::FloorAboveCap, st.floor_node,
                                 fmt::format("the floor of {} ({}) is above its {} cap ({})",
                                             step(), num::format_money(*st.floor, digits), name,
                                             num::format_money(*cap, digits)),
                                 "lower the floor or raise the cap");
            ctx.note(d, "the cap is set here", Context::child(st.cap_node, name));
        }
    }
}

/// A step's ratios add up to 100%, its tiers increase, its floor is below its caps.
void check_step(Context& ctx, const model::Stream& s, const model::Step& st) {
    auto step = [&] { return fmt::format("step '{}' of stream '{}'", st.id, s.id); };
    sum_to_100(ctx, st.to, [&] { return fmt::format("the 'to' ratios of {}", step()); });
    sum_to_100(ctx, st.split, [&] { return fmt::format("the split ratios of {}", step()); });
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
            sum_to_100(ctx, a.owner,
                       [&] { return fmt::format("joint owner shares of '{}'", a.id); });
        }
    }
    if (c.economics) {
        const auto& e = *c.economics;
        sum_to_100(ctx, e.shares, [] { return std::string("economics shares"); });
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
                sum_to_100(ctx, t.wind_down->mapping, [&] {
                    return fmt::format("wind-down cost shares of trigger '{}'", t.id);
                });
            }
        }
    }
}

} // namespace charter::check
