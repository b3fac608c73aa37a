// A fuzz target that fails on purpose, as the environment variable
// CHARTER_PLANT says, so that scripts/fuzz_selfcheck.sh can show that the
// fuzz runner fails CI on each kind of finding:
//   crash    a trap on the first input
//   leak     memory never freed
//   oom      more memory than the runner's limit
//   timeout  an input that never ends
//   report   a sanitizer-style report on standard error, no artifact, exit 0
//   exit     the process ends with status 3 without any report
//   flaky    the first input hangs, and creates the file CHARTER_PLANT_MARK
//            names; once it exists, every input is quick: a timeout that
//            does not happen again when its input is replayed alone, as when
//            a busy machine starved the fuzzer of CPU
// Unset or anything else: a target that never fails.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string_view>
#include <thread>

namespace {

std::string_view plant() {
    const char* p = std::getenv("CHARTER_PLANT");
    return p ? p : "";
}

volatile char* g_sink;

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    (void)data;
    (void)size;
    std::string_view p = plant();
    if (p == "crash") {
        __builtin_trap();
    }
    if (p == "leak") {
        g_sink = static_cast<char*>(std::malloc(1024));
        g_sink[0] = 1;
        g_sink = nullptr;
    }
    if (p == "oom") {
        std::size_t n = std::size_t{1} << 31;
        g_sink = static_cast<char*>(std::malloc(n));
        if (g_sink) {
            std::memset(const_cast<char*>(g_sink), 1, n);
        }
    }
    if (p == "timeout") {
        for (;;) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    }
    if (p == "flaky") {
        const char* mark = std::getenv("CHARTER_PLANT_MARK");
        if (mark && !std::filesystem::exists(mark)) {
            std::ofstream{mark} << "hung once\n";
            for (;;) {
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
            }
        }
    }
    if (p == "report") {
        static bool once = false;
        if (!once) {
            once = true;
            std::fprintf(stderr, "==1==ERROR: AddressSanitizer: planted report without artifact\n");
        }
    }
    if (p == "exit") {
        std::exit(3);
    }
    return 0;
}
