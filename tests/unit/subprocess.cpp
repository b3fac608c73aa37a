// run_process (lib/util/subprocess.hpp) on real programs: what it captures,
// the exit status, arguments passed as they are (never through a shell),
// the output limit, and the errors it returns instead of throwing.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "temp_dir.hpp"
#include "util/subprocess.hpp"

using charter::ProcessResult;
using charter::run_process;

namespace {

constexpr std::size_t kLimit = 1u << 20;

/// Runs a program that must start.
ProcessResult run(const std::vector<std::string>& argv, std::size_t limit = kLimit) {
    auto r = run_process(argv, limit);
    REQUIRE_MESSAGE(r, "cannot run " << argv[0] << ": " << r.error());
    return *r;
}

/// Runs `script` with /bin/sh.
ProcessResult sh(const std::string& script, std::size_t limit = kLimit) {
    return run({"/bin/sh", "-c", script}, limit);
}

} // namespace

TEST_SUITE("subprocess") {
    TEST_CASE("standard output is captured and a clean exit is status 0") {
        auto r = run({"/bin/echo", "hello", "world"});
        CHECK(r.status == 0);
        CHECK(r.out == "hello world\n");
        CHECK(r.err.empty());
        CHECK_FALSE(r.truncated);
    }

    TEST_CASE("the program is looked up on PATH") {
        auto r = run({"sh", "-c", "echo found"});
        CHECK(r.status == 0);
        CHECK(r.out == "found\n");
    }

    TEST_CASE("the exit status comes back as the program gave it") {
        CHECK(sh("exit 3").status == 3);
        CHECK(sh("exit 255").status == 255);
        CHECK(run({"/bin/false"}).status == 1);
    }

    TEST_CASE("standard error is captured apart from standard output") {
        auto r = sh("echo out; echo err >&2; exit 2");
        CHECK(r.status == 2);
        CHECK(r.out == "out\n");
        CHECK(r.err == "err\n");
    }

    TEST_CASE("a program killed by a signal has status 128 + the signal") {
        CHECK(sh("kill -TERM $$").status == 128 + 15);
        CHECK(sh("kill -KILL $$").status == 128 + 9);
    }

    TEST_CASE("arguments are passed literally: spaces, leading dashes, quotes and shell words") {
        std::vector<std::string> args = {
            "/bin/sh",  "-c", "printf '[%s]' \"$@\"", "sh", "a b", "-n", "--x=1 2", "$HOME", "*",
            "'quoted'", "",   "semi;colon | pipe"};
        auto r = run(args);
        CHECK(r.status == 0);
        CHECK(r.out == "[a b][-n][--x=1 2][$HOME][*]['quoted'][][semi;colon | pipe]");
    }

    TEST_CASE("a program name is not split or interpreted by a shell") {
        // with a shell, this would run echo; here it names a program that does not exist
        auto r = run_process({"echo hi"}, kLimit);
        REQUIRE_FALSE(r);
        CHECK(r.error() == "echo hi: No such file or directory");
    }

    TEST_CASE("output with NUL bytes and without a final newline is kept byte for byte") {
        auto r = run({"printf", "a\\000b\\377"});
        CHECK(r.status == 0);
        CHECK(r.out == std::string("a\0b\xff", 4));
    }

    TEST_CASE("standard input is empty, so a program that reads it does not wait") {
        auto r = run({"cat"});
        CHECK(r.status == 0);
        CHECK(r.out.empty());
        CHECK(sh("read line; echo \"status $?\"").out == "status 1\n");
    }

    TEST_CASE("a missing program or an empty argument list is an error, not an exception") {
        auto missing = run_process({"/nonexistent/charter-no-such-program", "x"}, kLimit);
        REQUIRE_FALSE(missing);
        CHECK(missing.error() == "/nonexistent/charter-no-such-program: No such file or directory");

        auto not_on_path = run_process({"charter-no-such-program-on-path"}, kLimit);
        REQUIRE_FALSE(not_on_path);
        CHECK(not_on_path.error().rfind("charter-no-such-program-on-path: ", 0) == 0);

        auto none = run_process({}, kLimit);
        REQUIRE_FALSE(none);
        CHECK(none.error() == "no program to run");
    }

    TEST_CASE("a file that cannot be executed is an error") {
        TempDir dir;
        std::string path = (dir.path / "not-executable").string();
        std::ofstream(path) << "#!/bin/sh\necho ran\n";
        std::filesystem::permissions(path, std::filesystem::perms::owner_read |
                                               std::filesystem::perms::owner_write);
        auto r = run_process({path}, kLimit);
        REQUIRE_FALSE(r);
        CHECK(r.error() == path + ": Permission denied");
    }

    TEST_CASE("large outputs on both streams at once are read without a deadlock") {
        // each stream alone is far larger than a pipe's buffer: a reader that
        // drained one stream before the other would wait for ever
        auto r = sh("i=0; while [ $i -lt 40 ]; do head -c 50000 /dev/zero | tr '\\0' o; "
                    "head -c 50000 /dev/zero | tr '\\0' e >&2; i=$((i + 1)); done",
                    4u << 20);
        CHECK(r.status == 0);
        CHECK(r.out.size() == 2'000'000);
        CHECK(r.out.find_first_not_of('o') == std::string::npos);
        CHECK_FALSE(r.truncated);
        // standard error is kept up to 64 KiB
        CHECK(r.err.size() == 65536);
        CHECK(r.err.find_first_not_of('e') == std::string::npos);
    }

    TEST_CASE("output up to the limit is whole; beyond it, cut at the limit and flagged") {
        auto at = sh("head -c 1000 /dev/zero", 1000);
        CHECK(at.out.size() == 1000);
        CHECK_FALSE(at.truncated);

        auto over = sh("head -c 1001 /dev/zero", 1000);
        CHECK(over.out.size() == 1000);
        CHECK(over.truncated);

        // the rest is read and dropped, so the program finishes and its status is known
        auto big = sh("head -c 3000000 /dev/zero | tr '\\0' x; exit 4", 10);
        CHECK(big.status == 4);
        CHECK(big.out == "xxxxxxxxxx");
        CHECK(big.truncated);

        auto nothing = sh("echo x", 0);
        CHECK(nothing.out.empty());
        CHECK(nothing.truncated);
    }

    TEST_CASE("the limit applies to standard output only, not to standard error") {
        auto r = sh("echo 0123456789 >&2", 4);
        CHECK(r.err == "0123456789\n");
        CHECK(r.out.empty());
        CHECK_FALSE(r.truncated);
    }
}
