#pragma once
// The words of the charter format's enumerations, as the model reads them.
//
// Each table names the place in the format where its words are written (a
// path through the structure table: keys, `[]` for a list's items) and
// gives the model value of every word. The structure table
// (schema/table.cpp) decides which words are allowed; the tests hold every
// table here to it, word for word, so a word added to the format cannot be
// silently read as another.
#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

#include "model/charter.hpp"
#include "num/number.hpp"

namespace charter::model::words {

template <class E> struct Word {
    std::string_view word;
    E value;
};

template <class E, std::size_t N> struct Words {
    std::string_view where; ///< path in the format, e.g. "contributions[].kind"
    std::array<Word<E>, N> words;

    /// The value of a word; nothing for a word not in the table.
    constexpr std::optional<E> of(std::string_view w) const {
        for (const auto& x : words) {
            if (x.word == w) {
                return x.value;
            }
        }
        return std::nullopt;
    }
};

template <class E, class... W> constexpr auto table(std::string_view where, W... w) {
    return Words<E, sizeof...(W)>{where, {w...}};
}

inline constexpr auto kRounding =
    table<num::Rounding>("rounding", Word<num::Rounding>{"half-even", num::Rounding::HalfEven},
                         Word<num::Rounding>{"half-up", num::Rounding::HalfUp},
                         Word<num::Rounding>{"down", num::Rounding::Down});

using CK = ContributionKind;
inline constexpr auto kContributionKind = table<CK>(
    "contributions[].kind", Word<CK>{"cash", CK::Cash}, Word<CK>{"personnel", CK::Personnel},
    Word<CK>{"ip", CK::Ip}, Word<CK>{"data", CK::Data}, Word<CK>{"facilities", CK::Facilities},
    Word<CK>{"equipment", CK::Equipment}, Word<CK>{"services", CK::Services});

using FR = ForegroundRuleKind;
inline constexpr auto kForegroundRule =
    table<FR>("ip.foreground_rule", Word<FR>{"joint-equal", FR::JointEqual},
              Word<FR>{"joint-pro-rata-contributions", FR::JointProRataContributions},
              Word<FR>{"by-creator", FR::ByCreator});

inline constexpr auto kAssetClass =
    table<AssetClass>("ip.assets[].class", Word<AssetClass>{"background", AssetClass::Background},
                      Word<AssetClass>{"foreground", AssetClass::Foreground});

/// true: sequential
inline constexpr auto kRecoupOrder =
    table<bool>("economics.streams[].waterfall[].recoup.order", Word<bool>{"pro-rata", false},
                Word<bool>{"sequential", true});

inline constexpr auto kYear = table<Window>("economics.streams[].waterfall[].royalty.minimum.per",
                                            Word<Window>{"calendar-year", Window::CalendarYear},
                                            Word<Window>{"contract-year", Window::ContractYear});

/// `cumulative` is also true or false; its words are the years'
inline constexpr Words<Window, kYear.words.size()> kCumulativeYear{
    "economics.streams[].waterfall[].royalty.cumulative", kYear.words};

/// true: the rate of the band reached applies to the whole amount
inline constexpr auto kRoyaltyBasis =
    table<bool>("economics.streams[].waterfall[].royalty.basis", Word<bool>{"marginal", false},
                Word<bool>{"whole", true});

inline constexpr auto kApproval = table<Approval>(
    "governance.matters[].approval", Word<Approval>{"unanimous", Approval::Unanimous},
    Word<Approval>{"majority", Approval::Majority},
    Word<Approval>{"supermajority", Approval::Supermajority});

/// (a mapping of parties to ratios is CostsRule::Mapping)
inline constexpr auto kCosts = table<CostsRule>(
    "exit.triggers[].wind_down.costs", Word<CostsRule>{"pro-rata-shares", CostsRule::ProRataShares},
    Word<CostsRule>{"leaver", CostsRule::Leaver}, Word<CostsRule>{"equal", CostsRule::Equal});

/// true: the leaver is the party that invokes the trigger
inline constexpr auto kLeaver = table<bool>("exit.triggers[].leaver", Word<bool>{"invoker", true},
                                            Word<bool>{"counterparty", false});

/// true: the leaver keeps its unvested share
inline constexpr auto kUnvested =
    table<bool>("exit.triggers[].unvested", Word<bool>{"forfeit", false}, Word<bool>{"keep", true});

inline constexpr auto kForegroundExit = table<ForegroundExit>(
    "exit.triggers[].foreground", Word<ForegroundExit>{"assign", ForegroundExit::Assign},
    Word<ForegroundExit>{"license-back", ForegroundExit::LicenseBack},
    Word<ForegroundExit>{"keep", ForegroundExit::Keep});

/// true: the licenses survive the exit
inline constexpr auto kFromLeaver =
    table<bool>("exit.triggers[].licenses.from_leaver", Word<bool>{"survive", true},
                Word<bool>{"terminate", false});
inline constexpr auto kToLeaver =
    table<bool>("exit.triggers[].licenses.to_leaver", Word<bool>{"survive", true},
                Word<bool>{"terminate", false});

/// Single words that stand beside another shape of value (a list, a
/// mapping, a duration) in one field.
struct Keyword {
    std::string_view where;
    std::string_view word;
};
inline constexpr Keyword kRecoupAll{"economics.streams[].waterfall[].recoup.parties", "all"};
inline constexpr Keyword kSplitShares{"economics.streams[].waterfall[].split", "shares"};
inline constexpr Keyword kSharesProRata{"economics.shares", "pro-rata-contributions"};
inline constexpr Keyword kNoCastingVote{"governance.committee.casting_vote", "none"};
inline constexpr Keyword kInvokedByAny{"exit.triggers[].invoked_by", "any"};
/// (one reader, Reader::survival, serves both `survives` fields)
inline constexpr Keyword kLicensePerpetual{"ip.licenses[].survives", "perpetual"};
inline constexpr Keyword kConfidentialityPerpetual{"confidentiality.survives", "perpetual"};

} // namespace charter::model::words
