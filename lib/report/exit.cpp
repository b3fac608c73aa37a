#include "report/exit.hpp"

#include <algorithm>

#include <fmt/color.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace charter::report {

namespace {

using Json = nlohmann::ordered_json;
using compute::PartyAmount;

/// An amount for JSON: plain digits.
std::string money(const model::Charter& c, const num::Rational& x) {
    return num::format_money(x, c.minor_digits);
}

/// An amount for people (text, Markdown, the exits table): thousands grouped.
std::string readable(const model::Charter& c, const num::Rational& x) {
    return num::group_thousands(money(c, x));
}

Json percents(const std::vector<PartyAmount>& v) {
    Json j = Json::object();
    for (const auto& pa : v) {
        j[pa.party] = num::format_percent(pa.amount);
    }
    return j;
}

Json amounts(const model::Charter& c, const std::vector<PartyAmount>& v) {
    Json j = Json::object();
    for (const auto& pa : v) {
        j[pa.party] = money(c, pa.amount);
    }
    return j;
}

std::string percent_line(const std::vector<PartyAmount>& v) {
    std::string out;
    for (const auto& pa : v) {
        out += (out.empty() ? "" : ", ") + pa.party + " " + num::format_percent(pa.amount);
    }
    return out.empty() ? "no owner" : out;
}

std::string amount_line(const model::Charter& c, const std::vector<PartyAmount>& v) {
    std::string out;
    for (const auto& pa : v) {
        out += (out.empty() ? "" : ", ") + pa.party + " " + readable(c, pa.amount);
    }
    return out;
}

num::Rational part_of(const std::optional<std::vector<PartyAmount>>& v, const std::string& p) {
    if (v) {
        for (const auto& pa : *v) {
            if (pa.party == p) {
                return pa.amount;
            }
        }
    }
    return 0;
}

Json case_json(const model::Charter& c, const compute::ExitResult& r) {
    Json j;
    j["charter"] = c.id;
    j["trigger"] = r.trigger;
    j["invoked_by"] = r.invoked_by;
    j["leaver"] = r.leaver;
    j["notice_served"] = format_date(r.notice_served);
    j["effective"] = format_date(r.effective);
    j["shares_before"] = r.shares_before ? percents(*r.shares_before) : Json(nullptr);
    j["shares_after"] = r.shares_after ? percents(*r.shares_after) : Json(nullptr);
    if (r.buyout) {
        j["buyout"] = {{"price", money(c, r.buyout->price)},
                       {"paid_by", amounts(c, r.buyout->paid_by)},
                       {"paid_to", r.buyout->paid_to}};
    } else {
        j["buyout"] = nullptr;
    }
    Json ip = Json::array();
    for (const auto& a : r.ip) {
        ip.push_back(
            {{"asset", a.asset},
             {"before", percents(a.before)},
             {"after", percents(a.after)},
             {"leaver_license", a.leaver_license ? Json(*a.leaver_license) : Json(nullptr)}});
    }
    j["ip"] = ip;
    Json lic = Json::array();
    for (const auto& l : r.licenses) {
        lic.push_back({{"license", l.license},
                       {"outcome", l.outcome},
                       {"until", l.until ? Json(format_date(*l.until)) : Json(nullptr)}});
    }
    j["licenses"] = lic;
    Json ms = Json::array();
    for (const auto& m : r.milestones_cancelled) {
        ms.push_back({{"milestone", m.milestone},
                      {"payment", m.payment ? Json(money(c, *m.payment)) : Json(nullptr)}});
    }
    j["milestones_cancelled"] = ms;
    if (r.wind_down) {
        j["wind_down"] = {
            {"ends", format_date(r.wind_down->ends)},
            {"costs", r.wind_down->costs ? Json(money(c, *r.wind_down->costs)) : Json(nullptr)},
            {"allocation",
             r.wind_down->allocation ? amounts(c, *r.wind_down->allocation) : Json(nullptr)}};
    } else {
        j["wind_down"] = nullptr;
    }
    // a date, "perpetual", or null without a confidentiality section
    j["confidentiality_until"] = r.confidentiality_until
                                     ? Json(format_date(*r.confidentiality_until))
                                 : r.confidentiality_perpetual ? Json("perpetual")
                                                               : Json(nullptr);
    j["warnings"] = r.warnings;
    return j;
}

std::string until_text(const std::optional<Date>& d) {
    return d ? format_date(*d) : std::string("perpetual");
}

/// "terminates on 2027-06-01", "expired on 2026-12-31", "survives until
/// 2029-06-01", "survives without end".
std::string license_line(const compute::LicenseOutcome& l) {
    if (!l.until) {
        return l.outcome + " without end";
    }
    bool ended = l.outcome == "terminates" || l.outcome == "expired";
    return l.outcome + (ended ? " on " : " until ") + format_date(*l.until);
}

} // namespace

void write_exit_json(std::ostream& out, const model::Charter& c, const compute::ExitResult& r) {
    out << case_json(c, r).dump(2) << "\n";
}

