"""One chart style for the whole package, and deterministic figure saving.

Every chart marks what is observed, estimated, assumed or projected with the same visual cue
(``STATUS_STYLE``), takes a ``lang`` ('id' or 'en') for its labels, and returns a matplotlib Figure.
Module-specific charts live next to their logic (coverage charts here, forecast and policy charts in
their own modules) but all use ``apply_style``, ``PALETTE``, ``STATUS_STYLE`` and ``save_figure``.
"""

from __future__ import annotations

import os
from pathlib import Path

import matplotlib.pyplot as plt
import seaborn as sns

from sumsel_analysis.i18n import t

PALETTE = {
    "PU": "#1f6f8b", "BPU": "#e07a1f", "JAKON": "#7a5195", "PMI": "#2a9d8f", "NON_ASN": "#8d99ae",
    "OTHER": "#adb5bd", "total": "#264653", "target": "#c1121f", "baseline": "#6c757d",
    "observed": "#264653", "estimated": "#e9c46a", "projected": "#1f6f8b",
}
# how status is drawn: observed = solid/filled, estimated = hatched, assumed = dotted, projected = dashed
STATUS_STYLE = {
    "observed": {"linestyle": "-", "hatch": None, "alpha": 1.0},
    "estimated": {"linestyle": "--", "hatch": "//", "alpha": 0.75},
    "assumed": {"linestyle": ":", "hatch": "..", "alpha": 0.6},
    "projected": {"linestyle": "--", "hatch": None, "alpha": 0.9},
}


SOURCE_NOTE_GID = "source-note"
# Charts are read in print and in grayscale: every series differs by line style, marker or hatch as well as
# by colour, and bands carry their level as text ("80%") on the band itself.
SERIES_STYLE = [
    {"linestyle": "-", "marker": "o", "hatch": None},
    {"linestyle": "--", "marker": "s", "hatch": "//"},
    {"linestyle": ":", "marker": "^", "hatch": ".."},
    {"linestyle": "-.", "marker": "D", "hatch": "xx"},
]
# The width a chart is printed at in the brief (mm): text sizes are computed from it (``print_fontsize``).
PRINT_WIDTH_MM = {"map": 125.0}
MIN_PRINT_PT = 7.0


def apply_style() -> None:
    """The package's matplotlib/seaborn look (call once per notebook or script)."""
    sns.set_theme(context="notebook", style="whitegrid", font="DejaVu Sans")
    plt.rcParams.update({
        "figure.dpi": 100, "savefig.dpi": 150, "figure.figsize": (8, 4.5), "axes.titleweight": "bold",
        "axes.titlesize": 12, "axes.spines.top": False, "axes.spines.right": False,
        "svg.hashsalt": "sumsel", "figure.autolayout": False,
    })


def source_note(fig: plt.Figure, text: str) -> None:
    """A small source / status line under the axes (e.g. 'Source: BPJS TK via Antara; hatched = estimated')."""
    fig.text(0.01, 0.005, text, fontsize=7, color="#555555", ha="left", va="bottom", wrap=True, gid=SOURCE_NOTE_GID)


def print_fontsize(fig: plt.Figure, print_width_mm: float, min_pt: float = MIN_PRINT_PT) -> float:
    """Font size (points, in figure units) that prints at ``min_pt`` or more when the figure's width is printed
    at ``print_width_mm`` (the figure is scaled by print width ÷ figure width)."""
    scale = print_width_mm / (fig.get_figwidth() * 25.4)
    return round(min_pt / min(scale, 1.0), 1)


def label_band(ax: plt.Axes, x, lo: float, hi: float, text: str, color: str = "#222222") -> None:
    """Write a band's level ('80%') on the band itself, at ``x`` half-way between its edges."""
    ax.text(x, (lo + hi) / 2, text, fontsize=7, color=color, ha="center", va="center", gid="band-label",
            bbox={"boxstyle": "round,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.6})


def pop_source_notes(fig: plt.Figure) -> str:
    """Remove the figure's source lines and return their text (reports print it as text under the chart)."""
    notes = [txt for txt in fig.texts if txt.get_gid() == SOURCE_NOTE_GID]
    for txt in notes:
        txt.remove()
    return " ".join(txt.get_text() for txt in notes)


def status_label(status: str, lang: str) -> str:
    """'observed' / 'estimated' / 'assumed' / 'projected' in the chosen language."""
    return t(f"label.{status}", lang)


def save_figure(fig: plt.Figure, path: str | Path) -> Path:
    """Save without timestamps or software tags, so two runs give identical files; returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fmt = path.suffix.lstrip(".").lower()
    meta = {"png": {"Software": None}, "svg": {"Date": None, "Creator": None},
            "pdf": {"CreationDate": None, "Producer": None, "Creator": None}}.get(fmt, {})
    tmp = path.with_name(path.name + ".tmp")
    fig.savefig(tmp, format=fmt, metadata=meta, bbox_inches="tight")
    os.replace(tmp, path)
    return path
