"""`shnor --data-dir D import FILE...` and `shnor --data-dir D schools --csv` end to end."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from shnor_desktop.cli import main

F2021 = "Контекстные_данные_ОО_2021.xlsx"
F2022 = "Контекстные_данные_ОО_2022.xlsx"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def schools_csv(capsys: pytest.CaptureFixture[str], data_dir: Path) -> list[dict[str, str]]:
    code, out, _ = run(capsys, "--data-dir", data_dir, "schools", "--csv")
    assert code == 0
    return list(csv.DictReader(io.StringIO(out)))


def test_import_then_schools_csv(capsys, data_dir: Path, samples: Path) -> None:
    code, out, err = run(capsys, "--data-dir", data_dir, "import", samples / F2022, "--all-municipalities")
    assert code == 0, err
    assert "добавлено: 678, обновлено: 0, без изменений: 0, пропущено: 0" in out
    assert "весь файл" in out and "строка 3, столбец «6. ИНН»" in out

    rows = schools_csv(capsys, data_dir)
    assert len(rows) == 678
    assert len({r["login"] for r in rows}) == 678 and all(r["login"] for r in rows)
    row = next(r for r in rows if r["login"] == "edu224052")
    assert row["inn"] == "2287003893"
    assert row["director"] == "Хороброва Н.В."
    assert row["phone"] == "3859638316"
    assert row["municipality"] == "Целинный муниципальный район"
    assert (row["kind"], row["legal_form"]) == ("СОШ", "МБОУ")
    assert (row["pupils"], row["teachers"]) == ("163", "17")
    assert row["short_name"] == "МБОУ «Воеводская СОШ»"  # typeset at import
    assert (row["postal_code"], row["address"]) == ("659444", "Воеводское, пер. Школьный, 5")
    assert row["rural"] == "да"

    code, out, _ = run(capsys, "--data-dir", data_dir, "import", samples / F2022, "--all-municipalities")
    assert code == 0 and "добавлено: 0, обновлено: 0, без изменений: 678" in out
    assert len(schools_csv(capsys, data_dir)) == 678


def test_logins_and_2021_for_one_municipality(capsys, data_dir: Path, samples: Path) -> None:
    code, out, err = run(capsys, "--data-dir", data_dir, "import", samples / "logins.xlsx",
                         samples / F2021, "--municipality", "Целинный")
    assert code == 0, err
    assert "муниципалитет (указан): Целинный район" in out
    rows = schools_csv(capsys, data_dir)
    assert len(rows) == 14 and {r["municipality"] for r in rows} == {"Целинный район"}
    row = next(r for r in rows if r["login"] == "sch224052")
    assert row["director"] == "Хороброва Наталья Витальевна"
    assert (row["pupils"], row["teachers"], row["phone"]) == ("152", "16", "83859638316")
    assert (row["postal_code"], row["settlement"]) == ("659444", "Воеводское")


def test_bad_files_exit_1_and_change_nothing(capsys, data_dir: Path, samples: Path,
                                             tmp_path: Path) -> None:
    import docx

    assert run(capsys, "--data-dir", data_dir, "import", samples / F2021)[0] == 0
    before = schools_csv(capsys, data_dir)
    truncated = tmp_path / "обрезан.xlsx"
    data = (samples / F2022).read_bytes()
    truncated.write_bytes(data[: len(data) // 2])
    word = tmp_path / "приказ.xlsx"
    document = docx.Document()
    document.add_paragraph("Приказ")
    document.save(str(word))

    for path, reason in ((truncated, "повреждён или обрезан"), (word, "документ Word (.docx)")):
        code, out, err = run(capsys, "--data-dir", data_dir, "import", path)
        assert code == 1
        assert out == ""
        assert f"Файл {path} не загружен, база не изменена" in err
        assert reason in err
    code, _, err = run(capsys, "--data-dir", data_dir, "import", samples / F2022,
                       "--municipality", "Москва")
    assert code == 1 and "«Москва» (указан) в файле не найден" in err
    assert schools_csv(capsys, data_dir) == before


def test_the_installed_command(data_dir: Path, samples: Path) -> None:
    """The real process: exit code and Russian text on stderr survive the console encoding."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    cmd = [sys.executable, "-m", "shnor_desktop.cli", "--data-dir", str(data_dir), "import"]
    done = subprocess.run([*cmd, str(samples / "logins.xlsx")], capture_output=True, text=True,
                          env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "добавлено: 692" in done.stdout
    done = subprocess.run([*cmd, str(samples / "README.md")], capture_output=True, text=True,
                          env=env, timeout=120)
    assert done.returncode == 1
    assert "README.md: это не файл Excel (.xlsx)" in done.stderr
