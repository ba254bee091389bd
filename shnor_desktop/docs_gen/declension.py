"""Names and positions in Russian cases, initials, and agreement by gender.

Chosen by measurement (``bench/bench_declension.py`` over ``tests/data/names_gold.csv``):
names are declined with **pytrovich** (the petrovich rules), part by part with the
gender taken from the patronymic, plus three rules where the rules file is wrong
or silent:

* a man's surname on «-их» declines when it is not a Russian adjectival form
  (Реттих → Реттиха; Долгих, Кременских stay as they are);
* a surname on a consonant + «-а/-я» declines like a noun of the first declension
  when the rules file leaves it unchanged (Рева → Ревы, Кива → Кивы);
* a patronymic with «оглы»/«кызы» stays as it is (Эльдара Рафик оглы).

Positions are declined with **pymorphy3**: the head word and the words agreeing with
it («исполняющего обязанности директора», «учителю русского языка и литературы»).

Both libraries are imported inside the functions that use them. A form corrected by
the user is stored in ``NameForms`` and wins from then on (``forms_for``).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

NBSP = "\u00a0"
CASES = ("nomn", "gent", "datv", "accs", "ablt")
"""Case codes as pymorphy3 names them: именительный … творительный."""

_CASE_FIELDS = {
    "nomn": "nominative",
    "gent": "genitive",
    "datv": "dative",
    "accs": "accusative",
    "ablt": "instrumental",
}

# Azerbaijani, Turkic and Kyrgyz patronymic words: «Рафик оглы», «Рашид кызы».
_MALE_PATRONYMIC_WORDS = ("оглы", "огли", "улы", "уулу")
_FEMALE_PATRONYMIC_WORDS = ("кызы", "гызы", "кизи")
_PATRONYMIC_WORDS = _MALE_PATRONYMIC_WORDS + _FEMALE_PATRONYMIC_WORDS

_MALE_PATRONYMIC_ENDINGS = ("вич", "ьич", "ич", *_MALE_PATRONYMIC_WORDS)
_FEMALE_PATRONYMIC_ENDINGS = ("вна", "чна", *_FEMALE_PATRONYMIC_WORDS)

# Surname endings that tell the gender on their own (used when there is no
# patronymic and no full first name, e.g. «Хороброва Н.В.»).
_FEMALE_SURNAME_ENDINGS = ("ова", "ева", "ёва", "ина", "ына", "ая")
_MALE_SURNAME_ENDINGS = ("ов", "ев", "ёв", "ин", "ын", "ский", "цкий", "ской", "цкой", "ый")

# «и.о. директора Кочкина Инна Николаевна», «Лобанова Елена Сергеевна, и.о. директора»
_NOTE = r"(?:и\.?\s*о\.?|врио|вр\.?\s*и\.?\s*о\.?)(?:\s+директора)?"
_NOTE_BEFORE = re.compile(rf"^\s*({_NOTE})\s+", re.IGNORECASE)
_NOTE_AFTER = re.compile(rf"[\s,;]+({_NOTE})\s*$", re.IGNORECASE)

_INITIALS = re.compile(r"^(?:[А-ЯЁA-Z]\.)+$")
_LOOSE_INITIALS = re.compile(r"^[А-ЯЁA-Z](?:\.?[А-ЯЁA-Z])*\.?$")


@dataclass(frozen=True)
class NameCases:
    """A full name (or a position) in the cases documents need."""

    nominative: str
    genitive: str
    dative: str
    accusative: str
    instrumental: str
    gender: str | None  # 'm', 'f' or None when unknown

    def case(self, case: str) -> str:
        """The form for a pymorphy3 case code: 'nomn', 'gent', 'datv', 'accs', 'ablt'."""
        if case not in _CASE_FIELDS:
            raise ValueError(f"unknown case {case!r}; expected one of {CASES}")
        return str(getattr(self, _CASE_FIELDS[case]))


@dataclass(frozen=True)
class _Parts:
    last: str
    first: str = ""
    middle: str = ""  # a patronymic, possibly two words («Рафик оглы»)
    initials: str = ""  # «Н.В.» when the name is given as a surname with initials


# ---------------------------------------------------------------------------
# Normalising what people type


def split_name_note(text: object) -> tuple[str, str]:
    """Separates «и.о. директора» written beside a name: returns (name text, note)."""
    value = " ".join(str(text or "").replace(NBSP, " ").split())
    note = ""
    for pattern in (_NOTE_BEFORE, _NOTE_AFTER):
        match = pattern.search(value)
        if match:
            note = " ".join(match.group(1).split())
            value = (value[: match.start()] + value[match.end() :]).strip()
    return value.strip(" ,;"), note


def _fix_case(word: str) -> str:
    """«ИВАНОВА» / «иванова» -> «Иванова»; each part of «петрова-водкина» separately."""
    lowered = word.lower()
    if lowered in _PATRONYMIC_WORDS:
        return lowered
    pieces = []
    for piece in word.split("-"):
        if piece.lower() in _PATRONYMIC_WORDS:
            pieces.append(piece.lower())
        elif piece.isupper() or piece.islower():
            pieces.append(piece[:1].upper() + piece[1:].lower())
        else:
            pieces.append(piece)  # already mixed: keep (МакКой, ДиКаприо)
    return "-".join(pieces)


def _is_patronymic(word: str) -> bool:
    low = word.lower()
    return low.endswith(_MALE_PATRONYMIC_ENDINGS + _FEMALE_PATRONYMIC_ENDINGS) and len(low) > 4


def _merge_initials(words: list[str]) -> list[str]:
    """«В.», «Н.» -> «В.Н.»; «Н.В» -> «Н.В.»; «СВ» after a surname -> «С.В.»."""
    out: list[str] = []
    for index, word in enumerate(words):
        # «СВ» is read as initials only after a surname not itself in capitals («ЛИ ЯН» is a name)
        is_initial = bool(_LOOSE_INITIALS.match(word)) and (
            "." in word
            or (index > 0 and len(word) == 1)
            or (index > 0 and len(word) <= 3 and len(words) == 2 and not words[0].isupper())
        )
        if not is_initial:
            out.append(word)
            continue
        letters = [ch for ch in word if ch != "."]
        block = "".join(f"{ch.upper()}." for ch in letters)
        if out and _INITIALS.match(out[-1]):
            out[-1] += block
        else:
            out.append(block)
    return out


def normalise_name(text: object) -> str:
    """Trims and fixes a full name as people type it.

    «  ИВАНОВА  мария петровна » -> «Иванова Мария Петровна»; «Фисенко В. Н.» -> «Фисенко В.Н.»;
    «Светлана Витальевна Цицилина» -> «Цицилина Светлана Витальевна»; «и.о. директора …» and
    «…, и.о. директора» are dropped (``split_name_note`` returns them).
    """
    value, _note = split_name_note(text)
    if not value:
        return ""
    words = [w for w in re.split(r"[\s,]+", value) if w]
    words = _merge_initials(words)
    words = [w if _INITIALS.match(w) else _fix_case(w) for w in words]
    # «Н.В. Хороброва» -> «Хороброва Н.В.»
    if len(words) == 2 and _INITIALS.match(words[0]) and not _INITIALS.match(words[1]):
        words = [words[1], words[0]]
    # «Светлана Витальевна Цицилина» -> «Цицилина Светлана Витальевна»
    if (
        len(words) == 3
        and _is_patronymic(words[1])
        and not _is_patronymic(words[2])
        and not _is_patronymic(words[0])
    ):
        words = [words[2], words[0], words[1]]
    return " ".join(words)


def _split(full_name: str) -> _Parts:
    words = full_name.split()
    if not words:
        return _Parts(last="")
    if len(words) >= 2 and all(_INITIALS.match(w) for w in words[1:]):
        return _Parts(last=words[0], initials="".join(words[1:]))
    last = words[0]
    first = words[1] if len(words) > 1 else ""
    middle = " ".join(words[2:])
    return _Parts(last=last, first=first, middle=middle)


# ---------------------------------------------------------------------------
# Gender


@lru_cache(maxsize=1)
def _gender_detector():  # type: ignore[no-untyped-def]
    # heavy: pytrovich loads with the first name declined
    from pytrovich.detector import PetrovichGenderDetector

    return PetrovichGenderDetector()


def _gender_by_surname(last: str) -> str | None:
    low = last.lower().split("-")[-1]
    if low.endswith(_FEMALE_SURNAME_ENDINGS) and len(low) > 4:
        return "f"
    if low.endswith(_MALE_SURNAME_ENDINGS) and len(low) > 3:
        return "m"
    return None


def guess_gender(full_name: str) -> str | None:
    """'m' or 'f' from the patronymic (-вич/-вна, оглы/кызы), else the first name, else a surname
    with an unmistakable ending (-ова/-ов, -ская/-ский), else None."""
    parts = _split(normalise_name(full_name))
    middle = parts.middle.lower()
    if middle:
        if middle.endswith(_FEMALE_PATRONYMIC_ENDINGS):
            return "f"
        if middle.endswith(_MALE_PATRONYMIC_ENDINGS):
            return "m"
    if parts.first:
        # heavy: pytrovich loads with the first name declined
        from pytrovich.enums import Gender

        detected = _gender_detector().detect(firstname=parts.first)
        if detected == Gender.MALE:
            return "m"
        if detected == Gender.FEMALE:
            return "f"
    if parts.last:
        return _gender_by_surname(parts.last)
    return None


def acting_word(gender: str | None) -> str:
    """«действующего» / «действующей» to agree with the person («в лице директора …, действующей
    на основании Устава»); «действующего(-ей)» when the gender is unknown, so nobody signs a wrong
    ending unnoticed."""
    if gender == "f":
        return "действующей"
    if gender == "m":
        return "действующего"
    return "действующего(-ей)"


# ---------------------------------------------------------------------------
# Names


@lru_cache(maxsize=1)
def _maker():  # type: ignore[no-untyped-def]
    # heavy: pytrovich loads with the first name declined
    from pytrovich.maker import PetrovichDeclinationMaker

    return PetrovichDeclinationMaker()


_HUSHING_OR_VELAR = "гкхжшчщ"
_HUSHING_OR_TS = "жшчщц"
_VOWELS = "аеёиоуыэюя"
_INDECLINABLE_FINALS = "оеэиыую"
# Letters before «-их» in Russian adjectival surnames (Долгих, Кременских, Рыжих, Синих).
_ADJECTIVAL_IH_STEMS = "гкхжшчщнь"


def _first_declension(word: str, case: str) -> str:
    """A noun of the first declension: Рева -> Ревы, Реве, Реву, Ревой; Зозуля -> Зозули …"""
    stem, final = word[:-1], word[-1]
    letter = stem[-1].lower()
    soft = final.lower() == "я"
    ending = {
        "gent": "и" if soft or letter in _HUSHING_OR_VELAR else "ы",
        "datv": "е",
        "accs": "ю" if soft else "у",
        "ablt": "ей" if soft or letter in _HUSHING_OR_TS else "ой",
    }[case]
    return stem + (ending.upper() if final.isupper() else ending)


def _hard_masculine(word: str, case: str) -> str:
    """A masculine noun on a hard consonant: Реттих -> Реттиха, Реттиху, Реттиха, Реттихом."""
    return word + {"gent": "а", "datv": "у", "accs": "а", "ablt": "ом"}[case]


def _pytrovich(part: str, word: str, gender: str, case: str, *, known_gender: bool = True) -> str:
    # heavy: pytrovich loads with the first name declined
    from pytrovich.enums import Case, Gender, NamePart

    return str(
        _maker().make(
            {"last": NamePart.LASTNAME, "first": NamePart.FIRSTNAME, "middle": NamePart.MIDDLENAME}[part],
            Gender.FEMALE if gender == "f" else Gender.MALE,
            {
                "gent": Case.GENITIVE,
                "datv": Case.DATIVE,
                "accs": Case.ACCUSATIVE,
                "ablt": Case.INSTRUMENTAL,
            }[case],
            word,
            known_gender=known_gender,
        )
    )


def _decline_surname_piece(piece: str, gender: str, case: str, *, last: bool) -> str:
    low = piece.lower()
    if len(low) < 2 or low[-1] in _INDECLINABLE_FINALS:
        return piece  # Дурново, Живаго, Шевченко, Барбье, Бурау
    if gender == "m" and low.endswith("их") and len(low) > 3 and low[-3] not in _ADJECTIVAL_IH_STEMS:
        return _hard_masculine(piece, case)  # Реттих, Дитрих (not Долгих, Кременских)
    # As pytrovich does for a whole double surname: the gender counts as known only for
    # the last part, so «Бонч» in «Бонч-Бруевич» finds its indeclinable exception.
    result = _pytrovich("last", piece, gender, case, known_gender=last)
    if result == piece and low[-1] in "ая" and low[-2] not in _VOWELS and low[-2] not in "ьъ":
        return _first_declension(piece, case)  # Рева, Кива: the rules file keeps them
    return result


def _decline_surname(last: str, gender: str, case: str) -> str:
    pieces = last.split("-")
    return "-".join(
        _decline_surname_piece(p, gender, case, last=i == len(pieces) - 1) for i, p in enumerate(pieces)
    )


def _decline_known(parts: _Parts, gender: str, case: str) -> list[str]:
    out = [_decline_surname(parts.last, gender, case)] if parts.last else []
    if parts.initials:
        out.append(parts.initials)
        return out
    if parts.first:
        out.append("-".join(_pytrovich("first", p, gender, case) for p in parts.first.split("-")))
    if parts.middle:
        if " " in parts.middle or parts.middle.lower().endswith(_PATRONYMIC_WORDS):
            out.append(parts.middle)  # «Рафик оглы» stays
        else:
            out.append(_pytrovich("middle", parts.middle, gender, case))
    return out


def _decline(parts: _Parts, gender: str | None, case: str) -> str:
    if gender in ("m", "f"):
        return " ".join(_decline_known(parts, gender, case))
    # Unknown gender: decline only what both genders decline alike; keep the rest as written.
    male = _decline_known(parts, "m", case)
    female = _decline_known(parts, "f", case)
    plain = _nominative_words(parts)
    return " ".join(m if m == f else p for m, f, p in zip(male, female, plain, strict=True))


def _nominative_words(parts: _Parts) -> list[str]:
    out = [parts.last] if parts.last else []
    if parts.initials:
        return [*out, parts.initials]
    return out + [w for w in (parts.first, parts.middle) if w]


def decline_name(full_name: str, gender: str | None = None) -> NameCases:
    """The full name in the genitive, dative, accusative and instrumental.

    ``gender`` ('m'/'f') when known (e.g. from the person card); otherwise guessed by
    ``guess_gender``. With the gender unknown, only what declines alike for both genders
    is declined. «Хороброва Н.В.» declines the surname and keeps the initials.
    """
    nominative = normalise_name(full_name)
    if gender not in ("m", "f"):
        gender = guess_gender(nominative)
    parts = _split(nominative)
    if not nominative:
        return NameCases("", "", "", "", "", gender)
    return NameCases(
        nominative=nominative,
        genitive=_decline(parts, gender, "gent"),
        dative=_decline(parts, gender, "datv"),
        accusative=_decline(parts, gender, "accs"),
        instrumental=_decline(parts, gender, "ablt"),
        gender=gender,
    )


# ---------------------------------------------------------------------------
# Stored corrections


def _stored(session: Session, nominative: str):  # type: ignore[no-untyped-def]
    # heavy: SQLAlchemy and the models stay out of this module's import (test_declension)
    from sqlalchemy import select

    from ..models import NameForms  # heavy: see above

    return session.scalars(select(NameForms).where(NameForms.nominative == nominative)).first()


def forms_for(session: Session, full_name: str, gender: str | None = None) -> NameCases:
    """The forms documents use: a correction stored by the user wins over the computed forms."""
    computed = decline_name(full_name, gender)
    row = _stored(session, computed.nominative) if computed.nominative else None
    if row is None:
        return computed
    return NameCases(
        nominative=computed.nominative,
        genitive=row.genitive or computed.genitive,
        dative=row.dative or computed.dative,
        accusative=row.accusative or computed.accusative,
        instrumental=row.instrumental or computed.instrumental,
        gender=row.gender if row.gender in ("m", "f") else computed.gender,
    )


def save_correction(session: Session, cases: NameCases) -> None:
    """Stores (or updates) the user's forms for this nominative; the caller commits."""
    from ..models import NameForms  # heavy: the models load SQLAlchemy, kept out of this module's import

    nominative = normalise_name(cases.nominative) or cases.nominative.strip()
    if not nominative:
        raise ValueError("correction without a nominative form")
    row = _stored(session, nominative)
    if row is None:
        row = NameForms(nominative=nominative)
        session.add(row)
    row.gender = cases.gender if cases.gender in ("m", "f") else None
    row.genitive = " ".join(cases.genitive.split())
    row.dative = " ".join(cases.dative.split())
    row.accusative = " ".join(cases.accusative.split())
    row.instrumental = " ".join(cases.instrumental.split())
    log.info("stored the corrected forms of «%s»", nominative)


