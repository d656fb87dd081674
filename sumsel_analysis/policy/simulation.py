"""Running a scenario: ``simulate`` (province) and ``simulate_regions`` (kab/kota), and ``SimulationResult``.

``simulate(scenario, params, baseline, n_draws, seed)`` runs the monthly stock–flow model on top of a
baseline projection (``trends.baseline_projection`` or ``trends.constant_pace_baseline``) and returns
a ``SimulationResult`` with coverage paths (bands when n_draws > 0), workers added by lever, regional
budget cost in rupiah, cost per additional covered worker-year, time to target, the probability of
reaching the target and the metadata needed to reproduce it (scenario, parameter values, seed, data date).
What is *not* modelled is listed in ``not_modelled.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from sumsel_analysis import __version__
from sumsel_analysis.policy import model
from sumsel_analysis.policy.scenario import Scenario

LEVERS = ("mandate", "subsidy", "csr")


def not_modelled() -> list[dict]:
    """What the simulator deliberately leaves out, with why (shown in notebooks and reports)."""
    return yaml.safe_load((Path(__file__).parent / "not_modelled.yaml").read_text(encoding="utf-8"))


def default_baseline(horizon: str = "2030-12", n_paths: int = 2000, seed: int = 20251204):
    """The statsmodels trend projection from the processed data (see ``trends.baseline_projection``)."""
    from sumsel_analysis import trends
    from sumsel_analysis.data import loaders

    return trends.baseline_projection(loaders.load_processed("coverage_observations"), loaders.load_parameters(),
                                        until=horizon, n_paths=n_paths, seed=seed)


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
            "BPU_persons": base * bpu + add.get("subsidy", zero) + add.get("csr", zero),
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

    def summary(self) -> dict:
        """Headline numbers (machine-readable) used by notebooks, reports and the explorer."""
        at = self._month(self.scenario.target_by)
        ttt = self.time_to_target()
        with_reach = self.prob_reach()
        base_reach = float((self.baseline_pct[:, at] >= self.scenario.target_pct).mean())
        return {
            "scenario": self.scenario.name, "target_pct": self.scenario.target_pct, "target_by": self.scenario.target_by,
            "coverage_at_target_date_pct": float(np.median(self.coverage_pct[:, at])),
            "baseline_at_target_date_pct": float(np.median(self.baseline_pct[:, at])),
            "added_at_target_date_persons": float(np.median(self.added[:, at])),
            "regional_budget_total_rupiah": float(np.median(self.budget_cost.sum(axis=1))),
            "csr_total_rupiah": float(np.median(self.csr_cost.sum(axis=1))),
            "cost_per_worker_year_rupiah": self.cost_per_worker_year,
            "time_to_target_month": ttt["month"], "prob_reach_by_target_date": self.prob_reach(),
            "shortfall_at_target_date_persons": ttt["shortfall_at_target_date_persons"],
            "n_draws": self.n_draws, "seed": self.seed,
            # the policy's effect: scenario minus baseline on the same draws (the added_* states are that difference)
            "effect_at_target_date_persons": float(np.median(self.added[:, at])),
            "effect_at_target_date_lo80_persons": float(np.quantile(self.added[:, at], 0.1)),
            "effect_at_target_date_hi80_persons": float(np.quantile(self.added[:, at], 0.9)),
            "prob_reach_without_policy": base_reach, "prob_reach_with_policy": with_reach,
            "prob_reach_difference": with_reach - base_reach,
        }


@lru_cache(maxsize=1)
def _data_date() -> str | None:
    from sumsel_analysis.data.build import read_manifest

    try:
        return read_manifest()["data_date"]
    except FileNotFoundError:
        return None


def _baseline_block(baseline, months: pd.DatetimeIndex, n: int, rng: np.random.Generator | None) -> np.ndarray:
    bp = pd.DatetimeIndex(baseline.periods)
    missing = months.difference(bp)
    if len(missing):
        raise ValueError(f"the baseline does not cover {missing[0]:%Y-%m}…{missing[-1]:%Y-%m}; extend it to the horizon")
    idx = bp.get_indexer(months)
    paths = np.asarray(baseline.paths)[:, idx]
    if n == 0 or paths.shape[0] == 1:
        return np.median(paths, axis=0, keepdims=True) if n == 0 else np.repeat(paths[:1], n, axis=0)
    return paths[rng.integers(0, paths.shape[0], size=n)]


def simulate(scenario: Scenario, params: pd.DataFrame | None = None, baseline=None, n_draws: int = 0,
             seed: int | None = None, region_scale: float = 1.0) -> SimulationResult:
    """Run a scenario. ``n_draws=0``: the fast deterministic central path; otherwise Monte Carlo over the
    parameter ranges (triangular low/central/high) and the baseline's paths, with one seeded Generator.

    ``region_scale`` scales the licensing-mandate flows (NIB issued, reachable firms) for a kab/kota as its
    share of the province's worker base; list sizes in the scenario are taken as given.
    """
    from sumsel_analysis.data import loaders

    if params is None:
        params = loaders.load_parameters()
    if baseline is None:
        baseline = default_baseline(scenario.horizon)
    seed = scenario.seed if seed is None else seed
    rng = np.random.default_rng(seed) if n_draws > 0 else None
    start = pd.Timestamp(scenario.start + "-01") if scenario.start else pd.Timestamp(baseline.start_period)
    months = pd.date_range(start, pd.Timestamp(scenario.horizon + "-01"), freq="MS")
    resolved = model.resolve_parameters(params, scenario.overrides)
    p = model.draw_parameters(resolved, n_draws, rng)
    base = float(baseline.base_persons)
    base_persons = _baseline_block(baseline, months, n_draws, rng) / 100 * base
    n = max(n_draws, 1)
    base_persons = np.broadcast_to(base_persons, (n, len(months))).copy()
    added, budget, csr_cost = {}, np.zeros((n, len(months))), np.zeros((n, len(months)))
    paid = np.zeros((n, len(months)))
    lv = scenario.levers
    if "mandate" in lv:
        added["mandate"] = model.mandate(months, lv["mandate"], p, scale=region_scale)
        on = months >= pd.Timestamp(lv["mandate"]["start"] + "-01")
        budget = budget + on[None, :] * p["mandate_admin_cost_per_year"] / 12 * region_scale
    if "subsidy" in lv:
        added["subsidy"], sub_cost, paid = model.subsidy(months, lv["subsidy"], p)
        budget = budget + sub_cost
    if "csr" in lv:
        added["csr"], csr_cost = model.csr(months, lv["csr"], p, subsidy_on="subsidy" in lv)
    states = model.combine(base_persons, base, added)
    meta = {
        "scenario": scenario.to_dict(), "scenario_source": scenario.source, "seed": seed, "n_draws": n_draws,
        "package_version": __version__, "baseline": baseline.describe(),
        "parameters": resolved.reset_index().to_dict("records"),
    }
    meta["data_date"] = _data_date()
    return SimulationResult(scenario, months, base, states, budget, csr_cost, paid, resolved, n_draws, seed, meta)


def simulate_regions(scenario: Scenario, params: pd.DataFrame, regions: pd.DataFrame, months: int = 120,
                     start: str = "2026-01") -> pd.DataFrame:
    """Deterministic run for many regions at once (one row each), vectorised over regions.

    ``regions`` has columns geo_code, base_persons, protected_persons (latest count) and ``scale`` (the
    region's share of the province's worker base, applied to mandate flows); each region's baseline is
    held flat at its latest coverage (no trend model for sparse kab/kota data). Returns one row per region
    and month: geo_code, period, coverage_pct, added_persons.
    """
    mths = pd.date_range(start + "-01", periods=months, freq="MS")
    n = len(regions)
    resolved = model.resolve_parameters(params, scenario.overrides)
    p = {k: np.full((n, 1), v) for k, v in resolved["central"].items()}
    scale = regions["scale"].to_numpy(dtype=float)[:, None]
    base = regions["base_persons"].to_numpy(dtype=float)[:, None]
    bp = np.repeat(regions["protected_persons"].to_numpy(dtype=float)[:, None], months, axis=1)
    lv, added = scenario.levers, {}
    if "mandate" in lv:
        added["mandate"] = model.mandate(mths, lv["mandate"], p, scale=scale[:, 0])
    if "subsidy" in lv:
        added["subsidy"] = model.subsidy(mths, lv["subsidy"], p, scale=scale)[0]
    if "csr" in lv:
        added["csr"] = model.csr(mths, lv["csr"], p, "subsidy" in lv, scale=scale)[0]
    states = model.combine(bp, base, added)
    prot = base - states["not_protected"]
    return pd.DataFrame({"geo_code": np.repeat(regions["geo_code"].to_numpy(), months),
                         "period": np.tile(mths, n), "coverage_pct": (100 * prot / base).ravel(),
                         "added_persons": (prot - bp).ravel()})
