#include <doctest/doctest.h>

#include <string>

#include "util/date.hpp"

using namespace charter;

namespace {

Date d(int y, int m, int day) {
    return Date{y, m, day};
}

Date date(std::string_view text) {
    auto r = parse_date(text);
    REQUIRE_MESSAGE(r, std::string(text));
    return *r;
}

std::string date_error(std::string_view text) {
    auto r = parse_date(text);
    return r ? "(no error)" : r.error().message;
}

std::string duration_error(std::string_view text) {
    auto r = parse_duration(text);
    return r ? "(no error)" : r.error().message;
}

std::string period_error(std::string_view text) {
    auto r = parse_period(text);
    return r ? "(no error)" : r.error().message;
}

Date plus(std::string_view start, std::string_view duration) {
    auto len = parse_duration(duration);
    REQUIRE_MESSAGE(len, std::string(duration));
    return add(date(start), *len);
}

} // namespace

TEST_SUITE("date") {
    TEST_CASE("dates are read from YYYY-MM-DD and printed back the same") {
        CHECK(date("2026-01-15") == d(2026, 1, 15));
        CHECK(date("1000-01-01") == d(1000, 1, 1));
        CHECK(date("9999-12-31") == d(9999, 12, 31));
        for (const char* text : {"2026-01-15", "1000-01-01", "9999-12-31", "2028-02-29"}) {
            CHECK(format_date(date(text)) == text);
        }
        CHECK(format_date(d(99, 3, 4)) == "0099-03-04");
        CHECK(format_date(d(12345, 3, 4)) == "12345-03-04");
    }

    TEST_CASE("dates compare in calendar order") {
        CHECK(d(2026, 1, 31) < d(2026, 2, 1));
        CHECK(d(2025, 12, 31) < d(2026, 1, 1));
        CHECK(d(2026, 3, 1) == d(2026, 3, 1));
    }

    TEST_CASE("leap years follow the Gregorian rules") {
        CHECK(is_leap_year(2028));
        CHECK(is_leap_year(2000));
        CHECK(is_leap_year(2400));
        CHECK_FALSE(is_leap_year(2027));
        CHECK_FALSE(is_leap_year(1900));
        CHECK_FALSE(is_leap_year(2100));
        CHECK(days_in_month(2028, 2) == 29);
        CHECK(days_in_month(2027, 2) == 28);
        CHECK(days_in_month(1900, 2) == 28);
        CHECK(days_in_month(2026, 4) == 30);
        CHECK(days_in_month(2026, 12) == 31);
    }

    TEST_CASE("a date must exist") {
        CHECK(date("2028-02-29") == d(2028, 2, 29));
        CHECK(date_error("2027-02-29") == "2027-02-29 does not exist: February 2027 has 28 days");
        CHECK(parse_date("2027-02-29").error().help ==
              "the last day of February 2027 is 2027-02-28");
        CHECK(date_error("2026-02-30") == "2026-02-30 does not exist: February 2026 has 28 days");
        CHECK(date_error("2026-04-31") == "2026-04-31 does not exist: April 2026 has 30 days");
        CHECK(date_error("1900-02-29") == "1900-02-29 does not exist: February 1900 has 28 days");
        CHECK(date_error("2026-13-01") == "2026-13-01 does not exist: there is no month 13");
        CHECK(date_error("2026-00-10") == "2026-00-10 does not exist: there is no month 00");
        CHECK(date_error("2026-01-00") == "2026-01-00 does not exist: there is no day 00");
        CHECK(date_error("2026-01-32") == "2026-01-32 does not exist: January 2026 has 31 days");
    }

    TEST_CASE("dates must be strictly YYYY-MM-DD in years 1000 to 9999") {
        CHECK(date_error("0999-12-31") == "0999-12-31 is out of range: years go from 1000 to 9999");
        CHECK(date_error("") == "expected a date, found an empty value");
        CHECK(date_error("2026-1-15") == "2026-1-15 is not a date");
        CHECK(date_error("2026-01-15T10:00:00") ==
              "2026-01-15T10:00:00 is not a date: it has a time of day");
        CHECK(parse_date("2026-01-15 10:00").error().help == "write only the date: 2026-01-15");
        for (const char* bad : {"2026/01/15", "15-01-2026", "20260115", "2026-01-15Z",
                                " 2026-01-15", "2026-01-1", "+2026-01-15", "-2026-01-15",
                                "2026-0a-15", "2026-W03", "2026-1-5x", "2026-01-15\n", "today"}) {
            CAPTURE(bad);
            CHECK_FALSE(parse_date(bad));
        }
    }

    TEST_CASE("hostile date texts are refused with a short message") {
        std::string huge = "2026-01-15" + std::string(1 << 20, '9');
        CHECK(date_error(huge).size() < 100);
        CHECK(duration_error(std::string(1 << 20, '9') + "d").size() < 100);
        CHECK(period_error(std::string(1 << 20, '-')).size() < 100);
        std::string nul("2026-01-1\0", 10);
        CHECK_FALSE(parse_date(nul));
    }

    TEST_CASE("day counts round-trip through the civil calendar") {
        CHECK(to_days(d(1970, 1, 1)) == 0);
        CHECK(to_days(d(1970, 1, 2)) == 1);
        CHECK(to_days(d(1969, 12, 31)) == -1);
        CHECK(to_days(d(2000, 3, 1)) == 11017);
        CHECK(from_days(11017) == d(2000, 3, 1));
        CHECK(to_days(d(2026, 1, 15)) - to_days(d(2025, 1, 15)) == 365);
        CHECK(to_days(d(2029, 1, 15)) - to_days(d(2028, 1, 15)) == 366);
        for (long long n = to_days(d(1000, 1, 1)); n <= to_days(d(9999, 12, 31)); n += 997) {
            CHECK(to_days(from_days(n)) == n);
        }
        Date prev = from_days(to_days(d(1999, 12, 1)));
        for (int i = 0; i < 1200; ++i) { // every day in a span crossing 2000-02-29
            Date next = add_days(prev, 1);
            CHECK(prev < next);
            CHECK(next.day >= 1);
            CHECK(next.day <= days_in_month(next.year, next.month));
            prev = next;
        }
    }

    TEST_CASE("adding days crosses months, years and leap days") {
        CHECK(add_days(d(2026, 1, 31), 1) == d(2026, 2, 1));
        CHECK(add_days(d(2026, 12, 31), 1) == d(2027, 1, 1));
        CHECK(add_days(d(2028, 2, 28), 1) == d(2028, 2, 29));
        CHECK(add_days(d(2027, 2, 28), 1) == d(2027, 3, 1));
        CHECK(add_days(d(2026, 3, 1), -1) == d(2026, 2, 28));
        CHECK(add_days(d(2026, 1, 15), 0) == d(2026, 1, 15));
    }

    TEST_CASE("adding months clamps to the end of a shorter month") {
        CHECK(add_months(d(2026, 1, 31), 1) == d(2026, 2, 28));
        CHECK(add_months(d(2028, 1, 31), 1) == d(2028, 2, 29));
        CHECK(add_months(d(2026, 3, 31), 1) == d(2026, 4, 30));
        CHECK(add_months(d(2026, 1, 31), 2) == d(2026, 3, 31));
        CHECK(add_months(d(2026, 11, 15), 2) == d(2027, 1, 15));
        CHECK(add_months(d(2026, 1, 15), 12) == d(2027, 1, 15));
        CHECK(add_months(d(2026, 1, 15), -1) == d(2025, 12, 15));
        CHECK(add_months(d(2026, 3, 31), -1) == d(2026, 2, 28));
        CHECK(add_months(d(2026, 1, 15), -13) == d(2024, 12, 15));
    }

    TEST_CASE("durations are a whole number and a unit") {
        CHECK(parse_duration("90d").value() == Duration{90, DurationUnit::Days});
        CHECK(parse_duration("6w").value() == Duration{6, DurationUnit::Weeks});
        CHECK(parse_duration("18m").value() == Duration{18, DurationUnit::Months});
        CHECK(parse_duration("5y").value() == Duration{5, DurationUnit::Years});
        CHECK(parse_duration("0d").value() == Duration{0, DurationUnit::Days});
        CHECK(parse_duration("100000y").value() == Duration{100000, DurationUnit::Years});
        for (const char* text : {"90d", "6w", "18m", "5y", "0d"}) {
            CHECK(format_duration(parse_duration(text).value()) == text);
        }
    }

    TEST_CASE("duration errors say the allowed forms") {
        CHECK(duration_error("") == "expected a duration, found an empty value");
        CHECK(duration_error("90") == "90 has no unit");
        CHECK(duration_error("90x") == "90x is not a duration");
        CHECK(duration_error("100001d") == "100001d is too long");
        CHECK(duration_error("99999999999999999999999999999y") ==
              "99999999999999999999999999999y is too long");
        CHECK(
            parse_duration("5Y").error().help ==
            "write a whole number and a unit: 90d (days), 6w (weeks), 18m (months) or 5y (years)");
        for (const char* bad : {"d", "-5d", "+5d", "5 d", "5days", "1.5y", "5yd", "y5", "5D",
                                "1_000d", " 5d", "5d "}) {
            CAPTURE(bad);
            CHECK_FALSE(parse_duration(bad));
        }
    }

    TEST_CASE("adding durations uses weeks of 7 days and years of 12 months") {
        CHECK(plus("2026-01-15", "90d") == d(2026, 4, 15));
        CHECK(plus("2026-01-15", "6w") == d(2026, 2, 26));
        CHECK(plus("2026-01-31", "1m") == d(2026, 2, 28));
        CHECK(plus("2026-01-15", "18m") == d(2027, 7, 15));
        CHECK(plus("2026-01-15", "5y") == d(2031, 1, 15));
        CHECK(plus("2028-02-29", "1y") == d(2029, 2, 28));
        CHECK(plus("2028-02-29", "4y") == d(2032, 2, 29));
        CHECK(plus("2026-01-15", "0d") == d(2026, 1, 15));
        CHECK(add_days(plus("2026-01-15", "5y"), -1) == d(2031, 1, 14)); // a 5y term's last day
    }

    TEST_CASE("the longest durations from the latest date do not overflow") {
        Date last = date("9999-12-31");
        CHECK(plus("9999-12-31", "100000y") == d(109999, 12, 31));
        CHECK(plus("9999-12-31", "100000m").year == 18333);
        CHECK(plus("9999-12-31", "100000w") > last);
        CHECK(plus("9999-12-31", "100000d") > last);
    }

    TEST_CASE("periods cover a year, half, quarter, month or day") {
        auto year = parse_period("2026").value();
        CHECK(year.granularity == Granularity::Year);
        CHECK(year.first == d(2026, 1, 1));
        CHECK(year.last == d(2026, 12, 31));
        CHECK(year.label == "2026");

        auto h1 = parse_period("2026-H1").value();
        CHECK(h1.granularity == Granularity::Half);
        CHECK(h1.first == d(2026, 1, 1));
        CHECK(h1.last == d(2026, 6, 30));
        auto h2 = parse_period("2026-H2").value();
        CHECK(h2.first == d(2026, 7, 1));
        CHECK(h2.last == d(2026, 12, 31));

        auto q1 = parse_period("2028-Q1").value();
        CHECK(q1.granularity == Granularity::Quarter);
        CHECK(q1.first == d(2028, 1, 1));
        CHECK(q1.last == d(2028, 3, 31));
        auto q4 = parse_period("2026-Q4").value();
        CHECK(q4.first == d(2026, 10, 1));
        CHECK(q4.last == d(2026, 12, 31));
        CHECK(q4.label == "2026-Q4");
        CHECK(parse_period("2026-Q2").value().last == d(2026, 6, 30));
        CHECK(parse_period("2026-Q3").value().last == d(2026, 9, 30));

        auto feb = parse_period("2028-02").value();
        CHECK(feb.granularity == Granularity::Month);
        CHECK(feb.first == d(2028, 2, 1));
        CHECK(feb.last == d(2028, 2, 29));
        CHECK(parse_period("2027-02").value().last == d(2027, 2, 28));

        auto day = parse_period("2026-03-15").value();
        CHECK(day.granularity == Granularity::Day);
        CHECK(day.first == d(2026, 3, 15));
        CHECK(day.last == d(2026, 3, 15));
        CHECK(day.label == "2026-03-15");
    }

    TEST_CASE("period errors say what is wrong") {
        CHECK(period_error("") == "expected a period, found an empty value");
        CHECK(period_error("2026-H3") == "2026-H3 does not exist: a year has halves H1 and H2");
        CHECK(period_error("2026-H0") == "2026-H0 does not exist: a year has halves H1 and H2");
        CHECK(period_error("2026-Q5") == "2026-Q5 does not exist: a year has quarters Q1 to Q4");
        CHECK(period_error("2026-13") == "2026-13 does not exist: there is no month 13");
        CHECK(period_error("2027-02-29") == "2027-02-29 does not exist: February 2027 has 28 days");
        CHECK(period_error("0999") == "0999 is out of range: years go from 1000 to 9999");
        CHECK(period_error("2026-q1") == "2026-q1 is not a period");
        for (const char* bad : {"26", "20260", "2026-", "2026-1", "2026-Q", "2026-Q12", "2026-W01",
                                "2026/03", "2026-03-1", "2026-03-15T00", "Q1-2026", "2026 Q1"}) {
            CAPTURE(bad);
            CHECK_FALSE(parse_period(bad));
        }
    }

    TEST_CASE("granularities have names for messages") {
        CHECK(granularity_name(Granularity::Year) == "year");
        CHECK(granularity_name(Granularity::Half) == "half-year");
        CHECK(granularity_name(Granularity::Quarter) == "quarter");
        CHECK(granularity_name(Granularity::Month) == "month");
        CHECK(granularity_name(Granularity::Day) == "day");
    }
}
