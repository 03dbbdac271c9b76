#!/usr/bin/env bash
# Nothing recoverable at rest: identities planted everywhere the record
# scanner never looks (file names, archive member names, --url with
# percent-encoding and base64, page titles, item URLs, a 400-character
# next-page URL, an ETag, a Last-Modified date, robots.txt rules) and in
# contents short enough to brute-force, indexed and crawled (nginx on
# loopback). Then Xapian's decoded view of the corpus (every term, document
# data, value and metadata entry, read through its API: glass compresses
# data, so a grep of the files proves nothing), the corpus files, TMPDIR and
# every command's stdout and stderr are searched for every usual form of
# each identity and for the common digests of each content: zero hits
# (tests/support/cleartext_scan.py). The same identities are found by
# `search`, and with the operator's --key the report shows the real
# sources and titles: the check is not vacuous.
# Usage: privacy_cli_test.sh LEAKWATCH SOURCE_ROOT
set -uo pipefail
source "$(dirname "$(realpath "$0")")/lib.sh"
lw=$(realpath "$1")
root=$(realpath "$2")
work=$(mktemp -d)
export TMPDIR="$work/tmp"
mkdir -p "$TMPDIR"
source "$root/scripts/demo-site.sh"
cleanup() {
  demo_site_stop
  [ -n "${KEEP:-}" ] && echo "kept $work" || rm -rf "$work"
}
trap cleanup EXIT
cd "$work" || exit 1
support="$root/tests/support"
python3 -c 'import xapian' 2>/dev/null || python3 "$support/cleartext_scan.py" --help >/dev/null 2>&1 \
  || { echo "FAIL: python3-xapian is needed (scripts/install-deps.sh installs it)"; exit 1; }

email1=jean.martin@example.org
email2=mario.rossi@example.it
phone='+33 6 12 34 56 78'
email1_b64=$(printf %s "$email1" | base64)

# ---- a site that puts identities in its URLs, titles, headers and rules ------
mkdir -p leaky/p
long="who=Dupont-Jean-Pierre-02-01-1980&mail=jean.martin%40example.org&pad=$(printf 'x%.0s' $(seq 380))"
cat > leaky/robots.txt <<TXT
User-agent: *
Disallow: /p/Dupont-Jean-1980-01-02
Allow: /
TXT
printf '<html><body><a class="item" href="/p/Rossi-Mario-1985-12-10?email=mario.rossi%%40example.it">1</a><a class="next" href="/list3?%s">next</a></body></html>' \
  "$long" > leaky/list2
printf '<html><body><a class="item" href="/p/item2?u=%s">2</a></body></html>' "$email1_b64" > leaky/list3
printf '<html><head><title>Fuite Dupont Jean-Pierre 02/01/1980 %s</title></head><body><p>%s %s</p></body></html>' \
  "$email1" "$email2" "$phone" > leaky/p/Rossi-Mario-1985-12-10
printf '<html><head><title>Rossi Mario 10/12/1985</title></head><body><p>%s</p></body></html>' "$email1" \
  > leaky/p/item2
touch -d '1980-01-02 00:00:00 UTC' leaky/list2  # Last-Modified: a birth date
chmod -R a+rX leaky
export DEMO_EXTRA_CONF="
  server {
    listen 127.0.0.21:@PORT@;
    root $work/leaky;
    location = /list2 { default_type text/html; etag off; add_header ETag '\"etag-$email1\"'; }
    location = /list3 { default_type text/html; }
    location /p/ { default_type text/html; }
  }"
demo_site_start "$work" || { echo "FAIL: nginx"; exit 1; }
listing="http://127.0.0.21:$DEMO_PORT/list2?search=mario.rossi%40example.it&who=Rossi+Mario+10-12-1985"
item1="http://127.0.0.21:$DEMO_PORT/p/Rossi-Mario-1985-12-10?email=mario.rossi%40example.it"
mkdir -p leakyseeds
printf 'name = leaky\nlisting = %s\nitem_links = a.item\nnext_page = a.next\ncontent = html\ndelay = 0.2\n' \
  "$listing" > leakyseeds/leaky.conf

"$lw" keygen --key op.key >/dev/null || fail "keygen"

# ---- index: names, members, --url labels, short contents ---------------------
mkdir -p dumps
printf '%s %s\n' "$email1" "$phone" > "dumps/Dupont_Jean-Pierre_1980-01-02.txt"
python3 - <<'PY'
import io, tarfile
with tarfile.open('a.tar', 'w') as tar:
    for name, data in (('patients/Rossi Mario 10-12-1985.txt', b'mario.rossi@example.it\n'),
                       ('patients/mario.rossi@example.it.gz', b'\x1f\x8b\x08\x00' + b'\xff' * 64)):
        info = tarfile.TarInfo(name)
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
PY
: > index.out; : > index.err
"$lw" index --db corpus --key op.key --site local dumps a.tar >>index.out 2>>index.err
[ $? -eq 1 ] || fail "index with a corrupt member exits 1: $(cat index.err)"
expect_text index.err "a.tar member 2" "the corrupt member named by its position"
printf 'tel +33612345678\n' | "$lw" index --db corpus --key op.key --site local \
  --url "https://forum.example/t?email=jean.martin%40example.org&u=$email1_b64" - >>index.out 2>>index.err \
  || fail "index --url (percent-encoded, base64)"
