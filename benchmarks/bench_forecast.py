"""Fit and forecast times of the sparse local-trend model (prints figures; not a test)."""

import time

import numpy as np

from sumsel_analysis import trends
from sumsel_analysis.data import loaders


def timed(label, fn, repeat=5):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    print(f"{label:<48} median {1000 * np.median(times):8.1f} ms   min {1000 * min(times):8.1f} ms")
    return out


cov = loaders.load_processed("coverage_observations")
params = loaders.load_parameters()
series = trends.province_series(cov, params=params)
print(f"province series: {len(series)} figures in {series['period'].nunique()} months")
fit = timed("fit_trend (300 prior draws)", lambda: trends.fit_trend(series, params, n_draws=300))
timed("forecast to 2029-12 (4,000 paths)", lambda: fit.forecast("2029-12", n_paths=4000))
timed("prob_reach 51% by 2029-12 (4,000 paths)", lambda: fit.prob_reach(51, "2029-12-31", n_paths=4000))
timed("baseline_projection to 2030-12 (2,000 paths)", lambda: trends.baseline_projection(cov, params), repeat=3)
timed("rolling-origin backtest (3 models)", lambda: trends.rolling_origin(series, params, n_draws=150), repeat=1)
