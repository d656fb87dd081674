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
# # 04 · Policy levers: licensing mandate, premium subsidy, employer collaboration
#
# **Question.** How far could each lever named by officials move Sumsel's coverage towards 51%, at
# what cost to the regional budget, and which assumptions decide the answer?
#
# **Method.** A monthly stock–flow model (`sumsel_analysis.policy`) on top of the statsmodels trend
# baseline (notebook 03). Each lever is built from small, evidenced mechanics (`policy.mechanics`);
# parameters come with low / central / high values from `data/raw/parameters.csv` and
# `assumptions.csv`. The uncertain lever parameters are **calibrated jointly to what really happened**
# when provinces and regencies used these levers (`data/raw/episodes.csv`), and every scenario runs on
# that posterior; the rest are drawn from triangular distributions, all with one seeded generator.
# Scenario files live in `scenarios/`. A programme is described the way a budget office writes it: the
# **list status** (verified, unverified, partly enrolled already), **who pays after funding ends**
# (district, village, employer, the worker, nobody), a **budget-year schedule** (list size and funded
# months per year), and for the licensing mandate the **chain** firms → registered workers → active paid
# workers. Every effect is printed with the lever's **evidence grade** (A–D, from out-of-sample episodes).

# %% tags=["parameters"]
quick = False  # True: small Monte Carlo and Sobol sizes (tests)
lang = "en"  # "id" for Bahasa Indonesia labels
scenario_file = "../scenarios/combined_mandate_subsidy_csr.yaml"

# %%
import numpy as np
import pandas as pd

from sumsel_analysis import policy, trends
from sumsel_analysis.data import loaders
from sumsel_analysis.data.build import ensure_built
from sumsel_analysis.i18n import t
from sumsel_analysis.plotting import apply_style
from sumsel_analysis.policy import charts as pcharts
from sumsel_analysis.policy import calibration, evidence, model, optimise, sensitivity

apply_style()
ensure_built()  # builds data/processed/ on a fresh clone
cov = loaders.load_processed("coverage_observations")
params = loaders.load_parameters()
n_draws = 500 if quick else 5000
n_sobol = 64 if quick else 512
baseline = trends.baseline_projection(cov, params, until="2030-12", n_paths=500 if quick else 2000)
combined = policy.load_scenario(scenario_file, params)
pd.Series(baseline.describe()["fit"]).to_frame("baseline fit")

# %% [markdown]
# ## What really happened: documented lever episodes
# Every documented episode: regional subsidy starts, growth, restarts and stops (with and without another
# payer), village-paid lists, self-payment lapse, list validation, licence rules and enforcement, paying
# shares of registered workers, and the arms of the JKN premium-subsidy experiment, each with the
# mechanism it tests, the model inputs it implies, the observed outcome, its judged noise and its source.
# Those with an observed outcome that isolates a mechanism calibrate the model:

# %%
episodes = loaders.load_episodes()
used = episodes["use_in_calibration"] == 1
print(f"{len(episodes)} documented episodes, {used.sum()} used; by mechanism:",
      episodes.loc[used, "mechanism"].str.split(";").explode().value_counts().to_dict())
episodes.loc[used, ["episode_id", "region_name", "mechanism", "start", "inputs", "outcome_metric",
                    "observed_value", "observed_unit", "noise_sd_rel", "source_ids"]]

# %% [markdown]
# The others are listed with the reason they are not used (no outcome yet, confounded, or no count the
# mechanism can be checked against), so nothing is hidden — first the government lists and self-payment:

# %%
is_csr = episodes["mechanism"].str.split(";").map(lambda ms: "employer_funding" in ms)
is_gate = episodes["lever"] == "mandate"
episodes.loc[~used & ~is_csr & ~is_gate, ["episode_id", "region_name", "mechanism", "note"]]

# %% [markdown]
# then the licence rules and registered stocks of firms:

# %%
episodes.loc[~used & is_gate, ["episode_id", "region_name", "mechanism", "note"]]

# %% [markdown]
# then the rounds in which firms funded lists of workers (CSR) without an outcome the model can check (Mimika
# 2022, E48, the one that reports how much of a firm-funded list was registered, is among the episodes used),
# first those before 2020:

# %%
before_2020 = episodes["start"] < "2020-01"
episodes.loc[~used & is_csr & before_2020, ["episode_id", "region_name", "start", "note"]]

