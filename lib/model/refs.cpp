#include "model/refs.hpp"

#include <algorithm>

namespace charter::model {

namespace {

using Visit = std::function<void(IdKind, const Ref&)>;

void parties(const Visit& f, const std::vector<Ref>& rs) {
    for (const auto& r : rs) {
        f(IdKind::Party, r);
    }
}

void parties(const Visit& f, const std::optional<PartyRatios>& pr) {
    if (pr) {
        for (const auto& e : pr->entries) {
            f(IdKind::Party, e.party);
        }
    }
}

void visit_ip(const Visit& f, const Ip& ip) {
    if (ip.foreground_rule && ip.foreground_rule->kind == ForegroundRuleKind::Assign) {
        f(IdKind::Party, ip.foreground_rule->assign);
    }
    for (const auto& a : ip.assets) {
        parties(f, a.owner);
        if (a.creators) {
            parties(f, *a.creators);
        }
    }
    for (const auto& l : ip.licenses) {
        for (const auto& a : l.assets) {
            f(IdKind::Asset, a);
        }
        f(IdKind::Party, l.from);
        parties(f, l.to);
    }
}

void visit_milestones(const Visit& f, const std::vector<Milestone>& milestones) {
    for (const auto& m : milestones) {
        f(IdKind::Party, m.owner);
        for (const auto& d : m.depends_on) {
            f(IdKind::Milestone, d);
        }
        if (m.payment) {
            f(IdKind::Party, m.payment->from);
            f(IdKind::Party, m.payment->to);
        }
    }
}

void visit_economics(const Visit& f, const Economics& e) {
    parties(f, e.shares);
    for (const auto& v : e.vesting) {
        f(IdKind::Party, v.party);
        f(IdKind::Milestone, v.milestone);
    }
    if (e.unvested_to) {
        f(IdKind::Party, *e.unvested_to);
    }
    for (const auto& s : e.streams) {
        for (const auto& st : s.waterfall) {
            parties(f, st.to);
            parties(f, st.split);
            parties(f, st.recoup_parties);
            if (st.active && st.active->after) {
                f(IdKind::Milestone, *st.active->after);
            }
        }
    }
}

void visit_governance(const Visit& f, const Governance& g) {
    if (const auto& cm = g.committee) {
        for (const auto& [p, n] : cm->seats) {
            f(IdKind::Party, p);
        }
        if (cm->casting_vote) {
            f(IdKind::Party, *cm->casting_vote);
        }
    }
    for (const auto& m : g.matters) {
        parties(f, m.veto);
    }
}

void visit_triggers(const Visit& f, const std::vector<Trigger>& triggers) {
    for (const auto& t : triggers) {
        parties(f, t.invoked_by);
        if (t.wind_down) {
            parties(f, t.wind_down->mapping);
        }
    }
}

void visit_scenarios(const Visit& f, const std::vector<Scenario>& scenarios) {
    for (const auto& s : scenarios) {
        for (const auto& p : s.periods) {
            for (const auto& r : p.revenue) {
                f(IdKind::Stream, r.id);
            }
        }
        for (const auto& x : s.expect) {
            f(IdKind::Party, x.id);
        }
    }
}

} // namespace

void visit_refs(const Charter& c, const std::function<void(IdKind, const Ref&)>& f) {
    for (const auto& k : c.contributions) {
        f(IdKind::Party, k.party);
    }
    if (c.ip) {
        visit_ip(f, *c.ip);
    }
    visit_milestones(f, c.milestones);
    if (c.economics) {
        visit_economics(f, *c.economics);
    }
    if (c.governance) {
        visit_governance(f, *c.governance);
    }
    if (c.exit_triggers) {
        visit_triggers(f, *c.exit_triggers);
    }
    visit_scenarios(f, c.scenarios);
}

bool is_reserved_word(std::string_view id) {
    constexpr std::string_view reserved[] = {"all", "any", "none", "leaver", "notes"};
    return std::find(std::begin(reserved), std::end(reserved), id) != std::end(reserved);
}

} // namespace charter::model
