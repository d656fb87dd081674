"""Running a scenario: ``simulate`` (province) and ``simulate_regions`` (kab/kota), and ``SimulationResult``.

``simulate(scenario, params, baseline, n_draws, seed)`` runs the monthly stock–flow model on top of a
baseline projection (``trends.baseline_projection`` or ``trends.constant_pace_baseline``) and returns
a ``SimulationResult`` with coverage paths (bands when n_draws > 0), workers added by lever, regional
budget cost in rupiah, cost per additional covered worker-year, time to target, the probability of
reaching the target and the metadata needed to reproduce it (scenario, parameter values, seed, data date).
What is *not* modelled is listed in ``not_modelled.yaml`` (``omissions``).
"""

from __future__ import annotations

import os
import threading
from contextlib import nullcontext
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial

import numpy as np
import pandas as pd

from sumsel_analysis import __version__
from sumsel_analysis.policy import model
from sumsel_analysis.policy.omissions import not_modelled  # noqa: F401  (re-exported by the package)
from sumsel_analysis.policy.scenario import Scenario, check_window
from sumsel_analysis.policy.scenario_schema import add_months, outside_window

LEVERS = ("mandate", "subsidy", "csr", "voluntary")
BYTES_PER_DRAW_MONTH = 160
"""Peak memory of one ``simulate`` run per Monte Carlo draw and simulated month, in bytes: 153 measured
(tracemalloc) for the combined three-lever scenario — about 9 float64 (draws × months) arrays kept in the
result (states, costs, paid workers, firms) and as many temporaries while the levers are computed."""
MAX_RUN_BYTES = 2**30
"""Memory a set of runs may use, in bytes (1 GiB): ``--draws`` × simulated months × runs is checked against
it before anything is computed, so a mistyped draw count fails in a second with the largest count that fits
instead of growing until the machine (a laptop, a 2-core CI box shared with notebooks) swaps or kills it."""


class RunSizeError(ValueError):
    """A run (draws × months × runs) larger than ``MAX_RUN_BYTES``; the message says why and what fits."""


def check_run_size(n_draws: int, n_months: int, n_runs: int = 1) -> None:
    """Refuse ``n_runs`` runs of ``n_draws`` × ``n_months`` whose estimated memory exceeds ``MAX_RUN_BYTES``."""
    need = n_runs * max(n_draws, 1) * n_months * BYTES_PER_DRAW_MONTH
    if need > MAX_RUN_BYTES:
        most = MAX_RUN_BYTES // (n_runs * n_months * BYTES_PER_DRAW_MONTH)
        runs = f" × {n_runs} runs" if n_runs > 1 else ""
        raise RunSizeError(
            f"{n_draws:,} draws × {n_months} month{'s' if n_months > 1 else ''}{runs} would need about "
            f"{need / 2**30:,.1f} GiB of memory ({BYTES_PER_DRAW_MONTH} bytes per draw and month); the limit is "
            f"{MAX_RUN_BYTES / 2**30:g} GiB, so use at most {most:,} draws")




def default_baseline(horizon: str = "2030-12", n_paths: int = 2000, seed: int = 20251204):
    """The statsmodels trend projection from the processed data (see ``trends.baseline_projection``).

    Cached per (horizon, n_paths, seed) and the size and modification time of the processed manifest and
    the raw files: building it fits and backtests the trend models (~0.3 s), which ``simulate(scenario,
    params)`` without a baseline would otherwise repeat on every call; a rebuild or a raw change makes a
    new one (and the stale-data check runs again). The result is seeded, so the cached projection is the
    one a fresh build gives (a test checks); its paths are read-only because every caller shares them.
    """
    return _default_baseline(horizon, n_paths, seed, _data_stamp())


def _data_stamp() -> tuple:
    """Path, modification time and size of the processed manifest and every raw file (a rebuild or a raw
    change gives a new stamp)."""
    from sumsel_analysis.data import paths

    files = [paths.PROCESSED_DIR / "manifest.json", *sorted(paths.RAW_DIR.iterdir())]
    return tuple((str(f), st.st_mtime_ns, st.st_size) for f in files if f.exists() for st in [f.stat()])


@lru_cache(maxsize=8)
def _default_baseline(horizon: str, n_paths: int, seed: int, data_stamp: tuple):
    from sumsel_analysis import trends
    from sumsel_analysis.data import loaders

    out = trends.baseline_projection(loaders.load_processed("coverage_observations"), loaders.load_parameters(),
                                     until=horizon, n_paths=n_paths, seed=seed)
    out.paths.flags.writeable = False
    return out