void write_exit_text(std::ostream& out, const model::Charter& c, const compute::ExitResult& r,
                     bool color) {
    auto head = [&](const std::string& s) {
        return color ? fmt::format(fmt::emphasis::bold, "{}", s) : s;
    };
    auto warn = [&](const std::string& s) {
        return color ? fmt::format(fg(fmt::terminal_color::yellow), "{}", s) : s;
    };
    out << head(fmt::format("{}: exit '{}' invoked by {}; {} leaves", c.id, r.trigger, r.invoked_by,
                            r.leaver))
        << "\n";
    for (const auto& w : r.warnings) {
        out << warn("warning: " + w) << "\n";
    }
    out << "\n" << head("Timeline") << "\n";
    out << fmt::format("  {}  notice served by {}\n", format_date(r.notice_served), r.invoked_by);
    out << fmt::format("  {}  the exit takes effect\n", format_date(r.effective));
    if (r.wind_down) {
        out << fmt::format("  {}  wind-down ends\n", format_date(r.wind_down->ends));
    }
    if (r.confidentiality_until) {
        out << fmt::format("  {}  confidentiality ends\n", format_date(*r.confidentiality_until));
    } else if (r.confidentiality_perpetual) {
        out << "  confidentiality lasts without end\n";
    }

    out << "\n" << head("Money") << "\n";
    if (r.shares_before && r.shares_after) {
        out << "  shares before: " << percent_line(*r.shares_before) << "\n";
        out << "  shares after:  " << percent_line(*r.shares_after) << "\n";
    } else {
        out << "  the charter has no residual shares\n";
    }
    if (r.buyout) {
        out << fmt::format("  buyout: {} paid to {} by {}\n", readable(c, r.buyout->price),
                           r.buyout->paid_to, amount_line(c, r.buyout->paid_by));
    } else {
        out << "  no buyout\n";
    }
    if (r.wind_down) {
        if (r.wind_down->costs && r.wind_down->allocation) {
            out << fmt::format("  wind-down costs {}: {}\n", readable(c, *r.wind_down->costs),
                               amount_line(c, *r.wind_down->allocation));
        } else {
            out << "  wind-down costs: no amount known (give --wind-down-costs)\n";
        }
    }

    out << "\n" << head("IP") << "\n";
    if (r.ip.empty()) {
        out << "  no assets\n";
    }
    for (const auto& a : r.ip) {
        if (a.changes) {
            out << fmt::format("  {}: {} -> {}", a.asset, percent_line(a.before),
                               percent_line(a.after));
            if (a.leaver_license) {
                out << fmt::format("; {} keeps a {} license", r.leaver, *a.leaver_license);
            }
            out << "\n";
        } else {
            out << fmt::format("  {}: unchanged ({}){}\n", a.asset, percent_line(a.before),
                               a.note.empty() ? "" : "; " + a.note);
        }
    }

    out << "\n" << head("Licenses") << "\n";
    if (r.licenses.empty()) {
        out << "  no licenses\n";
    }
    for (const auto& l : r.licenses) {
        out << fmt::format("  {}: {}\n", l.license, license_line(l));
    }

    out << "\n" << head("Milestones") << "\n";
    if (r.milestones_cancelled.empty()) {
        out << "  none cancelled\n";
    }
    for (const auto& m : r.milestones_cancelled) {
        out << fmt::format("  {} cancelled{}\n", m.milestone,
                           m.payment ? ", with its payment of " + readable(c, *m.payment) : "");
    }
}

void write_exit_markdown(std::ostream& out, const model::Charter& c, const compute::ExitResult& r) {
    out << fmt::format("## {}: exit `{}` invoked by {}, {} leaves\n\n", c.id, r.trigger,
                       r.invoked_by, r.leaver);
    for (const auto& w : r.warnings) {
        out << "> **Warning:** " << w << "\n\n";
    }
    out << "| | |\n|---|---|\n";
    out << "| notice served | " << format_date(r.notice_served) << " |\n";
    out << "| takes effect | " << format_date(r.effective) << " |\n";
    if (r.wind_down) {
        out << "| wind-down ends | " << format_date(r.wind_down->ends) << " |\n";
    }
    if (r.confidentiality_until) {
        out << "| confidentiality ends | " << format_date(*r.confidentiality_until) << " |\n";
    }
    if (r.shares_before && r.shares_after) {
        out << "| shares before | " << percent_line(*r.shares_before) << " |\n";
        out << "| shares after | " << percent_line(*r.shares_after) << " |\n";
    }
    out << "| buyout | "
        << (r.buyout ? readable(c, r.buyout->price) + " to " + r.buyout->paid_to + " (" +
                           amount_line(c, r.buyout->paid_by) + ")"
                     : "none")
        << " |\n";
    if (r.wind_down && r.wind_down->allocation) {
        out << "| wind-down costs | " << readable(c, *r.wind_down->costs) << " ("
            << amount_line(c, *r.wind_down->allocation) << ") |\n";
    }
    out << "\n### IP\n\n| asset | before | after | leaver's license |\n|---|---|---|---|\n";
    for (const auto& a : r.ip) {
        out << "| " << a.asset << " | " << percent_line(a.before) << " | " << percent_line(a.after)
            << " | " << (a.leaver_license ? *a.leaver_license : "") << " |\n";
    }
    out << "\n### Licenses\n\n| license | outcome | until |\n|---|---|---|\n";
    for (const auto& l : r.licenses) {
        out << "| " << l.license << " | " << l.outcome << " | " << until_text(l.until) << " |\n";
    }
    out << "\n### Milestones cancelled\n\n";
    if (r.milestones_cancelled.empty()) {
        out << "None.\n";
    }
    for (const auto& m : r.milestones_cancelled) {
        out << "- " << m.milestone
            << (m.payment ? " (payment " + readable(c, *m.payment) + ")" : "") << "\n";
    }
}

