"""Russian labels (with units) of the school context indicators, for every window that lists them.

Keys are those of ``SchoolContext`` columns, of the ФИС ОКО form fields (``io.context_forms.COLUMNS``)
and of the answers typed on the «Риски и программы ОО» page or made by the demo district
(``share_low_income``…). Answers keyed by the form's own Russian question are shown as they are.
"""

from __future__ import annotations

from typing import Any

from .. import russian

# key -> (label, unit): unit "доля" is a share 0..1 shown in per cent
CONTEXT_LABELS: dict[str, tuple[str, str]] = {
    "login": ("Логин ФИС ОКО", ""),
    "municipality": ("Муниципалитет", ""),
    "school": ("Школа", ""),
    "short_name": ("Краткое наименование ОО", ""),
    "full_name": ("Полное наименование ОО", ""),
    "address": ("Адрес ОО", ""),
    "director_name": ("Руководитель ОО", ""),
    "phone": ("Телефон", ""),
    "email": ("Электронная почта", ""),
    "inn": ("ИНН", ""),
    "postal_code": ("Почтовый индекс", ""),
    "source": ("Источник данных", ""),
    "year": ("Учебный год", ""),
    "settlement_type": ("Тип населённого пункта", ""),
    "settlement": ("Населённый пункт", ""),
    "settlement_size": ("Размер населённого пункта", ""),
    "transport": ("Транспортная доступность крупного города", ""),
    "pupils": ("Обучающихся в ОО", "чел."),
    "teachers": ("Учителей в ОО", "чел."),
    "parents_response": ("Отклик родителей на приглашения школы", ""),
    "share_low_income": ("Обучающиеся из малообеспеченных семей", "доля"),
    "share_single_parent": ("Обучающиеся из неполных семей", "доля"),
    "share_parents_higher_education": ("Родители с высшим образованием", "доля"),
    "share_non_russian_home": ("Обучающиеся, говорящие дома не на русском языке", "доля"),
    "share_ovz": ("Обучающиеся с ОВЗ / по адаптированным программам", "доля"),
    "share_registered_families": ("Семьи в социально опасном положении (на учёте)", "доля"),
    "distance_to_centre_km": ("Расстояние до районного центра", "км"),
    "teacher_vacancies": ("Вакансии учителей", "ед."),
    "share_teachers_55plus": ("Учителя 55 лет и старше", "доля"),
}


def context_label(key: str) -> str:
    """«Обучающиеся из малообеспеченных семей, %» for ``share_low_income``; a Russian question
    from the form is returned as it is; an unknown technical key becomes «Показатель анкеты»."""
    known = CONTEXT_LABELS.get(key)
    if known is None:
        if key.isascii():
            return f"Показатель анкеты ({key.replace('_', ' ')})"
        return key
    label, unit = known
    unit = "%" if unit == "доля" else unit
    return f"{label}, {unit}" if unit else label


def context_value(key: str, value: Any) -> str:
    """The value as people write it: a share 0,31 -> «31,0 %», 12.0 km -> «12», text as it is."""
    if value is None or value == "":
        return ""
    unit = CONTEXT_LABELS.get(key, ("", ""))[1]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if unit == "доля":
        return russian.percent(float(value))
    if float(value).is_integer():
        return russian.number(int(value))
    return russian.number(float(value), 1)
