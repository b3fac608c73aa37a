// charter: the command line. Wires CLI11 to the library and maps results to
// exit statuses; each subcommand lives in its own file pair.
#include <csignal>
#include <exception>
#include <iostream>
#include <string_view>

#include <CLI/CLI.hpp>

#include "calendar.hpp"
#include "common.hpp"
#include "completions.hpp"
#include "diff.hpp"
#include "exit_sim.hpp"
#include "init.hpp"
#include "lsp.hpp"
#include "render.hpp"
#include "schema.hpp"
#include "splits.hpp"
#include "validate.hpp"

using namespace charter::cmd;

namespace {

/// The subcommand the command line names: its first word that is neither
/// an option nor --color's value. Empty when there is none (`charter
/// --help`, `charter`) or it is not one of ours: then every subcommand gets
/// its options and CLI11 answers as it always does.
std::string_view subcommand_named(int argc, char** argv) {
    static constexpr std::string_view kNames[] = {"validate", "splits",     "exit-sim", "diff",
                                                  "schema",   "calendar",   "render",   "init",
                                                  "lsp",      "completions"};
    for (int i = 1; i < argc; ++i) {
        std::string_view arg = argv[i];
        if (arg == "--color") {
            ++i; // its value
            continue;
        }
        if (arg.starts_with("-")) {
            continue;
        }
        for (std::string_view name : kNames) {
            if (arg == name) {
                return name;
            }
        }
        return {};
    }
    return {};
}

} // namespace

int main(int argc, char** argv) {
    // `charter ... | head` must end quietly: writes fail instead of killing us.
    std::signal(SIGPIPE, SIG_IGN);
    std::ios::sync_with_stdio(false);

    CLI::App app{"charter: check, compute and compare plain-text partnership charters", "charter"};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("charter ") + CHARTER_VERSION);
    Global global;
    app.add_option("--color", global.color,
                   "Colour output: auto (a terminal without NO_COLOR), always or never")
        ->type_name("WHEN")
        ->check(CLI::IsMember({"auto", "always", "never"}))
        ->default_str("auto");

    // Only the subcommand that runs gets its options: making all of them
    // is a tenth of the time a pre-commit hook spends on one file.
    std::string_view named = subcommand_named(argc, argv);
    auto options_for = [&](std::string_view name) {
        return named.empty() || named == name || named == "completions";
    };
    ValidateOptions validate;
    CLI::App* validate_cmd = setup_validate(app, validate, options_for("validate"));
    SplitsOptions splits;
    CLI::App* splits_cmd = setup_splits(app, splits, options_for("splits"));
    ExitSimOptions exit_sim;
    CLI::App* exit_sim_cmd = setup_exit_sim(app, exit_sim, options_for("exit-sim"));
    DiffOptions diff;
    CLI::App* diff_cmd = setup_diff(app, diff, options_for("diff"));
    CLI::App* schema_cmd = setup_schema(app);
    CalendarOptions calendar;
    CLI::App* calendar_cmd = setup_calendar(app, calendar, options_for("calendar"));
    RenderOptions render;
    CLI::App* render_cmd = setup_render(app, render, options_for("render"));
    InitOptions init;
    CLI::App* init_cmd = setup_init(app, init, options_for("init"));
    CLI::App* lsp_cmd = setup_lsp(app, options_for("lsp"));
    CompletionsOptions completions;
    CLI::App* completions_cmd = setup_completions(app, completions, options_for("completions"));

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int status = app.exit(e); // prints help, version or the error
        return status == 0 ? kOk : kFailure;
    }

    try {
        if (validate_cmd->parsed()) {
            return run_validate(validate, global);
        }
        if (splits_cmd->parsed()) {
            return run_splits(splits, global);
        }
        if (exit_sim_cmd->parsed()) {
            return run_exit_sim(exit_sim, global);
        }
        if (diff_cmd->parsed()) {
            return run_diff(diff, global);
        }
        if (schema_cmd->parsed()) {
            return run_schema();
        }
        if (calendar_cmd->parsed()) {
            return run_calendar(calendar, global);
        }
        if (render_cmd->parsed()) {
            return run_render(render, global);
        }
        if (init_cmd->parsed()) {
            return run_init(init);
        }
        if (lsp_cmd->parsed()) {
            return run_lsp();
        }
        if (completions_cmd->parsed()) {
            return run_completions(completions, app);
        }
    } catch (const std::exception& e) {
        std::cerr << "charter: internal error: " << e.what() << '\n';
        return kFailure;
    }
    return kFailure;
}
