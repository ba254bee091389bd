"""Which schools are "ours": the district's municipality, the region as a second level. Qt-free.

Every ФИС ОКО file covers a whole region; the methodist works for one municipality (or, for a
city district with its own list, several). The district profile names them
(``municipality_name`` / ``municipality_code`` and ``extra_municipalities``). A :class:`Scope`
is that list; every import keeps the schools it covers and every analysis compares a school
with the schools it covers (the district level), the region being a second, named level.

A school covers by its ``municipality`` text, compared under
:func:`~shnor_desktop.registry.naming.municipality_key` («Целинный район» = «Целинный
муниципальный район», «г. Бийск» = «город Бийск»). A school with no municipality at all was
typed in by the methodist herself and counts as hers. When the profile names no municipality
the scope is the whole registry (:attr:`Scope.everything`): the demo district and a district
that loaded only its own schools work as before.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import DistrictProfile, School
from . import naming

ALL_MUNICIPALITIES = ("*", "все", "всё", "all", "регион", "весь регион")
_CODE = re.compile(r"reg\d+_m\d+", re.IGNORECASE)


@dataclass(frozen=True)
class Scope:
    """A set of municipalities (by name key and ФИС ОКО code); empty means every school."""

    names: tuple[str, ...] = ()  # as the user or the file wrote them, for messages
    keys: frozenset[str] = frozenset()
    codes: frozenset[str] = frozenset()

    @classmethod
    def of(cls, names: Iterable[str], codes: Iterable[str] = ()) -> Scope:
        plain, found_codes = [], set()
        for item in names:
            text = naming.tidy(item)
            if not text:
                continue
            if _CODE.fullmatch(text):
                found_codes.add(text.lower())
                continue
            code, _, name = text.partition("|") if "|" in text else ("", "", text)
            if _CODE.fullmatch(code.strip()):
                found_codes.add(code.strip().lower())
            plain.append(naming.tidy(name))
        found_codes |= {c.strip().lower() for c in codes if c and c.strip()}
        keys = frozenset(k for k in (naming.municipality_key(n) for n in plain) if k)
        return cls(tuple(dict.fromkeys(plain)), keys, frozenset(found_codes))

    @property
    def everything(self) -> bool:
        """No municipality named: every school of the registry is the district."""
        return not (self.keys or self.codes)

    @property
    def label(self) -> str:
        """«г. Бийск», «Целинный район, Бийский район»; «все ОО реестра» for everything."""
        if self.everything:
            return "все ОО реестра"
        return ", ".join(self.names) or ", ".join(sorted(self.codes))

    def covers(self, municipality: str | None, code: str | None = "") -> bool:
        """Whether a school of this municipality (name and/or code, as a file writes them) is ours."""
        if self.everything:
            return True
        if code and code.strip().lower() in self.codes:
            return True
        text = naming.tidy(municipality)
        if "|" in text:
            left, _, text = text.partition("|")
            if left.strip().lower() in self.codes:
                return True
        return bool(text) and naming.municipality_key(text) in self.keys

    def covers_school(self, school: School) -> bool:
        """A registry school: by its municipality; one with none was typed in by hand and is ours."""
        return not school.municipality or self.covers(school.municipality)


EVERYTHING = Scope()


def profile_scope(profile: DistrictProfile | None) -> Scope:
    if profile is None:
        return EVERYTHING
    names = [profile.municipality_name, *(profile.extra_municipalities or [])]
    return Scope.of(names, [profile.municipality_code])


def district_scope(session: Session, municipality: str | None = None) -> Scope:
    """The scope of an analysis or an import: ``municipality`` when given (a name, a code, or
    several separated by «;»; «*»/«все» for every school), else the district profile's."""
    if municipality is not None and municipality.strip():
        text = municipality.strip()
        if text.lower() in ALL_MUNICIPALITIES:
            return EVERYTHING
        return Scope.of([part for part in re.split(r"\s*;\s*", text) if part])
    profile = session.scalar(select(DistrictProfile).limit(1))
    return profile_scope(profile)


def school_ids(session: Session, scope: Scope) -> list[int] | None:
    """Ids of the registry's schools in the scope; None when the scope is everything."""
    if scope.everything:
        return None
    rows = session.execute(select(School.id, School.municipality)).all()
    return [sid for sid, muni in rows if not muni or scope.covers(muni)]


@dataclass(frozen=True)
class MunicipalityCount:
    name: str
    schools: int
    archived: int
    ours: bool


def registry_municipalities(session: Session, scope: Scope | None = None) -> list[MunicipalityCount]:
    """The municipalities of the registry with their school counts, ours first."""
    scope = scope if scope is not None else district_scope(session)
    counts: dict[str, list[int]] = {}
    names: dict[str, str] = {}
    for muni, archived in session.execute(select(School.municipality, School.archived)):
        key = naming.municipality_key(muni) if muni else ""
        names.setdefault(key, muni or "")
        entry = counts.setdefault(key, [0, 0])
        entry[0] += 1
        entry[1] += int(bool(archived))
    result = [MunicipalityCount(names[k] or "(не указан)", n, a, not k or scope.covers(names[k]))
              for k, (n, a) in counts.items()]
    return sorted(result, key=lambda m: (not m.ours, m.name.lower().replace("ё", "е")))


def others_in_registry(session: Session, scope: Scope) -> list[School]:
    """Schools of the registry from other municipalities that are not archived yet."""
    if scope.everything:
        return []
    schools = session.scalars(select(School).where(School.archived.is_(False))).all()
    return [s for s in schools if not scope.covers_school(s)]


def level_adjective(region_name: str | None) -> str:
    """«краевой» for a край, «областной», «республиканский», «окружной», «городской» (Москва,
    Санкт-Петербург, Севастополь); «региональный» when the region is not named."""
    text = (region_name or "").lower().replace("ё", "е")
    if "край" in text:
        return "краевой"
    if "област" in text:
        return "областной"
    if "республик" in text or text.startswith(("татарстан", "башкортостан", "чуваш")):
        return "республиканский"
    if "округ" in text:
        return "окружной"
    if text.strip() in ("москва", "г. москва", "санкт-петербург", "г. санкт-петербург", "севастополь",
                        "г. севастополь"):
        return "городской"
    return "региональный"


def level_names(region_name: str | None) -> tuple[str, str]:
    """(district level, region level) as every output names them: («районный уровень»,
    «краевой уровень»)."""
    return "районный уровень", f"{level_adjective(region_name)} уровень"


def describe_counts(inside: int, outside: int, scope: Scope) -> str:
    """«в районе (г. Бийск): 41 ОО, других муниципалитетов: 596 ОО»."""
    return f"в районе ({scope.label}): {inside} ОО, других муниципалитетов: {outside} ОО"


def split_by_scope(municipalities: Sequence[tuple[str, str]], scope: Scope) -> tuple[int, int]:
    """How many of the (name, code) pairs the scope covers and how many it does not."""
    inside = sum(1 for name, code in municipalities if scope.covers(name, code))
    return inside, len(municipalities) - inside
