// Loads YAML files with charter's loader (no schema, no checks) and prints,
// per file, one JSON line: the diagnostics and, when it loaded, the tree as
// JSON values under YAML 1.2's core schema. Read by run_suite.py.
//
//     yaml_suite_dump FILE...
#include <charconv>
#include <chrono>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "diag/diagnostic.hpp"
#include "load/yaml_tree.hpp"
#include "util/source.hpp"

namespace {

using nlohmann::json;

json integer(std::string_view s) {
    int base = 10;
    std::string digits(s);
    if (!digits.empty() && digits[0] == '+') {
        digits.erase(0, 1);
    }
    if (digits.size() > 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'o')) {
        base = digits[1] == 'x' ? 16 : 8;
        digits.erase(0, 2);
    }
    long long v = 0;
    auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v, base);
    if (ec != std::errc() || p != digits.data() + digits.size()) {
        return std::string(s); // too large for the comparison: keep the text
    }
    return v;
}

json scalar(const charter::Node& n) {
    using charter::ScalarType;
    switch (n.scalar_type()) {
    case ScalarType::Null:
        return nullptr;
    case ScalarType::Bool:
        return n.value[0] == 't' || n.value[0] == 'T';
    case ScalarType::Int:
        return integer(n.value);
    case ScalarType::Float:
        // the test compares floats as text: not a money path, only a YAML reading
        return json{{"float", std::string(n.value)}};
    case ScalarType::String:
        break;
    }
    return std::string(n.value);
}

json to_json(const charter::Node* n) {
    if (!n || n->is_null()) {
        return nullptr;
    }
    if (n->is_scalar()) {
        return scalar(*n);
    }
    if (n->is_sequence()) {
        json a = json::array();
        for (const auto* item : n->items) {
            a.push_back(to_json(item));
        }
        return a;
    }
    json o = json::object();
    for (const auto& e : n->entries) {
        std::string key(e.key && e.key->is_scalar() ? e.key->value : std::string_view());
        o[key] = to_json(e.value);
    }
    return o;
}

json dump(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto source = std::make_shared<charter::Source>(path, std::move(text));
    auto start = std::chrono::steady_clock::now();
    charter::LoadResult r = charter::load_yaml(source);
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::steady_clock::now() - start)
                  .count();
    json out = {{"file", path}, {"ms", ms}, {"diagnostics", json::array()}};
    for (const auto& d : r.diagnostics) {
        out["diagnostics"].push_back({{"code", std::string(charter::code_info(d.code).code)},
                                      {"line", d.loc.line},
                                      {"column", d.loc.column},
                                      {"message", d.message}});
    }
    if (r.tree) {
        out["tree"] = to_json(r.tree->root);
    }
    return out;
}

} // namespace

int main(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        std::cout << dump(argv[i]).dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
    }
    return 0;
}
