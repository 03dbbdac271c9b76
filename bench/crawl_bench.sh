#!/usr/bin/env bash
# `leakwatch crawl` against 20 hosts on loopback (nginx, 20 ports: a host is
# scheme + host + port), each with a 0.5 s delay: pages per second achieved
# against the politeness limit (20 / 0.5 = 40 pages/s), and the CPU it took.
# Issue 5's target: at least 90% of the limit with under 10% of one core.
# With "revisit" (issue 22), the seeds say `revisit = 1`: a first crawl of
# SECONDS reads items, then the measured crawl finds every item read due
# again (each a re-visit: a request, then a continuation of its item)
# before the new ones; the same target holds.
# Usage: crawl_bench.sh LEAKWATCH [SECONDS] [revisit]
set -euo pipefail
lw=$(realpath "$1")
seconds=${2:-60}
revisit=${3:-}
hosts=20
work=$(mktemp -d)
chmod 755 "$work"
nginx_pid=
trap '[ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null; rm -rf "$work"' EXIT
mkdir -p "$work/site" "$work/nginx/tmp" "$work/seeds"
# 400 items a host, each host's own: more than a run can fetch, so the
# delay is the limit, and every page is a new item to index.
python3 - "$work/site" "$hosts" <<'PY'
import os, sys
for h in range(int(sys.argv[2])):
    root = os.path.join(sys.argv[1], str(h))
    os.makedirs(os.path.join(root, "items"))
    links = "".join(f'<li><a class="item" href="/items/{i}.txt">{i}</a></li>' for i in range(400))
    open(f"{root}/listing.html", "w").write(f"<html><body><ul>{links}</ul></body></html>")
    for i in range(400):
        open(f"{root}/items/{i}.txt", "w").write(
            f"paste {h}-{i}\nuser{h}x{i}.bench@example.org:secret{i}\nlorem ipsum dolor sit amet\n" * 3)
    open(f"{root}/robots.txt", "w").write("User-agent: *\nAllow: /\n")
PY
chmod -R a+rX "$work/site"
ports=()
for _ in $(seq "$hosts"); do
  ports+=("$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')")
done
{
  echo "worker_processes 1; daemon off; pid $work/nginx/nginx.pid; error_log $work/nginx/error.log warn;"
  echo "events { worker_connections 256; }"
  echo "http { access_log off; default_type text/plain; charset utf-8;"
  echo "  client_body_temp_path $work/nginx/tmp/b; proxy_temp_path $work/nginx/tmp/p;"
  echo "  fastcgi_temp_path $work/nginx/tmp/f; uwsgi_temp_path $work/nginx/tmp/u; scgi_temp_path $work/nginx/tmp/s;"
  for i in "${!ports[@]}"; do
    echo "  server { listen 127.0.0.1:${ports[$i]}; root $work/site/$i;"
    echo "    location = /listing.html { default_type text/html; } }"
  done
  echo "}"
} > "$work/nginx/nginx.conf"
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log" &
nginx_pid=$!
for i in "${!ports[@]}"; do
  printf 'name = bench-%02d\nlisting = http://127.0.0.1:%s/listing.html\nitem_links = a.item\ncontent = raw\ndelay = 0.5\n' \
    "$i" "${ports[$i]}" > "$work/seeds/bench-$i.conf"
  [ "$revisit" = revisit ] && echo 'revisit = 1' >> "$work/seeds/bench-$i.conf"
done
sleep 0.5
"$lw" keygen --key "$work/k.key" >/dev/null
if [ "$revisit" = revisit ]; then
  "$lw" crawl --db "$work/corpus" --key "$work/k.key" --seeds "$work/seeds" \
    --contact bench@example.org --max-time "${seconds}s" >"$work/summary" 2>"$work/log" \
    || { echo "crawl_bench: the first crawl failed:" >&2; tail -5 "$work/log" >&2; exit 1; }
  echo "first crawl: $(cat "$work/summary")"
  sleep 1.1
fi
# Not -q: it prints no summary when all went well. The log (a line an item,
# to a file, as under cron) is part of the cost measured.
/usr/bin/time -f "%e %U %S %M" -o "$work/time" \
  "$lw" crawl --db "$work/corpus" --key "$work/k.key" --seeds "$work/seeds" \
  --contact bench@example.org --max-time "${seconds}s" >"$work/summary" 2>"$work/log" \
  || { echo "crawl_bench: leakwatch crawl failed:" >&2; tail -5 "$work/log" >&2; exit 1; }
read -r wall user sys rss <"$work/time"
python3 - "$work/summary" "$wall" "$user" "$sys" "$rss" "$hosts" <<'PY'
import re, sys
summary = open(sys.argv[1]).read()
found = re.search(r'\b([0-9]+) requests\b', summary)
if not found:
    sys.exit("crawl_bench: no 'N requests' in leakwatch crawl's summary: %r" % summary)
requests = float(found.group(1))
wall, user, sys_, rss, hosts = (float(x) for x in sys.argv[2:])
limit = hosts / 0.5
rate = requests / wall
cpu = (user + sys_) / wall
print(f"crawl: {hosts:.0f} hosts, delay 0.5 s: {requests:.0f} requests in {wall:.1f} s = "
      f"{rate:.1f} pages/s, {100 * rate / limit:.1f}% of the {limit:.0f} pages/s limit; "
      f"CPU {user + sys_:.2f} s = {100 * cpu:.1f}% of one core; peak RSS {rss / 1024:.0f} MB")
PY
cat "$work/summary"
if [ "$revisit" = revisit ]; then
  echo "re-visits: $(grep -c 'item-revisit' "$work/log") items read again"
fi
