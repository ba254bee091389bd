"""Requisites read out of free text: legal form and kind from a school's names, postal code and
settlement from an address, a director's name cleaned up. Qt-free, pure functions.

The texts come from forms the schools fill in themselves, so they carry typos («Муниципльное»,
«седняя общеобразовательная школа»), stray spaces inside quotes and names in odd order; every
function here is tolerant and returns ``""`` when it cannot tell, never a guess.
"""

from __future__ import annotations

import re

# --- general tidying ------------------------------------------------------------------------

_SPACES = re.compile(r"\s+")
_NEEDS_TIDYING = re.compile(r'\s\s|[^\S ]|["«»]')


def tidy(text: object) -> str:
    """Whitespace collapsed (tabs, non-breaking spaces, doubles), ends stripped, no space just
    inside quotes: ``МБОУ " Рубцовская СОШ "`` -> ``МБОУ "Рубцовская СОШ"``."""
    if text is None:
        return ""
    value = str(text)
    if not _NEEDS_TIDYING.search(value):
        return value.strip()
    value = _SPACES.sub(" ", value.replace("\u00a0", " ")).strip()
    value = re.sub(r"«\s+", "«", value)
    value = re.sub(r"\s+»", "»", value)
    if value.count('"') % 2 == 0 and '"' in value:
        parts = value.split('"')
        # parts at odd positions are inside a pair of straight quotes
        for i in range(1, len(parts), 2):
            parts[i] = parts[i].strip()
        value = '"'.join(parts)
    return value


_ABBREVIATIONS_LOWER = re.compile(
    r"(?<![А-ЯЁа-яё])(сош|оош|нош|мбоу|мкоу|маоу|моу|кгбоу|чоу)(?![А-ЯЁа-яё])", re.IGNORECASE
)


def upper_abbreviations(text: str) -> str:
    """«МБОУ "Воеводская сош"» -> «МБОУ "Воеводская СОШ"»."""
    return _ABBREVIATIONS_LOWER.sub(lambda m: m.group(1).upper(), text)


def starts_with_abbreviation(name: str | None) -> bool:
    """True for «МБОУ "…"»: a full name per the charter spells the legal form out."""
    return bool(re.match(r"^[А-ЯЁ]{3,}\b", tidy(name)))


def capitalise_first(text: str) -> str:
    """«муниципальное бюджетное…» -> «Муниципальное бюджетное…» (only the first letter)."""
    return text[:1].upper() + text[1:] if text else text


# --- legal form -----------------------------------------------------------------------------

_ABBREVIATION = re.compile(
    r"(?<![А-ЯЁа-яё])("
    r"ФГБОУ|ФГКОУ|ФГАОУ|КГБ\s?П?ОУ|КГК\s?П?ОУ|КГА\s?П?ОУ|КГОУ|ГБП?ОУ|ГКП?ОУ|ГАП?ОУ|"
    r"МБОУ|МКОУ|МАОУ|МОУ|МБУ|МКУ|ЧОУ|НОЧУ|ЧОО|АН\s?ПОО|АНОО|АНО"
    r")(?![А-ЯЁа-яё])"
)
_MUNICIPAL = re.compile(r"\bму[а-яё]*ци(?:пал|пл)", re.IGNORECASE)
_REGIONAL = re.compile(r"\bкраев", re.IGNORECASE)
_FEDERAL = re.compile(r"\bфедеральн", re.IGNORECASE)
_STATE = re.compile(r"\bгосудар", re.IGNORECASE)
_PRIVATE = re.compile(r"\bчастн", re.IGNORECASE)
_NON_PROFIT = re.compile(r"\bавтономн\w*\s+некоммерческ", re.IGNORECASE)
_BUDGET = re.compile(r"\bб[юу]джетн", re.IGNORECASE)
_TREASURY = re.compile(r"\bказ[её]нн", re.IGNORECASE)
_AUTONOMOUS = re.compile(r"\bавтономн", re.IGNORECASE)
_PROFESSIONAL = re.compile(r"\bпрофессиональн", re.IGNORECASE)
_INSTITUTION = re.compile(r"\bуч[а-яё]*ден", re.IGNORECASE)
_ORGANISATION = re.compile(r"\bорганизаци", re.IGNORECASE)


