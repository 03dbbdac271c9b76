#!/usr/bin/env bash
# A remote shard carried over TLS with stunnel (contrib/stunnel), on loopback:
# xapian-tcpsrv on 127.0.0.1 only, a stunnel server that requires a client
# certificate signed by the test CA, a stunnel client that checks the
# server's certificate and IP. A relay between the two stunnels records the
# bytes on the wire: they must hold no token, site label or "leakwatch"; the
# same relay in front of xapian-tcpsrv without stunnel shows that they would.
# A client whose certificate the CA did not sign is refused.
# Usage: shards_tls_cli_test.sh LEAKWATCH
set -uo pipefail
source "$(dirname "$(realpath "$0")")/lib.sh"
contrib=$(realpath "$(dirname "$(realpath "$0")")/../../contrib/stunnel")
lw=$(realpath "$1")
work=$(mktemp -d)
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work" || exit 1

stunnel_bin=$(command -v stunnel4 || command -v stunnel) || {
  echo "FAIL: stunnel not found (Debian package stunnel4; scripts/install-deps.sh)"
  exit 1
}

# Free loopback ports, all held at once so that none is picked twice.
read -r tcpsrv_port server_port wire_port client_port rogue_port wrongip_port clear_port < <(
  python3 -c 'import socket
ss = [socket.socket() for _ in range(7)]
for s in ss: s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in ss))')

