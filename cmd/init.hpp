#pragma once
#include <string>

#include <CLI/CLI.hpp>

#include "common.hpp"

namespace charter::cmd {

struct InitOptions {
    std::string kind = "joint-development";
    std::string parties; ///< a,b,...; empty: placeholders
    std::string currency = "USD";
    std::string effective; ///< empty: the first day of next month
    std::string output;
};

/// Adds `init` to the app; the options live as long as the app. Without
/// `with_options` only its name and description (another subcommand runs).
CLI::App* setup_init(CLI::App& app, InitOptions& opts, bool with_options);
int run_init(const InitOptions& opts);

} // namespace charter::cmd
