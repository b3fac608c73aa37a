#include <doctest/doctest.h>

#include <set>

#include "diag/diagnostic.hpp"

TEST_SUITE("diag") {
    TEST_CASE("every registered code is unique and well-formed") {
        std::set<std::string_view> codes, names;
        for (const auto& info : charter::all_codes()) {
            CHECK(info.code.size() == 5);
            CHECK(info.code[0] == 'C');
            CHECK(codes.insert(info.code).second);
            CHECK(names.insert(info.name).second);
            CHECK(!info.summary.empty());
            CHECK(&charter::code_info(info.id) == &info);
        }
    }
}
