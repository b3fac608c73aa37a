// Hover: what an id stands for, and the exact value of a number.
#include <fmt/format.h>

#include "compute/scenario.hpp"
#include "compute/waterfall.hpp"
#include "lsp/features.hpp"
#include "num/number.hpp"
#include "util/date.hpp"

namespace charter::lsp {

namespace {

using Lines = std::vector<std::string>;

std::string money(const model::Charter& c, const num::Rational& x) {
    return num::format_money(x, c.minor_digits) + " " + c.currency;
}

std::string ids(const std::vector<model::Ref>& refs) {
    std::string out;
    for (const auto& r : refs) {
        out += (out.empty() ? "" : ", ") + r.id;
    }
    return out.empty() ? "none" : out;
}

void party_lines(const model::Charter& c, const std::string& id, Date today, Lines& out) {
    const model::Party* p = c.party(id);
    if (!p) {
        return;
    }
    out.push_back("name: " + p->name);
    if (c.economics && c.economics->shares) {
        out.push_back("share: " + num::format_percent(c.economics->shares->of(id)));
    }
    if (auto shares = compute::shares_as_of(c, today); shares && *shares) {
        for (const auto& s : **shares) {
            if (s.party == id) {
                out.push_back(fmt::format("vested share today ({}): {}", format_date(today),
                                          num::format_percent(s.amount)));
            }
        }
    }
    out.push_back("contributions: " + money(c, c.contributed(id)));
}

/// Runs a scenario, or says why it cannot be run.
Expected<compute::RunResult, std::string> run(const model::Charter& c, const model::Scenario& s,
                                              bool explain = false) {
    auto periods = compute::scenario_periods(s);
    if (!periods) {
        return unexpected(periods.error().message);
    }
    auto result = compute::run_waterfall(c, *periods, explain);
    if (!result) {
        return unexpected(result.error().message);
    }
    return std::move(*result);
}

void asset_lines(const model::Charter& c, const std::string& id, Lines& out) {
    const model::Asset* a = c.asset(id);
    if (!a) {
        return;
    }
    out.push_back("title: " + a->title);
    std::string owners;
    if (auto o = c.owners_of(*a)) {
        for (const auto& [party, part] : *o) {
            owners += (owners.empty() ? "" : ", ") + party + " " + num::format_percent(part);
        }
    }
    out.push_back("owners: " + (owners.empty() ? std::string("undecided") : owners));
    for (const auto& l : c.ip->licenses) {
        for (const auto& r : l.assets) {
            if (r.id == id) {
                out.push_back(fmt::format("license {}: {} to {}, {}{}", l.id, l.from.id, ids(l.to),
                                          l.scope, l.exclusive ? ", exclusive" : ""));
            }
        }
    }
}

void milestone_lines(const model::Charter& c, const std::string& id, Lines& out) {
    const model::Milestone* m = c.milestone(id);
    if (!m) {
        return;
    }
    out.push_back("title: " + m->title);
    out.push_back("due: " + (m->due ? format_date(*m->due) : std::string("none")));
    out.push_back("achieved: " +
                  (m->achieved ? format_date(*m->achieved) : std::string("not yet")));
    out.push_back("depends on: " + ids(m->depends_on));
    if (m->payment) {
        out.push_back(fmt::format("payment: {} from {} to {}", money(c, m->payment->amount),
                                  m->payment->from.id, m->payment->to.id));
    }
    if (c.economics) {
        for (const auto& v : c.economics->vesting) {
            if (v.milestone.id == id) {
                out.push_back(fmt::format("vests: {} of {}'s share", num::format_percent(v.portion),
                                          v.party.id));
            }
        }
    }
}

void scenario_lines(const model::Charter& c, const std::string& id, Lines& out) {
    for (const auto& s : c.scenarios) {
        if (s.id != id) {
            continue;
        }
        auto result = run(c, s);
        if (!result) {
            out.push_back("cannot be computed: " + result.error());
            return;
        }
        for (const auto& e : compute::compare_expectations(s, *result)) {
            out.push_back(fmt::format("{}: computed {}, expect {}{}", e.expect->id.id,
                                      money(c, e.computed), money(c, e.expect->amount),
                                      e.met() ? "" : " (differs)"));
        }
        if (s.expect.empty()) {
            for (const auto& pa : result->by_party) {
                out.push_back(fmt::format("{}: computed {}", pa.party, money(c, pa.amount)));
            }
        }
        return;
    }
}

/// "acme", or "acme 50%, globex 50%".
std::string recipients(const std::optional<model::PartyRatios>& pr) {
    if (!pr) {
        return "nobody";
    }
    if (pr->single && pr->entries.size() == 1) {
        return pr->entries.front().party.id;
    }
    std::string out;
    for (const auto& e : pr->entries) {
        out += (out.empty() ? "" : ", ") + e.party.id + " " + num::format_percent(e.ratio);
    }
    return out;
}

/// A step's rule in words.
std::string step_rule(const model::Charter& c, const model::Step& st) {
    switch (st.kind) {
    case model::StepKind::Recoup:
        return fmt::format("recoups the recoupable contributions of {}, {}",
                           st.recoup_all ? std::string("every party") : ids(st.recoup_parties),
                           st.recoup_sequential ? "in order" : "pro rata");
    case model::StepKind::Royalty: {
        std::string tiers;
        for (const auto& t : st.tiers) {
            tiers += fmt::format("{}{} from {}", tiers.empty() ? "" : ", ",
                                 num::format_percent(t.rate), money(c, t.from));
        }
        return fmt::format("pays {} a royalty of {} on `{}`{}", recipients(st.to), tiers,
                           st.base ? st.base->text : std::string("revenue"),
                           st.cumulative != model::Window::None ? ", tiers on cumulative revenue"
                                                                : "");
    }
    case model::StepKind::Amount:
        return fmt::format("pays {} `{}`", recipients(st.to),
                           st.amount ? st.amount->text : std::string());
    case model::StepKind::Split:
        return "splits what is left by " +
               (st.split_shares ? std::string("the shares") : recipients(st.split));
    }
    return {};
}

void step_lines(const model::Charter& c, const Occurrence& o, Lines& out) {
    const model::Stream* s = c.stream(o.scope);
    if (!s) {
        return;
    }
    for (const auto& st : s->waterfall) {
        if (st.id == o.id) {
            out.push_back(fmt::format("stream {}: {}", s->id, step_rule(c, st)));
            std::string limits;
            auto add = [&](const std::optional<num::Rational>& v, std::string_view what) {
                if (v) {
                    limits +=
                        fmt::format("{}{} {}", limits.empty() ? "" : ", ", what, money(c, *v));
                }
            };
            add(st.cap_period, "cap a period");
            add(st.cap_total, "cap in all");
            add(st.floor, "floor");
            if (st.carry) {
                limits += limits.empty() ? "unpaid carried over" : ", unpaid carried over";
            }
            if (!limits.empty()) {
                out.push_back("limits: " + limits);
            }
            break;
        }
    }
    for (const auto& sc : c.scenarios) {
        auto result = run(c, sc);
        if (!result) {
            continue;
        }
        num::Rational paid;
        for (const auto& period : result->periods) {
            for (const auto& stream : period.streams) {
                for (const auto& step : stream.steps) {
                    paid += stream.stream == o.scope && step.step == o.id ? step.paid : 0;
                }
            }
        }
        out.push_back(fmt::format("paid in scenario {}: {}", sc.id, money(c, paid)));
    }
}

void stream_lines(const model::Charter& c, const std::string& id, Lines& out) {
    if (const model::Stream* s = c.stream(id)) {
        std::string steps;
        for (const auto& st : s->waterfall) {
            steps += (steps.empty() ? "" : ", ") + st.id;
        }
        out.push_back("title: " + s->title.value_or("none"));
        out.push_back("waterfall: " + (steps.empty() ? std::string("no steps") : steps));
    }
}

void trigger_lines(const model::Charter& c, const std::string& id, Lines& out) {
    if (!c.exit_triggers) {
        return;
    }
    for (const auto& t : *c.exit_triggers) {
        if (t.id == id) {
            out.push_back("cause: " + t.cause);
            out.push_back("invoked by: " +
                          (t.invoked_by_any ? std::string("any party") : ids(t.invoked_by)));
            if (t.buyout_price) {
                out.push_back("buyout price: `" + t.buyout_price->text + "`");
            }
            return;
        }
    }
}

Lines id_lines(const Analysis& a, const Occurrence& o, Date today) {
    Lines out{fmt::format("**{}** `{}`", kind_name(o.kind), o.id)};
    const model::Charter& c = *a.charter();
    switch (o.kind) {
    case IdKind::Party:
        party_lines(c, o.id, today, out);
        break;
    case IdKind::Asset:
        asset_lines(c, o.id, out);
        break;
    case IdKind::Milestone:
        milestone_lines(c, o.id, out);
        break;
    case IdKind::Step:
        step_lines(c, o, out);
        break;
    case IdKind::Stream:
        stream_lines(c, o.id, out);
        break;
    case IdKind::Trigger:
        trigger_lines(c, o.id, out);
        break;
    case IdKind::Scenario:
        scenario_lines(c, o.id, out);
        break;
    default:
        break;
    }
    if (!a.symbols.definition_of(o)) {
        out.push_back("not defined in this charter");
    }
    return out;
}

/// The value a step's formula took in one period: the first explanation
/// of rule `wanted` (Amount: the amount formula, Base: a royalty's base).
std::optional<num::Rational> formula_value(const compute::PeriodResult& period,
                                           const std::string& stream, const std::string& step,
                                           compute::Explanation::Rule wanted) {
    for (const auto& sr : period.streams) {
        for (const auto& r : sr.steps) {
            if (sr.stream != stream || r.step != step) {
                continue;
            }
            for (const auto& e : r.explain) {
                if (e.rule == wanted && !e.values.empty()) {
                    return e.values.front();
                }
            }
        }
    }
    return std::nullopt;
}

/// What a step's `amount` (or royalty `base`) formula came to in each period
/// of each scenario, from the runs' explanations.
Lines formula_lines(const model::Charter& c, const std::string& stream, const model::Step& st,
                    bool base) {
    auto wanted = base ? compute::Explanation::Rule::Base : compute::Explanation::Rule::Amount;
    Lines out{fmt::format("formula of step `{}`", st.id)};
    for (const auto& sc : c.scenarios) {
        auto result = run(c, sc, true);
        if (!result) {
            continue;
        }
        for (const auto& period : result->periods) {
            if (auto v = formula_value(period, stream, st.id, wanted)) {
                out.push_back(fmt::format("{}{}: {}", sc.id,
                                          period.label ? " " + *period.label : std::string(),
                                          num::format_plain(*v)));
            }
        }
    }
    return out;
}

/// The hover of the step formula written at `offset`, if there is one.
Lines formula_at(const model::Charter& c, std::size_t offset) {
    auto holds = [&](const std::optional<model::FormulaText>& f) {
        return f && f->node && f->node->begin <= offset && offset < f->node->end;
    };
    if (!c.economics) {
        return {};
    }
    for (const auto& s : c.economics->streams) {
        for (const auto& st : s.waterfall) {
            if (holds(st.amount) || holds(st.base)) {
                return formula_lines(c, s.id, st, holds(st.base));
            }
        }
    }
    return {};
}

/// The smallest scalar node containing `offset`, if any.
const Node* scalar_at(const Tree& tree, std::size_t offset) {
    const Node* best = nullptr;
    for (const auto& n : tree.nodes) {
        if (n.is_scalar() && n.begin <= offset && offset < n.end &&
            (!best || n.end - n.begin < best->end - best->begin)) {
            best = &n;
        }
    }
    return best;
}

/// The exact value of a number or ratio written at `offset`.
Lines value_lines(const model::Charter& c, std::size_t offset) {
    const Node* n = c.tree ? scalar_at(*c.tree, offset) : nullptr;
    if (!n || n->style != ScalarStyle::Plain) {
        return {};
    }
    if (n->value.find_first_of("%/") != std::string::npos) {
        if (auto r = num::parse_ratio(n->value)) {
            return {fmt::format("ratio: exactly {} ({})", num::format_plain(*r),
                                num::format_percent(*r))};
        }
    } else if (auto m = num::parse_money(n->value, 64, c.currency)) {
        return {fmt::format("exactly {}", num::format_plain(*m))};
    }
    return {};
}

} // namespace

Json hover(const Analysis& a, Position p, Date today) {
    if (!a.charter()) {
        return nullptr;
    }
    std::size_t offset = a.lines.offset(p);
    Lines lines;
    Range range{p, p};
    if (const Occurrence* o = a.symbols.at(offset)) {
        lines = id_lines(a, *o, today);
        range = a.lines.range(o->begin, o->end);
    } else if (lines = formula_at(*a.charter(), offset); lines.empty()) {
        lines = value_lines(*a.charter(), offset);
    }
    if (lines.empty()) {
        return nullptr;
    }
    std::string md;
    for (const auto& l : lines) {
        md += (md.empty() ? "" : "  \n") + l;
    }
    return {{"contents", {{"kind", "markdown"}, {"value", md}}}, {"range", to_json(range)}};
}

} // namespace charter::lsp
