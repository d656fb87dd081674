"""Does the trend model forecast better than simple rules?

``rolling_origin``: for each origin month, fit on the figures up to it and forecast every later month
that has a figure; compare the sparse local trend with two baselines (naive = last value, drift =
straight line through the first and last training months). Errors in percentage points; MASE scaled
by the mean absolute month-to-month change in the training data; coverage80 = share of actual values
inside the 80% band (trend model only: the baselines give no band). ``backtest_table`` summarises.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sumsel_analysis.trends.model import fit_trend

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
