#!/usr/bin/env bash
# check --remote as an institution meets it: a real `serve` on loopback,
# directly, through relays (recording, byte-flipping, cutting) and behind
# nginx with TLS (a CA made here); the in-house check on the same corpus is
# the referee.
# Usage: remote_check_cli_test.sh LEAKWATCH SOURCE_ROOT
set -uo pipefail
source "$(dirname "$(realpath "$0")")/lib.sh"
lw=$(realpath "$1")
root=$(realpath "$2")
source "$root/scripts/demo-site.sh"  # demo_free_port, nginx_conf_head
support=$(realpath "$(dirname "$(realpath "$0")")/../support")
enter_nginx_work
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY  # loopback only
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; leave_nginx_work' EXIT

"$lw" keygen --key op.key >/dev/null || fail "keygen"
pk=$("$lw" pubkey --key op.key)
# The institution's list: 20,000 AP-HP-shaped rows (most runs check its
# first 2,000); one dump leaked every 10th, a later one row 1,234.
python3 "$support/aphp_rows.py" 20000 7 > patients.csv
head -2001 patients.csv > first.csv
python3 "$support/aphp_rows.py" 20000 7 10 3 > dump1.csv
python3 "$support/aphp_rows.py" 1235 7 1235 1234 > dump2.csv
cp "$root/seeds/demo/patients.csv" demo.csv
"$lw" index --db corpus --key op.key dump1.csv >/dev/null 2>&1 || fail "index dump1"
"$lw" clients add chu --quota 1000000/day --state st >key.txt 2>/dev/null || fail "clients add"
"$lw" clients add tiny --quota 10/day --state st >tiny.txt 2>/dev/null || fail "clients add tiny"
printf 'lwk_not-a-key-of-this-server-000000000000000000000\n' >wrong.txt
chmod 600 key.txt tiny.txt wrong.txt

"$lw" serve --db corpus --key op.key --state st --listen 127.0.0.1:0 2>serve.log &
pids+=($!)
for _ in $(seq 100); do grep -q "listening on" serve.log && break; sleep 0.05; done
base=$(grep -o 'http://[^ ]*' serve.log | head -1)
[ -n "$base" ] || { fail "serve did not start: $(cat serve.log)"; exit 1; }

relay() {  # relay MODE [DIR]: a relay in front of serve; sets $relay_url
  rm -f port.txt
  python3 "$support/relay.py" port.txt "$base" "$@" &
  pids+=($!)
  for _ in $(seq 100); do [ -s port.txt ] && break; sleep 0.05; done
  relay_url="http://127.0.0.1:$(cat port.txt)"
}
remote() {  # remote URL KEYFILE ARGS...: check --remote with the pinned key
  local url=$1 keyfile=$2; shift 2
  "$lw" check --remote "$url" --api-key-file "$keyfile" --pubkey "$pk" "$@"
}

# ---- the same report as in-house, through a recording relay ----------------
mkdir bodies
relay record bodies
recorder=$relay_url
"$lw" check --db corpus --key op.key --records patients.csv --format json >inhouse.json 2>/dev/null ||
  fail "in-house check"
run 0 "check --remote, 20,000 rows" -- remote "$recorder" key.txt --records patients.csv \
  --format json --cache cache --save-tokens tokens.tsv
cmp -s out.txt inhouse.json || fail "check --remote prints the in-house report: $(diff out.txt inhouse.json | head -5)"
python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["summary"]; assert s["rows_checked"]==20000 and s["rows_exposed"]>=2000, s' inhouse.json ||
  fail "the referee finds the leaked tenth"
[ "$(stat -c %a cache)" = 700 ] && [ "$(stat -c %a cache/feed.cache)" = 600 ] || fail "the cache is private"
[ "$(stat -c %a tokens.tsv)" = 600 ] || fail "--save-tokens writes 0600"
ls cache | grep -qv -e feed.cache -e items.sealed && fail "the cache holds only the feed and the catalog"
# The demo's patients, every format, with the cache brought up to date.
"$lw" index --db corpus --key op.key "$root/seeds/demo/site" >/dev/null 2>&1 || fail "index the demo site"
for format in table json jsonl csv; do
  "$lw" check --db corpus --key op.key --records demo.csv --format $format >inhouse.$format 2>/dev/null
  run 0 "check --remote --format $format" -- remote "$recorder" key.txt --records demo.csv \
    --format $format --cache cache
  cmp -s out.txt inhouse.$format || fail "the in-house report ($format): $(diff out.txt inhouse.$format | head -5)"
