"""The monthly stock–flow model of protected workers, vectorised over Monte Carlo draws.

States each month (persons, summing to the base): protected in the baseline, added by the licensing
mandate (PU), added by the premium subsidy (BPU), added by CSR (BPU), and not protected. Levers are
small pure functions of (months, settings, parameters) returning arrays of shape (draws, months);
``combine`` applies the overlap rule and caps the total at the base, so no worker is counted twice and
coverage never exceeds 100%. All randomness comes from one seeded ``numpy.random.Generator`` in
``draw_parameters``; the lever rules themselves are deterministic and built from the small, evidenced
functions in ``mechanics``. Parameters calibrated to the documented episodes (``calibration``) are drawn
jointly from the posterior when one is given, else from triangular(low, central, high).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from sumsel_analysis.policy import mechanics

# Parameters each lever reads (names in parameters.csv / assumptions.csv). Uncertain ones are drawn.
SIZES = ("micro", "small", "medium", "large")
MANDATE_PARAMS = ("nib_issued_per_year_sumsel", "mandate_new_nib_share_with_employees", "mandate_employees_per_new_firm",
                  "mandate_compliance", "mandate_share_employees_registered", "mandate_gated_share_existing_per_year",
                  "nib_renewal_rate_per_year", "mandate_compliance_decay_per_year",
                  "mandate_catchup_share", "mandate_catchup_decay_months") + tuple(
    f"{prefix}_{size}" for size in SIZES for prefix in (
        "mandate_paid_employee_share", "mandate_uncovered_share")) + tuple(
    f"establishments_{size}_sumsel" for size in SIZES) + tuple(f"workers_per_establishment_{size}" for size in SIZES)
SUBSIDY_PARAMS = ("apbd_premium_per_worker_month", "subsidy_takeup_list_based", "subsidy_takeup_full_opt_in",
                  "subsidy_optin_ramp_months", "subsidy_overlap_with_existing", "subsidy_verification_months",
                  "subsidy_lapse_hazard_per_month", "subsidy_carried_share", "subsidy_renewal_prob_per_year",
                  "subsidy_retention_multiplier_deciles_1_3", "bpu_grace_period_months")
CSR_PARAMS = ("csr_subsidy_overlap",)
SEGMENT_PARAMS = ("baseline_segment_share_pu", "baseline_segment_share_bpu")
MODEL_PARAMS = MANDATE_PARAMS + SUBSIDY_PARAMS + CSR_PARAMS + ("mandate_admin_cost_per_year",) + SEGMENT_PARAMS
RENEWAL_BOUNDARIES = 16  # budget years a subsidy may span within one run (uniform numbers drawn per draw)


@dataclass(frozen=True)
class ResolvedParameters:
    """low / central / high of each model parameter as arrays (in ``names`` order), and which were
    overridden by the scenario or taken from the calibration posterior. ``frame()`` is the tidy table."""

    names: tuple[str, ...]
    low: np.ndarray
    central: np.ndarray
    high: np.ndarray
    overridden: np.ndarray
    calibrated: np.ndarray

    @classmethod
    def from_frame(cls, df: pd.DataFrame) -> "ResolvedParameters":
        """From a ``resolve_parameters`` table (index = parameter name)."""
        col = lambda c, dtype: df[c].to_numpy(dtype=dtype)  # noqa: E731
        return cls(tuple(df.index), col("low", float), col("central", float), col("high", float),
                   col("overridden", bool), col("calibrated", bool) if "calibrated" in df else np.zeros(len(df), bool))

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame({"low": self.low, "central": self.central, "high": self.high,
                             "overridden": self.overridden, "calibrated": self.calibrated},
                            index=pd.Index(list(self.names), name="name"))

    def records(self) -> list[dict]:
        """``frame().reset_index().to_dict("records")`` without pandas (plain Python numbers)."""
        return [{"name": n, "low": lo, "central": c, "high": hi, "overridden": o, "calibrated": k} for n, lo, c, hi, o, k
                in zip(self.names, self.low.tolist(), self.central.tolist(), self.high.tolist(),
                       self.overridden.tolist(), self.calibrated.tolist())]


@dataclass(frozen=True)
class _ParameterTable:
    """The model parameters' prior low / central / high (low/high default to central), name → position."""

    position: dict[str, int]
    low: np.ndarray
    central: np.ndarray
    high: np.ndarray


_KEYS: dict[int, tuple[pd.DataFrame, np.ndarray, np.ndarray, tuple]] = {}


