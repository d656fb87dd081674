"""The national series: year-end active participants and an annual damped-trend ETS projection."""

from __future__ import annotations

import pandas as pd

# --- the national series: an annual damped-trend alternative -------------------------------------


def national_year_end(coverage_best: pd.DataFrame) -> pd.DataFrame:
    """National active participants at each December (best series), persons; the years the data allow."""
    n = coverage_best[(coverage_best["geo_code"] == "ID") & (coverage_best["segment"] == "total")
                      & (coverage_best["metric"] == "active_participants") & (coverage_best["period"].dt.month == 12)]
    return n[["period", "value", "obs_id", "quality_flag"]].rename(columns={"value": "active_persons"}).reset_index(drop=True)


def national_ets(coverage_best: pd.DataFrame, horizon_years: int = 4, exclude_last: bool = False) -> pd.DataFrame:
    """Annual ETS with an additive damped trend (statsmodels ``ETSModel``) on national year-end counts.

    Returns observed and projected rows: year, active_persons (observed), forecast, lo80, hi80 (persons).
    ``exclude_last`` drops the Dec 2025 figure (48.64m), which comes from a critic who disputes it.
    """
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    y = national_year_end(coverage_best)
    if exclude_last:
        y = y.iloc[:-1]
    s = pd.Series(y["active_persons"].to_numpy() / 1e6, index=pd.PeriodIndex(y["period"].dt.year.astype(str), freq="Y"))
    years = pd.period_range(s.index.min(), s.index.max(), freq="Y")
    if len(years) != len(s):
        raise ValueError(f"national year-end series has gaps: {sorted(set(years) - set(s.index))}")
    res = ETSModel(s, error="add", trend="add", damped_trend=True).fit(disp=False)
    pred = res.get_prediction(start=len(s), end=len(s) + horizon_years - 1)
    frame = pred.summary_frame(alpha=0.20)
    proj = pd.DataFrame({"year": [p.year for p in frame.index], "forecast": frame["mean"].to_numpy() * 1e6,
                         "lo80": frame["pi_lower"].to_numpy() * 1e6, "hi80": frame["pi_upper"].to_numpy() * 1e6,
                         "is_projection": True})
    obs = pd.DataFrame({"year": s.index.year, "active_persons": s.to_numpy() * 1e6, "obs_id": y["obs_id"].to_numpy(),
                        "is_projection": False})
    return pd.concat([obs, proj], ignore_index=True)
