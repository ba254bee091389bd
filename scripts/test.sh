#!/usr/bin/env bash
# One command: set everything up and run the whole test suite (lint included).
# As root on Debian/Ubuntu it also installs and starts a throwaway PostgreSQL server for the
# shared-server tests; elsewhere set SHNOR_TEST_POSTGRES_URL to an admin URL of your own server.
set -eu
cd "$(dirname "$0")/.."
bash scripts/system-libs.sh
bash scripts/setup.sh --test
export QT_QPA_PLATFORM=offscreen
.venv/bin/ruff check .
if [ -z "${SHNOR_TEST_POSTGRES_URL:-}" ] && [ "$(id -u)" = 0 ]; then
  pgdir=$(mktemp -d /tmp/shnor-pg.XXXXXX)
  trap 'bash scripts/postgres-test-server.sh stop "$pgdir"' EXIT
  if url=$(bash scripts/postgres-test-server.sh start "$pgdir"); then
    export SHNOR_TEST_POSTGRES_URL="$url"
  else
    echo "PostgreSQL не запущен: тесты общей базы будут пропущены" >&2
  fi
fi
.venv/bin/python -m pytest "$@"
