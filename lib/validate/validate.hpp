#pragma once
// The validate pipeline: find files, read them, load -> check structure ->
// build the model -> check meaning, and collect one report per file.
#include <istream>
#include <memory>
#include <string>
#include <vector>

#include "diag/diagnostic.hpp"
#include "model/charter.hpp"
#include "util/expected.hpp"
#include "util/source.hpp"

namespace charter {

/// Everything known about one charter text after validation.
struct Validated {
    FileReport report;
    std::optional<model::Charter> charter;  ///< absent when the YAML did not load
};

/// Validates one text (never touches the disk). `simulate_exits` runs every
/// exit (for C0803/C0804); the computing commands, which run their own, skip it.
Validated validate_source(std::shared_ptr<const Source> source, bool simulate_exits = true);

/// Paths to validate, found from the command line's arguments.
struct PathList {
    std::vector<std::string> files;    ///< sorted, each once
    std::vector<std::string> errors;   ///< "cannot read 'x': No such file or directory"
};

/// Files named explicitly are taken whatever their name; directories are
/// walked for *.charter.yaml and *.charter.yml (hidden directories skipped,
/// symbolic links to directories not followed); "-" is standard input.
PathList collect_paths(const std::vector<std::string>& args);

/// Reads a file (or standard input for "-") up to `limit` bytes; a larger
/// one is reported with the size it has, without reading it all.
struct ReadResult {
    std::string text;
    bool too_large = false;
    std::size_t size = 0;
};
Expected<ReadResult, std::string> read_input(const std::string& path, std::size_t limit, std::istream& stdin_stream);

/// Validates files in parallel with `jobs` threads; reports come back in the
/// order of `paths`. Read failures go to `errors` (one message each).
std::vector<FileReport> validate_files(const std::vector<std::string>& paths, int jobs, std::istream& stdin_stream,
                                       std::vector<std::string>& errors);

} // namespace charter
