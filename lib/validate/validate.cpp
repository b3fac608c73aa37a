#include "validate/validate.hpp"

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "cache/cache.hpp"
#include "check/semantic.hpp"
#include "load/yaml_tree.hpp"
#include "schema/schema.hpp"
#include "validate/computed.hpp"

namespace charter {

namespace fs = std::filesystem;

namespace {

/// One mistake, one diagnostic: a word that is not a value of its key
/// (`split: share`, C0104, "did you mean 'shares'?") is not also an unknown
/// reference (C03xx) at the same place.
void drop_echoes(const std::vector<Diagnostic>& structure, std::vector<Diagnostic>& meaning) {
    std::set<std::pair<int, int>> bad_words;
    for (const auto& d : structure) {
        if (d.code == Code::BadEnum) {
            bad_words.emplace(d.loc.line, d.loc.column);
        }
    }
    if (bad_words.empty()) {
        return;
    }
    std::erase_if(meaning, [&](const Diagnostic& d) {
        return code_info(d.code).code.substr(0, 3) == "C03" &&
               bad_words.count({d.loc.line, d.loc.column}) != 0;
    });
}

} // namespace

Validated validate_source(std::shared_ptr<const Source> source, ComputedChecks computed) {
    Validated v;
    v.report.path = source->name();
    v.report.source = source;
    LoadResult loaded = load_yaml(source);
    v.report.diagnostics = std::move(loaded.diagnostics);
    if (loaded.tree) {
        auto structure = schema::check_structure(*loaded.tree);
        v.report.diagnostics.insert(v.report.diagnostics.end(), structure.begin(), structure.end());
        if (loaded.tree->root->is_mapping()) {
            v.charter = model::build_charter(loaded.tree);
            auto meaning = check::check_semantics(*v.charter);
            drop_echoes(structure, meaning);
            v.report.diagnostics.insert(v.report.diagnostics.end(), meaning.begin(), meaning.end());
            // scenarios are computed only on a charter without errors: on a
            // broken one their results would be noise
            if (v.report.errors() == 0) {
                if (computed.scenarios) {
                    auto scenarios = check::check_scenarios(*v.charter);
                    v.report.diagnostics.insert(v.report.diagnostics.end(), scenarios.begin(),
                                                scenarios.end());
                }
                if (computed.exits) {
                    auto exits = check::check_exit_simulations(*v.charter);
                    v.report.diagnostics.insert(v.report.diagnostics.end(), exits.begin(),
                                                exits.end());
                }
            }
        }
    }
    sort_diagnostics(v.report.diagnostics);
    return v;
}

namespace {

bool is_charter_name(const fs::path& p) {
    std::string name = p.filename().string();
    auto ends = [&](std::string_view suffix) {
        return name.size() > suffix.size() &&
               name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    return ends(".charter.yaml") || ends(".charter.yml");
}

std::string join(const std::string& dir, const fs::path& rel) {
    if (dir.empty() || dir == ".") {
        return rel.generic_string();
    }
    std::string out = dir;
    if (out.back() != '/') {
        out += '/';
    }
    return out + rel.generic_string();
}

struct Found {
    std::string shown; ///< as printed
    std::string key;   ///< the real file, to check each once
};

/// An Unreadable problem about `path`.
Problem unreadable(const std::string& path, std::string message) {
    Problem p{ProblemKind::Unreadable, std::move(message), {}};
    p.path = path;
    return p;
}

void walk(const std::string& arg, PathList& out, std::vector<Found>& found) {
    std::error_code ec;
    // the real name of a file found here is the walked folder's real name
    // joined with the file's place in it (the walk follows no symbolic link to
    // a folder): one look-up for the folder, not one per file (a warm cache
    // answers a file in less time than resolving its name took)
    std::error_code root_ec;
    const fs::path root = fs::weakly_canonical(arg, root_ec);
    fs::recursive_directory_iterator it(arg, fs::directory_options::skip_permission_denied, ec);
    if (ec) {
        out.errors.push_back(
            unreadable(arg, fmt::format("cannot read directory '{}': {}", arg, ec.message())));
        return;
    }
    for (auto end = fs::recursive_directory_iterator(); it != end; it.increment(ec)) {
        if (ec) {
            out.errors.push_back(unreadable(
                arg, fmt::format("cannot read directory in '{}': {}", arg, ec.message())));
            ec.clear();
            break;
        }
        const auto& entry = *it;
        std::string name = entry.path().filename().string();
        std::error_code sec;
        bool is_link = entry.is_symlink(sec);
        if (entry.is_directory(sec)) {
            if (is_link || (!name.empty() && name[0] == '.')) {
                it.disable_recursion_pending();
            }
            continue;
        }
        if (!is_charter_name(entry.path()) || !entry.is_regular_file(sec)) {
            continue;
        }
        fs::path rel = entry.path().lexically_relative(arg);
        std::string shown = join(arg, rel);
        std::string key = is_link || root_ec ? fs::weakly_canonical(entry.path(), sec).string()
                                             : (root / rel).string();
        found.push_back(Found{shown, sec ? shown : key});
    }
}

} // namespace

PathList collect_paths(const std::vector<std::string>& args) {
    PathList out;
    std::vector<Found> found;
    std::vector<std::string> list = args.empty() ? std::vector<std::string>{"."} : args;
    for (const auto& arg : list) {
        if (arg == "-") {
            found.push_back(Found{"-", "-"});
            continue;
        }
        std::error_code ec;
        auto st = fs::status(arg, ec);
        if (ec || !fs::exists(st)) {
            out.errors.push_back(
                unreadable(arg, fmt::format("cannot read '{}': {}", arg,
                                            ec ? ec.message() : "No such file or directory")));
            continue;
        }
        if (fs::is_directory(st)) {
            walk(arg, out, found);
            continue;
        }
        std::string key = fs::weakly_canonical(arg, ec).string();
        found.push_back(Found{arg, ec ? arg : key});
    }
    // a file reached twice (a symbolic link, two overlapping arguments) is
    // checked once, under the first of its names in sorted order
    std::sort(found.begin(), found.end(),
              [](const Found& a, const Found& b) { return a.shown < b.shown; });
    std::set<std::string> seen;
    for (auto& f : found) {
        if (seen.insert(f.key).second) {
            out.files.push_back(std::move(f.shown));
        }
    }
    return out;
}

std::string ReadResult::over_limit(std::size_t limit) const {
    std::string shown = limit % (1u << 20) == 0
                            ? fmt::format("{} bytes ({} MiB)", limit, limit >> 20)
                            : fmt::format("{} bytes", limit);
    return size_known ? fmt::format("is {} bytes, above the limit of {}", size, shown)
                      : fmt::format("goes on past the limit of {}, where reading stopped", shown);
}

namespace {

/// Reads into `r.text` until the end or past `limit`: never more than
/// limit + 1 bytes, so that /dev/zero, /dev/urandom or an endless pipe
/// behind a charter's name is not read to its end. `hint` (a file's size,
/// or 0) plus the byte that shows it did not grow is read at once, straight
/// into the text; the rest a chunk at a time. `read_some(p, n)` returns the
/// bytes read, 0 at the end, or -1 with errno set. False on an error.
template <class ReadSome>
bool read_all(ReadResult& r, std::size_t limit, std::size_t hint, ReadSome read_some) {
    std::size_t chunk = std::min<std::size_t>(hint + 1, 64 * 1024);
    for (;;) {
        const std::size_t had = r.text.size();
        const std::size_t want = std::min(std::max<std::size_t>(chunk, 4096), limit + 1 - had);
        r.text.resize(had + want);
        const auto got = read_some(r.text.data() + had, want);
        if (got < 0) {
            r.text.resize(had);
            return false;
        }
        r.text.resize(had + static_cast<std::size_t>(got));
        if (got == 0 || r.text.size() > limit) {
            break;
        }
        chunk = 64 * 1024;
    }
    r.size = r.text.size();
    if (r.size > limit) {
        r.too_large = true;
        r.size_known = false;
        r.text.clear();
        r.text.shrink_to_fit();
    }
    return true;
}

} // namespace

Result<ReadResult> read_input(const std::string& path, std::size_t limit,
                              std::istream& stdin_stream) {
    ReadResult r;
    if (path == "-") {
        read_all(r, limit, 0, [&](char* p, std::size_t n) -> std::streamsize {
            stdin_stream.read(p, static_cast<std::streamsize>(n));
            return stdin_stream.gcount(); // 0 once the stream ended or failed
        });
        return r;
    }
    // A file is read with the system's calls: one open, its size from the
    // open descriptor. A stream and a size looked up by name cost a charter
    // about 1 µs more (bench/README.md).
    auto failed = [&path](int error) {
        return unexpected(unreadable(path, fmt::format("cannot read '{}': {}", path,
                                                       std::generic_category().message(error))));
    };
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return failed(errno);
    }
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    struct stat st {};
    std::size_t hint = 0;
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
        const auto size = static_cast<std::size_t>(st.st_size);
        if (size > limit) {
            r.too_large = true;
            r.size = size;
            return r;
        }
        hint = size;
    }
    const bool ok = read_all(r, limit, hint, [fd](char* p, std::size_t n) {
        ssize_t got = ::read(fd, p, n);
        while (got < 0 && errno == EINTR) {
            got = ::read(fd, p, n);
        }
        return got;
    });
    if (!ok) {
        return failed(errno);
    }
    return r;
}

