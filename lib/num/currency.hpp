#pragma once
// ISO 4217 currency codes and the number of decimals (minor-unit digits)
// that amounts in each may have.
#include <optional>
#include <span>
#include <string_view>

namespace charter::num {

/// One row of the currency table.
struct CurrencyInfo {
    std::string_view code; ///< alphabetic code, like "USD"
    int minor_digits;      ///< decimals an amount may have (USD 2, JPY 0, BHD 3)
};

/// Minor-unit digits of an active ISO 4217 code, or nullopt for a code that
/// is not in the table (unknown, withdrawn, or without a minor unit: see
/// currency.cpp for which codes are left out and why).
std::optional<int> minor_units(std::string_view code);

/// True for three upper-case ASCII letters: the shape of a currency code, so
/// callers can tell "unknown currency" from "not a currency code".
bool is_currency_code_shape(std::string_view text);

/// The whole table, sorted by code.
std::span<const CurrencyInfo> currency_table();

} // namespace charter::num
