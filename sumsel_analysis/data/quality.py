"""Quality flags for observations, and a reconciled best series that says which rule picked each value.

Flags, most severe first (an observation gets exactly one):

- ``suspected_misprint`` / ``not_coverage`` / ``scope_unclear``: judgements on single rows, recorded
  with a reason in ``data/raw/quality_annotations.csv`` (from the fact base's NOTES);
- ``definitional_break``: not comparable with the post-2021 "active, protected eligible workers"
  series — JAKON before 2021 (counted per project), provincial totals before 2021 (dominated by those
  JAKON counts), registered-not-active counts (annotated);
- ``conflicting_duplicate``: another source gives a different value for the same geography, segment,
  metric and month (beyond rounding, see ``agree``);
- ``comparable``: none of the above.

The best series keeps every alternative: nothing is resolved silently.
"""

from __future__ import annotations

import pandas as pd

JAKON_COUNTING_CHANGE = pd.Timestamp("2021-01-01")
UNUSABLE_FLAGS = ("suspected_misprint", "not_coverage", "scope_unclear")
# Two figures "agree" when they differ by at most this much (rounding in the press: 32.7 vs 32.72).
AGREE_ABS_PCT_POINTS = 0.5
AGREE_REL = 0.02


def agree(a: float, b: float, unit: str) -> bool:
    """True when two published figures are the same number up to press rounding."""
    if unit == "percent":
        return abs(a - b) <= AGREE_ABS_PCT_POINTS
    return abs(a - b) <= AGREE_REL * max(abs(a), abs(b))


def _group_conflicts(obs: pd.DataFrame, keys: list[str], usable: pd.Series) -> pd.Series:
    """Per row: True when a usable row in the same group (same month) disagrees with it."""
    month = obs["period"].dt.to_period("M")
    conflict = pd.Series(False, index=obs.index)
    # metric 'other' rows each mean something different (see their note): never compared
    frame = obs.assign(_month=month)[usable & ~obs["metric"].eq("other")]
    for _, g in frame.groupby(keys + ["_month"], sort=False):
        if len(g) < 2:
            continue
        vals = list(zip(g.index, g["value"], g["unit"]))
        for i, va, ua in vals:
            if any(not agree(va, vb, ua) for j, vb, ub in vals if j != i and ua == ub):
                conflict[i] = True
    return conflict


def flag_coverage(coverage: pd.DataFrame, annotations: pd.DataFrame) -> pd.DataFrame:
    """Add ``quality_flag`` and ``quality_reason`` to coverage observations (pure; one flag per row)."""
    out = coverage.copy()
    ann = annotations.set_index("obs_id")
    unknown = sorted(set(ann.index) - set(out["obs_id"]))
    if unknown:
        raise ValueError(f"quality_annotations.csv names obs_ids that do not exist: {unknown}")
    flag = pd.Series("comparable", index=out.index, dtype="object")
    reason = pd.Series("", index=out.index, dtype="object")

    jakon_old = out["segment"].eq("JAKON") & (out["period"] < JAKON_COUNTING_CHANGE)
    flag[jakon_old] = "definitional_break"
    reason[jakon_old] = "JAKON counted per project before 2021; can exceed the worker base"
    jakon_over = out["segment"].eq("JAKON") & out["unit"].eq("percent") & out["value"].gt(100)
    flag[jakon_over] = "definitional_break"
    reason[jakon_over] = "JAKON above 100% of its worker base: registrations counted per project, not per worker"
    total_old = (out["segment"].eq("total") & out["metric"].isin(["active_participants", "coverage_pct"])
                 & out["geo_level"].isin(["province", "kabkota", "region"]) & (out["period"] < JAKON_COUNTING_CHANGE))
    flag[total_old] = "definitional_break"
    reason[total_old] = "total before 2021 includes per-project JAKON counts; not comparable with later totals"

    annotated = out["obs_id"].isin(ann.index)
    flag[annotated] = out.loc[annotated, "obs_id"].map(ann["flag"])
    reason[annotated] = out.loc[annotated, "obs_id"].map(ann["reason"])

    usable = ~flag.isin(UNUSABLE_FLAGS)
    conflict = _group_conflicts(out, ["geo_code", "segment", "metric"], usable) & flag.eq("comparable")
    flag[conflict] = "conflicting_duplicate"
    reason[conflict] = "another source gives a different value for the same month"
    out["quality_flag"] = flag.astype(str)
    out["quality_reason"] = reason.astype(str)
    return out