@dataclass
class SimulationResult:
    """Everything one run produced. Arrays are (draws, months); draws = 1 for the deterministic path."""

    scenario: Scenario
    months: pd.DatetimeIndex
    base_persons: float
    states: dict[str, np.ndarray]
    budget_cost: np.ndarray  # regional budget, rupiah per month
    csr_cost: np.ndarray  # paid by firms, rupiah per month
    subsidy_paid_workers: np.ndarray
    resolved: pd.DataFrame
    n_draws: int
    seed: int | None
    metadata: dict = field(default_factory=dict)
    mandate_firms: np.ndarray | None = None  # firms registered so far because of the licensing gate (draws, months)
    mandate_workers_registered: np.ndarray | None = None  # workers registered so far by those firms (draws, months)
    voluntary_enrolled: np.ndarray | None = None  # reached workers ever enrolled voluntarily (draws, months)
    params: pd.DataFrame | None = field(default=None, repr=False)  # the parameter table the run used
    _params_key: tuple | None = field(default=None, init=False, repr=False, compare=False)  # (params, its key) at the run

    @property
    def evidence_grades(self) -> pd.DataFrame:
        """The evidence grade of each lever (``evidence.lever_grades``: independent episodes and their
        out-of-sample hits, from the calibration of this run's parameter table), for the levers it uses."""
        from sumsel_analysis.data import loaders

        params = loaders.load_parameters() if self.params is None else self.params
        known = self._params_key is not None and self._params_key[0] is params  # the run read its key already
        return _lever_grades(calibration_for(params, self._params_key[1] if known else None), tuple(self.levers)).copy()

    # --- core series ---------------------------------------------------------------------------
    @property
    def levers(self) -> list[str]:
        return [k.removeprefix("added_") for k in self.states if k.startswith("added_")]

    @property
    def added(self) -> np.ndarray:
        return sum((self.states[f"added_{k}"] for k in self.levers), np.zeros_like(self.states["protected_baseline"]))

    @property
    def protected(self) -> np.ndarray:
        return self.states["protected_baseline"] + self.added

    @property
    def coverage_pct(self) -> np.ndarray:
        return 100 * self.protected / self.base_persons

    @property
    def baseline_pct(self) -> np.ndarray:
        return 100 * self.states["protected_baseline"] / self.base_persons

    @property
    def effect(self) -> np.ndarray:
        """Workers added by the policy, draw by draw: scenario minus no policy on the same baseline draw.

        A paired difference (common random numbers), so baseline noise cancels: a scenario without
        levers has an effect of exactly 0 in every draw.
        """
        return self.protected - self.states["protected_baseline"]

    def _month(self, when: str | pd.Timestamp) -> int:
        ts = pd.Timestamp(when).to_period("M").to_timestamp()
        if ts < self.months[0] or ts > self.months[-1]:
            raise ValueError(f"{ts:%Y-%m} is outside the simulated months {self.months[0]:%Y-%m}–{self.months[-1]:%Y-%m}")
        return int(self.months.get_loc(ts))

    # --- tables --------------------------------------------------------------------------------
    @property
    def paths(self) -> pd.DataFrame:
        """Monthly tidy table: coverage and baseline (median and 80/95% bands when drawn), persons by state."""
        q = lambda a, p: np.quantile(a, p, axis=0)  # noqa: E731
        cov, base = self.coverage_pct, self.baseline_pct
        out = pd.DataFrame({"period": self.months, "coverage_pct": q(cov, 0.5), "baseline_pct": q(base, 0.5),
                            "protected_persons": q(self.protected, 0.5)})
        if self.n_draws > 0:
            for name, p in (("lo95", 0.025), ("lo80", 0.10), ("hi80", 0.90), ("hi95", 0.975)):
                out[f"coverage_{name}_pct"] = q(cov, p)
                out[f"baseline_{name}_pct"] = q(base, p)
        for k, v in self.states.items():
            out[f"{k}_persons"] = q(v, 0.5)
        out["budget_cost_rupiah"] = q(self.budget_cost, 0.5)
        return out

    @property
    def effect_paths(self) -> pd.DataFrame:
        """Monthly workers added by the policy (median and 80/95% bands of the paired difference, persons)."""
        e = self.effect
        out = {"period": self.months, "effect_persons": np.median(e, axis=0)}
        for name, p in (("lo80", 0.10), ("hi80", 0.90), ("lo95", 0.025), ("hi95", 0.975)):
            out[f"effect_{name}_persons"] = np.quantile(e, p, axis=0)
        return pd.DataFrame(out)

    @property
    def by_segment(self) -> pd.DataFrame:
        """Protected workers by segment each month (medians): the baseline split by the segment shares
        (assumptions ``baseline_segment_share_*``), plus the mandate in PU and subsidy and CSR in BPU."""
        pu = self.resolved.at["baseline_segment_share_pu", "central"]
        bpu = self.resolved.at["baseline_segment_share_bpu", "central"]
        base = np.median(self.states["protected_baseline"], axis=0)
        add = {k: np.median(self.states[f"added_{k}"], axis=0) for k in self.levers}
        zero = np.zeros_like(base)
        return pd.DataFrame({
            "period": self.months,
            "PU_persons": base * pu + add.get("mandate", zero),
            "BPU_persons": base * bpu + add.get("subsidy", zero) + add.get("csr", zero) + add.get("voluntary", zero),
            "JAKON_PMI_NON_ASN_persons": base * (1 - pu - bpu),
            "not_protected_persons": np.median(self.states["not_protected"], axis=0),
        })

    @property
    def by_lever(self) -> pd.DataFrame:
        """Workers added by each lever at the target date and at the horizon (median, 80% band), and worker-years."""
        at = self._month(self.scenario.target_by)
        rows = []
        for k in self.levers:
            a = self.states[f"added_{k}"]
            rows.append({"lever": k, "added_at_target_date_persons": float(np.median(a[:, at])),
                         "added_at_target_date_lo80": float(np.quantile(a[:, at], 0.1)),
                         "added_at_target_date_hi80": float(np.quantile(a[:, at], 0.9)),
                         "added_at_horizon_persons": float(np.median(a[:, -1])),
                         "worker_years": float(np.median(a.sum(axis=1) / 12))})
        return pd.DataFrame(rows, columns=["lever", "added_at_target_date_persons", "added_at_target_date_lo80",
                                           "added_at_target_date_hi80", "added_at_horizon_persons", "worker_years"])

    @property
    def mandate_firms_path(self) -> pd.DataFrame:
        """Firms registered because of the licensing gate, cumulative by month (median, 80% band); empty without a mandate."""
        if self.mandate_firms is None:
            return pd.DataFrame(columns=["period", "firms_registered", "firms_lo80", "firms_hi80"])
        lo, med, hi = np.quantile(self.mandate_firms, [0.1, 0.5, 0.9], axis=0)
        return pd.DataFrame({"period": self.months, "firms_registered": med, "firms_lo80": lo, "firms_hi80": hi})

    @property
    def mandate_chain(self) -> pd.DataFrame:
        """The licensing mandate's chain by month (medians): firms registered, workers registered and active
        paid workers (registered workers whose employer pays); empty without a mandate."""
        cols = ["period", "firms_registered", "workers_registered", "active_paid_workers"]
        if self.mandate_firms is None:
            return pd.DataFrame(columns=cols)
        return pd.DataFrame(dict(zip(cols, (self.months, np.median(self.mandate_firms, axis=0),
                                            np.median(self.mandate_workers_registered, axis=0),
                                            np.median(self.states["added_mandate"], axis=0)))))

    @property
    def cost(self) -> pd.DataFrame:
        """Rupiah by calendar year: regional budget (subsidy premiums + mandate administration) and CSR (firms)."""
        years = self.months.year
        df = pd.DataFrame({"year": years, "budget": np.median(self.budget_cost, axis=0),
                           "csr": np.median(self.csr_cost, axis=0)})
        out = df.groupby("year").sum().rename(columns={"budget": "regional_budget_rupiah", "csr": "csr_rupiah"})
        return out.reset_index()

    @property
    def cost_per_worker_year(self) -> float:
        """Regional-budget rupiah per additional covered worker-year (all levers; NaN when nothing is added)."""
        wy = np.median(self.added.sum(axis=1) / 12)
        return float(np.median(self.budget_cost.sum(axis=1)) / wy) if wy > 0 else float("nan")

    def time_to_target(self, target_pct: float | None = None) -> dict:
        """First month coverage reaches the target (central path), its 80% band over draws, and the shortfall."""
        target = self.scenario.target_pct if target_pct is None else target_pct
        reached = self.coverage_pct >= target
        first = np.where(reached.any(axis=1), reached.argmax(axis=1), -1)
        central = np.median(self.coverage_pct, axis=0)
        c_hit = np.flatnonzero(central >= target)
        at = self._month(self.scenario.target_by)
        month_of = lambda i: None if i < 0 else self.months[int(i)]  # noqa: E731
        hit = first[first >= 0]
        return {
            "target_pct": target, "month": month_of(c_hit[0] if len(c_hit) else -1),
            "share_of_draws_reaching": float((first >= 0).mean()),
            "month_lo80": month_of(np.quantile(hit, 0.1)) if len(hit) else None,
            "month_hi80": month_of(np.quantile(hit, 0.9)) if len(hit) else None,
            "shortfall_at_target_date_pp": float(max(0.0, target - central[at])),
            "shortfall_at_target_date_persons": float(max(0.0, target - central[at]) / 100 * self.base_persons),
        }

    def prob_reach(self, target_pct: float | None = None, by: str | None = None) -> float:
        """Share of draws with coverage at or above the target in the month ``by`` (needs n_draws > 0 to mean much)."""
        target = self.scenario.target_pct if target_pct is None else target_pct
        at = self._month(by or self.scenario.target_by)
        return float((self.coverage_pct[:, at] >= target).mean())

    def prob_reach_without_policy(self, target_pct: float | None = None, by: str | None = None) -> float:
        """``prob_reach`` of the no-policy baseline on the same draws (the policy's counterfactual)."""
        target = self.scenario.target_pct if target_pct is None else target_pct
        at = self._month(by or self.scenario.target_by)
        return float((self.baseline_pct[:, at] >= target).mean())

    def summary(self) -> dict:
        """Headline numbers (machine-readable) used by notebooks, reports and the explorer.

        ``effect_*`` is the paired difference scenario minus no policy on the same draws (its own
        80% band); ``prob_reach_difference`` = with − without policy, so a policy that adds nobody
        shows exactly 0. ``prob_reach_by_target_date`` is the same number as ``prob_reach_with_policy``.
        """
        at = self._month(self.scenario.target_by)
        ttt = self.time_to_target()
        eff = self.effect[:, at]
        p_with, p_without = self.prob_reach(), self.prob_reach_without_policy()
        return {
            "scenario": self.scenario.name, "target_pct": self.scenario.target_pct, "target_by": self.scenario.target_by,
            "coverage_at_target_date_pct": float(np.median(self.coverage_pct[:, at])),
            "baseline_at_target_date_pct": float(np.median(self.baseline_pct[:, at])),
            "added_at_target_date_persons": float(np.median(self.added[:, at])),
            "regional_budget_total_rupiah": float(np.median(self.budget_cost.sum(axis=1))),
            "csr_total_rupiah": float(np.median(self.csr_cost.sum(axis=1))),
            "cost_per_worker_year_rupiah": self.cost_per_worker_year,
            "time_to_target_month": ttt["month"], "prob_reach_by_target_date": p_with,
            "shortfall_at_target_date_persons": ttt["shortfall_at_target_date_persons"],
            "effect_at_target_date_persons": float(np.median(eff)),
            "effect_at_target_date_lo80_persons": float(np.quantile(eff, 0.1)),
            "effect_at_target_date_hi80_persons": float(np.quantile(eff, 0.9)),
            "prob_reach_without_policy": p_without, "prob_reach_with_policy": p_with,
            "prob_reach_difference": p_with - p_without,
            "n_draws": self.n_draws, "seed": self.seed,
        }


