// The calendar: dated items of a charter (public API), the window, and the
// iCalendar text rules of the writer.
#include <doctest/doctest.h>

#include <string>

#include "charter/calendar.hpp"
#include "report/calendar.hpp"

namespace {

const char* kCharter = R"(charter: 1
id: cal
title: Calendar
kind: joint-development
effective: 2026-01-15
term: {ends: 2028-02-29}
renewal: {length: 1y, notice: 1m}
currency: USD
parties:
  - {id: a, name: A}
  - {id: b, name: B}
milestones:
  - {id: m1, title: First, owner: a, due: 2026-06-30, achieved: 2026-06-01}
  - {id: m2, title: Second, owner: b, due: 2026-12-31}
confidentiality: {survives: 1y}
)";

charter::Charter loaded() {
    auto c = charter::load(kCharter, "cal.charter.yaml");
    REQUIRE(c);
    return *c;
}

const charter::CalendarItem* find(const std::vector<charter::CalendarItem>& items,
                                  charter::CalendarKind kind) {
    for (const auto& i : items) {
        if (i.kind == kind) {
            return &i;
        }
    }
    return nullptr;
}

} // namespace

TEST_SUITE("calendar") {
    TEST_CASE("the derived dates follow charter-calendar(1): month ends clamp, leap days count") {
        auto items = charter::calendar_items(loaded());
        using K = charter::CalendarKind;
        REQUIRE(find(items, K::TermEnd));
        CHECK(find(items, K::TermEnd)->date == "2028-02-29");
        CHECK(find(items, K::RenewalNotice)->date == "2028-01-29");
        CHECK(find(items, K::RenewalEnd)->date == "2029-02-28");
        CHECK(find(items, K::ConfidentialityEnd)->date == "2029-02-28");
        CHECK(find(items, K::MilestoneAchieved)->id == "m1");
        CHECK(find(items, K::MilestoneDue)->id == "m2");
        CHECK(find(items, K::MilestoneDue)->line == 14);
        CHECK(find(items, K::MilestoneDue)->open);
    }

    TEST_CASE("items come sorted by date") {
        auto items = charter::calendar_items(loaded());
        for (std::size_t i = 1; i < items.size(); ++i) {
            CHECK(items[i - 1].date <= items[i].date);
        }
    }

    TEST_CASE("the window keeps its edges, and overdue items whatever the start") {
        auto items = charter::calendar_items(loaded());
        auto w = charter::calendar_window(items, {"2027-01-01", "2028-01-29", "2028-02-29"});
        REQUIRE(w);
        REQUIRE(w->size() == 3);
        CHECK((*w)[0].item.id == "m2");
        CHECK((*w)[0].overdue);
        CHECK((*w)[0].days == -1);
        CHECK((*w)[1].item.kind == charter::CalendarKind::RenewalNotice);
        CHECK((*w)[2].item.kind == charter::CalendarKind::TermEnd);
    }

    TEST_CASE("a malformed date or a backwards window is a request error") {
        auto items = charter::calendar_items(loaded());
        auto bad = charter::calendar_window(items, {"2027-02-30", "", ""});
        REQUIRE(!bad);
        CHECK(bad.error().kind == charter::ErrorKind::Request);
        auto backwards = charter::calendar_window(items, {"2027-01-01", "", "2026-12-31"});
        REQUIRE(!backwards);
        CHECK(backwards.error().kind == charter::ErrorKind::Request);
    }

    TEST_CASE("iCalendar text escapes backslash, semicolon, comma and newlines") {
        CHECK(charter::report::ics_escape("a,b;c\\d\r\ne") == "a\\,b\\;c\\\\d\\ne");
    }

    TEST_CASE("iCalendar lines fold at 75 octets, never inside a UTF-8 sequence") {
        std::string line =
            "SUMMARY:" + std::string(70, 'x') + "\xC3\xA9\xC3\xA9" + std::string(200, 'y');
        std::string folded = charter::report::ics_fold(line);
        std::string unfolded;
        std::size_t start = 0;
        while (start < folded.size()) {
            std::size_t end = folded.find("\r\n", start);
            REQUIRE(end != std::string::npos);
            std::string part = folded.substr(start, end - start);
            CHECK(part.size() <= 75);
            CHECK((static_cast<unsigned char>(part[start == 0 ? 0 : 1]) & 0xC0) != 0x80);
            unfolded += start == 0 ? part : part.substr(1);
            start = end + 2;
        }
        CHECK(unfolded == line);
        CHECK(charter::report::ics_fold("VERSION:2.0") == "VERSION:2.0\r\n");
    }
}
