"""Which library declines Russian full names best? Measured on tests/data/names_gold.csv.

Candidates, each fed the normalised name and the true gender, part by part:
  pytrovich  — the petrovich rules (installed, a project dependency);
  pymorphy3  — word by word, choosing the Surn/Name/Patr parse of that gender;
  petrovich  — the older PyPI port (``pip install petrovich`` to include it; skipped if absent);
and ``ours`` — shnor_desktop.docs_gen.declension.decline_name on the raw input, gender guessed.

Prints accuracy per library and case (whole full name must match), the same on the hard
cases only, the time per name (after the one-time load) as a ratio to the normaliser alone,
and how our forms differ from plain pytrovich over every director's name in the context forms.

    .venv/bin/python bench/bench_declension.py [-v]
"""

from __future__ import annotations

import csv
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

GOLD = REPO / "tests" / "data" / "names_gold.csv"
SAMPLES = REPO / "tests" / "data" / "fisoko"
CASES = ("gent", "datv", "accs", "ablt")
FIELDS = {"gent": "genitive", "datv": "dative", "accs": "accusative", "ablt": "instrumental"}
PARTS = ("last", "first", "middle")

Decliner = Callable[[str, str, str], str]  # (normalised name, gender, case) -> form


def _words(name: str) -> list[str]:
    return name.split()


def _keep(word: str) -> bool:
    return "." in word  # initials stay as written


# --- pytrovich -------------------------------------------------------------


def make_pytrovich() -> Decliner:
    from pytrovich.enums import Case, Gender, NamePart
    from pytrovich.maker import PetrovichDeclinationMaker

    maker = PetrovichDeclinationMaker()
    parts = (NamePart.LASTNAME, NamePart.FIRSTNAME, NamePart.MIDDLENAME)
    cases = {"gent": Case.GENITIVE, "datv": Case.DATIVE, "accs": Case.ACCUSATIVE, "ablt": Case.INSTRUMENTAL}

    def decline(name: str, gender: str, case: str) -> str:
        words = _words(name)
        g = Gender.FEMALE if gender == "f" else Gender.MALE
        out = [
            w if _keep(w) else maker.make(p, g, cases[case], w) for w, p in zip(words, parts, strict=False)
        ]
        return " ".join(out + words[3:])

    return decline


# --- pymorphy3 -------------------------------------------------------------


def make_pymorphy3() -> Decliner:
    import pymorphy3

    morph = pymorphy3.MorphAnalyzer()
    labels = ("Surn", "Name", "Patr")

    def word_form(word: str, label: str, gender: str, case: str) -> str:
        gram = "femn" if gender == "f" else "masc"
        parses = [p for p in morph.parse(word) if p.tag.case == "nomn" and p.tag.number != "plur"]
        ranked = [p for p in parses if label in p.tag and gram in p.tag]
        ranked += [p for p in parses if p.tag.POS in ("NOUN", "ADJF") and (gram in p.tag or "ms-f" in p.tag)]
        for parse in ranked:
            grammemes = {case}
            if case == "accs" and parse.tag.POS == "ADJF" and gram == "masc":
                grammemes.add("anim")
            form = parse.inflect(grammemes)
            if form is not None:
                text = form.word if "ё" in word.lower() else form.word.replace("ё", "е")
                return text[:1].upper() + text[1:]
        return word

    def decline(name: str, gender: str, case: str) -> str:
        words = _words(name)
        out = [
            w if _keep(w) else "-".join(word_form(piece, label, gender, case) for piece in w.split("-"))
            for w, label in zip(words, labels, strict=False)
        ]
        return " ".join(out + words[3:])

    return decline


# --- petrovich (PyPI) ------------------------------------------------------


def make_petrovich() -> Decliner | None:
    try:
        from petrovich.enums import Case, Gender
        from petrovich.main import Petrovich
    except ImportError:
        return None
    p = Petrovich()
    methods = (p.lastname, p.firstname, p.middlename)
    cases = {"gent": Case.GENITIVE, "datv": Case.DATIVE, "accs": Case.ACCUSATIVE, "ablt": Case.INSTRUMENTAL}

    def decline(name: str, gender: str, case: str) -> str:
        words = _words(name)
        g = Gender.FEMALE if gender == "f" else Gender.MALE
        out = [w if _keep(w) else m(w, cases[case], g) for w, m in zip(words, methods, strict=False)]
        return " ".join(out + words[3:])

    return decline


# --- ours ------------------------------------------------------------------


def make_ours(raw_inputs: dict[str, str]) -> Decliner:
    from shnor_desktop.docs_gen.declension import decline_name

    cache: dict[str, object] = {}

    def decline(name: str, gender: str, case: str) -> str:
        raw = raw_inputs[name]
        if raw not in cache:
            cache[raw] = decline_name(raw)  # gender guessed, raw input normalised inside
        return str(getattr(cache[raw], FIELDS[case]))

    return decline


# ---------------------------------------------------------------------------


def load_gold() -> list[dict[str, str]]:
    with GOLD.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def real_director_names() -> list[str]:
    import re

    from python_calamine import CalamineWorkbook

    names: list[str] = []
    for file, header in (
        ("Контекстные_данные_ОО_2021.xlsx", "ФИО директора (полностью)"),
        ("Контекстные_данные_ОО_2022.xlsx", "3. ФИО директора (полностью)"),
    ):
        path = SAMPLES / file
        if not path.exists():
            continue
        book = CalamineWorkbook.from_path(str(path))
        for sheet in book.sheet_names:
            rows = book.get_sheet_by_name(sheet).to_python()
            if not rows:
                continue
            heads = [re.sub(r"\s+", " ", str(c)).strip() for c in rows[0]]
            if header in heads:
                col = heads.index(header)
                names += [str(r[col]) for r in rows[1:] if str(r[col]).strip()]
    return sorted(set(names))


