"""Baselines handed to the policy simulator and the paces they imply.

``baseline_projection`` turns the trend model's simulated paths into a ``BaselineProjection`` (percent
of the worker base, month by month); ``constant_pace_baseline`` is the simple one-path alternative;
``pace_comparison`` sets the pace the trend projects against the pace a target requires.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sumsel_analysis.data.loaders import parameter
from sumsel_analysis.trends.model import TrendFit, fit_trend, province_series

# --- the baseline handed to the policy simulator --------------------------------------------------


@dataclass
class BaselineProjection:
    """Monthly baseline coverage (percent) that the policy simulator starts from.

    ``paths`` is n × months (percent); ``median_pct`` the monthly median; ``base_persons`` the
    denominator used to turn percents into workers.
    """

    periods: pd.DatetimeIndex
    paths: np.ndarray
    base_persons: float
    method: str
    source: dict

    @property
    def start_period(self) -> pd.Timestamp:
        return self.periods[0]

    @property
    def median_pct(self) -> pd.Series:
        return pd.Series(np.median(self.paths, axis=0), index=self.periods, name="median_pct")

    def to_persons(self, pct) -> np.ndarray:
        """Percent of the base → protected persons."""
        return np.asarray(pct) / 100.0 * self.base_persons

    def describe(self) -> dict:
        return {"method": self.method, "start": f"{self.start_period:%Y-%m}", "end": f"{self.periods[-1]:%Y-%m}",
                "n_paths": int(self.paths.shape[0]), "base_persons": self.base_persons, **self.source}


def baseline_projection(coverage_obs: pd.DataFrame, params: pd.DataFrame, until: str = "2030-12",
                        n_paths: int = 2000, seed: int = 20251204, as_of: str | None = None) -> BaselineProjection:
    """The statsmodels trend projection as the simulator's baseline (paths from the month after the data)."""
    fit = fit_trend(province_series(coverage_obs, params=params), params, as_of=as_of, seed=seed)
    paths = fit.simulate_paths(n_paths, until, np.random.default_rng(seed))
    return BaselineProjection(pd.DatetimeIndex(paths.columns), paths.to_numpy(),
                              parameter(params, "sumsel_worker_potential"), "sparse local linear trend (logit)",
                              {"fit": fit.describe()})


def constant_pace_baseline(coverage_obs: pd.DataFrame, params: pd.DataFrame, until: str = "2030-12",
                           pace_persons_per_month: float | None = None) -> BaselineProjection:
    """The simple alternative: protected workers grow by a constant monthly pace from the latest count.

    The pace defaults to the one achieved between two counts of the same source type
    (``metrics.same_source_pace``, the pair named in ``pace_source``); one deterministic path.
    """
    from sumsel_analysis.coverage import metrics

    prot = metrics.latest(coverage_obs, "16", "active_participants")
    base = parameter(params, "sumsel_worker_potential")
    if pace_persons_per_month is None:
        pace = metrics.same_source_pace(coverage_obs, params, "16")
        pace_persons_per_month, src = pace["pace_persons_per_month"], f"{pace['pair']} ({pace['source_type']})"
    else:
        src = "user-supplied pace"
    periods = pd.date_range(prot["period"].to_period("M").to_timestamp() + pd.offsets.MonthBegin(1), until, freq="MS")
    persons = prot["value"] + pace_persons_per_month * np.arange(1, len(periods) + 1)
    pct = np.clip(100 * persons / base, 0, 100)[None, :]
    return BaselineProjection(periods, pct, base, "constant pace", {"pace_persons_per_month": pace_persons_per_month,
                                                                    "pace_source": src, "start_obs": prot["obs_id"]})


def pace_comparison(fit: TrendFit, key: dict, deadlines=None, n_paths: int = 4000) -> pd.DataFrame:
    """Required monthly pace to the target vs the pace the trend projects (median, 80% band), persons/month,
    and the probability of reaching the target by each deadline (same paths).

    ``key`` is ``metrics.key_numbers(...)`` (latest count, base, target and its next open deadline);
    ``deadlines`` defaults to that deadline alone. Projected pace = change of projected protected workers
    from the latest count to the deadline, per month.
    """
    deadlines = (f"{key['deadline']:%Y-%m-%d}",) if deadlines is None else tuple(deadlines)
    rng = np.random.default_rng(fit.seed)
    last = pd.Timestamp(max(deadlines)).to_period("M").to_timestamp()
    paths = fit.simulate_paths(n_paths, last, rng)
    rows = []
    for d in deadlines:
        m = pd.Timestamp(d).to_period("M").to_timestamp()
        months = (pd.Timestamp(d) - key["as_of"]).days / 30.4375
        persons = paths[m].to_numpy() / 100 * key["base_persons"]
        pace = (persons - key["protected_persons"]) / months
        need = max(0.0, key["target_pct"] / 100 * key["base_persons"] - key["protected_persons"]) / months
        rows.append({"deadline": pd.Timestamp(d), "required_pace_persons_per_month": need,
                     "projected_pace_persons_per_month": float(np.median(pace)),
                     "projected_pace_lo80": float(np.quantile(pace, 0.1)), "projected_pace_hi80": float(np.quantile(pace, 0.9)),
                     "prob_reach": float((paths[m].to_numpy() >= key["target_pct"]).mean())})
    return pd.DataFrame(rows)
