#!/usr/bin/env bash
# The main job on embedded defaults: a local hub on loopback, a village station and its
# township center enrolled with it, the sample catalog published, cases received at the
# station, processed at the township center, and everything reconciled through the hub.
# Both nodes' databases are encrypted (SM4, the default): their files show nothing without a password.
# Usage: tools/demo.sh BUILD_DIR [DATA_DIR]
set -euo pipefail
build=${1:-build}
bin=$build/node/cli/tongban
hub=$build/central/tongban-central
dir=${2:-$build/demo}  # data folder (tests give each run its own)
rm -rf "$dir" && mkdir -p "$dir"
export TONGBAN_PASSWORD=demo-pass-1234
# The nodes are encrypted: their commands sign in, as the --user given, else admin.
export TONGBAN_USER=admin

say() { printf '\n== %s\n' "$*"; }
# The commands speak Chinese by default; the two whose lines this script reads run in English.
en() { LC_ALL= LC_MESSAGES= LANG=en_US.UTF-8 "$@"; }

say "1. The county hub, on a free loopback port"
LC_ALL= LC_MESSAGES= LANG=en_US.UTF-8 "$hub" serve --data "$dir/hub" --listen 127.0.0.1:0 >"$dir/hub.out" 2>"$dir/hub.err" &
hub_pid=$!
trap 'kill $hub_pid 2>/dev/null || true' EXIT
for _ in $(seq 50); do grep -q listening "$dir/hub.out" 2>/dev/null && break; sleep 0.1; done
cat "$dir/hub.out"
url=$(sed -n 's/.*listening on \(http[^ ]*\) .*/\1/p' "$dir/hub.out")

say "2. The central admin publishes the catalog and announces two nodes"
"$hub" catalog publish --data "$dir/hub" sample
station_code=$("$hub" station add --data "$dir/hub" --code QS-JX01 --name 青山区金溪镇金溪村便民服务站 --township QS-JX | tail -1)
center_code=$("$hub" station add --data "$dir/hub" --code QS-JX --name 青山区金溪镇便民服务中心 --kind township | tail -1)

say "3. Each node enrolls with its one-time code and pulls the catalog"
"$bin" init --db "$dir/station.db" --station QS-JX01 --central "$url" --enroll "$station_code"
"$bin" init --db "$dir/center.db" --station QS-JX --central "$url" --enroll "$center_code"
echo "$TONGBAN_PASSWORD" | "$bin" staff add --db "$dir/station.db" --user admin --login wangli --name 王丽 --role clerk
echo "$TONGBAN_PASSWORD" | "$bin" staff add --db "$dir/center.db" --user admin --login liqiang --name 李强 --role processor
"$bin" sync --db "$dir/station.db"
"$bin" sync --db "$dir/center.db"

say "4. Clerk 王丽 receives cases at the village window (offline-capable, numbers issued locally)"
c1=$("$bin" case intake --db "$dir/station.db" --user wangli --item 高龄津贴申领 --applicant 陈桂兰 --id 330102196001010043 --phone 13812345678 | tail -1)
c2=$("$bin" case intake --db "$dir/station.db" --user wangli --item 最低生活保障审核确认 --applicant 张建国 --id 440524188001010014 --material M05=tolerated | tail -1)
c3=$("$bin" case intake --db "$dir/station.db" --user wangli --item 困难残疾人生活补贴和重度残疾人护理补贴 --applicant 赵德明 --id 330102195203150015 --green 重度残疾人 | tail -1)
"$bin" case intake --db "$dir/station.db" --user wangli --item 高龄津贴申领 --applicant 刘某 --id 110105194902301234 || true
"$bin" case list --db "$dir/station.db"

say "5. The one-time notice for the case received with a missing material"
"$bin" notice --db "$dir/station.db" "$c2"

say "6. Sync: the station pushes, the township center pulls what it processes"
"$bin" sync --db "$dir/station.db"
"$bin" sync --db "$dir/center.db"

