#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <unistd.h>

#include "temp_dir.hpp"
#include "util/atomic_file.hpp"

namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

} // namespace

TEST_SUITE("atomic_file") {
    TEST_CASE("a file is replaced whole and no temporary file is left beside it") {
        TempDir dir;
        fs::path p = dir.path / "out.csv";
        REQUIRE(charter::write_atomically(p.string(), "old\n"));
        REQUIRE(charter::write_atomically(p.string(), "new content\n"));
        CHECK(slurp(p) == "new content\n");
        int entries = 0;
        for (const auto& e : fs::directory_iterator(dir.path)) {
            (void)e;
            ++entries;
        }
        CHECK(entries == 1);
    }

    TEST_CASE("a directory is refused and left alone") {
        TempDir dir;
        auto w = charter::write_atomically(dir.path.string(), "x");
        REQUIRE_FALSE(w);
        CHECK(w.error().find("it is a directory") != std::string::npos);
        CHECK(fs::is_directory(dir.path));
    }

    TEST_CASE("a missing directory is an error naming the path") {
        auto w = charter::write_atomically("/nonexistent-dir/out.csv", "x");
        REQUIRE_FALSE(w);
        CHECK(w.error().find("/nonexistent-dir/out.csv") != std::string::npos);
    }

    TEST_CASE("same_file sees one file under its path, a symbolic link and a hard link") {
        TempDir dir;
        fs::path a = dir.path / "a.charter.yaml";
        fs::path b = dir.path / "b.charter.yaml";
        std::ofstream(a) << "a";
        std::ofstream(b) << "b";
        fs::create_symlink(a, dir.path / "link.csv");
        fs::create_hard_link(a, dir.path / "hard.csv");
        CHECK(charter::same_file(a.string(), a.string()));
        CHECK(charter::same_file(a.string(), (dir.path / "." / "a.charter.yaml").string()));
        CHECK(charter::same_file(a.string(), (dir.path / "link.csv").string()));
        CHECK(charter::same_file(a.string(), (dir.path / "hard.csv").string()));
        CHECK_FALSE(charter::same_file(a.string(), b.string()));
        CHECK_FALSE(charter::same_file(a.string(), (dir.path / "missing.csv").string()));
    }
}
