#pragma once
// Every dated item of a charter (milestones, licenses, term, renewal,
// confidentiality, contributions), for `charter calendar`. Dates are
// "YYYY-MM-DD" strings; the rules that derive them are in charter-calendar(1).
#include <string>
#include <utility>
#include <vector>

#include "charter/error.hpp"
#include "charter/expected.hpp"
#include "charter/load.hpp"

namespace charter {

/// What a calendar item is, in the order items of one date and charter are listed.
enum class CalendarKind {
    MilestoneDue,       ///< a milestone not yet achieved, on its `due` date
    MilestoneAchieved,  ///< a milestone's `achieved` date (history)
    ContributionDate,   ///< a contribution's `date`
    LicenseStart,       ///< `starts` (default: effective)
    LicenseEnd,         ///< `ends` (default: end of term), the last day in force
    RenewalNotice,      ///< the last day renewal notice can be served: end of term - renewal.notice
    TermEnd,            ///< the last day of the term
    RenewalEnd,         ///< the last day of the term if renewed once
    ConfidentialityEnd, ///< end of term + confidentiality.survives
    RoyaltyTermEnd,     ///< a waterfall step's `active.until`: the last day of a royalty term
    MinimumYearEnd,     ///< the last day of a year whose royalties are topped up to a minimum
};

/// "milestone-due", "milestone-achieved", "contribution", "license-start",
/// "license-end", "renewal-notice", "term-end", "renewal-end", "confidentiality-end",
/// "royalty-term-end", "minimum-year-end".
const char* calendar_kind_name(CalendarKind kind);

/// One dated item of one charter.
struct CalendarItem {
    std::string date; ///< "YYYY-MM-DD"
    CalendarKind kind = CalendarKind::TermEnd;
    std::string charter;    ///< the charter's id
    std::string file;       ///< the charter's name as loaded (a path)
    int line = 0;           ///< where the date (or what it is derived from) is written
    std::string id;         ///< the item's id: a milestone, license or contribution id; "term",
                            ///< "renewal" or "confidentiality"
    std::string summary;    ///< one line: "milestone 'm2-pilot' due: Pilot line (globex)"
    bool open = false;      ///< an obligation still to be met (a milestone due): can be overdue
    bool exclusive = false; ///< a license item of an exclusive license
    /// The kind's own fields, in a fixed order: ("owner", "globex"), ("payment", "250000.00
    /// USD from globex to acme"), ("exclusive", "true"), ...
    std::vector<std::pair<std::string, std::string>> fields;
};

/// Every dated item of a charter, sorted by date, then kind, then id.
std::vector<CalendarItem> calendar_items(const Charter& charter);

/// Which items to list, and the date that "today" is.
struct CalendarWindow {
    std::string as_of; ///< "YYYY-MM-DD"
    std::string from;  ///< first day listed; empty: as_of
    std::string to;    ///< last day listed (inclusive); empty: no end
};

/// An item as seen from the as-of date.
struct CalendarEntry {
    CalendarItem item;
    long long days = 0;   ///< from the as-of date to the item's date (negative: past)
    bool overdue = false; ///< open and due before the as-of date
};

/// The items within the window, sorted by date, charter, kind and id. An
/// overdue item is listed whatever `from` says (it is still owed), as long
/// as it is not after `to`. ErrorKind::Request for a malformed date or a
/// window that ends before it starts.
Expected<std::vector<CalendarEntry>, Error> calendar_window(std::vector<CalendarItem> items,
                                                            const CalendarWindow& window);

/// Sorts entries gathered from several calendar_window calls (one per
/// charter) as calendar_window sorts them: date, charter, kind, id.
void sort_calendar(std::vector<CalendarEntry>& entries);

} // namespace charter
