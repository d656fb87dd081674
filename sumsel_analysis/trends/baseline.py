"""Baselines handed to the policy simulator and the paces they imply.

``baseline_projection`` turns the trend model's simulated paths, centred on the forecast that earned
its place in the backtest (``chosen_model``), into a ``BaselineProjection`` (percent of the worker base,
month by month); ``constant_pace_baseline`` is the simple one-path alternative;
``pace_comparison`` sets the pace the trend projects against the pace a target requires.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sumsel_analysis.data.loaders import parameter
from sumsel_analysis.trends.backtest import MODELS, backtest_table, rolling_origin
from sumsel_analysis.trends.model import TrendFit, fit_trend, from_scale, province_series, to_scale

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


def recentre_paths(fit: TrendFit, paths: pd.DataFrame, model: str) -> pd.DataFrame:
    """Trend-model paths re-centred on a simple rule's point forecast, keeping their spread.

    ``model``: 'sparse_llt' (unchanged), 'naive' (the last observed month's value) or 'drift' (the line
    through the first and last observed months), each on the model scale, month by month.
    """
    if model == "sparse_llt":
        return paths
    if model not in ("naive", "drift"):
        raise ValueError(f"model must be one of {MODELS}, got {model!r}")
    obs = fit.design["y"].dropna()
    y = to_scale(paths.to_numpy(), fit.scale)
    steps = np.array([(m - obs.index[-1]).days / 30.4375 for m in paths.columns])
    span = (obs.index[-1] - obs.index[0]).days / 30.4375
    slope = (obs.iloc[-1] - obs.iloc[0]) / span if model == "drift" and span > 0 else 0.0
    centre = obs.iloc[-1] + slope * steps
    return pd.DataFrame(from_scale(y - np.median(y, axis=0) + centre, fit.scale), columns=paths.columns)


def chosen_model(series: pd.DataFrame, params: pd.DataFrame, seed: int = 20251204, n_draws: int = 150,
                 as_of: str | None = None) -> tuple[str, pd.DataFrame]:
    """The model with the lowest mean CRPS in the series' rolling-origin backtest, and the table.

    Only figures available by ``as_of`` are used, so an as-of baseline never looks ahead.
    """
    s = series if as_of is None else series[series["available"] <= pd.Timestamp(as_of)]
    detail = rolling_origin(s, params, n_draws=n_draws, seed=seed, n_paths=600)
    if detail.empty:  # too few months to backtest: the simplest rule until a model earns its place
        return "naive", pd.DataFrame(columns=["model", "n_forecasts", "MAE", "CRPS", "coverage80"])
    table = backtest_table(detail)
    return str(table.set_index("model")["CRPS"].idxmin()), table


def baseline_projection(coverage_obs: pd.DataFrame, params: pd.DataFrame, until: str = "2030-12",
                        n_paths: int = 2000, seed: int = 20251204, as_of: str | None = None,
                        model: str = "chosen") -> BaselineProjection:
    """The simulator's baseline (paths from the month after the data): the trend model's paths, centred
    on the forecast that earned its place in the province's backtest (``model='chosen'``: lowest mean
    CRPS among sparse_llt, drift, naive) or on the one named; the spread is always the trend model's."""
    series = province_series(coverage_obs, params=params)
    fit = fit_trend(series, params, as_of=as_of, seed=seed)
    table = None
    if model == "chosen":
        model, table = chosen_model(series, params, seed=seed, as_of=as_of)
    paths = recentre_paths(fit, fit.simulate_paths(n_paths, until, np.random.default_rng(seed)), model)
    source = {"fit": fit.describe(), "centre": model}
    if table is not None:
        source["backtest_crps"] = {r.model: round(float(r.CRPS), 4) for r in table.itertuples()}
    return BaselineProjection(pd.DatetimeIndex(paths.columns), paths.to_numpy(),
                              parameter(params, "sumsel_worker_potential"),
                              f"sparse local linear trend (logit), centred on {model}", source)


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
