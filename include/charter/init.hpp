#pragma once
// A commented starting charter (`charter init`): every section present, with
// realistic placeholders, valid under `validate --strict`, and one scenario
// whose `expect` was computed from the charter itself.
#include <string>
#include <vector>

#include "charter/error.hpp"
#include "charter/expected.hpp"

namespace charter {

struct InitOptions {
    /// joint-development | strategic-alliance | joint-venture | university
    std::string kind = "joint-development";
    /// Party ids (at least 2); empty: two placeholder parties.
    std::vector<std::string> parties;
    std::string currency = "USD"; ///< an ISO 4217 code
    /// "YYYY-MM-DD": the effective date; every other date follows from it.
    /// Required: the library has no clock.
    std::string effective;
};

/// The kinds init_charter knows, in the order `charter init --help` lists them.
std::vector<std::string> init_kinds();

/// The charter's text. ErrorKind::Request for an unknown kind or currency,
/// a malformed date, fewer than two parties, or a party id that is
/// malformed, reserved or repeated.
Expected<std::string, Error> init_charter(const InitOptions& options);

} // namespace charter
