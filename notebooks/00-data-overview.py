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
# # 00 · Data overview: what is known about BPJS Ketenagakerjaan coverage in Sumatera Selatan
#
# **Question.** Which public figures exist on social-security coverage of Sumsel workers, for which
# segments, districts and years — and where do they contradict each other?
#
# **Data.** `data/raw/` holds one sourced figure per row (publisher, URL, date), built from the
# project's fact base of BPS, BPJS Ketenagakerjaan, Kemnaker and news reports. `python -m sumsel_analysis build`
# validates it, flags every observation's quality and writes `data/processed/`.

# %% tags=["parameters"]
quick = False  # no Monte Carlo here; kept for a uniform notebook interface
lang = "en"  # "id" for Bahasa Indonesia labels

# %%
import pandas as pd

from sumsel_analysis.data import claims, loaders, overview
from sumsel_analysis.data.build import ensure_built
from sumsel_analysis.plotting import apply_style

apply_style()
pd.set_option("display.max_colwidth", 120)
manifest = ensure_built()  # builds data/processed/ on a fresh clone
cov = loaders.load_processed("coverage_observations")
regions = loaders.load_regions()
print(f"data as of {manifest['data_date']} · package {manifest['package_version']} · "
      f"{len(cov)} coverage observations from {cov['source_id'].nunique()} sources")

# %% [markdown]
# ## What is observed where and when
# Each cell counts the province-level observations for a segment and year; the number in brackets
# counts those that are *comparable* with the post-2021 series of active, protected eligible workers.
# Empty columns are years with no public figure at all.

# %%
overview.plot_availability(cov, lang);

# %% [markdown]
# Who reported what, and when: each marker is one figure; its shape is its quality flag. Most figures
# are press relays of a few official briefings (Aug 2024, Sep 2024, Apr 2025, Aug 2025, Dec 2025).

# %%
overview.plot_sources_timeline(cov, lang);

# %% [markdown]
# By kab/kota, most of the 17 districts have no published coverage figure at all; the blank rows
# are blind spots, not zeros.

# %%
overview.plot_kabkota_availability(cov, regions, lang);

# %% [markdown]
# ## Quality flags
# Every observation carries one flag. Judgements on single rows (misprints, figures that are not
# coverage, unclear scope) come from `data/raw/quality_annotations.csv`, each with a reason.

# %%
cov.groupby("quality_flag").size().rename("observations").to_frame()

# %% [markdown]
# ## The December 2025 report, checked against its own arithmetic
# The lead report states 1,035,000 protected workers, a "1.3 million" base, 32.82% coverage, a 51%
# target and a gap of about 409 thousand. The claims check shows what each pair implies.

# %%
dec = claims.december_2025_claim(loaders.load_coverage())
check = claims.check_claim(dec)
check[["check", "stated", "implied", "consistent", "explanation"]]

# %% [markdown]
# **Reading.** 1,035,000 ÷ 32.82% implies a base of about 3.15 million workers, close to the
# "3 million eligible" BPJS used through 2024–25; 1.3 million cannot be the base (it would mean 79.6%
# coverage). The 409 thousand gap fits neither the 51% target nor 49.46% or 50% on any of the bases;
# of all the combinations tried, it fits only the provincial official's "at least 48%" aim on the
# 3.0 million base. The report most likely mixes figures from different dates.

# %% [markdown]
# ## Contradictions across the fact base

# %%
contra = loaders.load_processed("contradictions")
contra.groupby("kind").size().rename("rows").to_frame()

# %%
contra16 = contra[contra["geo_code"].eq("16")]
print(f"{len(contra16)} contradictions concern the province; the 12 most recent:")
contra16.sort_values("period")[["kind", "period", "metric", "values", "description"]].tail(12)

# %% [markdown]
# ## Reconciled best series
# Where several sources give a figure for the same month, the build picks one by a stated rule and
# keeps the others as alternatives.

# %%
best = loaders.load_processed("coverage_best")
best16 = best[(best["geo_code"] == "16") & best["metric"].isin(["coverage_pct", "active_participants"])
              & (best["segment"] == "total")]
print(f"{len(best16)} reconciled province figures; the 15 most recent:")
best16.sort_values("period")[["metric", "period", "value", "obs_id", "quality_flag", "rule", "alternatives"]].tail(15)

# %% [markdown]
# ## Sources
# Every figure above traces to one of these sources (full list in `data/raw/sources.csv`).

# %%
sources = loaders.load_sources()
print(f"{len(sources)} sources; the ten that supply the most coverage figures:")
top = cov["source_id"].value_counts().head(10).rename("figures")
sources.set_index("source_id").loc[top.index, ["publisher", "published_date", "url"]].join(top)

# %% [markdown]
# **Caveats.** Most figures are press relays of official statements, rounded and sometimes
# misprinted. No official year-end provincial coverage series was found for any year. Denominators
# change between statements (3.0 m "eligible", 2.81 m potential in 2018, BPS employment of ~4.4 m).
# Boundaries: BPS / OCHA ROAP (HDX COD-AB Indonesia, 2020) via geoBoundaries (IDN ADM2), CC BY 3.0 IGO.

# %% [markdown]
# ## Conclusions
# Figures disagree with each other; every later number is shown with its source row and a range,
# never as a single certain value. The numbers below are the brief's (one results table):

# %%
# the numbers of these conclusions come from the brief's results table (computed once, cached)
from IPython.display import Markdown  # noqa: E402

from sumsel_analysis.report.results import conclusions, load_results  # noqa: E402

results_table = load_results(n_draws=100 if quick else 5000)
Markdown(conclusions(results_table, "00", lang))
