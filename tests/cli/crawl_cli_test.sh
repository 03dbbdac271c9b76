#!/usr/bin/env bash
# leakwatch crawl against nginx on loopback (the bundled demo site plus bad
# servers of this test's own), politeness measured from nginx's access log:
# robots.txt first on each host, delays, disallowed paths never requested,
# Retry-After honoured, conditional GETs on the second run; the bad
# servers reported and the good hosts crawled anyway; nothing in clear.
# Usage: crawl_cli_test.sh LEAKWATCH SOURCE_ROOT
set -uo pipefail
source "$(dirname "$(realpath "$0")")/lib.sh"
lw=$(realpath "$1")
root=$(realpath "$2")
work=$(mktemp -d)
export TMPDIR="$work/tmp"
mkdir -p "$TMPDIR"
bad_pid=
source "$root/scripts/demo-site.sh"
proxy_pid=
cleanup() {
  demo_site_stop
  [ -n "$bad_pid" ] && kill "$bad_pid" 2>/dev/null
  [ -n "$proxy_pid" ] && kill "$proxy_pid" 2>/dev/null
  [ -n "${KEEP:-}" ] && echo "kept $work" || rm -rf "$work"
}
trap cleanup EXIT
cd "$work" || exit 1

# Bad servers beside the demo site: nginx tricks on 127.0.0.4 (429 with
# Retry-After, a redirect loop, an ISO-8859-1 page, malformed HTML) and
# 127.0.0.5 (robots.txt answers 500); a Python server on 127.0.0.6 (slow
# drip, endless body, gzip bomb).
mkdir -p bad
chmod 755 "$work" bad  # nginx's workers read it as another user
printf '<html><body><a class="i" href="/busy">1</a><a class="i" href="/loop">2</a><a class="i" href="/latin1.html">3</a><a class="i" href="/malformed.html">4</a></body></html>' > bad/list.html
printf '<html><body><a href="/down1">1</a><a href="/down2">2</a><a href="/down3">3</a></body></html>' > bad/failing-list.html
printf '<html><body><a href="/latin1.html">1</a><a href="/malformed.html">2</a></body></html>' > bad/moved-list.html
printf '<html><head><title>caf\xe9</title></head><body><p>Ren\xe9e Lef\xe8vre: rene.latin@example.fr</p></body></html>' > bad/latin1.html
printf '<html><body><div><p>unclosed <b>bold <table><tr><td>cell\0nul leaked.malformed@example.org <a href=">broken</a></i></div></span>' > bad/malformed.html
# TLS with HTTP/2 on 127.0.0.9, a certificate of our own: refused without
# --ca-file, trusted with it.
openssl req -x509 -newkey rsa:2048 -nodes -keyout tls.key -out tls.pem -days 2 \
  -subj "/CN=127.0.0.9" -addext "subjectAltName=IP:127.0.0.9" >/dev/null 2>&1 || fail "openssl"
