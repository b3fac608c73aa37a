// calendar_items: every dated item of a charter, with the date rules of
// charter-calendar(1); calendar_window: what falls in a window seen from a day.
#include "charter/calendar.hpp"

#include <algorithm>
#include <map>

#include "api/internal.hpp"
#include "num/number.hpp"
#include "util/date.hpp"

namespace charter {

const char* calendar_kind_name(CalendarKind kind) {
    switch (kind) {
    case CalendarKind::MilestoneDue:
        return "milestone-due";
    case CalendarKind::MilestoneAchieved:
        return "milestone-achieved";
    case CalendarKind::ContributionDate:
        return "contribution";
    case CalendarKind::LicenseStart:
        return "license-start";
    case CalendarKind::LicenseEnd:
        return "license-end";
    case CalendarKind::RenewalNotice:
        return "renewal-notice";
    case CalendarKind::TermEnd:
        return "term-end";
    case CalendarKind::RenewalEnd:
        return "renewal-end";
    case CalendarKind::ConfidentialityEnd:
        return "confidentiality-end";
    case CalendarKind::RoyaltyTermEnd:
        return "royalty-term-end";
    case CalendarKind::MinimumYearEnd:
        return "minimum-year-end";
    }
    return "term-end";
}

namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;

/// Builds the items of one charter; knows where each date is written.
class Collector {
  public:
    Collector(const Charter& charter, const model::Charter& c) : m_charter(charter), m_c(c) {}

    void add(const Date& date, CalendarKind kind, const Node* node, std::string id,
             std::string summary, Fields fields, bool open = false, bool exclusive = false) {
        CalendarItem item;
        item.date = format_date(date);
        item.kind = kind;
        item.charter = m_charter.id();
        item.file = m_charter.name();
        item.line = line_of(node);
        item.id = std::move(id);
        item.summary = std::move(summary);
        item.open = open;
        item.exclusive = exclusive;
        item.fields = std::move(fields);
        m_items.push_back(std::move(item));
    }

    /// The node of `key` in `node`'s mapping, else `node` itself.
    static const Node* at(const Node* node, std::string_view key) {
        if (node != nullptr && node->is_mapping()) {
            if (const Node* v = node->get(key)) {
                return v;
            }
        }
        return node;
    }

    std::vector<CalendarItem> take() { return std::move(m_items); }

  private:
    int line_of(const Node* node) const {
        if (node == nullptr || !m_c.tree) {
            return 0;
        }
        return m_c.tree->where(*node).line;
    }

