// The JSON Schema (draft-07) generated from the table in table.cpp.
#include <map>

#include "schema/schema.hpp"

namespace charter::schema {

namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kIdPattern = "^[a-z0-9][a-z0-9-]*$";
constexpr const char* kDecimalPattern = "^[0-9]+(_[0-9]+)*(\\.[0-9]+)?$";

Json scalar_schema(const Type& t) {
    switch (t.scalar) {
    case ScalarKind::Text:
        return {{"type", {"string", "number", "boolean"}}};
    case ScalarKind::Id:
        // a plain all-digit id reads as an integer in YAML
        return {{"anyOf",
                 {{{"type", "string"}, {"pattern", kIdPattern}, {"maxLength", 64}},
                  {{"type", "integer"}, {"minimum", 0}}}}};
    case ScalarKind::Date:
        return {{"type", "string"}, {"pattern", "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}};
    case ScalarKind::Duration:
        return {{"type", "string"}, {"pattern", "^[0-9]+[dwmy]$"}};
    case ScalarKind::Money:
    case ScalarKind::Decimal:
        return {{"anyOf",
                 {{{"type", "number"}, {"minimum", 0}},
                  {{"type", "string"}, {"pattern", kDecimalPattern}}}}};
    case ScalarKind::Ratio:
        return {{"anyOf",
                 {{{"type", "number"}, {"minimum", 0}, {"maximum", 1}},
                  {{"type", "string"},
                   {"pattern",
                    "^([0-9]+(_[0-9]+)*(\\.[0-9]+)?%?|[0-9]+(_[0-9]+)*/[0-9]+(_[0-9]+)*)$"}}}}};
    case ScalarKind::Formula:
        return {{"type", {"string", "number"}}};
    case ScalarKind::Bool:
        return {{"type", "boolean"}};
    case ScalarKind::Integer:
        return {{"type", "integer"}, {"minimum", t.minimum}};
    case ScalarKind::Currency:
        return {{"type", "string"}, {"pattern", "^[A-Z]{3}$"}};
    case ScalarKind::Period:
        return {{"anyOf",
                 {{{"type", "string"},
                   {"pattern", "^[0-9]{4}(-(H[12]|Q[1-4]|[0-9]{2}(-[0-9]{2})?))?$"}},
                  {{"type", "integer"}, {"minimum", 1000}, {"maximum", 9999}}}}};
    case ScalarKind::Enum:
        return {{"enum", t.words}};
    case ScalarKind::Version:
        return {{"const", 1}};
    }
    return Json::object();
}

/// A default written as YAML text, as the JSON value an editor would insert.
Json default_json(const Type& t, const std::string& text) {
    bool boolean = t.kind == Kind::Scalar && t.scalar == ScalarKind::Bool;
    if (boolean) {
        return text == "true";
    }
    return text;
}

class Generator {
  public:
    Json definitions = Json::object();

    Json ref_or_inline(const Type& t) {
        if (t.def_name.empty()) {
            return build(t);
        }
        if (!m_done.count(t.def_name)) {
            m_done[t.def_name] = true;
            Json body = build(t);
            definitions[t.def_name] = std::move(body);
        }
        return {{"$ref", "#/definitions/" + t.def_name}};
    }

    Json build(const Type& t) {
        switch (t.kind) {
        case Kind::Scalar: {
            Json j = scalar_schema(t);
            if (!t.description.empty()) {
                j["description"] = t.description;
            }
            return j;
        }
        case Kind::List: {
            Json j = {{"type", "array"}, {"items", ref_or_inline(*t.item)}};
            if (t.min_items > 0) {
                j["minItems"] = t.min_items;
            }
            return j;
        }
        case Kind::Map:
            return {{"type", "object"},
                    {"propertyNames", {{"pattern", kIdPattern}, {"maxLength", 64}}},
                    {"additionalProperties", ref_or_inline(*t.value)}};
        case Kind::Union: {
            Json alts = Json::array();
            for (const Type* a : t.alternatives) {
                alts.push_back(ref_or_inline(*a));
            }
            return {{"anyOf", alts}};
        }
        case Kind::Object:
            return object(t);
        }
        return Json::object();
    }

  private:
    Json object(const Type& t) {
        Json j = {{"type", "object"}};
        if (!t.description.empty()) {
            j["description"] = t.description;
        }
        Json props = Json::object();
        Json required = Json::array();
        for (const auto& f : t.fields) {
            Json p = ref_or_inline(*f.type);
            if (!f.description.empty()) {
                p["description"] = f.description;
            }
            if (!f.default_value.empty()) {
                p["default"] = default_json(*f.type, f.default_value);
            }
            props[f.name] = std::move(p);
            if (f.required) {
                required.push_back(f.name);
            }
        }
        j["properties"] = std::move(props);
        if (!required.empty()) {
            j["required"] = std::move(required);
        }
        j["patternProperties"] = {{"^x-", Json::object()}};
        j["additionalProperties"] = false;
        Json all_of = Json::array();
        for (const auto& constraint : t.one_of) {
            Json branches = Json::array();
            for (std::size_t a = 0; a < constraint.size(); ++a) {
                Json others = Json::array();
                for (std::size_t b = 0; b < constraint.size(); ++b) {
                    if (b != a) {
                        for (const auto& k : constraint[b]) {
                            others.push_back({{"required", {k}}});
                        }
                    }
                }
                branches.push_back({{"required", constraint[a]}, {"not", {{"anyOf", others}}}});
            }
            all_of.push_back({{"oneOf", branches}});
        }
        if (all_of.size() == 1) {
            j["oneOf"] = all_of[0]["oneOf"];
        } else if (!all_of.empty()) {
            j["allOf"] = std::move(all_of);
        }
        if (!t.needs.empty()) {
            Json deps = Json::object();
            for (const auto& [k, needed] : t.needs) {
                deps[k] = {needed};
            }
            j["dependencies"] = std::move(deps);
        }
        return j;
    }

    std::map<std::string, bool> m_done;
};

} // namespace

nlohmann::ordered_json json_schema() {
    Generator g;
    Json body = g.build(charter_type());
    Json j = {{"$schema", "http://json-schema.org/draft-07/schema#"}, {"title", "charter"}};
    for (auto& [k, v] : body.items()) {
        j[k] = v;
    }
    j["definitions"] = std::move(g.definitions);
    return j;
}

std::string json_schema_text() {
    return json_schema().dump(2) + "\n";
}

} // namespace charter::schema
