#pragma once
// The one description of the charter format's structure.
//
// A table of types and fields, written once in schema.cpp. The structural
// check (check_structure) walks a YAML tree against it, and the JSON Schema
// in schemas/charter.schema.json is generated from it (json_schema), so the
// binary and the schema cannot drift apart.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "diag/diagnostic.hpp"
#include "load/yaml_tree.hpp"

namespace charter::schema {

enum class Kind { Object, List, Map, Scalar, Union };

/// What a scalar must look like.
enum class ScalarKind {
    Text,     ///< any scalar: string, number or boolean
    Id,       ///< [a-z0-9][a-z0-9-]*, at most 64 characters
    Date,     ///< YYYY-MM-DD, a real day
    Duration, ///< 90d, 6w, 18m, 5y
    Money,    ///< exact decimal, not negative, currency's minor-unit digits
    Ratio,    ///< 60%, 0.6, 2/3, in [0, 1]
    Formula,  ///< an expression (checked by the formula module)
    Bool,     ///< true / false
    Integer,  ///< whole number >= minimum
    Decimal,  ///< exact non-negative decimal (fte, months)
    Currency, ///< ISO 4217 code
    Period,   ///< 2026, 2026-H1, 2026-Q4, 2026-03, 2026-03-15
    Enum,     ///< one of `words`
    Version,  ///< the format version: the integer 1
};

struct Type;

struct Field {
    Field(std::string n, const Type* t, bool req, std::string desc, std::string def = {})
        : name(std::move(n)), type(t), required(req), description(std::move(desc)),
          default_value(std::move(def)) {}

    std::string name;
    const Type* type;
    bool required = false;
    std::string description;
    std::string default_value; ///< the value an absent optional key stands for (YAML text)
};

struct Type {
    Kind kind = Kind::Scalar;
    std::string def_name;    ///< name under "definitions" in the JSON Schema; empty: inline
    std::string what;        ///< for messages: "a party", "a date (YYYY-MM-DD)"
    std::string description; ///< for editors

    // Object
    std::vector<Field> fields;
    /// Each constraint lists alternatives; exactly one alternative (all of its
    /// keys) must be present, and no key of another alternative.
    std::vector<std::vector<std::vector<std::string>>> one_of;
    /// key -> the key it needs beside it
    std::vector<std::pair<std::string, std::string>> needs;

    // List
    const Type* item = nullptr;
    int min_items = 0;

    // Map (keys are ids: parties or streams)
    const Type* value = nullptr;

    // Scalar
    ScalarKind scalar = ScalarKind::Text;
    std::vector<std::string> words;
    long long minimum = 0;

    // Union: chosen by the node's kind (scalar, mapping, list), scalars tried in order
    std::vector<const Type*> alternatives;

    /// The fields' names side by side (views of `fields`), so that a look-up
    /// reads one small array; filled once the table is made.
    std::vector<std::string_view> field_names;

    const Field* field(std::string_view name) const;
    /// Position of the field `name` in `fields`; fields.size() when there is none.
    std::size_t field_index(std::string_view name) const;
};

/// The root type: a whole charter.
const Type& charter_type();

/// The JSON Schema (draft-07) generated from the table.
nlohmann::ordered_json json_schema();

/// The generated schema as text, exactly as schemas/charter.schema.json holds it.
std::string json_schema_text();

/// Structural check of a whole charter tree: every finding is a diagnostic.
std::vector<Diagnostic> check_structure(const Tree& tree);

/// Checks of single scalars, shared with the model builder.
bool is_valid_id(std::string_view s);

} // namespace charter::schema
