#pragma once
// Writing a file so that a failure never leaves it half-written.
#include <string>
#include <string_view>

#include "util/expected.hpp"

namespace charter {

struct Unit {};

/// Whether the data reaches the disk before the rename (fsync). A cache may
/// skip it: after a crash its file is at worst damaged, and it checks that.
enum class Durability { Synced, Unsynced };

/// Writes `content` to a temporary file beside `path`, then renames it into
/// place. On failure the temporary file is removed and `path` is untouched.
/// A path that is a device or a pipe (/dev/null, a FIFO) is written directly.
Expected<Unit, std::string> write_atomically(const std::string& path, std::string_view content,
                                             Durability durability = Durability::Synced);

/// True when both paths name one existing file (the same device and inode:
/// the same path, a symbolic or a hard link). False when either is missing.
bool same_file(const std::string& a, const std::string& b);

} // namespace charter
