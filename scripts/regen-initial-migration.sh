#!/usr/bin/env bash
# While the project has not shipped, the initial migration is regenerated from the models.
# After the first release, add new revisions instead (alembic revision --autogenerate).
set -eu
cd "$(dirname "$0")/.."
rm -f shnor_desktop/store/alembic/versions/0001_initial_schema.py
tmp=$(mktemp -d)
.venv/bin/python - "$tmp" <<'PY'
import sys
from alembic import command
from shnor_desktop.store.migrations import alembic_config
cfg = alembic_config(f"sqlite:///{sys.argv[1]}/gen.sqlite3")
command.revision(cfg, message="initial schema", autogenerate=True, rev_id="0001")
PY
rm -rf "$tmp"
