"""Trend projections of coverage on sparse, noisy, irregular observations, with honest intervals.

Model. A monthly local linear trend (statsmodels state space, ``SparseLocalTrend``) on the logit of
coverage, so projections stay inside 0–100%. Months without a figure are missing; several figures in
one month are averaged with their noise variance divided accordingly; each observation's noise is
scaled by its quality flag (a contradicted figure counts less). Definitional breaks, misprints and
figures that are not coverage are excluded (configurable).

Uncertainty. With a handful of points the three variances cannot be pinned down, so the fit does not
pretend: it draws variance triples from the documented prior ranges (assumptions
``forecast_sigma_*``), weights each by its Kalman-filter likelihood (importance sampling: an
approximate posterior), and simulates future paths from the filtered end state of each draw. The
slope starts from the drift prior borrowed from other provinces (assumption
``forecast_drift_log_per_year``, ``trends.priors``), the level from an approximately diffuse prior.
All draws are filtered at once (``batched_filter``, numpy over draws; ``SparseLocalTrend`` is the same
model in statsmodels, kept as the reference the tests compare it with), so one fit takes a few ms.
Bands, the probability of reaching a target and the policy simulator's baseline all come from these
paths. ``trends.calibration.calibration_check`` verifies the 80% bands on synthetic series with the same
sparsity.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.special import expit, logit
from statsmodels.tsa.statespace.mlemodel import MLEModel

from sumsel_analysis.data.loaders import parameter

DIFFUSE_VARIANCE = 1e6  # approximate diffuse prior of the initial level (as statsmodels' approximate_diffuse)
Z80 = 1.2815515655446004  # standard normal 90th percentile: a 10-90% range spans 2 × Z80 s.d.
DEFAULT_EXCLUDE = ("definitional_break", "suspected_misprint", "not_coverage", "scope_unclear")
QUANTILES = {"lo95": 0.025, "lo80": 0.10, "lo50": 0.25, "median": 0.50, "hi50": 0.75, "hi80": 0.90, "hi95": 0.975}


# --- data -----------------------------------------------------------------------------------------


def province_series(coverage_obs: pd.DataFrame, geo_code: str = "16", exclude_flags=DEFAULT_EXCLUDE,
                    params: pd.DataFrame | None = None, include_derived: bool = True) -> pd.DataFrame:
    """Coverage observations for one geography, one row per published figure (several per month allowed).

    Columns: period (month start), value_pct, obs_id, quality_flag, published_date (date or NaT),
    kind ('published' percent or 'derived' = active participants ÷ base parameter
    ``sumsel_worker_potential``, province only and only when ``params`` is given).
    """
    g = coverage_obs[(coverage_obs["geo_code"] == geo_code) & (coverage_obs["segment"] == "total")
                     & ~coverage_obs["quality_flag"].isin(exclude_flags)]
    pct = g[g["metric"] == "coverage_pct"].assign(value_pct=lambda d: d["value"], kind="published")
    parts = [pct]
    if include_derived and params is not None and geo_code == "16":
        base = parameter(params, "sumsel_worker_potential")
        cnt = g[g["metric"] == "active_participants"]
        parts.append(cnt.assign(value_pct=100 * cnt["value"] / base, kind="derived"))
    out = pd.concat(parts, ignore_index=True)
    # a count and a percent from the same report are one figure, not two: keep the published percent
    out = out.assign(_m=out["period"].dt.to_period("M"), _derived=out["kind"].eq("derived"))
    out = out.sort_values(["_derived", "obs_id"]).drop_duplicates(["source_id", "_m"]).drop(columns=["_m", "_derived"])
    pub = pd.to_datetime(out["published_date"].where(out["published_date"].str.len() == 10), errors="coerce")
    out = out.assign(period=out["period"].dt.to_period("M").dt.to_timestamp(), published_date=pub,
                     available=pub.fillna(out["period"]))
    cols = ["period", "value_pct", "obs_id", "quality_flag", "published_date", "available", "kind"]
    return out[cols].sort_values(["period", "obs_id"]).reset_index(drop=True)


@dataclass(frozen=True)
class Prior:
    """Log-uniform ranges of the three s.d.s (logit units per month) and the noise multipliers."""

    sigma_level: tuple[float, float]
    sigma_slope: tuple[float, float]
    sigma_obs: tuple[float, float]
    multiplier: dict[str, float] = field(default_factory=dict)
    drift_log_per_year: tuple[float, float] = (0.0, 0.0)  # mean, s.d. of the initial slope (log units per year)
    jump_rate: float = 0.0  # programme-driven jumps per month (compound Poisson; trends.jumps)
    jump_sd: float = 0.0  # s.d. of one jump, model scale
    diffusion_sd: float = 0.0  # monthly random-walk s.d. of the simple rules' own spread
    obs_sd: float = 0.0  # central measurement s.d. of one published figure
    spread_prior_pairs: float = 4.0  # pseudo-pairs of the panel in the rules' series-specific spread
    jump_duration: float = np.inf  # mean months a programme list lasts before it stops (its jump reverses)

    @classmethod
    def from_parameters(cls, params: pd.DataFrame) -> "Prior":
        params = params[params["name"].str.startswith("forecast_")]  # a few rows: quick look-ups
        rng = {n: (parameter(params, f"forecast_sigma_{n}_logit", "low"), parameter(params, f"forecast_sigma_{n}_logit", "high"))
               for n in ("level", "slope", "obs")}
        d = {w: parameter(params, "forecast_drift_log_per_year", w) for w in ("low", "central", "high")}
        return cls(rng["level"], rng["slope"], rng["obs"], {
            "comparable": 1.0,
            "conflicting_duplicate": parameter(params, "forecast_noise_multiplier_conflicting"),
            "derived": parameter(params, "forecast_noise_multiplier_derived"),
        }, (d["central"], (d["high"] - d["low"]) / (2 * Z80)), parameter(params, "forecast_jump_rate_per_month"),
            parameter(params, "forecast_jump_sd"), parameter(params, "forecast_diffusion_sd_per_month"),
            parameter(params, "forecast_sigma_obs_logit"), parameter(params, "forecast_spread_prior_pairs"),
            parameter(params, "forecast_jump_duration_months"))

    def initial_state(self, scale: str, level_pct: float | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Mean and covariance of (level, slope) before the first month, on the model's scale.

        The drift prior is in log units per year; on the logit scale it is divided by (1 − coverage) at
        the series' own level (d logit = d log / (1 − p) when the base is fixed), per month.
        """
        factor = 1.0 / 12
        if scale == "logit":
            factor /= 1.0 - (level_pct if level_pct is not None else 50.0) / 100
        mean, sd = self.drift_log_per_year
        return np.array([0.0, mean * factor]), np.diag([DIFFUSE_VARIANCE, (sd * factor) ** 2])

    def draw(self, n: int, rng: np.random.Generator) -> np.ndarray:
        """n × 3 array of (sigma_level, sigma_slope, sigma_obs), log-uniform within the ranges."""
        cols = [np.exp(rng.uniform(np.log(lo), np.log(hi), n)) for lo, hi in (self.sigma_level, self.sigma_slope,
                                                                                self.sigma_obs)]
        return np.column_stack(cols)


