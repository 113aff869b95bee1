#!/usr/bin/env bash
# Every text the desk shows has its English: lupdate reads the sources into a copy of
# tongban_en.ts, and no entry may stay unfinished (a changed Chinese text included).
#   translations_test.sh LUPDATE SOURCE_DIR WORK
set -euo pipefail
lupdate=$1 src=$2 work=$3
rm -rf "$work"
mkdir -p "$work"
cp "$src/ui/i18n/tongban_en.ts" "$work/en.ts"
"$lupdate" -silent -locations none -no-obsolete "$src/ui/src" "$src/ui/qml" -ts "$work/en.ts" >/dev/null
if grep -n -B2 'type="unfinished"' "$work/en.ts"; then
  echo "texts without English above: run the update_translations target and fill ui/i18n/tongban_en.ts" >&2
  exit 1
fi
echo "every desk text has its English ($(grep -c '<source>' "$work/en.ts") texts)"
