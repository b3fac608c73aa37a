#pragma once
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "common.hpp"

namespace charter::cmd {

struct DiffOptions {
    std::vector<std::string> args; ///< OLD NEW, or git's external diff driver arguments
    std::string format = "text";
    std::string ledger;
    bool verbose = false;
};

/// Adds `diff` to the app; the options live as long as the app. Without
/// `with_options` only its name and description (another subcommand runs).
CLI::App* setup_diff(CLI::App& app, DiffOptions& opts, bool with_options);
int run_diff(const DiffOptions& opts, const Global& global);

} // namespace charter::cmd
