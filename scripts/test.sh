#!/usr/bin/env bash
# One command: set everything up and run the whole test suite (lint included).
set -eu
cd "$(dirname "$0")/.."
bash scripts/system-libs.sh
bash scripts/setup.sh --test
export QT_QPA_PLATFORM=offscreen
.venv/bin/ruff check .
.venv/bin/python -m pytest "$@"
