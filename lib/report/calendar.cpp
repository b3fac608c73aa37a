#include "report/calendar.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "util/utf8.hpp"

namespace charter::report {

namespace {

std::string days_text(long long days) {
    return days > 0 ? "+" + std::to_string(days) : std::to_string(days);
}

std::size_t overdue_count(const std::vector<CalendarEntry>& entries) {
    return static_cast<std::size_t>(std::count_if(
        entries.begin(), entries.end(), [](const CalendarEntry& e) { return e.overdue; }));
}

std::string window_text(const CalendarOptions& opts) {
    return "from " + format_date(opts.from) +
           (opts.to ? " to " + format_date(*opts.to) : std::string(", no end"));
}

std::string count_text(const std::vector<CalendarEntry>& entries) {
    std::size_t n = entries.size();
    std::string s = fmt::format("{} item{}", n, n == 1 ? "" : "s");
    if (std::size_t o = overdue_count(entries); o > 0) {
        s += fmt::format(", {} overdue", o);
    }
    return s;
}

/// Pads to `width` code points (ids and dates are ASCII; titles may not be).
std::string padded(const std::string& s, std::size_t width) {
    std::size_t n = utf8::count_code_points(s);
    return n >= width ? s : s + std::string(width - n, ' ');
}

/// A table cell on one line: newlines in a title become spaces.
std::string one_line(std::string_view text) {
    std::string out(text);
    std::replace_if(
        out.begin(), out.end(), [](char ch) { return ch == '\n' || ch == '\r'; }, ' ');
    return out;
}

std::string markdown_cell(std::string_view text) {
    std::string out;
    for (char ch : text) {
        if (ch == '|') {
            out += "\\|";
        } else if (ch == '\n' || ch == '\r') {
            out += ' ';
        } else {
            out += ch;
        }
    }
    return out;
}

std::string ics_date(const Date& d) {
    return fmt::format("{:04}{:02}{:02}", d.year, d.month, d.day);
}

std::string uid(const CalendarItem& item) {
    return item.charter + "." + calendar_kind_name(item.kind) + "." + item.id + "@charter";
}

std::string description(const CalendarItem& item) {
    std::string d = item.summary + "\n";
    for (const auto& [key, value] : item.fields) {
        if (!value.empty()) {
            d += key + ": " + value + "\n";
        }
    }
    d += item.file + ":" + std::to_string(item.line);
    return d;
}

void ics_line(std::ostream& out, std::string_view name, std::string_view value) {
    std::string line(name);
    line += ':';
    line += value;
    out << ics_fold(line);
}

void write_event(std::ostream& out, const CalendarEntry& e, const CalendarOptions& opts) {
    const CalendarItem& item = e.item;
    auto date = parse_date(item.date);
    if (!date) {
        return;
    }
    std::string summary = item.charter + ": " + (e.overdue ? "OVERDUE " : "") + item.summary;
    out << "BEGIN:VEVENT\r\n";
    ics_line(out, "UID", uid(item));
    ics_line(out, "DTSTAMP", ics_date(opts.as_of) + "T000000Z");
    ics_line(out, "DTSTART;VALUE=DATE", ics_date(*date));
    ics_line(out, "DTEND;VALUE=DATE", ics_date(add_days(*date, 1)));
    ics_line(out, "SUMMARY", ics_escape(summary));
    ics_line(out, "DESCRIPTION", ics_escape(description(item)));
    ics_line(out, "CATEGORIES", calendar_kind_name(item.kind));
    ics_line(out, "TRANSP", "TRANSPARENT");
    if (opts.remind) {
        // months and years have no fixed length in RFC 5545 durations: count
        // the days back from this item's own date
        Duration back{-opts.remind->count, opts.remind->unit};
        long long days = to_days(*date) - to_days(add(*date, back));
        out << "BEGIN:VALARM\r\n";
        ics_line(out, "ACTION", "DISPLAY");
        ics_line(out, "DESCRIPTION", ics_escape(summary));
        ics_line(out, "TRIGGER", fmt::format("-P{}D", days));
        out << "END:VALARM\r\n";
    }
    out << "END:VEVENT\r\n";
}

} // namespace

std::string calendar_what(const CalendarEntry& e) {
    switch (e.item.kind) {
    case CalendarKind::MilestoneDue:
        return e.overdue ? "OVERDUE milestone" : "milestone due";
    case CalendarKind::MilestoneAchieved:
        return "milestone achieved";
    case CalendarKind::ContributionDate:
        return "contribution";
    case CalendarKind::LicenseStart:
        return e.item.exclusive ? "exclusive license starts" : "license starts";
    case CalendarKind::LicenseEnd:
        return e.item.exclusive ? "exclusive license ends" : "license ends";
    case CalendarKind::RenewalNotice:
        return "renewal notice deadline";
    case CalendarKind::TermEnd:
        return "end of term";
    case CalendarKind::RenewalEnd:
        return "end of renewed term";
    case CalendarKind::ConfidentialityEnd:
        return "confidentiality ends";
    case CalendarKind::RoyaltyTermEnd:
        return "royalty term ends";
    case CalendarKind::MinimumYearEnd:
        return "minimum royalty year ends";
    }
    return "";
}

void write_calendar_table(std::ostream& out, const std::vector<CalendarEntry>& entries,
                          const CalendarOptions& opts) {
    out << "calendar as of " << format_date(opts.as_of) << ", " << window_text(opts) << ": "
        << count_text(entries) << "\n";
    if (entries.empty()) {
        return;
    }
    std::vector<std::array<std::string, 5>> rows;
    rows.push_back({"date", "days", "charter", "what", "details"});
    for (const auto& e : entries) {
        rows.push_back({e.item.date, days_text(e.days), e.item.charter, calendar_what(e),
                        one_line(e.item.summary)});
    }
    std::array<std::size_t, 4> width{};
    for (const auto& r : rows) {
        for (std::size_t i = 0; i < width.size(); ++i) {
            width[i] = std::max(width[i], utf8::count_code_points(r[i]));
        }
    }
    for (const auto& r : rows) {
        std::string days = std::string(width[1] - utf8::count_code_points(r[1]), ' ') + r[1];
        out << padded(r[0], width[0]) << "  " << days << "  " << padded(r[2], width[2]) << "  "
            << padded(r[3], width[3]) << "  " << r[4] << "\n";
    }
}

void write_calendar_json(std::ostream& out, const std::vector<CalendarEntry>& entries,
                         const CalendarOptions& opts) {
    using Json = nlohmann::ordered_json;
    Json doc;
    doc["as_of"] = format_date(opts.as_of);
    doc["from"] = format_date(opts.from);
    doc["to"] = opts.to ? Json(format_date(*opts.to)) : Json(nullptr);
    doc["items"] = Json::array();
    for (const auto& e : entries) {
        const CalendarItem& item = e.item;
        Json j;
        j["date"] = item.date;
        j["kind"] = calendar_kind_name(item.kind);
        j["charter"] = item.charter;
        j["file"] = item.file;
        j["line"] = item.line;
        j["id"] = item.id;
        j["summary"] = item.summary;
        j["days"] = e.days;
        j["overdue"] = e.overdue;
        for (const auto& [key, value] : item.fields) {
            if (key == "exclusive") { // the one flag among the fields; a title "true" stays text
                j[key] = value == "true";
            } else {
                j[key] = value;
            }
        }
        doc["items"].push_back(std::move(j));
    }
    out << doc.dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
}

void write_calendar_markdown(std::ostream& out, const std::vector<CalendarEntry>& entries,
                             const CalendarOptions& opts) {
    out << "### Charter calendar as of " << format_date(opts.as_of) << "\n\n";
    std::size_t overdue = overdue_count(entries);
    out << "Dated items " << window_text(opts) << ": " << entries.size()
        << (entries.size() == 1 ? " item" : " items");
    if (overdue > 0) {
        out << ", **" << overdue << " overdue**";
    }
    out << ".\n";
    if (entries.empty()) {
        return;
    }
    out << "\n| date | days | charter | what | details | where |\n"
        << "| --- | ---: | --- | --- | --- | --- |\n";
    for (const auto& e : entries) {
        std::string what = calendar_what(e);
        if (e.overdue) {
            what = "**" + what + "**";
        }
        out << "| " << e.item.date << " | " << days_text(e.days) << " | `" << e.item.charter
            << "` | " << what << " | " << markdown_cell(e.item.summary) << " | `"
            << markdown_cell(e.item.file) << ":" << e.item.line << "` |\n";
    }
}

void write_calendar_ics(std::ostream& out, const std::vector<CalendarEntry>& entries,
                        const CalendarOptions& opts) {
    out << "BEGIN:VCALENDAR\r\n";
    ics_line(out, "VERSION", "2.0");
    ics_line(out, "PRODID", "-//charter//charter calendar//EN");
    ics_line(out, "CALSCALE", "GREGORIAN");
    ics_line(out, "X-WR-CALNAME", "Charter obligations");
    for (const auto& e : entries) {
        write_event(out, e, opts);
    }
    out << "END:VCALENDAR\r\n";
}

std::string ics_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char ch : text) {
        switch (ch) {
        case '\\':
            out += "\\\\";
            break;
        case ';':
            out += "\\;";
            break;
        case ',':
            out += "\\,";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            break;
        default:
            out += ch;
        }
    }
    return out;
}

std::string ics_fold(std::string_view line) {
    constexpr std::size_t kOctets = 75;
    std::string out;
    std::size_t pos = 0;
    bool first = true;
    while (true) {
        // a continuation line's leading space counts in its 75 octets
        std::size_t room = first ? kOctets : kOctets - 1;
        if (line.size() - pos <= room) {
            out += first ? "" : " ";
            out.append(line.substr(pos));
            out += "\r\n";
            return out;
        }
        std::size_t cut = pos + room;
        // never split a UTF-8 sequence: back up to the start of a character
        while (cut > pos && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) {
            --cut;
        }
        if (cut == pos) {
            cut = pos + room; // not UTF-8: cut anyway rather than loop
        }
        out += first ? "" : " ";
        out.append(line.substr(pos, cut - pos));
        out += "\r\n";
        pos = cut;
        first = false;
    }
}

} // namespace charter::report
