#!/usr/bin/env bash
# One command from a fresh Debian machine: install what is needed, build
# charter (release), and validate the examples with it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DCHARTER_TESTS=OFF >/dev/null
ninja -C build-release -j2 charter
echo "+ build-release/charter validate examples/"
build-release/charter validate examples/
