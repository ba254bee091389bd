"""The analysis page on the demo district, checked against analytics called directly (file dialog faked)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from sqlalchemy import select

from shnor_desktop.analytics.identification import identify, load_settings
from shnor_desktop.analytics.status import reasons_from
from shnor_desktop.demo import load_demo
from shnor_desktop.models import School, SchoolStatus
from shnor_desktop.ui.main_window import MainWindow
from shnor_desktop.ui.pages.analysis import (
    CONTROL_COLOR,
    RISK_COLOR,
    SMALL_COLOR,
    TAB_BARS,
    TAB_DYNAMICS,
    TAB_QUADRANT,
    AnalysisPage,
)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def window(ctx, qtbot) -> MainWindow:
    load_demo(ctx.db)
    win = MainWindow(ctx, offer_demo=False)
    qtbot.addWidget(win)
    win.show()
    return win


@pytest.fixture
def page(window, qtbot) -> AnalysisPage:
    page = window.show_page("analysis")
    qtbot.waitUntil(lambda: page.analysis is not None, timeout=20_000)
    choose(page, qtbot, 2025, "ВПР", 5, "Математика")
    return page


def choose(page: AnalysisPage, qtbot, year: int, procedure: str, grade: int, subject: str) -> None:
    page.select_slice(year, procedure, grade, subject)
    wait_analysis(page, qtbot)
    choice = page.analysis.choice
    assert (choice.year, choice.procedure, choice.grade, choice.subject) == (year, "VPR", grade, subject)


def wait_analysis(page: AnalysisPage, qtbot) -> None:
    """Wait until the analysis asked for last has been shown."""
    qtbot.waitUntil(lambda: not page._timer.isActive(), timeout=5_000)
    generation = page._generation
    qtbot.waitUntil(lambda: page.analysis is not None and page._shown_generation == generation,
                    timeout=20_000)


def direct(db, **changes):
    with db.session() as s:
        settings = load_settings(s).replace(**changes)
        return identify(s, year=2025, procedure="ВПР", grade=5, subject="математика", settings=settings)


def table_groups(page: AnalysisPage) -> dict[str, set[int]]:
    out: dict[str, set[int]] = {}
    for line in page.model.all_objects():
        out.setdefault(line.group, set()).add(line.result.school_id)
    return out


def background(page: AnalysisPage, row: int):
    brush = page.model.data(page.model.index(row, 0), Qt.ItemDataRole.BackgroundRole)
    return None if brush is None else brush.color()


def test_flags_equal_analytics_and_rows_are_coloured(page, db) -> None:
    expected = direct(db)
    groups = table_groups(page)
    assert groups["risk"] == {s.school_id for s in expected.risk_group} and len(groups["risk"]) == 5
    assert groups["control"] == {s.school_id for s in expected.control_group}
    assert groups.get("small", set()) == {s.school_id for s in expected.small_schools} == set()

    colours = {"risk": RISK_COLOR, "control": CONTROL_COLOR, "small": SMALL_COLOR, "none": None}
    for row, line in enumerate(page.model.objects()):
        assert background(page, row) == colours[line.group], line.result.row.short_name

    # the row of one flagged school says what analytics says, Russian-formatted
    worst = min(expected.risk_group, key=lambda s: s.worst.deviation)
    row = page.model.row_of(lambda ln: ln.result.school_id == worst.school_id)
    texts = page.model.text_rows([row])[0]
    assert texts[0] == worst.row.short_name and texts[3] == worst.worst.indicator.short
    assert texts[4] == worst.worst.indicator.format(worst.worst.value)
    assert texts[5] == worst.worst.indicator.format(worst.worst.district.value)
    assert texts[6].startswith("−") and texts[6].endswith("\u00a0%") and "," in texts[6]
    assert texts[7] == "группа риска"
    assert worst.reason.endswith(texts[8])

    # the rule, the district level and the mean used are shown; the groups carry their sentences
    assert "взвешенное по числу участников" in page.rule_label.text()
    assert "порог 15\u00a0%" in page.rule_label.text()
    html = page.groups.toPlainText()
    for school in expected.risk_group + expected.control_group:
        assert school.row.short_name in html
    assert "Группа риска — 5" in html and "Устойчивость: ниже порога" in html


def test_settings_are_saved_and_change_the_flags(page, db, qtbot) -> None:
    page.threshold.setValue(25.0)
    wait_analysis(page, qtbot)
    with db.session() as s:
        assert load_settings(s).threshold == pytest.approx(0.25)
    assert table_groups(page)["risk"] == {s.school_id for s in direct(db).risk_group}

    page.mean.setCurrentIndex(page.mean.findData("schools"))
    wait_analysis(page, qtbot)
    assert page.analysis.identification.mean_label == "среднее по школам"
    assert "Районный уровень (среднее по школам)" in page.rule_label.text()
    expected = direct(db)
    assert expected.settings.mean == "schools"
    assert table_groups(page).get("risk", set()) == {s.school_id for s in expected.risk_group}

    page.set_indicators(("share2",))
    wait_analysis(page, qtbot)
    expected = direct(db)
    assert expected.settings.indicators == ("share2",)
    assert {ln.check.indicator.key for ln in page.model.all_objects()} == {"share2"}
    assert table_groups(page).get("risk", set()) == {s.school_id for s in expected.risk_group}

    page.min_participants.setValue(10)
    wait_analysis(page, qtbot)
    expected = direct(db)
    assert expected.settings.min_participants == 10
    assert table_groups(page).get("small", set()) == {s.school_id for s in expected.small_schools}
    assert "участников меньше 10, не отмечаются" in page.rule_label.text()
    page.min_participants.setValue(0)
    wait_analysis(page, qtbot)
    assert "small" not in table_groups(page)


def test_record_as_shnor_writes_statuses_with_reasons_and_the_registry_shows_them(
        window, page, db, qtbot) -> None:
    expected = direct(db)
    chosen = sorted(expected.risk_group, key=lambda s: s.row.short_name)[:2]
    page.table.view.clearSelection()
    for school in chosen:
        row = page.model.row_of(lambda ln, sid=school.school_id: ln.result.school_id == sid)
        page.table.view.selectionModel().select(
            page.model.index(row, 0),
            page.table.view.selectionModel().SelectionFlag.Select
            | page.table.view.selectionModel().SelectionFlag.Rows)
    page.record_selected()
    dialog = page.record_dialog
    qtbot.waitUntil(dialog.isVisible)
    listing = dialog.listing.toPlainText()
    for school in chosen:
        assert school.row.short_name in listing
    assert "районный уровень — взвешенное по числу участников" in dialog.rule_label.text()
    dialog.year.setValue(2026)
    dialog.accept()

    want = reasons_from([expected], [s.school_id for s in chosen])
    with db.session() as s:
        rows = s.scalars(select(SchoolStatus).where(SchoolStatus.year == 2026)).all()
        got = {r.school_id: (r.kind, r.source, r.reason) for r in rows}
    assert got == {sid: ("shnor", "rule", reason) for sid, reason in want.items()}
    for school in chosen:
        assert re.search("при районн(ом|ой)", got[school.school_id][2]) and "ВПР 5 кл., математика, 2025" in \
            got[school.school_id][2]

    registry = window.page("registry")
    registry.year_box.setValue(2026)
    for school in chosen:
        row = registry.model.row_of(lambda s, sid=school.school_id: s.id == sid)
        assert row >= 0
        assert "ШНОР" in registry.model.text_rows([row])[0][2]


def test_without_a_selection_the_risk_group_is_proposed(page, db, qtbot) -> None:
    page.table.view.clearSelection()
    page.record_selected()
    dialog = page.record_dialog
    assert set(dialog.reasons) == {s.school_id for s in direct(db).risk_group}
    dialog.reject()
    with db.session() as s:
        assert not s.scalars(select(SchoolStatus).where(SchoolStatus.year == 2026)).all()


def test_charts_draw_and_export_png(page, qtbot, monkeypatch, tmp_path: Path) -> None:
    expected = page.analysis.identification
    school = expected.risk_group[0]
    assert page.table.select_where(lambda ln: ln.result.school_id == school.school_id)
    assert page.dynamics_school.currentData() == school.school_id

    points = page.analysis.series(school.school_id, "kv")
    assert [p.year for p in points] == [2023, 2024, 2025]
    assert points[-1].school == pytest.approx(school.row.value("kv"))
    assert points[-1].district == pytest.approx(expected.district["kv"].value)
    assert points[-1].flagged

    for tab, panel in ((TAB_BARS, page.bars), (TAB_DYNAMICS, page.dynamics), (TAB_QUADRANT, page.quadrant)):
        page.tabs.setCurrentIndex(tab)
        assert panel.canvas is not None and panel.save_button.isEnabled(), tab
        target = tmp_path / f"рисунок {tab}.png"
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, t=target, **k: (str(t), ""))
        panel.save_button.click()
        data = target.read_bytes()
        assert data.startswith(PNG_SIGNATURE) and len(data) > 10_000
    texts = [t.get_text() for t in page.bars.figure.texts] + [page.bars.figure._suptitle.get_text()]
    assert any("взвешенное по числу участников" in t for t in texts)
    assert "ВПР 5 кл., математика, 2025: медиана" in texts  # the first indicator of regulation 000
    assert "ШНОР + ШНСУ" in page.quadrant_text.text()

    # a file name without .png gets it; cancelling the dialog writes nothing
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "без"), ""))
    assert page.quadrant.save_dialog() == tmp_path / "без.png"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    assert page.bars.save_dialog() is None


def test_empty_database_says_what_to_do(ctx, qtbot) -> None:
    win = MainWindow(ctx, offer_demo=False)
    qtbot.addWidget(win)
    page = win.show_page("analysis")
    assert page.empty_label.isVisibleTo(win) and not page.tabs.isVisibleTo(win)
    assert "Результаты" in page.empty_label.text()
    with ctx.db.session() as s:
        assert not s.scalars(select(School)).all()


def test_documents_from_the_analysis_page_are_preset_to_the_slice(page, qtbot, monkeypatch):
    from shnor_desktop.ui.dialogs import generate_dialog

    note = page.document_dialog("analytical-note")
    qtbot.addWidget(note)
    assert note.year.value() == 2025
    assert note.params().options == {"procedure": "VPR", "grade": 5, "subject": "Математика"}
    order = page.document_dialog("order-shnor-list")
    qtbot.addWidget(order)
    options = order.params().options
    assert order.year.value() == 2025 and not {"procedure", "grade", "subject"} & options.keys()
    assert set(options) == {"deadline_programs"}  # the deadline shown and editable in the dialog

    started = []
    monkeypatch.setattr(generate_dialog.GenerateDialog, "exec", lambda self: 1)
    monkeypatch.setattr(generate_dialog.GenerateDialog, "start",
                        lambda self, parent, **k: started.append((self.kind, self.params().options)))
    page.note_action.trigger()
    assert started == [("analytical-note", {"procedure": "VPR", "grade": 5, "subject": "Математика"})]


def test_a_regional_database_offers_each_municipality_as_the_district(ctx, qtbot, samples) -> None:
    from shnor_desktop.io.results_store import VprOptions, import_vpr
    from shnor_desktop.models import DistrictProfile

    with ctx.db.transaction() as s:
        s.add(DistrictProfile(municipality_name="Первомайский муниципальный район"))
    import_vpr(ctx.db, samples / "ВПР_2021_5кл_Математика.xlsx",
               VprOptions(all_municipalities=True, create_missing=True))
    win = MainWindow(ctx, offer_demo=False)
    qtbot.addWidget(win)
    win.show()
    page = win.show_page("analysis")
    qtbot.waitUntil(lambda: page.analysis is not None, timeout=30_000)
    wait_analysis(page, qtbot)
    assert page.district.isVisibleTo(page)
    assert page.district.itemText(0) == "наш район (Первомайский муниципальный район)"
    ident = page.analysis.identification
    assert ident.scope_label == "Первомайский муниципальный район" and len(ident.schools) == 20
    assert ident.region is not None  # the other municipalities give the region's level
    index = next(i for i in range(page.district.count()) if "город Бийск" in page.district.itemText(i))
    page.district.setCurrentIndex(index)
    wait_analysis(page, qtbot)
    ident = page.analysis.identification
    assert ident.scope_label == "город Бийск" and len(ident.schools) > 20
    assert "— город Бийск" in page.rule_label.text()


def _select_rows(page: AnalysisPage, school_ids: list[int]) -> None:
    view = page.table.view
    view.clearSelection()
    for sid in school_ids:
        row = page.model.row_of(lambda ln, sid=sid: ln.result.school_id == sid)
        view.selectionModel().select(page.model.index(row, 0), view.selectionModel().SelectionFlag.Select
                                     | view.selectionModel().SelectionFlag.Rows)


def test_recording_confirms_and_asks_before_overwriting_with_no_by_default(page, db, qtbot) -> None:
    from PySide6.QtWidgets import QMessageBox

    chosen = [s.school_id for s in sorted(direct(db).risk_group, key=lambda s: s.row.short_name)[:2]]
    _select_rows(page, chosen)
    page.record_selected()
    page.record_dialog.year.setValue(2026)
    page.record_dialog.accept()
    assert page.overwrite_box is None  # nothing to overwrite: no question
    qtbot.waitUntil(lambda: page.record_box is not None and page.record_box.isVisible())
    assert page.record_box.text().startswith("Записано: 2 ОО отмечены как ШНОР на 2026 год")
    page.record_box.accept()
    with db.session() as s:
        s.execute(SchoolStatus.__table__.update().where(SchoolStatus.year == 2026).values(reason="старая"))
        s.commit()

    _select_rows(page, chosen)
    page.record_selected()
    page.record_dialog.year.setValue(2026)
    page.record_dialog.accept()
    box = page.overwrite_box
    qtbot.waitUntil(box.isVisible)
    assert "У 2 школ статус ШНОР за 2026 год уже записан" in box.text()
    assert box.defaultButton().text() == "Нет"
    box.defaultButton().click()  # Enter: «Нет» — nothing is changed
    with db.session() as s:
        assert {r.reason for r in s.scalars(select(SchoolStatus).where(SchoolStatus.year == 2026))} == {
            "старая"}
    page.record_selected()
    page.record_dialog.year.setValue(2026)
    page.record_dialog.accept()
    yes = next(b for b in page.overwrite_box.buttons() if b.text() == "Перезаписать")
    yes.click()
    qtbot.waitUntil(lambda: "причина обновлена — 2" in page.last_record_message)
    with db.session() as s:
        assert "старая" not in {r.reason for r in s.scalars(select(SchoolStatus).where(
            SchoolStatus.year == 2026))}
    assert isinstance(page.record_box, QMessageBox)


def test_the_reason_is_in_a_tooltip_and_the_detail_pane(page, qtbot) -> None:
    reason_column = [c.title for c in page.model.columns].index("Причина")
    row = page.model.row_of(lambda ln: ln.group == "risk")
    line = page.model.row_object(row)
    tooltip = page.model.data(page.model.index(row, reason_column), Qt.ItemDataRole.ToolTipRole)
    assert tooltip == line.result.reason and len(tooltip) > 40
    _select_rows(page, [line.result.school_id])
    text = page.detail.toPlainText().replace("\xa0", " ")
    assert line.result.row.short_name in text and line.result.reason.replace("\xa0", " ") in text
    for check in line.result.checks:
        assert check.indicator.name in text
    assert page.detail.isReadOnly()


def test_the_slice_is_remembered_for_a_new_page(window, page, ctx, qtbot) -> None:
    choose(page, qtbot, 2024, "ВПР", 5, "Русский язык")
    again = AnalysisPage(window.ui)
    qtbot.addWidget(again)
    again.refresh()
    choice = again.current_choice()
    assert (choice.year, choice.procedure, choice.grade, choice.subject) == (2024, "VPR", 5, "Русский язык")
