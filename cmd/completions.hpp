#pragma once
// charter completions: bash, zsh and fish completion scripts generated from
// the command line's one definition (the CLI11 App that main() builds), and
// the ids of a charter for them to offer (--ids, hidden).
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "common.hpp"

namespace charter::cmd {

struct CompletionsOptions {
    std::string shell;            ///< bash | zsh | fish
    std::vector<std::string> ids; ///< KIND FILE: print the ids of FILE (for the scripts)
    std::string output;
};

/// Adds `completions` to the app; the options live as long as the app. Without
/// `with_options` only its name and description (another subcommand runs).
CLI::App* setup_completions(CLI::App& app, CompletionsOptions& opts, bool with_options);
/// Prints the script for `opts.shell`, built from `app`, or the ids asked for.
int run_completions(const CompletionsOptions& opts, const CLI::App& app);

/// The script completing `app` in `shell` (bash, zsh or fish). Throws
/// std::logic_error on a definition the scripts cannot express (a
/// subcommand with two positional arguments).
std::string completion_script(const CLI::App& app, const std::string& shell);

} // namespace charter::cmd