@lru_cache(maxsize=1)
def _data_date() -> str | None:
    from sumsel_analysis.data.build import read_manifest

    try:
        return read_manifest()["data_date"]
    except FileNotFoundError:
        return None


_MEDIANS: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}


def _path_median(paths: np.ndarray) -> np.ndarray:
    """Monthly median of a baseline's paths, computed once per paths array (the explorer's every update
    needs it) and recomputed if the array's values changed since."""
    hit = _MEDIANS.get(id(paths))
    if hit is None or hit[0] is not paths or not np.array_equal(hit[1], paths):
        if len(_MEDIANS) >= 8:
            _MEDIANS.clear()
        hit = _MEDIANS[id(paths)] = (paths, paths.copy(), np.median(paths, axis=0, keepdims=True))
    return hit[2]


def _baseline_block(baseline, months: pd.DatetimeIndex, n: int, rng: np.random.Generator | None) -> np.ndarray:
    idx = pd.DatetimeIndex(baseline.periods).get_indexer(months)
    if (idx < 0).any():
        missing = months[idx < 0]
        raise ValueError(f"the baseline does not cover {missing[0]:%Y-%m}…{missing[-1]:%Y-%m}; extend it to the horizon")
    paths = np.asarray(baseline.paths)
    if n == 0 and paths.shape[0] > 1:
        return _path_median(paths)[:, idx]
    paths = paths[:, idx]
    if n == 0 or paths.shape[0] == 1:
        return np.median(paths, axis=0, keepdims=True) if n == 0 else np.repeat(paths[:1], n, axis=0)
    return paths[rng.integers(0, paths.shape[0], size=n)]


_CALIBRATIONS: dict[tuple, object] = {}
_GRADES: dict[tuple, pd.DataFrame] = {}


def _lever_grades(cal, levers: tuple[str, ...]) -> pd.DataFrame:
    """``evidence.lever_grades(cal)`` for ``levers``, kept per calibration and lever set (callers get copies)."""
    from sumsel_analysis.policy import evidence

    hit = _GRADES.get((cal.key, levers))
    if hit is None:
        if len(_GRADES) >= 32:
            _GRADES.clear()
        g = evidence.lever_grades(cal)
        hit = _GRADES[(cal.key, levers)] = g[g["lever"].isin(levers)].reset_index(drop=True)
    return hit


def calibration_for(params: pd.DataFrame, key: tuple | None = None):
    """The calibration (``calibration.load_calibration``) for this parameter table and the episodes file.

    Looked up once per process for each parameter-table content (``model.parameter_key``; pass ``key`` when
    known) and episodes file (its size and modification time): the calibration's own lookup hashes its
    inputs (milliseconds), which would otherwise be paid on every ``simulate`` and every ``evidence_grades``.
    """
    from sumsel_analysis.data import paths
    from sumsel_analysis.policy import calibration

    episodes = paths.RAW_DIR / "episodes.csv"
    st = episodes.stat()
    cache_key = (model.parameter_key(params) if key is None else key, str(episodes), st.st_mtime_ns, st.st_size)
    hit = _CALIBRATIONS.get(cache_key)
    if hit is None:
        if len(_CALIBRATIONS) >= 8:
            _CALIBRATIONS.clear()
        hit = _CALIBRATIONS[cache_key] = calibration.load_calibration(params)
    return hit


