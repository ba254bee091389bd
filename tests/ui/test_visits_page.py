"""The methodical visits page and the visit dialog driven through real widgets on a real database."""

from __future__ import annotations

import datetime as dt
import types

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import func, select

from shnor_desktop.models import (
    MethodicalVisit,
    Person,
    Recommendation,
    School,
    SchoolStatus,
    login_number,
)
from shnor_desktop.tracking import visits as svc
from shnor_desktop.ui.dialogs.visit_dialog import (
    OVERDUE,
    TAB_FOLLOW_UP,
    TAB_RECOMMENDATIONS,
    TAB_VISIT,
    FollowUpTableModel,
    VisitDialog,
)
from shnor_desktop.ui.pages.visits import CANCELLED, VisitsPage
from tests.helpers.modal import press_save, with_modal

TODAY = dt.date(2026, 11, 23)


def add_school(session, login: str, name: str) -> int:
    s = School(fis_login=login, login_number=login_number(login), full_name=f"МБОУ «{name}»",
               short_name=name)
    session.add(s)
    session.flush()
    return s.id


@pytest.fixture
def schools(db) -> dict[str, int]:
    with db.transaction() as s:
        ids = {name: add_school(s, f"sch2000{i:02d}", name)
               for i, name in enumerate(["СОШ №1", "СОШ №5", "СОШ №7", "ООШ №11"])}
        s.add(Person(last_name="Плесецкая", first_name="Ольга", middle_name="Викторовна",
                     category="methodist", position="директор МКУО КМЦ"))
        s.add(Person(last_name="Петрова", first_name="Анна", middle_name="Ивановна",
                     position="учитель математики", school_id=ids["СОШ №5"]))
        return ids


@pytest.fixture
def page(ctx, qtbot, schools) -> VisitsPage:
    ui = types.SimpleNamespace(ctx=ctx, runner=None, window=None)
    widget = VisitsPage(ui, today=lambda: TODAY)
    qtbot.addWidget(widget)
    widget.resize(1040, 740)
    widget.show()
    return widget


def choose(combo, text: str) -> None:
    index = combo.findText(text, Qt.MatchFlag.MatchStartsWith)
    assert index >= 0, text
    combo.setCurrentIndex(index)


def cell(model, row: int, column: int, role=Qt.ItemDataRole.DisplayRole):
    return model.index(row, column).data(role)


def save_visit(db, school_id: int, date: dt.date, **kw) -> int:
    visit = svc.VisitData(school_id, date, purpose=kw.pop("purpose", "Методическая помощь"),
                          state=kw.pop("state", "done"))
    with db.transaction() as s:
        return svc.save_visit(s, svc.VisitForm(visit, **kw), today=TODAY).id


def test_create_visit_with_member_lesson_and_recommendation(page, db, schools):
    def fill(dialog: VisitDialog) -> None:
        choose(dialog.school, "СОШ №5")
        dialog.date.edit.setText("12.03.2026")
        dialog.basis.setText("План методических выездов на 2026 год")
        dialog.purpose.setPlainText("Оказание методической помощи по подготовке к ВПР")
        choose(dialog.state, "проведён")

        def member(sub) -> None:
            choose(sub.person, "Плесецкая Ольга Викторовна")
            assert sub.position.text() == "директор МКУО КМЦ"  # filled from the person
            press_save(sub)

        with_modal(dialog.members.add_button.click, member)

        def lesson(sub) -> None:
            sub.teacher.setEditText("Петрова Анна Ивановна (учитель математики, СОШ №5)")
            sub.class_name.setText("5Б")
            sub.subject.setText("математика")
            sub.topic.setText("Обыкновенные дроби")
            sub.remarks.setPlainText("Нет этапа рефлексии")
            press_save(sub)

        with_modal(dialog.lessons.add_button.click, lesson)
        dialog.findings.setPlainText("Уроки проводятся без этапа рефлексии.")

        def recommendation(sub) -> None:
            press_save(sub)
            assert sub.error_text("text") == "Введите текст рекомендации."
            sub.text.setPlainText("Включить в уроки этап рефлексии")
            sub.addressee.setText("учителям математики")
            sub.responsible.setText("заместитель директора по УВР")
            sub.deadline.edit.setText("01.05.2026")
            press_save(sub)
            assert not sub.isVisible()

        with_modal(dialog.recommendations.add_button.click, recommendation)
        assert dialog.recommendations.model.rowCount() == 1
        # already overdue on 23.11.2026: red in the dialog's table
        assert cell(dialog.recommendations.model, 0, 0,
                    Qt.ItemDataRole.ForegroundRole).color() == OVERDUE
        press_save(dialog)
        assert not dialog.isVisible(), dialog.banner.text()

    with_modal(page.new_button.click, fill)
    with db.session() as s:
        [v] = svc.list_visits(s)
        assert (v.school.short_name, v.date, v.state, v.findings) == (
            "СОШ №5", dt.date(2026, 3, 12), "done", "Уроки проводятся без этапа рефлексии.")
        assert [(m.name, m.position, m.person_id is not None) for m in v.members] == [
            ("Плесецкая Ольга Викторовна", "директор МКУО КМЦ", True)]
        [lesson] = v.lessons
        assert (lesson.teacher_name, lesson.teacher_person_id is not None, lesson.class_name,
                lesson.topic) == ("Петрова Анна Ивановна", True, "5Б", "Обыкновенные дроби")
        [rec] = v.recommendations
        assert (rec.text, rec.deadline, rec.done) == ("Включить в уроки этап рефлексии",
                                                      dt.date(2026, 5, 1), False)
    assert page.model.rowCount() == 1
    assert [cell(page.model, 0, c) for c in (0, 2, 4, 5, 6, 7)] == [
        "12.03.2026", "СОШ №5", "проведён", "1", "1", "1"]


