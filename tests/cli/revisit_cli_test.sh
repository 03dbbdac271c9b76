#!/usr/bin/env bash
# A topic that grows between two crawls (issue 22, "re-visit what changed"),
# served by nginx on loopback in phpBB's prosilver markup and crawled with
# the shipped adapter (seeds/adapters/phpbb3.conf, its listing pointed here
# and its delay shortened). The first crawl reads topic 7, one page with
# rows 1 and 2. Then a reply lands on a new page 2 with rows 3 and 4 (and
# quotes row 1), and the listing's row shows 2 replies and a new last post.
# The second crawl sees the change (item_changed), reads page 1 again (the
# last page it had read) and page 2, and adds only the new records to the
# same item: `check` finds the four rows, each once, in one item, and
# `query` counts one item. A third crawl, nothing changed, fetches no topic
# page. The log names the topic by its keyed reference only. Then the
# seller edits the first post (row 5), which a phpBB listing does not show,
# and the same seed without item_changed but with `revisit = 3` is crawled:
# after 3 s the topic's first page and its last page read are read again,
# adding row 5 and nothing twice, and not again at once.
# Usage: revisit_cli_test.sh LEAKWATCH SOURCE_ROOT
set -uo pipefail
source "$(dirname "$(realpath "$0")")/lib.sh"
lw=$(realpath "$1")
root=$(realpath "$2")
source "$root/scripts/demo-site.sh"  # demo_free_port, nginx_conf_head
enter_nginx_work
delay=0.2

www=$work/www
mkdir -p "$www"
# write_forum REPLIES [edited]: the listing and topic 7's pages with 0 or 1
# reply; "edited": the first post shows one more row (an edit changes
# nothing in a phpBB listing).
write_forum() {
  python3 - "$www" "$1" "${2:-}" <<'PY'
import sys
www, replies, edited = sys.argv[1], int(sys.argv[2]), sys.argv[3] == 'edited'
rows = ['Morvan;Elise;elise.morvan@example.org;06 39 98 00 01',
        'Quemener;Yann;yann.quemener@example.org;06 39 98 00 45',
        'Le Gall;Anne;anne.legall@example.org;06 39 98 00 95',
        'Kervella;Loic;loic.kervella@example.org;06 39 98 00 99',
        'Riou;Marc;marc.riou@example.org;06 39 98 00 50']
last = ['Mon Mar 11, 2024 10:00 am', 'Tue Mar 12, 2024 8:30 pm'][replies]
def page(posts, next_link):
    body = ''.join('<div class="post"><div class="postbody"><h3>Re: Fuite</h3>'
                   '<div class="content">%s</div></div></div>' % p for p in posts)
    pager = '<div class="pagination"><ul><li class="next"><a href="%s">Next</a></li></ul></div>' \
        % next_link if next_link else ''
    return ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>Fuite</title></head>'
            '<body><div id="page-body"><h2 class="topic-title">Fuite clinique 2024</h2>%s%s'
            '</div></body></html>' % (pager, body))
def code(lines):
    return '<div class="codebox"><p>Code:</p><pre><code>nom;prenom;email;telephone<br>%s</code></pre></div>' \
        % '<br>'.join(lines)
first = ['Un extrait :' + code(rows[0:2]) + ('Edit :' + code(rows[4:5]) if edited else '')]
open(www + '/topic-7-.html', 'w').write(page(first, 'viewtopic.php?t=7&amp;start=1' if replies else None))
if replies:
    reply = '<blockquote><cite>vendeur a écrit :</cite>' + code(rows[0:1]) + '</blockquote>' \
        'La suite :' + code(rows[2:4])
    open(www + '/topic-7-1.html', 'w').write(page([reply], None))
listing = ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>Bases</title></head><body>'
           '<ul class="topiclist topics"><li class="row"><dl><dt>'
           '<a href="./viewtopic.php?f=11&amp;t=7&amp;sid=0123456789abcdef0123456789abcdef" '
           'class="topictitle">Fuite clinique 2024</a></dt>'
           '<dd class="posts">%d <dfn>Replies</dfn></dd><dd class="views">%d <dfn>Views</dfn></dd>'
           '<dd class="lastpost"><span><dfn>Last post </dfn>by <a href="./memberlist.php?u=2">'
           'vendeur</a><br />%s</span></dd></dl></li></ul></body></html>'
           % (replies, 40 + 17 * replies, last))
open(www + '/forum-11.html', 'w').write(listing)
PY
}
write_forum 0
printf 'User-agent: *\nDisallow: /ucp.php\n' > "$www/robots.txt"
printf 'nom,prenom,email,telephone\nMorvan,Elise,elise.morvan@example.org,06 39 98 00 01\nQuemener,Yann,yann.quemener@example.org,06 39 98 00 45\nLe Gall,Anne,anne.legall@example.org,06 39 98 00 95\nKervella,Loic,loic.kervella@example.org,06 39 98 00 99\nRiou,Marc,marc.riou@example.org,06 39 98 00 50\n' \
  > rows.csv

