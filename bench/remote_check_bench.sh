#!/usr/bin/env bash
# check --remote against the in-house check on the same corpus and machine
# (issue 20): an AP-HP-shaped list of ROWS rows (4 identifiers a row), a
# corpus holding a dump of every 10th row, `serve` on loopback. Both
# parties' work runs on this one machine, so the remote time is the
# institution's and the operator's work together. Target: remote <= 4x
# in-house. Also the feed snapshot's bytes per distinct corpus token.
# Usage: remote_check_bench.sh LEAKWATCH [ROWS]
set -euo pipefail
lw=$(realpath "$1")
rows=${2:-1400000}
support=$(realpath "$(dirname "$0")/../tests/support")
work=$(mktemp -d)
server=
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
cd "$work"
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY

"$lw" keygen --key op.key >/dev/null
pk=$("$lw" pubkey --key op.key)
python3 "$support/aphp_rows.py" "$rows" 11 > patients.csv
python3 "$support/aphp_rows.py" "$rows" 11 10 3 > dump.csv
"$lw" index --db corpus --key op.key dump.csv >/dev/null 2>&1
(umask 077; "$lw" clients add bench --quota 1000000000/day --state st > api.key 2>/dev/null)
"$lw" serve --db corpus --key op.key --state st --listen 127.0.0.1:0 2>serve.log &
server=$!
for _ in $(seq 100); do grep -q "listening on" serve.log && break; sleep 0.05; done
url=$(grep -o 'http://[^ ]*' serve.log | head -1)

seconds() {  # seconds OUT COMMAND...: wall time of one run, its output in OUT
  local out=$1; shift
  local t0 t1
  t0=$(date +%s.%N)
  "$@" > "$out"
  t1=$(date +%s.%N)
  python3 -c "print($t1 - $t0)"
}
set +e
in_house=$(seconds inhouse.json "$lw" check --db corpus --key op.key --records patients.csv --format json)
remote=$(seconds remote.json "$lw" check --remote "$url" --api-key-file api.key --pubkey "$pk" \
  --records patients.csv --format json)
set -e
cmp -s inhouse.json remote.json || { echo "the reports differ" >&2; exit 1; }
curl -s -H "Authorization: Bearer $(cat api.key)" -o feed.bin "$url/v1/feed"
python3 - "$rows" "$in_house" "$remote" feed.bin inhouse.json <<'PY'
import json, sys
rows, in_house, remote = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
feed = open(sys.argv[4], "rb").read()
n, shift, at = 0, 0, 7  # the prefix count: LEB128 after magic, version, k, P
while True:
    b = feed[at]; n |= (b & 0x7F) << shift; shift += 7; at += 1
    if b < 0x80: break
s = json.load(open(sys.argv[5]))["summary"]
print(f"list: {rows} AP-HP rows, {s['identifiers_checked']} identifiers; {s['rows_exposed']} rows exposed")
print(f"in-house check: {in_house:.1f} s")
print(f"check --remote (both parties on this machine): {remote:.1f} s, {remote / in_house:.2f}x (target <= 4x)")
print(f"feed snapshot: {len(feed)} bytes for {n} distinct token prefixes, {len(feed) / n:.2f} B/token (target <= 3)")
PY
