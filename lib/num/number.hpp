#pragma once
// Exact numbers for money and ratios: parsing the charter's number forms,
// rounding to minor units, printing, and dividing amounts by largest
// remainder. Everything is a GMP rational; there is no binary floating point.
//
// Parsers take text that bad input can make anything (1 MB strings, empty
// strings, endless digit runs) and answer with a value or a Problem of kind
// Number, never an exception. Functions over values that callers have
// already checked (rounding, formatting, largest remainder) throw
// std::invalid_argument only when a precondition written on them is broken:
// that is a programming error.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <gmpxx.h>

#include "util/problem.hpp"

namespace charter::num {

using Rational = mpq_class;
using Integer = mpz_class;

/// How an amount is rounded to its minor unit (the charter's `rounding`).
enum class Rounding {
    HalfEven, ///< ties to the even digit (the default)
    HalfUp,   ///< ties away from zero
    Down,     ///< toward zero
};

/// Numbers longer than this are refused before any conversion.
inline constexpr std::size_t kMaxNumberChars = 100;

/// An exact decimal as written, and how many decimals were written.
struct Decimal {
    Rational value;
    int decimals;
};

/// Parses digits with single '_' separators between digits and an optional
/// '.digits' part ("1_500_000", "250000.50", "0.6"). No sign, no exponent;
/// both sides of '.' need a digit. At most kMaxNumberChars characters.
Result<Decimal> parse_decimal(std::string_view text);

/// Whether parse_decimal accepts the text, without making its value (the
/// structure check's question): its problem if not, else nullopt with
/// `decimals` set to how many decimals were written.
std::optional<Problem> decimal_problem(std::string_view text, int& decimals);

/// Parses a money amount: a decimal with at most `minor_digits` decimals
/// ("1.234 has 3 decimals, but USD allows 2"); `currency` names the code in
/// messages. Never negative.
Result<Rational> parse_money(std::string_view text, int minor_digits, std::string_view currency);

/// Like parse_money, but a leading '-' is allowed (ledger rows may be
/// negative; only their totals may not).
Result<Rational> parse_signed_money(std::string_view text, int minor_digits,
                                    std::string_view currency);

/// Parses a ratio in [0, 1]: "60%", "7.5%", "0.6", "2/3", "1", "0". A bare
/// number above 1 is an error whose help suggests the percentage
/// ("60 is above 1" / "write 60%"). Fraction parts are whole numbers.
Result<Rational> parse_ratio(std::string_view text);

/// Whether parse_ratio accepts the text: its problem if not. The common
/// forms are checked without making a GMP value.
std::optional<Problem> ratio_problem(std::string_view text);

/// parse_decimal and parse_ratio for a value that is already there: set
/// into `out`, which keeps its storage. A GMP rational made and then moved
/// costs an allocation per move (mpq_class's move initialises the source),
/// and a model holds hundreds of them. On failure `out` is unspecified.
bool read_decimal(std::string_view text, Rational& out, int& decimals);
bool read_ratio(std::string_view text, Rational& out);

/// 10^digits. digits >= 0.
Integer pow10(int digits);

/// Rounds x to a whole number with the given mode.
Integer round_to_integer(const Rational& x, Rounding mode);

/// Rounds x to `digits` decimals (digits >= 0). Works for negatives:
/// half-up and down are symmetric around zero.
Rational round_to(const Rational& x, int digits, Rounding mode);

/// x * 10^digits rounded: x in whole minor units (digits >= 0).
Integer to_minor_units(const Rational& x, int digits, Rounding mode);

/// units / 10^digits: whole minor units back to an amount (digits >= 0).
Rational from_minor_units(const Integer& units, int digits);

/// Money with exactly `digits` decimals and no separators: "67500.00",
/// "67500" (digits 0), "-4060.15". More precise values are rounded half-even.
std::string format_money(const Rational& x, int digits);

/// An amount for people to read: the whole part of a plain decimal grouped
/// by three with ',' ("1432567.67" -> "1,432,567.67", "-4060.15" ->
/// "-4,060.15", "999" unchanged). The rule is fixed, not the locale's, so
/// the same charter prints the same text everywhere. JSON and CSV keep the
/// plain form; text that is not a plain decimal is returned unchanged.
std::string group_thousands(std::string_view plain);

/// A ratio as a percentage with at most 4 decimals, rounded half-even,
/// trailing zeros and a trailing '.' dropped: "60%", "33.3333%", "0%".
std::string format_percent(const Rational& ratio);

/// An exact rendering for messages: "3", "0.125", "-2.5" for integers and
/// decimals of at most 10 places, otherwise "a/b" ("2/3").
std::string format_plain(const Rational& x);

/// Divides `total` whole minor units among parties by exact ratios (divided
/// by their sum when it is not 1). Each gets floor(total * r_i); the units
/// left over go one each to the largest fractional parts, ties to the lower
/// index. The parts add up to total exactly.
/// Preconditions (std::invalid_argument otherwise): total >= 0, ratios not
/// empty, none negative, their sum above 0.
std::vector<Integer> largest_remainder(const Integer& total, const std::vector<Rational>& ratios);

/// The rounding mode a charter word names: "half-even", "half-up", "down".
std::optional<Rounding> rounding_from_name(std::string_view name);

/// Like rounding_from_name, for words already checked: anything else throws
/// std::invalid_argument.
Rounding parse_rounding(std::string_view name);

/// The charter word for a rounding mode.
std::string_view rounding_name(Rounding mode);

/// Text for a message quoting user input: long input is cut (at a UTF-8
/// character boundary) and marked with "...", so a 1 MB value cannot make a
/// 1 MB message.
std::string quote_for_message(std::string_view text);

} // namespace charter::num
