#!/usr/bin/env bash
# Set-up, build and run for developers and CI, on Debian 12.
#   tools/dev.sh run    install what is missing, build, run the main job
#   tools/dev.sh test   install what is missing, build, run every test
#   tools/dev.sh asan   the same tests in a separate AddressSanitizer+UBSan build
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(cmake ninja-build g++ make pkg-config
  qt6-base-dev qt6-declarative-dev qml6-module-qtquick qml6-module-qtquick-controls
  qml6-module-qtquick-templates qml6-module-qtquick-layouts qml6-module-qtquick-window
  qml6-module-qtqml qml6-module-qtqml-models qml6-module-qtqml-workerscript qml6-module-qttest
  qt6-l10n-tools libboost-dev libcurl4-openssl-dev libzstd-dev zstd libsqlite3-dev catch2
  nlohmann-json3-dev libcli11-dev libspdlog-dev libsodium-dev libssl-dev libgcrypt20-dev fonts-wqy-microhei
  qt6-tools-dev libpango1.0-dev libcairo2-dev poppler-utils faketime libqrencode-dev zbar-tools
  libcups2-dev libpoppler-qt6-dev qml6-module-qtquick-dialogs cups printer-driver-cups-pdf
  libsane-dev dpkg-dev desktop-file-utils systemd)

install_missing() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "installing: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

build() {  # build DIR [cmake args...]
  local dir=$1; shift
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
  cmake --build "$dir" -j"$(nproc)"
}

case "${1:-}" in
  run)
    install_missing
    build build
    exec tools/demo.sh build
    ;;
  test)
    install_missing
    build build
    ctest --test-dir build --output-on-failure -j"$(nproc)" --timeout 600
    ;;
  asan)
    install_missing
    build build-asan -DTONGBAN_SANITIZE=ON
    ctest --test-dir build-asan --output-on-failure -j"$(nproc)" --timeout 900
    ;;
  *)
    echo "usage: tools/dev.sh run|test|asan" >&2
    exit 2
    ;;
esac
