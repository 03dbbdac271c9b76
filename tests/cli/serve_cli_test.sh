#!/usr/bin/env bash
# leakwatch clients and serve as an operator and an institution meet them:
# a real server on loopback (plain HTTP, then TLS by libmicrohttpd with a CA
# made here), curl and the blind protocol's own commands as the client.
# Usage: serve_cli_test.sh LEAKWATCH
set -uo pipefail
source "$(dirname "$(realpath "$0")")/lib.sh"
lw=$(realpath "$1")
support=$(realpath "$(dirname "$(realpath "$0")")/../support")
work=$(mktemp -d)
server=
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
cd "$work" || exit 1

"$lw" keygen --key op.key >/dev/null || fail "keygen"
pk=$("$lw" pubkey --key op.key)
cat > dump.csv <<'CSV'
nom;prenom;email;telephone
Zorglub;Amandine;amandine.zorglub@example.org;06 12 34 56 78
CSV
"$lw" index --db corpus --key op.key dump.csv >/dev/null 2>&1 || fail "index"

# ---- clients ------------------------------------------------------------------
run 2 "list before any client" -- "$lw" clients list --state st
expect_text err.txt "add a client first" "a missing store says what to do"
run 0 "add a client" -- "$lw" clients add chu-lyon --quota 2/hour --state st
key=$(cat out.txt)
[[ "$key" =~ ^lwk_[A-Za-z0-9_-]{43}$ ]] || fail "the API key is printed once: '$key'"
expect_text err.txt "shown this once" "the key is said to be shown once"
run 2 "the same name twice" -- "$lw" clients add chu-lyon --quota 1/day --state st
run 2 "a bad quota" -- "$lw" clients add other --quota 3/fortnight --state st
expect_text err.txt "write ELEMENTS/PERIOD" "the quota's form is taught"
run 0 "list" -- "$lw" clients list --state st --format json
python3 -c 'import json,sys; c=json.load(open("out.txt")); assert c[0]["name"]=="chu-lyon" and c[0]["quota"]=="2/hour" and c[0]["used"]==0, c' ||
  fail "clients list --format json"
[ "$(stat -c %a st)" = 700 ] && [ "$(stat -c %a st/clients.sqlite)" = 600 ] || fail "the store is private"
run 0 "add a second client" -- "$lw" clients add gone --quota 10/day --state st
gone_key=$(cat out.txt)
run 0 "remove it" -- "$lw" clients remove gone --state st
run 2 "remove an unknown client" -- "$lw" clients remove gone --state st

# ---- serve ------------------------------------------------------------------------
start_server() {  # start_server LOG ARGS...: sets $server and $base
  local log=$1; shift
  "$lw" serve --db corpus --key op.key --state st "$@" 2>"$log" &
  server=$!
  for _ in $(seq 100); do
    grep -q "listening on" "$log" && break
    sleep 0.05
  done
  base=$(grep -o 'https\?://[^ ]*' "$log" | head -1)
  [ -n "$base" ] || fail "serve did not start: $(cat "$log")"
}
start_server serve.log --listen 127.0.0.1:0

status() { curl -s -o body.json -w '%{http_code}' "$@"; }
[ "$(status "$base/v1/pubkey")" = 200 ] || fail "GET /v1/pubkey"
python3 -c 'import json,sys; p=json.load(open("body.json")); assert p["public_key"]==sys.argv[1] and p["protocol"]=="leakwatch-blind-v1" and p["corpus_revision"]>=1, p' "$pk" ||
  fail "/v1/pubkey gives the operator's public key"
[ "$(status "$base/healthz")" = 200 ] || fail "GET /healthz"
[ "$(status "$base/v1/nothing")" = 404 ] || fail "an unknown endpoint: 404"
[ "$(status "$base/v1/evaluate")" = 405 ] || fail "GET /v1/evaluate: 405"

# The institution: blind, evaluate over HTTP, unblind, search.
"$lw" blind --pubkey "$pk" --state q1.json --records dump.csv > q1.request.json 2>/dev/null || fail "blind"
[ "$(status --data-binary @q1.request.json "$base/v1/evaluate")" = 401 ] || fail "no key: 401"
expect_text body.json '"error":"unauthorized"' "401 is a JSON error"
[ "$(status -H "Authorization: Bearer $gone_key" --data-binary @q1.request.json "$base/v1/evaluate")" = 401 ] ||
  fail "a removed client's key: 401"
