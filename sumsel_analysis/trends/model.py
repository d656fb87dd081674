"""Trend projections of coverage on sparse, noisy, irregular observations, with honest intervals.

Model. A monthly local linear trend (statsmodels state space, ``SparseLocalTrend``) on the logit of
coverage, so projections stay inside 0–100%. Months without a figure are missing; several figures in
one month are averaged with their noise variance divided accordingly; each observation's noise is
scaled by its quality flag (a contradicted figure counts less). Definitional breaks, misprints and
figures that are not coverage are excluded (configurable).

Uncertainty. With a handful of points the three variances cannot be pinned down, so the fit does not
pretend: it draws variance triples from the documented prior ranges (assumptions
``forecast_sigma_*``), weights each by its statsmodels likelihood (importance sampling: an
approximate posterior), and simulates future paths from the Kalman-filtered end state of each draw.
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

    @classmethod
    def from_parameters(cls, params: pd.DataFrame) -> "Prior":
        rng = {n: (parameter(params, f"forecast_sigma_{n}_logit", "low"), parameter(params, f"forecast_sigma_{n}_logit", "high"))
               for n in ("level", "slope", "obs")}
        return cls(rng["level"], rng["slope"], rng["obs"], {
            "comparable": 1.0,
            "conflicting_duplicate": parameter(params, "forecast_noise_multiplier_conflicting"),
            "derived": parameter(params, "forecast_noise_multiplier_derived"),
        })

    def draw(self, n: int, rng: np.random.Generator) -> np.ndarray:
        """n × 3 array of (sigma_level, sigma_slope, sigma_obs), log-uniform within the ranges."""
        cols = [np.exp(rng.uniform(np.log(lo), np.log(hi), n)) for lo, hi in (self.sigma_level, self.sigma_slope,
                                                                                self.sigma_obs)]
        return np.column_stack(cols)


def monthly_design(series: pd.DataFrame, multiplier: dict[str, float], start: pd.Timestamp | None = None,
                   end: pd.Timestamp | None = None) -> pd.DataFrame:
    """One row per month from ``start`` to ``end``: mean logit of the figures and a relative noise weight.

    weight = mean(multiplier²) / n_obs, so the month's measurement variance is sigma_obs² × weight.
    """
    s = series.assign(y=logit(np.clip(series["value_pct"], 0.5, 99.5) / 100))
    mult = np.where(s["kind"].eq("derived"), multiplier.get("derived", 1.0),
                    s["quality_flag"].map(multiplier).fillna(1.0))
    s = s.assign(m2=np.asarray(mult, dtype=float) ** 2)
    agg = s.groupby("period").agg(y=("y", "mean"), m2=("m2", "mean"), n=("y", "size"))
    agg["weight"] = agg["m2"] / agg["n"]
    idx = pd.date_range(start or agg.index.min(), end or agg.index.max(), freq="MS")
    return agg.reindex(idx)[["y", "weight", "n"]]


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

    @property
    def last_period(self) -> pd.Timestamp:
        return self.design.index[-1]

    @property
    def effective_draws(self) -> float:
        """Kish effective sample size of the importance weights (how many draws really count)."""
        return float(1.0 / np.sum(self.weights ** 2))

    def simulate_paths(self, n_paths: int, until: str | pd.Timestamp, rng: np.random.Generator) -> pd.DataFrame:
        """Coverage paths in percent, one column per month after the last observed month up to ``until``."""
        months = pd.date_range(self.last_period + pd.offsets.MonthBegin(1), pd.Timestamp(until), freq="MS")
        if len(months) == 0:
            raise ValueError(f"'until' ({until}) must be after the last observed month {self.last_period:%Y-%m}")
        k = rng.choice(len(self.weights), size=n_paths, p=self.weights)
        chol = np.linalg.cholesky(self.end_covs[k] + 1e-12 * np.eye(2))
        state = self.end_means[k] + np.einsum("nij,nj->ni", chol, rng.standard_normal((n_paths, 2)))
        sig = self.draws[k]
        out = np.empty((n_paths, len(months)))
        level, slope = state[:, 0], state[:, 1]
        for j in range(len(months)):
            level = level + slope + sig[:, 0] * rng.standard_normal(n_paths)
            slope = slope + sig[:, 1] * rng.standard_normal(n_paths)
            out[:, j] = level
        return pd.DataFrame(100 * expit(out), columns=months)

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
              prior: Prior | None = None, n_draws: int = 300, seed: int = 20251204) -> TrendFit:
    """Fit the sparse local-trend model; ``as_of`` keeps only figures available (published) by then.

    Needs at least two months with data. ``prior`` defaults to the assumption rows in ``params``.
    """
    if prior is None:
        if params is None:
            raise ValueError("pass params (the parameter table) or an explicit prior")
        prior = Prior.from_parameters(params)
    s = series
    cutoff = pd.Timestamp(as_of) if as_of is not None else None
    if cutoff is not None:
        s = s[s["available"] <= cutoff]
    if s["period"].nunique() < 2:
        raise ValueError(f"need figures in at least two months to fit a trend; have {s['period'].nunique()}"
                         + (f" as of {cutoff:%Y-%m-%d}" if cutoff is not None else ""))
    design = monthly_design(s, prior.multiplier)
    model = SparseLocalTrend(design["y"].to_numpy(), design["weight"].to_numpy())
    rng = np.random.default_rng(seed)
    draws = prior.draw(n_draws, rng)
    loglik = np.array([model.loglike(d ** 2) for d in draws])
    w = np.exp(loglik - loglik.max())
    w /= w.sum()
    keep = np.flatnonzero(w > 1e-6 * w.max())  # filter only the draws that matter
    means, covs = np.zeros((n_draws, 2)), np.tile(np.eye(2), (n_draws, 1, 1))
    for i in keep:
        res = model.filter(draws[i] ** 2)
        means[i] = res.filtered_state[:, -1]
        covs[i] = res.filtered_state_cov[:, :, -1]
    w2 = np.zeros_like(w)
    w2[keep] = w[keep]
    return TrendFit(s.reset_index(drop=True), design, prior, draws, w2 / w2.sum(), means, covs, cutoff, seed)
