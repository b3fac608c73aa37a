#pragma once
// A fresh directory under the system's temporary one, removed at the end of
// the test that made it (for the few unit tests that must touch the disk).
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include <stdlib.h>

struct TempDir {
    std::filesystem::path path;

    TempDir() {
        std::string name =
            (std::filesystem::temp_directory_path() / "charter-unit-XXXXXX").string();
        REQUIRE(mkdtemp(name.data()) != nullptr);
        path = name;
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
};
