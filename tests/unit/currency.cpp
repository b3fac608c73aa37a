#include <doctest/doctest.h>

#include <set>
#include <string>

#include "num/currency.hpp"

using namespace charter::num;

TEST_SUITE("currency") {
    TEST_CASE("common currencies have their ISO 4217 minor digits") {
        CHECK(minor_units("USD") == 2);
        CHECK(minor_units("EUR") == 2);
        CHECK(minor_units("GBP") == 2);
        CHECK(minor_units("CHF") == 2);
        CHECK(minor_units("CNY") == 2);
        CHECK(minor_units("INR") == 2);
    }

    TEST_CASE("currencies without decimals have zero minor digits") {
        for (const char* code :
             {"JPY", "KRW", "CLP", "ISK", "VND", "XAF", "XOF", "XPF", "UYI", "PYG", "UGX"}) {
            CAPTURE(code);
            CHECK(minor_units(code) == 0);
        }
    }

    TEST_CASE("dinars and rials of three decimals and units of four are known") {
        for (const char* code : {"BHD", "KWD", "OMR", "JOD", "TND", "LYD", "IQD"}) {
            CAPTURE(code);
            CHECK(minor_units(code) == 3);
        }
        CHECK(minor_units("CLF") == 4);
        CHECK(minor_units("UYW") == 4);
    }

    TEST_CASE("the table reaches both ends of the alphabet") {
        CHECK(minor_units("AED") == 2);
        CHECK(minor_units("ZWG") == 2);
        CHECK(minor_units("XCG") == 2);
    }

    TEST_CASE("unknown, withdrawn and unit-less codes are not currencies") {
        for (const char* code : {"ABC", "ZZZ", "AAA", "HRK", "DEM", "FRF", "XAU", "XAG", "XDR",
                                 "XXX", "XTS", "usd", "US", "USDX", ""}) {
            CAPTURE(code);
            CHECK_FALSE(minor_units(code).has_value());
        }
        CHECK_FALSE(minor_units(std::string_view("U\0D", 3)).has_value());
        CHECK_FALSE(minor_units(std::string(1 << 20, 'A')).has_value());
    }

    TEST_CASE("the table is sorted, without duplicates, of well-shaped codes") {
        auto table = currency_table();
        REQUIRE(table.size() > 150);
        std::set<std::string_view> seen;
        for (std::size_t i = 0; i < table.size(); ++i) {
            CAPTURE(table[i].code);
            CHECK(is_currency_code_shape(table[i].code));
            CHECK(table[i].minor_digits >= 0);
            CHECK(table[i].minor_digits <= 4);
            CHECK(seen.insert(table[i].code).second);
            if (i > 0) {
                CHECK(table[i - 1].code < table[i].code);
            }
            CHECK(minor_units(table[i].code) == table[i].minor_digits);
        }
    }

    TEST_CASE("a currency code is three upper-case letters") {
        CHECK(is_currency_code_shape("USD"));
        CHECK(is_currency_code_shape("ABC"));
        CHECK_FALSE(is_currency_code_shape("usd"));
        CHECK_FALSE(is_currency_code_shape("Usd"));
        CHECK_FALSE(is_currency_code_shape("US"));
        CHECK_FALSE(is_currency_code_shape("USDX"));
        CHECK_FALSE(is_currency_code_shape("U5D"));
        CHECK_FALSE(is_currency_code_shape(""));
        CHECK_FALSE(is_currency_code_shape("$"));
    }
}
