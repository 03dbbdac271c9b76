#!/usr/bin/env bash
# leakwatch keygen, pubkey, token and the blind protocol (blind, evaluate,
# unblind) as users meet them: help, errors and exit codes, key files, the
# protocol end to end, and what never leaves the institution.
# Usage: token_cli_test.sh LEAKWATCH
set -uo pipefail
source "$(dirname "$(realpath "$0")")/lib.sh"
lw=$(realpath "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
umask 022

expect_status() {  # expect_status CODE DESCRIPTION -- COMMAND...
  local want=$1 what=$2; shift 3
  "$@" >"$work/out" 2>"$work/err"
  local got=$?
  [ "$got" -eq "$want" ] || fail "$what: exit $got, expected $want ($(head -c 300 "$work/err"))"
}
expect_line() {  # expect_line FILE LINE DESCRIPTION: the whole file is this one line
  [ "$(cat "$1")" = "$2" ] || fail "$3: got '$(head -c 300 "$1")', expected '$2'"
}
expect_empty() {  # expect_empty FILE DESCRIPTION
  [ ! -s "$1" ] || fail "$2: $(basename "$1") not empty: $(head -c 200 "$1")"
}
mode_of() { stat -c %a "$1"; }

# RFC 9497 A.1.2: Seed = 32 bytes of 0xa3, KeyInfo = "test key".
rfc_seed=$(printf 'a3%.0s' $(seq 32))
rfc_pksm=c803e2cc6b05fc15064549b5920659ca4a77b2cca6f04f6b357009335476ad4e

# ---- Help: a usage line and examples for every command ---------------------
expect_status 0 "--help" -- "$lw" --help
for cmd in keygen pubkey token blind evaluate unblind; do
  expect_text "$work/out" "  $cmd" "top-level help lists $cmd"
done
for cmd in keygen pubkey token blind evaluate unblind; do
  expect_status 0 "$cmd --help" -- "$lw" "$cmd" --help
  expect_text "$work/out" "usage: leakwatch $cmd" "$cmd --help has a usage line"
  expect_text "$work/out" "Examples:" "$cmd --help has examples"
  expect_status 2 "$cmd with an unknown option" -- "$lw" "$cmd" --bogus
  [ "$(wc -l <"$work/err")" -eq 1 ] || fail "$cmd --bogus: not one line on stderr"
  expect_text "$work/err" "leakwatch: $cmd:" "$cmd --bogus names the command"
done

# ---- keygen and pubkey -------------------------------------------------------
expect_status 0 "keygen" -- "$lw" keygen --key k.key
[ "$(mode_of k.key)" = 600 ] || fail "keygen: mode $(mode_of k.key), expected 600"
grep -qE '^[0-9a-f]{64}$' out || fail "keygen prints the public key as 64 hex: $(cat out)"
pk=$(cat out)
grep -qE '^leakwatch-key-v1 [0-9a-f]{64}$' k.key || fail "key file format"
grep -qF -- "$(cut -d' ' -f2 k.key)" out && fail "keygen printed the secret key"
expect_status 0 "pubkey" -- "$lw" pubkey --key k.key
expect_line out "$pk" "pubkey prints keygen's public key"

cp k.key before.key
expect_status 2 "keygen over an existing file" -- "$lw" keygen --key k.key
expect_line err "leakwatch: keygen: key file k.key already exists; leakwatch never overwrites it" \
  "keygen refuses to overwrite"
cmp -s k.key before.key || fail "keygen changed an existing key file"
expect_empty out "keygen refusing prints nothing"

expect_status 0 "keygen --seed (RFC 9497 A.1.2)" -- "$lw" keygen --key rfc.key --seed "$rfc_seed" --info "test key"
expect_line out "$rfc_pksm" "seeded keygen gives the RFC's pkSm"
expect_status 0 "pubkey of the RFC key" -- "$lw" pubkey --key rfc.key
expect_line out "$rfc_pksm" "pubkey gives the RFC's pkSm"
echo "$rfc_seed" >seed.hex
expect_status 0 "keygen --seed -" -- sh -c "'$lw' keygen --key rfc2.key --seed - --info 'test key' < seed.hex"
expect_line out "$rfc_pksm" "seed from standard input"
expect_status 2 "bad seed" -- "$lw" keygen --key x.key --seed abcd
expect_line err "leakwatch: keygen: --seed takes 64 hex characters (32 bytes)" "bad seed message"
[ -e x.key ] && fail "a bad seed left a key file"
expect_status 2 "--info without --seed" -- "$lw" keygen --key x.key --info foo
expect_status 2 "keygen without --key" -- "$lw" keygen

# A key file others can read is refused by every command that reads one.
cp -p k.key open.key
chmod 644 open.key
msg="key file open.key is readable by group or others (mode 0644); chmod 600 open.key"
expect_status 2 "pubkey, key 0644" -- "$lw" pubkey --key open.key
expect_line err "leakwatch: pubkey: $msg" "pubkey refuses a 0644 key"
expect_empty out "pubkey refusing prints nothing"
expect_status 2 "token, key 0644" -- "$lw" token --key open.key jean@x.fr
expect_line err "leakwatch: token: $msg" "token refuses a 0644 key"
expect_empty out "token refusing prints nothing"
echo '{}' >empty.json
expect_status 2 "evaluate, key 0644" -- sh -c "'$lw' evaluate --key open.key < empty.json"
expect_line err "leakwatch: evaluate: $msg" "evaluate refuses a 0644 key"
expect_empty out "evaluate refusing prints nothing"
chmod 640 open.key
expect_status 2 "pubkey, key 0640" -- "$lw" pubkey --key open.key
expect_line err "leakwatch: pubkey: key file open.key is readable by group or others (mode 0640); chmod 600 open.key" \
  "0640 refused"
printf 'leakwatch-key-v1 nothex\n' >bad.key && chmod 600 bad.key
expect_status 2 "malformed key" -- "$lw" pubkey --key bad.key
expect_text err "not a leakwatch-key-v1 file" "malformed key message"
expect_status 2 "missing key" -- "$lw" pubkey --key none.key
expect_line err "leakwatch: pubkey: key file none.key: No such file or directory" "missing key message"

# ---- token -------------------------------------------------------------------
expect_status 0 "token of values" -- "$lw" token --key rfc.key 'Jean.Martin@Example.org' '+33 6 12 34 56 78' '1 85 07 75 123 456 08'
printf 'c253bad0ada3ca4eeea418107a31eae3\temail\n' >want
head -1 out | cmp -s - want || fail "token of jean.martin@example.org under the RFC key: $(head -1 out)"
[ "$(cut -f2 out | tr '\n' ' ')" = "email phone nir " ] || fail "token kinds: $(cut -f2 out | tr '\n' ' ')"
grep -qiE 'martin|example|612345678|185077' out && fail "token printed a value"
cp out values.tsv
expect_status 0 "token from stdin" -- sh -c "printf 'jean.martin@example.org\n+33612345678\n185077512345608\n' | '$lw' token --key rfc.key -"
cmp -s out values.tsv || fail "stdin and arguments give the same tokens"
expect_status 0 "token --kind person" -- "$lw" token --key rfc.key --kind person 'DUPONT|Jean Pierre|02/01/1980' 'dupont|jean-pierre|1980-01-02'
[ "$(cut -f1 out | sort -u | wc -l)" -eq 1 ] || fail "person in two spellings gives one token"
expect_text out "	person" "person kind printed"
expect_status 0 "token --kind nir of a keyless NIR" -- "$lw" token --key rfc.key --kind nir 1850775123456
[ "$(cut -f1 out)" = "$(sed -n 3p values.tsv | cut -f1)" ] || fail "keyless NIR with --kind nir"

expect_status 2 "a value that is not an identifier" -- "$lw" token --key rfc.key jean@x.fr bob@y.fr 'secret-word jean@x.fr'
expect_line err "leakwatch: token: value 3: not an identifier of a known kind" "bad value names its position"
expect_empty out "nothing printed when a value is bad"
expect_status 2 "a value of the wrong kind" -- "$lw" token --key rfc.key --kind nir jean@x.fr
expect_line err "leakwatch: token: value 1: not a valid nir" "wrong kind message"
expect_status 2 "a bad line on stdin" -- sh -c "printf 'jean@x.fr\nnot-an-id\n' | '$lw' token --key rfc.key"
expect_line err "leakwatch: token: value 2: not an identifier of a known kind" "stdin line position"
grep -q "not-an-id" err && fail "error echoed the value"
expect_status 2 "a line too long on stdin" -- sh -c "{ printf 'jean@x.fr'; head -c 70000 /dev/zero | tr '\\0' ' '; printf 'x\\n'; } | '$lw' token --key rfc.key"
expect_text err "leakwatch: token: value 1: " "a long line is refused by its position"
expect_status 2 "bad --kind" -- "$lw" token --key rfc.key --kind mail x
expect_text err "--kind takes one of" "bad kind message"

# 3000 values: the same tokens with 1 thread and with 2.
seq 1 3000 | sed 's/^/user/; s/$/@example.org/' >emails.txt
expect_status 0 "token, 1 thread" -- sh -c "'$lw' token --key rfc.key --threads 1 --kind email - < emails.txt"
cp out one.tsv
expect_status 0 "token, 2 threads" -- sh -c "'$lw' token --key rfc.key --threads 2 --kind email - < emails.txt"
cmp -s out one.tsv || fail "1 and 2 threads disagree"
[ "$(wc -l <one.tsv)" -eq 3000 ] || fail "3000 tokens expected"

# ---- Records -----------------------------------------------------------------
cat >records.csv <<'CSV'
nom;prenom;date_naissance;nir;email;telephone;commentaire
Dupont;Jean-Pierre;14/07/1985;1 85 07 75 123 456 08;Jean.Dupont@Example.org;06 12 34 56 78;ras
Martin;Marie;01/02/1990;2 90 02 75 123 456 21;marie.martin@example.org;;"suivi
sur deux lignes"
Rossi;Mario;10/12/1985;;mario.rossi@example.it;+39 345 123 4567;
CSV
expect_status 0 "token --records" -- "$lw" token --key k.key --records records.csv
cp out direct.tsv
[ "$(wc -l <direct.tsv)" -eq 10 ] || fail "token --records: $(wc -l <direct.tsv) lines"
grep -qvP '^[0-9a-f]{32}\t(email|nir|cf|phone|iban|card|person)\t[0-9]+$' direct.tsv &&
  fail "token --records lines are TOKEN<TAB>KIND<TAB>ROW"
grep -qP '\tperson\t2$' direct.tsv || fail "person of the row starting on line 2"
grep -qP '\tnir\t3$' direct.tsv || fail "the NIR of the row starting on line 3"
grep -qP '\temail\t5$' direct.tsv || fail "the row after a two-line row starts on line 5"
expect_status 2 "--records with --kind" -- "$lw" token --key k.key --records records.csv --kind email

# ---- The blind protocol end to end --------------------------------------------
expect_status 0 "blind" -- sh -c "'$lw' blind --pubkey $pk --state state.json --records records.csv > request.json"
[ "$(mode_of state.json)" = 600 ] || fail "state mode $(mode_of state.json)"
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert sorted(r)==["elements","protocol","request_id"], r.keys(); assert r["protocol"]=="leakwatch-blind-v1"' request.json ||
  fail "request holds protocol, request_id and elements only"
# Nothing of the records in the request, in any form; nor in the state.
for v in Dupont dupont DUPONT Jean-Pierre 'jean pierre' jean Jean.Dupont jean.dupont JEAN.DUPONT \
  example Example.org 185077512345608 '1 85 07' 290027512345621 0612345678 '06 12 34 56 78' \
  612345678 +33612345678 33612345678 3451234567 393451234567 '345 123 4567' Rossi rossi mario \
  Martin martin marie 1985-07-14 14/07/1985 1990-02-01 '1985' 'suivi' ras; do
  # A short all-hex needle ('1985') turns up inside random hex by chance
  # (blinds, elements): look for it only outside hex runs.
  if [[ "$v" =~ ^[0-9a-fA-F]{1,12}$ ]]; then
    pattern="(?<![0-9a-fA-F])${v}(?![0-9a-fA-F])"
    grep -qiP -- "$pattern" request.json && fail "request.json holds '$v'"
    grep -qiP -- "$pattern" state.json && fail "state.json holds '$v'"
    continue
  fi
  grep -qiF -- "$v" request.json && fail "request.json holds '$v'"
  grep -qiF -- "$v" state.json && fail "state.json holds '$v'"
done
expect_status 0 "evaluate" -- sh -c "'$lw' evaluate --key k.key --audit audit.log --requester chu-lyon < request.json > response.json"
expect_empty err "evaluate is silent"
expect_status 0 "unblind" -- sh -c "'$lw' unblind --state state.json < response.json"
cmp -s out direct.tsv || fail "blind | evaluate | unblind differs from token --records: $(diff out direct.tsv | head -5)"

# The audit line: UTC time, request id, requester, count; nothing else.
n=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["elements"]))' request.json)
id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["request_id"])' request.json)
[ "$(mode_of audit.log)" = 600 ] || fail "audit mode $(mode_of audit.log)"
grep -qE "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z request_id=$id requester=chu-lyon elements=$n\$" audit.log ||
  fail "audit line: $(cat audit.log)"
