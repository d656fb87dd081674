"""Explorer responsiveness in this process: model update and chart for a control change (prints figures; not a test).

The round trip a user waits for — widget message in, chart out, in a real Jupyter kernel — is measured by
``bench_explorer_kernel.py`` (target <= 50 ms). This one splits the kernel's side: the model update
(scenario, deterministic simulation, summary line) and the chart (SVG markup, ``explore.view``).
Measured on the shared 2-core machine under load, 67430a3 → issue-19 branch: update 56–73 → 16–21 ms;
update + chart 680–890 ms (a matplotlib figure drawn) → 28–37 ms (11–15 ms CPU).
"""

import time

import numpy as np

from sumsel_analysis import explore as E
from sumsel_analysis import trends
from sumsel_analysis.data import loaders

params = loaders.load_parameters()
cov = loaders.load_processed("coverage_observations")
model = E.ExplorerModel(params, cov, trends.baseline_projection(cov, params, until="2035-12"))
view = E.ExplorerView()
state = E.ExplorerState()
view.render(model.update(state))

for label, change in [("subsidy workers", lambda i: {"subsidy_workers": 100_000 + 5_000 * i}),
                      ("mandate compliance", lambda i: {"mandate_compliance": 0.4 + 0.02 * i}),
                      ("target", lambda i: {"target_pct": 40 + 0.5 * i}),
                      ("language toggle", lambda i: {"lang": ("id", "en")[i % 2]})]:
    upd, total, cpu = [], [], []
    for i in range(25):
        t0, c0 = time.perf_counter(), time.process_time()
        out = model.update(state.with_(**change(i)))
        t1 = time.perf_counter()
        svg = view.render(out)
        upd.append(t1 - t0)
        total.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    print(f"{label:<20} update {1000 * np.median(upd):6.1f} ms   update + chart {1000 * np.median(total):6.1f} ms "
          f"(CPU {1000 * np.median(cpu):5.1f} ms; median of 25; SVG {len(svg) / 1024:.0f} KiB)")
t0 = time.perf_counter()
view.render(model.update(state.with_(uncertainty=True)))
print(f"uncertainty toggle ({E.EXPLORER_DRAWS} draws)   update + chart {1000 * (time.perf_counter() - t0):6.1f} ms")
