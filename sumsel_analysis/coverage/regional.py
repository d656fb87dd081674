"""Kab/kota coverage: what is observed, an explicit 'no public data' state, and a Paritrana-style score.

No value is imputed: a kab/kota without a published coverage figure stays ``NaN`` with status
``no_data``. The composite score is computed only for kab/kota that have a coverage reading; missing
components are left out and the remaining weights renormalised (``components_used`` says which).
"""

from __future__ import annotations


import numpy as np
import pandas as pd

from sumsel_analysis.coverage.metrics import derived_bound, row_bound

USABLE = ("comparable", "conflicting_duplicate")


def kabkota_coverage(coverage_obs: pd.DataFrame, regions: pd.DataFrame) -> pd.DataFrame:
    """One row per kab/kota: latest usable all-segment coverage (percent) or NaN with status 'no_data'.

    Columns: bps_code, name, kind, coverage_pct, bound ('upper' when the source says "below" the figure,
    'lower' for "at least", '' for a value), as_of, obs_id, status ('observed' / 'no_data'), previous_pct,
    previous_as_of, growth_pp_per_year (between the two latest readings), note, quality ('exact';
    'upper_bound' when the source gives only a ceiling such as "below 1%"; 'lower_bound' for "at least";
    'no_figure').
    """
    pct = coverage_obs[(coverage_obs["geo_level"] == "kabkota") & (coverage_obs["segment"] == "total")
                       & (coverage_obs["metric"] == "coverage_pct") & coverage_obs["quality_flag"].isin(USABLE)]
    rows = []
    for r in regions.itertuples():
        g = pct[pct["geo_code"] == r.bps_code].sort_values(["period", "obs_id"]).drop_duplicates("period", keep="last")
        row = {"bps_code": r.bps_code, "name": r.name, "kind": r.kind, "coverage_pct": np.nan, "bound": "",
               "as_of": pd.NaT, "obs_id": "", "status": "no_data", "previous_pct": np.nan, "previous_as_of": pd.NaT,
               "growth_pp_per_year": np.nan, "note": "", "quality": "no_figure"}
        if len(g):
            last = g.iloc[-1]
            note = last["note"] if isinstance(last["note"], str) else ""
            bound = last.get("bound") if isinstance(last.get("bound"), str) else ""
            row.update(coverage_pct=last["value"], as_of=last["period"], obs_id=last["obs_id"], status="observed",
                       bound=bound, note=note,
                       quality={"upper": "upper_bound", "lower": "lower_bound"}.get(bound, "exact"))
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


def _latest(obs: pd.DataFrame, code: str, metric: str, on: pd.Timestamp | None = None) -> pd.Series | None:
    """The latest usable reading of ``metric`` for a kab/kota (the one of date ``on`` when given)."""
    g = obs[(obs["geo_code"] == code) & (obs["metric"] == metric)].sort_values(["period", "obs_id"])
    if on is not None:
        g = g[g["period"] == on]
    return None if g.empty else g.iloc[-1]


def kabkota_gap_table(kabkota_cov: pd.DataFrame, coverage_obs: pd.DataFrame, labour_obs: pd.DataFrame,
                      scores: pd.DataFrame, target_pct: float, premium_per_worker_month_rupiah: float,
                      potential_per_employed: float, as_of: pd.Timestamp, stale_after_months: int = 12
                      ) -> pd.DataFrame:
    """Kab/kota ranked by coverage, each with its worker base, gap to ``target_pct`` and the subsidy to close it.

    The worker base (BPJS 'potential workers') is taken, in this order, from a published figure of the same
    date as the coverage reading ('published'), the latest published figure of another date ('published,
    other date'), or the latest BPS employed count × ``potential_per_employed`` (the province's potential ÷
    employed ratio: 'estimated'). ``gap_persons`` = (target − coverage) × base; ``subsidy_to_close_rupiah_per_year``
    pays the JKK+JKM premium for those workers for twelve months. Readings older than ``stale_after_months``
    before ``as_of``, bases from another date and coverage stated as a bound ('upper_bound': the gap is then a
    lower bound) are flagged; ``gap_bound`` is the bound the gap and the subsidy carry from the coverage's and the
    base's bounds (``metrics.derived_bound``: '' exact, 'lower' for "at least"). Kab/kota without a coverage reading are
    listed last, unranked, with every derived value missing (nothing imputed).
    """
    cov = coverage_obs[(coverage_obs["geo_level"] == "kabkota") & (coverage_obs["segment"] == "total")
                       & coverage_obs["quality_flag"].isin(USABLE)]
    emp = labour_obs[(labour_obs["geo_level"] == "kabkota") & (labour_obs["metric"] == "employed")]
    sc = scores.set_index("bps_code") if len(scores) else pd.DataFrame()
    score_cols = [c for c in scores.columns if c.startswith("score_")] + ["paritrana_style_score"]
    rows = []
    for r in kabkota_cov.itertuples():
        row = {"bps_code": r.bps_code, "name": r.name, "kind": r.kind, "coverage_pct": r.coverage_pct,
               "bound": r.bound, "quality": getattr(r, "quality", "exact" if r.status == "observed" else "no_figure"),
               "as_of": r.as_of, "obs_id": r.obs_id, "status": r.status, "base_persons": np.nan, "base_basis": "",
               "base_as_of": pd.NaT, "base_source": "", "base_bound": "", "gap_persons": np.nan, "gap_bound": "",
               "subsidy_to_close_rupiah_per_year": np.nan, "flags": []}
        if r.status == "observed":
            same = _latest(cov, r.bps_code, "potential_workers", on=r.as_of)
            other = _latest(cov, r.bps_code, "potential_workers")
            bps = _latest(emp, r.bps_code, "employed")
            base_bound = ""
            if same is not None:
                row.update(base_persons=same["value"], base_basis="published", base_as_of=same["period"],
                           base_source=same["obs_id"])
                base_bound = row_bound(same)
            elif other is not None:
                row.update(base_persons=other["value"], base_basis="published_other_date", base_as_of=other["period"],
                           base_source=other["obs_id"])
                base_bound = row_bound(other)
            elif bps is not None:
                row.update(base_persons=bps["value"] * potential_per_employed, base_basis="estimated",
                           base_as_of=bps["period"], base_source=bps["obs_id"])
            if row["base_basis"] != "published":
                row["flags"].append("base_other_date" if row["base_basis"] else "no_base")
            if r.as_of < as_of - pd.DateOffset(months=stale_after_months):
                row["flags"].append("reading_older_than_12_months")
            if r.bound:
                row["flags"].append(f"{r.bound}_bound")
            row["base_bound"] = base_bound
            gap = max(0.0, target_pct - r.coverage_pct) / 100 * row["base_persons"]
            row.update(gap_persons=gap, subsidy_to_close_rupiah_per_year=gap * premium_per_worker_month_rupiah * 12,
                       gap_bound=derived_bound(rising=[base_bound], falling=[r.bound]))
            for col in score_cols:
                row[col] = sc.at[r.bps_code, col] if r.bps_code in sc.index else np.nan
        rows.append(row)
    out = pd.DataFrame(rows)
    for col in score_cols:
        if col not in out:
            out[col] = np.nan
    out["flags"] = out["flags"].map(", ".join)
    out = out.sort_values(["coverage_pct", "name"], ascending=[False, True], na_position="last").reset_index(drop=True)
    out.insert(0, "rank", pd.array([i + 1 if s == "observed" else pd.NA for i, s in enumerate(out["status"])],
                                   dtype="Int64"))
    out["target_pct"] = target_pct
    return out