    const Charter& m_charter;
    const model::Charter& m_c;
    std::vector<CalendarItem> m_items;
};

std::string joined(const std::vector<model::Ref>& refs) {
    std::string out;
    for (const auto& r : refs) {
        out += (out.empty() ? "" : ", ") + r.id;
    }
    return out;
}

/// "20% of acme's share" for each vesting entry, by milestone id.
std::map<std::string, std::string, std::less<>> vesting_by_milestone(const model::Charter& c) {
    std::map<std::string, std::string, std::less<>> out;
    if (!c.economics) {
        return out;
    }
    for (const auto& v : c.economics->vesting) {
        std::string& s = out[v.milestone.id];
        s += (s.empty() ? "" : ", ") + num::format_percent(v.portion) + " of " + v.party.id +
             "'s share";
    }
    return out;
}

void add_milestones(Collector& out, const model::Charter& c) {
    auto vests = vesting_by_milestone(c);
    for (const auto& m : c.milestones) {
        Fields f{{"title", m.title}, {"owner", m.owner.id}};
        std::string tail;
        if (m.payment) {
            std::string amount = num::format_money(m.payment->amount, c.minor_digits);
            std::string route =
                " " + c.currency + " from " + m.payment->from.id + " to " + m.payment->to.id;
            f.emplace_back("payment", amount + route);
            tail += "; pays " + num::group_thousands(amount) + route;
        }
        if (auto v = vests.find(m.id); v != vests.end()) {
            f.emplace_back("vests", v->second);
            tail += "; vests " + v->second;
        }
        if (m.achieved) {
            if (m.due) {
                f.emplace_back("due", format_date(*m.due));
            }
            out.add(*m.achieved, CalendarKind::MilestoneAchieved, Collector::at(m.node, "achieved"),
                    m.id, "milestone '" + m.id + "' achieved: " + m.title + " (" + m.owner.id + ")",
                    std::move(f));
        } else if (m.due) {
            out.add(*m.due, CalendarKind::MilestoneDue, Collector::at(m.node, "due"), m.id,
                    "milestone '" + m.id + "' due: " + m.title + " (" + m.owner.id + ")" + tail,
                    std::move(f), true);
        }
    }
}

void add_contributions(Collector& out, const model::Charter& c) {
    for (const auto& k : c.contributions) {
        if (!k.date) {
            continue;
        }
        Fields f{{"party", k.party.id}};
        std::string what = "contribution '" + k.id + "' by " + k.party.id;
        if (k.value) {
            std::string v = num::format_money(*k.value, c.minor_digits);
            f.emplace_back("value", v + " " + c.currency);
            what += ": " + num::group_thousands(v) + " " + c.currency;
        }
        out.add(*k.date, CalendarKind::ContributionDate, Collector::at(k.node, "date"), k.id,
                std::move(what), std::move(f));
    }
}

std::string survival_text(const model::Survival& s) {
    switch (s.kind) {
    case model::Survival::Kind::None:
        return "none";
    case model::Survival::Kind::Perpetual:
        return "perpetual";
    case model::Survival::Kind::Duration:
        return format_duration(s.duration);
    }
    return "none";
}

void add_licenses(Collector& out, const model::Charter& c) {
    if (!c.ip) {
        return;
    }
    for (const auto& l : c.ip->licenses) {
        Fields f{{"assets", joined(l.assets)},
                 {"from", l.from.id},
                 {"to", joined(l.to)},
                 {"scope", l.scope},
                 {"field", l.field},
                 {"exclusive", l.exclusive ? "true" : "false"},
                 {"survives", survival_text(l.survives)}};
        std::string name = std::string(l.exclusive ? "exclusive " : "") + "license '" + l.id +
                           "' (" + joined(l.assets) + ", " + l.from.id + " to " + joined(l.to) +
                           ")";
        if (auto starts = l.starts ? l.starts : c.effective) {
            out.add(*starts, CalendarKind::LicenseStart, Collector::at(l.node, "starts"), l.id,
                    name + " starts", f, false, l.exclusive);
        }
        if (auto ends = l.ends ? l.ends : c.term_ends) {
            out.add(*ends, CalendarKind::LicenseEnd, Collector::at(l.node, "ends"), l.id,
                    name + " ends", std::move(f), false, l.exclusive);
        }
    }
}

/// End of term, renewal notice deadline, renewed end, confidentiality's end.
void add_term(Collector& out, const model::Charter& c) {
    if (!c.term_ends) {
        return;
    }
    const Date end = *c.term_ends;
    const std::string end_text = format_date(end);
    out.add(end, CalendarKind::TermEnd, c.term_node, "term", "end of term (last day)",
            {{"effective", c.effective ? format_date(*c.effective) : ""}});
    const Node* renewal = c.tree && c.tree->root ? Collector::at(c.tree->root, "renewal") : nullptr;
    if (auto deadline = c.renewal_notice_deadline()) {
        out.add(*deadline, CalendarKind::RenewalNotice, Collector::at(renewal, "notice"), "renewal",
                "renewal notice deadline: " + format_duration(*c.renewal_notice) +
                    " before the term ends on " + end_text,
                {{"notice", format_duration(*c.renewal_notice)}, {"term_ends", end_text}});
    }
    if (auto renewed = c.renewed_end()) {
        out.add(*renewed, CalendarKind::RenewalEnd, Collector::at(renewal, "length"), "renewal",
                "end of term if renewed for " + format_duration(*c.renewal_length),
                {{"length", format_duration(*c.renewal_length)}, {"term_ends", end_text}});
    }
    if (auto ends = c.confidentiality_ends()) {
        out.add(
            *ends, CalendarKind::ConfidentialityEnd, c.confidentiality->node, "confidentiality",
            "confidentiality ends " + format_duration(c.confidentiality->duration) +
                " after the term ends on " + end_text,
            {{"survives", format_duration(c.confidentiality->duration)}, {"term_ends", end_text}});
    }
}

constexpr long long kMinimumYears = 100;

/// The last days of the years (calendar or contract) of a minimum royalty
/// that end inside both the term and the step's `active` window.
std::vector<Date> minimum_year_ends(const model::Charter& c, const model::Step& st) {
    std::vector<Date> out;
    if (!c.effective || !c.term_ends) {
        return out;
    }
    Date first = *c.effective;
    Date last = *c.term_ends;
    if (st.active && st.active->from && *st.active->from > first) {
        first = *st.active->from;
    }
    if (st.active && st.active->after) {
        const model::Milestone* m = c.milestone(st.active->after->id);
        if (!m || !m->achieved) {
            return out; // the royalty term has not started: no year of it is known
        }
        first = std::max(first, *m->achieved);
    }
    if (st.active && st.active->until && *st.active->until < last) {
        last = *st.active->until;
    }
    bool contract = st.minimum->per == model::Window::ContractYear;
    // at most a century of year ends per minimum: a term of 10,000 years must
    // not list (and cost) 10,000 items for every step
    for (long long k = 0; k < kMinimumYears; ++k) {
        Date end = contract ? add_days(add_months(*c.effective, 12 * (k + 1)), -1)
                            : Date{c.effective->year + static_cast<int>(k), 12, 31};
        if (end > last) {
            break;
        }
        if (end >= first) {
            out.push_back(end);
        }
    }
    return out;
}

/// A royalty term's last day (`active.until`) and each minimum royalty's year end.
void add_royalty_terms(Collector& out, const model::Charter& c) {
    if (!c.economics) {
        return;
    }
    for (const auto& s : c.economics->streams) {
        for (const auto& st : s.waterfall) {
            std::string name = "step '" + st.id + "' of stream '" + s.id + "'";
            Fields f{{"stream", s.id}, {"step", st.id}};
            if (st.active && st.active->until) {
                out.add(*st.active->until, CalendarKind::RoyaltyTermEnd,
                        Collector::at(st.active->node, "until"), st.id,
                        name + ": last day of its term", f);
            }
            if (st.kind != model::StepKind::Royalty || !st.minimum) {
                continue;
            }
            std::string plain = num::format_money(st.minimum->amount, c.minor_digits);
            std::string amount = plain + " " + c.currency;
            bool contract = st.minimum->per == model::Window::ContractYear;
            for (const Date& end : minimum_year_ends(c, st)) {
                Fields mf = f;
                mf.emplace_back("minimum", amount);
                mf.emplace_back("per", contract ? "contract-year" : "calendar-year");
                out.add(end, CalendarKind::MinimumYearEnd, st.minimum->node, st.id,
                        name + ": " + (contract ? "contract" : "calendar") +
                            " year ends; royalties below " + num::group_thousands(plain) + " " +
                            c.currency + " are topped up",
                        std::move(mf));
            }
        }
    }
}

bool before(const CalendarItem& a, const CalendarItem& b) {
    if (a.date != b.date) {
        // ISO dates sort as text, once a year past 9999 (more digits) sorts later
        return a.date.size() != b.date.size() ? a.date.size() < b.date.size() : a.date < b.date;
    }
    if (a.charter != b.charter) {
        return a.charter < b.charter;
    }
    if (a.file != b.file) {
        return a.file < b.file;
    }
    if (a.kind != b.kind) {
        return a.kind < b.kind;
    }
    return a.id < b.id;
}

Expected<Date, Error> window_date(const char* what, const std::string& text) {
    auto d = parse_date(text);
    if (!d) {
        return unexpected(
            api::request_error(std::string(what) + ": " + d.error().message, d.error().help));
    }
    return *d;
}

} // namespace