def test_validation_keeps_the_dialog_open_and_shows_the_tab(page, db, schools):
    def fill(dialog: VisitDialog) -> None:
        dialog.date.edit.setText("12.03.2026")
        dialog.date_end.edit.setText("10.03.2026")
        press_save(dialog)
        assert dialog.isVisible()
        assert dialog.error_text("school_id") == "Выберите школу."
        assert dialog.error_text("date_end") == "Дата окончания выезда раньше даты начала."
        assert dialog.tabs.currentIndex() == TAB_VISIT

        choose(dialog.school, "СОШ №1")
        dialog.date_end.edit.clear()
        dialog.recommendations.set_rows([svc.RecommendationData("Текст", deadline=dt.date(2026, 3, 1))])
        dialog.tabs.setCurrentIndex(TAB_VISIT)
        press_save(dialog)
        assert dialog.isVisible()
        assert dialog.tabs.currentIndex() == TAB_RECOMMENDATIONS
        assert "Рекомендации, строка 1: срок выполнения раньше даты выезда." in dialog.banner.text()

        dialog.recommendations.set_rows([])
        dialog.date.edit.setText("03.12.2026")
        choose(dialog.state, "проведён")
        press_save(dialog)
        assert dialog.error_text("state") == ("Выезд на 03.12.2026 ещё не наступил: он не может быть "
                                              "отмечен как проведённый.")

    with_modal(page.new_button.click, fill)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(MethodicalVisit)) == 0


