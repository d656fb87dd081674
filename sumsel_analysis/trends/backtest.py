"""Does the trend model forecast better than simple rules? Nested rolling-origin backtests on every series.

``rolling_origin``: origins are the month ends in which a figure of the series was *published*; at each
origin only figures published by then are used (publication dates, not period months), and every later
month with a figure is forecast. Three models, each with a predictive distribution of its own
(``forecast_paths``): the sparse local trend (``sparse_llt``, its simulated paths with programme-driven
jumps) and two rules, ``naive`` (the last value) and ``drift`` (straight line through the first and last
training months), whose spread is a random walk with the same jumps (``trends.jumps``) — not the
Sumsel-tuned trend model's. All include the measurement noise of the figure to be published, and are
scored alike: absolute error of the median (MAE), CRPS (a proper score of the whole distribution) and
whether the actual fell inside the 80% band.

Model choice (``choose_model``) is nested and pooled: at an origin, the models' mean CRPS over every
backtest forecast of every series whose actual was published by that date; naive stays unless another
model beats it by the margin ``forecast_selection_margin`` with at least
``forecast_selection_min_forecasts`` pooled forecasts (the stated rule for short series).
``backtest_series`` collects every series with at least four comparable months (the province, each
kab/kota with data, each province of the national panel); ``backtest_all`` runs them all and adds the
``chosen`` rows, each forecast made with the model chosen at its own origin (the nested score, not a
hindsight pick).

Calibration (``calibrate``, ``spread_factor``): each model's spread is multiplied, at each origin, by a
split-conformal factor estimated on the pool of that model's earlier backtest forecasts of every series
whose actual was published by the origin: the ⌈(n+1)·0.8⌉-th smallest of their ``spread_score`` (the
factor that would have put each actual on the edge of its 80% band). Reason: the panel's jump–diffusion
describes other provinces' and kab/kota series; whether its bands fit the series actually forecast is an
empirical question the nested record answers, pooled because each series alone has a handful of scored
forecasts. Nested by construction (only earlier publications), one factor per model, median kept; 1
while fewer than four forecasts are scored. Production forecasts (``baseline``, ``ledger``) use the
factor as of their own data date.

Why 1 before four forecasts are scored, and not a narrower prior: the nested evidence available then is
the rules' one-step record (``one_step_record``: each model's forecast of every pair of consecutive
figures of every series — Sumsel, kab/kota, provinces, any length — from the figures up to the first of
the pair, dated by the later publication). At factor 1 it covers about 80% (``one_step_summary``); the
conformal rank on the few pairs published by early 2024 would *widen* the bands (it is conservative for
small n), and the panel's marginal likelihood gives no weight to per-series volatility beyond the jump
mixture at those dates (``jumps.scale_pooling`` on ``pair_changes``: a hierarchical scale per series
gains under 0.1 log-likelihood units over complete pooling, and the weight it gives the panel is at
least ``forecast_spread_prior_pairs``), so nothing published before the early origins says
"narrower". In hindsight, on the data of Dec 2026 (after ``tools/amend_national.py``) the naive forecasts
made at factor 1 (five series, origins 2018–2024, 3 to 89 months ahead, 6 of them over four years) held 14
of 17 actuals; the three misses are Jawa Timur's July 2018 count (2,9 M) forecasting those of 2023–2025
(4,6–6,0 M), so factor 1 was too narrow only for the earliest, longest forecasts (before the amendment,
with UCJ numerators in the active series: 5 of 11); the pooled factor takes over once four forecasts are
scored. (On the panel before the 2018–2025 provinces of ``tools/add_national.py``
were added, and with its jump prior, all 23 held their actuals.)
Coverage is read against ``coverage_reference``: the share inside that exactly
right forecast distributions give 9 times in 10 with the same forecasts, actuals drawn from the
forecasts' own paths so that one origin's targets move together (``coverage_range`` is the binomial
range for independent forecasts, narrower).
``backtest_summary`` is the tidy table (per series and pooled) for notebook 03 and the report's methods
appendix. The jump component every forecast here uses is fitted on the whole panel (a hindsight element: most
pairs were published after the origins); ``nested_jumps`` remakes the forecasts from the origins where a
nested fit is possible with the jumps refitted as of each origin, to show whether that flatters the scores.

Errors are on the model's scale: logit of coverage for percent series, log of persons for counts
(0.01 ≈ 1% relative change); ``abs_error_pp`` is also given in percentage points for percent series.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import binom

from sumsel_analysis.data.loaders import parameter
from sumsel_analysis.trends.jumps import panel_series, random_walk_paths
from sumsel_analysis.trends.model import (Prior, expected_jumps, fit_trend, from_scale, prior_from, province_series,
                                          to_scale)

MODELS = ("sparse_llt", "drift", "naive")
DEFAULT_MODEL = "naive"  # kept until another model earns its place (``choose_model``)
MIN_POINTS = 4  # comparable months a series needs to be backtested
BAND = 0.8  # the central interval scored and calibrated (the 80% band)
RANGE_LEVEL = 0.9  # ``coverage_range``: the share inside that calibrated bands give 9 times in 10


def _monthly(series: pd.DataFrame, scale: str) -> pd.Series:
    s = series.assign(y=to_scale(series["value_pct"], scale))
    return s.groupby("period")["y"].mean()


def _crps_samples(samples: np.ndarray, actual: float) -> float:
    """CRPS of an ensemble: E|X − y| − ½ E|X − X'| (sorted-sample formula, exact for the ensemble)."""
    x = np.sort(samples)
    n = len(x)
    spread = 2.0 * np.sum((2 * np.arange(1, n + 1) - n - 1) * x) / n ** 2
    return float(np.mean(np.abs(x - actual)) - 0.5 * spread)


