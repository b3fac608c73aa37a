// Dates: the term, milestone due dates and dependencies, asset and license dates.
#include <algorithm>
#include <map>

#include "check/context.hpp"

namespace charter::check {

namespace {

using MilestoneIndex = std::map<std::string_view, std::size_t>;

/// For each milestone, the positions of the milestones it depends on (known ids only).
std::vector<std::vector<std::size_t>> dependency_edges(const std::vector<model::Milestone>& ms,
                                                       const MilestoneIndex& index_of) {
    std::vector<std::vector<std::size_t>> edges(ms.size());
    for (std::size_t i = 0; i < ms.size(); ++i) {
        for (const auto& d : ms[i].depends_on) {
            if (auto it = index_of.find(d.id); it != index_of.end()) {
                edges[i].push_back(it->second);
            }
        }
    }
    return edges;
}

/// The strongly connected components that are cycles (more than one node, or
/// a node depending on itself): Tarjan's algorithm, iterative so a long chain
/// cannot overflow the stack.
std::vector<std::vector<std::size_t>> cycles(const std::vector<std::vector<std::size_t>>& edges) {
    const std::size_t n = edges.size();
    std::vector<long> index(n, -1), low(n, 0);
    std::vector<bool> on_stack(n, false);
    std::vector<std::size_t> stack;
    long counter = 0;
    std::vector<std::vector<std::size_t>> components;
    for (std::size_t start = 0; start < n; ++start) {
        if (index[start] >= 0) {
            continue;
        }
        std::vector<std::pair<std::size_t, std::size_t>> work{{start, 0}};
        while (!work.empty()) {
            auto& [v, next] = work.back();
            if (next == 0 && index[v] < 0) {
                index[v] = low[v] = counter++;
                stack.push_back(v);
                on_stack[v] = true;
            }
            if (next < edges[v].size()) {
                std::size_t w = edges[v][next++];
                if (index[w] < 0) {
                    work.emplace_back(w, 0);
                } else if (on_stack[w]) {
                    low[v] = std::min(low[v], index[w]);
                }
                continue;
            }
            if (low[v] == index[v]) {
                std::vector<std::size_t> comp;
                std::size_t w;
                do {
                    w = stack.back();
                    stack.pop_back();
                    on_stack[w] = false;
                    comp.push_back(w);
                } while (w != v);
                bool self_loop = comp.size() == 1 &&
                                 std::find(edges[v].begin(), edges[v].end(), v) != edges[v].end();
                if (comp.size() > 1 || self_loop) {
                    components.push_back(std::move(comp));
                }
            }
            std::size_t done = v;
            work.pop_back();
            if (!work.empty()) {
                std::size_t parent = work.back().first;
                low[parent] = std::min(low[parent], low[done]);
            }
        }
    }
    return components;
}

/// The diagnostic for one cycle (`comp` sorted, `in` marking its members):
/// named by walking from its first milestone in file order along the first
/// dependency inside the cycle until a milestone comes back, and printing the
/// loop so closed (which need not pass through the first milestone);
/// pointing at the dependency written last in the file among its edges.
void report_cycle(Context& ctx, const MilestoneIndex& index_of,
                  const std::vector<std::size_t>& comp, const std::vector<bool>& in) {
    const auto& ms = ctx.charter.milestones;
    auto slot = [&](std::size_t m) {
        return static_cast<std::size_t>(std::lower_bound(comp.begin(), comp.end(), m) -
                                        comp.begin());
    };
    constexpr std::size_t kUnseen = static_cast<std::size_t>(-1);
    std::vector<std::size_t> step_of(comp.size(), kUnseen); // per member, its step in `walk`
    std::vector<std::size_t> walk;
    std::size_t at = comp.front();
    const model::Ref* closing = nullptr;
    while (step_of[slot(at)] == kUnseen) {
        step_of[slot(at)] = walk.size();
        walk.push_back(at);
        for (const auto& d : ms[at].depends_on) {
            auto it = index_of.find(d.id);
            if (it != index_of.end() && in[it->second]) {
                closing = &d;
                at = it->second;
                break;
            }
        }
    }
    std::string names;
    for (std::size_t i = step_of[slot(at)]; i < walk.size(); ++i) {
        names += ms[walk[i]].id + " -> ";
    }
    names += ms[at].id;
    const model::Ref* last = closing;
    for (auto i : comp) {
        for (const auto& d : ms[i].depends_on) {
            auto it = index_of.find(d.id);
            if (it != index_of.end() && in[it->second] && d.node &&
                (!last || d.node->begin > last->node->begin)) {
                last = &d;
            }
        }
    }
    ctx.report(Code::DependencyCycle, last ? last->node : ms[comp.front()].node,
               fmt::format("milestones depend on each other in a cycle: {}", names),
               "remove one of these dependencies");
}

/// One diagnostic per dependency cycle.
void check_cycles(Context& ctx) {
    const auto& ms = ctx.charter.milestones;
    MilestoneIndex index_of;
    for (std::size_t i = 0; i < ms.size(); ++i) {
        if (!ms[i].id.empty()) {
            index_of.emplace(ms[i].id, i);
        }
    }
    std::vector<bool> in(ms.size(), false); // one marking, cleared after each cycle
    for (auto& comp : cycles(dependency_edges(ms, index_of))) {
        std::sort(comp.begin(), comp.end());
        for (auto i : comp) {
            in[i] = true;
        }
        report_cycle(ctx, index_of, comp, in);
        for (auto i : comp) {
            in[i] = false;
        }
    }
}

/// The term must not end before the charter takes effect.
void check_term(Context& ctx) {
    const auto& c = ctx.charter;
    const auto& eff = c.effective;
    const auto& end = c.term_ends;
    if (!eff || !end || !(*end < *eff)) {
        return;
    }
    const Node* at = Context::child(
        c.term_node,
        c.term_node && c.term_node->is_mapping() && c.term_node->get("ends") ? "ends" : "length");
    auto& d = ctx.report(Code::TermBeforeEffective, at,
                         fmt::format("the term ends on {}, before the charter takes effect on {}",
                                     format_date(*end), format_date(*eff)),
                         "the term's last day must be on or after `effective`");
    ctx.note(d, "effective date given here", Context::child(c.tree->root, "effective"));
}

/// A milestone is due within the term.
void check_due(Context& ctx, const model::Milestone& m) {
    const auto& eff = ctx.charter.effective;
    const auto& end = ctx.charter.term_ends;
    const Node* due = Context::child(m.node, "due");
    if (m.due && eff && *m.due < *eff) {
        ctx.report(Code::DueOutsideTerm, due,
                   fmt::format("milestone '{}' is due on {}, before the charter takes effect on {}",
                               m.id, format_date(*m.due), format_date(*eff)));
    } else if (m.due && end && eff && *end >= *eff && *m.due > *end) {
        ctx.report(Code::DueOutsideTerm, due,
                   fmt::format("milestone '{}' is due on {}, after the term ends on {}", m.id,
                               format_date(*m.due), format_date(*end)),
                   "move the due date or extend the term");
    }
}

/// An achieved milestone's dependencies are achieved, and not after it.
void check_achieved_dependencies(Context& ctx, const model::Milestone& m,
                                 const std::map<std::string_view, const model::Milestone*>& by_id) {
    const Node* ach = Context::child(m.node, "achieved");
    for (const auto& d : m.depends_on) {
        auto it = by_id.find(d.id);
        if (it == by_id.end() || it->second == &m) {
            continue;
        }
        const model::Milestone& dep = *it->second;
        if (!dep.achieved) {
            auto& diag = ctx.report(
                Code::DependencyNotAchieved, ach,
                fmt::format("milestone '{}' is recorded as achieved, but '{}', which it "
                            "depends on, is not",
                            m.id, dep.id),
                fmt::format("record when '{}' was achieved, or remove this achieved date", dep.id));
            ctx.note(diag, fmt::format("'{}' is defined here", dep.id), dep.node);
        } else if (*m.achieved < *dep.achieved) {
            auto& diag = ctx.report(Code::AchievedBeforeDependency, ach,
                                    fmt::format("milestone '{}' was achieved on {}, before "
                                                "'{}' (achieved {}), which it depends on",
                                                m.id, format_date(*m.achieved), dep.id,
                                                format_date(*dep.achieved)));
            ctx.note(diag, fmt::format("'{}' achieved here", dep.id),
                     Context::child(dep.node, "achieved"));
        }
    }
}

/// Background assets exist before the effective date, foreground ones on or after it.
void check_asset_created(Context& ctx, const model::Asset& a) {
    const auto& eff = ctx.charter.effective;
    if (!a.created || !eff) {
        return;
    }
    const Node* at = Context::child(a.node, "created");
    if (a.cls == model::AssetClass::Background && *a.created >= *eff) {
        ctx.report(Code::BackgroundCreatedLate, at,
                   fmt::format("background asset '{}' was created on {}, on or after the "
                               "effective date {}",
                               a.id, format_date(*a.created), format_date(*eff)),
                   "IP made under the charter is foreground: change `class` or the date");
    } else if (a.cls == model::AssetClass::Foreground && *a.created < *eff) {
        ctx.report(
            Code::ForegroundCreatedEarly, at,
            fmt::format("foreground asset '{}' was created on {}, before the effective date {}",
                        a.id, format_date(*a.created), format_date(*eff)),
            "IP that existed before the charter is background: change `class` or the date");
    }
}

/// A license starts on or before it ends (the term's dates filling in those not given).
void check_license_period(Context& ctx, const model::License& l) {
    auto starts = l.starts ? l.starts : ctx.charter.effective;
    auto ends = l.ends ? l.ends : ctx.charter.term_ends;
    if (starts && ends && *starts > *ends && (l.starts || l.ends)) {
        const Node* at = Context::child(l.node, l.starts ? "starts" : "ends");
        ctx.report(Code::LicenseStartsAfterEnds, at,
                   fmt::format("license '{}' starts on {}{} but ends on {}{}", l.id,
                               format_date(*starts), l.starts ? "" : " (the effective date)",
                               format_date(*ends), l.ends ? "" : " (the end of term)"),
                   "a license's `starts` must be on or before its `ends`");
    }
}

/// A step's `active` window: from (or the `after` milestone's achieved
/// date) on or before until, and some day of it inside the term.
void check_active_window(Context& ctx, const model::Step& st) {
    const model::Active& a = *st.active;
    std::optional<Date> starts = a.from;
    std::string starts_text = a.from ? "from " + format_date(*a.from) : std::string();
    if (!starts && a.after) {
        const model::Milestone* m = ctx.charter.milestone(a.after->id);
        if (m && m->achieved) {
            starts = m->achieved;
            starts_text = fmt::format("after milestone '{}', achieved on {}", m->id,
                                      format_date(*m->achieved));
        }
    }
    if (starts && a.until && *starts > *a.until) {
        ctx.report(Code::ActiveWindowOrder, Context::child(a.node, "until"),
                   fmt::format("step '{}' is active {} until {}: its window is empty", st.id,
                               starts_text, format_date(*a.until)),
                   "`until` is the last day of the window: make it on or after its start");
        return;
    }
    const auto& c = ctx.charter;
    if (a.until && c.effective && *a.until < *c.effective) {
        ctx.report(Code::ActiveOutsideTerm, Context::child(a.node, "until"),
                   fmt::format("step '{}' is active until {}, before the charter takes effect "
                               "on {}: it would never claim",
                               st.id, format_date(*a.until), format_date(*c.effective)),
                   "correct the date, or remove the step");
    } else if (starts && c.term_ends && *starts > *c.term_ends) {
        ctx.report(Code::ActiveOutsideTerm, Context::child(a.node, a.from ? "from" : "after"),
                   fmt::format("step '{}' is active {}, after the term ends on {}: it would "
                               "never claim",
                               st.id, starts_text, format_date(*c.term_ends)),
                   "correct the date, or remove the step");
    }
}

} // namespace

void check_dates(Context& ctx) {
    const auto& c = ctx.charter;
    check_term(ctx);
    std::map<std::string_view, const model::Milestone*> by_id;
    for (const auto& m : c.milestones) {
        by_id.emplace(m.id, &m);
    }
    for (const auto& m : c.milestones) {
        check_due(ctx, m);
        if (m.achieved) {
            check_achieved_dependencies(ctx, m, by_id);
        }
    }
    check_cycles(ctx);
    if (c.ip) {
        for (const auto& a : c.ip->assets) {
            check_asset_created(ctx, a);
        }
        for (const auto& l : c.ip->licenses) {
            check_license_period(ctx, l);
        }
    }
    if (c.economics) {
        for (const auto& s : c.economics->streams) {
            for (const auto& st : s.waterfall) {
                // with both from and after, check_economics reports the conflict
                if (st.active && !(st.active->from && st.active->after)) {
                    check_active_window(ctx, st);
                }
            }
        }
    }
}

} // namespace charter::check
