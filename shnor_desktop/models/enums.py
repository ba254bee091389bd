"""Closed vocabularies of the domain: stored codes and their Russian labels."""

from __future__ import annotations

from enum import StrEnum


class LabelledEnum(StrEnum):
    """A string enum whose members carry a Russian label for the user."""

    label: str

    def __new__(cls, value: str, label: str = "") -> LabelledEnum:  # ``X(value)`` looks a member up
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.label = label
        return obj

    @classmethod
    def from_label(cls, label: str) -> LabelledEnum:
        for member in cls:
            if member.label == label or member.value == label:
                return member
        raise ValueError(f"{label!r} is not a {cls.__name__}")

    @classmethod
    def labels(cls) -> list[str]:
        return [m.label for m in cls]


class SchoolStatusKind(LabelledEnum):
    SHNOR = "shnor", "ШНОР"
    SHNSU = "shnsu", "ШНСУ"
    LEADER = "leader", "школа-лидер"


class StatusSource(LabelledEnum):
    RULE = "rule", "по правилу (расчёт)"
    DECISION = "decision", "решение управления"
    REGION = "region", "перечень региона"


class AgreementState(LabelledEnum):
    DRAFT = "draft", "проект"
    ACTIVE = "active", "действует"
    EXPIRED = "expired", "истёк"
    TERMINATED = "terminated", "расторгнут"


class PlanItemKind(LabelledEnum):
    SEMINAR = "seminar", "семинар"
    INTERNSHIP = "internship", "стажировка"
    MASTER_CLASS = "master_class", "мастер-класс"
    JOINT_COUNCIL = "joint_council", "совместный педсовет"
    CONSULTATION = "consultation", "консультация"
    LESSON_VISITS = "lesson_visits", "взаимопосещение уроков"
    VISIT = "visit", "методический выезд"
    OTHER = "other", "другое"


class WorkState(LabelledEnum):
    PLANNED = "planned", "запланировано"
    IN_PROGRESS = "in_progress", "выполняется"
    DONE = "done", "выполнено"
    CANCELLED = "cancelled", "отменено"


class MentoringKind(LabelledEnum):
    SCHOOL = "school", "школа-школе"
    HEAD = "head", "руководитель-руководителю"
    TEACHER = "teacher", "учитель-учителю"


class SupportRole(LabelledEnum):
    CURATOR = "curator", "куратор"
    MENTOR = "mentor", "наставник"
    TUTOR = "tutor", "муниципальный тьютор"
    COORDINATOR = "coordinator", "муниципальный координатор"


class PersonCategory(LabelledEnum):
    TEACHER = "teacher", "учитель"
    DIRECTOR = "director", "руководитель ОО"
    DEPUTY = "deputy", "заместитель руководителя"
    METHODIST = "methodist", "методист"
    OFFICIAL = "official", "специалист управления образования"
    OTHER = "other", "другое"


class DeficitSource(LabelledEnum):
    DIAGNOSTIC = "diagnostic", "диагностика"
    VISIT = "visit", "методический выезд"
    VPR_ANALYSIS = "vpr_analysis", "анализ ВПР"
    SELF = "self", "самоанализ"


class VisitState(LabelledEnum):
    PLANNED = "planned", "запланирован"
    DONE = "done", "проведён"
    CANCELLED = "cancelled", "отменён"


class Procedure(LabelledEnum):
    VPR = "VPR", "ВПР"
    OGE = "OGE", "ОГЭ"
    EGE = "EGE", "ЕГЭ"
    RDR = "RDR", "РДР"
    PROGRESS = "PROGRESS", "успеваемость"
    OLYMPIAD = "OLYMPIAD", "олимпиада"
    OTHER = "OTHER", "другая процедура"


class Gender(LabelledEnum):
    MALE = "m", "мужской"
    FEMALE = "f", "женский"
