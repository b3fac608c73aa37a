#pragma once
// Loading one charter for a computing command (splits, exit-sim, diff).
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "model/charter.hpp"

namespace charter::cmd {

/// Reads and validates FILE. Prints why on stderr and sets `status` when it
/// cannot be used: 2 when it cannot be read or parsed as YAML, 1 when it has
/// errors (scenario mismatches do not count: they are what splits explains).
std::optional<model::Charter> load_charter(const std::string& path, int& status,
                                           std::ostream& err = std::cerr);

/// The input that `-o output` would overwrite, if any ("-" and empty
/// outputs, and "-" inputs, never clash): `-o` must never replace a charter
/// or a ledger with a statement.
std::optional<std::string> output_overwrites(const std::string& output,
                                             const std::vector<std::string>& inputs);

/// Writes `text` to `output` atomically, or to standard output when empty.
int emit(const std::string& output, const std::string& text);

} // namespace charter::cmd
