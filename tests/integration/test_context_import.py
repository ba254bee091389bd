"""Import of the real ФИС ОКО context forms and logins.xlsx into a real SQLite file.

Expected values were read by hand from the sample files (Excel rows named in the comments).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from shnor_desktop.io.context_forms import CONTEXT_SOURCE, parse_context_form
from shnor_desktop.io.context_plan import apply_context_plan, read_context_form
from shnor_desktop.io.dispatch import ImportOptions, detect_kind, import_file
from shnor_desktop.io.logins import SETTING_KEY
from shnor_desktop.io.problems import ImportRejected
from shnor_desktop.models import (
    DistrictProfile,
    ImportBatch,
    School,
    SchoolContext,
    Setting,
    login_number,
)

F2021 = "Контекстные_данные_ОО_2021.xlsx"
F2022 = "Контекстные_данные_ОО_2022.xlsx"
LOGINS = "logins.xlsx"


def counts(db) -> dict[str, int]:
    with db.session() as s:
        return {
            "schools": s.scalar(select(func.count()).select_from(School)),
            "contexts": s.scalar(select(func.count()).select_from(SchoolContext)),
            "batches": s.scalar(select(func.count()).select_from(ImportBatch)),
            "settings": s.scalar(select(func.count()).select_from(Setting)),
        }


def school(db, login: str) -> School:
    with db.session() as s:
        found = s.scalar(select(School).where(School.login_number == login_number(login)))
        assert found is not None, login
        found.contexts  # noqa: B018 - load while the session is open
        return found


REGION = ImportOptions(all_municipalities=True)  # the regional user's whole file


def test_detect_kind(samples: Path) -> None:
    assert detect_kind(samples / F2021) == "context_2021"
    assert detect_kind(samples / F2022) == "context_2022"
    assert detect_kind(samples / LOGINS) == "logins"
    # the shared README is no workbook; a workbook of no known kind is named as such
    with pytest.raises(ImportRejected, match="не файл Excel"):
        detect_kind(samples / "README.md")


def test_unknown_workbook_is_refused(ctx, tmp_path: Path) -> None:
    path = _write_form(tmp_path / "список.xlsx", ["Фамилия", "Имя"], [["Иванов", "Иван"]])
    with pytest.raises(ImportRejected, match="не удалось определить, что это за файл"):
        import_file(ctx, path, ImportOptions())


def test_2022_form_fields_read_correctly(ctx, samples: Path) -> None:
    summary = import_file(ctx, samples / F2022, REGION)
    assert (summary.created, summary.updated, summary.skipped) == (678, 0, 0)
    assert any("весь файл" in d for d in summary.details)

    # row 2 of «Общая информация об ОО» and of «ОБРАЗОВАТЕЛЬНАЯ ДЕЯТЕЛЬНОСТЬ ОО»
    s = school(ctx.db, "edu224052")
    assert s.fis_login == "edu224052"
    assert s.inn == "2287003893"  # a float cell in the file
    assert s.director_name == "Хороброва Н.В."
    assert s.director_position == "директор"
    assert s.postal_code == "659444"
    assert s.address == "Воеводское, пер. Школьный, 5"
    assert s.phone == "3859638316"  # a float cell: no «.0»
    assert s.email == "voevodsk_school@mail.ru"
    assert s.full_name == "МБОУ «Воеводская средняя общеобразовательная школа»"  # typeset at import
    assert s.full_name_source == 'МБОУ "Воеводская средняя общеобразовательная школа"'
    assert s.short_name == "МБОУ «Воеводская СОШ»"  # «сош» in the file
    assert (s.legal_form, s.kind) == ("МБОУ", "СОШ")
    assert s.municipality == "Целинный муниципальный район"
    assert s.is_rural is True
    assert (s.pupils, s.teachers) == (163, 17)
    [context] = s.contexts
    assert (context.year, context.source) == (2022, CONTEXT_SOURCE)
    assert context.settlement_type.startswith("Населенный пункт сельского типа")
    assert context.settlement_size == "450–680 тыс. человек"
    assert (context.pupils, context.teachers) == (163, 17)
    assert context.answers["7. Код ОГЭ"] == 5811
    assert context.answers["18. На каких языках осуществляется образовательная деятельность "
                           "в организации?"] == "1) Только на русском языке"
    assert "6. ИНН" not in context.answers  # stored in the school, not repeated

    # row 3: a 12-digit ИНН (a person's) is refused with a located warning, the rest is loaded
    s = school(ctx.db, "edu224058")
    assert s.inn == ""
    assert (s.postal_code, s.phone, s.settlement) == ("659436", "838536410", "Победа")
    assert s.director_name == "Шабунина Лариса Владимировна" and s.director_gender == "f"
    warning = next(w for w in summary.warnings if w.row == 3)
    assert warning.sheet == "Общая информация об ОО" and warning.column == "6. ИНН"
    assert "12 цифр" in warning.message

    # ksh220028 (special boarding school) and edu220028 (Алтайская СОШ №5) stay two schools
    assert school(ctx.db, "ksh220028").kind == "школа-интернат"
    assert school(ctx.db, "edu220028").kind == "СОШ"


def test_2021_form_fields_read_correctly(ctx, samples: Path) -> None:
    summary = import_file(ctx, samples / F2021, ImportOptions())
    assert summary.created == 733
    assert any("logins.xlsx не загружен" in d for d in summary.details)

    # row 2
    s = school(ctx.db, "sch226022")
    assert s.director_name == "Гладышева Наталья Анатольевна" and s.director_gender == "f"
    assert (s.pupils, s.teachers) == (89, 29)
    assert s.postal_code == "658015"
    assert s.address == "Алтайский край, Тальменский район, село Озерки, ул. Майская, 100"
    assert s.settlement == "Озёрки"
    assert s.phone == "8(38591)3-12-88"
    assert (s.legal_form, s.kind) == ("КГБОУ", "школа-интернат")
    assert s.is_rural is True
    assert s.municipality == ""  # the 2021 form has none and no logins map is loaded
    [context] = s.contexts
    assert context.year == 2021
    assert context.transport.startswith("Регулярность транспортного сообщения")
    assert context.answers["ОО является школой-интернатом?"] == "Да"

    # row 708: the same school as edu224052 of 2022
    s = school(ctx.db, "sch224052")
    assert s.director_name == "Хороброва Наталья Витальевна"
    assert (s.pupils, s.teachers, s.phone) == (152, 16, "83859638316")
    assert s.postal_code == "659444" and s.settlement == "Воеводское"
    assert s.full_name.startswith("Муниципальное буджетное")  # typos kept as the school wrote


def test_reimport_changes_no_counts(ctx, samples: Path) -> None:
    for name in (LOGINS, F2021, F2022):
        import_file(ctx, samples / name, REGION)
    before = counts(ctx.db)
    for name, rows in ((LOGINS, 692), (F2021, 733), (F2022, 678)):
        summary = import_file(ctx, samples / name, REGION)
        assert (summary.created, summary.updated, summary.unchanged) == (0, 0, rows), name
    assert counts(ctx.db) == before


def test_2021_then_2022_merge_sch_and_edu_logins(ctx, samples: Path) -> None:
    import_file(ctx, samples / F2021, ImportOptions())
    summary = import_file(ctx, samples / F2022, REGION)
    assert summary.created == 2  # only two 2022 schools are not in the 2021 form
    assert counts(ctx.db)["schools"] == 735
    s = school(ctx.db, "sch224052")
    assert s.fis_login == "edu224052"  # the latest login
    assert sorted(c.year for c in s.contexts) == [2021, 2022]
    assert (s.pupils, s.teachers, s.inn) == (163, 17, "2287003893")  # the newer year's figures
    # the 2022 form wrote the director with initials: the full name is kept
    assert s.director_name == "Хороброва Наталья Витальевна"
    # an abbreviated «full name» does not replace the one spelled out
    assert s.full_name.startswith("Муниципальное буджетное")


def test_2022_then_2021_keeps_the_newer_values(ctx, samples: Path) -> None:
    import_file(ctx, samples / F2022, REGION)
    import_file(ctx, samples / F2021, ImportOptions())
    assert counts(ctx.db)["schools"] == 735
    s = school(ctx.db, "edu224052")
    assert s.fis_login == "edu224052"
    assert (s.pupils, s.teachers) == (163, 17)
    assert s.address == "Воеводское, пер. Школьный, 5"
    assert s.settlement == "Воеводское"  # empty after 2022: filled from 2021
    assert s.director_name == "Хороброва Наталья Витальевна"  # initials written out
    assert sorted(c.year for c in s.contexts) == [2021, 2022]


def test_logins_give_2021_schools_their_municipality(ctx, samples: Path) -> None:
    import_file(ctx, samples / F2021, ImportOptions())
    summary = import_file(ctx, samples / LOGINS, ImportOptions())
    assert summary.created == 692
    assert any("заполнен муниципалитет: 688" in d for d in summary.details)
    with ctx.db.session() as s:
        mapping = s.get(Setting, SETTING_KEY).value
    assert mapping["sch224145"] == "г. Алейск" and len(mapping) == 692
    assert school(ctx.db, "sch226022").municipality == "Тальменский район"


def test_2021_filtered_by_municipality_through_logins(ctx, samples: Path) -> None:
    with pytest.raises(ImportRejected, match=r"logins\.xlsx"):
        import_file(ctx, samples / F2021, ImportOptions(municipality="Целинный"))
    assert counts(ctx.db)["schools"] == 0
    import_file(ctx, samples / LOGINS, ImportOptions())
    summary = import_file(ctx, samples / F2021, ImportOptions(municipality="Целинный"))
    assert summary.created == 14  # logins.xlsx: 14 logins of «Целинный район», all in the form
    with ctx.db.session() as s:
        places = set(s.scalars(select(School.municipality)))
    assert places == {"Целинный район"}


def test_profile_municipality_keeps_only_ours(ctx, samples: Path) -> None:
    with ctx.db.transaction() as s:
        s.add(DistrictProfile(municipality_name="Целинный район", municipality_code="reg22_m056"))
    summary = import_file(ctx, samples / F2022, ImportOptions())
    assert summary.created == 13
    assert any("из профиля" in d and "Целинный муниципальный район" in d for d in summary.details)
    assert any("других муниципалитетов не загружается: 665" in d for d in summary.details)
    # --all-municipalities overrides the profile
    summary = import_file(ctx, samples / F2022, ImportOptions(all_municipalities=True))
    assert (summary.created, summary.unchanged) == (665, 13)


def test_a_regional_file_without_a_district_asks_for_one_and_the_choice_names_the_district(
        ctx, samples: Path) -> None:
    with pytest.raises(ImportRejected) as exc:
        import_file(ctx, samples / F2022, ImportOptions())
    message = str(exc.value)
    assert "муниципалитет района не задан" in message and "--municipality" in message
    assert "Целинный муниципальный район (13)" in message or "Алейский муниципальный район (15)" in message
    assert counts(ctx.db)["schools"] == 0
    summary = import_file(ctx, samples / F2022, ImportOptions(municipality="Целинный"))
    assert summary.created == 13
    assert any("записан в сведения о районе: Целинный муниципальный район" in d for d in summary.details)
    with ctx.db.session() as s:
        profile = s.scalar(select(DistrictProfile))
        assert (profile.municipality_name, profile.municipality_code) == (
            "Целинный муниципальный район", "reg22_m056")
    # the district is remembered: the next import keeps to it without being told
    summary = import_file(ctx, samples / F2022, ImportOptions())
    assert (summary.created, summary.unchanged) == (0, 13)


def test_unknown_or_ambiguous_municipality_is_refused(ctx, samples: Path) -> None:
    with pytest.raises(ImportRejected, match="не найден"):
        import_file(ctx, samples / F2022, ImportOptions(municipality="Москва"))
    with pytest.raises(ImportRejected, match="нескольким"):
        import_file(ctx, samples / F2022, ImportOptions(municipality="район"))
    assert counts(ctx.db) == {"schools": 0, "contexts": 0, "batches": 0, "settings": 0}
    summary = import_file(ctx, samples / F2022, ImportOptions(municipality="Бийск"))
    assert summary.created == 26  # «город Бийск», not «Бийский муниципальный район»


def test_preview_changes_nothing_and_apply_matches_it(ctx, samples: Path) -> None:
    plan = read_context_form(ctx.db, samples / F2022, ImportOptions(municipality="reg22_m056"))
    assert (plan.to_create, plan.to_update, plan.unchanged) == (13, 0, 0)
    assert [m.code for m in plan.municipalities if m.name.startswith("Целинный")] == ["reg22_m056"]
    assert len(plan.municipalities) == 72
    assert counts(ctx.db)["schools"] == 0
    steps: list[tuple[int, int, str]] = []
    summary = apply_context_plan(ctx.db, plan, lambda d, t, text: steps.append((d, t, text)))
    assert (summary.created, summary.updated) == (13, 0)
    assert steps and steps[-1][0] == steps[-1][1] == 13
    plan = read_context_form(ctx.db, samples / F2022, ImportOptions(municipality="reg22_m056"))
    assert (plan.to_create, plan.to_update, plan.unchanged) == (0, 0, 13)


def test_one_import_batch_per_form_and_year(ctx, samples: Path) -> None:
    import_file(ctx, samples / F2022, REGION)
    import_file(ctx, samples / F2022, REGION)
    with ctx.db.session() as s:
        [batch] = s.scalars(select(ImportBatch)).all()
    assert (batch.kind, batch.key, batch.file_name) == ("context_2022", "context_2022:2022", F2022)
    assert batch.rows_read == 678 and len(batch.file_sha256) == 64


# --- damaged and wrong files ------------------------------------------------------------------


def test_truncated_and_renamed_files_are_refused_and_change_nothing(ctx, samples: Path,
                                                                    tmp_path: Path) -> None:
    import docx

    import_file(ctx, samples / F2021, ImportOptions())
    before = counts(ctx.db)
    truncated = tmp_path / F2022
    data = (samples / F2022).read_bytes()
    truncated.write_bytes(data[: len(data) // 2])
    word = tmp_path / "Контекстные_данные_ОО_2023.xlsx"
    document = docx.Document()
    document.add_paragraph("Приказ об утверждении перечня ШНОР")
    document.save(str(word))
    for path, reason in ((truncated, "повреждён или обрезан"), (word, "документ Word")):
        with pytest.raises(ImportRejected) as caught:
            import_file(ctx, path, ImportOptions())
        assert reason in str(caught.value)
        assert caught.value.problems[0].file == path.name
    assert counts(ctx.db) == before


def _write_form(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Общая информация об ОО"
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


HEADER_2022 = ["Пользователь", "Муниципалитет", "Школа", "1. ПОЛНОЕ наименование ОО (по уставу)",
               "3.\tФИО директора (полностью)", "6.\tИНН", "12. Индекс местонахождения ОО",
               "13. Адрес ОО (населенный пункт, улица, дом)",
               "14. Где расположена образовательная организация?"]
TOWN = "reg22_m063 | город Бийск"


def test_row_problems_are_warnings_on_skipped_rows(ctx, tmp_path: Path) -> None:
    path = _write_form(tmp_path / "контекст.xlsx", HEADER_2022, [
        ["edu220001", TOWN, "edu220001 | МБОУ \"СОШ № 1\"",
         'Муниципальное бюджетное общеобразовательное учреждение "Средняя общеобразовательная '
         'школа № 1"', "Иванова Анна Петровна", "2204007907", 659300, "г. Бийск, ул. Ленина, 1",
         "2) Город"],
        [None, TOWN, "без логина", "Школа без логина", None, None, None, None, None],
        ["edu220002", TOWN, None, None, "Петров П.П.", None, None, None, None],
        ["edu220003", TOWN, "edu220003 | МКОУ \"ООШ № 3\"", None, None, "12345", "6593",
         None, None],
        [None, None, None, None, None, None, None, None, None],  # an empty row is no problem
    ])
    summary = import_file(ctx, path, ImportOptions(year=2022))
    assert (summary.created, summary.skipped) == (2, 2)
    located = {(w.row, w.column): w.message for w in summary.warnings}
    assert "нет логина" in located[(3, "Пользователь")]
    assert "нет ни полного, ни краткого" in located[(4, "1. ПОЛНОЕ наименование ОО (по уставу)")]
    assert "10 цифр" in located[(5, "6. ИНН")]
    assert "6 цифр" in located[(5, "12. Индекс местонахождения ОО")]
    s = school(ctx.db, "edu220003")
    assert (s.short_name, s.full_name, s.inn, s.postal_code) == ("МКОУ «ООШ №\u00a03»", "МКОУ «ООШ №\u00a03»",
                                                                 "", "")
    s = school(ctx.db, "edu220001")
    assert (s.inn, s.is_rural, s.municipality) == ("2204007907", False, "город Бийск")
    assert s.contexts[0].year == 2022  # from options: the file name has no year


def test_structural_problems_reject_the_file(ctx, tmp_path: Path) -> None:
    school_row = ["edu220001", TOWN, "edu220001 | МБОУ \"СОШ № 1\"", "Школа № 1", "Иванова А.П.",
                  None, None, None, None]
    no_login = _write_form(tmp_path / "a_2022.xlsx", ["Муниципалитет", "Школа", "ФИО директора"],
                           [[TOWN, "Школа", "Иванова"]])
    no_year = _write_form(tmp_path / "контекст.xlsx", HEADER_2022, [school_row])
    conflict = _write_form(tmp_path / "b_2022.xlsx", HEADER_2022, [
        school_row, ["sch220001", *school_row[1:4], "Петрова Б.В.", None, None, None, None]])
    for path, reason in ((no_login, "не найден лист"), (no_year, "год"),
                         (conflict, "с другими данными")):
        with pytest.raises(ImportRejected, match=reason):
            parse_context_form(path, ImportOptions())
        with pytest.raises(ImportRejected):
            import_file(ctx, path, ImportOptions())
    assert counts(ctx.db)["schools"] == 0
    with pytest.raises(ImportRejected) as caught:
        parse_context_form(conflict)
    problem = caught.value.problems[0]
    assert (problem.sheet, problem.row) == ("Общая информация об ОО", 3)

    repeated = _write_form(tmp_path / "c_2022.xlsx", HEADER_2022, [school_row, school_row])
    summary = import_file(ctx, repeated, ImportOptions())
    assert summary.created == 1 and "повтор строки 2" in summary.warnings[0].message


def test_an_interrupted_load_leaves_the_database_as_it_was(ctx, samples: Path) -> None:
    """Cancelling (or any failure) half-way rolls the one transaction back."""
    import_file(ctx, samples / LOGINS, ImportOptions())
    before = counts(ctx.db)
    plan = read_context_form(ctx.db, samples / F2021, ImportOptions(all_municipalities=True))

    def cancel_half_way(done: int, total: int, text: str) -> None:
        if done > total // 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        apply_context_plan(ctx.db, plan, cancel_half_way)
    assert counts(ctx.db) == before


def test_schools_of_other_municipalities_go_to_the_archive_from_the_command_line(ctx, samples: Path,
                                                                                 capsys) -> None:
    from shnor_desktop.cli import main

    import_file(ctx, samples / F2022, REGION)  # the whole region, before the district was named
    args = ["--data-dir", str(ctx.paths.data_dir), "schools", "archive-others"]
    assert main(args) == 1 and "Муниципалитет района не задан" in capsys.readouterr().err
    summary = import_file(ctx, samples / F2022, ImportOptions(municipality="Целинный"))
    assert summary.unchanged == 13  # a later import with a district names it, and leaves the others
    assert counts(ctx.db)["schools"] == 678
    assert main(args) == 0
    assert "Перенесено в архив ОО других муниципалитетов (не Целинный муниципальный район): 665" in (
        capsys.readouterr().out)
    with ctx.db.session() as s:
        active = s.scalars(select(School.municipality).where(School.archived.is_(False))).all()
    assert set(active) == {"Целинный муниципальный район"} and len(active) == 13
