"""Baselines handed to the policy simulator and the paces they imply.

``baseline_projection`` turns the paths of the forecast chosen in the nested, pooled backtests
(``chosen_model``; each model with its own spread) into a ``BaselineProjection`` (percent of the worker base,
month by month); ``constant_pace_baseline`` is the simple one-path alternative;
``pace_comparison`` sets the pace the trend projects against the pace a target requires.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sumsel_analysis.data import loaders
from sumsel_analysis.data.loaders import parameter
from sumsel_analysis.trends.backtest import backtest_all, choose_model, forecast_paths, spread_factor
from sumsel_analysis.trends.model import TrendFit, fit_trend, prior_from, province_series

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


_DETAIL: dict[tuple, pd.DataFrame] = {}


def pooled_backtest(coverage_obs: pd.DataFrame, national: pd.DataFrame, params: pd.DataFrame,
                    seed: int = 20251204) -> pd.DataFrame:
    """``backtest_all`` on every series, computed once per distinct input (content-keyed cache)."""
    key = tuple(int(pd.util.hash_pandas_object(f, index=False).sum()) for f in (coverage_obs, national, params))
    key += (seed,)
    if key not in _DETAIL:
        if len(_DETAIL) >= 8:
            _DETAIL.pop(next(iter(_DETAIL)))
        _DETAIL[key] = backtest_all(coverage_obs, national, params, seed=seed)
    return _DETAIL[key]


def chosen_model(coverage_obs: pd.DataFrame, params: pd.DataFrame, as_of: str | None = None,
                 national: pd.DataFrame | None = None, seed: int = 20251204) -> tuple[str, dict]:
    """The model ``choose_model`` picks from the pooled nested backtests of every series, using only
    figures published by ``as_of`` (default: everything in the data). Returns (model, pooled mean CRPS)."""
    detail, cutoff = _pooled_as_of(coverage_obs, params, as_of, national, seed)
    return choose_model(detail, cutoff, params)


def _pooled_as_of(coverage_obs: pd.DataFrame, params: pd.DataFrame, as_of: str | None,
                  national: pd.DataFrame | None, seed: int) -> tuple[pd.DataFrame, pd.Timestamp]:
    """The pooled backtest detail and the date it is read at (``as_of``, default its last publication)."""
    national = loaders.load_national() if national is None else national
    detail = pooled_backtest(coverage_obs, national, params, seed)
    return detail, pd.Timestamp(as_of) if as_of is not None else detail["target_available"].max()


def baseline_projection(coverage_obs: pd.DataFrame, params: pd.DataFrame, until: str = "2030-12",
                        n_paths: int = 2000, seed: int = 20251204, as_of: str | None = None,
                        model: str = "chosen", national: pd.DataFrame | None = None) -> BaselineProjection:
    """The simulator's baseline (paths from the month after the data): the chosen forecast
    (``model='chosen'``: ``chosen_model``, nested and pooled over every series) or the one named, each
    with its own spread (``backtest.forecast_paths``: trend model with jumps, or random walk with jumps),
    calibrated by the pooled nested factor as of the data date (``backtest.spread_factor``).
    Paths are of coverage itself, without the measurement noise of a published figure."""
    series = province_series(coverage_obs, params=params)
    fit = fit_trend(series, params, as_of=as_of, seed=seed)
    source: dict = {"fit": fit.describe()}
    if model == "chosen":
        model, scores = chosen_model(coverage_obs, params, as_of=as_of, national=national, seed=seed)
        source["backtest_crps"] = scores
    train = series if as_of is None else series[series["available"] <= pd.Timestamp(as_of)]
    detail, cutoff = _pooled_as_of(coverage_obs, params, as_of, national, seed)
    factor = spread_factor(detail, cutoff, model, params)
    paths = forecast_paths(train, model, prior_from(params), until, n_paths, np.random.default_rng(seed), "logit",
                           observed=False, seed=seed, factor=factor)
    source.update(centre=model, spread_factor=round(factor, 4))
    return BaselineProjection(pd.DatetimeIndex(paths.columns), paths.to_numpy(),
                              parameter(params, "sumsel_worker_potential"),
                              f"{model} forecast with programme-driven jumps (logit scale)", source)


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
