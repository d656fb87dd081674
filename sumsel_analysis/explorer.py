"""The interactive scenario explorer's logic: state → scenario → result → figure, without a browser.

The widgets in ``explorer_widgets`` only read controls into an ``ExplorerState`` and call ``update``;
everything that can be wrong or slow lives here, where it is unit-tested. Updates use the simulator's
fast deterministic path (``n_draws=0``); the optional uncertainty toggle runs a small, seeded Monte Carlo
and says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from sumsel_analysis.i18n import t
from sumsel_analysis.numbers import format_month, format_number, format_percent, format_rupiah

EXPLORER_DRAWS = 200  # Monte Carlo size behind the optional uncertainty bands (small on purpose: < 1 s)
EXPLORER_SEED = 20251204
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class ExplorerState:
    """Everything the controls set. Months are 'YYYY-MM'; shares are 0–1; money is rupiah."""

    region: str = "16"
    mandate_on: bool = True
    mandate_start: str = "2026-07"
    mandate_compliance: float = 0.70
    mandate_gated_share: float = 0.10
    subsidy_mode: str = "workers"  # "workers" or "budget"
    subsidy_workers: int = 200_000
    subsidy_budget_rupiah: float = 40.32e9
    subsidy_start: str = "2026-07"
    subsidy_months: int = 12
    subsidy_delivery: str = "list_based"
    subsidy_retention: float = 0.15
    csr_workers: int = 10_000
    csr_months: int = 12
    target_pct: float = 51.0
    deadline: str = "2029-12"
    lang: str = "en"
    uncertainty: bool = False

    def with_(self, **changes) -> "ExplorerState":
        """A copy with some fields changed (the widgets' only way to change state)."""
        return replace(self, **changes)


def validate(state: ExplorerState) -> list[str]:
    """Messages (in the state's language) for invalid combinations; empty when the state can be run."""
    lang, errors = state.lang, []
    for field in ("mandate_start", "subsidy_start", "deadline"):
        value = getattr(state, field)
        if not _MONTH.match(str(value)):
            errors.append(t("explorer.error.bad_month", lang, field=t(f"explorer.{field}", lang)
                            if field != "deadline" else t("explorer.deadline", lang), value=value))
    for field in ("subsidy_workers", "subsidy_budget_rupiah", "subsidy_months", "csr_workers", "csr_months"):
        if getattr(state, field) < 0:
            label = t(f"explorer.{field.replace('_rupiah', '')}", lang)
            errors.append(t("explorer.error.negative", lang, field=label))
    if not 0 < state.target_pct <= 100:
        errors.append(t("explorer.error.target_range", lang, value=state.target_pct))
    if not errors:
        starts = [state.subsidy_start] + ([state.mandate_start] if state.mandate_on else [])
        earliest = min(starts)
        if state.deadline <= earliest:
            errors.append(t("explorer.error.deadline_before_start", lang, deadline=state.deadline, start=earliest))
    return errors


# --- state → scenario → result → figure -----------------------------------------------------------


def to_scenario_dict(state: ExplorerState) -> dict:
    """The scenario mapping (the YAML format of ``policy.scenario``) for the current controls."""
    levers = {}
    if state.mandate_on:
        levers["mandate"] = {"start": state.mandate_start, "events": ["new_nib", "permits_tenders"],
                             "compliance": float(state.mandate_compliance),
                             "gated_share_per_year": float(state.mandate_gated_share)}
    size = ({"workers": int(state.subsidy_workers)} if state.subsidy_mode == "workers"
            else {"budget_rupiah_per_year": float(state.subsidy_budget_rupiah)})
    if (size.get("workers", 0) > 0) or (size.get("budget_rupiah_per_year", 0) > 0):
        levers["subsidy"] = {"start": state.subsidy_start, **size, "months": int(state.subsidy_months),
                             "delivery": state.subsidy_delivery, "retention": float(state.subsidy_retention)}
    if state.csr_workers > 0:
        levers["csr"] = {"start": state.subsidy_start, "workers": int(state.csr_workers), "months": int(state.csr_months)}
    horizon = max("2030-12", state.deadline)
    return {"name": f"Explorer: {', '.join(levers) or 'baseline only'} (region {state.region})",
            "description": "Saved from notebooks/05-scenario-explorer", "horizon": horizon,
            "target": {"pct": float(state.target_pct), "by": state.deadline}, "seed": EXPLORER_SEED, "levers": levers}


@dataclass
class ExplorerOutput:
    """What one update produced: a result (or error messages) and the summary line to show."""

    state: ExplorerState
    errors: list[str]
    result: object | None = None
    summary: str = ""


class ExplorerModel:
    """Holds what does not change between control moves (parameters, baselines) and runs updates."""

    def __init__(self, params: pd.DataFrame, coverage_obs: pd.DataFrame, province_baseline):
        from sumsel_analysis import metrics

        self.params = params
        self.baselines = {"16": province_baseline}
        self.region_scale = {"16": 1.0}
        self.region_names = {"16": "Sumatera Selatan"}
        province_base = province_baseline.base_persons
        kab = coverage_obs[coverage_obs["geo_level"] == "kabkota"]
        for code in sorted(kab["geo_code"].unique()):
            prot = metrics.latest(coverage_obs, code, "active_participants")
            pot = metrics.latest(coverage_obs, code, "potential_workers")
            if prot is None or pot is None:
                continue  # a kab/kota needs a count and a base to be simulated
            self.baselines[code] = _flat_baseline(province_baseline.periods, prot["value"], pot["value"],
                                                  f"{prot['obs_id']} of {pot['obs_id']}")
            self.region_scale[code] = pot["value"] / province_base
            self.region_names[code] = str(prot["geo_name"])

    def regions(self) -> dict[str, str]:
        """Region code → name, for the region control (province + kab/kota with inputs)."""
        return dict(self.region_names)

    def update(self, state: ExplorerState) -> ExplorerOutput:
        """Validate, build the scenario and simulate (fast path, or a small seeded Monte Carlo)."""
        from sumsel_analysis import policy

        errors = validate(state)
        if state.region not in self.baselines:
            errors.append(t("explorer.error.region", state.lang, region=state.region))
        if errors:
            return ExplorerOutput(state, errors)
        try:
            scenario = policy.scenario_from_dict(to_scenario_dict(state), source="explorer", params=self.params)
            result = policy.simulate(scenario, self.params, self.baselines[state.region],
                                     n_draws=EXPLORER_DRAWS if state.uncertainty else 0, seed=EXPLORER_SEED,
                                     region_scale=self.region_scale[state.region])
        except (ValueError, KeyError) as e:  # ScenarioError is a ValueError
            return ExplorerOutput(state, [t("explorer.error.simulation", state.lang, message=str(e))])
        return ExplorerOutput(state, [], result, summary_line(result, state))

    def save(self, state: ExplorerState, path: str | Path) -> Path:
        """Write the current settings as a scenario YAML the report command accepts."""
        from sumsel_analysis import policy

        errors = validate(state)
        if errors:
            raise ValueError("; ".join(errors))
        return policy.scenario_from_dict(to_scenario_dict(state), "explorer", self.params).to_yaml(path)


def _flat_baseline(periods, protected: float, base: float, source: str):
    """A kab/kota baseline held at its latest coverage (no trend model for a few scattered readings)."""
    import numpy as np

    from sumsel_analysis.forecast import BaselineProjection

    pct = np.full((1, len(periods)), 100 * protected / base)
    return BaselineProjection(pd.DatetimeIndex(periods), pct, float(base), "flat at the latest reading",
                              {"source": source})


def summary_line(result, state: ExplorerState) -> str:
    """One sentence: workers added by the deadline, regional-budget cost, when the target is reached."""
    s = result.summary()
    when = s["time_to_target_month"]
    return t("explorer.summary", state.lang, deadline=format_month(state.deadline + "-01", state.lang),
             added=format_number(s["added_at_target_date_persons"], state.lang),
             cost=format_rupiah(s["regional_budget_total_rupiah"], state.lang),
             target=format_percent(state.target_pct, state.lang, 1),
             when=format_month(when, state.lang) if when is not None else t("explorer.never", state.lang))


class ExplorerView:
    """A persistent two-panel figure (coverage vs baseline and target; workers added by lever).

    Every artist is created once; ``render`` only updates data and text, so a control move redraws fast.
    """

    LEVERS = ("mandate", "subsidy", "csr")

    def __init__(self, lang: str = "en"):
        import matplotlib.dates as mdates

        from sumsel_analysis.charts import PALETTE, apply_style

        apply_style()
        self.fig, (self.ax, self.ax2) = plt.subplots(1, 2, figsize=(11, 4), gridspec_kw={"width_ratios": [3, 2]})
        self.fig.subplots_adjust(left=0.06, right=0.98, top=0.84, bottom=0.1, wspace=0.45)  # fixed layout
        self.fig.set_dpi(80)  # a screen chart: fewer pixels to draw on every control move
        self.base_line, = self.ax.plot([], [], color=PALETTE["baseline"], ls="--")
        self.cov_line, = self.ax.plot([], [], color=PALETTE["projected"], lw=2)
        self.target_line = self.ax.axhline(51, color=PALETTE["target"], ls=":")
        self.ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
        self.ax.yaxis.set_major_locator(plt.MaxNLocator(5))
        self.xrange = None
        self.legend = self.ax.legend([self.base_line, self.cov_line], ["", ""], loc="upper left", fontsize=8)
        colors = [PALETTE["PU"], PALETTE["BPU"], PALETTE["PMI"]]
        self.bars = self.ax2.barh(range(3), [0, 0, 0], color=colors)
        self.ax2.set_yticks(range(3), ["", "", ""])
        self.ax2.tick_params(labelsize=8)
        self.ax2.xaxis.set_major_locator(plt.MaxNLocator(3))  # few labels: text is most of the drawing time
        self.band = None
        self.lang = None  # language of the labels currently drawn; relabel only when it changes

    def _relabel(self, lang: str) -> None:
        """Language-dependent labels: set only on a language change (recreating ticks costs ~15 ms)."""
        for text, label in zip(self.legend.get_texts(), (t("label.baseline", lang), t("policy.with_levers", lang))):
            text.set_text(label)
        self.ax.set_ylabel(t("label.coverage_pct", lang))
        self.ax2.set_yticks(range(3), [t(f"policy.lever.{k}", lang) for k in self.LEVERS])
        self.ax2.set_title(t("policy.added_workers", lang), fontsize=9)
        self.lang = lang

    def render(self, out: ExplorerOutput) -> plt.Figure:
        from sumsel_analysis.charts import PALETTE

        lang = out.state.lang
        if self.band is not None:
            self.band.remove()
            self.band = None
        if out.errors:
            self.cov_line.set_data([], [])
            self.base_line.set_data([], [])
            for b in self.bars:
                b.set_width(0)
            self.ax.set_title("\n".join(out.errors), fontsize=9, color=PALETTE["target"])
            return self.fig
        r = out.result
        p = r.paths
        self.base_line.set_data(p["period"], p["baseline_pct"])
        self.cov_line.set_data(p["period"], p["coverage_pct"])
        if lang != self.lang:
            self._relabel(lang)
        if "coverage_lo80_pct" in p:
            self.band = self.ax.fill_between(p["period"], p["coverage_lo80_pct"], p["coverage_hi80_pct"],
                                             color=PALETTE["projected"], alpha=0.25, lw=0)
        self.target_line.set_ydata([out.state.target_pct] * 2)
        xrange = (p["period"].iloc[0], p["period"].iloc[-1])
        if xrange != self.xrange:  # fixed yearly ticks, recomputed only when the months change
            years = pd.date_range(xrange[0], xrange[1], freq="YS")
            self.ax.set_xticks(years[:: max(1, len(years) // 6)])
            self.ax.set_xlim(*xrange)
            self.xrange = xrange
        self.ax.set_ylim(0, min(100, max(60, out.state.target_pct + 10, p["coverage_pct"].max() + 5)))
        title = t("explorer.title", lang)
        if r.n_draws:
            title += "\n" + t("explorer.uncertainty_note", lang, n=r.n_draws, seed=r.seed)
        self.ax.set_title(title, fontsize=9, color="#222")
        added = r.by_lever.set_index("lever")["added_at_target_date_persons"] if len(r.by_lever) else {}
        widths = [float(added.get(k, 0.0)) for k in self.LEVERS]
        for b, width in zip(self.bars, widths):
            b.set_width(width)
        self.ax2.set_xlim(0, max(widths + [1.0]) * 1.15)
        return self.fig
