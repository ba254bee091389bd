"""Shared by the document tests: reading a .docx back, seed 004's agreement as patterns, test data."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn

SEEDS = Path(__file__).resolve().parent / "data" / "seeds"
NBSP = "\u00a0"

# --- reading documents back -----------------------------------------------------------------------------


def normalise(text: str) -> str:
    """Spaces collapsed, non-breaking spaces as spaces, a leading list dash dropped."""
    text = " ".join(text.replace(NBSP, " ").replace("\t", " ").split())
    return re.sub(r"^[-–—•]\s+", "", text)


def _paragraph_text(p) -> str:  # type: ignore[no-untyped-def]
    parts = []
    for node in p.iter():
        if node.tag == qn("w:t"):
            parts.append(node.text or "")
        elif node.tag == qn("w:tab"):
            parts.append(" ")
    return "".join(parts)


def body_paragraphs(path: Path) -> list[str]:
    """Every paragraph of the body in reading order, table cells included (normalised, non-empty)."""
    doc = Document(str(path))
    out = []
    for p in doc.element.body.iter(qn("w:p")):
        text = normalise(_paragraph_text(p))
        if text:
            out.append(text)
    return out


def full_text(path: Path) -> str:
    """The whole document as one string: body, headers and footers."""
    doc = Document(str(path))
    parts = body_paragraphs(path)
    for section in doc.sections:
        for part in (section.header, section.first_page_header, section.footer):
            parts += [normalise(p.text) for p in part.paragraphs]
    return "\n".join(parts)


# --- seed 004's agreement ----------------------------------------------------------------------------------


def seed_agreement_paragraphs() -> list[str]:
    """The agreement of seed 004, from «ДОГОВОР № _____» to the signatures, one item per paragraph."""
    path = next(SEEDS.glob("004_*.txt"))
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("ДОГОВОР №"))
    end = next(i for i, line in enumerate(lines) if line.startswith("Критерии оценки результативности"))
    return [normalise(line) for line in lines[start:end] if normalise(line)]


# The parts of the seed that are blanks or depend on the district, as regular expressions.
DATE = r"«\d{2}» [а-яё]+ \d{4} года"
_MARKERS = [
    (re.compile(r"« _+ » _+(?: \d{4})? года"), "\x00DATE\x00"),
    (re.compile(r"сроком на 2019 год"), "сроком \x00ANY\x00"),
    (re.compile(r"Муниципальное бюджетное образовательное учреждение _+"), "\x00ANY\x00"),
    (re.compile(r"муниципальное бюджетное образовательное учреждение _+"), "\x00ANY\x00"),
    (re.compile(r"Министерством образования и науки Республики Татарстан"), "\x00ANY\x00"),
    (re.compile(r"Республики Татарстан"), "\x00ANY\x00"),
    (re.compile(r"г\.Лениногорск"), "\x00CITY\x00"),
    (re.compile(r"2019"), "\x00YEAR\x00"),
    (re.compile(r"действующего на основании"), "\x00ACTING\x00 на основании"),
    (re.compile(r"_+"), "\x00ANY\x00"),
]
_REGEX = {"DATE": DATE, "ANY": ".+?", "CITY": r"г\. ?[А-ЯЁ][а-яё-]+", "YEAR": r"\d{4}",
          "ACTING": "действующ(?:его|ей)"}


def seed_pattern(paragraph: str) -> re.Pattern[str]:
    text = paragraph
    for pattern, marker in _MARKERS:
        text = pattern.sub(marker, text)
    pieces = text.split("\x00")
    regex = "".join(_REGEX[p] if i % 2 else re.escape(p) for i, p in enumerate(pieces))
    return re.compile(regex.replace('"', '["«»„“]'))  # the seed's straight quotes are printed as «ёлочки»


# --- test data ---------------------------------------------------------------------------------------------


def add_school(session, n: int, director: str, gender: str | None, *, short: str | None = None):  # type: ignore[no-untyped-def]
    from shnor_desktop.models import School

    school = School(
        fis_login=f"sch99{n:04d}", login_number=f"99{n:04d}",
        full_name=f"Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная "
                  f"школа № {n}» города Тестовска",
        short_name=short or f"МБОУ «СОШ № {n}»", legal_form="МБОУ", kind="СОШ",
        postal_code="123456", address=f"Приозёрный край, г. Тестовск, ул. Школьная, д. {n}",
        phone=f"8 (38599) 2-00-{n:02d}", email=f"school{n}@example.ru",
        director_name=director, director_gender=gender, director_position="директор",
        director_basis="Устава",
        licence_date=dt.date(2015, 3, 15), licence_series="22Л01", licence_number=f"000{n}123",
        licence_reg_number=f"{n}45", licence_issuer="Министерство образования и науки Приозёрного края",
        accreditation_date=dt.date(2016, 4, 20), accreditation_series="22А01",
        accreditation_number=f"000{n}456", accreditation_reg_number=f"{n}78",
        accreditation_issuer="Министерство образования и науки Приозёрного края",
    )
    session.add(school)
    session.flush()
    return school


def add_partnership(session, leader, supported, **fields):  # type: ignore[no-untyped-def]
    from shnor_desktop.models import Partnership

    values = {"number": "7", "agreement_date": dt.date(2021, 1, 13), "city": "г. Тестовск",
              "term_start": dt.date(2021, 1, 1), "term_end": dt.date(2021, 12, 31), "state": "active"}
    values.update(fields)
    p = Partnership(leader_school_id=leader.id, supported_school_id=supported.id, **values)
    session.add(p)
    session.flush()
    return p


def add_profile(session):  # type: ignore[no-untyped-def]
    from shnor_desktop.models import DistrictProfile

    profile = DistrictProfile(
        authority_full_name="Управление образования администрации Тестовского района",
        authority_short_name="Управление образования", head_name="Иванова Мария Петровна",
        head_position="начальник управления образования", city="Тестовск",
        executor_name="Петров Пётр Петрович", executor_phone="8 (38599) 2-11-11")
    session.add(profile)
    return profile