printf 'x mario.rossi@example.it y\n' | "$lw" index --db corpus --key op.key --site local \
  --url 'https://forum.example/p/%2B33612345678' - >>index.out 2>>index.err || fail "index --url phone"
printf 'contact %s\n' "$email1" | "$lw" index --db corpus --key op.key --site local \
  --url 'https://forum.example/nir/1850775123456' - >>index.out 2>>index.err || fail "index --url nir"

# ---- crawl twice: the second run reads the sealed validators and robots.txt ----
"$lw" crawl --db corpus --key op.key --seeds leakyseeds --contact test@example.org \
  >crawl.out 2>crawl.err || fail "crawl: exit $?: $(tail -3 crawl.err)"
expect_text crawl.out "2 items new" "both items crawled, past the 400-character next page"
"$lw" crawl --db corpus --key op.key --seeds leakyseeds --contact test@example.org --log-format json \
  >crawl2.out 2>crawl2.err || fail "second crawl: $(tail -3 crawl2.err)"
tail -n 3 "$work/nginx/access.log" > second-requests.txt
# The validators went out as they came in: unsealed intact (the log's last
# field is If-None-Match then If-Modified-Since).
grep -q "GET /list2?.*etag-$email1.*Wed, 02 Jan 1980 00:00:00 GMT" second-requests.txt \
  || fail "the sealed ETag and Last-Modified are sent back: $(cat second-requests.txt)"
grep -q '"GET /list3?[^"]*" 304' second-requests.txt || fail "the next page's validators give a 304"
grep -q 'robots.txt' second-requests.txt && fail "the sealed robots.txt is read back, not fetched again"
python3 - crawl2.err <<'PY' || fail "json log lines have a host and a ref, never a URL"
import json, sys
for line in open(sys.argv[1]):
    e = json.loads(line)
    assert 'url' not in e and '/' not in e.get('host', ''), e
PY

# ---- not vacuous: the identities are there, as tokens ----------------------------
"$lw" token --key op.key "$email1" "$email2" "$phone" | cut -f1 > tokens.txt
"$lw" search --db corpus --tokens tokens.txt --format json >search.json 2>search.err \
  || fail "search finds the planted identities: $(cat search.err)"
python3 - search.json <<'PY' || fail "search without the key: every item sealed, none named"
import json, sys
report = json.load(open(sys.argv[1]))
items = [i for r in report["results"] for i in r["items"]]
assert len(items) >= 6, len(items)
assert all(i["sealed"] and i["source"] is None and i["title"] is None for i in items), items
PY
expect_text search.err "sources and titles are sealed" "search says once that sources are sealed"
"$lw" search --db corpus --key op.key --tokens tokens.txt --format json >search-key.json 2>&1 \
  || fail "search --key"
python3 - search-key.json "$item1" "$email1_b64" <<'PY' || fail "with the key, the real sources and titles"
import json, sys
report = json.load(open(sys.argv[1]))
items = {i["source"]: i for r in report["results"] for i in r["items"]}
want = [sys.argv[2], "dumps/Dupont_Jean-Pierre_1980-01-02.txt", "a.tar!patients/Rossi Mario 10-12-1985.txt",
        "https://forum.example/t?email=jean.martin%40example.org&u=" + sys.argv[3],
        "https://forum.example/p/%2B33612345678", "https://forum.example/nir/1850775123456"]
missing = [w for w in want if w not in items]
assert not missing, (missing, sorted(items))
assert items[sys.argv[2]]["title"] == "Fuite Dupont Jean-Pierre 02/01/1980 jean.martin@example.org", items[sys.argv[2]]
assert not any(i["sealed"] for i in items.values())
PY

# ---- nothing of them anywhere leakwatch wrote --------------------------------------
python3 - "$email1" "$email2" "$phone" "$work" <<'PY' > secrets.json
import json, os, sys
email1, email2, phone, work = sys.argv[1:5]
identities = [
    {"value": email1, "kind": "email"}, {"value": email2, "kind": "email"},
    {"value": phone, "kind": "phone"}, {"value": "1850775123456", "kind": "nir"},
    {"value": "Dupont Jean-Pierre", "kind": "name"}, {"value": "Rossi Mario", "kind": "name"},
    {"value": "Dupont-Jean", "kind": "name"},
    {"value": "1980-01-02", "kind": "date"}, {"value": "1985-12-10", "kind": "date"},
    {"value": "Jan 1980"},  # Last-Modified: Wed, 02 Jan 1980
]
contents = [open(os.path.join(work, 'dumps', 'Dupont_Jean-Pierre_1980-01-02.txt')).read(),
            'mario.rossi@example.it\n', 'tel +33612345678\n', 'x mario.rossi@example.it y\n',
            'contact %s\n' % email1]
json.dump({"identities": identities, "contents": contents}, open(1, 'w'))
PY
python3 "$support/cleartext_scan.py" --secrets secrets.json --db corpus --path corpus --path tmp \
  --path index.out --path index.err --path crawl.out --path crawl.err --path crawl2.out --path crawl2.err \
  >scan.txt 2>scan.err
status=$?
[ "$status" -eq 0 ] || fail "cleartext at rest or in logs (scan exit $status): $(head -20 scan.txt) $(cat scan.err)"
[ -z "$(ls -A tmp)" ] || fail "files left in TMPDIR: $(ls -A tmp)"

finish "privacy cli"