# ---------------------------------------------------------------------------
# Initials


def _initials_and_surname(full_name: str) -> tuple[str, str]:
    parts = _split(normalise_name(full_name))
    if parts.initials:
        return parts.initials, parts.last
    letters = []
    if parts.first:
        letters.append(parts.first[0].upper() + ".")
    if parts.middle:
        letters.append(parts.middle[0].upper() + ".")
    return "".join(letters), parts.last


def initials_before(full_name: str) -> str:
    """«Иванова Мария Петровна» -> «М.П. Иванова» (a non-breaking space before the surname).

    Works on a declined name too: «Ивановой Марии Петровне» -> «М.П. Ивановой».
    """
    initials, last = _initials_and_surname(full_name)
    return f"{initials}{NBSP}{last}" if initials else last


def initials_after(full_name: str) -> str:
    """«Иванова Мария Петровна» -> «Иванова М.П.» (a non-breaking space after the surname)."""
    initials, last = _initials_and_surname(full_name)
    return f"{last}{NBSP}{initials}" if initials else last


# ---------------------------------------------------------------------------
# Positions


@lru_cache(maxsize=1)
def _morph():  # type: ignore[no-untyped-def]
    # heavy: pymorphy3 and its dictionaries load with the first position declined
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


_ATTRIBUTE_POS = {"ADJF", "PRTF", "NUMR"}


