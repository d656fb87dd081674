"""Charts readable in print (issue 20 item 9): bands and series distinguishable in grayscale (luminance,
line style, hatch), bands labelled on the chart, map labels at least 7 pt at the width the brief prints them."""

import re

import numpy as np
import pytest
from matplotlib.colors import to_rgba

from sumsel_analysis.coverage import charts as coverage_charts
from sumsel_analysis.coverage import regional
from sumsel_analysis.data import loaders, quality
from sumsel_analysis.plotting import MIN_PRINT_PT, PRINT_WIDTH_MM, print_fontsize
from sumsel_analysis.report.content import figure_svg


def _gray(rgba) -> float:
    """Luminance of a colour composited over white (what a grayscale printer puts on paper)."""
    r, g, b, a = to_rgba(rgba)
    r, g, b = (a * c + (1 - a) for c in (r, g, b))
    return 0.299 * r + 0.587 * g + 0.114 * b


def _bands(ax):
    return [c for c in ax.collections if type(c).__name__ in ("PolyCollection", "FillBetweenPolyCollection")]


def _look(coll) -> tuple:
    """How a band prints in grayscale: fill luminance (with alpha) and hatch."""
    face = coll.get_facecolor()
    fill = round(_gray(face[0]), 2) if len(face) and face[0][3] > 0 else 1.0
    return fill, coll.get_hatch()


@pytest.fixture(scope="module")
def content():
    from pathlib import Path

    from sumsel_analysis.report import build_content

    root = Path(__file__).resolve().parents[1]
    return build_content([root / "scenarios" / "combined_mandate_subsidy_csr.yaml"], n_draws=60)


def test_trend_fan_bands_differ_in_grayscale_and_are_labelled(content):
    from sumsel_analysis.trends import charts

    fig = charts.plot_fan(content.projection, content.series, "id", target_pct=51)
    ax = fig.axes[0]
    looks = [_look(c) for c in _bands(ax)]
    assert len(looks) == 3 and len(set(looks)) == 3
    assert min(abs(a[0] - b[0]) for i, a in enumerate(looks) for b in looks[i + 1:]) >= 0.04
    labels = {x.get_text() for x in ax.texts if x.get_gid() == "band-label"}
    assert labels == {"50%", "80%", "95%"}
    styles = {ln.get_linestyle() for ln in ax.lines}
    assert {"--", ":"} <= styles  # median dashed, target dotted


def test_policy_fan_bands_and_lines_differ_in_grayscale(content):
    from sumsel_analysis.policy import charts

    ax = charts.plot_fan(content.scenarios[-1][1], "id").axes[0]
    looks = [_look(c) for c in _bands(ax)]
    assert len(looks) == 3 and len(set(looks)) == 3 and any(h for _, h in looks)  # the no-policy band hatched
    assert [x.get_text() for x in ax.texts if x.get_gid() == "band-label"].count("80%") == 2
    assert "95%" in {x.get_text() for x in ax.texts}
    lines = {ln.get_label(): (ln.get_linestyle(), ln.get_linewidth()) for ln in ax.lines if not ln.get_label().startswith("_")}
    assert len(lines) == 2 and len(set(lines.values())) == 2


def test_lever_areas_are_hatched_apart(content):
    from sumsel_analysis.policy import charts

    ax = charts.plot_by_lever(content.scenarios[-1][1], "id").axes[0]
    hatches = [c.get_hatch() for c in ax.collections]
    assert len(hatches) >= 2 and len(set(hatches)) == len(hatches)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_map_labels_print_at_least_7pt(raw_dir, lang):
    cov = quality.flag_coverage(loaders.load_coverage(raw_dir), loaders.load_quality_annotations(raw_dir))
    kab = regional.kabkota_coverage(cov, loaders.load_regions(raw_dir))
    fig = coverage_charts.plot_choropleth(kab, loaders.load_boundaries(raw_dir), lang)
    labels = [x for x in fig.axes[0].texts if x.get_gid() == "map-label"]
    assert len(labels) == 17
    assert any(x.get_text().endswith("< 1%") for x in labels)  # PALI: 'below 1 percent'
    renderer = fig.canvas.get_renderer()
    boxes = [x.get_window_extent(renderer) for x in labels]
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    svg = figure_svg(fig).svg.decode()
    width_pt = float(re.search(r'<svg[^>]*width="([\d.]+)pt"', svg).group(1))
    scale = PRINT_WIDTH_MM["map"] / (width_pt * 25.4 / 72)  # the brief prints the SVG at this width
    assert min(x.get_fontsize() for x in labels) * scale >= MIN_PRINT_PT


def test_print_fontsize():
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(8, 6))  # 203,2 mm wide
    assert print_fontsize(fig, 203.2) == 7.0 and print_fontsize(fig, 101.6) == 14.0
    assert print_fontsize(fig, 400) == 7.0  # never below the minimum in figure units either
    assert np.isclose(print_fontsize(fig, 150) * 150 / 203.2, 7.0, atol=0.05)