def _legal_form_from_words(full_name: str) -> tuple[str, bool]:
    """(abbreviation, has_type_letter) built from the words of a full name."""
    name = full_name.split("«")[0].split('"')[0]  # only the words before the school's own name
    if _NON_PROFIT.search(name):
        owner = "АН"
    elif _MUNICIPAL.search(name):
        owner = "М"
    elif _REGIONAL.search(name) and _STATE.search(name):
        owner = "КГ"
    elif _FEDERAL.search(name):
        owner = "ФГ"
    elif _STATE.search(name):
        owner = "Г"
    elif _PRIVATE.search(name):
        owner = "Ч"
    else:
        return "", False
    kind = ""
    if owner != "АН":
        if _BUDGET.search(name):
            kind = "Б"
        elif _TREASURY.search(name):
            kind = "К"
        elif _AUTONOMOUS.search(name):
            kind = "А"
    professional = "П" if _PROFESSIONAL.search(name) else ""
    if _INSTITUTION.search(name):
        tail = professional + "ОУ"
    elif _ORGANISATION.search(name):
        tail = professional + "ОО"
    else:
        return "", False
    return owner + kind + tail, bool(kind) or owner in {"Ч", "АН"}


def legal_form(full_name: str | None, short_name: str | None = None) -> str:
    """МБОУ, МКОУ, МАОУ, КГБОУ, ЧОУ… from the full name (per the charter) or the short name.

    The full name decides when it names the type (бюджетное / казённое / автономное); a short
    name's abbreviation is taken over a full name without the type («Муниципальное
    общеобразовательное учреждение» + «МБОУ …» -> МБОУ).
    """
    from_full, typed = _legal_form_from_words(tidy(full_name))
    if from_full and typed:
        return from_full
    match = _ABBREVIATION.search(tidy(short_name)) or _ABBREVIATION.search(tidy(full_name))
    if match:
        return match.group(1).replace(" ", "")
    return from_full


# --- kind of school ---------------------------------------------------------------------------

_OVZ_KIND = "школа для обучающихся с ОВЗ"
_KIND_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("кадетский корпус", re.compile(r"кадетск\w*\s+корпус", re.IGNORECASE)),
    ("лицей", re.compile(r"\bлице[йяюе]", re.IGNORECASE)),
    ("гимназия", re.compile(r"\bгимнази", re.IGNORECASE)),
    ("школа-интернат", re.compile(r"школ\w*\s*[-–—]?\s*интернат|(?<![А-ЯЁа-яё])КШИ", re.IGNORECASE)),
    ("кадетская школа", re.compile(r"кадетск\w*\s+школ", re.IGNORECASE)),
    ("вечерняя (сменная) школа", re.compile(
        r"\bвечерн|\bсменн|(?<![А-ЯЁа-яё])[ВО]\s?\(?С\)?\s?ОШ", re.IGNORECASE)),
    ("центр образования", re.compile(r"\bцентр\w*\s+образовани|\bобразовательн\w*\s+центр",
                                     re.IGNORECASE)),
    ("профессиональная ОО", re.compile(
        r"\bколледж|\bтехникум|\bуниверситет|\bинститут|\bакадеми|\bучилищ|"
        r"\bпрофессиональн\w*\s+образовательн|(?<![А-ЯЁа-яё])(?:К?Г?Б?\s?ПОУ|ПОО)(?![А-ЯЁа-яё])",
        re.IGNORECASE)),
    ("СОШ", re.compile(
        r"\bс[а-яё]{1,3}н(?:яя|ей|юю)\s*(?:\(полн\w*\)\s*)?(?:[а-яё]*образовател\w*\s+)?школ|"
        r"(?<![А-ЯЁа-яё])(?:М?[БКА]?ОУ\s*)?(?:СОШ|ОСШ|СШ)(?![А-ЯЁа-яё])", re.IGNORECASE)),
    ("ООШ", re.compile(
        r"\bосновн\w*\s+(?:[а-яё]*образовател\w*\s+)?школ|(?<![А-ЯЁа-яё])ООШ(?![А-ЯЁа-яё])",
        re.IGNORECASE)),
    ("НОШ", re.compile(
        r"\bначальн\w*\s+(?:[а-яё]*образовател\w*\s+)?школ|(?<![А-ЯЁа-яё])НОШ(?![А-ЯЁа-яё])",
        re.IGNORECASE)),
    (_OVZ_KIND, re.compile(r"ограниченн\w*\s+возможност|коррекц|(?<![А-ЯЁа-яё])ОВЗ", re.IGNORECASE)),
]


