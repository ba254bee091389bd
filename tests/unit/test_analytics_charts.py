"""Chart data and figures (Qt-free) on the small hand-checked district of analytics_data."""

from __future__ import annotations

from pathlib import Path

import pytest

from shnor_desktop.analytics import charts
from shnor_desktop.analytics.frame import SliceKey
from shnor_desktop.analytics.identification import IdentificationSettings
from shnor_desktop.analytics.indicators import indicator
from shnor_desktop.analytics.ior import Quadrant
from shnor_desktop.analytics.slice_analysis import analyse_slice, available_slices
from tests.unit.analytics_data import build_district

SETTINGS = IdentificationSettings(indicators=("quality",))


def test_threshold_line_is_on_the_worse_side() -> None:
    assert charts.threshold_value(50.0, indicator("quality"), 0.15) == pytest.approx(42.5)
    assert charts.threshold_value(10.0, indicator("share2"), 0.15) == pytest.approx(11.5)


def test_available_slices_and_series_by_hand(db) -> None:
    ids = build_district(db)
    assert available_slices(db) == [SliceKey(y, "VPR", 5, "Математика") for y in (2024, 2023, 2022)]
    analysis = analyse_slice(db, SliceKey(2024, "VPR", 5, "Математика"), SETTINGS)
    # C: 0.2 (district 0.45, flagged) in 2022, 0.5 in 2023, 0.3 in 2024 (district 0.48, flagged)
    points = analysis.series(ids["C"], "quality")
    assert [(p.year, p.flagged) for p in points] == [(2022, True), (2023, False), (2024, True)]
    assert [round(p.school, 4) for p in points] == [0.2, 0.5, 0.3]
    assert [round(p.district, 4) for p in points] == [0.45, 0.45, 0.48]
    assert analysis.series(ids["D"], "quality")[0].school is None  # D wrote only in 2024
    # no school has the ШНСУ status: nobody is in adverse conditions
    assert analysis.quadrant is not None and analysis.quadrant.social_source == "статус ШНСУ в 2024 г."
    assert not analysis.quadrant.members(Quadrant.LOW_ADVERSE)
    assert analysis.quadrant.members(Quadrant.LOW_ONLY)


def test_figures_and_png(db, tmp_path: Path) -> None:
    ids = build_district(db)
    analysis = analyse_slice(db, SliceKey(2024, "VPR", 5, "Математика"), SETTINGS)
    ident = analysis.identification
    fig = charts.district_bars(ident)
    ax = fig.axes[0]
    names = [t.get_text() for t in ax.get_yticklabels()]
    assert names[0].startswith("МБОУ СОШ № 6") and len(names) == 6  # the worst (F, 1 of 7) first
    lines = sorted(line.get_xdata()[0] for line in ax.get_lines())
    assert lines == pytest.approx([48 * 0.85, 48.0])  # threshold 40,8 % and district 48 %
    texts = [t.get_text() for t in fig.texts]
    assert "ВПР 5 кл., математика, 2024: качество" in texts
    assert any("Районный уровень — взвешенное по числу участников; порог 15" in t for t in texts)
    path = charts.save_png(fig, tmp_path / "столбцы")
    assert path.name == "столбцы.png" and path.read_bytes().startswith(b"\x89PNG")

    fig = charts.school_dynamics(analysis.series(ids["C"], "quality"), "quality", "МБОУ СОШ № 3",
                                 ident.key, analysis.settings)
    labels = [t.get_text() for t in fig.axes[0].texts]
    assert labels == ["20,0\u00a0%", "50,0\u00a0%", "30,0\u00a0%"]
    assert len(charts.png_bytes(fig)) > 5_000
