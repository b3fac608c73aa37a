#pragma once
// Calendar dates, durations and calendar periods (proleptic Gregorian), with
// strict parsers that answer bad text with a Problem of kind
// ProblemKind::Date, never an exception.
#include <compare>
#include <string>
#include <string_view>

#include "util/problem.hpp"

namespace charter {

/// A calendar date. Dates that parse are always real days in 1000..9999;
/// arithmetic may step outside those years.
struct Date {
    int year;
    int month; ///< 1..12
    int day;   ///< 1..days_in_month(year, month)
    auto operator<=>(const Date&) const = default;
};

/// Parses a strict "YYYY-MM-DD" date that exists, years 1000..9999
/// ("2027-02-29 does not exist: February 2027 has 28 days").
Result<Date> parse_date(std::string_view text);

/// "YYYY-MM-DD" (years beyond 9999 get more digits, years before 1 a '-').
std::string format_date(const Date& date);

bool is_leap_year(int year);
/// Days in a month (1..12) of a year.
int days_in_month(int year, int month);

/// Days since 1970-01-01 (negative before it), for arithmetic.
long long to_days(const Date& date);
/// The inverse of to_days. |days| must stay below about 7e11 (years that fit
/// an int); every result of the functions here is far inside that.
Date from_days(long long days);

/// The date n days later (earlier for negative n).
Date add_days(const Date& date, long long n);
/// The date n calendar months later, clamped to the end of a shorter month
/// (2026-01-31 + 1 month = 2026-02-28). |n| must keep the year in an int.
Date add_months(const Date& date, long long n);

enum class DurationUnit { Days, Weeks, Months, Years };

/// A length of time as the charter writes it: "90d", "6w", "18m", "5y".
struct Duration {
    long long count;
    DurationUnit unit;
    bool operator==(const Duration&) const = default;
};

/// Durations count at most this many units, so date arithmetic cannot overflow.
inline constexpr long long kMaxDurationCount = 100000;

/// Parses a whole number (0 allowed, no sign, at most kMaxDurationCount)
/// followed by d, w, m or y.
Result<Duration> parse_duration(std::string_view text);

/// "90d", "6w", "18m", "5y".
std::string format_duration(const Duration& duration);

/// date + duration: weeks are 7 days, years 12 months; months and years
/// clamp to the month end (2028-02-29 + 1y = 2029-02-28).
Date add(const Date& date, const Duration& duration);

enum class Granularity { Year, Half, Quarter, Month, Day };

/// A calendar period: a year, half-year, quarter, month or day.
struct Period {
    Granularity granularity;
    Date first;        ///< first day
    Date last;         ///< last day (the period's as-of date)
    std::string label; ///< canonical text: "2026", "2026-H1", "2026-Q4", "2026-03", "2026-03-15"
    bool operator==(const Period&) const = default;
};

/// Parses "2026", "2026-H1", "2026-Q4", "2026-03" or "2026-03-15" (years
/// 1000..9999, upper-case H and Q).
Result<Period> parse_period(std::string_view text);

/// "year", "half-year", "quarter", "month" or "day", for messages.
std::string_view granularity_name(Granularity granularity);

} // namespace charter
