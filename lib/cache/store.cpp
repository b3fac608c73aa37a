// The cache folder:
//
//   DIR/.gitignore     "*": nothing in it belongs in a repository
//   DIR/CACHEDIR.TAG   marks it as a cache for backup tools (bford.info/cachedir)
//   DIR/v1/XX/...      one file per key, in 256 shards by the key's first byte
//
// Readers open an entry and check it (cache.hpp); writers write a temporary
// file beside it and rename it into place, so a reader sees the old entry or
// the new one, never a mix, whatever runs at the same time. Entries are not
// synced to the disk: after a crash one may be cut short, which its check
// finds. Pruning removes the least recently used entries of a shard: an entry
// answered is touched when its time is older than a day, so that entries in
// use stay and a run of hits costs no writes.
#include "cache/cache.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/atomic_file.hpp"

namespace charter::cache {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kFormat = "charter validate cache, format 1";
constexpr const char* kEntries = "v1";
constexpr std::string_view kGitignore =
    "# made by charter validate: a cache, nothing in it belongs in a repository\n*\n";
// the signature is fixed by the Cache Directory Tagging Specification
constexpr std::string_view kCachedirTag = "Signature: 8a477f597d28d172789f06886806bc55\n"
                                          "# This file is a cache directory tag created by "
                                          "charter validate.\n"
                                          "# For information about cache directory tags, see:\n"
                                          "#\thttps://bford.info/cachedir/\n";
constexpr auto kTouchAfter = std::chrono::hours(24);
constexpr auto kStaleTemporary = std::chrono::hours(1);

void add(std::string& out, std::string_view part) {
    auto n = static_cast<std::uint32_t>(part.size());
    for (int i = 0; i < 4; ++i) {
        out += static_cast<char>((n >> (8 * i)) & 0xFF);
    }
    out += part;
}

/// Reads a whole entry file: nullopt when there is none, an empty text (a
/// damaged entry) when it is not a regular file or larger than any entry.
/// An entry whose time is older than kTouchAfter is touched.
std::optional<std::string> read_entry(const fs::path& path, std::size_t limit) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return std::nullopt;
    }
    struct stat st {};
    std::optional<std::string> out = std::string();
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
        static_cast<std::size_t>(st.st_size) <= limit) {
        std::string text(static_cast<std::size_t>(st.st_size), '\0');
        std::size_t done = 0;
        while (done < text.size()) {
            ssize_t n = ::read(fd, text.data() + done, text.size() - done);
            if (n < 0 && errno == EINTR) {
                continue;
            }
            if (n <= 0) {
                break;
            }
            done += static_cast<std::size_t>(n);
        }
        text.resize(done);
        out = std::move(text);
        auto age = std::chrono::system_clock::now() -
                   std::chrono::system_clock::from_time_t(st.st_mtim.tv_sec);
        if (age > kTouchAfter) {
            ::futimens(fd, nullptr); // least recently used goes first; may fail (read-only)
        }
    }
    ::close(fd);
    return out;
}

bool is_ours(const std::string& name) {
    return name == kEntries || name == ".gitignore" || name == "CACHEDIR.TAG" ||
           (!name.empty() && name[0] == '.');
}

} // namespace

std::optional<fs::path> default_dir(const fs::path& start) {
    std::error_code ec;
    fs::path dir = fs::absolute(start, ec);
    if (ec) {
        return std::nullopt;
    }
    for (;;) {
        if (fs::exists(dir / ".git", ec)) {
            return dir / ".charter-cache";
        }
        if (!dir.has_relative_path()) {
            return std::nullopt;
        }
        dir = dir.parent_path();
    }
}

Store::Store(fs::path dir, std::string_view identity, Limits limits)
    : m_dir(std::move(dir)), m_entries(m_dir / kEntries), m_limits(limits) {
    std::string text;
    add(text, kFormat);
    add(text, identity);
    m_identity = sha256(text);
}

fs::path Store::entry_path(const Digest& key) const {
    std::string name = hex(key.data(), 16);
    return m_entries / name.substr(0, 2) / name.substr(2);
}

void Store::tell(const std::string& path, Event event) const {
    if (on_event) {
        on_event(path, event);
    }
}

