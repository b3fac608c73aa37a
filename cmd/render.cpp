#include "render.hpp"

#include <iostream>

#include "api/internal.hpp"
#include "charter/render.hpp"
#include "load.hpp"
#include "report/report.hpp"

namespace charter::cmd {

CLI::App* setup_render(CLI::App& app, RenderOptions& opts, bool with_options) {
    auto* sub = app.add_subcommand(
        "render", "The charter as a document people read: HTML with pictures, or Markdown");
    if (!with_options) {
        return sub;
    }
    sub->add_option("file", opts.file, "The charter (- for standard input)")
        ->type_name("FILE")
        ->required();
    sub->add_option("--format", opts.format, "Output format")
        ->type_name("FORMAT")
        ->check(CLI::IsMember({"html", "markdown"}))
        ->default_str("html");
    sub->add_option("--on", opts.on,
                    "The day the document is seen from: the exit matrix serves notice on it, "
                    "milestones due before it are overdue (YYYY-MM-DD; default: today)")
        ->type_name("DATE");
    sub->add_option("-o,--output", opts.output,
                    "Write to this file (atomically) instead of standard output")
        ->type_name("OUT");
    return sub;
}

int run_render(const RenderOptions& opts, const Global& global) {
    (void)global;
    if (auto clash = output_overwrites(opts.output, {opts.file})) {
        std::cerr << "charter render: -o " << opts.output << " would overwrite the charter '"
                  << *clash << "'\n";
        return kFailure;
    }
    auto text = api::read_charter(opts.file, std::cin);
    if (!text) {
        std::cerr << "charter: " << text.error().message << '\n';
        return kFailure;
    }
    charter::RenderOptions ro;
    ro.format = opts.format == "markdown" ? RenderFormat::Markdown : RenderFormat::Html;
    ro.on = opts.on.empty() ? format_date(today()) : opts.on;
    auto source_text = *text;
    auto rendered = render_document(std::move(*text), opts.file, ro);
    if (!rendered) {
        const Error& e = rendered.error();
        if (e.kind == ErrorKind::Request) {
            std::cerr << "charter render: --on: " << e.message << '\n';
            return kFailure;
        }
        if (!e.diagnostics.empty()) {
            auto source = std::make_shared<const Source>(opts.file, std::move(source_text));
            report::Options o;
            o.quiet = true;
            report::write_text(std::cerr, {FileReport{opts.file, source, e.diagnostics}}, o);
        }
        std::cerr << "charter: " << e.message << '\n';
        return kFailure;
    }
    int status = emit(opts.output, rendered->document);
    if (status != kOk) {
        return status;
    }
    if (rendered->errors > 0) {
        std::cerr << "charter render: " << opts.file << " has " << rendered->errors
                  << " error(s), shown at the top of the document"
                  << (rendered->computed ? "" : "; scenarios and exits were not computed") << "\n";
        return kFindings;
    }
    return kOk;
}

} // namespace charter::cmd
