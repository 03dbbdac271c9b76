#!/usr/bin/env bash
# Tokens per second of `leakwatch token --kind email -` over COUNT distinct
# synthetic emails, against the bare libsodium loop (bare_evaluate: map to
# the group + one scalar multiplication, one core) times the cores used, in
# the same run. Then blind, evaluate and unblind of a 100,000-record request.
# Usage: token_bench.sh LEAKWATCH BARE_EVALUATE [COUNT] [RECORDS]
set -euo pipefail
lw=$1
bare=$2
count=${3:-1000000}
records=${4:-100000}
data=${LW_BENCH_DATA:-$(dirname "$0")/data}
mkdir -p "$data"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

emails="$data/emails-$count.txt"
[ -s "$emails" ] || awk -v n="$count" 'BEGIN {
  for (i = 0; i < n; i++) printf "user%07d.bench@example%d.org\n", i, i % 97 }' >"$emails"
table="$data/records-$records.csv"
[ -s "$table" ] || awk -v n="$records" 'BEGIN {
  print "id;email"
  for (i = 0; i < n; i++) printf "%d;patient%07d@example%d.fr\n", i, i, i % 89 }' >"$table"

seed=$(printf '5b%.0s' $(seq 32))
"$lw" keygen --key "$work/k.key" --seed "$seed" --info bench >"$work/pk"
cores=$(nproc)

# timed LABEL COMMAND...: runs it, prints "wall user sys maxrss_kb" on fd 3.
timed() {
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@"
  cat "$work/time"
}

cat "$emails" >/dev/null  # warm the page cache
read -r bare_n bare_cpu bare_wall bare_rate _ < <("$bare" 200000)
read -r tok_wall tok_user tok_sys tok_rss < <(timed sh -c "'$lw' token --key '$work/k.key' --kind email - < '$emails' > '$work/tokens.tsv'")
lines=$(wc -l <"$work/tokens.tsv")
[ "$lines" -eq "$count" ] || { echo "token printed $lines lines, expected $count"; exit 1; }

read -r b_wall b_user b_sys b_rss < <(timed sh -c "'$lw' blind --pubkey $(cat "$work/pk") --state '$work/state.json' --records '$table' > '$work/request.json'")
read -r e_wall e_user e_sys e_rss < <(timed sh -c "'$lw' evaluate --key '$work/k.key' < '$work/request.json' > '$work/response.json'")
read -r u_wall u_user u_sys u_rss < <(timed sh -c "'$lw' unblind --state '$work/state.json' < '$work/response.json' > '$work/unblinded.tsv'")
"$lw" token --key "$work/k.key" --records "$table" >"$work/direct.tsv"
cmp -s "$work/unblinded.tsv" "$work/direct.tsv" || { echo "unblind differs from token --records"; exit 1; }

python3 - "$count" "$cores" "$bare_n" "$bare_cpu" "$bare_rate" "$tok_wall" "$tok_user" "$tok_sys" "$tok_rss" \
  "$records" "$b_wall" "$b_user" "$b_rss" "$e_wall" "$e_user" "$e_rss" "$u_wall" "$u_user" "$u_rss" <<'PY'
import sys
a = sys.argv[1:]
count, cores = int(a[0]), int(a[1])
bare_rate = float(a[4])
tw, tu, ts, trss = float(a[5]), float(a[6]), float(a[7]), int(a[8])
records = int(a[9])
rate = count / tw
ceiling = bare_rate * cores
print(f"bare loop (from_hash + scalarmult, 1 core): {bare_rate:,.0f} /s; x {cores} cores = {ceiling:,.0f} /s")
print(f"leakwatch token --kind email - ({count:,} distinct): {tw:.2f} s wall, {tu:.2f} s user, "
      f"{ts:.2f} s sys, {trss/1024:.0f} MB peak")
print(f"  {rate:,.0f} tokens/s = {100 * rate / ceiling:.1f}% of the bare ceiling (target >= 85%)")
print(f"  per CPU second: {count / (tu + ts):,.0f} tokens = {100 * count / (tu + ts) / bare_rate:.1f}% of the bare loop's")
for name, w, u, rss in (("blind", a[10], a[11], a[12]), ("evaluate", a[13], a[14], a[15]),
                        ("unblind", a[16], a[17], a[18])):
    w, u, rss = float(w), float(u), int(rss)
    print(f"{name:9s} {records:,} elements: {w:.2f} s wall, {u:.2f} s user, "
          f"{records / w:,.0f} /s, {rss/1024:.0f} MB peak")
PY
