#!/usr/bin/env bash
# leakwatch index and stats as an operator meets them, and the product's
# promise: nothing written holds an identifier in clear, while the tokens
# of every planted identity are in the corpus.
# Usage: index_cli_test.sh LEAKWATCH CORPUS_HAS_TOKENS
set -uo pipefail
source "$(dirname "$(realpath "$0")")/lib.sh"
lw=$(realpath "$1")
has_tokens=$(realpath "$2")
work=$(mktemp -d)
export TMPDIR="$work/tmp"
mkdir -p "$TMPDIR"
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1

expect_status() {  # expect_status CODE DESCRIPTION -- COMMAND...
  local want=$1 what=$2; shift 3
  "$@" >>"$work/out.log" 2>>"$work/err.log" </dev/null
  local got=$?
  [ "$got" -eq "$want" ] || fail "$what: exit $got, expected $want ($(tail -c 300 "$work/err.log"))"
}

"$lw" keygen --key op.key >/dev/null || fail "keygen"

# ---- Planted identities of every kind, in every input format ---------------
mkdir -p dumps
cat > dumps/patients.csv <<'CSV'
nom;prenom;date_naissance;nir;email;telephone;iban;carte
Zorglub;Amandine;14/07/1985;1 85 07 75 123 456 08;amandine.zorglub@example.org;06 12 34 56 78;FR76 3000 6000 0112 3456 7890 189;4111 1111 1111 1111
CSV
cat > dumps/vaccini.sql <<'SQL'
CREATE TABLE vaccini (
  cognome varchar(64),
  nome varchar(64),
  data_nascita date,
  codice_fiscale char(16),
  cellulare varchar(20)
);
INSERT INTO vaccini VALUES ('Quarzomelo','Ottavia','1985-12-10','RSSMRA85T10A562S','345 123 4567');
SQL
printf 'contact: bertrand.xylophage@example.fr, tel +33 7 98 76 54 32\n' > dumps/notes.txt
printf 'nom,prenom,ddn,nir\nWuthrax,Clothilde,02/01/1980,2 80 01 99 001 002 81\n' | gzip > dumps/more.csv.gz

expect_status 0 "index a folder of dumps" -- "$lw" index --db corpus --key op.key --site demo dumps
expect_text out.log "4 items added" "summary counts the items"

# Values in every common encoding: as written, canonical, cases, compact,
# E.164, UTF-16, base64 of the canonical form; names alone.
python3 - "$work" <<'PY' || fail "cleartext found at rest (see above)"
import base64, os, sys
work = sys.argv[1]
written = ["1 85 07 75 123 456 08", "amandine.zorglub@example.org", "06 12 34 56 78",
           "FR76 3000 6000 0112 3456 7890 189", "4111 1111 1111 1111", "RSSMRA85T10A562S",
           "345 123 4567", "bertrand.xylophage@example.fr", "+33 7 98 76 54 32",
           "2 80 01 99 001 002 81", "14/07/1985"]
canonical = ["185077512345608", "amandine.zorglub@example.org", "+33612345678",
             "FR7630006000011234567890189", "4111111111111111", "RSSMRA85T10A562S",
             "+393451234567", "bertrand.xylophage@example.fr", "+33798765432",
             "280019900100281", "zorglub|amandine|1985-07-14", "quarzomelo|ottavia|1985-12-10",
             "wuthrax|clothilde|1980-01-02"]
names = ["Zorglub", "Amandine", "Quarzomelo", "Ottavia", "Wuthrax", "Clothilde", "xylophage"]
needles = set()
for v in written + canonical + names:
    for form in {v, v.lower(), v.upper(), v.replace(" ", ""), v.replace(" ", "").lower()}:
        needles.add(form.encode())
        needles.add(form.encode("utf-16-le"))
        needles.add(form.encode("utf-16-be"))
