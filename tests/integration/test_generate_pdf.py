"""Every kind converted to PDF by LibreOffice in one batch: a real second reader of the files.

``scripts/test.sh`` installs LibreOffice (libreoffice-writer-nogui) and poppler-utils when run as
root; without them this test fails with the package names rather than being skipped.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import time

import pytest

from shnor_desktop.context import AppContext
from shnor_desktop.demo import load_demo
from shnor_desktop.docs_gen.journal import generate
from shnor_desktop.docs_gen.kinds import KIND_KEYS
from shnor_desktop.docs_gen.pdf import convert_to_pdf, find_converter
from tests.integration.test_generate_documents import params_for

TODAY = dt.date(2026, 11, 23)


def _pdftotext(path, page: int) -> str:  # type: ignore[no-untyped-def]
    done = subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(path), "-"],
                          capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def _pages(path) -> int:  # type: ignore[no-untyped-def]
    done = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True)
    line = next(x for x in done.stdout.decode().splitlines() if x.startswith("Pages:"))
    return int(line.split()[1])


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    if find_converter() is None or shutil.which("pdftotext") is None:
        pytest.fail("LibreOffice and poppler-utils are needed: apt-get install libreoffice-writer-nogui "
                    "poppler-utils (scripts/test.sh installs them when run as root)")
    ctx = AppContext.open(tmp_path_factory.mktemp("pdf"), daily_backup=False)
    try:
        load_demo(ctx.db)
        docs = {key: generate(ctx.paths, ctx.db, key, params_for(ctx, key), today=TODAY).path
                for key in KIND_KEYS}
        started = time.perf_counter()
        result = convert_to_pdf(list(docs.values()), tmp_path_factory.mktemp("pdf out"))
        elapsed = time.perf_counter() - started
    finally:
        ctx.close()
    return dict(zip(KIND_KEYS, result, strict=True)), elapsed


def test_every_kind_converts_in_one_batch(pdfs):
    files, elapsed = pdfs
    for key, path in files.items():
        assert path.is_file() and path.stat().st_size > 5_000, key
        assert path.read_bytes().startswith(b"%PDF"), key
    assert elapsed < 60


def test_the_pdf_text_is_the_document(pdfs):
    files, _ = pdfs
    expected = {
        "agreement": ["ДОГОВОР №", "о взаимодействии и сотрудничестве школ", "Школа 1", "Подписи сторон"],
        "order-partners": ["ПРИКАЗ", "ПРИКАЗЫВАЮ:", "Начальник управления образования"],
        "order-monitoring": ["ПРИКАЗ", "ПРИКАЗЫВАЮ:", "План проведения мониторинга"],
        "order-shnor-list": ["ПРИКАЗ", "Перечень школ с низкими образовательными результатами"],
        "analytical-note": ["АНАЛИТИЧЕСКАЯ СПРАВКА", "Выводы и рекомендации"],
        "visit-note": ["СПРАВКА", "Со справкой ознакомлена:"],  # the director is О.В. Шевчук (Ольга),
        "joint-plan": ["ПЛАН", "совместной работы", "УТВЕРЖДАЮ"],
    }
    for key, path in files.items():
        text = "\n".join(_pdftotext(path, page) for page in range(1, _pages(path) + 1))
        text = " ".join(text.split())
        for phrase in expected[key]:
            assert phrase in text, (key, phrase)


def test_page_numbers_start_on_page_two(pdfs):
    files, _ = pdfs
    for key, path in files.items():
        if _pages(path) < 2:
            continue
        first_line = _pdftotext(path, 1).strip().splitlines()[0].strip()
        second_line = _pdftotext(path, 2).strip().splitlines()[0].strip()
        assert first_line != "1", key
        assert second_line == "2", (key, second_line)
