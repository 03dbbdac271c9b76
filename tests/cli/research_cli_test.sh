#!/usr/bin/env bash
# leakwatch query, related and timeline as researchers meet them: prefixes,
# boolean operators, date ranges, facets, counts, records, the SVG chart
# rendered to PNG, several corpora, bad queries.
# Usage: research_cli_test.sh LEAKWATCH
set -uo pipefail
source "$(dirname "$(realpath "$0")")/lib.sh"
lw=$(realpath "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1

"$lw" keygen --key k.key >/dev/null
printf 'nom;prenom;date_naissance;nir;email\nZorglub;Amandine;14/07/1985;1 85 07 75 123 456 08;amandine.zorglub@example.org\nQuidam;Paul;01/02/1970;;paul.quidam@example.com\n' > a.csv
printf 'email,phone\namandine.zorglub@example.org,+33 6 12 34 56 78\npaul.quidam@example.com,\nother.one@example.net,\n' > b.csv
printf 'contact bertrand@example.fr\n' > c.txt
"$lw" index --db db --key k.key --site forum-a a.csv >/dev/null || fail "index a"
"$lw" index --db db --key k.key --site paste-b b.csv c.txt >/dev/null || fail "index b c"
today=$(date -u +%F)

run 0 "everything" -- "$lw" query --db db ''
expect_text out.txt "3 items" "an empty query matches every item"
run 0 "site" -- "$lw" query --db db 'site:paste-b' --count
[ "$(head -1 out.txt)" = "2 items" ] || fail "site:paste-b gives 2 items: $(cat out.txt)"
run 0 "AND" -- "$lw" query --db db 'kind:nir AND site:forum-a' --format csv
[ "$(wc -l < out.txt)" -eq 2 ] || fail "kind:nir AND site:forum-a: one item: $(cat out.txt)"
expect_text out.txt ",forum-a," "the nir item is forum-a's"
run 0 "OR and brackets" -- "$lw" query --db db '(kind:nir OR kind:phone) AND NOT site:nowhere' --count
[ "$(head -1 out.txt)" = "2 items" ] || fail "(nir OR phone): 2 items: $(cat out.txt)"
run 0 "NOT" -- "$lw" query --db db 'NOT site:forum-a' --format json
python3 -c 'import json; d=json.load(open("out.txt")); assert d["count"]==2 and all(i["site"]=="paste-b" for i in d["items"]), d' \
  || fail "NOT site:forum-a"
run 0 "date range today" -- "$lw" query --db db "date:$today..$today" --count
[ "$(head -1 out.txt)" = "3 items" ] || fail "today's range: $(cat out.txt)"
run 1 "a date range with nothing" -- "$lw" query --db db 'date:2000-01-01..2000-12-31'
run 0 "facets" -- "$lw" query --db db '' --facet site --facet kind --format json
python3 -c 'import json; f=json.load(open("out.txt"))["facets"]
assert f["site"]=={"forum-a":1,"paste-b":2}, f
assert f["kind"]["email"]==3 and f["kind"]["nir"]==1, f' || fail "facet counts"
run 0 "sort by records" -- "$lw" query --db db '' --sort records --format csv
[ "$(sed -n 2p out.txt | cut -d, -f2)" = "paste-b" ] && [ "$(sed -n 2p out.txt | cut -d, -f7)" = "3" ] \
  || fail "largest item first: $(cat out.txt)"
run 0 "limit" -- "$lw" query --db db '' --limit 1
expect_text out.txt "(1 shown; --limit N for more)" "limit says what is hidden"

token=$("$lw" token --key k.key paul.quidam@example.com | cut -f1)
run 0 "records holding a token" -- "$lw" query --db db --records "token:$token" --format jsonl
[ "$(wc -l < out.txt)" -eq 2 ] || fail "the token is in two records: $(cat out.txt)"
run 0 "records by site (their items')" -- "$lw" query --db db --records 'site:paste-b' --count
[ "$(head -1 out.txt)" = "4 records" ] || fail "paste-b records: $(cat out.txt)"

month=$(date -u +%Y%m)
run 0 "month on records (their items')" -- "$lw" query --db db --records "month:$month" --count
[ "$(head -1 out.txt)" = "6 records" ] || fail "this month's records: $(cat out.txt)"
run 0 "month on items (a term)" -- "$lw" query --db db "month:$month" --count
[ "$(head -1 out.txt)" = "3 items" ] || fail "this month's items: $(cat out.txt)"
run 2 "unknown kind" -- "$lw" query --db db 'kind:ssn'
expect_text err.txt "bad query: unknown kind in kind:ssn" "unknown kind message"
run 2 "bad token" -- "$lw" query --db db 'token:abc'
expect_text err.txt "a token is 32 hex digits" "bad token message"
run 2 "bad date" -- "$lw" query --db db 'date:2021-13-45..2021-12-01'
expect_text err.txt "dates are YYYY-MM-DD" "bad date message"
run 2 "bad facet" -- "$lw" query --db db '' --facet colour
run 2 "missing corpus" -- "$lw" query --db nowhere ''

# related: a.csv's item shares two emails with b.csv's.
key=$("$lw" query --db db 'site:forum-a' --format csv | tail -1 | cut -d, -f1)
run 0 "related" -- "$lw" related --db db "$key" --format json
python3 -c 'import json; d=json.load(open("out.txt")); r=d["related"]
assert d["tokens"]==5 and len(r)==1 and r[0]["shared_tokens"]==2, d
assert r[0]["sealed"] and r[0]["source"] is None and r[0]["site"]=="paste-b", d' \
  || fail "related counts, sources sealed without the key"
expect_text err.txt "sources and titles are sealed" "said once that sources are sealed"
[ "$(grep -c sealed err.txt)" -eq 1 ] || fail "the sealed note is said once: $(cat err.txt)"
run 0 "related with the key" -- "$lw" related --db db "$key" --key k.key --format json
python3 -c 'import json; d=json.load(open("out.txt")); r=d["related"]
assert not r[0]["sealed"] and r[0]["source"]=="b.csv", d' || fail "related with --key shows the source"
[ -s err.txt ] && fail "no sealed note with the key: $(cat err.txt)"
"$lw" keygen --key other.key >/dev/null
run 2 "related with another key" -- "$lw" related --db db "$key" --key other.key
expect_text err.txt "the key does not match this corpus" "a wrong --key is a clear error"
run 2 "related to no such item" -- "$lw" related --db db 0000000000000000
expect_text err.txt "no such item" "unknown item"

# timeline, and its SVG rendered.
run 0 "timeline" -- "$lw" timeline --db db --by day --svg chart.svg --format csv
[ "$(sed -n 2p out.txt)" = "$today,3,8" ] || fail "timeline: 3 items, 8 new tokens today: $(cat out.txt)"
run 0 "timeline by week and month" -- "$lw" timeline --db db --by week
expect_text out.txt "-W" "ISO weeks"
rsvg-convert chart.svg -o chart.png || fail "the SVG renders"
python3 -c 'import struct; d=open("chart.png","rb").read(24); w,h=struct.unpack(">II", d[16:24]); assert (w,h)==(800,400), (w,h)' \
  || fail "the PNG is 800x400"
run 2 "timeline --by year" -- "$lw" timeline --db db --by year

# Several corpora at once.
"$lw" index --db db2 --key k.key --site other c.txt >/dev/null
run 0 "two --db" -- "$lw" query --db db --db db2 '' --facet site --format json
python3 -c 'import json; d=json.load(open("out.txt")); assert d["count"]==4 and d["facets"]["site"]["other"]==1, d' \
  || fail "two corpora queried together"

finish "research cli"
