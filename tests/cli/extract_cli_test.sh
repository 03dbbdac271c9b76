#!/usr/bin/env bash
# leakwatch extract as a user meets it: help, errors and exit codes, output
# formats, bad input, bounded memory. Usage: extract_cli_test.sh LEAKWATCH
set -uo pipefail
source "$(dirname "$(realpath "$0")")/lib.sh"
lw=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

expect_status() {  # expect_status CODE DESCRIPTION -- COMMAND...
  local want=$1 what=$2; shift 3
  "$@" >"$work/out" 2>"$work/err"
  local got=$?
  [ "$got" -eq "$want" ] || fail "$what: exit $got, expected $want ($(head -c 300 "$work/err"))"
}

# Help teaches, with an example.
expect_status 0 "--help" -- "$lw" --help
expect_text "$work/out" "extract" "top-level help lists extract"
expect_status 0 "extract --help" -- "$lw" extract --help
expect_text "$work/out" "Examples:" "extract --help shows examples"
expect_text "$work/out" "--reveal" "extract --help lists --reveal"

# Bad usage: one line on stderr, exit 2.
expect_status 2 "unknown option" -- "$lw" extract --bogus
[ "$(wc -l <"$work/err")" -eq 1 ] || fail "unknown option: not one line on stderr"
expect_text "$work/err" "leakwatch: extract:" "unknown option names the command"
expect_status 2 "bad format" -- "$lw" extract --format xml /dev/null
expect_text "$work/err" "--format takes table or jsonl" "bad format says what is allowed"
expect_status 2 "bad region" -- "$lw" extract --region FRA /dev/null
expect_status 2 "unknown region" -- "$lw" extract --region QQ /dev/null
expect_status 0 "lowercase region" -- "$lw" extract --region it /dev/null
expect_status 2 "unknown command" -- "$lw" frobnicate
expect_status 2 "no command" -- "$lw"

# A table on stdin, redacted by default.
printf 'nom;prenom;date_naissance;nir;email;telephone\nDupont;Jean;14/07/1985;1 85 07 75 123 456 08;jean.dupont@example.org;06 12 34 56 78\n' >"$work/table.csv"
expect_status 0 "extract from stdin" -- sh -c "'$lw' extract < '$work/table.csv'"
expect_text "$work/out" "1 85 07 ** *** *** **" "NIR redacted"
grep -q "185077512345608\|jean.dupont@example.org\|612345678" "$work/out" &&
  fail "redacted output holds a value in clear"

# --reveal shows the canonical values; jsonl is valid JSON with records.
expect_status 0 "reveal jsonl" -- "$lw" extract --reveal --format jsonl "$work/table.csv"
expect_text "$work/out" '"kind":"nir","value":"185077512345608","line":2,"column":' "jsonl nir"
expect_text "$work/out" '"kind":"person","value":"dupont|jean|1985-07-14"' "jsonl person"
python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' "$work/out" ||
  fail "jsonl output is not JSON"

# --count: per kind, records and bytes.
expect_status 0 "count" -- "$lw" extract --count "$work/table.csv"
expect_text "$work/out" "nir      1" "count of nir"
expect_text "$work/out" "person   1" "count of person"
expect_text "$work/out" "bytes    $(wc -c <"$work/table.csv")" "bytes scanned"

# An unreadable file is reported in one line; the others are still read.
expect_status 1 "missing file" -- "$lw" extract --count "$work/none.txt" "$work/table.csv"
expect_text "$work/err" "none.txt: No such file or directory" "missing file named"
expect_text "$work/out" "nir      1" "the readable file was still scanned"
expect_status 1 "a directory" -- "$lw" extract "$work"
expect_text "$work/err" "Is a directory" "directory refused"

# Bad input: binary, NUL bytes, invalid UTF-8, a 1 MB line.
head -c 2000000 /dev/urandom >"$work/random.bin"
expect_status 0 "random bytes" -- "$lw" extract --count "$work/random.bin"
printf 'a\0b 06 12 34 56 78\0\xff\xfe jean@x.fr\n' >"$work/nul.txt"
expect_status 0 "NUL bytes" -- "$lw" extract --reveal "$work/nul.txt"
expect_text "$work/out" "+33612345678" "phone after a NUL byte"
expect_text "$work/out" "jean@x.fr" "email after invalid UTF-8"
{ head -c 1048576 /dev/zero | tr '\0' 'x'; printf ' jean@x.fr\n'; } >"$work/long.txt"
expect_status 0 "1 MB line" -- "$lw" extract --reveal --format jsonl "$work/long.txt"
expect_text "$work/out" '"value":"jean@x.fr","line":1,"column":1048578' "email after a 1 MB line"

# Memory stays bounded: 400 MB through a process limited to 256 MB of
# address space would fail if input were held in memory.
expect_status 0 "bounded memory" -- bash -c "ulimit -v 262144; yes 'Dupont;Jean;jean@x.fr;06 12 34 56 78;1 85 07 75 123 456 08' | head -c 400000000 | '$lw' extract --count"
expect_text "$work/out" "bytes    400000000" "all 400 MB scanned"

# A line with no newline at all (a 40 MB one) is cut in pieces, not held.
expect_status 0 "endless line" -- bash -c "ulimit -v 262144; head -c 40000000 /dev/zero | tr '\0' 'a' | '$lw' extract --count"

if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "all extract CLI checks passed"
