"""The district roadmap (дорожная карта): its measures, the built-in template, what is overdue.

Qt-free. The template reproduces the table «Содержание работы с общеобразовательными
организациями по профилактике учебной неуспешности обучающихся» of seed 003 (Славянский район,
приказ от 16.09.2022 № 1538): мероприятие, методы сбора информации, сроки и периодичность,
ответственные за сбор и обработку информации.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import GeneratedDocument, RoadmapItem
from ..models.enums import WorkState
from ..russian import date_short
from ..validation import Errors, ValidationError

CLOSED_STATES = frozenset({WorkState.DONE.value, WorkState.CANCELLED.value})
TEMPLATE_YEAR = 2022  # the school year 2022–2023 the seed was written for


def is_overdue(item: RoadmapItem, today: dt.date) -> bool:
    """The deadline has passed and the measure is neither done nor cancelled."""
    return item.deadline is not None and item.deadline < today and item.state not in CLOSED_STATES


def days_overdue(item: RoadmapItem, today: dt.date) -> int:
    return (today - item.deadline).days if is_overdue(item, today) and item.deadline else 0


@dataclass
class RoadmapItemData:
    """What a roadmap item form holds (and what the template is made of)."""

    roadmap: str
    measure: str
    task: str = ""
    info_method: str = ""
    periodicity: str = ""
    deadline: dt.date | None = None
    responsible: str = ""
    state: str = WorkState.PLANNED.value
    evidence: str = ""
    position: int | None = None
    evidence_document_id: int | None = None  # an entry of the document journal

    @classmethod
    def of(cls, item: RoadmapItem) -> RoadmapItemData:
        return cls(**{f.name: getattr(item, f.name) for f in fields(cls)})

    def clean(self) -> RoadmapItemData:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, str):
                setattr(self, f.name, value.strip())
        return self


def validate_item(data: RoadmapItemData, session: Session | None = None) -> None:
    errors = Errors()
    errors.require("roadmap", data.roadmap, "Укажите, к какой дорожной карте относится мероприятие.")
    errors.require("measure", data.measure, "Введите мероприятие.")
    if data.deadline is None and not data.periodicity:
        errors.add("deadline", "Укажите срок (дату) или периодичность проведения мероприятия.")
    if data.state not in {s.value for s in WorkState}:
        errors.add("state", "Выберите состояние: запланировано, выполняется, выполнено или отменено.")
    for name, limit in (("roadmap", 300), ("periodicity", 300), ("responsible", 500), ("evidence", 1000)):
        if len(getattr(data, name)) > limit:
            errors.add(name, f"Слишком длинный текст: не больше {limit} знаков.")
    if (session is not None and data.evidence_document_id is not None
            and session.get(GeneratedDocument, data.evidence_document_id) is None):
        errors.add("evidence_document_id", "Этого документа уже нет в журнале: выберите другой.")
    errors.raise_if_any()


def evidence_documents(session: Session) -> list[tuple[int, str]]:
    """Journal entries that can confirm a measure: (id, «Приказ № 12 от 01.09.2026 — title»)."""
    stmt = select(GeneratedDocument).order_by(GeneratedDocument.doc_date.desc(), GeneratedDocument.id.desc())
    out = []
    for d in session.scalars(stmt):
        number = f"№ {d.number} " if d.number else ""
        out.append((d.id, f"{number}от {date_short(d.doc_date)} — {d.title or d.kind}"))
    return out


def _get(session: Session, item_id: int, version: int | None) -> RoadmapItem:
    item = session.get(RoadmapItem, item_id)
    if item is None:
        raise ValidationError({"id": "Мероприятие уже удалено. Обновите список."})
    if version is not None and item.version != version:
        raise ValidationError({"version": "Мероприятие уже изменил другой пользователь. "
                                          "Обновите список и повторите изменение."})
    return item


def create_item(session: Session, data: RoadmapItemData) -> RoadmapItem:
    data.clean()
    validate_item(data, session)
    values = {f.name: getattr(data, f.name) for f in fields(data)}
    if values["position"] is None:
        last = session.scalar(select(func.max(RoadmapItem.position))
                              .where(RoadmapItem.roadmap == data.roadmap))
        values["position"] = (last or 0) + 1
    item = RoadmapItem(**values)
    session.add(item)
    session.flush()
    return item


def update_item(session: Session, item_id: int, data: RoadmapItemData, *,
                version: int | None = None) -> RoadmapItem:
    data.clean()
    validate_item(data, session)
    item = _get(session, item_id, version)
    for f in fields(data):
        value = getattr(data, f.name)
        if f.name == "position" and value is None:
            continue
        setattr(item, f.name, value)
    session.flush()
    return item


def set_state(session: Session, item_id: int, state: str, *, evidence: str | None = None,
              version: int | None = None) -> RoadmapItem:
    if state not in {s.value for s in WorkState}:
        raise ValidationError({"state": "Неизвестное состояние мероприятия."})
    item = _get(session, item_id, version)
    item.state = state
    if evidence is not None:
        item.evidence = evidence.strip()
    session.flush()
    return item


def delete_items(session: Session, item_ids: Iterable[int]) -> int:
    count = 0
    for item_id in item_ids:
        item = session.get(RoadmapItem, item_id)
        if item is not None:
            session.delete(item)
            count += 1
    session.flush()
    return count


def list_items(session: Session, roadmap: str | None = None) -> list[RoadmapItem]:
    stmt = select(RoadmapItem).order_by(RoadmapItem.roadmap, RoadmapItem.position, RoadmapItem.id)
    if roadmap is not None:
        stmt = stmt.where(RoadmapItem.roadmap == roadmap)
    return list(session.scalars(stmt))


def roadmap_names(session: Session) -> list[str]:
    """The roadmaps in the database, the most recently created first."""
    stmt = (select(RoadmapItem.roadmap, func.max(RoadmapItem.id))
            .group_by(RoadmapItem.roadmap).order_by(func.max(RoadmapItem.id).desc()))
    return [name for name, _ in session.execute(stmt)]


def overdue_items(session: Session, today: dt.date | None = None) -> list[RoadmapItem]:
    today = today or dt.date.today()
    stmt = (select(RoadmapItem)
            .where(RoadmapItem.deadline < today, RoadmapItem.state.not_in(CLOSED_STATES))
            .order_by(RoadmapItem.deadline, RoadmapItem.position))
    return list(session.scalars(stmt))


def numbering(items: Sequence[RoadmapItem]) -> dict[int, str]:
    """«1.1.», «2.10» as in the seed's table: tasks numbered in order of first appearance,
    measures numbered within their task (items of one roadmap, in position order)."""
    task_numbers: dict[str, int] = {}
    counters: dict[str, int] = {}
    out: dict[int, str] = {}
    for item in sorted(items, key=lambda i: (i.position, i.id)):
        task = item.task or ""
        if task not in task_numbers:
            task_numbers[task] = len(task_numbers) + 1
            counters[task] = 0
        counters[task] += 1
        out[item.id] = f"{task_numbers[task]}.{counters[task]}."
    return out


# --- the template of seed 003 ---------------------------------------------------------------

_CHEF_TSOKO = "И.Н. Хняч – директор МКУО ЦОКО"
_HEAD_GENERAL = "И.В. Ещенко – начальник отдела общего образования"
_CHEF_KMC = "О.В. Плесецкая – директор МКУО КМЦ"
_SCHOOL_HEADS = "Руководители ОО"

_TASKS = (
    "Выявление ОО с низкими образовательными результатами для оказания адресной методической "
    "помощи. Комплексная диагностика факторов, влияющих существенным образом на качество "
    "образования в ОО",
    "Формирование организационных и информационных ресурсов оказания методической помощи школам "
    "с низкими образовательными результатами",
    "Реализация сформированных планов и Дорожных карт, включая мониторинги, оценку эффективности "
    "деятельности администраций ОО по работе профилактики учебной неуспешности обучающихся в ОО "
    "и оценку результативности принимаемых мер",
)

# The end of the school year: the deadline of measures held «в течение учебного года».
_YEAR_END = (5, 31, 1)


@dataclass(frozen=True)
class _TemplateRow:
    task: int  # index into _TASKS
    measure: str
    info_method: str
    periodicity: str  # «{y}» / «{y1}» stand for the school year's first / second calendar year
    responsible: tuple[str, ...]
    due: tuple[int, int, int] = field(default=_YEAR_END)  # (month, day, years after the start)


_TEMPLATE: tuple[_TemplateRow, ...] = (
    _TemplateRow(0, "Сравнительный анализ образовательных результатов ОГЭ, ЕГЭ, ВПР",
                 "Мониторинги оценочных процедур в ОО", "Июль-сентябрь", (_CHEF_TSOKO,), (9, 30, 0)),
    _TemplateRow(0, "Сравнительный анализ успеваемости обучающихся школ района",
                 "Мониторинг усвоения обучающимися ООП НОО, ООП ООО, ООП СОО", "1 раз в год",
                 (_HEAD_GENERAL,)),
    _TemplateRow(0, "Проведение комплексной диагностики факторов, влияющих на качество образования "
                    "(обеспечение ОО ресурсами и кадрами, низкая эффективность деятельности "
                    "управленческой команды, индекс социального благополучия)",
                 "Мониторинг и анализ", "Сентябрь-октябрь {y} г.", (_CHEF_TSOKO, _HEAD_GENERAL),
                 (10, 31, 0)),
    _TemplateRow(0, "Составление списков учителей ОО, имеющих стабильно низкие результаты, для "
                    "организации системной работы по повышению профессиональной компетентности "
                    "педагогов",
                 "Мониторинг и анализ", "Сентябрь-октябрь {y} г.",
                 ("О.В. Плещецкая – директор МКУО КМЦ", _SCHOOL_HEADS), (10, 31, 0)),
    _TemplateRow(1, "Проведение семинаров, вебинаров по вопросам профилактики учебной неуспешности "
                    "обучающихся",
                 "Протоколы, приказы УО", "В течение учебного года", (_HEAD_GENERAL, _CHEF_TSOKO)),
    _TemplateRow(1, "Работа районных методических объединений по проблемам учебной неуспешности",
                 "Протоколы, приказы УО", "В течение учебного года, по плану РМО", (_CHEF_KMC,)),
    _TemplateRow(1, "Организация работы Школы молодого педагога",
                 "Протоколы, приказы УО", "По плану Школы", (_CHEF_KMC,)),
    _TemplateRow(1, "Организация наставничества «школа-школе», «руководитель-руководителю», "
                    "«учитель-учителю». Работа муниципального наставнического центра, районного "
                    "сообщества тьюторов",
                 "Протоколы, приказы УО", "В течение учебного года",
                 (_HEAD_GENERAL, _CHEF_TSOKO, _CHEF_KMC, _SCHOOL_HEADS)),
    _TemplateRow(1, "Обеспечение взаимообмена между школами позитивными педагогическими практиками: "
                    "семинары, стажировки, мастер классы, консультации индивидуальные и групповые",
                 "Отчеты ОО", "Постоянно, в рамках работы МНЦ", (_CHEF_TSOKO, _SCHOOL_HEADS)),
    _TemplateRow(1, "Формирование реестра затруднений педагогов по итогам анализа результатов ГИА и "
                    "ВПР (работа тьюторского сообщества)",
                 "Анализ", "Сентябрь-октябрь {y} г.", (_CHEF_KMC,), (10, 31, 0)),
    _TemplateRow(1, "Формирование муниципального банка лучших практик по профилактике учебной "
                    "неуспешности обучающихся",
                 "Протоколы, приказы УО", "В течение учебного года", (_CHEF_KMC,)),
    _TemplateRow(1, "Работа консультационных пунктов по подготовке к ЕГЭ, ОГЭ",
                 "Приказы", "Январь-май {y1} года", (_CHEF_KMC,), (5, 31, 1)),
    _TemplateRow(1, "Оказание администрации ОО и учителям-предметникам консультативной помощи по "
                    "организации внутреннего контроля, организации учебного процесса, методик, "
                    "технологий оценивания и др. (методические выезды в ОО)",
                 "Справки, анализы, приказы УО", "По графику методических выездов", (_CHEF_KMC,)),
    _TemplateRow(1, "Проведение совместного заседания Совета руководителей и родительского собрания "
                    "на муниципальном уровне по проблеме повышения качества образовательных "
                    "результатов обучающихся",
                 "Протоколы", "1 раз в учебный год", (_HEAD_GENERAL,)),
    _TemplateRow(1, "Организация на регулярной основе индивидуального консультирования родителей по "
                    "проблемам личностного развития обучающихся, имеющих индивидуальные "
                    "образовательные потребности, и обучающихся, имеющих низкую мотивацию к обучению",
                 "Отчеты", "В течение учебного года", (_SCHOOL_HEADS,)),
    _TemplateRow(1, "Сопровождение индивидуальных маршрутов профессионального развития "
                    "учителей-предметников (в том числе посещение и анализ уроков, проведение уроков "
                    "для учеников по наиболее трудным темам (off-line, on-line))",
                 "Отчеты", "В течение учебного года", (_SCHOOL_HEADS,)),
    _TemplateRow(1, "Организация в образовательных организациях мероприятий: проведение "
                    "мастер-классов, конкурсов, открытых уроков, диагностических срезов и др.",
                 "Отчеты", "В течение учебного года", (_SCHOOL_HEADS,)),
    _TemplateRow(2, "Оценка эффективности деятельности администрации ОО по вопросам профилактики "
                    "учебной неуспешности",
                 "Справки", "По графику ЦОКО", ("Л.А. Васюк – главный специалист МКУО ЦОКО",)),
    _TemplateRow(2, "Мониторинг документов ОО профилактике учебной неуспешности обучающихся",
                 "Анализ, справки", "По графику ЦОКО",
                 ("В.А. Чернобровкина – заместитель директора МКУО ЦОКО",)),
    _TemplateRow(2, "Анализ работы по вопросам учебной неуспешности обучающихся за учебный год",
                 "Анализ", "1 раз в год", (_CHEF_TSOKO,)),
    _TemplateRow(2, "Собеседования с руководителями ШНОР и школ с низкими образовательными "
                    "результатами по проведенной работе по профилактике учебной неуспешной "
                    "обучающихся",
                 "Протоколы", "Март {y1} года",
                 ("С.С. Духнай – заместитель начальника управления образования",), (3, 31, 1)),
)


def default_roadmap_name(year: int) -> str:
    return f"Профилактика учебной неуспешности, {year}–{year + 1} учебный год"


def roadmap_template(year: int = TEMPLATE_YEAR, roadmap: str = "") -> list[RoadmapItemData]:
    """Seed 003's measures for the school year starting in ``year`` (the seed's own is 2022).

    Periods that name a year in the seed («Сентябрь-октябрь 2022 г.», «Март 2023 года») name the
    given school year instead. Each measure gets a concrete deadline so that it can become
    overdue: the end of the named period, and 31 May (the end of the school year) for measures
    held «в течение учебного года», «по графику», «1 раз в год».
    """
    out = []
    for position, row in enumerate(_TEMPLATE, start=1):
        month, day, offset = row.due
        out.append(RoadmapItemData(
            roadmap=roadmap or default_roadmap_name(year),
            position=position,
            task=_TASKS[row.task],
            measure=row.measure,
            info_method=row.info_method,
            periodicity=row.periodicity.format(y=year, y1=year + 1),
            deadline=dt.date(year + offset, month, day),
            responsible=", ".join(row.responsible),
        ))
    return out


def start_roadmap_from_template(session: Session, name: str, year: int) -> list[RoadmapItem]:
    """Create a roadmap called ``name`` from the template for the school year ``year``–``year+1``."""
    name = (name or "").strip()
    errors = Errors()
    errors.require("roadmap", name, "Введите название дорожной карты.")
    if not 2000 <= year <= 2100:
        errors.add("year", "Укажите год начала учебного года (например, 2024).")
    errors.raise_if_any()
    exists = session.scalar(select(func.count()).select_from(RoadmapItem)
                            .where(RoadmapItem.roadmap == name))
    if exists:
        raise ValidationError({"roadmap": f"Дорожная карта «{name}» уже есть. "
                                          "Выберите другое название."})
    return [create_item(session, data) for data in roadmap_template(year, name)]
