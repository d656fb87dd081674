"""Lever calibration timing and peak memory (prints figures; not a test).

Target (issue 19): the whole calibration — 1.6 m prior draws against every episode, each episode held out
and refitted — ≤ 30 s on the shared 2-core machine under load. Wall-clock time depends on what else runs;
the process CPU time beside it much less. The peak is what Python's allocators (numpy's included) held at
most during one run, traced by ``tracemalloc`` (imports and the loaded tables not counted).
"""

import time
import tracemalloc

import numpy as np

from sumsel_analysis.data import loaders
from sumsel_analysis.policy import calibration

params, episodes = loaders.load_parameters(), loaders.load_episodes()
label = (f"calibration ({calibration.N_PRIOR:,} prior draws, {len(calibration.calibration_episodes(episodes))} "
         "episodes, with leave-one-out)")
wall, cpu = [], []
for _ in range(3):
    t0, c0 = time.perf_counter(), time.process_time()
    cal = calibration.calibrate(params, episodes)
    wall.append(time.perf_counter() - t0)
    cpu.append(time.process_time() - c0)
print(f"{label:<60} best {min(wall):6.2f} s   median {np.median(wall):6.2f} s   CPU {np.median(cpu):6.2f} s   "
      "(target <= 30 s)")
tracemalloc.start()
calibration.calibrate(params, episodes)
peak = tracemalloc.get_traced_memory()[1]
tracemalloc.stop()
print(f"  peak memory traced during one calibration: {peak / 2**20:,.0f} MiB; effective sample size {cal.ess:,.0f}, "
      f"leave-one-out hit rate {cal.hit_rate:.0%}")
