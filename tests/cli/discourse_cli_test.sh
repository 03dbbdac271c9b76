#!/usr/bin/env bash
# A whole Discourse topic (issue 22), served by nginx on loopback as
# Discourse serves it: /t/SLUG/ID.json inlines posts 1 to 20 of its 95 and
# lists all their ids in post_stream.stream; /t/ID/posts.json answers the
# others for the ids asked, each answer served for its exact query (any
# other is a 404). Rows with identifiers are planted in posts 1, 45 and 95.
# The shipped adapter (seeds/adapters/discourse.conf), its listing pointed
# here and its delay shortened, crawls it once: the three rows are found
# in one item, and nginx's access log has the 4 posts.json requests
# (ceil((95 - 20) / 20)), once each, in stream order, spaced by the delay.
# With max_item_pages = 3 the topic is cut after post 60: what was read is
# indexed and a log line says so, by the topic's keyed reference only.
# Then the topic grows to 110 posts: the next crawl asks only for the posts
# after the last request it had read (that one again), and post 104's row
# joins the item, once.
# Usage: discourse_cli_test.sh LEAKWATCH SOURCE_ROOT
set -uo pipefail
source "$(dirname "$(realpath "$0")")/lib.sh"
lw=$(realpath "$1")
root=$(realpath "$2")
source "$root/scripts/demo-site.sh"  # demo_free_port, nginx_conf_head
enter_nginx_work
started=$(date +%s.%N)
delay=0.4

# ---- the forum: topic 7001 ("fuite-clinique"), 95 posts --------------------------
www=$work/www
mkdir -p "$www"
python3 - "$www" <<'PY'
import json, shutil, sys
www = sys.argv[1]
# Post n's id: ids grow with gaps, as other topics' posts and deleted ones leave.
ids = [88000 + 3 * n + (7 if n > 50 else 0) for n in range(1, 111)]
rows = {1: 'Morvan;Elise;elise.morvan@example.org;06 39 98 00 01',
        45: 'Quemener;Yann;yann.quemener@example.org;06 39 98 00 45',
        95: 'Le Gall;Anne;anne.legall@example.org;06 39 98 00 95',
        104: 'Kervella;Loic;loic.kervella@example.org;06 39 98 00 99'}
def post(n):
    cooked = '<p>Message %d du fil, rien de particulier.</p>' % n
    if n in rows:
        cooked += '<pre><code>nom;prenom;email;telephone\n%s\n</code></pre>' % rows[n]
    return {'id': ids[n - 1], 'post_number': n, 'username': 'membre%d' % (n % 7),
            'created_at': '2024-03-14T10:%02d:00.000Z' % (n % 60), 'cooked': cooked,
            'post_type': 1, 'topic_id': 7001, 'topic_slug': 'fuite-clinique'}