def parameter_key(params: pd.DataFrame) -> tuple[tuple[str, ...], bytes]:
    """An immutable key of a parameter table's content: its names and low / central / high values.

    Remembered per table object and checked against the table's current names and values on every call
    (four column reads, no per-row work), so caches keyed by it never serve values from a table that
    was changed in place since.
    """
    names = params["name"].to_numpy()
    values = np.stack([params[c].to_numpy(dtype=float) for c in ("value_low", "value_central", "value_high")])
    hit = _KEYS.get(id(params))
    if (hit is not None and hit[0] is params and hit[1].shape == names.shape and (hit[1] == names).all()
            and np.array_equal(hit[2], values, equal_nan=True)):
        return hit[3]
    key = (tuple(names.tolist()), values.tobytes())
    if len(_KEYS) >= 16:
        _KEYS.clear()
    _KEYS[id(params)] = (params, names, values, key)
    return key


@lru_cache(maxsize=16)  # a handful of parameter tables per process (the project's, a test's scratch copy)
def _parameter_table(key: tuple[tuple[str, ...], bytes], names: tuple[str, ...]) -> _ParameterTable:
    all_names, raw = key
    values = np.frombuffer(raw, dtype=float).reshape(3, len(all_names))
    at = {}
    for i, name in enumerate(all_names):
        if name in at and name in names:
            raise ValueError(f"parameter {name!r} appears twice in the parameter table")
        at[name] = i
    missing = sorted(set(names) - set(at))
    if missing:
        raise KeyError(f"parameters missing from the parameter table: {missing}")
    rows = [at[n] for n in names]
    lo, c, hi = (values[j, rows].copy() for j in range(3))
    lo, hi = np.where(np.isnan(lo), c, lo), np.where(np.isnan(hi), c, hi)
    for a in (lo, c, hi):
        a.flags.writeable = False  # shared by every run on this table
    return _ParameterTable({n: i for i, n in enumerate(names)}, lo, c, hi)


@dataclass(frozen=True)
class _PosteriorSummary:
    """A posterior's draws as one array and its 10th / 50th / 90th percentiles per column (pandas ``quantile``)."""

    columns: dict[str, int]
    values: np.ndarray
    quantiles: dict[str, tuple[float, float, float]]


_POSTERIOR_SUMMARIES: dict[int, tuple[pd.DataFrame, np.ndarray, _PosteriorSummary]] = {}


def _posterior_summary(posterior: pd.DataFrame) -> _PosteriorSummary:
    """Summary of ``posterior``, computed once per posterior object (the calibration hands out the same one) and
    checked against its values on every call, so a frame changed in place is summarised again."""
    values = posterior.to_numpy(dtype=float)
    hit = _POSTERIOR_SUMMARIES.get(id(posterior))
    if hit is not None and hit[0] is posterior and hit[1].shape == values.shape and np.array_equal(hit[1], values):
        return hit[2]
    q = posterior.quantile([0.1, 0.5, 0.9])
    summary = _PosteriorSummary({k: j for j, k in enumerate(posterior.columns)}, values.copy(),
                                {k: tuple(q[k].to_numpy(dtype=float)) for k in posterior.columns})
    if len(_POSTERIOR_SUMMARIES) >= 8:
        _POSTERIOR_SUMMARIES.clear()
    _POSTERIOR_SUMMARIES[id(posterior)] = (posterior, summary.values, summary)
    return summary


def resolve(params: pd.DataFrame, overrides: dict, posterior: pd.DataFrame | None = None,
            key: tuple | None = None) -> ResolvedParameters:
    """``resolve_parameters`` as arrays (what the simulator uses; no DataFrame built). ``key``: the table's
    ``parameter_key`` when the caller has it already."""
    table = _parameter_table(parameter_key(params) if key is None else key, MODEL_PARAMS)
    lo, c, hi = table.low.copy(), table.central.copy(), table.high.copy()
    calibrated, overridden = np.zeros(len(c), bool), np.zeros(len(c), bool)
    if posterior is not None:
        summary = _posterior_summary(posterior)
        for name, (q10, q50, q90) in summary.quantiles.items():
            i = table.position.get(name)
            if i is not None:
                lo[i], c[i], hi[i], calibrated[i] = q10, q50, q90, True
    for name, o in overrides.items():
        i = table.position.get(name)
        if i is None:
            continue
        cc = o.get("central", c[i])
        lo[i], c[i], hi[i] = min(o.get("low", min(lo[i], cc)), cc), cc, max(o.get("high", max(hi[i], cc)), cc)
        overridden[i] = True
    return ResolvedParameters(MODEL_PARAMS, lo, c, hi, overridden, calibrated)


