// render: validate, compute what the document shows, hand it to lib/render.
#include "charter/render.hpp"

#include <algorithm>

#include "api/internal.hpp"
#include "charter/exit.hpp"
#include "charter/load.hpp"
#include "compute/exit.hpp"
#include "compute/scenario.hpp"
#include "num/number.hpp"
#include "render/document.hpp"
#include "validate/validate.hpp"

namespace charter {

namespace {

/// The codes of validate's computed checks: they do not block computing.
bool computed_check(Code code) {
    return code == Code::BuyoutFails || code == Code::AssetLeftWithoutOwner ||
           code == Code::ScenarioMismatch || code == Code::ScenarioFailed;
}

/// Each scenario run as `charter splits --scenario` runs it.
std::vector<render::ScenarioRun> run_scenarios(const model::Charter& c) {
    std::vector<render::ScenarioRun> out;
    for (const auto& s : c.scenarios) {
        render::ScenarioRun r;
        r.scenario = &s;
        auto periods = compute::scenario_periods(s);
        if (!periods) {
            r.error = periods.error().message;
        } else if (auto run = compute::run_waterfall(c, *periods); run) {
            r.run = std::move(*run);
        } else {
            r.error = run.error().message;
        }
        out.push_back(std::move(r));
    }
    return out;
}

/// A buyout priced on a fair value (given to exit-sim, unknown here) fails
/// its case; the rest of the case does not depend on it. Such cases are run
/// again with a fair value of 0 and marked, so that the matrix shows their
/// dates, shares and IP, and says that the price depends on the fair value.
void price_without_fair_value(const model::Charter& c, const Date& on, render::Inputs& in) {
    bool needed = false;
    for (const auto& k : in.exits) {
        needed = needed || (!k.result && k.result.error().kind == ProblemKind::NeedsInput);
    }
    if (!needed) {
        return;
    }
    auto again = compute::simulate_all_exits(c, on, num::Rational(0), std::nullopt, true);
    in.fair_value_needed.assign(in.exits.size(), false);
    for (std::size_t i = 0; i < in.exits.size() && i < again.size(); ++i) {
        if (!in.exits[i].result && in.exits[i].result.error().kind == ProblemKind::NeedsInput &&
            again[i].result) {
            in.exits[i] = std::move(again[i]);
            in.fair_value_needed[i] = true;
        }
    }
}

} // namespace

Expected<Rendered, Error> render_document(std::string text, std::string name,
                                          const RenderOptions& options) {
    auto on = parse_date(options.on);
    if (!on) {
        return unexpected(api::request_error(on.error().message, on.error().help));
    }
    if (text.size() > kMaxCharterBytes) {
        return unexpected(api::too_large(name, text.size()));
    }
    auto source = std::make_shared<const Source>(std::move(name), std::move(text));
    Validated v = validate_source(source);
    if (!v.charter) {
        return unexpected(api::make_error(ErrorKind::NotYaml,
                                          "'" + source->name() + "' cannot be read as YAML", {},
                                          std::move(v.report.diagnostics)));
    }
    render::Inputs in;
    in.charter = &*v.charter;
    in.diagnostics = std::move(v.report.diagnostics);
    in.on = *on;
    Rendered out;
    for (const auto& d : in.diagnostics) {
        out.errors += d.severity == Severity::Error;
        out.warnings += d.severity == Severity::Warning;
    }
    // an invalid model is shown, never computed; what the computed checks
    // found (a scenario that differs, an exit that cannot be priced) is what
    // the computed sections show
    in.computed = std::none_of(in.diagnostics.begin(), in.diagnostics.end(), [](const auto& d) {
        return d.severity == Severity::Error && !computed_check(d.code);
    });
    out.computed = in.computed;
    if (in.computed) {
        in.scenarios = run_scenarios(*v.charter);
        if (compute::count_exit_cases(*v.charter) > kMaxExitCases) {
            in.exits_error = "more than " + std::to_string(kMaxExitCases) + " exit cases";
        } else {
            in.exits = compute::simulate_all_exits(*v.charter, *on, std::nullopt, std::nullopt,
                                                   /*summary=*/true);
            price_without_fair_value(*v.charter, *on, in);
        }
    }
    render::Document doc = render::build_document(in);
    out.document = options.format == RenderFormat::Html ? render::write_html(doc)
                                                        : render::write_markdown(doc);
    return out;
}

} // namespace charter
