"""`shnor schools add` for scripts, through the registry's own checks; `shnor schools [list]` as before."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from sqlalchemy import func, select

from shnor_desktop.cli import main
from shnor_desktop.models import School

VALID_INN = "7707083893"


def shnor(data_dir: Path, *args: str) -> int:
    return main(["--data-dir", str(data_dir), *args])


def schools_count(data_dir: Path) -> int:
    from shnor_desktop.context import AppContext

    ctx = AppContext.open(data_dir)
    try:
        with ctx.db.session() as s:
            return s.scalar(select(func.count()).select_from(School))
    finally:
        ctx.close()


def test_add_prints_the_id_and_the_list_shows_the_school(capsys, data_dir: Path) -> None:
    assert shnor(data_dir, "schools", "add", "--login", "edu229901", "--name", "МБОУ «СОШ № 1»",
                 "--municipality", "Северный район", "--full-name",
                 "Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная "
                 "школа № 1»", "--inn", VALID_INN, "--kind", "СОШ", "--legal-form", "МБОУ",
                 "--pupils", "412", "--rural") == 0
    out, err = capsys.readouterr()
    first_id = int(out.strip())
    assert not err
    assert shnor(data_dir, "schools", "add", "--login", "sch229902", "--name", "МКОУ «ООШ № 2»",
                 "--municipality", "Северный район") == 0
    second_id = int(capsys.readouterr().out.strip())
    assert second_id != first_id

    assert shnor(data_dir, "schools", "--csv") == 0  # the list as before, no action needed
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    by_login = {r["login"]: r for r in rows}
    assert set(by_login) == {"edu229901", "sch229902"}
    first = by_login["edu229901"]
    assert (first["short_name"], first["municipality"], first["inn"], first["kind"], first["legal_form"],
            first["pupils"], first["rural"]) == ("МБОУ «СОШ № 1»", "Северный район", VALID_INN, "СОШ",
                                                 "МБОУ", "412", "да")
    assert first["full_name"].startswith("Муниципальное бюджетное")
    assert by_login["sch229902"]["full_name"] == "МКОУ «ООШ № 2»"  # the short name when not given

    assert shnor(data_dir, "schools", "list") == 0
    out = capsys.readouterr().out
    assert "edu229901    МБОУ «СОШ № 1»" in out and "Всего: 2" in out


def test_a_duplicate_login_number_is_refused(capsys, data_dir: Path) -> None:
    assert shnor(data_dir, "schools", "add", "--login", "sch229901", "--name", "МБОУ «СОШ № 1»",
                 "--municipality", "Северный район") == 0
    capsys.readouterr()
    # edu229901 is the same school as sch229901 in ФИС ОКО
    assert shnor(data_dir, "schools", "add", "--login", "edu229901", "--name", "Другая школа",
                 "--municipality", "Северный район") == 1
    out, err = capsys.readouterr()
    assert not out
    assert "Школа не записана" in err
    assert "Логин ФИС ОКО: Школа с этим логином ФИС ОКО (номер 229901) уже есть в реестре: " \
           "«МБОУ «СОШ № 1»»" in err
    assert schools_count(data_dir) == 1


def test_invalid_values_are_refused_with_the_cards_messages(capsys, data_dir: Path) -> None:
    assert shnor(data_dir, "schools", "add", "--login", "sch229901", "--name", "МБОУ «СОШ № 1»",
                 "--municipality", "Северный район", "--inn", "7707083894", "--email", "school@") == 1
    err = capsys.readouterr().err
    assert "ИНН: ИНН с ошибкой: не сходится контрольное число" in err
    assert "Электронная почта: Адрес электронной почты записан неверно" in err
    assert shnor(data_dir, "schools", "add", "--login", "школа", "--name", "Школа",
                 "--municipality", "Северный район", "--pupils", "много") == 1
    err = capsys.readouterr().err
    assert "В логине ФИС ОКО нет номера школы" in err and "Число обучающихся: Введите целое число" in err
    assert schools_count(data_dir) == 0


def test_required_options_and_list_options(capsys, data_dir: Path) -> None:
    assert shnor(data_dir, "schools", "add", "--name", "Школа") == 1
    assert "укажите --login, --municipality" in capsys.readouterr().err
    assert shnor(data_dir, "schools", "--login", "sch229901") == 1  # a card's option without «add»
    assert "shnor schools add" in capsys.readouterr().err
    assert schools_count(data_dir) == 0


def test_argparse_speaks_russian(capsys):
    import pytest

    from shnor_desktop.cli import main

    with pytest.raises(SystemExit) as done:
        main(["partner", "add"])
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert "использование:" in err and "ошибка: не указаны обязательные аргументы: --leader, --school" in err
    assert "usage" not in err and "error" not in err
