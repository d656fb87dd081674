"""Coverage metrics: rates under an explicit denominator, gap to target, pace, segments, key numbers.

Units: persons (counts of workers), percent (0–100), persons per month (pace). Every function that
needs a denominator takes it explicitly; there is no silent default base. Inputs are the processed
tables (``coverage_observations`` with quality flags, ``labour_observations``, ``parameters``), so the
functions work for any geography in the data, not only the province.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sumsel_analysis.data.loaders import parameter

DENOMINATORS = ("bpjs_potential", "bps_employed", "bps_employed_ex_asn_tni_polri")
USABLE = ("comparable", "conflicting_duplicate")
# Formal/informal reading of the BPJS segments (PU = wage earners; BPU = non-wage, the informal side)
# Source types of a participation count (``source_type``): they count differently, so a pace is only
# computed between two counts of the same type
SOURCE_TYPES = ("kemnaker_satu_data", "bpjs_statement")
PACE_SEGMENTS = ("total", "PU", "BPU", "JAKON")
FORMALITY = {"PU": "formal", "BPU": "informal", "JAKON": "construction projects (mixed)", "PMI": "migrant",
             "NON_ASN": "formal (public non-civil-servant staff)"}


# a figure the source states as a bound ('upper': the true value is below it, 'lower': at least it); a derived
# figure whose inputs are bounded the opposite way on it is bounded neither way: 'mixed'
BOUNDS = ("upper", "lower")
_OPPOSITE = {"upper": "lower", "lower": "upper"}


def row_bound(row) -> str:
    """The ``bound`` of an observation row ('upper', 'lower' or '' for a stated value; a missing row is '')."""
    if row is None:
        return ""
    b = row.get("bound") if hasattr(row, "get") else None
    if not isinstance(b, str) or not b:
        return ""
    if b not in BOUNDS:
        raise ValueError(f"row {row.get('obs_id', '?')}: bound must be one of {BOUNDS} or empty, found {b!r}")
    return b


def derived_bound(rising=(), falling=()) -> str:
    """The bound a derived figure carries from its inputs' bounds: '' (exact), 'upper', 'lower' or 'mixed'.

    ``rising``: bounds of inputs the figure grows with (it keeps their bound); ``falling``: bounds of inputs it
    shrinks with (it takes the opposite bound). A gap = target − coverage computed from an upper bound on coverage
    ("below 1%") is a lower bound on the gap ("≥"); a pace gap ÷ months keeps the gap's bound. Inputs that push
    the figure opposite ways leave it bounded neither way ('mixed').
    """
    sides = set()
    for b, flip in [(b, False) for b in rising] + [(b, True) for b in falling]:
        if not b:
            continue
        if b == "mixed":
            return "mixed"
        if b not in BOUNDS:
            raise ValueError(f"bound must be one of {BOUNDS}, 'mixed' or empty, found {b!r}")
        sides.add(_OPPOSITE[b] if flip else b)
    return "" if not sides else sides.pop() if len(sides) == 1 else "mixed"


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


def source_type(coverage_obs: pd.DataFrame) -> pd.Series:
    """Kind of source behind each row: 'kemnaker_satu_data' or 'bpjs_statement'.

    A row is a Kemnaker Satu Data figure when its note or publisher names that table (the SPN reprint
    and the GitHub copy of Satu Data 1726); every other Sumsel count is a BPJS official's statement
    relayed by the press. The two count differently (Kemnaker: month-end table by employer location;
    BPJS: the regional office's own rounded figure), so their difference is not a change over time.
    """
    text = coverage_obs["note"].fillna("").astype(str) + " " + coverage_obs["publisher"].fillna("").astype(str)
    kem = text.str.contains("Kemnaker|Satu Data", case=False, regex=True)
    return pd.Series(np.where(kem, "kemnaker_satu_data", "bpjs_statement"), index=coverage_obs.index,
                     name="source_type")


def rounding_step(value: float) -> float:
    """The rounding step a printed count implies (largest power of ten, up to a million, dividing it)."""
    v, step = int(round(abs(float(value)))), 1
    while step < 1_000_000 and v and v % (step * 10) == 0:
        step *= 10
    return float(step)


def consistent_counts(coverage_obs: pd.DataFrame, geo_code: str = "16", segments=PACE_SEGMENTS) -> pd.DataFrame:
    """Active participants by segment, one source type per row (never mixed), usable figures only.

    Definitional breaks (per-project JAKON, registered not active), misprints and unclear scope are left
    out by the quality flags; the same figure relayed by two outlets is one row. Columns: period (month),
    segment, source_type, protected_persons, rounding_step_persons, obs_id, quality_flag, publisher.
    """
    g = coverage_obs[(coverage_obs["geo_code"] == geo_code) & (coverage_obs["metric"] == "active_participants")
                     & coverage_obs["segment"].isin(list(segments)) & coverage_obs["quality_flag"].isin(USABLE)]
    g = g.assign(source_type=source_type(g), period=g["period"].dt.to_period("M").dt.to_timestamp())
    g = g.sort_values("obs_id").drop_duplicates(["period", "segment", "source_type", "value"])
    out = g.rename(columns={"value": "protected_persons"}).assign(
        rounding_step_persons=[rounding_step(v) for v in g["value"]])
    cols = ["period", "segment", "source_type", "protected_persons", "rounding_step_persons", "obs_id",
            "quality_flag", "publisher"]
    return out[cols].sort_values(["segment", "source_type", "period", "obs_id"]).reset_index(drop=True)


def same_source_pace(coverage_obs: pd.DataFrame, params: pd.DataFrame, geo_code: str = "16",
                     as_of: str | pd.Timestamp | None = None, pace_from: str | pd.Timestamp | None = None,
                     segment: str = "total") -> dict:
    """Achieved pace (persons per month) between two counts of the SAME source type, with the pair named.

    The end is the latest usable count (as of ``as_of``); the start is the earlier count of the same
    source type nearest to 24 months before it (or to ``pace_from``), among counts printed no coarser
    than assumption ``pace_count_max_rounding_persons``. NaN (and empty pair) when no such count exists.
    """
    counts = consistent_counts(coverage_obs, geo_code, (segment,))
    counts = counts.merge(coverage_obs[["obs_id", "period"]].rename(columns={"period": "date"}), on="obs_id")
    if as_of is not None:
        counts = counts[counts["date"] <= pd.Timestamp(as_of)]
    nan = {"pace_persons_per_month": float("nan"), "from_obs_id": None, "to_obs_id": None, "from_date": None,
           "to_date": None, "source_type": None, "pair": ""}
    if counts.empty:
        return nan
    end = counts.sort_values(["date", "obs_id"]).iloc[-1]
    max_step = parameter(params, "pace_count_max_rounding_persons")
    cand = counts[(counts["source_type"] == end["source_type"]) & (counts["date"] < end["date"])
                  & (counts["rounding_step_persons"] <= max_step)]
    if cand.empty:
        return {**nan, "to_obs_id": end["obs_id"], "to_date": end["date"], "source_type": end["source_type"]}
    ref = pd.Timestamp(pace_from) if pace_from is not None else end["date"] - pd.DateOffset(months=24)
    start = cand.assign(_d=(cand["date"] - ref).abs()).sort_values(["_d", "obs_id"]).iloc[0]
    return {"pace_persons_per_month": achieved_pace(start["protected_persons"], start["date"],
                                                    end["protected_persons"], end["date"]),
            "from_obs_id": start["obs_id"], "to_obs_id": end["obs_id"], "from_date": start["date"],
            "to_date": end["date"], "source_type": end["source_type"],
            "pair": f"{start['obs_id']} → {end['obs_id']}"}


def pace_pairs(coverage_obs: pd.DataFrame, geo_code: str = "16", segment: str = "total") -> pd.DataFrame:
    """Every pair of usable counts (earlier → later) with its pace and whether both come from one source
    type: shows how a mixed pair (e.g. a Kemnaker table minus a BPJS statement) invents a trend."""
    c = consistent_counts(coverage_obs, geo_code, (segment,)).merge(
        coverage_obs[["obs_id", "period"]].rename(columns={"period": "date"}), on="obs_id")
    rows = []
    for a in c.itertuples():
        for b in c.itertuples():
            if a.date < b.date:
                rows.append({"from_obs_id": a.obs_id, "to_obs_id": b.obs_id, "from_date": a.date, "to_date": b.date,
                             "from_source_type": a.source_type, "to_source_type": b.source_type,
                             "same_source": a.source_type == b.source_type,
                             "pace_persons_per_month": achieved_pace(a.protected_persons, a.date,
                                                                     b.protected_persons, b.date)})
    return pd.DataFrame(rows)


def default_today(coverage_obs: pd.DataFrame) -> pd.Timestamp:
    """'Today' when none is given: the data date (newest publication date in the table), never the clock."""
    pub = pd.to_datetime(coverage_obs["published_date"].where(coverage_obs["published_date"].astype(str).str.len() == 10),
                         errors="coerce")
    return pd.Timestamp(pub.max())


def target_schedule(coverage_obs: pd.DataFrame, params: pd.DataFrame, base_persons: float, geo_code: str = "16",
                    today: str | pd.Timestamp | None = None) -> pd.DataFrame:
    """Published targets by deadline (the latest statement per year-end), each 'passed' or 'open' at
    ``today``; passed ones with the count at the deadline and by how many workers they were missed.

    When no published target is still open, the next 31 December after today is added as the open
    deadline with the carried-forward level (assumption ``open_target_pct``). Target rows without a year
    (period not a 31 December) are not deadlines and are left out.
    """
    today = pd.Timestamp(today) if today is not None else default_today(coverage_obs)
    g = _usable(coverage_obs, geo_code, "target_pct")
    g = g[(g["period"].dt.month == 12) & (g["period"].dt.day == 31)]
    g = g.assign(_p=g["published_date"].fillna("").astype(str)).sort_values(["period", "_p", "obs_id"])
    picks = g.groupby("period").tail(1)
    counts = _usable(coverage_obs, geo_code, "active_participants")
    rows = []
    for r in picks.itertuples():
        row = {"deadline": r.period, "target_pct": float(r.value), "source": r.obs_id,
               "status": "passed" if r.period < today else "open", "count_at_deadline_persons": float("nan"),
               "count_obs_id": None, "missed_by_persons": float("nan")}
        before = counts[counts["period"] <= r.period]
        if row["status"] == "passed" and len(before):
            c = before.iloc[-1]
            row.update(count_at_deadline_persons=float(c["value"]), count_obs_id=c["obs_id"],
                       missed_by_persons=gap_to_target(c["value"], base_persons, row["target_pct"]))
        rows.append(row)
    if not any(r["status"] == "open" for r in rows):
        rows.append({"deadline": pd.Timestamp(f"{today.year}-12-31"), "target_pct": parameter(params, "open_target_pct"),
                     "source": "assumption open_target_pct", "status": "open", "count_at_deadline_persons": float("nan"),
                     "count_obs_id": None, "missed_by_persons": float("nan")})
    out = pd.DataFrame(rows).sort_values("deadline").reset_index(drop=True)
    return out.assign(today=today)


def next_open_target(schedule: pd.DataFrame) -> pd.Series:
    """The first open row of ``target_schedule`` (the default deadline of every required pace)."""
    return schedule[schedule["status"] == "open"].iloc[0]


def target_history(schedule: pd.DataFrame, lang: str = "en") -> list[str]:
    """One sentence per row of ``target_schedule``: passed targets as history ("target for Dec 2025
    missed by N workers"), then the next open one."""
    from sumsel_analysis.i18n import t
    from sumsel_analysis.numbers import format_month, format_number, format_percent

    lines = []
    for r in schedule.itertuples():
        args = {"target": format_percent(r.target_pct, lang, 2 if r.target_pct % 1 else 0),
                "deadline": format_month(r.deadline, lang)}
        if r.status == "open":
            lines.append(t("metrics.target_open", lang, source=r.source, **args))
        elif pd.notna(r.missed_by_persons):
            key = "metrics.target_missed" if r.missed_by_persons > 0 else "metrics.target_reached"
            lines.append(t(key, lang, persons=format_number(r.missed_by_persons, lang),
                           count=format_number(r.count_at_deadline_persons, lang), obs_id=r.count_obs_id, **args))
    return lines


USER_TARGET = "user-supplied target"  # the source of a target given by the caller (a scenario), not a raw row


def key_numbers(coverage_obs: pd.DataFrame, labour_obs: pd.DataFrame, params: pd.DataFrame,
                as_of: str | pd.Timestamp | None = None, target_pct: float | None = None,
                deadline: str | None = None, denominator: str = "bpjs_potential", geo_code: str = "16",
                pace_from: str | pd.Timestamp | None = None, today: str | pd.Timestamp | None = None) -> dict:
    """The numbers a brief leads with, each with its provenance in ``sources``.

    protected_persons and coverage_pct are the latest usable observations; base_persons is the chosen
    denominator. The gap and the required pace use the next target still open at ``today`` (default:
    the data date, not the wall clock; see ``target_schedule``), or ``target_pct`` / ``deadline`` when
    given. The achieved pace compares two counts of the same source type (``same_source_pace``).
    """
    prot = latest(coverage_obs, geo_code, "active_participants", as_of=as_of)
    if prot is None:
        raise ValueError(f"no usable count of protected workers for geography {geo_code}")
    pct = latest(coverage_obs, geo_code, "coverage_pct", as_of=as_of)
    den = _pick_denominator(denominators(coverage_obs, labour_obs, params, as_of, geo_code), denominator)
    today_ts = pd.Timestamp(today) if today is not None else default_today(coverage_obs)
    target_row = None
    if target_pct is not None and deadline is not None:
        target, due, target_src = float(target_pct), pd.Timestamp(deadline), USER_TARGET
    else:
        if target_pct is None and _usable(coverage_obs, geo_code, "target_pct").empty:
            raise ValueError(f"no published target for geography {geo_code}; pass target_pct=")
        nxt = next_open_target(target_schedule(coverage_obs, params, den["value_persons"], geo_code, today_ts))
        target = float(target_pct) if target_pct is not None else nxt["target_pct"]
        target_src = USER_TARGET if target_pct is not None else nxt["source"]
        due = pd.Timestamp(deadline) if deadline is not None else nxt["deadline"]
        if target_pct is None:
            hit = coverage_obs[coverage_obs["obs_id"] == target_src]
            target_row = hit.iloc[0] if len(hit) else None
    pace = same_source_pace(coverage_obs, params, geo_code, as_of=as_of, pace_from=pace_from)
    gap = gap_to_target(prot["value"], den["value_persons"], target)
    months_left = months_between(prot["period"], due)
    # bounds the sources state, carried into the derived figures (the base is a parameter: exact)
    ends = [coverage_obs[coverage_obs["obs_id"] == o] for o in str(pace["pair"]).split(" → ")] if pace["pair"] else []
    start_b, end_b = ([row_bound(e.iloc[0]) if len(e) else "" for e in ends] + ["", ""])[:2]
    bounds = {"protected_persons": row_bound(prot), "coverage_pct": row_bound(pct), "target_pct": row_bound(target_row)}
    bounds["gap_persons"] = derived_bound(rising=[bounds["target_pct"]], falling=[bounds["protected_persons"]])
    bounds["required_pace"] = bounds["gap_persons"]
    bounds["achieved_pace"] = derived_bound(rising=[end_b], falling=[start_b])
    return {
        "geo_code": geo_code,
        "as_of": prot["period"],
        "today": today_ts,
        "protected_persons": float(prot["value"]),
        "coverage_pct": float(pct["value"]) if pct is not None else coverage_rate(prot["value"], den["value_persons"]),
        "coverage_pct_on_base": coverage_rate(prot["value"], den["value_persons"]),
        "base_persons": float(den["value_persons"]),
        "denominator": denominator,
        "target_pct": target,
        "deadline": due,
        "deadline_passed": bool(due < today_ts),
        "gap_persons": gap,
        "months_left": months_left,
        "required_pace_persons_per_month": gap / months_left if months_left > 0 else float("inf"),
        "achieved_pace_persons_per_month": pace["pace_persons_per_month"],
        "achieved_pace_from": pace["from_date"],
        "achieved_pace_source_type": pace["source_type"],
        "bounds": bounds,
        "sources": {
            "protected_persons": prot["obs_id"], "coverage_pct": pct["obs_id"] if pct is not None else "computed",
            "base_persons": den["source"], "target_pct": target_src, "achieved_pace": pace["pair"],
        },
    }


def pace_table(key: dict, deadlines: tuple[str, ...] = ("2026-12-31", "2027-12-31", "2029-12-31"),
               targets: tuple[float, ...] | None = None) -> pd.DataFrame:
    """Required monthly pace for several deadlines (and targets), next to the achieved pace.

    ``status`` says whether a deadline had already passed at ``key['today']`` (history, not a plan);
    ``gap_bound`` is the bound the gap and the required pace carry from bounded inputs (``derived_bound``).
    """
    bounds = key.get("bounds", {})
    rows = []
    for tgt in targets or (key["target_pct"],):
        for d in (key["deadline"].strftime("%Y-%m-%d"), *deadlines):
            months = months_between(key["as_of"], d)
            gap = gap_to_target(key["protected_persons"], key["base_persons"], tgt)
            rows.append({"target_pct": tgt, "deadline": pd.Timestamp(d),
                         "status": "passed" if "today" in key and pd.Timestamp(d) < key["today"] else "open",
                         "gap_persons": gap, "gap_bound": derived_bound(
                             rising=[bounds.get("target_pct", "") if tgt == key["target_pct"] else ""],
                             falling=[bounds.get("protected_persons", "")]), "months_left": months,
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