namespace {

/// The words for what changes a result besides the file and the program:
/// the computed checks that ran.
std::string cache_options(ComputedChecks computed) {
    std::string out = "checks:";
    out += computed.scenarios ? " scenarios" : "";
    out += computed.exits ? " exits" : "";
    return out;
}

FileOutcome validate_file(const std::string& path, std::istream& stdin_stream,
                          cache::Store* cache) {
    const std::size_t limit = LoadLimits{}.max_bytes;
    CHARTER_TRY(auto read, read_input(path, limit, stdin_stream));
    if (read.too_large) {
        FileReport fr;
        fr.path = path;
        fr.diagnostics.push_back(
            make_diagnostic(Code::FileTooLarge, {}, "",
                            fmt::format("file {}; it was not parsed", read.over_limit(limit)),
                            "split the agreement or remove embedded data"));
        return fr;
    }
    if (cache == nullptr || path == "-") {
        auto source = std::make_shared<const Source>(path, std::move(read.text));
        return std::move(validate_source(source).report);
    }
    const ComputedChecks computed{};
    cache::Lookup found = cache->find(path, cache_options(computed), read.text);
    if (found.diagnostics) {
        FileReport fr;
        fr.path = path;
        fr.diagnostics = std::move(*found.diagnostics);
        if (!fr.diagnostics.empty()) {
            // the text report shows the lines the diagnostics point at
            fr.source = std::make_shared<const Source>(path, std::move(read.text));
        }
        return fr;
    }
    auto source = std::make_shared<const Source>(path, std::move(read.text));
    FileReport fr = std::move(validate_source(source, computed).report);
    cache->put(found, fr.diagnostics);
    return fr;
}

} // namespace

