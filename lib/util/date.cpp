#include "util/date.hpp"

#include <algorithm>
#include <array>

namespace charter {

namespace {

constexpr std::string_view kDateHelp = "write a date as YYYY-MM-DD, like 2026-01-15";
constexpr std::string_view kDurationHelp =
    "write a whole number and a unit: 90d (days), 6w (weeks), 18m (months) or 5y (years)";
constexpr std::string_view kPeriodHelp =
    "write a period as YYYY, YYYY-H1, YYYY-Q1, YYYY-MM or YYYY-MM-DD, like 2026-Q4";
constexpr std::string_view kYearHelp = "write a four-digit year from 1000 to 9999";

constexpr int kMinYear = 1000;
constexpr int kMaxYear = 9999;

constexpr std::array<std::string_view, 12> kMonthNames = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

/// True when text[pos, pos + n) are all digits (and in range).
bool digits_at(std::string_view text, std::size_t pos, std::size_t n) {
    if (pos + n > text.size()) {
        return false;
    }
    return std::all_of(text.begin() + static_cast<std::ptrdiff_t>(pos),
                       text.begin() + static_cast<std::ptrdiff_t>(pos + n), is_digit);
}

/// The number in n digits at pos; digits_at must hold.
int number_at(std::string_view text, std::size_t pos, std::size_t n) {
    int value = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

/// User text for a message, cut short so a huge value makes a short message.
std::string quoted(std::string_view text) {
    constexpr std::size_t kMax = 40;
    if (text.size() <= kMax) {
        return std::string(text);
    }
    std::size_t cut = kMax;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
        --cut; // do not split a UTF-8 character
    }
    return std::string(text.substr(0, cut)) + "...";
}

std::string two_digits(int n) {
    std::string s = std::to_string(n);
    return s.size() < 2 ? "0" + s : s;
}

long long floor_div(long long a, long long b) {
    long long q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/// "YYYY-MM-DD" as to its characters, whatever the numbers.
bool date_shaped(std::string_view text) {
    return text.size() >= 10 && digits_at(text, 0, 4) && text[4] == '-' && digits_at(text, 5, 2) &&
           text[7] == '-' && digits_at(text, 8, 2);
}

/// The year of a date-shaped text, if it is in range.
Result<int> checked_year(std::string_view text, int year) {
    if (year < kMinYear || year > kMaxYear) {
        return unexpected(Problem{ProblemKind::Date,
                                  quoted(text) + " is out of range: years go from 1000 to 9999",
                                  std::string(kYearHelp)});
    }
    return year;
}

Result<int> checked_month(std::string_view text, int month) {
    if (month < 1 || month > 12) {
        return unexpected(
            Problem{ProblemKind::Date,
                    quoted(text) + " does not exist: there is no month " + two_digits(month),
                    "months go from 01 to 12"});
    }
    return month;
}

} // namespace

bool is_leap_year(int year) {
    return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

int days_in_month(int year, int month) {
    static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2 && is_leap_year(year)) {
        return 29;
    }
    return kDays[static_cast<std::size_t>(std::clamp(month, 1, 12) - 1)];
}

Result<Date> parse_date(std::string_view text) {
    const bool shaped = date_shaped(text);
    if (!shaped || text.size() != 10) {
        if (text.empty()) {
            return unexpected(Problem{ProblemKind::Date, "expected a date, found an empty value",
                                      std::string(kDateHelp)});
        }
        if (shaped && (text[10] == 'T' || text[10] == ' ')) {
            return unexpected(Problem{ProblemKind::Date,
                                      quoted(text) + " is not a date: it has a time of day",
                                      "write only the date: " + std::string(text.substr(0, 10))});
        }
        return unexpected(
            Problem{ProblemKind::Date, quoted(text) + " is not a date", std::string(kDateHelp)});
    }
    auto year = checked_year(text, number_at(text, 0, 4));
    if (!year) {
        return unexpected(year.error());
    }
    auto month = checked_month(text, number_at(text, 5, 2));
    if (!month) {
        return unexpected(month.error());
    }
    const int day = number_at(text, 8, 2);
    const int last = days_in_month(*year, *month);
    const std::string month_year = std::string(kMonthNames[static_cast<std::size_t>(*month - 1)]) +
                                   " " + std::to_string(*year);
    if (day == 0) {
        return unexpected(
            Problem{ProblemKind::Date, std::string(text) + " does not exist: there is no day 00",
                    "days go from 01 to " + std::to_string(last) + " in " + month_year});
    }
    if (day > last) {
        return unexpected(Problem{ProblemKind::Date,
                                  std::string(text) + " does not exist: " + month_year + " has " +
                                      std::to_string(last) + " days",
                                  "the last day of " + month_year + " is " +
                                      format_date(Date{*year, *month, last})});
    }
    return Date{*year, *month, day};
}

std::string format_date(const Date& date) {
    std::string year = std::to_string(date.year < 0 ? -static_cast<long long>(date.year)
                                                    : static_cast<long long>(date.year));
    if (year.size() < 4) {
        year.insert(0, 4 - year.size(), '0');
    }
    return (date.year < 0 ? "-" : "") + year + "-" + two_digits(date.month) + "-" +
           two_digits(date.day);
}

// The day-count conversions are Howard Hinnant's days_from_civil and
// civil_from_days, on 400-year eras.
long long to_days(const Date& date) {
    const long long y = static_cast<long long>(date.year) - (date.month <= 2 ? 1 : 0);
    const long long m = date.month;
    const long long era = floor_div(y, 400);
    const long long yoe = y - era * 400;                                          // [0, 399]
    const long long doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + date.day - 1; // [0, 365]
    const long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;                  // [0, 146096]
    return era * 146097 + doe - 719468;
}

Date from_days(long long days) {
    const long long z = days + 719468;
    const long long era = floor_div(z, 146097);
    const long long doe = z - era * 146097;                                      // [0, 146096]
    const long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; // [0, 399]
    const long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);               // [0, 365]
    const long long mp = (5 * doy + 2) / 153;                                    // [0, 11]
    const long long d = doy - (153 * mp + 2) / 5 + 1;                            // [1, 31]
    const long long m = mp < 10 ? mp + 3 : mp - 9;                               // [1, 12]
    const long long y = yoe + era * 400 + (m <= 2 ? 1 : 0);
    return Date{static_cast<int>(y), static_cast<int>(m), static_cast<int>(d)};
}

Date add_days(const Date& date, long long n) {
    return from_days(to_days(date) + n);
}

Date add_months(const Date& date, long long n) {
    const long long total = static_cast<long long>(date.year) * 12 + (date.month - 1) + n;
    const int year = static_cast<int>(floor_div(total, 12));
    const int month = static_cast<int>(total - floor_div(total, 12) * 12) + 1;
    return Date{year, month, std::min(date.day, days_in_month(year, month))};
}

Result<Duration> parse_duration(std::string_view text) {
    if (text.empty()) {
        return unexpected(Problem{ProblemKind::Date, "expected a duration, found an empty value",
                                  std::string(kDurationHelp)});
    }
    std::size_t digits = 0;
    while (digits < text.size() && is_digit(text[digits])) {
        ++digits;
    }
    if (digits == 0 || digits + 1 != text.size()) {
        if (digits > 0 && digits == text.size()) {
            return unexpected(Problem{ProblemKind::Date, quoted(text) + " has no unit",
                                      std::string(kDurationHelp)});
        }
        return unexpected(Problem{ProblemKind::Date, quoted(text) + " is not a duration",
                                  std::string(kDurationHelp)});
    }
    DurationUnit unit = DurationUnit::Days;
    switch (text.back()) {
    case 'd':
        unit = DurationUnit::Days;
        break;
    case 'w':
        unit = DurationUnit::Weeks;
        break;
    case 'm':
        unit = DurationUnit::Months;
        break;
    case 'y':
        unit = DurationUnit::Years;
        break;
    default:
        return unexpected(Problem{ProblemKind::Date, quoted(text) + " is not a duration",
                                  std::string(kDurationHelp)});
    }
    // Count without converting more digits than the cap can need.
    long long count = 0;
    for (std::size_t i = 0; i < digits; ++i) {
        count = count * 10 + (text[i] - '0');
        if (count > kMaxDurationCount) {
            return unexpected(Problem{ProblemKind::Date, quoted(text) + " is too long",
                                      "a duration counts at most " +
                                          std::to_string(kMaxDurationCount) +
                                          " days, weeks, months or years"});
        }
    }
    return Duration{count, unit};
}

std::string format_duration(const Duration& duration) {
    char unit = 'd';
    switch (duration.unit) {
    case DurationUnit::Days:
        unit = 'd';
        break;
    case DurationUnit::Weeks:
        unit = 'w';
        break;
    case DurationUnit::Months:
        unit = 'm';
        break;
    case DurationUnit::Years:
        unit = 'y';
        break;
    }
    return std::to_string(duration.count) + unit;
}

Date add(const Date& date, const Duration& duration) {
    switch (duration.unit) {
    case DurationUnit::Days:
        return add_days(date, duration.count);
    case DurationUnit::Weeks:
        return add_days(date, duration.count * 7);
    case DurationUnit::Months:
        return add_months(date, duration.count);
    case DurationUnit::Years:
        return add_months(date, duration.count * 12);
    }
    return date;
}

Result<Period> parse_period(std::string_view text) {
    if (text.empty()) {
        return unexpected(Problem{ProblemKind::Date, "expected a period, found an empty value",
                                  std::string(kPeriodHelp)});
    }
    const auto not_a_period = [&] {
        return unexpected(Problem{ProblemKind::Date, quoted(text) + " is not a period",
                                  std::string(kPeriodHelp)});
    };
    if (text.size() == 10 && date_shaped(text)) {
        auto date = parse_date(text);
        if (!date) {
            return unexpected(date.error());
        }
        return Period{Granularity::Day, *date, *date, std::string(text)};
    }
    if (!digits_at(text, 0, 4) || (text.size() != 4 && text.size() != 7) ||
        (text.size() == 7 && text[4] != '-')) {
        return not_a_period();
    }
    auto year = checked_year(text, number_at(text, 0, 4));
    if (!year) {
        return unexpected(year.error());
    }
    const int y = *year;
    if (text.size() == 4) {
        return Period{Granularity::Year, Date{y, 1, 1}, Date{y, 12, 31}, std::string(text)};
    }
    const char kind = text[5];
    if ((kind == 'H' || kind == 'Q') && is_digit(text[6])) {
        const int n = text[6] - '0';
        const bool half = kind == 'H';
        const int count = half ? 2 : 4;
        if (n < 1 || n > count) {
            return unexpected(Problem{
                ProblemKind::Date,
                quoted(text) + " does not exist: " +
                    (half ? "a year has halves H1 and H2" : "a year has quarters Q1 to Q4"),
                half ? "write " + std::to_string(y) + "-H1 or " + std::to_string(y) + "-H2"
                     : "write " + std::to_string(y) + "-Q1 to " + std::to_string(y) + "-Q4"});
        }
        const int months = 12 / count;
        const int first_month = (n - 1) * months + 1;
        const int last_month = first_month + months - 1;
        return Period{half ? Granularity::Half : Granularity::Quarter, Date{y, first_month, 1},
                      Date{y, last_month, days_in_month(y, last_month)}, std::string(text)};
    }
    if (!digits_at(text, 5, 2)) {
        return not_a_period();
    }
    auto month = checked_month(text, number_at(text, 5, 2));
    if (!month) {
        return unexpected(month.error());
    }
    return Period{Granularity::Month, Date{y, *month, 1}, Date{y, *month, days_in_month(y, *month)},
                  std::string(text)};
}

std::string_view granularity_name(Granularity granularity) {
    switch (granularity) {
    case Granularity::Year:
        return "year";
    case Granularity::Half:
        return "half-year";
    case Granularity::Quarter:
        return "quarter";
    case Granularity::Month:
        return "month";
    case Granularity::Day:
        return "day";
    }
    return "period";
}

} // namespace charter
