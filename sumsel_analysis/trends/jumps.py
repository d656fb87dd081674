"""Programme-driven jumps: how often published coverage series jump, and by how much.

Regional budget lists (APBD-funded vulnerable workers) start, grow and stop; a province's published
coverage then moves by 8–10 percentage points between two figures, far more than a smooth trend
allows. ``panel_changes`` takes every pair of consecutive months with a figure in every series of the
national panel (other provinces) and of the Sumsel kab/kota (segment total, coverage percent on the
logit scale, active participants on the log scale), with the obs_ids behind each pair.
``fit_jump_diffusion`` fits a jump–diffusion to those changes by maximum likelihood:

    change over m months = mu·m + N(0, 2·sigma_obs² + sigma_diff²·m) + (sum of K jumps, each N(0, jump_sd²)),
    K ~ Poisson(rate·D·(1 − exp(−m/D)))

with sigma_obs the central measurement s.d. (assumption ``forecast_sigma_obs_logit``). The jumps are
programme lists that start (rate/2 per month) *and stop* (after an exponential time of mean D months,
``model.expected_jumps``): a list's start and its stop are both jumps, so over a short span K has mean
rate·m, but over spans longer than D a list that started has often stopped again and the count saturates
at rate·D. The earlier fit with D = ∞ (jumps that never reverse, K ~ Poisson(rate·m)) made the spread
of a forecast grow like the horizon; the panel says otherwise: changes over 12–24 and 24+ months are
smaller, relative to that model, than over 3–12 months (mean squared standardised change 1.33 and 0.26
against 1.96, 80 pairs in 42 series as of Dec 2026, after ``tools/amend_national.py`` took the UCJ
numerators out of the active-participant series), the maximum likelihood rises by 3.9 log units with D,
and the naive rule's calibrated 80% bands held all 14 actuals 12–24 months after the last figure used (6 of
9 beyond 24 months, where Jawa Timur's 2018 counts meet those of 2023–2025). The diffusion is small and
poorly determined: 0.023 per month (80% Wald range 0.008–0.063; at zero the log likelihood is only 0.23
units lower), so measurement noise and lists that start and stop explain most of the changes. Its
estimates are recorded in ``data/raw/assumptions.csv`` as
``forecast_jump_rate_per_month``, ``forecast_jump_sd``, ``forecast_jump_duration_months`` and
``forecast_diffusion_sd_per_month`` (low / high: the 80% Wald range on the log scale; for a component
whose estimate sits at zero, where the log scale has no curvature, 0 and the upper end of the 80%
profile-likelihood range); a test checks that the rows still equal what the panel gives. The trend model adds these jumps to its simulated level
(``model.TrendFit.simulate_paths``); the simple rules' own spread is a random walk with the same jumps
(``random_walk_samples``).

``scale_pooling`` asks whether series differ in volatility beyond what the jumps already explain
(empirical Bayes on a per-series variance multiplier): on the pairs published by 2024 and on all of
them the marginal likelihood does not tell the series apart, so no series gets narrower bands for being
calm so far beyond the rules' own update (``backtest.spread_multiplier``).

Caveat: pairs mix sources (a Kemnaker table and a governor's statement); the jump component absorbs
such source switches too, which is what a forecast of the next *published* figure must allow for.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.optimize import minimize, minimize_scalar
from scipy.special import gammaln, logsumexp
from scipy.stats import norm, poisson

from sumsel_analysis.trends.model import DEFAULT_EXCLUDE, expected_jumps, jump_shifts, to_scale

AT_ZERO = 1e-6  # an s.d. or rate below this (model scale, per month) is a maximum at zero
MAX_JUMPS = 8  # Poisson terms summed in the likelihood (rate × months stays well below this)
LOG_SCALES = np.linspace(np.log(1e-3), np.log(1e3), 481)  # grid of a series' variance multiplier (log)
COMPLETE_POOLING = 1000.0  # pseudo pairs that make every series' multiplier 1 (the panel) in ``scale_pooling``


JUMP_COMPONENTS = ("diffusion_sd_per_month", "jump_rate_per_month", "jump_sd", "jump_duration_months")  # θ[1:]
SERIES_METRICS = ("coverage_pct", "active_participants")  # the metrics a series is modelled in


def _by_series(frame: pd.DataFrame) -> dict[str, pd.DataFrame]:
    use = frame[frame["metric"].isin(SERIES_METRICS)]
    return {f"{geo} {metric}": rows for (geo, metric), rows in use.groupby(["geo_code", "metric"])}


def kabkota_series(coverage_obs: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Observation rows of every Sumsel kab/kota series (segment total, coverage percent or active
    participants, excluded quality flags dropped): ``'geo metric'`` → rows."""
    return _by_series(coverage_obs[(coverage_obs["geo_level"] == "kabkota") & (coverage_obs["segment"] == "total")
                                   & ~coverage_obs["quality_flag"].isin(DEFAULT_EXCLUDE)])


