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
# # 03 · Where is coverage heading? Trend projections with honest uncertainty
#
# **Question.** On current trends, where will Sumsel's BPJS Ketenagakerjaan coverage be in the next
# years, and how likely is the 51% target by a given date?
#
# **Data.** Province coverage figures since Dec 2023 that are comparable (definitional breaks,
# misprints and non-coverage figures excluded; contradicted figures kept with more noise), plus
# coverage derived from participant counts over the implied base. **Method.** A monthly local linear
# trend on the logit scale, fitted with statsmodels' state-space machinery; variance uncertainty from
# documented prior ranges, weighted by the likelihood (`sumsel_analysis.trends`).

# %% tags=["parameters"]
quick = False  # True: smaller simulation sizes (tests)
lang = "en"  # "id" for Bahasa Indonesia labels
target_pct = 51.0
seed = 20251204

# %%
import pandas as pd

from sumsel_analysis import trends
from sumsel_analysis.coverage import metrics
from sumsel_analysis.data import loaders
from sumsel_analysis.data.build import ensure_built
from sumsel_analysis.plotting import apply_style
from sumsel_analysis.trends import charts as forecast_charts

apply_style()
ensure_built()  # builds data/processed/ on a fresh clone
cov = loaders.load_processed("coverage_observations")
params = loaders.load_parameters()
n_paths = 1000 if quick else 4000
n_calib = 20 if quick else 80

# %% [markdown]
# ## The observations and their quality flags

# %%
series = trends.province_series(cov, params=params)
excluded = cov[(cov["geo_code"] == "16") & (cov["segment"] == "total") & (cov["metric"] == "coverage_pct")
               & cov["quality_flag"].isin(trends.DEFAULT_EXCLUDE)]
series[["period", "value_pct", "kind", "quality_flag", "obs_id"]]

# %% [markdown]
# ## The fitted trend and its bands

# %%
fit = trends.fit_trend(series, params, seed=seed)
fc = fit.forecast("2029-12", n_paths=n_paths)
forecast_charts.plot_fan(fc, series, lang, target_pct=target_pct, excluded=excluded);
pd.Series(fit.describe()).to_frame("fit")

# %%
fc[fc["period"].dt.month == 12].set_index("period").round(1)

# %% [markdown]
# ## Probability of reaching the target
# Share of simulated coverage paths at or above each level at each date (one set of paths per
# date, so the probability can only fall as the target rises).

# %%
probs = pd.DataFrame({d: fit.prob_reach_curve([35, 40, 45, 49.46, 51, 52.15], d, n_paths=n_paths)
                      for d in ("2026-12-31", "2027-12-31", "2029-12-31")})
probs.index.name = "target_pct"
probs.round(3)

# %% [markdown]
# ## Required vs projected pace
# Net new protected workers per month needed to reach the target by each deadline, against the pace
# the trend projects (median and 80% band).

# %%
key = metrics.key_numbers(cov, loaders.load_processed("labour_observations"), params, target_pct=target_pct)
pace_cmp = trends.pace_comparison(fit, key, n_paths=n_paths)
pace_cmp.round({c: 0 for c in pace_cmp.select_dtypes("number").columns})

# %% [markdown]
# ## What could have been known earlier?
# Fitting only the figures published by 30 September 2024 ("as of") gives the projection an analyst
# could have made then; compare it with what was later reported.

# %%
early = trends.fit_trend(series, params, as_of="2024-09-30", seed=seed)
early_fc = early.forecast("2025-12", n_paths=n_paths)
later = series[series["available"] > "2024-09-30"].groupby("period")["value_pct"].mean().rename("reported_later")
early_fc.set_index("period").join(later, how="inner").round(1)

# %%
# the 2025 targets as they looked then: chance of 49.46% / 51% by December 2025 from the Sep-2024 fit
{f"P(≥{x}% by Dec 2025 | data to Sep 2024)": round(early.prob_reach(x, "2025-12-31", n_paths=n_paths), 3)
 for x in (37.58, 49.46, 51.0)}

# %% [markdown]
# ## Backtest: does the model beat simple rules?
# Rolling origin over the months with data. With so few points the naive rule ("coverage stays where
# it was") has the smallest error: coverage has barely moved since 2024. The trend model's value is
# its bands, which cover the later figures at about the stated rate.

# %%
detail = trends.rolling_origin(series, params, n_draws=150 if quick else 300)
forecast_charts.plot_backtest(detail, lang);
trends.backtest_table(detail).round(3)

# %% [markdown]
# ## Calibration on synthetic series
# Series from a known process, observed in the same months as the real data; the share of held-out
# true values inside the 80% bands should be close to 80% (the test suite requires 75–85%).

# %%
calib = trends.calibration_check(params, pattern=series["period"], n_series=n_calib, n_draws=150)
calib

# %% [markdown]
# ## Context: the national series, annual damped trend
# Nationally, year-end active participants are published for every year since 2018, enough for an
# annual exponential-smoothing model with a damped trend (statsmodels `ETSModel`). The Dec 2025 figure
# (48.64 m) comes from a critic who disputes it, so the projection is shown with and without it.

# %%
best = loaders.load_processed("coverage_best")
national = trends.national_ets(best)
national_wo = trends.national_ets(best, exclude_last=True)
national_table = national.join(national_wo[["forecast"]].rename(columns={"forecast": "forecast_without_dec_2025"}))
# round the persons to thousands, never the year column (rounding it to -3 printed the year 2000)
national_table.round({c: -3 for c in ("active_persons", "forecast", "lo80", "hi80", "forecast_without_dec_2025")})

# %% [markdown]
# **Caveats.** Eight months of comparable data, from press reports that disagree by up to ten points
# in the same week, cannot support a confident projection: the bands are wide on purpose. The model
# projects *current trends*; it knows nothing about new levers (notebook 04 adds them). Figures from
# before 2021 are excluded because construction workers were then counted per project.
#
# **Sources.** `data/raw/coverage_observations.csv` (obs ids above); prior ranges in
# `data/raw/assumptions.csv` (`forecast_*`).

# %% [markdown]
# ## Conclusions
# - On current trends coverage stays around a third: the median projection barely moves, and the
#   chance of reaching 51% by December 2029 without new policy is small.
# - The bands are wide because the data are sparse and contradictory; the backtest shows the simple
#   "stays where it was" rule forecasts the published figures at least as well, so read the projection
#   as a range, not a point.
# - Nationally, active participation grew in most years since 2018; Sumsel's share of it has not.
