#!/usr/bin/env bash
# leakwatch extract --count (all kinds) against ripgrep's count of one email
# regex, on five shapes of synthetic leak, 200 MB each by default:
#   paste    mixed paste text: CSV, SQL, prose, logs  (gen_paste BYTES 42)
#   aphp     an AP-HP-shaped ';' CSV                  (gen_paste --aphp ROWS 42)
#   italian  an Italian vaccine-registry ',' CSV      (gen_shapes italian BYTES 42)
#   sql      a mysqldump of the same people           (gen_shapes sql BYTES 42)
#   mix      prose with CSV blocks of 20-200 rows     (gen_shapes mix BYTES 42)
#
# Timing: whole-process wall time; both programs pinned to one core
# (taskset -c $LW_BENCH_CPU, default 1); rounds in which ripgrep and
# leakwatch (at each SIMD level asked for) run one after the other, the
# order rotating; per program the median of the rounds, and the ratio
# (leakwatch's throughput over ripgrep's) the median of the per-round
# ratios. Target: >= 1.5x on every shape.
#
# Usage: extract_bench.sh [--check-levels] LEAKWATCH GEN_PASTE GEN_SHAPES SIMD_LEVEL [BYTES]
#   --check-levels  instead of timing, runs extract --count under every
#                   LW_SIMD level this CPU has and fails unless the counts
#                   of every kind are identical across levels
# Environment: LW_BENCH_DATA (data folder, default bench/data),
#   LW_BENCH_ROUNDS (default 5), LW_BENCH_SHAPES (default all five),
#   LW_BENCH_LEVELS ("default": the level leakwatch picks; "all": every
#   level this CPU has; or a list such as "sse2 avx512"), LW_BENCH_CPU,
#   LW_BENCH_BASELINE (another leakwatch, e.g. a previous build, timed in
#   the same rounds under the name "base").
set -euo pipefail
mode=time
if [ "${1:-}" = --check-levels ]; then
  mode=check
  shift
fi
lw=$1 gen_paste=$2 gen_shapes=$3 simd_level=$4
bytes=${5:-200000000}
data=${LW_BENCH_DATA:-$(dirname "$0")/data}
rounds=${LW_BENCH_ROUNDS:-5}
shapes=${LW_BENCH_SHAPES:-paste aphp italian sql mix}
cpu=${LW_BENCH_CPU:-1}
regex='[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}'
mkdir -p "$data"

case ${LW_BENCH_LEVELS:-default} in
  default) levels=$("$simd_level") ;;
  all) levels=$("$simd_level" --supported | grep -v '^scalar$' | tr '\n' ' ') ;;
  *) levels=$LW_BENCH_LEVELS ;;
esac

# make_data SHAPE: the path of SHAPE's file of about $bytes bytes, made once.
make_data() {
  local file="$data/$1-$bytes.txt"
  if [ ! -s "$file" ]; then
    case $1 in
      paste) "$gen_paste" "$bytes" 42 > "$file" ;;
      aphp)  # rows for $bytes, from the size of 10,000
        local per_10k
        per_10k=$("$gen_paste" --aphp 10000 42 | wc -c)
        "$gen_paste" --aphp $((bytes * 10000 / per_10k)) 42 > "$file" ;;
      *) "$gen_shapes" "$1" "$bytes" 42 > "$file" ;;
    esac
  fi
  echo "$file"
}

if [ "$mode" = check ]; then
  all_levels=$("$simd_level" --supported)
  status=0
  for shape in $shapes; do
    file=$(make_data "$shape")
    reference="" reference_level=""
    for level in $all_levels; do
      counts=$(LW_SIMD=$level "$lw" extract --count "$file")
      if [ -z "$reference_level" ]; then
        reference=$counts reference_level=$level
        echo "== $shape: counts under LW_SIMD=$level"
        echo "$counts" | sed 's/^/   /'
      elif [ "$counts" != "$reference" ]; then
        echo "FAIL: $shape: LW_SIMD=$level counts differ from LW_SIMD=$reference_level:" >&2
        diff <(echo "$reference") <(echo "$counts") >&2 || true
        status=1
      else
        echo "   LW_SIMD=$level: identical"
      fi
    done
  done
  [ $status = 0 ] && echo "counts identical across levels: $all_levels" | tr '\n' ' ' && echo
  exit $status
fi

cpu_model=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
echo "CPU: $cpu_model; pinned to cpu $cpu; $rounds rounds; leakwatch levels: $levels"
echo "ripgrep: rg -j1 --count-matches '$regex' (emails only)"
echo "leakwatch: extract --count (all kinds, validated, records, persons)"
for shape in $shapes; do
  file=$(make_data "$shape")
  cat "$file" >/dev/null  # warm the page cache
  python3 - "$shape" "$file" "$rounds" "$cpu" "$lw" "$regex" "${LW_BENCH_BASELINE:-}" $levels <<'PY'
import os, statistics, subprocess, sys, time
shape, path, rounds, cpu, lw, regex, baseline = sys.argv[1:8]
levels = sys.argv[8:]
size = os.path.getsize(path)
programs = {"rg": (["rg", "-j1", "--count-matches", regex, path], {})}
for level in levels:
    programs[level] = ([lw, "extract", "--count", path], {"LW_SIMD": level})
if baseline:
    programs["base"] = ([baseline, "extract", "--count", path], {})
    levels.append("base")
def wall(name):
    argv, extra = programs[name]
    env = dict(os.environ, **extra)
    t0 = time.perf_counter()
    subprocess.run(["taskset", "-c", cpu] + argv, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0
names = list(programs)
times = {n: [] for n in names}
ratios = {level: [] for level in levels}
for r in range(int(rounds)):
    order = names[r % len(names):] + names[:r % len(names)]
    this = {n: wall(n) for n in order}
    for n in names:
        times[n].append(this[n])
    for level in levels:
        ratios[level].append(this["rg"] / this[level])
mb = size / 1e6
rg = statistics.median(times["rg"])
print(f"{shape:8} {mb:6.0f} MB  rg {rg:6.3f} s {mb / rg:5.0f} MB/s")
for level in levels:
    t = statistics.median(times[level])
    rs = ratios[level]
    label = "baseline" if level == "base" else f"LW_SIMD={level}"
    print(f"{'':8} {'':9}  lw {t:6.3f} s {mb / t:5.0f} MB/s  {label:14} "
          f"ratio {statistics.median(rs):.2f}x (pairs {min(rs):.2f}-{max(rs):.2f})")
PY
done