def widen(y: np.ndarray, factor: float) -> np.ndarray:
    """Ensemble or paths (model scale; one column per month) with their spread about each month's median
    multiplied by ``factor``: the median is kept, every quantile's distance from it scaled."""
    if factor == 1.0:
        return y
    med = np.median(y, axis=0)
    return med + factor * (y - med)


def spread_score(ens: np.ndarray, actual: float) -> float:
    """Nonconformity of one forecast: the factor by which the ensemble's spread about its median would have
    to be multiplied for ``actual`` to sit on the edge of its 80% band (≤ 1: inside the band as issued)."""
    med = float(np.median(ens))
    lo, hi = np.quantile(ens, [0.5 - BAND / 2, 0.5 + BAND / 2])
    return (actual - med) / max(hi - med, 1e-12) if actual >= med else (med - actual) / max(med - lo, 1e-12)


def _scores(ens: np.ndarray, actual: float, scale: str, factor: float = 1.0) -> dict:
    """A forecast's scores with its spread multiplied by ``factor``: forecast (median), abs_error, crps,
    in80, the raw ensemble's spread_score and the factor; percent series also in percent."""
    x = widen(ens, factor)
    point = float(np.median(x))
    lo, hi = np.quantile(x, [0.5 - BAND / 2, 0.5 + BAND / 2])
    out = {"forecast": point, "abs_error": abs(actual - point), "crps": _crps_samples(x, actual),
           "in80": bool(lo <= actual <= hi), "spread_score": spread_score(ens, actual), "spread_factor": factor}
    if scale == "logit":
        a_pct, f_pct = 100 / (1 + np.exp(-actual)), 100 / (1 + np.exp(-point))
        out.update(actual_pct=a_pct, forecast_pct=f_pct, abs_error_pp=abs(a_pct - f_pct))
    return out


