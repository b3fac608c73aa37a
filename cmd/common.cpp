#include "common.hpp"

#include <cstdlib>
#include <ctime>
#include <unistd.h>

namespace charter::cmd {

bool use_color(const Global& g) {
    if (g.color == "always") {
        return true;
    }
    if (g.color == "never") {
        return false;
    }
    return std::getenv("NO_COLOR") == nullptr && isatty(STDOUT_FILENO) == 1;
}

Date today() {
    std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    return Date{local.tm_year + 1900, local.tm_mon + 1, local.tm_mday};
}

} // namespace charter::cmd
