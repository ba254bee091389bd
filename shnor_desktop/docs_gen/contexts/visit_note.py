"""Справка по итогам методического выезда: basis, purpose, dates, members, questions, lessons,
findings, the follow-up of the previous visit's recommendations, recommendations, signatures."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ... import russian
from ...models import MethodicalVisit, Recommendation
from ...models.enums import VisitState
from ...tracking.visits import open_recommendations_before
from ..blanks import BLANK, BLANK_LONG, Gap
from ..declension import forms_for, initials_before
from ..rendering import MissingData
from .common import Description, DocMeta, DocParams, authority, lower_first, upper_first

_NUMBERED = re.compile(r"^\s*(\d+[.)]|[-–—•])\s*")


def _visit(session: Session, params: DocParams) -> MethodicalVisit:
    if params.record_id is None:
        raise MissingData(["не выбран методический выезд (укажите его номер: --id N)"])
    visit = session.get(MethodicalVisit, params.record_id)
    if visit is None:
        raise MissingData([f"методический выезд № {params.record_id} не найден"])
    return visit


def lines_of(text: str) -> list[str]:
    """Text typed in a form as separate lines, list markers («1.», «–») removed."""
    out = []
    for line in (text or "").splitlines():
        line = _NUMBERED.sub("", line).strip()
        if line:
            out.append(line)
    return out


def paragraphs_of(text: str) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n|\n", text or "") if p.strip()]


def dates_text(visit: MethodicalVisit) -> str:
    if visit.date_end and visit.date_end != visit.date:
        return f"{russian.date_short(visit.date)}–{russian.date_short(visit.date_end)}"
    return russian.date_short(visit.date)


def describe(session: Session, params: DocParams) -> Description:
    visit = _visit(session, params)
    school = visit.school.short_name
    return Description(
        title=f"Справка по итогам методического выезда: {school}, {russian.date_short(visit.date)}",
        sources={"visit": [visit.id], "school": [visit.school_id]}, year=visit.date.year,
        date=visit.date_end or visit.date, file_stem=f"Справка {school} {russian.date_short(visit.date)}")


def _status(rec: Recommendation, on: dt.date) -> str:
    if rec.done and rec.done_on is not None and rec.done_on <= on:
        text = f"выполнено {russian.date_short(rec.done_on)}"
    elif rec.done and rec.done_on is None:
        text = "выполнено"
    elif rec.deadline is not None and rec.deadline < on:
        text = "не выполнено, срок истёк"
    else:
        text = "в работе, срок не наступил"
    if rec.check_note:
        text += f". {rec.check_note.strip().rstrip('.')}."
    return upper_first(text)


def _signature(name: str) -> str:
    return initials_before(name) if name.strip() else ""


def _held(visit: MethodicalVisit) -> None:
    """A справка sums up a visit that took place: a planned or cancelled one is refused."""
    if visit.state == VisitState.CANCELLED.value:
        raise MissingData([f"выезд в {visit.school.short_name} {russian.date_short(visit.date)} отменён: "
                           "справка по нему не составляется"])
    if visit.state != VisitState.DONE.value:
        raise MissingData([f"выезд в {visit.school.short_name} {russian.date_short(visit.date)} ещё не "
                           "проведён: справка составляется по итогам выезда. Отметьте выезд проведённым "
                           "(состояние «проведён») и внесите его выводы"])


def _acquainted_word(gender: str | None) -> str:
    return {"m": "ознакомлен", "f": "ознакомлена"}.get(gender or "", "ознакомлен(а)")


def build(session: Session, params: DocParams, meta: DocMeta) -> dict[str, Any]:
    visit = _visit(session, params)
    _held(visit)
    school = visit.school
    auth = authority(session, meta, need_head=False)
    blanks = meta.blanks
    owner = f"Выезд в {school.short_name} {russian.date_short(visit.date)}"

    previous = open_recommendations_before(session, visit.school_id, visit.date, exclude_visit_id=visit.id)
    had_visits = session.scalar(select(func.count()).select_from(MethodicalVisit).where(
        MethodicalVisit.school_id == visit.school_id, MethodicalVisit.id != visit.id,
        MethodicalVisit.date < visit.date, MethodicalVisit.state == VisitState.DONE.value)) or 0
    earlier = [{
        "number": str(i),
        "text": r.text,
        "visit_date": russian.date_short(r.visit.date),
        "deadline": russian.date_short(r.deadline) or "—",
        "responsible": r.responsible or r.addressee or "—",
        "status": _status(r, visit.date),
    } for i, r in enumerate(previous, start=1)]

    recommendations = [{
        "number": str(i),
        "text": r.text,
        "addressee": r.addressee or "—",
        "responsible": r.responsible or "—",
        "deadline": russian.date_short(r.deadline) or "постоянно",
    } for i, r in enumerate(sorted(visit.recommendations, key=lambda r: r.id), start=1)]

    lessons = [{
        "number": str(i),
        "teacher": lesson.teacher_name or (lesson.teacher.full_name if lesson.teacher else ""),
        "class_name": lesson.class_name,
        "subject": lesson.subject,
        "topic": lesson.topic,
        "remarks": lesson.remarks,
    } for i, lesson in enumerate(sorted(visit.lessons, key=lambda x: x.id), start=1)]

    members = []
    ordered = sorted(visit.members, key=lambda x: x.id)
    for index, m in enumerate(ordered, start=1):
        name = m.name or (m.person.full_name if m.person else "")
        position = m.position or (m.person.position if m.person else "")
        members.append({"name": name, "position": lower_first(position),
                        "position_title": upper_first(position), "signature": _signature(name),
                        "end": "." if index == len(ordered) else ";"})
    if not members:
        blanks.note(Gap("состав участников выезда", owner, "visit", visit.id, "members"))
        members = [{"name": BLANK_LONG, "position": BLANK_LONG, "position_title": BLANK_LONG,
                    "signature": BLANK, "end": ";" if i == 1 else "."} for i in (1, 2)]

    director_position = upper_first(f"{school.director_position or 'директор'} {school.short_name}")
    acquainted = (visit.acquainted or "").strip()
    if acquainted:
        acquainted_signature = _signature(acquainted)
        same_surname = acquainted.split()[:1] == (school.director_name or "").split()[:1]
        acquainted_position = director_position if same_surname else ""
        gender = forms_for(session, acquainted, school.director_gender if same_surname else None).gender
    else:
        acquainted_position = director_position
        acquainted_signature = _signature(school.director_name) or BLANK
        gender = forms_for(session, school.director_name, school.director_gender).gender \
            if school.director_name.strip() else None

    findings = paragraphs_of(visit.findings)
    questions = lines_of(visit.questions)
    purpose = blanks.value((visit.purpose or "").strip(),
                           Gap("цель выезда", owner, "visit", visit.id, "purpose"), BLANK_LONG)
    # sections are numbered as they appear: an empty one is left out
    present = [("questions", bool(questions)), ("lessons", bool(lessons)), ("findings", bool(findings)),
               ("earlier", bool(had_visits)), ("recommendations", bool(recommendations))]
    numbers, n = {}, 0
    for key, shown in present:
        if shown:
            n += 1
            numbers[key] = str(n)
    return {
        "authority": auth,
        "number": meta.number,
        "date": russian.date_short(meta.date),
        "school": {"full_name": school.full_name or school.short_name, "short_name": school.short_name},
        "visit_dates": dates_text(visit),
        "basis": visit.basis.strip() or "план методических выездов управления образования",
        "purpose": purpose,
        "members": members,
        "questions": questions,
        "has_questions": bool(questions),
        "lessons": lessons,
        "has_lessons": bool(lessons),
        "findings": findings,
        "has_findings": bool(findings),
        "earlier": earlier,
        "has_earlier": bool(earlier),
        "had_visits": bool(had_visits),
        "recommendations": recommendations,
        "has_recommendations": bool(recommendations),
        "section": numbers,
        "acquainted_word": _acquainted_word(gender),
        "acquainted_position": acquainted_position,
        "acquainted_signature": acquainted_signature,
        "year": visit.date.year,
    }
