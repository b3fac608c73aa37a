#pragma once
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "common.hpp"

namespace charter::cmd {

struct SplitsOptions {
    std::string file;
    std::vector<std::string> revenue; ///< STREAM=AMOUNT
    std::string period;
    std::string ledger;
    std::string scenario;
    std::string as_of;
    bool explain = false;
    bool strict = false; ///< a warning (a ledger with no rows) makes the exit status 1
    std::string format = "table";
    std::string output;
};

/// Adds `splits` to the app; the options live as long as the app. Without
/// `with_options` only its name and description (another subcommand runs).
CLI::App* setup_splits(CLI::App& app, SplitsOptions& opts, bool with_options);
int run_splits(const SplitsOptions& opts, const Global& global);

} // namespace charter::cmd