def spread_factor(detail: pd.DataFrame, as_of: str | pd.Timestamp, model: str, params: pd.DataFrame) -> float:
    """The pooled, nested calibration factor of ``model``'s spread at ``as_of`` (split-conformal): among the
    model's backtest forecasts of every series whose actual was published by ``as_of`` (n of them), the
    ⌈(n+1)·0.8⌉-th smallest ``spread_score`` (``conformal_factor``); 1 (the model's own spread) while that
    rank exceeds n (n < 4): the one-step record published by then supports the model's own spread (see the
    module docstring). No tuned constant: the rank is the conformal one, which covers 80% for exchangeable
    scores."""
    pool = detail[(detail["model"] == model) & (detail["target_available"] <= pd.Timestamp(as_of))]
    return conformal_factor(pool["spread_score"].to_numpy(float), default=1.0)


def calibrate(detail: pd.DataFrame, params: pd.DataFrame) -> pd.DataFrame:
    """``detail`` (with ensembles) rescored with every forecast's spread multiplied by its model's
    ``spread_factor`` at that forecast's own origin (nested: only earlier published actuals); the ensembles
    are dropped."""
    keys = detail[["model", "origin"]].drop_duplicates()
    factors = {(m, o): spread_factor(detail, o, m, params) for m, o in zip(keys["model"], keys["origin"])}
    scored = [_scores(r.ensemble, r.actual, r.scale, factors[(r.model, r.origin)]) for r in detail.itertuples()]
    out = detail.drop(columns="ensemble")
    new = pd.DataFrame(scored, index=detail.index)
    out[list(new.columns)] = new
    out["path_in80"] = [path_inside(e) for e in detail["ensemble"]]
    return out


def path_inside(ens: np.ndarray) -> np.ndarray:
    """For each simulated path of a forecast, whether its own value lies inside the forecast's 80% band
    (bool per path). Rows of one model and origin come from the same paths, so these indicators keep the
    dependence between a forecast's targets; widening about the median (``widen``) leaves them unchanged."""
    lo, hi = np.quantile(ens, [0.5 - BAND / 2, 0.5 + BAND / 2])
    return (ens >= lo) & (ens <= hi)


def coverage_reference(rows: pd.DataFrame, level: float = RANGE_LEVEL, n_sim: int = 2000,
                       seed: int = 20251204) -> tuple[float, float]:
    """The range of the share inside the 80% band that ``rows`` (backtest rows with ``path_in80``) would
    show ``level`` of the time if each forecast's distribution were exactly right: each simulation takes
    one of the model's own paths per model × series × origin as the actuals (so forecasts from one origin
    move together, as real ones do) and counts the targets inside. Returns (low, high) shares."""
    rng = np.random.default_rng(seed)
    total = np.zeros(n_sim)
    for _, g in rows.groupby(["model", "series_id", "origin"], sort=False):
        inside = np.column_stack(g["path_in80"].to_list())  # paths × targets
        total += inside[rng.integers(0, len(inside), n_sim)].sum(axis=1)
    share = total / len(rows)
    return float(np.quantile(share, (1 - level) / 2)), float(np.quantile(share, (1 + level) / 2))


def coverage_range(n, band: float = BAND, level: float = RANGE_LEVEL) -> tuple[np.ndarray, np.ndarray]:
    """Share of ``n`` actuals inside exactly calibrated ``band`` intervals: the central ``level`` range
    (binomial, forecasts treated as independent; several forecasts from one origin share one path, which
    widens it). Returns (low, high) shares; n may be an array."""
    n = np.asarray(n, float)
    lo, hi = binom.ppf((1 - level) / 2, n, band), binom.ppf((1 + level) / 2, n, band)
    return lo / n, hi / n