def test_next_visit_checks_the_previous_visits_recommendations(page, db, schools):
    first = save_visit(db, schools["СОШ №7"], dt.date(2026, 3, 10), recommendations=[
        svc.RecommendationData("Провести диагностику затруднений", deadline=dt.date(2026, 5, 1)),
        svc.RecommendationData("Обновить план ВСОКО", deadline=dt.date(2026, 12, 15)),
        svc.RecommendationData("Уже выполнена", done=True, done_on=dt.date(2026, 4, 1)),
    ])
    save_visit(db, schools["СОШ №1"], dt.date(2026, 3, 10),
               recommendations=[svc.RecommendationData("Другой школе")])
    with db.session() as s:
        diag_id, plan_id = (r.id for r in svc.get_visit(s, first).recommendations[:2])
    page.refresh()

    def second_visit(dialog: VisitDialog) -> None:
        assert dialog.follow_up_model.rowCount() == 0  # no date yet
        dialog.date.edit.setText("20.11.2026")
        model: FollowUpTableModel = dialog.follow_up_model
        assert [r.text for r in model.objects()] == ["Провести диагностику затруднений",
                                                     "Обновить план ВСОКО"]
        assert dialog.tabs.tabText(TAB_FOLLOW_UP) == "Контроль предыдущих рекомендаций (2)"
        # overdue open recommendation in red, the other not
        assert cell(model, 0, 0, Qt.ItemDataRole.ForegroundRole).color() == OVERDUE
        assert cell(model, 1, 0, Qt.ItemDataRole.ForegroundRole) is None
        done = model.index(0, FollowUpTableModel.DONE_COLUMN)
        assert model.flags(done) & Qt.ItemFlag.ItemIsUserCheckable
        assert done.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
        assert model.setData(done, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
        note = model.index(0, FollowUpTableModel.NOTE_COLUMN)
        assert model.flags(note) & Qt.ItemFlag.ItemIsEditable
        assert model.setData(note, "Диагностика проведена в октябре", Qt.ItemDataRole.EditRole)
        choose(dialog.state, "проведён")
        press_save(dialog)
        assert not dialog.isVisible(), dialog.banner.text()

    with_modal(lambda: page.new_visit(schools["СОШ №7"]), second_visit)
    with db.session() as s:
        diag, plan = s.get(Recommendation, diag_id), s.get(Recommendation, plan_id)
        assert (diag.done, diag.done_on, diag.check_note) == (
            True, dt.date(2026, 11, 20), "Диагностика проведена в октябре")
        assert (plan.done, plan.done_on) == (False, None)
        second = s.scalar(select(MethodicalVisit.id).where(MethodicalVisit.date == dt.date(2026, 11, 20)))

    def reopen(dialog: VisitDialog) -> None:
        rows = {r.recommendation_id: r for r in dialog.follow_up_model.objects()}
        assert set(rows) == {diag_id, plan_id}  # what it checked is still listed…
        assert rows[diag_id].done and rows[diag_id].note == "Диагностика проведена в октябре"
        assert not rows[plan_id].done

    with_modal(lambda: page.open_visit(second), reopen)

    def third_visit(dialog: VisitDialog) -> None:
        dialog.date.edit.setText("01.12.2026")
        assert [r.recommendation_id for r in dialog.follow_up_model.objects()] == [plan_id]

    with_modal(lambda: page.new_visit(schools["СОШ №7"]), third_visit)


def test_overdue_highlighting_and_glance_lists(page, db, schools):
    overdue_visit = save_visit(db, schools["СОШ №1"], dt.date(2026, 9, 1), recommendations=[
        svc.RecommendationData("Просрочена", deadline=dt.date(2026, 10, 1)),
        svc.RecommendationData("В срок", deadline=dt.date(2026, 12, 1))])
    save_visit(db, schools["СОШ №5"], dt.date(2026, 10, 1), recommendations=[
        svc.RecommendationData("Выполнена", deadline=dt.date(2026, 10, 20), done=True,
                               done_on=dt.date(2026, 10, 15))])
    save_visit(db, schools["СОШ №7"], dt.date(2026, 11, 2), state="cancelled")
    with db.transaction() as s:
        s.add(SchoolStatus(school_id=schools["СОШ №7"], kind="shnor", year=2025))
        s.add(SchoolStatus(school_id=schools["СОШ №1"], kind="shnor", year=2025))
    page.refresh()

    rows = {page.model.row_object(r).id: r for r in range(page.model.rowCount())}
    assert cell(page.model, rows[overdue_visit], 0, Qt.ItemDataRole.ForegroundRole).color() == OVERDUE
    assert cell(page.model, rows[overdue_visit], 7) == "1"
    others = [r for vid, r in rows.items() if vid != overdue_visit]
    foregrounds = [cell(page.model, r, 0, Qt.ItemDataRole.ForegroundRole) for r in others]
    assert [f.color() if f else None for f in foregrounds].count(CANCELLED) == 1
    assert OVERDUE not in [f.color() for f in foregrounds if f]

    assert [r.text for r in page.overdue_objects()] == ["Просрочена"]
    assert cell(page.overdue_model, 0, 0, Qt.ItemDataRole.ForegroundRole).color() == OVERDUE

    # 90 days: СОШ №7 (only a cancelled visit) and ООШ №11 never visited
    assert [g.school.short_name for g in page.gap_model.objects()] == ["ООШ №11", "СОШ №7"]
    assert page.gap_box.title() == "Школы без выезда более 90 дней"
    page.days.setValue(60)
    assert [g.school.short_name for g in page.gap_model.objects()] == ["ООШ №11", "СОШ №7", "СОШ №1"]
    assert cell(page.gap_model, 2, 1) == "01.09.2026 (83 дня назад)"
    assert page.gap_box.title() == "Школы без выезда более 60 дней"

    assert [g.school.short_name for g in page.shnor_model.objects()] == ["СОШ №7"]
    assert page.shnor_box.title() == "ШНОР без выезда в 2026 году"
    assert page.shnor_note.text() == "По списку ШНОР 2025 года."


def test_filters(page, db, schools):
    save_visit(db, schools["СОШ №1"], dt.date(2026, 2, 10))
    save_visit(db, schools["СОШ №1"], dt.date(2026, 11, 30), state="planned")
    save_visit(db, schools["СОШ №5"], dt.date(2026, 10, 5))
    save_visit(db, schools["СОШ №7"], dt.date(2026, 10, 20), state="cancelled")
    page.refresh()

    def shown() -> list[tuple[str, str]]:
        return [(v.school.short_name, v.date.isoformat()) for v in page.model.objects()]

    assert len(shown()) == 4
    choose(page.school_filter, "СОШ №1")
    assert shown() == [("СОШ №1", "2026-11-30"), ("СОШ №1", "2026-02-10")]
    choose(page.state_filter, "запланирован")
    assert shown() == [("СОШ №1", "2026-11-30")]
    page.reset_filters()
    assert len(shown()) == 4
    page.date_from.edit.setText("01.10.2026")
    page.date_to.edit.setText("31.10.2026")
    assert shown() == [("СОШ №7", "2026-10-20"), ("СОШ №5", "2026-10-05")]
    page.date_to.edit.setText("31.13.2026")  # not a date: that bound is ignored and marked
    assert "b00020" in page.date_to.edit.styleSheet()
    assert shown() == [("СОШ №1", "2026-11-30"), ("СОШ №7", "2026-10-20"), ("СОШ №5", "2026-10-05")]
    page.table.search.setText("отменён")
    assert shown() == [("СОШ №7", "2026-10-20")]
    assert page.table.count_label.text() == "1 из 4"


def test_edit_keeps_row_order_and_saves_changes(page, db, schools):
    vid = save_visit(db, schools["СОШ №5"], dt.date(2026, 3, 12), members=[
        svc.MemberData("Яковлева Я.Я.", "методист"), svc.MemberData("Антонова А.А.", "специалист")])
    page.refresh()
    page.table.select_where(lambda v: v.id == vid)

    def edit(dialog: VisitDialog) -> None:
        # entry order, not sorted by any column
        assert [m.name for m in dialog.members.model.objects()] == ["Яковлева Я.Я.", "Антонова А.А."]
        dialog.members.table.view.selectRow(0)
        dialog.members.remove_button.click()
        dialog.findings.setPlainText("Выводы после уточнения")
        press_save(dialog)

    with_modal(page.open_button.click, edit)
    with db.session() as s:
        v = svc.get_visit(s, vid)
        assert [m.name for m in v.members] == ["Антонова А.А."]
        assert v.findings == "Выводы после уточнения"


def test_delete_asks_first(page, db, schools, monkeypatch):
    vid = save_visit(db, schools["СОШ №5"], dt.date(2026, 3, 12),
                     lessons=[svc.LessonData("Петрова А.И.")],
                     recommendations=[svc.RecommendationData("Первая"), svc.RecommendationData("Вторая")])
    page.refresh()
    page.table.select_where(lambda v: v.id == vid)
    questions: list[str] = []
    answer = QMessageBox.StandardButton.No
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: questions.append(a[2]) or answer)
    page.delete_button.click()
    assert questions == ["Удалить выезд в «СОШ №5» 12.03.2026?\n\n"
                         "Вместе с ним будут удалены: 1 посещённый урок, 2 рекомендации."]
    assert page.model.rowCount() == 1
    answer = QMessageBox.StandardButton.Yes
    page.delete_button.click()
    assert page.model.rowCount() == 0
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Recommendation)) == 0