Lookup Store::find(std::string_view path, std::string_view options,
                   std::string_view content) const {
    Lookup l;
    l.path = path;
    std::string text(m_identity.begin(), m_identity.end());
    add(text, options);
    add(text, path);
    l.key = sha256(text);
    l.content = sha256(content);
    auto bytes = read_entry(entry_path(l.key), m_limits.entry_bytes);
    if (!bytes) {
        l.event = Event::NoEntry;
    } else {
        Decoded d = decode_entry(*bytes, l.key, l.content);
        l.event = d.why;
        l.diagnostics = std::move(d.diagnostics);
    }
    tell(l.path, l.event);
    return l;
}

/// Makes the folder, and marks it as a cache when it holds nothing else (so
/// that `--cache-dir .` never puts a `.gitignore` of `*` into a work tree).
bool Store::prepare() {
    std::error_code ec;
    fs::create_directories(m_entries, ec);
    if (ec) {
        return false;
    }
    if (!fs::exists(m_dir / ".gitignore", ec) || !fs::exists(m_dir / "CACHEDIR.TAG", ec)) {
        bool only_ours = true;
        for (auto it = fs::directory_iterator(m_dir, ec); !ec && it != fs::directory_iterator();
             it.increment(ec)) {
            only_ours = only_ours && is_ours(it->path().filename().string());
        }
        if (only_ours && !ec) {
            if (!fs::exists(m_dir / ".gitignore", ec)) {
                write_atomically((m_dir / ".gitignore").string(), kGitignore);
            }
            if (!fs::exists(m_dir / "CACHEDIR.TAG", ec)) {
                write_atomically((m_dir / "CACHEDIR.TAG").string(), kCachedirTag);
            }
        }
    }
    return true;
}

void Store::put(const Lookup& lookup, const std::vector<Diagnostic>& diagnostics) {
    if (!m_writable.load()) {
        tell(lookup.path, Event::NotStored);
        return;
    }
    std::call_once(m_prepared, [&] {
        if (!prepare()) {
            m_writable = false;
        }
    });
    std::string bytes = encode_entry(lookup.key, lookup.content, diagnostics);
    if (!m_writable.load() || bytes.size() > m_limits.entry_bytes) {
        tell(lookup.path, Event::NotStored);
        return;
    }
    fs::path file = entry_path(lookup.key);
    std::error_code ec;
    fs::create_directory(file.parent_path(), ec);
    if (!write_atomically(file.string(), bytes, Durability::Unsynced)) {
        // a full disk or a folder made read-only: no point in trying each file
        m_writable = false;
        tell(lookup.path, Event::NotStored);
        return;
    }
    {
        std::lock_guard lock(m_mutex);
        m_dirty.set(lookup.key[0]);
    }
    tell(lookup.path, Event::Stored);
}

void Store::prune() {
    std::bitset<256> dirty;
    {
        std::lock_guard lock(m_mutex);
        dirty = m_dirty;
        m_dirty.reset();
    }
    for (int shard = 0; shard < 256; ++shard) {
        if (dirty.test(static_cast<std::size_t>(shard))) {
            prune_shard(shard);
        }
    }
}

void Store::prune_shard(int shard) {
    struct Entry {
        fs::path path;
        std::size_t size;
        fs::file_time_type time;
    };
    std::vector<Entry> entries;
    std::size_t bytes = 0;
    const auto now = fs::file_time_type::clock::now();
    std::uint8_t b = static_cast<std::uint8_t>(shard);
    std::error_code ec;
    for (auto it = fs::directory_iterator(m_entries / hex(&b, 1), ec);
         !ec && it != fs::directory_iterator(); it.increment(ec)) {
        std::error_code sec;
        auto size = it->file_size(sec);
        auto time = it->last_write_time(sec);
        if (sec) {
            continue; // removed meanwhile by another run
        }
        std::string name = it->path().filename().string();
        if (!name.empty() && name[0] == '.') {
            // the temporary file of a writer that died before its rename
            if (now - time > kStaleTemporary) {
                fs::remove(it->path(), sec);
            }
            continue;
        }
        entries.push_back({it->path(), size, time});
        bytes += size;
    }
    if (entries.size() <= m_limits.shard_entries && bytes <= m_limits.shard_bytes) {
        return;
    }
    std::sort(entries.begin(), entries.end(),
              [](const Entry& x, const Entry& y) { return x.time < y.time; });
    std::size_t count = entries.size();
    for (const auto& e : entries) {
        if (count <= m_limits.shard_entries * 3 / 4 && bytes <= m_limits.shard_bytes * 3 / 4) {
            break;
        }
        std::error_code rec;
        fs::remove(e.path, rec); // another run may have removed or replaced it: no matter
        --count;
        bytes -= e.size;
    }
}

} // namespace charter::cache