def one_step_record(series: dict[str, tuple[pd.DataFrame, str]], prior: Prior, n_paths: int = 600,
                    n_draws: int = 150, seed: int = 20251204) -> pd.DataFrame:
    """Each model's forecast of every pair of consecutive months with figures, in every series of
    ``series`` (id → (series, scale); ``backtest_series(..., min_points=2)`` gives every series with two
    months), made from the series' figures up to the first month of the pair at the model's own spread
    (factor 1; ``sparse_llt`` needs two months). One row per model × pair: series_id, model, last_data,
    target, target_available (when both months' figures were all published), horizon_months,
    spread_score, in80. Read as of a date it uses only pairs published by then: the nested, in-sample
    evidence about the spread that exists before the backtest has scored forecasts."""
    rows = []
    for j, (sid, (s, scale)) in enumerate(series.items()):
        y, known = _monthly(s, scale), s.groupby("period")["available"].max()
        for i in range(1, len(y)):
            last, target = y.index[i - 1], y.index[i]
            train = s[s["period"] <= last]
            for model in MODELS:
                if model == "sparse_llt" and i < 2:
                    continue
                paths = forecast_paths(train, model, prior, target, n_paths, np.random.default_rng(seed + 1000 * j + i),
                                       scale, observed=True, n_draws=n_draws, seed=seed)
                ens = to_scale(paths[target].to_numpy(), scale)
                lo, hi = np.quantile(ens, [0.5 - BAND / 2, 0.5 + BAND / 2])
                rows.append({"series_id": sid, "model": model, "last_data": last, "target": target,
                             "target_available": known.iloc[:i + 1].max(),
                             "horizon_months": round((target - last).days / 30.4375),
                             "spread_score": spread_score(ens, float(y.iloc[i])), "in80": bool(lo <= y.iloc[i] <= hi)})
    return pd.DataFrame(rows)


def pair_changes(series: dict[str, tuple[pd.DataFrame, str]]) -> pd.DataFrame:
    """Every pair of consecutive months with figures in every series of ``series`` (id → (series, scale)):
    series_id, last_data, target, months, change (model scale, monthly means), target_available (when both
    months' figures were all published) — the input of ``jumps.scale_pooling`` read as of a date."""
    rows = []
    for sid, (s, scale) in series.items():
        y, known = _monthly(s, scale), s.groupby("period")["available"].max()
        for i in range(1, len(y)):
            rows.append({"series_id": sid, "last_data": y.index[i - 1], "target": y.index[i],
                         "months": (y.index[i] - y.index[i - 1]).days / 30.4375,
                         "change": float(y.iloc[i] - y.iloc[i - 1]), "target_available": known.iloc[:i + 1].max()})
    return pd.DataFrame(rows)


def one_step_summary(record: pd.DataFrame, as_of: str | pd.Timestamp | None = None) -> pd.DataFrame:
    """``one_step_record`` read as of ``as_of`` (default: all of it), per model: n_pairs, inside80,
    coverage80 at the model's own spread, its ``coverage_range`` (range80_low, range80_high) and the
    split-conformal factor the pairs would give (``conformal_factor``; NaN below four pairs)."""
    use = record if as_of is None else record[record["target_available"] <= pd.Timestamp(as_of)]
    g = use.groupby("model")
    out = pd.DataFrame({"n_pairs": g.size(), "inside80": g["in80"].sum(), "coverage80": g["in80"].mean(),
                        "conformal_factor": g["spread_score"].agg(lambda s: conformal_factor(s.to_numpy(float)))})
    out["range80_low"], out["range80_high"] = coverage_range(out["n_pairs"].to_numpy())
    return out.reindex([m for m in MODELS if m in out.index]).reset_index()


def conformal_factor(scores: np.ndarray, default: float = np.nan) -> float:
    """The split-conformal factor of a pool of ``spread_score`` values: the ⌈(n+1)·0.8⌉-th smallest;
    ``default`` while that rank exceeds n (fewer than four scores)."""
    s = np.sort(np.asarray(scores, float))
    k = int(np.ceil((len(s) + 1) * BAND))
    return float(s[k - 1]) if k <= len(s) else default


