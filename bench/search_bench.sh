#!/usr/bin/env bash
# `leakwatch search` of 1,400,000 tokens against a corpus of 10,000,000
# records of random tokens (issue 6: under 20 s on 2 cores; Xapian alone
# does about 230,000 term look-ups per second, so about 6 s is the floor).
# The corpus is generated once and kept in bench/data.
# Usage: search_bench.sh LEAKWATCH GEN_CORPUS [RECORDS] [QUERIES]
set -euo pipefail
lw=$1
gen=$2
records=${3:-10000000}
queries=${4:-1400000}
data=${LW_BENCH_DATA:-$(dirname "$0")/data}
mkdir -p "$data"
corpus="$data/search-corpus-$records"
tokens="$data/search-queries-$records-$queries.tsv"
if [ ! -s "$tokens" ]; then
  rm -rf "$corpus"
  /usr/bin/time -f "generated in %e s" "$gen" "$corpus" "$records" "$queries" 10 >"$tokens"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat "$tokens" >/dev/null
for format in csv table; do
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" \
    "$lw" search --db "$corpus" --tokens "$tokens" --format "$format" >"$work/out" || true
  read -r wall user sys rss <"$work/time"
  found=$(grep -c ',true,' "$work/out" || true)
  echo "search --format $format: $queries tokens, $records records: ${wall} s wall," \
    "${user} s user, ${sys} s sys, peak ${rss} KB, $found found (csv rows)"
done
