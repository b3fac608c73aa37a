// libFuzzer target over formulas: the bytes are a formula's text, parsed,
// checked in a waterfall step's context and evaluated against a small fixed
// Env. Besides crashes and sanitizer reports, it traps when the printed form
// of a formula does not parse back to the same tree (within the limits), and
// when an error's offsets point outside the text.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "formula/formula.hpp"
#include "num/number.hpp"

namespace {

using charter::formula::Lookup;

/// The values a formula reads in a waterfall step, fixed so that a crash
/// replays: revenue, prior_revenue and pool as money, two parties, two
/// earlier steps (one paid nothing, so `x / paid(@fee)` divides by zero).
class FuzzEnv final : public charter::formula::Env {
  public:
    Lookup variable(std::string_view name) const override {
        if (name == "revenue") {
            return mpq_class(1'400'000);
        }
        if (name == "prior_revenue") {
            return mpq_class(800'000);
        }
        if (name == "pool") {
            return mpq_class(130'600'025, 100);
        }
        return charter::unexpected(charter::formula::no_value("no such variable"));
    }
    Lookup contributed(std::string_view party) const override {
        if (party == "acme") {
            return mpq_class(450'000);
        }
        if (party == "globex") {
            return mpq_class(500'000);
        }
        return charter::unexpected(charter::formula::no_value("no such party"));
    }
    Lookup share(std::string_view party) const override {
        if (party == "acme") {
            return mpq_class(88, 133);
        }
        if (party == "globex") {
            return mpq_class(45, 133);
        }
        return charter::unexpected(charter::formula::no_value("no such party"));
    }
    Lookup paid(std::string_view step) const override {
        if (step == "recoup-costs") {
            return mpq_class(750'000);
        }
        if (step == "fee") {
            return mpq_class(0);
        }
        return charter::unexpected(charter::formula::no_value("no such step"));
    }
    mpq_class round(const mpq_class& x, int places) const override {
        return charter::num::round_to(x, places, charter::num::Rounding::HalfEven);
    }
    int minor_digits() const override { return 2; }
};

void require(bool ok) {
    if (!ok) {
        __builtin_trap();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto parsed = charter::formula::parse(text);
    if (!parsed) {
        require(parsed.error().offset <= text.size());
        require(parsed.error().offset + parsed.error().length <= text.size());
        return 0;
    }
    const auto& f = *parsed;
    auto context = charter::formula::waterfall_context({"acme", "globex"}, {"recoup-costs", "fee"},
                                                       {"residual"});
    for (const auto& e : charter::formula::check(f, context)) {
        require(e.offset + e.length <= text.size());
    }
    FuzzEnv env;
    auto value = charter::formula::evaluate(f, env);
    if (value) {
        (void)charter::formula::format_number(*value);
    }
    // The normalised text is a formula with the same tree (what diff relies on).
    std::string printed = charter::formula::to_string(f);
    auto again = charter::formula::parse(printed);
    if (!again) {
        // Normalised spacing can make a formula near the limits longer or
        // deeper than they allow; anything else is a printer bug.
        require(again.error().kind == charter::ProblemKind::TooLarge);
        return 0;
    }
    require(charter::formula::same_tree(f, *again));
    return 0;
}
