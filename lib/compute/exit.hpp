#pragma once
// Exit simulation (charter-exit-sim(1), WHAT IS COMPUTED): what happens to shares,
// IP, licenses, milestones and costs when a party leaves.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compute/waterfall.hpp"
#include "formula/formula.hpp"

namespace charter::compute {

struct ExitInput {
    std::string trigger;
    std::string invoked_by;
    std::optional<std::string> leaver;       ///< --leaver (counterparty triggers with 3+ parties)
    Date notice;                             ///< --on
    std::optional<Rational> fair_value;      ///< --fair-value
    std::optional<Rational> wind_down_costs; ///< --wind-down-costs
};

/// The words of an ExitUsage problem (a problem with the request itself,
/// exit status 2: unknown trigger or party, a party not allowed to invoke, a
/// bad leaver, a date before `effective`). Its message does not name the
/// field: the caller does, in its own words (a flag, a struct member), and
/// this gives "NAME: message", "NAME is needed: message", or the message
/// alone, with NAME = name(p.field).
template <class Name> std::string usage_text(const Problem& p, Name&& name) {
    if (p.field == ExitField::None) {
        return p.message;
    }
    return std::string(name(p.field)) + (p.missing ? " is needed: " : ": ") + p.message;
}

struct AssetOutcome {
    std::string asset;
    std::vector<PartyAmount> before; ///< parts above 0
    std::vector<PartyAmount> after;  ///< parts above 0
    bool changes = false;
    std::optional<std::string> leaver_license; ///< "non-exclusive, perpetual"
    std::string note;                          ///< how the owner was found, for text output
};

struct LicenseOutcome {
    std::string license;
    std::string outcome;       ///< continues | terminates | survives | expired
    std::optional<Date> until; ///< absent: perpetual
};

struct CancelledMilestone {
    std::string milestone;
    std::optional<Rational> payment;
};

struct Buyout {
    Rational price;
    std::vector<PartyAmount> paid_by;
    std::string paid_to;
};

struct WindDownOutcome {
    Date ends;
    std::optional<Rational> costs;
    std::optional<std::vector<PartyAmount>> allocation;
};

struct ExitResult {
    std::string trigger;
    std::string invoked_by;
    std::string leaver;
    Date notice_served;
    Date effective;
    std::optional<std::vector<PartyAmount>> shares_before, shares_after;
    std::optional<Buyout> buyout;
    std::vector<AssetOutcome> ip;
    std::vector<LicenseOutcome> licenses;
    std::vector<CancelledMilestone> milestones_cancelled;
    std::optional<WindDownOutcome> wind_down;
    std::optional<Date> confidentiality_until;
    bool confidentiality_perpetual = false;
    std::vector<std::string> warnings;
    std::vector<std::string>
        ownerless_assets; ///< foreground assets the exit leaves without an owner
    std::vector<std::size_t>
        assets_changing; ///< indices (in ip.assets) of assets whose owners change
};

/// The date an exit takes effect: the notice date, then the cure period, then the notice period.
Date exit_effective(const model::Trigger& t, const Date& notice);

/// A party's part of the shares before an exit (0 for an id that is not a
/// party); nullopt when the charter has no shares.
using ShareOf = std::function<std::optional<Rational>(std::string_view party)>;

/// The buyout price of trigger `t` (which has one) with `leaver` leaving,
/// rounded to minor units; an error when it cannot be computed or is
/// negative. `parsed` is t.buyout_price parsed: a caller pricing many
/// leavers parses it once.
Result<Rational> buyout_price(const model::Charter& c, const model::Trigger& t,
                              const Result<formula::Formula>& parsed, std::string_view leaver,
                              const std::optional<Rational>& fair_value, const ShareOf& share_of);

/// The problem buyout_price gives without a fair value (a NeedsInput one
/// when the price needs it), or nullopt when it gives a price. A price that
/// cannot be negative is not rounded: this is what validate asks for every
/// party that can leave.
std::optional<Problem> buyout_problem(const model::Charter& c, const model::Trigger& t,
                                      const Result<formula::Formula>& parsed,
                                      std::string_view leaver, const ShareOf& share_of);

/// The leaver of a request, checking who may invoke and who may leave (an
/// ExitUsage problem otherwise).
Result<std::string> exit_leaver(const model::Charter& c, const model::Trigger& t,
                                const ExitInput& in);

/// Checks the request, then simulates it: an ExitUsage problem when the
/// request is wrong (checked first), a Compute or NeedsInput one when the
/// charter cannot compute it.
Result<ExitResult> simulate_exit(const model::Charter& c, const ExitInput& in);

/// One case of --all: every trigger, every party allowed to invoke it, and
/// every possible leaver of counterparty triggers with three or more parties.
struct ExitCase {
    std::string trigger, invoked_by, leaver;
    Result<ExitResult> result;
};
/// How many cases simulate_all_exits runs, counted without running them
/// (one per invoker for `leaver: invoker`, one per invoker and other party
/// for `leaver: counterparty`), so that a caller can refuse too many.
std::size_t count_exit_cases(const model::Charter& c);

/// With `summary`, each case holds what the --all table shows (no per-asset,
/// license or milestone lists), which is far cheaper on charters with
/// thousands of assets.
std::vector<ExitCase> simulate_all_exits(const model::Charter& c, const Date& notice,
                                         std::optional<Rational> fair_value,
                                         std::optional<Rational> wind_down_costs,
                                         bool summary = false);

} // namespace charter::compute