expect_status 0 "second evaluate appends" -- sh -c "'$lw' evaluate --key k.key --audit audit.log --requester ars < request.json > /dev/null"
[ "$(wc -l <audit.log)" -eq 2 ] || fail "audit appends one line per request"
expect_status 2 "--audit without --requester" -- sh -c "'$lw' evaluate --key k.key --audit a2.log < request.json"
expect_empty out "--audit alone prints nothing"
expect_status 2 "a bad requester" -- sh -c "'$lw' evaluate --key k.key --audit a2.log --requester 'a b' < request.json"
[ -e a2.log ] && fail "a refused request left an audit file"

# Another key: the proof fails, nothing printed.
"$lw" keygen --key other.key >/dev/null
expect_status 0 "evaluate with another key" -- sh -c "'$lw' evaluate --key other.key < request.json > wrong.json"
expect_status 2 "unblind of another key's response" -- sh -c "'$lw' unblind --state state.json < wrong.json"
expect_line err "leakwatch: unblind: proof does not verify: the operator did not use the key it published" \
  "wrong key message"
expect_empty out "wrong key: nothing on stdout"

# A tampered response: a proof changed, two evaluated elements swapped.
python3 - response.json tampered1.json tampered2.json <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
p = r["proofs"][0]
r["proofs"][0] = p[:10] + ("0" if p[10] != "0" else "1") + p[11:]
json.dump(r, open(sys.argv[2], "w"))
r = json.load(open(sys.argv[1]))
e = r["evaluated_elements"]
e[0], e[1] = e[1], e[0]
json.dump(r, open(sys.argv[3], "w"))
PY
for t in tampered1 tampered2; do
  expect_status 2 "unblind of $t" -- sh -c "'$lw' unblind --state state.json < $t.json"
  expect_text err "proof does not verify" "$t fails the proof"
  expect_empty out "$t: nothing on stdout"