def province_comparison(national: pd.DataFrame, code: str = "16", start: str = "2025-01-01",
                        end: str = "2025-12-31", n_peers: int = 2) -> pd.DataFrame:
    """Provinces ranked by their latest all-segment BPJS coverage reading between ``start`` and ``end``.

    One row per province (its latest reading in the window; Indonesia kept as a reference row, unranked).
    ``is_focus`` marks province ``code``; ``is_peer`` the ``n_peers`` provinces ranked just above and below
    it. The readings are not a same-date snapshot and their bases differ (national NOTES s.2–3): the
    ``as_of`` column says when each was read, and the rank is a placement, not a league table.
    """
    pct = national[(national["metric"] == "coverage_pct") & (national["segment"] == "total")
                   & national["period"].between(pd.Timestamp(start), pd.Timestamp(end))]
    latest = pct.sort_values(["period", "obs_id"]).groupby("geo_code", as_index=False).tail(1)
    out = latest.rename(columns={"value": "coverage_pct", "period": "as_of"})[
        ["geo_code", "geo_name", "coverage_pct", "as_of", "obs_id"]].copy()
    is_nat = out["geo_code"].isin(["ID", "00"])
    ranked = out[~is_nat].sort_values(["coverage_pct", "geo_name"], ascending=[False, True]).reset_index(drop=True)
    ranked.insert(0, "rank", pd.array(range(1, len(ranked) + 1), dtype="Int64"))
    ranked["n_ranked"] = len(ranked)
    focus = ranked.index[ranked["geo_code"] == code]
    ranked["is_focus"] = ranked["geo_code"] == code
    ranked["is_peer"] = False
    if len(focus):
        i = int(focus[0])
        ranked.loc[max(0, i - n_peers): i + n_peers, "is_peer"] = True
        ranked.loc[i, "is_peer"] = False
    nat = out[is_nat].assign(rank=pd.NA, n_ranked=len(ranked), is_focus=False, is_peer=False)
    return pd.concat([ranked, nat[ranked.columns]], ignore_index=True)


def active_participants_rank(national: pd.DataFrame, code: str = "16", period: str = "2023-12-31") -> dict:
    """Rank of province ``code`` by active participants in the one complete snapshot (Dec 2023, 34 provinces)."""
    a = national[(national["metric"] == "active_participants") & (national["segment"] == "total")
                 & (national["period"] == pd.Timestamp(period)) & ~national["geo_code"].isin(["ID", "00"])]
    a = a.sort_values("value", ascending=False).drop_duplicates("geo_code").reset_index(drop=True)
    hit = a.index[a["geo_code"] == code]
    if not len(hit):
        raise ValueError(f"no active-participant figure for province {code} at {period}")
    row = a.loc[hit[0]]
    return {"rank": int(hit[0]) + 1, "n": len(a), "active_persons": float(row["value"]), "obs_id": row["obs_id"],
            "share_of_total_pct": 100 * float(row["value"]) / float(a["value"].sum()), "as_of": row["period"]}
