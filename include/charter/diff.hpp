#pragma once
// The semantic diff of two versions of a charter: values compared by
// meaning, lists matched by id, and the money impact on scenarios and a ledger.
#include <optional>
#include <string>
#include <vector>

#include "charter/error.hpp"
#include "charter/splits.hpp"

namespace charter {

/// A text with the name it is shown under (a path, "a/x.charter.yaml", "HEAD:x").
struct NamedText {
    std::string text;
    std::string name;
};

struct Change {
    std::string path;      ///< charter path: economics.streams[product-sales].steps[royalty].rate
    std::string kind;      ///< added | removed | changed | moved
    std::string area;      ///< parties, contributions, ip, milestones, economics, ..., meta
    std::string old_value; ///< JSON text; empty when added
    std::string new_value; ///< JSON text; empty when removed
    bool cosmetic = false; ///< moves and notes: no change in meaning
};

struct PartyImpact {
    std::string party;
    std::optional<std::string> old_amount, new_amount; ///< absent: not computed on that side
};

struct Impact {
    std::optional<std::string> scenario; ///< a scenario's id, or
    std::optional<std::string> ledger;   ///< the ledger's name
    std::vector<PartyImpact> by_party;
    std::optional<std::string> old_error, new_error; ///< why a side could not be computed
};

struct Diff {
    std::vector<Change> changes;
    std::vector<Impact> impact;
    std::vector<std::string> warnings;
    bool differs = false; ///< anything but cosmetic changes
};

/// Compares two versions; an absent side is an added or deleted charter. A
/// side with validation errors is still compared (with a warning), but one
/// that is not a YAML mapping is ErrorKind::NotYaml; one above
/// kMaxCharterBytes ErrorKind::TooLarge. With a ledger (CSV, as for
/// compute_ledger), its impact is computed on both sides.
Expected<Diff, Error> diff(const std::optional<NamedText>& old_side,
                           const std::optional<NamedText>& new_side,
                           const std::optional<NamedText>& ledger = std::nullopt);

} // namespace charter
