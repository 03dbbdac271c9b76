#!/usr/bin/env bash
# The newcomer's first command. Today: installs, builds, and runs
# `leakwatch extract` on a synthetic sample. The full demo (crawl the bundled
# demo site on loopback, index, check) grows with the crawler and corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
[ -d build ] || meson setup build -Dtests=disabled >/dev/null
ninja -C build cli/leakwatch bench/gen_paste >/dev/null
sample=$(mktemp -d)/sample.txt
./build/bench/gen_paste 20000 7 > "$sample"
echo "== identifiers in a synthetic 20 kB paste (redacted):"
./build/cli/leakwatch extract "$sample" | head -20
echo "..."
echo "== counts:"
./build/cli/leakwatch extract --count "$sample"
rm -rf "$(dirname "$sample")"
echo
echo "Next: 'build/cli/leakwatch extract --help'."