def _kind_of(text: str) -> str:
    for kind, pattern in _KIND_RULES:
        if pattern.search(text):
            return kind
    return ""


def school_kind(full_name: str | None, short_name: str | None = None) -> str:
    """СОШ, ООШ, НОШ, гимназия, лицей, школа-интернат… from the full name, else the short name.

    Boarding schools, gymnasiums and lyceums are recognised before СОШ/ООШ, so «средняя
    общеобразовательная школа-интернат» is a школа-интернат. ``""`` when neither name tells.
    """
    full = tidy(full_name)
    kind = _kind_of(full) if full_name_is_meaningful(full) else ""
    if kind and kind != _OVZ_KIND:
        return kind
    return _kind_of(tidy(short_name)) or kind


_FORM_WORDS = re.compile(
    r"\b(?:му[а-яё]*ци\w*|краев\w*|государ\w*|федеральн\w*|частн\w*|автономн\w*|некоммерческ\w*|"
    r"б[юу]джетн\w*|каз[её]нн\w*|[а-яё]*образовательн\w*|учре\w*|организаци\w*|профессиональн\w*)\b",
    re.IGNORECASE,
)


def full_name_is_meaningful(full_name: str | None) -> bool:
    """False for a «full name» that is only the legal-form words («Муниципальное бюджетное
    общеобразовательное учреждение ""»), as some schools typed it."""
    rest = _FORM_WORDS.sub(" ", tidy(full_name))
    rest = re.sub(r'[«»"\'“”„.,;()\s-]', "", rest)
    return len(rest) >= 3


# --- addresses -----------------------------------------------------------------------------

_POSTAL = re.compile(r"(?<!\d)(\d{3}) ?(\d{3})(?!\d)")


def split_postal_code(address: str | None) -> tuple[str, str]:
    """(postal code, address without it): ``"659444, Алтайский край, с. Воеводское…"`` ->
    ``("659444", "Алтайский край, с. Воеводское…")``. The code may stand at the start or the end;
    ``("", address)`` when there is no six-digit group (seven digits are a typo, left alone)."""
    text = tidy(address)
    match = _POSTAL.search(text)
    if not match:
        return "", text.strip(" ,;")
    before, after = text[: match.start()], text[match.end():]
    if before.strip(" ,.;") and after.strip(" ,.;"):
        # in the middle: ", 658015, " -> ", "
        rest = before.rstrip(" ,;") + ", " + after.lstrip(" ,.;")
    else:
        rest = before + after
    return match.group(1) + match.group(2), rest.strip(" ,;")


_SETTLEMENT_MARKER = re.compile(
    r"(?:^|[\s,])"
    r"(?:село|с|c|посёлок|поселок|пос|п|город|г|рабочий\s+посёлок|рабочий\s+поселок|р\.\s?п|рп|пгт|"
    r"деревня|дер|д|станция|ст|разъезд|рзд)"
    r"(?:\.\s*|\s+)"
    r"((?-i:[А-ЯЁ])[А-ЯЁа-яё\-]+(?:[ -](?-i:[А-ЯЁ])[А-ЯЁа-яё\-]*)?)",
    re.IGNORECASE,
)
_SETTLEMENT_AFTER = re.compile(r"(?:^|,\s*)([А-ЯЁ][А-ЯЁа-яё\-]+)\s+(?:с|г|п|пгт|д|ст)(?:\.|\s*,|$)")
_NOT_SETTLEMENT = re.compile(
    r"^(?:ул|улица|пер|переулок|пр|пр-т|проспект|пл|площадь|д|дом|алтайск\w*|район\w*)$"
    r"|(?:ского|цкого|края|района)$",
    re.IGNORECASE,
)