def resolve_parameters(params: pd.DataFrame, overrides: dict, posterior: pd.DataFrame | None = None) -> pd.DataFrame:
    """low / central / high of every model parameter after scenario overrides (low/high default to central).

    With a ``posterior`` (joint draws from ``calibration``, one column per calibrated parameter) the
    calibrated parameters' low / central / high become its 10th / 50th / 90th percentiles. An
    overridden central outside the range widens the range to include it. Columns low, central, high,
    overridden, calibrated; index = parameter name (``resolve`` gives the same as arrays).
    """
    return resolve(params, overrides, posterior).frame()


def draw_parameters(resolved: pd.DataFrame | ResolvedParameters, n_draws: int, rng: np.random.Generator | None,
                    posterior: pd.DataFrame | None = None) -> dict[str, np.ndarray]:
    """Parameter arrays of shape (n, 1): the central value when n_draws=0; otherwise calibrated parameters
    are drawn jointly from the ``posterior`` rows (keeping their correlations) and the others from
    triangular(low, central, high). Overridden parameters are never taken from the posterior.

    Also returns ``_renewal_u`` (n, RENEWAL_BOUNDARIES): uniform numbers deciding each budget year's
    subsidy renewal (zeros on the central path: the programme runs as planned).

    Vectorised: one triangular call for all drawn parameters ((parameters, n) in parameter order, the
    same random stream as one call per parameter), posterior rows gathered from one array.
    """
    r = resolved if isinstance(resolved, ResolvedParameters) else ResolvedParameters.from_frame(resolved)
    n, k = max(n_draws, 1), len(r.names)
    if n_draws == 0:
        values = np.repeat(r.central[:, None], n, axis=1)
        out = dict(zip(r.names, values[:, :, None]))
        out["_renewal_u"] = np.zeros((n, RENEWAL_BOUNDARIES))
        return out
    summary = None if posterior is None else _posterior_summary(posterior)
    joint = np.array([summary is not None and name in summary.columns and not r.overridden[i]
                      for i, name in enumerate(r.names)], dtype=bool)
    rows = rng.integers(0, len(summary.values), size=n) if joint.any() else None
    drawn = ~joint & (r.low != r.high)
    values = np.repeat(r.central[:, None], n, axis=1)
    if drawn.any():
        values[drawn] = rng.triangular(r.low[drawn, None], r.central[drawn, None], r.high[drawn, None],
                                       size=(int(drawn.sum()), n))
    for i in np.flatnonzero(joint):
        values[i] = summary.values[rows, summary.columns[r.names[i]]]
    out = dict(zip(r.names, values[:, :, None]))
    out["_renewal_u"] = rng.random((n, RENEWAL_BOUNDARIES))
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