# %% [markdown]
# and those from 2020 on, when regional regulations and circulars began to ask firms for it (Mimika's Perda 4/2019):

# %%
episodes.loc[~used & is_csr & ~before_2020, ["episode_id", "region_name", "start", "note"]]

# %% [markdown]
# Where sources disagree, both are kept and the row says which is used — first in the episodes the
# calibration uses:

# %%
conflicting = episodes["conflict"].fillna("") != ""
episodes.loc[conflicting & used, ["episode_id", "region_name", "conflict"]]

# %% [markdown]
# then in the episodes it does not use:

# %%
episodes.loc[conflicting & ~used, ["episode_id", "region_name", "conflict"]]

# %% [markdown]
# ## Calibration: prior against posterior
# Importance weighting over prior draws (their number and effective sample size are printed below): each draw predicts every episode's outcome with the
# same mechanics the simulator uses, and is weighted by how well it matches all of them at once (each
# within its source's noise). No prior is set from an episode the calibration uses: each prior names its
# own (non-episode) source and is wide where the episodes are the only evidence, so they enter through
# the likelihood. The posterior is cached by `python -m sumsel_analysis build`. `width_ratio` is the
# posterior's 10–90% width over the prior's: below 1, the episodes taught the model something.

# %%
cal = calibration.load_calibration(params)
print(f"effective sample size {cal.ess:,.0f} of {cal.n_prior:,} draws; episodes used: {', '.join(cal.episodes_used)}")
pcharts.plot_prior_posterior(cal.ranges, lang);
cal.ranges[["parameter", "prior_p10", "prior_p90", "posterior_p10", "posterior_p50", "posterior_p90",
            "width_ratio"]].round(3)

# %%
cal.fit.round(3)

# %% [markdown]
# **In plain words.** An *unverified* list (a poverty register not yet matched to NIK and BPJS records)
# loses about a quarter of its names to NIK checks and duplicates and is registered over half a year; a
# *verified* list is registered within weeks. When funding stops and nobody takes the list over, it is
# inactive once the three arrears months pass, except the minority who pay themselves (and lapse month by
# month); a district, village or employer that takes part of the list over keeps that part. Registered
# firms pay for only about half to two thirds of their registered workers.
#
# ## Does it predict what it has not seen? Leave one episode out
# Each episode is predicted by a calibration that did not see it (80% interval including the source's
# noise). It is a full refit: the importance weights are recomputed from a likelihood without the
# held-out episode. This table is `calibration.loo_validation()`; its hit rate is pinned by a test.

# %%
loo = calibration.loo_validation(params)
print(f"hit rate: {loo['hit'].mean():.0%} of {len(loo)} held-out episodes inside their 80% interval; "
      f"misses: {', '.join(loo.loc[~loo['hit'], 'episode_id'] + ' ' + loo.loc[~loo['hit'], 'region_name'])}")
loo.round(3)

# %% [markdown]
# The misses (printed above) are informative, not hidden. Jember's licence rule registered more firms than
# its branch-wide count of unregistered firms predicts (the count covers three regencies, the outcome one);
# the paying shares of registered workers spread from about 0.4 (Dharmasraya, Bangka Belitung's firms paying
# in full) to about 0.6 (Central Java), wider than one paying share and each source's noise allow; the RCT's
# coverage a year after the subsidy is a ratio to a small control share. Musi Banyuasin, the only Sumsel
# subsidy episode, is read as an unverified list.

# %% [markdown]
# ## Evidence grades
# A lever's grade counts the independent episodes (different places; the three RCT arms are one study)
# that test its mechanisms out of sample, and their hits (`evidence.lever_grades`). CSR is graded only on
# episodes in which firms themselves funded a list (`employer_funding`): the list mechanics it shares
# with the subsidy were tested on government-funded lists. One CSR episode has an outcome: in Mimika
# (2022) three firms funded an unverified list of farmers of whom about three in four were registered
# (E48), so CSR is graded C. No employer-funded episode yet reports how many stayed active once the firms
# stopped paying; that path is tested only on lists other payers funded (the Cilacap fishers' three-month
# stimulus, E49, after which none kept paying).

