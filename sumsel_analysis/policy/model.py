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
                  "mandate_catchup_share", "mandate_catchup_decay_months", "mandate_paying_share") + tuple(
    f"{prefix}_{size}" for size in SIZES for prefix in (
        "mandate_paid_employee_share", "mandate_uncovered_share")) + tuple(
    f"establishments_{size}_sumsel" for size in SIZES) + tuple(f"workers_per_establishment_{size}" for size in SIZES)
SUBSIDY_PARAMS = ("apbd_premium_per_worker_month", "list_pass_share_verified", "list_pass_share_unverified",
                  "list_ramp_months_verified", "list_ramp_months_unverified", "optin_takeup_full_subsidy",
                  "subsidy_optin_ramp_months", "subsidy_overlap_with_existing", "self_pay_share_after_stop",
                  "self_pay_lapse_hazard_per_month", "takeover_share_default", "subsidy_renewal_prob_per_year",
                  "subsidy_retention_multiplier_deciles_1_3", "bpu_grace_period_months")
CSR_PARAMS = ("csr_subsidy_overlap",)
VOLUNTARY_PARAMS = ("voluntary_takeup_reached_per_year",)
SEGMENT_PARAMS = ("baseline_segment_share_pu", "baseline_segment_share_bpu")
MODEL_PARAMS = (MANDATE_PARAMS + SUBSIDY_PARAMS + CSR_PARAMS + VOLUNTARY_PARAMS + ("mandate_admin_cost_per_year",)
                + SEGMENT_PARAMS)
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
    """Position of ``month`` (YYYY-MM) in the consecutive simulated months: negative when it is before the
    first (a lever that started before the window keeps its progress), ≥ len(months) after the last."""
    t, m0 = pd.Timestamp(month + "-01"), months[0]
    return (t.year - m0.year) * 12 + t.month - m0.month


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


def region_firm_stock(labour_obs: pd.DataFrame, geo_code: str, params: pd.DataFrame | None = None
                      ) -> dict[str, float] | None:
    """A kab/kota's own establishments by size class, or None when it publishes no count (then the province's
    stock is scaled to it). See ``region_firm_basis`` for which count is used and why."""
    return region_firm_basis(labour_obs, geo_code, params)["firms"]


def region_firm_basis(labour_obs: pd.DataFrame, geo_code: str, params: pd.DataFrame | None = None) -> dict:
    """The firm stock a licensing gate meets in kab/kota ``geo_code`` and its basis, from ``labour_observations``:

    - ``own_by_size``: the region's latest ``umkm:<size>`` establishment counts;
    - ``own_total``: its latest total of non-agricultural establishments (SE2016 listing) split by size with the
      province's size-class shares (``establishments_<size>_sumsel`` central values; needs ``params``);
    - ``scaled``: no count of its own (``firms`` is None; the province's stock × the region's share is used).

    Returns {firms: {size: establishments} | None, basis, year (of the count, or None), obs_ids (';'-joined)}.
    """
    rows = labour_obs[(labour_obs["geo_code"] == geo_code) & (labour_obs["metric"] == "establishments")]
    by_size = rows[rows["category"].isin([f"umkm:{s}" for s in SIZES])].sort_values("period")
    if len(by_size):
        latest = by_size.groupby("category").last()
        return {"firms": {size: float(latest["value"].get(f"umkm:{size}", 0.0)) for size in SIZES},
                "basis": "own_by_size", "year": int(pd.Timestamp(latest["period"].max()).year),
                "obs_ids": ";".join(sorted(latest["obs_id"]))}
    total = rows[rows["category"] == "total_non_agriculture"].sort_values("period")
    if len(total) and params is not None:
        last = total.iloc[-1]
        prov = {size: float(params.loc[params["name"] == f"establishments_{size}_sumsel", "value_central"].iloc[0])
                for size in SIZES}
        whole = sum(prov.values())
        return {"firms": {size: float(last["value"]) * prov[size] / whole for size in SIZES}, "basis": "own_total",
                "year": int(pd.Timestamp(last["period"]).year), "obs_ids": str(last["obs_id"])}
    return {"firms": None, "basis": "scaled", "year": None, "obs_ids": ""}


