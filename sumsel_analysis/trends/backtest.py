"""Does the trend model forecast better than simple rules? Rolling-origin backtests on every series.

``rolling_origin``: for each origin month, fit on the figures up to it and forecast every later month
that has a figure; compare the sparse local trend (``sparse_llt``) with two rules: ``naive`` (the last
value) and ``drift`` (straight line through the first and last training months). Every model gets a
predictive distribution: the trend model its simulated paths, the rules the same spread re-centred on
their point forecast, so all three are scored alike: absolute error of the median (MAE), CRPS (a proper
score of the whole distribution) and whether the actual fell inside the 80% band.

``backtest_series`` collects every series with at least four comparable months: the province, each
kab/kota with data, and each province of the national panel. ``backtest_all`` runs them all and adds
the ``chosen`` forecast: per series, the model with the lowest mean CRPS over its backtests (so on
average it is never worse than naive; the choice uses the same backtests, so its scores are optimistic
and the table says so). ``backtest_summary`` is the tidy table (per series and overall) for notebook 03
and the report's methods appendix.

Errors are on the model's scale: logit of coverage for percent series, log of persons for counts
(0.01 ≈ 1% relative change); ``abs_error_pp`` is also given in percentage points for percent series.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sumsel_analysis.trends.model import DEFAULT_EXCLUDE, Prior, fit_trend, province_series, to_scale

MODELS = ("sparse_llt", "drift", "naive")
MIN_POINTS = 4  # comparable months a series needs to be backtested (three to fit, one to check)


def _monthly(series: pd.DataFrame, scale: str) -> pd.Series:
    s = series.assign(y=to_scale(series["value_pct"], scale))
    return s.groupby("period")["y"].mean()


def _crps_samples(samples: np.ndarray, actual: float) -> float:
    """CRPS of an ensemble: E|X − y| − ½ E|X − X'| (sorted-sample formula, exact for the ensemble)."""
    x = np.sort(samples)
    n = len(x)
    spread = 2.0 * np.sum((2 * np.arange(1, n + 1) - n - 1) * x) / n ** 2
    return float(np.mean(np.abs(x - actual)) - 0.5 * spread)


def rolling_origin(series: pd.DataFrame, params: pd.DataFrame | None = None, min_train_months: int = 3,
                   n_draws: int = 200, seed: int = 20251204, scale: str = "logit", n_paths: int = 1000,
                   prior: Prior | None = None, series_id: str = "16 coverage_pct") -> pd.DataFrame:
    """One row per model × origin × target month: horizon_months, actual, forecast (model scale),
    abs_error, crps, in80, and for percent series actual_pct, forecast_pct, abs_error_pp."""
    prior = prior or Prior.from_parameters(params)
    months = sorted(series["period"].unique())
    actual = _monthly(series, scale)
    rows = []
    for i in range(min_train_months - 1, len(months) - 1):
        origin = months[i]
        train = series[series["period"] <= origin]
        tm = _monthly(train, scale)
        fit = fit_trend(train, prior=prior, n_draws=n_draws, seed=seed, scale=scale)
        targets = months[i + 1:]
        paths = fit.simulate_paths(n_paths, targets[-1], np.random.default_rng(seed + i))
        span = (tm.index[-1] - tm.index[0]).days / 30.4375
        slope = (tm.iloc[-1] - tm.iloc[0]) / span if span > 0 else 0.0
        for target in targets:
            samples = to_scale(paths[target].to_numpy(), scale)
            med = float(np.median(samples))
            h = round((target - origin).days / 30.4375)
            points = {"sparse_llt": med, "naive": tm.iloc[-1],
                      "drift": tm.iloc[-1] + slope * (target - tm.index[-1]).days / 30.4375}
            y = actual[target]
            for model, point in points.items():
                ens = samples - med + point  # the rules borrow the trend model's spread
                lo, hi = np.quantile(ens, [0.1, 0.9])
                row = {"series_id": series_id, "scale": scale, "model": model, "origin": origin, "target": target,
                       "horizon_months": h, "actual": y, "forecast": point, "abs_error": abs(y - point),
                       "crps": _crps_samples(ens, y), "in80": bool(lo <= y <= hi)}
                if scale == "logit":
                    a_pct, f_pct = 100 / (1 + np.exp(-y)), 100 / (1 + np.exp(-point))
                    row.update(actual_pct=a_pct, forecast_pct=f_pct, abs_error_pp=abs(a_pct - f_pct))
                rows.append(row)
    return pd.DataFrame(rows)


def backtest_table(detail: pd.DataFrame) -> pd.DataFrame:
    """Summary per model (one series): forecasts made, MAE (model scale, and pp for percent series),
    mean CRPS, 80% interval coverage."""
    g = detail.groupby("model")
    out = pd.DataFrame({"n_forecasts": g.size(), "MAE": g["abs_error"].mean(), "CRPS": g["crps"].mean(),
                        "coverage80": g["in80"].mean()})
    if "abs_error_pp" in detail:
        out["MAE_pp"] = g["abs_error_pp"].mean()
    order = [m for m in (*MODELS, "chosen") if m in out.index]
    return out.reindex(order).reset_index()


# --- every series with enough points ---------------------------------------------------------------


