"""Russian field names for templates: «{{ школа1.лицензия.кем_выдана }}».

The context builders speak English (their keys are the code's); this module gives every value a
Russian name as well, so that a methodist editing a template in Word writes Russian fields. A
template written with the English names (a copy made by an earlier version) keeps working: the
context holds both. :func:`field_list` lists the Russian fields of a document with examples from
the current data — the «Поля шаблона» list of the window.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# a key's Russian name, wherever it appears
RU: dict[str, str] = {
    # every document
    "authority": "орган", "number": "номер", "date": "дата", "year": "год", "place": "место",
    "control": "контроль", "signer_position": "подписант_должность", "signer": "подписант",
    "section": "раздел", "criteria": "критерии", "criteria_title": "критерии_заголовок",
    "basis": "основание", "city": "город", "address": "адрес", "phone": "телефон", "email": "эл_почта",
    "short_name": "краткое_наименование", "full_name": "полное_наименование",
    # the authority
    "name_upper": "наименование_прописными", "short_name_in_sentence": "краткое_наименование_в_тексте",
    "short_name_gent": "краткое_наименование_рп", "head": "руководитель",
    "head_position": "руководитель_должность", "head_signature": "руководитель_подпись",
    "executor_name": "исполнитель", "executor_short": "исполнитель_фамилия_инициалы",
    "executor_signature": "исполнитель_инициалы_фамилия", "executor_phone": "исполнитель_телефон",
    "executor_position": "исполнитель_должность", "has_executor": "есть_исполнитель",
    "region_gent": "регион_рп",
    # people
    "name_gent": "фио_рп", "name_datv": "фио_дп", "name_accs": "фио_вп", "name_ablt": "фио_тп",
    "short": "фамилия_инициалы", "signature": "инициалы_фамилия", "short_accs": "фамилия_инициалы_вп",
    "signature_accs": "инициалы_фамилия_вп", "signature_datv": "инициалы_фамилия_дп", "gender": "пол",
    "acting": "действующий", "position": "должность", "position_title": "должность_с_прописной",
    "position_gent": "должность_рп", "position_accs": "должность_вп", "position_datv": "должность_дп",
    "position_ablt": "должность_тп",
    # schools and the agreement
    "school1": "школа1", "school2": "школа2", "full_name_in_sentence": "полное_наименование_в_тексте",
    "director": "директор", "licence": "лицензия", "accreditation": "аккредитация", "term": "срок",
    "id": "код",
    # criteria
    "criterion": "критерий", "expected": "ожидаемый_результат",
    # orders
    "working_group": "рабочая_группа", "end": "знак_в_конце", "coordinator": "координатор",
    "supported_schools": "поддерживаемые_школы", "pairs": "пары", "directors_of": "директорам",
    "agreements_needed": "нужно_заключить_договоры", "deadline_agreements": "срок_договоров",
    "deadline_plans": "срок_планов", "schools": "школы", "schools_list": "школы_через_запятую",
    "period_start": "период_с", "period_end": "период_по", "deadline_report": "срок_информации",
    "responsible": "ответственный", "plan": "план", "indicator": "показатель", "source": "источник",
    "deadline": "срок", "count_text": "число_школ", "reasons": "основания", "curator": "куратор",
    "has_coordinator": "есть_координатор", "deadline_programs": "срок_программ",
    # the analytical note
    "scope": "работы", "district": "район", "intro": "вводный_абзац", "has_results": "есть_результаты",
    "slices": "срезы", "title": "заголовок", "kind": "вид", "rows": "строки", "participants": "участников",
    "m2": "отметок_2", "m3": "отметок_3", "m4": "отметок_4", "m5": "отметок_5", "success": "успеваемость",
    "quality": "качество", "mean": "средний_балл", "median": "медиана", "kv": "кв", "share80": "доля_80",
    "below_min": "ниже_минимума", "deviation": "отклонение", "deviation_of": "отклонение_по",
    "flag": "группа", "risk": "в_группе_риска", "fill": "заливка", "region": "регион",
    "has_region": "есть_регион", "label": "название", "risk_count": "число_в_группе_риска",
    "summary": "итог", "reason": "причина", "charts": "диаграммы", "image": "рисунок", "caption": "подпись",
    "years": "годы", "dynamics": "динамика", "cells": "значения", "has_dynamics": "есть_динамика",
    "dynamics_chart": "диаграмма_динамики", "has_dynamics_chart": "есть_диаграмма_динамики",
    "school_dynamics": "динамика_школ", "has_school_dynamics": "есть_динамика_школ", "works": "работ",
    "improved": "улучшение", "worsened": "ухудшение", "same": "без_изменений", "no_data": "нет_данных",
    "shnor": "перечень_шнор", "has_shnor": "есть_перечень_шнор", "monitoring": "мониторинг",
    "has_monitoring": "есть_мониторинг", "value": "значение", "note": "пояснение",
    "conclusions": "выводы", "has_conclusions": "есть_выводы", "general": "общие_сведения",
    "results": "результаты", "unit_share": "в_процентах", "raw": "значения_числами",
    # the visit справка
    "school": "школа", "visit_dates": "даты_выезда", "purpose": "цель", "members": "участники",
    "questions": "вопросы", "has_questions": "есть_вопросы", "lessons": "уроки", "has_lessons": "есть_уроки",
    "teacher": "учитель", "class_name": "класс", "subject": "предмет", "topic": "тема",
    "remarks": "замечания", "findings": "выводы", "has_findings": "есть_выводы",
    "earlier": "прежние_рекомендации", "has_earlier": "есть_прежние_рекомендации",
    "had_visits": "были_выезды", "text": "текст", "visit_date": "дата_выезда", "status": "отметка",
    "recommendations": "рекомендации", "has_recommendations": "есть_рекомендации", "addressee": "кому",
    "acquainted_word": "ознакомлен", "acquainted_position": "ознакомлен_должность",
    "acquainted_signature": "ознакомлен_подпись",
    # the joint plan
    "period": "период", "agreement": "договор", "items": "мероприятия", "when": "сроки",
    "mark": "отметка",
}

# the same English key means another thing under another parent
RU_BY_PARENT: dict[tuple[str, str], str] = {
    ("person", "name"): "фио", ("authority", "name"): "наименование", ("rows", "name"): "наименование",
    ("reasons", "name"): "наименование", ("school_dynamics", "name"): "наименование",
    ("shnor", "name"): "наименование", ("schools", "name"): "наименование",
    ("monitoring", "name"): "показатель", ("members", "name"): "фио", ("signer", "name"): "фио",
    ("signer", "short"): "инициалы_фамилия", ("items", "title"): "мероприятие",
    ("items", "responsible"): "ответственные", ("items", "participants"): "участники",
    ("items", "kind"): "форма", ("dynamics", "title"): "работа", ("region", "label"): "название",
    ("slices", "reasons"): "причины",
}

LICENCE_PARTS = {"licence_date": "дата", "licence_reg_number": "номер", "licence_issuer": "кем_выдана",
                 "licence_issuer_ablt": "кем_выдана_тп", "licence_series": "серия",
                 "licence_number": "номер_бланка"}
ACCREDITATION_PARTS = {"accreditation_date": "дата", "accreditation_reg_number": "номер",
                       "accreditation_series": "серия", "accreditation_number": "номер_свидетельства"}


def _is_person(value: Mapping[str, Any]) -> bool:
    return "name_gent" in value and "signature" in value


def _ru_key(key: str, parent: str, value_is_person: bool) -> str:
    if value_is_person and key == "name":
        return "фио"
    return RU_BY_PARENT.get((parent, key)) or RU.get(key) or key


def _school(value: Mapping[str, Any], parent: str) -> dict[str, Any]:
    """A school: its licence and accreditation as nested fields (школа1.лицензия.кем_выдана)."""
    out: dict[str, Any] = {}
    for key, item in value.items():
        if key in LICENCE_PARTS or key in ACCREDITATION_PARTS:
            continue
        if key == "licence":
            out["лицензия"] = {"текст": item, **{ru: value.get(en, "") for en, ru in LICENCE_PARTS.items()}}
        elif key == "accreditation":
            out["аккредитация"] = {"текст": item,
                                   **{ru: value.get(en, "") for en, ru in ACCREDITATION_PARTS.items()}}
        else:
            out[_ru_key(key, parent, False)] = russify(item, key)
    return out


def russify(value: Any, parent: str = "") -> Any:
    """The same value with Russian keys (recursively); lists keep their order, other values stay."""
    if isinstance(value, Mapping):
        if "licence" in value and "director" in value:
            return _school(value, parent)
        person = _is_person(value)
        return {_ru_key(k, "person" if person else parent, person): russify(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [russify(v, parent) for v in value]
    return value


def with_russian(context: Mapping[str, Any]) -> dict[str, Any]:
    """The context with its Russian names added at the top level (the English ones stay)."""
    ru = russify(context)
    return {**context, **{k: v for k, v in ru.items() if k not in context}}


@dataclass(frozen=True)
class Field:
    path: str  # «школа1.лицензия.кем_выдана», «строки[].наименование» for a row of a table
    example: str


def field_list(context: Mapping[str, Any], limit: int = 80) -> list[Field]:
    """The Russian fields of a document with an example of each from the current data."""
    ru = russify(context)
    out: list[Field] = []

    def walk(value: Any, path: str) -> None:
        if isinstance(value, Mapping):
            for key, item in value.items():
                walk(item, f"{path}.{key}" if path else str(key))
        elif isinstance(value, list):
            if value and isinstance(value[0], Mapping | list):
                walk(value[0], f"{path}[]")
            else:
                out.append(Field(f"{path}[]", "; ".join(str(v) for v in value[:3])[:limit]))
        else:
            text = "" if value is None else str(value)
            if type(value).__name__ == "Image":
                text = "(рисунок)"
            elif isinstance(value, bool):
                text = "да" if value else "нет"
            out.append(Field(path, text[:limit]))

    walk(ru, "")
    return out
