#!/usr/bin/env bash
# The Debian packages as county IT gets them: cpack builds tongban-station and tongban-hub,
# dpkg installs both into a fresh root (maintainer scripts run, honouring DPKG_ROOT), and the
# installed programs then work: the hub from its installed config, a station enrolled with it
# on the default path, background sync, the desk rendering. Units pass systemd-analyze verify,
# the menu entry desktop-file-validate. Purging removes the programs and keeps the hub's data.
# Usage: tests/packages_test.sh BUILD_DIR WORK_DIR   (WORK_DIR is emptied first)
set -euo pipefail
# dpkg installs as root (CI runs as root); elsewhere the test is skipped (CTest SKIP_RETURN_CODE).
[ "$(id -u)" = 0 ] || { echo "skipped: installing packages needs root"; exit 77; }
build=$(cd "$1" && pwd)
work=$2
rm -rf "$work" && mkdir -p "$work"
work=$(cd "$work" && pwd)
root=$work/root
hub_pid=
cleanup() {
  [ -n "$hub_pid" ] && kill "$hub_pid" 2>/dev/null || true
  [ -n "${KEEP:-}" ] && return
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
step() { printf '\n== %s\n' "$*"; }

step "cpack builds both packages"
(cd "$build" && cpack --config CPackConfig.cmake -B "$work/out" >"$work/cpack.log" 2>&1) ||
  { cat "$work/cpack.log"; fail "cpack"; }
version=$("$build/node/cli/tongban" --version | awk '{print $2}')
arch=$(dpkg --print-architecture)
station_deb=$work/out/tongban-station_${version}_${arch}.deb
hub_deb=$work/out/tongban-hub_${version}_${arch}.deb
[ -f "$station_deb" ] && [ -f "$hub_deb" ] || fail "packages missing: $(ls "$work/out")"

step "every dependency the packages name is installed here: apt would install nothing else"
for deb in "$station_deb" "$hub_deb"; do [ -n "$(dpkg-deb -f "$deb" Depends)" ] || fail "$deb names no dependencies"; done
# Versions and virtual packages (libspdlog's -fmt9) resolved by apt itself, simulated.
LC_ALL=C apt-get -s -o Debug::NoLocking=1 install "$station_deb" "$hub_deb" >"$work/apt.log" 2>&1 ||
  { cat "$work/apt.log"; fail "apt cannot install the packages"; }
others=$(grep '^Inst ' "$work/apt.log" | grep -v '^Inst tongban-' || true)
[ -z "$others" ] || fail "apt would install more: $others"
[ "$(grep -c '^Inst tongban-' "$work/apt.log")" = 2 ] || { cat "$work/apt.log"; fail "apt simulation"; }
# Read whole first: grep -q would end the pipe early, and pipefail takes dpkg-deb's SIGPIPE as a failure.
description=$(dpkg-deb -f "$hub_deb" Description)
[[ "$description" == *"county hub"* ]] || fail "hub description: $description"

step "dpkg installs both into a fresh root"
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates" "$root/var/lib/dpkg/triggers" "$root/etc"
touch "$root/var/lib/dpkg/status"
# The root holds no libraries: dependencies were checked above against this machine.
dpkg --root="$root" --force-script-chrootless --force-depends --log=/dev/null \
  -i "$hub_deb" "$station_deb" >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log"; fail "dpkg -i"; }
dpkg-query --root="$root" -W -f='${Package} ${Status}\n' | tee "$work/installed"
[ "$(grep -c 'install ok installed' "$work/installed")" = 2 ] || fail "both packages installed"
for f in usr/bin/tongban usr/bin/tongban-desk usr/bin/tongban-central usr/libexec/tongban/tongban-scanner \
  usr/share/applications/tongban-desk.desktop usr/share/icons/hicolor/scalable/apps/tongban.svg \
  usr/lib/systemd/system/tongban-hub.service usr/lib/systemd/user/tongban-sync.service \
  usr/lib/systemd/user/tongban-sync.timer usr/lib/sysusers.d/tongban.conf etc/tongban/hub.conf; do
  [ -e "$root/$f" ] || fail "not installed: /$f"
done
grep -qx /etc/tongban/hub.conf "$root/var/lib/dpkg/info/tongban-hub.conffiles" || fail "hub.conf is no conffile"

step "the hub's system user, its private data folder, both units enabled"
uid=$(awk -F: '$1 == "tongban" { print $3 }' "$root/etc/passwd")
[ -n "$uid" ] || fail "no tongban user"
awk -F: '$1 == "tongban" { exit !($7 ~ /nologin/) }' "$root/etc/passwd" || fail "the tongban user has a shell"
[ "$(stat -c '%u %a' "$root/var/lib/tongban/hub")" = "$uid 700" ] || fail "data folder: $(stat -c '%u %a' "$root/var/lib/tongban/hub")"
[ -L "$root/etc/systemd/system/multi-user.target.wants/tongban-hub.service" ] || fail "hub service not enabled"
[ -L "$root/etc/systemd/user/timers.target.wants/tongban-sync.timer" ] || fail "sync timer not enabled"

step "systemd-analyze verify passes on every unit, the menu entry validates"
# The root has only Tongban's units: the host's targets and slices are what they depend on.
for dir in /usr/lib/systemd/system /lib/systemd/system; do
  [ -d "$dir" ] || continue
  for f in "$dir"/*; do [ -e "$root/usr/lib/systemd/system/$(basename "$f")" ] || cp -a "$f" "$root/usr/lib/systemd/system/"; done
done
verify() {  # verify prints its warnings (unknown keys, missing programs) and may still exit 0
  local out
  out=$(systemd-analyze --root="$root" --man=no verify "$@" 2>&1) || { echo "$out"; fail "verify $*"; }
  [ -z "$out" ] || { echo "$out"; fail "verify $* warned"; }
}
verify tongban-hub.service
# The user manager cannot be pointed at a root: the user units are checked by the system's
# rules there (the same keys), from a copy.
cp "$root/usr/lib/systemd/user/tongban-sync.service" "$root/usr/lib/systemd/user/tongban-sync.timer" \
  "$root/etc/systemd/system/"
verify tongban-sync.service tongban-sync.timer
rm "$root/etc/systemd/system/tongban-sync.service" "$root/etc/systemd/system/tongban-sync.timer"
desktop-file-validate "$root/usr/share/applications/tongban-desk.desktop" || fail "desktop entry"

step "the installed programs: versions"
[ "$("$root/usr/bin/tongban" --version)" = "tongban $version" ] || fail "tongban --version"
[ "$("$root/usr/bin/tongban-central" --version)" = "tongban-central $version" ] || fail "tongban-central --version"

step "the installed hub serves from its installed config (its data and port moved here)"
sed -e "s|/var/lib/tongban/hub|$work/hub|" -e 's|127.0.0.1:8610|127.0.0.1:0|' \
  "$root/etc/tongban/hub.conf" >"$work/hub.conf"
grep -q "$work/hub" "$work/hub.conf" || fail "hub.conf names no data folder"
central=$root/usr/bin/tongban-central
LC_ALL= LC_MESSAGES= LANG=en_US.UTF-8 "$central" --config "$work/hub.conf" serve >"$work/hub.out" 2>&1 &
hub_pid=$!
for _ in $(seq 100); do grep -q listening "$work/hub.out" 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/.*listening on \(http[^ ]*\) .*/\1/p' "$work/hub.out")
[ -n "$url" ] || { cat "$work/hub.out"; fail "the installed hub did not start"; }
grep -q "$work/hub" "$work/hub.out" || fail "the hub did not take its data folder from the config"
"$central" catalog publish --data "$work/hub" sample >/dev/null
"$central" station add --data "$work/hub" --code QS-PK --name 测试镇便民服务中心 --kind township >/dev/null
code=$("$central" station add --data "$work/hub" --code QS-PK01 --name 测试村便民服务站 --township QS-PK | tail -1)

step "a station on the default path enrolls, receives a case, and the background sync sends it"
export HOME=$work/home XDG_DATA_HOME= TONGBAN_DB= TONGBAN_PASSWORD=package-pass-1234 TONGBAN_USER=admin
tongban=$root/usr/bin/tongban
"$tongban" init --station QS-PK01 --central "$url" --enroll "$code" --plain >"$work/init.out"
db=$HOME/.local/share/tongban/station.db
[ -f "$db" ] || fail "init did not create the station at $db"
[ "$(stat -c %a "$(dirname "$db")")" = 700 ] || fail "the station's folder is not private"
echo "$TONGBAN_PASSWORD" | "$tongban" staff add --user admin --login wangli --name 王丽 --role clerk >/dev/null
"$tongban" sync --unattended >"$work/sync.out" || { cat "$work/sync.out"; fail "first sync"; }
number=$("$tongban" case intake --user wangli --item 高龄津贴申领 --applicant 陈桂兰 --id 330102196001010043 | tail -1)
[ -n "$number" ] || fail "intake"
"$tongban" sync --unattended >"$work/sync.out" || { cat "$work/sync.out"; fail "background sync"; }
LC_ALL= LC_MESSAGES= LANG=en_US.UTF-8 "$central" station list --data "$work/hub" --json >"$work/list.json"
python3 - "$work/list.json" "$version" <<'EOF' || fail "the hub has not heard the station"
import json, sys
nodes = json.load(open(sys.argv[1]))
nodes = nodes.get("nodes", nodes) if isinstance(nodes, dict) else nodes
me = [n for n in nodes if n.get("code") == "QS-PK01"]
assert me and me[0]["software"] == sys.argv[2] and me[0]["acked_seq"] > 0, me
EOF
"$tongban" sync status --json | python3 -c 'import json,sys; s=json.load(sys.stdin); assert s["queue_depth"] == 0, s' ||
  fail "the case is still waiting to be sent"
# An encrypted station nobody signed in to: skipped, for the desk syncs it.
HOME=$work/sealed "$tongban" init --station QS-PK02 --name 加密站 >/dev/null
HOME=$work/sealed TONGBAN_USER= "$tongban" sync --unattended >"$work/sealed.out" || fail "sealed station not skipped"
grep -q "后台同步跳过" "$work/sealed.out" || fail "the skip is not told: $(cat "$work/sealed.out")"
# No station for another account: the timer's run skips it and succeeds.
HOME=$work/nobody "$tongban" sync --unattended >/dev/null || fail "sync --unattended without a station"

step "the installed desk renders its home page (its QML and translations are inside it)"
QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR=$work timeout 120 "$root/usr/bin/tongban-desk" \
  --db "$db" --user admin --screenshot home "$work/home.png" >/dev/null 2>"$work/desk.err" ||
  { cat "$work/desk.err"; fail "desk"; }
[ -s "$work/home.png" ] || fail "no home page"

step "purge removes the programs and units, keeps the hub's data"
kill "$hub_pid"; wait "$hub_pid" 2>/dev/null || true; hub_pid=
dpkg --root="$root" --force-script-chrootless --force-depends --log=/dev/null \
  --purge tongban-station tongban-hub >"$work/purge.log" 2>&1 || { cat "$work/purge.log"; fail "purge"; }
for f in usr/bin/tongban usr/bin/tongban-central etc/tongban/hub.conf \
  etc/systemd/system/multi-user.target.wants/tongban-hub.service \
  etc/systemd/user/timers.target.wants/tongban-sync.timer; do
  [ ! -e "$root/$f" ] && [ ! -L "$root/$f" ] || fail "left after purge: /$f"
done
[ -d "$root/var/lib/tongban/hub" ] || fail "purge removed the hub's data"
echo "packages: installed, run and purged"
