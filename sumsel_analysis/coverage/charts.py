"""Coverage charts: waterfall, gap to target with the required pace, industry estimates, kab/kota map.

Each function takes tidy data (from ``metrics``, ``industry``, ``regional``) and a ``lang`` and returns
a matplotlib Figure; observed values are drawn solid, estimated ones hatched, and every chart names its
sources in a footnote.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import matplotlib.ticker as mticker
import numpy as np
import pandas as pd
from matplotlib.collections import PatchCollection
from matplotlib.patches import Patch, Polygon

from sumsel_analysis.coverage.metrics import USER_TARGET
from sumsel_analysis.i18n import t
from sumsel_analysis.numbers import format_bounded, format_magnitude, format_month, format_number, format_percent
from sumsel_analysis.plotting import (PALETTE, PRINT_WIDTH_MM, STATUS_STYLE, apply_style, print_fontsize, source_note,
                                     status_label)


def _fmt_persons(x: float, lang: str) -> str:
    return format_magnitude(x, lang, decimals=2, min_word=1e6) if x >= 1e6 else format_number(x, lang)


def plot_waterfall(waterfall: pd.DataFrame, lang: str) -> plt.Figure:
    """Potential workers → protected, by segment (estimated split) → not protected."""
    apply_style()
    fig, ax = plt.subplots(figsize=(8.5, 4.6))
    base = waterfall[waterfall["step"] == "base"].iloc[0]
    ax.bar(0, base["persons"], color=PALETTE["total"], label=t("metrics.base", lang))
    ax.text(0, base["persons"], _fmt_persons(base["persons"], lang), ha="center", va="bottom", fontsize=8)
    labels = [t("metrics.base", lang)]
    bottom = 0.0
    for i, r in enumerate(waterfall[waterfall["step"] == "protected"].itertuples(), start=1):
        style = STATUS_STYLE[r.status]
        ax.bar(i, r.persons, bottom=bottom, color=PALETTE.get(r.segment, "#999"), hatch=style["hatch"],
               edgecolor="white", alpha=style["alpha"])
        ax.text(i, bottom + r.persons, _fmt_persons(r.persons, lang), ha="center", va="bottom", fontsize=8)
        labels.append(t(f"segment.{r.segment}", lang).split(" (")[-1].rstrip(")"))
        bottom += r.persons
    gap = waterfall[waterfall["step"] == "not_protected"].iloc[0]
    i = len(labels)
    ax.bar(i, gap["persons"], bottom=bottom, color="#e5e5e5", edgecolor="#999999")
    ax.text(i, base["persons"], _fmt_persons(gap["persons"], lang), ha="center", va="bottom", fontsize=8)
    labels.append(t("metrics.not_protected", lang))
    ax.set_xticks(range(len(labels)), labels, fontsize=8)
    ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: format_magnitude(v, lang, 1) if v else "0"))
    ax.set_ylabel(t("label.workers", lang))
    ax.set_title(t("metrics.waterfall_title", lang))
    ax.legend(handles=[Patch(facecolor="#999", label=t("metrics.observed_total", lang)),
                       Patch(facecolor="#bbb", hatch="//", label=t("metrics.estimated_split", lang))],
              fontsize=7, loc="upper center")
    ax.set_ylim(0, base["persons"] * 1.12)
    refs = waterfall.set_index("step")["source"]
    shares = ", ".join(dict.fromkeys(x.split(" share")[0] for x in refs["protected"]))
    total = refs["not_protected"].split(" − ")[-1]
    source_note(fig, t("metrics.waterfall_note", lang, base=refs["base"], total=total, shares=shares))
    fig.tight_layout(rect=(0, 0.07, 1, 1))
    return fig


def plot_gap(pace: pd.DataFrame, key: dict, lang: str) -> plt.Figure:
    """Gap to target in workers for each deadline, annotated with the monthly pace each one needs."""
    apply_style()
    fig, ax = plt.subplots(figsize=(8.5, 4.2))
    labels = [format_month(d, lang) for d in pace["deadline"]]
    y = np.arange(len(pace))
    ax.barh(y, pace["required_pace_persons_per_month"].clip(upper=pace["required_pace_persons_per_month"]
                                                            .replace(np.inf, np.nan).max()),
            color=PALETTE["target"], alpha=0.8, label=t("metrics.required_pace", lang))
    ach = key["achieved_pace_persons_per_month"]
    ax.axvline(ach, color=PALETTE["observed"], lw=2, ls="-", label=t("metrics.achieved_pace", lang))
    for yi, r in zip(y, pace.itertuples()):
        ax.text(r.required_pace_persons_per_month, yi, "  " + t("metrics.pace_label", lang,
                pace=format_number(r.required_pace_persons_per_month, lang), ratio=format_number(
                    r.ratio_required_to_achieved, lang, 1)), va="center", fontsize=8)
    ax.set_yticks(y, labels)
    finite = pace["required_pace_persons_per_month"].replace(np.inf, np.nan)
    ax.set_xlim(0, max(ach, finite.max()) * 1.6)  # linear: room on the right for the labels
    ax.xaxis.set_major_formatter(mticker.FuncFormatter(lambda v, _: format_number(v, lang)))
    ax.set_xlabel(t("metrics.pace_axis", lang))
    ax.set_title(t("metrics.gap_title", lang, target=format_percent(key["target_pct"], lang, 0),
                   gap=format_number(key["gap_persons"], lang)))
    ax.legend(fontsize=8, loc="upper right")
    source_note(fig, t("metrics.gap_note", lang, **{k: t("metrics.user_target", lang) if v == USER_TARGET else str(v)
                                                   for k, v in key["sources"].items()}))
    fig.tight_layout(rect=(0, 0.07, 1, 1))
    return fig


def plot_industry(est: pd.DataFrame, lang: str) -> plt.Figure:
    """Estimated coverage by industry (central, with low–high bars); hatched because estimated."""
    apply_style()
    d = est.sort_values("coverage_pct_central")
    fig, ax = plt.subplots(figsize=(8.5, 6))
    y = np.arange(len(d))
    ax.barh(y, d["coverage_pct_central"], color=PALETTE["estimated"], hatch=STATUS_STYLE["estimated"]["hatch"],
            edgecolor="#8a6d1f", alpha=0.85, label=status_label("estimated", lang))
    ax.errorbar(d["coverage_pct_central"], y, xerr=[d["coverage_pct_central"] - d["coverage_pct_low"],
                                                    d["coverage_pct_high"] - d["coverage_pct_central"]],
                fmt="none", ecolor="#333", capsize=2, lw=1)
    names = [t(f"industry.{i}", lang) + (" *" if b.startswith("national") else "")
             for i, b in zip(d["industry"], d["employment_basis"])]
    ax.set_yticks(y, names, fontsize=8)
    ax.set_xlabel(t("label.coverage_pct", lang))
    ax.set_xlim(0, 105)
    ax.set_title(t("metrics.industry_title", lang))
    source_note(fig, t("metrics.industry_note", lang))
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    return fig


def _rings(geometry: dict) -> list[np.ndarray]:
    polys = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return [np.asarray(poly[0]) for poly in polys]  # exterior rings (holes are negligible at this scale)


def plot_choropleth(kabkota_cov: pd.DataFrame, boundaries: dict, lang: str) -> plt.Figure:
    """Map of the 17 kab/kota: observed coverage shaded, 'no public data' hatched grey, attribution line."""
    apply_style()
    fig, ax = plt.subplots(figsize=(6.4, 5.6))
    size = print_fontsize(fig, PRINT_WIDTH_MM["map"])  # ≥ 7 pt on paper at the brief's print width
    cmap = plt.get_cmap("YlGnBu")
    norm = plt.Normalize(0, 60)
    by_code = kabkota_cov.set_index("bps_code")
    for feat in boundaries["features"]:
        code = feat["properties"]["bps_code"]
        row = by_code.loc[code]
        observed = row["status"] == "observed"
        patches = [Polygon(r, closed=True) for r in _rings(feat["geometry"])]
        color = cmap(norm(row["coverage_pct"])) if observed else "#eeeeee"
        ax.add_collection(PatchCollection(patches, facecolor=color, edgecolor="#555", linewidth=0.6,
                                          hatch=None if observed else "///"))
        ring = max(_rings(feat["geometry"]), key=len)
        cx, cy = ring[:, 0].mean(), ring[:, 1].mean()
        label = feat["properties"]["name"].replace("Ogan Komering", "OK").replace("Penukal Abab Lematang Ilir", "PALI")
        bound = row.get("bound", "")
        value = format_bounded(format_percent(row["coverage_pct"], lang, 0 if bound else 1), bound)
        txt = f"{label}\n{value}" if observed else label
        ax.text(cx, cy, txt, ha="center", va="center", fontsize=size, color="#111", gid="map-label",
                bbox={"boxstyle": "round,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.55})
    ax.autoscale_view()
    ax.set_aspect("equal")
    ax.set_axis_off()
    sm = plt.cm.ScalarMappable(cmap=cmap, norm=norm)
    fig.colorbar(sm, ax=ax, shrink=0.6, label=t("label.coverage_pct", lang))
    ax.legend(handles=[Patch(facecolor="#eeeeee", hatch="///", edgecolor="#555", label=t("label.no_data", lang))],
              loc="lower left", fontsize=size)
    ax.set_title(t("metrics.map_title", lang), fontsize=11, wrap=True)
    source_note(fig, t("metrics.map_note", lang) + "\n" + t("attribution.boundaries", lang))
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    _separate_labels(fig, [x for x in ax.texts if x.get_gid() == "map-label"])
    return fig


def _separate_labels(fig: plt.Figure, labels: list, rounds: int = 30) -> None:
    """Nudge map labels apart vertically until no two overlap (small kota sit next to large kabupaten);
    a moved label gets a thin leader line to its area."""
    renderer = fig.canvas.get_renderer()
    ax = labels[0].axes if labels else None
    home = {id(x): x.get_position() for x in labels}
    for _ in range(rounds):
        moved = False
        boxes = [x.get_window_extent(renderer).expanded(1.02, 1.05) for x in labels]
        for i in range(len(labels)):
            for j in range(i + 1, len(labels)):
                if boxes[i].overlaps(boxes[j]):
                    a, b = (i, j) if labels[i].get_position()[1] >= labels[j].get_position()[1] else (j, i)
                    step = ax.transData.inverted().transform((0, 3)) - ax.transData.inverted().transform((0, 0))
                    for k, sign in ((a, 1), (b, -1)):
                        x, y = labels[k].get_position()
                        labels[k].set_position((x, y + sign * step[1]))
                    moved = True
        if not moved:
            break
    for x in labels:
        (x0, y0), (x1, y1) = home[id(x)], x.get_position()
        if (x0, y0) != (x1, y1):
            ax.plot([x0, x1], [y0, y1], color="#333", lw=0.5, zorder=1)


def plot_scores(scores: pd.DataFrame, lang: str) -> plt.Figure:
    """Paritrana-style composite scores for the kab/kota that have inputs (estimated)."""
    apply_style()
    d = scores.sort_values("paritrana_style_score")
    fig, ax = plt.subplots(figsize=(7.5, 3.6))
    ax.barh(d["name"], d["paritrana_style_score"], color=PALETTE["estimated"], hatch="//", edgecolor="#8a6d1f")
    ax.set_xlim(0, 100)
    ax.set_xlabel(t("metrics.score_axis", lang))
    ax.set_title(t("metrics.score_title", lang))
    source_note(fig, t("metrics.score_note", lang))
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    return fig
