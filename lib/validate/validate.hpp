#pragma once
// The validate pipeline: find files, read them, load -> check structure ->
// build the model -> check meaning, and collect one report per file.
#include <functional>
#include <istream>
#include <memory>
#include <string>
#include <vector>

#include "diag/diagnostic.hpp"
#include "model/charter.hpp"
#include "util/problem.hpp"
#include "util/source.hpp"

namespace charter {

namespace cache {
class Store;
}

/// Everything known about one charter text after validation.
struct Validated {
    FileReport report;
    std::optional<model::Charter> charter; ///< absent when the YAML did not load
};

/// The checks that compute, on top of those every charter gets. The
/// computing commands skip them: they compute scenarios and exits their own
/// way, and a scenario that no longer holds is what they show, not an error.
struct ComputedChecks {
    bool scenarios = true; ///< every scenario against its `expect` (C0901, C0902)
    bool exits = true;     ///< every possible exit's buyout and assets (C0803, C0804)
};

/// Validates one text (never touches the disk).
Validated validate_source(std::shared_ptr<const Source> source, ComputedChecks computed = {});

/// Paths to validate, found from the command line's arguments.
struct PathList {
    std::vector<std::string> files; ///< sorted, each once
    /// Unreadable problems: `path` as given or as found in a directory
    /// walk, `message` "cannot read 'x': No such file or directory".
    std::vector<Problem> errors;
};

/// Files named explicitly are taken whatever their name; directories are
/// walked for *.charter.yaml and *.charter.yml (hidden directories skipped,
/// symbolic links to directories not followed); "-" is standard input.
PathList collect_paths(const std::vector<std::string>& args);

/// Reads a file (or standard input for "-") up to `limit` bytes. A larger
/// one is never read past `limit` + 1 bytes (a device or pipe may never
/// end): a regular file is reported with its size, a stream without one.
struct ReadResult {
    std::string text;
    bool too_large = false;
    std::size_t size = 0;   ///< the file's size; for a stream over the limit, only what was read
    bool size_known = true; ///< false for a stream over the limit

    /// "is 9437576 bytes, above the limit of 8388608 bytes (8 MiB)", or for
    /// a stream "goes on past the limit of 8388608 bytes (8 MiB), where reading stopped".
    std::string over_limit(std::size_t limit) const;
};
/// A file that cannot be read is an Unreadable problem with its `path`.
Result<ReadResult> read_input(const std::string& path, std::size_t limit,
                              std::istream& stdin_stream);

/// One file's outcome: its report, or why it could not be read (Unreadable).
using FileOutcome = Result<FileReport>;

/// Validates files in parallel with `jobs` threads and hands each outcome to
/// `done` in the order of `paths`, on the calling thread, as soon as it and
/// every file before it are done. At most a small window of files (a few
/// per job) is read ahead, so memory stays flat however many files there are.
/// With a `cache`, a file whose bytes have a result there is answered from
/// it without parsing, and every other result is kept there (standard input
/// is never looked up nor kept).
void validate_files(const std::vector<std::string>& paths, int jobs, std::istream& stdin_stream,
                    const std::function<void(FileOutcome&&)>& done, cache::Store* cache = nullptr);

/// How many files may be done ahead of the next one to hand out.
int reorder_window(int jobs);

} // namespace charter
