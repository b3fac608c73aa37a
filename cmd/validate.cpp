#include "validate.hpp"

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <thread>

#include "cache/cache.hpp"
#include "report/report.hpp"
#include "validate/validate.hpp"

namespace charter::cmd {

namespace {

std::string_view event_words(cache::Event e) {
    switch (e) {
    case cache::Event::Hit:
        return "hit";
    case cache::Event::NoEntry:
        return "miss (no entry)";
    case cache::Event::Changed:
        return "miss (the file changed)";
    case cache::Event::Damaged:
        return "miss (a damaged or foreign entry)";
    case cache::Event::Stored:
        return "stored";
    case cache::Event::NotStored:
        return "not stored";
    }
    return "";
}

/// The result cache, unless --no-cache or none is configured: --cache-dir,
/// else $CHARTER_CACHE_DIR (CLI11 reads it into `cache_dir`), else
/// .charter-cache at the root of the git work tree around the working
/// directory; outside a git work tree, none (a validate run in any folder
/// must not leave a cache there).
std::unique_ptr<cache::Store> open_cache(const ValidateOptions& opts) {
    if (opts.no_cache) {
        return nullptr;
    }
    std::filesystem::path dir = opts.cache_dir;
    if (dir.empty()) {
        auto found = cache::default_dir(".");
        if (!found) {
            return nullptr;
        }
        dir = *found;
    }
    // the version and, through the build ids, every change of the code
    auto store = std::make_unique<cache::Store>(dir, std::string("charter ") + CHARTER_VERSION +
                                                         "\n" + cache::program_identity());
    const char* trace = std::getenv("CHARTER_CACHE_TRACE");
    if (trace != nullptr && *trace != '\0' && std::string_view(trace) != "0") {
        // from the worker threads: not through std::cerr, which is tied to
        // std::cout and would flush it while the main thread writes the report
        store->on_event = [](const std::string& path, cache::Event e) {
            std::string line = "charter: cache: ";
            line += event_words(e);
            line += ": ";
            line += path;
            line += '\n';
            std::fwrite(line.data(), 1, line.size(), stderr); // one locked write per line
        };
    }
    return store;
}

} // namespace

CLI::App* setup_validate(CLI::App& app, ValidateOptions& opts, bool with_options) {
    auto* sub = app.add_subcommand(
        "validate", "Check charters: structure, references, sums, dates, IP, governance, exits");
    if (!with_options) {
        return sub;
    }
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
    // --no-cache wins over a cache folder from the environment (set for a
    // whole CI job), so the two are not made exclusive
    sub->add_flag("--no-cache", opts.no_cache, "Neither read nor keep results in the cache");
    sub->add_option("--cache-dir", opts.cache_dir,
                    "Where results are cached (default: .charter-cache at the git work tree's "
                    "root; none outside one)")
        ->type_name("DIR")
        ->envname("CHARTER_CACHE_DIR");
    return sub;
}

int run_validate(const ValidateOptions& opts, const Global& global) {
    PathList paths = collect_paths(opts.paths);
    std::vector<Problem> errors = paths.errors;
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
    std::unique_ptr<cache::Store> cache = open_cache(opts);
    // each file's report is written as soon as it and the files before it
    // are done, and then dropped: memory does not grow with the number of files
    validate_files(
        paths.files, jobs, std::cin,
        [&](FileOutcome&& outcome) {
            if (outcome) {
                writer->file(*outcome);
            } else {
                errors.push_back(outcome.error());
            }
        },
        cache.get());
    for (const auto& e : errors) {
        writer->unreadable(e.path, e.message);
    }
    writer->finish();
    std::cout.flush();
    if (cache) {
        cache->prune(); // after the report: a hook's user waits for that, not for this
    }
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
