#include "splits.hpp"

#include <fstream>
#include <iostream>
#include <sstream>

#include "compute/ledger.hpp"
#include "compute/scenario.hpp"
#include "load.hpp"
#include "report/splits.hpp"
#include "util/text.hpp"

namespace charter::cmd {

CLI::App* setup_splits(CLI::App& app, SplitsOptions& opts, bool with_options) {
    auto* sub = app.add_subcommand("splits",
                                   "Exact money through the waterfall: who gets what, per period");
    if (!with_options) {
        return sub;
    }
    sub->add_option("file", opts.file, "The charter (- for standard input)")
        ->type_name("FILE")
        ->required();
    sub->add_option("--revenue", opts.revenue, "Revenue of one period, STREAM=AMOUNT (repeatable)")
        ->type_name("STREAM=AMOUNT");
    sub->add_option(
           "--period", opts.period,
           "Label of the --revenue period (2027-Q1, 2027-03, ...); its last day is the as-of date")
        ->type_name("PERIOD");
    sub->add_option(
           "--ledger", opts.ledger,
           "Revenue from a CSV ledger with period,stream,amount columns (- for standard input)")
        ->type_name("CSV");
    sub->add_option("--scenario", opts.scenario, "Compute one of the charter's scenarios")
        ->type_name("SCENARIO");
    sub->add_option("--as-of", opts.as_of, "Date for vesting (single-period runs only)")
        ->type_name("DATE");
    sub->add_flag("--explain", opts.explain, "Show how each number was reached");
    sub->add_flag("--strict", opts.strict,
                  "Warnings (a ledger with no rows) also make the exit status 1");
    sub->add_option("--format", opts.format, "Output format")
        ->type_name("FORMAT")
        ->check(CLI::IsMember({"table", "json", "csv", "markdown"}))
        ->default_str("table");
    sub->add_option("-o,--output", opts.output,
                    "Write to this file (atomically) instead of standard output")
        ->type_name("OUT");
    return sub;
}

namespace {

int usage(const std::string& message) {
    std::cerr << "charter splits: " << message << '\n';
    return kFailure;
}

/// Checks the flags before the charter is read, and parses --as-of into `as_of`.
int check_flags(const SplitsOptions& opts, std::optional<Date>& as_of) {
    int sources = (!opts.revenue.empty() ? 1 : 0) + (!opts.ledger.empty() ? 1 : 0) +
                  (!opts.scenario.empty() ? 1 : 0);
    if (sources != 1) {
        return usage("give exactly one of --revenue, --ledger or --scenario");
    }
    if (opts.file == "-" && opts.ledger == "-") {
        return usage("the charter and the ledger cannot both come from standard input");
    }
    if (auto input = output_overwrites(opts.output, {opts.file, opts.ledger})) {
        return usage("-o '" + opts.output + "' would overwrite the input '" + *input +
                     "': write the statement to another file");
    }
    if (!opts.period.empty() && opts.revenue.empty()) {
        return usage("--period labels a --revenue period");
    }
    if (!opts.as_of.empty()) {
        auto d = parse_date(opts.as_of);
        if (!d) {
            return usage("--as-of: " + d.error().message);
        }
        as_of = *d;
        if (!opts.ledger.empty()) {
            return usage(
                "--as-of cannot be used with --ledger: each period is computed as of its last day");
        }
    }
    return kOk;
}

/// The usage error for a --revenue stream the charter does not have.
int unknown_stream(const model::Charter& c, const std::string& stream) {
    std::vector<std::string_view> known;
    if (c.economics) {
        for (const auto& s : c.economics->streams) {
            known.push_back(s.id);
        }
    }
    std::string_view close = text::suggest(stream, known);
    return usage("--revenue: unknown stream '" + text::shown(stream) + "'" +
                 (close.empty() ? "; the streams are " + text::join_words(known)
                                : "; did you mean '" + std::string(close) + "'?"));
}

/// One `--revenue STREAM=AMOUNT`, added to `in`.
int add_revenue(const model::Charter& c, const std::string& r, compute::PeriodInput& in) {
    auto eq = r.find('=');
    if (eq == std::string::npos) {
        return usage("--revenue takes STREAM=AMOUNT, not '" + text::shown(r) + "'");
    }
    std::string stream = r.substr(0, eq);
    if (!c.stream(stream)) {
        return unknown_stream(c, stream);
    }
    // two amounts for one stream are a typo more often than a sum
    for (const auto& given : in.revenue) {
        if (given.stream == stream) {
            return usage("--revenue: stream '" + stream +
                         "' is given twice; give its revenue for the period once");
        }
    }
    auto amount = num::parse_money(r.substr(eq + 1), c.minor_digits, c.currency);
    if (!amount) {
        return usage("--revenue " + stream + ": " + amount.error().message);
    }
    in.revenue.push_back(compute::StreamRevenue{stream, *amount});
    return kOk;
}

/// The one period of --revenue (with --period and --as-of).
int revenue_periods(const SplitsOptions& opts, std::optional<Date> as_of, const model::Charter& c,
                    std::vector<compute::PeriodInput>& periods) {
    compute::PeriodInput in;
    if (!opts.period.empty()) {
        auto p = parse_period(opts.period);
        if (!p) {
            return usage("--period: " + p.error().message);
        }
        in.period = *p;
        in.as_of = p->last;
    }
    if (as_of) {
        in.as_of = as_of;
    }
    for (const auto& r : opts.revenue) {
        if (int status = add_revenue(c, r, in); status != kOk) {
            return status;
        }
    }
    periods.push_back(std::move(in));
    return kOk;
}

/// The scenario with id `id` (the last of a repeated id), or a usage error.
int find_scenario(const model::Charter& c, const std::string& id, const model::Scenario*& found) {
    for (const auto& sc : c.scenarios) {
        if (sc.id == id) {
            found = &sc;
        }
    }
    if (found) {
        return kOk;
    }
    std::vector<std::string_view> ids;
    for (const auto& sc : c.scenarios) {
        ids.push_back(sc.id);
    }
    std::string_view close = text::suggest(id, ids);
    return usage("unknown scenario '" + text::shown(id) + "'; " +
                 (ids.empty()     ? std::string("the charter has no scenarios")
                  : close.empty() ? "the scenarios are " + text::join_words(ids)
                                  : "did you mean '" + std::string(close) + "'?"));
}

/// The periods of --scenario; `scenario` is set once it is found.
int scenario_periods(const SplitsOptions& opts, std::optional<Date> as_of, const model::Charter& c,
                     const model::Scenario*& scenario, std::vector<compute::PeriodInput>& periods) {
    if (int status = find_scenario(c, opts.scenario, scenario); status != kOk) {
        return status;
    }
    if (as_of && !scenario->single_period) {
        return usage("--as-of cannot be used with a multi-period scenario: each period is "
                     "computed as of its last day");
    }
    auto ps = compute::scenario_periods(*scenario);
    if (!ps) {
        std::cerr << "charter: scenario '" << scenario->id << "': " << ps.error().message << '\n';
        return kFindings;
    }
    periods = std::move(*ps);
    if (as_of) {
        periods.front().as_of = as_of;
    }
    return kOk;
}

/// The periods of --ledger, read from the file or standard input.
int ledger_periods(const SplitsOptions& opts, const model::Charter& c,
                   std::vector<compute::PeriodInput>& periods) {
    std::ifstream file;
    std::istream* in = &std::cin;
    if (opts.ledger != "-") {
        file.open(opts.ledger, std::ios::binary);
        if (!file) {
            std::cerr << "charter: cannot read ledger '" << opts.ledger << "'\n";
            return kFailure;
        }
        in = &file;
    }
    auto ledger = compute::read_ledger(*in, opts.ledger == "-" ? std::string("-") : opts.ledger, c);
    if (!ledger) {
        std::cerr << "charter: " << ledger.error().message << '\n';
        if (!ledger.error().help.empty()) {
            std::cerr << "  help: " << ledger.error().help << '\n';
        }
        return kFindings;
    }
    periods = std::move(*ledger);
    if (periods.empty()) {
        // a header alone is more often a failed export than a quiet quarter
        std::cerr << "charter: warning: ledger '" << opts.ledger
                  << "' has no rows: every total is 0\n";
    }
    return kOk;
}

/// The statement in the format --format asks for.
std::string format_splits(const SplitsOptions& opts, const Global& global, const model::Charter& c,
                          const compute::RunResult& run) {
    std::ostringstream out;
    report::SplitsOptions ro;
    ro.explain = opts.explain;
    ro.color = opts.output.empty() && use_color(global);
    if (opts.format == "json") {
        report::write_splits_json(out, c, run);
    } else if (opts.format == "csv") {
        report::write_splits_csv(out, c, run);
    } else if (opts.format == "markdown") {
        report::write_splits_markdown(out, c, run, ro);
    } else {
        report::write_splits_table(out, c, run, ro);
    }
    return out.str();
}

/// A scenario whose expectation differs is a finding (exit 1), as in validate.
int check_expectations(const model::Scenario& scenario, const model::Charter& c,
                       const compute::RunResult& run) {
    int status = kOk;
    for (const auto& r : compute::compare_expectations(scenario, run)) {
        if (!r.met()) {
            std::cerr << "charter: scenario '" << scenario.id << "': " << r.expect->id.id
                      << " gets " << num::format_money(r.computed, c.minor_digits) << ", but "
                      << num::format_money(r.expect->amount, c.minor_digits) << " is expected\n";
            status = kFindings;
        }
    }
    return status;
}

} // namespace

int run_splits(const SplitsOptions& opts, const Global& global) {
    std::optional<Date> as_of;
    if (int status = check_flags(opts, as_of); status != kOk) {
        return status;
    }
    int status = kOk;
    auto charter = load_charter(opts.file, status);
    if (!charter) {
        return status;
    }
    const auto& c = *charter;
    std::vector<compute::PeriodInput> periods;
    const model::Scenario* scenario = nullptr;
    if (!opts.revenue.empty()) {
        status = revenue_periods(opts, as_of, c, periods);
    } else if (!opts.scenario.empty()) {
        status = scenario_periods(opts, as_of, c, scenario, periods);
    } else {
        status = ledger_periods(opts, c, periods);
    }
    if (status != kOk) {
        return status;
    }
    auto run = compute::run_waterfall(c, periods, opts.explain);
    if (!run) {
        std::cerr << "charter: " << run.error().message << '\n';
        if (!run.error().help.empty()) {
            std::cerr << "  help: " << run.error().help << '\n';
        }
        return kFindings;
    }
    if (int written = emit(opts.output, format_splits(opts, global, c, *run)); written != kOk) {
        return written;
    }
    if (opts.strict && !opts.ledger.empty() && periods.empty()) {
        return kFindings;
    }
    return scenario && !as_of ? check_expectations(*scenario, c, *run) : kOk;
}

} // namespace charter::cmd