_PRIORS: dict[tuple, Prior] = {}


def prior_from(params: pd.DataFrame) -> Prior:
    """``Prior.from_parameters(params)``, built once per distinct parameter table (keyed by its content:
    names and the three value columns, so an edited table gets a fresh prior). About 0.1 ms on a hit."""
    key = (tuple(params["name"]), *(params[c].to_numpy(dtype=float).tobytes()
                                    for c in ("value_low", "value_central", "value_high")))
    prior = _PRIORS.get(key)
    if prior is None:
        if len(_PRIORS) >= 16:  # a few tables per process at most (scenario overrides); keep it small
            _PRIORS.pop(next(iter(_PRIORS)))
        prior = _PRIORS[key] = Prior.from_parameters(params)
    return prior


def to_scale(values, scale: str = "logit") -> np.ndarray:
    """Percent → logit, or persons → log (the two scales the trend model works on)."""
    v = np.asarray(values, dtype=float)
    if scale == "logit":
        return logit(np.clip(v, 0.5, 99.5) / 100)
    if scale == "log":
        if (v <= 0).any():
            raise ValueError("a count series must be positive to be modelled on the log scale")
        return np.log(v)
    raise ValueError(f"scale must be 'logit' or 'log', got {scale!r}")


def from_scale(y, scale: str = "logit") -> np.ndarray:
    """Inverse of ``to_scale``: logit → percent, log → persons."""
    return 100 * expit(y) if scale == "logit" else np.exp(y)


