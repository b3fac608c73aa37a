#include "report/splits.hpp"

#include <algorithm>

#include <fmt/color.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace charter::report {

namespace {

using Json = nlohmann::ordered_json;
using compute::PartyAmount;

/// An amount for JSON and CSV: plain digits.
std::string money(const model::Charter& c, const num::Rational& x) {
    // shown in the charter's rounding mode, as every amount it pays is rounded
    return num::format_money(num::round_to(x, c.minor_digits, c.rounding), c.minor_digits);
}

/// An amount for people (text, Markdown, --explain): thousands grouped.
std::string readable(const model::Charter& c, const num::Rational& x) {
    return num::group_thousands(money(c, x));
}

std::string parties_line(const model::Charter& c, const std::vector<PartyAmount>& v) {
    std::string out;
    for (const auto& pa : v) {
        out += (out.empty() ? "" : ", ") + pa.party + " " + readable(c, pa.amount);
    }
    return out.empty() ? "-" : out;
}

std::string shares_line(const std::vector<PartyAmount>& v) {
    std::string out;
    for (const auto& pa : v) {
        out += (out.empty() ? "" : ", ") + pa.party + " " + num::format_percent(pa.amount);
    }
    return out;
}

std::string period_title(const compute::PeriodResult& p) {
    std::string t = p.label ? *p.label : std::string("single period");
    if (p.as_of) {
        t += " (as of " + format_date(*p.as_of) + ")";
    } else {
        t += " (every recorded milestone counts)";
    }
    return t;
}

Json party_map(const model::Charter& c, const std::vector<PartyAmount>& v) {
    Json j = Json::object();
    for (const auto& p : c.parties) {
        num::Rational a = 0;
        for (const auto& pa : v) {
            if (pa.party == p.id) {
                a += pa.amount;
            }
        }
        j[p.id] = money(c, a);
    }
    return j;
}

/// "calendar year" or "contract year", from the rule's word.
std::string year_word(std::string_view word) {
    return word == "contract-year" ? "contract year" : "calendar year";
}

/// "2027-01-01 to 2027-12-31", from the ISO interval "2027-01-01/2027-12-31".
std::string days_text(std::string_view interval) {
    auto slash = interval.find('/');
    if (slash == std::string_view::npos) {
        return std::string(interval);
    }
    return fmt::format("{} to {}", interval.substr(0, slash), interval.substr(slash + 1));
}

/// Why a step outside its `active` window claims nothing.
std::string inactive_text(const model::Charter& c, const compute::Explanation& e) {
    if (e.text == "before-from") {
        return fmt::format("inactive: the period ends before the step's term starts on {}",
                           e.detail);
    }
    if (e.text == "after-until") {
        return fmt::format("inactive: the period starts after the step's term ended on {}",
                           e.detail);
    }
    const model::Milestone* m = c.milestone(e.detail);
    if (e.text == "before-milestone" && m && m->achieved) {
        return fmt::format("inactive: the step's term starts when milestone '{}' was achieved, "
                           "on {}, after this period",
                           e.detail, format_date(*m->achieved));
    }
    return fmt::format("inactive: the step's term starts with milestone '{}', not achieved as of "
                       "this period",
                       e.detail);
}

} // namespace

