#pragma once
// Running a program with an argument vector (never a shell) and capturing
// what it prints.
#include <string>
#include <vector>

#include "util/expected.hpp"

namespace charter {

struct ProcessResult {
    int status = 0;         ///< exit status (128 + signal when killed)
    std::string out;        ///< standard output, up to the limit
    std::string err;        ///< standard error, up to 64 KiB
    bool truncated = false; ///< standard output was longer than the limit
};

/// Runs argv[0] (looked up on PATH) with no standard input.
Expected<ProcessResult, std::string> run_process(const std::vector<std::string>& argv,
                                                 std::size_t out_limit);

} // namespace charter
