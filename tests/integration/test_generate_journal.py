"""The document journal: numbering, renumbering, regeneration, and broken user templates."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from docx import Document
from sqlalchemy import select

from shnor_desktop.docs_gen.contexts.common import DocParams
from shnor_desktop.docs_gen.journal import (
    DocumentError,
    absolute_path,
    delete_entry,
    generate,
    regenerate,
    renumber,
)
from shnor_desktop.docs_gen.rendering import (
    TemplateProblem,
    has_user_copy,
    make_user_copy,
    restore_original,
    user_template,
)
from shnor_desktop.models import GeneratedDocument, Person, SchoolStatus, SupportAssignment
from tests.docs_helpers import add_partnership, add_profile, add_school, full_text

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def district(ctx):
    """A small district: profile, two schools (one ШНОР in 2026), a coordinator, a partnership."""
    with ctx.db.transaction() as s:
        add_profile(s)
        leader = add_school(s, 1, "Соболева Татьяна Николаевна", "f")
        supported = add_school(s, 2, "Лаптев Андрей Геннадьевич", "m")
        s.add(SchoolStatus(school_id=supported.id, kind="shnor", year=2026,
                           reason="ВПР 5 кл., математика, 2025: качество 31,0 % при районном 48,0 % — "
                                  "ниже на 35 %"))
        coordinator = Person(last_name="Самойлова", first_name="Юлия", middle_name="Валерьевна", gender="f",
                             category="methodist", position="методист управления образования")
        s.add(coordinator)
        s.flush()
        s.add(SupportAssignment(person_id=coordinator.id, role="coordinator", date_from=dt.date(2026, 1, 1)))
        partnership = add_partnership(s, leader, supported, term_start=dt.date(2026, 1, 1),
                                      term_end=dt.date(2026, 12, 31), agreement_date=dt.date(2026, 1, 20))
        s.flush()
        return partnership.id


def journal(ctx) -> list[tuple[str, str, int]]:
    with ctx.db.session() as s:
        rows = s.scalars(select(GeneratedDocument).order_by(GeneratedDocument.id))
        return [(d.kind, d.number, d.year) for d in rows]


def test_orders_share_one_series_per_year(ctx, district):
    a = generate(ctx.paths, ctx.db, "order-shnor-list", DocParams(year=2026), today=TODAY)
    b = generate(ctx.paths, ctx.db, "order-partners", DocParams(year=2026), today=TODAY)
    c = generate(ctx.paths, ctx.db, "order-shnor-list", DocParams(year=2026), doc_date=dt.date(2027, 1, 10))
    note = generate(ctx.paths, ctx.db, "analytical-note", DocParams(year=2026), today=TODAY)
    assert (a.number, b.number, c.number, note.number) == ("1", "2", "1", "1")
    assert a.path != b.path and a.path.parent.name == "2026" and c.path.parent.name == "2027"
    assert journal(ctx) == [("order-shnor-list", "1", 2026), ("order-partners", "2", 2026),
                            ("order-shnor-list", "1", 2027), ("analytical-note", "1", 2026)]
    with ctx.db.session() as s:
        row = s.get(GeneratedDocument, a.id)
        assert row.file_path.startswith("documents/2026/") and absolute_path(ctx.paths, row) == a.path
        assert row.sources["params"] == {"record_id": None, "year": 2026, "options": {}}
        assert row.sources["school"]


def test_numbers_typed_by_the_user_and_renumbering(ctx, district):
    first = generate(ctx.paths, ctx.db, "order-partners", DocParams(year=2026), number="15-о", today=TODAY)
    assert first.number == "15-о" and "№ 15-о" in full_text(first.path)
    second = generate(ctx.paths, ctx.db, "order-shnor-list", DocParams(year=2026), today=TODAY)
    assert second.number == "16"
    with pytest.raises(DocumentError, match=r"Номер 16 в 2026 г\. уже присвоен документу"):
        generate(ctx.paths, ctx.db, "order-monitoring", DocParams(year=2026), number="16", today=TODAY)
    renumbered = renumber(ctx.paths, ctx.db, second.id, "21")
    assert renumbered.path == second.path and "№ 21" in full_text(second.path)
    assert journal(ctx) == [("order-partners", "15-о", 2026), ("order-shnor-list", "21", 2026)]
    with pytest.raises(DocumentError):
        renumber(ctx.paths, ctx.db, second.id, "15-о")
    assert journal(ctx)[1] == ("order-shnor-list", "21", 2026)


def test_regenerate_uses_the_current_data(ctx, district):
    result = generate(ctx.paths, ctx.db, "agreement", DocParams(district), today=TODAY)
    assert "Соболевой Татьяны Николаевны" in full_text(result.path)
    with ctx.db.transaction() as s:
        from shnor_desktop.models import School

        school = s.scalars(select(School).where(School.short_name == "МБОУ «СОШ № 1»")).one()
        school.director_name = "Кравцова Елена Анатольевна"
    again = regenerate(ctx.paths, ctx.db, result.id)
    assert again.path == result.path and again.number == result.number == "7"
    assert "Кравцовой Елены Анатольевны" in full_text(result.path)


def _break_template(ctx, name: str, old: str, new: str) -> None:
    """Edit the user's copy of a template the way a user would break it in Word."""
    import zipfile

    path = make_user_copy(ctx.paths, name)
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                text = data.decode("utf-8")
                assert old in text, old
                data = text.replace(old, new, 1).encode("utf-8")
            target.writestr(item, data)
    shutil.move(tmp, path)


