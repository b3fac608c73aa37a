#pragma once
// Every reference by id in a charter, walked in one place: the reference
// check and the language server's navigation see the same list.
#include <functional>
#include <string_view>

#include "model/charter.hpp"

namespace charter::model {

/// What an id names.
enum class IdKind { Party, Asset, Milestone, Stream, Step, Trigger, Scenario };

/// Calls `f` for every reference by id written in the charter's keys and
/// values (not inside formulas), section by section in file order.
void visit_refs(const Charter& c, const std::function<void(IdKind, const Ref&)>& f);

/// A word with a meaning of its own where a party is named (all, any,
/// none, leaver, notes): never a party id.
bool is_reserved_word(std::string_view id);

} // namespace charter::model
