"""Every kind generated from the demo district, read back with python-docx; templates vs contexts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm
from sqlalchemy import select

from shnor_desktop.context import AppContext
from shnor_desktop.demo import load_demo
from shnor_desktop.docs_gen.contexts.common import DocMeta, DocParams
from shnor_desktop.docs_gen.fields import with_russian
from shnor_desktop.docs_gen.journal import generate
from shnor_desktop.docs_gen.kinds import KIND_KEYS, all_kinds
from shnor_desktop.docs_gen.rendering import shipped_template, undeclared_variables
from shnor_desktop.models import MethodicalVisit, Partnership
from tests.docs_helpers import body_paragraphs, full_text

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    context = AppContext.open(tmp_path_factory.mktemp("demo docs"), daily_backup=False)
    load_demo(context.db)
    yield context
    context.close()


def params_for(ctx: AppContext, key: str) -> DocParams:
    """A realistic request for each kind from the demo district."""
    with ctx.db.session() as s:
        if key in ("agreement", "joint-plan"):
            return DocParams(s.scalars(select(Partnership.id).order_by(Partnership.id)).first())
        if key == "visit-note":
            visit = s.scalars(select(MethodicalVisit).where(MethodicalVisit.state == "done")
                              .order_by(MethodicalVisit.date.desc())).first()
            return DocParams(visit.id)
    if key == "order-partners":
        return DocParams(year=2026)
    if key == "analytical-note":
        return DocParams(year=2025, options={"procedure": "ВПР", "grade": 5})
    return DocParams(year=2025)


@pytest.fixture(scope="module")
def generated(demo):
    return {key: generate(demo.paths, demo.db, key, params_for(demo, key), today=TODAY) for key in KIND_KEYS}


def test_every_template_uses_only_what_its_context_gives(demo):
    for key, document_kind in all_kinds().items():
        used = undeclared_variables(shipped_template(document_kind.template))
        with demo.db.session() as s:
            context = with_russian(document_kind.build(s, params_for(demo, key), DocMeta("1", TODAY)))
        assert used, key
        assert used <= set(context), f"{document_kind.template}: {sorted(used - set(context))}"
        assert all(not name.isascii() for name in used), f"{document_kind.template}: English fields {used}"


@pytest.mark.parametrize("key", KIND_KEYS)
def test_generated_and_read_back(generated, key):
    result = generated[key]
    assert result.path.is_file()
    text = full_text(result.path)
    for leftover in ("{{", "}}", "{%", "%}", "None", "Undefined"):
        assert leftover not in text, (key, leftover)
    assert len(body_paragraphs(result.path)) > 10


@pytest.mark.parametrize("key", KIND_KEYS)
def test_gost_page(generated, key):
    """A4, margins 20/10/20/20 mm, Times New Roman 14, the page number in the header from page 2."""
    doc = Document(str(generated[key].path))
    section = doc.sections[0]
    landscape = key == "joint-plan"
    assert round(section.page_width / Mm(1)) == (297 if landscape else 210)
    assert [round(x / Mm(1)) for x in (section.left_margin, section.right_margin, section.top_margin,
                                       section.bottom_margin)] == [20, 10, 20, 20]
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size.pt == 14
    assert section.different_first_page_header_footer
    header_xml = section.header._element.xml
    assert "PAGE" in header_xml and "fldChar" in header_xml
    assert "PAGE" not in section.first_page_header._element.xml


def test_orders_have_the_gost_parts(generated):
    # an order about a past year is dated in that year (its last working day), one about this year today
    for key, date in (("order-partners", "23.11.2026"), ("order-monitoring", "30.12.2025"),
                      ("order-shnor-list", "30.12.2025")):
        paragraphs = body_paragraphs(generated[key].path)
        text = "\n".join(paragraphs)
        assert paragraphs[0] == "УПРАВЛЕНИЕ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ КРАСНОПОЛЯНСКОГО МУНИЦИПАЛЬНОГО " \
                                "РАЙОНА"
        assert "ПРИКАЗ" in paragraphs[1:3]
        assert date in paragraphs and f"№ {generated[key].number}" in paragraphs
        assert "г. Краснополянск" in paragraphs
        heading = next(p for p in paragraphs if p.startswith(("О ", "Об ")))
        assert paragraphs.index(heading) < paragraphs.index("ПРИКАЗЫВАЮ:")
        assert "Контроль за исполнением настоящего приказа возложить на заместителя начальника управления " \
               "образования П.А. Морозова." in text
        assert "Начальник управления образования" in paragraphs and "Е.В. Воронцова" in paragraphs
        assert "Исп. Лебедева Анастасия Игоревна" in paragraphs and "тел. 8 (38599) 2-14-36" in paragraphs
        assert ".." not in text


def test_order_partners_content(generated):
    text = full_text(generated["order-partners"].path)
    assert "1.1. Морозов П.А., заместитель начальника управления образования," in text
    assert "Назначить муниципальным координатором, курирующим сопровождение" in text
    assert "методиста МКУ «ИМЦ» Ю.В. Самойлову." in text
    assert "3. Определить партнерами проекта: для МБОУ «СОШ № 5» — МАОУ «Гимназия № 1»" in text


def test_order_shnor_list_has_the_reasons(generated):
    text = full_text(generated["order-shnor-list"].path)
    assert "Об утверждении перечня школ с низкими образовательными результатами на 2025 год" in text
    assert "Приложение" in text and "к приказу управления образования" in text
    assert "Основание включения в перечень" in text
    assert "качество ниже районного" in text


def test_visit_note_sections(generated):
    text = full_text(generated["visit-note"].path)
    for expected in ("СПРАВКА", "по итогам методического выезда в МБОУ «СОШ № 5»", "Основание:", "Цель:",
                     "Дата проведения: 09.04.2026.", "Состав участников выезда:",
                     "1. Вопросы, рассмотренные в ходе выезда", "2. Посещенные уроки", "3. Выводы",
                     "4. Выполнение рекомендаций предыдущих выездов", "5. Рекомендации",
                     "Со справкой ознакомлена:", "Директор МБОУ «СОШ № 5»", "О.В. Шевчук",
                     "Провести внутришкольный контроль объективности текущего оценивания",
                     "Не выполнено, срок истёк"):
        assert expected in text, expected


def test_analytical_note_sections(generated):
    text = full_text(generated["analytical-note"].path)
    for expected in ("АНАЛИТИЧЕСКАЯ СПРАВКА", "1. Общие сведения", "2.1. ВПР 5 кл.", "Район",
                     "группа риска", "3. Динамика результатов", "Рисунок — ВПР 5 кл.",
                     "4. Перечень школ с низкими образовательными результатами на 2025 год",
                     "5. Показатели мониторинга ШНОР и ШНСУ за 2025 год", "6. Выводы и рекомендации"):
        assert expected in text, expected
    assert "Данные отсутствуют" not in text
    doc = Document(str(generated["analytical-note"].path))
    assert len(doc.inline_shapes) >= 2  # the charts are pictures in the file


def test_analytical_note_leaves_out_what_has_no_data(ctx):
    from tests.docs_helpers import add_profile

    with ctx.db.transaction() as s:
        add_profile(s)
    result = generate(ctx.paths, ctx.db, "analytical-note", DocParams(year=2025), today=TODAY)
    paragraphs = body_paragraphs(result.path)
    text = "\n".join(paragraphs)
    assert "1. Общие сведения" in paragraphs
    assert "Результатов оценочных процедур за 2025 г. в базе нет." in paragraphs
    for absent in ("Результаты по общеобразовательным организациям", "Динамика результатов",
                   "Перечень школ", "Показатели мониторинга", "Данные отсутствуют", "раздел"):
        assert absent not in text, absent


def test_joint_plan_table(generated, demo):
    doc = Document(str(generated["joint-plan"].path))
    table = doc.tables[-2]  # the last one holds seed 004's criteria
    assert doc.tables[-1].rows[0].cells[1].text == "Наименование критерия"
    assert [c.text for c in table.rows[0].cells][:4] == ["№", "Мероприятие", "Форма", "Сроки"]
    with demo.db.session() as s:
        partnership = s.get(Partnership, params_for(demo, "joint-plan").record_id)
        assert len(table.rows) == 1 + len(partnership.plan_items)
        first = sorted(partnership.plan_items, key=lambda i: i.date_from)[0]
        assert table.rows[1].cells[1].text == first.title
    header_repeats = table.rows[0]._tr.trPr.find(qn("w:tblHeader"))
    assert header_repeats is not None


def test_cli_generates_every_kind(demo, capsys):
    from shnor_desktop.cli import main

    for key in KIND_KEYS:
        params = params_for(demo, key)
        argv = ["--data-dir", str(demo.paths.data_dir), "generate", key, "--date", "23.11.2026"]
        if params.record_id is not None:
            argv += ["--id", str(params.record_id)]
        if params.year is not None:
            argv += ["--year", str(params.year)]
        assert main(argv) == 0, key
        printed = Path(capsys.readouterr().out.strip())
        assert printed.suffix == ".docx" and printed.is_file(), key
        assert printed.is_relative_to(demo.paths.documents_dir), key
    out = demo.paths.data_dir / "вне журнала.docx"
    assert main(["--data-dir", str(demo.paths.data_dir), "generate", "order-shnor-list", "--year", "2025",
                 "-o", str(out)]) == 0
    assert Path(capsys.readouterr().out.strip()) == out and out.is_file()
    assert main(["--data-dir", str(demo.paths.data_dir), "generate", "visit-note"]) == 1
    assert "укажите --id" in capsys.readouterr().err


def test_analytical_note_without_the_monitoring_module(demo, monkeypatch):
    """Another part of the program missing (here analytics.monitoring): its section is left out."""
    import sys

    monkeypatch.setitem(sys.modules, "shnor_desktop.analytics.monitoring", None)
    params = params_for(demo, "analytical-note")
    result = generate(demo.paths, demo.db, "analytical-note", params, today=TODAY)
    paragraphs = body_paragraphs(result.path)
    assert not any("Показатели мониторинга" in p for p in paragraphs)  # a section without data is left out
    assert any(p.startswith("2.1. ВПР 5 кл.") for p in paragraphs)


def test_monitoring_order_without_the_monitoring_module(demo, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "shnor_desktop.analytics.monitoring", None)
    result = generate(demo.paths, demo.db, "order-monitoring", DocParams(year=2025), today=TODAY)
    text = full_text(result.path)
    assert "Результаты всероссийских проверочных работ" in text  # the indicators of seed 002