def posterior_for(params: pd.DataFrame, calibrated: bool = True, key: tuple | None = None) -> pd.DataFrame | None:
    """The calibration posterior for this parameter table (see ``calibration``), or None if not calibrated;
    looked up once per table content and episodes file (``calibration_for``)."""
    return calibration_for(params, key).posterior if calibrated else None


def _resolve(params: pd.DataFrame, overrides: dict, calibrated: bool, key: tuple | None = None
             ) -> tuple[pd.DataFrame | None, model.ResolvedParameters]:
    """The posterior (or None) and the resolved parameters, reading the parameter table's key once."""
    key = model.parameter_key(params) if key is None else key
    posterior = posterior_for(params, calibrated, key)
    return posterior, model.resolve(params, overrides, posterior, key)


def resolved_parameters(params: pd.DataFrame, overrides: dict, calibrated: bool = True) -> pd.DataFrame:
    """``model.resolve_parameters`` on the calibration posterior (default) or on the priors."""
    return _resolve(params, overrides, calibrated)[1].frame()


def simulate(scenario: Scenario, params: pd.DataFrame | None = None, baseline=None, n_draws: int = 0,
             seed: int | None = None, region_scale: float = 1.0, calibrated: bool = True) -> SimulationResult:
    """Run a scenario. ``n_draws=0``: the fast deterministic central path; otherwise Monte Carlo over the
    parameters and the baseline's paths, with one seeded Generator.

    ``calibrated=True`` (default): the lever parameters fitted to the documented episodes are taken from
    the calibration posterior (joint draws; posterior medians on the central path); the others are
    drawn triangular(low, central, high). ``calibrated=False`` uses the priors only.
    ``region_scale`` scales the licensing-mandate flows (NIB issued, reachable firms) for a kab/kota as its
    share of the province's worker base; list sizes in the scenario are taken as given.
    """
    from sumsel_analysis.data import loaders

    if params is None:
        params = loaders.load_parameters()
    data_first = (f"{pd.Timestamp(baseline.start_period):%Y-%m}" if baseline is not None
                  else add_months(latest_data_month(params), 1))
    check_window(scenario, scenario.start or data_first, data_first)  # before the baseline is projected
    if baseline is None:
        baseline = default_baseline(scenario.horizon)
    seed = scenario.seed if seed is None else seed
    rng = np.random.default_rng(seed) if n_draws > 0 else None
    start = pd.Timestamp(scenario.start + "-01") if scenario.start else pd.Timestamp(baseline.start_period)
    months = _months_between(start, pd.Timestamp(scenario.horizon + "-01"))
    check_run_size(n_draws, len(months))
    key = model.parameter_key(params)
    posterior, resolved = _resolve(params, scenario.overrides, calibrated, key)
    base = float(baseline.base_persons)
    # baseline draws first: every scenario run with this seed gets the same baseline paths (common random
    # numbers), whatever its levers and overrides consume from the generator afterwards
    base_persons = _baseline_block(baseline, months, n_draws, rng) / 100 * base
    p = model.draw_parameters(resolved, n_draws, rng, posterior)
    n = max(n_draws, 1)
    base_persons = np.broadcast_to(base_persons, (n, len(months))).copy()
    added, budget, csr_cost = {}, np.zeros((n, len(months))), np.zeros((n, len(months)))
    paid = np.zeros((n, len(months)))
    lv = scenario.levers
    chain, ever = {}, None
    if "mandate" in lv:
        chain = model.mandate_chain(months, lv["mandate"], p, scale=region_scale)
        added["mandate"] = chain["active_paid_workers"]
        on = months >= pd.Timestamp(lv["mandate"]["start"] + "-01")
        budget = budget + on[None, :] * p["mandate_admin_cost_per_year"] / 12 * region_scale
    if "subsidy" in lv:
        added["subsidy"], sub_cost, paid = model.subsidy(months, lv["subsidy"], p)
        budget = budget + sub_cost
    if "csr" in lv:
        added["csr"], csr_cost = model.csr(months, lv["csr"], p, subsidy_on="subsidy" in lv)
    if "voluntary" in lv:
        added["voluntary"], ever = model.voluntary(months, lv["voluntary"], p)
    states = model.combine(base_persons, base, added)
    carried = carried_over(months, lv, p, region_scale)
    meta = {
        "scenario": scenario.to_dict(), "scenario_source": scenario.source, "seed": seed, "n_draws": n_draws,
        "package_version": __version__, "baseline": baseline.describe(),
        "parameters": resolved.records(), "calibrated": calibrated,
        "carried_over_persons": {k: float(np.median(v)) for k, v in carried.items()},
    }
    meta["data_date"] = _data_date()
    out = SimulationResult(scenario, months, base, states, budget, csr_cost, paid, resolved.frame(), n_draws, seed, meta,
                           mandate_firms=chain.get("firms_registered"),
                           mandate_workers_registered=chain.get("workers_registered"), voluntary_enrolled=ever,
                           params=params)
    out._params_key = (params, key)
    return out


def latest_data_month(params: pd.DataFrame) -> str:
    """The last month (YYYY-MM) of the province coverage series the default baseline projects from.

    Kept per parameter-table content and data stamp (``_data_stamp``, as ``default_baseline``): reading and
    checking the processed table takes ~0.1 s, which ``simulate(scenario, params)`` would pay on every call."""
    from sumsel_analysis import trends
    from sumsel_analysis.data import loaders

    key = (model.parameter_key(params), _data_stamp())
    if key not in _LATEST:
        series = trends.province_series(loaders.load_processed("coverage_observations"), params=params)
        if len(_LATEST) >= 8:
            _LATEST.clear()
        _LATEST[key] = f"{series['period'].max():%Y-%m}"
    return _LATEST[key]


_LATEST: dict[tuple, str] = {}


