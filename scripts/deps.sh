#!/usr/bin/env bash
# Installs the Debian packages charter needs to build, test and benchmark.
# Only what is missing is installed; run as root (or with sudo available).
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libcli11-dev libyaml-cpp-dev libfmt-dev doctest-dev libgmp-dev nlohmann-json3-dev
  libutf8proc-dev                                 # display width of characters (text carets)
  nettle-dev                                      # SHA-256 for validate's result cache
  python3 python3-yaml nodejs node-ajv node-js-yaml   # golden runner, property tests, JSON Schema check
  python3-icalendar khal                          # charter calendar: iCalendar read back and imported
  chromium python3-html5lib libxml2-utils poppler-utils   # charter render: parsed, loaded, printed to PDF
  clang libclang-rt-14-dev                        # libFuzzer
  clang-format                                    # the format check of scripts/test.sh
  hyperfine time                                  # benchmarks (bench/scale.sh uses GNU time)
  python3-jsonschema                              # bench/compare.sh: python-jsonschema as a peer (with python3-yaml)
  neovim                                          # charter lsp: the real-editor test (tests/lsp/)
  bash-completion zsh fish                        # charter completions: each shell loads them (tests/completions/)
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
echo "installing: ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
