#include "calendar.hpp"

#include <algorithm>
#include <atomic>
#include <iostream>
#include <sstream>
#include <thread>

#include "api/internal.hpp"
#include "charter/calendar.hpp"
#include "load.hpp"
#include "report/calendar.hpp"
#include "validate/validate.hpp"

namespace charter::cmd {

CLI::App* setup_calendar(CLI::App& app, CalendarOptions& opts, bool with_options) {
    auto* sub = app.add_subcommand(
        "calendar", "Every dated obligation of the charters: milestones, licenses, term, renewal "
                    "notice, confidentiality");
    if (!with_options) {
        return sub;
    }
    sub->add_option("paths", opts.paths,
                    "Files, or directories searched for *.charter.yaml and *.charter.yml; - reads "
                    "standard input (default: .)")
        ->type_name("PATH");
    sub->add_option("--as-of", opts.as_of,
                    "The day seen as today (YYYY-MM-DD; default: today): what is overdue, and "
                    "where the window starts")
        ->type_name("DATE");
    sub->add_option("--from", opts.from, "First day listed (default: the as-of date)")
        ->type_name("DATE");
    auto* to = sub->add_option("--to", opts.to, "Last day listed, inclusive (default: no end)")
                   ->type_name("DATE");
    sub->add_option("--within", opts.within,
                    "List up to this long after the as-of date (90d, 6w, 3m, 1y)")
        ->type_name("DURATION")
        ->excludes(to);
    sub->add_option("--format", opts.format, "Output format")
        ->type_name("FORMAT")
        ->check(CLI::IsMember({"table", "json", "markdown", "ics"}))
        ->default_str("table");
    sub->add_option("--fail-on", opts.fail_on,
                    "Exit status 1 when a milestone is overdue, or when anything is due in the "
                    "window")
        ->type_name("WHEN")
        ->check(CLI::IsMember({"overdue", "due"}));
    sub->add_option("--remind", opts.remind,
                    "iCalendar: a reminder this long before each item (30d, 2w, 1m)")
        ->type_name("DURATION");
    sub->add_option("-o,--output", opts.output,
                    "Write to this file (atomically) instead of standard output")
        ->type_name("OUT");
    sub->add_option("-j,--jobs", opts.jobs, "Files read in parallel (default: the number of cores)")
        ->type_name("N")
        ->check(CLI::Range(1, 1024));
    return sub;
}

namespace {

int usage(const std::string& message) {
    std::cerr << "charter calendar: " << message << '\n';
    return kFailure;
}

/// Parses the date flags into the window the outputs show; kOk or a usage status.
int read_window(const CalendarOptions& opts, report::CalendarOptions& w) {
    w.as_of = today();
    struct DateFlag {
        const char* name;
        const std::string& text;
        Date* into;
    };
    Date to{};
    for (DateFlag f : {DateFlag{"--as-of", opts.as_of, &w.as_of},
                       DateFlag{"--from", opts.from, &w.from}, DateFlag{"--to", opts.to, &to}}) {
        if (f.text.empty()) {
            continue;
        }
        auto d = parse_date(f.text);
        if (!d) {
            return usage(std::string(f.name) + ": " + d.error().message);
        }
        *f.into = *d;
    }
    if (opts.from.empty()) {
        w.from = w.as_of;
    }
    if (!opts.to.empty()) {
        w.to = to;
    }
    if (!opts.within.empty()) {
        auto d = parse_duration(opts.within);
        if (!d) {
            return usage("--within: " + d.error().message);
        }
        w.to = add(w.as_of, *d);
    }
    if (w.to && *w.to < w.from) {
        return usage("the window ends on " + format_date(*w.to) + ", before it starts on " +
                     format_date(w.from));
    }
    if (!opts.remind.empty()) {
        if (opts.format != "ics") {
            return usage("--remind sets iCalendar reminders: it goes with --format ics");
        }
        auto d = parse_duration(opts.remind);
        if (!d) {
            return usage("--remind: " + d.error().message);
        }
        w.remind = *d;
    }
    return kOk;
}

/// One file's entries in the window, or why it was left out. The window is
/// applied file by file, so that only what is listed is kept.
struct FileEntries {
    std::vector<CalendarEntry> entries;
    std::optional<Error> error;
};

FileEntries entries_of(const std::string& path, const CalendarWindow& window) {
    auto text = api::read_charter(path, std::cin);
    if (!text) {
        return {{}, text.error()};
    }
    auto charter = load(std::move(*text), path);
    if (!charter) {
        return {{}, charter.error()};
    }
    auto entries = calendar_window(calendar_items(*charter), window);
    if (!entries) {
        return {{}, entries.error()};
    }
    return {std::move(*entries), std::nullopt};
}

/// Every file's entries, read and checked on `jobs` threads, in the order of `paths`.
std::vector<FileEntries> read_all(const std::vector<std::string>& paths,
                                  const CalendarWindow& window, int jobs) {
    std::vector<FileEntries> out(paths.size());
    std::atomic<std::size_t> next{0};
    auto work = [&] {
        for (std::size_t i = next++; i < paths.size(); i = next++) {
            out[i] = entries_of(paths[i], window);
        }
    };
    std::vector<std::thread> threads;
    int n = std::min<int>(jobs, static_cast<int>(paths.size()));
    for (int t = 1; t < n; ++t) {
        threads.emplace_back(work);
    }
    work();
    for (auto& t : threads) {
        t.join();
    }
    return out;
}

/// An invalid charter: its first diagnostic, as validate writes it, and that it is left out.
void report_left_out(const std::string& path, const Error& e) {
    if (e.diagnostics.empty()) {
        std::cerr << "charter calendar: " << path << ": " << e.message << "; left out\n";
        return;
    }
    const Diagnostic& d = e.diagnostics.front();
    std::cerr << path << ":" << d.loc.line << ":" << d.loc.column << ": "
              << severity_name(d.severity) << "[" << code_info(d.code).code << "]: " << d.message
              << '\n';
    std::size_t more = e.diagnostics.size() - 1;
    std::cerr << "charter calendar: " << path << " left out"
              << (more > 0
                      ? " (" + std::to_string(more) + " more error" + (more == 1 ? "" : "s") + ")"
                      : std::string())
              << ": charter validate " << path << '\n';
}

bool fails(const std::string& fail_on, const std::vector<CalendarEntry>& entries) {
    if (fail_on == "overdue") {
        return std::any_of(entries.begin(), entries.end(),
                           [](const CalendarEntry& e) { return e.overdue; });
    }
    if (fail_on == "due") {
        // history is not due
        return std::any_of(entries.begin(), entries.end(), [](const CalendarEntry& e) {
            return e.item.kind != CalendarKind::MilestoneAchieved;
        });
    }
    return false;
}

std::string render(const std::string& format, const std::vector<CalendarEntry>& entries,
                   const report::CalendarOptions& w) {
    std::ostringstream out;
    if (format == "json") {
        report::write_calendar_json(out, entries, w);
    } else if (format == "markdown") {
        report::write_calendar_markdown(out, entries, w);
    } else if (format == "ics") {
        report::write_calendar_ics(out, entries, w);
    } else {
        report::write_calendar_table(out, entries, w);
    }
    return out.str();
}

} // namespace

int run_calendar(const CalendarOptions& opts, const Global&) {
    report::CalendarOptions w;
    if (int status = read_window(opts, w); status != kOk) {
        return status;
    }
    PathList paths = collect_paths(opts.paths);
    if (paths.files.empty() && paths.errors.empty()) {
        std::cerr << "charter: no charter files (*.charter.yaml, *.charter.yml) found in "
                  << (opts.paths.empty() ? std::string("'.'") : "the paths given") << '\n';
        return kFailure;
    }
    if (auto input = output_overwrites(opts.output, paths.files)) {
        return usage("-o '" + opts.output + "' would overwrite the input '" + *input +
                     "': write the calendar to another file");
    }
    int jobs = opts.jobs > 0 ? opts.jobs
                             : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));

    CalendarWindow window{format_date(w.as_of), format_date(w.from),
                          w.to ? format_date(*w.to) : std::string()};
    std::vector<CalendarEntry> entries;
    bool unreadable = !paths.errors.empty();
    bool invalid = false;
    for (const auto& e : paths.errors) {
        std::cerr << "charter: " << e.message << '\n';
    }
    std::vector<FileEntries> files = read_all(paths.files, window, jobs);
    for (std::size_t i = 0; i < files.size(); ++i) {
        if (files[i].error) {
            const Error& e = *files[i].error;
            if (e.kind == ErrorKind::Unreadable || e.kind == ErrorKind::TooLarge) {
                std::cerr << "charter: " << e.message << '\n';
                unreadable = true;
            } else {
                report_left_out(paths.files[i], e);
                invalid = true;
            }
            continue;
        }
        std::move(files[i].entries.begin(), files[i].entries.end(), std::back_inserter(entries));
    }
    sort_calendar(entries);
    if (int status = emit(opts.output, render(opts.format, entries, w)); status != kOk) {
        return status;
    }
    if (unreadable) {
        return kFailure;
    }
    return invalid || fails(opts.fail_on, entries) ? kFindings : kOk;
}

} // namespace charter::cmd
