// charter_bench_parse: the floor for `charter validate` on yaml-cpp events.
//
// Reads each charter and runs yaml-cpp's event parser over every document
// with a handler that does nothing: no tree, no checks, no output. A
// validator built on these events cannot be faster than this, so the
// benchmark compares `charter validate` against it (bench/run.sh).
//
//   charter_bench_parse [--jobs N] [--verbose] PATH...
//
// A PATH that is a directory is walked recursively for *.charter.yaml and
// *.charter.yml (as `charter validate` does, hidden directories skipped), so
// 10,000 files need no long argument list. Exit status: 0 when every file
// parsed, 1 when one did not (the error is printed), 2 on bad usage or an
// unreadable file.
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

namespace fs = std::filesystem;

namespace {

/// Counts events so the work cannot be optimised away; nothing else.
class NullHandler : public YAML::EventHandler {
  public:
    void OnDocumentStart(const YAML::Mark&) override { ++m_events; }
    void OnDocumentEnd() override { ++m_events; }
    void OnNull(const YAML::Mark&, YAML::anchor_t) override { ++m_events; }
    void OnAlias(const YAML::Mark&, YAML::anchor_t) override { ++m_events; }
    void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  const std::string&) override {
        ++m_events;
    }
    void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                         YAML::EmitterStyle::value) override {
        ++m_events;
    }
    void OnSequenceEnd() override { ++m_events; }
    void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                    YAML::EmitterStyle::value) override {
        ++m_events;
    }
    void OnMapEnd() override { ++m_events; }

    std::size_t events() const { return m_events; }

  private:
    std::size_t m_events = 0;
};

bool is_charter_name(const fs::path& p) {
    const std::string name = p.filename().string();
    auto ends_with = [&](std::string_view suffix) {
        return name.size() >= suffix.size() &&
               name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    return ends_with(".charter.yaml") || ends_with(".charter.yml");
}

/// Adds the charter files under `root` (or `root` itself when it is a file).
bool collect(const fs::path& root, std::vector<std::string>& out) {
    std::error_code ec;
    if (!fs::is_directory(root, ec)) {
        if (!fs::exists(root, ec)) {
            std::cerr << "charter_bench_parse: " << root.string()
                      << ": no such file or directory\n";
            return false;
        }
        out.push_back(root.string());
        return true;
    }
    fs::recursive_directory_iterator it(root, fs::directory_options::none, ec);
    if (ec) {
        std::cerr << "charter_bench_parse: " << root.string() << ": " << ec.message() << "\n";
        return false;
    }
    for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) {
            std::cerr << "charter_bench_parse: " << root.string() << ": " << ec.message() << "\n";
            return false;
        }
        const fs::path& p = it->path();
        const std::string name = p.filename().string();
        if (it->is_directory(ec) && !name.empty() && name[0] == '.') {
            it.disable_recursion_pending();
            continue;
        }
        if (it->is_regular_file(ec) && is_charter_name(p)) {
            out.push_back(p.string());
        }
    }
    return true;
}

struct Totals {
    std::size_t bytes = 0;
    std::size_t events = 0;
    std::size_t documents = 0;
};

enum class Outcome { Ok, ParseError, ReadError };

Outcome parse_file(const std::string& path, Totals& totals, std::string& message) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        message = path + ": cannot be read";
        return Outcome::ReadError;
    }
    std::ostringstream buf;
    buf << in.rdbuf();
    const std::string text = std::move(buf).str();
    totals.bytes += text.size();

    std::istringstream stream(text);
    NullHandler handler;
    try {
        YAML::Parser parser(stream);
        while (parser.HandleNextDocument(handler)) {
            ++totals.documents;
        }
    } catch (const YAML::Exception& e) {
        message = path + ":" + std::to_string(e.mark.line + 1) + ":" +
                  std::to_string(e.mark.column + 1) + ": " + e.msg;
        return Outcome::ParseError;
    }
    totals.events += handler.events();
    return Outcome::Ok;
}

int usage(const char* error) {
    if (error != nullptr) {
        std::cerr << "charter_bench_parse: " << error << "\n";
    }
    std::cerr << "usage: charter_bench_parse [--jobs N] [--verbose] PATH...\n";
    return 2;
}

} // namespace

int main(int argc, char** argv) {
    unsigned jobs = 1;
    bool verbose = false;
    std::vector<std::string> roots;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--jobs" || arg == "-j") {
            if (i + 1 >= argc) {
                return usage("--jobs needs a number");
            }
            const long n = std::strtol(argv[++i], nullptr, 10);
            if (n < 1 || n > 1024) {
                return usage("--jobs must be between 1 and 1024");
            }
            jobs = static_cast<unsigned>(n);
        } else if (arg == "--verbose" || arg == "-v") {
            verbose = true;
        } else if (arg == "--help" || arg == "-h") {
            usage(nullptr);
            return 0;
        } else if (arg.size() > 1 && arg[0] == '-') {
            return usage(("unknown option " + std::string(arg)).c_str());
        } else {
            roots.emplace_back(arg);
        }
    }
    if (roots.empty()) {
        return usage("no PATH given");
    }

    std::vector<std::string> files;
    for (const auto& root : roots) {
        if (!collect(root, files)) {
            return 2;
        }
    }
    // Same order as `charter validate`, and a path found twice is parsed once.
    std::sort(files.begin(), files.end());
    files.erase(std::unique(files.begin(), files.end()), files.end());

    std::atomic<std::size_t> next{0};
    std::atomic<int> status{0};
    std::mutex out_mutex;
    std::vector<Totals> totals(jobs);
    auto worker = [&](unsigned w) {
        std::string message;
        for (std::size_t i = next++; i < files.size(); i = next++) {
            const Outcome o = parse_file(files[i], totals[w], message);
            if (o != Outcome::Ok) {
                const int code = o == Outcome::ReadError ? 2 : 1;
                int seen = status.load();
                while (seen < code && !status.compare_exchange_weak(seen, code)) {
                }
                std::lock_guard<std::mutex> lock(out_mutex);
                std::cerr << "charter_bench_parse: " << message << "\n";
            }
        }
    };
    if (jobs == 1) {
        worker(0);
    } else {
        std::vector<std::thread> threads;
        threads.reserve(jobs);
        for (unsigned w = 0; w < jobs; ++w) {
            threads.emplace_back(worker, w);
        }
        for (auto& t : threads) {
            t.join();
        }
    }

    if (verbose) {
        Totals sum;
        for (const auto& t : totals) {
            sum.bytes += t.bytes;
            sum.events += t.events;
            sum.documents += t.documents;
        }
        std::cerr << "parsed " << files.size() << " files, " << sum.documents << " documents, "
                  << sum.bytes << " bytes, " << sum.events << " events with " << jobs
                  << " job(s)\n";
    }
    return status.load();
}
