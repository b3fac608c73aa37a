// charter_bench_stages: where `charter validate --jobs 1` spends its time,
// stage by stage, beside the bare parse of the same texts.
//
//   charter_bench_stages [--rounds N] PATH...
//
// PATHs are walked as `charter validate` walks them (*.charter.yaml and
// *.charter.yml). Each round takes the files 64 at a time, in one thread,
// and makes two passes over each group: what charter_bench_parse does with
// a file (read it, copy it into a stream, the bare yaml-cpp event parse
// with a handler that does nothing), then what `charter validate --jobs 1
// --no-cache` does, stage by stage: read (the file into a Source), load
// (the events into the tree, with the strict checks), structure, model,
// semantic checks, scenarios, exit check, and freeing what the file left.
// Each stage is timed with the monotonic clock (the thread's CPU clock is a
// system call of about 2 µs in a virtual machine, more than a small stage);
// the share of the passes' time the thread really ran is printed, so that a
// busy machine shows. The passes are separate, a group at a time, so that
// each runs with the caches its command would have, and both see the
// machine at the same speed.
//
// Prints, per stage, the median over the rounds of its total, its cost a
// file, and its share of the bare parse (its reading included, as in
// charter_bench_parse; that part is printed too). Exit status: 0, or 1 when a file
// did not validate without errors (its figures would be of another path
// through the code), 2 on bad usage or an unreadable file.
#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <istream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include "check/semantic.hpp"
#include "diag/diagnostic.hpp"
#include "load/yaml_tree.hpp"
#include "model/charter.hpp"
#include "schema/schema.hpp"
#include "validate/computed.hpp"
#include "validate/validate.hpp"

namespace {

using namespace charter;

/// Files parsed bare, then validated, at a time: a few tens of
/// milliseconds, so that both see the machine at the same speed (a shared
/// host changes speed over seconds), and enough files that each pass runs
/// with the caches its own command would have.
constexpr std::size_t kChunk = 64;

enum Stage { Parse, Read, Load, Structure, Model, Semantic, Scenarios, Exits, Free, kStages };
constexpr std::array<std::string_view, kStages> kNames = {
    "bare parse", "read", "load", "structure", "model", "semantic", "scenarios", "exits", "free"};

/// CPU time of this thread, in seconds: a system call here (about 2 µs in
/// a virtual machine), so it is read around each pass only.
double thread_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

/// The monotonic clock, in seconds: read without a system call (about
/// 60 ns), so the stages are timed with it.
double now_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

class NullHandler final : public YAML::EventHandler {
  public:
    void OnDocumentStart(const YAML::Mark&) override {}
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
    void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
    void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  const std::string&) override {}
    void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                         YAML::EmitterStyle::value) override {}
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                    YAML::EmitterStyle::value) override {}
    void OnMapEnd() override {}
};

/// What charter_bench_parse does with a file: read it, copy it into a
/// stream, parse it with a handler that does nothing. Returns the time the
/// reading and copying took.
double bare_parse(const std::string& path) {
    const double start = now_seconds();
    std::ifstream file(path, std::ios::binary);
    std::ostringstream buf;
    buf << file.rdbuf();
    const std::string text = std::move(buf).str();
    std::istringstream in(text);
    const double read = now_seconds() - start;
    NullHandler handler;
    try {
        YAML::Parser parser(in);
        while (parser.HandleNextDocument(handler)) {
        }
    } catch (const YAML::Exception&) {
        // the stages report it: the file then counts as not clean
    }
    return read;
}

int count_errors(const std::vector<Diagnostic>& diags) {
    FileReport r;
    r.diagnostics = diags;
    return r.errors();
}

/// What validate does with a file, stage by stage as validate_file and
/// validate_source run them, adding each one's time to `t`. Returns the
/// number of errors found.
int stages(const std::string& path, std::array<double, kStages>& t) {
    double at = now_seconds();
    auto lap = [&](Stage s) {
        double now = now_seconds();
        t[s] += now - at;
        at = now;
    };
    int errors = 0;
    {
        auto read = read_input(path, LoadLimits{}.max_bytes, std::cin);
        if (!read) {
            return 1;
        }
        auto source = std::make_shared<const Source>(path, std::move(read->text));
        lap(Read);
        LoadResult loaded = load_yaml(source);
        lap(Load);
        errors += count_errors(loaded.diagnostics);
        std::optional<model::Charter> charter;
        if (loaded.tree) {
            auto structure = schema::check_structure(*loaded.tree);
            lap(Structure);
            errors += count_errors(structure);
            if (loaded.tree->root->is_mapping()) {
                charter = model::build_charter(loaded.tree);
                lap(Model);
                auto meaning = check::check_semantics(*charter);
                lap(Semantic);
                errors += count_errors(meaning);
                if (errors == 0) {
                    auto scenarios = check::check_scenarios(*charter);
                    lap(Scenarios);
                    auto exits = check::check_exit_simulations(*charter);
                    lap(Exits);
                    errors += count_errors(scenarios) + count_errors(exits);
                }
            }
        }
        at = now_seconds(); // counting the errors is not a stage
    }
    lap(Free);
    return errors;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2];
}

