"""Every record dialog fits a 1366×768 laptop (taskbar 40 px) at 100 % and 125 % scaling, with
the longest real names typed in and every field in error: the buttons stay on the screen and
no label or button text is cut."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QWidget,
)
from sqlalchemy import select

from shnor_desktop.demo import load_demo
from shnor_desktop.models import Person, RiskFactor, School, SchoolProgramme
from shnor_desktop.registry.queries import list_schools
from shnor_desktop.ui.widgets import forms

LONG_SCHOOL = ("Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная "
               "школа № 12 с углублённым изучением отдельных предметов имени Героя Советского Союза "
               "И. И. Иванова» села Большое Нагаткино")
LONG_SHORT = ("МБОУ «СОШ № 12 с углублённым изучением отдельных предметов имени Героя Советского Союза "
              "И. И. Иванова»")
LONG_PERSON = ("Зайцева-Мамина-Сибирячкина", "Александра-Анастасия", "Константиновна-Вильгельмовна")
LONG_TEXT = ("Провести методический семинар для учителей начальных классов по формированию "
             "читательской грамотности и смыслового чтения с разбором заданий ВПР " * 2).strip()
TODAY = dt.date(2026, 11, 23)

LAPTOP = {"100 %": QRect(0, 0, 1366, 728), "125 %": QRect(0, 0, 1093, 582)}  # 768 − 40 px taskbar


@pytest.fixture
def demo(ctx):
    load_demo(ctx.db)
    with ctx.db.transaction() as s:
        school = s.scalars(select(School).order_by(School.id)).first()
        school.full_name, school.short_name = LONG_SCHOOL, LONG_SHORT
        person = s.scalars(select(Person).order_by(Person.id)).first()
        person.last_name, person.first_name, person.middle_name = LONG_PERSON
    return ctx


@pytest.fixture(params=list(LAPTOP), ids=list(LAPTOP))
def screen(request, monkeypatch) -> QRect:
    monkeypatch.setattr(forms, "SCREEN_OVERRIDE", LAPTOP[request.param])
    return LAPTOP[request.param]


def _first(ctx, entity, *where):
    with ctx.db.session() as s:
        return s.scalars(select(entity).where(*where).order_by(entity.id)).first()


def _schools(ctx) -> list[School]:
    with ctx.db.session() as s:
        return list_schools(s)


def _factors(ctx) -> list[RiskFactor]:
    with ctx.db.session() as s:
        return list(s.scalars(select(RiskFactor).where(RiskFactor.retired.is_(False))))


def _makers() -> dict[str, Callable]:
    from shnor_desktop.tracking import visits as visit_svc
    from shnor_desktop.tracking.mentoring import person_picks
    from shnor_desktop.ui.dialogs import (
        audit_history,
        course_dialog,
        development_map_dialog,
        district_profile,
        mentoring_pair_dialog,
        partnership_dialog,
        person_dialog,
        professional_deficit_dialog,
        roadmap_item_dialog,
        school_card,
        shnor_target_dialog,
        support_assignment_dialog,
        unexcused_absence_dialog,
        visit_dialog,
    )
    from shnor_desktop.ui.risks import dialogs as risk

    def people(ctx):
        with ctx.db.session() as s:
            return person_picks(s)

    long_rec = visit_svc.RecommendationData(LONG_TEXT, "учителям начальных классов", "заместитель директора",
                                            dt.date(2027, 5, 1))
    return {
        "visit": lambda ctx, tmp: visit_dialog.VisitDialog(None, ctx.db, _schools(ctx), today=lambda: TODAY),
        "visit member": lambda ctx, tmp: visit_dialog.MemberDialog(None, people(ctx), None),
        "visit lesson": lambda ctx, tmp: visit_dialog.LessonDialog(None, people(ctx), None),
        "visit recommendation": lambda ctx, tmp: visit_dialog.RecommendationDialog(None, long_rec, TODAY),
        "partnership": lambda ctx, tmp: partnership_dialog.PartnershipDialog(None, ctx.db, _schools(ctx)),
        "partnership plan item": lambda ctx, tmp: partnership_dialog.PlanItemDialog(
            None, ctx.db, 1, pair=f"{LONG_SCHOOL} — {LONG_SCHOOL}"),
        "mentoring pair": lambda ctx, tmp: mentoring_pair_dialog.MentoringPairDialog(None, ctx.db),
        "mentoring school pair": lambda ctx, tmp: mentoring_pair_dialog.MentoringPairDialog(
            None, ctx.db, kind="school"),
        "person": lambda ctx, tmp: person_dialog.PersonDialog(None, ctx.db),
        "course": lambda ctx, tmp: course_dialog.CourseDialog(None, ctx.db),
        "roadmap item": lambda ctx, tmp: roadmap_item_dialog.RoadmapItemDialog(
            None, ctx.db, roadmap=LONG_TEXT, tasks=[LONG_TEXT], today=lambda: TODAY),
        "roadmap template": lambda ctx, tmp: roadmap_item_dialog.RoadmapTemplateDialog(
            None, ctx.db, today=TODAY),
        "support assignment": lambda ctx, tmp: support_assignment_dialog.SupportAssignmentDialog(
            None, ctx.db),
        "development map": lambda ctx, tmp: development_map_dialog.DevelopmentMapDialog(
            None, ctx.db, _first(ctx, Person).id),
        "professional deficit": lambda ctx, tmp: professional_deficit_dialog.ProfessionalDeficitDialog(
            None, ctx.db),
        "unexcused absence": lambda ctx, tmp: unexcused_absence_dialog.UnexcusedAbsenceDialog(
            None, ctx.db, 2026),
        "shnor target": lambda ctx, tmp: shnor_target_dialog.ShnorTargetDialog(None, ctx.db),
        "district profile": lambda ctx, tmp: district_profile.DistrictProfileDialog(None, ctx),
        "school card": lambda ctx, tmp: school_card.SchoolCard(None, ctx, _first(ctx, School).id),
        "new school card": lambda ctx, tmp: school_card.SchoolCard(None, ctx),
        "risk measure": lambda ctx, tmp: risk.MeasureDialog(None, ctx.db, _schools(ctx), _factors(ctx)),
        "risk programme": lambda ctx, tmp: risk.ProgrammeDialog(None, ctx.db, tmp, _schools(ctx)),
        "risk assessment": lambda ctx, tmp: risk.AssessmentDialog(
            None, ctx.db, _first(ctx, SchoolProgramme).id, heading=LONG_SCHOOL),
        "risk factor": lambda ctx, tmp: risk.FactorDialog(None, ctx.db),
        "risk factor retire": lambda ctx, tmp: risk.RetireDialog(None, ctx.db, _factors(ctx)[0], 2025),
        "risk social data": lambda ctx, tmp: risk.SocialDataDialog(
            None, ctx.db, _first(ctx, School).id, 2026, LONG_SHORT),
        "audit history": lambda ctx, tmp: audit_history.AuditHistoryDialog(
            None, ctx, "school", _first(ctx, School).id, LONG_SCHOOL),
    }


def fill_long(dialog: QWidget) -> None:
    """The longest real names and texts in every text field."""
    for widget in dialog.findChildren(QWidget):
        if not widget.isEnabled() or widget.objectName() == "search":
            continue
        if isinstance(widget, QPlainTextEdit) and not widget.isReadOnly():
            widget.setPlainText(LONG_TEXT)
        elif isinstance(widget, QComboBox) and widget.isEditable():
            widget.setEditText(LONG_SCHOOL)
        elif (isinstance(widget, QLineEdit) and not widget.isReadOnly() and widget.validator() is None
              and not isinstance(widget.parent(), QComboBox) and widget.maxLength() >= len(LONG_SCHOOL)):
            widget.setText(LONG_SCHOOL)


def show_every_error(dialog: QWidget) -> None:
    """The worst error state: a save that is refused, then a long message under every field."""
    if isinstance(dialog, forms.FormDialog):
        messages = {field: f"{dialog.field_labels.get(field, field)}: {LONG_TEXT}"
                    for field in dialog.widgets}
        dialog.show_errors(messages)
    elif hasattr(dialog, "show_errors"):
        dialog.show_errors([(field, LONG_TEXT) for field in dialog.error_labels])


def _text_cut(widget: QWidget) -> str | None:
    """Why ``widget``'s text does not fit it, or None."""
    if isinstance(widget, QLabel):
        if widget.wordWrap() or not widget.text().strip():
            return None
        room = widget.contentsRect().width() - 2 * widget.margin() - 2 * max(widget.indent(), 0)
        if widget.textFormat() == Qt.TextFormat.RichText or "<" in widget.text():
            document = QTextDocument()
            document.setDefaultFont(widget.font())
            document.setDocumentMargin(0)
            document.setHtml(widget.text())
            widest = int(document.idealWidth())
        else:
            widest = max(widget.fontMetrics().horizontalAdvance(line) for line in widget.text().splitlines())
        return f"label «{widget.text()}» needs {widest}px, has {room}px" if widest > room else None
    if isinstance(widget, QAbstractButton) and widget.text():
        text = widget.text().replace("&", "")
        need = widget.fontMetrics().horizontalAdvance(text)
        if need > widget.width() or (isinstance(widget, QPushButton) and widget.width()
                                     < widget.minimumSizeHint().width()):
            return f"button «{text}» needs {need}px, has {widget.width()}px"
    return None


