"""Every kind, from the demo district and from a real district on the ФИС ОКО samples, converted to
PDF by LibreOffice and read back with pdftotext: what an official would sign.

The real district is «Первомайский муниципальный район»: its 20 schools from the 2022 context form
(no licence or accreditation data entered, no district profile filled in), both grade-5
mathematics protocols, one draft partnership without number and date, one held visit. Checked in
the PDF text: the program never talks («Данные отсутствуют», «раздел», «None», instructions),
names carry «ёлочки», missing details print as blanks, the signature is never alone at the top of
a page, and no date in an order falls on a weekend or an official holiday.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select

from shnor_desktop.context import AppContext
from shnor_desktop.demo import load_demo
from shnor_desktop.docs_gen.contexts.common import DocParams
from shnor_desktop.docs_gen.journal import generate
from shnor_desktop.docs_gen.kinds import KIND_KEYS
from shnor_desktop.docs_gen.pdf import convert_to_pdf, find_converter
from shnor_desktop.io.dispatch import ImportOptions, import_file
from shnor_desktop.models import School
from shnor_desktop.tracking.partnerships import add_partnership_by_logins
from shnor_desktop.tracking.visits import MemberData, RecommendationData, VisitData, VisitForm, save_visit
from tests.integration.test_generate_documents import params_for

pytestmark = pytest.mark.slow

TODAY = dt.date(2026, 11, 23)
DATA = Path(__file__).resolve().parents[1] / "data" / "fisoko"
ORDERS = ("order-partners", "order-monitoring", "order-shnor-list")
# fixed official holidays (Labour Code, art. 112): checked independently of the program's calendar
HOLIDAYS = {(1, d) for d in range(1, 9)} | {(2, 23), (3, 8), (5, 1), (5, 9), (6, 12), (11, 4)}
TALK = [  # the program speaking inside a document
    "Данные отсутствуют", "None", "не внесены", "Наставничество и кадры", "Сведения о районе",
    "Невыполненных рекомендаций", "→", "Добавить", "нажмите", "укажите",
]


def _real_district(data_dir: Path) -> tuple[AppContext, dict[str, DocParams]]:
    ctx = AppContext.open(data_dir, daily_backup=False)
    import_file(ctx, DATA / "Контекстные_данные_ОО_2022.xlsx", ImportOptions(municipality="Первомайский"))
    for name in ("ВПР_2020_5кл_Математика.xlsx", "ВПР_2021_5кл_Математика.xlsx"):
        import_file(ctx, DATA / name, ImportOptions())
    with ctx.db.transaction() as s:
        schools = s.scalars(select(School).order_by(School.short_name)).all()
        assert len(schools) == 20 and not any(x.licence_reg_number for x in schools)
        partnership = add_partnership_by_logins(s, schools[0].fis_login, schools[1].fis_login)  # a draft
        visit = save_visit(s, VisitForm(
            VisitData(schools[1].id, dt.date(2026, 10, 14), purpose="Методическая помощь по подготовке к ВПР",
                      findings="Уроки проведены на достаточном уровне.", state="done"),
            members=[MemberData("Иванова Мария Петровна", "методист")],
            recommendations=[RecommendationData("Провести анализ результатов ВПР по математике",
                                                deadline=dt.date(2026, 12, 25))]))
        partnership_id, visit_id = partnership.id, visit.id
    return ctx, {
        "agreement": DocParams(partnership_id), "joint-plan": DocParams(partnership_id),
        "visit-note": DocParams(visit_id), "order-partners": DocParams(year=2026),
        "order-monitoring": DocParams(year=2026), "order-shnor-list": DocParams(year=2021),
        "analytical-note": DocParams(year=2021, options={"procedure": "ВПР", "grade": 5}),
    }


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True).stdout
    return text.decode("utf-8").split("\f")[:-1] or [""]


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict[tuple[str, str], tuple[Path, list[str]]]:
    """(source, kind) → the DOCX and its PDF's pages as text."""
    if find_converter() is None or shutil.which("pdftotext") is None:
        pytest.fail("LibreOffice and poppler-utils are needed: apt-get install libreoffice-writer-nogui "
                    "poppler-utils (scripts/test.sh installs them when run as root)")
    made: dict[tuple[str, str], Path] = {}
    demo = AppContext.open(tmp_path_factory.mktemp("demo"), daily_backup=False)
    try:
        load_demo(demo.db)
        for key in KIND_KEYS:
            made[("demo", key)] = generate(demo.paths, demo.db, key, params_for(demo, key), today=TODAY).path
    finally:
        demo.close()
    real, params = _real_district(tmp_path_factory.mktemp("real"))
    try:
        for key in KIND_KEYS:
            made[("real", key)] = generate(real.paths, real.db, key, params[key], today=TODAY).path
    finally:
        real.close()
    pdfs = convert_to_pdf(list(made.values()), tmp_path_factory.mktemp("pdf"))
    return {key: (made[key], _pages(pdf)) for key, pdf in zip(made, pdfs, strict=True)}


@pytest.fixture(scope="module")
def documents(made) -> dict[tuple[str, str], list[str]]:
    """(source, kind) → the PDF's pages as text."""
    return {key: pages for key, (_docx, pages) in made.items()}


def _flat(pages: list[str]) -> str:
    return " ".join(" ".join(pages).split())


def _lines(page: str) -> list[str]:
    return [line.strip() for line in page.splitlines() if line.strip()]


def test_only_the_document_speaks(documents):
    for key, pages in documents.items():
        text = _flat(pages)
        for phrase in TALK:
            assert phrase not in text, (key, phrase)
        assert not re.search(r"(?<![а-яё])раздел", text, re.IGNORECASE), key
        assert '"' not in text, (key, text[text.index('"') - 60:text.index('"') + 60])


