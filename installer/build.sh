#!/usr/bin/env bash
# Builds the one-folder bundle with PyInstaller from a clean environment without the test tools,
# runs the frozen program once with --smoke from a clean directory, reports the size, and
# compiles the NSIS installer script (on Windows: the real installer; on Linux: a check that
# the script compiles, with the Linux bundle standing in).
#   bash installer/build.sh            -> dist/shnor-desktop/ and dist/<installer>.exe
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)
venv=${BUILD_VENV:-build/venv}
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install -q --upgrade pip
"$venv/bin/python" -m pip install -q -c constraints.txt ".[build,postgres]"  # the tested versions
"$venv/bin/python" -m PyInstaller --noconfirm --clean --distpath dist --workpath build/pyinstaller \
  installer/shnor-desktop.spec >build/pyinstaller.log 2>&1 || { tail -40 build/pyinstaller.log; exit 1; }

bundle=dist/shnor-desktop
echo "bundle: $(du -sh "$bundle" | cut -f1) in $bundle"

# smoke test: from an empty directory, with a fresh data dir, no source tree on the path
smoke_dir=$(mktemp -d)
(cd "$smoke_dir" && QT_QPA_PLATFORM=offscreen "$root/$bundle/shnor-desktop" --smoke --data-dir "$smoke_dir/data") \
  | tee "$smoke_dir/out.txt"
grep -q "smoke ok" "$smoke_dir/out.txt" || { echo "smoke test FAILED"; exit 1; }
(cd "$smoke_dir" && "$root/$bundle/shnor" --data-dir "$smoke_dir/data" schools --csv >/dev/null) \
  || { echo "CLI smoke test FAILED"; exit 1; }
echo "smoke test passed"

if command -v makensis >/dev/null; then
  version=$("$venv/bin/python" -c 'import shnor_desktop; print(shnor_desktop.__version__)')
  makensis -V2 -DVERSION="$version" -DBUNDLE="$root/$bundle" -DOUTFILE="$root/dist/shnor-desktop-$version-setup.exe" \
    installer/shnor-desktop.nsi
  echo "installer: dist/shnor-desktop-$version-setup.exe"
else
  echo "makensis not found (apt-get install nsis): installer script not compiled"
fi
