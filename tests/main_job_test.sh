#!/usr/bin/env bash
# The README's main job as a smoke test: it must end with the desk's home page rendered,
# on whatever day it runs. Usage: main_job_test.sh BUILD_DIR DATA_DIR [FAKETIME_DATE]
set -euo pipefail
build=$1 data=$2 date=${3:-}
repo=$(cd "$(dirname "$0")/.." && pwd)
rm -f "$data/desk-home.png"
export QT_QPA_PLATFORM=offscreen
unset DISPLAY WAYLAND_DISPLAY  # the job would open a window and wait for it
if [ -n "$date" ]; then
  command -v faketime >/dev/null || { echo "faketime is missing (tools/dev.sh installs it)" >&2; exit 1; }
  faketime "$date" "$repo/tools/demo.sh" "$build" "$data"
else
  "$repo/tools/demo.sh" "$build" "$data"
fi
test -s "$data/desk-home.png" || { echo "the desk's home page was not rendered" >&2; exit 1; }
