// The pictures of a rendered charter, drawn as inline SVG: a timeline, where
// each scenario's money goes, and who owns what. Pixels are doubles derived
// from exact amounts and dates; every label is escaped. Colours come from the
// Okabe-Ito palette (safe for colour-blind readers) and every party also has
// its own hatching, so the pictures read in black and white too.
#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "num/number.hpp"
#include "render/document.hpp"
#include "util/text.hpp"

namespace charter::render {

namespace {

constexpr const char* kColours[] = {"#0072B2", "#E69F00", "#009E73", "#CC79A7",
                                    "#56B4E9", "#D55E00", "#F0E442", "#999999"};
constexpr std::size_t kColourCount = sizeof(kColours) / sizeof(kColours[0]);
constexpr std::size_t kMaxRows = 60; ///< rows drawn per picture; the tables list everything

std::string px(double x) {
    return fmt::format("{:.1f}", x);
}

/// A label from the charter, shortened and escaped.
std::string label(std::string_view text, std::size_t max = 32) {
    return escape_xml(text::shown(text, max));
}

/// The SVG element and its accessible name; `h` is the height in pixels.
std::string open_svg(double w, double h, const std::string& id, const std::string& title) {
    return fmt::format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" "
                       "viewBox=\"0 0 {} {}\" role=\"img\" aria-labelledby=\"{}-title\" "
                       "font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"12\">\n"
                       "<title id=\"{}-title\">{}</title>\n",
                       px(w), px(h), px(w), px(h), id, id, escape_xml(title));
}

/// A fill pattern per party: its colour with its own hatching.
std::string party_patterns(const std::string& prefix, std::size_t parties) {
    std::string out = "<defs>\n";
    std::size_t n = std::min(parties, kColourCount * 4);
    for (std::size_t i = 0; i < n; ++i) {
        const char* colour = kColours[i % kColourCount];
        std::string lines;
        switch (i % 4) {
        case 1:
            lines = "<path d=\"M0,8 L8,0\" stroke=\"#000\" stroke-width=\"1\"/>";
            break;
        case 2:
            lines = "<path d=\"M0,4 L8,4\" stroke=\"#000\" stroke-width=\"1\"/>";
            break;
        case 3:
            lines = "<circle cx=\"4\" cy=\"4\" r=\"1.3\" fill=\"#000\"/>";
            break;
        default:
            break;
        }
        out += fmt::format("<pattern id=\"{}-p{}\" width=\"8\" height=\"8\" "
                           "patternUnits=\"userSpaceOnUse\"><rect width=\"8\" height=\"8\" "
                           "fill=\"{}\"/>{}</pattern>\n",
                           prefix, i, colour, lines);
    }
    return out + "</defs>\n";
}

std::string party_fill(const std::string& prefix, std::size_t i) {
    return fmt::format("url(#{}-p{})", prefix, i % (kColourCount * 4));
}

/// A legend row of parties at y.
std::string legend(const std::string& prefix, const model::Charter& c, double& y) {
    std::string out;
    double x = 10;
    for (std::size_t i = 0; i < c.parties.size() && i < kColourCount * 4; ++i) {
        out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"14\" height=\"14\" fill=\"{}\" "
                           "stroke=\"#000\"/><text x=\"{}\" y=\"{}\">{}</text>\n",
                           px(x), px(y), party_fill(prefix, i), px(x + 18), px(y + 11),
                           label(c.parties[i].id, 20));
        x += 30 + 7.0 * static_cast<double>(std::min<std::size_t>(c.parties[i].id.size(), 20));
        if (x > 800) {
            x = 10;
            y += 20;
        }
    }
    y += 20;
    return out;
}

std::string name_of(const model::Charter& c) {
    return c.title.empty() ? c.id : c.title;
}

double ratio(const num::Rational& part, const num::Rational& whole) {
    if (whole <= 0) {
        return 0;
    }
    num::Rational r = part / whole;
    return std::clamp(r.get_d(), 0.0, 1.0);
}

} // namespace

namespace {

/// A license's bar on the timeline: in force from..to, then surviving.
struct LicenseBar {
    std::string name;
    Date from, to;
    std::optional<Date> survives_to;
    bool forever = false;
};

/// The timeline, drawn row by row: a label on the left, dates placed between
/// x0 and x1 on a scale from the start to the last date shown.
class Timeline {
  public:
    Timeline(const model::Charter& c, const Date& end, std::size_t rows)
        : m_c(c), m_d0(to_days(*c.effective)), m_d1(std::max(to_days(end), m_d0 + 1)),
          m_height(50 + kRow * static_cast<double>(rows) + 40) {
        m_out = open_svg(900, m_height, "timeline", "Timeline of " + name_of(c));
        m_out += "<desc>Term, renewal notice deadline, confidentiality, licenses with their "
                 "survival, and milestones: hollow circles are due dates, filled circles "
                 "achieved dates.</desc>\n";
        m_out += "<defs><pattern id=\"timeline-hatch\" width=\"6\" height=\"6\" "
                 "patternUnits=\"userSpaceOnUse\"><rect width=\"6\" height=\"6\" fill=\"#fff\"/>"
                 "<path d=\"M0,6 L6,0\" stroke=\"#0072B2\" stroke-width=\"1.5\"/></pattern>"
                 "</defs>\n";
        years(c.effective->year + 1, end.year);
    }

