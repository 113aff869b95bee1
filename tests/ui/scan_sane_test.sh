#!/usr/bin/env bash
# A material scanned at the desk from the station's scanner becomes one PDF on the case.
# The scanner is SANE's `test` backend, enabled only for this run through a dll.conf in
# the folder SANE_CONFIG_DIR names. Three pages scanned make one three-page PDF on the
# material, no copy is left in the temporary folder, and with no scanner at all the desk
# says so instead of failing obscurely. Then, on a county with a real hub, a scan made at
# the village station reaches the township center that processes the case.
#   scan_sane_test.sh DESK CLI HUB WORK
set -euo pipefail
desk=$1 cli=$2 hub=$3 work=$4
for tool in pdfinfo; do
  command -v "$tool" >/dev/null || { echo "$tool is missing (tools/dev.sh installs poppler-utils)" >&2; exit 1; }
done
[ -e /usr/lib/x86_64-linux-gnu/sane/libsane-test.so.1 ] || ls /usr/lib/*/sane/libsane-test.so.1 >/dev/null 2>&1 ||
  { echo "SANE's test backend is missing (libsane1, installed with libsane-dev)" >&2; exit 1; }

rm -rf "$work"
mkdir -p "$work/sane" "$work/tmp"
echo test >"$work/sane/dll.conf"
echo "test-picture grid" >"$work/sane/test.conf"  # lines, as a page of print would give
export SANE_CONFIG_DIR="$work/sane" TMPDIR="$work/tmp"
export QT_QPA_PLATFORM=offscreen QT_QUICK_CONTROLS_STYLE=Basic

"$desk" --demo "$work/demo" --scan M02 --pages 3 | tee "$work/desk.out"
case_no=$(sed -n 's/^scanned 3 pages onto M02 of \(.*\)$/\1/p' "$work/desk.out")
[ -n "$case_no" ] || { echo "the desk did not report the scan" >&2; exit 1; }

"$cli" scan list --db "$work/demo/station.db" --case "$case_no" --json >"$work/scans.json"
sha=$(grep -o '"sha256": "[0-9a-f]*"' "$work/scans.json" | head -1 | cut -d'"' -f4)
grep -q '"material": "M02"' "$work/scans.json" || { echo "no scan on M02:" >&2; cat "$work/scans.json" >&2; exit 1; }
grep -q '"mime": "application/pdf"' "$work/scans.json" || { echo "the scan is not a PDF" >&2; exit 1; }
TONGBAN_PASSWORD=demo-clerk-pass "$cli" scan export --db "$work/demo/station.db" --user wangli --sha "$sha" \
  --out "$work/scan.pdf" >/dev/null
pages=$(pdfinfo "$work/scan.pdf" | sed -n 's/^Pages: *//p')
[ "$pages" = 3 ] || { echo "the scan has $pages pages, not 3" >&2; exit 1; }
"$cli" case show --db "$work/demo/station.db" "$case_no" | grep -q "材料扫描件" ||
  { echo "the scan is not on the case's timeline" >&2; exit 1; }
# Personal data stays in the store: the PDF made for attaching is gone.
leftover=$(find "$work/tmp" -name '*.pdf' | head -1)
[ -z "$leftover" ] || { echo "a scan was left outside the store: $leftover" >&2; exit 1; }

# No scanner at all: a clear message, exit 4, nothing attached.
: >"$work/sane/dll.conf"
if "$desk" --db "$work/demo/station.db" --user wangli --password demo-clerk-pass --case "$case_no" \
     --scan M03 2>"$work/none.err"; then
  echo "a scan without a scanner succeeded" >&2
  exit 1
fi
grep -q "no scanner" "$work/none.err" || { echo "no clear message without a scanner:" >&2; cat "$work/none.err" >&2; exit 1; }

echo test >"$work/sane/dll.conf"
# A scanner that fails mid-page, one that goes silent, and a driver that dies: each is
# named with a clear message (exit 10), nothing is attached, and no helper is left
# running. SANE runs in the helper process, so none of them can hang the desk.
scan_fails() {  # scan_fails NAME MESSAGE-PATTERN [env...]
  local name=$1 pattern=$2
  shift 2
  local started=$SECONDS
  if env "$@" "$desk" --db "$work/demo/station.db" --user wangli --password demo-clerk-pass \
       --case "$case_no" --scan M03 2>"$work/$name.err"; then
    echo "$name: the scan succeeded" >&2
    exit 1
  fi
  grep -q "$pattern" "$work/$name.err" ||
    { echo "$name: no clear message:" >&2; cat "$work/$name.err" >&2; exit 1; }
  [ $((SECONDS - started)) -lt 60 ] || { echo "$name: the desk took $((SECONDS - started)) s" >&2; exit 1; }
  # (helpers of other tests running beside this one have another SANE_CONFIG_DIR)
  for pid in $(pgrep -f "tongban-scanner scan" || true); do
    if tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | grep -qx "SANE_CONFIG_DIR=$work/sane"; then
      echo "$name: a scanner helper was left running" >&2
      exit 1
    fi
  done
  if "$cli" scan list --db "$work/demo/station.db" --case "$case_no" --json | grep -q '"material": "M03"'; then
    echo "$name: a failed scan was attached" >&2
    exit 1
  fi
}
# SANE's test backend told to fail its reads, as an unplugged cable would.
printf 'test-picture grid\nread-status-code "SANE_STATUS_IO_ERROR"\n' >"$work/sane/test.conf"
scan_fails failing "没有扫完这一页：连不上扫描仪"
# 64 bytes every 0.2 s: the page would take hours; the desk gives up after 3 s.
printf 'test-picture grid\nread-limit true\nread-limit-size 64\nread-delay true\nread-delay-duration 200000\n' \
  >"$work/sane/test.conf"
