#pragma once
// The semantic diff of two charters (charter-diff(1), WHAT IS COMPARED): values compared
// by meaning on the normalised charter, keyed lists matched by id, and the
// money impact of the change on scenarios and ledgers.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "compute/waterfall.hpp"
#include "load/yaml_tree.hpp"
#include "model/charter.hpp"

namespace charter::compare {

/// One version of a charter: absent (an added or deleted file), or a tree
/// with its model when the YAML loaded.
struct Side {
    std::string name;                      ///< as shown: a path or REV:PATH
    std::shared_ptr<const Tree> tree;      ///< null: the file does not exist on this side
    std::optional<model::Charter> charter; ///< built when the tree is a mapping
    int errors = 0;                        ///< validation errors (diffed structurally anyway)
};

struct Change {
    std::string path;
    std::string kind; ///< added | removed | changed | moved
    std::string area; ///< parties, contributions, ip, ..., meta
    nlohmann::ordered_json old_value;
    nlohmann::ordered_json new_value;
    bool cosmetic = false; ///< moves and notes: shown with --verbose, never exit status 1
};

struct PartyImpact {
    std::string party;
    std::optional<num::Rational> old_amount, new_amount;
};

struct Impact {
    std::optional<std::string> scenario;
    std::optional<std::string> ledger;
    std::vector<PartyImpact> by_party;
    std::optional<std::string> old_error, new_error; ///< a side that could not be computed
};

struct DiffResult {
    std::vector<Change> changes;
    std::vector<Impact> impact;
    std::vector<std::string> warnings;
    int minor_digits = 2;

    /// Whether anything but cosmetic changes was found (exit status 1).
    bool differs() const;
};

/// Compares two versions. `ledger_text` (with its name) adds a ledger impact.
DiffResult diff_charters(const Side& old_side, const Side& new_side,
                         const std::string* ledger_name = nullptr,
                         const std::string* ledger_text = nullptr);

} // namespace charter::compare