def carried_over(months: pd.DatetimeIndex, levers: dict, p: dict[str, np.ndarray], region_scale: float = 1.0
                 ) -> dict[str, np.ndarray]:
    """Workers each lever that started before the window had added by the month before it, (draws,) per lever:
    its carried-over stock (already in the window's first month; the window counts only its own months' costs)."""
    before = pd.date_range(months[0] - pd.offsets.MonthBegin(1), periods=1, freq="MS")
    early = {k: v for k, v in levers.items() if pd.Timestamp(v["start"] + "-01") < months[0]}
    out = {}
    if "mandate" in early:
        out["mandate"] = model.mandate(before, early["mandate"], p, scale=region_scale)[:, 0]
    if "subsidy" in early:
        out["subsidy"] = model.subsidy(before, early["subsidy"], p)[0][:, 0]
    if "csr" in early:
        out["csr"] = model.csr(before, early["csr"], p, subsidy_on="subsidy" in levers)[0][:, 0]
    return out


def regency_trends(kabkota_cov: pd.DataFrame, province_baseline, band_factor: float = 2.0) -> pd.DataFrame:
    """Each kab/kota's baseline trend (pp per month, with a draw spread), from ``coverage.regional.kabkota_coverage``.

    A kab/kota with ≥ 2 comparable coverage readings follows its own trend (the two latest readings);
    otherwise the province's median trend. The spread is the spread of the province baseline paths'
    monthly slopes, ``band_factor`` times wider where the province trend stands in for a missing one.
    Columns: geo_code, trend_pp_per_month, trend_sd_pp_per_month, trend_source, latest_pct.
    """
    paths = np.asarray(province_baseline.paths)
    slopes = (paths[:, -1] - paths[:, 0]) / max(paths.shape[1] - 1, 1)
    med, sd = float(np.median(slopes)), float(np.std(slopes))
    own = kabkota_cov["growth_pp_per_year"].notna()
    return pd.DataFrame({
        "geo_code": kabkota_cov["bps_code"].to_numpy(),
        "trend_pp_per_month": np.where(own, kabkota_cov["growth_pp_per_year"] / 12, med),
        "trend_sd_pp_per_month": np.where(own, sd, band_factor * sd),
        "trend_source": np.where(own, "own readings", "province trend (wider band)"),
        "latest_pct": kabkota_cov["coverage_pct"].to_numpy(),
    })


def regency_inputs(coverage_obs: pd.DataFrame, regions: pd.DataFrame, province_baseline,
                   labour_obs: pd.DataFrame | None = None, params: pd.DataFrame | None = None) -> pd.DataFrame:
    """The ``simulate_regions`` input for every kab/kota with a usable coverage reading and a published
    worker base (``potential_workers``): base and protected persons, share of the province base, trend.
    With ``labour_obs`` and ``params``, also each region's own firm stock and its basis (``model.region_firm_table``:
    firms_<size>, firm_basis own_by_size / own_total / scaled, firm_year, firm_obs_ids).

    The others publish no base, so they are left out rather than imputed (bring your own figures).
    """
    from sumsel_analysis.coverage import regional

    kc = regional.kabkota_coverage(coverage_obs, regions)
    pot = coverage_obs[(coverage_obs["geo_level"] == "kabkota") & (coverage_obs["metric"] == "potential_workers")
                       & (coverage_obs["segment"] == "total")].sort_values("period").groupby("geo_code").last()
    tr = regency_trends(kc, province_baseline).set_index("geo_code")
    rows = []
    for r in kc.itertuples():
        if r.status != "observed" or r.bps_code not in pot.index:
            continue
        base = float(pot.at[r.bps_code, "value"])
        rows.append({"geo_code": r.bps_code, "name": r.name, "base_persons": base,
                     "protected_persons": r.coverage_pct / 100 * base, "scale": base / province_baseline.base_persons,
                     "coverage_as_of": r.as_of, "base_obs_id": pot.at[r.bps_code, "obs_id"], "coverage_obs_id": r.obs_id,
                     **tr.loc[r.bps_code, ["trend_pp_per_month", "trend_sd_pp_per_month", "trend_source"]].to_dict()})
    out = pd.DataFrame(rows)
    if labour_obs is not None and params is not None and len(out):
        out = out.merge(model.region_firm_table(labour_obs, params, out["geo_code"]), on="geo_code", how="left")
    return out


CHUNK_VALUES = 1 << 17
"""Values per working array in ``simulate_regions`` (1 MiB of float64): regions × months × draws are
processed in blocks this size, small enough to stay in the CPU cache through the ~10 elementwise steps
and the selections. It bounds the working memory (a few MiB, whatever the number of regions; the lever
paths for the draws, draws × months, are held once) and reads each value from main memory once.
Measured on the benchmark machine: 2**15–2**19 are within ~10% of each other; whole regions at a time
(2**20 and more) are 2–3× slower."""