done
expect_text inhouse.table "8 rows checked, 5 exposed" "the demo's 5 exposed rows"
# The report names the demo's files; the cached catalog does not, in clear.
grep -q "seeds/demo/site" out.txt || fail "the report names the items' sources"
grep -rqa "seeds/demo/site" cache && fail "the cached catalog is sealed: no source in clear"

# ---- refusals -----------------------------------------------------------------
run 2 "a wrong API key" -- remote "$base" wrong.txt --records first.csv
expect_text err.txt "refused the API key (401)" "a wrong key is named"
[ ! -s out.txt ] || fail "no report after a refusal"
run 2 "a server with another key" -- "$lw" check --remote "$base" --api-key-file key.txt \
  --pubkey "$("$lw" keygen --key other.key >/dev/null && "$lw" pubkey --key other.key)" --records first.csv
expect_text err.txt "not the pinned --pubkey" "a swapped server key is refused"
run 2 "over quota" -- remote "$base" tiny.txt --records first.csv
expect_text err.txt "over quota (429" "over quota says so"
python3 - st/clients.sqlite <<'PY' || fail "the refusal is an audit row and nothing was evaluated"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
rows = db.execute("select endpoint, status, outcome from audit where client='tiny'").fetchall()
assert ("evaluate", 429, "over-quota") in rows, rows
used = db.execute("select coalesce(sum(used),0) from usage where client='tiny'").fetchone()[0]
assert used == 0, used
PY

relay flip
run 2 "an answer altered in flight" -- remote "$relay_url" key.txt --records first.csv
expect_text err.txt "proof does not verify" "a flipped byte fails the proof"
[ ! -s out.txt ] || fail "no report after a failed proof"
relay flip-element
run 2 "an element altered in flight" -- remote "$relay_url" key.txt --records first.csv
[ "$(wc -l < err.txt)" -eq 1 ] && [ ! -s out.txt ] || fail "one line and no report: $(cat err.txt)"
relay cut
run 2 "the server gone mid-answer" -- remote "$relay_url" key.txt --records first.csv
[ "$(wc -l < err.txt)" -eq 1 ] || fail "one line when the server is lost: $(cat err.txt)"
[ ! -s out.txt ] || fail "no report when the server is lost"

# ---- a monitor: --new-since ----------------------------------------------------
"$lw" check --db corpus --key op.key --records first.csv --format csv >inhouse-first.csv 2>/dev/null
run 0 "first monitor run" -- remote "$base" key.txt --records first.csv --new-since seen.state --format csv
[ "$(grep -c ',true,' out.txt)" -eq "$(grep -c ',true,' inhouse-first.csv)" ] || fail "the first run reports every exposure"
[ "$(stat -c %a seen.state)" = 600 ] || fail "the monitor state is 0600"
run 1 "second monitor run, nothing new" -- remote "$base" key.txt --records first.csv --new-since seen.state --format csv
[ "$(grep -c ',true,' out.txt)" -eq 0 ] || fail "nothing is reported twice"
"$lw" index --db corpus --key op.key dump2.csv >/dev/null 2>&1 || fail "index dump2"
run 0 "after a new dump" -- remote "$base" key.txt --records first.csv --new-since seen.state --format csv \
  --cache cache
[ "$(cut -d, -f1 out.txt | grep -v row | sort -u)" = 1236 ] || fail "the new dump's row (line 1236) alone: $(head -3 out.txt)"
[ "$(grep -c ',true,' out.txt)" -eq 4 ] || fail "its 4 identifiers, once each: $(cat out.txt)"
run 1 "and then nothing" -- remote "$base" key.txt --records first.csv --new-since seen.state

