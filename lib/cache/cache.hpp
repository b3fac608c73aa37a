#pragma once
// validate's result cache: each file's diagnostics kept on disk and found
// again by a key that covers everything the result depends on, so that an
// unchanged file is answered without parsing it.
//
// The key of an entry is a SHA-256 over
//  - the entry format's version,
//  - the program's identity (the caller's version text and the build ids
//    of the executable and of every shared library it runs with: a rebuild
//    that changes any code changes it),
//  - the options that change the result (`options`, words given by the caller),
//  - the file's name as shown (it appears in some messages);
// the entry keeps that key and the SHA-256 of the file's bytes, and is
// answered only when both are equal. Anything else (a missing, truncated,
// foreign or damaged entry) is a miss, never an error.
#include <array>
#include <atomic>
#include <bitset>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diag/diagnostic.hpp"

namespace charter::cache {

using Digest = std::array<std::uint8_t, 32>;

/// SHA-256 of `bytes`.
Digest sha256(std::string_view bytes);
/// Lower-case hexadecimal of `bytes`.
std::string hex(const std::uint8_t* bytes, std::size_t size);

/// What makes this program's results what they are: the build id of the
/// running executable and of each shared library loaded (for one without a
/// build id: its path, size, modification time and inode). Cheap: no file
/// is read.
std::string program_identity();

/// `.charter-cache` in the nearest folder from `start` upward that holds a
/// `.git` (a git work tree's root); nullopt outside a git work tree.
std::optional<std::filesystem::path> default_dir(const std::filesystem::path& start);

/// Why a file was or was not answered from the cache.
enum class Event : std::uint8_t {
    Hit,       ///< answered from the cache
    NoEntry,   ///< miss: no entry for this key
    Changed,   ///< miss: an entry for another content of the file
    Damaged,   ///< miss: an entry that is truncated, foreign or not an entry
    Stored,    ///< the result was kept
    NotStored, ///< the result was not kept (too large, or the folder cannot be written)
};

/// The serialised entry: format tag, key, content digest, diagnostics, and
/// a SHA-256 of all that (so that a truncated or damaged file is told apart).
std::string encode_entry(const Digest& key, const Digest& content,
                         const std::vector<Diagnostic>& diagnostics);

/// The diagnostics of an entry made by `encode_entry` for this key and
/// content; otherwise the reason it does not answer (Changed or Damaged).
struct Decoded {
    std::optional<std::vector<Diagnostic>> diagnostics;
    Event why = Event::Hit;
};
Decoded decode_entry(std::string_view bytes, const Digest& key, const Digest& content);

/// How big the cache may grow. Entries are spread over 256 shards by their
/// key; a shard written to in a run is pruned at its end, the least
/// recently used entries first, down to three quarters of these limits.
struct Limits {
    std::size_t shard_entries = 512;     ///< 131,072 entries in all
    std::size_t shard_bytes = 1u << 20;  ///< 256 MiB in all
    std::size_t entry_bytes = 64u << 10; ///< a larger result is not kept
};

/// One file's look-up: what `put` needs to keep its result after a miss.
struct Lookup {
    std::string path;
    Digest key{};
    Digest content{};
    std::optional<std::vector<Diagnostic>> diagnostics; ///< set on a hit
    Event event = Event::NoEntry;
};

/// A cache folder. Safe to use from several threads and processes at once:
/// entries are written to a temporary file and renamed into place. Never
/// fails: a folder that cannot be created or written is read as far as it
/// can be and silently not written to.
class Store {
  public:
    /// Nothing is created until the first result is kept.
    Store(std::filesystem::path dir, std::string_view identity, Limits limits = {});
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    /// Looks up the result for `content`, the bytes of the file shown as `path`.
    Lookup find(std::string_view path, std::string_view options, std::string_view content) const;
    /// Keeps the result of a file that `find` missed.
    void put(const Lookup& lookup, const std::vector<Diagnostic>& diagnostics);
    /// Brings every shard written to since the last call within the limits.
    void prune();

    const std::filesystem::path& dir() const { return m_dir; }
    /// The entry file of a key (for tests and for `find`).
    std::filesystem::path entry_path(const Digest& key) const;

    /// Told of every look-up and store, from the threads that make them.
    std::function<void(const std::string& path, Event event)> on_event;

  private:
    bool prepare();
    void prune_shard(int shard);
    void tell(const std::string& path, Event event) const;

    std::filesystem::path m_dir;
    std::filesystem::path m_entries; ///< m_dir / "v1"
    Digest m_identity{};
    Limits m_limits;
    std::once_flag m_prepared;
    std::atomic<bool> m_writable{true};
    std::mutex m_mutex;
    std::bitset<256> m_dirty;
};

} // namespace charter::cache