def _select(x: np.ndarray, ks: list[int]) -> np.ndarray:
    """The ``ks``-th smallest value of each row of ``x`` (rows, n): nearest-rank order statistics, (len(ks), rows).

    Partitions ``x`` in place, one k at a time on the part of the rows still unordered (middle k first):
    numpy's multi-k partition is ~20× slower than this on 10,000 values.
    """
    out = np.empty((len(ks), x.shape[0]))
    if x.shape[1] == 1:
        out[:] = x[:, 0]
        return out
    todo = [(0, x.shape[1], sorted(set(ks)))]  # (lo, hi, ks in [lo, hi)); a list, not a recursive closure (no cycle)
    while todo:
        lo, hi, part = todo.pop()
        if part:
            k = part[len(part) // 2]
            x[:, lo:hi].partition(k - lo, axis=1)
            todo += [(lo, k, [j for j in part if j < k]), (k + 1, hi, [j for j in part if j > k])]
    for i, k in enumerate(ks):
        out[i] = x[:, k]
    return out


def _ranks(n: int, qs: tuple[float, ...]) -> list[int]:
    """Nearest-rank positions of the quantiles ``qs`` among ``n`` sorted values."""
    return [int(round(q * (n - 1))) for q in qs]


@lru_cache(maxsize=32)
def _month_range(start: str, months: int) -> pd.DatetimeIndex:
    """Month starts from ``start`` (YYYY-MM); cached (``pd.date_range`` takes milliseconds, the index is immutable)."""
    return pd.date_range(start + "-01", periods=months, freq="MS")


@lru_cache(maxsize=32)
def _months_between(start: pd.Timestamp, end: pd.Timestamp) -> pd.DatetimeIndex:
    """Month starts from ``start`` to ``end`` (inclusive); cached like ``_month_range``."""
    return pd.date_range(start, end, freq="MS")


THREADS = min(2, os.cpu_count() or 1)
"""Threads summarising ``simulate_regions`` blocks: the blocks are independent and numpy releases the GIL
while it computes and partitions them, so two threads use both cores of the 2-core machines this runs
on (CI, the benchmark); more would multiply the working memory for little gain there."""


def _block_values(region: dict, slope32: np.ndarray, steps_t: np.ndarray, lever, bufs: tuple) -> tuple[np.ndarray, np.ndarray]:
    """Persons covered and workers added for regions × months × draws, each (regions, months, draws) float64,
    written into the reused buffers ``bufs`` (float64, float64, float32). ``lever(out)`` writes the lever
    workers (float32) into ``out``. The arithmetic and its float32/float64 rounding are the model's; the last
    step (persons → percent, capped at 100) is left to ``_cov_map`` after the selection."""
    c, nt, D = slope32.shape[0], steps_t.shape[0], slope32.shape[2]
    n = c * nt * D
    s, gain, tmp = (b[:n].reshape(c, nt, D) for b in bufs)
    np.multiply(slope32, steps_t[:, None], out=tmp)  # percent points gained by the trend, float32
    np.add(region["start_pct"], tmp, out=s)
    np.clip(s, 0, 100, out=s)
    s *= region["base_per_pct"]  # baseline persons
    np.subtract(region["base32"], s, out=gain)  # headroom
    lever(tmp)
    np.minimum(tmp, gain, out=gain)  # workers added: the levers' workers, at most the headroom
    s += gain
    return s, gain


def _cov_map(persons: np.ndarray, pct_per_person: np.ndarray) -> np.ndarray:
    """Coverage in percent (capped at 100) from persons covered; ``pct_per_person`` broadcasts against ``persons``."""
    return np.minimum(persons * pct_per_person.astype(np.float64), 100, out=persons)


def _summarise_block(region: dict, t: slice, steps: np.ndarray, lever_paths: tuple, cov_ranks: list[int],
                     mid_rank: list[int], cols: dict[str, np.ndarray], bufs: tuple) -> None:
    """Coverage and workers added of one block of regions × months (a lever on in some draw) over the draws,
    summarised as order statistics into ``cols``.

    The percent map x ↦ min(x · pct_per_person, 100) is non-decreasing (pct_per_person > 0), so it keeps the
    order of the draws: the order statistics are selected on persons and only they are mapped to percent.
    """
    fixed, per_share = lever_paths[:2]
    r, D = region["r"], fixed.shape[1]
    shape = (r.stop - r.start, t.stop - t.start)

    def lever(out):  # the levers' workers: fixed + per share × the region's share (float32)
        np.multiply(per_share[t], region["scale32"], out=out)
        np.add(fixed[t], out, out=out)

    s, gain = _block_values(region, region["slope32"], steps[t], lever, bufs)
    ppp = region["pct_per_person"]
    if not region["monotone"]:
        _cov_map(s, ppp)
    values = _select(s.reshape(-1, D), cov_ranks)
    if region["monotone"]:
        _cov_map(values, np.repeat(ppp[:, 0, 0], shape[1])[None, :])
    for key, v in zip(("lo", "med", "hi"), values):
        cols[key][r, t] = v.reshape(shape)
    cols["added"][r, t] = _select(gain.reshape(-1, D), mid_rank)[0].reshape(shape)


def _summarise_quiet(region: dict, t: np.ndarray, steps: np.ndarray, cov_ranks: list[int], mid_rank: list[int],
                     cols: dict[str, np.ndarray], bufs: tuple) -> None:
    """Coverage and workers added in months where no lever adds anyone in any draw, without a pass over the draws.

    There, persons covered are min(baseline, base) and workers added min(0, headroom): non-decreasing and
    non-increasing in the draw's trend slope (used only where the region's multipliers are positive and its slopes
    finite, see ``_BlockPlan.tasks``), so each order statistic is the value at an order statistic of the slopes —
    computed with the block's own arithmetic on those few slopes (the k-th smallest slope for coverage, the
    (n − 1 − k)-th for the workers added).
    """
    n_cov = len(cov_ranks)
    s, gain = _block_values(region, region["slope_ranks"], steps[t], lambda out: out.fill(0), bufs)
    values = _cov_map(s[:, :, :n_cov].copy(), region["pct_per_person"])
    for i, key in enumerate(("lo", "med", "hi")):
        cols[key][region["r"], t] = values[:, :, i]
    cols["added"][region["r"], t] = gain[:, :, n_cov]


def _summarise_budget(region: dict, t: slice, budget_paths: tuple, mid_rank: list[int], cols: dict[str, np.ndarray],
                      bufs: tuple) -> None:
    """The regional budget's median over the draws for a block of regions × months, into ``cols['budget']``."""
    budget_fixed, budget_per_share, (budget_median, fixed_zero, share_zero, share_median) = budget_paths
    r, D = region["r"], budget_fixed.shape[1]
    if budget_per_share is None:  # no mandate: the region's budget is the lists' own (budget_median, see simulate_regions)
        cols["budget"][r, t] = budget_median[t]
        return
    # budget = fixed + per_share × scale. In a month where one part is zero for every draw the median needs
    # no pass over the draws: the other part's median, times the scale (x ↦ x·s, s ≥ 0, keeps the order of
    # the rounded products, so it is the same order statistic)
    scale = region["scale"][:, 0, 0]
    out = np.where(share_zero[None, t], budget_median[None, t], share_median[None, t] * scale[:, None])
    mixed = ~(fixed_zero[t] | share_zero[t]) | ((scale < 0).any() & ~share_zero[t])
    if mixed.any():
        m = np.flatnonzero(mixed) + t.start
        n = len(m)
        if m[-1] - m[0] + 1 == n:  # consecutive months (the usual case): views of the paths, not copies
            m = slice(int(m[0]), int(m[0]) + n)
        budget = bufs[0][:len(scale) * n * D].reshape(len(scale), n, D)
        np.multiply(budget_per_share[m], region["scale"], out=budget)
        np.add(budget_fixed[m], budget, out=budget)
        out[:, mixed] = _select(budget.reshape(-1, D), mid_rank)[0].reshape(len(scale), -1)
    cols["budget"][r, t] = out


def _runs(on: np.ndarray) -> list[slice]:
    """The runs of consecutive True in ``on`` (months), as slices."""
    edges = np.flatnonzero(np.diff(np.concatenate([[False], on, [False]]).astype(np.int8)))
    return [slice(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2])]