# ---- behind nginx with TLS -------------------------------------------------------
make_test_ca
mkdir -p nginx/tmp
chmod 755 "$work"
port=$(demo_free_port 127.0.0.1)
{ nginx_conf_head "$work"; cat <<CONF
  server {
    listen 127.0.0.1:$port ssl;
    ssl_certificate $work/tls.crt;
    ssl_certificate_key $work/tls.key;
    client_max_body_size 8m;
    location / { proxy_pass $base; proxy_http_version 1.1; }
  }
}
CONF
} > nginx/nginx.conf
launch_nginx "$work/nginx" "http://127.0.0.1:$port/" >/dev/null 2>&1
"$lw" check --db corpus --key op.key --records first.csv >inhouse-first.table 2>/dev/null
run 0 "through nginx with TLS" -- remote "https://localhost:$port" key.txt --records first.csv --ca-file ca.crt
cmp -s out.txt inhouse-first.table || fail "the same report through nginx and TLS"
grep -q '"POST /v1/evaluate' nginx/access.log || fail "the requests went through nginx"
run 2 "TLS without the CA" -- remote "https://localhost:$port" key.txt --records first.csv
[ "$(wc -l < err.txt)" -eq 1 ] || fail "one line for an unverified server: $(cat err.txt)"

# ---- the operator sees nothing of the institution's --------------------------
python3 - tokens.tsv patients.csv bodies serve.log st/clients.sqlite* nginx/access.log <<'PY' || fail "the operator's side holds nothing of the institution's"
# Every token (hex, either case, whole or its first 8 bytes; raw, whole or
# its first 8 bytes) and every value of the list (NIR, phone as written and
# compact, email), searched by sliding windows and set look-ups.
import os, re, sys
tokens = [l.split("\t")[0] for l in open(sys.argv[1])]
hex16 = {t[:16] for t in tokens}
raw8 = {bytes.fromhex(t)[:8] for t in tokens}
values = set()
for line in list(open(sys.argv[2]))[1:]:
    f = line.strip().split(";")
    values.update([f[4], f[5].replace(" ", ""), "33" + f[5].replace(" ", "")[1:], f[6].lower()])
assert len(tokens) == 80000 and len(values) > 79000, (len(tokens), len(values))
files = [os.path.join(sys.argv[3], n) for n in os.listdir(sys.argv[3])] + sys.argv[4:]
assert len(files) > 10, files
for path in files:
    data = open(path, "rb").read()
    text = data.decode("latin-1")
    for run in re.finditer(r"[0-9a-fA-F]{16,}", text):
        r = run.group().lower()
        assert not any(r[i:i + 16] in hex16 for i in range(len(r) - 15)), (path, "a token in hex")
    assert not any(data[i:i + 8] in raw8 for i in range(len(data) - 7)), (path, "a raw token")
    for word in re.finditer(r"[\w.@+-]+", text):
        w = word.group().lower()
        assert w not in values and re.sub(r"\D", "", w) not in values, (path, "a value")
    for phone in re.finditer(r"0\d(?: \d\d){4}", text):
        assert phone.group().replace(" ", "") not in values, (path, "a phone")
print("searched", len(files), "files")
PY

# ---- the server killed while it evaluates ------------------------------------------
# A second serve of the same corpus; once it has answered a first chunk of
# the 20,000 rows (others are in flight on their connections), kill -9:
# one line, exit 2, no report.
"$lw" serve --db corpus --key op.key --state st --listen 127.0.0.1:0 2>serve2.log &
victim=$!
pids+=($victim)
for _ in $(seq 100); do grep -q "listening on" serve2.log && break; sleep 0.05; done
victim_url=$(grep -o 'http://[^ ]*' serve2.log | head -1)
remote "$victim_url" key.txt --records patients.csv >out.txt 2>err.txt &
checker=$!
for _ in $(seq 600); do grep -q evaluate serve2.log && break; sleep 0.05; done
grep -q evaluate serve2.log || fail "the second server answered no chunk: $(tail -3 serve2.log)"
kill -9 "$victim"
wait "$checker"
status=$?
[ "$status" -eq 2 ] || fail "the server killed mid-run: exit $status, not 2"
[ "$(wc -l < err.txt)" -eq 1 ] || fail "one line when the server is killed: $(cat err.txt)"
[ ! -s out.txt ] || fail "no report when the server is killed"

if [ "$failures" -eq 0 ]; then echo "remote check: all passed"; exit 0; fi
echo "remote check: $failures failure(s)"; exit 1