for v in canonical:
    needles.add(base64.b64encode(v.encode()).rstrip(b"="))
    for kind in ("email", "nir", "phone", "iban", "card", "cf", "person"):
        needles.add(base64.b64encode(f"{kind}:{v}".encode()).rstrip(b"="))
needles = [n.lower() for n in needles if len(n) >= 6]
hits = 0
roots = [os.path.join(work, "corpus"), os.path.join(work, "tmp")]
files = [os.path.join(d, f) for r in roots for d, _, fs in os.walk(r) for f in fs]
files += [os.path.join(work, "out.log"), os.path.join(work, "err.log")]
for path in files:
    data = open(path, "rb").read().lower()
    for n in needles:
        if n in data:
            print(f"cleartext in {os.path.relpath(path, work)}: {n[:4]!r}...")
            hits += 1
print(f"{len(files)} files, {len(needles)} needles, {hits} hits")
sys.exit(1 if hits else 0)
PY

# ...and the identities are there: their tokens are in the corpus.
{
  "$lw" token --key op.key --kind nir "1 85 07 75 123 456 08"
  "$lw" token --key op.key --kind email amandine.zorglub@example.org
  "$lw" token --key op.key --kind phone "06 12 34 56 78"
  "$lw" token --key op.key --kind iban "FR76 3000 6000 0112 3456 7890 189"
  "$lw" token --key op.key --kind card "4111 1111 1111 1111"
  "$lw" token --key op.key --kind cf RSSMRA85T10A562S
  "$lw" token --key op.key --kind phone "+39 345 123 4567"
  "$lw" token --key op.key --kind email bertrand.xylophage@example.fr
  "$lw" token --key op.key --kind phone "+33 7 98 76 54 32"
  "$lw" token --key op.key --kind nir "2 80 01 99 001 002 81"
  "$lw" token --key op.key --kind person "Zorglub|Amandine|14/07/1985"
  "$lw" token --key op.key --kind person "Quarzomelo|Ottavia|1985-12-10"
  "$lw" token --key op.key --kind person "Wuthrax|Clothilde|02/01/1980"
} > tokens.tsv 2>>err.log
[ "$(wc -l < tokens.tsv)" -eq 13 ] || fail "token printed $(wc -l < tokens.tsv) lines, expected 13"
"$has_tokens" corpus < tokens.tsv > has.out || fail "tokens missing from the corpus: $(cat has.out)"

# ---- Re-indexing adds a sighting and nothing else ---------------------------
: > out.log
expect_status 0 "index again" -- "$lw" index --db corpus --key op.key --site demo dumps
expect_text out.log "0 items added, 0 sightings added, 4 unchanged" "same source, same day: unchanged"
: > out.log
cp dumps/notes.txt copy-of-notes.txt
expect_status 0 "same content elsewhere" -- "$lw" index --db corpus --key op.key copy-of-notes.txt
expect_text out.log "0 items added, 1 sightings added" "another source: a sighting"

# index runs under umask 077: a corpus made outside the systemd unit is private.
[ "$(stat -c %a corpus)" = 700 ] || fail "the corpus folder is 0700: $(stat -c %a corpus)"
[ -z "$(find corpus -type f -perm /077)" ] || fail "corpus files are 0600: $(find corpus -type f -perm /077 | head -3)"

# ---- stats --------------------------------------------------------------------
: > out.log
expect_status 0 "stats" -- "$lw" stats --db corpus --format json
python3 - out.log <<'PY' || fail "stats json"
import json, sys
s = json.load(open(sys.argv[1]))
assert s["format"] == "3", s
assert s["items"] == 4, s["items"]
assert s["records"] == 4, s["records"]
assert s["tokens_by_kind"]["nir"] == 2, s["tokens_by_kind"]
assert s["tokens_by_kind"]["person"] == 3, s["tokens_by_kind"]
assert s["tokens_by_kind"]["phone"] == 3, s["tokens_by_kind"]
assert s["items_by_site"]["demo"] == 4, s["items_by_site"]
assert s["last_run"]["command"] == "index", s["last_run"]
assert len(s["key_id"]) == 64
PY
: > out.log
expect_status 0 "stats table" -- "$lw" stats --db corpus
expect_text out.log "distinct tokens" "stats table"