@dataclass
class _BlockPlan:
    """What ``simulate_regions`` shares between its blocks, and how one group of regions is cut into tasks."""

    steps: np.ndarray  # months since the start, float32
    lever_paths: tuple  # (fixed, per_share), each (months, draws) float32
    budget_paths: tuple  # see _summarise_budget
    cov_ranks: list[int]
    mid_rank: list[int]
    quiet: np.ndarray  # per month: no lever adds anyone in any draw (all False for a deterministic run)
    n_mon: int  # months per block
    cols: dict[str, np.ndarray]

    @property
    def slope_ranks(self) -> list[int]:  # see _summarise_quiet
        return self.cov_ranks + [len(self.lever_paths[0][0]) - 1 - self.mid_rank[0]]

    def tasks(self, region: dict) -> list:
        """Callables (each taking the working buffers) that fill ``cols`` for the regions of ``region``."""
        months = len(self.steps)
        region["monotone"] = bool((region["pct_per_person"] > 0).all())  # the percent map keeps the draws' order
        shortcut = self.quiet.any() and region["monotone"] and bool(
            np.isfinite(region["slope32"]).all() and np.isfinite(region["start_pct"]).all()
            and np.isfinite(region["scale32"]).all() and (region["base_per_pct"] > 0).all() and (region["base32"] > 0).all())
        out = []
        if shortcut:
            region["slope_ranks"] = _select(region["slope32"][:, 0, :].copy(), self.slope_ranks).T[:, None, :]
            out.append(partial(_summarise_quiet, region, np.flatnonzero(self.quiet), self.steps, self.cov_ranks,
                               self.mid_rank, self.cols))
        for run in _runs(~self.quiet) if shortcut else [slice(0, months)]:
            out += [partial(_summarise_block, region, slice(t0, min(run.stop, t0 + self.n_mon)), self.steps,
                            self.lever_paths, self.cov_ranks, self.mid_rank, self.cols)
                    for t0 in range(run.start, run.stop, self.n_mon)]
        return out + [partial(_summarise_budget, region, slice(t0, min(months, t0 + self.n_mon)), self.budget_paths,
                              self.mid_rank, self.cols) for t0 in range(0, months, self.n_mon)]


def own_stock_rows(regions: pd.DataFrame) -> np.ndarray:
    """Which regions give their own firm stock (any ``firms_<size>`` column filled), (regions,) bool."""
    cols = [f"firms_{s}" for s in model.SIZES if f"firms_{s}" in regions]
    if not cols:
        return np.zeros(len(regions), bool)
    return regions[cols].notna().any(axis=1).to_numpy()


def region_blocks(n_regions: int, per_block: int, alone: np.ndarray) -> list[slice]:
    """Consecutive blocks of at most ``per_block`` regions, in order; a region marked ``alone`` (its own mandate
    path) is a block by itself. The order of regions, hence of their random draws, is unchanged."""
    out, r0 = [], 0
    while r0 < n_regions:
        stop = r0 + 1 if alone[r0] else min(n_regions, r0 + per_block)
        nxt = np.flatnonzero(alone[r0 + 1:stop])
        stop = r0 + 1 + int(nxt[0]) if len(nxt) and not alone[r0] else stop
        out.append(slice(r0, stop))
        r0 = stop
    return out


def own_stock_paths(settings: dict | None, months: pd.DatetimeIndex, p: dict[str, np.ndarray], regions: pd.DataFrame,
                    fixed: np.ndarray, own: np.ndarray) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    """Per region with its own firm stock (row position → the (fixed, per_share) lever paths its tasks use, each
    (months, draws)): the gate's path over its own firms added to the region-independent paths, and only the
    new-NIB flow left to scale with its share; ``own`` marks those regions (``own_stock_rows``)."""
    rows = np.flatnonzero(own) if settings is not None else []
    if not len(rows):
        return {}
    new_only = model.mandate(months, {**settings, "firms": {s: 0.0 for s in model.SIZES}}, p).astype(np.float32)
    out = {}
    for i in rows:
        firms = {s: float(regions[f"firms_{s}"].iloc[i]) if f"firms_{s}" in regions
                 and pd.notna(regions[f"firms_{s}"].iloc[i]) else 0.0 for s in model.SIZES}
        own = model.mandate(months, {**settings, "firms": firms}, p, scale=0.0).astype(np.float32)
        out[int(i)] = (np.ascontiguousarray(fixed + own.T),  # both (months, draws), as the block reads them
                       np.ascontiguousarray(new_only.T))
    return out


def quiet_months(lever_paths: tuple[np.ndarray, ...], drawn: bool) -> np.ndarray:
    """Per month: no lever adds anyone in any draw (``lever_paths`` each (months, draws)); all False for a
    deterministic run or when every month has a lever on (then there is nothing to shortcut)."""
    on = np.logical_or.reduce([a.any(axis=1) for a in lever_paths])
    return ~on if drawn and not on.all() else np.zeros(len(on), bool)