def test_broken_user_template_names_the_problem_and_changes_nothing(ctx, district):
    good = generate(ctx.paths, ctx.db, "agreement", DocParams(district), today=TODAY)
    before_file = good.path.read_bytes()
    before_journal = journal(ctx)
    _break_template(ctx, "agreement.docx", "{{ школа2.основание }}", "{{ школа2.основание_устав }}")
    assert has_user_copy(ctx.paths, "agreement.docx")
    with pytest.raises(TemplateProblem) as info:
        generate(ctx.paths, ctx.db, "agreement", DocParams(district), today=TODAY)
    message = str(info.value)
    assert "«agreement.docx»" in message
    assert "строка (абзац)" not in message  # Word has no paragraph numbers: the text is quoted instead
    assert "поле «основание_устав» программе неизвестно" in message
    assert "на основании {{ школа2.основание_устав }}" in message  # as Word shows it, to find with «Найти»
    assert "Вернуть исходный" in message
    assert journal(ctx) == before_journal
    assert good.path.read_bytes() == before_file
    with pytest.raises(TemplateProblem):
        regenerate(ctx.paths, ctx.db, good.id)
    assert good.path.read_bytes() == before_file

    assert restore_original(ctx.paths, "agreement.docx")  # «Вернуть исходный»: one click
    assert not user_template(ctx.paths, "agreement.docx").exists()
    regenerate(ctx.paths, ctx.db, good.id)


def test_syntax_error_in_a_user_template(ctx, district):
    _break_template(ctx, "order_shnor_list.docx", "{{ срок_программ }}", "{{ срок программ }}")
    with pytest.raises(TemplateProblem) as info:
        generate(ctx.paths, ctx.db, "order-shnor-list", DocParams(year=2026), today=TODAY)
    message = str(info.value)
    assert "«order_shnor_list.docx»" in message and "expected" not in message and "token" not in message
    assert "в поле {{ … }} лишние слова или пробел внутри имени поля" in message
    assert "{{ срок программ }}" in message
    assert journal(ctx) == []


def test_user_template_is_sandboxed(ctx, district):
    _break_template(ctx, "order_shnor_list.docx", "{{ срок_программ }}", "{{ ''.__class__.__mro__ }}")
    with pytest.raises(TemplateProblem) as info:
        generate(ctx.paths, ctx.db, "order-shnor-list", DocParams(year=2026), today=TODAY)
    assert "безопасности" in str(info.value) and "__class__" in str(info.value)
    assert journal(ctx) == []
    assert not list(ctx.paths.documents_dir.rglob("*.docx"))


def test_user_copy_wins_over_the_shipped_template(ctx, district):
    _break_template(ctx, "order_shnor_list.docx", "ПРИКАЗЫВАЮ:", "ПРИКАЗЫВАЮ (копия пользователя):")
    result = generate(ctx.paths, ctx.db, "order-shnor-list", DocParams(year=2026), today=TODAY)
    assert "ПРИКАЗЫВАЮ (копия пользователя):" in full_text(result.path)
    restore_original(ctx.paths, "order_shnor_list.docx")
    regenerate(ctx.paths, ctx.db, result.id)
    assert "ПРИКАЗЫВАЮ (копия пользователя):" not in full_text(result.path)


def test_values_with_xml_characters_are_escaped(ctx, district):
    with ctx.db.transaction() as s:
        from shnor_desktop.models import School

        school = s.scalars(select(School).where(School.short_name == "МБОУ «СОШ № 2»")).one()
        school.full_name = "МБОУ «Школа <Рога & копыта>»"
    result = generate(ctx.paths, ctx.db, "agreement", DocParams(district), today=TODAY)
    assert "Школа <Рога & копыта>" in full_text(result.path)
    Document(str(result.path))  # still a valid file


def test_missing_profile_prints_blanks_and_lists_them(ctx):
    result = generate(ctx.paths, ctx.db, "order-shnor-list", DocParams(year=2026), today=TODAY)
    gaps = [g.text() for g in result.gaps]
    assert "Сведения о районе: наименование органа управления образованием" in gaps
    assert "Реестр ОО: школы со статусом ШНОР на 2026 г." in gaps
    text = full_text(result.path)
    assert "______________________________" in text and "None" not in text
    assert len(journal(ctx)) == 1


def test_delete_entry(ctx, district):
    result = generate(ctx.paths, ctx.db, "order-shnor-list", DocParams(year=2026), today=TODAY)
    delete_entry(ctx.paths, ctx.db, result.id, delete_file=True)
    assert journal(ctx) == [] and not result.path.exists()
