// The code registry against the error catalogue, the man page and the schema.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "diag/diagnostic.hpp"
#include "schema/schema.hpp"

namespace {

std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

const std::filesystem::path kRoot = CHARTER_SOURCE_DIR;

} // namespace

TEST_SUITE("registry") {
    TEST_CASE("every diagnostic code has a reproducer in the error catalogue that shows it") {
        for (const auto& info : charter::all_codes()) {
            std::string code(info.code);
            auto expected = kRoot / "tests" / "errors" / (code + ".expected");
            INFO("code " << code);
            REQUIRE(std::filesystem::exists(expected));
            CHECK(slurp(expected).find("[" + code + "]") != std::string::npos);
        }
    }

    TEST_CASE("charter-validate(1) lists every diagnostic code with its name") {
        std::string man = slurp(kRoot / "man" / "charter-validate.1");
        REQUIRE(!man.empty());
        for (const auto& info : charter::all_codes()) {
            std::string name(info.name);
            std::string escaped;
            for (char c : name) {
                escaped += c == '-' ? std::string("\\-") : std::string(1, c);
            }
            INFO("code " << info.code);
            CHECK(man.find(std::string(info.code)) != std::string::npos);
            CHECK((man.find(escaped) != std::string::npos || man.find(name) != std::string::npos));
        }
    }

    TEST_CASE("the checked-in JSON Schema is the one the binary generates") {
        std::string file = slurp(kRoot / "schemas" / "charter.schema.json");
        CHECK(file == charter::schema::json_schema_text());
    }
}
