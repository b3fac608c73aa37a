#include "validate.hpp"

#include <iostream>
#include <thread>

#include "report/report.hpp"
#include "validate/validate.hpp"

namespace charter::cmd {

CLI::App* setup_validate(CLI::App& app, ValidateOptions& opts) {
    auto* sub = app.add_subcommand("validate", "Check charters: structure, references, sums, dates, IP, governance, exits");
    sub->add_option("paths", opts.paths,
                    "Files, or directories searched for *.charter.yaml and *.charter.yml; - reads standard input (default: .)");
    sub->add_option("--format", opts.format, "Output format")
        ->check(CLI::IsMember({"text", "json", "sarif", "github"}))
        ->default_str("text");
    sub->add_flag("--strict", opts.strict, "Warnings also make the exit status 1");
    sub->add_flag("-q,--quiet", opts.quiet, "Print only diagnostics, no summary line");
    sub->add_option("-j,--jobs", opts.jobs, "Files validated in parallel (default: the number of cores)")
        ->check(CLI::Range(1, 1024));
    return sub;
}

int run_validate(const ValidateOptions& opts, const Global& global) {
    PathList paths = collect_paths(opts.paths);
    std::vector<std::string> errors = paths.errors;
    if (paths.files.empty() && errors.empty()) {
        // a mistyped or empty directory must not pass a CI job silently
        std::cerr << "charter: no charter files (*.charter.yaml, *.charter.yml) found in "
                  << (opts.paths.empty() ? std::string("'.'") : "the paths given") << '\n';
        return kFailure;
    }
    int jobs = opts.jobs > 0 ? opts.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    std::vector<FileReport> reports = validate_files(paths.files, jobs, std::cin, errors);

    report::Options ropts;
    ropts.color = use_color(global);
    ropts.quiet = opts.quiet;
    if (opts.format == "json") {
        report::write_json(std::cout, reports);
    } else if (opts.format == "sarif") {
        report::write_sarif(std::cout, reports);
    } else if (opts.format == "github") {
        report::write_github(std::cout, reports, ropts);
    } else {
        report::write_text(std::cout, reports, ropts);
    }
    std::cout.flush();
    for (const auto& e : errors) {
        std::cerr << "charter: " << e << '\n';
    }
    if (!errors.empty()) {
        return kFailure;
    }
    int errs = 0, warns = 0;
    for (const auto& r : reports) {
        errs += r.errors();
        warns += r.warnings();
    }
    if (errs > 0 || (opts.strict && warns > 0)) {
        return kFindings;
    }
    return kOk;
}

} // namespace charter::cmd
