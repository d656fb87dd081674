"""Coverage metrics: rates under an explicit denominator, gap to target, pace, segments, key numbers.

Units: persons (counts of workers), percent (0–100), persons per month (pace). Every function that
needs a denominator takes it explicitly; there is no silent default base. Inputs are the processed
tables (``coverage_observations`` with quality flags, ``labour_observations``, ``parameters``), so the
functions work for any geography in the data, not only the province.
"""

from __future__ import annotations

import pandas as pd

from sumsel_analysis.data.loaders import parameter

DENOMINATORS = ("bpjs_potential", "bps_employed", "bps_employed_ex_asn_tni_polri")
USABLE = ("comparable", "conflicting_duplicate")
# Formal/informal reading of the BPJS segments (PU = wage earners; BPU = non-wage, the informal side)
FORMALITY = {"PU": "formal", "BPU": "informal", "JAKON": "construction projects (mixed)", "PMI": "migrant",
             "NON_ASN": "formal (public non-civil-servant staff)"}


def coverage_rate(protected_persons: float, base_persons: float) -> float:
    """Protected workers as a percent of the base (both in persons)."""
    if base_persons <= 0:
        raise ValueError(f"base must be positive, got {base_persons}")
    if protected_persons < 0:
        raise ValueError(f"protected workers cannot be negative, got {protected_persons}")
    return 100.0 * protected_persons / base_persons


def gap_to_target(protected_persons: float, base_persons: float, target_pct: float) -> float:
    """Workers still to protect to reach ``target_pct`` of the base (0 when already reached)."""
    if not 0 < target_pct <= 100:
        raise ValueError(f"target must be a percent in (0, 100], got {target_pct}")
    return max(0.0, target_pct / 100.0 * base_persons - protected_persons)


def months_between(start: str | pd.Timestamp, end: str | pd.Timestamp) -> float:
    """Months from ``start`` to ``end`` (days / 30.4375), the unit of every pace in this module."""
    return (pd.Timestamp(end) - pd.Timestamp(start)).days / 30.4375


def required_pace(protected_persons: float, base_persons: float, target_pct: float,
                  from_date: str | pd.Timestamp, by_date: str | pd.Timestamp) -> float:
    """Net new protected workers per month needed from ``from_date`` to reach the target by ``by_date``."""
    months = months_between(from_date, by_date)
    if months <= 0:
        raise ValueError(f"the deadline {pd.Timestamp(by_date):%Y-%m-%d} is not after {pd.Timestamp(from_date):%Y-%m-%d}")
    return gap_to_target(protected_persons, base_persons, target_pct) / months


def achieved_pace(persons_start: float, date_start: str | pd.Timestamp, persons_end: float,
                  date_end: str | pd.Timestamp) -> float:
    """Net change in protected workers per month between two observations (negative when falling)."""
    months = months_between(date_start, date_end)
    if months <= 0:
        raise ValueError("the second observation must be later than the first")
    return (persons_end - persons_start) / months


# --- observations --------------------------------------------------------------------------------


def _usable(cov: pd.DataFrame, geo_code: str, metric: str, segment: str = "total",
            as_of: pd.Timestamp | None = None) -> pd.DataFrame:
    g = cov[(cov["geo_code"] == geo_code) & (cov["metric"] == metric) & (cov["segment"] == segment)
            & cov["quality_flag"].isin(USABLE)]
    if as_of is not None:
        g = g[g["period"] <= as_of]
    return g.sort_values(["period", "obs_id"])


def latest(cov: pd.DataFrame, geo_code: str, metric: str, segment: str = "total",
           as_of: str | pd.Timestamp | None = None) -> pd.Series | None:
    """The latest usable observation (comparable, or conflicting but not misprinted) or None."""
    g = _usable(cov, geo_code, metric, segment, pd.Timestamp(as_of) if as_of is not None else None)
    return None if g.empty else g.iloc[-1]


