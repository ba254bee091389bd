"""An import summary told to a methodist: what was loaded, what was left out and why, what to do next.

``ImportSummary.text()`` stays the CLI's report (with its commands and the full provenance of a
scale); the window shows :func:`methodist_report`, which names the window's buttons instead of
commands and leaves out web addresses, program file names and function names.
"""

from __future__ import annotations

import re

from .problems import ImportSummary, Problem
from .scales import SCALES_PLACE, SCALES_SECTION

MAX_LOCATED = 5  # located warnings (row, column) of one kind shown before «и ещё N»

_SOURCE_TAIL = re.compile(r"\.?\s*Источник:.*$", re.S)
_URL = re.compile(r"\s*(?:https?://|www\.|github\.com/)\S+")
_TECHNICAL_BRACKETS = re.compile(
    r"\s*\([^()]*(?:https?://|github\.com|\.py\b|\b[A-Za-z]+_[A-Za-z_]+\b|--[a-z])[^()]*\)")
_IDENTIFIER = re.compile(r"\b[A-Za-z]+_[A-Za-z_]+\b")
_COMMAND = re.compile(r"\s*\((?:или )?(?:командой )?«?shnor [^)]*\)")
_SCALES_BUTTON = "«Результаты» → «Шкалы перевода»"


def window_text(text: str) -> str:
    """One message of an importer in the window's words (no command, no address, no identifier)."""
    text = text.replace(SCALES_SECTION, SCALES_PLACE)
    if SCALES_PLACE not in text:
        text = text.replace(_SCALES_BUTTON, SCALES_PLACE)
    if "Источник:" in text:
        text = _SOURCE_TAIL.sub(". Источник шкалы указан в окне «Шкалы перевода…»", text)
    text = _COMMAND.sub("", text)
    text = _TECHNICAL_BRACKETS.sub("", text)
    text = _URL.sub("", text)
    text = _IDENTIFIER.sub("", text)
    return re.sub(r"\s{2,}", " ", text).strip()


def _where(problem: Problem) -> str:
    parts = []
    if problem.row is not None:
        parts.append(f"строка {problem.row}")
    if problem.column:
        parts.append(f"«{problem.column}»")
    return ", ".join(parts)


def _warnings(summary: ImportSummary) -> list[str]:
    """File-level warnings as they are; located ones grouped by message (a few places, then a count)."""
    lines: list[str] = []
    located: dict[str, list[str]] = {}
    for problem in summary.warnings:
        message = window_text(problem.message)
        where = _where(problem)
        if where:
            located.setdefault(message, []).append(where)
        elif message not in lines:
            lines.append(message)
    for message, places in located.items():
        if len(places) == 1 and "строка" in message:  # the message already names its place
            lines.append(message)
            continue
        shown = "; ".join(places[:MAX_LOCATED])
        more = len(places) - MAX_LOCATED
        tail = f" и ещё {more}" if more > 0 else ""
        lines.append(f"{message} ({shown}{tail})")
    return lines


def methodist_report(summary: ImportSummary) -> str:
    """The report of a finished import for the window (plain text, Russian only)."""
    loaded = summary.created + summary.updated
    lines = [f"Файл «{summary.file}» загружен: {summary.kind}."]
    counts = [f"новых записей — {summary.created}", f"обновлено — {summary.updated}"]
    if summary.unchanged:
        counts.append(f"уже были в базе без изменений — {summary.unchanged}")
    lines.append(f"Записано строк: {loaded} ({', '.join(counts)}).")
    details = [window_text(d) for d in summary.details]
    if details:
        lines.append("")
        lines.append("Что загружено:")
        lines += [f"• {russian_sentence(d)}" for d in details]
    left_out = []
    if summary.skipped:
        left_out.append(f"Пропущено строк: {summary.skipped} — причины ниже.")
    warnings = _warnings(summary)
    if left_out or warnings:
        lines.append("")
        lines.append("Что не загружено или требует внимания:")
        lines += [f"• {russian_sentence(x)}" for x in left_out + warnings]
    lines.append("")
    lines.append("Что дальше: " + _next_step(summary, warnings))
    return "\n".join(lines)


def _next_step(summary: ImportSummary, warnings: list[str]) -> str:
    text = " ".join(warnings)
    steps = []
    if SCALES_PLACE in text:
        steps.append(f"проверьте шкалу перевода в разделе {SCALES_PLACE}")
    if "нет в реестре" in text or "не найден" in text:
        steps.append("добавьте недостающие школы в разделе «Реестр ОО» и загрузите файл снова")
    steps.append("результаты видны в разделе «Результаты», выявление ШНОР — в разделе «Выявление ШНОР»")
    return "; ".join(steps) + "."


def russian_sentence(text: str) -> str:
    """Capital first letter and a final full stop."""
    text = text.strip()
    if not text:
        return text
    text = text[:1].upper() + text[1:]
    return text if text[-1] in ".!?…" else text + "."

