#pragma once
#include <CLI/CLI.hpp>

#include "common.hpp"

namespace charter::cmd {

/// Adds `lsp` to the app; the options live as long as the app. Without
/// `with_options` only its name and description (another subcommand runs).
CLI::App* setup_lsp(CLI::App& app, bool with_options);
/// Serves the Language Server Protocol on standard input and output.
int run_lsp();

} // namespace charter::cmd
