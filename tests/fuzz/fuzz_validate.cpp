// libFuzzer target over load + validate + the text and JSON reports.
// Also linked into fuzz_replay (a plain main) so that every kept input is
// replayed by the ordinary test suite.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "report/report.hpp"
#include "validate/validate.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto source = std::make_shared<const charter::Source>(
        "fuzz.charter.yaml", std::string(reinterpret_cast<const char*>(data), size));
    charter::Validated v = charter::validate_source(source);
    std::ostringstream sink;
    std::vector<charter::FileReport> reports{v.report};
    charter::report::write_text(sink, reports, {});
    charter::report::write_json(sink, reports);
    return 0;
}