say "7. The township center accepts and approves 陈桂兰's case, then syncs"
"$bin" case transition --db "$dir/center.db" --user liqiang "$c1" accept
"$bin" case transition --db "$dir/center.db" --user liqiang "$c1" approve
"$bin" case transition --db "$dir/center.db" --user liqiang "$c1" issue_result
"$bin" sync --db "$dir/center.db"
"$bin" sync --db "$dir/station.db"

say "8. Back at the station: the result is ready to hand out"
"$bin" case show --db "$dir/station.db" "$c1"
"$bin" sync status --db "$dir/station.db"
"$bin" sync verify --db "$dir/station.db"

say "9. Hand-out, rating, printed receipt, an appointment and a door visit"
"$bin" case transition --db "$dir/station.db" --user wangli "$c1" deliver --delivery window
"$bin" rate --db "$dir/station.db" --user wangli --case "$c1" --score 5 --indicator attitude --indicator efficiency
"$bin" print --db "$dir/station.db" --case "$c2" --kind receipt --out "$dir/receipt-$c2.pdf"
tomorrow=$(date -d tomorrow +%F)
# The first free slot the station offers from tomorrow on: weekends, holidays and their
# eves open other hours (or none), so the slot is asked of the station, never assumed.
slot=""
for ahead in $(seq 1 21); do
  day=$(date -d "+$ahead day" +%F)
  slot=$(en "$bin" appointment slots --db "$dir/station.db" --item 高龄津贴申领 --day "$day" |
    awk '$4 == "min" { split($5, n, "/"); if (n[1] < n[2]) { print $1 " " $2; exit } }')
  [ -n "$slot" ] && break
done
[ -n "$slot" ] || { echo "no free appointment slot in the next three weeks" >&2; exit 3; }
"$bin" appointment book --db "$dir/station.db" --user wangli --item 高龄津贴申领 --at "$slot" \
  --name 王秀英 --id 11010519491231002X --phone 13900001111
"$bin" visit plan --db "$dir/station.db" --user wangli --field QS-JX-F1 --day "$tomorrow" --name 孙大爷 \
  --address 金溪村五组3号 --item 最低生活保障审核确认 --purpose 入户核查
"$bin" sync --db "$dir/station.db"

say "10. The hub's view"
"$hub" station list --data "$dir/hub"
"$hub" status --data "$dir/hub"
"$hub" stats --data "$dir/hub"
"$hub" escalations --data "$dir/hub"
echo "(case $c3 is for the county civil-affairs office C-MZ, which has not enrolled yet)"
printf '\nDemo data is in %s. Try: %s case show --db %s %s\n' "$dir" "$bin" "$dir/station.db" "$c2"

say "11. A lost laptop: the station's files show nothing of 陈桂兰"
if grep -l -a -e 330102196001010043 -e 陈桂兰 -e 13812345678 "$dir"/station.db* 2>/dev/null; then
  echo "a station file shows a resident's details" >&2
  exit 4
fi
echo "no station file holds her ID number, name or phone; every page passes its check:"
"$bin" check --db "$dir/station.db"

say "12. The front desk on the station's database"
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "opening tongban-desk as 王丽 (the hub keeps serving until the desk is closed)"
  "$build/ui/tongban-desk" --db "$dir/station.db" --user wangli --password "$TONGBAN_PASSWORD"
else
  QT_QPA_PLATFORM=offscreen QT_QUICK_CONTROLS_STYLE=Basic \
    "$build/ui/tongban-desk" --db "$dir/station.db" --user wangli --password "$TONGBAN_PASSWORD" \
    --screenshot home "$dir/desk-home.png" 2>/dev/null
  echo "no display here: the desk's home page was rendered to $dir/desk-home.png"
  echo "other pages: $build/ui/tongban-desk --db $dir/station.db --user wangli --password $TONGBAN_PASSWORD --screenshot home|intake|search|case|backoffice|field|appointments|shipments|rating|stats|sync|conflicts|settings OUT.png"
fi
