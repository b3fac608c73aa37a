// Values derived from the model by the format's rules.
#include "model/charter.hpp"

namespace charter::model {

std::optional<Date> Charter::renewal_notice_deadline() const {
    if (!renewal_notice || !term_ends) {
        return std::nullopt;
    }
    return add(*term_ends, Duration{-renewal_notice->count, renewal_notice->unit});
}

std::optional<Date> Charter::renewed_end() const {
    if (!renewal_length || !term_ends) {
        return std::nullopt;
    }
    return add_days(add(add_days(*term_ends, 1), *renewal_length), -1);
}

std::optional<Date> Charter::confidentiality_ends() const {
    if (!confidentiality || confidentiality->kind != Survival::Kind::Duration || !term_ends) {
        return std::nullopt;
    }
    return add(*term_ends, confidentiality->duration);
}

std::optional<std::vector<std::pair<std::string, Rational>>>
Charter::owners_of(const Asset& a) const {
    std::vector<std::pair<std::string, Rational>> out;
    if (a.owner) {
        if (!a.owner->complete) {
            return std::nullopt;
        }
        for (const auto& e : a.owner->entries) {
            out.emplace_back(e.party.id, e.ratio);
        }
        return out;
    }
    if (a.cls != AssetClass::Foreground || !ip || !ip->foreground_rule) {
        return std::nullopt;
    }
    const auto& rule = *ip->foreground_rule;
    switch (rule.kind) {
    case ForegroundRuleKind::Assign:
        if (rule.assign.id.empty()) {
            return std::nullopt;
        }
        out.emplace_back(rule.assign.id, Rational(1));
        return out;
    case ForegroundRuleKind::JointEqual:
        for (const auto& p : parties) {
            out.emplace_back(p.id, Rational(1, static_cast<unsigned long>(parties.size())));
        }
        return out;
    case ForegroundRuleKind::ByCreator:
        if (!a.creators || a.creators->empty()) {
            return std::nullopt;
        }
        for (const auto& c : *a.creators) {
            out.emplace_back(c.id, Rational(1, static_cast<unsigned long>(a.creators->size())));
        }
        return out;
    case ForegroundRuleKind::JointProRataContributions: {
        Rational total = 0;
        for (const auto& p : parties) {
            total += contributed(p.id);
        }
        if (total == 0) {
            return std::nullopt;
        }
        for (const auto& p : parties) {
            Rational part = contributed(p.id) / total;
            if (part > 0) {
                out.emplace_back(p.id, part);
            }
        }
        return out;
    }
    }
    return std::nullopt;
}

} // namespace charter::model