def settlement_from_address(address: str | None) -> str:
    """The settlement named with a marker (с., село, п., г., город, р.п., ст.…), else ``""``.

    The last marked name wins, so «г. Барнаул, с. Лебяжье» gives «Лебяжье»:
    ``"с.Победа, ул.Ленина 1А"`` -> ``"Победа"``; ``"Коротояк с, Вокзальная ул"`` -> ``"Коротояк"``.
    Addresses without a marker give ``""`` rather than a guess.
    """
    text = tidy(address)
    found = ""
    for match in _SETTLEMENT_MARKER.finditer(text):
        if re.search(r"\b(?:ул|улица|пр|пер)\.?\s*$", text[: match.start() + 1], re.IGNORECASE):
            continue  # «ул. Г.Исакова» is a street named after a person
        words = match.group(1).strip(" -").split(" ")
        if _NOT_SETTLEMENT.search(words[0]) or not words[0][:1].isupper():
            continue
        if len(words) > 1 and _NOT_SETTLEMENT.search(words[1]):
            words = words[:1]
        name = " ".join(words)
        found = name.title() if name.isupper() else name
    if found:
        return found
    after = _SETTLEMENT_AFTER.search(text)
    return after.group(1) if after else ""


# --- municipalities ------------------------------------------------------------------------

_MUNICIPALITY_NOISE = re.compile(
    r"\b(?:муниципальн\w*|район\w*|округ\w*|образовани\w*|городской|р-н)\b", re.IGNORECASE
)


def municipality_key(name: str | None) -> str:
    """A comparison key under which the spellings of one municipality agree:
    «Целинный муниципальный район», «Целинный район» -> «целинный»;
    «город Бийск», «г. Бийск» -> «г бийск»; a «reg22_m056 | » code prefix is dropped."""
    text = tidy(name)
    if "|" in text:
        text = text.split("|", 1)[1]
    text = text.lower().replace("ё", "е")
    text = re.sub(r"^(?:город|г\.)\s*", "г ", text)
    text = _MUNICIPALITY_NOISE.sub(" ", text)
    text = re.sub(r"[^\w() ]", " ", text)
    return _SPACES.sub(" ", text).strip()


# --- people --------------------------------------------------------------------------------

_ACTING = re.compile(
    r"(?:,\s*)?\b(?:и\.?\s?о\.?|исполняющ\w*\s+обязанност\w*)(?:\s+директора)?\s*[,:]?\s*",
    re.IGNORECASE,
)
_PATRONYMIC_F = re.compile(r"(?:вна|чна|кызы)$", re.IGNORECASE)
_PATRONYMIC_M = re.compile(r"(?:вич|ьич|оглы)$", re.IGNORECASE)


def clean_person_name(text: str | None) -> tuple[str, bool]:
    """(name, acting): «и.о. директора Сидякина Анна Вячеславовна» -> (name, True);
    «Светлана Витальевна Цицилина» -> «Цицилина Светлана Витальевна» (surname first)."""
    name = tidy(text)
    acting = bool(_ACTING.search(name))
    if acting:
        name = tidy(_ACTING.sub(" ", name)).strip(" ,")
    words = name.split(" ")
    if len(words) == 3 and _is_patronymic(words[1]) and not _is_patronymic(words[2]):
        name = " ".join([words[2], words[0], words[1]])
    return name, acting


def _is_patronymic(word: str) -> bool:
    return bool(_PATRONYMIC_F.search(word) or _PATRONYMIC_M.search(word))


def gender_from_name(full_name: str | None) -> str | None:
    """'f' / 'm' from the patronymic of «Фамилия Имя Отчество»; None when not written in full."""
    words = tidy(full_name).split(" ")
    if len(words) < 3:
        return None
    patronymic = words[2]
    if _PATRONYMIC_F.search(patronymic):
        return "f"
    if _PATRONYMIC_M.search(patronymic):
        return "m"
    return None


def is_abbreviation_of(short: str | None, full: str | None) -> bool:
    """True when ``short`` is ``full`` with initials: «Хороброва Н.В.» of «Хороброва Наталья
    Витальевна» (so a form with initials never replaces the full name)."""
    short_words = re.findall(r"[А-ЯЁа-яёA-Za-z-]+", tidy(short))
    full_words = tidy(full).split(" ")
    if len(short_words) < 2 or len(full_words) < 2 or len(full_words) <= 1:
        return False
    if short_words[0].lower().replace("ё", "е") != full_words[0].lower().replace("ё", "е"):
        return False
    initials = short_words[1:]
    if len(initials) == 1 and len(initials[0]) > 1 and initials[0].isupper():
        initials = list(initials[0])  # «Шилина СВ»
    if not all(len(i) == 1 for i in initials):
        return False
    rest = full_words[1:]
    return len(initials) <= len(rest) and all(
        i.upper() == w[:1].upper() for i, w in zip(initials, rest, strict=False)
    )
