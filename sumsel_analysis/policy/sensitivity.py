"""Which assumptions matter: one-at-a-time tornado and global Sobol indices (SALib) for a scenario's outputs.

Outputs: ``coverage_at_target_date`` (percent), ``added_at_target_date`` (persons), ``cost`` (regional
budget, rupiah) and ``time_to_target`` (months from the first simulated month to the month coverage
reaches the target; the horizon + 1 when it never does, so the output is defined for every draw).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from SALib.analyze import sobol as sobol_analyze
from SALib.sample import sobol as sobol_sample

from sumsel_analysis.policy.model import MODEL_PARAMS
from sumsel_analysis.policy.scenario import Scenario
from sumsel_analysis.policy.simulation import resolved_parameters, simulate

OUTPUTS = ("coverage_at_target_date", "added_at_target_date", "cost", "time_to_target")


def _output(result, output: str) -> np.ndarray:
    at = result._month(result.scenario.target_by)
    if output == "coverage_at_target_date":
        return result.coverage_pct[:, at]
    if output == "added_at_target_date":
        return result.added[:, at]
    if output == "cost":
        return result.budget_cost.sum(axis=1)
    if output == "time_to_target":
        reached = result.coverage_pct >= result.scenario.target_pct
        return np.where(reached.any(axis=1), reached.argmax(axis=1), reached.shape[1]).astype(float)
    raise ValueError(f"output must be one of {OUTPUTS}, got {output!r}")


def uncertain_parameters(scenario: Scenario, params: pd.DataFrame) -> pd.DataFrame:
    """The model parameters with a range (low < high) that the scenario's levers actually use."""
    from sumsel_analysis.policy import model

    used = set()
    if "mandate" in scenario.levers:
        used |= set(model.MANDATE_PARAMS) | {"mandate_admin_cost_per_year"}
    if "subsidy" in scenario.levers or "csr" in scenario.levers:
        used |= set(model.SUBSIDY_PARAMS) | set(model.CSR_PARAMS)
    r = resolved_parameters(params, scenario.overrides)
    return r[(r["low"] < r["high"]) & r.index.isin(sorted(used))]


def _with(scenario: Scenario, values: dict[str, float]) -> Scenario:
    over = {**scenario.overrides, **{k: {"low": v, "central": v, "high": v} for k, v in values.items()}}
    return Scenario(**{**scenario.__dict__, "overrides": over})


def tornado(scenario: Scenario, params: pd.DataFrame, baseline, output: str = "added_at_target_date") -> pd.DataFrame:
    """Output at each parameter's low and high (others central), sorted by swing; baseline held at its median."""
    central = float(_output(simulate(scenario, params, baseline), output)[0])
    rows = []
    for name, r in uncertain_parameters(scenario, params).iterrows():
        lo = float(_output(simulate(_with(scenario, {name: r["low"]}), params, baseline), output)[0])
        hi = float(_output(simulate(_with(scenario, {name: r["high"]}), params, baseline), output)[0])
        rows.append({"parameter": name, "low_value": r["low"], "high_value": r["high"], "output_at_low": lo,
                     "output_at_high": hi, "central_output": central, "swing": abs(hi - lo)})
    return pd.DataFrame(rows).sort_values("swing", ascending=False).reset_index(drop=True)


def sobol(scenario: Scenario, params: pd.DataFrame, baseline, output: str = "added_at_target_date",
          n: int = 256, seed: int = 20251204) -> pd.DataFrame:
    """First-order (S1) and total (ST) Sobol indices over the uniform parameter ranges (SALib, Saltelli design).

    The model is evaluated once, vectorised, over all N × (2D + 2) sample rows.
    """
    unc = uncertain_parameters(scenario, params)
    problem = {"num_vars": len(unc), "names": list(unc.index), "bounds": unc[["low", "high"]].to_numpy().tolist()}
    X = sobol_sample.sample(problem, n, calc_second_order=False, seed=seed)

    resolved = resolved_parameters(params, scenario.overrides)
    p = {k: np.full((len(X), 1), resolved.at[k, "central"]) for k in MODEL_PARAMS}
    for j, name in enumerate(problem["names"]):
        p[name] = X[:, [j]]
    y = _evaluate(scenario, params, baseline, p)
    y = _output(y, output)
    if np.std(y) == 0:
        raise ValueError(f"{output} is the same in every sample ({y[0]:g}); e.g. the target is never reached "
                         "within the horizon, so there is no variance to attribute")
    Si = sobol_analyze.analyze(problem, y, calc_second_order=False, seed=seed)
    return pd.DataFrame({"parameter": problem["names"], "S1": Si["S1"], "S1_conf": Si["S1_conf"], "ST": Si["ST"],
                         "ST_conf": Si["ST_conf"]}).sort_values("ST", ascending=False).reset_index(drop=True)


def _evaluate(scenario: Scenario, params: pd.DataFrame, baseline, p: dict[str, np.ndarray]):
    """Run the model on given parameter arrays (rows = samples), baseline at its median."""
    from sumsel_analysis.policy import model
    from sumsel_analysis.policy.simulation import SimulationResult, _baseline_block

    start = pd.Timestamp(scenario.start + "-01") if scenario.start else pd.Timestamp(baseline.start_period)
    months = pd.date_range(start, pd.Timestamp(scenario.horizon + "-01"), freq="MS")
    n = next(iter(p.values())).shape[0]
    base = float(baseline.base_persons)
    bp = np.repeat(_baseline_block(baseline, months, 0, None) / 100 * base, n, axis=0)
    added, budget = {}, np.zeros((n, len(months)))
    lv = scenario.levers
    if "mandate" in lv:
        added["mandate"] = model.mandate(months, lv["mandate"], p)
        budget = budget + (months >= pd.Timestamp(lv["mandate"]["start"] + "-01"))[None, :] * p["mandate_admin_cost_per_year"] / 12
    paid = np.zeros_like(budget)
    if "subsidy" in lv:
        added["subsidy"], c, paid = model.subsidy(months, lv["subsidy"], p)
        budget = budget + c
    csr_cost = np.zeros_like(budget)
    if "csr" in lv:
        added["csr"], csr_cost = model.csr(months, lv["csr"], p, "subsidy" in lv)
    states = model.combine(bp, base, added)
    return SimulationResult(scenario, months, base, states, budget, csr_cost, paid,
                            resolved_parameters(params, scenario.overrides), n, None, {})
