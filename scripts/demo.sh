#!/usr/bin/env bash
# The newcomer's first command: installs, builds, then runs the main job on
# the bundled demo site (scripts/demo-run.sh): nginx serves a paste archive
# and a phpBB-style forum holding synthetic leaked dumps on loopback
# (127.0.0.2, 127.0.0.3); leakwatch creates a key and a corpus, crawls the
# site politely, and a bundled synthetic patient list is checked as an
# institution would: in house with `check`, then through the blind
# protocol. Stops its servers.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
[ -d build ] || meson setup build >/dev/null
ninja -C build cli/leakwatch >/dev/null
exec bash scripts/demo-run.sh "$(pwd)/build/cli/leakwatch"
