#include "exit_sim.hpp"

#include <iostream>
#include <map>
#include <sstream>

#include <fmt/format.h>

#include "compute/exit.hpp"
#include "load.hpp"
#include "report/exit.hpp"
#include "report/report.hpp"
#include "validate/computed.hpp"

namespace charter::cmd {

CLI::App* setup_exit_sim(CLI::App& app, ExitSimOptions& opts, bool with_options) {
    auto* sub = app.add_subcommand(
        "exit-sim",
        "What happens to shares, IP, licenses, milestones and costs when a party leaves");
    if (!with_options) {
        return sub;
    }
    sub->add_option("file", opts.file, "The charter (- for standard input)")
        ->type_name("FILE")
        ->required();
    sub->add_option("--trigger", opts.trigger, "The exit trigger (its id)")->type_name("TRIGGER");
    sub->add_option("--by", opts.by, "The party that invokes it")->type_name("PARTY");
    sub->add_option("--on", opts.on, "The date notice is served (YYYY-MM-DD)")
        ->type_name("DATE")
        ->required();
    sub->add_option("--leaver", opts.leaver,
                    "Who leaves, for a counterparty trigger with three or more parties")
        ->type_name("PARTY");
    sub->add_option("--fair-value", opts.fair_value, "fair_value for the buyout price")
        ->type_name("AMOUNT");
    sub->add_option("--wind-down-costs", opts.wind_down_costs,
                    "Wind-down costs (instead of the charter's estimate)")
        ->type_name("AMOUNT");
    sub->add_flag("--all", opts.all,
                  "Every trigger for every party allowed to invoke it, as one summary");
    sub->add_option("--format", opts.format, "Output format")
        ->type_name("FORMAT")
        ->check(CLI::IsMember({"text", "json", "markdown"}))
        ->default_str("text");
    sub->add_option("-o,--output", opts.output,
                    "Write to this file (atomically) instead of standard output")
        ->type_name("OUT");
    return sub;
}

namespace {

int usage(const std::string& message) {
    std::cerr << "charter exit-sim: " << message << '\n';
    return kFailure;
}

/// Checks the flags before the charter is read, and parses --on into `on`.
int check_flags(const ExitSimOptions& opts, Date& on) {
    if (opts.all && (!opts.trigger.empty() || !opts.by.empty() || !opts.leaver.empty())) {
        return usage("--all runs every trigger: it takes no --trigger, --by or --leaver");
    }
    if (!opts.all && (opts.trigger.empty() || opts.by.empty())) {
        return usage("give --trigger and --by (or --all)");
    }
    auto d = parse_date(opts.on);
    if (!d) {
        return usage("--on: " + d.error().message);
    }
    on = *d;
    if (auto input = output_overwrites(opts.output, {opts.file})) {
        return usage("-o '" + opts.output + "' would overwrite the input '" + *input +
                     "': write the result to another file");
    }
    return kOk;
}

/// The money of `flag` (empty when the flag is not given), or nothing after
/// saying why it is malformed.
std::optional<std::optional<num::Rational>>
money_flag(const model::Charter& c, const std::string& flag, const std::string& text) {
    if (text.empty()) {
        return std::optional<num::Rational>();
    }
    auto v = num::parse_money(text, c.minor_digits, c.currency);
    if (!v) {
        std::cerr << "charter exit-sim: " << flag << ": " << v.error().message << '\n';
        return std::nullopt;
    }
    return std::optional<num::Rational>(*v);
}

/// The codes of `found`, each once ("C0803, C0804"), or "".
std::string codes_of(const std::vector<Diagnostic>& found) {
    std::string codes;
    for (const auto& d : found) {
        std::string code(code_info(d.code).code);
        if (codes.find(code) == std::string::npos) {
            codes += (codes.empty() ? "" : ", ") + code;
        }
    }
    return codes;
}

/// A case of a trigger with validate's exit findings is not shown as
/// computed: its row says why instead (its own failure, if it has one, stays).
void mark_broken_triggers(const ExitSimOptions& opts, const model::Charter& c,
                          std::vector<compute::ExitCase>& cases) {
    std::map<std::string, std::string> codes; // trigger -> its finding codes
    for (auto& k : cases) {
        auto it = codes.find(k.trigger);
        if (it == codes.end()) {
            it = codes.emplace(k.trigger, codes_of(check::check_exit_simulations(c, k.trigger)))
                     .first;
        }
        if (k.result && !it->second.empty()) {
            k.result = unexpected(compute::compute_problem(
                fmt::format("not simulated: exit trigger '{}' has {} (charter validate {})",
                            k.trigger, it->second, opts.file),
                "", nullptr));
        }
    }
}

/// What the library leaves to the command line: which flag gives the value
/// a buyout price needs (compute reports it as ProblemKind::NeedsInput).
constexpr const char* kFairValueHelp = "give the venture's value with --fair-value";

/// --all: every trigger for every party allowed to invoke it, one row per case.
int run_all(const ExitSimOptions& opts, const model::Charter& c, const Date& on,
            const std::optional<num::Rational>& fair, const std::optional<num::Rational>& costs) {
    // refuse before running more cases than anyone can read
    constexpr std::size_t kMaxCases = 10'000;
    if (std::size_t n = compute::count_exit_cases(c); n > kMaxCases) {
        return usage(fmt::format("--all would run {} cases, more than the limit of {}: choose "
                                 "one with --trigger and --by",
                                 n, kMaxCases));
    }
    // the table needs only the summary of each case; JSON lists them in full
    auto cases = compute::simulate_all_exits(c, on, fair, costs, opts.format != "json");
    mark_broken_triggers(opts, c, cases);
    std::ostringstream out;
    if (opts.format == "json") {
        report::write_exits_json(out, c, on, cases);
    } else {
        report::write_exits_table(out, c, on, cases, opts.format == "markdown");
    }
    int written = emit(opts.output, out.str());
    if (written != kOk) {
        return written;
    }
    bool failed = std::any_of(cases.begin(), cases.end(),
                              [](const compute::ExitCase& k) { return !k.result; });
    if (std::any_of(cases.begin(), cases.end(), [](const compute::ExitCase& k) {
            return !k.result && k.result.error().kind == ProblemKind::NeedsInput;
        })) {
        std::cerr << "charter: " << kFairValueHelp << '\n';
    }
    return failed ? kFindings : kOk;
}

/// validate's exit findings (C0803, C0804) for the trigger asked for: the
/// charter was loaded without them, for speed, but a simulation of a trigger
/// whose price fails for some leaver, or that leaves an asset without an
/// owner, would show a result the charter does not support. Prints them and
/// returns kFindings when there are any.
int refuse_trigger_findings(const ExitSimOptions& opts, const model::Charter& c) {
    auto found = check::check_exit_simulations(c, opts.trigger);
    if (found.empty()) {
        return kOk;
    }
    report::Options o;
    o.quiet = true;
    report::write_text(std::cerr, {FileReport{opts.file, c.tree->source, found}}, o);
    std::cerr << "charter: exit trigger '" << opts.trigger
              << "' cannot be simulated: " << codes_of(found)
              << " (above); fix it first (charter validate " << opts.file << ")\n";
    return kFindings;
}

/// One trigger invoked by one party.
int run_one(const ExitSimOptions& opts, const Global& global, const model::Charter& c,
            const Date& on, const std::optional<num::Rational>& fair,
            const std::optional<num::Rational>& costs) {
    compute::ExitInput in{
        opts.trigger,
        opts.by,
        opts.leaver.empty() ? std::nullopt : std::optional<std::string>(opts.leaver),
        on,
        fair,
        costs};
    auto sim = compute::simulate_exit(c, in);
    if (!sim && sim.error().kind == ProblemKind::ExitUsage) {
        return usage(compute::usage_text(sim.error(), [](ExitField f) {
            switch (f) {
            case ExitField::Trigger:
                return "--trigger";
            case ExitField::InvokedBy:
                return "--by";
            case ExitField::Leaver:
                return "--leaver";
            case ExitField::Notice:
            case ExitField::None:
                break;
            }
            return "--on";
        }));
    }
    if (int status = refuse_trigger_findings(opts, c); status != kOk) {
        return status;
    }
    if (!sim) {
        std::cerr << "charter: " << sim.error().message << '\n';
        if (sim.error().kind == ProblemKind::NeedsInput) {
            std::cerr << "  help: " << kFairValueHelp << '\n';
        } else if (!sim.error().help.empty()) {
            std::cerr << "  help: " << sim.error().help << '\n';
        }
        return kFindings;
    }
    const auto& r = *sim;
    std::ostringstream out;
    if (opts.format == "json") {
        report::write_exit_json(out, c, r);
    } else if (opts.format == "markdown") {
        report::write_exit_markdown(out, c, r);
    } else {
        report::write_exit_text(out, c, r, opts.output.empty() && use_color(global));
    }
    return emit(opts.output, out.str());
}

} // namespace

int run_exit_sim(const ExitSimOptions& opts, const Global& global) {
    Date on{};
    if (int status = check_flags(opts, on); status != kOk) {
        return status;
    }
    int status = kOk;
    auto charter = load_charter(opts.file, status);
    if (!charter) {
        return status;
    }
    const auto& c = *charter;
    auto fair = money_flag(c, "--fair-value", opts.fair_value);
    auto costs = money_flag(c, "--wind-down-costs", opts.wind_down_costs);
    if (!fair || !costs) {
        return kFailure;
    }
    if (c.effective && on < *c.effective) {
        return usage("--on: " + format_date(on) + " is before the charter takes effect on " +
                     format_date(*c.effective));
    }
    return opts.all ? run_all(opts, c, on, *fair, *costs)
                    : run_one(opts, global, c, on, *fair, *costs);
}

} // namespace charter::cmd