def denominators(coverage_obs: pd.DataFrame, labour_obs: pd.DataFrame, params: pd.DataFrame,
                 as_of: str | pd.Timestamp | None = None, geo_code: str = "16") -> pd.DataFrame:
    """The three candidate bases for coverage, one row each, with range, evidence and provenance.

    - ``bpjs_potential``: the "potential / eligible workers" base BPJS uses. For the province, the base
      implied by the December 2025 report (parameter ``sumsel_worker_potential``: 3.154m, low 3.0m);
      elsewhere the latest published potential.
    - ``bps_employed``: BPS Sakernas employed persons (latest round).
    - ``bps_employed_ex_asn_tni_polri``: employed minus civil servants (PNS) and military/police, who are
      insured by Taspen/Asabri instead (assumption ``tni_polri_personnel_sumsel``; province only).
    """
    as_of_ts = pd.Timestamp(as_of) if as_of is not None else None
    rows = []
    if geo_code == "16":
        rows.append({"denominator": "bpjs_potential",
                     "value_persons": parameter(params, "sumsel_worker_potential"),
                     "low_persons": parameter(params, "sumsel_worker_potential", "low"),
                     "high_persons": parameter(params, "sumsel_worker_potential", "high"),
                     "as_of": pd.Timestamp("2025-12-04"), "evidence": "derived",
                     "source": "parameter sumsel_worker_potential",
                     "note": "1,035,000 ÷ 32.82% (Dec 2025 report); close to the 3m 'eligible' base of 2024–25"})
    else:
        pot = latest(coverage_obs, geo_code, "potential_workers", as_of=as_of_ts)
        if pot is not None:
            rows.append({"denominator": "bpjs_potential", "value_persons": pot["value"], "low_persons": pot["value"],
                         "high_persons": pot["value"], "as_of": pot["period"], "evidence": "observed",
                         "source": pot["obs_id"], "note": pot["note"]})
    lab = labour_obs[(labour_obs["geo_code"] == geo_code) & (labour_obs["category"] == "total")
                     & (labour_obs["metric"] == "employed")]
    if as_of_ts is not None:
        lab = lab[lab["period"] <= as_of_ts]
    if not lab.empty:
        emp = lab.sort_values(["period", "obs_id"]).iloc[-1]
        rows.append({"denominator": "bps_employed", "value_persons": emp["value"], "low_persons": emp["value"],
                     "high_persons": emp["value"], "as_of": emp["period"], "evidence": "observed",
                     "source": emp["obs_id"], "note": f"BPS Sakernas employed persons ({emp['publisher']})"})
        if geo_code == "16":
            pns = labour_obs[(labour_obs["geo_code"] == "16") & (labour_obs["category"] == "civil_servants_pns")]
            pns_lo, pns_hi = pns["value"].min(), pns["value"].max()
            tp = {w: parameter(params, "tni_polri_personnel_sumsel", w) for w in ("low", "central", "high")}
            rows.append({
                "denominator": "bps_employed_ex_asn_tni_polri",
                "value_persons": emp["value"] - pns["value"].mean() - tp["central"],
                "low_persons": emp["value"] - pns_hi - tp["high"],
                "high_persons": emp["value"] - pns_lo - tp["low"], "as_of": emp["period"], "evidence": "assumed",
                "source": f"{emp['obs_id']}; PNS {', '.join(pns['obs_id'])}; assumption tni_polri_personnel_sumsel",
                "note": "employed minus civil servants (PNS, 118,773–120,656) minus military and police (assumed)"})
    out = pd.DataFrame(rows)
    if out.empty:
        raise ValueError(f"no denominator is available for geography {geo_code}")
    return out


def _pick_denominator(dens: pd.DataFrame, denominator: str) -> pd.Series:
    if denominator not in DENOMINATORS:
        raise ValueError(f"denominator must be one of {DENOMINATORS}, got {denominator!r}")
    row = dens[dens["denominator"] == denominator]
    if row.empty:
        raise ValueError(f"denominator {denominator!r} is not available here; available: {list(dens['denominator'])}")
    return row.iloc[0]


def coverage_by_denominator(coverage_obs: pd.DataFrame, labour_obs: pd.DataFrame, params: pd.DataFrame,
                            geo_code: str = "16", as_of: str | pd.Timestamp | None = None) -> pd.DataFrame:
    """The latest protected count as a percent of each available denominator (with low/high)."""
    prot = latest(coverage_obs, geo_code, "active_participants", as_of=as_of)
    if prot is None:
        raise ValueError(f"no usable count of protected workers for geography {geo_code}")
    dens = denominators(coverage_obs, labour_obs, params, as_of, geo_code)
    return dens.assign(
        protected_persons=prot["value"], protected_obs_id=prot["obs_id"],
        coverage_pct=[coverage_rate(prot["value"], v) for v in dens["value_persons"]],
        coverage_pct_low=[coverage_rate(prot["value"], v) for v in dens["high_persons"]],
        coverage_pct_high=[coverage_rate(prot["value"], v) for v in dens["low_persons"]],
    )


