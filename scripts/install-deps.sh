#!/usr/bin/env bash
# Installs what leakwatch needs to build, test and run its demo, from
# Debian 12's packages. Safe to run again: apt-get skips what is there.
set -euo pipefail

packages=(
  # build
  meson ninja-build pkg-config g++ clang libclang-rt-14-dev
  # libraries
  libsodium-dev libphonenumber-dev libutf8proc-dev nlohmann-json3-dev
  libboost-program-options-dev libxapian-dev libcurl4-openssl-dev libgumbo-dev
  libre2-dev libarchive-dev zlib1g-dev libsqlite3-dev libmicrohttpd-dev libdecaf-dev
  # tests, benchmarks and the demo
  catch2 python3 python3-xapian ripgrep nginx-light xapian-tools librsvg2-bin curl time openssl
  stunnel4
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
