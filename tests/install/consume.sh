#!/usr/bin/env bash
# Installs charter from a build directory into a temporary prefix, then
# builds examples/library/ against it twice (CMake's find_package, then
# pkg-config) and checks what each program prints on an example charter.
#   consume.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix

cmake --install "$build" --prefix "$prefix" >/dev/null
for f in include/charter/charter.hpp lib/libcharter.a lib/cmake/charter/charterConfig.cmake \
         lib/cmake/charter/charterConfigVersion.cmake lib/pkgconfig/charter.pc \
         share/bash-completion/completions/charter share/zsh/site-functions/_charter \
         share/fish/vendor_completions.d/charter.fish; do
  test -f "$prefix/$f" || { echo "not installed: $f" >&2; exit 1; }
done
# only the public headers are installed
if find "$prefix/include" -name '*.hpp' | grep -v '/include/charter/' | grep -q .; then
  echo "internal headers were installed" >&2; exit 1
fi

expected=$tmp/expected
cat >"$expected" <<'OUT'
Lithera–Brennwerk Joint Development Agreement for solid-state traction cells (lithera-brennwerk-jda), amounts in USD
warnings: 0
scenario launch-quarter: revenue 18740000.00
  lithera 9921413.04
  brennwerk 8818586.96
  expected lithera 9921413.04: met
  expected brennwerk 8818586.96: met
OUT
charter=$src/examples/joint-development.charter.yaml

echo "-- find_package(charter)"
cmake -S "$src/examples/library" -B "$tmp/with-cmake" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$tmp/with-cmake" >/dev/null
"$tmp/with-cmake/charter-example" "$charter" launch-quarter >"$tmp/out-cmake"
diff -u "$expected" "$tmp/out-cmake"

echo "-- pkg-config charter"
export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
# shellcheck disable=SC2046
c++ -o "$tmp/with-pkg-config" "$src/examples/library/main.cpp" $(pkg-config --cflags --libs charter)
"$tmp/with-pkg-config" "$charter" launch-quarter >"$tmp/out-pkg-config"
diff -u "$expected" "$tmp/out-pkg-config"

echo "-- a scenario that is not there, and a charter with errors"
if "$tmp/with-pkg-config" "$charter" no-such-scenario 2>"$tmp/err"; then
  echo "an unknown scenario passed" >&2; exit 1
fi
grep -q "unknown scenario 'no-such-scenario'" "$tmp/err"
printf 'charter: 1\nid: x\n' >"$tmp/bad.charter.yaml"
if "$tmp/with-pkg-config" "$tmp/bad.charter.yaml" s 2>"$tmp/err"; then
  echo "a charter with errors loaded" >&2; exit 1
fi
grep -q "has errors (invalid)" "$tmp/err"
echo "installed library works with find_package and pkg-config"
