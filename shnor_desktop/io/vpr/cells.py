"""Reading the untidy cells of real protocols: numbers, «X», «отсутствовал», logins, codes."""

from __future__ import annotations

import re
from typing import Any

from ...russian import parse_number

_SPLIT_CODE = re.compile(r"^\s*([^|]*?)\s*\|\s*(.*)$")
DATE = re.compile(r"(?<!\d)(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)")
# a ФИС ОКО login inside a cell: «sch223144», «edu223144 | МБОУ …», «(edu223144) МБОУ …», «223144»
LOGIN_TOKEN = re.compile(r"(?<![A-Za-z0-9])([A-Za-z]{2,6}\d{4,}|\d{5,})(?![0-9])")
# «12. Логин ОО», «3) Вариант» — the numbering of a questionnaire, not of a task («9.1 (1б)»)
_HEADER_NUMBERING = re.compile(r"^\d{1,2}[.)]\s+(?=[^\d\s(])")
_ABSENT_WORDS = ("отсут", "не явил", "неявк", "не присутств")


def norm_header(text: Any) -> str:
    """Case, «ё», quotes, line breaks, spacing around «/» and numbering do not matter."""
    if text is None:
        return ""
    if isinstance(text, float) and text.is_integer():
        text = int(text)
    s = str(text).replace("\u00a0", " ").strip().lower().replace("ё", "е")
    s = re.sub(r"[«»\"“”„]", "", s)
    s = re.sub(r"\s*/\s*", "/", s)
    s = re.sub(r"\s+", " ", s).strip(" :*")
    return _HEADER_NUMBERING.sub("", s)


def split_code(cell: Any) -> tuple[str, str]:
    """``'reg22_m007 | Быстроистокский муниципальный район'`` -> (code, name)."""
    if cell is None:
        return "", ""
    match = _SPLIT_CODE.match(str(cell))
    if not match:
        return "", str(cell).strip()
    return match.group(1).strip(), re.sub(r"\s+", " ", match.group(2)).strip()


def cell_number(value: Any) -> float | str | None:
    """A cell as a number; None when empty; the text itself when it is not a number."""
    if value is None:
        return None
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, int | float):
        return float(value)
    text = str(value).strip()
    if not text:
        return None
    try:
        number, has_percent = parse_number(text)
    except ValueError:
        return text
    return text if has_percent else number


def journal_mark(value: Any) -> int | None:
    number = cell_number(value)
    if isinstance(number, float) and number.is_integer() and 2 <= number <= 5:
        return int(number)
    return None


def is_absent_text(value: Any) -> bool:
    """«отсутствовал», «Отсутствовала», «отсутствовал(а)», the typo «отсутсвовал», «неявка»."""
    return isinstance(value, str) and value.strip().lower().startswith(_ABSENT_WORDS)


def login_token(value: Any) -> str | None:
    """The login inside a cell (``edu223144 | МБОУ …`` -> ``edu223144``); None when there is none."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    match = LOGIN_TOKEN.search(str(value))
    return match.group(1) if match else None


