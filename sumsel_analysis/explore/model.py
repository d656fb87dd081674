"""The explorer's logic: state → scenario → result, without a browser.

The widgets (``explore.widgets``) only read controls into an ``ExplorerState`` and call ``update``;
everything that can be wrong or slow lives here, where it is unit-tested. Updates use the simulator's
fast deterministic path (``n_draws=0``); the optional uncertainty toggle runs a small, seeded Monte Carlo
and says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sumsel_analysis.explore.state import EXPLORER_DRAWS, EXPLORER_SEED, ExplorerState, to_scenario_dict, validate
from sumsel_analysis.i18n import t
from sumsel_analysis.numbers import format_month, format_number, format_percent, format_rupiah


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
        from sumsel_analysis.coverage import metrics

        self.params = params
        self.baselines = {"16": province_baseline}
        self.region_scale = {"16": 1.0}
        self.region_names = {"16": "Sumatera Selatan"}
        self.firm_stock = _own_firm_stocks(params)
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

    def calibrated_carried_share(self) -> float:
        """The calibrated share of a list another payer (district, village, employer) takes over when funding ends
        (``takeover_share_default``, posterior central), 2 decimals: the retention control starts here, and
        leaving it there runs the calibrated value itself."""
        from sumsel_analysis.policy.simulation import resolved_parameters

        return round(float(resolved_parameters(self.params, {}).at["takeover_share_default", "central"]), 2)

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
            d = to_scenario_dict(state)
            if "mandate" in d["levers"] and self.firm_stock.get(state.region):
                d["levers"]["mandate"]["firms"] = self.firm_stock[state.region]  # the region's own firms, not scaled
            scenario = policy.scenario_from_dict(d, source="explorer", params=self.params)
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

    from sumsel_analysis.trends.baseline import BaselineProjection

    pct = np.full((1, len(periods)), 100 * protected / base)
    return BaselineProjection(pd.DatetimeIndex(periods), pct, float(base), "flat at the latest reading",
                              {"source": source})


def _own_firm_stocks(params: pd.DataFrame) -> dict[str, dict[str, float]]:
    """kab/kota code → its own establishments by size class (``policy.model.region_firm_stock``: by size, or its
    census total split with the province's size shares), where published."""
    from sumsel_analysis.data import loaders
    from sumsel_analysis.policy import model

    try:
        labour = loaders.load_processed("labour_observations")
    except FileNotFoundError:
        return {}
    codes = labour.loc[labour["geo_level"] == "kabkota", "geo_code"].unique()
    return {c: s for c in codes if (s := model.region_firm_stock(labour, c, params))}


def evidence_note(result, lang: str) -> str:
    """'Evidence: licensing mandate B · premium subsidy A' for the levers in the result (``evidence.lever_grades``)."""
    g = result.evidence_grades
    parts = [f"{t('evidence.lever.' + r.lever, lang)} {r.grade}" for r in g.itertuples()]
    return t("explorer.evidence", lang, grades=" · ".join(parts)) if parts else ""


def summary_line(result, state: ExplorerState) -> str:
    """One sentence, the policy's effect first: workers added by the policy by the deadline (the paired
    difference from no policy on the same draws; with its 80% band and the chance of the target without
    and with the policy when uncertainty is on), the regional-budget cost, when the target is reached."""
    s = result.summary()
    when = s["time_to_target_month"]
    lang = state.lang
    args = {"deadline": format_month(state.deadline + "-01", lang),
            "added": format_number(s["effect_at_target_date_persons"], lang),
            "cost": format_rupiah(s["regional_budget_total_rupiah"], lang),
            "target": format_percent(state.target_pct, lang, 1),
            "when": format_month(when, lang) if when is not None else t("explorer.never", lang)}
    grades = evidence_note(result, lang)
    if not result.n_draws:
        return " · ".join(filter(None, (t("explorer.summary", lang, **args), grades)))
    return " · ".join(filter(None, (t("explorer.summary_band", lang, **args, lo=format_number(
        s["effect_at_target_date_lo80_persons"], lang), hi=format_number(s["effect_at_target_date_hi80_persons"], lang),
        p_without=format_percent(100 * s["prob_reach_without_policy"], lang, 0),
        p_with=format_percent(100 * s["prob_reach_with_policy"], lang, 0)), grades)))
