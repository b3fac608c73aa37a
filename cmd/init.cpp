#include "init.hpp"

#include <filesystem>
#include <iostream>

#include "charter/init.hpp"
#include "load.hpp"

namespace charter::cmd {

CLI::App* setup_init(CLI::App& app, InitOptions& opts, bool with_options) {
    auto* sub = app.add_subcommand(
        "init", "A commented starting charter that validates as written (--strict)");
    if (!with_options) {
        return sub;
    }
    sub->add_option("--kind", opts.kind, "Kind of partnership")
        ->type_name("KIND")
        ->check(CLI::IsMember(init_kinds()))
        ->default_str("joint-development");
    sub->add_option("--parties", opts.parties,
                    "Party ids, comma-separated, at least two (default: two placeholders)")
        ->type_name("IDS");
    sub->add_option("--currency", opts.currency, "ISO 4217 currency code")
        ->type_name("CODE")
        ->default_str("USD");
    sub->add_option("--effective", opts.effective,
                    "The effective date (YYYY-MM-DD; default: the first day of next month)")
        ->type_name("DATE");
    sub->add_option("-o,--output", opts.output,
                    "Write to this new file (never overwritten) instead of standard output")
        ->type_name("OUT");
    return sub;
}

namespace {

std::vector<std::string> split_commas(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t comma = text.find(',', start);
        if (comma == std::string::npos) {
            comma = text.size();
        }
        out.push_back(text.substr(start, comma - start));
        start = comma + 1;
    }
    return out;
}

} // namespace

int run_init(const InitOptions& opts) {
    std::error_code ec;
    if (!opts.output.empty() && opts.output != "-" &&
        (std::filesystem::exists(opts.output, ec) || ec)) {
        std::cerr << "charter init: '" << opts.output
                  << "' already exists: init never overwrites a file\n";
        return kFailure;
    }
    charter::InitOptions io;
    io.kind = opts.kind;
    if (!opts.parties.empty()) {
        io.parties = split_commas(opts.parties);
    }
    io.currency = opts.currency;
    if (opts.effective.empty()) {
        Date t = today();
        io.effective = format_date(add_months(Date{t.year, t.month, 1}, 1));
    } else {
        io.effective = opts.effective;
    }
    auto text = init_charter(io);
    if (!text) {
        std::cerr << "charter init: " << text.error().message << '\n';
        if (!text.error().help.empty()) {
            std::cerr << "  help: " << text.error().help << '\n';
        }
        return kFailure;
    }
    return emit(opts.output, *text);
}

} // namespace charter::cmd
