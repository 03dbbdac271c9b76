#!/usr/bin/env bash
# `leakwatch index` of archives of many small members (issue 18, case 5):
# a tar.gz of N one-line members and one of N empty members, each indexed
# into a fresh corpus 5 times; prints the median wall time and the members
# a second. Before items were committed in groups, each member cost a commit
# (some 20 ms on this machine's disk): 300 empty members took 5.7 s.
# Usage: archive_members_bench.sh LEAKWATCH [N]
set -euo pipefail
lw=$(realpath "$1")
n=${2:-3000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
"$lw" keygen --key op.key >/dev/null
python3 - "$n" <<'PY'
import io, sys, tarfile
n = int(sys.argv[1])
for name, body in (("lines", lambda i: f"user{i}.member@example.org\n".encode()), ("empty", lambda i: b"")):
    with tarfile.open(f"{name}.tar.gz", "w:gz") as tar:
        for i in range(n):
            data = body(i)
            info = tarfile.TarInfo(f"m/{i:06d}.txt")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
PY
python3 - "$lw" "$n" <<'PY'
import os, shutil, statistics, subprocess, sys, time
lw, n = sys.argv[1], int(sys.argv[2])
for shape in ("lines", "empty"):
    times = []
    for run in range(5):
        shutil.rmtree("corpus", ignore_errors=True)
        start = time.monotonic()
        subprocess.run([lw, "index", "--db", "corpus", "--key", "op.key", f"{shape}.tar.gz"],
                       check=True, capture_output=True)
        times.append(time.monotonic() - start)
    median = statistics.median(times)
    print(f"{shape}: {n} members, {os.path.getsize(shape + '.tar.gz')} bytes, "
          f"median of 5: {median:.2f} s (min {min(times):.2f}, max {max(times):.2f}), "
          f"{n / median:.0f} members/s")
PY
