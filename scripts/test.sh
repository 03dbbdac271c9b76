#!/usr/bin/env bash
# Installs, builds and runs every test: the release build's suite (unit,
# vector, CLI tests), the unit tests again under AddressSanitizer and
# UndefinedBehaviorSanitizer, then under ThreadSanitizer, and the fuzz
# target for 60 s. Ends with the line "N passed, N failed". This is what
# .ci/run runs.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

bash scripts/install-deps.sh >/dev/null || { echo "install failed"; echo "0 passed, 1 failed"; exit 1; }

jobs=$(nproc)
passed=0
failed=0
skipped=0

count_meson_log() {
  local log=$1
  read -r p f s < <(python3 - "$log" <<'PY'
import json, sys
p = f = s = 0
for line in open(sys.argv[1]):
    r = json.loads(line)["result"]
    if r in ("OK", "EXPECTEDFAIL"): p += 1
    elif r == "SKIP": s += 1
    else: f += 1
print(p, f, s)
PY
)
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
}

step() { echo; echo "== $*"; }

step "release build and test suite"
# setup DIR ARGS...: configure a build folder, or reconfigure one already there.
setup() {
  local dir=$1; shift
  if [ -f "$dir/meson-private/coredata.dat" ]; then
    meson setup "$dir" "$@" --reconfigure >/dev/null
  else
    rm -rf "$dir"
    meson setup "$dir" "$@" >/dev/null
  fi
}

if setup build-ci -Dtests=enabled -Dbench=enabled; then
  if ninja -C build-ci -j"$jobs" >/dev/null; then
    meson test -C build-ci --print-errorlogs --num-processes "$jobs"
    count_meson_log build-ci/meson-logs/testlog.json
  else
    ninja -C build-ci -j1 2>&1 | tail -40
    echo "release build failed"
    failed=$((failed + 1))
  fi
else
  echo "release configure failed"
  failed=$((failed + 1))
fi

step "unit tests under AddressSanitizer + UndefinedBehaviorSanitizer"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
if setup build-asan -Dtests=enabled -Dbench=disabled -Dbuildtype=debugoptimized \
     -Db_sanitize=address,undefined -Db_lundef=false &&
   ninja -C build-asan -j"$jobs" tests/unit_tests tests/vector_tests >/dev/null; then
  LW_PHONE_DIFF_COUNT=100000 meson test -C build-asan --no-rebuild --print-errorlogs \
    --num-processes "$jobs" --suite leakwatch:sanitized
  count_meson_log build-asan/meson-logs/testlog.json
else
  failed=$((failed + 1))
fi
unset ASAN_OPTIONS UBSAN_OPTIONS

step "unit tests under ThreadSanitizer (the tokenizer's workers, the background writer, the crawler's fetches)"
# The phone differential test is left out: single-threaded, and minutes long
# under TSan. TSan exits non-zero (66) after any report.
if setup build-tsan -Dtests=enabled -Dbench=disabled -Dbuildtype=debugoptimized \
     -Db_sanitize=thread &&
   ninja -C build-tsan -j"$jobs" tests/unit_tests >/dev/null; then
  if ./build-tsan/tests/unit_tests '~[differential]' > build-tsan/unit_tests.log 2>&1; then
    tail -2 build-tsan/unit_tests.log
    passed=$((passed + 1))
  else
    grep -A30 'WARNING: ThreadSanitizer' build-tsan/unit_tests.log | head -80
    tail -20 build-tsan/unit_tests.log
    failed=$((failed + 1))
  fi
else
  failed=$((failed + 1))
fi

step "fuzzing the scanner and record splitter for 60 s (split over the SIMD levels the CPU has), the input readers for 30 s, stub files for 10 s, the service's parsers for 20 s (libFuzzer)"
if CXX=clang++ setup build-fuzz -Dfuzz=enabled -Dtests=disabled -Dbench=disabled \
     -Dbuildtype=debugoptimized -Db_sanitize=address,undefined -Db_lundef=false &&
   ninja -C build-fuzz -j"$jobs" tests/fuzz/extract_fuzz tests/fuzz/input_fuzz tests/fuzz/stub_fuzz \
     tests/fuzz/service_fuzz >/dev/null; then
  # fuzz TARGET SECONDS MAX_LEN SEEDS: one target for SECONDS on its own
  # corpus folder, started from SEEDS; counts as one test.
  fuzz() {
    local target=$1 seconds=$2 max_len=$3 seeds=$4
    mkdir -p "build-fuzz/$target-corpus"
    if "./build-fuzz/tests/fuzz/$target" -max_total_time="$seconds" -max_len="$max_len" \
         -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 "build-fuzz/$target-corpus" "$seeds" \
         > "build-fuzz/$target.log" 2>&1; then
      tail -3 "build-fuzz/$target.log"
      passed=$((passed + 1))
    else
      tail -40 "build-fuzz/$target.log"
      failed=$((failed + 1))
    fi
  }
  # The scanner and record splitter on text of the fuzzer's making, at
  # each SIMD level of the block scans this CPU has (LW_SIMD), 60 s in all.
  levels="scalar sse2"
  grep -qw avx2 /proc/cpuinfo && levels="$levels avx2"
  grep -qw avx512bw /proc/cpuinfo && levels="$levels avx512"
  for level in $levels; do
    echo "LW_SIMD=$level"
    LW_SIMD=$level fuzz extract_fuzz $((60 / $(wc -w <<<"$levels"))) 65536 tests/fuzz/seeds
  done
  # The input readers (archive sniffing, nesting, limits), from a memfd.
  fuzz input_fuzz 30 65536 tests/fuzz/seeds-input
  # The stub file parser (a corpus copy's XAPIANDB or a --db stub of
  # someone else's making): 10 s covers its few branches many times over.
  fuzz stub_fuzz 10 4096 tests/fuzz/seeds-stub
  # The service's request parsers and the client's readers of its answers
  # (blind and details requests, feed sets and deltas, quotas, the item
  # catalog).
  fuzz service_fuzz 20 8192 tests/fuzz/seeds-service
else
  failed=$((failed + 1))
fi

echo
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
