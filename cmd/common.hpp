#pragma once
// What every subcommand shares: global options and exit statuses.
#include <string>

#include "util/date.hpp"

namespace charter::cmd {

/// Exit statuses of every command (charter(1), EXIT STATUS).
enum Exit : int { kOk = 0, kFindings = 1, kFailure = 2 };

/// Options given before the subcommand.
struct Global {
    std::string color = "auto"; ///< auto | always | never
};

/// Whether to colour standard output: --color, a terminal, NO_COLOR.
bool use_color(const Global& g);

/// Today in local time: the default of the commands' date flags and of lsp's hover.
Date today();

} // namespace charter::cmd
