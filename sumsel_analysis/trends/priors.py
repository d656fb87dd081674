"""Priors from other provinces: how fast active participation changes in a year, across the country.

Sumsel alone has too few comparable points to pin down its drift, so the trend model borrows the spread
of yearly changes across provinces. ``cross_province_changes`` takes the only same-source pairs in the
national panel: Kemnaker Satu Data active participants in December 2023 (all provinces) and the
Kemnaker figures relayed for February 2025 (top 10 and bottom 3 provinces), and returns the yearly log
change per province with both obs_ids. ``drift_prior`` summarises them (10th, 50th, 90th percentile),
the values recorded in ``data/raw/assumptions.csv`` as ``forecast_drift_log_per_year`` (a test checks the
row still equals what the panel gives).

Volatility. With one same-source pair per province, the spread across provinces cannot be split into
a spread of drifts and month-to-month volatility; it is used whole as the drift prior's spread (the
conservative reading). The variance ranges (``forecast_sigma_*``) stay as documented: capping the level
s.d. at the cross-province value (~0.030 logit per month) was tried and barely changed the 2030 band
while lowering the backtests' 80% coverage from 0.80 to 0.76.

Caveat (national NOTES s.3): Kemnaker counts members where the employer is registered, not where the
worker lives; both snapshots use the same geography, so the change is comparable even if the level is not.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# Dec 2023 (complete Satu Data table) and Feb 2025 (partial, relayed by Databoks/GoodStats): one source
SNAPSHOTS = ("2023-12-31", "2025-02-28")
KEMNAKER = "Kemnaker"


def _kemnaker_snapshot(national: pd.DataFrame, date: str) -> pd.DataFrame:
    """Kemnaker active participants (segment total) at one date, one row per province (outlets averaged)."""
    a = national[(national["metric"] == "active_participants") & (national["segment"] == "total")
                 & (national["period"] == pd.Timestamp(date)) & (national["geo_code"] != "ID")]
    kem = a["publisher"].str.contains(KEMNAKER, case=False) | a["publisher"].str.contains("Satu Data", case=False)
    a = a[kem]
    return a.groupby("geo_code").agg(persons=("value", "mean"), obs_ids=("obs_id", lambda s: ",".join(sorted(s))),
                                     geo_name=("geo_name", "first"))


def cross_province_changes(national: pd.DataFrame) -> pd.DataFrame:
    """Yearly log change of Kemnaker active participants, Dec 2023 → Feb 2025, per province in both.

    Columns: geo_code, geo_name, from_persons, to_persons, years, log_change_per_year, obs_ids.
    """
    start, end = (_kemnaker_snapshot(national, d) for d in SNAPSHOTS)
    both = start.merge(end, left_index=True, right_index=True, suffixes=("_from", "_to"))
    if both.empty:
        raise ValueError(f"no province has Kemnaker active participants at both {SNAPSHOTS}")
    years = (pd.Timestamp(SNAPSHOTS[1]) - pd.Timestamp(SNAPSHOTS[0])).days / 365.25
    out = pd.DataFrame({"geo_code": both.index, "geo_name": both["geo_name_from"].to_numpy(),
                        "from_persons": both["persons_from"].to_numpy(), "to_persons": both["persons_to"].to_numpy(),
                        "years": years,
                        "log_change_per_year": np.log(both["persons_to"] / both["persons_from"]).to_numpy() / years,
                        "obs_ids": (both["obs_ids_from"] + "," + both["obs_ids_to"]).to_numpy()})
    return out.sort_values("geo_code").reset_index(drop=True)


def drift_prior(changes: pd.DataFrame) -> dict:
    """10th / 50th / 90th percentile of the yearly log changes (the drift prior's low / central / high),
    the number of provinces and the obs_ids used."""
    x = changes["log_change_per_year"]
    return {"low": float(x.quantile(0.1)), "central": float(x.quantile(0.5)), "high": float(x.quantile(0.9)),
            "n_provinces": int(len(x)), "obs_ids": ",".join(changes["obs_ids"])}
