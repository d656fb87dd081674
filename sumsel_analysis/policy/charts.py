"""Policy charts: coverage fan against the baseline and target, workers added by lever, tornado, Sobol."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from sumsel_analysis.i18n import t
from sumsel_analysis.numbers import format_magnitude, format_number, format_percent
from sumsel_analysis.plotting import PALETTE, SERIES_STYLE, apply_style, label_band, source_note

LEVER_COLORS = {"mandate": PALETTE["PU"], "subsidy": PALETTE["BPU"], "csr": PALETTE["PMI"]}


def plot_fan(result, lang: str, ax: plt.Axes | None = None) -> plt.Figure:
    """Scenario coverage (median, 80/95% bands when drawn) vs the baseline and the target."""
    apply_style()
    fig, ax = (ax.figure, ax) if ax is not None else plt.subplots(figsize=(9, 4.6))
    p = result.paths
    if "coverage_lo95_pct" in p:
        # scenario bands filled (darker inwards); the no-policy band hatched, not filled: distinct in grayscale
        ax.fill_between(p["period"], p["coverage_lo95_pct"], p["coverage_hi95_pct"], color=PALETTE["projected"], alpha=0.15, lw=0)
        ax.fill_between(p["period"], p["coverage_lo80_pct"], p["coverage_hi80_pct"], color=PALETTE["projected"], alpha=0.35, lw=0)
        ax.fill_between(p["period"], p["baseline_lo80_pct"], p["baseline_hi80_pct"], facecolor="none",
                        edgecolor=PALETTE["baseline"], hatch="///", lw=0)
        end, mid = p.iloc[int(len(p) * 0.9)], p.iloc[int(len(p) * 0.55)]
        label_band(ax, end["period"], end["coverage_hi80_pct"], end["coverage_hi95_pct"], "95%")
        label_band(ax, end["period"], end["coverage_pct"], end["coverage_hi80_pct"], "80%")
        label_band(ax, mid["period"], mid["baseline_lo80_pct"], mid["baseline_pct"], "80%", color=PALETTE["baseline"])
    ax.plot(p["period"], p["baseline_pct"], color=PALETTE["baseline"], ls="--", label=t("label.baseline", lang))
    ax.plot(p["period"], p["coverage_pct"], color=PALETTE["projected"], lw=2.2, label=t("policy.with_levers", lang))
    sc = result.scenario
    ax.axhline(sc.target_pct, color=PALETTE["target"], ls=":", lw=1.2)
    ax.axvline(pd.Timestamp(sc.target_by + "-01"), color=PALETTE["target"], ls=":", lw=0.8)
    ax.text(p["period"].iloc[0], sc.target_pct, t("forecast.target", lang, target=format_percent(sc.target_pct, lang, 0)),
            color=PALETTE["target"], va="bottom", fontsize=8)
    top = p["coverage_hi95_pct"].max() if "coverage_hi95_pct" in p else p["coverage_pct"].max()
    ax.set_ylim(0, min(100, max(60, sc.target_pct + 10, top + 5)))
    ax.set_ylabel(t("label.coverage_pct", lang))
    ax.set_title(t("policy.fan_title", lang, name=sc.title(lang)))
    ax.legend(fontsize=8, loc="upper left")
    note = t("policy.fan_note", lang, draws=format_number(result.n_draws, lang), seed=result.seed)
    source_note(fig, note)
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    return fig


def plot_by_lever(result, lang: str) -> plt.Figure:
    """Workers added each month, stacked by lever (medians)."""
    apply_style()
    fig, ax = plt.subplots(figsize=(9, 4))
    p = result.paths
    stack = [p[f"added_{k}_persons"] for k in result.levers]
    if stack:
        areas = ax.stackplot(p["period"], *stack, colors=[LEVER_COLORS[k] for k in result.levers], alpha=0.85,
                             labels=[t(f"policy.lever.{k}", lang) for k in result.levers])
        for i, area in enumerate(areas):  # hatched too, so the levers stay apart in grayscale
            area.set_hatch(SERIES_STYLE[i % len(SERIES_STYLE)]["hatch"])
            area.set_edgecolor("white")
    ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: format_magnitude(v, lang, 1, min_word=1e3) if v else "0"))
    ax.set_ylabel(t("policy.added_workers", lang))
    ax.set_title(t("policy.by_lever_title", lang, name=result.scenario.title(lang)))
    ax.legend(fontsize=8, loc="upper right")
    fig.tight_layout()
    return fig


def plot_tornado(tornado: pd.DataFrame, lang: str, output_label: str, top: int = 10) -> plt.Figure:
    """One-at-a-time swings: output with each parameter at its low and high end, others central."""
    apply_style()
    d = tornado[tornado["swing"] > 0].head(top).iloc[::-1]
    fig, ax = plt.subplots(figsize=(8.5, 0.45 * max(len(d), 3) + 1.5))
    c = d["central_output"].iloc[0] if len(d) else 0
    y = np.arange(len(d))
    ax.barh(y, d["output_at_low"] - c, left=c, color=PALETTE["BPU"], hatch="//", edgecolor="white",
            label=t("policy.at_low", lang))
    ax.barh(y, d["output_at_high"] - c, left=c, color=PALETTE["PU"], label=t("policy.at_high", lang))
    ax.axvline(c, color="#333", lw=1)
    ax.set_yticks(y, [t(f"param.{n}", lang) if f"param.{n}" in _keys() else n for n in d["parameter"]], fontsize=8)
    ax.set_xlabel(output_label)
    ax.set_title(t("policy.tornado_title", lang))
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


def plot_sobol(sobol: pd.DataFrame, lang: str, output_label: str, top: int = 10) -> plt.Figure:
    """First-order and total Sobol indices with confidence bars."""
    apply_style()
    d = sobol.head(top).iloc[::-1]
    fig, ax = plt.subplots(figsize=(8.5, 0.45 * max(len(d), 3) + 1.5))
    y = np.arange(len(d))
    ax.barh(y - 0.2, d["S1"], height=0.4, xerr=d["S1_conf"], color=PALETTE["estimated"], hatch="//",
            edgecolor="white", label="S1")
    ax.barh(y + 0.2, d["ST"], height=0.4, xerr=d["ST_conf"], color=PALETTE["projected"], label="ST")
    ax.set_yticks(y, [t(f"param.{n}", lang) if f"param.{n}" in _keys() else n for n in d["parameter"]], fontsize=8)
    ax.set_xlabel(t("policy.sobol_axis", lang, output=output_label))
    ax.set_title(t("policy.sobol_title", lang))
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


def plot_prior_posterior(ranges: pd.DataFrame, lang: str) -> plt.Figure:
    """Each calibrated parameter's prior range (low–high, central) and posterior 80% range (p10–p90, median),
    on a common axis scaled to the prior range (0 = prior low, 1 = prior high)."""
    apply_style()
    d = ranges.iloc[::-1].reset_index(drop=True)
    width = (d["prior_high"] - d["prior_low"]).where(lambda w: w > 0, 1.0)
    scaled = lambda col: (d[col] - d["prior_low"]) / width  # noqa: E731
    fig, ax = plt.subplots(figsize=(8.5, 0.5 * len(d) + 1.5))
    y = np.arange(len(d))
    ax.hlines(y + 0.15, 0, 1, color=PALETTE["BPU"], lw=5, linestyles=":", label=t("policy.prior", lang))
    ax.plot(scaled("prior_central"), y + 0.15, "|", color="#333", ms=10)
    ax.hlines(y - 0.15, scaled("posterior_p10"), scaled("posterior_p90"), color=PALETTE["PU"], lw=5,
              label=t("policy.posterior", lang))
    ax.plot(scaled("posterior_p50"), y - 0.15, "|", color="#333", ms=10)
    ax.set_yticks(y, [t(f"param.{n}", lang) if f"param.{n}" in _keys() else n for n in d["parameter"]], fontsize=8)
    ax.set_xlabel(t("policy.share_of_prior_range", lang))
    ax.set_title(t("policy.calibration_title", lang))
    ax.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    return fig


def _keys():
    from sumsel_analysis.i18n import catalogue

    return catalogue()