def test_names_are_typeset(documents):
    text = _flat(documents[("real", "agreement")])
    assert "МАОУ «Боровихинская СОШ»" in text and "МБОУ «Акуловская СОШ»" in text


def test_missing_details_print_as_blanks(documents):
    agreement = _flat(documents[("real", "agreement")])
    assert "ДОГОВОР № _____" in agreement  # a draft: no number of its own, no «№ 1»
    assert agreement.count("«___» ____________ 20___ года") >= 5  # the date and both schools' records
    assert "(запись в реестре лицензий)" in agreement and "серия" not in agreement
    assert "Критерии оценки результативности" in agreement  # seed 004's appendix
    for key in ORDERS:
        assert "______________________________" in _flat(documents[("real", key)]), key  # the authority
    plan = _flat(documents[("real", "joint-plan")])
    assert "Оценка результативности" in plan and " 8 " in plan  # blank rows to fill by hand


def _page_of(pages: list[str], pattern: str) -> tuple[int, int]:
    for number, page in enumerate(pages):
        for index, line in enumerate(_lines(page)):
            if re.search(pattern, line):
                return number, index
    raise AssertionError(f"{pattern!r} not found")


def _text_before_on_page(pages: list[str], pattern: str) -> list[str]:
    """Lines above the match on its page, without the page number."""
    number, index = _page_of(pages, pattern)
    return [line for line in _lines(pages[number])[:index] if not line.isdigit()]


def test_the_signature_is_never_alone_on_a_page(documents):
    for (source, key), pages in documents.items():
        if key in ORDERS:
            # the last point of the text («Контроль за исполнением…») and the signature: one page
            number, index = _page_of(pages, "Контроль за исполнением")
            after = _lines(pages[number])[index:]
            assert any(re.search(r"^_{10,}|[А-ЯЁ]\.\s?[А-ЯЁ]\.\s?[А-ЯЁ][а-яё]+$", line) for line in after), (
                source, key, after)
        elif key == "agreement":
            number, index = _page_of(pages, "Подписи сторон")
            assert any("_____" in line for line in _lines(pages[number])[index:]), (source, key)
            assert _text_before_on_page(pages, "Подписи сторон"), (source, key)
        elif key == "visit-note":
            assert _text_before_on_page(pages, "Участники выезда:"), (source, key)
            assert _text_before_on_page(pages, "Со справкой ознакомлен"), (source, key)


def _dates(text: str) -> list[dt.date]:
    return [dt.date(int(y), int(m), int(d)) for d, m, y in re.findall(r"\b(\d{2})\.(\d{2})\.(\d{4})\b", text)]


def test_no_date_in_an_order_on_a_weekend_or_holiday(documents):
    checked = 0
    for (source, key), pages in documents.items():
        if key not in ORDERS:
            continue
        for date in _dates(_flat(pages)):
            assert date.weekday() < 5 and (date.month, date.day) not in HOLIDAYS, (source, key, date)
            checked += 1
    assert checked >= 12


def test_visit_note_by_the_directors_gender(documents):
    # the director is Киусова Алла Александровна
    assert "Со справкой ознакомлена:" in _flat(documents[("real", "visit-note")])


def test_an_order_about_a_past_year_is_dated_in_or_right_after_it(documents):
    text = _flat(documents[("real", "order-shnor-list")])
    dates = _dates(text)
    assert dates and all(dt.date(2021, 1, 1) <= d <= dt.date(2022, 3, 31) for d in dates), dates


# Liberation Serif has the metrics of Times New Roman: a word's printed width, measured without Word
SERIF = {False: "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
         True: "/usr/share/fonts/truetype/liberation/LiberationSerif-Bold.ttf"}
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _twips(element, tag: str, default: int) -> int:  # type: ignore[no-untyped-def]
    found = element.find(f"{W}{tag}") if element is not None else None
    return int(found.get(f"{W}w")) if found is not None else default


def test_table_columns_are_wide_enough_for_their_words(made):
    """No word breaks inside a table cell («класс-компле / кт»): every word of every cell fits the
    cell's width less its margins, measured with the document's own font and size."""
    from docx import Document
    from docx.shared import Pt
    from PIL import ImageFont

    if not Path(SERIF[False]).is_file():
        pytest.fail("fonts-liberation is needed (scripts/system-libs.sh installs it)")
    fonts = {bold: ImageFont.truetype(path, 200) for bold, path in SERIF.items()}
    too_wide = []
    for key, (docx_path, _pages) in made.items():
        document = Document(str(docx_path))
        normal = document.styles["Normal"].font.size or Pt(12)
        for table in document.tables:
            margins = table._tbl.tblPr.find(f"{W}tblCellMar")
            spare = (_twips(margins, "left", 108) + _twips(margins, "right", 108)) / 20
            for row in table.rows:
                for cell in row.cells:
                    width = _twips(cell._tc.tcPr, "tcW", 0) / 20 - spare
                    if width <= 0:
                        continue
                    for paragraph in cell.paragraphs:
                        for run in paragraph.runs:
                            size = (run.font.size or paragraph.style.font.size or normal).pt
                            # a line may break after a hyphen («учебно-/воспитательной»)
                            for word in re.findall(r"[^\s-]+-?", run.text):
                                printed = fonts[bool(run.bold)].getlength(word) / 200 * size
                                if printed > width + 0.5:
                                    too_wide.append(f"{key}: «{word}» {printed:.0f} pt in {width:.0f} pt")
    assert not too_wide, "\n".join(sorted(set(too_wide))[:20])