# ---- Errors -------------------------------------------------------------------
: > err.log
expect_status 2 "stats of no corpus" -- "$lw" stats --db nowhere
expect_text err.log "leakwatch: stats: corpus nowhere: no corpus there" "missing corpus"
"$lw" keygen --key other.key >/dev/null
: > err.log
expect_status 2 "another key" -- "$lw" index --db corpus --key other.key dumps/notes.txt
expect_text err.log "the key does not match this corpus" "wrong key refused"
: > err.log
expect_status 2 "an unknown region" -- "$lw" index --db corpus --key op.key --region QQ dumps/notes.txt
expect_text err.log "--region takes a two-letter country code such as FR or IT" "region checked as extract does"
chmod 644 op.key
: > err.log
expect_status 2 "readable key file" -- "$lw" index --db corpus --key op.key dumps
chmod 600 op.key
: > err.log
expect_status 1 "a missing input" -- "$lw" index --db corpus --key op.key nothing.csv dumps/notes.txt
expect_text err.log "nothing.csv" "the missing input is named"
printf 'nom;email\nA;truncated@example.org\n' | gzip | head -c 30 > cut.csv.gz
: > err.log
expect_status 1 "a truncated gzip" -- "$lw" index --db corpus --key op.key cut.csv.gz
expect_text err.log "cut.csv.gz" "the truncated input is named"

# ---- One writer at a time: exit 3 at once -----------------------------------
mkfifo slow
"$lw" index --db corpus --key op.key slow >/dev/null 2>&1 &
writer=$!
exec 3>slow   # the first writer now holds the lock, waiting for input
sleep 0.5
: > err.log
start=$(date +%s)
expect_status 3 "second writer" -- "$lw" index --db corpus --key op.key dumps/notes.txt
expect_text err.log "corpus is locked by another writer" "lock message"
[ $(( $(date +%s) - start )) -le 2 ] || fail "the second writer waited"
exec 3>&-
wait $writer

# ---- SIGKILL at any moment leaves a corpus that opens, with whole items -----
python3 - <<'PY'
import random
random.seed(7)
with open("big.csv", "w") as f:
    f.write("nom;prenom;date_naissance;email\n")
    for i in range(60000):
        f.write(f"N{i:06d}x;P{i:06d}y;{1 + i % 28:02d}/{1 + i % 12:02d}/19{50 + i % 50};u{i}@example.org\n")
PY
"$lw" index --db killed --key op.key big.csv >/dev/null 2>&1 &
victim=$!
sleep 1.5
kill -9 $victim 2>/dev/null
wait $victim 2>/dev/null
: > out.log
expect_status 0 "stats after SIGKILL" -- "$lw" stats --db killed --format json
expect_status 0 "index again after SIGKILL" -- "$lw" index --db killed --key op.key big.csv
: > out.log
expect_status 0 "stats once finished" -- "$lw" stats --db killed --format json
python3 - out.log <<'PY' || fail "after SIGKILL and a second run: duplicates or missing records"
import json, sys
s = json.load(open(sys.argv[1]))
assert s["items"] == 1, s
assert s["records"] == 60000, s["records"]
assert s["tokens_by_kind"]["email"] == 60000, s["tokens_by_kind"]
PY

# A kill once the first 50,000-record chunk is committed: stats counts those
# records apart, as an interrupted item, and the next run removes them.
# (150,000 rows, so the run is still going when the first chunk shows.)
{ cat big.csv; tail -n +2 big.csv | sed 's/@/.2@/'; tail -n +2 big.csv | sed 's/@/.3@/'; } > bigger.csv
"$lw" index --db killed2 --key op.key bigger.csv >/dev/null 2>&1 &
victim=$!
for _ in $(seq 600); do
  "$lw" stats --db killed2 2>/dev/null | grep -q '^interrupted' && break
  sleep 0.05
