"""Policy simulator timings (prints figures; not a test).

Targets (issues 15 and 19): one deterministic scenario for 17 kab/kota × 120 months ≤ 5 ms; 10,000 Monte
Carlo draws ≤ 2 s; a straightforward per-draw Python loop for comparison (speed-up target ≥ 50×);
17 kab/kota × 10,000 draws × 120 months ≤ 2 s; all 514 Indonesian kab/kota × 10,000 × 120 ≤ 10 s in
bounded memory; ``simulate(scenario, params)`` without a baseline (the default baseline is cached, not
rebuilt per call). The whole lever calibration (≤ 30 s) is timed by ``bench_calibration.py``.

Wall-clock times depend on what else runs on the machine; the process CPU time beside them does much
less, so both are printed. Measured on the shared 2-core machine (load average 5–8 from other jobs),
67430a3 → issue-19 branch: deterministic 17 × 120: 38 → 6.4 ms CPU (99 → 18 ms wall median); province
simulate: 34 → 3.0 ms CPU; without a baseline: 411 → 10 ms CPU; 17 × 10,000 × 120: 3.5–4.3 → 2.4 s wall;
514 × 10,000 × 120: see the README (region by region before, blocks and two threads after).
"""

import time
import tracemalloc

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
    """(best wall s, median wall s, median process CPU s) over ``repeat`` runs after one warm-up."""
    fn()
    wall, cpu = [], []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return min(wall), float(np.median(wall)), float(np.median(cpu))


def ms(label, fn, target, repeat=50):
    best, med, cpu = best_of(fn, repeat)
    print(f"{label:<52} best {1000 * best:7.1f} ms  median {1000 * med:7.1f} ms  CPU {1000 * cpu:7.1f} ms  ({target})")


def s(label, fn, target, repeat=3):
    best, med, cpu = best_of(fn, repeat)
    print(f"{label:<52} best {best:7.3f} s   median {med:7.3f} s   CPU {cpu:7.3f} s   ({target})")


# 17 kab/kota: each region's share of the province base by area is only a stand-in for timing; the model
# code path is the real one (regional inputs exist for a few kab/kota only).
share = regions["area_km2"] / regions["area_km2"].sum()
reg = pd.DataFrame({"geo_code": regions["bps_code"], "base_persons": 3_154_000 * share,
                    "protected_persons": 1_035_000 * share, "scale": share})
ms("deterministic, 17 kab/kota x 120 months", lambda: policy.simulate_regions(scenario, params, reg, months=120),
   "target <= 5 ms", repeat=200)
reg_mc = reg.assign(trend_pp_per_month=0.05, trend_sd_pp_per_month=0.3)
s("Monte Carlo, 17 kab/kota x 10,000 draws x 120 months",
  lambda: policy.simulate_regions(scenario, params, reg_mc, months=120, n_draws=10_000, seed=1), "target <= 2 s")

# All of Indonesia: there are no inputs for 514 kab/kota, so a synthetic table of the same shape as
# policy.regency_inputs (seeded: worker bases around 250,000, coverage 10-60%, trends and their spread).
rng = np.random.default_rng(514)
base = np.round(np.exp(rng.normal(np.log(250_000), 0.8, 514)))
national = pd.DataFrame({
    "geo_code": [f"X{i:04d}" for i in range(514)], "name": [f"synthetic kab/kota {i}" for i in range(514)],
    "base_persons": base, "protected_persons": np.round(base * rng.uniform(0.1, 0.6, 514)),
    "scale": base / 3_154_000, "coverage_as_of": "2025-12", "base_obs_id": "synthetic", "coverage_obs_id": "synthetic",
    "trend_pp_per_month": rng.normal(0.05, 0.05, 514), "trend_sd_pp_per_month": rng.uniform(0.1, 0.6, 514),
    "trend_source": "synthetic"})
tracemalloc.start()
s("Monte Carlo, 514 kab/kota (synthetic) x 10,000 x 120",
  lambda: policy.simulate_regions(scenario, params, national, months=120, n_draws=10_000, seed=1), "target <= 10 s",
  repeat=1)
print(f"  peak memory traced during the 514-region runs: {tracemalloc.get_traced_memory()[1] / 2**20:,.0f} MiB "
      f"(blocks of {policy.simulation.CHUNK_VALUES:,} values; {policy.simulation.THREADS} threads)")
tracemalloc.stop()

months = len(pd.date_range("2026-01", "2030-12", freq="MS"))
ms(f"deterministic, province, {months} months (simulate)", lambda: policy.simulate(scenario, params, baseline),
   "explorer path", repeat=100)
ms("simulate(scenario, params) without a baseline", lambda: policy.simulate(scenario, params),
   "cached default baseline", repeat=20)
s("Monte Carlo, 10,000 draws (vectorised)", lambda: policy.simulate(scenario, params, baseline, n_draws=10_000),
  "target <= 2 s")

# the straightforward alternative: one simulate() call per draw, each with its own parameter draw
n_loop = 300
rng = np.random.default_rng(1)
t0 = time.perf_counter()
for i in range(n_loop):
    policy.simulate(scenario, params, baseline, n_draws=1, seed=int(rng.integers(1 << 31)))
per_draw = (time.perf_counter() - t0) / n_loop
vec_best, _, _ = best_of(lambda: policy.simulate(scenario, params, baseline, n_draws=10_000), repeat=3)
loop_10k = per_draw * 10_000
print(f"per-draw Python loop: {1000 * per_draw:.2f} ms per draw -> {loop_10k:.1f} s for 10,000 draws "
      f"(measured on {n_loop} draws)")
print(f"speed-up of the vectorised run: {loop_10k / vec_best:,.0f}x  (target >= 50x)")
