"""Explorer responsiveness: time from a control change to a redrawn chart (prints figures; not a test).

Target from the issue: <= 100 ms on a 2-core machine for the deterministic path.
"""

import time

import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402

from sumsel_analysis import explore as E  # noqa: E402
from sumsel_analysis import trends  # noqa: E402
from sumsel_analysis.data import loaders

params = loaders.load_parameters()
cov = loaders.load_processed("coverage_observations")
model = E.ExplorerModel(params, cov, trends.baseline_projection(cov, params, until="2035-12"))
view = E.ExplorerView()
state = E.ExplorerState()
view.render(model.update(state))
view.fig.canvas.draw()

for label, change in [("subsidy workers slider", lambda i: {"subsidy_workers": 100_000 + 5_000 * i}),
                      ("mandate compliance slider", lambda i: {"mandate_compliance": 0.4 + 0.02 * i}),
                      ("language toggle", lambda i: {"lang": ("id", "en")[i % 2]})]:
    upd, total = [], []
    for i in range(25):
        t0 = time.perf_counter()
        out = model.update(state.with_(**change(i)))
        t1 = time.perf_counter()
        view.render(out)
        view.fig.canvas.draw()
        upd.append(t1 - t0)
        total.append(time.perf_counter() - t0)
    print(f"{label:<28} update {1000 * np.median(upd):6.1f} ms   update + redraw {1000 * np.median(total):6.1f} ms"
          f" (median of 25; target <= 100 ms)")
t0 = time.perf_counter()
out = model.update(state.with_(uncertainty=True))
view.render(out)
view.fig.canvas.draw()
print(f"uncertainty toggle ({E.EXPLORER_DRAWS} draws)      update + redraw {1000 * (time.perf_counter() - t0):6.1f} ms")