def score(decline: Decliner, gold: list[dict[str, str]]) -> dict[str, tuple[int, int]]:
    result: dict[str, tuple[int, int]] = {}
    for case in CASES:
        ok = sum(decline(r["nominative"], r["gender"], case) == r[FIELDS[case]] for r in gold)
        result[case] = (ok, len(gold))
    ok_all = sum(all(decline(r["nominative"], r["gender"], c) == r[FIELDS[c]] for c in CASES) for r in gold)
    result["all four"] = (ok_all, len(gold))
    return result


def per_name_seconds(decline: Decliner, gold: list[dict[str, str]], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for r in gold:
            for case in CASES:
                decline(r["nominative"], r["gender"], case)
        best = min(best, time.perf_counter() - start)
    return best / len(gold)


def main() -> None:
    verbose = "-v" in sys.argv
    gold = load_gold()
    hard = [r for r in gold if r["kind"] != "real"]
    raw_inputs = {r["nominative"]: r["input"] for r in gold}
    n_real = len(gold) - len(hard)
    print(f"gold list {GOLD.name}: {len(gold)} names ({n_real} real sample, {len(hard)} hard)")

    libraries: dict[str, Decliner] = {}
    load_ms: dict[str, float] = {}
    for name, factory in (
        ("pytrovich", make_pytrovich),
        ("pymorphy3", make_pymorphy3),
        ("petrovich", make_petrovich),
        ("ours", lambda: make_ours(raw_inputs)),
    ):
        start = time.perf_counter()
        decliner = factory()
        if decliner is not None:
            decliner(gold[0]["nominative"], gold[0]["gender"], "gent")  # first call loads the data
            libraries[name] = decliner
            load_ms[name] = (time.perf_counter() - start) * 1000
        else:
            print(f"({name} not installed: skipped)")

    from shnor_desktop.docs_gen.declension import guess_gender, normalise_name

    guesses = [(guess_gender(r["input"]), r["gender"]) for r in gold]
    print(
        f"guess_gender on the gold inputs: {sum(g == t for g, t in guesses)} right, "
        f"{sum(g is None for g, _ in guesses)} unknown, {sum(g not in (None, t) for g, t in guesses)} wrong"
    )

    floor = per_name_seconds(lambda n, g, c: normalise_name(n), gold)

    for title, rows in (("all names", gold), ("hard cases only (real-hard + hard)", hard)):
        print(f"\naccuracy, {title}: whole full name right / total")
        print(f"{'library':<11}" + "".join(f"{c:>11}" for c in (*CASES, "all four")))
        for name, decliner in libraries.items():
            s = score(decliner, rows)
            cells = "".join(f"{s[c][0]:>5}/{s[c][1]:<3} " for c in (*CASES, "all four"))
            pct = 100 * s["all four"][0] / s["all four"][1]
            print(f"{name:<11}{cells} {pct:5.1f} %")

    print("\ntime per name (4 cases), after the one-time load; ratio to normalise_name alone")
    for name, decliner in libraries.items():
        if name == "ours":
            from shnor_desktop.docs_gen.declension import decline_name

            t = min(_time_ours(decline_name, gold) for _ in range(3))
        else:
            t = per_name_seconds(decliner, gold)
        print(f"{name:<11}{t * 1e6:9.0f} µs  ({t / floor:6.1f}× floor)   load {load_ms[name]:7.1f} ms")
    print(f"{'floor':<11}{floor * 1e6:9.1f} µs  (normalise_name only)")

    if verbose:
        print("\nwrong forms per library:")
        for name, decliner in libraries.items():
            for r in gold:
                for case in CASES:
                    got = decliner(r["nominative"], r["gender"], case)
                    if got != r[FIELDS[case]]:
                        print(f"  {name:<10} {case} {r['nominative']!r}: {got!r} ≠ {r[FIELDS[case]]!r}")

    _whole_column(verbose)


def _time_ours(decline_name: Callable[..., object], gold: list[dict[str, str]]) -> float:
    start = time.perf_counter()
    for r in gold:
        decline_name(r["input"])
    return (time.perf_counter() - start) / len(gold)


def _whole_column(verbose: bool) -> None:
    names = real_director_names()
    if not names:
        print("\n(sample context forms not found: whole-column check skipped)")
        return
    from shnor_desktop.docs_gen.declension import decline_name

    plain = make_pytrovich()
    start = time.perf_counter()
    ours = [decline_name(n) for n in names]
    elapsed = time.perf_counter() - start
    unknown = [c.nominative for c in ours if c.gender is None]
    differ = []
    for c in ours:
        if c.gender is None:
            continue
        base = plain(c.nominative, c.gender, "gent")
        if base != c.genitive:
            differ.append((c.nominative, base, c.genitive))
    print(
        f"\nevery director's name in the context forms: {len(names)} distinct, "
        f"{elapsed / len(names) * 1e6:.0f} µs per name (4 cases), gender unknown for {len(unknown)}"
    )
    print(f"  unknown gender (declined only where both genders agree): {', '.join(unknown)}")
    print(f"  our genitive differs from plain pytrovich in {len(differ)}:")
    for nominative, base, mine in differ[: None if verbose else 20]:
        print(f"    {nominative}: pytrovich {base!r} -> ours {mine!r}")


if __name__ == "__main__":
    main()
