// libFuzzer target over the exit simulation: the first line of the bytes
// holds the request (notice date, fair value, trigger, invoked by, leaver,
// separated by spaces; any may be missing or wrong), the rest is a charter.
// A charter that loads is simulated for the named trigger and for every
// trigger and party (`exit-sim --all`), through the public API.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>

#include "charter/exit.hpp"
#include "charter/load.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view in(reinterpret_cast<const char*>(data), size);
    std::size_t eol = in.find('\n');
    std::string header(in.substr(0, eol == std::string_view::npos ? in.size() : eol));
    std::string text(eol == std::string_view::npos ? std::string_view{} : in.substr(eol + 1));
    charter::ExitRequest request;
    std::istringstream fields(header);
    fields >> request.notice >> request.fair_value >> request.trigger >> request.invoked_by >>
        request.leaver;
    auto loaded = charter::load(std::move(text), "fuzz.charter.yaml");
    if (!loaded) {
        return 0;
    }
    (void)charter::simulate_exit(*loaded, request);
    (void)charter::simulate_all_exits(*loaded, request);
    return 0;
}