def flag_labour(labour: pd.DataFrame) -> pd.DataFrame:
    """Add ``quality_flag`` (comparable / conflicting_duplicate) to labour observations."""
    out = labour.copy()
    usable = pd.Series(True, index=out.index)
    conflict = _group_conflicts(out, ["geo_code", "category", "metric"], usable)
    out["quality_flag"] = conflict.map({True: "conflicting_duplicate", False: "comparable"}).astype(str)
    out["quality_reason"] = conflict.map(
        {True: "another source gives a different value for the same month", False: ""}).astype(str)
    return out


def _digits(v: float) -> int:
    """Significant digits of a published figure (1033000 -> 4, 1300000 -> 2, 36.7 -> 3): more = more precise."""
    s = f"{abs(v):.10f}".rstrip("0").rstrip(".")
    if "." in s:
        return len(s.replace(".", "").lstrip("0"))
    return max(1, len(s.strip("0")))


def best_series(flagged: pd.DataFrame, keys: tuple[str, ...] = ("geo_code", "segment", "metric")) -> pd.DataFrame:
    """One value per key × month, with the rule that picked it and every alternative kept as text.

    Rules, in order: (1) drop rows flagged misprint / not coverage / scope unclear when any other row
    exists; (2) if the remaining figures agree up to rounding, take the most precise ('agreeing
    sources'); (3) if they conflict: targets take the latest statement, other metrics the most precise
    figure, then the latest published ('conflict: …'); every alternative is listed.
    """
    df = flagged.assign(month=flagged["period"].dt.to_period("M").dt.to_timestamp())
    rows = []
    for key, g in df.groupby(list(keys) + ["month", "unit"], sort=True):
        usable = g[~g["quality_flag"].isin(UNUSABLE_FLAGS)]
        cands = usable if len(usable) else g
        pub = cands["published_date"].fillna("").astype(str)
        ranked = cands.assign(_digits=cands["value"].map(_digits), _pub=pub, _period=cands["period"])
        all_agree = all(agree(a, b, g["unit"].iloc[0]) for a in cands["value"] for b in cands["value"])
        if len(cands) == 1:
            rule = "single observation" if len(g) == 1 else "only usable observation (others flagged)"
            pick = ranked.iloc[0]
        elif all_agree:
            pick = ranked.sort_values(["_digits", "_pub", "obs_id"], ascending=[False, True, True]).iloc[0]
            rule = f"agreeing sources ({len(cands)}): most precise figure"
        elif key[2] == "target_pct":
            pick = ranked.sort_values(["_pub", "_period", "obs_id"], ascending=[False, False, True]).iloc[0]
            rule = f"conflict ({len(cands)} values): latest statement of the target"
        else:
            pick = ranked.sort_values(["_digits", "_pub", "obs_id"], ascending=[False, False, True]).iloc[0]
            rule = f"conflict ({len(cands)} values): most precise figure, then latest published"
        if len(usable) == 0 and len(g) > 0:
            rule = "only flagged observations: " + rule
        alts = g[g["obs_id"] != pick["obs_id"]]
        rows.append({
            **dict(zip(keys, key[: len(keys)])),
            "geo_name": pick["geo_name"], "period": key[len(keys)], "unit": key[len(keys) + 1],
            "value": float(pick["value"]), "obs_id": pick["obs_id"], "quality_flag": pick["quality_flag"],
            "rule": rule, "n_candidates": int(len(g)),
            "alternatives": "; ".join(f"{r.obs_id}={r.value:g} [{r.quality_flag}]" for r in alts.itertuples()),
        })
    out = pd.DataFrame(rows)
    out["period"] = out["period"].astype("datetime64[ns]")
    assert not out.duplicated(list(keys) + ["period", "unit"]).any(), "best series key must be unique"
    return out.reset_index(drop=True)