void write_exits_json(std::ostream& out, const model::Charter& c, const Date& on,
                      const std::vector<compute::ExitCase>& cases) {
    Json list = Json::array();
    for (const auto& k : cases) {
        if (k.result) {
            list.push_back(case_json(c, *k.result));
        } else {
            list.push_back({{"trigger", k.trigger},
                            {"invoked_by", k.invoked_by},
                            {"leaver", k.leaver},
                            {"error", k.result.error().message}});
        }
    }
    Json j = {{"charter", c.id}, {"on", format_date(on)}, {"cases", list}};
    out << j.dump(2) << "\n";
}

std::vector<std::vector<std::string>> exits_rows(const model::Charter& c,
                                                 const std::vector<compute::ExitCase>& cases) {
    std::vector<std::vector<std::string>> rows;
    rows.push_back({"trigger", "invoker", "leaver", "effective", "buyout", "leaver's share",
                    "IP changing hands", "leaver's wind-down"});
    for (const auto& k : cases) {
        if (!k.result) {
            rows.push_back({k.trigger, k.invoked_by, k.leaver, "-", "-", "-", "-",
                            "error: " + k.result.error().message});
            continue;
        }
        const auto& r = *k.result;
        std::string assets;
        int moved = 0;
        for (std::size_t i : r.assets_changing) {
            assets += (moved++ ? ", " : "") + c.ip->assets[i].id;
        }
        if (moved > 3) {
            assets = fmt::format("{} assets", moved);
        }
        std::string wd = "-";
        if (r.wind_down && r.wind_down->allocation) {
            for (const auto& pa : *r.wind_down->allocation) {
                if (pa.party == r.leaver) {
                    wd = readable(c, pa.amount);
                }
            }
        }
        rows.push_back(
            {r.trigger, r.invoked_by, r.leaver, format_date(r.effective),
             r.buyout ? readable(c, r.buyout->price) : "-",
             r.shares_before ? num::format_percent(part_of(r.shares_before, r.leaver)) : "-",
             assets.empty() ? "-" : assets, wd});
    }
    return rows;
}

void write_exits_table(std::ostream& out, const model::Charter& c, const Date& on,
                       const std::vector<compute::ExitCase>& cases, bool markdown) {
    constexpr std::size_t kColumns = 8;
    std::vector<std::vector<std::string>> rows = exits_rows(c, cases);
    std::vector<bool> failed{false}; // the last cell of a failed row holds the reason
    for (const auto& k : cases) {
        failed.push_back(!k.result);
    }
    if (markdown) {
        out << fmt::format("## {}: every exit on {}\n\n", c.id, format_date(on));
        for (std::size_t i = 0; i < rows.size(); ++i) {
            out << "|";
            for (const auto& cell : rows[i]) {
                out << " " << cell << " |";
            }
            out << "\n";
            if (i == 0) {
                out << "|---|---|---|---|--:|--:|---|--:|\n";
            }
        }
        return;
    }
    out << fmt::format("{}: every exit on {}\n\n", c.id, format_date(on));
    // a reason is as long as it needs: it does not widen its column
    std::vector<std::size_t> w(kColumns, 0);
    for (std::size_t r = 0; r < rows.size(); ++r) {
        for (std::size_t i = 0; i < kColumns; ++i) {
            if (!(failed[r] && i == kColumns - 1)) {
                w[i] = std::max(w[i], rows[r][i].size());
            }
        }
    }
    for (std::size_t r = 0; r < rows.size(); ++r) {
        std::string line;
        for (std::size_t i = 0; i < kColumns; ++i) {
            const std::string& cell = rows[r][i];
            bool right = i == 4 || i == 5 || i == 7;
            std::string shown = failed[r] && i == kColumns - 1 ? cell
                                : right                        ? fmt::format("{:>{}}", cell, w[i])
                                                               : fmt::format("{:<{}}", cell, w[i]);
            line += (i ? "  " : "") + shown;
        }
        while (!line.empty() && line.back() == ' ') {
            line.pop_back();
        }
        out << line << "\n";
    }
}

} // namespace charter::report