int reorder_window(int jobs) {
    return 4 * std::max(1, jobs);
}

void validate_files(const std::vector<std::string>& paths, int jobs, std::istream& stdin_stream,
                    const std::function<void(FileOutcome&&)>& done, cache::Store* cache) {
    int workers = std::max(1, std::min<int>(jobs, static_cast<int>(paths.size())));
    if (workers == 1) {
        for (const auto& path : paths) {
            done(validate_file(path, stdin_stream, cache));
        }
        return;
    }
    // The calling thread is one of the `workers`: between two files of its
    // own it hands out, in order, every outcome that is ready, and it sleeps
    // only when it has nothing else to do. Files are taken in order, never
    // more than `window` ahead of the next one to hand out. (With a thread
    // that only handed out, every file woke it: on a warm cache, where a file
    // takes microseconds, that cost more than the files.)
    const std::size_t window = static_cast<std::size_t>(reorder_window(jobs));
    const std::size_t n = paths.size();
    std::vector<std::optional<FileOutcome>> slots(window);
    std::mutex mutex;
    std::condition_variable taken;   // a file went to `done`: the window moved
    std::condition_variable settled; // the outcome `done` waits for is there
    std::size_t next = 0;            // the next file to take
    std::size_t handed = 0;          // files handed to `done` so far
    auto run = [&](std::unique_lock<std::mutex>& lock) {
        std::size_t i = next++;
        lock.unlock();
        FileOutcome outcome = validate_file(paths[i], stdin_stream, cache);
        lock.lock();
        slots[i % window].emplace(std::move(outcome));
        if (i == handed) {
            settled.notify_one();
        }
    };
    auto worker = [&] {
        std::unique_lock lock(mutex);
        while (true) {
            taken.wait(lock, [&] { return next >= n || next < handed + window; });
            if (next >= n) {
                return;
            }
            run(lock);
        }
    };
    std::vector<std::thread> threads;
    for (int t = 1; t < workers; ++t) {
        threads.emplace_back(worker);
    }
    std::unique_lock lock(mutex);
    while (handed < n) {
        auto& slot = slots[handed % window];
        if (slot) {
            FileOutcome outcome = std::move(*slot);
            slot.reset();
            ++handed;
            taken.notify_all();
            lock.unlock();
            done(std::move(outcome));
            lock.lock();
        } else if (next < n && next < handed + window) {
            run(lock);
        } else {
            settled.wait(lock, [&] { return slot.has_value(); });
        }
    }
    lock.unlock();
    for (auto& t : threads) {
        t.join();
    }
}

} // namespace charter
