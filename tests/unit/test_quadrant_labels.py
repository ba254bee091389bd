"""The ИОР chart stays readable with many schools: wrapped, thinned, non-overlapping labels and the
axis titles inside the picture."""

from __future__ import annotations

import random

from shnor_desktop.analytics.charts import MAX_POINT_LABELS, new_figure, quadrant_scatter
from shnor_desktop.analytics.ior import Quadrant, QuadrantPoint, QuadrantResult


def crowded(n: int) -> QuadrantResult:
    rng = random.Random(7)
    points = []
    for i in range(n):
        ior = rng.uniform(-1.0, -0.4)  # all low, all in the same corner
        social = rng.uniform(0.0, 0.3)
        name = f"МКОУ «Средняя школа села Заречное № {i}»"
        points.append(QuadrantPoint(i, f"sch{i:06d}", name, ior, social, Quadrant.LOW_ADVERSE))
    return QuadrantResult(points, low_at_most=-0.3, good_at_least=0.2, adverse_at_most=0.4,
                          method="z",
                          social_source="индекс социального благополучия школы по анкетам ФИС ОКО "
                                        "(тип и размер населённого пункта, доступность, состав семей)")


def test_labels_do_not_overlap_and_the_axis_titles_stay_inside() -> None:
    fig = new_figure(9.0, 5.2)
    quadrant_scatter(crowded(90), fig, highlight=[89])
    fig.canvas.draw()  # axis titles are placed at drawing time
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    assert all("." not in t.get_text() for t in ax.get_yticklabels() + ax.get_xticklabels())
    labels = [t for t in ax.texts if t.get_text().startswith("МКОУ")]
    assert 0 < len(labels) <= MAX_POINT_LABELS
    boxes = [t.get_window_extent(renderer) for t in labels if "№ 89" not in t.get_text()]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.overlaps(b)
    assert all(t.get_text().count("\n") <= 1 for t in labels)  # wrapped on at most two lines
    assert any("№ 89" in t.get_text() for t in labels)  # the school marked in the table is named
    whole = fig.bbox
    for title in (ax.yaxis.label, ax.xaxis.label):
        box = title.get_window_extent(renderer)
        assert box.x0 >= whole.x0 and box.x1 <= whole.x1 and box.y0 >= whole.y0 and box.y1 <= whole.y1
    footer = [t for t in fig.texts if t.get_text().startswith("Социальный контекст")]
    assert footer and "Подписаны" in footer[0].get_text()