def region_firm_table(labour_obs: pd.DataFrame, params: pd.DataFrame, geo_codes) -> pd.DataFrame:
    """``region_firm_basis`` for each of ``geo_codes``, one row each: geo_code, firms_<size> (NaN where scaled),
    firm_basis, firm_year, firm_obs_ids — the columns ``simulation.simulate_regions`` reads."""
    rows = []
    for code in geo_codes:
        b = region_firm_basis(labour_obs, code, params)
        firms = b["firms"] or {}
        rows.append({"geo_code": code, **{f"firms_{s}": firms.get(s, np.nan) for s in SIZES},
                     "firm_basis": b["basis"], "firm_year": b["year"], "firm_obs_ids": b["obs_ids"]})
    out = pd.DataFrame(rows, columns=["geo_code", *(f"firms_{s}" for s in SIZES), "firm_basis", "firm_year",
                                      "firm_obs_ids"])
    out["firm_year"] = out["firm_year"].astype("Int64")
    return out


def mandate_flows(months: pd.DatetimeIndex, settings: dict, p: dict[str, np.ndarray], scale: float | np.ndarray = 1.0
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Licensing gate: (active paid workers, firms registered so far), each (draws, months) — see ``mandate_chain``."""
    chain = mandate_chain(months, settings, p, scale)
    return chain["active_paid_workers"], chain["firms_registered"]


MANDATE_BLOCK_VALUES = 1 << 17
"""Values per block of months × draws × size classes that ``mandate_chain`` holds at once (1 MiB of float64):
all months at once for a deterministic run (the per-month numpy calls are what cost there), a few months
at a time for 10,000 draws (bounded memory, as ``simulation.CHUNK_VALUES``)."""


def mandate_chain_inputs(months: pd.DatetimeIndex, settings: dict, p: dict[str, np.ndarray],
                         scale: float | np.ndarray = 1.0) -> dict:
    """What ``mandate_chain`` steps through the months, per draw: the rule's start (month index, may be < 0),
    compliance, new employer firms and their registered workers per month, the monthly gate share by size
    class, whether existing firms are gated (catch-up wave), monthly compliance keep, paying share, the
    unregistered firm pool and registered workers per firm by size class (draws, 4), wave share and decay."""
    T, n = len(months), p["mandate_compliance"].shape[0]
    scale = np.broadcast_to(np.asarray(scale, dtype=float).reshape(-1), (n,))
    events = settings.get("events", ["new_nib", "permits_tenders"])
    comp = (np.full(n, settings["compliance"]) if "compliance" in settings else p["mandate_compliance"][:, 0])
    new_firms = (p["nib_issued_per_year_sumsel"] / 12 * p["mandate_new_nib_share_with_employees"])[:, 0] * scale * comp
    new_per_firm = (p["mandate_employees_per_new_firm"] * p["mandate_share_employees_registered"])[:, 0]
    if "new_nib" not in events:
        new_firms = np.zeros(n)
    gated = np.zeros((n, len(SIZES)))
    if "permits_tenders" in events:
        g = settings.get("gated_share_per_year")
        if isinstance(g, dict):
            gated = gated + np.array([g.get(size, 0.0) for size in SIZES])[None, :]
        else:
            gated = gated + (np.full((n, 1), g) if g is not None else p["mandate_gated_share_existing_per_year"])
    if "renewal" in events:
        gated = gated + p["nib_renewal_rate_per_year"]
    monthly_gate = 1 - (1 - np.clip(gated, 0, 1)) ** (1 / 12)
    wave_on = "permits_tenders" in events
    keep = (1 - p["mandate_compliance_decay_per_year"][:, 0]) ** (1 / 12)
    pay = p["mandate_paying_share"][:, 0]
    own = settings.get("firms")
    if own:  # the region's own firm stock: the size-class shares of the province's model, applied to its counts
        p = dict(p)
        for size in SIZES:
            p[f"establishments_{size}_sumsel"] = np.full((n, 1), float(own.get(size, 0.0)))
    fp = mandate_firm_pool(p)  # size classes side by side as columns: (draws, 4)
    pool = np.stack([fp[size][0] for size in SIZES], axis=1) * (1.0 if own else scale[:, None])
    per_firm = np.stack([fp[size][1] for size in SIZES], axis=1)
    share, decay = p["mandate_catchup_share"], p["mandate_catchup_decay_months"]
    return {"T": T, "n": n, "start": _month_index(months, settings["start"]), "comp": comp, "new_firms": new_firms,
            "new_workers": mechanics.firms_to_workers(new_firms, new_per_firm), "monthly_gate": monthly_gate,
            "wave_on": wave_on, "keep": keep, "pay": pay, "pool": pool, "per_firm": per_firm, "share": share, "decay": decay}


def mandate_chain(months: pd.DatetimeIndex, settings: dict, p: dict[str, np.ndarray], scale: float | np.ndarray = 1.0
                  ) -> dict[str, np.ndarray]:
    """The licensing mandate as a chain, each (draws, months): ``firms_registered`` (cumulative),
    ``workers_registered`` (cumulative) and ``active_paid_workers`` (registered workers whose employer pays).

    Firms pass a gate each month by size class: from the rule's start a catch-up wave of existing
    unregistered employer firms (``mechanics.catchup_wave``) if existing firms are gated ('permits_tenders'),
    then a monthly share of the rest that touch a gated service (``gated_share_per_year``: one share or one
    per size class) × compliance (``mechanics.gate_flow``); plus every new NIB holder with employees ×
    compliance ('new_nib'). NIBs never expire, so 'renewal' alone adds ~nothing. Registered firms become
    registered workers with their size class's workers per firm (``mechanics.firms_to_workers``); the
    employer pays for ``mandate_paying_share`` of them (``mechanics.paying_workers``), eroding without
    enforcement (``mandate_compliance_decay_per_year``). The firm stock is the region's own when the
    scenario gives ``firms`` by size class, else the province's × ``scale``.
    """
    c = mandate_chain_inputs(months, settings, p, scale)
    T, n, start, pool, per_firm = c["T"], c["n"], c["start"], c["pool"], c["per_firm"]
    stock, firms_cum, reg_cum = np.zeros((n, T)), np.zeros((n, T)), np.zeros((n, T))
    gate_comp, monthly_gate, wave_on = c["comp"][:, None], c["monthly_gate"], c["wave_on"]
    K = T - start  # months simulated from the rule's start (t < 0: carried over, not stored)
    if K <= 0:
        return {"active_paid_workers": stock, "firms_registered": firms_cum, "workers_registered": reg_cum}
    # Only the pool depletion is nonlinear (the wave is capped by the pool), so only it is stepped month by
    # month; the wave, the workers and the running sums are whole-array operations over blocks of months
    # (at most MANDATE_BLOCK_VALUES values each: bounded memory) with the same floating-point operations in
    # the same order as the month-by-month form (bit-identical; tests/test_fast_paths.py compares them).
    first, rho = mechanics.catchup_wave_terms(pool, c["share"], c["decay"])  # month k's wave: first · ρ^k (catchup_wave)
    rows = min(K, max(1, MANDATE_BLOCK_VALUES // pool.size))
    flows = np.empty((rows,) + pool.shape)  # (months of the block, draws, size classes)
    active, reg, cum = np.zeros(n), np.zeros((1, n)), np.zeros((1, n))
    for k0 in range(0, K, rows):
        fl = flows[:min(K, k0 + rows) - k0]
        rho_k = rho ** np.arange(k0, k0 + len(fl))[:, None, None]
        for i in range(len(fl)):
            if wave_on:
                wave = np.minimum(np.multiply(first, rho_k[i], out=fl[i]), pool, out=fl[i])
                flow = np.add(wave, mechanics.gate_flow(pool - wave, monthly_gate, gate_comp), out=fl[i])
            else:
                fl[i] = mechanics.gate_flow(pool, monthly_gate, gate_comp)
                flow = fl[i]
            pool = pool - flow
        registered = c["new_workers"] + mechanics.firms_to_workers(fl, per_firm).sum(axis=2)  # (months, draws)
        paid = mechanics.paying_workers(registered, c["pay"])
        act = np.empty_like(paid)
        for i in range(len(fl)):  # a linear recurrence: active_k = active_{k-1} · keep + paid_k
            active = act[i] = active * c["keep"] + paid[i]
        reg = np.cumsum(np.concatenate([reg[-1:], registered]), axis=0)[1:]  # reg_k = reg_{k-1} + registered_k
        # cum_k = (cum_{k-1} + new firms) + flows_k: one running sum over the two addends interleaved
        addends = np.empty((2 * len(fl) + 1, n))
        addends[0], addends[1::2], addends[2::2] = cum[-1], c["new_firms"], fl.sum(axis=2)
        cum = np.cumsum(addends, axis=0)[2::2]
        t0 = start + k0  # calendar month index of the block's first month; t < 0: carried over, not stored
        s0 = max(0, -t0)
        if s0 < len(fl):
            t = slice(t0 + s0, t0 + len(fl))
            stock[:, t], firms_cum[:, t], reg_cum[:, t] = act[s0:].T, cum[s0:].T, reg[s0:].T
    return {"active_paid_workers": stock, "firms_registered": firms_cum, "workers_registered": reg_cum}


def mandate(months: pd.DatetimeIndex, settings: dict, p: dict[str, np.ndarray], scale: float | np.ndarray = 1.0) -> np.ndarray:
    """Active paid workers because of a licensing gate, (draws, months) — see ``mandate_chain``."""
    return mandate_chain(months, settings, p, scale)["active_paid_workers"]


def list_status_parameters(status: str, p: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """(share passing NIK checks and de-duplication, mean registration months) for a 'verified' or 'unverified' list."""
    if status not in mechanics.LIST_STATUSES:
        raise ValueError(f"list_status must be one of {mechanics.LIST_STATUSES}, got {status!r}")
    return p[f"list_pass_share_{status}"], p[f"list_ramp_months_{status}"]


def after_funding_shares(settings: dict, p: dict[str, np.ndarray], general: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """(carried for good, trying to pay themselves) when the funder stops, from the scenario's ``payer_after``
    ('district', 'village', 'employer', 'worker', 'nobody'; default 'worker') and ``takeover_share``.

    ``retention`` without a payer (the old input) means that share is carried for good and nobody else pays:
    ``retention: 0`` makes the list inactive after the arrears months. A general (not poverty-targeted) list
    tries to self-pay more: the self-payment share ÷ the deciles-1–3 multiplier (capped at 1).
    """
    like = p["self_pay_share_after_stop"]
    if "retention" in settings and "payer_after" not in settings:
        return np.full_like(like, settings["retention"]), np.zeros_like(like)
    self_share = like
    if general:
        self_share = np.minimum(1.0, like / p["subsidy_retention_multiplier_deciles_1_3"])
    takeover = np.full_like(like, settings["takeover_share"]) if "takeover_share" in settings else p["takeover_share_default"]
    return mechanics.kept_after_funding(settings.get("payer_after", "worker"), takeover, self_share)


def funded_stock(months: pd.DatetimeIndex, start: str, funded_months: np.ndarray, enrolled: np.ndarray,
                 ramp_months: np.ndarray, carried: np.ndarray, self_paying: np.ndarray, hazard: np.ndarray,
                 grace: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Active funded workers and the share of the list paid for, each (draws, months), for one funded spell.

    While funded: enrolled × ``mechanics.registration_ramp``; after funding ends (per draw, so
    programmes that are not renewed stop early) the level reached × ``mechanics.active_after_funding``.
    Shared by the premium subsidy and CSR.
    """
    T = len(months)
    k = np.arange(T)[None, :] - _month_index(months, start)
    F = np.asarray(funded_months, dtype=float).reshape(-1, 1)
    ramp = mechanics.registration_ramp(k, ramp_months)
    at_end = mechanics.registration_ramp(F - 1, ramp_months)
    during = (k >= 0) & (k < F)
    surv = mechanics.active_after_funding(k - F, carried, self_paying, hazard, grace)
    level = np.where(during, ramp, np.where(k >= F, at_end * surv, 0.0))
    paid_share = np.where(during, ramp, 0.0)
    return enrolled * level, paid_share * np.ones_like(enrolled)


def scheduled_stock(months: pd.DatetimeIndex, schedule: list[dict], pass_share: np.ndarray, ramp_months: np.ndarray,
                    carried: np.ndarray, self_paying: np.ndarray, hazard: np.ndarray, grace: np.ndarray
                    ) -> tuple[np.ndarray, np.ndarray]:
    """Names registered and active, and names paid for, each (draws, months), under a budget-year schedule.

    Each month the funded list (``mechanics.schedule_funded``) × the share passing checks is the target;
    1/R of the gap to it registers (the ramp); a cut or a gap sends the names no longer paid for through the
    arrears months and then the payer-after rule (``carried`` stay, ``self_paying`` lapse at ``hazard``);
    a restart after a gap re-verifies the list: names still active rejoin it, the rest register again.
    """
    n, T = pass_share.shape[0], len(months)
    funded, _ = mechanics.schedule_funded(months.year.to_numpy(), months.month.to_numpy(), schedule)
    G = max(int(round(float(np.ravel(grace)[0]))), 0)
    r = 1.0 / np.maximum(ramp_months[:, 0], 1.0)
    c, sp, h, ps = carried[:, 0], self_paying[:, 0], hazard[:, 0], pass_share[:, 0]
    reg, perm, selfp = np.zeros(n), np.zeros(n), np.zeros(n)
    queue = np.zeros((n, G + 1))  # names in arrears by months since their funding stopped (0 … G)
    active, paid = np.zeros((n, T)), np.zeros((n, T))
    was_funded = False
    for t in range(T):
        queue[:, 1:] = queue[:, :-1]  # everyone in arrears is a month older
        queue[:, 0] = 0.0
        leaving = queue[:, G].copy()  # past the arrears months: carried, self-paying or inactive
        queue[:, G] = 0.0
        selfp = selfp * (1 - h) + leaving * sp * (1 - h)
        perm = perm + leaving * c
        target = funded[t] * ps
        if funded[t] > 0:
            if not was_funded and t > 0:  # restart: re-verification; names still active rejoin the list
                back = np.minimum(perm + selfp + queue.sum(axis=1), target)
                reg, perm, selfp, queue[:] = back, 0.0 * perm, 0.0 * selfp, 0.0
            cut = np.maximum(reg - target, 0.0)
            queue[:, 0] += cut
            reg = np.where(cut > 0, target, reg + (target - reg) * r)
            paid[:, t] = reg
        else:
            queue[:, 0] += reg
            reg = np.zeros(n)
        was_funded = funded[t] > 0
        active[:, t] = reg + perm + selfp + queue.sum(axis=1)
    return active, paid


def subsidy(months: pd.DatetimeIndex, settings: dict, p: dict[str, np.ndarray], scale: float | np.ndarray = 1.0
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Premium subsidy: (added workers, regional-budget cost in rupiah per month, workers paid for), each (draws, months).

    Inputs (scenario): ``list_status`` 'verified' (names matched before budgeting: ``list_pass_share_verified``
    registered over ``list_ramp_months_verified``) or 'unverified' (default: NIK checks and duplicates remove
    names, registration takes months); ``already_enrolled_share`` (names already enrolled add nothing; default
    ``subsidy_overlap_with_existing``); ``payer_after`` and ``takeover_share`` (who pays after funding ends, see
    ``after_funding_shares``); and either a budget-year ``schedule`` (list size and funded months per year:
    cuts, part years, restarts with re-verification — the main input) or ``workers`` / budget with ``start``
    and ``months`` (each new budget year renewed with ``subsidy_renewal_prob_per_year`` in Monte Carlo draws).
    Opt-in delivery: take-up ``optin_takeup_full_subsidy`` over ``subsidy_optin_ramp_months``. Budget-paid
    premiums are not discounted in 2026.
    """
    premium = p["apbd_premium_per_worker_month"]
    scale = np.asarray(scale, dtype=float).reshape(-1, 1) if np.ndim(scale) else scale
    opt_in = settings.get("delivery", "list_based") == "opt_in"
    if opt_in:
        pass_share, ramp = p["optin_takeup_full_subsidy"], p["subsidy_optin_ramp_months"]
    else:
        pass_share, ramp = list_status_parameters(settings.get("list_status", "unverified"), p)
    already = (np.full_like(premium, settings["already_enrolled_share"]) if "already_enrolled_share" in settings
               else p["subsidy_overlap_with_existing"])
    carried, self_paying = after_funding_shares(settings, p, settings.get("targeting", "deciles_1_3") == "general")
    grace, hazard = p["bpu_grace_period_months"], p["self_pay_lapse_hazard_per_month"]
    if "schedule" in settings:
        names, paid = scheduled_stock(months, settings["schedule"], pass_share, ramp, carried, self_paying, hazard, grace)
        names, paid = names * scale, paid * scale
        return names * (1 - already), paid * premium, paid
    if "workers" in settings:
        listed = np.full_like(premium, settings["workers"]) * scale
    else:
        listed = settings["budget_rupiah_per_year"] * scale / (premium * 12)
    start_month = int(settings["start"][5:7])
    u = p.get("_renewal_u")
    u = np.zeros((premium.shape[0], RENEWAL_BOUNDARIES)) if u is None else u
    funded = mechanics.funded_months_with_renewal(settings.get("months", 12), start_month,
                                                  p["subsidy_renewal_prob_per_year"], u)
    enrolled = listed * pass_share
    added, paid_share = funded_stock(months, settings["start"], funded, enrolled * (1 - already), ramp,
                                     carried, self_paying, hazard, grace)
    paid = enrolled * paid_share
    return added, paid * premium, paid


def csr(months: pd.DatetimeIndex, settings: dict, p: dict[str, np.ndarray], subsidy_on: bool,
        scale: float | np.ndarray = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """Employer (CSR) funding: (added workers, premiums paid by firms in rupiah per month), (draws, months).

    The same funded-stock mechanics as the subsidy: the employer's list is 'verified' by default
    (``list_status``), funded as planned (no budget-year renewal), and after it ends the payer-after rule
    applies (``payer_after``, default 'worker'). When a regional subsidy also runs, the share
    ``csr_subsidy_overlap`` of CSR workers would have been on the subsidy list: counted once (under the subsidy).
    """
    premium = p["apbd_premium_per_worker_month"]
    scale = np.asarray(scale, dtype=float).reshape(-1, 1) if np.ndim(scale) else scale
    workers = np.full_like(premium, settings["workers"]) * scale
    overlap = p["csr_subsidy_overlap"] if subsidy_on else np.zeros_like(premium)
    pass_share, ramp = list_status_parameters(settings.get("list_status", "verified"), p)
    carried, self_paying = after_funding_shares(settings, p)
    funded = np.full(premium.shape[0], float(settings.get("months", 12)))
    added, paid_share = funded_stock(months, settings["start"], funded, workers * pass_share * (1 - overlap), ramp,
                                     carried, self_paying, p["self_pay_lapse_hazard_per_month"],
                                     p["bpu_grace_period_months"])
    return added, workers * pass_share * paid_share * premium


def voluntary(months: pd.DatetimeIndex, settings: dict, p: dict[str, np.ndarray], scale: float | np.ndarray = 1.0
              ) -> tuple[np.ndarray, np.ndarray]:
    """Voluntary enrolment of a reached group without a subsidy: (active self-paying members, ever enrolled), (draws, months).

    ``workers`` uncovered informal workers are reached (outreach agents, registration drives) from ``start``
    for ``months`` months (default 12); each month the not-yet-enrolled join at the monthly equivalent of
    ``voluntary_takeup_reached_per_year`` (``mechanics.voluntary_enrolment``) and then pay themselves,
    lapsing at ``self_pay_lapse_hazard_per_month`` (``mechanics.self_payment_survival``). The JKN RCT's
    control arm is this flow: its enrolment after 12 months is ``ever[:, 11] / workers``.
    """
    rate = p["voluntary_takeup_reached_per_year"]
    n, T = rate.shape[0], len(months)
    workers = np.full((n, 1), float(settings["workers"])) * (np.asarray(scale, dtype=float).reshape(-1, 1)
                                                             if np.ndim(scale) else scale)
    start = _month_index(months, settings["start"])
    k = np.arange(T)[None, :] - start
    reach = np.clip(k + 1, 0, settings.get("months", 12))
    ever = workers * mechanics.voluntary_enrolment(reach, rate)
    joined = np.diff(ever, axis=1, prepend=0.0)
    keep = mechanics.self_payment_survival(1, p["self_pay_lapse_hazard_per_month"])
    active = np.zeros((n, T))
    a = np.zeros(n)
    for t in range(max(start, 0), T):
        a = a * keep[:, 0] + joined[:, t]
        active[:, t] = a
    return active, ever


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