def test_show_record_selects_the_visit_even_when_filtered_out(page, db, schools):
    vid = save_visit(db, schools["СОШ №5"], dt.date(2026, 3, 12),
                     recommendations=[svc.RecommendationData("Первая")])
    save_visit(db, schools["СОШ №1"], dt.date(2026, 4, 2))
    page.refresh()
    choose(page.school_filter, "СОШ №1")
    with db.session() as s:
        rec_id = svc.get_visit(s, vid).recommendations[0].id
    assert page.show_record("recommendation", rec_id)
    assert page.table.current_object().id == vid
    assert page.school_filter.currentIndex() == 0
    assert not page.show_record("visit", 999)


def test_changes_made_elsewhere_meanwhile_are_reported(page, db, schools, monkeypatch):
    gone = save_visit(db, schools["СОШ №5"], dt.date(2026, 3, 12))
    edited = save_visit(db, schools["СОШ №1"], dt.date(2026, 4, 2))
    page.refresh()
    with db.transaction() as s:
        svc.delete_visit(s, gone)
        v = svc.get_visit(s, edited)
        v.findings = "изменено в другом окне"
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text, *a: shown.append((title, text)))
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, title, text, *a: shown.append((title, text)))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)

    page.table.select_where(lambda v: v.id == edited)
    page.delete_button.click()  # the page holds the old version of the visit
    assert shown.pop() == ("Выезд не удалён", "Запись уже изменил другой пользователь. "
                                              "Обновите данные и повторите изменение.")
    with db.session() as s:
        assert s.get(MethodicalVisit, edited) is not None
    assert [v.id for v in page.model.objects()] == [edited]  # refreshed

    page.open_visit(gone)
    assert shown.pop() == ("Выезд не открыт", "Выезд не найден: возможно, его уже удалили.")