def panel_series(coverage_obs: pd.DataFrame, national: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Observation rows of every kab/kota (``kabkota_series``) and other-province series (segment total,
    coverage percent or active participants): ``'geo metric'`` → rows."""
    nat = national[(national["segment"] == "total") & ~national["geo_code"].isin(["16", "ID"])]
    return {**kabkota_series(coverage_obs), **_by_series(nat)}


def panel_changes(coverage_obs: pd.DataFrame, national: pd.DataFrame) -> pd.DataFrame:
    """One row per pair of consecutive months with figures, per series of ``panel_series``.

    Columns: series_id, scale ('logit' or 'log'), from_period, to_period, months, change (model scale),
    obs_ids (the rows of both months, comma-separated).
    """
    rows = []
    for sid, obs in panel_series(coverage_obs, national).items():
        scale = "logit" if sid.endswith("coverage_pct") else "log"
        month = obs["period"].dt.to_period("M").dt.to_timestamp()
        g = obs.assign(y=to_scale(obs["value"], scale), month=month).groupby("month")
        y, ids = g["y"].mean(), g["obs_id"].agg(lambda s: ",".join(sorted(s)))
        for i in range(1, len(y)):
            rows.append({"series_id": sid, "scale": scale, "from_period": y.index[i - 1], "to_period": y.index[i],
                         "months": (y.index[i] - y.index[i - 1]).days / 30.4375,
                         "change": float(y.iloc[i] - y.iloc[i - 1]), "obs_ids": f"{ids.iloc[i - 1]},{ids.iloc[i]}"})
    return pd.DataFrame(rows).sort_values(["series_id", "from_period"]).reset_index(drop=True)


def _negloglik(theta: np.ndarray, change: np.ndarray, months: np.ndarray, obs_var: float) -> float:
    mu, log_sd, log_rate, log_jump, log_duration = theta
    k = np.arange(MAX_JUMPS + 1)[:, None]
    var = 2 * obs_var + np.exp(2 * log_sd) * months + k * np.exp(2 * log_jump)
    count = expected_jumps(months, np.exp(log_rate), np.exp(log_duration))
    dens = poisson.pmf(k, count) * norm.pdf(change, mu * months, np.sqrt(var))
    return -float(np.sum(np.log(dens.sum(axis=0) + 1e-300)))


def fit_jump_diffusion(changes: pd.DataFrame, obs_sd: float, ranges: bool = True) -> dict:
    """Maximum-likelihood jump–diffusion of ``panel_changes``: drift ``mu_per_month``, ``diffusion_sd_per_month``,
    ``jump_rate_per_month``, ``jump_sd`` (model scale), each with an 80% range (``*_low``, ``*_high``, Wald
    on the log scale), ``n_pairs`` and the ``obs_ids`` used. A component whose maximum lies at zero (its s.d.
    or rate below ``AT_ZERO``: the changes are explained without it) is reported as 0 with the range
    0 … the upper end of its 80% profile-likelihood range (``_profile_upper``), since a Wald range on the
    log scale is degenerate there. Deterministic (fixed starting point). ``ranges=False``: the estimates
    only (no ``*_low``/``*_high``, a component at zero reported as 0), for repeated fits."""
    x, m = changes["change"].to_numpy(float), changes["months"].to_numpy(float)
    start = np.array([0.0, np.log(0.02), np.log(0.05), np.log(0.3), np.log(12.0)])
    res = minimize(_negloglik, start, args=(x, m, obs_sd ** 2), method="Nelder-Mead",
                   options={"xatol": 1e-7, "fatol": 1e-9, "maxiter": 20000, "maxfev": 40000})
    theta = res.x
    at_zero = {i: i < 4 and np.exp(theta[i]) < AT_ZERO for i in range(1, len(theta))}
    out = {"mu_per_month": float(theta[0]), "n_pairs": int(len(x)), "obs_sd": obs_sd,
           **{name: 0.0 if at_zero[i] else float(np.exp(theta[i])) for i, name in enumerate(JUMP_COMPONENTS, start=1)}}
    if not ranges:
        return out
    p = len(theta)
    h = np.zeros((p, p))  # numerical Hessian for the Wald ranges
    eps = 1e-4
    for i in range(p):
        for j in range(p):
            e_i, e_j = np.eye(p)[i] * eps, np.eye(p)[j] * eps
            h[i, j] = (_negloglik(theta + e_i + e_j, x, m, obs_sd ** 2) - _negloglik(theta + e_i - e_j, x, m, obs_sd ** 2)
                       - _negloglik(theta - e_i + e_j, x, m, obs_sd ** 2)
                       + _negloglik(theta - e_i - e_j, x, m, obs_sd ** 2)) / (4 * eps * eps)
    se = np.sqrt(np.clip(np.diag(np.linalg.pinv(h)), 0, None))
    z = 1.2815515655446004
    out["obs_ids"] = ",".join(sorted(set(",".join(changes["obs_ids"]).split(","))))
    for i, name in enumerate(JUMP_COMPONENTS, start=1):
        if at_zero[i]:
            out[f"{name}_low"], out[f"{name}_high"] = 0.0, _profile_upper(i, theta, x, m, obs_sd ** 2, z ** 2 / 2)
        else:
            out[f"{name}_low"], out[f"{name}_high"] = float(np.exp(theta[i] - z * se[i])), float(np.exp(theta[i] + z * se[i]))
    return out


def _profile_upper(i: int, theta: np.ndarray, x: np.ndarray, m: np.ndarray, obs_var: float, rise: float) -> float:
    """Upper end (model scale) of the profile-likelihood range of component ``i`` (log scale in ``theta``)
    whose maximum is at zero: the value where the negative log-likelihood, minimised over the other
    components, has risen by ``rise`` (z²/2: the same 80% as the Wald ranges) above the maximum."""
    rest = np.delete(theta, i)

    def profile(v: float) -> float:
        f = lambda r: _negloglik(np.insert(r, i, v), x, m, obs_var)  # noqa: E731
        return float(minimize(f, rest, method="Nelder-Mead", options={"xatol": 1e-6, "fatol": 1e-8,
                                                                        "maxiter": 8000}).fun)

    target = _negloglik(theta, x, m, obs_var) + rise
    lo, hi = np.log(AT_ZERO), np.log(1e-2)
    while profile(hi) < target:  # the first decade (on the log scale) where the fit is clearly worse
        lo, hi = hi, hi + np.log(10.0)
    for _ in range(20):  # bisection on the log scale (to about 1e-5 relative)
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if profile(mid) < target else (lo, mid)
    return float(np.exp((lo + hi) / 2))


def random_walk_paths(last_y: float, last_sd: float, n_months: int, n_paths: int, rng: np.random.Generator,
                      diffusion_sd: float, jump_rate: float, jump_sd: float, slope: float = 0.0,
                      slope_sd: float = 0.0, jump_duration: float = np.inf) -> np.ndarray:
    """n_paths × n_months level paths on the model scale for the simple rules: from the last observed level
    (uncertain by ``last_sd``), a straight line of ``slope`` per month (uncertain by ``slope_sd``; 0 for
    naive), plus a Gaussian random walk (``diffusion_sd`` per month) and programme-driven jumps that
    reverse when their list stops (``model.jump_shifts``)."""
    start = last_y + last_sd * rng.standard_normal(n_paths)
    b = slope + slope_sd * rng.standard_normal(n_paths)
    jumps = jump_shifts(n_paths, n_months, jump_rate, jump_sd, rng, jump_duration)
    steps = diffusion_sd * rng.standard_normal((n_paths, n_months)) + jumps
    return start[:, None] + b[:, None] * np.arange(1, n_months + 1) + np.cumsum(steps, axis=1)


def scale_pooling(changes: pd.DataFrame, prior) -> dict:
    """Does the panel support series-specific volatility beyond the jump mixture? Empirical Bayes on a
    hierarchical scale: each series' changes (columns series_id, months, change; model scale) follow the
    jump–diffusion of ``prior`` (``jump_rate``, ``jump_sd``, ``jump_duration``, ``diffusion_sd``,
    ``obs_sd``; centred on no change, as the naive rule) with every variance multiplied by the series' own
    k, k ~ inverse-gamma(d/2, d/2) — d pseudo pairs of the panel, the weight ``backtest.spread_multiplier``
    gives the panel. d is the maximum of the marginal likelihood (k integrated out on a grid) between 0.1
    and ``COMPLETE_POOLING``. Returns prior_pairs (d), loglik_gain (log-likelihood of d over complete
    pooling; below ~1 the data do not tell the series apart), n_series and n_pairs. Pass only the changes
    published by a date to read it as of that date."""
    k = np.arange(MAX_JUMPS + 1)[:, None]
    scale = np.exp(LOG_SCALES)[:, None, None]
    per_series = []
    for _, g in changes.groupby("series_id"):
        m, c = g["months"].to_numpy(float), g["change"].to_numpy(float)
        var = 2 * prior.obs_sd ** 2 + prior.diffusion_sd ** 2 * m + k * prior.jump_sd ** 2  # jumps × pairs
        count = expected_jumps(m, prior.jump_rate, prior.jump_duration)
        dens = logsumexp(poisson.logpmf(k, count)[None] + norm.logpdf(c, 0, np.sqrt(scale * var[None])), axis=1)
        per_series.append(dens.sum(axis=1))  # log p(changes | k) on the grid
    step = LOG_SCALES[1] - LOG_SCALES[0]

    def loglik(log_d: float) -> float:
        a = np.exp(log_d) / 2  # inverse-gamma(a, a) density of log k
        log_prior = a * np.log(a) - gammaln(a) - a * LOG_SCALES - a * np.exp(-LOG_SCALES)
        return float(sum(logsumexp(ll + log_prior) + np.log(step) for ll in per_series))

    res = minimize_scalar(lambda x: -loglik(x), bounds=(np.log(0.1), np.log(COMPLETE_POOLING)), method="bounded")
    return {"prior_pairs": float(np.exp(res.x)), "loglik_gain": float(-res.fun - loglik(np.log(COMPLETE_POOLING))),
            "n_series": len(per_series), "n_pairs": int(len(changes))}
