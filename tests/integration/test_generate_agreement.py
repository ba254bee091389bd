"""The agreement of seed 004, generated from the registry and read back with python-docx."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from shnor_desktop.docs_gen.contexts.common import DocParams
from shnor_desktop.docs_gen.declension import NameCases, save_correction
from shnor_desktop.docs_gen.journal import generate
from shnor_desktop.models import GeneratedDocument
from tests.docs_helpers import (
    add_partnership,
    add_school,
    body_paragraphs,
    full_text,
    seed_agreement_paragraphs,
    seed_pattern,
)

TODAY = dt.date(2026, 11, 23)


def _agreement(ctx, leader=("Соболева Татьяна Николаевна", "f"), supported=("Лаптев Андрей Геннадьевич", "m"),
               **fields):
    with ctx.db.transaction() as s:
        school1 = add_school(s, 1, *leader)
        school2 = add_school(s, 2, *supported)
        partnership_id = add_partnership(s, school1, school2, **fields).id
    return generate(ctx.paths, ctx.db, "agreement", DocParams(partnership_id), today=TODAY)


def _split_signatures(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    at = next(i for i, p in enumerate(paragraphs) if p == "Подписи сторон")
    return paragraphs[: at + 1], paragraphs[at + 1:]


def test_seed_004_wording_paragraph_by_paragraph(ctx):
    """Every paragraph of seed 004's agreement is in the document, in order, with its blanks filled.

    Blanks (_____, « ____ » _____ 2019 года, the year 2019, г.Лениногорск, the region «Республики
    Татарстан» and the licensing ministry) are the parts filled from the data. Two deliberate
    differences: «действующего/действующей» agrees with the director, and Школа 2's paragraph does
    not repeat «с одной стороны,» (the seed's slip: the next paragraph begins «с другой стороны»).
    The signature block is a two-column table, checked cell by cell below.
    """
    document = body_paragraphs(_agreement(ctx).path)
    seed = seed_agreement_paragraphs()
    seed_body, seed_signatures = _split_signatures(seed)
    doc_body, doc_signatures = _split_signatures(document)
    party2 = [i for i, p in enumerate(seed_body) if p.startswith("действующего на основании")][1]
    position = 0
    for index, paragraph in enumerate(seed_body):
        if index == party2:
            paragraph = paragraph.replace(" с одной стороны,", "")
        pattern = seed_pattern(paragraph)
        found = next((k for k in range(position, len(doc_body)) if pattern.search(doc_body[k])), None)
        assert found is not None, f"seed paragraph not found after «{doc_body[position][:60]}»: «{paragraph}»"
        position = found
    assert sum("с одной стороны" in p for p in document) == 1

    # signatures: «От Школы N:», «(должность)», «(подпись) _____ (ФИО)», « _____ » _____ 2019 года
    for paragraph in seed_signatures:
        if paragraph.startswith("(подпись)"):
            continue
        pattern = seed_pattern(paragraph)
        assert any(pattern.search(p) for p in doc_signatures), paragraph
    assert sum(p.startswith("(подпись)") and p.endswith("(ФИО)") for p in doc_signatures) == 2
    assert "____________________ Т.Н. Соболева" in doc_signatures
    assert "____________________ А.Г. Лаптев" in doc_signatures


def test_every_field_filled(ctx):
    path = _agreement(ctx).path
    text = full_text(path)
    assert "{{" not in text and "{%" not in text and "}}" not in text
    assert "None" not in text
    assert "_____ " not in text.replace("____________________ ", "")  # only the signature lines
    for expected in (
        "ДОГОВОР № 7",
        "г. Тестовск",
        "«13» января 2021 года",
        "Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 1» "
        "города Тестовска",
        "и муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 2»",
        "от «15» марта 2015 года серия 22Л01 № 0001123, регистрационный № 145, выданную Министерством "
        "образования и науки Приозёрного края, и свидетельство о государственной аккредитации от «20» "
        "апреля 2016 года серия 22А01 № 0001456, регистрационный № 178 (далее - Школа 1), в лице директора "
        "Соболевой Татьяны Николаевны",
        "(далее - Школа 2), в лице директора Лаптева Андрея Геннадьевича",
        "действующей на основании Устава, с одной стороны,",
        "действующего на основании Устава",
        "находящимися в ведении Приозёрного края",
        "на территории Приозёрного края",
        "В течение 2021 года и далее",
        "календарного графика на 2021 год",
        "Настоящий договор заключен сроком на 2021 год.",
        "Школа 1: Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная "
        "школа № 1»"
        " города Тестовска, 123456, Приозёрный край, г. Тестовск, ул. Школьная, д. 1, тел. 8 (38599) 2-00-01",
        "Директор МБОУ «СОШ № 2»",
        # seed 004's nine criteria, as the appendix
        "к договору о взаимодействии\nи сотрудничестве № 7",
        "Доля выпускников 9 кл., не получивших аттестат, %",
        "Средний балл ЕГЭ, русский язык\nРавен среднерегиональному показателю или выше",
        "Уменьшение показателя непосещаемости учащимися уроков в школе по неуважительной причине",
    ):
        assert expected in text, expected


@pytest.mark.parametrize(("name", "gender", "genitive", "acting", "signature"), [
    ("Римская-Корсакова Мария Ивановна", "f", "Римской-Корсаковой Марии Ивановны", "действующей",
     "М.И. Римская-Корсакова"),
    ("Шевченко Олег Иванович", "m", "Шевченко Олега Ивановича", "действующего", "О.И. Шевченко"),
    ("Дурново Инна Петровна", "f", "Дурново Инны Петровны", "действующей", "И.П. Дурново"),
    ("Хайруллина Гульнара Рашитовна", "f", "Хайруллиной Гульнары Рашитовны", "действующей",
     "Г.Р. Хайруллина"),
    ("Галиев Ильдар Рафаэлевич", "m", "Галиева Ильдара Рафаэлевича", "действующего", "И.Р. Галиев"),
    ("Шевчук Оксана Викторовна", "f", "Шевчук Оксаны Викторовны", "действующей", "О.В. Шевчук"),
    ("Бондарь Татьяна Андреевна", None, "Бондарь Татьяны Андреевны", "действующей", "Т.А. Бондарь"),
    ("Мамедов Эльдар Рафик оглы", "m", "Мамедова Эльдара Рафик оглы", "действующего", "Э.Р. Мамедов"),
])
def test_hard_names_declined(ctx, name, gender, genitive, acting, signature):
    text = full_text(_agreement(ctx, supported=(name, gender)).path)
    assert f"(далее - Школа 2), в лице директора {genitive}" in text
    assert f"{acting} на основании Устава" in text
    assert f"____________________ {signature}" in text


def test_stored_correction_is_used(ctx):
    with ctx.db.transaction() as s:
        save_correction(s, NameCases("Лаптев Андрей Геннадьевич", "Лаптевъ Андрея Геннадьевича",
                                     "", "", "", "m"))
    text = full_text(_agreement(ctx).path)
    assert "в лице директора Лаптевъ Андрея Геннадьевича" in text


def test_term_over_a_school_year_and_a_draft_without_number_prints_blanks(ctx):
    result = _agreement(ctx, number="", agreement_date=None, term_start=dt.date(2025, 9, 1),
                        term_end=dt.date(2026, 8, 31))
    text = full_text(result.path)
    assert "сроком на период с 01.09.2025 по 31.08.2026." in text
    assert "В течение 2025 года" in text
    # a draft: no «№ 1» and no today's date — the blanks of the form, and the journal names them
    assert result.number == "" and "ДОГОВОР № _____" in text
    assert "«___» ____________ 20___ года" in text
    assert {g.what for g in result.gaps} >= {"номер договора", "дата договора"}
    assert "проект от" in result.path.name


def test_missing_requisites_print_as_blanks_and_are_listed(ctx):
    with ctx.db.transaction() as s:
        school1 = add_school(s, 1, "Соболева Татьяна Николаевна", "f")
        school2 = add_school(s, 2, "Лаптев Андрей Геннадьевич", "m")
        for name in ("licence_reg_number", "licence_series", "licence_number", "accreditation_series",
                     "accreditation_number", "accreditation_reg_number", "licence_issuer"):
            setattr(school2, name, "")
        school2.licence_date = school2.accreditation_date = None
        partnership_id = add_partnership(s, school1, school2).id
    result = generate(ctx.paths, ctx.db, "agreement", DocParams(partnership_id), today=TODAY)
    gaps = {(g.owner, g.what) for g in result.gaps}
    assert ("МБОУ «СОШ № 2»", "регистрационный номер лицензии") in gaps
    assert ("МБОУ «СОШ № 2»", "дата лицензии") in gaps
    assert ("МБОУ «СОШ № 2»", "кем выдана лицензия") in gaps
    assert not any(owner == "МБОУ «СОШ № 1»" for owner, _ in gaps)
    text = full_text(result.path)
    # today's practice: a licence is a record in the register, accreditation too; never «серия — № —»
    assert ("имеющее лицензию на осуществление образовательной деятельности от «___» ____________ 20___ "
            "года № _____ (запись в реестре лицензий), выданную ______________________________, и "
            "государственную аккредитацию образовательной деятельности (запись в государственном реестре "
            "аккредитации от «___» ____________ 20___ года № _____) (далее - Школа 2)") in text
    assert "серия —" not in text and "№ —" not in text
    with ctx.db.session() as s:
        assert len(s.scalars(select(GeneratedDocument)).all()) == 1  # made, with its blanks


def test_a_licence_of_the_register_without_series(ctx):
    with ctx.db.transaction() as s:
        school1 = add_school(s, 1, "Соболева Татьяна Николаевна", "f")
        school2 = add_school(s, 2, "Лаптев Андрей Геннадьевич", "m")
        school2.licence_series = school2.licence_number = ""
        school2.accreditation_series = school2.accreditation_number = ""
        partnership_id = add_partnership(s, school1, school2).id
    result = generate(ctx.paths, ctx.db, "agreement", DocParams(partnership_id), today=TODAY)
    text = full_text(result.path)
    assert ("имеющее лицензию на осуществление образовательной деятельности от «15» марта 2015 года № 245 "
            "(запись в реестре лицензий), выданную Министерством образования и науки Приозёрного края, и "
            "государственную аккредитацию образовательной деятельности (запись в государственном реестре "
            "аккредитации от «20» апреля 2016 года № 278) (далее - Школа 2)") in text
    assert result.gaps == ()


def test_made_again_replaces_the_same_entry(ctx):
    first = _agreement(ctx)
    with ctx.db.session() as s:
        partnership_id = s.scalars(select(GeneratedDocument)).one().sources["partnership"][0]
    again = generate(ctx.paths, ctx.db, "agreement", DocParams(partnership_id), today=TODAY)
    assert again.id == first.id and again.path == first.path and again.number == "7"
    with ctx.db.session() as s:
        assert len(s.scalars(select(GeneratedDocument)).all()) == 1
    assert re.search(r"documents/2021/Договор .+\(№ 7 от 13\.01\.2021\)\.docx$", again.path.as_posix())
