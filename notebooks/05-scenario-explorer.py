# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (sumsel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 05 · Scenario explorer
#
# Move the controls to change the levers — licensing mandate (start, compliance, share of existing
# firms gated each year), premium subsidy (workers or budget, months, delivery, retention), CSR, the
# target and its deadline, and the region (the province, or a kab/kota with a published count and
# base). The chart and the summary update at once (the fast deterministic path); tick *uncertainty*
# for bands from a small Monte Carlo. **Save** writes the settings as a scenario YAML in `scenarios/`
# that `python -m sumsel_analysis report --scenario …` turns into a brief. The language toggle switches
# every label between Bahasa Indonesia and English.
#
# Run headless (tests, `make run`), the notebook shows the controls at their defaults.

# %% tags=["parameters"]
quick = False  # True: smaller baseline simulation (tests)
lang = "en"  # initial language of the controls and chart

# %%
from sumsel_analysis import trends
from sumsel_analysis.data import loaders
from sumsel_analysis.data.build import ensure_built
from sumsel_analysis.explore.model import ExplorerModel
from sumsel_analysis.explore.state import ExplorerState
from sumsel_analysis.explore.widgets import build_explorer

ensure_built()  # builds data/processed/ on a fresh clone
cov = loaders.load_processed("coverage_observations")
params = loaders.load_parameters()
baseline = trends.baseline_projection(cov, params, until="2035-12", n_paths=300 if quick else 2000)
model = ExplorerModel(params, cov, baseline)

# %%
build_explorer(model, ExplorerState(lang=lang))

# %% [markdown]
# The explorer's chart is drawn by the browser (SVG), so a control move costs the model run and one
# small message. Where no widget runs (this notebook exported to HTML), here are the default settings
# as a static chart, with the bands from the explorer's small Monte Carlo:

# %%
from sumsel_analysis.policy.charts import plot_fan

plot_fan(model.update(ExplorerState(lang=lang, uncertainty=True)).result, lang);

# %% [markdown]
# **Notes.** Kab/kota runs hold the district's baseline flat at its latest reading and scale the
# licensing-mandate flows by its share of the province's worker base; list sizes are taken as typed.
# The explorer's logic (state → scenario → result → figure) lives in `sumsel_analysis.explore` and
# is tested without a browser.

# %% [markdown]
# ## Conclusions
# Moving the levers shows the same pattern as the brief: a subsidy lifts coverage quickly but falls back
# when funding stops; the licensing mandate builds slowly and lasts. A saved scenario becomes a full
# brief with `python -m sumsel_analysis report --scenario …`. The brief's number:

# %%
# the numbers of these conclusions come from the brief's results table (computed once, cached)
from IPython.display import Markdown  # noqa: E402

from sumsel_analysis.report.results import conclusions, load_results  # noqa: E402

results_table = load_results(n_draws=100 if quick else 5000)
Markdown(conclusions(results_table, "05", lang))
