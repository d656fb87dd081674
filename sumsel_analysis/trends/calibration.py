"""Are the trend model's intervals honest? Coverage of its bands on synthetic series.

``calibration_check`` simulates series from a known process (variances drawn from the same prior,
observed only in the months the real data are observed, with the same noise) and counts how often the
held-out truth falls inside the 50/80/95% bands. A calibrated model gives about 50/80/95%.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import expit, logit

from sumsel_analysis.trends.model import Prior, fit_trend, jump_shifts


def synthetic_series(pattern_months: list[int], prior: Prior, rng: np.random.Generator, horizon: int = 12,
                     start_pct: float = 32.0) -> tuple[pd.DataFrame, pd.Series]:
    """A known process (local trend plus programme-driven jumps that stop): truth (percent by month) and figures observed only at ``pattern_months`` offsets."""
    sig = prior.draw(1, rng)[0]
    n = max(pattern_months) + horizon + 1
    mean0, cov0 = prior.initial_state("logit", start_pct)  # the slope starts from the drift prior
    level, slope = logit(start_pct / 100), rng.normal(mean0[1], np.sqrt(cov0[1, 1]))
    truth = np.empty(n)
    jumps = jump_shifts(1, n, prior.jump_rate, prior.jump_sd, rng, prior.jump_duration)[0]  # as the model's
    for t in range(n):
        truth[t] = level
        level, slope = level + slope + sig[0] * rng.standard_normal() + jumps[t], slope + sig[1] * rng.standard_normal()
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
