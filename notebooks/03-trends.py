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
# trend on the logit scale (the statsmodels state-space model, filtered for all parameter draws at once);
# variance uncertainty from documented prior ranges, weighted by the likelihood; the trend's drift
# prior borrowed from how fast active participation changed in other provinces (`sumsel_analysis.trends`).
# Every model is judged against simple rules in rolling-origin backtests on every series with enough points.

# %% tags=["parameters"]
quick = False  # True: smaller simulation sizes (tests)
lang = "en"  # "id" for Bahasa Indonesia labels
target_pct = 51.0
seed = 20251204
today = None  # None: the data date (newest publication in the data); or "YYYY-MM-DD"

# %%
import pandas as pd
from IPython.display import display

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
# ## A drift prior from other provinces
# Sumsel alone has too few comparable points to tell its underlying drift from noise. The only
# same-source pairs in the national panel are Kemnaker Satu Data active participants in Dec 2023 and
# Feb 2025 (13 provinces in both). Their yearly change gives the drift prior's 10th / 50th / 90th
# percentile, recorded as assumption `forecast_drift_log_per_year` (the row's `based_on` lists these obs_ids).

# %%
national_panel = loaders.load_national()
changes = trends.cross_province_changes(national_panel)
prior_row = params.set_index("name").loc["forecast_drift_log_per_year", ["value_low", "value_central", "value_high"]]
display(changes.round({"log_change_per_year": 3}))
pd.concat([pd.Series(trends.drift_prior(changes)).drop("obs_ids").rename("from the panel"),
           prior_row.set_axis(["low", "central", "high"]).rename("assumption row")], axis=1)

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
# ## Deadlines: passed targets are history, the next open one is the default
# Published targets whose date has passed are shown with the count at the deadline and by how many
# workers they were missed; the required pace and the chance of reaching the target use the next open
# deadline (no later target is published, so assumption `open_target_pct` carries 51% forward to the
# next 31 December after "today", which is the data date unless set above).

# %%
lab = loaders.load_processed("labour_observations")
key = metrics.key_numbers(cov, lab, params, target_pct=target_pct, today=today)
schedule = metrics.target_schedule(cov, params, key["base_persons"], today=today)
print("\n".join(metrics.target_history(schedule, lang)))
schedule

# %% [markdown]
# ## Required vs projected pace
# Net new protected workers per month needed to reach the target by the next open deadline and by
# later ones, against the pace the trend projects (median and 80% band) and the chance of reaching
# the target (same paths). The achieved pace comes from two counts of one source type (pair in
# `sources`): a Kemnaker table minus a BPJS statement is not a pace.

# %%
later = sorted({f"{key['deadline']:%Y-%m-%d}", "2027-12-31", "2029-12-31"})
display(pd.Series({"achieved pace (persons/month)": round(key["achieved_pace_persons_per_month"]),
                   "pair": key["sources"]["achieved_pace"], "source type": key["achieved_pace_source_type"]}))
pace_cmp = trends.pace_comparison(fit, key, deadlines=later, n_paths=n_paths)
pace_cmp.round({c: 3 for c in pace_cmp.select_dtypes("number").columns})

# %% [markdown]
# Every pair of usable province counts ending at the latest one: only same-source pairs are a pace. The
# mixed pair (Kemnaker Dec 2023 → BPJS Dec 2025) shows the ~5,200 a month an earlier brief reported.
# Even same-source pairs disagree (from about −3,200 to +3,500 a month, depending on the start): the
# pace is not known better than that. The default pair starts nearest to two years back among counts
# printed to the thousand (assumption `pace_count_max_rounding_persons`).

# %%
pairs = metrics.pace_pairs(cov)
pairs[pairs["to_obs_id"] == key["sources"]["protected_persons"]].round({"pace_persons_per_month": 0})

# %% [markdown]
# ## What could have been known earlier?
# Fitting only the figures published by 30 September 2024 ("as of") gives the projection an analyst
# could have made then; compare it with what was later reported.

# %%
early = trends.fit_trend(series, params, as_of="2024-09-30", seed=seed)
early_fc = early.forecast("2025-12", n_paths=n_paths)
reported_later = series[series["available"] > "2024-09-30"].groupby("period")["value_pct"].mean().rename("reported_later")
early_fc.set_index("period").join(reported_later, how="inner").round(1)