done

# Records changed since blind: said, nothing printed.
cp records.csv records.orig
sed -i 's/mario.rossi/mario.rosso/' records.csv
expect_status 2 "unblind after the records changed" -- sh -c "'$lw' unblind --state state.json < response.json"
expect_text err "the identifiers differ from those blinded" "changed records message"
expect_empty out "changed records: nothing on stdout"
mv records.orig records.csv
mkdir moved && cp records.csv moved/
expect_status 0 "unblind --records from elsewhere" -- sh -c "'$lw' unblind --state state.json --records moved/records.csv < response.json"
cmp -s out direct.tsv || fail "unblind --records gives the same lines"

# Values by hand: blind and unblind take the same values.
expect_status 0 "blind values" -- sh -c "'$lw' blind --pubkey $pk --state vstate.json --kind email jean@x.fr bob@y.fr > vrequest.json"
"$lw" evaluate --key k.key <vrequest.json >vresponse.json
expect_status 2 "unblind values without the values" -- sh -c "'$lw' unblind --state vstate.json < vresponse.json"
expect_text err "give the same values again" "values must be given again"
expect_status 0 "unblind values" -- sh -c "'$lw' unblind --state vstate.json jean@x.fr bob@y.fr < vresponse.json"
"$lw" token --key k.key --kind email jean@x.fr bob@y.fr | awk -F'\t' '{print $1 "\t" $2 "\t" NR}' >vwant
cmp -s out vwant || fail "values: unblind equals token"

