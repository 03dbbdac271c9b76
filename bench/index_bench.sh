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
# The bare loop over as many evaluations as the dump has identifiers (the
# index makes a few percent fewer: repeats are evaluated once), split over
# the cores, all at once; before and after the index, since this machine's
# speed drifts over minutes: the ceiling is the mean of the two.
bare_all_cores() {
  local start end
  start=$(date +%s.%N)
  for _ in $(seq "$cores"); do "$bare" $((identifiers / cores)) >/dev/null & done
  wait
  end=$(date +%s.%N)
  python3 -c "import sys; print(int(sys.argv[1]) // int(sys.argv[2]) * int(sys.argv[2]) / (float(sys.argv[4]) - float(sys.argv[3])))" \
    "$identifiers" "$cores" "$start" "$end"
}
bare_before=$(bare_all_cores)
/usr/bin/time -f "%e %U %S %M" -o "$work/time" "$lw" index --db "$work/corpus" --key "$work/k.key" "$dump" >"$work/summary"
read -r wall user sys rss <"$work/time"
"$lw" stats --db "$work/corpus" --format json >"$work/stats.json"
bare_after=$(bare_all_cores)
bare_rate=$(python3 -c "import sys; print((float(sys.argv[1]) + float(sys.argv[2])) / 2)" "$bare_before" "$bare_after")
xapian-compact "$work/corpus" "$work/compact" >/dev/null
compact_bytes=$(du -sb "$work/compact" | cut -f1)
raw_bytes=$(du -sb "$work/corpus" | cut -f1)

python3 - "$rows" "$identifiers" "$cores" "$bare_rate" "$bare_before" "$bare_after" "$wall" "$user" "$sys" "$rss" \
  "$raw_bytes" "$compact_bytes" "$work/stats.json" "$(cat "$work/summary")" <<'PY'
import json, sys
a = sys.argv[1:]
rows, ids, cores = int(a[0]), int(a[1]), int(a[2])
bare, before, after = float(a[3]), float(a[4]), float(a[5])
wall, user, sys_s, rss = float(a[6]), float(a[7]), float(a[8]), int(a[9])
raw, compact = int(a[10]), int(a[11])
stats = json.load(open(a[12]))
tokens = sum(stats["tokens_by_kind"].values())
rate = tokens / wall
print(f"dump: {rows:,} rows, {ids:,} identifiers found, {tokens:,} distinct (one PRF evaluation each)")
print(f"summary: {a[13]}")
print(f"bare rate on {cores} cores at once: {before:,.0f} /s before the index, {after:,.0f} /s after, "
      f"mean {bare:,.0f} /s -> {tokens / bare:.1f} s for {tokens:,} evaluations")
print(f"leakwatch index: {wall:.1f} s wall, {user:.1f} s user, {sys_s:.1f} s sys, {rss/1024:.0f} MB peak")
print(f"  {rate:,.0f} distinct identifiers/s = {100 * rate / bare:.1f}% of the bare rate (target >= 80%; "
      f"{100 * rate / before:.1f}% against before, {100 * rate / after:.1f}% against after)")
print(f"corpus: {raw/1e6:.0f} MB, after xapian-compact {compact/1e6:.0f} MB = "
      f"{compact / ids:.1f} bytes per identifier (target <= 64)")
PY
