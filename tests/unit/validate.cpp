#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <streambuf>
#include <string>
#include <vector>

#include <unistd.h>

#include "temp_dir.hpp"
#include "validate/validate.hpp"

namespace fs = std::filesystem;
using charter::FileOutcome;

namespace {

/// A stream that never ends (as /dev/zero), counting what was taken from it.
class EndlessBuf : public std::streambuf {
  public:
    std::size_t taken = 0;

  protected:
    int_type underflow() override {
        setg(m_block, m_block, m_block + sizeof m_block);
        taken += sizeof m_block;
        return traits_type::to_int_type(m_block[0]);
    }

  private:
    char m_block[4096] = {};
};

const char* kValid = R"(charter: 1
id: small-jda
title: Small joint development
kind: joint-development
effective: 2026-01-15
term: {length: 5y}
currency: USD
parties:
  - {id: acme, name: Acme Robotics Inc.}
  - {id: globex, name: Globex GmbH}
exit:
  triggers:
    - {id: convenience, cause: convenience, invoked_by: any, leaver: invoker, foreground: keep}
)";

void write(const fs::path& p, const std::string& text) {
    std::ofstream out(p, std::ios::binary);
    out << text;
}

} // namespace

TEST_SUITE("validate") {
    TEST_CASE("an endless stream is read one byte past the limit and no further") {
        EndlessBuf buf;
        std::istream in(&buf);
        auto r = charter::read_input("-", 100000, in);
        REQUIRE(r);
        CHECK(r->too_large);
        CHECK_FALSE(r->size_known);
        CHECK(r->text.empty());
        CHECK(buf.taken < 100000 + 2 * 4096);
        CHECK(r->over_limit(100000) ==
              "goes on past the limit of 100000 bytes, where reading stopped");
        CHECK(r->over_limit(8u << 20) ==
              "goes on past the limit of 8388608 bytes (8 MiB), where reading stopped");
    }

    TEST_CASE("a stream at the limit exactly is read whole; one byte more is too large") {
        std::istringstream at(std::string(1000, 'x'));
        auto r = charter::read_input("-", 1000, at);
        REQUIRE(r);
        CHECK_FALSE(r->too_large);
        CHECK(r->text.size() == 1000);
        std::istringstream over(std::string(1001, 'x'));
        auto o = charter::read_input("-", 1000, over);
        REQUIRE(o);
        CHECK(o->too_large);
    }

    TEST_CASE("a regular file over the limit is reported with its size, unread") {
        TempDir dir;
        write(dir.path / "big.charter.yaml", std::string(5000, '#'));
        std::istringstream none;
        auto r = charter::read_input((dir.path / "big.charter.yaml").string(), 4096, none);
        REQUIRE(r);
        CHECK(r->too_large);
        CHECK(r->size_known);
        CHECK(r->size == 5000);
        CHECK(r->over_limit(4096) == "is 5000 bytes, above the limit of 4096 bytes");
    }

    TEST_CASE("a file that cannot be read is an error naming it") {
        std::istringstream none;
        auto r = charter::read_input("/nonexistent/x.charter.yaml", 4096, none);
        REQUIRE_FALSE(r);
        CHECK(r.error().message.find("/nonexistent/x.charter.yaml") != std::string::npos);
    }

    TEST_CASE("files come back in the order given, whatever the number of jobs") {
        TempDir dir;
        std::vector<std::string> paths;
        for (int i = 0; i < 40; ++i) {
            auto p = dir.path / ("c" + std::to_string(i) + ".charter.yaml");
            // every third file is broken, so that outcomes differ
            write(p, i % 3 == 0 ? std::string("charter: [") : std::string(kValid));
            paths.push_back(p.string());
        }
        paths.push_back((dir.path / "missing.charter.yaml").string());
        for (int jobs : {1, 2, 7}) {
            std::vector<std::string> seen;
            int errors = 0;
            std::istringstream none;
            charter::validate_files(paths, jobs, none, [&](FileOutcome&& o) {
                if (o) {
                    seen.push_back(o->path);
                    errors += o->errors();
                } else {
                    seen.push_back("read error: " + o.error().message);
                }
            });
            REQUIRE(seen.size() == paths.size());
            for (std::size_t i = 0; i + 1 < paths.size(); ++i) {
                CHECK(seen[i] == paths[i]);
            }
            CHECK(seen.back().rfind("read error: ", 0) == 0);
            CHECK(errors >= 14);
        }
    }

    TEST_CASE("no file is read more than the reorder window ahead of the one handed out") {
        // When file i is handed out, every file past i + window is still
        // unread: rewriting one then must show in its report. Without the
        // window, the workers would have raced through all of them.
        TempDir dir;
        const int jobs = 2;
        const std::size_t window = static_cast<std::size_t>(charter::reorder_window(jobs));
        const std::size_t n = 6 * window;
        std::vector<std::string> paths;
        for (std::size_t i = 0; i < n; ++i) {
            auto p = dir.path / ("c" + std::to_string(1000 + i) + ".charter.yaml");
            write(p, kValid);
            paths.push_back(p.string());
        }
        std::vector<int> errors(n, -1);
        std::size_t handed = 0;
        std::istringstream none;
        charter::validate_files(paths, jobs, none, [&](FileOutcome&& o) {
            REQUIRE(o);
            errors[handed] = o->errors();
            std::size_t ahead = handed + window + 1;
            if (ahead < n) {
                write(paths[ahead], "charter: [");
            }
            ++handed;
            usleep(2000); // a slow reader of the report: workers would run ahead
        });
        REQUIRE(handed == n);
        for (std::size_t i = 0; i <= window; ++i) {
            CHECK(errors[i] == 0);
        }
        for (std::size_t i = window + 1; i < n; ++i) {
            CHECK_MESSAGE(errors[i] > 0, "file ", i, " was read before it was rewritten");
        }
    }
}
