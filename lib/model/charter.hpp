#pragma once
// The typed charter model: the whole v1 format, every element keeping the
// YAML node it came from (for line, column, span and charter path).
//
// Built leniently by build_charter(): a value the structural check rejected
// is left out (an empty optional, a missing list entry), so later checks and
// computations see only values that are well-formed.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "formula/formula.hpp"
#include "load/yaml_tree.hpp"
#include "num/number.hpp"
#include "util/date.hpp"

namespace charter::model {

using num::Rational;

/// A reference to something by id, with the node that names it.
struct Ref {
    std::string id;
    const Node* node = nullptr;
};

/// One entry of a mapping of parties to ratios.
struct PartyRatio {
    Ref party;
    Rational ratio;
    const Node* node = nullptr; ///< the ratio's node
};

/// A mapping of parties to ratios (shares, joint owners, `to`, `split`, costs).
/// A single party written alone (`to: acme`) is {acme: 100%}.
struct PartyRatios {
    std::vector<PartyRatio> entries;
    bool single = false;  ///< written as one party id
    bool complete = true; ///< false when an entry was malformed
    const Node* node = nullptr;
    Rational sum() const;
    Rational of(std::string_view party) const;
};

/// A formula as written, with its node, parsed once when the model is built:
/// checks, the waterfall and exits all use this one tree.
struct FormulaText {
    using Parsed = Result<formula::Formula>;
    std::string text;
    const Node* node = nullptr;
    std::shared_ptr<const Parsed> parsed; ///< never null in a built model
};

struct Party {
    std::string id;
    std::string name;
    std::optional<std::string> jurisdiction;
    std::optional<std::string> role;
    const Node* node = nullptr;
};

enum class ContributionKind { Cash, Personnel, Ip, Data, Facilities, Equipment, Services };

struct Contribution {
    std::string id;
    Ref party;
    ContributionKind kind = ContributionKind::Cash;
    std::optional<Rational> value; ///< written, or fte * rate * months / 12 rounded once
    std::optional<Rational> fte, rate, months;
    std::optional<Date> date;
    bool recoupable = false;
    std::optional<std::string> valuation;
    const Node* node = nullptr;
};

enum class ForegroundRuleKind { JointEqual, JointProRataContributions, ByCreator, Assign };

struct ForegroundRule {
    ForegroundRuleKind kind = ForegroundRuleKind::JointEqual;
    Ref assign;
    const Node* node = nullptr;
};

enum class AssetClass { Background, Foreground };

struct Filing {
    std::string jurisdiction;
    std::optional<std::string> number;
    std::optional<Date> filed;
};

struct Asset {
    std::string id;
    std::string title;
    AssetClass cls = AssetClass::Background;
    std::string type;
    std::optional<PartyRatios> owner;
    std::optional<Date> created;
    std::optional<std::vector<Ref>> creators;
    std::vector<Filing> filings;
    const Node* node = nullptr;
};

/// How long something lasts after an exit or termination.
struct Survival {
    enum class Kind { None, Duration, Perpetual } kind = Kind::None;
    Duration duration{0, DurationUnit::Days};
    const Node* node = nullptr;
};

struct License {
    std::string id;
    std::vector<Ref> assets;
    Ref from;
    std::vector<Ref> to;
    std::string scope;
    std::string field;
    std::vector<std::string> territory; ///< codes; {"worldwide"} for everywhere
    bool exclusive = false;
    bool sublicensable = false;
    std::optional<Date> starts, ends;
    Survival survives;
    const Node* node = nullptr;
};

struct Ip {
    std::optional<ForegroundRule> foreground_rule;
    std::vector<Asset> assets;
    std::vector<License> licenses;
    const Node* node = nullptr;
};

struct Payment {
    Ref from, to;
    Rational amount;
    const Node* node = nullptr;
};

struct Milestone {
    std::string id;
    std::string title;
    Ref owner;
    std::optional<Date> due;
    std::vector<Ref> depends_on;
    std::optional<Date> achieved;
    std::optional<Payment> payment;
    const Node* node = nullptr;
};

struct Vesting {
    Ref party;
    Rational portion;
    Ref milestone;
    const Node* node = nullptr;
};

struct Tier {
    Rational from;
    Rational rate;
    const Node* node = nullptr;
};

enum class StepKind { Recoup, Royalty, Amount, Split };

/// Where a royalty's bands count from (`cumulative`), and the years of a
/// minimum royalty: no window, the whole run, a calendar or a contract year.
enum class Window { None, Run, CalendarYear, ContractYear };

/// A minimum royalty per year, topped up at the year's last day.
struct Minimum {
    Window per = Window::CalendarYear; ///< CalendarYear or ContractYear
    Rational amount;
    const Node* node = nullptr;
};

/// A step's `active` window (a royalty term): either end may be open.
struct Active {
    std::optional<Date> from;
    std::optional<Ref> after; ///< a milestone: from its achieved date
    std::optional<Date> until;
    const Node* node = nullptr;
};

struct Step {
    std::string id;
    StepKind kind = StepKind::Split;
    // recoup
    bool recoup_all = true;
    std::vector<Ref> recoup_parties;
    bool recoup_sequential = false;
    // royalty
    Window cumulative = Window::None;
    bool whole = false; ///< `basis: whole`
    std::optional<FormulaText> base;
    std::vector<Tier> tiers;
    const Node* tiers_node = nullptr;
    std::optional<Minimum> minimum;
    // amount
    std::optional<FormulaText> amount;
    // split
    bool split_shares = false;
    std::optional<PartyRatios> split;
    // modifiers
    std::optional<PartyRatios> to;
    std::optional<Rational> cap_period, cap_total, floor;
    const Node* cap_node = nullptr;
    const Node* floor_node = nullptr;
    bool carry = false;
    std::optional<Active> active;
    const Node* node = nullptr;
};

struct Stream {
    std::string id;
    std::optional<std::string> title;
    std::vector<Step> waterfall;
    const Node* node = nullptr;
};

struct Economics {
    bool pro_rata_contributions = false;
    std::optional<PartyRatios> shares;
    const Node* shares_node = nullptr;
    std::vector<Vesting> vesting;
    std::optional<Ref> unvested_to; ///< empty: pro-rata
    std::vector<Stream> streams;
    const Node* node = nullptr;
};

struct Committee {
    std::vector<std::pair<Ref, long long>> seats;
    const Node* seats_node = nullptr;
    std::optional<long long> quorum;
    const Node* quorum_node = nullptr;
    std::optional<Ref> casting_vote; ///< empty: none
    const Node* node = nullptr;
};

enum class Approval { Unanimous, Majority, Supermajority };

struct Matter {
    std::string id;
    Approval approval = Approval::Majority;
    std::optional<Rational> threshold;
    const Node* threshold_node = nullptr;
    std::vector<Ref> veto;
    const Node* node = nullptr;
};

struct Governance {
    std::optional<Committee> committee;
    std::vector<Matter> matters;
    std::optional<std::string> decision_log;
    const Node* node = nullptr;
};

enum class CostsRule { ProRataShares, Leaver, Equal, Mapping };

struct WindDown {
    std::optional<Duration> period;
    CostsRule costs = CostsRule::ProRataShares;
    std::optional<PartyRatios> mapping;
    std::optional<Rational> estimate;
    const Node* node = nullptr;
};

enum class ForegroundExit { Assign, LicenseBack, Keep };

struct Trigger {
    std::string id;
    std::string cause;
    bool invoked_by_any = false;
    std::vector<Ref> invoked_by;
    bool leaver_is_invoker = true;
    std::optional<Duration> notice, cure;
    bool unvested_keep = false;
    std::optional<FormulaText> buyout_price;
    ForegroundExit foreground = ForegroundExit::Keep;
    bool from_leaver_survives = true;
    bool to_leaver_survives = true;
    std::optional<WindDown> wind_down;
    const Node* node = nullptr;
};

struct DisputeStep {
    std::string step;
    std::optional<Duration> within;
    std::optional<std::string> rules, seat;
};

struct Disputes {
    std::vector<DisputeStep> ladder;
    std::optional<std::string> law;
};

struct Amount {
    Ref id; ///< a stream (revenue) or a party (expect)
    Rational amount;
    const Node* node = nullptr;
};

struct ScenarioPeriod {
    std::optional<Period> period;
    std::vector<Amount> revenue;
    const Node* node = nullptr;
};

struct Scenario {
    std::string id;
    bool single_period = false;
    std::vector<ScenarioPeriod> periods;
    std::optional<Date> as_of;
    std::vector<Amount> expect;
    const Node* node = nullptr;
};

struct Charter {
    std::shared_ptr<const Tree> tree;
    std::string id;
    std::string title;
    std::string kind;
    std::optional<Date> effective;
    std::optional<Date> term_ends; ///< last day (written or computed from length)
    const Node* term_node = nullptr;
    std::optional<Duration> renewal_length, renewal_notice;
    std::string currency;
    int minor_digits = 2;
    num::Rounding rounding = num::Rounding::HalfEven;
    std::vector<Party> parties;
    std::vector<Contribution> contributions;
    std::optional<Ip> ip;
    std::vector<Milestone> milestones;
    std::optional<Economics> economics;
    std::optional<Governance> governance;
    std::optional<std::vector<Trigger>> exit_triggers; ///< empty optional: no exit section
    std::optional<Survival> confidentiality;
    std::optional<Disputes> disputes;
    std::vector<Scenario> scenarios;
    std::optional<std::string> notes;