def mandate_firm_pool(p: dict[str, np.ndarray]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Unregistered employer firms and the workers each would register, by size class: {size: (firms, workers_per_firm)}.

    Paid employees per establishment e = (workers − owner) × paid-employee share; the share of
    establishments with any paid employee is min(1, e) (micro: ~7%, cf. 6.6% of owners employing
    paid workers in Sakernas), so an employer firm has e / min(1, e) paid employees. Unregistered
    employer firms = establishments × employer share × uncovered share; each registers its employees
    × ``mandate_share_employees_registered``. firms × workers_per_firm = ``mandate_pool`` × share registered.
    """
    out = {}
    for size in SIZES:
        e = (np.maximum(p[f"workers_per_establishment_{size}"] - 1, 0) * p[f"mandate_paid_employee_share_{size}"])[:, 0]
        employer_share = np.minimum(1.0, e)
        firms = p[f"establishments_{size}_sumsel"][:, 0] * employer_share * p[f"mandate_uncovered_share_{size}"][:, 0]
        per_firm = np.where(employer_share > 0, e / np.maximum(employer_share, 1e-12), 0.0)
        out[size] = (firms, per_firm * p["mandate_share_employees_registered"][:, 0])
    return out


def mandate_flows(months: pd.DatetimeIndex, settings: dict, p: dict[str, np.ndarray], scale: float | np.ndarray = 1.0
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Licensing gate with firms as the unit: (registered workers still active, firms registered so far), each (draws, months).

    From the rule's start: a catch-up wave of existing unregistered employer firms (``mechanics.catchup_wave``:
    share ``mandate_catchup_share`` of them, decaying over ``mandate_catchup_decay_months``, as in Jember
    2015) if existing firms are gated ('permits_tenders'); then a monthly share of the rest that touch a
    gated service × compliance; plus every new NIB holder with employees × compliance ('new_nib').
    NIBs never expire, so 'renewal' alone adds ~nothing. Firms become workers through
    ``mechanics.firms_to_workers`` (size-class workers per firm); the worker stock then erodes without
    enforcement (``mandate_compliance_decay_per_year``).
    """
    T, n = len(months), p["mandate_compliance"].shape[0]
    scale = np.broadcast_to(np.asarray(scale, dtype=float).reshape(-1), (n,))
    stock, firms_cum = np.zeros((n, T)), np.zeros((n, T))
    start = _month_index(months, settings["start"])
    events = settings.get("events", ["new_nib", "permits_tenders"])
    comp = (np.full(n, settings["compliance"]) if "compliance" in settings else p["mandate_compliance"][:, 0])
    new_firms = (p["nib_issued_per_year_sumsel"] / 12 * p["mandate_new_nib_share_with_employees"])[:, 0] * scale * comp
    new_per_firm = (p["mandate_employees_per_new_firm"] * p["mandate_share_employees_registered"])[:, 0]
    if "new_nib" not in events:
        new_firms = np.zeros(n)
    gated = np.zeros(n)
    if "permits_tenders" in events:
        gated = gated + (np.full(n, settings["gated_share_per_year"]) if "gated_share_per_year" in settings
                         else p["mandate_gated_share_existing_per_year"][:, 0])
    if "renewal" in events:
        gated = gated + p["nib_renewal_rate_per_year"][:, 0]
    monthly_gate = 1 - (1 - np.clip(gated, 0, 1)) ** (1 / 12)
    wave_on = "permits_tenders" in events
    keep = (1 - p["mandate_compliance_decay_per_year"][:, 0]) ** (1 / 12)
    fp = mandate_firm_pool(p)  # size classes side by side as columns: (draws, 4)
    pool = np.stack([fp[size][0] for size in SIZES], axis=1) * scale[:, None]
    per_firm = np.stack([fp[size][1] for size in SIZES], axis=1)
    pool0 = pool.copy()
    share, decay = p["mandate_catchup_share"], p["mandate_catchup_decay_months"]
    new_workers = mechanics.firms_to_workers(new_firms, new_per_firm)
    gate = (monthly_gate * comp)[:, None]
    s, cum = np.zeros(n), np.zeros(n)
    for t in range(start, T):
        wave = np.minimum(mechanics.catchup_wave(t - start, pool0, share, decay), pool) if wave_on else 0.0
        ongoing = (pool - wave) * gate
        flow = wave + ongoing
        pool = pool - flow
        s = s * keep + new_workers + mechanics.firms_to_workers(flow, per_firm).sum(axis=1)
        cum = cum + new_firms + flow.sum(axis=1)
        stock[:, t], firms_cum[:, t] = s, cum
    return stock, firms_cum


def mandate(months: pd.DatetimeIndex, settings: dict, p: dict[str, np.ndarray], scale: float | np.ndarray = 1.0) -> np.ndarray:
    """Workers registered because of a licensing gate and still active, (draws, months) — see ``mandate_flows``."""
    return mandate_flows(months, settings, p, scale)[0]


def funded_stock(months: pd.DatetimeIndex, start: str, funded_months: np.ndarray, enrolled: np.ndarray,
                 ramp_months: np.ndarray, hazard: np.ndarray, carried: np.ndarray, grace: np.ndarray
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Active funded workers and the share of the verified list paid for, each (draws, months).

    While funded: enrolled × ``mechanics.registration_ramp``; after funding ends (per draw, so
    programmes that are not renewed stop early) the level reached × ``mechanics.survival_after_funding``.
    Shared by the premium subsidy and CSR.
    """
    T = len(months)
    k = np.arange(T)[None, :] - _month_index(months, start)
    F = np.asarray(funded_months, dtype=float).reshape(-1, 1)
    ramp = mechanics.registration_ramp(k, ramp_months)
    at_end = mechanics.registration_ramp(F - 1, ramp_months)
    during = (k >= 0) & (k < F)
    surv = mechanics.survival_after_funding(k - F, hazard, carried, grace)
    level = np.where(during, ramp, np.where(k >= F, at_end * surv, 0.0))
    paid_share = np.where(during, ramp, 0.0)
    return enrolled * level, paid_share * np.ones_like(enrolled)


def subsidy(months: pd.DatetimeIndex, settings: dict, p: dict[str, np.ndarray], scale: float | np.ndarray = 1.0
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Premium subsidy: (added workers, regional-budget cost in rupiah per month, workers paid for), each (draws, months).

    Workers on the list = ``workers`` or budget ÷ (premium × 12), × ``scale``. List-based delivery: the
    share ``subsidy_takeup_list_based`` passes verification and is registered over
    ``subsidy_verification_months``; opt-in: take-up ``subsidy_takeup_full_opt_in`` reached over
    ``subsidy_optin_ramp_months``. Listed workers already covered (``subsidy_overlap_with_existing``)
    cost premiums but add no coverage. Each new budget year the programme is renewed with
    ``subsidy_renewal_prob_per_year`` (Monte Carlo draws only). After funding ends: grace, then the
    carried share stays (calibrated on a vulnerable-worker list, so a general list keeps it ÷ the deciles-1–3
    multiplier; or ``retention`` from the scenario) and the rest lapses at ``subsidy_lapse_hazard_per_month``. Budget-paid premiums are not
    discounted in 2026.
    """
    premium = p["apbd_premium_per_worker_month"]
    scale = np.asarray(scale, dtype=float).reshape(-1, 1) if np.ndim(scale) else scale
    if "workers" in settings:
        listed = np.full_like(premium, settings["workers"]) * scale
    else:
        listed = settings["budget_rupiah_per_year"] * scale / (premium * 12)
    opt_in = settings.get("delivery", "list_based") == "opt_in"
    takeup = p["subsidy_takeup_full_opt_in"] if opt_in else p["subsidy_takeup_list_based"]
    ramp = p["subsidy_optin_ramp_months"] if opt_in else p["subsidy_verification_months"]
    carried = (np.full_like(takeup, settings["retention"]) if "retention" in settings else p["subsidy_carried_share"])
    if settings.get("targeting", "deciles_1_3") == "general" and "retention" not in settings:
        # the carried share is calibrated on a list of poor and vulnerable workers (the Sulut stop, E04), so it
        # applies as it is to poverty-targeted lists; a general list keeps more: ÷ the deciles-1–3 multiplier
        carried = np.minimum(1.0, carried / p["subsidy_retention_multiplier_deciles_1_3"])
    start_month = int(settings["start"][5:7])
    u = p.get("_renewal_u")
    u = np.zeros((premium.shape[0], RENEWAL_BOUNDARIES)) if u is None else u
    funded = mechanics.funded_months_with_renewal(settings.get("months", 12), start_month,
                                                  p["subsidy_renewal_prob_per_year"], u)
    enrolled = listed * takeup
    added, paid_share = funded_stock(months, settings["start"], funded, enrolled * (1 - p["subsidy_overlap_with_existing"]),
                                     ramp, p["subsidy_lapse_hazard_per_month"], carried, p["bpu_grace_period_months"])
    paid = enrolled * paid_share
    return added, paid * premium, paid


def csr(months: pd.DatetimeIndex, settings: dict, p: dict[str, np.ndarray], subsidy_on: bool,
        scale: float | np.ndarray = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """Employer (CSR) funding: (added workers, premiums paid by firms in rupiah per month), (draws, months).

    The same funded-stock mechanics as the subsidy (registration over ``subsidy_verification_months``,
    grace, carried share, lapse hazard), funded as planned (no budget-year renewal). When a regional
    subsidy also runs, the share ``csr_subsidy_overlap`` of CSR workers would have been on the subsidy
    list: they are counted once (under the subsidy).
    """
    premium = p["apbd_premium_per_worker_month"]
    scale = np.asarray(scale, dtype=float).reshape(-1, 1) if np.ndim(scale) else scale
    workers = np.full_like(premium, settings["workers"]) * scale
    overlap = p["csr_subsidy_overlap"] if subsidy_on else np.zeros_like(premium)
    funded = np.full(premium.shape[0], float(settings.get("months", 12)))
    added, paid_share = funded_stock(months, settings["start"], funded, workers * (1 - overlap),
                                     p["subsidy_verification_months"], p["subsidy_lapse_hazard_per_month"],
                                     p["subsidy_carried_share"], p["bpu_grace_period_months"])
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
