#include "lsp.hpp"

#include <iostream>

#include "lsp/server.hpp"

namespace charter::cmd {

CLI::App* setup_lsp(CLI::App& app, bool with_options) {
    auto* sub = app.add_subcommand(
        "lsp", "Language server (LSP 3.17) on standard input and output, for editors");
    if (!with_options) {
        return sub;
    }
    // editors' generic clients often pass --stdio; it is the only transport
    sub->add_flag("--stdio")->description(
        "Use standard input and output (the default and only transport)");
    return sub;
}

int run_lsp() {
    // LSP: 0 after `shutdown` then `exit`, 1 when the client went away without shutdown
    return lsp::serve(std::cin, std::cout, today()) == 0 ? kOk : kFindings;
}

} // namespace charter::cmd
