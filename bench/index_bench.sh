#!/usr/bin/env bash
# `leakwatch index` of a dump shaped like the 2021 AP-HP leak, against the
# bare token rate (bare_evaluate: libsodium's map + scalar multiplication)
# for the same number of distinct identifiers on all cores at once (one
# process a core), in the same run. A one-core sample times the cores
# overstates the ceiling on a shared machine, where two busy cores run
# slower than one. Then the corpus's bytes per identifier after
# xapian-compact. Usage: index_bench.sh LEAKWATCH GEN_PASTE BARE_EVALUATE [ROWS]
set -euo pipefail
lw=$1
gen=$2
bare=$3
rows=${4:-1400000}
data=${LW_BENCH_DATA:-$(dirname "$0")/data}
mkdir -p "$data"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

dump="$data/aphp-$rows.csv"
[ -s "$dump" ] || "$gen" --aphp "$rows" 2021 >"$dump"
"$lw" keygen --key "$work/k.key" >/dev/null
cores=$(nproc)
# Identifiers in the dump, distinct: what the PRF must evaluate.
"$lw" extract --count "$dump" >"$work/count"
identifiers=$(awk '$1 != "records" && $1 != "bytes" { n += $2 } END { print n }' "$work/count")

cat "$dump" >/dev/null
/usr/bin/time -f "%e %U %S %M" -o "$work/time" "$lw" index --db "$work/corpus" --key "$work/k.key" "$dump" >"$work/summary"
read -r wall user sys rss <"$work/time"
"$lw" stats --db "$work/corpus" --format json >"$work/stats.json"
# The bare loop over as many evaluations as the index made, split over the cores.
distinct=$(python3 -c 'import json,sys; print(sum(json.load(open(sys.argv[1]))["tokens_by_kind"].values()))' "$work/stats.json")
start=$(date +%s.%N)
for _ in $(seq "$cores"); do "$bare" $((distinct / cores)) >/dev/null & done
wait
bare_wall=$(python3 -c "import sys; print(float(sys.argv[2]) - float(sys.argv[1]))" "$start" "$(date +%s.%N)")
bare_rate=$(python3 -c "import sys; print(int(sys.argv[1]) // int(sys.argv[3]) * int(sys.argv[3]) / float(sys.argv[2]))" "$distinct" "$bare_wall" "$cores")
xapian-compact "$work/corpus" "$work/compact" >/dev/null
compact_bytes=$(du -sb "$work/compact" | cut -f1)
raw_bytes=$(du -sb "$work/corpus" | cut -f1)

python3 - "$rows" "$identifiers" "$cores" "$bare_rate" "$wall" "$user" "$sys" "$rss" \
  "$raw_bytes" "$compact_bytes" "$work/stats.json" "$(cat "$work/summary")" <<'PY'
import json, sys
a = sys.argv[1:]
rows, ids, cores = int(a[0]), int(a[1]), int(a[2])
bare, wall, user, sys_s, rss = float(a[3]), float(a[4]), float(a[5]), float(a[6]), int(a[7])
raw, compact = int(a[8]), int(a[9])
stats = json.load(open(a[10]))
tokens = sum(stats["tokens_by_kind"].values())
ceiling = bare
rate = tokens / wall
print(f"dump: {rows:,} rows, {ids:,} identifiers found, {tokens:,} distinct (one PRF evaluation each)")
print(f"summary: {a[11]}")
print(f"bare rate on {cores} cores at once: {ceiling:,.0f} /s -> {tokens / ceiling:.1f} s for {tokens:,} evaluations")
print(f"leakwatch index: {wall:.1f} s wall, {user:.1f} s user, {sys_s:.1f} s sys, {rss/1024:.0f} MB peak")
print(f"  {rate:,.0f} distinct identifiers/s = {100 * rate / ceiling:.1f}% of the bare rate (target >= 80%)")
print(f"corpus: {raw/1e6:.0f} MB, after xapian-compact {compact/1e6:.0f} MB = "
      f"{compact / ids:.1f} bytes per identifier (target <= 64)")
PY
