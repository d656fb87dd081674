"""Kab/kota coverage: what is observed, an explicit 'no public data' state, and a Paritrana-style score.

No value is imputed: a kab/kota without a published coverage figure stays ``NaN`` with status
``no_data``. The composite score is computed only for kab/kota that have a coverage reading; missing
components are left out and the remaining weights renormalised (``components_used`` says which).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

USABLE = ("comparable", "conflicting_duplicate")


def kabkota_coverage(coverage_obs: pd.DataFrame, regions: pd.DataFrame) -> pd.DataFrame:
    """One row per kab/kota: latest usable all-segment coverage (percent) or NaN with status 'no_data'.

    Columns: bps_code, name, kind, coverage_pct, as_of, obs_id, status ('observed' / 'no_data'),
    previous_pct, previous_as_of, growth_pp_per_year (between the two latest readings), note.
    """
    pct = coverage_obs[(coverage_obs["geo_level"] == "kabkota") & (coverage_obs["segment"] == "total")
                       & (coverage_obs["metric"] == "coverage_pct") & coverage_obs["quality_flag"].isin(USABLE)]
    rows = []
    for r in regions.itertuples():
        g = pct[pct["geo_code"] == r.bps_code].sort_values(["period", "obs_id"]).drop_duplicates("period", keep="last")
        row = {"bps_code": r.bps_code, "name": r.name, "kind": r.kind, "coverage_pct": np.nan, "as_of": pd.NaT,
               "obs_id": "", "status": "no_data", "previous_pct": np.nan, "previous_as_of": pd.NaT,
               "growth_pp_per_year": np.nan, "note": ""}
        if len(g):
            last = g.iloc[-1]
            row.update(coverage_pct=last["value"], as_of=last["period"], obs_id=last["obs_id"], status="observed",
                       note=last["note"] if isinstance(last["note"], str) else "")
            if len(g) > 1:
                prev = g.iloc[-2]
                years = (last["period"] - prev["period"]).days / 365.25
                row.update(previous_pct=prev["value"], previous_as_of=prev["period"],
                           growth_pp_per_year=(last["value"] - prev["value"]) / years if years > 0 else np.nan)
        rows.append(row)
    out = pd.DataFrame(rows)
    out["as_of"] = pd.to_datetime(out["as_of"]).astype("datetime64[ns]")
    out["previous_as_of"] = pd.to_datetime(out["previous_as_of"]).astype("datetime64[ns]")
    return out


def _minmax(s: pd.Series) -> pd.Series:
    lo, hi = s.min(), s.max()
    if pd.isna(lo) or hi == lo:
        return s.where(s.isna(), 1.0)
    return (s - lo) / (hi - lo)


def paritrana_scores(kabkota_cov: pd.DataFrame, indicators: pd.DataFrame, weights: pd.DataFrame) -> pd.DataFrame:
    """Composite 0–100 score for kab/kota with a coverage reading, from min-max-scaled components.

    Components (weights from ``paritrana_weights.csv``): coverage level, coverage growth, log of
    APBD-funded vulnerable workers, regional regulation (0/1), earlier Paritrana recognition (0/1).
    Regulation and recognition count as 0 when no source names one (absence of evidence is scored
    as absence, and said so in ``components_used``); a missing growth reading is left out.
    """
    scored = kabkota_cov[kabkota_cov["status"] == "observed"].set_index("bps_code")
    ind = indicators.pivot(index="bps_code", columns="indicator", values="value").reindex(scored.index)
    comp = pd.DataFrame(index=scored.index)
    comp["coverage_level_pct"] = _minmax(scored["coverage_pct"])
    comp["coverage_growth_pp_per_year"] = _minmax(scored["growth_pp_per_year"])
    apbd = ind.get("apbd_vulnerable_workers", pd.Series(np.nan, index=scored.index)).fillna(0)
    comp["apbd_vulnerable_workers"] = _minmax(np.log1p(apbd))
    comp["regional_regulation"] = ind.get("regional_regulation", pd.Series(np.nan, index=scored.index)).fillna(0)
    comp["paritrana_recognition"] = ind.get("paritrana_recognition", pd.Series(np.nan, index=scored.index)).fillna(0)
    w = weights.set_index("component")["weight"]
    missing = [c for c in w.index if c not in comp.columns]
    if missing:
        raise ValueError(f"paritrana_weights.csv names unknown components: {missing}")
    used = comp.notna()
    wsum = used.mul(w, axis=1).sum(axis=1)
    score = 100 * comp.fillna(0).mul(w, axis=1).sum(axis=1) / wsum
    out = scored[["name", "coverage_pct", "growth_pp_per_year"]].copy()
    out = out.join(comp.add_prefix("score_"))
    out["paritrana_style_score"] = score
    out["components_used"] = used.apply(lambda r: ", ".join(c for c in r.index if r[c]), axis=1)
    out["status"] = "estimated"
    return out.reset_index().sort_values("paritrana_style_score", ascending=False).reset_index(drop=True)
