"""Costs an official can budget: rupiah per calendar year on the outcome's horizon, and unit costs.

``cost_per_year`` splits a simulated scenario's money by payer — the regional budget (APBD: subsidy
premiums and mandate administration), firms through CSR, and employers' own contributions for the
workers the licensing mandate registers — for each year up to the target date, so costs and outcomes
are read over the same months. ``unit_costs`` gives the premium per covered worker-year and the APBD
cost per additional worker at the target date. All values are medians over the Monte Carlo draws.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sumsel_analysis.data.loaders import parameter


def employer_rate_pct(params: pd.DataFrame, which: str = "central") -> float:
    """Employer contribution (% of wage) for a mandate-registered worker (assumption with its range)."""
    return parameter(params, "mandate_employer_contribution_pct_of_wage", which)


def cost_per_year(result, params: pd.DataFrame, until: str | None = None) -> pd.DataFrame:
    """One row per calendar year from the scenario start to ``until`` (default: the target date).

    Columns: year, months (simulated months in that year), apbd_rupiah, csr_rupiah,
    employer_contribution_rupiah (mandate workers × minimum wage × employer rate; a floor, since the
    minimum wage is the lowest wage a registered worker can declare), subsidised_worker_years,
    added_persons_end_of_year (all levers, median), apbd_per_subsidised_worker_year_rupiah.
    """
    end = result._month(until or result.scenario.target_by)
    months = result.months[: end + 1]
    wage = parameter(params, "ump_sumsel_2026")
    rate = employer_rate_pct(params) / 100
    mandate = result.states.get("added_mandate", np.zeros_like(result.budget_cost))[:, : end + 1]
    rows = []
    for year in sorted(set(months.year)):
        m = np.flatnonzero(months.year == year)
        subsidised = float(np.median(result.subsidy_paid_workers[:, m].sum(axis=1) / 12))
        apbd = float(np.median(result.budget_cost[:, m].sum(axis=1)))
        rows.append({
            "year": int(year), "months": len(m), "apbd_rupiah": apbd,
            "csr_rupiah": float(np.median(result.csr_cost[:, m].sum(axis=1))),
            "employer_contribution_rupiah": float(np.median(mandate[:, m].sum(axis=1))) * wage * rate,
            "subsidised_worker_years": subsidised,
            "added_persons_end_of_year": float(np.median(result.added[:, m[-1]])),
            "apbd_per_subsidised_worker_year_rupiah": apbd / subsidised if subsidised > 0 else np.nan,
        })
    return pd.DataFrame(rows)


def unit_costs(result, params: pd.DataFrame) -> dict:
    """Premium per covered worker-year, APBD per additional worker at the target date, CSR and employer totals.

    ``premium_per_worker_year_rupiah`` is the JKK+JKM premium a budget pays for one worker for twelve
    months (parameter ``apbd_premium_per_worker_month`` × 12); ``apbd_per_added_worker_rupiah`` divides
    the APBD spent up to the target date by the workers added at that date (NaN when none are added).
    """
    table = cost_per_year(result, params)
    at = result._month(result.scenario.target_by)
    added = float(np.median(result.added[:, at]))
    apbd = float(table["apbd_rupiah"].sum())
    return {
        "premium_per_worker_year_rupiah": 12 * parameter(params, "apbd_premium_per_worker_month"),
        "apbd_to_target_date_rupiah": apbd,
        "apbd_per_added_worker_rupiah": apbd / added if added > 0 else float("nan"),
        "csr_to_target_date_rupiah": float(table["csr_rupiah"].sum()),
        "employer_contribution_to_target_date_rupiah": float(table["employer_contribution_rupiah"].sum()),
        "added_at_target_date_persons": added,
        "employer_rate_pct": employer_rate_pct(params),
        "employer_wage_rupiah_per_month": parameter(params, "ump_sumsel_2026"),
    }
