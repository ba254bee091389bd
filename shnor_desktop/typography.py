"""Russian typesetting of what goes into a document: «ёлочки», «№ 12», non-breaking spaces.

* straight quotes become «ёлочки», quotes inside them „лапки“: МБОУ "СОШ "Лидер"" -> МБОУ «СОШ „Лидер“»;
* «№12», «№ 12» -> «№ 12» with a non-breaking space (the number never starts a line alone);
* a non-breaking space before «г.», «гг.» after a year, before «%», after «г.», «с.», «п.» of a
  place, between initials and the surname («М.П. Иванова», «Иванова М.П.»).

:func:`typeset` is applied to every string of a document's context before rendering, and to the
names of organisations when they are imported (the file's spelling is kept for matching).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

NBSP = "\u00a0"

_NUMBER_SIGN = re.compile(r"№\s*(?=[\dA-Za-zА-Яа-яЁё])")
_YEAR = re.compile(r"(\d{4})\s+(гг?\.)")
_PERCENT = re.compile(r"(\d)\s+%")
_PLACE = re.compile(r"(?<![\w.])(?:(г|с|п|пгт|рп|ст|пос)\.\s+(?=[А-ЯЁ])|(ул|д|пер|пр)\.\s+(?=[А-ЯЁ\d]))")
_INITIALS = r"[А-ЯЁ]\.\s?[А-ЯЁ]\."
_SURNAME = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?"
_INITIALS_FIRST = re.compile(rf"({_INITIALS})\s+({_SURNAME})")
_INITIALS_AFTER = re.compile(rf"({_SURNAME})\s+({_INITIALS})")
_OPENING_BEFORE = set(" \t\n(«„[{—–-/" + NBSP)


def quotes(text: str) -> str:
    """Straight and typewriter quotes as Russian «ёлочки» (inner ones „лапки“)."""
    if '"' not in text and "“" not in text and "”" not in text:
        return text
    out: list[str] = []
    depth = 0
    for i, ch in enumerate(text):
        if ch in '"“”':
            before = text[i - 1] if i else " "
            after = text[i + 1] if i + 1 < len(text) else " "
            opening = (before in _OPENING_BEFORE or i == 0) and not (after.isspace() or after in ",.;:!?)»")
            if ch == "“" and not opening and depth == 0:
                opening = True
            if opening:
                out.append("«" if depth == 0 else "„")
                depth += 1
            else:
                depth = max(depth - 1, 0)
                out.append("»" if depth == 0 else "“")
        else:
            out.append(ch)
    return "".join(out)


def typeset(text: str) -> str:
    """A string as a Russian document prints it."""
    if not text:
        return text
    text = quotes(text)
    text = _NUMBER_SIGN.sub("№" + NBSP, text)
    text = _YEAR.sub(rf"\1{NBSP}\2", text)
    text = _PERCENT.sub(rf"\1{NBSP}%", text)
    text = _PLACE.sub(lambda m: f"{m.group(1) or m.group(2)}.{NBSP}", text)
    text = _INITIALS_FIRST.sub(rf"\1{NBSP}\2", text)
    return _INITIALS_AFTER.sub(rf"\1{NBSP}\2", text)


def typeset_context(value: Any) -> Any:
    """Every string of a context typeset; other values (numbers, pictures) as they are."""
    if isinstance(value, str):
        return typeset(value)
    if isinstance(value, Mapping):
        return {k: typeset_context(v) for k, v in value.items()}
    if isinstance(value, list):
        return [typeset_context(v) for v in value]
    return value