def _inside(widget: QWidget, dialog: QWidget) -> bool:
    top_left = widget.mapTo(dialog, QPoint(0, 0))
    return dialog.rect().contains(QRect(top_left, widget.size()))


def check(dialog: QWidget, screen: QRect) -> list[str]:
    problems: list[str] = []
    limit_w, limit_h = screen.width() - forms.FRAME_WIDTH, screen.height() - forms.FRAME_HEIGHT
    if dialog.width() > limit_w or dialog.height() > limit_h:
        problems.append(f"dialog {dialog.width()}×{dialog.height()} > {limit_w}×{limit_h}")
    boxes = [b for b in dialog.findChildren(QDialogButtonBox) if b.isVisible() and b.window() is dialog]
    closing = [b for b in dialog.findChildren(QPushButton)
               if b.isVisible() and b.text() in ("Сохранить", "Закрыть без сохранения", "Отмена", "Закрыть")]
    assert boxes or closing, "no buttons to save or close"
    for widget in [*boxes, *closing]:
        if not _inside(widget, dialog):
            problems.append(f"{type(widget).__name__} «{getattr(widget, 'text', lambda: '')()}» "
                            f"at {widget.mapTo(dialog, QPoint(0, 0))} is outside {dialog.size()}")
    scroll = getattr(dialog, "body_scroll", None)
    if scroll is not None and scroll.widget().width() > scroll.viewport().width():
        problems.append(f"form {scroll.widget().width()}px wide in a {scroll.viewport().width()}px view")
    for widget in dialog.findChildren(QWidget):
        if widget.isVisible() and widget.window() is dialog:
            why = _text_cut(widget)
            if why:
                problems.append(why)
    return problems


