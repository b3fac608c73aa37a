#pragma once
#include <CLI/CLI.hpp>

#include "common.hpp"

namespace charter::cmd {

CLI::App* setup_lsp(CLI::App& app);
/// Serves the Language Server Protocol on standard input and output.
int run_lsp();

} // namespace charter::cmd
