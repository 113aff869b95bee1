#!/usr/bin/env bash
# A material scanned at the desk from the station's scanner becomes one PDF on the case.
# The scanner is SANE's `test` backend, enabled only for this run through a dll.conf in
# the folder SANE_CONFIG_DIR names. Three pages scanned make one three-page PDF on the
# material, no copy is left in the temporary folder, and with no scanner at all the desk
# says so instead of failing obscurely.
#   scan_sane_test.sh DESK CLI WORK
set -euo pipefail
desk=$1 cli=$2 work=$3
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
echo "scanned 3 pages onto M02 of $case_no: one $pages-page PDF in the store, none left outside"