def monthly_design(series: pd.DataFrame, multiplier: dict[str, float], start: pd.Timestamp | None = None,
                   end: pd.Timestamp | None = None, scale: str = "logit") -> pd.DataFrame:
    """One row per month from ``start`` to ``end``: mean of the figures on the model scale (logit of
    percent, or log of a count) and a relative noise weight.

    weight = mean(multiplier²) / n_obs, so the month's measurement variance is sigma_obs² × weight.
    """
    y = to_scale(series["value_pct"], scale)
    mult = np.where(series["kind"].eq("derived"), multiplier.get("derived", 1.0),
                    series["quality_flag"].map(multiplier).fillna(1.0)).astype(float)
    per = pd.DatetimeIndex(series["period"])
    first = pd.Timestamp(start) if start is not None else per.min()
    idx = pd.date_range(first, pd.Timestamp(end) if end is not None else per.max(), freq="MS")
    pos = (per.year - first.year) * 12 + (per.month - first.month)
    ok = (pos >= 0) & (pos < len(idx))
    pos, y, m2 = np.asarray(pos[ok]), y[ok], mult[ok] ** 2  # numpy group means: a fit is called often
    n = np.bincount(pos, minlength=len(idx)).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_y = np.bincount(pos, y, len(idx)) / n
        weight = np.bincount(pos, m2, len(idx)) / n / n
    has = n > 0
    return pd.DataFrame({"y": np.where(has, mean_y, np.nan), "weight": np.where(has, weight, np.nan),
                         "n": np.where(has, n, np.nan)}, index=idx)


# --- the statsmodels state-space model ------------------------------------------------------------


class SparseLocalTrend(MLEModel):
    """Local linear trend with a month-specific measurement variance (sigma_obs² × weight_t).

    States: level and slope (logit scale). Parameters: sigma2_level, sigma2_slope, sigma2_obs.
    Missing months are NaN and simply skipped by the Kalman filter.
    """

    def __init__(self, endog: np.ndarray, weights: np.ndarray):
        super().__init__(endog, k_states=2, initialization="diffuse")
        self.weights = np.where(np.isfinite(weights), weights, 1.0)
        self["design"] = np.array([[1.0, 0.0]])
        self["transition"] = np.array([[1.0, 1.0], [0.0, 1.0]])
        self["selection"] = np.eye(2)
        self["obs_cov"] = np.zeros((1, 1, self.nobs))

    @property
    def param_names(self) -> list[str]:
        return ["sigma2.level", "sigma2.slope", "sigma2.obs"]

    @property
    def start_params(self) -> np.ndarray:
        return np.array([0.015, 0.002, 0.06]) ** 2

    def transform_params(self, unconstrained):
        return np.exp(unconstrained)

    def untransform_params(self, constrained):
        return np.log(constrained)

    def update(self, params, **kwargs):
        params = super().update(params, **kwargs)
        self["state_cov"] = np.diag(params[:2])
        self["obs_cov"] = (params[2] * self.weights)[None, None, :]


