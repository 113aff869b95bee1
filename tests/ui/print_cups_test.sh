#!/usr/bin/env bash
# A print from the desk reaches a printer. The test starts its own CUPS server (in WORK,
# on a Unix socket; the machine's CUPS, if any, is left alone) with the cups-pdf virtual
# printer, and the desk prints a sample case's receipt on it the way the print sheet does.
# The PDF the printer produced must hold the case number and the applicant's masked ID,
# its QR code must decode to the case's scan code, and the print must be on the case's
# timeline. A queue that is paused must fail with the printer's words, losing nothing.
#   print_cups_test.sh DESK CLI WORK
set -euo pipefail
desk=$1 cli=$2 work=$3

if [ "$(id -u)" -ne 0 ]; then
  echo "skipped: CUPS runs the cups-pdf backend only for a server started as root"
  exit 77
fi
for tool in cupsd lpadmin cupsdisable pdftotext zbarimg; do
  command -v "$tool" >/dev/null ||
    { echo "$tool is missing (tools/dev.sh installs cups, printer-driver-cups-pdf, zbar-tools)" >&2; exit 1; }
done
ppd=/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd
[ -f "$ppd" ] || { echo "cups-pdf is missing (printer-driver-cups-pdf)" >&2; exit 1; }

rm -rf "$work"
mkdir -p "$work"/{spool,cache,state,log}
cat >"$work/cupsd.conf" <<EOF
Listen $work/cups.sock
LogLevel info
WebInterface No
Browsing No
<Location />
  Order allow,deny
  Allow all
</Location>
EOF
cat >"$work/cups-files.conf" <<EOF
ServerRoot $work
RequestRoot $work/spool
TempDir $work/spool
CacheDir $work/cache
StateDir $work/state
ServerBin /usr/lib/cups
DataDir /usr/share/cups
AccessLog $work/log/access_log
ErrorLog $work/log/error_log
PageLog $work/log/page_log
FileDevice No
EOF

# cups-pdf writes into the job owner's ~/PDF; whatever this test adds there goes at the end.
out_dir="$(getent passwd "$(id -un)" | cut -d: -f6)/PDF"
had_out_dir=0
[ -d "$out_dir" ] && had_out_dir=1
before="$work/before.txt"
ls -1 "$out_dir" 2>/dev/null | sort >"$before" || true

cupsd -f -c "$work/cupsd.conf" -s "$work/cups-files.conf" &
cupsd_pid=$!
cleanup() {
  kill "$cupsd_pid" 2>/dev/null || true
  wait "$cupsd_pid" 2>/dev/null || true
  rm -f /var/log/cups/cups-pdf-tongban-test_log  # cups-pdf's log of this queue names the files
  if [ -d "$out_dir" ]; then
    comm -13 "$before" <(ls -1 "$out_dir" | sort) | while read -r f; do rm -f "$out_dir/$f"; done
    [ "$had_out_dir" -eq 1 ] || rmdir "$out_dir" 2>/dev/null || true
  fi
}
trap cleanup EXIT
for _ in $(seq 100); do [ -S "$work/cups.sock" ] && break; sleep 0.1; done
[ -S "$work/cups.sock" ] || { echo "cupsd did not start:" >&2; cat "$work/log/error_log" >&2 || true; exit 1; }
export CUPS_SERVER="$work/cups.sock"

# The window's printer. pdftocairo keeps the text of the PDF through CUPS's filters, so the
# printed file can be read back.
lpadmin -p tongban-test -E -v cups-pdf:/ -P "$ppd" -D "窗口打印机" \
  -o pdftops-renderer-default=pdftocairo 2>/dev/null

export QT_QPA_PLATFORM=offscreen QT_QUICK_CONTROLS_STYLE=Basic
"$desk" --demo "$work/demo" --print receipt --printer tongban-test | tee "$work/desk.out"
grep -q "已打印完成" "$work/desk.out" || { echo "the desk did not report the print done" >&2; exit 1; }

printed=$(comm -13 "$before" <(ls -1 "$out_dir" | sort) | grep '^SLHZ-' | head -1 || true)
[ -n "$printed" ] || { echo "no receipt came out of the printer in $out_dir" >&2; cat "$work/log/error_log" >&2; exit 1; }
text=$(pdftotext -enc UTF-8 "$out_dir/$printed" - | tr -d ' \n')
pdftoppm -r 150 -f 1 -l 1 -png "$out_dir/$printed" "$work/printed"
code=$({ zbarimg --quiet --raw "$work/printed-1.png" 2>/dev/null; } || true)
case_no=$(printf '%s' "$code" | sed -n 's/^TB:\(.*\):[0-9A-Z][0-9A-Z]$/\1/p')
[ -n "$case_no" ] || { echo "the printed QR code did not decode to a scan code: '$code'" >&2; exit 1; }
case "$text" in *"$case_no"*) ;; *) echo "the printed receipt lacks its case number $case_no" >&2; exit 1 ;; esac

# The full number, as a member sees it on request (and the audit trail records).
shown=$(TONGBAN_PASSWORD=demo-clerk-pass "$cli" case show --db "$work/demo/station.db" --user wangli --full-id "$case_no")
id=$(printf '%s\n' "$shown" | grep -o '[0-9]\{17\}[0-9X]' | head -1)
[ -n "$id" ] || { echo "case show gave no ID number" >&2; exit 1; }
masked="${id:0:4}**********${id:14:4}"
case "$text" in *"$masked"*) ;; *) echo "the printed receipt lacks the masked ID $masked" >&2; exit 1 ;; esac
case "$text" in *"$id"*) echo "the printed receipt shows the full ID number" >&2; exit 1 ;; esac
printf '%s\n' "$shown" | grep -q "打印文书" ||
  { echo "the print is not on the case's timeline:" >&2; printf '%s\n' "$shown" >&2; exit 1; }
printf '%s\n' "$shown" | grep "打印文书" | grep -q "受理回执，打印机 tongban-test" ||
  { echo "the timeline entry does not say what was printed where" >&2; exit 1; }

# Prints KIND of the case on the test printer, which must fail (exit 10) with the printer's
# name and REASON on stderr.
expect_failure() {  # expect_failure KIND REASON
  local err="$work/$1.err"
  if "$desk" --db "$work/demo/station.db" --user wangli --password demo-clerk-pass \
       --case "$case_no" --print "$1" --printer tongban-test 2>"$err"; then
    echo "printing $1 succeeded on a printer that $2" >&2
    exit 1
  fi
  grep -q "窗口打印机.*$2" "$err" ||
    { echo "the failure does not name the printer and '$2':" >&2; cat "$err" >&2; exit 1; }
}
# A printer that stops while the job waits (paper out, unplugged): named with its reason
# instead of a wait for ever.
cupsdisable -r "缺纸" tongban-test
expect_failure receipt "缺纸"
# A printer that refuses new jobs.
cupsreject -r "卡纸" tongban-test
expect_failure notice "卡纸"
# Either way the PDF stays, to print again or save.
ls "$work/demo/prints/"GZ-"$case_no".pdf >/dev/null
echo "printed $printed: case $case_no, masked ID $masked, on the timeline; a paused printer refused clearly"
