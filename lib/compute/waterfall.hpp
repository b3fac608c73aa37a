#pragma once
// The revenue waterfall (charter-splits(1), THE WATERFALL): exact money through
// each stream's steps, period by period, with vesting-adjusted shares.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/charter.hpp"
#include "num/number.hpp"
#include "util/date.hpp"
#include "util/problem.hpp"

namespace charter::compute {

using num::Rational;

/// One party's part of something, in charter party order.
struct PartyAmount {
    std::string party;
    Rational amount;

    PartyAmount() = default;
    PartyAmount(std::string p, Rational a) : party(std::move(p)), amount(std::move(a)) {}
    PartyAmount(const PartyAmount&) = default;
    PartyAmount& operator=(const PartyAmount&) = default;
    // mpq_class's moves are not noexcept, so vectors of these would copy
    // every GMP value when they grow; a move allocates nothing (GMP 6.2)
    PartyAmount(PartyAmount&&) noexcept = default;
    PartyAmount& operator=(PartyAmount&&) noexcept = default;
};

/// One line of how a claim or the shares were reached, as data: the rule
/// applied and the values it used (report/ words it; see explain_values for
/// what each value is). Built only when a run is asked to explain.
struct Explanation {
    enum class Rule : std::uint8_t {
        BaseBelowZero,  ///< {base}
        Base,           ///< {base, band_from, band_to}; text: the base formula, empty: revenue
        Tier,           ///< {rate, from, width, part}; index: the tier's number
        Amount,         ///< {amount}; text: the formula
        Recoup,         ///< {outstanding}
        ClaimBelowZero, ///< {claim}
        Floor,          ///< {floor, claim}
        Carried,        ///< {carried}
        PeriodCap,      ///< {cap, claim}
        TotalCap,       ///< {cap, paid_so_far, claim}
        Unvested,       ///< {portion, share}; text: the party, detail: the milestone
        UnvestedGoes,   ///< {unvested}; text: the party it goes to, empty: pro rata
        Window,   ///< {earlier_base}; text: calendar-year | contract-year; detail: first/last day
        Whole,    ///< {rate, total, royalty, earlier, trueup}; index: the tier reached;
                  ///< flag: a negative true-up counted as 0
        Minimum,  ///< {minimum, year_royalty, top_up}; text: calendar-year | contract-year;
                  ///< detail: first/last day of the year
        Inactive, ///< {}; text: before-from | before-milestone | milestone-not-achieved |
                  ///< after-until; detail: the date or the milestone
    };
    Rule rule;
    std::vector<Rational> values;
    std::string text;
    std::string detail;
    int index = 0;     ///< Tier: 1-based
    bool flag = false; ///< Base: cumulative over the run; Recoup: sequential
};

/// "base-below-zero", "base", "tier", ...: a rule's stable name.
std::string_view explain_rule_name(Explanation::Rule rule);
/// The names of a rule's values, in order ("floor", "claim").
std::vector<std::string_view> explain_value_names(Explanation::Rule rule);

/// Revenue of one stream in one period.
struct StreamRevenue {
    std::string stream;
    Rational amount;
};

/// One period of a run.
struct PeriodInput {
    std::optional<Period> period; ///< absent: a single unlabelled period
    std::optional<Date> as_of;    ///< absent: every recorded achieved date counts
    std::vector<StreamRevenue> revenue;
};

struct StepResult {
    std::string step;
    Rational claim;                   ///< after floor, carry and caps (exact)
    Rational paid;                    ///< whole minor units
    std::vector<PartyAmount> paid_to; ///< every recipient, zeros included
    Rational unpaid;                  ///< whole minor units
    Rational pool_before, pool_after;
    std::vector<Explanation> explain; ///< how the claim was reached (when asked)
};

struct StreamResult {
    std::string stream;
    Rational revenue;
    std::vector<StepResult> steps;
    std::vector<PartyAmount> by_party; ///< every party
};

struct PeriodResult {
    std::optional<std::string> label;
    std::optional<Date> as_of;
    std::optional<std::vector<PartyAmount>> shares; ///< absent when the charter has no shares
    std::vector<Explanation> shares_explain;        ///< (when asked)
    std::vector<StreamResult> streams;              ///< charter order, streams with an entry only
    std::vector<PartyAmount> by_party;
};

struct RunResult {
    std::vector<PeriodResult> periods;
    Rational revenue;
    std::vector<PartyAmount> by_party;
};

/// Residual shares as of a date (nullopt: every recorded achievement counts).
/// Absent value (no error) when the charter has no shares. The vesting
/// entries of `vested_party` (if given) count as achieved (exit `unvested: keep`).
Result<std::optional<std::vector<PartyAmount>>>
shares_as_of(const model::Charter& c, std::optional<Date> as_of,
             std::vector<Explanation>* explain = nullptr,
             const std::string* vested_party = nullptr);

/// Divides an amount of whole minor units by exact ratios (largest
/// remainder; ties to the earlier entry, so pass ratios in party order).
std::vector<PartyAmount> divide(const model::Charter& c, const Rational& amount,
                                const std::vector<PartyAmount>& ratios);

/// Runs the periods (in the order given: callers sort them) through the
/// waterfall. Checks conservation on every period and stream. With
/// `explain`, each step and each period's shares say how they were reached.
/// A run that cannot be computed is a Compute problem at its charter node.
Result<RunResult> run_waterfall(const model::Charter& c, const std::vector<PeriodInput>& periods,
                                bool explain = false);

/// A Compute problem at a charter node (null: nowhere in particular).
Problem compute_problem(std::string message, std::string help, const Node* node);

} // namespace charter::compute