    void term() {
        const Date start = *m_c.effective, ends = *m_c.term_ends;
        row_label("term");
        m_out +=
            fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"16\" fill=\"#0072B2\"/>\n",
                        px(x(start)), px(m_y + 2), px(x(ends) - x(start)));
        m_out += fmt::format("<text x=\"{}\" y=\"{}\" fill=\"#fff\">{} to {}</text>\n",
                             px(x(start) + 4), px(m_y + 14), format_date(start), format_date(ends));
        m_y += kRow;
    }

    void renewal_notice() {
        row_label("renewal notice");
        if (auto notice = m_c.renewal_notice_deadline()) {
            double xx = x(*notice);
            m_out +=
                fmt::format("<path d=\"M{0},{1} l7,8 l-7,8 l-7,-8 z\" fill=\"#D55E00\" "
                            "stroke=\"#000\"/><text x=\"{2}\" y=\"{3}\" text-anchor=\"end\">"
                            "notice by {4}</text>\n",
                            px(xx), px(m_y + 2), px(xx - 10), px(m_y + 14), format_date(*notice));
        } else {
            none();
        }
        m_y += kRow;
    }

    /// Confidentiality, after the term: to `ends`, or to the edge when forever.
    void confidentiality(const std::optional<Date>& ends, bool forever) {
        row_label("confidentiality");
        if (ends || forever) {
            surviving(*m_c.term_ends, forever ? kX1 : x(*ends), "#0072B2");
        } else {
            none();
        }
        m_y += kRow;
    }

    void license(const LicenseBar& b) {
        row_label("license " + b.name);
        m_out +=
            fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"16\" fill=\"#009E73\"/>\n",
                        px(x(b.from)), px(m_y + 2), px(std::max(2.0, x(b.to) - x(b.from))));
        if (b.survives_to || b.forever) {
            surviving(b.to, b.forever ? kX1 : x(*b.survives_to), "#009E73");
        }
        m_y += kRow;
    }

    /// A milestone's due (hollow, orange when overdue on `on`) and achieved
    /// (filled) dates, with a dashed line from each milestone it depends on.
    void milestone(const model::Milestone& m, const Date& on) {
        row_label("milestone " + m.id);
        double cy = m_y + 10;
        double mx = m.achieved ? x(*m.achieved) : m.due ? x(*m.due) : kX0;
        for (const auto& dep : m.depends_on) {
            if (auto it = m_where.find(dep.id); it != m_where.end()) {
                m_out += fmt::format("<path d=\"M{},{} L{},{}\" stroke=\"#666\" fill=\"none\" "
                                     "stroke-dasharray=\"3 2\"/>\n",
                                     px(it->second.first), px(it->second.second), px(mx), px(cy));
            }
        }
        if (m.due) {
            bool overdue = !m.achieved && *m.due < on;
            m_out += fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"6\" fill=\"#fff\" stroke=\"{}\" "
                                 "stroke-width=\"2\"/>\n",
                                 px(x(*m.due)), px(cy), overdue ? "#D55E00" : "#000");
        }
        if (m.achieved) {
            m_out += fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"5\" fill=\"#000\"/>\n",
                                 px(x(*m.achieved)), px(cy));
        }
        m_where.emplace(m.id, std::pair{mx, cy});
        m_y += kRow;
    }

    /// The date the document is seen from, when it falls on the scale, and
    /// how many milestones were left out.
    std::string finish(const Date& on, std::size_t more_milestones) {
        if (to_days(on) >= m_d0 && to_days(on) <= m_d1) {
            m_out += fmt::format("<line x1=\"{0}\" y1=\"30\" x2=\"{0}\" y2=\"{1}\" "
                                 "stroke=\"#D55E00\" stroke-dasharray=\"5 3\"/><text x=\"{0}\" "
                                 "y=\"{2}\" text-anchor=\"middle\" fill=\"#D55E00\">as of {3}"
                                 "</text>\n",
                                 px(x(on)), px(m_y + 4), px(m_y + 18), format_date(on));
        }
        if (more_milestones > 0) {
            m_out += fmt::format(
                "<text x=\"10\" y=\"{}\">and {} more milestones (see the table)</text>\n",
                px(m_y + 34), more_milestones);
        }
        return std::move(m_out) + "</svg>\n";
    }

  private:
    static constexpr double kX0 = 230, kX1 = 880, kRow = 22;

    double x(const Date& d) const {
        double t = static_cast<double>(std::clamp(to_days(d), m_d0, m_d1) - m_d0) /
                   static_cast<double>(m_d1 - m_d0);
        return kX0 + t * (kX1 - kX0);
    }
    /// A line and a label for the first day of each year (at most about 12).
    void years(int first, int last) {
        int every = std::max(1, (last - first + 1) / 12 + 1);
        for (int y = first; y <= last; y += every) {
            m_out +=
                fmt::format("<line x1=\"{0}\" y1=\"30\" x2=\"{0}\" y2=\"{1}\" stroke=\"#ccc\"/>"
                            "<text x=\"{0}\" y=\"24\" text-anchor=\"middle\">{2}</text>\n",
                            px(x(Date{y, 1, 1})), px(m_height - 30), y);
        }
    }
    void row_label(const std::string& text) {
        m_out += fmt::format("<text x=\"10\" y=\"{}\">{}</text>\n", px(m_y + 14), label(text));
    }
    void none() {
        m_out += fmt::format("<text x=\"{}\" y=\"{}\">none</text>\n", px(kX0), px(m_y + 14));
    }
    /// A hatched bar from `from` to the x position `to`.
    void surviving(const Date& from, double to, const char* stroke) {
        m_out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"16\" "
                             "fill=\"url(#timeline-hatch)\" stroke=\"{}\"/>\n",
                             px(x(from)), px(m_y + 2), px(std::max(2.0, to - x(from))), stroke);
    }

    const model::Charter& m_c;
    long long m_d0, m_d1;
    double m_height;
    double m_y = 40;
    std::string m_out;
    std::map<std::string, std::pair<double, double>, std::less<>> m_where; // id -> (x, y)
};