[ "$(status -H "Authorization: Bearer $key" --data-binary '{"protocol": ' "$base/v1/evaluate")" = 400 ] ||
  fail "malformed JSON: 400"
expect_text body.json "at byte" "a malformed body's error says where"
# An element that is not in the group (here the identity) is refused, named,
# before the quota is touched: the request below still fits in the 2 a hour.
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); r["elements"][-1]="0"*64; print(json.dumps(r))' \
  q1.request.json > bad-element.json
[ "$(status -H "Authorization: Bearer $key" --data-binary @bad-element.json "$base/v1/evaluate")" = 400 ] ||
  fail "an invalid element: 400"
expect_text body.json "element 2 is not a valid group element" "the invalid element is named"
[ "$(status -H "Authorization: Bearer $key" --data-binary @q1.request.json "$base/v1/evaluate")" = 200 ] ||
  fail "evaluate with the key: $(cat body.json)"
cp body.json q1.response.json
"$lw" unblind --state q1.json --records dump.csv < q1.response.json > tokens.tsv 2>/dev/null ||
  fail "unblind verifies the server's proofs"
run 0 "the tokens from the service find the dump" -- "$lw" search --db corpus --tokens tokens.tsv
# The feed: the corpus's token set, read by a decoder written from
# docs/feed-format.md alone; the institution's tokens are in it.
[ "$(status "$base/v1/feed")" = 401 ] || fail "the feed needs a key"
[ "$(curl -s -o feed.bin -w '%{http_code}' -H "Authorization: Bearer $key" "$base/v1/feed")" = 200 ] ||
  fail "GET /v1/feed"
python3 "$support/feed_set.py" feed.bin tokens.tsv > feed.txt || fail "the feed holds the tokens: $(cat feed.txt)"
# Details for the buckets of the matches: a corpus this small is one bucket
# (X-Bucket-Bits 0), so 64 zeros; the answer holds the institution's tokens.
python3 -c 'import json; print(json.dumps({"bucket_bits": 0, "buckets": [0] * 64}))' > details.json
[ "$(status -H "Authorization: Bearer $key" --data-binary @details.json "$base/v1/details")" = 200 ] ||
  fail "POST /v1/details: $(cat body.json)"
python3 - body.json tokens.tsv <<'PY' || fail "details hold the institution's tokens with their item"
import json, sys
answer = {t["token"]: t for t in json.load(open(sys.argv[1]))["tokens"]}
for line in open(sys.argv[2]):
    token, kind = line.split("\t")[:2]
    assert answer[token]["kind"] == kind and len(answer[token]["items"]) == 1, answer
PY
cp body.json details.answer.json
# The item catalog, sources unsealed by the service: the details' items are in it.
[ "$(status -H "Authorization: Bearer $key" "$base/v1/items")" = 200 ] || fail "GET /v1/items"
python3 - body.json details.answer.json <<'PY' || fail "the catalog names the details' items"
import json, sys
items = {i["item"]: i for i in json.load(open(sys.argv[1]))["items"]}
for token in json.load(open(sys.argv[2]))["tokens"]:
    for hit in token["items"]:
        assert items[hit["item"]]["source"] == "dump.csv", items
PY
[ "$(status -H "Authorization: Bearer $key" --data-binary '{"bucket_bits": 0, "buckets": [0]}' "$base/v1/details")" = 400 ] ||
  fail "details of fewer than 64 buckets: 400"
# 2 identifiers (the email, the phone) used of the quota of 2: the next
# request is refused whole.
"$lw" blind --pubkey "$pk" --state q2.json --kind email one@example.org > q2.request.json 2>/dev/null
[ "$(curl -s -D headers.txt -o body.json -w '%{http_code}' -H "Authorization: Bearer $key" \
      --data-binary @q2.request.json "$base/v1/evaluate")" = 429 ] || fail "over quota: 429"
grep -qi '^retry-after: [0-9]' headers.txt || fail "429 carries Retry-After"
expect_text body.json "nothing was evaluated" "429 says nothing was evaluated"
expect_no_text body.json "evaluated_elements" "nothing evaluated over quota"
run 0 "list after use" -- "$lw" clients list --state st --format json
python3 -c 'import json; c=json.load(open("out.txt")); assert c[0]["used"]==2, c' || fail "the window counts 2 used"

