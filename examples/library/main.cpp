// A program that uses charter as a library: it loads a charter, shows what
// validation found, and prints who gets what in one of its scenarios.
//
//     charter-example FILE SCENARIO
//
// Exit status: 0 when the scenario's expectations hold, 1 when they do not
// or the charter cannot be used, 2 on a usage error.
#include <charter/charter.hpp>

#include <iostream>

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: charter-example FILE SCENARIO\n";
        return 2;
    }
    auto charter = charter::load_file(argv[1]);
    if (!charter) {
        const charter::Error& e = charter.error();
        std::cerr << argv[1] << ": " << e.message << " (" << charter::error_kind_name(e.kind)
                  << ")\n";
        for (const auto& d : e.diagnostics) {
            std::cerr << "  " << d.loc.line << ':' << d.loc.column << ' '
                      << charter::code_info(d.code).code << ' ' << d.message << '\n';
        }
        return 1;
    }
    std::cout << charter->title() << " (" << charter->id() << "), amounts in "
              << charter->currency() << '\n';
    std::cout << "warnings: " << charter->diagnostics().size() << '\n';

    auto splits = charter::compute_scenario(*charter, argv[2]);
    if (!splits) {
        std::cerr << "scenario " << argv[2] << ": " << splits.error().message << '\n';
        return 1;
    }
    std::cout << "scenario " << argv[2] << ": revenue " << splits->revenue << '\n';
    for (const auto& p : splits->by_party) {
        std::cout << "  " << p.party << ' ' << p.amount << '\n';
    }
    bool met = true;
    for (const auto& x : splits->expectations) {
        std::cout << "  expected " << x.party << ' ' << x.expected
                  << (x.met() ? ": met" : ": NOT met") << '\n';
        met = met && x.met();
    }
    return met ? 0 : 1;
}
