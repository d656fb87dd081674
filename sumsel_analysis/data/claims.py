"""Check reported claims against their own arithmetic, and list contradictions across the fact base.

A press report states some of: participants (persons), base (persons), coverage (percent), target
(percent), gap (persons). Any two of participants / base / percent imply the third; a target and a
base imply a gap. ``check_claim`` returns every implied value beside the stated one, and whether they
agree within a tolerance. ``fact_base_contradictions`` applies the same arithmetic to every source in
the coverage table and adds same-month conflicts and annotated misprints.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from sumsel_analysis.data.quality import UNUSABLE_FLAGS

REL_TOL = 0.03  # 3% of the larger value: wider than press rounding (409 'ribuan', 32.82 -> 3.15m)
PCT_TOL = 1.0  # percentage points


@dataclass(frozen=True)
class Claim:
    """Figures stated together in one report. Persons are counts of workers; percents are 0–100."""

    label: str
    participants: float | None = None
    base: float | None = None
    percent: float | None = None
    target_pct: float | None = None
    gap: float | None = None
    date: str | None = None
    other_targets_pct: tuple[float, ...] = field(default_factory=tuple)
    other_bases: tuple[float, ...] = field(default_factory=tuple)


def _close(a: float, b: float, pct: bool = False) -> bool:
    return abs(a - b) <= (PCT_TOL if pct else REL_TOL * max(abs(a), abs(b)))


def check_claim(c: Claim) -> pd.DataFrame:
    """Implied values and inconsistencies for one claim.

    Columns: check, stated, implied, unit, consistent (bool or NA when nothing to compare), explanation.
    """
    rows: list[dict] = []

    def add(check, stated, implied, unit, consistent, explanation):
        rows.append({"claim": c.label, "check": check, "stated": stated, "implied": implied, "unit": unit,
                     "consistent": consistent, "explanation": explanation})

    implied_base = c.participants / (c.percent / 100) if c.participants and c.percent else None
    if implied_base is not None:
        ok = _close(c.base, implied_base) if c.base else pd.NA
        add("base implied by participants ÷ percent", c.base, implied_base, "persons", ok,
            f"{c.participants:,.0f} ÷ {c.percent}% = {implied_base:,.0f}"
            + ("" if c.base is None else (" — matches the stated base" if ok else
                                          f" — the stated base {c.base:,.0f} cannot be the denominator")))
    if c.participants and c.base:
        pct = 100 * c.participants / c.base
        ok = _close(c.percent, pct, pct=True) if c.percent is not None else pd.NA
        add("percent implied by participants ÷ stated base", c.percent, pct, "percent", ok,
            f"{c.participants:,.0f} ÷ {c.base:,.0f} = {pct:.2f}%")
    if c.target_pct is not None:
        bases = [("implied base", implied_base), ("stated base", c.base)] + [
            (f"alternative base {b:,.0f}", b) for b in c.other_bases]
        for tgt in (c.target_pct, *c.other_targets_pct):
            for name, b in bases:
                if b is None or not c.participants:
                    continue
                gap = tgt / 100 * b - c.participants
                ok = _close(c.gap, gap) if c.gap is not None else pd.NA
                add(f"gap to {tgt}% on the {name}", c.gap, gap, "persons", ok,
                    f"{tgt}% × {b:,.0f} − {c.participants:,.0f} = {gap:,.0f}")
        if c.gap is not None and c.participants:
            b_from_gap = (c.participants + c.gap) / (c.target_pct / 100)
            add(f"base that the stated gap would need at {c.target_pct}%", None, b_from_gap, "persons", pd.NA,
                f"({c.participants:,.0f} + {c.gap:,.0f}) ÷ {c.target_pct}% = {b_from_gap:,.0f}, i.e. coverage of "
                f"{100 * c.participants / b_from_gap:.1f}% rather than {c.percent}%")
    out = pd.DataFrame(rows, columns=["claim", "check", "stated", "implied", "unit", "consistent", "explanation"])
    out["consistent"] = out["consistent"].astype("boolean")
    return out


def claim_from_observations(coverage: pd.DataFrame, source_id: str, geo_code: str = "16",
                            segment: str = "total") -> Claim:
    """Assemble the claim one source makes about one geography and segment."""
    g = coverage[(coverage["source_id"] == source_id) & (coverage["geo_code"] == geo_code)
                 & (coverage["segment"] == segment)]

    def one(metric: str) -> float | None:
        v = g.loc[g["metric"] == metric, "value"]
        return float(v.iloc[0]) if len(v) else None

    return Claim(label=f"{g['publisher'].iloc[0]} ({source_id}, {g['period'].min():%Y-%m-%d})",
                 participants=one("active_participants"), base=one("potential_workers"),
                 percent=one("coverage_pct"), target_pct=one("target_pct"), gap=one("gap_workers"),
                 date=f"{g['period'].min():%Y-%m-%d}")


DEC_2025_SOURCE_PUBLISHER = "Berita Suara Rakyat (Palembang)"


def december_2025_claim(coverage: pd.DataFrame) -> Claim:
    """The December 2025 lead report (1,035,000 protected; '1.3 million'; 32.82%; 51%; ~409 thousand gap).

    Its other 2025 targets (49.46%, 50%, 52.15% …) and the 3.0m 'eligible' base used by BPJS in
    2024–25 are added as alternatives, so the check shows which combination the gap could fit.
    """
    src = coverage.loc[coverage["publisher"] == DEC_2025_SOURCE_PUBLISHER, "source_id"].unique()
    if len(src) != 1:
        raise ValueError(f"expected one source from {DEC_2025_SOURCE_PUBLISHER!r}, found {list(src)}")
    c = claim_from_observations(coverage, src[0])
    targets = coverage[(coverage["geo_code"] == "16") & (coverage["metric"] == "target_pct")
                       & (coverage["period"].dt.year == 2025) & (coverage["segment"] == "total")]["value"]
    others = tuple(sorted({float(v) for v in targets} - {c.target_pct}))
    bases = coverage[(coverage["geo_code"] == "16") & (coverage["metric"] == "potential_workers")
                     & (coverage["segment"] == "total") & (coverage["period"].dt.year >= 2024)]["value"]
    other_bases = tuple(sorted({float(v) for v in bases} - {c.base}))
    return Claim(**{**c.__dict__, "other_targets_pct": others, "other_bases": other_bases})


def fact_base_contradictions(flagged: pd.DataFrame) -> pd.DataFrame:
    """Every contradiction the fact base shows, one row each.

    ``flagged`` is the coverage table with ``quality_flag`` (see quality.flag_coverage). Rows come from:
    (1) arithmetic within one source (participants ÷ base ≠ percent; gap ≠ target × base − participants);
    (2) different values for the same geography, segment, metric and month from different sources;
    (3) observations annotated as misprints, not coverage, or of unclear scope.
    Columns: kind, geo_code, segment, metric, period, obs_ids, values, description.
    """
    rows = []
    for (sid, geo, seg), g in flagged.groupby(["source_id", "geo_code", "segment"], sort=True):
        metrics = set(g["metric"])
        if not ({"active_participants", "potential_workers", "coverage_pct"} <= metrics
                or {"active_participants", "target_pct", "gap_workers"} <= metrics):
            continue
        claim = claim_from_observations(flagged, sid, geo, seg)
        checks = check_claim(claim)
        bad = checks[checks["consistent"].eq(False)]
        if claim.target_pct is not None and claim.gap is not None:
            gap_rows = checks[checks["check"].str.startswith("gap to")]
            if gap_rows["consistent"].eq(True).any():  # the gap fits on some base: only report if none fits
                bad = bad[~bad["check"].str.startswith("gap to")]
        for r in bad.itertuples():
            rows.append({"kind": "arithmetic within one source", "geo_code": geo, "segment": seg,
                         "metric": r.check, "period": g["period"].min(),
                         "obs_ids": ", ".join(g["obs_id"]), "values": f"stated {r.stated:,.2f}; implied {r.implied:,.2f}",
                         "description": f"{claim.label}: {r.explanation}"})
    conflicts = flagged[flagged["quality_flag"].eq("conflicting_duplicate")]
    month = conflicts["period"].dt.to_period("M")
    for (geo, seg, metric, m), g in conflicts.groupby(["geo_code", "segment", "metric", month], sort=True):
        rows.append({"kind": "same month, different values", "geo_code": geo, "segment": seg, "metric": metric,
                     "period": m.to_timestamp(), "obs_ids": ", ".join(g["obs_id"]),
                     "values": "; ".join(f"{v:g} ({p})" for v, p in zip(g["value"], g["publisher"])),
                     "description": f"{g['geo_name'].iloc[0]}: {len(g)} sources disagree on {metric} in {m}"})
    judged = flagged[flagged["quality_flag"].isin(UNUSABLE_FLAGS)]
    for r in judged.itertuples():
        rows.append({"kind": r.quality_flag.replace("_", " "), "geo_code": r.geo_code, "segment": r.segment,
                     "metric": r.metric, "period": r.period, "obs_ids": r.obs_id,
                     "values": f"{r.value:g} {r.unit}", "description": r.quality_reason})
    out = pd.DataFrame(rows, columns=["kind", "geo_code", "segment", "metric", "period", "obs_ids", "values",
                                      "description"])
    out["period"] = pd.to_datetime(out["period"]).astype("datetime64[ns]")
    return out.sort_values(["kind", "period", "obs_ids"], kind="stable").reset_index(drop=True)


def labour_contradictions(flagged_labour: pd.DataFrame) -> pd.DataFrame:
    """Same-month conflicts in the labour table (e.g. the UMP variants), in the same columns."""
    c = flagged_labour[flagged_labour["quality_flag"].eq("conflicting_duplicate")]
    rows = []
    for (geo, cat, metric, m), g in c.groupby(["geo_code", "category", "metric", c["period"].dt.to_period("M")]):
        rows.append({"kind": "same month, different values", "geo_code": geo, "segment": cat, "metric": metric,
                     "period": m.to_timestamp(), "obs_ids": ", ".join(g["obs_id"]),
                     "values": "; ".join(f"{v:g} ({p})" for v, p in zip(g["value"], g["publisher"])),
                     "description": f"{g['geo_name'].iloc[0]}: {len(g)} sources disagree on {cat} {metric} in {m}"})
    out = pd.DataFrame(rows, columns=["kind", "geo_code", "segment", "metric", "period", "obs_ids", "values",
                                      "description"])
    out["period"] = pd.to_datetime(out["period"]).astype("datetime64[ns]")
    return out
