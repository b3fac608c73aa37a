#pragma once
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "common.hpp"

namespace charter::cmd {

struct ValidateOptions {
    std::vector<std::string> paths;
    std::string format = "text";
    bool strict = false;
    bool quiet = false;
    int jobs = 0; ///< 0: the number of cores
    bool no_cache = false;
    std::string cache_dir; ///< empty: $CHARTER_CACHE_DIR, else .charter-cache at the git root
};

/// Adds `validate` to the app; the options live as long as the app. Without
/// `with_options` only its name and description (another subcommand runs).
CLI::App* setup_validate(CLI::App& app, ValidateOptions& opts, bool with_options);
int run_validate(const ValidateOptions& opts, const Global& global);

} // namespace charter::cmd
