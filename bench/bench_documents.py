"""Documents budget (issue 5): an agreement against python-docx alone, and a batch of 50 справки.

Floor, measured in the same run: opening the shipped agreement template with python-docx and
saving it (no rendering). Then, on the demo district in a temporary data folder:

* render only: docxtpl open + render + save of the agreement with a ready context;
* a whole agreement: ``journal.generate`` — reading the registry, declining the names, rendering,
  saving and recording it in the journal in one transaction;
* a batch of 50 справки (50 distinct visits), each a journal entry;
* optionally (``--pdf``) the 50 справки converted to PDF in one LibreOffice call.

Target: an agreement under 3x the floor; 50 справки in a few seconds.

    .venv/bin/python bench/bench_documents.py [--runs 20] [--pdf]
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TODAY = dt.date(2026, 11, 23)


def best(fn, runs: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times), statistics.median(times)  # type: ignore[return-value]


def clone_visits(ctx, count: int) -> list[int]:  # type: ignore[no-untyped-def]
    """Make ``count`` distinct visits (copies of the demo's richest visit on successive dates)."""
    from sqlalchemy import select

    from shnor_desktop.models import MethodicalVisit, ObservedLesson, Recommendation, VisitMember

    with ctx.db.transaction() as s:
        source = max(s.scalars(select(MethodicalVisit).where(MethodicalVisit.state == "done")),
                     key=lambda v: len(v.lessons) + len(v.recommendations))
        ids = []
        for n in range(count):
            day = dt.date(2027, 1, 1) + dt.timedelta(days=n)
            visit = MethodicalVisit(school_id=source.school_id, date=day, date_end=day, basis=source.basis,
                                    purpose=source.purpose, questions=source.questions,
                                    findings=source.findings, state="done", acquainted=source.acquainted)
            visit.members = [VisitMember(person_id=m.person_id, name=m.name, position=m.position)
                             for m in source.members]
            visit.lessons = [ObservedLesson(teacher_person_id=x.teacher_person_id,
                                            teacher_name=x.teacher_name, class_name=x.class_name,
                                            subject=x.subject, topic=x.topic, remarks=x.remarks)
                             for x in source.lessons]
            visit.recommendations = [Recommendation(text=r.text, addressee=r.addressee,
                                                    responsible=r.responsible, deadline=r.deadline)
                                     for r in source.recommendations]
            s.add(visit)
            s.flush()
            ids.append(visit.id)
    return ids


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument("--pdf", action="store_true", help="also convert the batch to PDF in one call")
    args = parser.parse_args()

    from docx import Document
    from sqlalchemy import select

    from shnor_desktop.context import AppContext
    from shnor_desktop.demo import load_demo
    from shnor_desktop.docs_gen.contexts.common import DocMeta, DocParams
    from shnor_desktop.docs_gen.journal import generate
    from shnor_desktop.docs_gen.kinds import kind
    from shnor_desktop.docs_gen.rendering import render_to, shipped_template
    from shnor_desktop.models import Partnership

    template = shipped_template("agreement.docx")
    with tempfile.TemporaryDirectory() as tmp:
        ctx = AppContext.open(Path(tmp) / "data", daily_backup=False)
        load_demo(ctx.db)
        with ctx.db.session() as s:
            partnership_id = s.scalars(select(Partnership.id).order_by(Partnership.id)).first()
            context = kind("agreement").build(s, DocParams(partnership_id), DocMeta("1", TODAY))
        out = Path(tmp) / "out.docx"
        generate(ctx.paths, ctx.db, "agreement", DocParams(partnership_id), today=TODAY)  # warm the libraries

        floor, floor_median = best(lambda: Document(str(template)).save(io.BytesIO()), args.runs)
        render, render_median = best(lambda: render_to(template, context, out), args.runs)
        params = DocParams(partnership_id)
        whole, whole_median = best(
            lambda: generate(ctx.paths, ctx.db, "agreement", params, today=TODAY), args.runs)

        ids = clone_visits(ctx, args.batch)
        started = time.perf_counter()
        made = [generate(ctx.paths, ctx.db, "visit-note", DocParams(v), today=TODAY) for v in ids]
        batch = time.perf_counter() - started

        print(f"floor: python-docx open + save of agreement.docx   {floor * 1000:7.1f} ms "
              f"(median {floor_median * 1000:.1f})")
        print(f"agreement, render only (docxtpl, sandbox)          {render * 1000:7.1f} ms "
              f"(median {render_median * 1000:.1f})  = {render / floor:.2f}x floor")
        print(f"agreement, whole (registry, names, render, journal) {whole * 1000:7.1f} ms "
              f"(median {whole_median * 1000:.1f})  = {whole / floor:.2f}x floor   target < 3x")
        print(f"batch of {len(made)} справки (each in the journal)       {batch:7.2f} s  "
              f"({batch / len(made) * 1000:.0f} ms each)   target: a few seconds")
        if args.pdf:
            from shnor_desktop.docs_gen.pdf import convert_to_pdf

            started = time.perf_counter()
            pdfs = convert_to_pdf([m.path for m in made], Path(tmp) / "pdf")
            took = time.perf_counter() - started
            print(f"the batch to PDF, one LibreOffice call              {took:7.2f} s ({len(pdfs)} files)")
        ctx.close()


if __name__ == "__main__":
    main()