chmod 644 tls.key tls.pem
export DEMO_EXTRA_CONF="
  server {
    listen 127.0.0.9:@PORT@ ssl http2;
    ssl_certificate $work/tls.pem;
    ssl_certificate_key $work/tls.key;
    root $work/site/paste;
    location = /archive { default_type text/html; }
  }
  server {
    listen 127.0.0.4:@PORT@;
    root $work/bad;
    location = /robots.txt { return 200 'User-agent: *\nAllow: /\n'; }
    location = /busy { add_header Retry-After 3 always; return 429; }
    location = /loop { return 302 /loop; }
    location = /latin1.html { default_type text/html; charset iso-8859-1; }
  }
  server {
    listen 127.0.0.8:@PORT@;
    root $work/bad;
    location = /robots.txt { return 301 /robots-moved.txt; }
    location = /robots-moved.txt { return 200 'User-agent: *\\nDisallow: /latin1\\nCrawl-delay: 1\\n'; }
  }
  server {
    listen 127.0.0.10:@PORT@;
    root $work/bad;
    location = /robots.txt { return 200 'User-agent: *\\nAllow: /\\n'; }
    location = /failing-list.html { }
    location / { add_header Retry-After 0 always; return 503; }
  }
  server {
    listen 127.0.0.22:@PORT@;
    root $work/bad;
    location = /robots.txt { return 301 http://127.0.0.23:@PORT@/robots.txt; }
  }
  server {
    listen 127.0.0.23:@PORT@;
    location = /robots.txt { return 200 'User-agent: *\\nAllow: /\\n'; }
  }
  server {
    listen 127.0.0.5:@PORT@;
    location = /robots.txt { return 500; }
    location / { return 200 'should never be fetched'; }
  }"
demo_site_start "$work" || { echo "FAIL: nginx"; exit 1; }
bad_port=$(demo_free_port)
python3 "$root/tests/support/bad_server.py" 127.0.0.6 "$bad_port" &
bad_pid=$!
for _ in $(seq 50); do
  curl -s -o /dev/null "http://127.0.0.6:$bad_port/robots.txt" && break
  sleep 0.1
done
for site in nginx-tricks:127.0.0.4:$DEMO_PORT:/list.html:html robots-500:127.0.0.5:$DEMO_PORT:/list:html \
            python-bad:127.0.0.6:$bad_port:/listing:raw robots-moved:127.0.0.8:$DEMO_PORT:/moved-list.html:html \
            failing:127.0.0.10:$DEMO_PORT:/failing-list.html:html; do
  IFS=: read -r name host port path content <<<"$site"
  printf 'name = %s\nlisting = http://%s:%s%s\nitem_links = a\ncontent = %s\ndelay = 0.2\n' \
    "$name" "$host" "$port" "$path" "$content" > "seeds-bad-$name.conf"
done
log=$work/nginx/access.log
"$lw" keygen --key op.key >/dev/null

# ---- refusals ---------------------------------------------------------------
"$lw" crawl --db corpus --key op.key --seeds seeds >out.txt 2>err.txt
[ $? -eq 2 ] || fail "crawl without a contact must exit 2"
expect_text err.txt "no contact" "the contact is required"
mkdir badseeds
printf 'name = x\nlisting = http://127.0.0.9/\nitem_links = a[href\ncolour = blue\n' > badseeds/x.conf
"$lw" crawl --check-seeds --seeds badseeds >out.txt 2>err.txt
[ $? -eq 2 ] || fail "--check-seeds on a bad seed must exit 2"
expect_text err.txt "badseeds/x.conf:4" "unknown key named with its line"
printf 'name = y\nlisting = http://127.0.0.9/\nitem_links = a[href\n' > badseeds/x.conf
"$lw" crawl --check-seeds --seeds badseeds >out.txt 2>err.txt
expect_text err.txt "badseeds/x.conf:3: item_links" "bad selector named with its line"
printf 'name = z\nlisting = http://127.0.0.9/\nitem_links = a\nitem_pattern = ([a-z\n' > badseeds/x.conf
"$lw" crawl --check-seeds --seeds badseeds >out.txt 2>err.txt
expect_text err.txt "badseeds/x.conf:4: item_pattern" "bad regex named with its line"
printf 'name = z\nlisting = http://127.0.0.9/\nitem_links = a\nregions = FR, ZZ\n' > badseeds/x.conf
"$lw" crawl --check-seeds --seeds badseeds >out.txt 2>err.txt
expect_text err.txt "badseeds/x.conf:4: regions: ZZ" "unknown phone region refused"
# Only a line starting with '#' is a comment: CSS ids keep their '#'.
printf '# a comment\nname = ids\nlisting = http://127.0.0.9/\nitem_links = #list a.item\nnext_page = #pager a\n' > badseeds/x.conf
"$lw" crawl --check-seeds --seeds badseeds >out.txt 2>err.txt || fail "a seed with #ids: $(cat err.txt)"
expect_text out.txt "links matching '#list a.item'" "'#' kept in item_links"
expect_text out.txt "next page '#pager a'" "'#' kept in next_page"
"$lw" crawl --check-seeds --seeds seeds >out.txt 2>err.txt || fail "--check-seeds on the demo seeds"
expect_text out.txt "2 sites ok, 0 with errors" "demo seeds check"
"$lw" crawl --check-seeds --seeds seeds --site demo-forum >out.txt 2>err.txt || fail "--check-seeds --site"
expect_text out.txt "1 sites ok, 0 with errors" "--check-seeds honours --site"
[ -s "$log" ] && grep -q leakwatch "$log" && fail "--check-seeds must not fetch"

# ---- cron's failures: a lock held, a bad key; the contact from --config ---------
mkfifo feed
"$lw" index --db locked --key op.key --url label:fifo - < feed >/dev/null 2>&1 &
writer=$!
exec 3>feed
sleep 0.5
"$lw" crawl --db locked --key op.key --seeds seeds --contact t@example.org >out.txt 2>err.txt
[ $? -eq 3 ] || fail "crawl on a corpus another writer holds exits 3: $(cat err.txt)"
[ "$(wc -l < err.txt)" -eq 1 ] || fail "one line for a held lock: $(cat err.txt)"
exec 3>&-
wait "$writer"
printf 'leakwatch-key-v1 nothex\n' > bad.key && chmod 600 bad.key
"$lw" crawl --db other --key bad.key --seeds seeds --contact t@example.org >out.txt 2>err.txt
[ $? -eq 2 ] || fail "a bad key exits 2"
printf 'contact = cron@example.org\nseeds = %s\n' "$work/seeds" > crawl.conf
"$lw" crawl --db fromconfig --key op.key --config crawl.conf --site demo-paste -q 2>err.txt \
  || fail "--config gives the contact and seeds: $(cat err.txt)"
grep -q '+cron@example.org' "$log" || fail "the contact from --config is in the User-Agent"

# ---- bad servers: each problem reported once, the good hosts crawled ---------
mkdir -p allseeds && cp seeds/*.conf allseeds/ && cp seeds-bad-*.conf allseeds/
/usr/bin/time -f "%M" -o rss.txt "$lw" crawl --db badcorpus --key op.key --seeds allseeds \
  --contact test@example.org --timeout 4 --max-body 1 >out.txt 2>err.txt \
  || fail "a crawl with bad servers still completes (exit 0): $(tail -3 err.txt)"
cp err.txt bad-crawl.log
expect_text out.txt "7 items new" "the demo hosts (5 items) and two bad pages"
cp out.txt bad-summary.txt
expect_text out.txt "1 sightings" "the page behind a moved robots.txt (the same content as another)"
# Log lines name a host and a keyed reference, never a path: the test finds
# each URL's line by its reference (tests/support/leakwatch_keys.py).
ref_of() { python3 "$root/tests/support/leakwatch_keys.py" ref op.key "$1"; }
for what in "127.0.0.6:$bad_port/slow" "127.0.0.6:$bad_port/endless" "127.0.0.6:$bad_port/bomb" \
            "127.0.0.4:$DEMO_PORT/loop" "127.0.0.4:$DEMO_PORT/busy"; do
  ref=$(ref_of "http://$what")
  n=$(grep -c "error: .* ref $ref" err.txt)
  [ "$n" -eq 1 ] || fail "${what#*/} reported once as an error, $n times: $(grep -- "$ref" err.txt)"
