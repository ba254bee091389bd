"""Names and positions in Russian cases: the whole gold list, corrections, initials, positions."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from shnor_desktop.docs_gen.declension import (
    NBSP,
    NameCases,
    acting_word,
    decline_name,
    decline_position,
    forms_for,
    guess_gender,
    initials_after,
    initials_before,
    normalise_name,
    save_correction,
    split_name_note,
)

GOLD_FILE = Path(__file__).resolve().parent.parent / "data" / "names_gold.csv"
with GOLD_FILE.open(encoding="utf-8") as _f:
    GOLD = list(csv.DictReader(_f))

# The hard cases the issue names: each must be in the gold list (and so must be right).
LISTED_HARD = [
    "Петрова-Водкина Анна Сергеевна",
    "Римский-Корсаков Николай Андреевич",
    "Дурново Пётр Николаевич",
    "Шевчук Оксана Ивановна",
    "Седых Ирина Викторовна",
    "Седых Андрей Павлович",
    "Живаго Юрий Андреевич",
    "Ким Ирина Сергеевна",
    "Ким Виктор Николаевич",
    "Цой Виктор Робертович",
    "Цой Анна Викторовна",
    "Хайруллина Гульнара Рашитовна",
    "Гайнутдинов Ильдар Фаридович",
    "Ахмадиева Эльвира Фаритовна",
    "Валиахметова Римма Салаватовна",
    "Мамедов Эльдар Рафик оглы",
    "Гусейнова Лейла Рашид кызы",
    "Гримм Анна Карловна",
    "Бондарь Елена Викторовна",
    "Шевченко Тарас Григорьевич",
    "Франко Иван Яковлевич",
    "Толстая Софья Андреевна",
    "Бауэр Эдуард Робертович",
    "Хороброва Н.В.",
]


def test_gold_list_is_big_and_holds_every_listed_hard_case():
    nominatives = {row["nominative"] for row in GOLD}
    assert len(GOLD) >= 60
    assert sum(row["kind"] == "real" for row in GOLD) >= 40  # a sample of the real directors
    missing = [name for name in LISTED_HARD if name not in nominatives]
    assert not missing


@pytest.mark.parametrize("row", GOLD, ids=[row["nominative"] for row in GOLD])
def test_gold_name_declines_right_from_the_raw_input(row):
    cases = decline_name(row["input"])  # gender guessed, input as it came in the file
    assert cases.nominative == row["nominative"]
    assert (cases.genitive, cases.dative, cases.accusative, cases.instrumental) == (
        row["genitive"],
        row["dative"],
        row["accusative"],
        row["instrumental"],
    )


@pytest.mark.parametrize("row", GOLD, ids=[row["nominative"] for row in GOLD])
def test_gold_name_with_the_known_gender(row):
    cases = decline_name(row["nominative"], row["gender"])
    assert cases.gender == row["gender"]
    assert cases.genitive == row["genitive"]
    assert cases.instrumental == row["instrumental"]


def test_gender_guessed_right_for_every_gold_name_that_tells_it():
    wrong = [
        (row["input"], guess_gender(row["input"]))
        for row in GOLD
        if guess_gender(row["input"]) not in (row["gender"], None)
    ]
    unknown = [row["nominative"] for row in GOLD if guess_gender(row["input"]) is None]
    assert not wrong
    assert unknown == ["Савченко Н.П.", "Фисенко В.Н."]  # initials and a surname on -ко: no clue


@pytest.mark.parametrize(
    ("name", "gender"),
    [
        ("Иванова Мария Петровна", "f"),
        ("Михайлович Надежда Харлантьевна", "f"),  # a surname that looks like a patronymic
        ("Фомин Владимир Ильич", "m"),
        ("Коцюба Светлана Ильинична", "f"),
        ("Мамедов Эльдар Рафик оглы", "m"),
        ("Гусейнова Лейла Рашид кызы", "f"),
        ("Елисеев Сергей", "m"),  # no patronymic: the first name
        ("Самусенко Елена", "f"),
        ("Хороброва Н.В.", "f"),  # initials: an unmistakable surname
        ("Моисеев Д.П.", "m"),
        ("Прокопец А.Г.", None),
        ("Ким", None),
        ("", None),
    ],
)
def test_guess_gender(name, gender):
    assert guess_gender(name) == gender


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("ИВАНОВА МАРИЯ ПЕТРОВНА", "Иванова Мария Петровна"),
        ("  иванова   мария  петровна ", "Иванова Мария Петровна"),
        ("Артемов Андрей владимирович", "Артемов Андрей Владимирович"),
        ("ПЕТРОВА-ВОДКИНА анна сергеевна", "Петрова-Водкина Анна Сергеевна"),
        ("МАМЕДОВ ЭЛЬДАР РАФИК ОГЛЫ", "Мамедов Эльдар Рафик оглы"),
        ("Фисенко В. Н.", "Фисенко В.Н."),
        ("Шилина СВ", "Шилина С.В."),
        ("Хороброва Н.В", "Хороброва Н.В."),
        ("Хороброва Н В", "Хороброва Н.В."),
        ("ЛИ ЯН", "Ли Ян"),
        ("Н.В. Хороброва", "Хороброва Н.В."),
        ("Светлана Витальевна Цицилина ", "Цицилина Светлана Витальевна"),
        ("и.о. директора Кочкина Инна Николаевна", "Кочкина Инна Николаевна"),
        ("Лобанова Елена Сергеевна, и.о. директора", "Лобанова Елена Сергеевна"),
        ("Клименок\u00a0Татьяна Петровна        ", "Клименок Татьяна Петровна"),
        ("", ""),
        (None, ""),
    ],
)
def test_normalise_name(raw, clean):
    assert normalise_name(raw) == clean


def test_split_name_note_keeps_the_note():
    assert split_name_note("и.о. директора Кочкина Инна Николаевна") == (
        "Кочкина Инна Николаевна",
        "и.о. директора",
    )
    assert split_name_note("Кочкина Инна Николаевна") == ("Кочкина Инна Николаевна", "")


def test_all_caps_input_declines_like_normal_capitalisation():
    cases = decline_name("ИВАНОВА МАРИЯ ПЕТРОВНА")
    assert cases == NameCases(
        "Иванова Мария Петровна",
        "Ивановой Марии Петровны",
        "Ивановой Марии Петровне",
        "Иванову Марию Петровну",
        "Ивановой Марией Петровной",
        "f",
    )
    assert decline_name("ГАЙНУТДИНОВ ИЛЬДАР ФАРИДОВИЧ").dative == "Гайнутдинову Ильдару Фаридовичу"


def test_initials_only_decline_the_surname_and_keep_the_initials():
    assert decline_name("Хороброва Н.В.").genitive == "Хоробровой Н.В."
    assert decline_name("Моисеев Д. П.").instrumental == "Моисеевым Д.П."
    assert decline_name("Иванов И.И.", gender="m").dative == "Иванову И.И."
    assert decline_name("Шевчук О.И.", gender="f").genitive == "Шевчук О.И."
    assert decline_name("Шевчук О.И.", gender="m").genitive == "Шевчука О.И."


def test_unknown_gender_declines_only_what_both_genders_decline_alike():
    # a consonant surname declines for a man and not for a woman: kept as written
    assert decline_name("Ярошик С. Ю.").genitive == "Ярошик С.Ю."
    assert decline_name("Прокопец А.Г.").dative == "Прокопец А.Г."
    # the same for both genders: declined
    assert decline_name("Скиба Н.П.").genitive == "Скибы Н.П."
    assert decline_name("Ярошик С.Ю.").gender is None


def test_explicit_gender_wins_over_the_guess():
    assert decline_name("Ким Саша", gender="f").genitive == "Ким Саши"
    assert decline_name("Ким Саша", gender="m").genitive == "Кима Саши"
    assert decline_name("Ким Саша").genitive == "Ким Саши"  # Саша: either gender; Ким kept


def test_name_cases_case_accessor():
    cases = decline_name("Иванов Иван Иванович")
    assert cases.case("gent") == "Иванова Ивана Ивановича"
    assert cases.case("nomn") == "Иванов Иван Иванович"
    with pytest.raises(ValueError):
        cases.case("loct")


def test_initials_before_and_after_use_a_non_breaking_space():
    assert initials_before("Иванова Мария Петровна") == f"М.П.{NBSP}Иванова"
    assert initials_after("Иванова Мария Петровна") == f"Иванова{NBSP}М.П."
    assert initials_before("  ИВАНОВА мария петровна") == f"М.П.{NBSP}Иванова"
    assert initials_after("Хороброва Н. В.") == f"Хороброва{NBSP}Н.В."
    assert initials_before("Хороброва Н.В.") == f"Н.В.{NBSP}Хороброва"
    assert initials_before("Петрова-Водкина Анна Сергеевна") == f"А.С.{NBSP}Петрова-Водкина"
    assert initials_after("Мамедов Эльдар Рафик оглы") == f"Мамедов{NBSP}Э.Р."
    assert initials_after("Елисеев Сергей") == f"Елисеев{NBSP}С."
    assert initials_after("Иванов") == "Иванов"
    assert initials_after("") == ""


def test_initials_of_a_declined_name():
    cases = decline_name("Иванова Мария Петровна")
    assert initials_after(cases.dative) == f"Ивановой{NBSP}М.П."
    assert initials_before(cases.instrumental) == f"М.П.{NBSP}Ивановой"


@pytest.mark.parametrize(
    ("position", "case", "expected"),
    [
        ("директор", "gent", "директора"),
        ("Директор", "datv", "Директору"),
        ("исполняющий обязанности директора", "gent", "исполняющего обязанности директора"),
        ("исполняющая обязанности директора", "gent", "исполняющей обязанности директора"),
        (
            "заместитель начальника управления образования",
            "gent",
            "заместителя начальника управления образования",
        ),
        ("учитель русского языка и литературы", "datv", "учителю русского языка и литературы"),
        ("главный специалист отдела образования", "gent", "главного специалиста отдела образования"),
        ("ведущий специалист", "ablt", "ведущим специалистом"),
        ("старший методист", "accs", "старшего методиста"),
        ("главная медицинская сестра", "accs", "главную медицинскую сестру"),
        ("заведующая кафедрой", "accs", "заведующую кафедрой"),
        ("заведующая МБДОУ «Детский сад № 5»", "gent", "заведующей МБДОУ «Детский сад № 5»"),
        ("учитель-логопед", "gent", "учителя-логопеда"),
        ("педагог-психолог", "ablt", "педагогом-психологом"),
        ("заместитель директора по УВР", "ablt", "заместителем директора по УВР"),
        ("ученый секретарь", "gent", "ученого секретаря"),
        ("и.о. директора", "gent", "и.о. директора"),
        ("ДИРЕКТОР", "gent", "ДИРЕКТОРА"),
        ("учитель математики", "nomn", "учитель математики"),
        ("  директор  школы ", "ablt", "директором школы"),
        ("", "gent", ""),
    ],
)
def test_decline_position(position, case, expected):
    assert decline_position(position, case) == expected


def test_decline_position_refuses_an_unknown_case():
    with pytest.raises(ValueError):
        decline_position("директор", "loct")


def test_acting_word_agrees_with_the_gender():
    assert acting_word("f") == "действующей"
    assert acting_word("m") == "действующего"
    assert acting_word(None) == "действующего(-ей)"
    director = decline_name("Иванова Мария Петровна")
    text = f"в лице {decline_position('директор')} {director.genitive}, {acting_word(director.gender)}"
    assert text == "в лице директора Ивановой Марии Петровны, действующей"


def test_forms_for_uses_a_stored_correction(db):
    # A woman's «Рева» reads as the feminine of «Рев» (Ревой); hers is the Ukrainian «Рева» (Ревы).
    name = "Рева Анна Ивановна"
    with db.session() as session:
        computed = forms_for(session, name)
    assert computed.genitive == "Ревой Анны Ивановны"
    corrected = NameCases(
        nominative=name,
        genitive="Ревы Анны Ивановны",
        dative="Реве Анне Ивановне",
        accusative="Реву Анну Ивановну",
        instrumental="Ревой  Анной Ивановной",
        gender="f",
    )
    with db.transaction() as session:
        save_correction(session, corrected)
    with db.session() as session:
        used = forms_for(session, "  РЕВА анна ивановна ")  # found through the normalised name
    assert used.genitive == "Ревы Анны Ивановны"
    assert used.dative == "Реве Анне Ивановне"
    assert used.instrumental == "Ревой Анной Ивановной"
    assert used.nominative == name
    assert used.gender == "f"
    # another name is not affected
    with db.session() as session:
        assert forms_for(session, "Рева Ольга Петровна").genitive == "Ревой Ольги Петровны"


def test_save_correction_updates_the_same_row(db):
    from sqlalchemy import func, select

    from shnor_desktop.models import NameForms

    cases = decline_name("Цой Анна Викторовна")
    with db.transaction() as session:
        save_correction(session, cases)
    with db.transaction() as session:
        save_correction(session, NameCases(cases.nominative, "Цой А.", "Цой А.", "Цой А.", "Цой А.", "f"))
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(NameForms)) == 1
        assert forms_for(session, "Цой Анна Викторовна").dative == "Цой А."


def test_save_correction_needs_a_nominative(db):
    with db.transaction() as session, pytest.raises(ValueError):
        save_correction(session, NameCases("", "а", "б", "в", "г", None))


def test_a_stored_correction_with_empty_fields_falls_back_to_the_computed_forms(db):
    from shnor_desktop.models import NameForms

    with db.transaction() as session:
        session.add(NameForms(nominative="Седых Андрей Павлович", genitive="Седых Андрея П.", gender="m"))
    with db.session() as session:
        cases = forms_for(session, "Седых Андрей Павлович")
    assert cases.genitive == "Седых Андрея П."
    assert cases.dative == "Седых Андрею Павловичу"


def test_every_real_director_name_in_the_context_forms_declines(samples):
    names = _director_names(samples)
    assert len(names) > 700
    for raw in names:
        cases = decline_name(raw)
        assert "  " not in cases.nominative
        if len(cases.nominative.split()) == 3:  # a full name with a patronymic tells the gender
            assert cases.gender in ("m", "f"), raw
            assert cases.genitive != cases.nominative, raw


def _director_names(samples: Path) -> list[str]:
    import re

    from python_calamine import CalamineWorkbook

    names: list[str] = []
    for file, header in (
        ("Контекстные_данные_ОО_2021.xlsx", "ФИО директора (полностью)"),
        ("Контекстные_данные_ОО_2022.xlsx", "3. ФИО директора (полностью)"),
    ):
        book = CalamineWorkbook.from_path(str(samples / file))
        for sheet in book.sheet_names:
            rows = book.get_sheet_by_name(sheet).to_python()
            heads = [re.sub(r"\s+", " ", str(c)).strip() for c in rows[0]] if rows else []
            if header in heads:
                col = heads.index(header)
                names += [str(r[col]) for r in rows[1:] if str(r[col]).strip()]
    return sorted(set(names))


def test_module_imports_no_heavy_library_and_no_qt():
    code = (
        "import sys, shnor_desktop.docs_gen.declension\n"
        "bad = [m for m in ('pytrovich', 'pymorphy3', 'PySide6', 'sqlalchemy') if m in sys.modules]\n"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
