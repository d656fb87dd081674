"""What is observed where and when: availability tables and charts for the data overview."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from sumsel_analysis.i18n import t
from sumsel_analysis.plotting import apply_style, source_note

SEGMENT_ORDER = ["total", "PU", "BPU", "JAKON", "PMI", "NON_ASN", "OTHER"]


def availability(flagged: pd.DataFrame, geo_code: str = "16", rows: str = "segment") -> pd.DataFrame:
    """Observations per ``rows`` × year for one geography: columns n_obs, n_sources, n_usable.

    ``n_usable`` counts rows flagged comparable (the others are breaks, misprints, conflicts…).
    """
    g = flagged[flagged["geo_code"] == geo_code] if geo_code else flagged
    g = g.assign(year=g["period"].dt.year)
    out = g.groupby([rows, "year"]).agg(
        n_obs=("obs_id", "size"), n_sources=("source_id", "nunique"),
        n_usable=("quality_flag", lambda s: int(s.eq("comparable").sum())),
    ).reset_index()
    return out


def kabkota_availability(flagged: pd.DataFrame, regions: pd.DataFrame) -> pd.DataFrame:
    """Observations per kab/kota × year, all 17 listed (a kab/kota with none shows zeros)."""
    g = flagged[flagged["geo_level"] == "kabkota"].assign(year=lambda d: d["period"].dt.year)
    counts = g.groupby(["geo_code", "year"]).size().rename("n_obs").reset_index()
    years = range(int(flagged["period"].dt.year.min()), int(flagged["period"].dt.year.max()) + 1)
    grid = pd.MultiIndex.from_product([regions["bps_code"], years], names=["geo_code", "year"]).to_frame(index=False)
    out = grid.merge(counts, on=["geo_code", "year"], how="left").fillna({"n_obs": 0})
    out["n_obs"] = out["n_obs"].astype(int)
    return out.merge(regions[["bps_code", "name"]], left_on="geo_code", right_on="bps_code").drop(columns="bps_code")


def plot_availability(flagged: pd.DataFrame, lang: str, geo_code: str = "16") -> plt.Figure:
    """Heatmap: segment × year, cells = observations (usable in brackets), for one geography."""
    apply_style()
    a = availability(flagged, geo_code)
    years = range(int(a["year"].min()), int(a["year"].max()) + 1)  # every year, so gaps show as empty columns
    segs = [s for s in SEGMENT_ORDER if s in set(a["segment"])]
    n = a.pivot(index="segment", columns="year", values="n_obs").reindex(index=segs, columns=years).fillna(0)
    u = a.pivot(index="segment", columns="year", values="n_usable").reindex(index=segs, columns=years).fillna(0)
    labels = n.astype(int).astype(str) + "\n(" + u.astype(int).astype(str) + ")"
    labels = labels.where(n > 0, "")
    fig, ax = plt.subplots(figsize=(10, 3.8))
    sns.heatmap(n, annot=labels, fmt="", cmap="Blues", cbar=False, linewidths=0.5, ax=ax,
                annot_kws={"fontsize": 7})
    ax.set_yticklabels([t(f"segment.{s}", lang) for s in n.index], rotation=0)
    ax.set_xlabel(t("label.year", lang))
    ax.set_ylabel("")
    ax.set_title(t("overview.availability_title", lang))
    source_note(fig, t("overview.availability_note", lang))
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    return fig


def plot_kabkota_availability(flagged: pd.DataFrame, regions: pd.DataFrame, lang: str) -> plt.Figure:
    """Heatmap: kab/kota × year, cells = number of observations; empty rows are the blind spots."""
    apply_style()
    a = kabkota_availability(flagged, regions)
    piv = a.pivot(index="name", columns="year", values="n_obs")
    piv = piv.loc[piv.sum(axis=1).sort_values(ascending=False).index]
    fig, ax = plt.subplots(figsize=(10, 5.5))
    sns.heatmap(piv, annot=piv.where(piv > 0).fillna(0).astype(int).astype(str).replace("0", ""), fmt="",
                cmap="Greens", cbar=False, linewidths=0.5, ax=ax, annot_kws={"fontsize": 7})
    ax.set_xlabel(t("label.year", lang))
    ax.set_ylabel("")
    ax.set_title(t("overview.kabkota_title", lang))
    fig.tight_layout()
    return fig


FLAG_MARKERS = {"comparable": "o", "conflicting_duplicate": "D", "definitional_break": "s",
                "suspected_misprint": "X", "not_coverage": "P", "scope_unclear": "v"}


def plot_sources_timeline(flagged: pd.DataFrame, lang: str, geo_code: str = "16", top: int = 18) -> plt.Figure:
    """Who said what when: one marker per observation, publisher × date, colour = segment, shape = flag."""
    from sumsel_analysis.plotting import PALETTE

    apply_style()
    g = flagged[flagged["geo_code"] == geo_code]
    counts = g["publisher"].value_counts()
    keep = set(counts.index[:top])
    other = t("overview.other_publishers", lang)
    g = g.assign(pub=g["publisher"].where(g["publisher"].isin(keep), other))
    order = [p for p in counts.index if p in keep] + ([other] if (g["pub"] == other).any() else [])
    ypos = {p: i for i, p in enumerate(reversed(order))}
    fig, ax = plt.subplots(figsize=(11, 6.5))
    for (seg, flag), d in g.groupby(["segment", "quality_flag"]):
        ax.scatter(d["period"], d["pub"].map(ypos), s=28, marker=FLAG_MARKERS.get(flag, "o"),
                   color=PALETTE.get(seg, "#999999"), alpha=0.8, edgecolor="white", linewidth=0.4)
    ax.set_yticks(list(ypos.values()), [p[:45] for p in ypos])
    ax.tick_params(axis="y", labelsize=7)
    seg_handles = [plt.Line2D([], [], marker="o", ls="", color=PALETTE[s], label=t(f"segment.{s}", lang))
                   for s in ["total", "PU", "BPU", "JAKON", "PMI", "NON_ASN"] if s in set(g["segment"])]
    flag_handles = [plt.Line2D([], [], marker=m, ls="", color="#555555", label=t(f"overview.flag.{f}", lang))
                    for f, m in FLAG_MARKERS.items() if f in set(g["quality_flag"])]
    ax.legend(handles=seg_handles + flag_handles, fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0),
              frameon=False)
    ax.set_title(t("overview.timeline_title", lang))
    ax.set_xlabel(t("label.year", lang))
    fig.tight_layout()
    return fig
