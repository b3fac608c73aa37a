#pragma once
// Rendering of `charter calendar`: a table, JSON, Markdown and iCalendar (RFC 5545).
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "charter/calendar.hpp"
#include "util/date.hpp"

namespace charter::report {

/// What every calendar output says about the window it shows.
struct CalendarOptions {
    Date as_of{};
    Date from{};
    std::optional<Date> to;         ///< empty: no end
    std::optional<Duration> remind; ///< iCalendar: a reminder this long before each item
};

/// date, days from the as-of date, charter, what, details; a summary line first.
void write_calendar_table(std::ostream& out, const std::vector<CalendarEntry>& entries,
                          const CalendarOptions& opts);
/// {"as_of", "from", "to", "items": [{date, kind, charter, file, line, id, summary, days,
/// overdue, and the kind's own fields}]}.
void write_calendar_json(std::ostream& out, const std::vector<CalendarEntry>& entries,
                         const CalendarOptions& opts);
/// A heading, a summary line and a table, for an issue or a chat message.
void write_calendar_markdown(std::ostream& out, const std::vector<CalendarEntry>& entries,
                             const CalendarOptions& opts);
/// One all-day VEVENT per entry, CRLF, folded at 75 octets, the same bytes for
/// the same entries and options (DTSTAMP is the as-of date).
void write_calendar_ics(std::ostream& out, const std::vector<CalendarEntry>& entries,
                        const CalendarOptions& opts);

/// RFC 5545 TEXT escaping: backslash, semicolon, comma and newlines (CR dropped).
std::string ics_escape(std::string_view text);
/// RFC 5545 folding of one content line: at most 75 octets a line, never
/// inside a UTF-8 sequence, continuation lines starting with a space; each
/// line ends in CRLF.
std::string ics_fold(std::string_view line);

/// "milestone due", "OVERDUE milestone", "exclusive license ends", ...
std::string calendar_what(const CalendarEntry& e);

} // namespace charter::report
