#!/usr/bin/env bash
# The README's first command, after its build: scripts/demo-run.sh runs
# whole with `set -u`, finds the 5 exposed rows of 8 in-house, through the
# blind protocol and through the service, crawls twice, and stops its nginx
# and its server.
# Usage: demo_cli_test.sh LEAKWATCH SOURCE_ROOT
set -uo pipefail
source "$(dirname "$(realpath "$0")")/lib.sh"
lw=$(realpath "$1")
root=$(realpath "$2")
out=$(mktemp)
trap 'rm -f "$out"' EXIT
start=$(date +%s)
env -u DEMO_EXTRA_CONF bash "$root/scripts/demo-run.sh" "$lw" >"$out" 2>&1 || fail "the demo exits 0: $(tail -5 "$out")"
took=$(( $(date +%s) - start ))
[ "$(grep -c '8 rows checked, 5 exposed' "$out")" -eq 3 ] \
  || fail "5 of 8 rows exposed, in-house, blind and remote: $(grep summary "$out")"
grep -q 'endpoint=evaluate elements=24 status=200' "$out" || fail "the demo shows the operator's log"
grep -q '5 items new' "$out" || fail "the first crawl finds the 5 items"
grep -q '2 requests (2 not modified), 0 items new' "$out" || fail "the second crawl sends conditional requests"
grep -q 'The corpus is in' "$out" || fail "the demo says where the corpus is"
corpus=$(sed -n 's/^The corpus is in \(.*\)\/corpus, .*/\1/p' "$out")
[ -n "$corpus" ] && rm -rf "$corpus"
pgrep -f "nginx -p $corpus" >/dev/null && fail "the demo stops its nginx"
pgrep -f "serve --db corpus --key operator.key" >/dev/null && fail "the demo stops its server"
[ "$took" -lt 180 ] || fail "the demo runs in under 3 minutes after the build (took $took s)"
if [ "$failures" -eq 0 ]; then echo "demo: all passed in ${took}s"; exit 0; fi
echo "demo: $failures failure(s)"; exit 1
