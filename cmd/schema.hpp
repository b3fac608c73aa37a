#pragma once
#include <CLI/CLI.hpp>

#include "common.hpp"

namespace charter::cmd {

CLI::App* setup_schema(CLI::App& app);
int run_schema();

} // namespace charter::cmd