scan_fails silent "3 秒内没有送来这一页" TONGBAN_SCAN_TIMEOUT=3
# The driver dies mid-page: the helper killed by a signal, as a backend crashing on a
# pulled cable would be.
cat >"$work/dying-scanner" <<EOF
#!/bin/sh
[ "\$1" = list ] && exec "$(dirname "$desk")/tongban-scanner" "\$@"
"$(dirname "$desk")/tongban-scanner" "\$@" & sleep 1; kill -KILL \$!; kill -KILL \$\$
EOF
chmod +x "$work/dying-scanner"
scan_fails crashed "驱动程序意外停止" TONGBAN_SCANNER_HELPER="$work/dying-scanner"
echo "test-picture grid" >"$work/sane/test.conf"

# The county: a hub on a free loopback port, a village station and its township center.
export TONGBAN_PASSWORD=scan-test-pass
export TONGBAN_USER=admin  # the stations are encrypted (the default): every command signs in
county="$work/county"
mkdir -p "$county"
LC_ALL= LC_MESSAGES= LANG=en_US.UTF-8 "$hub" serve --data "$county/hub" --listen 127.0.0.1:0 \
  >"$county/hub.out" 2>"$county/hub.err" &
hub_pid=$!
trap 'kill $hub_pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q listening "$county/hub.out" 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/.*listening on \(http[^ ]*\) .*/\1/p' "$county/hub.out")
[ -n "$url" ] || { echo "the hub did not start:" >&2; cat "$county/hub.err" >&2; exit 1; }
"$hub" catalog publish --data "$county/hub" sample >/dev/null
center_code=$("$hub" station add --data "$county/hub" --code QS-JX --name 金溪镇便民服务中心 --kind township | tail -1)
station_code=$("$hub" station add --data "$county/hub" --code QS-JX01 --name 金溪村便民服务站 --township QS-JX | tail -1)
"$cli" init --db "$county/station.db" --station QS-JX01 --central "$url" --enroll "$station_code" >/dev/null
"$cli" init --db "$county/center.db" --station QS-JX --central "$url" --enroll "$center_code" >/dev/null
echo "$TONGBAN_PASSWORD" | "$cli" staff add --db "$county/station.db" --user admin --login wangli --name 王丽 --role clerk >/dev/null
"$cli" sync --db "$county/station.db" >/dev/null
"$cli" sync --db "$county/center.db" >/dev/null
c=$("$cli" case intake --db "$county/station.db" --user wangli --item 最低生活保障审核确认 --applicant 张建国 \
      --id 440524188001010014 | tail -1)
"$desk" --db "$county/station.db" --user wangli --password "$TONGBAN_PASSWORD" --case "$c" --scan M02 --pages 2
"$cli" sync --db "$county/station.db" >/dev/null
"$cli" sync --db "$county/center.db" >/dev/null
"$cli" scan list --db "$county/center.db" --case "$c" --json >"$county/center-scans.json"
grep -q '"material": "M02"' "$county/center-scans.json" ||
  { echo "the township center did not receive the scan:" >&2; cat "$county/center-scans.json" >&2; exit 1; }
center_sha=$(grep -o '"sha256": "[0-9a-f]*"' "$county/center-scans.json" | head -1 | cut -d'"' -f4)
"$cli" scan export --db "$county/center.db" --user admin --sha "$center_sha" --out "$county/at-center.pdf" >/dev/null
center_pages=$(pdfinfo "$county/at-center.pdf" | sed -n 's/^Pages: *//p')
[ "$center_pages" = 2 ] || { echo "the center's copy has $center_pages pages, not 2" >&2; exit 1; }
echo "scanned 3 pages onto M02 of $case_no: one $pages-page PDF in the store, none left outside;"
echo "scanned 2 pages at QS-JX01 for $c: the township center holds them after a sync"

