"""A methodist edits her copy of a template in Word and the document follows.

Word saves an edited paragraph as several runs (a word made bold, a field typed in two goes, an
autocorrected quote), so the template below is changed that way with python-docx: the order's
wording reworded, a Russian field split across runs, a new paragraph with Russian fields.
"""

from __future__ import annotations

import datetime as dt

from docx import Document

from shnor_desktop.demo import load_demo
from shnor_desktop.docs_gen.contexts.common import DocParams
from shnor_desktop.docs_gen.journal import generate
from shnor_desktop.docs_gen.rendering import make_user_copy
from tests.docs_helpers import full_text

TODAY = dt.date(2026, 11, 23)
ORIGINAL = "2.2. обеспечить участие педагогических работников в мероприятиях"


def _edit_as_word(path) -> None:  # type: ignore[no-untyped-def]
    document = Document(str(path))
    paragraph = next(p for p in document.paragraphs if ORIGINAL in p.text)
    style = paragraph.runs[0].font.size
    for run in paragraph.runs:
        run.text = ""
    pieces = [("2.2. ", False), ("ежемесячно", True), (" до конца {{ го", False),
              ("д }} года представлять информацию ", False), ("о ходе реализации программ", True),
              (" в управление образования.", False)]
    for text, bold in pieces:
        run = paragraph.add_run(text)
        run.bold = bold
        run.font.size = style
    added = paragraph.insert_paragraph_before("Приказ подготовлен для {{ орган.наименование }}, "
                                              "подписывает {{ подписант }}.")
    added.style = paragraph.style
    document.save(str(path))


def test_edited_template_renders_with_the_change(ctx):
    load_demo(ctx.db)
    demo_ctx = ctx
    copy = make_user_copy(demo_ctx.paths, "order_shnor_list.docx")
    _edit_as_word(copy)
    made = generate(demo_ctx.paths, demo_ctx.db, "order-shnor-list", DocParams(year=2025), today=TODAY)
    text = full_text(made.path)
    assert ORIGINAL not in text
    assert ("2.2. ежемесячно до конца 2025 года представлять информацию о ходе реализации программ "
            "в управление образования.") in " ".join(text.split())
    assert "Приказ подготовлен для Управлени" in text and "{{" not in text
    bold = [r.text for p in Document(str(made.path)).paragraphs for r in p.runs if r.bold]
    assert "ежемесячно" in bold  # the user's formatting kept