# %%
grades = evidence.lever_grades(cal)
print(t("evidence.grade.rule", lang))
for g in "ABCD":
    print(" ", t(f"evidence.grade.{g}", lang))
print(f"CSR: {is_csr.sum()} documented episodes of firms funding lists, "
      f"{(is_csr & used).sum()} with an outcome the model can predict")
grades

# %% [markdown]
# ## Each lever alone, then combined

# %%
alone = {name: combined.with_levers({name: settings}, name=t(f"policy.lever.{name}", lang))
         for name, settings in combined.levers.items()}
renewal = policy.load_scenario("../scenarios/mandate_renewal_only.yaml", params)
sustained = policy.load_scenario("../scenarios/subsidy_sustained.yaml", params)
runs = {**alone, "renewal-only mandate": renewal, "sustained subsidy": sustained, "combined": combined}
results = {k: policy.simulate(s, params, baseline, n_draws=n_draws) for k, s in runs.items()}
table = pd.DataFrame({k: r.summary() for k, r in results.items()}).T
table["evidence"] = [" · ".join(f"{g.lever} {g.grade}" for g in r.evidence_grades.itertuples()) for r in results.values()]
table[["evidence", "coverage_at_target_date_pct", "baseline_at_target_date_pct", "added_at_target_date_persons",
       "regional_budget_total_rupiah", "csr_total_rupiah", "cost_per_worker_year_rupiah",
       "prob_reach_by_target_date", "shortfall_at_target_date_persons", "time_to_target_month", "seed"]]

# %% [markdown]
# ## Workers added by the policy, apart from baseline noise
# Each lever's effect is a paired difference: the scenario minus no policy on the *same* baseline draws
# (common random numbers), so the trend's uncertainty cancels and only the lever's own uncertainty is
# left in the 80% band. The chance of reaching the target is shown without and with the policy on the
# same draws; a policy that adds nobody shows a difference of exactly zero.

# %%
effect_cols = ["effect_at_target_date_persons", "effect_at_target_date_lo80_persons",
               "effect_at_target_date_hi80_persons", "prob_reach_without_policy", "prob_reach_with_policy",
               "prob_reach_difference", "target_by", "evidence"]
effects = table[effect_cols]
effects

# %% [markdown]
# Who the licensing gate can reach: uncovered paid employees in existing non-agricultural firms, by
# size class (SE2016 establishments × workers per establishment × share paid × share not registered),
# next to the top-down cross-check (BPS formal workers minus PU members).

# %%
from sumsel_analysis.policy import model as pmodel  # noqa: E402

central = {k: np.array([[v]]) for k, v in pmodel.resolve_parameters(params, {})["central"].items()}
pool = pd.Series({k: float(v[0]) for k, v in pmodel.mandate_pool(central).items()}, name="uncovered paid employees")
cross = params.set_index("name").loc["mandate_reachable_uncovered_pu", ["value_low", "value_central", "value_high"]]
display(pool.round(0).to_frame())  # noqa: F821 (IPython)
print(f"total {pool.sum():,.0f}; top-down cross-check {cross['value_central']:,.0f} "
      f"({cross['value_low']:,.0f}–{cross['value_high']:,.0f})")

# %% [markdown]
# A rule that checks registration only at licence *renewal* adds almost no one: OSS NIBs never expire.
# A one-year subsidy lifts coverage mostly while it is paid: after three months of arrears (which ends
# BPU membership) workers lapse month by month, and only the share carried by other payers stays.

# %%
pcharts.plot_fan(results["combined"], lang);

# %%
pcharts.plot_by_lever(results["combined"], lang);
results["combined"].by_lever.merge(grades[["lever", "grade", "n_independent", "hit_rate"]], on="lever").round(2)

# %% [markdown]
# The licensing mandate as a chain: firms passing a gate (a catch-up wave of existing unregistered
# employers, then the new-firm flow) register; their workers are registered by size class; only the
# workers their employer pays for are protected. The three are reported separately.

# %%
chain = results["combined"].mandate_chain.iloc[::6]
chain.round({c: 0 for c in chain.select_dtypes("number").columns})

# %% [markdown]
# ## What a programme's design changes
# The same 200,000-worker, one-year subsidy as a verified or an unverified list, and with different
# payers after the year: nobody, the workers themselves, or districts taking over half the list.