int usage(const char* error) {
    if (error != nullptr) {
        std::cerr << "charter_bench_stages: " << error << "\n";
    }
    std::cerr << "usage: charter_bench_stages [--rounds N] PATH...\n";
    return 2;
}

} // namespace

int main(int argc, char** argv) {
    int rounds = 3;
    std::vector<std::string> args;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--rounds") {
            if (i + 1 >= argc) {
                return usage("--rounds needs a number");
            }
            rounds = std::atoi(argv[++i]);
            if (rounds < 1 || rounds > 100) {
                return usage("--rounds must be between 1 and 100");
            }
        } else if (arg == "--help" || arg == "-h") {
            usage(nullptr);
            return 0;
        } else if (arg.size() > 1 && arg[0] == '-') {
            return usage(fmt::format("unknown option {}", arg).c_str());
        } else {
            args.emplace_back(arg);
        }
    }
    if (args.empty()) {
        return usage("no PATH given");
    }
    PathList paths = collect_paths(args);
    if (!paths.errors.empty()) {
        std::cerr << "charter_bench_stages: " << paths.errors.front().message << "\n";
        return 2;
    }
    std::size_t bytes = 0;
    for (const auto& path : paths.files) {
        auto read = read_input(path, LoadLimits{}.max_bytes, std::cin);
        if (!read || read->too_large) {
            std::cerr << "charter_bench_stages: " << path << ": cannot be read whole\n";
            return 2;
        }
        bytes += read->text.size();
    }
    const std::vector<std::string>& files = paths.files;
    if (files.empty()) {
        return usage("no charter files found");
    }

    std::array<std::vector<double>, kStages> totals;
    std::vector<double> bare_reads;
    std::size_t unclean = 0;
    double cpu = 0, wall = 0;
    for (int r = 0; r < rounds; ++r) {
        std::array<double, kStages> t{};
        double bare_read = 0;
        double cpu_start = thread_seconds();
        double start = now_seconds();
        unclean = 0;
        for (std::size_t first = 0; first < files.size(); first += kChunk) {
            const std::size_t last = std::min(files.size(), first + kChunk);
            double parse_start = now_seconds();
            for (std::size_t i = first; i < last; ++i) {
                bare_read += bare_parse(files[i]);
            }
            t[Parse] += now_seconds() - parse_start;
            for (std::size_t i = first; i < last; ++i) {
                unclean += stages(files[i], t) != 0 ? 1 : 0;
            }
        }
        cpu += thread_seconds() - cpu_start;
        wall += now_seconds() - start;
        for (int k = 0; k < kStages; ++k) {
            totals[k].push_back(t[k]);
        }
        bare_reads.push_back(bare_read);
    }

    const double count = static_cast<double>(files.size());
    const double parse = median(totals[Parse]);
    fmt::print("{} files, {:.1f} MB; median of {} rounds, one thread; it ran {:.1f}% of the "
               "time{}\n\n",
               files.size(), static_cast<double>(bytes) / 1e6, rounds, 100 * cpu / wall,
               cpu / wall < 0.97 ? " (others took the rest: the figures are high)" : "");
    fmt::print("{:<12} {:>10} {:>10} {:>9}\n", "stage", "total", "a file", "x parse");
    double all = 0;
    for (int k = 0; k < kStages; ++k) {
        double m = median(totals[k]);
        all += k == Parse ? 0 : m;
        fmt::print("{:<12} {:>8.3f} s {:>7.1f} us {:>9.3f}\n", kNames[k], m, m / count * 1e6,
                   m / parse);
    }
    fmt::print("{:<12} {:>8.3f} s {:>7.1f} us {:>9.3f}\n", "all stages", all, all / count * 1e6,
               all / parse);
    fmt::print("{:<12} {:>8.3f} s {:>7.1f} us {:>9.3f}\n", "beyond parse", all - parse,
               (all - parse) / count * 1e6, (all - parse) / parse);
    const double bare_read = median(bare_reads);
    fmt::print("\nthe bare parse's own reading and copying: {:.3f} s, {:.1f} us a file, {:.3f}\n",
               bare_read, bare_read / count * 1e6, bare_read / parse);
    if (unclean != 0) {
        std::cerr << "charter_bench_stages: " << unclean
                  << " file(s) had errors: their stages took another path\n";
        return 1;
    }
    return 0;
}