# Every evaluate request is an audit row; none holds an element or a token.
python3 - st/clients.sqlite <<'PY' || fail "audit rows"
import sqlite3, sys
rows = sqlite3.connect(sys.argv[1]).execute(
    "select client, endpoint, elements, status, outcome from audit order by id").fetchall()
outcomes = [(r[0], r[3], r[4]) for r in rows]
assert ("", 401, "no-key") in outcomes and ("chu-lyon", 200, "ok") in outcomes, outcomes
assert ("chu-lyon", 429, "over-quota") in outcomes and ("chu-lyon", 400, "bad-request") in outcomes, outcomes
assert {r[1] for r in rows} == {"evaluate", "feed", "details", "items"}, rows
PY
kill -TERM "$server"
wait "$server"
[ $? -eq 0 ] || fail "SIGTERM: exit 0"
server=
expect_text serve.log "leakwatch serve: stopped" "a graceful stop is said"
expect_text serve.log "client=chu-lyon endpoint=evaluate elements=2 status=200" "a log line a request"
# What the operator keeps (log, store) holds none of the institution's
# blinded elements, the evaluated ones or the tokens.
python3 - q1.request.json q1.response.json tokens.tsv serve.log st <<'PY' || fail "the operator keeps an element or a token"
import glob, json, os, sys
secrets = json.load(open(sys.argv[1]))["elements"] + json.load(open(sys.argv[2]))["evaluated_elements"]
secrets += [line.split("\t")[0] for line in open(sys.argv[3]) if "\t" in line]
assert len(secrets) == 6, secrets
kept = [sys.argv[4]] + glob.glob(os.path.join(sys.argv[5], "*"))
for path in kept:
    data = open(path, "rb").read()
    for s in secrets:
        for form in (s.encode(), bytes.fromhex(s), bytes.fromhex(s)[:8]):
            assert form not in data, f"{path} holds {s[:8]}..."
PY

# ---- TLS by libmicrohttpd, with a CA made here ----------------------------------
make_test_ca
chmod 600 tls.key tls.crt
chmod 644 tls.key
run 2 "a TLS key readable by others" -- "$lw" serve --db corpus --key op.key --state st \
  --listen 127.0.0.1:0 --tls-cert tls.crt --tls-key tls.key
expect_text err.txt "chmod 600" "the TLS key's mode is checked"
chmod 600 tls.key
start_server tls.log --listen 127.0.0.1:0 --tls-cert tls.crt --tls-key tls.key --max-elements 10
[[ "$base" == https://* ]] || fail "TLS: the address is https ($base)"
[ "$(status --cacert ca.crt "$base/v1/pubkey")" = 200 ] || fail "TLS: GET /v1/pubkey with the CA"
[ "$(status "$base/v1/pubkey")" = 000 ] || fail "TLS: refused without the CA"
"$lw" blind --pubkey "$pk" --state q3.json --kind email amandine.zorglub@example.org > q3.request.json 2>/dev/null
"$lw" clients set-quota chu-lyon --quota 100/hour --state st >/dev/null 2>&1 || fail "set-quota"
[ "$(status --cacert ca.crt -H "Authorization: Bearer $key" --data-binary @q3.request.json "$base/v1/evaluate")" = 200 ] ||
  fail "TLS: evaluate after set-quota: $(cat body.json)"
# 10 elements a request: about 5 kB of body at most; 10 kB is refused unread.
head -c 10000 /dev/zero | tr '\0' 'x' > big.bin
[ "$(status --cacert ca.crt -H "Authorization: Bearer $key" --data-binary @big.bin "$base/v1/evaluate")" = 413 ] ||
  fail "TLS: a body over the cap: 413"
expect_text body.json '"error":"too-large"' "413 is a JSON error"
kill -TERM "$server"; wait "$server"; server=

# ---- Bad starts: one line, exit 2 --------------------------------------------------
run 2 "a bad --listen" -- "$lw" serve --db corpus --key op.key --state st --listen localhost
expect_text err.txt "--listen takes HOST:PORT" "--listen is taught"
"$lw" keygen --key other.key >/dev/null
run 2 "another key than the corpus's" -- "$lw" serve --db corpus --key other.key --state st --listen 127.0.0.1:0
run 2 "no client store" -- "$lw" serve --db corpus --key op.key --state nowhere --listen 127.0.0.1:0
expect_text err.txt "add a client first" "serve without clients says what to do"

finish "serve CLI"