# %%
# the 2025 targets as they looked then: chance of 49.46% / 51% by December 2025 from the Sep-2024 fit
{f"P(≥{x}% by Dec 2025 | data to Sep 2024)": round(early.prob_reach(x, "2025-12-31", n_paths=n_paths), 3)
 for x in (37.58, 49.46, 51.0)}

# %% [markdown]
# ## Backtest: does the model beat simple rules?
# Rolling origin over the province's months with data: at each origin, fit on what was known and
# forecast every later month with a figure. All three forecasts get a distribution (the rules borrow
# the trend model's spread), so they are scored alike: MAE of the median, CRPS (a proper score of the
# whole distribution; lower is better) and the share of actual values inside the 80% band.

# %%
detail = trends.rolling_origin(series, params, n_draws=150 if quick else 300)
forecast_charts.plot_backtest(detail, lang);
trends.backtest_table(detail).round(3)

# %% [markdown]
# ## Programme-driven jumps
# Regional budget lists start, grow and stop, and a province's published coverage then moves by 8–10
# points between two figures. A jump–diffusion fitted to every pair of consecutive figures of other
# provinces (national panel) and Sumsel kab/kota gives how often such jumps come, how big they are and
# how long a list runs before it stops and its jump reverses (so over long spans the jumps do not pile
# up); the estimates are recorded as assumptions `forecast_jump_rate_per_month`, `forecast_jump_sd`,
# `forecast_jump_duration_months` and `forecast_diffusion_sd_per_month` (their `based_on` lists the
# obs_ids). The trend model adds these jumps to its paths; the simple rules get a random walk with the
# same jumps, scaled to each series' own past changes (`forecast_spread_prior_pairs`).

# %%
changes = trends.panel_changes(cov, national_panel)
jump_fit = trends.fit_jump_diffusion(changes, loaders.parameter(params, "forecast_sigma_obs_logit"))
display(changes.drop(columns="obs_ids").sort_values("change").round({"months": 1, "change": 3}).head(8))
jump_keys = ("jump_rate_per_month", "jump_sd", "jump_duration_months", "diffusion_sd_per_month")
jump_rows = [f"forecast_{k}" for k in jump_keys]
pd.concat([pd.DataFrame({k: [jump_fit[f"{k}_low"], jump_fit[k], jump_fit[f"{k}_high"]] for k in jump_keys},
                        index=["low", "central", "high"]).T.set_axis(jump_rows),
           params.set_index("name").loc[jump_rows, ["value_low", "value_central", "value_high"]]], axis=1).round(4)

# %% [markdown]
# ## Every series with at least four comparable months: nested, pooled model choice
# The same backtest on the province, every kab/kota with four or more months (none has yet)
# and every province of the national panel with four or more months.
# Origins are the months in which figures were *published*; each forecast uses only figures published by
# then. The *chosen* forecast at an origin is picked from the forecasts of every series whose actual was
# published before that origin (pooled: a short series borrows the others' record), and naive stays
# unless another model beats its mean CRPS by 10% (`forecast_selection_margin`) over at least 10 forecasts.
# So the *chosen* rows are the nested score an analyst could have had, not a hindsight pick. Each model
# has its own spread, calibrated on the pool: at each origin it is multiplied by the split-conformal
# factor from the scored forecasts of every series published before then (`trends.spread_factor`;
# 1 until at least four have been scored). Scores are on the model scale (logit of coverage, log of counts: 0.01 ≈ 1% relative
# error). `trends.backtest_summary` returns this table for the report's methods appendix; beside each share
# inside the 80% band it gives the range that exactly right forecast distributions produce 9 times in 10
# with these forecasts (`range80_low`–`range80_high`, `trends.coverage_reference`: the actuals drawn from the
# forecasts' own paths, so forecasts from one origin move together as real ones do) and the mean signed
# error (`bias`, forecast − actual).

# %%
detail_all = trends.backtest_all(cov, national_panel, params, n_draws=100 if quick else 150,
                                 n_paths=400 if quick else 600, seed=seed)
summary = trends.backtest_summary(detail_all)
forecast_charts.plot_backtest_summary(summary, lang);
# the chosen forecast per series and pooled ("all"): forecasts scored, share inside the 80% band with the
# 9-in-10 range, mean CRPS beside naive's, bias and which model the nested rule picked (one row per series;
# every model's CRPS per series is in the chart above)
by_model = summary.set_index(["series_id", "model"])
coverage_table = by_model.xs("chosen", level="model")[
    ["n_forecasts", "inside80", "coverage80", "range80_low", "range80_high", "CRPS", "bias", "chosen_from"]]