def _target(coverage_obs: pd.DataFrame, geo_code: str, target_pct: float | None,
            deadline: str | None) -> tuple[float, pd.Timestamp, str]:
    if target_pct is not None:
        return float(target_pct), pd.Timestamp(deadline or "2025-12-31"), "user-supplied target"
    t = latest(coverage_obs, geo_code, "target_pct")
    if t is None:
        raise ValueError(f"no published target for geography {geo_code}; pass target_pct=")
    # the latest *statement* for the latest target year (the build's best series picks the same)
    g = _usable(coverage_obs, geo_code, "target_pct")
    g = g[g["period"] == g["period"].max()]
    pub = g["published_date"].fillna("").astype(str)
    pick = g.assign(_p=pub).sort_values(["_p", "obs_id"]).iloc[-1]
    return float(pick["value"]), pd.Timestamp(deadline or pick["period"]), pick["obs_id"]


def key_numbers(coverage_obs: pd.DataFrame, labour_obs: pd.DataFrame, params: pd.DataFrame,
                as_of: str | pd.Timestamp | None = None, target_pct: float | None = None,
                deadline: str | None = None, denominator: str = "bpjs_potential", geo_code: str = "16",
                pace_from: str | pd.Timestamp | None = None) -> dict:
    """The numbers a brief leads with, each with its provenance in ``sources``.

    protected_persons and coverage_pct are the latest usable observations; base_persons is the chosen
    denominator; the gap and the required pace use the published target (or ``target_pct``) and its
    deadline (or ``deadline``); the achieved pace compares the latest count with the usable count
    nearest to 24 months earlier (or ``pace_from``).
    """
    prot = latest(coverage_obs, geo_code, "active_participants", as_of=as_of)
    if prot is None:
        raise ValueError(f"no usable count of protected workers for geography {geo_code}")
    pct = latest(coverage_obs, geo_code, "coverage_pct", as_of=as_of)
    den = _pick_denominator(denominators(coverage_obs, labour_obs, params, as_of, geo_code), denominator)
    target, due, target_src = _target(coverage_obs, geo_code, target_pct, deadline)
    counts = _usable(coverage_obs, geo_code, "active_participants",
                     as_of=pd.Timestamp(as_of) if as_of is not None else None)
    earlier = counts[counts["period"] < prot["period"]]
    ref_date = pd.Timestamp(pace_from) if pace_from is not None else prot["period"] - pd.DateOffset(months=24)
    start = earlier.iloc[(earlier["period"] - ref_date).abs().argsort().iloc[0]] if len(earlier) else None
    gap = gap_to_target(prot["value"], den["value_persons"], target)
    months_left = months_between(prot["period"], due)
    return {
        "geo_code": geo_code,
        "as_of": prot["period"],
        "protected_persons": float(prot["value"]),
        "coverage_pct": float(pct["value"]) if pct is not None else coverage_rate(prot["value"], den["value_persons"]),
        "coverage_pct_on_base": coverage_rate(prot["value"], den["value_persons"]),
        "base_persons": float(den["value_persons"]),
        "denominator": denominator,
        "target_pct": target,
        "deadline": due,
        "gap_persons": gap,
        "months_left": months_left,
        "required_pace_persons_per_month": gap / months_left if months_left > 0 else float("inf"),
        "achieved_pace_persons_per_month": (achieved_pace(start["value"], start["period"], prot["value"],
                                                          prot["period"]) if start is not None else float("nan")),
        "achieved_pace_from": start["period"] if start is not None else None,
        "sources": {
            "protected_persons": prot["obs_id"], "coverage_pct": pct["obs_id"] if pct is not None else "computed",
            "base_persons": den["source"], "target_pct": target_src,
            "achieved_pace": f"{start['obs_id']} → {prot['obs_id']}" if start is not None else "",
        },
    }


