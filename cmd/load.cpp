#include "load.hpp"

#include <sstream>

#include "common.hpp"
#include "report/report.hpp"
#include "util/atomic_file.hpp"
#include "validate/validate.hpp"

namespace charter::cmd {

std::optional<model::Charter> load_charter(const std::string& path, int& status,
                                           std::ostream& err) {
    auto read = read_input(path, LoadLimits{}.max_bytes, std::cin);
    if (!read) {
        err << "charter: " << read.error() << '\n';
        status = kFailure;
        return std::nullopt;
    }
    if (read->too_large) {
        err << "charter: '" << path << "' " << read->over_limit(LoadLimits{}.max_bytes)
            << ": too large for a charter\n";
        status = kFailure;
        return std::nullopt;
    }
    // scenarios and exits are what the computing commands compute themselves
    Validated v = validate_source(std::make_shared<const Source>(path, std::move(read->text)),
                                  {.scenarios = false, .exits = false});
    FileReport blocking;
    blocking.path = v.report.path;
    blocking.source = v.report.source;
    for (auto& d : v.report.diagnostics) {
        if (d.severity == Severity::Error) {
            blocking.diagnostics.push_back(std::move(d));
        }
    }
    if (!blocking.diagnostics.empty()) {
        report::Options o;
        o.quiet = true;
        report::write_text(err, {blocking}, o);
        bool yaml_broken = !v.charter;
        err << "charter: '" << path << "' "
            << (yaml_broken ? "cannot be read as YAML" : "has errors")
            << "; fix them first (charter validate " << path << ")\n";
        status = yaml_broken ? kFailure : kFindings;
        return std::nullopt;
    }
    return std::move(v.charter);
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
