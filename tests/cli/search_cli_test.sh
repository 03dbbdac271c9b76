#!/usr/bin/env bash
# leakwatch search and check as institutions meet them: reports, exit codes
# (0 found, 1 nothing, 2 error), bad input, several corpora, a remote shard
# served by xapian-tcpsrv on loopback.
# Usage: search_cli_test.sh LEAKWATCH
set -uo pipefail
source "$(dirname "$(realpath "$0")")/lib.sh"
lw=$(realpath "$1")
work=$(mktemp -d)
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work" || exit 1

"$lw" keygen --key op.key >/dev/null || fail "keygen"
"$lw" keygen --key other.key >/dev/null || fail "keygen other"

cat > leak-a.csv <<'CSV'
nom;prenom;date_naissance;nir;email;telephone
Zorglub;Amandine;14/07/1985;1 85 07 75 123 456 08;amandine.zorglub@example.org;06 12 34 56 78
Quidam;Paul;01/02/1970;;paul.quidam@example.com;
CSV
printf 'leaked: bertrand.xylophage@example.fr +33 7 98 76 54 32\n' > leak-b.txt
run 0 "index corpus a" -- "$lw" index --db a --key op.key --site forum-a leak-a.csv
run 0 "index corpus b" -- "$lw" index --db b --key op.key --site paste-b --url http://paste.test/raw/B1 leak-b.txt

# The institution's list: row 2 exposed in a, row 3 only in b, row 4 nowhere.
cat > patients.csv <<'CSV'
nom,prenom,date_naissance,email,numss
Zorglub,Amandine,14/07/1985,amandine.zorglub@example.org,185077512345608
Xylophage,Bertrand,03/03/1963,bertrand.xylophage@example.fr,
Inconnu,Nobody,05/05/1955,nobody@example.net,
CSV

# ---- check ------------------------------------------------------------------
run 0 "check finds row 2" -- "$lw" check --db a --key op.key --records patients.csv
expect_text out.txt "row 2" "check groups by row"
expect_text out.txt "forum-a" "check names the site"
expect_text out.txt "with email, nir, phone, person" "check gives the data classes"
expect_text out.txt "3 rows checked, 1 exposed" "check summary"
expect_no_text out.txt "row 4" "rows not found are not listed"
for value in amandine.zorglub@example.org Zorglub 185077512345608 nobody@example.net; do
  expect_no_text out.txt "$value" "check output holds no identifier"
done
run 0 "check --all" -- "$lw" check --db a --key op.key --records patients.csv --all
expect_text out.txt "row 4" "--all lists rows not found"
expect_text out.txt "not found" "--all says not found"

run 0 "--map gives an unknown column a role" -- \
  "$lw" check --db a --key op.key --records patients.csv --map numss=nir --format jsonl
expect_text out.txt '"kind":"nir"' "the mapped NIR column is checked"

run 0 "--map COLUMN=none leaves a column out" -- \
  "$lw" check --db a --key op.key --records patients.csv --map email=none --format jsonl --all
grep -q '"kind":"email"' out.txt && fail "--map email=none: the email column is still read"
expect_text out.txt '"kind":"person"' "the other columns are still read"
run 0 "check json" -- "$lw" check --db a --key op.key --records patients.csv --format json
python3 -c 'import json,sys; d=json.load(open("out.txt")); s=d["summary"];
assert s["rows_checked"]==3 and s["rows_exposed"]==1, s
assert {r["row"] for r in d["results"]}=={2}, d["results"]' || fail "check json content"

printf 'nom,prenom,date_naissance,email\nInconnu,Nobody,05/05/1955,nobody@example.net\n' > none.csv
run 1 "check with nothing found exits 1" -- "$lw" check --db a --key op.key --records none.csv
run 2 "check with another key" -- "$lw" check --db a --key other.key --records patients.csv
expect_text err.txt "the key does not match this corpus" "key mismatch message"
run 2 "bad --map" -- "$lw" check --db a --key op.key --records patients.csv --map numss=ssn
expect_text err.txt "--map 'numss=ssn'" "bad --map names the option"

