"""The monthly stock–flow model of protected workers, vectorised over Monte Carlo draws.

States each month (persons, summing to the base): protected in the baseline, added by the licensing
mandate (PU), added by the premium subsidy (BPU), added by CSR (BPU), and not protected. Levers are
small pure functions of (months, settings, parameters) returning arrays of shape (draws, months);
``combine`` applies the overlap rule and caps the total at the base, so no worker is counted twice and
coverage never exceeds 100%. All randomness comes from one seeded ``numpy.random.Generator`` in
``draw_parameters``; the lever rules themselves are deterministic.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# Parameters each lever reads (names in parameters.csv / assumptions.csv). Uncertain ones are drawn.
SIZES = ("micro", "small", "medium", "large")
MANDATE_PARAMS = ("nib_issued_per_year_sumsel", "mandate_new_nib_share_with_employees", "mandate_employees_per_new_firm",
                  "mandate_compliance", "mandate_share_employees_registered", "mandate_gated_share_existing_per_year",
                  "nib_renewal_rate_per_year", "mandate_compliance_decay_per_year") + tuple(
    f"{prefix}_{size}" for size in SIZES for prefix in (
        "mandate_paid_employee_share", "mandate_uncovered_share")) + tuple(
    f"establishments_{size}_sumsel" for size in SIZES) + tuple(f"workers_per_establishment_{size}" for size in SIZES)
SUBSIDY_PARAMS = ("apbd_premium_per_worker_month", "subsidy_takeup_list_based", "subsidy_takeup_full_opt_in",
                  "subsidy_optin_ramp_months", "subsidy_overlap_with_existing", "subsidy_retention_after_end",
                  "subsidy_retention_multiplier_deciles_1_3", "bpu_grace_period_months")
CSR_PARAMS = ("csr_subsidy_overlap",)
SEGMENT_PARAMS = ("baseline_segment_share_pu", "baseline_segment_share_bpu")
MODEL_PARAMS = MANDATE_PARAMS + SUBSIDY_PARAMS + CSR_PARAMS + ("mandate_admin_cost_per_year",) + SEGMENT_PARAMS


def resolve_parameters(params: pd.DataFrame, overrides: dict) -> pd.DataFrame:
    """low / central / high of every model parameter after scenario overrides (low/high default to central).

    An overridden central outside the sourced range widens the range to include it.
    """
    missing = sorted(set(MODEL_PARAMS) - set(params["name"]))
    if missing:
        raise KeyError(f"parameters missing from the parameter table: {missing}")
    v = params.set_index("name").loc[list(MODEL_PARAMS), ["value_low", "value_central", "value_high"]]
    c = v["value_central"].to_numpy(dtype=float)
    lo = np.where(np.isnan(v["value_low"]), c, v["value_low"])
    hi = np.where(np.isnan(v["value_high"]), c, v["value_high"])
    out = pd.DataFrame({"low": lo, "central": c, "high": hi, "overridden": False}, index=v.index)
    for name, o in overrides.items():
        if name not in out.index:
            continue
        cc = o.get("central", out.at[name, "central"])
        out.loc[name, ["low", "central", "high", "overridden"]] = [
            min(o.get("low", min(out.at[name, "low"], cc)), cc), cc,
            max(o.get("high", max(out.at[name, "high"], cc)), cc), True]
    return out


def draw_parameters(resolved: pd.DataFrame, n_draws: int, rng: np.random.Generator | None) -> dict[str, np.ndarray]:
    """Parameter arrays of shape (n, 1): triangular(low, central, high) draws, or the central value when n_draws=0."""
    n = max(n_draws, 1)
    out = {}
    for name, r in resolved.iterrows():
        if n_draws == 0 or r["low"] == r["high"]:
            out[name] = np.full((n, 1), r["central"])
        else:
            out[name] = rng.triangular(r["low"], r["central"], r["high"], size=(n, 1))
    return out


def _month_index(months: pd.DatetimeIndex, month: str) -> int:
    """Index of the first simulated month at or after ``month`` (YYYY-MM); len(months) if after the horizon."""
    return int(np.searchsorted(months.values, np.datetime64(pd.Timestamp(month + "-01"), "ns")))


# --- levers: pure functions ----------------------------------------------------------------------


def mandate_pool(p: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Uncovered paid employees in existing non-agricultural firms, by size class, (draws,) each.

    establishments (SE2016, split by size) × non-owner workers per establishment (Kemenkop, minus the
    owner) × share who are paid employees × share not yet registered. Agriculture and own-account work
    are outside the business census, so outside any licensing gate.
    """
    return {size: (p[f"establishments_{size}_sumsel"] * np.maximum(p[f"workers_per_establishment_{size}"] - 1, 0)
                   * p[f"mandate_paid_employee_share_{size}"] * p[f"mandate_uncovered_share_{size}"])[:, 0]
            for size in SIZES}


