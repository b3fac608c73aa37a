#pragma once
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "common.hpp"

namespace charter::cmd {

struct CalendarOptions {
    std::vector<std::string> paths;
    std::string as_of; ///< empty: today (local time)
    std::string from;
    std::string to;
    std::string within;
    std::string format = "table";
    std::string fail_on; ///< empty, overdue or due
    std::string remind;
    std::string output;
    int jobs = 0; ///< 0: the number of cores
};

/// Adds `calendar` to the app; the options live as long as the app. Without
/// `with_options` only its name and description (another subcommand runs).
CLI::App* setup_calendar(CLI::App& app, CalendarOptions& opts, bool with_options);
int run_calendar(const CalendarOptions& opts, const Global& global);

} // namespace charter::cmd