coverage_table.insert(6, "CRPS_naive", by_model.xs("naive", level="model")["CRPS"])
coverage_table.rename_axis(None).round(3)

# %%
# the chosen forecast's 80% band, every series together: all forecasts, those made at the model's own spread
# (before four forecasts were scored) and those calibrated on the pooled record, with the range exactly right
# forecast distributions give 9 times in 10 with these forecasts and their dependence
chosen_rows = detail_all[detail_all["model"].eq("chosen")]
own_spread = chosen_rows["spread_factor"].eq(1.0)
band_check = pd.DataFrame({part: {"n_forecasts": len(rows), "inside80": int(rows["in80"].sum()),
                                  "coverage80": rows["in80"].mean(), "bias": (rows["forecast"] - rows["actual"]).mean(),
                                  **dict(zip(("range80_low", "range80_high"), trends.coverage_reference(rows)))}
                           for part, rows in (("all", chosen_rows), ("own spread", chosen_rows[own_spread]),
                                              ("calibrated", chosen_rows[~own_spread]))}).T
band_check.round(3)

# %% [markdown]
# ### Why the spread is not narrowed before the record exists
# Before four backtest forecasts have been scored the bands keep the models' own spread (factor 1). The
# nested evidence that exists then is the rules' one-step record: each model's forecast of every pair of
# consecutive figures of every series (Sumsel, kab/kota, provinces, however short), made from the figures
# up to the first of the pair and dated by the later publication (`backtest.one_step_record`). Read as of
# each early origin (naive, the rule chosen there), it does not say "narrower": its share inside the band
# at factor 1 and the conformal factor it would give are below.

# %%
one_step = trends.one_step_record(trends.backtest_series(cov, national_panel, params, min_points=2),
                                  trends.Prior.from_parameters(params), n_paths=300 if quick else 600,
                                  n_draws=60 if quick else 150, seed=seed)
early_origins = sorted(chosen_rows[own_spread]["origin"].unique())
one_step_naive = {f"{o:%Y-%m-%d}" if o is not None else "all":
                  trends.one_step_summary(one_step, o).set_index("model").loc["naive"] for o in [*early_origins, None]}
pd.DataFrame(one_step_naive).T.round(3)

# %% [markdown]
# Nor do the series differ in volatility beyond what the jumps already explain: a per-series variance
# multiplier with empirical-Bayes shrinkage toward the panel (`jumps.scale_pooling` on every pair of
# consecutive figures published by the date) gains almost nothing in log-likelihood over complete pooling,
# and the weight it would give the panel (`prior_pairs`) is at least the rules' own
# (`forecast_spread_prior_pairs`). A calm series such as Sumsel therefore gets no narrower band before the
# record shows it.

# %%
pairs = trends.pair_changes(trends.backtest_series(cov, national_panel, params, min_points=2))
pd.DataFrame({f"{o:%Y-%m-%d}" if o is not None else "all":
              trends.scale_pooling(pairs if o is None else pairs[pairs["target_available"] <= o],
                                  trends.Prior.from_parameters(params)) for o in [*early_origins, None]}).T.round(3)

# %% [markdown]
# ### Does the whole-panel jump fit flatter the backtest?
# The forecasts above take the jump component recorded from the whole panel, whose pairs were mostly
# published after the origins — some are the very changes scored. Before 2025 this cannot be helped (5 pairs
# had been published by the end of 2023 and 23 by the end of 2024, too few for a five-parameter fit). From
# the first origin by which 30 pairs had been published, `trends.nested_jump_backtest` refits the jumps at
# each origin on the pairs published by then and makes the same forecasts again with the same random draws,
# at the models' own spread. Had the whole-panel fit flattered the backtest, the nested forecasts would hold
# fewer actuals and score worse.

# %%
nested_detail = trends.nested_jump_backtest(cov, national_panel, params, n_draws=100 if quick else 150,
                                            n_paths=400 if quick else 600, seed=seed)
trends.nested_jump_summary(nested_detail).round(3)

# %% [markdown]
# ## The forecast ledger: what was forecast, and how it fared
# Every forecast the package issues is kept in `ledger/forecasts.csv` (append-only): Sumsel coverage and
# active participants at each quarter end of the next two years, as quantiles of the figure to be
# published, with the issue date, data date, package version and model; a kab/kota joins from the first
# vintage by which four months of its comparable figures had been published (none has yet). The record starts with
# pseudo-real-time vintages at every quarter end since 2019, each from the figures published by then (the
# first comparable Sumsel figure was published in January 2024, so the first vintage is March 2024).
# `python -m sumsel_analysis ledger record` adds a vintage; `ledger score` gives the track record below:
# every entry whose quarter-end figure has since been published, its error, CRPS and whether it fell
# inside the 80% band — beside the backtests above.

