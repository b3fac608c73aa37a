#pragma once
// The one error type inside the library: what went wrong, how to fix it,
// where, and a kind that code tests (never the words of the message). Every
// layer returns Result<T>, CHARTER_TRY passes a Problem up unchanged, and
// lib/api/ turns it into the public charter::Error (api::to_error).
#include <cstddef>
#include <string>

#include "util/expected.hpp"

namespace charter {

/// A node of a charter's YAML tree (lib/load/yaml_tree.hpp). util may
/// include nothing of the charter's (ARCHITECTURE.md), and a Problem never
/// reads the node: it carries it up to the layers that know the tree and
/// turn it into a line and a charter path.
struct Node;

enum class ProblemKind : unsigned char {
    Number,         ///< a number, amount or ratio does not parse
    Date,           ///< a date, duration or period does not parse
    Syntax,         ///< a formula does not parse (C0602)
    TooLarge,       ///< a formula is too long or nests too deep (C0605)
    UnknownName,    ///< a formula names an unknown variable, function or id (C0603)
    Type,           ///< a formula has a value of the wrong kind or a wrong argument count (C0604)
    DivisionByZero, ///< a formula divides by zero
    Missing,        ///< a value a formula reads has none here (share() without shares)
    NeedsInput,     ///< a value the request must give was not given (a buyout's fair_value)
    Domain,         ///< round() places out of range, clamp() with lo above hi
    Invalid,        ///< an unchecked formula has what check() reports (an unknown function)
    Ledger,         ///< a ledger's header or row is malformed or names an unknown stream
    Compute,        ///< the charter cannot compute this (a run, shares, a buyout price)
    ExitUsage,      ///< an exit request names a bad trigger, party, leaver or date
    Unreadable,     ///< a file or directory could not be read
};

/// The part of an exit request an ExitUsage problem is about.
enum class ExitField : unsigned char { None, Trigger, InvokedBy, Leaver, Notice };

/// Where a problem happened is given by the members its kind uses: formula
/// kinds a byte span of the formula text (and maybe a related one), Ledger
/// a line, Compute and NeedsInput a charter node, Unreadable a path,
/// ExitUsage a field of the request. Every member has an initializer, so
/// `Problem{kind, message, help}` names only what it needs.
struct Problem {
    ProblemKind kind = ProblemKind::Invalid;
    std::string message{}; ///< what is wrong: one sentence, no trailing period
    std::string help{};    ///< how to fix it; may be empty

    std::size_t offset = 0; ///< byte offset into a formula's text
    std::size_t length = 0; ///< byte length there
    /// A second place in the formula that explains the first (the '(' that
    /// is not closed); npos when there is none.
    std::size_t related_offset = std::string::npos;
    std::size_t related_length = 0;
    std::string related_message{};

    int line = 0;               ///< 1-based line of a ledger; 0 when none
    const Node* node = nullptr; ///< the charter element, when the problem is about one
    std::string path{};         ///< the file or directory, as given or as found
    ExitField field = ExitField::None;
    bool missing = false; ///< the field was needed and not given
};

/// A value or the Problem why there is none: what every layer returns.
template <class T> using Result = Expected<T, Problem>;

} // namespace charter
