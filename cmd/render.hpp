#pragma once
#include <string>

#include <CLI/CLI.hpp>

#include "common.hpp"

namespace charter::cmd {

struct RenderOptions {
    std::string file;
    std::string format = "html";
    std::string on; ///< empty: today (local time)
    std::string output;
};

/// Adds `render` to the app; the options live as long as the app. Without
/// `with_options` only its name and description (another subcommand runs).
CLI::App* setup_render(CLI::App& app, RenderOptions& opts, bool with_options);
int run_render(const RenderOptions& opts, const Global& global);

} // namespace charter::cmd
