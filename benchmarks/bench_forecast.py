"""Fit and forecast times of the sparse local-trend model (prints figures; not a test).

Targets (issue 14): one trend fit <= 20 ms; the interval-coverage check (60 synthetic series x 3 horizons)
<= 2 s. Issue 19: ``fit_trend`` as called (with the parameter table, the prior built once per table and
cached) <= 10 ms; the first call, which builds the prior, is timed separately.
"""

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
    print(f"{label:<56} median {1000 * np.median(times):8.1f} ms   min {1000 * min(times):8.1f} ms")
    return out


cov = loaders.load_processed("coverage_observations")
params = loaders.load_parameters()
national = loaders.load_national()
series = trends.province_series(cov, params=params)
print(f"province series: {len(series)} figures in {series['period'].nunique()} months")
t0 = time.perf_counter()
trends.fit_trend(series, params.copy(), n_draws=300)
print(f"{'fit_trend, first call on a new table (builds the prior)':<56} {1000 * (time.perf_counter() - t0):8.1f} ms")
fit = timed("fit_trend as called (300 prior draws; prior cached)", lambda: trends.fit_trend(series, params, n_draws=300), 20)
timed("forecast to 2029-12 (4,000 paths)", lambda: fit.forecast("2029-12", n_paths=4000))
timed("prob_reach 51% by 2029-12 (4,000 paths)", lambda: fit.prob_reach(51, "2029-12-31", n_paths=4000))
timed("baseline_projection to 2030-12 (2,000 paths)", lambda: trends.baseline_projection(cov, params), repeat=3)
calib = timed("calibration_check (60 series x 3 horizons, 150 draws)",
              lambda: trends.calibration_check(params, pattern=series["period"], n_series=60, n_draws=150), repeat=3)
print(f"  interval coverage: 50% band {calib['coverage50']:.3f}, 80% band {calib['coverage80']:.3f}, "
      f"95% band {calib['coverage95']:.3f} over {calib['n_checks']} checks")
detail = timed("backtest_all (every series with >= 4 points)",
               lambda: trends.backtest_all(cov, national, params), repeat=1)
overall = trends.backtest_summary(detail).query("series_id == 'all'")
print(overall.round(4).to_string(index=False))
