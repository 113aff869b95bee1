#!/usr/bin/env bash
# Renders the desk's pages offscreen into docs/screenshots/: every page from a fresh sample
# node (tongban-desk --demo picks the station, township center or field laptop the page is
# best seen on); sync from a station enrolled with a real hub on loopback, synced once, with
# two cases received since; conflicts from the admin console on a hub holding a conflict
# (tests/ui/desk_hub_fixture).
#   ui/screenshots.sh [BUILD_DIR]      (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
desk=$build/ui/tongban-desk
cli=$build/node/cli/tongban
central=$build/central/tongban-central
fixture=$build/tests/ui/desk_hub_fixture
out=docs/screenshots
work=$(mktemp -d)
hub_pid=""
cleanup() {
  if [ -n "$hub_pid" ]; then kill "$hub_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
export QT_QPA_PLATFORM=offscreen QT_QUICK_CONTROLS_STYLE=Basic
# The hub's and the CLI's lines below are read by this script: English, whatever the desk shows.
export LC_ALL= LC_MESSAGES= LANG=en_US.UTF-8
mkdir -p "$out"

# Every page in Chinese (the default) and in English at 1366x768, the common pages also
# at 1920x1080. The desk's --self-test checks the same pages for overlaps and clipping.
for page in home intake search case backoffice field appointments shipments rating stats settings; do
  "$desk" --demo "$work/demo-$page" --screenshot "$page" "$out/$page.png"
  "$desk" --demo "$work/demo-$page-en" --lang en --screenshot "$page" "$out/$page-en.png"
done
for page in home intake case; do
  "$desk" --demo "$work/demo-$page-1080" --size 1920x1080 --screenshot "$page" "$out/$page-1080.png"
done

"$fixture" -- "$desk" --db {db} --user admin --password demo-admin-pass \
  --screenshot conflicts "$out/conflicts.png"
"$fixture" -- "$desk" --db {db} --user admin --password demo-admin-pass \
  --screenshot case --case {case} "$out/case-conflict.png"

"$central" serve --data "$work/hub" --listen 127.0.0.1:0 >"$work/hub.out" 2>"$work/hub.err" &
hub_pid=$!
for _ in $(seq 100); do
  grep -q listening "$work/hub.out" 2>/dev/null && break
  sleep 0.05
done
url=$(head -1 "$work/hub.out" | grep -o 'http://[0-9.:]*')
"$central" catalog publish sample --data "$work/hub" >/dev/null
code=$("$central" station add --data "$work/hub" --code QS-JX01 --name 金溪村便民服务站 \
         --kind station --township QS-JX | tail -1)
db=$work/station.db
# The station is encrypted (the default): every command signs in as TONGBAN_USER.
export TONGBAN_PASSWORD=demo-admin-pass TONGBAN_USER=admin
"$cli" init --db "$db" --station QS-JX01 --central "$url" --enroll "$code" >/dev/null
"$cli" sync --db "$db" >/dev/null
echo demo-clerk-pass | "$cli" staff add --db "$db" --user admin --login wangli --name 王丽 --role clerk
export TONGBAN_PASSWORD=demo-clerk-pass TONGBAN_USER=wangli
"$cli" case intake --db "$db" --user wangli --item 高龄津贴申领 --applicant 陈桂兰 \
  --id 330102196001010043 >/dev/null
"$cli" sync --db "$db" >/dev/null
"$cli" case intake --db "$db" --user wangli --item 最低生活保障审核确认 --applicant 张建国 \
  --id 440524188001010014 --material M05=tolerated >/dev/null
"$cli" case intake --db "$db" --user wangli --item 困难残疾人生活补贴和重度残疾人护理补贴 \
  --applicant 赵德明 --id 330102195203150015 --green 重度残疾人，行动不便 >/dev/null
"$desk" --db "$db" --user wangli --password demo-clerk-pass --screenshot sync "$out/sync.png"
"$desk" --db "$db" --user wangli --password demo-clerk-pass --lang en --screenshot sync "$out/sync-en.png"