def batched_filter(y: np.ndarray, weights: np.ndarray, sigmas: np.ndarray, a0: np.ndarray,
                   p0: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Kalman filter of the local linear trend for k variance draws at once (numpy over draws).

    ``y`` (T,) with NaN for months without a figure, ``weights`` (T,), ``sigmas`` (k, 3) s.d.s of
    (level, slope, observation), initial state mean ``a0`` (2,) and covariance ``p0`` (2, 2).
    Returns the log-likelihood (k,), and the filtered mean (k, 2) and covariance (k, 2, 2) of the last
    month: the same numbers statsmodels gives for ``SparseLocalTrend`` with a known initialisation.
    """
    k = len(sigmas)
    q_level, q_slope, r = sigmas[:, 0] ** 2, sigmas[:, 1] ** 2, sigmas[:, 2] ** 2
    a = np.tile(np.asarray(a0, dtype=float), (k, 1))
    p00, p01, p11 = (np.full(k, float(p0[0, 0])), np.full(k, float(p0[0, 1])), np.full(k, float(p0[1, 1])))
    loglik = np.zeros(k)
    last = len(y) - 1
    for t, (yt, wt) in enumerate(zip(y, weights)):
        if np.isfinite(yt):
            f = p00 + r * wt
            v = yt - a[:, 0]
            k0, k1 = p00 / f, p01 / f
            loglik -= 0.5 * (np.log(2 * np.pi) + np.log(f) + v * v / f)
            a = a + np.column_stack([k0, k1]) * v[:, None]
            p00, p01, p11 = p00 - k0 * p00, p01 - k0 * p01, p11 - k1 * p01
        if t < last:
            a = np.column_stack([a[:, 0] + a[:, 1], a[:, 1]])
            p00, p01, p11 = p00 + 2 * p01 + p11 + q_level, p01 + p11, p11 + q_slope
    cov = np.empty((k, 2, 2))
    cov[:, 0, 0], cov[:, 0, 1], cov[:, 1, 0], cov[:, 1, 1] = p00, p01, p01, p11
    return loglik, a, cov


def expected_jumps(months, rate: float, duration: float = np.inf):
    """Mean number of jumps in a change over ``months``: programme lists start at rate/2 per month and each
    stops after an exponential time of mean ``duration`` months, its stop a jump too, so rate·months for
    short spans, saturating at rate·duration (rate·months when ``duration`` is infinite)."""
    months = np.asarray(months, dtype=float)
    if not np.isfinite(duration):
        return rate * months
    return rate * duration * -np.expm1(-months / duration)


def jump_shifts(n_paths: int, n_months: int, rate: float, sd: float, rng: np.random.Generator,
                duration: float = np.inf) -> np.ndarray:
    """n_paths × n_months monthly level shifts of programme-driven jumps. Without ``duration``: each month
    a Poisson(rate) number of jumps, each N(0, sd²). With it: lists already running at the origin
    (Poisson(rate/2·duration), each N(0, sd²), stopping after an exponential remaining time) and new lists
    (starting at rate/2 per month, lasting exponential times of mean ``duration``); the level is the sum of
    running lists' sizes minus those at the origin that stopped (see ``expected_jumps``)."""
    if rate <= 0 or sd <= 0:
        return np.zeros((n_paths, n_months))
    if not np.isfinite(duration):
        k = rng.poisson(rate, size=(n_paths, n_months))
        return np.sqrt(k) * sd * rng.standard_normal((n_paths, n_months))
    t = np.arange(1, n_months + 1)[None, None, :]
    n_old = rng.poisson(rate / 2 * duration, size=n_paths)
    n_new = rng.poisson(rate / 2 * n_months, size=n_paths)
    k_old, k_new = max(int(n_old.max()), 1), max(int(n_new.max()), 1)
    old_on = np.arange(k_old)[None, :] < n_old[:, None]
    old = (old_on * sd * rng.standard_normal((n_paths, k_old)))[:, :, None]
    old_end = rng.exponential(duration, size=(n_paths, k_old))[:, :, None]
    new_on = np.arange(k_new)[None, :] < n_new[:, None]
    new = (new_on * sd * rng.standard_normal((n_paths, k_new)))[:, :, None]
    start = rng.uniform(0, n_months, size=(n_paths, k_new))[:, :, None]
    end = start + rng.exponential(duration, size=(n_paths, k_new))[:, :, None]
    level = ((new * ((start <= t) & (t < end))).sum(axis=1) - (old * (old_end <= t)).sum(axis=1))
    return np.diff(level, axis=1, prepend=0.0)


# --- fitting and projecting -----------------------------------------------------------------------


@dataclass
class TrendFit:
    """A fitted trend: parameter draws with posterior weights, and the filtered end state of each."""

    series: pd.DataFrame
    design: pd.DataFrame
    prior: Prior
    draws: np.ndarray  # k × 3 sigma draws
    weights: np.ndarray  # posterior weights (sum to 1)
    end_means: np.ndarray  # k × 2 filtered state mean at the last month
    end_covs: np.ndarray  # k × 2 × 2 filtered state covariance at the last month
    as_of: pd.Timestamp | None
    seed: int
    scale: str = "logit"  # 'logit' (coverage percent) or 'log' (a count of persons)

    @property
    def last_period(self) -> pd.Timestamp:
        return self.design.index[-1]

    @property
    def effective_draws(self) -> float:
        """Kish effective sample size of the importance weights (how many draws really count)."""
        return float(1.0 / np.sum(self.weights ** 2))

    def simulate_paths(self, n_paths: int, until: str | pd.Timestamp, rng: np.random.Generator,
                       observed: bool = False) -> pd.DataFrame:
        """Coverage paths in percent (persons for a count series), one column per month after the last
        observed month up to ``until``: the local trend plus programme-driven jumps (compound Poisson,
        ``Prior.jump_rate`` / ``jump_sd``). ``observed=True`` adds each draw's measurement noise: the
        distribution of the figure that will be *published* (what backtests and the ledger score)."""
        months = pd.date_range(self.last_period + pd.offsets.MonthBegin(1), pd.Timestamp(until), freq="MS")
        if len(months) == 0:
            raise ValueError(f"'until' ({until}) must be after the last observed month {self.last_period:%Y-%m}")
        k = rng.choice(len(self.weights), size=n_paths, p=self.weights)
        chol = np.linalg.cholesky(self.end_covs[k] + 1e-12 * np.eye(2))
        state = self.end_means[k] + np.einsum("nij,nj->ni", chol, rng.standard_normal((n_paths, 2)))
        sig = self.draws[k]
        out = np.empty((n_paths, len(months)))
        level, slope = state[:, 0], state[:, 1]
        jumps = jump_shifts(n_paths, len(months), self.prior.jump_rate, self.prior.jump_sd, rng,
                            self.prior.jump_duration)
        for j in range(len(months)):
            level = level + slope + sig[:, 0] * rng.standard_normal(n_paths) + jumps[:, j]
            slope = slope + sig[:, 1] * rng.standard_normal(n_paths)
            out[:, j] = level
        if observed:
            out = out + sig[:, 2:3] * rng.standard_normal(out.shape)
        return pd.DataFrame(from_scale(out, self.scale), columns=months)

    def forecast(self, until: str | pd.Timestamp = "2029-12", n_paths: int = 4000,
                 rng: np.random.Generator | None = None) -> pd.DataFrame:
        """Monthly median and 50/80/95% bands (percent) from simulated paths; ``is_projection`` True."""
        rng = rng or np.random.default_rng(self.seed)
        paths = self.simulate_paths(n_paths, until, rng)
        q = paths.quantile(list(QUANTILES.values())).T
        q.columns = [f"{k}_pct" if k != "median" else "median_pct" for k in QUANTILES]
        q.index.name = "period"
        return q.reset_index().assign(is_projection=True)

    def prob_reach(self, target_pct: float, by_date: str | pd.Timestamp, n_paths: int = 4000,
                   rng: np.random.Generator | None = None) -> float:
        """Share of simulated paths at or above ``target_pct`` in the month of ``by_date``."""
        rng = rng or np.random.default_rng(self.seed)
        by = pd.Timestamp(by_date).to_period("M").to_timestamp()
        paths = self.simulate_paths(n_paths, by, rng)
        return float((paths[by] >= target_pct).mean())

    def prob_reach_curve(self, targets, by_date, n_paths: int = 4000, rng=None) -> pd.Series:
        """P(reach) for several targets from ONE set of paths (so it is monotone in the target)."""
        rng = rng or np.random.default_rng(self.seed)
        by = pd.Timestamp(by_date).to_period("M").to_timestamp()
        last = self.simulate_paths(n_paths, by, rng)[by].to_numpy()
        return pd.Series({t: float((last >= t).mean()) for t in targets}, name=f"P(coverage ≥ target) at {by:%Y-%m}")

    def describe(self) -> dict:
        """What the fit used: observations, months, excluded flags' effect, parameter summary."""
        post = (self.draws * self.weights[:, None]).sum(axis=0)
        return {
            "n_observations": int(len(self.series)), "n_months_with_data": int(self.design["y"].notna().sum()),
            "first_month": f"{self.design.index[0]:%Y-%m}", "last_month": f"{self.last_period:%Y-%m}",
            "as_of": None if self.as_of is None else f"{self.as_of:%Y-%m-%d}",
            "obs_ids": ", ".join(self.series["obs_id"]),
            "posterior_mean_sigma_level": float(post[0]), "posterior_mean_sigma_slope": float(post[1]),
            "posterior_mean_sigma_obs": float(post[2]), "effective_draws": round(self.effective_draws, 1),
            "seed": self.seed,
        }


def fit_trend(series: pd.DataFrame, params: pd.DataFrame | None = None, as_of: str | pd.Timestamp | None = None,
              prior: Prior | None = None, n_draws: int = 300, seed: int = 20251204, scale: str = "logit") -> TrendFit:
    """Fit the sparse local-trend model; ``as_of`` keeps only figures available (published) by then.

    Needs at least two months with data. ``prior`` defaults to the assumption rows in ``params``.
    ``scale='log'`` models a count of persons (column ``value_pct`` then holds persons) instead of a percent.
    """
    if prior is None:
        if params is None:
            raise ValueError("pass params (the parameter table) or an explicit prior")
        prior = prior_from(params)
    s = series
    cutoff = pd.Timestamp(as_of) if as_of is not None else None
    if cutoff is not None:
        s = s[s["available"] <= cutoff]
    if s["period"].nunique() < 2:
        raise ValueError(f"need figures in at least two months to fit a trend; have {s['period'].nunique()}"
                         + (f" as of {cutoff:%Y-%m-%d}" if cutoff is not None else ""))
    design = monthly_design(s, prior.multiplier, scale=scale)
    rng = np.random.default_rng(seed)
    draws = prior.draw(n_draws, rng)
    y = design["y"].to_numpy()
    level = from_scale(y[np.isfinite(y)][-1], scale) if scale == "logit" else None
    a0, p0 = prior.initial_state(scale, level)
    loglik, means, covs = batched_filter(y, design["weight"].to_numpy(), draws, a0, p0)
    w = np.exp(loglik - loglik.max())
    w[w < 1e-6] = 0.0  # draws that do not matter are dropped, as before
    return TrendFit(s.reset_index(drop=True), design, prior, draws, w / w.sum(), means, covs, cutoff, seed, scale)
