#pragma once
// Exact money through a charter's waterfall: who gets what, per period.
//
// Amounts are exact decimal strings with no separators: money paid is in
// whole minor units with exactly the currency's decimals ("67500.00",
// "-4060.15", "1200" in JPY); claims, pools and shares are exact rationals,
// written as a decimal when one of at most 10 places is exact ("0.125") and
// as "a/b" otherwise ("2/3"). Dates are ISO 8601 ("2027-03-31").
#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "charter/error.hpp"
#include "charter/load.hpp"

namespace charter {

/// One party's part of something, in the charter's party order.
struct PartyAmount {
    std::string party;
    std::string amount;
};

/// One line of how a claim or the shares were reached: the rule applied, the
/// values it used, and the same in words.
struct Explanation {
    /// base, base-below-zero, tier, amount, recoup, claim-below-zero, floor,
    /// carried, period-cap, total-cap, unvested, unvested-goes, window, whole,
    /// minimum, inactive
    std::string rule;
    /// the rule's values by name, exact: ("floor", "40000"), ("claim", "12000.5")
    std::vector<std::pair<std::string, std::string>> values;
    std::string subject; ///< the formula, party or milestone the rule is about; may be empty
    std::string detail;  ///< unvested: the milestone waited on; window, minimum: the
                         ///< year's days ("2027-01-01/2027-12-31"); inactive: the date or
                         ///< milestone (subject: before-from, before-milestone,
                         ///< milestone-not-achieved or after-until)
    std::string text;    ///< the line `charter splits --explain` prints
};

/// One waterfall step of one stream in one period.
struct Step {
    std::string id;
    std::string claim;  ///< after floor, carry-forward and caps (exact)
    std::string paid;   ///< whole minor units
    std::string unpaid; ///< whole minor units
    std::string pool_before, pool_after;
    std::vector<PartyAmount> paid_to; ///< every recipient, zeros included
    std::vector<Explanation> explain; ///< how the claim was reached (when asked for)
};

struct StreamSplit {
    std::string stream;
    std::string revenue;
    std::vector<Step> steps;
    std::vector<PartyAmount> by_party; ///< every party
};

struct PeriodSplit {
    std::optional<std::string> label; ///< "2027-Q1"; absent for a single unlabelled period
    std::optional<std::string> as_of; ///< vesting date; absent: every recorded achievement counts
    std::optional<std::vector<PartyAmount>> shares; ///< exact ratios; absent: no shares
    std::vector<Explanation> shares_explain;        ///< unvested parts (when asked for)
    std::vector<StreamSplit> streams;               ///< charter order, streams with revenue only
    std::vector<PartyAmount> by_party;
};

/// A scenario's `expect` entry against what was computed.
struct Expectation {
    std::string party;
    std::string expected;
    std::string computed;
    bool met() const { return expected == computed; }
};

struct Splits {
    std::vector<PeriodSplit> periods; ///< in calendar order
    std::string revenue;              ///< the total
    std::vector<PartyAmount> by_party;
    std::vector<Expectation> expectations; ///< for a scenario run, every `expect` entry
};

/// Revenue of one period. Amounts are decimal strings as a charter writes
/// them ("150000", "150,000.00" is refused); the period label ("2027-Q1",
/// "2027-03", "2027") also sets the vesting date to its last day unless
/// `as_of` ("2027-02-15") is given.
struct RevenuePeriod {
    std::string period; ///< may be empty: one unlabelled period
    std::string as_of;  ///< may be empty
    std::vector<std::pair<std::string, std::string>> revenue; ///< stream, amount
};

/// Runs the periods (put in calendar order) through the waterfall.
/// ErrorKind::Request for an unknown stream, a stream given twice in one
/// period, a malformed amount or period.
/// With `explain`, every step and every period's shares say how they were reached.
Expected<Splits, Error> compute_splits(const Charter& charter,
                                       const std::vector<RevenuePeriod>& periods,
                                       bool explain = false);

/// Computes one of the charter's scenarios, with its expectations compared.
/// `as_of` (single-period scenarios only) replaces the scenario's own date;
/// then `expectations` stays empty. ErrorKind::Request for an unknown id.
Expected<Splits, Error> compute_scenario(const Charter& charter, std::string_view scenario,
                                         std::string_view as_of = {}, bool explain = false);

/// Reads a CSV ledger (RFC 4180, with period, stream and amount columns)
/// row by row and computes it: memory grows with the distinct periods and
/// streams, not with the rows. ErrorKind::Ledger names the row.
Expected<Splits, Error> compute_ledger(const Charter& charter, std::istream& csv,
                                       std::string_view name, bool explain = false);

} // namespace charter
