#pragma once
// Exit simulation: what happens to shares, IP, licenses, milestones and
// costs when a party leaves. Amounts and dates are strings as in splits.hpp.
#include <optional>
#include <string>
#include <vector>

#include "charter/error.hpp"
#include "charter/load.hpp"
#include "charter/splits.hpp"

namespace charter {

struct ExitRequest {
    std::string trigger;
    std::string invoked_by;
    std::string leaver;          ///< needed for a counterparty trigger with 3+ parties
    std::string notice;          ///< date the notice is served ("2028-01-15")
    std::string fair_value;      ///< for buyout formulas that use fair_value; may be empty
    std::string wind_down_costs; ///< may be empty
};

struct AssetOutcome {
    std::string asset;
    std::vector<PartyAmount> before; ///< owners' parts above 0, exact ratios
    std::vector<PartyAmount> after;
    bool changes = false;
    std::optional<std::string> leaver_license; ///< "non-exclusive, perpetual"
};

struct LicenseOutcome {
    std::string license;
    std::string outcome;              ///< continues | terminates | survives | expired
    std::optional<std::string> until; ///< absent: perpetual
};

struct CancelledMilestone {
    std::string milestone;
    std::optional<std::string> payment;
};

struct Buyout {
    std::string price;
    std::vector<PartyAmount> paid_by;
    std::string paid_to;
};

struct WindDown {
    std::string ends;
    std::optional<std::string> costs;
    std::optional<std::vector<PartyAmount>> allocation;
};

struct ExitOutcome {
    std::string trigger;
    std::string invoked_by;
    std::string leaver;
    std::string notice_served;
    std::string effective; ///< after the cure period and the notice period
    std::optional<std::vector<PartyAmount>> shares_before, shares_after;
    std::optional<Buyout> buyout;
    std::vector<AssetOutcome> ip;
    std::vector<LicenseOutcome> licenses;
    std::vector<CancelledMilestone> milestones_cancelled;
    std::optional<WindDown> wind_down;
    std::optional<std::string> confidentiality_until; ///< absent: none, or perpetual
    bool confidentiality_perpetual = false;
    std::vector<std::string> warnings;
    std::vector<std::string> ownerless_assets; ///< foreground assets left without an owner
};

/// Simulates one exit. ErrorKind::Request for an unknown trigger or party, a
/// party not allowed to invoke, a missing or wrong leaver, a date before the
/// charter takes effect; ErrorKind::NeedsInput when the buyout formula needs
/// `fair_value`; ErrorKind::Compute when the price cannot be computed.
Expected<ExitOutcome, Error> simulate_exit(const Charter& charter, const ExitRequest& request);

/// One case of simulate_all_exits.
struct ExitCase {
    std::string trigger, invoked_by, leaver;
    Expected<ExitOutcome, Error> outcome;
};

/// Every trigger, every party allowed to invoke it, every possible leaver.
/// `request.trigger`, `invoked_by` and `leaver` are ignored. ErrorKind::TooMany
/// above kMaxExitCases cases (nothing is simulated then).
inline constexpr std::size_t kMaxExitCases = 10000;
Expected<std::vector<ExitCase>, Error> simulate_all_exits(const Charter& charter,
                                                          const ExitRequest& request);

} // namespace charter