def region_lever_paths(scenario: Scenario, months: pd.DatetimeIndex, p: dict[str, np.ndarray]
                       ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The levers' paths for ``simulate_regions``, computed once for all regions, each (draws, months):
    workers added whatever the region (subsidy and CSR lists are the region's own, taken as given; float32),
    workers added per unit of the region's share of the province (the mandate is linear in it; float32),
    and the regional-budget rupiah per month likewise (float64).

    For many draws the mandate is computed on a second thread while the lists are computed (the same
    arrays, summed in the same order)."""
    D, T = p["_renewal_u"].shape[0], len(months)  # every drawn parameter set has ``_renewal_u``
    fixed, per_share = np.zeros((D, T), np.float32), np.zeros((D, T), np.float32)
    budget_fixed, budget_per_share = np.zeros((D, T)), np.zeros((D, T))
    lv = scenario.levers
    both = "mandate" in lv and len(lv) > 1 and THREADS > 1 and D * T > CHUNK_VALUES
    with ThreadPoolExecutor(1) if both else nullcontext() as pool:
        mandate = pool.submit(model.mandate, months, lv["mandate"], p) if both else None
        if "subsidy" in lv:
            sub, cost, _ = model.subsidy(months, lv["subsidy"], p)
            fixed += sub
            budget_fixed += cost
        if "csr" in lv:
            fixed += model.csr(months, lv["csr"], p, "subsidy" in lv)[0]
        if "voluntary" in lv:  # the region's own reached group, taken as given like the lists
            fixed += model.voluntary(months, lv["voluntary"], p)[0]
        if "mandate" in lv:
            per_share += mandate.result() if both else model.mandate(months, lv["mandate"], p)
            on = months >= pd.Timestamp(lv["mandate"]["start"] + "-01")
            budget_per_share += on[None, :] * p["mandate_admin_cost_per_year"] / 12
    return fixed, per_share, budget_fixed, budget_per_share


def simulate_regions(scenario: Scenario, params: pd.DataFrame, regions: pd.DataFrame, months: int = 120,
                     start: str = "2026-01", n_draws: int = 0, seed: int | None = None,
                     calibrated: bool = True) -> pd.DataFrame:
    """Run a scenario for many kab/kota at once, vectorised over regions × Monte Carlo draws.

    ``regions`` has columns geo_code, base_persons, protected_persons (latest count) and ``scale`` (the
    region's share of the province's worker base — applied to the licensing mandate's province-wide
    flows only); optional trend_pp_per_month and trend_sd_pp_per_month (see ``regency_trends``; flat
    when absent). Subsidy and CSR list sizes are the region's own and are taken as given (never
    multiplied by ``scale``). Each draw shares one parameter draw across regions (from the calibration
    posterior by default) and draws its own trend per region. Returns one row per region and month:
    geo_code, period, coverage_pct (median), coverage_lo80, coverage_hi80, baseline_pct, added_persons
    (median), regional_budget_rupiah (median, per month).

    A region with its own firm stock (columns ``firms_micro`` … ``firms_large``, from ``model.region_firm_table``;
    NaN = none) has the licensing gate meet its own firms: its mandate path is the new-NIB flow × ``scale`` plus
    the gate's path over its own stock (the chain is additive in the two), not the province's stock × ``scale``.

    Regions × months are processed in blocks of ``CHUNK_VALUES`` values (bounded memory); the bands are
    order statistics over the draws (nearest rank), the same whatever the block size.
    """
    mths = _month_range(start, months)
    check_run_size(n_draws, months)  # regions are run in blocks over the same draws × months
    outside = outside_window(scenario.levers, start, f"{mths[-1]:%Y-%m}")
    if outside:
        raise scenario.error(*outside)
    R, D = len(regions), max(n_draws, 1)
    seed = scenario.seed if seed is None else seed
    rng = np.random.default_rng(seed) if n_draws > 0 else None
    posterior, resolved = _resolve(params, scenario.overrides, calibrated)
    p = model.draw_parameters(resolved, n_draws, rng, posterior)  # one draw set (D rows) shared by all regions
    col = lambda name, default: (regions[name].to_numpy(dtype=float) if name in regions  # noqa: E731
                                 else np.full(R, default))
    scale = col("scale", 1.0)
    base = regions["base_persons"].to_numpy(dtype=float)
    start_pct = 100 * regions["protected_persons"].to_numpy(dtype=float) / base
    trend, trend_sd = col("trend_pp_per_month", 0.0), col("trend_sd_pp_per_month", 0.0)
    steps = np.arange(months, dtype=np.float32)
    lv = scenario.levers
    fixed, per_share, budget_fixed, budget_per_share = region_lever_paths(scenario, mths, p)
    # months × draws from here on, so each (region, month) is one contiguous row of draws
    fixed, per_share = np.ascontiguousarray(fixed.T), np.ascontiguousarray(per_share.T)
    budget_fixed, budget_per_share = np.ascontiguousarray(budget_fixed.T), np.ascontiguousarray(budget_per_share.T)
    cols = {k: np.empty((R, months)) for k in ("lo", "med", "hi", "base", "added", "budget")}
    cov_ranks, mid_rank = _ranks(D, (0.1, 0.5, 0.9)), _ranks(D, (0.5,))
    rows = max(1, CHUNK_VALUES // D)  # (region, month) rows of D draws per block
    n_reg, n_mon = (max(1, rows // months), months) if rows >= months else (1, rows)
    budget_parts = (_select(budget_fixed.copy(), mid_rank)[0], ~budget_fixed.any(axis=1),
                    ~budget_per_share.any(axis=1), _select(budget_per_share.copy(), mid_rank)[0])
    plan = _BlockPlan(steps, (fixed, per_share), (budget_fixed, budget_per_share if "mandate" in lv else None, budget_parts),
                      cov_ranks, mid_rank, quiet_months((fixed, per_share), n_draws > 0), n_mon, cols)
    alone = own_stock_rows(regions) if "mandate" in lv else np.zeros(R, bool)  # regions gating their own firms
    own_plans = {i: replace(plan, lever_paths=paths, quiet=quiet_months(paths, n_draws > 0))  # see own_stock_paths
                 for i, paths in own_stock_paths(lv.get("mandate"), mths, p, regions, fixed, alone).items()}
    size = min(n_reg, R) * max(n_mon * D, len(plan.slope_ranks) * months)  # values per working buffer
    local = threading.local()

    def work(task) -> None:  # with the thread's own working buffers
        if not hasattr(local, "bufs"):
            local.bufs = (np.empty(size), np.empty(size), np.empty(size, np.float32))
        task(local.bufs)

    parallel = THREADS > 1 and R * months * D > 2 * CHUNK_VALUES
    with ThreadPoolExecutor(THREADS) if parallel else nullcontext() as pool:  # tasks write disjoint parts of ``cols``
        done = []
        for r in region_blocks(R, n_reg, alone):
            c = r.stop - r.start
            slope = np.broadcast_to(trend[r, None], (c, D))
            if n_draws > 0:  # drawn block by block, in order: the same stream as one (regions, draws) call
                slope = slope + trend_sd[r, None] * rng.standard_normal((c, D))
            # the baseline is monotone in the slope, so its median is the path of the median slope
            cols["base"][r] = np.clip(start_pct[r, None] + np.median(slope, axis=1)[:, None] * steps[None, :], 0, 100)
            f32 = lambda a: a[r].astype(np.float32)[:, None, None]  # noqa: E731  (per-region constants, as the model rounds them)
            region = {"r": r, "slope32": slope.astype(np.float32)[:, None, :], "start_pct": start_pct[r, None, None],
                      "base_per_pct": f32(base / 100), "base32": f32(base), "pct_per_person": f32(100 / base),
                      "scale32": f32(scale), "scale": scale[r, None, None]}
            for task in own_plans.get(r.start, plan).tasks(region):
                if parallel:  # started while the next regions' trends are drawn; numpy releases the GIL in each step
                    done.append(pool.submit(work, task))
                else:
                    work(task)
        for f in done:
            f.result()
    return pd.DataFrame({
        "geo_code": np.repeat(regions["geo_code"].to_numpy(), months), "period": np.tile(mths, R),
        "coverage_pct": cols["med"].ravel(), "coverage_lo80": cols["lo"].ravel(), "coverage_hi80": cols["hi"].ravel(),
        "baseline_pct": cols["base"].ravel(), "added_persons": cols["added"].ravel(),
        "regional_budget_rupiah": cols["budget"].ravel(),
    })
