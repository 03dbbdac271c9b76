#!/usr/bin/env bash
# Memory of `leakwatch index` on a 5 GB input streamed through stdin: log
# lines, one in a thousand with a distinct email. Peak RSS must not grow
# with the input. Usage: index_memory_bench.sh LEAKWATCH [BYTES]
set -euo pipefail
lw=$1
bytes=${2:-5000000000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$lw" keygen --key "$work/k.key" >/dev/null

generate() {
  python3 - "$bytes" <<'PY'
import sys
target = int(sys.argv[1])
out = sys.stdout.buffer
line = b"2024-05-01 12:00:00 INFO request served path=/api/v1/items status=200 latency_ms=12 agent=curl\n"
block = line * 1000
written = 0
n = 0
while written < target:
    chunk = block + b"2024-05-01 12:00:01 WARN login user=u%09d@example.org\n" % n
    out.write(chunk)
    written += len(chunk)
    n += 1
PY
}

generate | /usr/bin/time -f "%e %U %S %M" -o "$work/time" \
  "$lw" index --db "$work/corpus" --key "$work/k.key" --url bench:stdin - >"$work/summary"
read -r wall user sys rss <"$work/time"
echo "input: $bytes bytes through stdin"
echo "summary: $(cat "$work/summary")"
echo "leakwatch index: ${wall} s wall, ${user} s user, ${sys} s sys, peak RSS $((rss / 1024)) MB"