def every_tab(dialog: QWidget) -> list[tuple[str, Callable[[], None]]]:
    """Each page of each tab widget, to look at in turn."""
    views: list[tuple[str, Callable[[], None]]] = [("", lambda: None)]
    for tabs in dialog.findChildren(QTabWidget):
        for index in range(1, tabs.count()):
            views.append((tabs.tabText(index), lambda t=tabs, i=index: t.setCurrentIndex(i)))
    return views


@pytest.mark.parametrize("name", list(_makers()))
def test_the_dialog_fits_a_laptop_screen(name, demo, screen, qtbot, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(forms, "ask_unsaved", lambda _p: forms.CANCEL)
    dialog: QDialog = _makers()[name](demo, tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    fill_long(dialog)
    show_every_error(dialog)
    qtbot.wait(1)
    problems: list[str] = []
    for tab, view in every_tab(dialog):
        view()
        dialog.layout().activate()
        problems += [f"{tab}: {p}" if tab else p for p in check(dialog, screen)]
    dialog.done(0)
    assert not problems, "\n".join(problems)


def test_an_empty_new_visit_saved_keeps_its_buttons_on_the_screen(demo, screen, qtbot) -> None:
    """The reported case: «Новый выезд» saved empty grew past the screen."""
    from shnor_desktop.ui.dialogs.visit_dialog import VisitDialog

    dialog = VisitDialog(None, demo.db, _schools(demo), today=lambda: TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.isVisible() and dialog.banner.isVisible()
    assert dialog.error_text("school_id") == "Выберите школу."
    assert check(dialog, screen) == []
    dialog.done(0)


def test_the_partnership_note_is_not_hidden_under_the_buttons(demo, screen, qtbot) -> None:
    """Saved empty, the partnership dialog grows to show its errors and the whole «Примечание» box
    while the screen has room, instead of scrolling it under «Сохранить»."""
    from shnor_desktop.ui.dialogs.partnership_dialog import PartnershipDialog

    dialog = PartnershipDialog(None, demo.db, _schools(demo))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.banner.isVisible()
    view = dialog.body_scroll.viewport()
    notes = QRect(dialog.notes.mapTo(view, QPoint(0, 0)), dialog.notes.size())
    assert view.rect().contains(notes), (notes, view.rect())
    assert check(dialog, screen) == []
    dialog.done(0)
