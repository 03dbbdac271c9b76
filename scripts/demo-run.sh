#!/usr/bin/env bash
# The demo itself, with a built leakwatch (scripts/demo.sh builds it; the
# test suite runs this too). Usage: demo-run.sh LEAKWATCH
set -euo pipefail
lw=$(realpath "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
demo=$(mktemp -d /tmp/leakwatch-demo-XXXXXX)
source "$root/scripts/demo-site.sh"
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
"$lw" crawl --db corpus --key operator.key --seeds seeds --contact demo@example.org

echo
echo "The corpus is in $demo/corpus, the key in $demo/operator.key."
echo "Try: $lw search --help, $lw crawl --check-seeds --seeds $demo/seeds, $lw --help"