def change_var(months, prior: Prior):
    """Panel variance of the change between two published figures ``months`` apart (model scale): both
    figures' measurement noise, the diffusion and the expected jumps (``model.expected_jumps``)."""
    jumps = expected_jumps(months, prior.jump_rate, prior.jump_duration)
    return 2 * prior.obs_sd ** 2 + np.asarray(months, float) * prior.diffusion_sd ** 2 + jumps * prior.jump_sd ** 2


def spread_multiplier(train: pd.DataFrame, prior: Prior, scale: str, prior_pairs: float) -> float:
    """How volatile this series has been relative to the panel: the variance multiplier k of the rules'
    spread, an empirical-Bayes (inverse-gamma) posterior mean that starts at 1 (the panel) with
    ``prior_pairs`` pseudo-observations and is updated by the series' own changes between consecutive
    months: k = (prior_pairs + Σ z²) / (prior_pairs + n), z² = change² / its panel variance
    (``change_var``)."""
    tm = _monthly(train, scale)
    if len(tm) < 2:
        return 1.0
    months = np.diff(tm.index.to_numpy()).astype("timedelta64[D]").astype(float) / 30.4375
    z2 = np.diff(tm.to_numpy()) ** 2 / change_var(months, prior)
    return float((prior_pairs + z2.sum()) / (prior_pairs + len(z2)))


def forecast_paths(train: pd.DataFrame, model: str, prior: Prior, until: str | pd.Timestamp, n_paths: int,
                   rng: np.random.Generator, scale: str = "logit", observed: bool = False, n_draws: int = 300,
                   seed: int = 20251204, factor: float = 1.0) -> pd.DataFrame:
    """Paths (percent, or persons for ``scale='log'``) of one model from the month after the last training
    month to ``until``, each model with its own spread: ``sparse_llt`` the trend model's paths (with jumps);
    ``naive``/``drift`` a random walk with jumps (``prior.diffusion_sd``, ``jump_rate``, ``jump_sd``) around
    the last value or the line through the first and last months (slope uncertain by the two figures'
    noise), its scale adapted to the series' own past changes (``spread_multiplier``). ``observed=True`` adds the measurement noise of a published figure (``prior.obs_sd``); ``factor``
    multiplies the spread about each month's median (``widen``; the pooled calibration ``spread_factor``)."""
    if model == "sparse_llt":
        fit = fit_trend(train, prior=prior, n_draws=n_draws, seed=seed, scale=scale)
        p = fit.simulate_paths(n_paths, until, rng, observed=observed)
        return p if factor == 1.0 else pd.DataFrame(from_scale(widen(to_scale(p.to_numpy(), scale), factor), scale),
                                                     columns=p.columns)
    if model not in MODELS:
        raise ValueError(f"model must be one of {MODELS}, got {model!r}")
    tm = _monthly(train, scale)
    n_last = int((train["period"] == tm.index[-1]).sum())
    months = pd.date_range(tm.index[-1] + pd.offsets.MonthBegin(1), pd.Timestamp(until), freq="MS")
    if len(months) == 0:
        raise ValueError(f"'until' ({until}) must be after the last observed month {tm.index[-1]:%Y-%m}")
    span = (tm.index[-1] - tm.index[0]).days / 30.4375
    slope, slope_sd = 0.0, 0.0
    if model == "drift" and span > 0:
        slope = (tm.iloc[-1] - tm.iloc[0]) / span
        slope_sd = float(np.sqrt(change_var(span, prior))) / span
    r = np.sqrt(spread_multiplier(train, prior, scale, prior.spread_prior_pairs))  # the series' own volatility
    y = random_walk_paths(float(tm.iloc[-1]), r * prior.obs_sd / np.sqrt(max(n_last, 1)), len(months), n_paths, rng,
                          r * prior.diffusion_sd, prior.jump_rate, r * prior.jump_sd, slope, r * slope_sd,
                          prior.jump_duration)
    if observed:
        y = y + r * prior.obs_sd * rng.standard_normal(y.shape)
    return pd.DataFrame(from_scale(widen(y, factor), scale), columns=months)


