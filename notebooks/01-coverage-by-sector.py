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
# # 01 · Who is protected: coverage by segment and industry, and how far from the target
#
# **Question.** How many Sumsel workers does BPJS Ketenagakerjaan protect, in which segments and
# industries is the gap, and what monthly enrolment pace would the 51% target require?
#
# **Data.** Processed coverage observations (quality-flagged), BPS Sakernas labour figures, and the
# parameter table (`make data`). **Method.** Pure functions in `sumsel_analysis.coverage.metrics` and
# `sumsel_analysis.coverage.industry`; every number below carries the id of the raw row or parameter behind it.

# %% tags=["parameters"]
quick = False  # no Monte Carlo in this notebook; kept for a uniform interface
lang = "en"  # "id" for Bahasa Indonesia labels
deadlines = ("2026-12-31", "2027-12-31", "2029-12-31")

# %%
import pandas as pd

from sumsel_analysis.coverage import charts as coverage_charts
from sumsel_analysis.coverage import industry, metrics
from sumsel_analysis.data import loaders
from sumsel_analysis.data.build import ensure_built
from sumsel_analysis.plotting import apply_style

apply_style()
ensure_built()  # builds data/processed/ on a fresh clone
cov = loaders.load_processed("coverage_observations")
lab = loaders.load_processed("labour_observations")
params = loaders.load_parameters()

# %% [markdown]
# ## Key numbers
# The latest usable count, the implied base (the three candidate denominators are compared below),
# the next target still open (the 2025 target has passed; see `metrics.target_schedule`), and the pace
# achieved between two counts of the same source type (the pair is named in `sources`).

# %%
key = metrics.key_numbers(cov, lab, params, denominator="bpjs_potential")
pd.Series({k: v for k, v in key.items() if k != "sources"}).to_frame("value")

# %%
pd.Series(key["sources"]).to_frame("source (raw row or parameter)")

# %% [markdown]
# ## Which denominator?
# Coverage depends on the base. BPJS uses a "potential / eligible workers" base (~3.15 m, implied
# by the December 2025 report); BPS counts 4.49 m employed; excluding civil servants, military and
# police (insured by Taspen/Asabri) leaves ~4.35 m (the military/police head count is an assumption
# with a range). The choice is always explicit.

# %%
metrics.coverage_by_denominator(cov, lab, params)[
    ["denominator", "value_persons", "low_persons", "high_persons", "evidence", "coverage_pct",
     "coverage_pct_low", "coverage_pct_high", "source"]]

# %% [markdown]
# ## From potential to protected workers, by segment

# %%
coverage_charts.plot_waterfall(metrics.waterfall_table(cov, params), lang);

# %%
metrics.segment_table(cov)

# %% [markdown]
# Before 2021 construction (JAKON) workers were counted per project, so the 2017–2018 JAKON counts are
# shown but kept out of worker totals and shares (`in_worker_total = False`).
#
# ## Gap to target and the pace it requires
# The 2025 target date has passed with coverage near 33%; the table shows the pace needed to reach
# 51% by later deadlines, against the pace achieved between two same-source counts (Aug 2024 to Dec 2025).

# %%
pace = metrics.pace_table(key, deadlines=deadlines)
coverage_charts.plot_gap(pace, key, lang);
pace

# %% [markdown]
# ## Coverage by industry (estimated)
# No public source reports BPJS participation by industry. The allocation model spreads the observed
# segment totals over industries by formal and informal employment (assumptions with ranges in
# `data/raw/assumptions.csv`); every value is labelled *estimated*.

# %%
est = industry.estimate_coverage_by_industry(lab, params, cov)
coverage_charts.plot_industry(est, lang);
est[["industry", "employed_persons", "employment_basis", "covered_persons_low", "covered_persons_central",
     "covered_persons_high", "coverage_pct_central", "status", "note"]].round(1)

# %% [markdown]
# **Caveats.** The protected count (1,035,000, Dec 2025) comes from one press report whose own
# figures contradict each other (see notebook 00). The segment split is from Dec 2023. Industry
# figures are model estimates: agriculture employs almost half of Sumsel workers and is mostly
# informal, so it holds most of the uncovered workers under any reasonable assumption.
#
# **Sources.** Coverage: `data/raw/coverage_observations.csv` (publisher, URL, date per row);
# labour: BPS Sakernas via `labour_observations.csv`; parameters and assumptions with their sources.

# %% [markdown]
# ## Conclusions
# The choice of base changes the answer more than any month-to-month change. Most uncovered workers are
# informal, above all in agriculture: licensing rules cannot reach them, so subsidised enrolment (BPU)
# has to carry much of any increase. The pace and gap below are the brief's (one results table):

# %%
# the numbers of these conclusions come from the brief's results table (computed once, cached)
from IPython.display import Markdown  # noqa: E402

from sumsel_analysis.report.results import conclusions, load_results  # noqa: E402

results_table = load_results(n_draws=100 if quick else 5000)
Markdown(conclusions(results_table, "01", lang))
