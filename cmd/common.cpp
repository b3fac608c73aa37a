#include "common.hpp"

#include <cstdlib>
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

} // namespace charter::cmd
