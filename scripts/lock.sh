#!/usr/bin/env bash
# Regenerates constraints.txt (the lock) from pyproject.toml in a clean virtual environment:
# the runtime, test, build and PostgreSQL dependencies, numpy held at 1.26.4 (see the file's header).
set -eu
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -m venv "$tmp/venv"
"$tmp/venv/bin/python" -m pip install -q --upgrade pip
"$tmp/venv/bin/python" -m pip install -q "numpy==1.26.4" -e ".[test,build,postgres]"
header=$(sed -n '/^#/p' constraints.txt)
{
  echo "$header"
  "$tmp/venv/bin/python" -m pip freeze --exclude-editable \
    | sed 's/^numpy==1.26.4$/numpy==1.26.4; python_version < "3.13"/'
  # PyInstaller's Windows-only dependencies, as pip resolves them for win_amd64
  "$tmp/venv/bin/python" -m pip download -q --no-deps -d "$tmp/win" --only-binary=:all: \
    --platform win_amd64 --python-version 3.12 pefile pywin32-ctypes >/dev/null
  for wheel in "$tmp"/win/*.whl; do
    name=$(basename "$wheel" | cut -d- -f1 | tr _ -)
    version=$(basename "$wheel" | cut -d- -f2)
    echo "$name==$version"
  done
} >constraints.txt.new
mv constraints.txt.new constraints.txt
echo "constraints.txt: $(grep -c '==' constraints.txt) pinned packages"