# blind refusals.
expect_status 2 "blind over an existing state" -- sh -c "'$lw' blind --pubkey $pk --state state.json jean@x.fr"
expect_text err "already exists; leakwatch never overwrites it" "state never overwritten"
expect_empty out "no request when the state cannot be written"
expect_status 2 "blind with a bad public key" -- "$lw" blind --pubkey "$(printf '0%.0s' $(seq 64))" --state s2.json jean@x.fr
expect_text err "--pubkey takes" "bad pubkey message"
expect_status 2 "blind of a non-identifier" -- "$lw" blind --pubkey "$pk" --state s3.json jean@x.fr nothing
expect_line err "leakwatch: blind: value 2: not an identifier of a known kind" "blind value position"
[ -e s3.json ] && fail "a refused blind left a state file"

# ---- Malformed requests: one line, exit 2, nothing on stdout -------------------
good=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["elements"][0])' request.json)
idhex=00112233445566778899aabbccddeeff
req() { printf '{"protocol":"%s","request_id":"%s","elements":[%s]}' "$1" "$2" "$3"; }
check_request() {  # check_request NAME EXPECTED-MESSAGE [EVALUATE-OPTIONS...]
  local name=$1 want=$2; shift 2
  expect_status 2 "malformed request: $name" -- sh -c "'$lw' evaluate --key k.key $* < bad.json"
  expect_line err "leakwatch: evaluate: $want" "malformed request: $name"
  expect_empty out "malformed request $name: nothing on stdout"
}
printf '{"protocol": "leakwatch-blind-v1", "elements": [' >bad.json
check_request "truncated JSON" "request: not valid JSON (at byte 49)"
req leakwatch-blind-v2 $idhex "\"$good\"" >bad.json
check_request "another version" "request: not a leakwatch-blind-v1 message (unsupported protocol)"
req leakwatch-blind-v1 $idhex "\"${good^^}\"" >bad.json
check_request "uppercase hex" "request: element 1 is not 64 lowercase hex characters"
req leakwatch-blind-v1 $idhex "\"$good\",\"zz${good:2}\"" >bad.json
check_request "bad hex" "request: element 2 is not 64 lowercase hex characters"
req leakwatch-blind-v1 $idhex "\"$good\",\"$(printf '0%.0s' $(seq 64))\"" >bad.json
check_request "the identity" "request: element 2 is not a valid group element"
req leakwatch-blind-v1 $idhex "\"$good\",\"$(printf 'f%.0s' $(seq 64))\"" >bad.json
check_request "a non-canonical element" "request: element 2 is not a valid group element"
req leakwatch-blind-v1 $idhex "" >bad.json
check_request "no element" "request: no elements"
req leakwatch-blind-v1 $idhex "\"$good\",\"$good\",\"$good\"" >bad.json
check_request "too many elements" "request: 3 elements, more than the 2 allowed (--max-elements)" --max-elements 2
head -c 100000 /dev/zero | tr '\0' ' ' >bad.json
check_request "too large" "request: larger than 4176 bytes" --max-elements 1
req leakwatch-blind-v1 nothex "\"$good\"" >bad.json
check_request "bad request id" "request: request_id is not 32 lowercase hex characters"
: >bad.json
check_request "empty input" "request: not valid JSON (at byte 1)"

# Malformed responses and states.
echo '{"protocol":"leakwatch-blind-v1"}' >bad.json
expect_status 2 "malformed response" -- sh -c "'$lw' unblind --state state.json < bad.json"
expect_text err "response: " "malformed response message"
expect_empty out "malformed response: nothing on stdout"
expect_status 2 "missing state" -- sh -c "'$lw' unblind --state nostate.json < response.json"
expect_line err "leakwatch: unblind: nostate.json: No such file or directory" "missing state message"

if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "all token and blind protocol CLI checks passed"