def _generic_series(rows: pd.DataFrame) -> pd.DataFrame:
    """Observation rows → the series format ``fit_trend`` reads (one row per figure)."""
    pub = pd.to_datetime(rows["published_date"].where(rows["published_date"].astype(str).str.len() == 10),
                         errors="coerce")
    period = rows["period"].dt.to_period("M").dt.to_timestamp()
    flag = rows["quality_flag"] if "quality_flag" in rows else pd.Series("comparable", index=rows.index)
    out = pd.DataFrame({"period": period, "value_pct": rows["value"].astype(float), "obs_id": rows["obs_id"],
                        "quality_flag": flag, "published_date": pub, "available": pub.fillna(period),
                        "kind": "published"})
    return out.sort_values(["period", "obs_id"]).reset_index(drop=True)


def backtest_series(coverage_obs: pd.DataFrame, national: pd.DataFrame, params: pd.DataFrame,
                    min_points: int = MIN_POINTS) -> dict[str, tuple[pd.DataFrame, str]]:
    """Every series with at least ``min_points`` months of comparable figures: id → (series, scale).

    The province's coverage series (``province_series``); each kab/kota's coverage percent or active
    participants (quality flags applied); each province of the national panel (coverage percent or
    active participants, segment total; Sumsel is left out there, it is the first series). Counts are
    modelled on the log scale, percents on the logit scale.
    """
    out = {"16 coverage_pct": (province_series(coverage_obs, params=params), "logit")}
    kab = coverage_obs[(coverage_obs["geo_level"] == "kabkota") & (coverage_obs["segment"] == "total")
                       & ~coverage_obs["quality_flag"].isin(DEFAULT_EXCLUDE)]
    nat = national[(national["segment"] == "total") & ~national["geo_code"].isin(["16", "ID"])]
    for frame in (kab, nat):
        for (geo, metric), rows in frame[frame["metric"].isin(["coverage_pct", "active_participants"])].groupby(
                ["geo_code", "metric"]):
            s = _generic_series(rows)
            if s["period"].nunique() >= min_points:
                out[f"{geo} {metric}"] = (s, "logit" if metric == "coverage_pct" else "log")
    return out


def backtest_all(coverage_obs: pd.DataFrame, national: pd.DataFrame, params: pd.DataFrame, n_draws: int = 150,
                 n_paths: int = 600, seed: int = 20251204) -> pd.DataFrame:
    """Rolling-origin detail for every series of ``backtest_series``, plus the ``chosen`` model's rows
    (per series, the lowest mean CRPS; column ``chosen_from`` names it)."""
    prior = Prior.from_parameters(params)
    parts = [rolling_origin(s, prior=prior, scale=scale, n_draws=n_draws, n_paths=n_paths, seed=seed, series_id=sid)
             for sid, (s, scale) in backtest_series(coverage_obs, national, params).items()]
    detail = pd.concat([p for p in parts if len(p)], ignore_index=True)
    score = detail.groupby(["series_id", "model"])["crps"].mean().unstack()
    best = score[list(MODELS)].idxmin(axis=1)
    chosen = detail[detail["model"] == detail["series_id"].map(best)].assign(model="chosen")
    chosen["chosen_from"] = chosen["series_id"].map(best)
    return pd.concat([detail, chosen], ignore_index=True)


def backtest_summary(detail: pd.DataFrame) -> pd.DataFrame:
    """Tidy table for notebook 03 and the methods appendix: per series and overall (series_id 'all'),
    per model (sparse_llt, drift, naive, chosen): n_forecasts, MAE, CRPS, coverage80 and, for the
    chosen rows, which model was chosen. Scores are means over forecasts on the model scale."""
    keys = ["series_id", "model"]
    g = detail.groupby(keys)
    per = pd.DataFrame({"n_forecasts": g.size(), "MAE": g["abs_error"].mean(), "CRPS": g["crps"].mean(),
                        "coverage80": g["in80"].mean()}).reset_index()
    if "chosen_from" in detail:
        ch = detail.dropna(subset=["chosen_from"]).groupby("series_id")["chosen_from"].first()
        per["chosen_from"] = np.where(per["model"] == "chosen", per["series_id"].map(ch), "")
    ga = detail.groupby("model")
    overall = pd.DataFrame({"n_forecasts": ga.size(), "MAE": ga["abs_error"].mean(), "CRPS": ga["crps"].mean(),
                            "coverage80": ga["in80"].mean()}).reset_index().assign(series_id="all", chosen_from="")
    order = {m: i for i, m in enumerate((*MODELS, "chosen"))}
    out = pd.concat([per, overall], ignore_index=True)
    out = out.assign(_o=out["model"].map(order), _all=out["series_id"].eq("all"))
    return out.sort_values(["_all", "series_id", "_o"]).drop(columns=["_o", "_all"]).reset_index(drop=True)


def headline_table(detail: pd.DataFrame, series_id: str = "16 coverage_pct") -> pd.DataFrame:
    """One row per model for a reader: the province series in percentage points (n, MAE, share inside the 80%
    band) beside every series together (n, mean CRPS on the model scale, share inside the 80% band).

    ``detail`` is ``backtest_all(...)``; the province columns need its ``abs_error_pp`` column.
    """
    prov = detail[detail["series_id"] == series_id].groupby("model")
    every = detail.groupby("model")
    out = pd.DataFrame({"n_province": prov.size(), "mae_province_pp": prov["abs_error_pp"].mean(),
                        "coverage80_province": prov["in80"].mean(), "n_all": every.size(),
                        "crps_all": every["crps"].mean(), "coverage80_all": every["in80"].mean()})
    order = [m for m in (*MODELS, "chosen") if m in out.index]
    return out.reindex(order).rename_axis("model").reset_index()
