#!/usr/bin/env bash
# One command: set everything up and run the whole test suite (lint included).
# As root on Debian/Ubuntu it also installs and starts a throwaway PostgreSQL server for the
# shared-server tests; elsewhere set SHNOR_TEST_POSTGRES_URL to an admin URL of your own server.
set -eu
cd "$(dirname "$0")/.."
# LibreOffice (the PDF test converts every document kind) and poppler-utils (pdftotext reads the PDFs)
extras=()
command -v soffice >/dev/null 2>&1 || command -v libreoffice >/dev/null 2>&1 \
  || extras+=(libreoffice-writer-nogui)
command -v pdftotext >/dev/null 2>&1 || extras+=(poppler-utils)
bash scripts/system-libs.sh ${extras[@]+"${extras[@]}"}
bash scripts/setup.sh --test
export QT_QPA_PLATFORM=offscreen
.venv/bin/ruff check .
.venv/bin/mypy  # the modules listed in pyproject.toml [tool.mypy], strict
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