def mandate(months: pd.DatetimeIndex, settings: dict, p: dict[str, np.ndarray], scale: float = 1.0) -> np.ndarray:
    """Workers registered because of a licensing gate, (draws, months).

    Flows: every new NIB holder with paid employees (if 'new_nib' is gated) plus a monthly share of the
    reachable pool of uncovered employees in existing firms that touch a gated service ('permits_tenders'
    and/or 'renewal'; NIBs never expire, so 'renewal' alone gives ~nothing). Each flow × compliance ×
    share of employees registered; the stock then erodes without enforcement.
    """
    T, n = len(months), p["mandate_compliance"].shape[0]
    stock = np.zeros((n, T))
    start = _month_index(months, settings["start"])
    events = settings.get("events", ["new_nib", "permits_tenders"])
    comp = np.full((n, 1), settings["compliance"]) if "compliance" in settings else p["mandate_compliance"]
    comply = (comp * p["mandate_share_employees_registered"])[:, 0]
    new_flow = (p["nib_issued_per_year_sumsel"] / 12 * p["mandate_new_nib_share_with_employees"]
                * p["mandate_employees_per_new_firm"])[:, 0] * scale if "new_nib" in events else np.zeros(n)
    gated = np.zeros(n)
    if "permits_tenders" in events:
        gated = gated + (np.full(n, settings["gated_share_per_year"]) if "gated_share_per_year" in settings
                         else p["mandate_gated_share_existing_per_year"][:, 0])
    if "renewal" in events:
        gated = gated + p["nib_renewal_rate_per_year"][:, 0]
    monthly_gate = 1 - (1 - np.clip(gated, 0, 1)) ** (1 / 12)
    keep = (1 - p["mandate_compliance_decay_per_year"][:, 0]) ** (1 / 12)
    pool = sum(mandate_pool(p).values()) * scale
    s = np.zeros(n)
    for t in range(start, T):
        from_pool = pool * monthly_gate * comply
        pool = pool - from_pool
        s = s * keep + from_pool + new_flow * comply
        stock[:, t] = s
    return stock


def _funded_stock(months: pd.DatetimeIndex, start: str, funded_months: int, enrolled: np.ndarray,
                  ramp_months: np.ndarray, retention: np.ndarray, grace: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Active funded workers and the share of the target paid for, (draws, months), for a time-limited scheme.

    During funding: enrolled × ramp (ramp = 1 when the list is registered at once). After funding ends,
    workers stay active for the grace months (BPU are dropped after 3 months of arrears), then only the
    retained share keeps paying.
    """
    T, n = len(months), enrolled.shape[0]
    k = np.arange(T)[None, :] - _month_index(months, start)
    ramp = np.clip((k + 1) / np.maximum(ramp_months, 1), 0, 1)
    during = (k >= 0) & (k < funded_months)
    since_end = k - funded_months
    at_end = np.clip(funded_months / np.maximum(ramp_months, 1), 0, 1)
    after = np.where(since_end < grace, 1.0, retention)
    level = np.where(during, ramp, np.where(since_end >= 0, at_end * after, 0.0))
    paid_share = np.where(during, ramp, 0.0)
    return enrolled * level, np.broadcast_to(paid_share, (n, T))


def subsidy(months: pd.DatetimeIndex, settings: dict, p: dict[str, np.ndarray], scale: float = 1.0
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Premium subsidy: (added workers, regional-budget cost in rupiah per month, workers paid for), each (draws, months).

    Workers on the list = ``workers`` or budget ÷ (premium × 12). List-based delivery enrols the verified
    list at once (take-up ``subsidy_takeup_list_based``); opt-in needs workers to claim it (take-up
    ``subsidy_takeup_full_opt_in``, reached over ``subsidy_optin_ramp_months``). Workers already enrolled
    (overlap) cost premiums but add no coverage. Budget-paid premiums are not discounted in 2026.
    """
    premium = p["apbd_premium_per_worker_month"]
    if "workers" in settings:
        listed = np.full_like(premium, settings["workers"] * scale)
    else:
        listed = settings["budget_rupiah_per_year"] * scale / (premium * 12)
    opt_in = settings.get("delivery", "list_based") == "opt_in"
    takeup = p["subsidy_takeup_full_opt_in"] if opt_in else p["subsidy_takeup_list_based"]
    ramp = p["subsidy_optin_ramp_months"] if opt_in else np.ones_like(takeup)
    retention = (np.full_like(takeup, settings["retention"]) if "retention" in settings
                 else p["subsidy_retention_after_end"])
    if settings.get("targeting", "deciles_1_3") == "deciles_1_3":
        retention = retention * p["subsidy_retention_multiplier_deciles_1_3"]
    enrolled = listed * takeup
    added, paid_share = _funded_stock(months, settings["start"], settings.get("months", 12),
                                      enrolled * (1 - p["subsidy_overlap_with_existing"]), ramp, retention,
                                      p["bpu_grace_period_months"])
    paid = enrolled * paid_share
    return added, paid * premium, paid


def csr(months: pd.DatetimeIndex, settings: dict, p: dict[str, np.ndarray], subsidy_on: bool, scale: float = 1.0
        ) -> tuple[np.ndarray, np.ndarray]:
    """Employer (CSR) funding: (added workers, premiums paid by firms in rupiah per month), (draws, months).

    When a regional subsidy also runs, the share ``csr_subsidy_overlap`` of CSR workers would have been on
    the subsidy list: they are counted once (under the subsidy).
    """
    premium = p["apbd_premium_per_worker_month"]
    workers = np.full_like(premium, settings["workers"] * scale)
    overlap = p["csr_subsidy_overlap"] if subsidy_on else np.zeros_like(premium)
    added, paid_share = _funded_stock(months, settings["start"], settings.get("months", 12), workers * (1 - overlap),
                                      np.ones_like(premium), p["subsidy_retention_after_end"], p["bpu_grace_period_months"])
    return added, workers * paid_share * premium


def combine(baseline_persons: np.ndarray, base: float, added: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Cap the levers' additions at the uncovered headroom (scaled pro rata); return every state, summing to base."""
    baseline_persons = np.clip(baseline_persons, 0, base)
    total = np.broadcast_to(sum(added.values()), baseline_persons.shape) if added else np.zeros_like(baseline_persons)
    headroom = base - baseline_persons
    over = total > headroom
    factor = np.ones_like(total)
    factor[over] = headroom[over] / total[over]
    states = {"protected_baseline": baseline_persons}
    for lever, a in added.items():
        states[f"added_{lever}"] = a * factor
    states["not_protected"] = base - baseline_persons - sum(states[f"added_{k}"] for k in added)
    return states