def publication_origins(series: pd.DataFrame) -> list[pd.Timestamp]:
    """Month ends in which at least one figure of the series became available (published)."""
    return sorted({(a + pd.offsets.MonthEnd(0)).normalize() for a in pd.DatetimeIndex(series["available"])})


def rolling_origin(series: pd.DataFrame, params: pd.DataFrame | None = None, min_train_months: int = 2,
                   n_draws: int = 200, seed: int = 20251204, scale: str = "logit", n_paths: int = 1000,
                   prior: Prior | None = None, series_id: str = "16 coverage_pct",
                   keep_ensembles: bool = False, prior_at=None, since: pd.Timestamp | None = None) -> pd.DataFrame:
    """One row per model × origin × target month: origin (a publication month end), last_data (the last
    training month), target, target_available (when the target month's figures were all published),
    horizon_months (from the last training month), actual, forecast (median, model scale), abs_error,
    crps, in80, spread_score, spread_factor (1: the models' own spread, not yet calibrated; see
    ``calibrate``), for percent series actual_pct, forecast_pct, abs_error_pp, and with
    ``keep_ensembles`` the ensemble (model scale) in column ``ensemble``. ``prior_at`` (origin → Prior), if
    given, replaces ``prior`` at each origin; origins before ``since`` are skipped (``nested_jumps``)."""
    prior = prior or prior_from(params)
    actual = _monthly(series, scale)
    known = series.groupby("period")["available"].max()
    rows = []
    for i, origin in enumerate(publication_origins(series)):
        train = series[series["available"] <= origin]
        if train["period"].nunique() < min_train_months or (since is not None and origin < since):
            continue
        last = train["period"].max()
        targets = [m for m in actual.index if m > last]
        if not targets:
            continue
        for model in MODELS:
            paths = forecast_paths(train, model, prior if prior_at is None else prior_at(origin), targets[-1], n_paths,
                                   np.random.default_rng(seed + i),
                                   scale, observed=True, n_draws=n_draws, seed=seed)
            for target in targets:
                ens = to_scale(paths[target].to_numpy(), scale)
                row = {"series_id": series_id, "scale": scale, "model": model, "origin": origin, "last_data": last,
                       "target": target, "target_available": known[target],
                       "horizon_months": round((target - last).days / 30.4375), "actual": float(actual[target]),
                       **_scores(ens, float(actual[target]), scale)}
                if keep_ensembles:
                    row["ensemble"] = ens
                rows.append(row)
    return pd.DataFrame(rows)


def choose_model(detail: pd.DataFrame, as_of: str | pd.Timestamp, params: pd.DataFrame) -> tuple[str, dict]:
    """The model to use at ``as_of``: pooled over every series, the mean CRPS of the backtest forecasts
    whose actual was published by ``as_of`` (nested: nothing later is seen). Naive unless another model has
    a mean CRPS at least ``forecast_selection_margin`` (relative) below naive's, with at least
    ``forecast_selection_min_forecasts`` pooled forecasts. Returns (model, pooled mean CRPS per model)."""
    margin = parameter(params, "forecast_selection_margin")
    min_n = parameter(params, "forecast_selection_min_forecasts")
    pool = detail[(detail["target_available"] <= pd.Timestamp(as_of)) & detail["model"].isin(MODELS)]
    scores = pool.groupby("model")["crps"].mean()
    n = int((pool["model"] == DEFAULT_MODEL).sum())
    if n < min_n or scores.empty:
        return DEFAULT_MODEL, {m: round(float(v), 4) for m, v in scores.items()}
    best = str(scores.idxmin())
    pick = best if scores[best] <= (1 - margin) * scores[DEFAULT_MODEL] else DEFAULT_MODEL
    return pick, {m: round(float(v), 4) for m, v in scores.items()}


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


