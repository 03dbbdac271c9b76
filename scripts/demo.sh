#!/usr/bin/env bash
# The newcomer's first command. Today: installs, builds, finds identifiers
# in a synthetic dump, creates a key and a corpus, indexes the dump and shows
# what the corpus holds. The full demo (crawl the bundled demo site on
# loopback, then check a patient list in-house and through the blind
# protocol) grows with the crawler and search.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
[ -d build ] || meson setup build >/dev/null
ninja -C build cli/leakwatch bench/gen_paste >/dev/null
lw=./build/cli/leakwatch
demo=$(mktemp -d /tmp/leakwatch-demo-XXXXXX)
./build/bench/gen_paste 200000 7 > "$demo/paste.txt"

echo "== identifiers in a synthetic 200 kB paste (redacted):"
{ "$lw" extract "$demo/paste.txt" || true; } | head -12
echo "..."
"$lw" extract --count "$demo/paste.txt"

echo
echo "== a key (mode 0600) and a corpus holding only tokens:"
"$lw" keygen --key "$demo/operator.key" >/dev/null
"$lw" index --db "$demo/corpus" --key "$demo/operator.key" --site demo "$demo/paste.txt"
"$lw" stats --db "$demo/corpus"

echo
echo "The corpus is in $demo/corpus, the key in $demo/operator.key."
echo "Next: '$lw token --key $demo/operator.key --kind email someone@example.org',"
echo "      '$lw --help'."
