#!/usr/bin/env bash
# Installs the system libraries Qt needs (offscreen and on a desktop) when they are missing.
# Debian/Ubuntu only; as root it installs them, otherwise it names them and carries on.
set -u
need=()
have_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }
have_lib libEGL.so.1        || need+=(libegl1)
have_lib libGL.so.1         || need+=(libgl1)
have_lib libxkbcommon.so.0  || need+=(libxkbcommon0)
have_lib libfontconfig.so.1 || need+=(libfontconfig1)
have_lib libdbus-1.so.3     || need+=(libdbus-1-3)
have_lib libxcb-cursor.so.0 || need+=(libxcb-cursor0)
have_lib libxkbcommon-x11.so.0 || need+=(libxkbcommon-x11-0)
have_lib libxcb-icccm.so.4  || need+=(libxcb-icccm4)
have_lib libxcb-keysyms.so.1 || need+=(libxcb-keysyms1)
have_lib libxcb-shape.so.0  || need+=(libxcb-shape0)
have_lib libxcb-randr.so.0  || need+=(libxcb-randr0)
have_lib libxcb-render-util.so.0 || need+=(libxcb-render-util0)
have_lib libxcb-image.so.0  || need+=(libxcb-image0)
fc-list 2>/dev/null | grep -qi dejavu || need+=(fonts-dejavu-core)
fc-list 2>/dev/null | grep -qi liberation || need+=(fonts-liberation)
for extra in "$@"; do need+=("$extra"); done
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Устанавливаю системные пакеты: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null 2>&1 || true
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
else
  echo "Установите системные пакеты (sudo apt-get install ${need[*]})" >&2
fi
