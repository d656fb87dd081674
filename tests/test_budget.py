"""Costs per year by payer on the outcome's horizon, and unit costs (policy.budget)."""

from pathlib import Path

import numpy as np
import pytest

from sumsel_analysis import policy
from sumsel_analysis.data import loaders

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def run():
    params = loaders.load_parameters()
    s = policy.load_scenario(ROOT / "scenarios" / "combined_mandate_subsidy_csr.yaml", params)
    return policy.simulate(s, params, n_draws=0), params


def test_cost_per_year_stops_at_the_target_date_and_adds_up(run):
    r, params = run
    t = policy.budget.cost_per_year(r, params)
    assert list(t["year"]) == list(range(r.months[0].year, 2030))  # target 2029-12: no 2030 costs
    at = r._month("2029-12")
    assert t["apbd_rupiah"].sum() == pytest.approx(r.budget_cost[0, : at + 1].sum())
    assert t["apbd_rupiah"].sum() < r.summary()["regional_budget_total_rupiah"]  # the horizon runs to 2030
    # the 12-month subsidy from January 2028 is paid in 2028 only; 10,000 CSR workers at Rp16,800 a month,
    # on the employer's verified list, paid as they are registered (1/R of the rest each month, R = calibrated)
    paid = t.set_index("year")["subsidised_worker_years"]
    assert paid.loc[2028] > 0 and (paid.drop(2028) == 0).all()
    ramp = max(r.resolved.at["list_ramp_months_verified", "central"], 1.0)
    registered_months = sum(1 - (1 - 1 / ramp) ** (k + 1) for k in range(12))
    passing = r.resolved.at["list_pass_share_verified", "central"]
    assert t["csr_rupiah"].sum() == pytest.approx(10_000 * passing * 16_800 * registered_months)


def test_employer_cost_is_mandate_workers_times_wage_times_rate(run):
    r, params = run
    t = policy.budget.cost_per_year(r, params)
    y = t.set_index("year").loc[2028]
    m = (r.months.year == 2028)
    expected = r.states["added_mandate"][0, m].sum() * 3_942_963 * 0.0424
    assert y["employer_contribution_rupiah"] == pytest.approx(expected)
    start_year = int(r.scenario.levers["mandate"]["start"][:4])
    employer = t.set_index("year")["employer_contribution_rupiah"]
    assert (employer[employer.index < start_year] == 0).all() and (employer[employer.index >= start_year] > 0).all()
    assert employer.is_monotonic_increasing


def test_unit_costs(run):
    r, params = run
    u = policy.budget.unit_costs(r, params)
    assert u["premium_per_worker_year_rupiah"] == 201_600
    assert u["apbd_per_added_worker_rupiah"] == pytest.approx(u["apbd_to_target_date_rupiah"]
                                                             / r.summary()["added_at_target_date_persons"])
    assert u["employer_rate_pct"] == pytest.approx(0.24 + 0.30 + 3.70)  # the micro/small minimum package


def test_summary_effect_keys_are_paired_differences():
    params = loaders.load_parameters()
    s = policy.load_scenario(ROOT / "scenarios" / "subsidy_sustained.yaml", params)
    r = policy.simulate(s, params, n_draws=200, seed=3)
    sm = r.summary()
    at = r._month(s.target_by)
    diff = r.protected[:, at] - r.states["protected_baseline"][:, at]
    assert sm["effect_at_target_date_persons"] == pytest.approx(np.median(diff))
    assert sm["effect_at_target_date_lo80_persons"] < sm["effect_at_target_date_persons"] < sm["effect_at_target_date_hi80_persons"]
    assert sm["prob_reach_with_policy"] >= sm["prob_reach_without_policy"]
    assert sm["prob_reach_difference"] == pytest.approx(sm["prob_reach_with_policy"] - sm["prob_reach_without_policy"])