start_nginx() {
  port=$(demo_free_port 127.0.0.18)
  mkdir -p "$work/nginx/tmp"
  chmod 755 "$work" && chmod -R a+rX "$www"
  { nginx_conf_head "$work"; cat <<CONF
  default_type text/html;
  server {
    listen 127.0.0.18:$port;
    root $www;
    etag off;
    if_modified_since off;
    location = /robots.txt { default_type text/plain; }
    location = /viewforum.php { try_files /forum-\$arg_f.html =404; }
    location = /viewtopic.php { try_files /topic-\$arg_t-\$arg_start.html =404; }
    location / { return 404; }
  }
}
CONF
  } > "$work/nginx/nginx.conf"
  launch_nginx "$work/nginx" "http://127.0.0.18:$port/robots.txt"
}
start_nginx_retrying start_nginx
log=$work/nginx/access.log
base=http://127.0.0.18:$port
topic=$base/viewtopic.php?t=7

# The adapter as shipped, but for one listing here and a short delay.
mkdir seeds
sed -e '/^ *listing *=/d' -e "s/^\( *delay *=\).*/\1 $delay/" \
  "$root/seeds/adapters/phpbb3.conf" > seeds/phpbb3.conf
echo "listing = $base/viewforum.php?f=11" >> seeds/phpbb3.conf
grep -q '^item_changed = ' seeds/phpbb3.conf || fail "the shipped phpBB adapter has no item_changed"
"$lw" keygen --key op.key >/dev/null || fail "keygen"

# requests: the paths asked by leakwatch since the log was emptied.
requests() { grep '"leakwatch/' "$log" | sed -E 's/^[^"]*"GET ([^ ]*) .*" ([0-9]+) .*/\1 \2/'; }

# check_rows N: check finds rows 1 to N, each in the topic's one item once.
check_rows() {
  "$lw" check --db corpus --key op.key --records rows.csv --format jsonl >out.txt 2>err.txt
  [ $? -eq 0 ] || fail "check ($1 rows): $(head -c 300 err.txt)"
  # Each identifier found is in one item, in one record of it: never twice.
  python3 - "$1" <<'PY' || fail "crawl $2: check's findings: $(head -c 400 out.txt)"
import json, sys
found = [json.loads(l) for l in open('out.txt') if l.strip()]
found = [f for f in found if f.get('found')]
rows = sorted({f['row'] for f in found})
ok = rows == list(range(2, 2 + int(sys.argv[1]))) and \
    all(len(f['items']) == 1 and f['items'][0]['records'] == 1 for f in found)
sys.exit(not ok)
PY
  "$lw" check --db corpus --key op.key --records rows.csv >summary.txt 2>err.txt
  expect_text summary.txt "5 rows checked, $1 exposed" "check after crawl $2"
  n=$("$lw" query --db corpus '' --count 2>&1)
  [ "$n" = "1 items" ] || fail "crawl $2: the topic is one item: $n"
  for value in elise.morvan@example.org yann.quemener@example.org anne.legall@example.org loic.kervella@example.org; do
    [ "$1" -lt 3 ] && case $value in anne*|loic*) continue ;; esac
    token=$("$lw" token --key op.key "$value" | cut -f1)
    "$lw" search --db corpus --key op.key "$token" --format jsonl >found.txt 2>&1
    [ $? -eq 0 ] || { fail "crawl $2: ${value%@*} not found"; continue; }
    python3 - "$topic" <<'PY' || fail "crawl $2: ${value%@*} is not in the topic's one item, once: $(head -c 400 found.txt)"
import json, sys
lines = [json.loads(l) for l in open('found.txt') if l.strip()]
items = [i for l in lines for i in l['items']]
sys.exit(not (len(lines) == 1 and [i['source'] for i in items] == [sys.argv[1]]))
PY
  done
}

# ---- crawl 1: the topic as first posted -------------------------------------------
: > "$log"
"$lw" crawl --db corpus --key op.key --seeds seeds --contact test@example.org --log-format json \
  >out.txt 2>crawl-1.log || fail "crawl 1: exit $?: $(tail -3 crawl-1.log)"
[ "$(requests | tr '\n' ' ')" = "/robots.txt 200 /viewforum.php?f=11 200 /viewtopic.php?t=7 200 " ] \
  || fail "crawl 1 requests: $(requests | tr '\n' ' ')"
for part in "1 items new" "2 records" "0 errors"; do
  expect_text out.txt "$part" "summary of crawl 1"
done
check_rows 2 1

