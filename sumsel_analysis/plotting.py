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
