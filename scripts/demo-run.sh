#!/usr/bin/env bash
# The demo itself, with a built leakwatch (scripts/demo.sh builds it; the
# test suite runs this too). Usage: demo-run.sh LEAKWATCH
set -euo pipefail
lw=$(realpath "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
demo=$(mktemp -d /tmp/leakwatch-demo-XXXXXX)
source "$root/scripts/demo-site.sh"
serve_pid=
trap '[ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null; demo_site_stop' EXIT
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

step "the same check through the operator's service, as an institution runs it (check --remote)"
"$lw" clients add demo-hospital --quota 1000/day --state serve-state > api.key 2>/dev/null
chmod 600 api.key
"$lw" serve --db corpus --key operator.key --state serve-state --listen 127.0.0.1:0 2> serve.log &
serve_pid=$!
for _ in $(seq 100); do grep -q "listening on" serve.log && break; sleep 0.05; done
url=$(grep -o 'http://[^ ]*' serve.log | head -1)
echo "operator: leakwatch serve on $url; institution: an API key and the public key"
"$lw" check --remote "$url" --api-key-file api.key --pubkey "$pubkey" \
  --records "$root/seeds/demo/patients.csv" | tail -6 || true
echo "operator's log (no identifier, no token):"
grep -o 'endpoint=[a-z]* elements=[0-9]* status=[0-9]*' serve.log | sed 's/^/  /'
kill "$serve_pid" && wait "$serve_pid" 2>/dev/null || true
serve_pid=

step "second crawl: conditional requests, nothing new fetched"
"$lw" crawl --db corpus --key operator.key --seeds seeds --contact demo@example.org

echo
echo "The corpus is in $demo/corpus, the key in $demo/operator.key."
echo "Try: $lw search --help, $lw crawl --check-seeds --seeds $demo/seeds, $lw --help"