# wait_port PORT: until something listens there (5 s at most).
wait_port() {
  local _
  for _ in $(seq 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  fail "nothing listens on 127.0.0.1:$1"
  return 1
}

# start_relay LISTEN_PORT TARGET_PORT RECORDING: a TCP relay on 127.0.0.1
# that appends every byte it carries, both ways, to RECORDING.
start_relay() {
  : > "$3"
  python3 - "$1" "$2" "$3" >>relay.log 2>&1 <<'PY' &
import socket, sys, threading
listen_port, target_port, recording = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
lock = threading.Lock()
out = open(recording, "ab", buffering=0)

def pump(src, dst):
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            with lock:
                out.write(data)
            dst.sendall(data)
    except OSError:
        pass
    finally:
        try:
            dst.shutdown(socket.SHUT_WR)
        except OSError:
            pass

def serve(client):
    try:
        upstream = socket.create_connection(("127.0.0.1", target_port), 5)
        upstream.settimeout(None)
    except OSError:
        client.close()
        return
    back = threading.Thread(target=pump, args=(upstream, client), daemon=True)
    back.start()
    pump(client, upstream)
    back.join()
    client.close()
    upstream.close()

server = socket.create_server(("127.0.0.1", listen_port))
while True:
    conn, _ = server.accept()
    threading.Thread(target=serve, args=(conn,), daemon=True).start()
PY
  pids+=($!)
  wait_port "$1"
}

# conf_from TEMPLATE NAME OPTION=VALUE...: NAME.conf is contrib/stunnel's
# TEMPLATE (server.conf, client.conf) with each OPTION set to VALUE, dropped
# when VALUE is empty, added when the template lacks it (global options in
# front of the first section); the example configs are what runs here.
conf_from() {
  python3 - "$contrib/$1" "$2.conf" "${@:3}" <<'PY' || fail "stunnel config $2 from $1"
import re, sys
template, out, *pairs = sys.argv[1:]
want = dict(p.split("=", 1) for p in pairs)
glob = {"foreground", "pid", "syslog", "debug", "output", "setuid", "setgid"}
lines, done, in_service = [], set(), False
for line in open(template):
    if line.startswith("["):
        if not in_service:
            lines += [f"{k} = {v}\n" for k, v in want.items() if k in glob and k not in done]
        in_service = True
    m = re.match(r"\s*([A-Za-z]+)\s*=", line)
    if m and m.group(1) in want:
        done.add(m.group(1))
        if want[m.group(1)]:
            lines.append(f"{m.group(1)} = {want[m.group(1)]}\n")
        continue
    lines.append(line)
lines += [f"{k} = {v}\n" for k, v in want.items() if k not in glob and k not in done and v]
open(out, "w").write("".join(lines))
PY
}

# start_stunnel NAME: runs NAME.conf in the foreground, in the background.
start_stunnel() {
  "$stunnel_bin" "$work/$1.conf" >"$1.log" 2>&1 &
  pids+=($!)
}

# ---- a CA, the server's certificate, a client's, and a stranger's ------------
mkcert() {  # mkcert NAME CN [EXTENSION]: NAME.key, NAME.crt signed by ca
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$1.key" -out "$1.csr" -subj "/CN=$2" 2>>openssl.log || return 1
  printf '%s\n' "${3:-extendedKeyUsage=clientAuth}" > "$1.ext"
  openssl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial \
    -days 2 -out "$1.crt" -extfile "$1.ext" 2>>openssl.log
}
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
  -keyout ca.key -out ca.crt -subj "/CN=shards test CA" 2>>openssl.log || fail "CA"
mkcert server "127.0.0.1" "subjectAltName=IP:127.0.0.1
extendedKeyUsage=serverAuth" || fail "server certificate"
mkcert client "institution-a" || fail "client certificate"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
  -keyout rogue.key -out rogue.crt -subj "/CN=institution-a" 2>>openssl.log || fail "self-signed certificate"
chmod 600 ./*.key

# ---- a small corpus -----------------------------------------------------------------
site=tlsshard-forum
"$lw" keygen --key k.key >/dev/null || fail "keygen"
cat > leak.csv <<'CSV'
nom;prenom;date_naissance;email;telephone
Zorglub;Amandine;14/07/1985;amandine.zorglub@example.org;06 12 34 56 78
Quidam;Paul;01/02/1970;paul.quidam@example.com;
CSV
run 0 "index the corpus" -- "$lw" index --db corpus --key k.key --site "$site" leak.csv
"$lw" token --key k.key amandine.zorglub@example.org '+33 6 12 34 56 78' paul.quidam@example.com \
  > tokens.tsv || fail "token"
[ "$(wc -l < tokens.tsv)" -eq 3 ] || fail "three tokens: $(cat tokens.tsv)"
run 0 "search the corpus folder" -- "$lw" search --db corpus --tokens tokens.tsv --format json
cp out.txt direct.json

setsid xapian-tcpsrv --interface 127.0.0.1 --port "$tcpsrv_port" "$work/corpus" >tcpsrv.log 2>&1 &
pids+=($!)
wait_port "$tcpsrv_port"

# ---- control: the remote protocol without TLS, seen on the wire ---------------------
start_relay "$clear_port" "$tcpsrv_port" clear.rec
printf 'remote 127.0.0.1:%s\n' "$clear_port" > clear.stub
run 0 "search through the plain relay" -- "$lw" search --db clear.stub --tokens tokens.tsv --format json
cmp -s out.txt direct.json || fail "plain remote and folder differ: $(head -c 300 out.txt)"
# What leaks: a token's raw 16 bytes (terms travel in clear), the metadata key.
python3 - clear.rec tokens.tsv <<'PY' > clear.seen || fail "control: the clear recording shows nothing: $(cat clear.seen)"
import sys
data = open(sys.argv[1], "rb").read()
tokens = [line.split("\t")[0] for line in open(sys.argv[2]) if line.strip()]
seen = [f"token {t} raw" for t in tokens if bytes.fromhex(t) in data]
seen += [f"{s!r}" for s in (b"leakwatch.format", b"leakwatch.pubkey") if s in data]
print(f"{len(data)} bytes recorded; in clear: " + (", ".join(seen) or "nothing"))
sys.exit(0 if seen else 1)
PY

# ---- the stunnel server on the shard's machine ---------------------------------------
# As root the example's setuid would apply; the test runs as whoever runs it.
conf_from server.conf server setuid= setgid= syslog=no debug=notice "pid=$work/server.pid" \
  "accept=127.0.0.1:$server_port" "connect=127.0.0.1:$tcpsrv_port" \
  "cert=$work/server.crt" "key=$work/server.key" "CAfile=$work/ca.crt"
grep -q '^verifyChain = yes' server.conf || fail "the example server verifies clients"
start_stunnel server
wait_port "$server_port"
# The wire between the reader's stunnel and the shard's.
start_relay "$wire_port" "$server_port" wire.rec

# client_conf NAME PORT CERT CHECKIP: a reader's stunnel on 127.0.0.1:PORT,
# from the example, checking the server's IP instead of a host name.
client_conf() {
  conf_from client.conf "$1" setuid= setgid= syslog=no debug=notice "pid=$work/$1.pid" \
    "accept=127.0.0.1:$2" "connect=127.0.0.1:$wire_port" checkHost= "checkIP=$4" \
    "cert=$work/$3.crt" "key=$work/$3.key" "CAfile=$work/ca.crt"
}
client_conf client "$client_port" client 127.0.0.1
client_conf rogue "$rogue_port" rogue 127.0.0.1
client_conf wrongip "$wrongip_port" client 127.0.0.2
for c in client rogue wrongip; do start_stunnel "$c"; done
wait_port "$client_port"; wait_port "$rogue_port"; wait_port "$wrongip_port"

# ---- through TLS: the same answers --------------------------------------------------
: > wire.rec
printf 'remote 127.0.0.1:%s\n' "$client_port" > tls.stub
run 0 "search through stunnel" -- "$lw" search --db tls.stub --tokens tokens.tsv --format json
cmp -s out.txt direct.json || fail "TLS remote and folder differ: $(head -c 300 out.txt)"
python3 -c 'import json; d=json.load(open("out.txt")); s=d["summary"]
assert s["identifiers_checked"]==3 and s["identifiers_found"]==3, s' || fail "three tokens found over TLS"
run 0 "table report through stunnel" -- "$lw" search --db tls.stub --tokens tokens.tsv
expect_text out.txt "$site" "the site through TLS"
run 0 "check through stunnel" -- \
  "$lw" check --db tls.stub --key k.key --records leak.csv --format json
printf 'auto %s\nremote 127.0.0.1:%s\n' "$work/corpus" "$client_port" > mixed.stub
run 0 "a local and a TLS shard" -- "$lw" query --db mixed.stub '' --facet site --format json
python3 -c 'import json; d=json.load(open("out.txt")); assert d["count"]==2, d' \
  || fail "query over a local and a TLS shard: $(head -c 300 out.txt)"

# ---- the wire holds no token, label or name ------------------------------------------
python3 - wire.rec tokens.tsv "$site" <<'PY' > wire.seen || fail "the TLS wire: $(cat wire.seen)"
import sys
data = open(sys.argv[1], "rb").read()
tokens = [line.split("\t")[0] for line in open(sys.argv[2]) if line.strip()]
if len(data) < 1000:
    print(f"only {len(data)} bytes recorded: the relay saw no session")
    sys.exit(1)
needles = {}
for t in tokens:
    needles[f"token {t} raw"] = bytes.fromhex(t)
    needles[f"token {t} hex"] = t.encode()
    needles[f"token {t} HEX"] = t.upper().encode()
needles["site label"] = sys.argv[3].encode()
needles["'leakwatch'"] = b"leakwatch"
needles["'LEAKWATCH'"] = b"LEAKWATCH"
found = [name for name, needle in needles.items() if needle in data]
print(f"{len(data)} bytes recorded; in clear: " + (", ".join(found) or "nothing"))
sys.exit(1 if found else 0)
PY

# ---- refused: a stranger's certificate, a server under another address ---------------
printf 'remote 127.0.0.1:%s\n' "$rogue_port" > rogue.stub
start=$SECONDS
run 2 "a client certificate the CA did not sign" -- "$lw" search --db rogue.stub --tokens tokens.tsv
[ "$(wc -l < err.txt)" -eq 1 ] || fail "one line for a refused client: $(cat err.txt)"
expect_text err.txt "shard unreachable" "refused client message"
[ -s out.txt ] && fail "nothing on stdout when refused: $(head -c 200 out.txt)"
cp err.txt rogue.err
[ $((SECONDS - start)) -le 15 ] || fail "refusal took $((SECONDS - start)) s"
grep -q "Rejected by CERT" server.log || fail "the server stunnel rejected no certificate: $(tail -5 server.log)"
printf 'remote 127.0.0.1:%s\n' "$wrongip_port" > wrongip.stub
run 2 "a server certificate for another address" -- "$lw" search --db wrongip.stub --tokens tokens.tsv
expect_text err.txt "shard unreachable" "wrong server address message"
expect_text wrongip.log "Subject checks failed" "the client stunnel checks the server's address"
run 0 "--allow-missing-shards skips the refused shard" -- \
  "$lw" search --db mixed.stub --db rogue.stub --tokens tokens.tsv --allow-missing-shards
expect_text err.txt "skipped" "skipped shard said"
expect_text out.txt "$site" "the local shard still answers"

echo "control (no TLS): $(cat clear.seen)"
echo "through stunnel:  $(cat wire.seen)"
echo "refused client:   $(cat rogue.err)"
finish "shards tls cli"
