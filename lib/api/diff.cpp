#include "charter/diff.hpp"

#include "api/internal.hpp"
#include "num/number.hpp"
#include "validate/validate.hpp"

namespace charter {

namespace api {

Expected<compare::Side, Error> diff_side(const std::shared_ptr<const Source>& source) {
    // a scenario that no longer holds (or computes) is what the impact shows,
    // not a broken charter: the impact computes scenarios, validate need not
    Validated v = validate_source(source, {.scenarios = false, .exits = false});
    compare::Side side;
    side.name = source->name();
    side.errors = v.report.errors();
    if (!v.charter) {
        return unexpected(api::make_error(ErrorKind::NotYaml,
                                          "'" + source->name() + "' cannot be read as YAML", {},
                                          std::move(v.report.diagnostics)));
    }
    side.tree = v.charter->tree;
    side.charter = std::move(v.charter);
    return side;
}

} // namespace api

namespace {

Expected<compare::Side, Error> side_of(const std::optional<NamedText>& t) {
    if (!t) {
        return compare::Side{};
    }
    if (t->text.size() > kMaxCharterBytes) {
        return unexpected(api::make_error(
            ErrorKind::TooLarge, "'" + t->name + "' is above the 8 MiB limit for a charter"));
    }
    return api::diff_side(std::make_shared<const Source>(t->name, t->text));
}

std::optional<std::string> money_or_none(const std::optional<num::Rational>& x, int digits) {
    if (!x) {
        return std::nullopt;
    }
    return num::format_money(*x, digits);
}

} // namespace

Expected<Diff, Error> diff(const std::optional<NamedText>& old_side,
                           const std::optional<NamedText>& new_side,
                           const std::optional<NamedText>& ledger) {
    CHARTER_TRY(compare::Side o, side_of(old_side));
    CHARTER_TRY(compare::Side n, side_of(new_side));
    auto r = compare::diff_charters(o, n, ledger ? &ledger->name : nullptr,
                                    ledger ? &ledger->text : nullptr);
    Diff out;
    out.differs = r.differs();
    out.warnings = r.warnings;
    for (const auto& ch : r.changes) {
        out.changes.push_back(Change{
            ch.path, ch.kind, ch.area, ch.old_value.is_null() ? std::string() : ch.old_value.dump(),
            ch.new_value.is_null() ? std::string() : ch.new_value.dump(), ch.cosmetic});
    }
    for (const auto& im : r.impact) {
        Impact i{im.scenario, im.ledger, {}, im.old_error, im.new_error};
        for (const auto& p : im.by_party) {
            i.by_party.push_back(PartyImpact{p.party, money_or_none(p.old_amount, r.minor_digits),
                                             money_or_none(p.new_amount, r.minor_digits)});
        }
        out.impact.push_back(std::move(i));
    }
    return out;
}

} // namespace charter