/// The licenses shown (at most half the rows), with their survival.
std::vector<LicenseBar> license_bars(const model::Charter& c) {
    std::vector<LicenseBar> out;
    if (!c.ip) {
        return out;
    }
    for (const auto& l : c.ip->licenses) {
        if (out.size() == kMaxRows / 2) {
            break;
        }
        LicenseBar b{
            l.id, l.starts.value_or(*c.effective), l.ends.value_or(*c.term_ends), {}, false};
        if (l.survives.kind == model::Survival::Kind::Duration) {
            b.survives_to = add(b.to, l.survives.duration);
        }
        b.forever = l.survives.kind == model::Survival::Kind::Perpetual;
        out.push_back(b);
    }
    return out;
}

} // namespace

std::string timeline_svg(const model::Charter& c, const Date& on) {
    if (!c.effective || !c.term_ends) {
        return {};
    }
    // the scale runs to the last date shown
    Date end = *c.term_ends;
    std::optional<Date> conf_end = c.confidentiality_ends();
    if (conf_end) {
        end = std::max(end, *conf_end);
    }
    std::vector<LicenseBar> licenses = license_bars(c);
    for (const auto& b : licenses) {
        end = std::max(end, b.survives_to.value_or(b.to));
    }
    std::size_t shown_milestones = std::min(c.milestones.size(), kMaxRows);
    for (std::size_t i = 0; i < shown_milestones; ++i) {
        for (const auto& d : {c.milestones[i].due, c.milestones[i].achieved}) {
            if (d) {
                end = std::max(end, *d);
            }
        }
    }
    Timeline t(c, end, 3 + licenses.size() + shown_milestones);
    t.term();
    t.renewal_notice();
    t.confidentiality(conf_end, c.confidentiality &&
                                    c.confidentiality->kind == model::Survival::Kind::Perpetual);
    for (const auto& b : licenses) {
        t.license(b);
    }
    for (std::size_t i = 0; i < shown_milestones; ++i) {
        t.milestone(c.milestones[i], on);
    }
    return t.finish(on, c.milestones.size() - shown_milestones);
}

