// libFuzzer target over diff: the bytes are two charters (and optionally a
// ledger) separated by lines holding only "---8<---", compared through the
// public API. Either side may be broken YAML, empty or absent. Besides
// crashes and sanitizer reports, it traps when a side compared with itself
// is said to differ.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "charter/diff.hpp"

namespace {

constexpr std::string_view kCut = "\n---8<---\n";

std::vector<std::string> split(std::string_view in) {
    std::vector<std::string> parts;
    while (parts.size() < 2) {
        std::size_t at = in.find(kCut);
        if (at == std::string_view::npos) {
            break;
        }
        parts.emplace_back(in.substr(0, at));
        in.remove_prefix(at + kCut.size());
    }
    parts.emplace_back(in);
    return parts;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto parts = split(std::string_view(reinterpret_cast<const char*>(data), size));
    std::optional<charter::NamedText> old_side{{parts[0], "old.charter.yaml"}};
    std::optional<charter::NamedText> new_side;
    if (parts.size() > 1) {
        new_side = charter::NamedText{parts[1], "new.charter.yaml"};
    }
    std::optional<charter::NamedText> ledger;
    if (parts.size() > 2) {
        ledger = charter::NamedText{parts[2], "ledger.csv"};
    }
    (void)charter::diff(old_side, new_side, ledger);
    // a side compared with itself differs in nothing
    auto same = charter::diff(old_side, old_side);
    if (same && same->differs) {
        __builtin_trap();
    }
    return 0;
}
