// charter: the command line. Wires CLI11 to the library and maps results to
// exit statuses; each subcommand lives in its own file pair.
#include <csignal>
#include <exception>
#include <iostream>

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

    ValidateOptions validate;
    CLI::App* validate_cmd = setup_validate(app, validate);
    SplitsOptions splits;
    CLI::App* splits_cmd = setup_splits(app, splits);
    ExitSimOptions exit_sim;
    CLI::App* exit_sim_cmd = setup_exit_sim(app, exit_sim);
    DiffOptions diff;
    CLI::App* diff_cmd = setup_diff(app, diff);
    CLI::App* schema_cmd = setup_schema(app);
    CalendarOptions calendar;
    CLI::App* calendar_cmd = setup_calendar(app, calendar);
    RenderOptions render;
    CLI::App* render_cmd = setup_render(app, render);
    InitOptions init;
    CLI::App* init_cmd = setup_init(app, init);
    CLI::App* lsp_cmd = setup_lsp(app);
    CompletionsOptions completions;
    CLI::App* completions_cmd = setup_completions(app, completions);

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
