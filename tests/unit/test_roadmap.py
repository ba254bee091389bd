"""The roadmap service: seed 003's template, CRUD with validation, overdue."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from shnor_desktop.models import RoadmapItem
from shnor_desktop.models.enums import WorkState
from shnor_desktop.tracking import roadmap as rm
from shnor_desktop.validation import ValidationError

SEED = Path(__file__).resolve().parents[1] / "data" / "seeds" / "003_47facadd6411d238.txt"

# Seed 003, section 6: № | мероприятие | методы сбора информации | сроки | ответственные (surnames).
SEED_ROWS = [
    ("1.1.", "Сравнительный анализ образовательных результатов ОГЭ, ЕГЭ, ВПР",
     "Мониторинги оценочных процедур в ОО", "Июль-сентябрь", ["Хняч"]),
    ("1.2.", "Сравнительный анализ успеваемости обучающихся школ района",
     "Мониторинг усвоения обучающимися ООП НОО, ООП ООО, ООП СОО", "1 раз в год", ["Ещенко"]),
    ("1.3.", "Проведение комплексной диагностики факторов, влияющих на качество образования "
             "(обеспечение ОО ресурсами и кадрами, низкая эффективность деятельности управленческой "
             "команды, индекс социального благополучия)",
     "Мониторинг и анализ", "Сентябрь-октябрь 2022 г.", ["Хняч", "Ещенко"]),
    ("1.4.", "Составление списков учителей ОО, имеющих стабильно низкие результаты, для организации "
             "системной работы по повышению профессиональной компетентности педагогов",
     "Мониторинг и анализ", "Сентябрь-октябрь 2022 г.", ["Плещецкая", "Руководители ОО"]),
    ("2.1.", "Проведение семинаров, вебинаров по вопросам профилактики учебной неуспешности обучающихся",
     "Протоколы, приказы УО", "В течение учебного года", ["Ещенко", "Хняч"]),
    ("2.2.", "Работа районных методических объединений по проблемам учебной неуспешности",
     "Протоколы, приказы УО", "В течение учебного года, по плану РМО", ["Плесецкая"]),
    ("2.3.", "Организация работы Школы молодого педагога", "Протоколы, приказы УО", "По плану Школы",
     ["Плесецкая"]),
    ("2.4.", "Организация наставничества «школа-школе», «руководитель-руководителю», «учитель-учителю». "
             "Работа муниципального наставнического центра, районного сообщества тьюторов",
     "Протоколы, приказы УО", "В течение учебного года",
     ["Ещенко", "Хняч", "Плесецкая", "Руководители ОО"]),
    ("2.5.", "Обеспечение взаимообмена между школами позитивными педагогическими практиками: семинары, "
             "стажировки, мастер классы, консультации индивидуальные и групповые",
     "Отчеты ОО", "Постоянно, в рамках работы МНЦ", ["Хняч", "Руководители ОО"]),
    ("2.6.", "Формирование реестра затруднений педагогов по итогам анализа результатов ГИА и ВПР "
             "(работа тьюторского сообщества)", "Анализ", "Сентябрь-октябрь 2022 г.", ["Плесецкая"]),
    ("2.7.", "Формирование муниципального банка лучших практик по профилактике учебной неуспешности "
             "обучающихся", "Протоколы, приказы УО", "В течение учебного года", ["Плесецкая"]),
    ("2.8.", "Работа консультационных пунктов по подготовке к ЕГЭ, ОГЭ", "Приказы",
     "Январь-май 2023 года", ["Плесецкая"]),
    ("2.9.", "Оказание администрации ОО и учителям-предметникам консультативной помощи по организации "
             "внутреннего контроля, организации учебного процесса, методик, технологий оценивания и др. "
             "(методические выезды в ОО)", "Справки, анализы, приказы УО",
     "По графику методических выездов", ["Плесецкая"]),
    ("2.10.", "Проведение совместного заседания Совета руководителей и родительского собрания на "
              "муниципальном уровне по проблеме повышения качества образовательных результатов "
              "обучающихся", "Протоколы", "1 раз в учебный год", ["Ещенко"]),
    ("2.11.", "Организация на регулярной основе индивидуального консультирования родителей по проблемам "
              "личностного развития обучающихся, имеющих индивидуальные образовательные потребности, и "
              "обучающихся, имеющих низкую мотивацию к обучению", "Отчеты", "В течение учебного года",
     ["Руководители ОО"]),
    ("2.12.", "Сопровождение индивидуальных маршрутов профессионального развития учителей-предметников "
              "(в том числе посещение и анализ уроков, проведение уроков для учеников по наиболее трудным "
              "темам (off-line, on-line))", "Отчеты", "В течение учебного года", ["Руководители ОО"]),
    ("2.13.", "Организация в образовательных организациях мероприятий: проведение мастер-классов, "
              "конкурсов, открытых уроков, диагностических срезов и др.", "Отчеты",
     "В течение учебного года", ["Руководители ОО"]),
    ("3.1.", "Оценка эффективности деятельности администрации ОО по вопросам профилактики учебной "
             "неуспешности", "Справки", "По графику ЦОКО", ["Васюк"]),
    ("3.2.", "Мониторинг документов ОО профилактике учебной неуспешности обучающихся", "Анализ, справки",
     "По графику ЦОКО", ["Чернобровкина"]),
    ("3.3.", "Анализ работы по вопросам учебной неуспешности обучающихся за учебный год", "Анализ",
     "1 раз в год", ["Хняч"]),
    ("3.4.", "Собеседования с руководителями ШНОР и школ с низкими образовательными результатами по "
             "проведенной работе по профилактике учебной неуспешной обучающихся", "Протоколы",
     "Март 2023 года", ["Духнай"]),
]


def test_template_reproduces_seed_003_rows():
    template = rm.roadmap_template()
    assert len(template) == len(SEED_ROWS) == 21
    items = [RoadmapItem(id=i, **vars(d)) for i, d in enumerate(template, start=1)]
    numbers = rm.numbering(items)
    for item, (number, measure, method, period, responsible) in zip(items, SEED_ROWS, strict=True):
        assert numbers[item.id] == number
        assert item.measure == measure
        assert item.info_method == method
        assert item.periodicity == period
        for name in responsible:
            assert name in item.responsible
        assert item.state == WorkState.PLANNED.value
    assert template[0].task.startswith("Выявление ОО с низкими образовательными результатами")
    assert template[4].task.startswith("Формирование организационных и информационных ресурсов")
    assert template[-1].task.startswith("Реализация сформированных планов и Дорожных карт")


def test_template_measures_are_quoted_from_the_seed_file():
    text = re.sub(r"\s+", " ", SEED.read_text(encoding="utf-8"))
    for _number, measure, method, _period, _who in SEED_ROWS:
        if measure.startswith("Проведение совместного заседания"):  # split by a page break in the seed
            continue
        assert measure in text
        assert method in text


def test_template_for_another_year_shifts_periods_and_deadlines():
    template = rm.roadmap_template(2024)
    by_measure = {d.measure: d for d in template}
    assert by_measure[SEED_ROWS[2][1]].periodicity == "Сентябрь-октябрь 2024 г."
    assert by_measure[SEED_ROWS[2][1]].deadline == dt.date(2024, 10, 31)
    assert by_measure[SEED_ROWS[11][1]].periodicity == "Январь-май 2025 года"
    assert by_measure[SEED_ROWS[20][1]].periodicity == "Март 2025 года"
    assert by_measure[SEED_ROWS[20][1]].deadline == dt.date(2025, 3, 31)
    assert by_measure[SEED_ROWS[0][1]].deadline == dt.date(2024, 9, 30)
    assert by_measure[SEED_ROWS[4][1]].deadline == dt.date(2025, 5, 31)  # в течение учебного года
    assert all(d.roadmap == "Профилактика учебной неуспешности, 2024–2025 учебный год" for d in template)


def test_start_from_template_creates_the_roadmap_once(db):
    with db.transaction() as s:
        created = rm.start_roadmap_from_template(s, "Дорожная карта 2025/26", 2025)
    assert len(created) == 21
    with db.session() as s:
        items = rm.list_items(s, "Дорожная карта 2025/26")
        assert [i.position for i in items] == list(range(1, 22))
        assert rm.roadmap_names(s) == ["Дорожная карта 2025/26"]
    with pytest.raises(ValidationError, match="уже есть"), db.transaction() as s:
        rm.start_roadmap_from_template(s, "Дорожная карта 2025/26", 2025)
    with pytest.raises(ValidationError, match="название"), db.transaction() as s:
        rm.start_roadmap_from_template(s, "  ", 2025)
    with db.session() as s:
        assert len(rm.list_items(s)) == 21


def test_validation_messages_are_russian_and_nothing_is_saved(db):
    with pytest.raises(ValidationError) as info, db.transaction() as s:
        rm.create_item(s, rm.RoadmapItemData(roadmap="", measure=" "))
    errors = info.value.errors
    assert errors["roadmap"].startswith("Укажите, к какой дорожной карте")
    assert errors["measure"] == "Введите мероприятие."
    assert "срок" in errors["deadline"]
    with pytest.raises(ValidationError, match="состояние"), db.transaction() as s:
        rm.create_item(s, rm.RoadmapItemData(roadmap="К", measure="М", periodicity="ежегодно",
                                             state="bogus"))
    with db.session() as s:
        assert rm.list_items(s) == []


def test_create_edit_state_delete(db):
    with db.transaction() as s:
        a = rm.create_item(s, rm.RoadmapItemData(roadmap="К", measure="Семинар", task="Задача 1",
                                                 deadline=dt.date(2026, 3, 1)))
        b = rm.create_item(s, rm.RoadmapItemData(roadmap="К", measure="Анализ", task="Задача 1",
                                                 periodicity="1 раз в год"))
        c = rm.create_item(s, rm.RoadmapItemData(roadmap="К", measure="Мониторинг", task="Задача 2",
                                                 periodicity="ежегодно"))
    assert (a.position, b.position, c.position) == (1, 2, 3)
    with db.session() as s:
        assert rm.numbering(rm.list_items(s, "К")) == {a.id: "1.1.", b.id: "1.2.", c.id: "2.1."}
    data = rm.RoadmapItemData.of(a)
    data.measure = "Семинар для заместителей директоров"
    with db.transaction() as s:
        rm.update_item(s, a.id, data, version=a.version)
    with pytest.raises(ValidationError, match="другой пользователь"), db.transaction() as s:
        rm.update_item(s, a.id, data, version=a.version)  # the version has moved on
    with db.transaction() as s:
        item = rm.set_state(s, a.id, WorkState.DONE.value, evidence="Приказ УО от 01.03.2026 № 12")
        assert item.evidence == "Приказ УО от 01.03.2026 № 12"
    with db.transaction() as s:
        assert rm.delete_items(s, [b.id, c.id]) == 2
    with db.session() as s:
        items = rm.list_items(s)
        assert [(i.measure, i.state) for i in items] == [("Семинар для заместителей директоров", "done")]


@pytest.mark.parametrize(("deadline", "state", "overdue"), [
    (dt.date(2026, 11, 22), "planned", True),
    (dt.date(2026, 11, 22), "in_progress", True),
    (dt.date(2026, 11, 23), "planned", False),  # due today is not yet overdue
    (dt.date(2026, 1, 1), "done", False),
    (dt.date(2026, 1, 1), "cancelled", False),
    (None, "planned", False),
])
def test_overdue_rule(db, deadline, state, overdue):
    today = dt.date(2026, 11, 23)
    with db.transaction() as s:
        item = rm.create_item(s, rm.RoadmapItemData(roadmap="К", measure="М", periodicity="ежегодно",
                                                    deadline=deadline, state=state))
    assert rm.is_overdue(item, today) is overdue
    with db.session() as s:
        assert [i.id for i in rm.overdue_items(s, today)] == ([item.id] if overdue else [])
    assert rm.days_overdue(item, today) == (1 if overdue else 0)


def test_evidence_document_must_exist(db):
    with pytest.raises(ValidationError) as info, db.transaction() as s:
        rm.create_item(s, rm.RoadmapItemData(roadmap="К", measure="М", periodicity="ежегодно",
                                             evidence_document_id=999))
    assert info.value.errors == {
        "evidence_document_id": "Этого документа уже нет в журнале: выберите другой."}