done
grep -qE '/(slow|endless|bomb|loop|busy|list)' err.txt && fail "a URL path in the log: $(grep -E '/(slow|endless|bomb|loop|busy|list)' err.txt | head -3)"
expect_text err.txt "more than 5 redirects" "redirect loop"
expect_text err.txt "bytes (aborted)" "endless body aborted"
expect_text err.txt "once decoded (aborted)" "gzip bomb aborted"
expect_text err.txt "robots.txt unreachable" "robots.txt 500"
grep -q '127.0.0.5 "GET /list' "$log" && fail "nothing but robots.txt on a host whose robots.txt is 500"
[ "$(grep -c '127.0.0.4 "GET /loop' "$log")" -eq 6 ] || fail "the loop followed 5 times: $(grep -c /loop "$log")"
python3 - "$log" <<'PY' || fail "Retry-After: 3 honoured"
import sys
t = [float(l.split()[0]) for l in open(sys.argv[1]) if '/busy' in l]
ok = len(t) == 3 and all(b - a >= 3.0 for a, b in zip(t, t[1:]))
print('' if ok else 'busy requests at %s' % t)
sys.exit(0 if ok else 1)
PY
grep -q '127.0.0.8 "GET /robots-moved.txt' "$log" || fail "a redirected robots.txt is followed"
python3 - "$log" <<'PY' || fail "robots.txt's Crawl-delay: 1 beats the seed's 0.2 s, from robots.txt on"
import sys
# From the robots.txt that gave Crawl-delay (robots-moved.txt) on: the
# request after it waits the Crawl-delay too.
t = [float(l.split()[0]) for l in open(sys.argv[1]) if ' 127.0.0.8 ' in l and '"GET /robots.txt' not in l]
gaps = [b - a for a, b in zip(t, t[1:])]
print('' if len(t) >= 2 and min(gaps) >= 0.995 else 'gaps on 127.0.0.8: %s' % gaps)
sys.exit(0 if len(t) >= 2 and min(gaps) >= 0.995 else 1)
PY
[ "$(grep -c 'host-dropped \[failing\]' bad-crawl.log)" -eq 1 ] \
  || fail "a host that keeps failing is dropped once: $(grep failing bad-crawl.log | head -5)"
[ "$(grep -c '127.0.0.10 "GET /[a-z]*' "$log")" -le 8 ] \
  || fail "a dropped host gets no more requests: $(grep -c 127.0.0.10 "$log")"
grep -q '127.0.0.8 "GET /latin1' "$log" && fail "the redirected robots.txt's rules are obeyed"
grep -q '127.0.0.8 "GET /malformed.html' "$log" || fail "paths the moved robots.txt allows are crawled"
[ "$(cat rss.txt)" -lt 300000 ] || fail "memory bounded: peak $(cat rss.txt) KB"
"$lw" token --key op.key rene.latin@example.fr | cut -f1 > latin.tok
"$lw" token --key op.key leaked.malformed@example.org | cut -f1 >> latin.tok
"$lw" search --db badcorpus --tokens latin.tok --format csv >out.txt 2>&1 || fail "search latin"
[ "$(grep -c ',true,' out.txt)" -eq 2 ] || fail "the ISO-8859-1 and malformed pages are indexed: $(cat out.txt)"
rm -f "$log.keep"; cp "$log" "$log.keep"; : > "$log"; kill -USR1 "$(cat "$work/nginx/nginx.pid")"; sleep 0.3

# ---- first crawl -------------------------------------------------------------
"$lw" crawl --db corpus --key op.key --seeds seeds --contact test@example.org \
  --log-format json >out.txt 2>err.txt || fail "first crawl: $(tail -3 err.txt)"
expect_text out.txt "5 items new" "first crawl summary"
expect_text out.txt "0 errors" "first crawl has no errors"
grep -v '^{' err.txt && fail "json log lines only"

python3 - "$log" <<'PY' || fail "politeness (see above)"
import sys, collections
lines = [l.split(' ', 3) for l in open(sys.argv[1]) if 'leakwatch/' in l]
by_host = collections.defaultdict(list)
for t, host, rest in ((float(l[0]), l[1], l[2] + ' ' + l[3]) for l in lines):
    by_host[host].append((t, rest))
ok = True
for host, reqs in by_host.items():
    if '/robots.txt' not in reqs[0][1]:
        print('robots.txt not first on', host, reqs[0]); ok = False
    for (a, _), (b, r) in zip(reqs, reqs[1:]):
        if b - a < 0.195:  # delay 0.2 s, nginx's clock has ms
            print('requests closer than the delay on', host, b - a, r); ok = False
    if any('/memberlist.php' in r or '/private/' in r for _, r in reqs):
        print('a disallowed path was requested'); ok = False
if len(by_host) != 2: print('hosts', list(by_host)); ok = False
sys.exit(0 if ok else 1)
PY
grep -q 'sid=' "$log" && fail "session ids must be stripped before fetching"
grep -q 'leakwatch/0.1.0 (leak monitoring; +test@example.org)' "$log" || fail "User-Agent with contact"

"$lw" check --db corpus --key op.key --records "$root/seeds/demo/patients.csv" >out.txt 2>err.txt
[ $? -eq 0 ] || fail "check after crawl"
expect_text out.txt "8 rows checked, 5 exposed" "the crawled leaks are found"

# ---- second crawl: conditional GETs, nothing re-fetched -------------------------
before=$(wc -l < "$log")
"$lw" crawl --db corpus --key op.key --seeds seeds --contact test@example.org -q >out.txt 2>err.txt \
  || fail "second crawl"
[ -s err.txt ] && fail "-q prints nothing when all went well: $(cat err.txt)"
[ -s out.txt ] && fail "-q prints no summary either: $(cat out.txt)"
tail -n +"$((before + 1))" "$log" > second.log
[ "$(grep -c ' 304 ' second.log)" -eq 2 ] || fail "two 304s on the second run: $(cat second.log)"
grep -q '/raw/\|viewtopic' second.log && fail "items fetched again: $(cat second.log)"
grep -q '/robots.txt' second.log && fail "robots.txt is kept in the corpus for 24 h, not fetched again"
"$lw" stats --db corpus --format json > stats.json
python3 -c 'import json; d=json.load(open("stats.json")); r=json.loads(d["last_run"]) if isinstance(d["last_run"], str) else d["last_run"]; assert r["items_added"]==0 and r["not_modified"]==2, r' \
  || fail "second crawl: no item added, two 304s (last run: $(cat stats.json | head -c 300))"

# ---- a run stopped early: what it did not fetch, the next run does ----------
"$lw" crawl --db stopped --key op.key --seeds seeds --contact test@example.org --max-time 0.5s \
  --site demo-paste >out.txt 2>err.txt || fail "a crawl stopped by --max-time exits 0"
expect_text out.txt "(stopped early)" "the summary says the run stopped early"
first=$("$lw" query --db stopped '' --count | head -1)
[ "$first" != "3 items" ] || fail "--max-time 0.5s should stop before the paste's 3 items"
before=$(wc -l < "$log")
"$lw" crawl --db stopped --key op.key --seeds seeds --contact test@example.org --site demo-paste \
  >out.txt 2>err.txt || fail "the crawl after a stop"
[ "$("$lw" query --db stopped '' --count | head -1)" = "3 items" ] \
  || fail "the next run fetches what a stop left: $("$lw" query --db stopped '' --count)"
tail -n +"$((before + 1))" "$log" | grep -q '"GET /archive HTTP/1.1" 200' \
  || fail "a listing whose items were not all fetched is read again, not answered 304"

# ---- --shard I/N splits the sites between machines --------------------------
for i in 1 2; do
  "$lw" crawl --db "shard$i" --key op.key --seeds seeds --contact test@example.org --shard "$i/2" -q \
    2>err.txt || fail "crawl --shard $i/2: $(cat err.txt)"
done
a=$("$lw" query --db shard1 '' --facet site --format json 2>/dev/null)
b=$("$lw" query --db shard2 '' --facet site --format json 2>/dev/null)
python3 - "$a" "$b" <<'PY' || fail "the two shards split the two sites"
import json, sys
sites = [set(json.loads(x).get("facets", {}).get("site", {})) if x else set() for x in sys.argv[1:]]
assert not (sites[0] & sites[1]) and sites[0] | sites[1] == {"demo-paste", "demo-forum"}
PY
"$lw" crawl --db corpus --key op.key --seeds seeds --contact t@example.org --shard 3/2 2>err.txt
[ $? -eq 2 ] || fail "--shard 3/2 is refused"

# ---- a proxy per site ----------------------------------------------------------
proxy_port=$(demo_free_port)
python3 "$root/tests/support/forward_proxy.py" "$proxy_port" proxy.log &
proxy_pid=$!
for _ in $(seq 50); do
  python3 -c "import socket; socket.create_connection(('127.0.0.7',$proxy_port),0.2)" 2>/dev/null && break
  sleep 0.1
done
mkdir -p proxied && sed "s|^delay = .*|delay = 0.2\nproxy = http://127.0.0.7:$proxy_port|" seeds/paste.conf > proxied/paste.conf
"$lw" crawl --db proxied-corpus --key op.key --seeds proxied --contact test@example.org -q \
  2>err.txt || fail "crawl through a proxy: $(cat err.txt)"
expect_text proxy.log "http://127.0.0.2:$DEMO_PORT/robots.txt" "robots.txt fetched through the proxy"
expect_text proxy.log "http://127.0.0.2:$DEMO_PORT/raw/Xk3pQ9aa" "items fetched through the proxy"
# A robots.txt that redirects to another host: that host is asked through
# the site's proxy too, never directly (it would see the operator's address).
mkdir -p proxied2
printf 'name = moved-robots\nlisting = http://127.0.0.22:%s/moved-list.html\nitem_links = a\ncontent = html\ndelay = 0.2\nproxy = http://127.0.0.7:%s\nfollow_hosts = 127.0.0.23\n' \
  "$DEMO_PORT" "$proxy_port" > proxied2/moved.conf
"$lw" crawl --db proxied-corpus2 --key op.key --seeds proxied2 --contact test@example.org -q \
  2>err.txt || fail "crawl through a proxy, robots.txt redirected: $(cat err.txt)"
expect_text proxy.log "http://127.0.0.23:$DEMO_PORT/robots.txt" "a redirected robots.txt fetched through the proxy"
expect_text proxy.log "http://127.0.0.22:$DEMO_PORT/moved-list.html" "the listing fetched through the proxy"
# Without follow_hosts, the robots.txt on another host is not followed, and
# nothing is fetched from the site (a redirect is no "no robots.txt").
sed '/^follow_hosts/d' proxied2/moved.conf > proxied2/moved.conf.new && mv proxied2/moved.conf.new proxied2/moved.conf
: > proxy.log
"$lw" crawl --db proxied-corpus3 --key op.key --seeds proxied2 --contact test@example.org \
  >out.txt 2>err.txt || fail "crawl with a robots.txt redirect not followed: $(cat err.txt)"
expect_text err.txt "robots-not-followed" "the refused redirect is said"
grep -q '127.0.0.23\|moved-list' proxy.log && fail "nothing fetched past a refused robots.txt redirect: $(cat proxy.log)"
[ "$("$lw" query --db proxied-corpus '' --count | head -1)" = "3 items" ] || fail "the proxied site is indexed"

# ---- TLS: always verified; --ca-file adds trust; HTTP/2 when offered ----------
mkdir -p tlsseeds && sed "s|http://127.0.0.2:$DEMO_PORT|https://127.0.0.9:$DEMO_PORT|; s|^name = .*|name = tls-paste|" \
  seeds/paste.conf > tlsseeds/paste.conf
"$lw" crawl --db tls-refused --key op.key --seeds tlsseeds --contact test@example.org >out.txt 2>err.txt \
  || fail "a crawl whose host has an unknown certificate still completes"
expect_text err.txt "robots.txt unreachable" "an untrusted certificate makes the host unreachable"
expect_text err.txt "certificate" "the reason names the certificate"
grep -q '127.0.0.9 "GET /archive' "$log" && fail "nothing fetched from a host whose certificate failed"
"$lw" crawl --db tls-trusted --key op.key --seeds tlsseeds --contact test@example.org --ca-file tls.pem \
  -q 2>err.txt || fail "crawl with --ca-file: $(cat err.txt)"
[ "$("$lw" query --db tls-trusted '' --count | head -1)" = "3 items" ] || fail "the TLS site is indexed"
grep -q '127.0.0.9 "GET /raw/Xk3pQ9aa HTTP/2.0"' "$log" || fail "HTTP/2 over TLS: $(grep 127.0.0.9 "$log" | head -3)"

# ---- nothing in clear under the corpus, temp dir or logs -----------------------
python3 - "$work" <<'PY' || fail "cleartext at rest"
import os, sys, re
work = sys.argv[1]
values = []
for line in open(os.path.join(work, 'seeds', '..', 'nginx', 'nginx.conf')):
    pass
site = None
for l in open(os.path.join(work, 'nginx', 'nginx.conf')):
    m = re.search(r'root (\S+)/paste;', l)
    if m: site = m.group(1)
text = open(os.path.join(site, 'paste', 'raw', 'Xk3pQ9aa')).read()
for row in text.splitlines()[2:]:
    nom, prenom, ddn, nir, email, tel = row.split(';')
    values += [email, nir, nir.replace(' ', ''), tel, nom]
bad = 0
for top in ('corpus', 'tmp'):
    for d, _, files in os.walk(os.path.join(work, top)):
        for f in files:
            data = open(os.path.join(d, f), 'rb').read()
            for v in values:
                if v.encode() in data:
                    print('found', repr(v[:3]) + '...', 'in', f); bad += 1
for f in ('err.txt', 'out.txt'):
    data = open(os.path.join(work, f), 'rb').read()
    for v in values:
        if v.encode() in data: print('found in', f); bad += 1
sys.exit(1 if bad else 0)
PY

finish "crawl cli"
