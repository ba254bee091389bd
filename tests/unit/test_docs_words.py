"""The small Russian pieces documents are made of: dates, terms, names in sentences, file names."""

from __future__ import annotations

import datetime as dt
import os
import stat
import sys
from pathlib import Path

import pytest

from shnor_desktop.docs_gen import pdf
from shnor_desktop.docs_gen.contexts.agreement import term_phrase
from shnor_desktop.docs_gen.contexts.common import (
    _REGION_AFTER_MINISTRY,
    DocParams,
    city_phrase,
    date_words,
    enumerate_names,
    lower_first,
    main_position,
    name_in_sentence,
    organisations,
)
from shnor_desktop.docs_gen.contexts.joint_plan import period_text
from shnor_desktop.docs_gen.contexts.visit_note import lines_of
from shnor_desktop.docs_gen.journal import safe_file_name
from shnor_desktop.models import Partnership

D = dt.date


def test_dates_and_places():
    assert date_words(D(2021, 1, 13)) == "«13» января 2021 года"
    assert date_words(None) == ""
    assert city_phrase("Краснополянск") == "г. Краснополянск"
    assert city_phrase("г. Краснополянск") == "г. Краснополянск"
    assert city_phrase("с. Берёзовка") == "с. Берёзовка"
    assert city_phrase("") == ""


@pytest.mark.parametrize(("start", "end", "expected"), [
    (D(2026, 1, 1), D(2026, 12, 31), "на 2026 год"),
    (D(2025, 9, 1), D(2026, 8, 31), "на период с 01.09.2025 по 31.08.2026"),
    (None, D(2026, 5, 31), "на период по 31.05.2026"),
    (None, None, "на 2021 год"),
])
def test_agreement_term(start, end, expected):
    p = Partnership(leader_school_id=1, supported_school_id=2, term_start=start, term_end=end)
    assert term_phrase(p, D(2021, 1, 13)) == expected


def test_plan_period():
    assert period_text(D(2025, 9, 1), D(2026, 5, 31), D(2025, 9, 1)) == "2025/26 учебный год"
    assert period_text(D(2026, 1, 1), D(2026, 12, 31), D(2026, 1, 1)) == "2026 год"
    assert period_text(None, None, D(2024, 3, 1)) == "2024 год"


def test_names_in_sentences():
    assert name_in_sentence("Муниципальное бюджетное общеобразовательное учреждение «СОШ № 2»") == (
        "муниципальное бюджетное общеобразовательное учреждение «СОШ № 2»")
    assert name_in_sentence("МБОУ «СОШ № 2»") == "МБОУ «СОШ № 2»"
    assert lower_first("Начальник управления") == "начальник управления"
    assert lower_first("МКУ «ИМЦ»") == "МКУ «ИМЦ»"
    assert main_position("методист МКУ «ИМЦ», муниципальный координатор") == "методист МКУ «ИМЦ»"
    assert enumerate_names(["А"]) == "А"
    assert enumerate_names(["А", "Б", "В"]) == "А, Б и В"
    assert organisations(5) == "5 общеобразовательных организаций"
    assert organisations(21, "datv") == "21 общеобразовательной организации"


@pytest.mark.parametrize(("issuer", "region"), [
    ("Министерство образования и науки Республики Татарстан", "Республики Татарстан"),
    ("Министерство образования и науки Приозёрного края", "Приозёрного края"),
    ("Министерство просвещения Чувашской Республики", "Чувашской Республики"),
    ("Управление образования", None),
    ("Министерство образования Красноярского края", "Красноярского края"),
    ("Комитет по образованию Ленинградской области", "Ленинградской области"),
])
def test_region_from_the_licence_issuer(issuer, region):
    match = _REGION_AFTER_MINISTRY.search(issuer)
    assert (match.group(1) if match else None) == region


def test_lines_typed_in_a_form():
    assert lines_of("1. Первое.\n2) Второе\n\n– третье\n") == ["Первое.", "Второе", "третье"]


def test_params_round_trip():
    params = DocParams(3, 2025, {"procedure": "ВПР", "deadline": D(2026, 1, 31)})
    data = params.to_json()
    assert data == {"record_id": 3, "year": 2025, "options": {"procedure": "ВПР", "deadline": "2026-01-31"}}
    again = DocParams.from_json(data)
    assert again.option_date("deadline") == D(2026, 1, 31) and again.option_date("missing") is None


def test_file_names_windows_accepts():
    assert safe_file_name('Договор: "СОШ № 1" / СОШ № 2?') == "Договор СОШ № 1 СОШ № 2"
    assert safe_file_name("...") == "Документ"
    assert len(safe_file_name("я" * 400)) == 150


def test_pdf_without_a_converter_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(sys, "platform", "linux")
    assert pdf.find_converter() is None
    with pytest.raises(pdf.PdfUnavailable) as info:
        pdf.convert_to_pdf([tmp_path / "a.docx"])
    assert "LibreOffice" in str(info.value) and "Microsoft Word" in str(info.value)
    assert pdf.convert_to_pdf([]) == []


def test_pdf_batch_is_one_call_per_folder(tmp_path, monkeypatch):
    """A fake soffice records its calls: three files in two folders make two calls."""
    log = tmp_path / "calls.txt"
    fake = tmp_path / "bin" / "soffice"
    fake.parent.mkdir()
    fake.write_text(
        "#!/bin/sh\n"
        f'echo "$@" >> "{log}"\n'
        'out=""; prev=""\n'
        'for a in "$@"; do\n'
        '  if [ "$prev" = "--outdir" ]; then out="$a"; fi\n'
        '  case "$a" in *.docx) n=$(basename "$a" .docx); touch "$out/$n.pdf";; esac\n'
        '  prev="$a"\n'
        "done\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", str(fake.parent) + os.pathsep + os.environ.get("PATH", ""))
    files = []
    for folder, name in (("a", "один"), ("a", "два"), ("b", "три")):
        (tmp_path / folder).mkdir(exist_ok=True)
        path = tmp_path / folder / f"{name}.docx"
        path.write_bytes(b"x")
        files.append(path)
    converter = pdf.find_converter()
    assert converter is not None and converter.kind == "libreoffice"
    result = pdf.convert_to_pdf(files)
    assert [p.name for p in result] == ["один.pdf", "два.pdf", "три.pdf"]
    assert all(p.is_file() for p in result)
    calls = log.read_text().splitlines()
    assert len(calls) == 2 and all("--headless" in c and "--convert-to pdf" in c for c in calls)
    assert all("-env:UserInstallation=file://" in c for c in calls)


def test_pdf_failure_names_the_files(tmp_path, monkeypatch):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nexit 1\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    converter = pdf.Converter("libreoffice", Path(fake))
    source = tmp_path / "приказ.docx"
    source.write_bytes(b"x")
    with pytest.raises(pdf.PdfFailed, match=r"приказ\.docx"):
        pdf.convert_to_pdf([source], converter=converter)