def _nominative_parses(word: str) -> list:  # type: ignore[type-arg]
    return [
        p for p in _morph().parse(word) if p.tag.case == "nomn" and p.tag.POS in {"NOUN", *_ATTRIBUTE_POS}
    ]


def _agrees(attr, noun) -> bool:  # type: ignore[no-untyped-def]
    if attr.tag.number != noun.tag.number:
        return False
    return attr.tag.number == "plur" or attr.tag.gender == noun.tag.gender or "ms-f" in noun.tag


def _keep_case(template: str, word: str) -> str:
    if template.isupper() and len(template) > 1:
        return word.upper()
    if template[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def _restore_yo(original: str, inflected: str) -> str:
    """pymorphy3 writes «ё»; keep «е» where the user wrote «е» (учёный/ученый)."""
    if "ё" in original.lower():
        return inflected
    return inflected.replace("ё", "е")


def _inflect(parse, case: str, original: str, animate: bool = True) -> str:  # type: ignore[no-untyped-def]
    grammemes = {case}
    # an adjective agreeing with a person: «главного специалиста», but «главную медсестру»
    if (
        case == "accs"
        and animate
        and parse.tag.POS in _ATTRIBUTE_POS
        and (parse.tag.number == "plur" or parse.tag.gender == "masc")
    ):
        grammemes.add("anim")
    form = parse.inflect(grammemes) or parse.inflect({case})
    if form is None:
        return original
    return _keep_case(original, _restore_yo(original, form.word))


def _decline_word_with_hyphens(word: str, case: str) -> str | None:
    """«учитель-логопед» -> «учителя-логопеда»; None when a piece is not a nominative noun."""
    pieces = word.split("-")
    out = []
    for piece in pieces:
        nouns = [p for p in _nominative_parses(piece) if p.tag.POS == "NOUN"]
        if not nouns:
            return None
        out.append(_inflect(nouns[0], case, piece))
    return "-".join(out)


def decline_position(position: str, case: str = "gent") -> str:
    """A position in a case: the head word and the words agreeing with it change, the rest stays.

    «директор» -> «директора»; «исполняющий обязанности директора» -> «исполняющего обязанности
    директора»; «учитель русского языка и литературы» (datv) -> «учителю русского языка и литературы».
    """
    text = " ".join(str(position or "").split())
    if not text or case == "nomn":
        return text
    if case not in CASES:
        raise ValueError(f"unknown case {case!r}; expected one of {CASES}")
    words = text.split(" ")
    out: list[str] = []
    index = 0
    while index < len(words):
        word = words[index]
        bare = word.strip('«»"(),')
        if bare != word or not re.fullmatch(r"[А-Яа-яЁё-]+", bare):
            break
        if "-" in bare:
            declined = _decline_word_with_hyphens(bare, case)
            if declined is None:
                break
            out.append(declined)
            index += 1
            break
        parses = _nominative_parses(bare)
        if not parses:
            break
        nxt = words[index + 1] if index + 1 < len(words) else ""
        next_parses = _nominative_parses(nxt.strip('«»"(),')) if nxt else []
        attributes = [p for p in parses if p.tag.POS in _ATTRIBUTE_POS]
        pair = next(
            ((a, n) for a in attributes for n in next_parses if _agrees(a, n)),
            None,
        )
        if pair is not None:  # «главный специалист», «ведущий методист»: decline and go on
            out.append(_inflect(pair[0], case, bare))
            index += 1
            continue
        # the head: a noun, or a participle used as one («исполняющий обязанности», «заведующая»)
        nouns = [p for p in parses if p.tag.POS == "NOUN"]
        head = nouns[0] if nouns else parses[0]
        out.append(_inflect(head, case, bare))
        index += 1
        break
    return " ".join(out + words[index:])
