"""School programmes with files kept in the data folder, and their expert assessments."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from shnor_desktop.models import ExpertAssessment, School, SchoolProgramme, login_number
from shnor_desktop.risks import attachments
from shnor_desktop.risks import programmes as svc
from shnor_desktop.validation import ValidationError


@pytest.fixture
def school(db) -> int:
    with db.transaction() as s:
        row = School(fis_login="sch220005", login_number=login_number("sch220005"),
                     full_name="МБОУ «СОШ № 5»", short_name="МБОУ «СОШ № 5»")
        s.add(row)
        s.flush()
        return row.id


@pytest.fixture
def document(tmp_path) -> Path:
    path = tmp_path / "исходные" / "Программа перехода: 2025–2027?.docx"
    path.parent.mkdir()
    path.write_bytes(b"PK\x03\x04 programme text " * 50)
    return path


def _data(school: int, **changes) -> svc.ProgrammeData:
    values = dict(school_id=school, kind="transition",
                  title="Программа перехода в эффективный режим работы на 2025–2027 годы",
                  date_from=dt.date(2025, 9, 1), date_to=dt.date(2027, 8, 31),
                  approved_on=dt.date(2025, 9, 20), approved_by="приказ директора № 112", edition="2")
    values.update(changes)
    return svc.ProgrammeData(**values)


def _files(ctx) -> list[Path]:
    return sorted(p for p in ctx.paths.attachments_dir.rglob("*") if p.is_file())


def test_safe_names_keep_the_extension():
    assert attachments.safe_name('Программа: "2025/2027"?.docx') == "Программа_ _2025_2027_.docx"
    assert attachments.safe_name("...") == "файл"
    assert len(attachments.safe_name("я" * 300 + ".pdf")) == attachments.MAX_NAME


def test_paths_out_of_the_attachments_folder_are_refused(ctx):
    with pytest.raises(attachments.AttachmentError, match="за пределы папки вложений"):
        attachments.resolve(ctx.paths.attachments_dir, "../shnor.sqlite3")
    with pytest.raises(attachments.AttachmentError, match="не прикреплён"):
        attachments.resolve(ctx.paths.attachments_dir, "")


def test_a_programme_with_its_file_is_copied_and_the_original_kept(ctx, school, document):
    pid = svc.save_programme(ctx.db, ctx.paths.attachments_dir, _data(school), source=document)
    with ctx.db.session() as s:
        p = s.get(SchoolProgramme, pid)
        assert p.original_name == "Программа перехода: 2025–2027?.docx"
        assert p.file_path.startswith("programmes/") and p.file_path.endswith(".docx")
        assert ":" not in p.file_path and "?" not in p.file_path
    kept = svc.file_of(ctx.db, ctx.paths.attachments_dir, pid)
    assert kept.read_bytes() == document.read_bytes() and document.exists()
    assert kept.parent.parent == ctx.paths.attachments_dir.resolve()


def test_a_refused_programme_leaves_no_file_behind(ctx, school, document):
    with pytest.raises(ValidationError) as raised:
        svc.save_programme(ctx.db, ctx.paths.attachments_dir, _data(school, title=" ",
                           date_to=dt.date(2024, 1, 1)), source=document)
    assert raised.value.errors == {"title": "Укажите название документа.",
                                   "date_to": "Окончание срока раньше его начала."}
    assert _files(ctx) == []
    with ctx.db.session() as s:
        assert s.scalar(select(func.count()).select_from(SchoolProgramme)) == 0


def test_replacing_and_deleting_remove_files_nothing_points_at(ctx, school, document, tmp_path):
    pid = svc.save_programme(ctx.db, ctx.paths.attachments_dir, _data(school), source=document)
    first = _files(ctx)
    second = tmp_path / "редакция 3.pdf"
    second.write_bytes(b"%PDF-1.4 new edition")
    relative = svc.attach_file(ctx.db, ctx.paths.attachments_dir, pid, second)
    assert _files(ctx) == [ctx.paths.attachments_dir / relative] and first[0] not in _files(ctx)
    with ctx.db.session() as s:
        assert s.get(SchoolProgramme, pid).original_name == "редакция 3.pdf"
    # the same file attached to another programme is kept until nothing points at it
    other = svc.save_programme(ctx.db, ctx.paths.attachments_dir,
                               _data(school, kind="anti_risk", title="Антирисковая программа"),
                               source=second)
    svc.delete_with_file(ctx.db, ctx.paths.attachments_dir, pid)
    assert len(_files(ctx)) == 1
    svc.delete_with_file(ctx.db, ctx.paths.attachments_dir, other)
    assert _files(ctx) == []


def test_a_missing_file_is_reported_in_russian(ctx, school, document):
    pid = svc.save_programme(ctx.db, ctx.paths.attachments_dir, _data(school), source=document)
    for path in _files(ctx):
        path.unlink()
    with pytest.raises(attachments.AttachmentError, match="не найден в папке данных"):
        svc.file_of(ctx.db, ctx.paths.attachments_dir, pid)
    with pytest.raises(attachments.AttachmentError, match="Файл не найден"):
        attachments.store(ctx.paths.attachments_dir, document.parent / "нет такого.docx")


def test_expert_assessments(db, ctx, school):
    pid = svc.save_programme(ctx.db, ctx.paths.attachments_dir, _data(school))
    with pytest.raises(ValidationError) as raised, db.transaction() as s:
        svc.add_assessment(s, pid, svc.AssessmentData(None, " ", "revise", ""))
    assert raised.value.errors == {
        "date": "Укажите дату экспертизы.",
        "expert": "Укажите эксперта (ФИО, должность или экспертную группу).",
        "remarks": "Укажите замечания: что доработать или почему программа не одобрена.",
    }
    with db.transaction() as s:
        svc.add_assessment(s, pid, svc.AssessmentData(dt.date(2025, 9, 12), "Рабочая группа",
                                                      "revise", "Уточнить показатели"))
        svc.add_assessment(s, pid, svc.AssessmentData(dt.date(2025, 9, 18), "Рабочая группа",
                                                      "approved"))
    with db.session() as s:
        rows = svc.list_programmes(s)
        last = svc.latest_assessment(rows[0])
        assert (last.verdict, svc.verdict_label(last.verdict)) == ("approved", "одобрена")
    svc.delete_with_file(ctx.db, ctx.paths.attachments_dir, pid)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(ExpertAssessment)) == 0
