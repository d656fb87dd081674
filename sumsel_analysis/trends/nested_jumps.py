"""Is the backtest flattered by its jump component? The same forecasts with the jumps fitted as of each origin.

The rolling-origin backtest (``backtest.backtest_all``) gives every forecast the jump–diffusion recorded in
``data/raw/assumptions.csv`` (``jumps.fit_jump_diffusion`` on the whole panel, 80 pairs of consecutive figures
as of Dec 2026), so its spread has seen pairs published after most origins — among them the very changes the
backtest then scores. Before 2025 that cannot be avoided: 5 pairs had been published by the end of 2023 and 23
by the end of 2024, too few to fit five parameters. From the origins by which ``MIN_PAIRS`` pairs had been
published it can: ``nested_jump_backtest`` refits the jump–diffusion at each such origin on the pairs
published by then (``pair_availability``: a pair counts from the publication of the later of its two figures)
and makes the same forecasts again, with the same random draws (same seeds), at the models' own spread;
``nested_jump_summary`` sets the two side by side per model (forecasts inside the 80% band, CRPS). If the
whole-panel fit flattered the backtest, the nested forecasts would hold fewer actuals.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from sumsel_analysis.data.loaders import parameter
from sumsel_analysis.trends.backtest import (backtest_series, observation_series, publication_origins,
                                             rolling_origin)
from sumsel_analysis.trends.jumps import fit_jump_diffusion, panel_changes, panel_series
from sumsel_analysis.trends.model import Prior, prior_from

MIN_PAIRS = 30  # pairs published by an origin before the jumps are refitted there: six per parameter of the fit


def pair_availability(coverage_obs: pd.DataFrame, national: pd.DataFrame) -> pd.DataFrame:
    """``jumps.panel_changes`` with ``available``: when the later of the pair's figures was published (the
    publication date of its rows, or the period where none is printed, as ``observation_series`` dates a
    figure)."""
    changes = panel_changes(coverage_obs, national)
    avail = pd.concat([observation_series(rows) for rows in panel_series(coverage_obs, national).values()])
    when = avail.groupby("obs_id")["available"].max()
    changes["available"] = [when[ids.split(",")].max() for ids in changes["obs_ids"]]
    return changes


def prior_as_of(changes: pd.DataFrame, base: Prior, origin: pd.Timestamp) -> Prior:
    """``base`` with its jump–diffusion refitted on the pairs of ``changes`` published by ``origin``."""
    est = fit_jump_diffusion(changes[changes["available"] <= origin], base.obs_sd, ranges=False)
    return replace(base, jump_rate=est["jump_rate_per_month"], jump_sd=est["jump_sd"],
                   diffusion_sd=est["diffusion_sd_per_month"], jump_duration=est["jump_duration_months"])


def nested_jump_backtest(coverage_obs: pd.DataFrame, national: pd.DataFrame, params: pd.DataFrame,
                         n_draws: int = 150, n_paths: int = 600, seed: int = 20251204,
                         min_pairs: int = MIN_PAIRS) -> pd.DataFrame:
    """Rolling-origin forecasts of every backtested series from the first origin by which ``min_pairs`` pairs
    had been published, twice: ``jumps`` 'whole panel' (the recorded fit, as ``backtest_all``) and 'as of
    origin' (refitted on the pairs published by then). Same seeds, models' own spread (factor 1). Columns
    of ``rolling_origin`` plus ``jumps`` and ``pairs_used`` (pairs the jumps were fitted on)."""
    changes = pair_availability(coverage_obs, national)
    counts = changes["available"].sort_values().reset_index(drop=True)
    if len(counts) < min_pairs:
        raise ValueError(f"the panel has {len(counts)} pairs of consecutive figures; {min_pairs} are needed")
    since = (counts.iloc[min_pairs - 1] + pd.offsets.MonthEnd(0)).normalize()
    base = prior_from(params)
    fits: dict[pd.Timestamp, Prior] = {}

    def at(origin: pd.Timestamp) -> Prior:
        if origin not in fits:
            fits[origin] = prior_as_of(changes, base, origin)
        return fits[origin]

    parts = []
    for sid, (s, scale) in backtest_series(coverage_obs, national, params).items():
        if not any(o >= since for o in publication_origins(s)):
            continue
        common = dict(n_draws=n_draws, n_paths=n_paths, seed=seed, scale=scale, series_id=sid, since=since)
        parts += [rolling_origin(s, prior=base, **common).assign(jumps="whole panel"),
                  rolling_origin(s, prior=base, prior_at=at, **common).assign(jumps="as of origin")]
    out = pd.concat([p for p in parts if len(p)], ignore_index=True)
    used = {o: int((changes["available"] <= o).sum()) for o in out["origin"].unique()}
    out["pairs_used"] = np.where(out["jumps"] == "as of origin", out["origin"].map(used), len(changes))
    return out


def nested_jump_summary(detail: pd.DataFrame) -> pd.DataFrame:
    """Per model: forecasts (n), origins, pairs the nested fits used (fewest–most), and per jump fit the
    forecasts inside the 80% band and the mean CRPS (model scale)."""
    g = detail.groupby(["model", "jumps"])
    wide = pd.DataFrame({"inside80": g["in80"].sum(), "crps": g["crps"].mean()}).unstack("jumps")
    wide.columns = [f"{k}_{'whole' if j == 'whole panel' else 'nested'}" for k, j in wide.columns]
    nested = detail[detail["jumps"] == "as of origin"].groupby("model")
    wide["n_forecasts"] = nested.size()
    wide["origins"] = nested["origin"].nunique()
    wide["pairs_min"], wide["pairs_max"] = nested["pairs_used"].min(), nested["pairs_used"].max()
    cols = ["n_forecasts", "origins", "pairs_min", "pairs_max", "inside80_whole", "inside80_nested", "crps_whole",
            "crps_nested"]
    return wide[cols].reset_index()