done
kill -9 $victim 2>/dev/null
wait $victim 2>/dev/null
: > out.log
expect_status 0 "stats after a kill past a chunk commit" -- "$lw" stats --db killed2 --format json
python3 - out.log <<'PY' || fail "stats after a kill mid-item: 0 records, 1 interrupted item"
import json, sys
s = json.load(open(sys.argv[1]))
assert s["items"] == 0 and s["records"] == 0, s
assert s["interrupted"]["items"] == 1 and s["interrupted"]["records"] == 50000, s["interrupted"]
assert all(n == 0 for n in s["tokens_by_kind"].values()), s["tokens_by_kind"]
PY
: > out.log
expect_status 0 "stats table after a kill" -- "$lw" stats --db killed2
expect_text out.log "1 item, 50000 records: removed by the next index or crawl" "the interrupted line"

# ---- Archive headers are not free: a tar.gz of 3,000 one-line members ------
# A commit per item held the lock some 20 ms a member (a 2.4 KB tar.gz of 300
# empty members: 6 s). Items are committed in groups now: every member's
# identity is found, once, and a kill part way leaves whole items only.
python3 - <<'PY'
import io, tarfile
with tarfile.open("members.tar.gz", "w:gz") as tar:
    for i in range(3000):
        data = f"user{i}.member@example.org\n".encode()
        info = tarfile.TarInfo(f"m/{i:04d}.txt")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
with open("members.csv", "w") as f:
    f.write("email\n" + "".join(f"user{i}.member@example.org\n" for i in range(3000)))
PY
: > out.log
expect_status 0 "index 3,000 one-line members in under 30 s" -- \
  timeout 30 "$lw" index --db members --key op.key members.tar.gz
expect_text out.log "3000 items added" "every member is an item"
: > out.log
expect_status 0 "check the 3,000 members" -- \
  "$lw" check --db members --key op.key --records members.csv --format json
python3 - out.log <<'PY' || fail "3,000 members: an identity missing or found twice"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["summary"]["identifiers_found"] == 3000, r["summary"]["identifiers_found"]
assert all(len(row["items"]) == 1 for row in r["results"]), "an identity in two items"
PY
"$lw" index --db members-killed --key op.key members.tar.gz >/dev/null 2>&1 &
victim=$!
sleep 0.4
kill -9 $victim 2>/dev/null
wait $victim 2>/dev/null
expect_status 0 "index the members again after SIGKILL" -- \
  "$lw" index --db members-killed --key op.key members.tar.gz
: > out.log
expect_status 0 "stats of the members after a kill" -- "$lw" stats --db members-killed --format json
python3 - out.log <<'PY' || fail "members after SIGKILL and a second run: not 3,000 whole items"
import json, sys
s = json.load(open(sys.argv[1]))
assert s["items"] == 3000 and s["records"] == 3000, s
assert s["tokens_by_kind"]["email"] == 3000, s["tokens_by_kind"]
PY

# ---- SIGINT and SIGTERM: the item in progress is dropped, exit 130 --------
for signal in INT TERM; do
  "$lw" index --db "stopped-$signal" --key op.key big.csv >"stop.out" 2>"stop.err" &
  victim=$!
  sleep 1
  kill -s "$signal" $victim
  wait $victim
  status=$?
  [ "$status" -eq 130 ] || fail "SIG$signal: exit $status, expected 130"
  grep -q "^interrupted: 0 items added" stop.out || fail "SIG$signal: summary $(cat stop.out)"
  : > out.log
  expect_status 0 "stats after SIG$signal" -- "$lw" stats --db "stopped-$signal" --format json
  python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); assert s["records"] == 0 and s["last_run"]["interrupted"], s' out.log ||
    fail "SIG$signal: records of the dropped item remain"
done

if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "all index CLI checks passed"
