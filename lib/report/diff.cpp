#include "report/diff.hpp"

#include <algorithm>
#include <map>

#include <fmt/color.h>
#include <fmt/format.h>

namespace charter::report {

namespace {

using Json = nlohmann::ordered_json;

std::string shown(const Json& j, std::size_t max = 100) {
    std::string s = j.is_string() ? j.get<std::string>() : j.dump();
    if (s.size() > max) {
        s = s.substr(0, max - 3) + "...";
    }
    return s;
}

/// The changes to show, grouped by area (in order of each area's first change).
std::vector<const compare::Change*> visible(const compare::DiffResult& r, bool verbose) {
    std::vector<const compare::Change*> out;
    std::vector<std::string> areas;
    for (const auto& c : r.changes) {
        if ((!c.cosmetic || verbose) &&
            std::find(areas.begin(), areas.end(), c.area) == areas.end()) {
            areas.push_back(c.area);
        }
    }
    for (const auto& area : areas) {
        for (const auto& c : r.changes) {
            if ((!c.cosmetic || verbose) && c.area == area) {
                out.push_back(&c);
            }
        }
    }
    return out;
}

/// Whether some party's total changes (a reordered waterfall can move money).
bool money_moves(const compare::DiffResult& r) {
    for (const auto& imp : r.impact) {
        for (const auto& p : imp.by_party) {
            if (p.old_amount && p.new_amount && *p.old_amount != *p.new_amount) {
                return true;
            }
        }
    }
    return false;
}

/// An amount in the impact tables for people: thousands grouped.
std::string money(const compare::DiffResult& r, const std::optional<num::Rational>& x) {
    return x ? num::group_thousands(num::format_money(*x, r.minor_digits)) : std::string("-");
}

/// new - old: plain for JSON, or for people with thousands grouped and a '+'
/// on a gain.
std::string delta(const compare::DiffResult& r, const compare::PartyImpact& p, bool for_people) {
    if (!p.old_amount || !p.new_amount) {
        return "-";
    }
    num::Rational d = *p.new_amount - *p.old_amount;
    std::string s = num::format_money(d, r.minor_digits);
    if (!for_people) {
        return s;
    }
    return (d > 0 ? "+" : "") + num::group_thousands(s);
}

std::string impact_title(const compare::Impact& imp) {
    return imp.scenario ? "scenario " + *imp.scenario : "ledger " + imp.ledger.value_or("");
}

/// "3 changes in economics (2) and ip (1)"
std::string summary(const std::vector<const compare::Change*>& shown_changes) {
    std::map<std::string, int> by_area;
    std::vector<std::string> order;
    for (const auto* c : shown_changes) {
        if (!by_area.count(c->area)) {
            order.push_back(c->area);
        }
        ++by_area[c->area];
    }
    std::string areas;
    for (std::size_t i = 0; i < order.size(); ++i) {
        areas += (i == 0                  ? ""
                  : i + 1 == order.size() ? " and "
                                          : ", ") +
                 fmt::format("{} ({})", order[i], by_area[order[i]]);
    }
    std::size_t n = shown_changes.size();
    return fmt::format("{} change{}{}", n, n == 1 ? "" : "s", n ? " in " + areas : "");
}

} // namespace

void write_diff_text(std::ostream& out, const std::string& old_name, const std::string& new_name,
                     const compare::DiffResult& r, const DiffOptions& opts) {
    auto style = [&](fmt::text_style st, const std::string& s) {
        return opts.color ? fmt::format(st, "{}", s) : s;
    };
    auto changes = visible(r, opts.verbose);
    if (changes.empty() && r.warnings.empty() && !money_moves(r)) {
        return;
    }
    std::size_t hidden = r.changes.size() - changes.size();
    out << style(fmt::emphasis::bold,
                 fmt::format("charter diff {} {}: {}{}", old_name, new_name, summary(changes),
                             hidden ? fmt::format(" ({} move{} or note{} not shown: --verbose)",
                                                  hidden, hidden == 1 ? "" : "s",
                                                  hidden == 1 ? "" : "s")
                                    : std::string()))
        << "\n";
    for (const auto& w : r.warnings) {
        out << style(fg(fmt::terminal_color::yellow), "warning: " + w) << "\n";
    }
    std::string area;
    for (const auto* c : changes) {
        if (c->area != area) {
            area = c->area;
            out << "\n" << style(fmt::emphasis::bold, area) << "\n";
        }
        if (c->kind == "added") {
            out << style(fg(fmt::terminal_color::green),
                         fmt::format("  + {}: {}", c->path, shown(c->new_value)))
                << "\n";
        } else if (c->kind == "removed") {
            out << style(fg(fmt::terminal_color::red),
                         fmt::format("  - {}: {}", c->path, shown(c->old_value)))
                << "\n";
        } else if (c->kind == "moved") {
            out << fmt::format("  ~ {}: moved from position {} to {}", c->path, c->old_value.dump(),
                               c->new_value.dump())
                << "\n";
        } else {
            out << fmt::format("  ~ {}: {} -> {}", c->path,
                               style(fg(fmt::terminal_color::red), shown(c->old_value)),
                               style(fg(fmt::terminal_color::green), shown(c->new_value)))
                << "\n";
        }
    }
    if (r.impact.empty()) {
        return;
    }
    out << "\n" << style(fmt::emphasis::bold, "Impact") << "\n";
    for (const auto& imp : r.impact) {
        out << "  " << impact_title(imp) << "\n";
        if (imp.old_error) {
            out << "    old version cannot be computed: " << *imp.old_error << "\n";
        }
        if (imp.new_error) {
            out << "    new version cannot be computed: " << *imp.new_error << "\n";
        }
        std::size_t w = 5;
        for (const auto& p : imp.by_party) {
            w = std::max(w, p.party.size());
        }
        out << fmt::format("    {:<{}}  {:>14}  {:>14}  {:>14}\n", "party", w, "old", "new",
                           "delta");
        for (const auto& p : imp.by_party) {
            out << fmt::format("    {:<{}}  {:>14}  {:>14}  {:>14}\n", p.party, w,
                               money(r, p.old_amount), money(r, p.new_amount), delta(r, p, true));
        }
    }
}

void write_diff_json(std::ostream& out, const std::string& old_name, const std::string& new_name,
                     const compare::DiffResult& r) {
    Json changes = Json::array();
    for (const auto& c : r.changes) {
        changes.push_back({{"path", c.path},
                           {"kind", c.kind},
                           {"area", c.area},
                           {"old", c.old_value},
                           {"new", c.new_value}});
    }
    Json impact = Json::array();
    for (const auto& imp : r.impact) {
        Json j;
        j["scenario"] = imp.scenario ? Json(*imp.scenario) : Json(nullptr);
        if (imp.ledger) {
            j["ledger"] = *imp.ledger;
        }
        Json by = Json::object();
        for (const auto& p : imp.by_party) {
            by[p.party] = {
                {"old", p.old_amount ? Json(num::format_money(*p.old_amount, r.minor_digits))
                                     : Json(nullptr)},
                {"new", p.new_amount ? Json(num::format_money(*p.new_amount, r.minor_digits))
                                     : Json(nullptr)},
                {"delta", p.old_amount && p.new_amount ? Json(delta(r, p, false)) : Json(nullptr)}};
        }
        j["by_party"] = by;
        if (imp.old_error || imp.new_error) {
            j["errors"] = {{"old", imp.old_error ? Json(*imp.old_error) : Json(nullptr)},
                           {"new", imp.new_error ? Json(*imp.new_error) : Json(nullptr)}};
        }
        impact.push_back(std::move(j));
    }
    Json j = {{"old", old_name},
              {"new", new_name},
              {"changes", changes},
              {"impact", impact},
              {"warnings", r.warnings}};
    out << j.dump(2) << "\n";
}

void write_diff_markdown(std::ostream& out, const std::string& old_name,
                         const std::string& new_name, const compare::DiffResult& r,
                         const DiffOptions& opts) {
    auto changes = visible(r, opts.verbose);
    out << fmt::format("### Charter changes: `{}` → `{}`\n\n", old_name, new_name);
    std::size_t moved = r.changes.size() - visible(r, false).size();
    out << "**" << summary(changes) << "**";
    if (!opts.verbose && moved > 0) {
        out << fmt::format(" ({} cosmetic change{} not shown)", moved, moved == 1 ? "" : "s");
    }
    out << "\n";
    for (const auto& w : r.warnings) {
        out << "\n> **Warning:** " << w << "\n";
    }
    std::string area;
    for (const auto* c : changes) {
        if (c->area != area) {
            area = c->area;
            out << "\n#### " << area << "\n\n";
        }
        if (c->kind == "added") {
            out << fmt::format("- **added** `{}`: `{}`\n", c->path, shown(c->new_value, 200));
        } else if (c->kind == "removed") {
            out << fmt::format("- **removed** `{}`: `{}`\n", c->path, shown(c->old_value, 200));
        } else if (c->kind == "moved") {
            out << fmt::format("- moved `{}` from position {} to {}\n", c->path,
                               c->old_value.dump(), c->new_value.dump());
        } else {
            out << fmt::format("- `{}`: {} → **{}**\n", c->path, shown(c->old_value, 200),
                               shown(c->new_value, 200));
        }
    }
    if (!r.impact.empty()) {
        out << "\n#### Money impact\n\n| | party | old | new | delta |\n|---|---|--:|--:|--:|\n";
        for (const auto& imp : r.impact) {
            for (const auto& p : imp.by_party) {
                out << "| " << impact_title(imp) << " | " << p.party << " | "
                    << money(r, p.old_amount) << " | " << money(r, p.new_amount) << " | "
                    << delta(r, p, true) << " |\n";
            }
            if (imp.old_error) {
                out << "| " << impact_title(imp)
                    << " | | old version cannot be computed: " << *imp.old_error << " | | |\n";
            }
            if (imp.new_error) {
                out << "| " << impact_title(imp)
                    << " | | | new version cannot be computed: " << *imp.new_error << " | |\n";
            }
        }
    }
}

} // namespace charter::report
