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
# # 02 · Coverage by kabupaten/kota
#
# **Question.** Which of Sumsel's 17 kab/kota are ahead or behind, and what do we actually know?
#
# **Data.** Kab/kota figures from the processed coverage observations; boundaries from geoBoundaries
# (CC BY 3.0 IGO). **Method.** `sumsel_analysis.coverage.regional`: the latest published coverage per kab/kota,
# an explicit *no public data* state (never imputed), and a Paritrana-style composite for the
# kab/kota that have inputs, with weights from `data/raw/paritrana_weights.csv`.

# %% tags=["parameters"]
quick = False  # no Monte Carlo in this notebook; kept for a uniform interface
lang = "en"  # "id" for Bahasa Indonesia labels

# %%
from sumsel_analysis.coverage import charts as coverage_charts
from sumsel_analysis.coverage import metrics, regional
from sumsel_analysis.data import loaders
from sumsel_analysis.data.build import ensure_built
from sumsel_analysis.plotting import apply_style

apply_style()
ensure_built()  # builds data/processed/ on a fresh clone
cov = loaders.load_processed("coverage_observations")
lab = loaders.load_processed("labour_observations")
params = loaders.load_parameters()
regions = loaders.load_regions()

# %% [markdown]
# ## What is published, district by district

# %%
kab = regional.kabkota_coverage(cov, regions)
kab[["bps_code", "name", "kind", "status", "coverage_pct", "as_of", "obs_id", "previous_pct",
     "growth_pp_per_year"]]

# %% [markdown]
# Only six of the 17 kab/kota have a published coverage figure, from different months and on
# different bases (PALI's "below 1%" is an upper bound). The map hatches the others.

# %%
coverage_charts.plot_choropleth(kab, loaders.load_boundaries(), lang);

# %% [markdown]
# ## Gap and pace for a district
# The same metrics work for any geography with a count and a base — here Musi Rawas (70,337 of
# 153,103 workers, Aug 2025) against the national 52.15% UCJ target by end-2026.

# %%
mura = metrics.key_numbers(cov, lab, params, geo_code="1605", target_pct=52.15, deadline="2026-12-31")
{k: mura[k] for k in ("protected_persons", "base_persons", "coverage_pct", "gap_persons",
                      "required_pace_persons_per_month")}

# %% [markdown]
# ## Ranking, gap to target and the subsidy to close it
# The brief's kab/kota table: ranked by the latest coverage, each with its worker base (published for
# the same date, another date, or estimated from BPS employed × the province's potential/employed ratio),
# the gap to 51% in workers and the yearly JKK+JKM premium for those workers. Flags mark other dates.
# `bound` says when the source gives only a ceiling ("below 1%": `upper`); the gap and the subsidy computed from
# such a ceiling are then floors (`gap_bound` `lower`: at least this many workers), as the brief prints "< 1%" and "≥".

# %%
from sumsel_analysis.data.loaders import parameter

dens = metrics.coverage_by_denominator(cov, lab, params).set_index("denominator")["value_persons"]
kab_scores = regional.paritrana_scores(kab, loaders.load_regional_indicators(), loaders.load_paritrana_weights())
gap_table = regional.kabkota_gap_table(
    kab, cov, lab, kab_scores, 51.0, parameter(params, "apbd_premium_per_worker_month"),
    potential_per_employed=dens["bpjs_potential"] / dens["bps_employed"],
    as_of=metrics.key_numbers(cov, lab, params)["as_of"])
gap_table[["rank", "name", "coverage_pct", "bound", "as_of", "base_persons", "base_basis", "gap_persons",
           "gap_bound", "subsidy_to_close_rupiah_per_year", "flags"]].round(
    {"base_persons": 0, "gap_persons": 0, "subsidy_to_close_rupiah_per_year": -6})

# %% [markdown]
# ## A Paritrana-style composite (estimated)
# Coverage level (40%), growth (20%), APBD-funded vulnerable workers (20%), a regional regulation
# (10%) and earlier Paritrana recognition (10%); each input cites a raw row in
# `data/raw/regional_indicators.csv`. Kab/kota without a coverage reading are not scored.

# %%
scores = regional.paritrana_scores(kab, loaders.load_regional_indicators(), loaders.load_paritrana_weights())
coverage_charts.plot_scores(scores, lang);
scores[["name", "coverage_pct", "growth_pp_per_year", "paritrana_style_score", "components_used"]].round(2)

# %% [markdown]
# **Caveats.** Eleven kab/kota publish no coverage figure; their blank is a data gap, not a zero.
# District programmes (Muba's 45,000, OKI's ~76,000, Muara Enim's 26,775 vulnerable workers) are
# often funded for a few months only, so a single reading can overstate lasting coverage.
#
# **Sources.** `data/raw/coverage_observations.csv`, `regional_indicators.csv`, `paritrana_weights.csv`.
# Boundaries: BPS / OCHA ROAP (HDX COD-AB Indonesia, 2020) via geoBoundaries (IDN ADM2), CC BY 3.0 IGO;
# simplified by the package authors. Not an official boundary.

# %% [markdown]
# ## Conclusions
# Districts without a public figure are blind spots: a monthly district series from BPJS
# Ketenagakerjaan is the first thing a district budget would need. The numbers below are the brief's:

# %%
# the numbers of these conclusions come from the brief's results table (computed once, cached)
from IPython.display import Markdown  # noqa: E402

from sumsel_analysis.report.results import conclusions, load_results  # noqa: E402

results_table = load_results(n_draws=100 if quick else 5000)
Markdown(conclusions(results_table, "02", lang))
