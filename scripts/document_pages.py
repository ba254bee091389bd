"""Render one page of every document kind to PNG for the README: docs/documents/<kind>.png.

Each kind is generated from the demo district (as the tests do), converted to PDF by LibreOffice
in one batch and its first page rendered by pdftoppm. Needs LibreOffice and poppler-utils
(scripts/test.sh installs them as root). Usage: .venv/bin/python scripts/document_pages.py
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from sqlalchemy import select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from shnor_desktop.context import AppContext  # noqa: E402
from shnor_desktop.demo import load_demo  # noqa: E402
from shnor_desktop.docs_gen.contexts.common import DocParams  # noqa: E402
from shnor_desktop.docs_gen.journal import generate  # noqa: E402
from shnor_desktop.docs_gen.kinds import KIND_KEYS  # noqa: E402
from shnor_desktop.docs_gen.pdf import convert_to_pdf, find_converter  # noqa: E402
from shnor_desktop.models import MethodicalVisit, Partnership  # noqa: E402

TODAY = dt.date(2026, 11, 23)
OUT = ROOT / "docs" / "documents"


def params_for(ctx: AppContext, key: str) -> DocParams:
    with ctx.db.session() as s:
        if key in ("agreement", "joint-plan"):
            return DocParams(s.scalars(select(Partnership.id).order_by(Partnership.id)).first())
        if key == "visit-note":
            return DocParams(s.scalars(select(MethodicalVisit.id).where(MethodicalVisit.state == "done")
                                       .order_by(MethodicalVisit.date.desc())).first())
    if key == "analytical-note":
        return DocParams(year=2025, options={"procedure": "ВПР", "grade": 5})
    return DocParams(year=2026 if key == "order-partners" else 2025)


def main() -> int:
    if find_converter() is None or shutil.which("pdftoppm") is None:
        print("Нужны LibreOffice и poppler-utils (apt-get install libreoffice-writer-nogui poppler-utils)",
              file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        ctx = AppContext.open(Path(tmp) / "data", daily_backup=False)
        try:
            load_demo(ctx.db)
            docs = [generate(ctx.paths, ctx.db, key, params_for(ctx, key), today=TODAY).path
                    for key in KIND_KEYS]
        finally:
            ctx.close()
        pdfs = convert_to_pdf(docs, Path(tmp) / "pdf")
        for key, pdf in zip(KIND_KEYS, pdfs, strict=True):
            stem = OUT / key
            subprocess.run(["pdftoppm", "-png", "-r", "75", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                            str(stem)], check=True)
            print(f"{stem}.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
