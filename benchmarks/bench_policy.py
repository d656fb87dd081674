"""Policy simulator timings (prints figures; not a test).

Targets from the issues: one deterministic scenario for 17 kab/kota × 120 months ≤ 20 ms; 10,000 Monte
Carlo draws ≤ 2 s; a straightforward per-draw Python loop for comparison (speed-up target ≥ 50×);
17 kab/kota × 10,000 draws × 120 months ≤ 2 s and the whole lever calibration ≤ 30 s (#15).
"""

import time

import numpy as np
import pandas as pd

from sumsel_analysis import policy, trends
from sumsel_analysis.data import loaders

params = loaders.load_parameters()
cov = loaders.load_processed("coverage_observations")
regions = loaders.load_regions()
scenario = policy.load_scenario("scenarios/combined_mandate_subsidy_csr.yaml", params)
baseline = trends.baseline_projection(cov, params, until="2030-12")


def best_of(fn, repeat=7):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times), float(np.median(times))


# 17 kab/kota: each region's share of the province base by area is only a stand-in for timing; the model
# code path is the real one (regional inputs exist for a few kab/kota only).
share = regions["area_km2"] / regions["area_km2"].sum()
reg = pd.DataFrame({"geo_code": regions["bps_code"], "base_persons": 3_154_000 * share,
                    "protected_persons": 1_035_000 * share, "scale": share})
best, med = best_of(lambda: policy.simulate_regions(scenario, params, reg, months=120))
print(f"deterministic, 17 kab/kota x 120 months:         best {1000 * best:7.1f} ms  median {1000 * med:7.1f} ms  (target <= 20 ms)")
reg_mc = reg.assign(trend_pp_per_month=0.05, trend_sd_pp_per_month=0.3)
best, med = best_of(lambda: policy.simulate_regions(scenario, params, reg_mc, months=120, n_draws=10_000, seed=1), repeat=3)
print(f"Monte Carlo, 17 kab/kota x 10,000 draws x 120 months: best {best:7.3f} s median {med:7.3f} s  (target <= 2 s)")

from sumsel_analysis.policy import calibration  # noqa: E402

episodes = loaders.load_episodes()
best, med = best_of(lambda: calibration.calibrate(params, episodes), repeat=3)
print(f"calibration ({calibration.N_PRIOR:,} prior draws, {len(calibration.calibration_episodes(episodes))} episodes, "
      f"with leave-one-out): best {best:7.3f} s median {med:7.3f} s  (target <= 30 s)")
best, med = best_of(lambda: policy.simulate(scenario, params, baseline))
print(f"deterministic, province, {len(pd.date_range('2026-01', '2030-12', freq='MS'))} months (simulate):   best {1000 * best:7.1f} ms  median {1000 * med:7.1f} ms")
best, med = best_of(lambda: policy.simulate(scenario, params, baseline, n_draws=10_000), repeat=3)
print(f"Monte Carlo, 10,000 draws (vectorised):          best {best:7.3f} s   median {med:7.3f} s   (target <= 2 s)")

# the straightforward alternative: one simulate() call per draw, each with its own parameter draw
n_loop = 300
rng = np.random.default_rng(1)
t0 = time.perf_counter()
for i in range(n_loop):
    policy.simulate(scenario, params, baseline, n_draws=1, seed=int(rng.integers(1 << 31)))
per_draw = (time.perf_counter() - t0) / n_loop
vec_best, _ = best_of(lambda: policy.simulate(scenario, params, baseline, n_draws=10_000), repeat=3)
loop_10k = per_draw * 10_000
print(f"per-draw Python loop: {1000 * per_draw:.2f} ms per draw -> {loop_10k:.1f} s for 10,000 draws "
      f"(measured on {n_loop} draws)")
print(f"speed-up of the vectorised run: {loop_10k / vec_best:,.0f}x  (target >= 50x)")
