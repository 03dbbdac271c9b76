#!/usr/bin/env bash
# leakwatch extract --count against ripgrep's count of one email regex,
# single thread each, over the same 200 MB of synthetic paste-like text.
# Usage: extract_bench.sh LEAKWATCH GEN_PASTE [BYTES]
set -euo pipefail
lw=$1
gen=$2
bytes=${3:-200000000}
data=${LW_BENCH_DATA:-$(dirname "$0")/data}
mkdir -p "$data"
file="$data/paste-$bytes.txt"
[ -s "$file" ] || "$gen" "$bytes" 42 > "$file"
regex='[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}'

seconds() {  # seconds COMMAND...: the best wall time of 3 runs
  local best=""
  for _ in 1 2 3; do
    local t0 t1
    t0=$(date +%s.%N)
    "$@" >/dev/null
    t1=$(date +%s.%N)
    best=$(python3 -c "b='$best'; t=$t1-$t0; print(t if not b or t < float(b) else b)")
  done
  echo "$best"
}

cat "$file" >/dev/null  # warm the page cache
rg_s=$(seconds rg -j1 --count-matches "$regex" "$file")
lw_s=$(seconds "$lw" extract --count "$file")
python3 - "$bytes" "$rg_s" "$lw_s" <<'PY'
import sys
size, rg, lw = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
mb = size / 1e6
print(f"input: {mb:.0f} MB of synthetic paste text")
print(f"ripgrep -j1 --count-matches (emails only): {rg:.2f} s, {mb/rg:.0f} MB/s")
print(f"leakwatch extract --count (all kinds):     {lw:.2f} s, {mb/lw:.0f} MB/s")
print(f"leakwatch / ripgrep throughput: {rg/lw:.2f}x (target >= 1.5x)")
PY