# %%
sub = combined.levers.get("subsidy", {"start": "2028-01", "workers": 200_000, "months": 12})
designs = {
    "verified list, workers pay after": {**sub, "list_status": "verified", "payer_after": "worker"},
    "unverified list, workers pay after": {**sub, "list_status": "unverified", "payer_after": "worker"},
    "verified list, nobody pays after": {**sub, "list_status": "verified", "payer_after": "nobody"},
    "verified list, districts take over half": {**sub, "list_status": "verified", "payer_after": "district",
                                                "takeover_share": 0.5},
}
design_runs = {k: policy.simulate(combined.with_levers({"subsidy": v}, name=k), params, baseline,
                                  n_draws=200 if quick else 1000) for k, v in designs.items()}
pd.DataFrame({k: {"added in the funded year (Dec 2028)": np.median(r.states["added_subsidy"][:, r._month("2028-12")]),
                  "added a year later (Dec 2029)": np.median(r.states["added_subsidy"][:, r._month("2029-12")]),
                  "regional budget (Rp bn)": r.summary()["regional_budget_total_rupiah"] / 1e9,
                  "evidence": r.evidence_grades.set_index("lever").at["subsidy", "grade"]}
              for k, r in design_runs.items()}).T

# %%
results["combined"].cost.round(0)

# %% [markdown]
# Protected workers by segment: the mandate adds wage earners (PU); the subsidy and CSR add non-wage
# workers (BPU); construction, migrant and non-ASN registrations stay in the baseline.

# %%
results["combined"].by_segment.iloc[::12].set_index("period").round(0)

# %% [markdown]
# ## Which assumptions matter?
# One at a time (tornado) and jointly (Sobol indices, SALib), for the workers added by the target date.

# %%
torn = sensitivity.tornado(combined, params, baseline)
pcharts.plot_tornado(torn, lang, t("policy.output.added_at_target_date", lang));

# %% [markdown]
# For the regional-budget cost, the subsidy's take-up and overlap and the mandate's administration
# cost decide the answer. Time-to-target has no variance to attribute here: no draw reaches 51% within
# the horizon (`sensitivity.sobol(..., output="time_to_target")` says so instead of returning numbers).

# %%
torn_cost = sensitivity.tornado(combined, params, baseline, output="cost")
pcharts.plot_tornado(torn_cost, lang, t("policy.output.cost", lang));

# %%
sob = sensitivity.sobol(combined, params, baseline, n=n_sobol)
pcharts.plot_sobol(sob, lang, t("policy.output.added_at_target_date", lang));
sob.round(3).head(10)  # the ten largest; the chart shows them all

# %%
sob_cost = sensitivity.sobol(combined, params, baseline, output="cost", n=n_sobol)
pcharts.plot_sobol(sob_cost, lang, t("policy.output.cost", lang));
sob_cost.round(3).head(6)

# %% [markdown]
# ## The least-cost mix
# The cheapest combination of the mandate and a list-based subsidy (funded to the target date) that
# reaches a target by December 2029 within a budget of Rp250 billion.

# %%
for target in (40.0, 51.0):
    mix = optimise.least_cost_mix(target, "2029-12", 250e9, params, baseline)
    print(f"target {target}%: feasible = {mix['feasible']}", mix.get("reason", ""))
    display(mix["options"].round(1))  # noqa: F821 (IPython)

# %% [markdown]
# ## Evidence check: the JKN premium-subsidy experiment
# The RCT arms (Banerjee et al., AER 2021) are now episodes like the others: the control arm's
# enrolment comes from the simulator's own voluntary-enrolment lever (a reached group enrolling and paying
# itself, without a subsidy), and each arm is predicted without being seen (rows of the leave-one-out table).

# %%
control = policy.simulate(combined.with_levers({"voluntary": {"start": "2026-01", "workers": 10_000, "months": 12}},
                                               name="RCT control arm"), params, baseline)
print(f"control arm from simulate(): {control.voluntary_enrolled[0, 11] / 10_000:.1%} enrolled after 12 months "
      f"(observed about 8%); evidence grade {control.evidence_grades.at[0, 'grade']}")
evidence.jkn_rct_check(params)["table"].round(3)

