// The sections of a rendered charter, as data: what each says, in words
// and tables, built from the model and what was computed.
#include <algorithm>
#include <map>

#include "compute/scenario.hpp"
#include "num/number.hpp"
#include "render/document.hpp"
#include "report/exit.hpp"

namespace charter::render {

namespace {

using model::Charter;
using num::Rational;
using Rows = std::vector<std::vector<std::string>>;

std::string money_text(const Charter& c, const Rational& x) {
    return grouped_money(c, x) + " " + c.currency;
}

std::string date_text(const std::optional<Date>& d, std::string_view none = "-") {
    return d ? format_date(*d) : std::string(none);
}

std::string yes_no(bool b) {
    return b ? "yes" : "no";
}

std::string joined(const std::vector<std::string>& words, std::string_view sep = ", ") {
    std::string out;
    for (const auto& w : words) {
        out += (out.empty() ? "" : std::string(sep)) + w;
    }
    return out;
}

std::string ref_list(const std::vector<model::Ref>& refs, std::string_view none = "-") {
    std::vector<std::string> ids;
    for (const auto& r : refs) {
        ids.push_back(r.id);
    }
    return ids.empty() ? std::string(none) : joined(ids);
}

/// "lithera 70%, brennwerk 30%"; a single party alone: "lithera".
std::string ratios_text(const model::PartyRatios& r) {
    if (r.single && r.entries.size() == 1) {
        return r.entries[0].party.id;
    }
    std::vector<std::string> parts;
    for (const auto& e : r.entries) {
        parts.push_back(e.party.id + " " + num::format_percent(e.ratio));
    }
    return joined(parts);
}

std::string duration_words(const Duration& d) {
    static const char* units[] = {"day", "week", "month", "year"};
    std::string unit = units[static_cast<int>(d.unit)];
    return std::to_string(d.count) + " " + unit + (d.count == 1 ? "" : "s");
}

std::string survival_text(const model::Survival& s) {
    switch (s.kind) {
    case model::Survival::Kind::None:
        return "none";
    case model::Survival::Kind::Perpetual:
        return "perpetual";
    case model::Survival::Kind::Duration:
        return duration_words(s.duration);
    }
    return "none";
}

Block heading(std::string text) {
    Block b;
    b.kind = Block::Kind::Heading;
    b.text = std::move(text);
    return b;
}

Block para(std::string text) {
    Block b;
    b.text = std::move(text);
    return b;
}

Block list(std::vector<std::string> items, bool numbered = false) {
    Block b;
    b.kind = numbered ? Block::Kind::Numbered : Block::Kind::List;
    b.items = std::move(items);
    return b;
}

Block table(std::vector<std::string> head, Rows rows, std::vector<bool> numeric = {}) {
    Block b;
    b.kind = Block::Kind::Table;
    b.table.head = std::move(head);
    b.table.rows = std::move(rows);
    b.table.numeric = std::move(numeric);
    return b;
}

Block figure(std::string svg, std::string alt) {
    Block b;
    b.kind = Block::Kind::Figure;
    b.svg = std::move(svg);
    b.text = std::move(alt);
    return b;
}

Section problems(const Inputs& in) {
    Section s{"problems", "Validation problems", {}, true};
    std::vector<std::string> items;
    for (const auto& d : in.diagnostics) {
        std::string where = d.loc.line > 0 ? "line " + std::to_string(d.loc.line) : "the file";
        items.push_back(where + ": " + std::string(severity_name(d.severity)) + " " +
                        std::string(code_info(d.code).code) + ": " + d.message);
    }
    std::size_t n = in.diagnostics.size();
    s.blocks.push_back(para(
        std::to_string(n) + (n == 1 ? " problem" : " problems") + " found by charter validate" +
        (in.computed ? "."
                     : "; with these errors, the scenarios, the exit matrix and the pictures are "
                       "not computed.")));
    s.blocks.push_back(list(std::move(items)));
    return s;
}

Section summary(const Inputs& in) {
    const Charter& c = *in.charter;
    Section s{"summary", "Summary", {}};
    Rows rows;
    rows.push_back({"Id", c.id});
    rows.push_back({"Kind", c.kind});
    rows.push_back({"Effective", date_text(c.effective)});
    rows.push_back({"Term", c.term_ends ? "until " + format_date(*c.term_ends) + " (the last day)"
                                        : std::string("-")});
    if (c.renewal_length || c.renewal_notice) {
        std::string r = c.renewal_length ? "for " + duration_words(*c.renewal_length) : "renewable";
        if (c.renewal_notice) {
            r += "; notice " + duration_words(*c.renewal_notice) + " before the end";
            if (auto deadline = c.renewal_notice_deadline()) {
                r += ", at the latest on " + format_date(*deadline);
            }
        }
        rows.push_back({"Renewal", r});
    } else {
        rows.push_back({"Renewal", "none"});
    }
    rows.push_back({"Currency", c.currency});
    rows.push_back({"Rounding", std::string(num::rounding_name(c.rounding))});
    s.blocks.push_back(table({"item", "value"}, std::move(rows)));
    s.blocks.push_back(heading("Parties"));
    Rows parties;
    for (const auto& p : c.parties) {
        parties.push_back({p.id, p.name, p.role.value_or("-"), p.jurisdiction.value_or("-")});
    }
    s.blocks.push_back(table({"party", "name", "role", "jurisdiction"}, std::move(parties)));
    return s;
}

const char* contribution_kind(model::ContributionKind k) {
    static const char* names[] = {"cash",       "personnel", "ip",      "data",
                                  "facilities", "equipment", "services"};
    return names[static_cast<int>(k)];
}

Section contributions(const Inputs& in) {
    const Charter& c = *in.charter;
    Section s{"contributions", "Contributions", {}};
    if (c.contributions.empty()) {
        s.blocks.push_back(para("The charter lists no contributions."));
        return s;
    }
    Rows rows;
    for (const auto& k : c.contributions) {
        std::string value = k.value ? grouped_money(c, *k.value) : "-";
        if (k.kind == model::ContributionKind::Personnel && k.fte && k.rate && k.months) {
            value = num::format_plain(*k.fte) + " FTE × " + grouped_money(c, *k.rate) + " × " +
                    num::format_plain(*k.months) + " months / 12 = " + value;
        }
        rows.push_back({k.id, k.party.id, contribution_kind(k.kind), value, date_text(k.date),
                        yes_no(k.recoupable), k.valuation.value_or("-")});
    }
    s.blocks.push_back(table({"contribution", "party", "kind", "value (" + c.currency + ")", "date",
                              "recoupable", "valuation"},
                             std::move(rows), {false, false, false, true, false, false, false}));
    Rational total = 0;
    for (const auto& p : c.parties) {
        total += c.contributed(p.id);
    }
    Rows totals;
    for (const auto& p : c.parties) {
        Rational mine = c.contributed(p.id);
        totals.push_back({p.id, grouped_money(c, mine),
                          total > 0 ? num::format_percent(mine / total) : std::string("-")});
    }
    totals.push_back({"total", grouped_money(c, total), total > 0 ? "100%" : "-"});
    s.blocks.push_back(heading("Total per party"));
    s.blocks.push_back(table({"party", "contributed (" + c.currency + ")", "share of the total"},
                             std::move(totals), {false, true, true}));
    return s;
}

std::string owners_text(const Charter& c, const model::Asset& a) {
    if (a.owner) {
        return ratios_text(*a.owner);
    }
    auto owners = c.owners_of(a);
    if (!owners || owners->empty()) {
        return "undecided";
    }
    std::vector<std::string> parts;
    for (const auto& [party, part] : *owners) {
        parts.push_back(party + " " + num::format_percent(part));
    }
    return joined(parts) + " (by the foreground rule)";
}

std::string foreground_rule_text(const model::ForegroundRule& r) {
    switch (r.kind) {
    case model::ForegroundRuleKind::JointEqual:
        return "owned jointly in equal parts";
    case model::ForegroundRuleKind::JointProRataContributions:
        return "owned jointly, pro rata to contributions";
    case model::ForegroundRuleKind::ByCreator:
        return "owned by its creators";
    case model::ForegroundRuleKind::Assign:
        return "assigned to " + r.assign.id;
    }
    return "";
}

Section ip(const Inputs& in) {
    const Charter& c = *in.charter;
    Section s{"ip", "Intellectual property", {}};
    if (!c.ip) {
        s.blocks.push_back(para("The charter has no IP section."));
        return s;
    }
    if (c.ip->foreground_rule) {
        s.blocks.push_back(para("Foreground IP that names no owner is " +
                                foreground_rule_text(*c.ip->foreground_rule) + "."));
    }
    s.blocks.push_back(heading("Assets"));
    Rows assets;
    for (const auto& a : c.ip->assets) {
        std::vector<std::string> filings;
        for (const auto& f : a.filings) {
            filings.push_back(f.jurisdiction + (f.number ? " " + *f.number : "") +
                              (f.filed ? " (filed " + format_date(*f.filed) + ")" : ""));
        }
        assets.push_back({a.id, a.title,
                          a.cls == model::AssetClass::Background ? "background" : "foreground",
                          a.type, owners_text(c, a), a.creators ? ref_list(*a.creators) : "-",
                          date_text(a.created), filings.empty() ? "-" : joined(filings, "; ")});
    }
    s.blocks.push_back(
        table({"asset", "title", "class", "type", "owners", "creators", "created", "filings"},
              std::move(assets)));
    if (in.computed) {
        if (std::string svg = ownership_svg(c); !svg.empty()) {
            s.blocks.push_back(figure(std::move(svg),
                                      "Who owns what: each asset's owners and their parts, "
                                      "background assets first."));
        }
    }
    s.blocks.push_back(heading("Licenses"));
    if (c.ip->licenses.empty()) {
        s.blocks.push_back(para("No licenses."));
        return s;
    }
    Rows licenses;
    for (const auto& l : c.ip->licenses) {
        std::string period = (l.starts ? format_date(*l.starts) : std::string("effective")) +
                             " to " + (l.ends ? format_date(*l.ends) : std::string("end of term"));
        licenses.push_back({l.id, ref_list(l.assets), l.from.id, ref_list(l.to), l.scope, l.field,
                            joined(l.territory), l.exclusive ? "exclusive" : "non-exclusive",
                            yes_no(l.sublicensable), period, survival_text(l.survives)});
    }
    s.blocks.push_back(table({"license", "assets", "licensor", "licensee", "scope", "field",
                              "territory", "exclusivity", "sublicensable", "period", "survives"},
                             std::move(licenses)));
    return s;
}

/// "achieved 2025-09-18 (12 days early)", "overdue since 2027-03-31", "open".
std::string milestone_status(const model::Milestone& m, const Date& on) {
    if (m.achieved) {
        std::string s = "achieved " + format_date(*m.achieved);
        if (m.due) {
            long long late = to_days(*m.achieved) - to_days(*m.due);
            s += late > 0   ? " (" + std::to_string(late) + " days late)"
                 : late < 0 ? " (" + std::to_string(-late) + " days early)"
                            : " (on the day)";
        }
        return s;
    }
    if (m.due && *m.due < on) {
        return "OVERDUE since " + format_date(*m.due);
    }
    return "open";
}

Section milestones(const Inputs& in) {
    const Charter& c = *in.charter;
    Section s{"milestones", "Milestones", {}};
    if (c.milestones.empty()) {
        s.blocks.push_back(para("The charter lists no milestones."));
        return s;
    }
    std::map<std::string, std::vector<std::string>, std::less<>> vests;
    if (c.economics) {
        for (const auto& v : c.economics->vesting) {
            vests[v.milestone.id].push_back(v.party.id + ": " + num::format_percent(v.portion) +
                                            " of its share");
        }
    }
    Rows rows;
    for (const auto& m : c.milestones) {
        std::string pay = m.payment ? money_text(c, m.payment->amount) + " from " +
                                          m.payment->from.id + " to " + m.payment->to.id
                                    : "-";
        auto v = vests.find(m.id);
        rows.push_back({m.id, m.title, m.owner.id, date_text(m.due), milestone_status(m, in.on),
                        ref_list(m.depends_on), pay,
                        v == vests.end() ? std::string("-") : joined(v->second, "; ")});
    }
    s.blocks.push_back(para("Status as of " + format_date(in.on) + "."));
    s.blocks.push_back(
        table({"milestone", "title", "owner", "due", "status", "depends on", "payment", "vests"},
              std::move(rows)));
    return s;
}

std::string cap_floor_words(const Charter& c, const model::Step& st) {
    std::vector<std::string> parts;
    if (st.floor) {
        parts.push_back("at least " + grouped_money(c, *st.floor) + " a period");
    }
    if (st.carry) {
        parts.push_back("what is unpaid is carried to the next period");
    }
    if (st.cap_period) {
        parts.push_back("at most " + grouped_money(c, *st.cap_period) + " a period");
    }
    if (st.cap_total) {
        parts.push_back("at most " + grouped_money(c, *st.cap_total) + " in total");
    }
    return parts.empty() ? "" : "; " + joined(parts, "; ");
}

} // namespace

std::string window_words(model::Window w) {
    switch (w) {
    case model::Window::Run:
        return "over the whole run (cumulative)";
    case model::Window::CalendarYear:
        return "per calendar year";
    case model::Window::ContractYear:
        return "per contract year";
    case model::Window::None:
        break;
    }
    return "per period";
}

/// A royalty's licensing terms in words: the window its tiers count in,
/// whole-amount tiers, the minimum and the royalty term.
std::string royalty_terms_words(const Charter& c, const model::Step& st) {
    std::string out;
    if (st.cumulative != model::Window::None) {
        out += ", tiers counted " + window_words(st.cumulative);
    }
    if (st.whole) {
        out += ", the rate reached applies to the whole amount (with a true-up)";
    }
    if (st.minimum) {
        out += ", at least " + grouped_money(c, st.minimum->amount) + " " +
               window_words(st.minimum->per) + " (topped up at the year's end)";
    }
    if (st.active) {
        const auto& a = *st.active;
        if (a.from) {
            out += ", from " + format_date(*a.from);
        } else if (a.after) {
            out += ", from the achievement of " + a.after->id;
        }
        if (a.until) {
            out += ", until " + format_date(*a.until);
        }
    }
    return out;
}

std::string step_words(const Charter& c, const model::Step& st) {
    std::string to = st.to ? ", to " + ratios_text(*st.to) : "";
    std::string out = st.id + ": ";
    switch (st.kind) {
    case model::StepKind::Recoup:
        out += "recoup the recoupable contributions of " +
               (st.recoup_all ? std::string("every party") : ref_list(st.recoup_parties)) +
               (st.recoup_sequential ? ", one party after another in that order" : ", pro rata");
        break;
    case model::StepKind::Royalty: {
        out += "royalty";
        for (std::size_t i = 0; i < st.tiers.size(); ++i) {
            out += (i ? " then " : " ") + num::format_percent(st.tiers[i].rate);
            if (i + 1 < st.tiers.size()) {
                out += " up to " + grouped_money(c, st.tiers[i + 1].from);
            }
        }
        out += " of " + (st.base ? "\"" + st.base->text + "\"" : std::string("revenue"));
        out += to + royalty_terms_words(c, st);
        out += cap_floor_words(c, st);
        break;
    }
    case model::StepKind::Amount:
        out += "the amount \"" + (st.amount ? st.amount->text : std::string("?")) + "\"" + to +
               cap_floor_words(c, st);
        break;
    case model::StepKind::Split:
        out += "the rest is split " + (st.split_shares || !st.split ? std::string("by the shares")
                                                                    : ratios_text(*st.split));
        break;
    }
    return out;
}

namespace {

Section economics(const Inputs& in) {
    const Charter& c = *in.charter;
    Section s{"economics", "Economics", {}};
    if (!c.economics) {
        s.blocks.push_back(para("The charter has no economics section."));
        return s;
    }
    const auto& e = *c.economics;
    if (e.pro_rata_contributions) {
        s.blocks.push_back(para("Residual shares: pro rata to contributions."));
    } else if (e.shares) {
        s.blocks.push_back(para("Residual shares: " + ratios_text(*e.shares) + "."));
    }
    if (!e.vesting.empty()) {
        std::vector<std::string> items;
        for (const auto& v : e.vesting) {
            items.push_back(num::format_percent(v.portion) + " of " + v.party.id +
                            "'s share vests when milestone " + v.milestone.id + " is achieved");
        }
        s.blocks.push_back(heading("Vesting"));
        s.blocks.push_back(list(std::move(items)));
        s.blocks.push_back(para(
            "Unvested share goes " +
            (e.unvested_to ? "to " + e.unvested_to->id
                           : std::string("pro rata to the vested shares (scaled up to 100%)")) +
            "."));
    }
    for (const auto& st : e.streams) {
        s.blocks.push_back(heading("Stream " + st.id + (st.title ? ": " + *st.title : "")));
        std::vector<std::string> steps;
        for (const auto& step : st.waterfall) {
            steps.push_back(step_words(c, step));
        }
        s.blocks.push_back(list(std::move(steps), true));
    }
    return s;
}

} // namespace

std::vector<Flow> money_flows(const Charter& c, const compute::RunResult& run) {
    std::vector<Flow> flows;
    std::map<std::pair<std::string, std::string>, std::size_t> at;
    // charter order: streams, then steps
    if (c.economics) {
        for (const auto& st : c.economics->streams) {
            for (const auto& step : st.waterfall) {
                if (at.emplace(std::pair{st.id, step.id}, flows.size()).second) {
                    flows.push_back(Flow{st.id, step.id, 0,
                                         std::vector<Rational>(c.parties.size(), Rational(0))});
                }
            }
        }
    }
    for (const auto& p : run.periods) {
        for (const auto& sr : p.streams) {
            for (const auto& step : sr.steps) {
                auto it = at.find({sr.stream, step.step});
                if (it == at.end()) {
                    continue;
                }
                Flow& f = flows[it->second];
                f.paid += step.paid;
                for (const auto& pa : step.paid_to) {
                    if (auto i = c.party_index(pa.party)) {
                        f.to[*i] += pa.amount;
                    }
                }
            }
        }
    }
    return flows;
}

namespace {

Section scenarios(const Inputs& in) {
    const Charter& c = *in.charter;
    Section s{"scenarios", "Scenarios", {}};
    if (c.scenarios.empty()) {
        s.blocks.push_back(para("The charter has no worked scenarios."));
        return s;
    }
    if (!in.computed) {
        s.blocks.push_back(para("Not computed: the charter has errors."));
        return s;
    }
    for (const auto& sr : in.scenarios) {
        const auto& sc = *sr.scenario;
        s.blocks.push_back(heading("Scenario " + sc.id));
        if (!sr.run) {
            s.blocks.push_back(para("Cannot be computed: " + sr.error));
            continue;
        }
        const auto& run = *sr.run;
        std::string periods;
        if (sc.single_period) {
            periods = "One period" + (sc.as_of ? ", as of " + format_date(*sc.as_of) : "");
        } else {
            std::vector<std::string> labels;
            for (const auto& p : run.periods) {
                labels.push_back(p.label.value_or("-"));
            }
            periods = std::to_string(labels.size()) + " periods (" + joined(labels) + ")";
        }
        s.blocks.push_back(para(periods + "; revenue " + money_text(c, run.revenue) + "."));
        auto expectations = compute::compare_expectations(sc, run);
        Rows rows;
        for (std::size_t i = 0; i < c.parties.size(); ++i) {
            const std::string& id = c.parties[i].id;
            Rational got = 0;
            for (const auto& pa : run.by_party) {
                if (pa.party == id) {
                    got += pa.amount;
                }
            }
            std::string expected = "not checked", check = "-";
            for (const auto& x : expectations) {
                if (x.expect->id.id == id) {
                    expected = grouped_money(c, x.expect->amount);
                    check = x.met()
                                ? "matches"
                                : "DIFFERS by " + grouped_money(c, x.computed - x.expect->amount);
                }
            }
            rows.push_back({id, grouped_money(c, got), expected, check});
        }
        s.blocks.push_back(table({"party", "computed (" + c.currency + ")", "expected", "check"},
                                 std::move(rows), {false, true, true, false}));
        Rows steps;
        for (const auto& f : money_flows(c, run)) {
            std::vector<std::string> parts;
            for (std::size_t i = 0; i < c.parties.size(); ++i) {
                if (f.to[i] != 0) {
                    parts.push_back(c.parties[i].id + " " + grouped_money(c, f.to[i]));
                }
            }
            steps.push_back({f.stream, f.step, grouped_money(c, f.paid),
                             parts.empty() ? std::string("-") : joined(parts)});
        }
        s.blocks.push_back(table({"stream", "step", "paid (" + c.currency + ")", "to"},
                                 std::move(steps), {false, false, true, false}));
        if (std::string svg = money_flow_svg(c, sr); !svg.empty()) {
            s.blocks.push_back(
                figure(std::move(svg), "Where the money goes in scenario " + sc.id +
                                           ": revenue, what each waterfall step paid, and what "
                                           "each party received."));
        }
    }
    return s;
}

std::string approval_words(const model::Matter& m) {
    switch (m.approval) {
    case model::Approval::Unanimous:
        return "unanimously";
    case model::Approval::Majority:
        return "by a majority";
    case model::Approval::Supermajority:
        return "by a supermajority of " +
               (m.threshold ? num::format_percent(*m.threshold) : std::string("?"));
    }
    return "";
}

Section governance(const Inputs& in) {
    const Charter& c = *in.charter;
    Section s{"governance", "Governance", {}};
    if (!c.governance) {
        s.blocks.push_back(para("The charter has no governance section."));
        return s;
    }
    const auto& g = *c.governance;
    if (g.committee) {
        Rows seats;
        long long total = 0;
        for (const auto& [party, n] : g.committee->seats) {
            seats.push_back({party.id, std::to_string(n)});
            total += n;
        }
        seats.push_back({"total", std::to_string(total)});
        s.blocks.push_back(heading("Committee"));
        s.blocks.push_back(table({"party", "seats"}, std::move(seats), {false, true}));
        s.blocks.push_back(para(
            "Quorum: " +
            (g.committee->quorum ? std::to_string(*g.committee->quorum) + " seats" : "not set") +
            ". Casting vote: " +
            (g.committee->casting_vote ? g.committee->casting_vote->id + " (its chair breaks ties)"
                                       : std::string("none")) +
            "."));
    }
    if (!g.matters.empty()) {
        Rows matters;
        for (const auto& m : g.matters) {
            matters.push_back(
                {m.id, "decided " + approval_words(m), m.veto.empty() ? "-" : ref_list(m.veto)});
        }
        s.blocks.push_back(heading("Matters"));
        s.blocks.push_back(table({"matter", "how it is decided", "veto"}, std::move(matters)));
    }
    if (g.decision_log) {
        s.blocks.push_back(para("Decision log: " + *g.decision_log + "."));
    }
    std::vector<std::string> ties;
    for (const auto& d : in.diagnostics) {
        if (d.code == Code::DeadlockPossible) {
            ties.push_back("Deadlock possible: " + d.message);
        }
    }
    if (!ties.empty()) {
        s.blocks.push_back(list(std::move(ties)));
    }
    return s;
}

std::string trigger_words(const Charter& c, const model::Trigger& t) {
    std::vector<std::string> parts;
    parts.push_back(t.id + " (" + t.cause + "): invoked by " +
                    (t.invoked_by_any ? std::string("any party") : ref_list(t.invoked_by)));
    parts.push_back(t.leaver_is_invoker ? "the invoking party leaves" : "the other party leaves");
    if (t.cure) {
        parts.push_back("cure period " + duration_words(*t.cure));
    }
    if (t.notice) {
        parts.push_back("notice " + duration_words(*t.notice));
    }
    parts.push_back(t.unvested_keep ? "the leaver keeps its unvested share"
                                    : "the leaver forfeits its unvested share");
    if (t.buyout_price) {
        parts.push_back("the others buy the leaver out at \"" + t.buyout_price->text + "\"");
    }
    switch (t.foreground) {
    case model::ForegroundExit::Assign:
        parts.push_back("the leaver's foreground IP is assigned to the others");
        break;
    case model::ForegroundExit::LicenseBack:
        parts.push_back("the leaver's foreground IP is assigned, with a license back to it");
        break;
    case model::ForegroundExit::Keep:
        parts.push_back("each party keeps its foreground IP");
        break;
    }
    parts.push_back(std::string("licenses from the leaver ") +
                    (t.from_leaver_survives ? "survive" : "terminate") + ", licenses to it " +
                    (t.to_leaver_survives ? "survive" : "terminate"));
    if (t.wind_down) {
        static const char* costs[] = {"pro rata to the shares", "paid by the leaver",
                                      "shared equally", "shared as agreed"};
        std::string w = "wind-down";
        if (t.wind_down->period) {
            w += " over " + duration_words(*t.wind_down->period);
        }
        w += ", costs " + std::string(costs[static_cast<int>(t.wind_down->costs)]);
        if (t.wind_down->mapping) {
            w += " (" + ratios_text(*t.wind_down->mapping) + ")";
        }
        if (t.wind_down->estimate) {
            w += ", estimated at " + money_text(c, *t.wind_down->estimate);
        }
        parts.push_back(w);
    }
    return joined(parts, "; ");
}

Section exits(const Inputs& in) {
    const Charter& c = *in.charter;
    Section s{"exit", "Exit", {}};
    if (!c.exit_triggers || c.exit_triggers->empty()) {
        s.blocks.push_back(para("The charter has no exit triggers."));
        return s;
    }
    std::vector<std::string> items;
    for (const auto& t : *c.exit_triggers) {
        items.push_back(trigger_words(c, t));
    }
    s.blocks.push_back(list(std::move(items)));
    s.blocks.push_back(heading("Every exit on " + format_date(in.on)));
    if (!in.computed) {
        s.blocks.push_back(para("Not computed: the charter has errors."));
        return s;
    }
    if (!in.exits_error.empty()) {
        s.blocks.push_back(para("Not computed: " + in.exits_error));
        return s;
    }
    Rows rows = report::exits_rows(c, in.exits);
    std::vector<std::string> head = rows.front();
    rows.erase(rows.begin());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        rows[i].resize(head.size(), "");
        if (i < in.fair_value_needed.size() && in.fair_value_needed[i]) {
            rows[i][4] = "depends on the fair value";
        }
    }
    s.blocks.push_back(para("Notice served on " + format_date(in.on) + "; amounts in " +
                            c.currency +
                            ". A buyout priced on the fair value is computed by "
                            "charter exit-sim --fair-value."));
    s.blocks.push_back(
        table(head, std::move(rows), {false, false, false, false, true, true, false, true}));
    return s;
}

Section confidentiality_disputes(const Inputs& in) {
    const Charter& c = *in.charter;
    Section s{"confidentiality", "Confidentiality and disputes", {}};
    if (c.confidentiality) {
        std::string t =
            "Confidentiality survives the end of the term: " + survival_text(*c.confidentiality);
        if (auto ends = c.confidentiality_ends()) {
            t += ", until " + format_date(*ends);
        }
        s.blocks.push_back(para(t + "."));
    } else {
        s.blocks.push_back(para("No confidentiality clause."));
    }
    if (c.disputes) {
        std::vector<std::string> ladder;
        for (const auto& d : c.disputes->ladder) {
            std::string step = d.step;
            if (d.within) {
                step += ", within " + duration_words(*d.within);
            }
            if (d.rules) {
                step += ", under the " + *d.rules + " rules";
            }
            if (d.seat) {
                step += ", seated in " + *d.seat;
            }
            ladder.push_back(step);
        }
        if (!ladder.empty()) {
            s.blocks.push_back(heading("Dispute resolution, step by step"));
            s.blocks.push_back(list(std::move(ladder), true));
        }
        if (c.disputes->law) {
            s.blocks.push_back(para("Governing law: " + *c.disputes->law + "."));
        }
    } else {
        s.blocks.push_back(para("No dispute resolution clause."));
    }
    return s;
}

Section timeline(const Inputs& in) {
    Section s{"timeline", "Timeline", {}};
    std::string svg = timeline_svg(*in.charter, in.on);
    s.blocks.push_back(figure(std::move(svg),
                              "The agreement over time: term, renewal notice deadline, milestones "
                              "(due and achieved, with dependencies), licenses and their survival, "
                              "confidentiality."));
    return s;
}

} // namespace

Document build_document(const Inputs& in) {
    const Charter& c = *in.charter;
    Document doc;
    doc.title = c.title.empty() ? c.id : c.title;
    doc.subtitle = c.kind + " charter " + c.id + "; rendered as of " + format_date(in.on) + ".";
    if (!in.diagnostics.empty()) {
        doc.sections.push_back(problems(in));
    }
    doc.sections.push_back(summary(in));
    if (in.computed && c.effective && c.term_ends) {
        doc.sections.push_back(timeline(in));
    }
    doc.sections.push_back(contributions(in));
    doc.sections.push_back(ip(in));
    doc.sections.push_back(milestones(in));
    doc.sections.push_back(economics(in));
    doc.sections.push_back(scenarios(in));
    doc.sections.push_back(governance(in));
    doc.sections.push_back(exits(in));
    doc.sections.push_back(confidentiality_disputes(in));
    if (c.notes) {
        doc.sections.push_back(Section{"notes", "Notes", {para(*c.notes)}});
    }
    return doc;
}

} // namespace charter::render