    const Party* party(std::string_view id) const;
    const Asset* asset(std::string_view id) const;
    const Milestone* milestone(std::string_view id) const;
    const Stream* stream(std::string_view id) const;
    /// contributed(p): the sum of p's contribution values.
    Rational contributed(std::string_view party) const;
    /// The owners of an asset with their parts: as written, or for a
    /// foreground asset without an owner, as `foreground_rule` decides.
    /// Empty when it cannot be decided.
    std::optional<std::vector<std::pair<std::string, Rational>>>
    owners_of(const Asset& asset) const;
    /// The position of a party in `parties` (the first with that id), if any.
    std::optional<std::size_t> party_index(std::string_view id) const;

    /// The last day to give notice of (non-)renewal: the term's last day
    /// less `renewal.notice`. Empty without both.
    std::optional<Date> renewal_notice_deadline() const;
    /// The last day of the term if renewed once: a renewal runs for its
    /// length from the day after the term's last day, as `term: {length}`
    /// runs from `effective`. Empty without both.
    std::optional<Date> renewed_end() const;
    /// The day confidentiality ends: the term's last day plus `survives`.
    /// Empty when it has no end (perpetual, none) or the term has none.
    std::optional<Date> confidentiality_ends() const;

    /// Lookups by id, filled by build_charter so that a lookup costs log n
    /// rather than a scan (a charter may have 100,000 parties). The first
    /// entry with an id wins, as a scan would find it. Hashes and positions,
    /// not ids: one allocation per list instead of a tree node and a string
    /// per entry, and a copied charter's index stays valid.
    struct Index {
        /// A list entry by the hash of its id: a look-up compares numbers,
        /// and compares text once, with the entry it found.
        struct Key {
            std::uint64_t hash = 0;
            std::size_t pos = 0;
        };
        bool built = false;
        /// Each list's entries, sorted by hash; equal hashes in list order.
        std::vector<Key> parties, assets, milestones, streams;
        /// A party's contributed sum, for each party named by a contribution
        /// with a value: the position of its first such contribution and the
        /// sum, sorted by the party id.
        std::vector<std::pair<std::size_t, Rational>> contributed;
    };
    Index index;
    /// Fills `index` from the lists (build_charter calls it last).
    void build_index();
};

/// Builds the model from a tree that has passed (or partly passed) the
/// structural check. Never fails: malformed values are left out.
Charter build_charter(std::shared_ptr<const Tree> tree);

} // namespace charter::model
