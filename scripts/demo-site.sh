# Serves the bundled demo site (seeds/demo/site) with nginx on loopback:
# the paste archive on 127.0.0.2, the forum on 127.0.0.3, one free port.
# Source it, then:  demo_site_start WORK  (sets DEMO_PORT, writes
# WORK/seeds/*.conf for that port; access log WORK/nginx/access.log with
# $msec times)  and  demo_site_stop WORK. Tests add server blocks of their
# own through DEMO_EXTRA_CONF (text inserted in the http block).
demo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# A free TCP port on ADDRESS (default 127.0.0.2).
demo_free_port() {
  python3 -c 'import socket, sys; s=socket.socket(); s.bind((sys.argv[1],0)); print(s.getsockname()[1])' \
    "${1:-127.0.0.2}"
}

# The start of an nginx config that keeps everything under WORK/nginx (pid,
# logs, temp files) and logs each request with its $msec time, through the
# opening of the http block; the caller adds its servers and closes it.
nginx_conf_head() {
  local work=$1
  cat <<CONF
worker_processes 1;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 64; }
http {
  log_format lw '\$msec \$server_addr "\$request" \$status \$body_bytes_sent "\$http_user_agent" "\$http_if_none_match\$http_if_modified_since"';
  access_log $work/nginx/access.log lw;
  client_body_temp_path $work/nginx/tmp/body;
  proxy_temp_path $work/nginx/tmp/proxy;
  fastcgi_temp_path $work/nginx/tmp/fastcgi;
  uwsgi_temp_path $work/nginx/tmp/uwsgi;
  scgi_temp_path $work/nginx/tmp/scgi;
CONF
}

demo_site_start() {
  local work=$1 site="$1/site" extra=${DEMO_EXTRA_CONF:-}
  DEMO_PORT=$(demo_free_port)
  mkdir -p "$work/nginx/tmp" "$work/seeds"
  # nginx's workers may run as another user (nobody, when started by root):
  # serve a world-readable copy, whatever the clone's permissions.
  rm -rf "$site" && cp -r "$demo_root/seeds/demo/site" "$site"
  chmod 755 "$work" && chmod -R a+rX "$site"
  { nginx_conf_head "$work"; cat <<CONF
  default_type text/plain;
  charset utf-8;  # nginx keeps default_type to its MIME type; this adds the parameter
  map \$arg_start \$page { "" 0; default \$arg_start; }
  ${extra//@PORT@/$DEMO_PORT}
  server {
    listen 127.0.0.2:$DEMO_PORT;
    root $site/paste;
    location = /archive { default_type text/html; }
  }
  server {
    listen 127.0.0.3:$DEMO_PORT;
    root $site/forum;
    location = /viewforum.php {
      default_type text/html;
      try_files /viewforum.html =404;
    }
    location = /viewtopic.php {
      default_type text/html;
      try_files /topics/t\${arg_t}-s\${page}.html =404;
    }
  }
}
CONF
  } >"$work/nginx/nginx.conf"
  for seed in "$demo_root"/seeds/demo/*.conf.in; do
    sed "s/@PORT@/$DEMO_PORT/g" "$seed" >"$work/seeds/$(basename "${seed%.in}")"
  done
  nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log" &
  DEMO_NGINX_PID=$!
  for _ in $(seq 50); do
    curl -s -o /dev/null "http://127.0.0.2:$DEMO_PORT/robots.txt" && return 0
    sleep 0.1
  done
  echo "demo site: nginx did not start ($(tail -3 "$work/nginx/error.log"))" >&2
  return 1
}

demo_site_stop() {
  [ -n "${DEMO_NGINX_PID:-}" ] && kill "$DEMO_NGINX_PID" 2>/dev/null && wait "$DEMO_NGINX_PID" 2>/dev/null
  DEMO_NGINX_PID=
}