# %%
from sumsel_analysis.trends import ledger  # noqa: E402

ledger_rows = ledger.read_ledger()
scored = ledger.track_record(cov, params, ledger_rows)
display(ledger.track_record_summary(scored).round(4))
scored.drop(columns=["actual_obs_ids"]).round({c: 3 for c in ("q10", "q50", "q90", "actual", "error",
                                                                 "abs_error_scale", "crps_scale")})

# %%
# the newest vintage: what the package forecasts now (percent; persons for active participants)
latest = ledger.latest_vintage(ledger_rows)
latest[["issued", "data_date", "geo_code", "metric", "target_period", "model", "q10", "q50", "q90"]]

# %% [markdown]
# ## The baseline the policy simulator uses
# The simulator's no-policy baseline is the chosen forecast with its own spread
# (`trends.baseline_projection(model="chosen")`, the same nested pooled choice as above, as of the data
# date); December medians, 80% bands and the chance of the target, next to the trend model's.

# %%
import numpy as np  # noqa: E402

rows = {}
for centre in ("chosen", "sparse_llt"):
    b = trends.baseline_projection(cov, params, until="2029-12", n_paths=n_paths, seed=seed, model=centre)
    dec = [i for i, m in enumerate(b.periods) if m.month == 12]
    q = np.quantile(b.paths[:, dec], [0.1, 0.5, 0.9], axis=0)
    label = f"{centre} ({b.describe()['centre']})"
    rows.update({(label, f"{b.periods[i]:%Y}"): {"lo80_pct": q[0, j], "median_pct": q[1, j], "hi80_pct": q[2, j],
                                                 f"P(>= {target_pct}%)": float((b.paths[:, i] >= target_pct).mean())}
                 for j, i in enumerate(dec)})
pd.DataFrame(rows).T.round(3)

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
persons = ["active_persons", "forecast", "lo80", "hi80", "forecast_without_dec_2025"]
table_nat = national.join(national_wo[["forecast"]].rename(columns={"forecast": "forecast_without_dec_2025"}))
table_nat.round({c: -3 for c in persons})  # round persons only: rounding the year column gave "2000"

# %% [markdown]
# ## Caveats and sources
# **Caveats.** Eight months of comparable data, from press reports that disagree by up to ten points
# in the same week, cannot support a confident projection: the bands are wide on purpose. The model
# projects *current trends*; it knows nothing about new levers (notebook 04 adds them). Figures from
# before 2021 are excluded because construction workers were then counted per project.
#
# **Sources.** `data/raw/coverage_observations.csv` (obs ids above); prior ranges in
# `data/raw/assumptions.csv` (`forecast_*`).

# %% [markdown]
# ## Conclusions
# - **Where coverage is heading:** on the figures published so far, about a third of Sumsel's potential
#   workers are protected and the same-source counts barely moved between the last comparable figures
#   (pace below). The 2024 and 2025 targets were missed; 51% is far out of reach on current trends.
# - **Which forecast to trust:** with so few and such noisy points, "coverage stays where it was" (naive)
#   is hard to beat; the model choice is nested (only figures published before each origin) and keeps
#   naive unless another model beats it by a margin. The chosen forecast is the brief's one no-policy path.
# - **How sure we are:** pooled over every series, the chosen forecast's 80% bands, with programme-driven
#   jumps, hold about as many actuals as exactly right bands would (the nested backtest table above), and
#   refitting the jumps as of each origin changes little. For Sumsel they have held every actual so far:
#   its figures were calmer than the panel's, which nobody could know in advance. The ledger keeps every
#   forecast, so the record shows how they fare as BPJS publishes new figures.
# - **What would change this:** a regular, same-source monthly series from BPJS would shrink the bands
#   far more than any model change.
#
# The numbers below are the brief's (one results table):

# %%
# the numbers of these conclusions come from the brief's results table (computed once, cached)
from IPython.display import Markdown  # noqa: E402

from sumsel_analysis.report.results import conclusions, load_results  # noqa: E402

results_table = load_results(n_draws=100 if quick else 5000)
Markdown(conclusions(results_table, "03", lang))