std::string money_flow_svg(const model::Charter& c, const ScenarioRun& s) {
    if (!s.run || s.run->revenue <= 0) {
        return {};
    }
    const auto& run = *s.run;
    std::size_t index = 0;
    for (const auto& sc : c.scenarios) {
        if (&sc == s.scenario) {
            break;
        }
        ++index;
    }
    const std::string id = "flow" + std::to_string(index);
    std::vector<Flow> flows = money_flows(c, run);
    flows.erase(
        std::remove_if(flows.begin(), flows.end(), [](const Flow& f) { return f.paid == 0; }),
        flows.end());
    if (flows.size() > kMaxRows) {
        flows.resize(kMaxRows);
    }
    const double x0 = 260, width = 500, row = 24;
    std::string out =
        "<desc>One bar for the revenue, one per waterfall step with what it paid to each "
        "party, one per party with its total; amounts in " +
        escape_xml(c.currency) + ".</desc>\n";
    out += party_patterns(id, c.parties.size());
    double y = 10;
    auto bar_row = [&](const std::string& name, const std::vector<num::Rational>& parts,
                       const num::Rational& total, bool grey) {
        out += fmt::format("<text x=\"10\" y=\"{}\">{}</text>\n", px(y + 15), label(name, 34));
        double x = x0;
        for (std::size_t i = 0; i < parts.size(); ++i) {
            double w = ratio(parts[i], run.revenue) * width;
            if (w <= 0) {
                continue;
            }
            out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"18\" fill=\"{}\" "
                               "stroke=\"#000\" stroke-width=\"0.5\"/>\n",
                               px(x), px(y + 2), px(w), grey ? "#bbbbbb" : party_fill(id, i));
            x += w;
        }
        out += fmt::format("<text x=\"{}\" y=\"{}\">{}</text>\n", px(x + 6), px(y + 15),
                           escape_xml(grouped_money(c, total)));
        y += row;
    };
    bar_row("revenue", {run.revenue}, run.revenue, true);
    for (const auto& f : flows) {
        bar_row(f.stream + " / " + f.step, f.to, f.paid, false);
    }
    out += fmt::format("<line x1=\"10\" y1=\"{0}\" x2=\"890\" y2=\"{0}\" stroke=\"#888\"/>\n",
                       px(y + 1));
    y += 6;
    for (std::size_t i = 0; i < c.parties.size() && i < kMaxRows; ++i) {
        num::Rational got = 0;
        for (const auto& pa : run.by_party) {
            if (pa.party == c.parties[i].id) {
                got += pa.amount;
            }
        }
        std::vector<num::Rational> parts(c.parties.size(), num::Rational(0));
        parts[i] = got;
        bar_row(c.parties[i].id + " receives", parts, got, false);
    }
    y += 6;
    out += legend(id, c, y);
    return open_svg(900, y + 6, id, "Where the money goes: scenario " + s.scenario->id) + out +
           "</svg>\n";
}

std::string ownership_svg(const model::Charter& c) {
    if (!c.ip || c.ip->assets.empty()) {
        return {};
    }
    std::vector<const model::Asset*> assets;
    for (auto cls : {model::AssetClass::Background, model::AssetClass::Foreground}) {
        for (const auto& a : c.ip->assets) {
            if (a.cls == cls && assets.size() < kMaxRows) {
                assets.push_back(&a);
            }
        }
    }
    const std::string id = "owners";
    const double x0 = 250, width = 330, row = 22;
    std::string out =
        "<desc>One bar per asset, background assets first: each owner's part of it.</desc>\n";
    out += party_patterns(id, c.parties.size());
    double y = 10;
    std::optional<model::AssetClass> group;
    for (const auto* a : assets) {
        if (group != a->cls) {
            group = a->cls;
            out +=
                fmt::format("<text x=\"10\" y=\"{}\" font-weight=\"bold\">{}</text>\n", px(y + 14),
                            a->cls == model::AssetClass::Background ? "background" : "foreground");
            y += row;
        }
        out += fmt::format("<text x=\"20\" y=\"{}\">{}</text>\n", px(y + 14), label(a->id, 36));
        auto owners = c.owners_of(*a);
        double x = x0;
        std::string names;
        if (owners) {
            for (const auto& [party, part] : *owners) {
                auto i = c.party_index(party);
                double w = ratio(part, 1) * width;
                if (!i || w <= 0) {
                    continue;
                }
                out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"16\" fill=\"{}\" "
                                   "stroke=\"#000\" stroke-width=\"0.5\"/>\n",
                                   px(x), px(y + 2), px(w), party_fill(id, *i));
                x += w;
                names += (names.empty() ? "" : ", ") + party + " " + num::format_percent(part);
            }
        }
        out += fmt::format("<text x=\"{}\" y=\"{}\">{}</text>\n", px(x0 + width + 8), px(y + 14),
                           names.empty() ? std::string("undecided") : label(names, 40));
        y += row;
    }
    if (c.ip->assets.size() > assets.size()) {
        out += fmt::format("<text x=\"10\" y=\"{}\">and {} more assets (see the table)</text>\n",
                           px(y + 14), c.ip->assets.size() - assets.size());
        y += row;
    }
    y += 6;
    out += legend(id, c, y);
    return open_svg(900, y + 6, id, "Who owns what in " + name_of(c)) + out + "</svg>\n";
}

} // namespace charter::render
