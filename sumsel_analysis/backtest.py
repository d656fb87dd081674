"""Does the trend model forecast better than simple rules, and are its intervals honest?

- ``rolling_origin``: for each origin month, fit on the figures up to it and forecast every later month
  that has a figure; compare the sparse local trend with two baselines (naive = last value, drift =
  straight line through the first and last training months). Errors in percentage points; MASE scaled
  by the mean absolute month-to-month change in the training data; coverage80 = share of actual values
  inside the 80% band (trend model only: the baselines give no band).
- ``calibration_check``: synthetic series from a known process (variances drawn from the same prior,
  observed only in the months the real data are observed, with the same noise), then the share of
  held-out true values inside the 80% bands. A calibrated model gives about 80%.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import expit, logit

from sumsel_analysis.forecast import Prior, fit_trend

MODELS = ("sparse_llt", "drift", "naive")


def _monthly_pct(series: pd.DataFrame) -> pd.Series:
    return series.groupby("period")["value_pct"].mean()


def rolling_origin(series: pd.DataFrame, params: pd.DataFrame, min_train_months: int = 3, n_draws: int = 200,
                   seed: int = 20251204) -> pd.DataFrame:
    """One row per model × origin × target month: horizon_months, actual_pct, forecast_pct, abs_error_pp, in80."""
    months = sorted(series["period"].unique())
    actual = _monthly_pct(series)
    rows = []
    for i in range(min_train_months - 1, len(months) - 1):
        origin = months[i]
        train = series[series["period"] <= origin]
        tm = _monthly_pct(train)
        fit = fit_trend(train, params, n_draws=n_draws, seed=seed)
        targets = months[i + 1:]
        fc = fit.forecast(until=targets[-1], n_paths=2000).set_index("period")
        steps = np.diff(tm.to_numpy())
        scale = float(np.mean(np.abs(steps))) if len(steps) else np.nan
        span = (tm.index[-1] - tm.index[0]).days / 30.4375
        slope = (tm.iloc[-1] - tm.iloc[0]) / span if span > 0 else 0.0
        for target in targets:
            h = round((target - origin).days / 30.4375)
            preds = {"sparse_llt": fc.loc[target, "median_pct"], "naive": tm.iloc[-1],
                     "drift": tm.iloc[-1] + slope * (target - tm.index[-1]).days / 30.4375}
            for model, pred in preds.items():
                err = abs(actual[target] - pred)
                inside = (bool(fc.loc[target, "lo80_pct"] <= actual[target] <= fc.loc[target, "hi80_pct"])
                          if model == "sparse_llt" else np.nan)
                rows.append({"model": model, "origin": origin, "target": target, "horizon_months": h,
                             "actual_pct": actual[target], "forecast_pct": pred, "abs_error_pp": err,
                             "scaled_error": err / scale if scale else np.nan, "in80": inside})
    return pd.DataFrame(rows)


def backtest_table(detail: pd.DataFrame) -> pd.DataFrame:
    """Summary per model: forecasts made, MAE (pp), MASE, 80% interval coverage."""
    g = detail.groupby("model")
    out = pd.DataFrame({"n_forecasts": g.size(), "MAE_pp": g["abs_error_pp"].mean(),
                        "MASE": g["scaled_error"].mean(), "coverage80": g["in80"].mean()})
    return out.reindex([m for m in MODELS if m in out.index]).reset_index()


def synthetic_series(pattern_months: list[int], prior: Prior, rng: np.random.Generator, horizon: int = 12,
                     start_pct: float = 32.0) -> tuple[pd.DataFrame, pd.Series]:
    """A known process: truth (percent by month) and figures observed only at ``pattern_months`` offsets."""
    sig = prior.draw(1, rng)[0]
    n = max(pattern_months) + horizon + 1
    level, slope = logit(start_pct / 100), rng.normal(0, 0.005)
    truth = np.empty(n)
    for t in range(n):
        truth[t] = level
        level, slope = level + slope + sig[0] * rng.standard_normal(), slope + sig[1] * rng.standard_normal()
    months = pd.date_range("2020-01-01", periods=n, freq="MS")
    obs = [{"period": months[m], "value_pct": 100 * expit(truth[m] + sig[2] * rng.standard_normal()),
            "obs_id": f"S{m}", "quality_flag": "comparable", "kind": "published", "available": months[m]}
           for m in pattern_months]
    return pd.DataFrame(obs), pd.Series(100 * expit(truth), index=months)


def calibration_check(params: pd.DataFrame, pattern: pd.DatetimeIndex | list | None = None, n_series: int = 60,
                      horizons: tuple[int, ...] = (3, 6, 12), seed: int = 7, n_draws: int = 200) -> dict:
    """Share of held-out true values inside the 80% (and 50%, 95%) bands over synthetic series.

    ``pattern`` is the list of observed months (default: the months of the real province series are
    passed in by the caller as offsets); the truth after the last observed month is held out.
    """
    prior = Prior.from_parameters(params)
    if pattern is None:
        offsets = [0, 3, 8, 9, 10, 16, 20, 24]  # Dec 2023 … Dec 2025 months with a Sumsel figure
    else:
        p = pd.DatetimeIndex(sorted(set(pattern)))
        offsets = [int(round((d - p[0]).days / 30.4375)) for d in p]
    rng = np.random.default_rng(seed)
    hits = {50: [], 80: [], 95: []}
    for i in range(n_series):
        obs, truth = synthetic_series(offsets, prior, rng, horizon=max(horizons))
        fit = fit_trend(obs, prior=prior, n_draws=n_draws, seed=seed + i)
        last = obs["period"].max()
        targets = [last + pd.DateOffset(months=h) for h in horizons]
        fc = fit.forecast(until=targets[-1], n_paths=1000, rng=np.random.default_rng(seed + 1000 + i)).set_index("period")
        for tgt in targets:
            v = truth[tgt]
            hits[50].append(fc.loc[tgt, "lo50_pct"] <= v <= fc.loc[tgt, "hi50_pct"])
            hits[80].append(fc.loc[tgt, "lo80_pct"] <= v <= fc.loc[tgt, "hi80_pct"])
            hits[95].append(fc.loc[tgt, "lo95_pct"] <= v <= fc.loc[tgt, "hi95_pct"])
    n = len(hits[80])
    return {"n_series": n_series, "n_checks": n, "coverage50": float(np.mean(hits[50])),
            "coverage80": float(np.mean(hits[80])), "coverage95": float(np.mean(hits[95])),
            "se80": float(np.sqrt(0.8 * 0.2 / n)), "pattern_offsets": offsets, "horizons": list(horizons),
            "seed": seed}