# %% [markdown]
# ## Regencies through the same simulator
# Every kab/kota with a published worker base and coverage reading, with Monte Carlo draws: each
# follows its own trend where it has two comparable readings (Musi Banyuasin — a pace that already
# holds its subsidy, so it overstates the future), else the province trend with a band twice as wide.
# A regency's list is taken as given: 20,000 workers for two years adds up to 20,000 × take-up, not
# its share of the province.

# %%
labour = loaders.load_processed("labour_observations")
reg_inputs = policy.regency_inputs(cov, loaders.load_regions(), baseline, labour, params)
reg_scenario = combined.with_levers({"subsidy": {"start": "2028-01", "workers": 20_000, "months": 24}},
                                    name="regency subsidy, 20,000 workers for 2 years")
reg = policy.simulate_regions(reg_scenario, params, reg_inputs, months=60, start="2026-01",
                              n_draws=200 if quick else 5000, seed=combined.seed)
at = reg[reg["period"] == "2027-12-01"].merge(reg_inputs[["geo_code", "name", "trend_source", "firm_basis", "firm_year"]],
                                             on="geo_code")
at[["name", "trend_source", "firm_basis", "firm_year", "baseline_pct", "coverage_pct", "coverage_lo80", "coverage_hi80",
    "added_persons"]].round(1)

# %% [markdown]
# The licensing gate meets a region's own firms where it publishes a count (`firm_basis`): `own_by_size`
# (its own count by size class), `own_total` (its census total, split by size with the province's shares),
# else `scaled` (Sumsel's stock × its share of the province's workers); `firm_year` is the count's year.
# All 17 kab/kota:

# %%
regions17 = loaders.load_regions()
model.region_firm_table(labour, params, regions17["bps_code"]).merge(
    regions17[["bps_code", "name"]], left_on="geo_code", right_on="bps_code").drop(columns="bps_code").round(0)

# %% [markdown]
# The same list lifts a small regency far more in percentage points (PALI's base is 50,000 workers)
# than a large one; the bands are wide because kab/kota trends rest on one or two readings.

# %% [markdown]
# ## What is not modelled

# %%
pd.DataFrame(policy.not_modelled())

# %% [markdown]
# **Caveats.** The licensing mandate has no controlled evaluation in Indonesia, and no episode gives the
# *workers* (rather than firms) a permit gate added: its catch-up wave rests on one uncontrolled
# before/after count of firms (Jember 2015), its paying share on regions' active/registered counts
# of all segments, and workers per firm on census size classes; they dominate the uncertainty. Subsidy effects are temporary unless
# funding continues. Costs are regional-budget rupiah only (CSR premiums are paid by firms).
#
# **Sources.** Parameters: `data/raw/parameters.csv` (publisher, URL, date per row) and
# `data/raw/assumptions.csv` (range and reason per row). Every result records its scenario,
# parameter values, seed and data date (`result.metadata`).

# %% [markdown]
# ## Conclusions
# - **Calibrated on what happened, checked on what it did not see.** The documented episodes (subsidy
#   starts, a restart, stops with and without another payer, a village-paid list, self-payment lapse, list
#   validation, licence rules and enforcement, paying shares, the JKN RCT) are fitted jointly; held out
#   one at a time, most fall inside their 80% interval (table above), Musi Banyuasin included. No prior
#   comes from an episode the calibration uses.
# - **Grades:** each lever's evidence grade (table above) says how many independent episodes tested its
#   mechanisms out of sample; read the mandate's large effect with its grade.
# - **The licensing mandate still adds the most workers**, counted as *active paid* workers, fewer than
#   those registered; a check only at licence *renewal* adds no one (NIBs never expire).
# - **Design decides a subsidy's value:** a verified list delivers within weeks; an unverified one loses
#   names and months; after the funded year a list nobody takes over is inactive within months, while a
#   district or village that takes part of it over keeps that part.
# - **Read the effect first** (workers added, on the same draws) and its grade; the chance of reaching the
#   target rises only a little because the no-policy baseline itself is so uncertain.
#
# The numbers below are the brief's (one results table, the brief's scenarios, draws and seed):

# %%
# the numbers of these conclusions come from the brief's results table (computed once, cached)
from IPython.display import Markdown  # noqa: E402

from sumsel_analysis.report.results import conclusions, load_results  # noqa: E402

results_table = load_results(n_draws=100 if quick else 5000)
Markdown(conclusions(results_table, "04", lang))
