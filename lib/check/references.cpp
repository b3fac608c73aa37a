// References between parts of a charter, and reserved party ids.
#include <algorithm>
#include <map>
#include <set>

#include "check/context.hpp"

namespace charter::check {

namespace {

class Resolver {
  public:
    explicit Resolver(Context& ctx) : m_ctx(ctx) {
        const auto& c = ctx.charter;
        for (const auto& p : c.parties) {
            m_parties.push_back(p.id);
        }
        if (c.ip) {
            for (const auto& a : c.ip->assets) {
                m_assets.push_back(a.id);
            }
        }
        for (const auto& m : c.milestones) {
            m_milestones.push_back(m.id);
        }
        if (c.economics) {
            for (const auto& s : c.economics->streams) {
                m_streams.push_back(s.id);
            }
        }
    }

    void party(const model::Ref& r) { resolve(r, m_parties, "party", "parties"); }
    void parties(const std::vector<model::Ref>& rs) {
        for (const auto& r : rs) {
            party(r);
        }
    }
    void parties(const std::optional<model::PartyRatios>& pr) {
        if (pr) {
            for (const auto& e : pr->entries) {
                party(e.party);
            }
        }
    }
    void asset(const model::Ref& r) { resolve(r, m_assets, "asset", "assets"); }
    void milestone(const model::Ref& r) { resolve(r, m_milestones, "milestone", "milestones"); }
    void stream(const model::Ref& r) { resolve(r, m_streams, "stream", "streams"); }

  private:
    void resolve(const model::Ref& r, const std::vector<std::string_view>& known,
                 std::string_view what, std::string_view plural) {
        if (r.id.empty() || !r.node) {
            return; // malformed: reported by the structural check
        }
        if (known_ids(known).count(r.id)) {
            return;
        }
        // "did you mean" compares the id with every known one: within a
        // budget, so that thousands of unknown references among thousands of
        // ids cannot take minutes (suggestions stop; the errors do not)
        std::string_view close;
        if (known.size() <= m_suggest_budget) {
            m_suggest_budget -= known.size();
            close = text::suggest(r.id, known);
        }
        std::string help;
        if (!close.empty()) {
            help = fmt::format("did you mean '{}'?", close);
        } else if (known.empty()) {
            help = fmt::format("the charter lists no {}", plural);
        } else if (known.size() <= 8) {
            help = fmt::format("the {} are {}", plural, text::join_words(known));
        } else {
            help = fmt::format("use the id of one of the {} {}", known.size(), plural);
        }
        m_ctx.report(Code::UnknownReference, r.node,
                     fmt::format("unknown {} '{}'", what, text::shown(r.id)), std::move(help));
    }

    /// The ids of a list as a set, made on first use: a reference is then
    /// found in log n, not by a scan of every party.
    const std::set<std::string_view>& known_ids(const std::vector<std::string_view>& known) {
        auto& ids = m_sets[&known];
        if (ids.empty() && !known.empty()) {
            ids.insert(known.begin(), known.end());
        }
        return ids;
    }

    Context& m_ctx;
    std::vector<std::string_view> m_parties, m_assets, m_milestones, m_streams;
    std::map<const std::vector<std::string_view>*, std::set<std::string_view>> m_sets;
    /// Known ids a file's suggestions may compare with in all: a typo or a
    /// hundred among 20,000 ids get one, a flood of unknown ids does not.
    std::size_t m_suggest_budget = 2'000'000;
};

constexpr std::string_view kReserved[] = {"all", "any", "none", "leaver", "notes"};

/// Party ids must not be reserved words or start with x-.
void check_reserved_ids(Context& ctx) {
    for (const auto& p : ctx.charter.parties) {
        bool reserved =
            std::find(std::begin(kReserved), std::end(kReserved), p.id) != std::end(kReserved);
        if (reserved || p.id.compare(0, 2, "x-") == 0) {
            ctx.report(
                Code::ReservedId, Context::child(p.node, "id"),
                reserved
                    ? fmt::format("'{}' is a reserved word and cannot be a party id", p.id)
                    : fmt::format("party id '{}' starts with x-, which marks extensions", p.id),
                "choose another id, such as the company's short name");
        }
    }
}

void resolve_ip(Resolver& res, const model::Ip& ip) {
    if (ip.foreground_rule && ip.foreground_rule->kind == model::ForegroundRuleKind::Assign) {
        res.party(ip.foreground_rule->assign);
    }
    for (const auto& a : ip.assets) {
        res.parties(a.owner);
        if (a.creators) {
            res.parties(*a.creators);
        }
    }
    for (const auto& l : ip.licenses) {
        for (const auto& a : l.assets) {
            res.asset(a);
        }
        res.party(l.from);
        res.parties(l.to);
    }
}

void resolve_milestones(Resolver& res, const std::vector<model::Milestone>& milestones) {
    for (const auto& m : milestones) {
        res.party(m.owner);
        for (const auto& d : m.depends_on) {
            res.milestone(d);
        }
        if (m.payment) {
            res.party(m.payment->from);
            res.party(m.payment->to);
        }
    }
}

void resolve_economics(Resolver& res, const model::Economics& e) {
    res.parties(e.shares);
    for (const auto& v : e.vesting) {
        res.party(v.party);
        res.milestone(v.milestone);
    }
    if (e.unvested_to) {
        res.party(*e.unvested_to);
    }
    for (const auto& s : e.streams) {
        for (const auto& st : s.waterfall) {
            res.parties(st.to);
            res.parties(st.split);
            res.parties(st.recoup_parties);
            if (st.active && st.active->after) {
                res.milestone(*st.active->after);
            }
        }
    }
}

void resolve_governance(Resolver& res, const model::Governance& g) {
    if (const auto& cm = g.committee) {
        for (const auto& [p, n] : cm->seats) {
            res.party(p);
        }
        if (cm->casting_vote) {
            res.party(*cm->casting_vote);
        }
    }
    for (const auto& m : g.matters) {
        res.parties(m.veto);
    }
}

void resolve_triggers(Resolver& res, const std::vector<model::Trigger>& triggers) {
    for (const auto& t : triggers) {
        res.parties(t.invoked_by);
        if (t.wind_down) {
            res.parties(t.wind_down->mapping);
        }
    }
}

void resolve_scenarios(Resolver& res, const std::vector<model::Scenario>& scenarios) {
    for (const auto& s : scenarios) {
        for (const auto& p : s.periods) {
            for (const auto& r : p.revenue) {
                res.stream(r.id);
            }
        }
        for (const auto& x : s.expect) {
            res.party(x.id);
        }
    }
}

} // namespace

void check_references(Context& ctx) {
    const auto& c = ctx.charter;
    check_reserved_ids(ctx);
    // section by section, in file order: the suggestion budget is spent in that order
    Resolver res(ctx);
    for (const auto& k : c.contributions) {
        res.party(k.party);
    }
    if (c.ip) {
        resolve_ip(res, *c.ip);
    }
    resolve_milestones(res, c.milestones);
    if (c.economics) {
        resolve_economics(res, *c.economics);
    }
    if (c.governance) {
        resolve_governance(res, *c.governance);
    }
    if (c.exit_triggers) {
        resolve_triggers(res, *c.exit_triggers);
    }
    resolve_scenarios(res, c.scenarios);
}

} // namespace charter::check
