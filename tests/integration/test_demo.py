"""The demo district: loaded into real SQLite files through the ORM and checked for coherence."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest
from sqlalchemy import func, select

from shnor_desktop.demo import DemoNotEmpty, load_demo
from shnor_desktop.models import (
    AssessmentResult,
    Course,
    DistrictProfile,
    MentoringPair,
    MethodicalVisit,
    Partnership,
    Person,
    ProfessionalDeficit,
    Recommendation,
    RoadmapItem,
    School,
    SchoolContext,
    SchoolStatus,
    SupportAssignment,
    TaskResult,
)
from shnor_desktop.store.backup import list_backups
from shnor_desktop.store.migrations import open_database

TODAY = dt.date(2026, 11, 23)  # the reference date the demo's deadlines were spread around


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """One database with the demo, shared by the tests that only read it."""
    path = tmp_path_factory.mktemp("demo")
    database = open_database(f"sqlite:///{path / 'demo.sqlite3'}", path / "backups")
    database.demo_counts = load_demo(database)  # type: ignore[attr-defined]
    yield database
    database.dispose()


def _count(db, model) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def _inn_is_valid(inn: str) -> bool:
    """ИНН checksum written out here, independently of the code under test."""
    if not inn.isdigit():
        return False
    digits = [int(c) for c in inn]

    def control(weights: list[int]) -> int:
        return sum(d * w for d, w in zip(digits, weights, strict=False)) % 11 % 10

    if len(inn) == 10:
        return control([2, 4, 10, 3, 5, 9, 4, 6, 8]) == digits[9]
    if len(inn) == 12:
        return (control([7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) == digits[10]
                and control([3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) == digits[11])
    return False


def test_inn_checker_itself_knows_good_and_bad_numbers():
    assert _inn_is_valid("7707083893")  # a published valid organisation ИНН
    assert not _inn_is_valid("7707083894")
    assert _inn_is_valid("500100732259")  # a published valid personal ИНН
    assert not _inn_is_valid("12345")


def _statuses(db) -> dict[tuple[str, int], set[str]]:
    out: dict[tuple[str, int], set[str]] = defaultdict(set)
    with db.session() as s:
        for kind, year, login in s.execute(
            select(SchoolStatus.kind, SchoolStatus.year, School.fis_login).join(School)
        ):
            out[kind, year].add(login)
    return out


def test_loads_into_a_fresh_database_with_the_expected_counts(loaded):
    db = loaded
    counts = db.demo_counts

    assert counts["школ"] == 20 == _count(db, School)
    assert counts["результатов"] == _count(db, AssessmentResult) > 1000
    assert counts["результатов по заданиям"] == _count(db, TaskResult) > 5000
    assert counts["контекстных анкет"] == _count(db, SchoolContext) == 20
    assert counts["людей"] == _count(db, Person) >= 40
    assert counts["партнёрств"] == _count(db, Partnership) == 3
    assert counts["наставнических пар"] == _count(db, MentoringPair)
    assert counts["профессиональных затруднений"] == _count(db, ProfessionalDeficit) >= 10
    assert counts["курсов повышения квалификации"] == _count(db, Course) >= 10
    assert 4 <= counts["методических выездов"] == _count(db, MethodicalVisit) <= 6
    assert counts["пунктов дорожной карты"] == _count(db, RoadmapItem) >= 15
    assert _count(db, DistrictProfile) == 1

    statuses = _statuses(db)
    for year in (2024, 2025):
        assert 4 <= len(statuses["shnor", year]) <= 5
        assert len(statuses["shnsu", year]) == 3
        assert len(statuses["leader", year]) == 3
    left = statuses["shnor", 2024] - statuses["shnor", 2025]
    assert len(left) == 1
    with db.session() as s:
        leaver = s.scalar(select(School).where(School.fis_login == left.pop()))
        assert "положительная динамика" in leaver.notes
        reasons = s.scalars(select(SchoolStatus.reason).where(SchoolStatus.kind == "shnor")).all()
        assert all("ниже районного на 15" in r for r in reasons)


def test_every_school_has_full_requisites_and_a_valid_inn(loaded):
    db = loaded
    with db.session() as s:
        schools = s.scalars(select(School)).all()
    assert len({x.inn for x in schools}) == len({x.fis_login for x in schools}) == 20
    for school in schools:
        assert _inn_is_valid(school.inn), school.inn
        assert school.fis_login.startswith("sch2299") and school.login_number == school.fis_login[3:]
        assert school.legal_form in {"МБОУ", "МКОУ", "МАОУ"}
        assert school.kind in {"СОШ", "ООШ", "НОШ", "гимназия", "лицей"}
        assert school.full_name.startswith("Муниципальн") and school.short_name
        assert school.postal_code.isdigit() and len(school.postal_code) == 6
        assert "@" in school.email and school.phone and school.address
        assert len(school.director_name.split()) == 3 and school.director_gender in {"m", "f"}
        assert school.licence_date and school.licence_number and school.licence_issuer
        assert school.accreditation_date and school.accreditation_reg_number
        assert school.is_rural is not None and school.pupils > 0 and school.teachers > 0
    kinds = {x.kind for x in schools}
    assert kinds == {"СОШ", "ООШ", "НОШ", "гимназия", "лицей"}
    directors = {x.director_name for x in schools}
    assert "Хайруллина Гульнара Рашитовна" in directors
    assert any("-" in d.split()[0] for d in directors)  # a double surname
    assert {x.director_gender for x in schools} == {"m", "f"}


def _snapshot(db) -> tuple[list, list, list, list]:
    def plain(rows, skip=("created_at", "updated_at")):
        return [tuple(v for k, v in sorted(vars(r).items()) if not k.startswith("_") and k not in skip)
                for r in rows]

    with db.session() as s:
        schools = plain(s.scalars(select(School).order_by(School.id)))
        results = [tuple(r) for r in s.execute(
            select(AssessmentResult.__table__).order_by(AssessmentResult.id))]
        tasks = [tuple(r) for r in s.execute(select(TaskResult.__table__).order_by(TaskResult.id))]
        statuses = plain(s.scalars(select(SchoolStatus).order_by(SchoolStatus.id)))
    return schools, results, tasks, statuses


def test_two_loads_into_two_databases_give_identical_data(tmp_path):
    first = open_database(f"sqlite:///{tmp_path / 'a.sqlite3'}", tmp_path / "ba")
    second = open_database(f"sqlite:///{tmp_path / 'b.sqlite3'}", tmp_path / "bb")
    try:
        assert load_demo(first) == load_demo(second)
        a, b = _snapshot(first), _snapshot(second)
        assert len(a[1]) > 1000
        assert a == b
    finally:
        first.dispose()
        second.dispose()


def test_refuses_a_database_with_schools_unless_forced(ctx):
    db = ctx.db
    with db.transaction() as s:
        s.add(School(full_name="Муниципальное бюджетное общеобразовательное учреждение «Настоящая школа»",
                     short_name="МБОУ «Настоящая школа»", fis_login="sch220001", login_number="220001"))
    with pytest.raises(DemoNotEmpty) as raised:
        load_demo(db)
    assert "--force" in str(raised.value) and "уже есть школы (1)" in str(raised.value)
    assert _count(db, School) == 1 and _count(db, AssessmentResult) == 0

    counts = load_demo(db, force=True)
    assert counts["школ"] == _count(db, School) == 20  # replaced, not added to
    assert any("before-demo" in p.name for p in list_backups(ctx.paths.backups_dir))

    again = load_demo(db, force=True)  # reloading the demo itself: no duplicates
    assert again == counts and _count(db, AssessmentResult) == counts["результатов"]


def test_a_failure_midway_changes_nothing(db):
    def progress(done: int, total: int, text: str) -> None:
        if done == 5:
            raise RuntimeError("отмена")

    with pytest.raises(RuntimeError):
        load_demo(db, progress=progress)
    for model in (School, AssessmentResult, TaskResult, Person, DistrictProfile):
        assert _count(db, model) == 0


def test_progress_is_reported_stage_by_stage(db):
    calls: list[tuple[int, int, str]] = []
    load_demo(db, progress=lambda done, total, text: calls.append((done, total, text)))
    assert [c[0] for c in calls] == list(range(len(calls)))
    assert {c[1] for c in calls} == {len(calls) - 1}
    assert all(text for _, _, text in calls)


def test_results_are_coherent(loaded):
    db = loaded
    with db.session() as s:
        rows = s.scalars(select(AssessmentResult)).all()
        tasks_per_result = dict(s.execute(
            select(TaskResult.result_id, func.count()).group_by(TaskResult.result_id)).all())
    assert {r.year for r in rows} == {2023, 2024, 2025}
    assert {(r.procedure, r.grade) for r in rows} >= {
        ("VPR", 4), ("VPR", 5), ("VPR", 6), ("VPR", 7), ("VPR", 8), ("OGE", 9), ("EGE", 11)}
    for r in rows:
        assert r.mark2 + r.mark3 + r.mark4 + r.mark5 == r.participants > 0
        assert r.absent >= 0
        assert r.kv == pytest.approx(r.mean_score / r.max_score, abs=1e-3)
        assert 0 <= r.median_score <= r.max_score
        if r.procedure == "VPR":
            assert r.journal_lower + r.journal_same + r.journal_higher == r.participants
            assert tasks_per_result.get(r.id, 0) >= 5
        else:
            assert 0 <= r.share_below_min <= 1
        if r.procedure == "EGE":
            assert 0 <= r.share_80plus <= 1
    by_subject = {(r.procedure, r.subject) for r in rows}
    assert {("VPR", "Русский язык"), ("VPR", "Математика"), ("OGE", "Русский язык"),
            ("OGE", "Математика"), ("EGE", "Русский язык")} <= by_subject
    assert len({s for p, s in by_subject if p == "VPR"}) >= 3


def _levels(db, year: int) -> tuple[dict[int, tuple[float, float]], tuple[float, float]]:
    """Participant-weighted (КВ, качество) per school and for the district in one year."""
    per: dict[int, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    with db.session() as s:
        for r in s.scalars(select(AssessmentResult).where(AssessmentResult.year == year)):
            acc = per[r.school_id]
            acc[0] += r.kv * r.participants
            acc[1] += r.mark4 + r.mark5
            acc[2] += r.participants
    total = [sum(a[i] for a in per.values()) for i in range(3)]
    return ({sid: (a[0] / a[2], a[1] / a[2]) for sid, a in per.items()},
            (total[0] / total[2], total[1] / total[2]))


def test_shnor_schools_are_well_below_the_district_and_leaders_above(loaded):
    db = loaded
    with db.session() as s:
        status_rows = s.execute(select(SchoolStatus.kind, SchoolStatus.year, SchoolStatus.school_id)).all()
        ids = dict(s.execute(select(School.fis_login, School.id)).all())
    for year in (2024, 2025):
        schools, (district_kv, district_quality) = _levels(db, year)
        shnor = [sid for kind, y, sid in status_rows if kind == "shnor" and y == year]
        leaders = [sid for kind, y, sid in status_rows if kind == "leader" and y == year]
        for sid in shnor:
            kv, quality = schools[sid]
            assert kv <= 0.85 * district_kv, (year, sid, kv, district_kv)
            assert quality <= 0.85 * district_quality
        for sid in leaders:
            assert schools[sid][0] >= 1.05 * district_kv
            assert schools[sid][1] >= 1.15 * district_quality
    # the school that left the list has caught up with the district
    schools, (district_kv, _) = _levels(db, 2025)
    assert schools[ids["sch229909"]][0] >= 0.9 * district_kv


def test_the_special_cases_are_there(loaded):
    db = loaded
    with db.session() as s:
        rows = s.scalars(select(AssessmentResult).where(AssessmentResult.procedure == "VPR")).all()
        logins = dict(s.execute(select(School.id, School.fis_login)).all())
        contexts = s.scalars(select(SchoolContext)).all()
    by_school: dict[str, list[AssessmentResult]] = defaultdict(list)
    for r in rows:
        by_school[logins[r.school_id]].append(r)

    def higher_share(login: str) -> float:
        rs = by_school[login]
        return sum(r.journal_higher for r in rs) / sum(r.participants for r in rs)

    suspicious = [login for login in by_school if higher_share(login) > 0.3]
    assert len(suspicious) == 1  # ВПР marks far above the journal in one school only
    assert all(higher_share(login) < 0.15 for login in by_school if login not in suspicious)
    tiny = [login for login, rs in by_school.items() if max(r.participants for r in rs) < 10]
    assert tiny  # a very small school
    rural_hard = [c for c in contexts if c.transport.startswith(("Удаленность", "Чтобы съездить"))]
    assert len(rural_hard) >= 4 and all(c.answers["share_low_income"] > 0.3 for c in rural_hard)


def test_people_and_work_have_every_state_around_the_reference_date(loaded):
    db = loaded
    with db.session() as s:
        assignments = s.scalars(select(SupportAssignment)).all()
        shnor_2025 = set(s.scalars(select(SchoolStatus.school_id).where(
            SchoolStatus.kind == "shnor", SchoolStatus.year == 2025)))
        assert shnor_2025 <= {a.school_id for a in assignments if a.role == "curator"}
        assert any(a.role == "coordinator" for a in assignments)

        partnerships = s.scalars(select(Partnership)).all()
        assert sorted(p.state for p in partnerships) == ["active", "active", "draft"]
        for p in partnerships:
            if p.state == "active":
                assert 5 <= len(p.plan_items) <= 6
                assert {"семинар", "стажировка", "мастер-класс"} & {
                    {"seminar": "семинар", "internship": "стажировка",
                     "master_class": "мастер-класс"}.get(i.kind, "") for i in p.plan_items}
                assert p.agreement_date and p.number and p.city and p.term_end
        states = {i.state for p in partnerships for i in p.plan_items}
        assert states >= {"done", "in_progress", "planned", "cancelled"}

        assert {m.kind for m in s.scalars(select(MentoringPair))} == {"school", "head", "teacher"}
        deficits = s.scalars(select(ProfessionalDeficit)).all()
        overcome = [d for d in deficits if d.overcome]
        assert overcome and all(d.score_after > d.score_before and d.overcome_on for d in overcome)
        assert any(not d.overcome for d in deficits)

        visits = s.scalars(select(MethodicalVisit)).all()
        assert {v.state for v in visits} == {"done", "planned"}
        per_school = defaultdict(list)
        for v in visits:
            per_school[v.school_id].append(v)
        assert any(len(vs) >= 2 for vs in per_school.values())
        for v in visits:
            assert v.members
            if v.state == "done":
                assert v.lessons and v.recommendations and v.findings
        recs = s.scalars(select(Recommendation)).all()
        assert any(r.done for r in recs)
        assert any(not r.done and r.deadline < TODAY for r in recs)  # overdue
        assert any(not r.done and r.deadline > TODAY for r in recs)  # still ahead

        roadmap = s.scalars(select(RoadmapItem).order_by(RoadmapItem.position)).all()
        assert all(i.measure and i.info_method and i.responsible and i.periodicity for i in roadmap)
        assert any(i.state == "done" and i.evidence for i in roadmap)
        assert any(i.state != "done" and i.deadline < TODAY for i in roadmap)
        assert any(i.state != "done" and i.deadline > TODAY for i in roadmap)
        dates = ([i.deadline for i in roadmap] + [v.date for v in visits]
                 + [i.date_from for p in partnerships for i in p.plan_items])
        assert min(dates) >= dt.date(2025, 9, 1) and max(dates) <= dt.date(2026, 12, 31)
