#!/usr/bin/env bash
# The newcomer's first command: installs, builds, then runs the main job on
# the bundled demo site. nginx serves a paste archive and a phpBB-style
# forum holding synthetic leaked dumps on loopback (127.0.0.2, 127.0.0.3);
# leakwatch creates a key and a corpus, crawls the site politely, and a
# bundled synthetic patient list is checked as an institution would: in
# house with `check`, then through the blind protocol. Stops its servers.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
bash scripts/install-deps.sh
[ -d build ] || meson setup build >/dev/null
ninja -C build cli/leakwatch >/dev/null
lw=$root/build/cli/leakwatch
demo=$(mktemp -d /tmp/leakwatch-demo-XXXXXX)
source scripts/demo-site.sh
trap 'demo_site_stop' EXIT
demo_site_start "$demo"
cd "$demo"

step() { printf '\n== %s\n' "$*"; }

step "a key (mode 0600); its public part is what institutions verify"
"$lw" keygen --key operator.key

step "crawl the demo site (robots.txt first, one request at a time per host, 0.2 s apart)"
"$lw" crawl --db corpus --key operator.key --seeds seeds --contact demo@example.org

step "what the corpus holds (tokens only: no identifier in clear)"
"$lw" stats --db corpus

step "in-house check of the hospital's patient list (seeds/demo/patients.csv)"
"$lw" check --db corpus --key operator.key --records "$root/seeds/demo/patients.csv" || true

step "the same check through the blind protocol: the operator never sees a value"
pubkey=$("$lw" pubkey --key operator.key)
"$lw" blind --pubkey "$pubkey" --state institution-state.json \
  --records "$root/seeds/demo/patients.csv" > request.json
echo "institution -> operator: request.json ($(wc -c < request.json) bytes of blinded elements)"
"$lw" evaluate --key operator.key < request.json > response.json
echo "operator -> institution: response.json (evaluated elements and a proof)"
"$lw" unblind --state institution-state.json --records "$root/seeds/demo/patients.csv" \
  < response.json > tokens.tsv
echo "institution: $(wc -l < tokens.tsv) tokens; the search report:"
"$lw" search --db corpus --tokens tokens.tsv | tail -8 || true

step "second crawl: conditional requests, nothing new fetched"
"$lw" crawl --db corpus --key operator.key --seeds seeds --contact demo@example.org -q

echo
echo "The corpus is in $demo/corpus, the key in $demo/operator.key."
echo "Try: $lw search --help, $lw crawl --check-seeds --seeds $demo/seeds, $lw --help"