def observation_series(rows: pd.DataFrame) -> pd.DataFrame:
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
    for sid, rows in panel_series(coverage_obs, national).items():
        s = observation_series(rows)
        if s["period"].nunique() >= min_points:
            out[sid] = (s, "logit" if sid.endswith("coverage_pct") else "log")
    return out


def backtest_all(coverage_obs: pd.DataFrame, national: pd.DataFrame, params: pd.DataFrame, n_draws: int = 150,
                 n_paths: int = 600, seed: int = 20251204) -> pd.DataFrame:
    """Rolling-origin detail for every series of ``backtest_series``, each forecast's spread calibrated
    (``calibrate``: pooled, nested), plus the ``chosen`` rows: each
    forecast made with the model ``choose_model`` picks at that forecast's origin from forecasts published
    by then (column ``chosen_from``) — the nested score."""
    prior = prior_from(params)
    parts = [rolling_origin(s, prior=prior, scale=scale, n_draws=n_draws, n_paths=n_paths, seed=seed, series_id=sid,
                            keep_ensembles=True)
             for sid, (s, scale) in backtest_series(coverage_obs, national, params).items()]
    detail = calibrate(pd.concat([p for p in parts if len(p)], ignore_index=True), params)
    picks = {o: choose_model(detail, o, params)[0] for o in sorted(detail["origin"].unique())}
    chosen_from = detail["origin"].map(picks)
    chosen = detail[detail["model"] == chosen_from].assign(model="chosen")
    chosen["chosen_from"] = chosen_from[chosen.index]
    return pd.concat([detail, chosen], ignore_index=True)


def backtest_summary(detail: pd.DataFrame) -> pd.DataFrame:
    """Tidy table for notebook 03 and the methods appendix: per series and overall (series_id 'all'),
    per model (sparse_llt, drift, naive, chosen): n_forecasts, MAE, CRPS, bias (mean signed error,
    forecast − actual), coverage80, inside80 (actuals inside the 80% band), range80_low / range80_high
    (the share exactly right forecast distributions give 9 times in 10: ``coverage_reference`` when the
    rows carry ``path_in80``, else the binomial ``coverage_range``) and, for
    the chosen rows, which models were chosen (nested, at each origin; 'naive/drift' when it changed).
    Scores are means over forecasts on the model scale."""
    keys = ["series_id", "model"]
    detail = detail.assign(_signed=detail["forecast"] - detail["actual"])
    g = detail.groupby(keys)
    per = pd.DataFrame({"n_forecasts": g.size(), "MAE": g["abs_error"].mean(), "CRPS": g["crps"].mean(),
                        "bias": g["_signed"].mean(), "coverage80": g["in80"].mean(),
                        "inside80": g["in80"].sum()}).reset_index()
    if "chosen_from" in detail:
        ch = detail.dropna(subset=["chosen_from"]).groupby("series_id")["chosen_from"].agg(
            lambda s: "/".join(dict.fromkeys(s)))
        per["chosen_from"] = np.where(per["model"] == "chosen", per["series_id"].map(ch), "")
    ga = detail.groupby("model")
    overall = pd.DataFrame({"n_forecasts": ga.size(), "MAE": ga["abs_error"].mean(), "CRPS": ga["crps"].mean(),
                            "bias": ga["_signed"].mean(), "coverage80": ga["in80"].mean(),
                            "inside80": ga["in80"].sum()}).reset_index().assign(series_id="all", chosen_from="")
    order = {m: i for i, m in enumerate((*MODELS, "chosen"))}
    out = pd.concat([per, overall], ignore_index=True)
    if "path_in80" in detail:  # the forecasts' own dependence (``coverage_reference``)
        ranges = [coverage_reference(detail[(detail["model"] == m) & ((detail["series_id"] == sid) | (sid == "all"))])
                  for sid, m in zip(out["series_id"], out["model"])]
        out["range80_low"], out["range80_high"] = np.array(ranges).T
    else:
        out["range80_low"], out["range80_high"] = coverage_range(out["n_forecasts"].to_numpy())
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