# ---- the topic grows: a reply on a new page 2 ---------------------------------------
write_forum 1
chmod -R a+rX "$www"
: > "$log"
"$lw" crawl --db corpus --key op.key --seeds seeds --contact test@example.org --log-format json \
  >out.txt 2>crawl-2.log || fail "crawl 2: exit $?: $(tail -3 crawl-2.log)"
# robots.txt is cached; page 1 is read again (the last page read), then page 2.
[ "$(requests | tr '\n' ' ')" = "/viewforum.php?f=11 200 /viewtopic.php?t=7 200 /viewtopic.php?t=7&start=1 200 " ] \
  || fail "crawl 2 requests: $(requests | tr '\n' ' ')"
expect_text out.txt "0 errors" "summary of crawl 2"
expect_text out.txt "0 items new" "crawl 2 adds no item"
python3 - crawl-2.log "$root/tests/support" "$topic" <<'PY' || fail "crawl 2's log"
import json, re, sys
log, support, topic = sys.argv[1:]
sys.path.insert(0, support)
import leakwatch_keys
ref = leakwatch_keys.ref('op.key', topic)
events = [json.loads(l) for l in open(log) if l.startswith('{')]
bad = []
changed = [e for e in events if e['event'] == 'item-changed']
if [e['ref'] for e in changed] != [ref]:
    bad.append('item-changed: %s' % changed)
items = [(e['ref'], e['detail']) for e in events if e['event'] == 'item']
if len(items) != 1 or items[0][0] != ref or not items[0][1].startswith('continued'):
    bad.append('items: %s' % items)
if any(e['level'] == 'error' for e in events):
    bad.append('errors: %s' % [e for e in events if e['level'] == 'error'])
if re.search(r'viewtopic|start=|example\.org|Morvan|Fuite', open(log).read()):
    bad.append('the log names a path or a text')
for b in bad:
    print('FAIL: crawl 2: ' + b)
sys.exit(len(bad))
PY
check_rows 4 2
# None counted twice: the item holds one record a row (row 1 was read on
# page 1 twice and quoted on page 2), and the run's summary says continued.
"$lw" stats --db corpus >stats.txt 2>&1 || fail "stats"
grep -Eq '^records +4$' stats.txt || fail "the topic's records after crawl 2, one a row: $(grep records stats.txt)"
expect_text stats.txt '"items_continued":1' "crawl 2's summary counts the topic continued"

# ---- crawl 3: nothing changed -----------------------------------------------------
: > "$log"
"$lw" crawl --db corpus --key op.key --seeds seeds --contact test@example.org --log-format json \
  >out.txt 2>crawl-3.log || fail "crawl 3: exit $?: $(tail -3 crawl-3.log)"
[ "$(requests | tr '\n' ' ')" = "/viewforum.php?f=11 200 " ] \
  || fail "crawl 3 requests (no topic page): $(requests | tr '\n' ' ')"
check_rows 4 3

# ---- revisit = 3 (seconds) in a seed without item_changed -------------------------
# No change signal: once 3 s have passed since its last visit, the topic's
# first page and its last page read (page 2) are read again. The seller has
# edited the first post meanwhile, adding row 5: it joins the item, and
# nothing read before is added twice; a crawl at once after finds it not due.
mkdir seeds-revisit
sed -e '/^item_changed *=/d' seeds/phpbb3.conf > seeds-revisit/phpbb3.conf
echo 'revisit = 3' >> seeds-revisit/phpbb3.conf
write_forum 1 edited
chmod -R a+rX "$www"
sleep 3.1
: > "$log"
"$lw" crawl --db corpus --key op.key --seeds seeds-revisit --contact test@example.org --log-format json \
  >out.txt 2>crawl-4.log || fail "crawl 4: exit $?: $(tail -3 crawl-4.log)"
requests > requests-4.txt
: > "$log"
"$lw" crawl --db corpus --key op.key --seeds seeds-revisit --contact test@example.org \
  >out.txt 2>crawl-5.log || fail "crawl 5: exit $?: $(tail -3 crawl-5.log)"
requests > requests-5.txt
[ "$(tr '\n' ' ' < requests-4.txt)" = "/viewforum.php?f=11 200 /viewtopic.php?t=7 200 /viewtopic.php?t=7&start=1 200 " ] \
  || fail "crawl 4 requests (page 1, then page 2 again): $(tr '\n' ' ' < requests-4.txt)"
grep -q '"event":"item-revisit"' crawl-4.log || fail "crawl 4: no item-revisit line"
[ "$(tr '\n' ' ' < requests-5.txt)" = "/viewforum.php?f=11 200 " ] \
  || fail "crawl 5 requests (revisit not due): $(tr '\n' ' ' < requests-5.txt)"
check_rows 5 4
"$lw" stats --db corpus >stats.txt 2>&1 || fail "stats"
grep -Eq '^records +5$' stats.txt || fail "records after crawl 4, one a row: $(grep records stats.txt)"

finish "revisit cli"