def pace_table(key: dict, deadlines: tuple[str, ...] = ("2026-12-31", "2027-12-31", "2029-12-31"),
               targets: tuple[float, ...] | None = None) -> pd.DataFrame:
    """Required monthly pace for several deadlines (and targets), next to the achieved pace."""
    rows = []
    for tgt in targets or (key["target_pct"],):
        for d in (key["deadline"].strftime("%Y-%m-%d"), *deadlines):
            months = months_between(key["as_of"], d)
            gap = gap_to_target(key["protected_persons"], key["base_persons"], tgt)
            rows.append({"target_pct": tgt, "deadline": pd.Timestamp(d), "gap_persons": gap, "months_left": months,
                         "required_pace_persons_per_month": gap / months if months > 0 else float("inf"),
                         "achieved_pace_persons_per_month": key["achieved_pace_persons_per_month"],
                         "ratio_required_to_achieved": (gap / months / key["achieved_pace_persons_per_month"])
                         if months > 0 and key["achieved_pace_persons_per_month"] > 0 else float("nan")})
    return pd.DataFrame(rows).drop_duplicates(["target_pct", "deadline"]).reset_index(drop=True)


def segment_table(coverage_obs: pd.DataFrame, geo_code: str = "16") -> pd.DataFrame:
    """Protected workers by segment for every month with a segment split, with shares and caveats.

    JAKON before 2021 is counted per project (flag ``definitional_break``): its persons are shown but
    ``in_worker_total`` is False and shares are computed without it, so it is never summed naively
    into a worker count.
    """
    segs = coverage_obs[(coverage_obs["geo_code"] == geo_code) & (coverage_obs["metric"] == "active_participants")
                        & coverage_obs["segment"].isin(list(FORMALITY))
                        & ~coverage_obs["quality_flag"].isin(["suspected_misprint", "not_coverage", "scope_unclear"])]
    segs = segs.assign(month=segs["period"].dt.to_period("M").dt.to_timestamp())
    counts = segs.groupby("month")["segment"].nunique()
    segs = segs[segs["month"].isin(counts[counts >= 2].index)]  # a split needs at least two segments
    segs = segs.sort_values("obs_id").drop_duplicates(["month", "segment"])  # same figure from two outlets
    out = segs[["month", "segment", "value", "obs_id", "quality_flag", "publisher"]].rename(
        columns={"value": "protected_persons", "month": "period"})
    out["formality"] = out["segment"].map(FORMALITY)
    out["in_worker_total"] = ~((out["segment"] == "JAKON") & out["quality_flag"].eq("definitional_break"))
    totals = out[out["in_worker_total"]].groupby("period")["protected_persons"].transform("sum")
    out["share_pct"] = (100 * out["protected_persons"] / totals).where(out["in_worker_total"])
    return out.sort_values(["period", "segment"]).reset_index(drop=True)


def waterfall_table(coverage_obs: pd.DataFrame, params: pd.DataFrame, period: str = "2023-12") -> pd.DataFrame:
    """Potential workers → protected by segment → not protected, for one month with a full split.

    The split (PU, BPU, JAKON) is scaled to the latest protected total, keeping the observed shares;
    the scaled rows are labelled ``estimated``, the observed total and base ``observed``/``derived``.
    """
    seg = segment_table(coverage_obs)
    seg = seg[(seg["period"] == pd.Timestamp(period + "-01")) & seg["in_worker_total"]]
    if seg.empty:
        raise ValueError(f"no segment split for {period}")
    key_prot = latest(coverage_obs, "16", "active_participants")
    base = parameter(params, "sumsel_worker_potential")
    scale = key_prot["value"] / seg["protected_persons"].sum()
    rows = [{"step": "base", "segment": "total", "persons": base, "status": "derived",
             "source": "parameter sumsel_worker_potential"}]
    for r in seg.itertuples():
        rows.append({"step": "protected", "segment": r.segment, "persons": r.protected_persons * scale,
                     "status": "estimated", "source": f"{r.obs_id} share × {key_prot['obs_id']}"})
    rows.append({"step": "not_protected", "segment": "total", "persons": base - key_prot["value"],
                 "status": "derived", "source": f"base − {key_prot['obs_id']}"})
    return pd.DataFrame(rows)
