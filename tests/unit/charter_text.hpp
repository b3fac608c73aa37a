#pragma once
// A charter built from YAML text in a unit test, the way validate builds it
// (load_yaml, then build_charter), without touching the disk.
#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <string_view>

#include "diag/diagnostic.hpp"
#include "load/yaml_tree.hpp"
#include "model/charter.hpp"
#include "schema/schema.hpp"
#include "util/source.hpp"

/// Whether the text must pass the structural check too.
enum class Structure { MustPass, MayFail };

/// The charter of `text`, which must load as YAML without a finding. With
/// Structure::MustPass it must also pass the structural check, so that what a
/// test sees afterwards comes from the model and the semantic checks alone.
inline charter::model::Charter charter_from_text(std::string text,
                                                 Structure structure = Structure::MustPass) {
    auto loaded = charter::load_yaml(
        std::make_shared<const charter::Source>("t.charter.yaml", std::move(text)));
    for (const auto& d : loaded.diagnostics) {
        FAIL_CHECK("the test's YAML does not load: " << d.message);
    }
    REQUIRE(loaded.tree);
    if (structure == Structure::MustPass) {
        for (const auto& d : charter::schema::check_structure(*loaded.tree)) {
            INFO(d.path << ": " << d.message);
            CHECK(d.severity != charter::Severity::Error);
        }
    }
    return charter::model::build_charter(loaded.tree);
}

/// Where `needle` starts in `text` (its `nth` occurrence), as a 1-based line
/// and column: the place a test expects a diagnostic to point at. ASCII only.
struct TextPos {
    int line = 0;
    int column = 0;
};

inline TextPos pos_of(std::string_view text, std::string_view needle, int nth = 0) {
    std::size_t at = text.find(needle);
    for (int i = 0; i < nth && at != std::string_view::npos; ++i) {
        at = text.find(needle, at + 1);
    }
    REQUIRE_MESSAGE(at != std::string_view::npos, "'" << needle << "' is not in the text");
    TextPos p{1, 1};
    for (std::size_t i = 0; i < at; ++i) {
        if (text[i] == '\n') {
            ++p.line;
            p.column = 1;
        } else {
            ++p.column;
        }
    }
    return p;
}
