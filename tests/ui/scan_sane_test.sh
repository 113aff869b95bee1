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
"$cli" scan export --db "$work/demo/station.db" --sha "$sha" --out "$work/scan.pdf" >/dev/null
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

# The county: a hub on a free loopback port, a village station and its township center.
echo test >"$work/sane/dll.conf"
export TONGBAN_PASSWORD=scan-test-pass
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
"$cli" scan export --db "$county/center.db" --sha "$center_sha" --out "$county/at-center.pdf" >/dev/null
center_pages=$(pdfinfo "$county/at-center.pdf" | sed -n 's/^Pages: *//p')
[ "$center_pages" = 2 ] || { echo "the center's copy has $center_pages pages, not 2" >&2; exit 1; }
echo "scanned 3 pages onto M02 of $case_no: one $pages-page PDF in the store, none left outside;"
echo "scanned 2 pages at QS-JX01 for $c: the township center holds them after a sync"

