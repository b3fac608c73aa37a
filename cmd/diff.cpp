#include "diff.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include <fmt/format.h>

#include "api/internal.hpp"
#include "compare/diff.hpp"
#include "load/yaml_tree.hpp"
#include "report/diff.hpp"
#include "report/report.hpp"
#include "util/subprocess.hpp"
#include "validate/validate.hpp"

namespace charter::cmd {

CLI::App* setup_diff(CLI::App& app, DiffOptions& opts, bool with_options) {
    auto* sub = app.add_subcommand(
        "diff", "Semantic diff of two versions of a charter, with its money impact");
    if (!with_options) {
        return sub;
    }
    sub->add_option("args", opts.args,
                    "OLD NEW: files or REV:PATH (read through git); also the 7, 9 or 1 arguments "
                    "git gives an external diff driver")
        ->type_name("FILE")
        ->required();
    sub->add_option("--format", opts.format, "Output format")
        ->type_name("FORMAT")
        ->check(CLI::IsMember({"text", "json", "markdown"}))
        ->default_str("text");
    sub->add_option("--ledger", opts.ledger, "Also show the impact on this CSV ledger")
        ->type_name("CSV");
    sub->add_flag("--verbose", opts.verbose, "Also show cosmetic changes (moves, notes)");
    return sub;
}

namespace {

struct Loaded {
    compare::Side side;
    std::string problem; ///< why the side could not be used (exit 2)
    FileReport report;
};

/// Reads one side: /dev/null (absent), a file, or REV:PATH through git.
Loaded load_side(const std::string& spec, const std::string& shown) {
    Loaded l;
    l.side.name = shown;
    if (spec == "/dev/null") {
        return l;
    }
    std::string text;
    std::error_code ec;
    if (std::filesystem::exists(spec, ec)) {
        auto read = api::read_charter(spec, std::cin);
        if (!read) {
            l.problem = read.error().message;
            return l;
        }
        text = std::move(*read);
    } else if (spec.find(':') != std::string::npos) {
        // A REV:PATH chosen by someone else must never reach git as an
        // option (`--output=FILE:x` writes a file, `-O FILE:x` reads one):
        // refuse a leading '-', and end git's options before it as well.
        if (spec.front() == '-') {
            l.problem = fmt::format(
                "'{}' is neither a file nor a REV:PATH: a revision cannot start with '-'", spec);
            return l;
        }
        auto git =
            run_process({"git", "show", "--end-of-options", spec}, LoadLimits{}.max_bytes + 1);
        if (!git) {
            l.problem = "cannot run git: " + git.error();
            return l;
        }
        if (git->status != 0) {
            std::string why = git->err;
            while (!why.empty() && (why.back() == '\n' || why.back() == '\r')) {
                why.pop_back();
            }
            l.problem = fmt::format("cannot read '{}' from git: {}", spec,
                                    why.empty() ? "git show failed" : why);
            return l;
        }
        if (git->truncated) {
            l.problem = fmt::format("'{}' is above the 8 MiB limit for a charter", spec);
            return l;
        }
        text = std::move(git->out);
    } else {
        l.problem = fmt::format("cannot read '{}': No such file or directory", spec);
        return l;
    }
    auto source = std::make_shared<const Source>(shown, std::move(text));
    auto side = api::diff_side(source);
    if (!side) {
        l.report = FileReport{shown, source, std::move(side.error().diagnostics)};
        l.problem = side.error().message;
        return l;
    }
    l.side = std::move(*side);
    return l;
}

} // namespace

int run_diff(const DiffOptions& opts, const Global& global) {
    const auto& a = opts.args;
    std::string old_spec, new_spec, old_name, new_name;
    bool driver = false;
    if (a.size() == 2) {
        old_spec = old_name = a[0];
        new_spec = new_name = a[1];
    } else if (a.size() == 7 || a.size() == 9) {
        // git's external diff driver: path old-file old-hex old-mode new-file new-hex new-mode
        // [new-path similarity]
        driver = true;
        old_spec = a[1];
        new_spec = a[4];
        old_name = a[1] == "/dev/null" ? "/dev/null" : "a/" + a[0];
        new_name = a[4] == "/dev/null" ? "/dev/null" : "b/" + (a.size() == 9 ? a[7] : a[0]);
    } else if (a.size() == 1) {
        // git calls the driver with the path alone for an unmerged file
        std::cout << "* Unmerged path " << a[0] << "\n";
        return kOk;
    } else {
        std::cerr << "charter diff: give OLD and NEW (files or REV:PATH)\n";
        return kFailure;
    }
    // In git's driver mode, exit 0 whenever something was printed: git
    // aborts the whole `git diff` when a driver fails.
    auto fail = [&](const Loaded& l) {
        if (!l.report.diagnostics.empty()) {
            report::Options o;
            o.quiet = true;
            report::write_text(driver ? std::cout : std::cerr, {l.report}, o);
        }
        (driver ? std::cout : std::cerr) << "charter diff: " << l.problem << "\n";
        return driver ? kOk : kFailure;
    };
    // the two sides load in parallel: parsing is most of a diff's time
    Loaded o;
    std::thread old_loader([&] { o = load_side(old_spec, old_name); });
    Loaded n = load_side(new_spec, new_name);
    old_loader.join();
    if (!o.problem.empty()) {
        return fail(o);
    }
    if (!n.problem.empty()) {
        return fail(n);
    }
    std::string ledger_text;
    if (!opts.ledger.empty()) {
        // both sides run the ledger, so it is held in memory: bounded
        constexpr std::size_t kMaxLedgerBytes = std::size_t{256} << 20;
        auto read = read_input(opts.ledger, kMaxLedgerBytes, std::cin);
        if (!read || read->too_large) {
            std::cerr << "charter diff: "
                      << (read ? fmt::format("ledger '{}' {}", opts.ledger,
                                             read->over_limit(kMaxLedgerBytes))
                               : "ledger: " + read.error().message)
                      << '\n';
            return driver ? kOk : kFailure;
        }
        ledger_text = std::move(read->text);
    }
    auto result =
        compare::diff_charters(o.side, n.side, opts.ledger.empty() ? nullptr : &opts.ledger,
                               opts.ledger.empty() ? nullptr : &ledger_text);
    report::DiffOptions ro;
    ro.color = use_color(global);
    ro.verbose = opts.verbose;
    if (opts.format == "json") {
        report::write_diff_json(std::cout, old_name, new_name, result);
    } else if (opts.format == "markdown") {
        report::write_diff_markdown(std::cout, old_name, new_name, result, ro);
    } else {
        report::write_diff_text(std::cout, old_name, new_name, result, ro);
    }
    std::cout.flush();
    if (driver) {
        return kOk;
    }
    return result.differs() ? kFindings : kOk;
}

} // namespace charter::cmd