std::string explain_text(const model::Charter& c, const compute::Explanation& e) {
    using Rule = compute::Explanation::Rule;
    const auto& v = e.values;
    auto m = [&](std::size_t i) { return readable(c, v.at(i)); };
    auto pct = [&](std::size_t i) { return num::format_percent(v.at(i)); };
    switch (e.rule) {
    case Rule::BaseBelowZero:
        return fmt::format("base {} is below zero: counts as 0", m(0));
    case Rule::Base:
        return fmt::format("base {} ({}); band {} to {}{}", m(0),
                           e.text.empty() ? std::string("revenue") : "\"" + e.text + "\"", m(1),
                           m(2), e.flag ? " (cumulative over the run)" : "");
    case Rule::Tier:
        return fmt::format("tier {} ({} from {}): {} of {} = {}", e.index, pct(0), m(1), pct(0),
                           m(2), m(3));
    case Rule::Amount:
        return fmt::format("amount \"{}\" = {}", e.text, m(0));
    case Rule::Recoup:
        return fmt::format("outstanding recoupable balances: {} ({})", m(0),
                           e.flag ? "sequential" : "pro-rata");
    case Rule::ClaimBelowZero:
        return fmt::format("claim {} is below zero: counts as 0", m(0));
    case Rule::Floor:
        return fmt::format("floor {} raises the claim from {}", m(0), m(1));
    case Rule::Carried:
        return fmt::format("carried unpaid from the previous period: {}", m(0));
    case Rule::PeriodCap:
        return fmt::format("period cap {} lowers the claim from {}", m(0), m(1));
    case Rule::TotalCap:
        return fmt::format("total cap {} (already paid {}) lowers the claim from {}", m(0), m(1),
                           m(2));
    case Rule::Unvested:
        return fmt::format("{}: {} of its {} share waits on milestone '{}'", e.text, pct(0), pct(1),
                           e.detail);
    case Rule::UnvestedGoes:
        return fmt::format("unvested {} goes {}", pct(0),
                           e.text.empty() ? std::string("pro-rata to the vested shares")
                                          : "to " + e.text);
    case Rule::Window:
        return fmt::format("bands count in the {} {}; its earlier periods' base: {}",
                           year_word(e.text), days_text(e.detail), m(0));
    case Rule::Whole:
        return fmt::format("whole basis: tier {} reached, {} of {} = {}, less {} given earlier "
                           "in the window = {}{}",
                           e.index, pct(0), m(1), m(2), m(3), m(4),
                           e.flag ? ": below zero, counts as 0" : "");
    case Rule::Minimum:
        return fmt::format("minimum {} for the {} {}: royalties of the year {}, top-up {}", m(0),
                           year_word(e.text), days_text(e.detail), m(1), m(2));
    case Rule::Inactive:
        return inactive_text(c, e);
    }
    return {};
}

void write_splits_table(std::ostream& out, const model::Charter& c, const compute::RunResult& run,
                        const SplitsOptions& opts) {
    auto bold = [&](const std::string& s) {
        return opts.color ? fmt::format(fmt::emphasis::bold, "{}", s) : s;
    };
    auto dim = [&](const std::string& s) {
        return opts.color ? fmt::format(fg(fmt::terminal_color::cyan), "{}", s) : s;
    };
    out << bold(fmt::format("{}: revenue splits in {}", c.id, c.currency)) << "\n";
    for (const auto& p : run.periods) {
        out << "\n" << bold(period_title(p)) << "\n";
        if (p.shares) {
            out << "  shares: " << shares_line(*p.shares) << "\n";
            if (opts.explain) {
                for (const auto& e : p.shares_explain) {
                    out << dim("    · " + explain_text(c, e)) << "\n";
                }
            }
        }
        for (const auto& s : p.streams) {
            out << "  " << bold(s.stream) << "  revenue " << readable(c, s.revenue) << "\n";
            std::size_t wstep = 4, wclaim = 5, wpaid = 4, wunpaid = 6;
            for (const auto& st : s.steps) {
                wstep = std::max(wstep, st.step.size());
                wclaim = std::max(wclaim, readable(c, st.claim).size());
                wpaid = std::max(wpaid, readable(c, st.paid).size());
                wunpaid = std::max(wunpaid, readable(c, st.unpaid).size());
            }
            out << fmt::format("    {:<{}}  {:>{}}  {:>{}}  {:>{}}  {}\n", "step", wstep, "claim",
                               wclaim, "paid", wpaid, "unpaid", wunpaid, "to");
            for (const auto& st : s.steps) {
                out << fmt::format("    {:<{}}  {:>{}}  {:>{}}  {:>{}}  {}\n", st.step, wstep,
                                   readable(c, st.claim), wclaim, readable(c, st.paid), wpaid,
                                   readable(c, st.unpaid), wunpaid, parties_line(c, st.paid_to));
                if (opts.explain) {
                    for (const auto& e : st.explain) {
                        out << dim("      · " + explain_text(c, e)) << "\n";
                    }
                    out << dim(fmt::format("      · pool {} -> {}", readable(c, st.pool_before),
                                           readable(c, st.pool_after)))
                        << "\n";
                }
            }
        }
        out << "  period total: " << parties_line(c, p.by_party) << "\n";
    }
    out << "\n" << bold(fmt::format("Totals (revenue {})", readable(c, run.revenue))) << "\n";
    std::size_t w = 5;
    for (const auto& pa : run.by_party) {
        w = std::max(w, pa.party.size());
    }
    for (const auto& pa : run.by_party) {
        out << fmt::format("  {:<{}}  {:>14}\n", pa.party, w, readable(c, pa.amount));
    }
}

