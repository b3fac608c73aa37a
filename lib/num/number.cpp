#include "num/number.hpp"

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <stdexcept>
#include <utility>

namespace charter::num {

namespace {

constexpr std::size_t kQuoteMaxBytes = 40;

constexpr std::string_view kDecimalHelp =
    "write digits with an optional decimal point and '_' between digit groups, like "
    "1_500_000 or 250000.50";
constexpr std::string_view kRatioHelp =
    "write a percentage (60%, 7.5%), a decimal from 0 to 1 (0.6) or a fraction (2/3)";
constexpr std::string_view kRatioRangeHelp =
    "a ratio is from 0 to 1, or as a percentage from 0% to 100%";

/// What a parser is reading, for its messages.
struct Context {
    std::string_view what;          // "a number", "an amount", "a ratio"
    std::string_view help;          // how to write one
    std::string_view negative_help; // what to say about a '-'
};

constexpr Context kNumberContext{"a number", kDecimalHelp, "write the number without a sign"};
constexpr Context kMoneyContext{"an amount", kDecimalHelp, "amounts are never negative"};
constexpr Context kRatioContext{"a ratio", kRatioHelp, kRatioRangeHelp};

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

enum class ScanFail {
    None,
    Empty,
    Sign,
    Exponent,
    Comma,
    Underscore,
    NoIntDigit,
    NoFracDigit,
    Other
};

/// Reads digit ('_'? digit)* starting at a digit at t[i]; appends the digits.
ScanFail scan_group(std::string_view t, std::size_t& i, std::string& digits) {
    while (i < t.size()) {
        char c = t[i];
        if (is_digit(c)) {
            digits.push_back(c);
            ++i;
        } else if (c == '_') {
            // The character before is always a digit here: one must follow.
            if (i + 1 < t.size() && is_digit(t[i + 1])) {
                ++i;
            } else {
                return ScanFail::Underscore;
            }
        } else {
            break;
        }
    }
    return ScanFail::None;
}

/// Reads a whole decimal; on success, `digits` holds all digits without
/// separators and `decimals` how many of them follow the '.'.
ScanFail scan_plain(std::string_view t, std::string& digits, int& decimals) {
    digits.clear();
    decimals = 0;
    if (t.empty()) {
        return ScanFail::Empty;
    }
    if (!is_digit(t[0])) {
        return ScanFail::Other;
    }
    std::size_t i = 0;
    if (ScanFail f = scan_group(t, i, digits); f != ScanFail::None) {
        return f;
    }
    if (i < t.size() && t[i] == '.') {
        ++i;
        if (i >= t.size()) {
            return ScanFail::NoFracDigit;
        }
        if (t[i] == '_') {
            return ScanFail::Underscore;
        }
        if (!is_digit(t[i])) {
            return ScanFail::Other;
        }
        std::size_t before = digits.size();
        if (ScanFail f = scan_group(t, i, digits); f != ScanFail::None) {
            return f;
        }
        decimals = static_cast<int>(digits.size() - before);
    }
    return i == t.size() ? ScanFail::None : ScanFail::Other;
}

bool all_of_chars(std::string_view t, std::string_view allowed) {
    return std::all_of(t.begin(), t.end(),
                       [&](char c) { return allowed.find(c) != std::string_view::npos; });
}

bool has_digit(std::string_view t) {
    return std::any_of(t.begin(), t.end(), is_digit);
}

/// Why a text that scan_plain refused is not a decimal, as precisely as can
/// be told cheaply. Only called on short texts.
ScanFail classify(std::string_view t) {
    std::string digits;
    int decimals = 0;
    ScanFail plain = scan_plain(t, digits, decimals);
    if (plain == ScanFail::None || plain == ScanFail::Empty) {
        return plain;
    }
    if ((t[0] == '-' || t[0] == '+') &&
        scan_plain(t.substr(1), digits, decimals) == ScanFail::None) {
        return ScanFail::Sign;
    }
    std::size_t e = t.find_first_of("eE");
    if (e != std::string_view::npos) {
        std::string_view mantissa = t.substr(0, e);
        std::string_view exponent = t.substr(e + 1);
        if (!exponent.empty() && (exponent[0] == '-' || exponent[0] == '+')) {
            exponent.remove_prefix(1);
        }
        if (has_digit(mantissa) && all_of_chars(mantissa, "0123456789._") && !exponent.empty() &&
            all_of_chars(exponent, "0123456789")) {
            return ScanFail::Exponent;
        }
    }
    if (t.find(',') != std::string_view::npos && has_digit(t) && all_of_chars(t, "0123456789,._")) {
        return ScanFail::Comma;
    }
    if (t[0] == '_' && has_digit(t) && all_of_chars(t, "0123456789._")) {
        return ScanFail::Underscore;
    }
    if (t[0] == '.' && t.size() > 1 &&
        scan_plain(t.substr(1), digits, decimals) == ScanFail::None && decimals == 0) {
        return ScanFail::NoIntDigit;
    }
    return plain;
}

/// The message for a malformed text. `shown` is what the user wrote (a
/// ratio's '%' included); `body` is the part that failed to scan.
Problem malformed(std::string_view shown, std::string_view body, const Context& ctx) {
    std::string q = quote_for_message(shown);
    switch (classify(body)) {
    case ScanFail::Empty:
        if (shown.empty()) {
            return {ProblemKind::Number,
                    "expected " + std::string(ctx.what) + ", found an empty value",
                    std::string(ctx.help)};
        }
        break;
    case ScanFail::Sign:
        if (body[0] == '-') {
            return {ProblemKind::Number, q + " is negative", std::string(ctx.negative_help)};
        }
        return {ProblemKind::Number, q + " has a '+' sign", "write it without the '+'"};
    case ScanFail::Exponent:
        return {ProblemKind::Number, q + " has an exponent",
                "write the digits out, like 1_000_000 for 1e6"};
    case ScanFail::Comma:
        return {ProblemKind::Number, q + " uses ','",
                "separate digit groups with '_' (1_000_000) and decimals with '.' (0.5)"};
    case ScanFail::Underscore:
        return {ProblemKind::Number, q + " has a misplaced '_'",
                "'_' goes between two digits, like 1_500_000"};
    case ScanFail::NoIntDigit:
        return {ProblemKind::Number, q + " has no digit before '.'",
                "write a 0 before the '.', like 0.5"};
    case ScanFail::NoFracDigit:
        return {ProblemKind::Number, q + " has no digit after '.'",
                "write digits after the '.', or leave it out"};
    case ScanFail::None:
    case ScanFail::Other:
        break;
    }
    return {ProblemKind::Number, q + " is not " + std::string(ctx.what), std::string(ctx.help)};
}

Problem too_long(std::string_view text, const Context& ctx) {
    return {ProblemKind::Number,
            quote_for_message(text) + " is too long for " + std::string(ctx.what) + " (" +
                std::to_string(text.size()) + " characters)",
            "write at most " + std::to_string(kMaxNumberChars) + " characters"};
}

Integer integer_from_digits(const std::string& digits) {
    Integer z;
    // digits is non-empty and holds only '0'..'9': this cannot fail.
    mpz_set_str(z.get_mpz_t(), digits.c_str(), 10);
    return z;
}

/// digits / 10^scale as machine words, not yet in lowest terms: at most 19
/// digits and a scale of at most 19.
std::pair<std::uint64_t, std::uint64_t> words_of(const std::string& digits, int scale) {
    std::uint64_t num = 0;
    for (char c : digits) {
        num = num * 10 + static_cast<std::uint64_t>(c - '0');
    }
    std::uint64_t den = 1;
    for (int k = 0; k < scale; ++k) {
        den *= 10;
    }
    return {num, den};
}

/// Sets `value` to num / den in lowest terms (den > 0).
void set_words(Rational& value, std::uint64_t num, std::uint64_t den) {
    static_assert(sizeof(unsigned long) >= sizeof(std::uint64_t));
    std::uint64_t g = std::gcd(num, den);
    mpz_set_ui(value.get_num_mpz_t(), static_cast<unsigned long>(num / g));
    mpz_set_ui(value.get_den_mpz_t(), static_cast<unsigned long>(den / g));
}

/// num / den in lowest terms (den > 0).
Rational from_words(std::uint64_t num, std::uint64_t den) {
    Rational value;
    set_words(value, num, den);
    return value;
}

/// digits / 10^decimals in lowest terms. Up to 19 digits the value is made
/// from machine words (one gcd, no parsing by GMP): the same value as the
/// general path, which most amounts and ratios in a charter never need.
Rational exact_decimal(const std::string& digits, int decimals) {
    if (digits.size() <= 19) {
        auto [num, den] = words_of(digits, decimals);
        return from_words(num, den);
    }
    Rational value(integer_from_digits(digits), pow10(decimals));
    value.canonicalize();
    return value;
}

/// Scans a decimal into its digits and decimals, or says why it is not one.
std::optional<Problem> scan_decimal(std::string_view shown, std::string_view body,
                                    const Context& ctx, std::string& digits, int& decimals) {
    if (shown.size() > kMaxNumberChars) {
        return too_long(shown, ctx);
    }
    if (scan_plain(body, digits, decimals) != ScanFail::None) {
        // a minus sign on zero is zero, not a negative amount, as in a ledger
        bool minus_zero = body.size() > 1 && body[0] == '-' &&
                          scan_plain(body.substr(1), digits, decimals) == ScanFail::None &&
                          digits.find_first_not_of('0') == std::string::npos;
        if (!minus_zero) {
            return malformed(shown, body, ctx);
        }
    }
    return std::nullopt;
}

Result<Decimal> decimal_in(std::string_view shown, std::string_view body, const Context& ctx) {
    std::string digits;
    int decimals = 0;
    if (auto problem = scan_decimal(shown, body, ctx, digits, decimals)) {
        return unexpected(std::move(*problem));
    }
    return Decimal{exact_decimal(digits, decimals), decimals};
}

/// A whole number of at most 19 digits, or a decimal whose 10^decimals fits
/// as well, as machine words: digits / 10^decimals, not yet in lowest terms.
std::optional<std::pair<std::uint64_t, std::uint64_t>> small_decimal(std::string_view text,
                                                                     int extra_decimals) {
    std::string digits;
    int decimals = 0;
    if (scan_plain(text, digits, decimals) != ScanFail::None || digits.size() > 19 ||
        decimals + extra_decimals > 19) {
        return std::nullopt;
    }
    return words_of(digits, decimals + extra_decimals);
}

/// A valid ratio in one of its common forms (a percentage, a decimal or a
/// fraction of whole numbers, each of at most 19 digits) as numerator and
/// denominator, read without GMP. Anything else, valid or not, is nullopt:
/// the general path reads it and words its problem.
std::optional<std::pair<std::uint64_t, std::uint64_t>> small_ratio(std::string_view text) {
    if (text.empty() || text.size() > kMaxNumberChars) {
        return std::nullopt;
    }
    std::optional<std::pair<std::uint64_t, std::uint64_t>> r;
    if (text.back() == '%') {
        r = small_decimal(text.substr(0, text.size() - 1), 2);
    } else if (std::size_t slash = text.find('/'); slash != std::string_view::npos) {
        auto top = small_decimal(text.substr(0, slash), 0);
        auto bottom = small_decimal(text.substr(slash + 1), 0);
        if (top && bottom && top->second == 1 && bottom->second == 1 && bottom->first != 0) {
            r = std::pair{top->first, bottom->first};
        }
    } else {
        r = small_decimal(text, 0);
    }
    if (!r || r->first > r->second) {
        return std::nullopt;
    }
    return r;
}

Result<Rational> money_in(std::string_view text, int minor_digits, std::string_view currency,
                          bool allow_negative) {
    bool negative = allow_negative && !text.empty() && text[0] == '-';
    std::string_view body = negative ? text.substr(1) : text;
    auto d = decimal_in(text, body, kMoneyContext);
    if (!d) {
        return unexpected(d.error());
    }
    if (d->decimals > minor_digits) {
        std::string allows = minor_digits <= 0 ? "none" : std::to_string(minor_digits);
        std::string help = minor_digits <= 0 ? std::string(currency) + " amounts are whole numbers"
                                             : std::string(currency) + " amounts have at most " +
                                                   std::to_string(minor_digits) + " decimals";
        return unexpected(Problem{ProblemKind::Number,
                                  quote_for_message(text) + " has " + std::to_string(d->decimals) +
                                      (d->decimals == 1 ? " decimal" : " decimals") + ", but " +
                                      std::string(currency) + " allows " + allows,
                                  help});
    }
    if (negative) {
        return Rational(-d->value);
    }
    return d->value;
}

void require_digits(int digits) {
    if (digits < 0) {
        throw std::invalid_argument("charter::num: negative number of decimals");
    }
}

} // namespace

Result<Decimal> parse_decimal(std::string_view text) {
    return decimal_in(text, text, kNumberContext);
}

Result<Rational> parse_money(std::string_view text, int minor_digits, std::string_view currency) {
    return money_in(text, minor_digits, currency, false);
}

Result<Rational> parse_signed_money(std::string_view text, int minor_digits,
                                    std::string_view currency) {
    return money_in(text, minor_digits, currency, true);
}

std::optional<Problem> decimal_problem(std::string_view text, int& decimals) {
    std::string digits;
    return scan_decimal(text, text, kNumberContext, digits, decimals);
}

std::optional<Problem> ratio_problem(std::string_view text) {
    if (small_ratio(text)) {
        return std::nullopt;
    }
    auto r = parse_ratio(text);
    return r ? std::nullopt : std::optional<Problem>(std::move(r.error()));
}

bool read_decimal(std::string_view text, Rational& out, int& decimals) {
    std::string digits;
    decimals = 0;
    if (scan_decimal(text, text, kNumberContext, digits, decimals)) {
        return false;
    }
    if (digits.size() <= 19) {
        auto [num, den] = words_of(digits, decimals);
        set_words(out, num, den);
    } else {
        out = exact_decimal(digits, decimals);
    }
    return true;
}

bool read_ratio(std::string_view text, Rational& out) {
    if (auto small = small_ratio(text)) {
        set_words(out, small->first, small->second);
        return true;
    }
    auto r = parse_ratio(text);
    if (!r) {
        return false;
    }
    out = std::move(*r);
    return true;
}

Result<Rational> parse_ratio(std::string_view text) {
    if (auto small = small_ratio(text)) {
        return from_words(small->first, small->second);
    }
    if (text.size() > kMaxNumberChars) {
        return unexpected(too_long(text, kRatioContext));
    }
    // the quoted text only for a message: a valid ratio never needs it
    auto q = [text] { return quote_for_message(text); };

    if (!text.empty() && text.back() == '%') {
        auto d = decimal_in(text, text.substr(0, text.size() - 1), kRatioContext);
        if (!d) {
            return unexpected(d.error());
        }
        if (d->value > 100) {
            return unexpected(
                Problem{ProblemKind::Number, q() + " is above 100%", "a ratio is at most 100%"});
        }
        return Rational(d->value / 100);
    }

    if (std::size_t slash = text.find('/'); slash != std::string_view::npos) {
        std::string_view top = text.substr(0, slash);
        std::string_view bottom = text.substr(slash + 1);
        if (top.empty() || bottom.empty() || bottom.find('/') != std::string_view::npos) {
            return unexpected(
                Problem{ProblemKind::Number, q() + " is not a ratio", std::string(kRatioHelp)});
        }
        auto n = decimal_in(text, top, kRatioContext);
        if (!n) {
            return unexpected(n.error());
        }
        auto d = decimal_in(text, bottom, kRatioContext);
        if (!d) {
            return unexpected(d.error());
        }
        if (top.find('.') != std::string_view::npos || bottom.find('.') != std::string_view::npos) {
            return unexpected(Problem{ProblemKind::Number,
                                      q() + " has a decimal point in a fraction",
                                      "a fraction is a whole number over a whole number, like "
                                      "2/3; or write a percentage"});
        }
        if (d->value == 0) {
            return unexpected(Problem{ProblemKind::Number, q() + " divides by zero",
                                      "a fraction's denominator is above 0, like 2/3"});
        }
        Rational r(n->value / d->value);
        if (r > 1) {
            return unexpected(
                Problem{ProblemKind::Number, q() + " is above 1", std::string(kRatioRangeHelp)});
        }
        return r;
    }

    auto d = decimal_in(text, text, kRatioContext);
    if (!d) {
        return unexpected(d.error());
    }
    if (d->value > 1) {
        std::string help =
            d->value <= 100 ? "write " + std::string(text) + "%" : std::string(kRatioRangeHelp);
        return unexpected(Problem{ProblemKind::Number, q() + " is above 1", help});
    }
    return d->value;
}

Integer pow10(int digits) {
    require_digits(digits);
    Integer p;
    mpz_ui_pow_ui(p.get_mpz_t(), 10, static_cast<unsigned long>(digits));
    return p;
}

Integer round_to_integer(const Rational& x, Rounding mode) {
    const Integer& num = x.get_num();
    const Integer& den = x.get_den(); // always positive
    Integer q;
    Integer r;
    // Truncating division: q toward zero, r has the sign of num.
    mpz_tdiv_qr(q.get_mpz_t(), r.get_mpz_t(), num.get_mpz_t(), den.get_mpz_t());
    if (r == 0 || mode == Rounding::Down) {
        return q;
    }
    const int away = sgn(num); // the direction that increases |q|
    Integer twice = abs(r) * 2;
    int cmp_half = cmp(twice, den);
    bool bump = false;
    if (cmp_half > 0) {
        bump = true;
    } else if (cmp_half == 0) {
        bump = mode == Rounding::HalfUp || mpz_odd_p(q.get_mpz_t()) != 0;
    }
    if (bump) {
        q += away;
    }
    return q;
}

Integer to_minor_units(const Rational& x, int digits, Rounding mode) {
    return round_to_integer(Rational(x * pow10(digits)), mode);
}

Rational from_minor_units(const Integer& units, int digits) {
    Rational r(units, pow10(digits));
    r.canonicalize();
    return r;
}

Rational round_to(const Rational& x, int digits, Rounding mode) {
    return from_minor_units(to_minor_units(x, digits, mode), digits);
}

std::string format_money(const Rational& x, int digits) {
    Integer units = to_minor_units(x, digits, Rounding::HalfEven);
    bool negative = units < 0;
    std::string s = Integer(abs(units)).get_str();
    if (digits > 0) {
        std::size_t d = static_cast<std::size_t>(digits);
        if (s.size() < d + 1) {
            s.insert(0, d + 1 - s.size(), '0');
        }
        s.insert(s.size() - d, 1, '.');
    }
    return negative ? "-" + s : s;
}

std::string group_thousands(std::string_view plain) {
    std::size_t start = !plain.empty() && plain[0] == '-' ? 1 : 0;
    std::size_t end = start;
    while (end < plain.size() && plain[end] >= '0' && plain[end] <= '9') {
        ++end;
    }
    if (end == start || (end < plain.size() && plain[end] != '.')) {
        return std::string(plain);
    }
    std::string out(plain.substr(0, start));
    out.reserve(plain.size() + (end - start) / 3);
    for (std::size_t i = start; i < end; ++i) {
        if (i > start && (end - i) % 3 == 0) {
            out += ',';
        }
        out += plain[i];
    }
    out += plain.substr(end);
    return out;
}

std::string format_percent(const Rational& ratio) {
    std::string s = format_money(Rational(ratio * 100), 4);
    while (s.back() == '0') {
        s.pop_back();
    }
    if (s.back() == '.') {
        s.pop_back();
    }
    return s + "%";
}

std::string format_plain(const Rational& x) {
    if (x.get_den() == 1) {
        return x.get_num().get_str();
    }
    // A fraction terminates in decimal exactly when its denominator has no
    // prime factors but 2 and 5; it then needs max(twos, fives) places.
    Integer rest = x.get_den();
    int twos = 0;
    int fives = 0;
    while (mpz_divisible_ui_p(rest.get_mpz_t(), 2) != 0 && twos <= 10) {
        rest /= 2;
        ++twos;
    }
    while (mpz_divisible_ui_p(rest.get_mpz_t(), 5) != 0 && fives <= 10) {
        rest /= 5;
        ++fives;
    }
    int places = std::max(twos, fives);
    if (rest == 1 && places <= 10) {
        return format_money(x, places);
    }
    return x.get_str();
}

std::vector<Integer> largest_remainder(const Integer& total, const std::vector<Rational>& ratios) {
    if (total < 0) {
        throw std::invalid_argument("largest_remainder: negative total");
    }
    if (ratios.empty()) {
        throw std::invalid_argument("largest_remainder: no ratios");
    }
    Rational sum = 0;
    for (const Rational& r : ratios) {
        if (r < 0) {
            throw std::invalid_argument("largest_remainder: negative ratio");
        }
        sum += r;
    }
    if (sum == 0) {
        throw std::invalid_argument("largest_remainder: ratios sum to 0");
    }

    const std::size_t n = ratios.size();
    std::vector<Integer> parts(n);
    std::vector<Rational> fractions(n);
    Integer given = 0;
    for (std::size_t i = 0; i < n; ++i) {
        Rational exact(total * ratios[i] / sum);
        Integer whole;
        mpz_fdiv_q(whole.get_mpz_t(), exact.get_num_mpz_t(), exact.get_den_mpz_t());
        parts[i] = whole;
        fractions[i] = exact - whole;
        given += whole;
    }

    // Fewer than n units are left over, since each fraction is below 1.
    Integer left = total - given;
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return fractions[a] > fractions[b]; });
    for (std::size_t k = 0; k < n && left > 0; ++k) {
        parts[order[k]] += 1;
        left -= 1;
    }
    return parts;
}

std::optional<Rounding> rounding_from_name(std::string_view name) {
    if (name == "half-even") {
        return Rounding::HalfEven;
    }
    if (name == "half-up") {
        return Rounding::HalfUp;
    }
    if (name == "down") {
        return Rounding::Down;
    }
    return std::nullopt;
}

Rounding parse_rounding(std::string_view name) {
    if (auto mode = rounding_from_name(name)) {
        return *mode;
    }
    throw std::invalid_argument("parse_rounding: unknown rounding mode");
}

std::string_view rounding_name(Rounding mode) {
    switch (mode) {
    case Rounding::HalfEven:
        return "half-even";
    case Rounding::HalfUp:
        return "half-up";
    case Rounding::Down:
        return "down";
    }
    return "half-even";
}

std::string quote_for_message(std::string_view text) {
    if (text.size() <= kQuoteMaxBytes) {
        return std::string(text);
    }
    std::size_t cut = kQuoteMaxBytes;
    // Step back over UTF-8 continuation bytes so no character is split.
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
        --cut;
    }
    return std::string(text.substr(0, cut)) + "...";
}

} // namespace charter::num
