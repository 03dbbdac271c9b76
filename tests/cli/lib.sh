# What the CLI test scripts share: counting failures and checking outputs.
# Source it right after `set -uo pipefail`; end with `finish NAME`.

failures=0

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# expect_text FILE TEXT DESCRIPTION: TEXT is in FILE.
expect_text() {
  grep -qF -- "$2" "$1" || fail "$3: '$2' not in $(basename "$1"): $(head -c 400 "$1")"
}

# expect_no_text FILE TEXT DESCRIPTION: TEXT is nowhere in FILE.
expect_no_text() {
  ! grep -qF -- "$2" "$1" || fail "$3: '$2' found in $(basename "$1")"
}

# run CODE DESCRIPTION -- COMMAND...: runs it with stdout in out.txt and
# stderr in err.txt (in the current folder) and checks its exit status.
run() {
  local want=$1 what=$2
  shift 3
  "$@" >out.txt 2>err.txt
  local got=$?
  [ "$got" -eq "$want" ] || fail "$what: exit $got, expected $want ($(tail -c 300 err.txt))"
}

# enter_nginx_work: makes a fresh work folder ($work, TMPDIR inside it) and
# enters it; at exit the nginx launch_nginx started is stopped and the
# folder removed (KEEP=1 keeps it, and says where).
enter_nginx_work() {
  work=$(mktemp -d)
  export TMPDIR="$work/tmp"
  mkdir -p "$TMPDIR"
  nginx_pid=
  trap 'leave_nginx_work' EXIT
  cd "$work" || exit 1
}
leave_nginx_work() {
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null
  [ -n "${KEEP:-}" ] && echo "kept $work" || rm -rf "$work"
}

# launch_nginx PREFIX URL: starts nginx with PREFIX/nginx.conf (logs under
# PREFIX) and waits until URL answers; sets nginx_pid. Returns 1, nginx
# stopped, when it does not answer in 5 s (its port taken meanwhile: the
# caller picks another and tries again).
launch_nginx() {
  local prefix=$1 url=$2
  nginx -p "$prefix" -c "$prefix/nginx.conf" -e "$prefix/error.log" 2>>"$prefix/start.log" &
  nginx_pid=$!
  for _ in $(seq 50); do
    if curl -s -o /dev/null "$url"; then return 0; fi
    kill -0 "$nginx_pid" 2>/dev/null || break
    sleep 0.1
  done
  kill "$nginx_pid" 2>/dev/null; wait "$nginx_pid" 2>/dev/null; nginx_pid=
  return 1
}

# finish NAME: the last line, and the exit status meson reads.
finish() {
  if [ "$failures" -eq 0 ]; then echo "$1: all passed"; exit 0; fi
  echo "$1: $failures failure(s)"
  exit 1
}

# start_nginx_retrying FUNCTION: FUNCTION picks a free port and launches
# nginx on it; tried three times (another process may take the port
# meanwhile), else the test stops with nginx's last error lines.
start_nginx_retrying() {
  for _ in 1 2 3; do
    "$1" && return 0
  done
  echo "FAIL: nginx did not start: $(tail -3 "$work/nginx/error.log")"
  exit 1
}

# make_test_ca: a CA (ca.crt) and a certificate it signed for localhost and
# 127.0.0.1 (tls.crt, tls.key) in the current folder.
make_test_ca() {
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=test-ca \
    -keyout ca.key -out ca.crt 2>/dev/null
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost \
    -keyout tls.key -out tls.csr 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' > san.ext
  openssl x509 -req -in tls.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 -extfile san.ext \
    -out tls.crt 2>/dev/null
}
