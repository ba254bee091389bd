#!/usr/bin/env bash
# One command: set everything up and start the application.
set -eu
cd "$(dirname "$0")/.."
bash scripts/system-libs.sh
bash scripts/setup.sh
exec .venv/bin/shnor-desktop "$@"
