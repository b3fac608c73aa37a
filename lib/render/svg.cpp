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

std::string timeline_svg(const model::Charter& c, const Date& on) {
    if (!c.effective || !c.term_ends) {
        return {};
    }
    const Date start = *c.effective;
    Date end = *c.term_ends;
    std::optional<Date> conf_end = c.confidentiality_ends();
    if (conf_end) {
        end = std::max(end, *conf_end);
    }
    bool conf_forever =
        c.confidentiality && c.confidentiality->kind == model::Survival::Kind::Perpetual;
    struct Bar {
        std::string name;
        Date from, to;
        std::optional<Date> survives_to;
        bool forever = false;
    };
    std::vector<Bar> licenses;
    if (c.ip) {
        for (const auto& l : c.ip->licenses) {
            if (licenses.size() == kMaxRows / 2) {
                break;
            }
            Bar b{l.id, l.starts.value_or(start), l.ends.value_or(*c.term_ends), {}, false};
            if (l.survives.kind == model::Survival::Kind::Duration) {
                b.survives_to = add(b.to, l.survives.duration);
                end = std::max(end, *b.survives_to);
            }
            b.forever = l.survives.kind == model::Survival::Kind::Perpetual;
            end = std::max(end, b.to);
            licenses.push_back(b);
        }
    }
    std::size_t shown_milestones = std::min(c.milestones.size(), kMaxRows);
    for (std::size_t i = 0; i < shown_milestones; ++i) {
        for (const auto& d : {c.milestones[i].due, c.milestones[i].achieved}) {
            if (d) {
                end = std::max(end, *d);
            }
        }
    }
    const double x0 = 230, x1 = 880, row = 22;
    const long long d0 = to_days(start), d1 = std::max(to_days(end), d0 + 1);
    auto x = [&](const Date& d) {
        double t =
            static_cast<double>(std::clamp(to_days(d), d0, d1) - d0) / static_cast<double>(d1 - d0);
        return x0 + t * (x1 - x0);
    };
    std::size_t rows = 3 + licenses.size() + shown_milestones;
    double height = 50 + row * static_cast<double>(rows) + 40;
    std::string out = open_svg(900, height, "timeline", "Timeline of " + name_of(c));
    out += "<desc>Term, renewal notice deadline, confidentiality, licenses with their survival, "
           "and milestones: hollow circles are due dates, filled circles achieved dates.</desc>\n";
    out += "<defs><pattern id=\"timeline-hatch\" width=\"6\" height=\"6\" "
           "patternUnits=\"userSpaceOnUse\"><rect width=\"6\" height=\"6\" fill=\"#fff\"/>"
           "<path d=\"M0,6 L6,0\" stroke=\"#0072B2\" stroke-width=\"1.5\"/></pattern></defs>\n";
    // years along the top
    int first = start.year + 1, last = end.year;
    int every = std::max(1, (last - first + 1) / 12 + 1);
    for (int y = first; y <= last; y += every) {
        double xx = x(Date{y, 1, 1});
        out += fmt::format("<line x1=\"{0}\" y1=\"30\" x2=\"{0}\" y2=\"{1}\" stroke=\"#ccc\"/>"
                           "<text x=\"{0}\" y=\"24\" text-anchor=\"middle\">{2}</text>\n",
                           px(xx), px(height - 30), y);
    }
    double y = 40;
    auto row_label = [&](const std::string& text) {
        out += fmt::format("<text x=\"10\" y=\"{}\">{}</text>\n", px(y + 14), label(text));
    };
    // the term
    row_label("term");
    out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"16\" fill=\"#0072B2\"/>\n",
                       px(x(start)), px(y + 2), px(x(*c.term_ends) - x(start)));
    out += fmt::format("<text x=\"{}\" y=\"{}\" fill=\"#fff\">{} to {}</text>\n", px(x(start) + 4),
                       px(y + 14), format_date(start), format_date(*c.term_ends));
    y += row;
    // the renewal notice deadline
    row_label("renewal notice");
    if (auto notice = c.renewal_notice_deadline()) {
        Date deadline = *notice;
        double xx = x(deadline);
        out += fmt::format("<path d=\"M{0},{1} l7,8 l-7,8 l-7,-8 z\" fill=\"#D55E00\" "
                           "stroke=\"#000\"/><text x=\"{2}\" y=\"{3}\" text-anchor=\"end\">"
                           "notice by {4}</text>\n",
                           px(xx), px(y + 2), px(xx - 10), px(y + 14), format_date(deadline));
    } else {
        out += fmt::format("<text x=\"{}\" y=\"{}\">none</text>\n", px(x0), px(y + 14));
    }
    y += row;
    // confidentiality, after the term
    row_label("confidentiality");
    if (conf_end || conf_forever) {
        double to = conf_forever ? x1 : x(*conf_end);
        out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"16\" "
                           "fill=\"url(#timeline-hatch)\" stroke=\"#0072B2\"/>\n",
                           px(x(*c.term_ends)), px(y + 2), px(std::max(2.0, to - x(*c.term_ends))));
    } else {
        out += fmt::format("<text x=\"{}\" y=\"{}\">none</text>\n", px(x0), px(y + 14));
    }
    y += row;
    for (const auto& b : licenses) {
        row_label("license " + b.name);
        out +=
            fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"16\" fill=\"#009E73\"/>\n",
                        px(x(b.from)), px(y + 2), px(std::max(2.0, x(b.to) - x(b.from))));
        if (b.survives_to || b.forever) {
            double to = b.forever ? x1 : x(*b.survives_to);
            out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"16\" "
                               "fill=\"url(#timeline-hatch)\" stroke=\"#009E73\"/>\n",
                               px(x(b.to)), px(y + 2), px(std::max(2.0, to - x(b.to))));
        }
        y += row;
    }
    std::map<std::string, std::pair<double, double>, std::less<>> where; // id -> (x, y)
    for (std::size_t i = 0; i < shown_milestones; ++i) {
        const auto& m = c.milestones[i];
        row_label("milestone " + m.id);
        double cy = y + 10;
        double mx = m.achieved ? x(*m.achieved) : m.due ? x(*m.due) : x0;
        for (const auto& dep : m.depends_on) {
            if (auto it = where.find(dep.id); it != where.end()) {
                out += fmt::format("<path d=\"M{},{} L{},{}\" stroke=\"#666\" fill=\"none\" "
                                   "stroke-dasharray=\"3 2\"/>\n",
                                   px(it->second.first), px(it->second.second), px(mx), px(cy));
            }
        }
        if (m.due) {
            bool overdue = !m.achieved && *m.due < on;
            out += fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"6\" fill=\"#fff\" stroke=\"{}\" "
                               "stroke-width=\"2\"/>\n",
                               px(x(*m.due)), px(cy), overdue ? "#D55E00" : "#000");
        }
        if (m.achieved) {
            out += fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"5\" fill=\"#000\"/>\n",
                               px(x(*m.achieved)), px(cy));
        }
        where.emplace(m.id, std::pair{mx, cy});
        y += row;
    }
    // the date the document is seen from
    if (to_days(on) >= d0 && to_days(on) <= d1) {
        out += fmt::format("<line x1=\"{0}\" y1=\"30\" x2=\"{0}\" y2=\"{1}\" stroke=\"#D55E00\" "
                           "stroke-dasharray=\"5 3\"/><text x=\"{0}\" y=\"{2}\" "
                           "text-anchor=\"middle\" fill=\"#D55E00\">as of {3}</text>\n",
                           px(x(on)), px(y + 4), px(y + 18), format_date(on));
    }
    if (c.milestones.size() > shown_milestones) {
        out +=
            fmt::format("<text x=\"10\" y=\"{}\">and {} more milestones (see the table)</text>\n",
                        px(y + 34), c.milestones.size() - shown_milestones);
    }
    return out + "</svg>\n";
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
