"""Least-cost mix of levers that reaches a coverage target by a date within a budget (scipy.optimize).

Decision: whether to run the licensing mandate (its administration costs the budget every month) and how
many workers to put on a list-based subsidy funded from its start to the target date. Coverage rises
monotonically with the subsidised list, so for each mandate choice the smallest sufficient list is found
with ``scipy.optimize.brentq``; the cheaper feasible option wins. When no option reaches the target, or
the cheapest one exceeds the budget, the result says so plainly with the best coverage reachable.
"""

from __future__ import annotations

import pandas as pd
from scipy.optimize import brentq

from sumsel_analysis.data.loaders import parameter
from sumsel_analysis.policy.scenario import Scenario
from sumsel_analysis.policy.simulation import simulate


def least_cost_mix(target_pct: float, by: str, budget_rupiah: float, params: pd.DataFrame, baseline,
                   start: str = "2026-07", max_subsidy_workers: float | None = None, horizon: str | None = None,
                   delivery: str = "list_based") -> dict:
    """The cheapest (mandate on/off, subsidised workers) reaching ``target_pct`` in month ``by``.

    ``max_subsidy_workers`` defaults to the ~400,000 poor workers on the Dinas Sosial lists
    (parameter ``sumsel_poor_workers``). Returns a dict with ``feasible``, the chosen mix, its cost,
    the coverage reached, every option tried and, when infeasible, why.
    """
    horizon = horizon or by
    cap = max_subsidy_workers if max_subsidy_workers is not None else parameter(params, "sumsel_poor_workers")
    months = (pd.Period(by, "M") - pd.Period(start, "M")).n + 1
    if months < 1:
        raise ValueError(f"the target date {by} is before the start {start}")

    def scen(mandate: bool, workers: float) -> Scenario:
        levers = {}
        if mandate:
            levers["mandate"] = {"start": start, "events": ["new_nib", "permits_tenders"]}
        if workers > 0:
            levers["subsidy"] = {"start": start, "workers": int(round(workers)), "months": months,
                                 "delivery": delivery, "targeting": "deciles_1_3"}
        return Scenario(name="least-cost search", horizon=horizon, target_pct=target_pct, target_by=by, levers=levers)

    def coverage(mandate: bool, workers: float) -> float:
        r = simulate(scen(mandate, workers), params, baseline)
        return float(r.coverage_pct[0, r._month(by)])

    options = []
    for mandate in (False, True):
        lo_cov, hi_cov = coverage(mandate, 0), coverage(mandate, cap)
        if lo_cov >= target_pct:
            workers = 0.0
        elif hi_cov < target_pct:
            options.append({"mandate": mandate, "subsidy_workers": cap, "feasible": False, "coverage_pct": hi_cov,
                            "regional_budget_rupiah": float(simulate(scen(mandate, cap), params, baseline).budget_cost.sum())})
            continue
        else:
            workers = brentq(lambda w: coverage(mandate, w) - target_pct, 0, cap, xtol=50)
            workers = min(cap, workers + 50)
        r = simulate(scen(mandate, workers), params, baseline)
        options.append({"mandate": mandate, "subsidy_workers": workers, "feasible": True,
                        "coverage_pct": float(r.coverage_pct[0, r._month(by)]),
                        "regional_budget_rupiah": float(r.budget_cost.sum())})
    table = pd.DataFrame(options)
    feasible = table[table["feasible"]]
    if feasible.empty:
        best = table.sort_values("coverage_pct").iloc[-1]
        return {"feasible": False, "reason": (f"no mix reaches {target_pct}% by {by}: the best (mandate "
                f"{'on' if best['mandate'] else 'off'}, {best['subsidy_workers']:,.0f} subsidised workers) reaches "
                f"{best['coverage_pct']:.1f}%"), "options": table, "best_reachable_pct": float(best["coverage_pct"])}
    best = feasible.sort_values("regional_budget_rupiah").iloc[0]
    if best["regional_budget_rupiah"] > budget_rupiah:
        return {"feasible": False, "reason": (f"the cheapest mix reaching {target_pct}% by {by} costs "
                f"Rp{best['regional_budget_rupiah'] / 1e9:,.1f} bn, above the budget of Rp{budget_rupiah / 1e9:,.1f} bn"),
                "options": table, "cheapest": best.to_dict()}
    return {"feasible": True, "mandate": bool(best["mandate"]), "subsidy_workers": float(best["subsidy_workers"]),
            "regional_budget_rupiah": float(best["regional_budget_rupiah"]), "coverage_pct": float(best["coverage_pct"]),
            "options": table}
