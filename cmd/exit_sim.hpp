#pragma once
#include <string>

#include <CLI/CLI.hpp>

#include "common.hpp"

namespace charter::cmd {

struct ExitSimOptions {
    std::string file;
    std::string trigger;
    std::string by;
    std::string on;
    std::string leaver;
    std::string fair_value;
    std::string wind_down_costs;
    bool all = false;
    std::string format = "text";
    std::string output;
};

/// Adds `exit-sim` to the app; the options live as long as the app. Without
/// `with_options` only its name and description (another subcommand runs).
CLI::App* setup_exit_sim(CLI::App& app, ExitSimOptions& opts, bool with_options);
int run_exit_sim(const ExitSimOptions& opts, const Global& global);

} // namespace charter::cmd
