#include "validate.hpp"

#include <iostream>
#include <thread>

#include "report/report.hpp"
#include "validate/validate.hpp"

namespace charter::cmd {

CLI::App* setup_validate(CLI::App& app, ValidateOptions& opts) {
    auto* sub = app.add_subcommand(
        "validate", "Check charters: structure, references, sums, dates, IP, governance, exits");
    sub->add_option("paths", opts.paths,
                    "Files, or directories searched for *.charter.yaml and *.charter.yml; - reads "
                    "standard input (default: .)")
        ->type_name("PATH");
    sub->add_option("--format", opts.format, "Output format")
        ->type_name("FORMAT")
        ->check(CLI::IsMember({"text", "json", "sarif", "github"}))
        ->default_str("text");
    sub->add_flag("--strict", opts.strict, "Warnings also make the exit status 1");
    sub->add_flag("-q,--quiet", opts.quiet, "Print only diagnostics, no summary line");
    sub->add_option("-j,--jobs", opts.jobs,
                    "Files validated in parallel (default: the number of cores)")
        ->type_name("N")
        ->check(CLI::Range(1, 1024));
    return sub;
}

int run_validate(const ValidateOptions& opts, const Global& global) {
    PathList paths = collect_paths(opts.paths);
    std::vector<ReadError> errors = paths.errors;
    if (paths.files.empty() && errors.empty()) {
        // a mistyped or empty directory must not pass a CI job silently
        std::cerr << "charter: no charter files (*.charter.yaml, *.charter.yml) found in "
                  << (opts.paths.empty() ? std::string("'.'") : "the paths given") << '\n';
        return kFailure;
    }
    int jobs = opts.jobs > 0 ? opts.jobs
                             : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));

    report::Options ropts;
    ropts.color = use_color(global);
    ropts.quiet = opts.quiet;
    std::unique_ptr<report::Writer> writer;
    if (opts.format == "json") {
        writer = report::json_writer(std::cout);
    } else if (opts.format == "sarif") {
        writer = report::sarif_writer(std::cout, report::working_directory());
    } else if (opts.format == "github") {
        writer = report::github_writer(std::cout, ropts);
    } else {
        writer = report::text_writer(std::cout, ropts);
    }
    // each file's report is written as soon as it and the files before it
    // are done, and then dropped: memory does not grow with the number of files
    validate_files(paths.files, jobs, std::cin, [&](FileOutcome&& outcome) {
        if (outcome) {
            writer->file(*outcome);
        } else {
            errors.push_back(outcome.error());
        }
    });
    for (const auto& e : errors) {
        writer->unreadable(e.path, e.message);
    }
    writer->finish();
    std::cout.flush();
    for (const auto& e : errors) {
        std::cerr << "charter: " << e.message << '\n';
    }
    if (!errors.empty()) {
        return kFailure;
    }
    const report::Totals& totals = writer->totals();
    if (totals.errors > 0 || (opts.strict && totals.warnings > 0)) {
        return kFindings;
    }
    return kOk;
}

} // namespace charter::cmd