std::vector<CalendarItem> calendar_items(const Charter& charter) {
    const model::Charter& c = api::model_of(charter);
    Collector out(charter, c);
    add_milestones(out, c);
    add_contributions(out, c);
    add_licenses(out, c);
    add_term(out, c);
    add_royalty_terms(out, c);
    std::vector<CalendarItem> items = out.take();
    std::stable_sort(items.begin(), items.end(), before);
    return items;
}

Expected<std::vector<CalendarEntry>, Error> calendar_window(std::vector<CalendarItem> items,
                                                            const CalendarWindow& window) {
    CHARTER_TRY(const Date as_of, window_date("as of", window.as_of));
    Date from = as_of;
    if (!window.from.empty()) {
        CHARTER_TRY(from, window_date("from", window.from));
    }
    std::optional<Date> to;
    if (!window.to.empty()) {
        CHARTER_TRY(to, window_date("to", window.to));
        if (*to < from) {
            return unexpected(api::request_error("the window ends on " + format_date(*to) +
                                                 ", before it starts on " + format_date(from)));
        }
    }
    const long long today = to_days(as_of);
    std::vector<CalendarEntry> out;
    for (auto& item : items) {
        auto date = parse_date(item.date);
        if (!date) {
            continue; // beyond year 9999: outside any window that can be written
        }
        bool overdue = item.open && *date < as_of;
        if ((to && *date > *to) || (*date < from && !overdue)) {
            continue;
        }
        long long days = to_days(*date) - today;
        out.push_back(CalendarEntry{std::move(item), days, overdue});
    }
    sort_calendar(out);
    return out;
}

void sort_calendar(std::vector<CalendarEntry>& entries) {
    std::stable_sort(
        entries.begin(), entries.end(),
        [](const CalendarEntry& a, const CalendarEntry& b) { return before(a.item, b.item); });
}

} // namespace charter
