#include "load.hpp"

#include <sstream>

#include "api/internal.hpp"
#include "common.hpp"
#include "report/report.hpp"
#include "util/atomic_file.hpp"

namespace charter::cmd {

std::optional<model::Charter> load_charter(const std::string& path, int& status,
                                           std::ostream& err) {
    auto text = api::read_charter(path, std::cin);
    if (!text) {
        err << "charter: " << text.error().message << '\n';
        status = kFailure;
        return std::nullopt;
    }
    auto source = std::make_shared<const Source>(path, std::move(*text));
    auto charter = api::prepare(source);
    if (!charter) {
        const Error& e = charter.error();
        report::Options o;
        o.quiet = true;
        report::write_text(err, {FileReport{path, source, e.diagnostics}}, o);
        err << "charter: " << e.message << "; fix them first (charter validate " << path << ")\n";
        status = e.kind == ErrorKind::NotYaml ? kFailure : kFindings;
        return std::nullopt;
    }
    return std::move(*charter);
}

std::optional<std::string> output_overwrites(const std::string& output,
                                             const std::vector<std::string>& inputs) {
    if (output.empty() || output == "-") {
        return std::nullopt;
    }
    for (const auto& input : inputs) {
        if (!input.empty() && input != "-" && (input == output || same_file(input, output))) {
            return input;
        }
    }
    return std::nullopt;
}

int emit(const std::string& output, const std::string& text) {
    if (output.empty() || output == "-") {
        std::cout << text;
        std::cout.flush();
        return kOk;
    }
    auto w = write_atomically(output, text);
    if (!w) {
        std::cerr << "charter: " << w.error() << '\n';
        return kFailure;
    }
    return kOk;
}

} // namespace charter::cmd