# The topic at 95 posts, then grown to 110 (post 104 has a row): the
# listing, the first answer and what the client asks for the rest, 20 ids
# a request, with the answers (TopicViewPostsSerializer: the posts, no
# stream). Every request of both is in one nginx map.
answers = {}
for count in (95, 110):
    stream = ids[:count]
    json.dump({'topic_list': {'topics': [{'id': 7001, 'slug': 'fuite-clinique',
                                          'title': 'Fuite clinique 2024', 'posts_count': count,
                                          'last_posted_at': '2024-03-%02dT10:00:00.000Z' % (count // 10)}]}},
              open('%s/latest-%d.json' % (www, count), 'w'))
    json.dump({'id': 7001, 'slug': 'fuite-clinique', 'title': 'Fuite clinique 2024',
               'posts_count': count, 'chunk_size': 20,
               'post_stream': {'posts': [post(n) for n in range(1, 21)], 'stream': stream}},
              open('%s/topic-7001-%d.json' % (www, count), 'w'))
    with open('%s/chunks-%d.txt' % (www, count), 'w') as chunks:
        for first in range(20, count, 20):
            asked = stream[first:first + 20]
            query = '&'.join('post_ids%5B%5D=' + str(x) for x in asked)
            if query not in answers:
                answers[query] = 'posts-%d.json' % (len(answers) + 1)
                json.dump({'post_stream': {'posts': [post(ids.index(x) + 1) for x in asked]}, 'id': 7001},
                          open('%s/%s' % (www, answers[query]), 'w'))
            chunks.write('/t/7001/posts.json?%s\n' % query)
with open(www + '/posts-map.conf', 'w') as conf:
    for query, answer in answers.items():
        conf.write('    "%s" /%s;\n' % (query, answer))
shutil.copy(www + '/latest-95.json', www + '/latest.json')
shutil.copy(www + '/topic-7001-95.json', www + '/topic-7001.json')
shutil.copy(www + '/chunks-95.txt', www + '/chunks.txt')
PY
# Discourse's default robots.txt (RobotsTxtController): nothing here is disallowed.
printf 'User-agent: *\nDisallow: /admin/\nDisallow: /auth/\nDisallow: /email/\nDisallow: /search\nDisallow: /session\nDisallow: /u/\nDisallow: /t/*/*.rss\n' \
  > "$www/robots.txt"
printf 'nom,prenom,email,telephone\nMorvan,Elise,elise.morvan@example.org,06 39 98 00 01\nQuemener,Yann,yann.quemener@example.org,06 39 98 00 45\nLe Gall,Anne,anne.legall@example.org,06 39 98 00 95\nKervella,Loic,loic.kervella@example.org,06 39 98 00 99\n' \
  > rows.csv

start_nginx() {
  port=$(demo_free_port 127.0.0.17)
  mkdir -p "$work/nginx/tmp"
  chmod 755 "$work" && chmod -R a+rX "$www"
  { nginx_conf_head "$work"; cat <<CONF
  default_type text/plain;
  map_hash_bucket_size 512;  # a key is a request's query: 20 ids
  map \$args \$posts_answer {
$(cat "$www/posts-map.conf")
    default /none;
  }
  server {
    listen 127.0.0.17:$port;
    root $www;
    location = /robots.txt { }
    location = /latest.json { default_type application/json; }
    location = /t/fuite-clinique/7001.json { default_type application/json; try_files /topic-7001.json =404; }
    location = /t/7001/posts.json { default_type application/json; try_files \$posts_answer =404; }
    location / { return 404; }
  }
}
CONF
  } > "$work/nginx/nginx.conf"
  launch_nginx "$work/nginx" "http://127.0.0.17:$port/robots.txt"
}
start_nginx_retrying start_nginx
log=$work/nginx/access.log
base=http://127.0.0.17:$port

# The adapter as shipped, but for its listing's host and its delay.
mkdir seeds
sed -e "s#^\( *listing *= *\)https\{0,1\}://[^/]*#\1$base#" -e "s/^\( *delay *=\).*/\1 $delay/" \
  "$root/seeds/adapters/discourse.conf" > seeds/discourse.conf
"$lw" keygen --key op.key >/dev/null || fail "keygen"

# check_run NAME LOG CHUNKS ROWS: the requests of one crawl (robots.txt,
# the listing, the topic, then the first CHUNKS posts.json requests in
# order, each once and answered 200), spaced by the delay; one item
# indexed with ROWS records; its log names no path.
check_run() {
  python3 - "$1" "$2" crawl-"$1".log "$3" "$4" "$base" "$www/chunks.txt" "$delay" "$root/tests/support" <<'PY'
import json, re, sys
name, access, crawl_log, chunks, rows, base, chunk_file, delay, support = sys.argv[1:]
chunks, rows, delay = int(chunks), int(rows), float(delay)
sys.path.insert(0, support)
import leakwatch_keys
bad = 0
def fail(msg):
    global bad
    bad += 1
    print('FAIL: %s: %s' % (name, msg))
reqs = []
for line in open(access):
    if '"leakwatch/' not in line:
        continue  # the start-up probe
    m = re.match(r'(\S+) \S+ "GET (\S+) HTTP/[0-9.]+" (\d+)', line)
    if not m:
        fail('not a GET: ' + line)
        continue
    reqs.append((float(m.group(1)), m.group(2), int(m.group(3))))
want = ['/robots.txt', '/latest.json', '/t/fuite-clinique/7001.json'] + \
    [l.strip() for l in open(chunk_file)][:chunks]
if [p for _, p, _ in reqs] != want:
    fail('requests, in order:\n  %s\nnot\n  %s' % ('\n  '.join(p[:70] for _, p, _ in reqs),
                                                   '\n  '.join(p[:70] for p in want)))
if any(s != 200 for _, _, s in reqs):
    fail('statuses %s' % [s for _, _, s in reqs])
gaps = [b - a for (a, _, _), (b, _, _) in zip(reqs, reqs[1:])]
if gaps and min(gaps) < delay - 0.005:  # nginx's clock has ms
    fail('requests closer than the delay (%s s): %s' % (delay, ['%.3f' % g for g in gaps]))
print('%s: %d posts.json requests, gaps %s s' % (name, len(reqs) - 3, ' '.join('%.3f' % g for g in gaps)))
events = [json.loads(l) for l in open(crawl_log) if l.startswith('{')]
text = open(crawl_log).read()
if any('url' in e or '/' in e.get('host', '') for e in events) or \
        re.search(r'posts\.json|fuite|example\.org|Morvan', text):
    fail('the log names a path or a text')
topic = leakwatch_keys.ref('op.key', base + '/t/fuite-clinique/7001.json')
items = [e for e in events if e['event'] == 'item']
if [(e['ref'], e.get('detail')) for e in items] != [(topic, 'new, %d records' % rows)]:
    fail('items indexed: %s' % [(e['ref'], e.get('detail')) for e in items])
cut = [e for e in events if e['event'] == 'item-cut']
if chunks == 4 and cut:
    fail('a whole topic said cut: %s' % cut)
if chunks < 4 and [(e['ref'], e['level']) for e in cut] != [(topic, 'warning')]:
    fail('the cut topic said once, by its reference: %s' % cut)
if any(e['level'] == 'error' for e in events):
    fail('errors: %s' % [e for e in events if e['level'] == 'error'][:3])
sys.exit(min(bad, 100))
PY
}

# ---- one crawl: the whole topic ---------------------------------------------------
: > "$log"
"$lw" crawl --db corpus --key op.key --seeds seeds --contact test@example.org --log-format json \
  >out.txt 2>crawl-whole.log || fail "crawl: exit $?: $(tail -3 crawl-whole.log)"
check_run whole "$log" 4 3 || failures=$((failures + 1))
for part in "7 requests" "1 items new" "3 records" "0 errors"; do
  expect_text out.txt "$part" "summary of the whole topic's crawl"
done
n=$("$lw" query --db corpus '' --count 2>&1)
[ "$n" = "1 items" ] || fail "the topic is one item: $n"
"$lw" check --db corpus --key op.key --records rows.csv >out.txt 2>err.txt
[ $? -eq 0 ] || fail "check after the crawl: $(cat err.txt)"
expect_text out.txt "4 rows checked, 3 exposed" "the rows of posts 1, 45 and 95 are found, not the fourth"
for value in elise.morvan@example.org yann.quemener@example.org anne.legall@example.org; do
  token=$("$lw" token --key op.key "$value" | cut -f1)
  "$lw" search --db corpus --key op.key "$token" --format jsonl >found.txt 2>&1
  [ $? -eq 0 ] || fail "${value%@*}: not found"
  python3 -c 'import json, sys; hits = [i["source"] for l in open("found.txt") for i in json.loads(l)["items"]]; sys.exit(hits != [sys.argv[1]])' \
    "$base/t/fuite-clinique/7001.json" || fail "${value%@*}: not in the topic's one item: $(head -c 300 found.txt)"
done

# ---- max_item_pages = 3: the first answer and two posts.json requests -------------
mkdir seeds-cut
sed 's/^\( *max_item_pages *=\).*/\1 3/' seeds/discourse.conf > seeds-cut/discourse.conf
grep -q '^max_item_pages = 3$' seeds-cut/discourse.conf || echo 'max_item_pages = 3' >> seeds-cut/discourse.conf
: > "$log"
"$lw" crawl --db corpus-cut --key op.key --seeds seeds-cut --contact test@example.org --log-format json \
  >out.txt 2>crawl-cut.log || fail "crawl with max_item_pages = 3: exit $?: $(tail -3 crawl-cut.log)"
check_run cut "$log" 2 2 || failures=$((failures + 1))
"$lw" check --db corpus-cut --key op.key --records rows.csv >out.txt 2>err.txt
expect_text out.txt "4 rows checked, 2 exposed" "a topic cut after post 60: posts 1 and 45 are indexed"
n=$("$lw" query --db corpus-cut '' --count 2>&1)
[ "$n" = "1 items" ] || fail "the cut topic is one item: $n"
"$lw" crawl --db corpus-cut --key op.key --seeds seeds-cut --contact test@example.org \
  >out.txt 2>err.txt || fail "the crawl after a cut"
grep -qF "fuite-clinique/7001.json" "$log" && [ "$(grep -c 7001.json "$log")" -eq 1 ] \
  || fail "a cut topic is not fetched again: $(grep -c 7001.json "$log") requests"

# ---- the topic grows to 110 posts (a row in post 104) -----------------------------
# Its listing row shows the change (posts_count, last_posted_at): the next
# crawl reads the first answer again (it names the posts), skips the
# posts.json requests before the last one it read, reads that one again
# (posts 81-100 now, 96-100 new) and the new one (101-110), and adds only
# the new record to the same item.
cp "$www/latest-110.json" "$www/latest.json"
cp "$www/topic-7001-110.json" "$www/topic-7001.json"
chmod -R a+rX "$www"
: > "$log"
"$lw" crawl --db corpus --key op.key --seeds seeds --contact test@example.org --log-format json \
  >out.txt 2>crawl-grown.log || fail "crawl of the grown topic: exit $?: $(tail -3 crawl-grown.log)"
want="/latest.json 200 /t/fuite-clinique/7001.json 200 $(sed -n '4,5p' "$www/chunks-110.txt" | sed 's/$/ 200/' | tr '\n' ' ')"
got=$(grep '"leakwatch/' "$log" | sed -E 's/^[^"]*"GET ([^ ]*) .*" ([0-9]+) .*/\1 \2/' | tr '\n' ' ')
[ "$got" = "$want" ] || fail "the grown topic's requests: $got"
grep -q '"event":"item-changed"' crawl-grown.log || fail "the grown topic: no item-changed line"
expect_text out.txt "0 items new" "the grown topic is no new item"
"$lw" check --db corpus --key op.key --records rows.csv --format jsonl >out.txt 2>err.txt
[ $? -eq 0 ] || fail "check after the growth: $(cat err.txt)"
python3 - "$base/t/fuite-clinique/7001.json" <<'PY' || fail "after the growth, every row once in the topic's one item: $(head -c 400 out.txt)"
import json, sys
found = [json.loads(l) for l in open('out.txt') if l.strip()]
found = [f for f in found if f.get('found')]
ok = sorted({f['row'] for f in found}) == [2, 3, 4, 5] and \
    all([(i['source'], i['records']) for i in f['items']] == [(sys.argv[1], 1)] for f in found)
sys.exit(not ok)
PY
"$lw" stats --db corpus >stats.txt 2>&1 || fail "stats"
grep -Eq '^records +4$' stats.txt || fail "the grown topic's records, one a row: $(grep records stats.txt)"

elapsed=$(python3 -c "print('%.1f' % ($(date +%s.%N) - $started))")
if [ "$failures" -eq 0 ]; then echo "discourse cli: all passed (${elapsed}s)"; exit 0; fi
echo "discourse cli: $failures failure(s)"; exit 1
