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

CLI::App* setup_exit_sim(CLI::App& app, ExitSimOptions& opts);
int run_exit_sim(const ExitSimOptions& opts, const Global& global);

} // namespace charter::cmd
