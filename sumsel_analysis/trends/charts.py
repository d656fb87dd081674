"""Forecast charts: observations by quality flag with the fan of 50/80/95% bands; backtest errors."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from sumsel_analysis.i18n import t
from sumsel_analysis.numbers import format_percent
from sumsel_analysis.plotting import PALETTE, SERIES_STYLE, apply_style, label_band, source_note

MARKERS = {"comparable": "o", "conflicting_duplicate": "D"}


def plot_fan(forecast: pd.DataFrame, series: pd.DataFrame, lang: str, target_pct: float | None = None,
             target_date: str | None = None, excluded: pd.DataFrame | None = None) -> plt.Figure:
    """Observed figures (shape = quality flag, hollow = derived from a count) and the projected fan."""
    apply_style()
    fig, ax = plt.subplots(figsize=(9, 4.8))
    f = forecast
    # nested bands, darker inwards (distinct in grayscale), each labelled on itself near the end of the horizon
    at = f.iloc[int(len(f) * 0.85)] if len(f) else None
    inner = {"95": "80", "80": "50", "50": None}
    for level, alpha in (("95", 0.15), ("80", 0.3), ("50", 0.5)):
        ax.fill_between(f["period"], f[f"lo{level}_pct"], f[f"hi{level}_pct"], color=PALETTE["projected"],
                        alpha=alpha, lw=0)
        if at is not None:
            lo = at[f"hi{inner[level]}_pct"] if inner[level] else at["lo50_pct"]
            label_band(ax, at["period"], lo, at[f"hi{level}_pct"], f"{level}%")
    ax.plot(f["period"], f["median_pct"], color=PALETTE["projected"], ls="--", lw=1.8,
            label=t("forecast.median", lang))
    for (flag, kind), d in series.groupby(["quality_flag", "kind"]):
        ax.scatter(d["period"], d["value_pct"], marker=MARKERS.get(flag, "o"), s=36, zorder=3,
                   facecolor=PALETTE["observed"] if kind == "published" else "white", edgecolor=PALETTE["observed"],
                   label=t(f"forecast.obs.{flag}.{kind}", lang))
    if excluded is not None and len(excluded):
        ax.scatter(excluded["period"], excluded["value"], marker="x", color="#999999", s=30, zorder=2,
                   label=t("forecast.excluded", lang))
    if target_pct is not None:
        ax.axhline(target_pct, color=PALETTE["target"], lw=1.2, ls=":")
        ax.text(f["period"].iloc[-1], target_pct, " " + t("forecast.target", lang,
                target=format_percent(target_pct, lang, 0)), color=PALETTE["target"], va="bottom", ha="right",
                fontsize=8)
    ax.set_ylim(0, min(100, max(70, f["hi95_pct"].max() + 5)))
    ax.set_ylabel(t("label.coverage_pct", lang))
    ax.set_title(t("forecast.fan_title", lang))
    ax.legend(fontsize=7, loc="upper left", ncol=2)
    source_note(fig, t("forecast.fan_note", lang))
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    return fig


def plot_backtest(detail: pd.DataFrame, lang: str) -> plt.Figure:
    """Absolute error (percentage points) by forecast horizon for each model."""
    apply_style()
    fig, ax = plt.subplots(figsize=(8, 4))
    colors = {"sparse_llt": PALETTE["projected"], "drift": PALETTE["BPU"], "naive": PALETTE["baseline"]}
    for i, (model, d) in enumerate(detail.groupby("model")):
        style = SERIES_STYLE[i % len(SERIES_STYLE)]
        ax.scatter(d["horizon_months"], d["abs_error_pp"], color=colors.get(model, "#333"), s=25, alpha=0.8,
                   marker=style["marker"], label=t(f"forecast.model.{model}", lang))
        m = d.groupby("horizon_months")["abs_error_pp"].mean()
        ax.plot(m.index, m.values, color=colors.get(model, "#333"), lw=1, ls=style["linestyle"])
    ax.set_xlabel(t("forecast.horizon", lang))
    ax.set_ylabel(t("forecast.abs_error", lang))
    ax.set_title(t("forecast.backtest_title", lang))
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


def plot_backtest_summary(summary: pd.DataFrame, lang: str) -> plt.Figure:
    """Mean CRPS by model for each backtested series and overall (``backtest.backtest_summary``)."""
    apply_style()
    models = ["sparse_llt", "drift", "naive", "chosen"]
    colors = {"sparse_llt": PALETTE["projected"], "drift": PALETTE["BPU"], "naive": PALETTE["baseline"],
              "chosen": PALETTE["observed"]}
    wide = summary.pivot(index="series_id", columns="model", values="CRPS")
    wide = wide.reindex([s for s in wide.index if s != "all"] + ["all"])[[m for m in models if m in wide.columns]]
    fig, ax = plt.subplots(figsize=(9, 4.2))
    width = 0.8 / len(wide.columns)
    for i, m in enumerate(wide.columns):
        ax.bar([x + i * width for x in range(len(wide))], wide[m], width=width, color=colors[m],
               hatch=SERIES_STYLE[i % len(SERIES_STYLE)]["hatch"], edgecolor="white",
               label=t(f"forecast.model.{m}", lang))
    ax.set_xticks([x + 0.4 - width / 2 for x in range(len(wide))], wide.index, rotation=30, ha="right", fontsize=7)
    ax.set_ylabel(t("forecast.crps", lang))
    ax.set_title(t("forecast.summary_title", lang))
    ax.legend(fontsize=8)
    cov80 = summary[(summary["series_id"] == "all") & (summary["model"] == "chosen")]["coverage80"]
    source_note(fig, t("forecast.summary_note", lang, series=len(wide) - 1,
                       coverage=format_percent(100 * float(cov80.iloc[0]), lang, 0) if len(cov80) else "–"))
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    return fig