# ---- search ---------------------------------------------------------------
"$lw" token --key op.key --records patients.csv > tokens.tsv || fail "token --records"
run 0 "search tokens from a file" -- "$lw" search --db a --tokens tokens.tsv --format csv
expect_text out.txt "row,token,kind,found,item,site" "csv header"
[ "$(grep -c ',true,' out.txt)" -ge 2 ] || fail "csv rows for the found tokens: $(cat out.txt)"
run 0 "search from stdin" -- bash -c "\"$lw\" search --db a - < tokens.tsv"
expect_text out.txt "row 2" "stdin search groups by row"
token=$(head -1 tokens.tsv | cut -f1)
run 0 "search one bare token" -- "$lw" search --db a "$token"
run 0 "search accepts uppercase hex" -- "$lw" search --db a "${token^^}"
run 1 "a token found nowhere" -- "$lw" search --db a 00000000000000000000000000000000
run 1 "nothing found, machine format" -- "$lw" search --db a 00000000000000000000000000000000 --format json
python3 -c 'import json; d=json.load(open("out.txt")); assert d["results"]==[]' || fail "empty json"

# Bad input: file and line, exit 2, nothing on stdout.
{ head -2 tokens.tsv; printf 'abc\tnir\t4\n'; tail -1 tokens.tsv; } > bad.tsv
run 2 "a line that is not a token" -- "$lw" search --db a --tokens bad.tsv --format json
expect_text err.txt "bad.tsv:3: not a token" "bad token names file and line"
[ -s out.txt ] && fail "nothing half-printed on a bad token: $(head -c 200 out.txt)"
printf '%s\tnir\tx12\n' "$token" > bad-row.tsv
run 2 "a malformed TSV line" -- "$lw" search --db a --tokens bad-row.tsv
expect_text err.txt "bad-row.tsv:1: malformed line" "malformed row"
printf '%s\tpassport\t1\n' "$token" > bad-kind.tsv
run 2 "an unknown kind" -- "$lw" search --db a --tokens bad-kind.tsv
expect_text err.txt "bad-kind.tsv:1: unknown kind" "unknown kind"
run 2 "no tokens at all" -- "$lw" search --db a
run 2 "a missing corpus" -- "$lw" search --db missing "$token"
expect_text err.txt "corpus missing: no corpus there" "missing corpus message"
mkdir notacorpus && echo x > notacorpus/file
run 2 "a folder that is not a corpus" -- "$lw" search --db notacorpus "$token"
cp -r a corrupt && for f in corrupt/*.glass; do head -c 100 /dev/urandom > "$f"; done
run 2 "a corrupt corpus" -- "$lw" search --db corrupt "$token"
[ "$(wc -l < err.txt)" -eq 1 ] || fail "one line for a corrupt corpus: $(cat err.txt)"

# A writer holding the corpus does not stop readers (Xapian's readers see
# the last commit).
mkfifo feed
cp -r a written
"$lw" index --db written --key op.key --url label:fifo - < feed >/dev/null 2>&1 &
writer=$!
exec 3>feed
sleep 0.5
run 0 "search while index holds the lock" -- "$lw" search --db written --tokens tokens.tsv
expect_text out.txt "forum-a" "the corpus reads under a writer"
exec 3>&-
wait "$writer" || fail "the index that held the lock"

# ---- read-only copy, several corpora, a remote shard ---------------------------
cp -r a ro && chmod -R a-w ro
run 0 "search a read-only copy" -- "$lw" search --db ro --tokens tokens.tsv
run 0 "query a read-only copy" -- "$lw" query --db ro '' --facet kind
run 0 "timeline of a read-only copy" -- "$lw" timeline --db ro
chmod -R u+w ro
run 0 "--db twice" -- "$lw" search --db a --db b --tokens tokens.tsv
expect_text out.txt "forum-a" "shard a answers"
expect_text out.txt "paste-b" "shard b answers"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# xapian-tcpsrv signals its whole process group on exit: give it its own.
setsid xapian-tcpsrv --interface 127.0.0.1 --port "$port" "$work/b" >server.log 2>&1 &
server_pid=$!
for _ in $(seq 50); do
  python3 -c "import socket; socket.create_connection(('127.0.0.1',$port),0.2)" 2>/dev/null && break
  sleep 0.1
done
printf 'auto %s\nremote 127.0.0.1:%s\n' "$work/a" "$port" > shards.stub
run 0 "a stub with a local and a remote shard" -- "$lw" search --db shards.stub --tokens tokens.tsv
expect_text out.txt "forum-a" "local shard answers through the stub"
expect_text out.txt "paste-b" "remote shard answers through the stub"
run 0 "check through the stub" -- "$lw" check --db shards.stub --key op.key --records patients.csv
expect_text out.txt "3 rows checked, 2 exposed" "check across shards"
run 0 "query through the stub" -- "$lw" query --db shards.stub '' --facet site --format json
python3 -c 'import json; d=json.load(open("out.txt")); assert d["count"]==2 and set(d["facets"]["site"])=={"forum-a","paste-b"}, d' \
  || fail "query over a local and a remote shard"
run 0 "stats through the stub" -- "$lw" stats --db shards.stub --format json
python3 -c 'import json; d=json.load(open("out.txt")); assert d["items"] >= 2 and d["bytes_on_disk"] is None, d' \
  || fail "stats counts the items of every shard: $(head -c 300 out.txt)"
run 0 "timeline through the stub" -- "$lw" timeline --db shards.stub --format csv
[ "$(tail -1 out.txt | cut -d, -f2)" = "2" ] || fail "timeline over both shards: $(cat out.txt)"
key_b=$("$lw" query --db b '' --format csv | tail -1 | cut -d, -f1)
run 1 "related through the stub (no shared token)" -- "$lw" related --db shards.stub "$key_b"
kill "$server_pid"; wait "$server_pid" 2>/dev/null; server_pid=
run 2 "a stub naming a stopped shard" -- "$lw" search --db shards.stub --tokens tokens.tsv
expect_text err.txt "Connection refused" "unreachable shard message"
run 0 "--allow-missing-shards" -- \
  "$lw" search --db shards.stub --tokens tokens.tsv --allow-missing-shards
expect_text err.txt "skipped" "skipped shard said"
expect_text out.txt "forum-a" "the reachable shard still answers"

# ---- corpus copies that would run programs: refused, nothing run -------------------
# Xapian's own stub reader runs `remote :PROGRAM` lines; leakwatch never lets it.
mkdir -p evil
printf 'remote :/usr/bin/touch %s/pwned\n' "$work" > evil/XAPIANDB
run 2 "stats on a folder holding a stub" -- "$lw" stats --db evil
expect_text err.txt "XAPIANDB" "the stub inside the folder is named"
run 2 "search on a folder holding a stub" -- "$lw" search --db evil --tokens tokens.tsv
cp evil/XAPIANDB evil.stub
run 2 "search on a stub with a program line" -- "$lw" search --db evil.stub --tokens tokens.tsv
expect_text err.txt "evil.stub:1:" "the stub's file and line named"
run 2 "even with --allow-missing-shards" -- \
  "$lw" search --db evil.stub --tokens tokens.tsv --allow-missing-shards
printf 'auto %s/evil\n' "$work" > auto-evil.stub
run 2 "an auto line to a folder holding a stub" -- "$lw" query --db auto-evil.stub ''
run 2 "index into a folder holding a stub" -- "$lw" index --db evil --key op.key patients.csv
[ -e "$work/pwned" ] && fail "a program named in a stub file was run"

finish "search cli"
