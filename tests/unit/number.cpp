#include <doctest/doctest.h>

#include <stdexcept>
#include <string>

#include "num/number.hpp"

using namespace charter::num;

namespace {

Rational q(long num, long den = 1) {
    Rational r(num, den);
    r.canonicalize();
    return r;
}

std::string money_error(std::string_view text, int digits = 2, std::string_view code = "USD") {
    auto r = parse_money(text, digits, code);
    return r ? "(no error)" : r.error().message;
}

std::string ratio_error(std::string_view text) {
    auto r = parse_ratio(text);
    return r ? "(no error)" : r.error().message;
}

std::string ratio_help(std::string_view text) {
    auto r = parse_ratio(text);
    return r ? "(no error)" : r.error().help;
}

} // namespace

TEST_SUITE("number") {
    TEST_CASE("decimals are read exactly with their number of decimals") {
        auto a = parse_decimal("250000.50");
        REQUIRE(a);
        CHECK(a->value == q(25000050, 100));
        CHECK(a->decimals == 2);

        auto b = parse_decimal("1_500_000");
        REQUIRE(b);
        CHECK(b->value == 1500000);
        CHECK(b->decimals == 0);

        auto c = parse_decimal("0.6");
        REQUIRE(c);
        CHECK(c->value == q(3, 5));
        CHECK(c->decimals == 1);

        auto d = parse_decimal("0.000_001");
        REQUIRE(d);
        CHECK(d->value == q(1, 1000000));
        CHECK(d->decimals == 6);
    }

    TEST_CASE("decimals refuse signs, exponents, commas and misplaced separators") {
        for (const char* bad : {"",     "-1",   "+1",   "1e6", "1E-3", "1,000", "_1", "1_",
                                "1__0", "1_.5", "1._5", ".5",  "5.",   "1.2.3", " 1", "1 ",
                                "0x10", "١٢",   "1/2",  "60%", "abc",  "nan",   "inf"}) {
            CAPTURE(bad);
            CHECK_FALSE(parse_decimal(bad));
        }
    }

    TEST_CASE("decimal errors say what is wrong") {
        CHECK(parse_decimal("").error().message == "expected a number, found an empty value");
        CHECK(parse_decimal("1e6").error().message == "1e6 has an exponent");
        CHECK(parse_decimal("1,000").error().message == "1,000 uses ','");
        CHECK(parse_decimal("1__000").error().message == "1__000 has a misplaced '_'");
        CHECK(parse_decimal("_1").error().message == "_1 has a misplaced '_'");
        CHECK(parse_decimal(".5").error().message == ".5 has no digit before '.'");
        CHECK(parse_decimal("5.").error().message == "5. has no digit after '.'");
        CHECK(parse_decimal("-5").error().message == "-5 is negative");
        CHECK(parse_decimal("+5").error().message == "+5 has a '+' sign");
        CHECK(parse_decimal("abc").error().message == "abc is not a number");
        CHECK_FALSE(parse_decimal("abc").error().help.empty());
    }

    TEST_CASE("hostile number texts are refused quickly with a short message") {
        std::string huge(1 << 20, '9');
        auto r = parse_decimal(huge);
        REQUIRE_FALSE(r);
        CHECK(r.error().message.size() < 120);
        CHECK(r.error().message.find("is too long") != std::string::npos);
        CHECK_FALSE(parse_ratio(huge));
        CHECK_FALSE(parse_money(huge, 2, "USD"));

        std::string longest(kMaxNumberChars, '9');
        CHECK(parse_decimal(longest));

        std::string zeros = "0." + std::string(kMaxNumberChars - 2, '0');
        auto z = parse_decimal(zeros);
        REQUIRE(z);
        CHECK(z->value == 0);
        CHECK(z->decimals == static_cast<int>(kMaxNumberChars - 2));
    }

    TEST_CASE("quoted input is cut at a character boundary") {
        std::string text = std::string(39, 'a') + "\xC3\xA9" + "tail";
        std::string quoted = quote_for_message(text);
        CHECK(quoted == std::string(39, 'a') + "...");
        CHECK(quote_for_message("short") == "short");
    }

    TEST_CASE("money accepts up to the currency's minor digits") {
        CHECK(parse_money("250000.50", 2, "USD").value() == q(25000050, 100));
        CHECK(parse_money("1_500_000", 2, "USD").value() == 1500000);
        CHECK(parse_money("67500", 0, "JPY").value() == 67500);
        CHECK(parse_money("1.234", 3, "BHD").value() == q(1234, 1000));
        CHECK(parse_money("0", 2, "USD").value() == 0);
    }

    TEST_CASE("money with too many decimals names the currency") {
        CHECK(money_error("1.234") == "1.234 has 3 decimals, but USD allows 2");
        CHECK(money_error("1.5", 0, "JPY") == "1.5 has 1 decimal, but JPY allows none");
        CHECK(money_error("100.00", 0, "JPY") == "100.00 has 2 decimals, but JPY allows none");
        CHECK(parse_money("1.5", 0, "JPY").error().help == "JPY amounts are whole numbers");
        CHECK(parse_money("1.234", 2, "USD").error().help == "USD amounts have at most 2 decimals");
    }

    TEST_CASE("money is never negative unless signed money is asked for") {
        CHECK(money_error("-5") == "-5 is negative");
        CHECK(parse_money("-5", 2, "USD").error().help == "amounts are never negative");
        CHECK(parse_signed_money("-4060.15", 2, "USD").value() == q(-406015, 100));
        CHECK(parse_signed_money("4060.15", 2, "USD").value() == q(406015, 100));
        CHECK(parse_signed_money("-1.234", 2, "USD").error().message ==
              "-1.234 has 3 decimals, but USD allows 2");
        CHECK_FALSE(parse_signed_money("--5", 2, "USD"));
        CHECK_FALSE(parse_signed_money("-", 2, "USD"));
        CHECK_FALSE(parse_signed_money("+5", 2, "USD"));
    }

    TEST_CASE("a minus sign on zero is zero everywhere, as in a ledger") {
        CHECK(parse_money("-0", 2, "USD").value() == 0);
        CHECK(parse_money("-0.00", 2, "USD").value() == 0);
        CHECK(parse_signed_money("-0", 2, "USD").value() == 0);
        CHECK(parse_decimal("-0").value().value == 0);
        CHECK(parse_ratio("-0%").value() == 0);
        CHECK(money_error("-0.000") == "-0.000 has 3 decimals, but USD allows 2");
        CHECK(money_error("-0.001") == "-0.001 is negative");
        CHECK(money_error("-0.01") == "-0.01 is negative");
        CHECK(money_error("-00") == "(no error)");
        CHECK_FALSE(parse_money("-", 2, "USD"));
        CHECK_FALSE(parse_money("--0", 2, "USD"));
    }

    TEST_CASE("ratios are read as percentages, decimals and fractions") {
        CHECK(parse_ratio("60%").value() == q(3, 5));
        CHECK(parse_ratio("7.5%").value() == q(3, 40));
        CHECK(parse_ratio("100%").value() == 1);
        CHECK(parse_ratio("0%").value() == 0);
        CHECK(parse_ratio("0.6").value() == q(3, 5));
        CHECK(parse_ratio("2/3").value() == q(2, 3));
        CHECK(parse_ratio("1_000/3_000").value() == q(1, 3));
        CHECK(parse_ratio("3/3").value() == 1);
        CHECK(parse_ratio("0/5").value() == 0);
        CHECK(parse_ratio("1").value() == 1);
        CHECK(parse_ratio("0").value() == 0);
        CHECK(parse_ratio("33.3333%").value() == q(333333, 10000 * 100));
    }

    TEST_CASE("a bare number above 1 suggests the percentage") {
        CHECK(ratio_error("60") == "60 is above 1");
        CHECK(ratio_help("60") == "write 60%");
        CHECK(ratio_error("1.5") == "1.5 is above 1");
        CHECK(ratio_help("1.5") == "write 1.5%");
        CHECK(ratio_error("250") == "250 is above 1");
        CHECK(ratio_help("250").find("0% to 100%") != std::string::npos);
    }

    TEST_CASE("ratio errors say what is wrong") {
        CHECK(ratio_error("150%") == "150% is above 100%");
        CHECK(ratio_error("100.01%") == "100.01% is above 100%");
        CHECK(ratio_error("2/0") == "2/0 divides by zero");
        CHECK(ratio_error("3/2") == "3/2 is above 1");
        CHECK(ratio_error("-0.5") == "-0.5 is negative");
        CHECK(ratio_error("-5%") == "-5% is negative");
        CHECK(ratio_error("-1/2") == "-1/2 is negative");
        CHECK(ratio_error("1.5/3") == "1.5/3 has a decimal point in a fraction");
        CHECK(ratio_error("1e2%") == "1e2% has an exponent");
        CHECK(ratio_error("") == "expected a ratio, found an empty value");
        for (const char* bad : {"%", "/", "2/", "/3", "1/2/3", "60 %", "60%%", "2 / 3", "half",
                                "0.6.", "x%", "1/x"}) {
            CAPTURE(bad);
            CHECK_FALSE(parse_ratio(bad));
        }
        CHECK(ratio_error("half") == "half is not a ratio");
    }

    TEST_CASE("long ratios are read exactly beyond machine words") {
        auto exact = [](const char* fraction) {
            Rational r(fraction);
            r.canonicalize();
            return r;
        };
        CHECK(parse_ratio("0.12345678901234567890").value() ==
              exact("12345678901234567890/100000000000000000000"));
        CHECK(parse_ratio("12345678901234567890/98765432109876543210").value() ==
              exact("12345678901234567890/98765432109876543210"));
        CHECK(parse_ratio("99.99999999999999999%").value() ==
              exact("9999999999999999999/10000000000000000000"));
        CHECK(ratio_error("18446744073709551616/18446744073709551615").find(" is above 1") !=
              std::string::npos);
    }

    TEST_CASE("checking a ratio or a decimal agrees with parsing it") {
        for (const char* text : {"60%",
                                 "7.5%",
                                 "100%",
                                 "0.6",
                                 "2/3",
                                 "1_000/3_000",
                                 "0/5",
                                 "1",
                                 "0",
                                 "-0",
                                 "-0%",
                                 "150%",
                                 "2/0",
                                 "3/2",
                                 "-0.5",
                                 "1.5/3",
                                 "",
                                 "%",
                                 "1/2/3",
                                 "half",
                                 "60",
                                 "0.12345678901234567890",
                                 "12345678901234567890/98765432109876543210"}) {
            CAPTURE(text);
            auto parsed = parse_ratio(text);
            auto problem = ratio_problem(text);
            REQUIRE(parsed.has_value() == !problem.has_value());
            if (problem) {
                CHECK(problem->message == parsed.error().message);
                CHECK(problem->help == parsed.error().help);
            }
        }
        for (const char* text : {"1_500_000", "250000.50", "0.6", "-0", "1,5", "1e6", "", "_1"}) {
            CAPTURE(text);
            auto parsed = parse_decimal(text);
            int decimals = -1;
            auto problem = decimal_problem(text, decimals);
            REQUIRE(parsed.has_value() == !problem.has_value());
            if (parsed) {
                CHECK(decimals == parsed->decimals);
            } else {
                CHECK(problem->message == parsed.error().message);
            }
        }
    }

    TEST_CASE("half-even rounds ties to the even digit") {
        CHECK(round_to(q(5, 1000), 2, Rounding::HalfEven) == 0);          // 0.005 -> 0.00
        CHECK(round_to(q(15, 1000), 2, Rounding::HalfEven) == q(2, 100)); // 0.015 -> 0.02
        CHECK(round_to(q(25, 1000), 2, Rounding::HalfEven) == q(2, 100)); // 0.025 -> 0.02
        CHECK(round_to(q(-25, 1000), 2, Rounding::HalfEven) == q(-2, 100));
        CHECK(round_to(q(-35, 1000), 2, Rounding::HalfEven) == q(-4, 100));
        CHECK(round_to_integer(q(5, 2), Rounding::HalfEven) == 2);
        CHECK(round_to_integer(q(7, 2), Rounding::HalfEven) == 4);
        CHECK(round_to_integer(q(-5, 2), Rounding::HalfEven) == -2);
        CHECK(round_to_integer(q(1, 2), Rounding::HalfEven) == 0);
        CHECK(round_to_integer(q(-1, 2), Rounding::HalfEven) == 0);
    }

    TEST_CASE("half-even rounds non-ties to the nearest") {
        CHECK(round_to(q(1251, 100000), 2, Rounding::HalfEven) == q(1, 100)); // 0.01251 -> 0.01
        CHECK(round_to(q(2, 3), 2, Rounding::HalfEven) == q(67, 100));
        CHECK(round_to(q(-2, 3), 2, Rounding::HalfEven) == q(-67, 100));
        CHECK(round_to(q(1, 3), 2, Rounding::HalfEven) == q(33, 100));
        CHECK(round_to_integer(q(2501, 1000), Rounding::HalfEven) == 3);
    }

    TEST_CASE("half-up rounds ties away from zero") {
        CHECK(round_to(q(5, 1000), 2, Rounding::HalfUp) == q(1, 100));
        CHECK(round_to(q(25, 1000), 2, Rounding::HalfUp) == q(3, 100));
        CHECK(round_to(q(-25, 1000), 2, Rounding::HalfUp) == q(-3, 100));
        CHECK(round_to_integer(q(5, 2), Rounding::HalfUp) == 3);
        CHECK(round_to_integer(q(-5, 2), Rounding::HalfUp) == -3);
        CHECK(round_to_integer(q(-1, 2), Rounding::HalfUp) == -1);
    }

    TEST_CASE("half-up rounds non-ties to the nearest") {
        CHECK(round_to(q(2, 3), 2, Rounding::HalfUp) == q(67, 100));
        CHECK(round_to(q(-2, 3), 2, Rounding::HalfUp) == q(-67, 100));
        CHECK(round_to(q(2499, 1000), 0, Rounding::HalfUp) == 2);
        CHECK(round_to(q(-2499, 1000), 0, Rounding::HalfUp) == -2);
    }

    TEST_CASE("down rounds toward zero") {
        CHECK(round_to(q(2, 3), 2, Rounding::Down) == q(66, 100));
        CHECK(round_to(q(-2, 3), 2, Rounding::Down) == q(-66, 100));
        CHECK(round_to(q(25, 1000), 2, Rounding::Down) == q(2, 100));
        CHECK(round_to(q(-25, 1000), 2, Rounding::Down) == q(-2, 100));
        CHECK(round_to_integer(q(999, 1000), Rounding::Down) == 0);
        CHECK(round_to_integer(q(-999, 1000), Rounding::Down) == 0);
    }

    TEST_CASE("values already on the grid are not changed by any mode") {
        for (Rounding mode : {Rounding::HalfEven, Rounding::HalfUp, Rounding::Down}) {
            CHECK(round_to(q(12345, 100), 2, mode) == q(12345, 100));
            CHECK(round_to(q(-12345, 100), 2, mode) == q(-12345, 100));
            CHECK(round_to(q(7), 0, mode) == 7);
            CHECK(round_to(q(0), 3, mode) == 0);
        }
    }

    TEST_CASE("minor units are whole units of the last decimal") {
        CHECK(to_minor_units(q(406015, 100), 2, Rounding::HalfEven) == 406015);
        CHECK(to_minor_units(q(1, 3), 2, Rounding::HalfEven) == 33);
        CHECK(to_minor_units(q(67500), 0, Rounding::HalfEven) == 67500);
        CHECK(to_minor_units(q(1, 2), 0, Rounding::HalfEven) == 0);
        CHECK(to_minor_units(q(1, 2), 0, Rounding::HalfUp) == 1);
        CHECK(to_minor_units(q(12345, 10000), 3, Rounding::HalfEven) == 1234);
        CHECK(from_minor_units(Integer(406015), 2) == q(406015, 100));
        CHECK(pow10(0) == 1);
        CHECK(pow10(3) == 1000);
        CHECK_THROWS_AS(pow10(-1), std::invalid_argument);
    }

    TEST_CASE("money is printed with exactly the minor digits") {
        CHECK(format_money(q(67500), 2) == "67500.00");
        CHECK(format_money(q(67500), 0) == "67500");
        CHECK(format_money(q(-406015, 100), 2) == "-4060.15");
        CHECK(format_money(q(406015, 100), 2) == "4060.15");
        CHECK(format_money(q(5, 100), 2) == "0.05");
        CHECK(format_money(q(-5, 100), 2) == "-0.05");
        CHECK(format_money(q(0), 2) == "0.00");
        CHECK(format_money(q(1234, 1000), 3) == "1.234");
        CHECK(format_money(q(1, 10000), 4) == "0.0001");
        CHECK(format_money(q(2, 3), 2) == "0.67");
        CHECK(format_money(q(25, 1000), 2) == "0.02"); // half-even
        CHECK(format_money(q(-1, 1000), 2) == "0.00"); // no "-0.00"
        CHECK(format_money(q(15, 10), 0) == "2");
        CHECK(format_money(q(1234567), 2) == "1234567.00"); // no separators
    }

    TEST_CASE("amounts for people are grouped by three, whatever the sign and digits") {
        CHECK(group_thousands("1432567.67") == "1,432,567.67");
        CHECK(group_thousands("-4060.15") == "-4,060.15");
        CHECK(group_thousands("999.99") == "999.99");
        CHECK(group_thousands("1000") == "1,000");
        CHECK(group_thousands("-100000") == "-100,000");
        CHECK(group_thousands("0.0001") == "0.0001");
        CHECK(group_thousands("12345678901234567890.5") == "12,345,678,901,234,567,890.5");
        CHECK(group_thousands(format_money(q(-1234567), 0)) == "-1,234,567");
        // not a plain decimal: left alone
        CHECK(group_thousands("-") == "-");
        CHECK(group_thousands("") == "");
        CHECK(group_thousands("12%") == "12%");
        CHECK(group_thousands("1,000") == "1,000");
    }

    TEST_CASE("percentages have at most four decimals and no trailing zeros") {
        CHECK(format_percent(q(3, 5)) == "60%");
        CHECK(format_percent(q(1, 3)) == "33.3333%");
        CHECK(format_percent(q(2, 3)) == "66.6667%");
        CHECK(format_percent(q(1)) == "100%");
        CHECK(format_percent(q(0)) == "0%");
        CHECK(format_percent(q(3, 40)) == "7.5%");
        CHECK(format_percent(q(88, 133)) == "66.1654%");
        CHECK(format_percent(q(1, 8)) == "12.5%");
        CHECK(format_percent(q(1, 2000000)) == "0%");      // 0.00005% ties to even 0
        CHECK(format_percent(q(3, 2000000)) == "0.0002%"); // 0.00015% ties to even 0.0002
        CHECK(format_percent(q(-1, 4)) == "-25%");
        CHECK(format_percent(q(3, 2)) == "150%");
    }

    TEST_CASE("plain rendering is exact") {
        CHECK(format_plain(q(3)) == "3");
        CHECK(format_plain(q(-3)) == "-3");
        CHECK(format_plain(q(0)) == "0");
        CHECK(format_plain(q(1, 8)) == "0.125");
        CHECK(format_plain(q(-5, 2)) == "-2.5");
        CHECK(format_plain(q(3, 5)) == "0.6");
        CHECK(format_plain(q(2, 3)) == "2/3");
        CHECK(format_plain(q(-1, 3)) == "-1/3");
        CHECK(format_plain(Rational(1, 1024)) == "0.0009765625"); // exactly 10 places
        CHECK(format_plain(Rational(1, 2048)) == "1/2048");       // 11 places: too many
        CHECK(format_plain(Rational(1, 1000000000)) == "0.000000001");
    }

    TEST_CASE("largest remainder gives thirds to the first parties") {
        auto parts = largest_remainder(Integer(100), {q(1, 3), q(1, 3), q(1, 3)});
        REQUIRE(parts.size() == 3);
        CHECK(parts[0] == 34);
        CHECK(parts[1] == 33);
        CHECK(parts[2] == 33);

        auto two = largest_remainder(Integer(200), {q(1, 3), q(1, 3), q(1, 3)});
        CHECK(two[0] == 67);
        CHECK(two[1] == 67);
        CHECK(two[2] == 66);
    }

    TEST_CASE("largest remainder gives leftovers to the largest fractions first") {
        // 10 * (0.15, 0.25, 0.6) = 1.5, 2.5, 6: floors 1, 2, 6; one left, tie -> first
        auto tie = largest_remainder(Integer(10), {q(15, 100), q(25, 100), q(6, 10)});
        CHECK(tie == std::vector<Integer>{2, 2, 6});
        // 10 * (0.14, 0.26, 0.6) = 1.4, 2.6, 6: the larger fraction wins
        auto larger = largest_remainder(Integer(10), {q(14, 100), q(26, 100), q(6, 10)});
        CHECK(larger == std::vector<Integer>{1, 3, 6});
        // a tie listed later loses to the party listed first, whatever the order of sizes
        auto later = largest_remainder(Integer(1), {q(1, 2), q(1, 2)});
        CHECK(later == std::vector<Integer>{1, 0});
    }

    TEST_CASE("largest remainder parts always add up to the total") {
        std::vector<Rational> ratios = {q(1, 7), q(2, 7), q(4, 7)};
        for (long total : {0L, 1L, 2L, 6L, 7L, 100L, 99999L, 1000001L}) {
            auto parts = largest_remainder(Integer(total), ratios);
            Integer sum = 0;
            for (const auto& p : parts) {
                CHECK(p >= 0);
                sum += p;
            }
            CAPTURE(total);
            CHECK(sum == total);
        }
    }

    TEST_CASE("largest remainder divides by the sum when ratios do not sum to 1") {
        auto parts = largest_remainder(Integer(100), {q(1), q(1), q(2)});
        CHECK(parts == std::vector<Integer>{25, 25, 50});
        auto shares = largest_remainder(Integer(10), {q(3), q(0), q(1)});
        CHECK(shares == std::vector<Integer>{8, 0, 2}); // 7.5, 0, 2.5 -> tie to the first
    }

    TEST_CASE("largest remainder with a zero total gives nothing to anyone") {
        CHECK(largest_remainder(Integer(0), {q(1, 2), q(1, 2)}) == std::vector<Integer>{0, 0});
    }

    TEST_CASE("largest remainder refuses broken preconditions") {
        CHECK_THROWS_AS(largest_remainder(Integer(-1), {q(1)}), std::invalid_argument);
        CHECK_THROWS_AS(largest_remainder(Integer(1), {}), std::invalid_argument);
        CHECK_THROWS_AS(largest_remainder(Integer(1), {q(0), q(0)}), std::invalid_argument);
        CHECK_THROWS_AS(largest_remainder(Integer(1), {q(-1), q(2)}), std::invalid_argument);
    }

    TEST_CASE("rounding modes have charter names") {
        CHECK(parse_rounding("half-even") == Rounding::HalfEven);
        CHECK(parse_rounding("half-up") == Rounding::HalfUp);
        CHECK(parse_rounding("down") == Rounding::Down);
        CHECK_FALSE(rounding_from_name("up").has_value());
        CHECK_FALSE(rounding_from_name("").has_value());
        CHECK_THROWS_AS(parse_rounding("ceiling"), std::invalid_argument);
        for (Rounding mode : {Rounding::HalfEven, Rounding::HalfUp, Rounding::Down}) {
            CHECK(parse_rounding(rounding_name(mode)) == mode);
        }
    }
}
