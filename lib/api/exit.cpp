#include "charter/exit.hpp"

#include "api/internal.hpp"
#include "compute/exit.hpp"
#include "num/number.hpp"

namespace charter {

namespace {

using api::exact_parts;
using api::money;
using api::money_parts;

Expected<compute::ExitInput, Error> exit_input(const model::Charter& c, const ExitRequest& r) {
    compute::ExitInput in;
    in.trigger = r.trigger;
    in.invoked_by = r.invoked_by;
    if (!r.leaver.empty()) {
        in.leaver = r.leaver;
    }
    auto notice = parse_date(r.notice);
    if (!notice) {
        return unexpected(
            api::request_error("notice date: " + notice.error().message, notice.error().help));
    }
    in.notice = *notice;
    auto amount = [&](const std::string& text, const char* what,
                      std::optional<num::Rational>& out) -> std::optional<Error> {
        if (text.empty()) {
            return std::nullopt;
        }
        auto x = num::parse_money(text, c.minor_digits, c.currency);
        if (!x) {
            return api::request_error(std::string(what) + ": " + x.error().message, x.error().help);
        }
        out = *x;
        return std::nullopt;
    };
    if (auto e = amount(r.fair_value, "fair value", in.fair_value)) {
        return unexpected(std::move(*e));
    }
    if (auto e = amount(r.wind_down_costs, "wind-down costs", in.wind_down_costs)) {
        return unexpected(std::move(*e));
    }
    return in;
}

ExitOutcome from_result(const model::Charter& c, const compute::ExitResult& r) {
    ExitOutcome o;
    o.trigger = r.trigger;
    o.invoked_by = r.invoked_by;
    o.leaver = r.leaver;
    o.notice_served = format_date(r.notice_served);
    o.effective = format_date(r.effective);
    if (r.shares_before) {
        o.shares_before = exact_parts(*r.shares_before);
    }
    if (r.shares_after) {
        o.shares_after = exact_parts(*r.shares_after);
    }
    if (r.buyout) {
        o.buyout =
            Buyout{money(c, r.buyout->price), money_parts(c, r.buyout->paid_by), r.buyout->paid_to};
    }
    for (const auto& a : r.ip) {
        o.ip.push_back(AssetOutcome{a.asset, exact_parts(a.before), exact_parts(a.after), a.changes,
                                    a.leaver_license});
    }
    for (const auto& l : r.licenses) {
        LicenseOutcome lo{l.license, l.outcome, std::nullopt};
        if (l.until) {
            lo.until = format_date(*l.until);
        }
        o.licenses.push_back(std::move(lo));
    }
    for (const auto& m : r.milestones_cancelled) {
        CancelledMilestone cm{m.milestone, std::nullopt};
        if (m.payment) {
            cm.payment = money(c, *m.payment);
        }
        o.milestones_cancelled.push_back(std::move(cm));
    }
    if (r.wind_down) {
        WindDown w{format_date(r.wind_down->ends), std::nullopt, std::nullopt};
        if (r.wind_down->costs) {
            w.costs = money(c, *r.wind_down->costs);
        }
        if (r.wind_down->allocation) {
            w.allocation = money_parts(c, *r.wind_down->allocation);
        }
        o.wind_down = std::move(w);
    }
    if (r.confidentiality_until) {
        o.confidentiality_until = format_date(*r.confidentiality_until);
    }
    o.confidentiality_perpetual = r.confidentiality_perpetual;
    o.warnings = r.warnings;
    o.ownerless_assets = r.ownerless_assets;
    return o;
}

Expected<ExitOutcome, Error> from_computed(const model::Charter& c,
                                           const Result<compute::ExitResult>& r) {
    if (!r) {
        return unexpected(api::to_error(r.error(), &c));
    }
    return from_result(c, *r);
}

} // namespace

Expected<ExitOutcome, Error> simulate_exit(const Charter& charter, const ExitRequest& request) {
    const auto& c = api::model_of(charter);
    CHARTER_TRY(auto in, exit_input(c, request));
    auto result = compute::simulate_exit(c, in);
    if (!result && result.error().kind == ProblemKind::ExitUsage) {
        // the fields by their names in ExitRequest
        Error e = api::to_error(result.error(), &c);
        e.message = compute::usage_text(result.error(), [](ExitField f) {
            switch (f) {
            case ExitField::Trigger:
                return "trigger";
            case ExitField::InvokedBy:
                return "invoked_by";
            case ExitField::Leaver:
                return "leaver";
            case ExitField::Notice:
            case ExitField::None:
                break;
            }
            return "notice";
        });
        return unexpected(std::move(e));
    }
    return from_computed(c, result);
}

Expected<std::vector<ExitCase>, Error> simulate_all_exits(const Charter& charter,
                                                          const ExitRequest& request) {
    const auto& c = api::model_of(charter);
    CHARTER_TRY(auto in, exit_input(c, request));
    std::size_t n = compute::count_exit_cases(c);
    if (n > kMaxExitCases) {
        return unexpected(api::make_error(ErrorKind::TooMany,
                                          std::to_string(n) +
                                              " exit cases is more than the limit of " +
                                              std::to_string(kMaxExitCases),
                                          "simulate the exits one by one"));
    }
    std::vector<ExitCase> out;
    out.reserve(n);
    for (auto& ec : compute::simulate_all_exits(c, in.notice, in.fair_value, in.wind_down_costs)) {
        out.push_back(ExitCase{ec.trigger, ec.invoked_by, ec.leaver, from_computed(c, ec.result)});
    }
    return out;
}

} // namespace charter