void write_splits_json(std::ostream& out, const model::Charter& c, const compute::RunResult& run) {
    Json periods = Json::array();
    for (const auto& p : run.periods) {
        Json jp;
        jp["period"] = p.label ? Json(*p.label) : Json(nullptr);
        jp["as_of"] = p.as_of ? Json(format_date(*p.as_of)) : Json(nullptr);
        if (p.shares) {
            Json sh = Json::object();
            for (const auto& pa : *p.shares) {
                sh[pa.party] = num::format_percent(pa.amount);
            }
            jp["shares"] = sh;
        } else {
            jp["shares"] = nullptr;
        }
        Json streams = Json::array();
        for (const auto& s : p.streams) {
            Json steps = Json::array();
            for (const auto& st : s.steps) {
                Json paid = Json::object();
                for (const auto& pa : st.paid_to) {
                    paid[pa.party] = money(c, pa.amount);
                }
                steps.push_back({{"step", st.step},
                                 {"claim", money(c, st.claim)},
                                 {"paid", paid},
                                 {"unpaid", money(c, st.unpaid)}});
            }
            streams.push_back({{"stream", s.stream},
                               {"revenue", money(c, s.revenue)},
                               {"steps", steps},
                               {"by_party", party_map(c, s.by_party)}});
        }
        jp["streams"] = streams;
        jp["by_party"] = party_map(c, p.by_party);
        periods.push_back(std::move(jp));
    }
    Json j = {
        {"charter", c.id},
        {"currency", c.currency},
        {"periods", periods},
        {"totals", {{"revenue", money(c, run.revenue)}, {"by_party", party_map(c, run.by_party)}}}};
    out << j.dump(2) << "\n";
}

void write_splits_csv(std::ostream& out, const model::Charter& c, const compute::RunResult& run) {
    out << "period,stream,step,party,amount\n";
    for (const auto& p : run.periods) {
        for (const auto& s : p.streams) {
            for (const auto& st : s.steps) {
                for (const auto& pa : st.paid_to) {
                    out << (p.label ? *p.label : "") << ',' << s.stream << ',' << st.step << ','
                        << pa.party << ',' << money(c, pa.amount) << '\n';
                }
            }
        }
    }
}

void write_splits_markdown(std::ostream& out, const model::Charter& c,
                           const compute::RunResult& run, const SplitsOptions& opts) {
    out << "## " << c.id << ": revenue splits in " << c.currency << "\n";
    for (const auto& p : run.periods) {
        out << "\n### " << period_title(p) << "\n\n";
        if (p.shares) {
            out << "Shares: " << shares_line(*p.shares) << "\n\n";
            if (opts.explain) {
                for (const auto& e : p.shares_explain) {
                    out << "- " << explain_text(c, e) << "\n";
                }
                out << (p.shares_explain.empty() ? "" : "\n");
            }
        }
        for (const auto& s : p.streams) {
            out << "**" << s.stream << "**: revenue " << readable(c, s.revenue) << "\n\n";
            out << "| step | claim | paid | unpaid | to |\n|---|--:|--:|--:|---|\n";
            for (const auto& st : s.steps) {
                std::string to = parties_line(c, st.paid_to);
                if (opts.explain) {
                    to += "<br>";
                    for (const auto& e : st.explain) {
                        to += "<br>· " + explain_text(c, e);
                    }
                    to += "<br>· pool " + readable(c, st.pool_before) + " -> " +
                          readable(c, st.pool_after);
                }
                out << "| " << st.step << " | " << readable(c, st.claim) << " | "
                    << readable(c, st.paid) << " | " << readable(c, st.unpaid) << " | " << to
                    << " |\n";
            }
            out << "\n";
        }
    }
    out << "### Totals\n\n| party | amount |\n|---|--:|\n";
    for (const auto& pa : run.by_party) {
        out << "| " << pa.party << " | " << readable(c, pa.amount) << " |\n";
    }
    out << "| **revenue** | **" << readable(c, run.revenue) << "** |\n";
}

} // namespace charter::report
