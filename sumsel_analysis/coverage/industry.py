"""Coverage by industry: an allocation model, because no public source gives BPJS participation by industry.

Method (every output row is labelled ``status = "estimated"``):

1. Employment by industry in Sumsel for the latest round with a headline total (Aug 2024): published
   Sumsel levels or shares where they exist (agriculture, trade, manufacturing, real estate from the
   Aug 2024 release; construction, electricity & gas, business services from Databoks 2024); the
   remaining employment is spread over the other industries in proportion to the **national** Feb 2025
   distribution (labelled ``employment_basis = "national share (fallback)"``).
2. Formality by industry: assumption rows ``formal_share_<industry>`` (low / central / high), rescaled
   so the employment-weighted mean equals the BPS Sumsel formal share (36.59%, Feb 2024).
3. Protected workers: the latest segment split (Dec 2023: PU 505,436, BPU 162,975, JAKON 246,731)
   scaled to the latest protected total; PU is allocated in proportion to formal employment, BPU to
   informal employment, JAKON to construction.
Low/high: every formal share at its low (resp. high) end, which moves PU towards (away from) the
informal-heavy industries; they are scenario bounds, not statistical intervals.
"""

from __future__ import annotations

import pandas as pd

from sumsel_analysis.coverage.metrics import latest, segment_table
from sumsel_analysis.data.loaders import parameter

INDUSTRIES = (
    "agriculture_forestry_fishery", "mining_quarrying", "manufacturing", "electricity_gas", "water_waste",
    "construction", "wholesale_retail_trade", "transport_storage", "accommodation_food",
    "information_communication", "financial_insurance", "real_estate", "business_services",
    "public_administration", "education_services", "health_social_work", "other_services",
)


def employment_by_industry(labour_obs: pd.DataFrame, round_: str = "2024-08") -> pd.DataFrame:
    """Employed persons by industry for one Sakernas round: Sumsel where published, national shares otherwise."""
    period = pd.Timestamp(round_ + "-01")
    sumsel = labour_obs[(labour_obs["geo_code"] == "16") & (labour_obs["period"] == period)]
    total_row = sumsel[(sumsel["category"] == "total") & (sumsel["metric"] == "employed")]
    if total_row.empty:
        raise ValueError(f"no Sumsel employed total for {round_}")
    total = float(total_row["value"].iloc[0])
    rows = {}
    for ind in INDUSTRIES:
        lev = sumsel[(sumsel["category"] == ind) & (sumsel["metric"] == "employed")]
        shr = sumsel[(sumsel["category"] == ind) & (sumsel["metric"] == "share_of_employed_pct")]
        if not shr.empty and ind != "real_estate":
            rows[ind] = (total * shr["value"].iloc[0] / 100, "Sumsel share", shr["obs_id"].iloc[0])
        elif not lev.empty:
            rows[ind] = (float(lev["value"].iloc[0]), "Sumsel level", lev["obs_id"].iloc[0])
    national = labour_obs[(labour_obs["geo_code"] == "ID") & (labour_obs["metric"] == "share_of_employed_pct")
                          & (labour_obs["period"] == pd.Timestamp("2025-02-01"))].set_index("category")
    missing = [i for i in INDUSTRIES if i not in rows]
    rest = total - sum(v for v, _, _ in rows.values())
    weights = national.loc[missing, "value"]
    for ind in missing:
        rows[ind] = (rest * weights[ind] / weights.sum(), "national share (fallback)", national.loc[ind, "obs_id"])
    out = pd.DataFrame([(k, *v) for k, v in rows.items()], columns=["industry", "employed_persons",
                                                                    "employment_basis", "source"])
    out["total_source"] = total_row["obs_id"].iloc[0]
    return out.set_index("industry").loc[list(INDUSTRIES)].reset_index()


def _formal_shares(params: pd.DataFrame, which: str, employed: pd.Series, formal_total_share: float) -> pd.Series:
    """Assumed formal shares rescaled (shares capped at 1) so the weighted mean equals the BPS share."""
    shares = pd.Series({i: parameter(params, f"formal_share_{i}", which) for i in employed.index})
    target = formal_total_share * employed.sum()
    for _ in range(50):  # rescale the uncapped industries until the capped ones stop moving
        capped = shares >= 1.0
        room = target - employed[capped].sum()
        free = (shares * employed)[~capped].sum()
        shares = shares.where(capped, (shares * room / free)).clip(upper=1.0)
        if abs((shares * employed).sum() - target) < 1e-6 * target:
            break
    return shares


def estimate_coverage_by_industry(labour_obs: pd.DataFrame, params: pd.DataFrame, coverage_obs: pd.DataFrame,
                                  round_: str = "2024-08", split_period: str = "2023-12") -> pd.DataFrame:
    """Estimated protected workers and coverage by industry, low / central / high (see module docstring)."""
    emp = employment_by_industry(labour_obs, round_).set_index("industry")
    formal_pct = labour_obs[(labour_obs["obs_id"] == "L0180")]["value"]
    formal_total_share = float(formal_pct.iloc[0]) / 100 if len(formal_pct) else 0.3659
    split = segment_table(coverage_obs)
    split = split[(split["period"] == pd.Timestamp(split_period + "-01")) & split["in_worker_total"]]
    seg = split.set_index("segment")["protected_persons"]
    prot = latest(coverage_obs, "16", "active_participants")
    scale = prot["value"] / seg.sum()
    pu, bpu, jakon = seg.get("PU", 0) * scale, seg.get("BPU", 0) * scale, seg.get("JAKON", 0) * scale
    out = emp.copy()
    for which in ("low", "central", "high"):
        f = _formal_shares(params, which, emp["employed_persons"], formal_total_share)
        formal = emp["employed_persons"] * f
        informal = emp["employed_persons"] - formal
        covered = pu * formal / formal.sum() + bpu * informal / informal.sum()
        covered = covered.add(pd.Series({"construction": jakon}), fill_value=0)
        excess = (covered - emp["employed_persons"]).clip(lower=0)
        covered = covered.clip(upper=emp["employed_persons"])
        if which == "central":
            out["note"] = excess.map(
                lambda x: (f"capped at 100%: JAKON registrations ({jakon:,.0f}) exceed BPS employment in this "
                           f"industry; {x:,.0f} counted per project, not allocated") if x > 0 else "")
            out.attrs["unallocated_persons"] = float(excess.sum())
        out[f"covered_persons_{which}"] = covered
        out[f"coverage_pct_{which}"] = 100 * covered / emp["employed_persons"]
        out[f"formal_share_{which}"] = f
    runs = ["covered_persons_low", "covered_persons_central", "covered_persons_high"]
    lo, hi = out[runs].min(axis=1), out[runs].max(axis=1)
    out["covered_persons_low"], out["covered_persons_high"] = lo, hi
    out["coverage_pct_low"] = 100 * lo / out["employed_persons"]
    out["coverage_pct_high"] = 100 * hi / out["employed_persons"]
    out["status"] = "estimated"
    out["method"] = (f"allocation: PU ∝ formal employment, BPU ∝ informal, JAKON → construction; split "
                     f"{', '.join(split['obs_id'])} scaled to {prot['obs_id']}; formal shares = assumptions")
    return out.reset_index()
