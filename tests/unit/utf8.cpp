#include <doctest/doctest.h>

#include <string>

#include "diag/diagnostic.hpp"
#include "util/source.hpp"
#include "util/text.hpp"
#include "util/utf8.hpp"

using namespace charter;

TEST_SUITE("utf8") {
    TEST_CASE("valid text has no invalid offset") {
        CHECK_FALSE(utf8::first_invalid("plain ascii").has_value());
        CHECK_FALSE(utf8::first_invalid("Acme–Globex \xF0\x9F\x98\x80").has_value());
    }
    TEST_CASE("invalid sequences are found at their first byte") {
        CHECK(utf8::first_invalid("ab\xFF").value() == 2);
        CHECK(utf8::first_invalid("a\xC0\xAF").value() == 1);     // overlong
        CHECK(utf8::first_invalid("a\xED\xA0\x80").value() == 1); // surrogate
        CHECK(utf8::first_invalid("a\xE2\x82").value() == 1);     // truncated
    }
    TEST_CASE("an invalid byte is found wherever it stands among runs of ASCII") {
        for (std::size_t at = 0; at < 40; ++at) {
            CAPTURE(at);
            std::string text(40, 'x');
            text.insert(at, "\xC3\xA9"); // é: valid
            CHECK_FALSE(utf8::first_invalid(text).has_value());
            text.insert(at + 2 + at % 3, "\xFF");
            CHECK(utf8::first_invalid(text).value() == at + 2 + at % 3);
        }
    }
    TEST_CASE("code points are counted, not bytes") {
        CHECK(utf8::count_code_points("Acme–Globex") == 11);
    }
    TEST_CASE("display width follows East Asian Width, emoji and combining marks") {
        CHECK(utf8::display_width(U'a') == 1);
        CHECK(utf8::display_width(U'\u00E9') == 1);     // é
        CHECK(utf8::display_width(U'\u65E5') == 2);     // 日
        CHECK(utf8::display_width(U'\u3000') == 2);     // ideographic space
        CHECK(utf8::display_width(U'\uFF21') == 2);     // fullwidth A
        CHECK(utf8::display_width(U'\uAC00') == 2);     // Hangul syllable
        CHECK(utf8::display_width(U'\U0001F680') == 2); // rocket
        CHECK(utf8::display_width(U'\u26A1') == 2);     // high voltage
        CHECK(utf8::display_width(U'\U0001FAF6') == 2); // heart hands (Unicode 14)
        CHECK(utf8::display_width(U'\u0301') == 0);     // combining acute accent
        CHECK(utf8::display_width(U'\u200D') == 0);     // zero width joiner
    }
}

TEST_SUITE("source") {
    TEST_CASE("lines and columns are 1-based and count code points") {
        Source src("x", "a: 1\ntitle: Acme–Globex x\r\nlast");
        CHECK(src.line_count() == 3);
        CHECK(src.line(2) == "title: Acme–Globex x");
        CHECK(src.line(3) == "last");
        std::size_t x = src.text().find(" x\r") + 1;
        CHECK(src.line_of(x) == 2);
        CHECK(src.column_of(x) == 20);
        Location loc = src.span(x, x + 1);
        CHECK(loc.line == 2);
        CHECK(loc.end_column == 21);
    }

    TEST_CASE("text::same agrees with == on short and long texts") {
        const std::string long_a(40, 'a');
        std::string long_b = long_a;
        long_b.back() = 'b';
        const std::string_view cases[] = {
            "", "a", "b", "id", "ip", "di", "owner", "owners", "exit_triggers", long_a, long_b};
        for (std::string_view x : cases) {
            for (std::string_view y : cases) {
                CAPTURE(x);
                CAPTURE(y);
                CHECK(text::same(x, y) == (x == y));
            }
        }
        // the bytes are compared, not where they are
        const std::string copy = "owner";
        CHECK(text::same(copy, "owner"));
        CHECK_FALSE(text::same(std::string_view(copy).substr(0, 4), "owner"));
    }
}
