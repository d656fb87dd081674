"""The stock-flow model's properties (hypothesis), lever behaviour, costs, reproducibility and evidence."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sumsel_analysis import policy, trends
from sumsel_analysis.data import loaders, quality
from sumsel_analysis.policy import Scenario, optimise, sensitivity


@pytest.fixture(scope="module")
def params(raw_dir):
    return loaders.load_parameters(raw_dir)


@pytest.fixture(scope="module")
def baseline(raw_dir, params):
    cov = quality.flag_coverage(loaders.load_coverage(raw_dir), loaders.load_quality_annotations(raw_dir))
    return trends.baseline_projection(cov, params, until="2030-12", n_paths=300)


def scen(levers, **kw):
    return Scenario(name="t", horizon="2030-12", target_pct=51, target_by="2029-12", levers=levers, **kw)


FULL = {"mandate": {"start": "2026-07", "events": ["new_nib", "permits_tenders"]},
        "subsidy": {"start": "2026-07", "workers": 200_000, "months": 12, "delivery": "list_based", "targeting": "deciles_1_3"},
        "csr": {"start": "2026-07", "workers": 10_000, "months": 12}}


def test_zero_lever_scenario_equals_baseline(params, baseline):
    r = policy.simulate(scen({}), params, baseline)
    np.testing.assert_allclose(r.coverage_pct[0], baseline.median_pct.to_numpy()[: len(r.months)])
    assert r.budget_cost.sum() == 0 and r.by_lever.empty


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(workers=st.integers(0, 3_000_000), months=st.integers(1, 54), n_draws=st.sampled_from([0, 20]),
       mandate=st.booleans(), csr_workers=st.integers(0, 500_000))
def test_coverage_within_base_and_workers_conserved(params, baseline, workers, months, n_draws, mandate, csr_workers):
    levers = {"subsidy": {"start": "2026-07", "workers": workers, "months": months}, "csr": {"start": "2027-01",
              "workers": csr_workers, "months": 12}}
    if mandate:
        levers["mandate"] = FULL["mandate"]
    r = policy.simulate(scen(levers), params, baseline, n_draws=n_draws, seed=1)
    assert (r.coverage_pct >= 0).all() and (r.coverage_pct <= 100 + 1e-9).all()
    total = sum(r.states.values())
    np.testing.assert_allclose(total, r.base_persons, rtol=1e-12)  # every worker in exactly one state
    assert all((v >= -1e-6).all() for v in r.states.values())


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(b1=st.floats(0, 2e11), extra=st.floats(0, 2e11))
def test_more_budget_never_lowers_coverage(params, baseline, b1, extra):
    def cov(budget):
        return policy.simulate(scen({"subsidy": {"start": "2026-07", "budget_rupiah_per_year": budget, "months": 24}}),
                               params, baseline).coverage_pct[0]
    assert (cov(b1 + extra) >= cov(b1) - 1e-9).all()


def test_same_seed_same_result_different_seed_differs(params, baseline):
    a = policy.simulate(scen(FULL), params, baseline, n_draws=200, seed=5)
    b = policy.simulate(scen(FULL), params, baseline, n_draws=200, seed=5)
    c = policy.simulate(scen(FULL), params, baseline, n_draws=200, seed=6)
    np.testing.assert_array_equal(a.coverage_pct, b.coverage_pct)
    assert not np.array_equal(a.coverage_pct, c.coverage_pct)
    assert a.metadata["seed"] == 5 and a.metadata["n_draws"] == 200 and a.metadata["scenario"]["levers"]


def test_subsidy_cost_ramp_and_lapse_hazard(params, baseline):
    """Prior centrals (calibrated=False), hand-computed: 200k listed on an unverified list (the default) × 70%
    passing NIK checks, registered 1/5 of the rest per month, 5% already covered; after June 2027 nobody takes the
    list over (payer 'worker', the default): 3 arrears months, then 15% try to pay themselves and lapse at 8% a
    month, the rest is inactive."""
    r = policy.simulate(scen({"subsidy": {"start": "2026-07", "workers": 200_000, "months": 12}}), params, baseline,
                        calibrated=False)
    verified = 200_000 * 0.7
    registered_months = 12 - 4 * (1 - 0.8 ** 12)  # sum over k=0..11 of 1 - 0.8^(k+1)
    assert r.budget_cost.sum() == pytest.approx(verified * registered_months * 16_800)  # no 2026 discount for APBD
    a = r.paths.set_index("period")["added_subsidy_persons"]
    assert a["2026-07-01"] == pytest.approx(verified * 0.95 * 0.2)
    assert a["2027-01-01"] == pytest.approx(verified * 0.95 * (1 - 0.8 ** 7))
    at_end = verified * 0.95 * (1 - 0.8 ** 12)
    assert a["2027-07-01"] == a["2027-08-01"] == a["2027-09-01"] == pytest.approx(at_end)  # the arrears months
    assert a["2027-10-01"] == pytest.approx(at_end * 0.15 * 0.92)
    assert a["2027-12-01"] == pytest.approx(at_end * 0.15 * 0.92 ** 3)
    general = policy.simulate(scen({"subsidy": {"start": "2026-07", "workers": 200_000, "months": 12,
                                                "targeting": "general"}}), params, baseline, calibrated=False)
    g = general.paths.set_index("period")["added_subsidy_persons"]  # a general list self-pays more: 15% ÷ 0.5 = 30%
    assert g["2027-10-01"] == pytest.approx(at_end * 0.3 * 0.92)
    verified_list = policy.simulate(scen({"subsidy": {"start": "2026-07", "workers": 200_000, "months": 12,
                                                      "list_status": "verified"}}), params, baseline, calibrated=False)
    v = verified_list.paths.set_index("period")["added_subsidy_persons"]  # 95% pass, all registered in the first month
    assert v["2026-07-01"] == pytest.approx(200_000 * 0.95 * 0.95)


def test_subsidy_renewal_draws_stop_some_programmes(params, baseline):
    s = scen({"subsidy": {"start": "2026-07", "workers": 200_000, "months": 36}})
    r = policy.simulate(s, params, baseline, n_draws=400, seed=2, calibrated=False)
    paid_months = (r.subsidy_paid_workers > 0).sum(axis=1)
    assert paid_months.max() == 36 and paid_months.min() < 36  # some draws are not renewed in Jan 2027 or 2028
    assert set(np.unique(paid_months)) <= {6, 18, 30, 36}  # stops only at budget-year boundaries (January)
    share_full = (paid_months == 36).mean()
    assert 0.35 < share_full < 0.75  # E[renewed three times] = E[p^3] ~ 0.52, p ~ tri(0.6, 0.8, 0.95)


def test_renewal_only_mandate_shows_little_effect(params, baseline):
    ren = policy.simulate(scen({"mandate": {"start": "2026-07", "events": ["renewal"]}}), params, baseline)
    full = policy.simulate(scen({"mandate": FULL["mandate"]}), params, baseline)
    assert ren.added.max() < 1 and full.added.max() > 50_000
    assert ren.budget_cost.sum() > 0  # the gate still costs money to run


def test_by_lever_cost_and_time_to_target(params, baseline):
    r = policy.simulate(scen(FULL), params, baseline, n_draws=300, seed=3)
    assert list(r.by_lever["lever"]) == ["mandate", "subsidy", "csr"]
    assert (r.by_lever["added_at_target_date_lo80"] <= r.by_lever["added_at_target_date_hi80"]).all()
    assert r.cost["regional_budget_rupiah"].sum() > 0 and 0 < r.cost["csr_rupiah"].sum() < 10_000 * 16_800 * 12
    ttt = r.time_to_target(30)
    assert ttt["month"] is not None and ttt["shortfall_at_target_date_pp"] == 0
    assert r.time_to_target(99)["month"] is None and r.time_to_target(99)["shortfall_at_target_date_persons"] > 0
    assert r.prob_reach(20) >= r.prob_reach(40) >= r.prob_reach(60)


def test_tornado_and_sobol(params, baseline):
    s = scen(FULL)
    torn = sensitivity.tornado(s, params, baseline)
    assert torn["swing"].is_monotonic_decreasing and torn.iloc[0]["parameter"].startswith("mandate")
    sob = sensitivity.sobol(s, params, baseline, n=64)
    assert set(sob.columns) == {"parameter", "S1", "S1_conf", "ST", "ST_conf"}
    assert sob["ST"].iloc[0] > 0.05 and sob["ST"].sum() > 0.5
    with pytest.raises(ValueError, match="the same in every sample"):
        sensitivity.sobol(s, params, baseline, output="time_to_target", n=32)


def test_least_cost_mix_and_infeasibility(params, baseline):
    ok = optimise.least_cost_mix(38, "2029-12", 500e9, params, baseline)
    assert ok["feasible"] and ok["coverage_pct"] >= 38
    costs = ok["options"].loc[ok["options"]["feasible"], "regional_budget_rupiah"]
    assert ok["regional_budget_rupiah"] == costs.min()
    no = optimise.least_cost_mix(80, "2029-12", 500e9, params, baseline)
    assert not no["feasible"] and "no mix reaches 80" in no["reason"]
    poor = optimise.least_cost_mix(38, "2029-12", 1e9, params, baseline)
    assert not poor["feasible"] and "above the budget" in poor["reason"]


REGIONS = pd.DataFrame({"geo_code": ["1605", "1606"], "base_persons": [153_103, 213_582],
                        "protected_persons": [70_337, 103_079], "scale": [153_103 / 3_154_000, 213_582 / 3_154_000]})


def test_simulate_regions_for_kabkota_with_inputs(params):
    out = policy.simulate_regions(scen(FULL), params, REGIONS, months=60)
    assert len(out) == 120 and set(out["geo_code"]) == {"1605", "1606"}
    first = out.groupby("geo_code").first()
    assert first.loc["1605", "baseline_pct"] == pytest.approx(100 * 70_337 / 153_103)
    assert (out["coverage_pct"] <= 100).all() and (out["added_persons"] >= 0).all()
    assert out.groupby("geo_code")["added_persons"].max().min() > 0


def test_simulate_regions_takes_list_sizes_as_given(params):
    """Regression (#15): a regency funding N workers got only its share of the province of them."""
    s = scen({"subsidy": {"start": "2026-01", "workers": 20_000, "months": 24}})
    out = policy.simulate_regions(s, params, REGIONS, months=24, calibrated=False).set_index(["geo_code", "period"])
    expected = 20_000 * 0.7 * 0.95 * (1 - 0.8 ** 12)  # passing checks, not yet covered, registered by month 12
    for geo in ("1605", "1606"):
        assert out.loc[(geo, pd.Timestamp("2026-12-01")), "added_persons"] == pytest.approx(expected, rel=1e-5)


def test_simulate_regions_monte_carlo_bands_and_trends(params):
    regions = REGIONS.assign(trend_pp_per_month=[0.0, 0.5], trend_sd_pp_per_month=[0.2, 0.1])
    out = policy.simulate_regions(scen({}), params, regions, months=36, n_draws=300, seed=4)
    last = out.groupby("geo_code").last()
    assert (out["coverage_lo80"] <= out["coverage_pct"] + 1e-4).all() and (out["coverage_pct"] <= out["coverage_hi80"] + 1e-4).all()
    assert last.loc["1606", "baseline_pct"] == pytest.approx(100 * 103_079 / 213_582 + 0.5 * 35, abs=1.0)
    assert last.loc["1605", "coverage_hi80"] - last.loc["1605", "coverage_lo80"] > 2  # sd 0.2 pp/month over 35 months
    again = policy.simulate_regions(scen({}), params, regions, months=36, n_draws=300, seed=4)
    pd.testing.assert_frame_equal(out, again)


def test_by_segment_adds_up(params, baseline):
    r = policy.simulate(scen(FULL), params, baseline)
    seg = r.by_segment
    total = seg.drop(columns="period").sum(axis=1).to_numpy()
    np.testing.assert_allclose(total, r.base_persons)
    assert (seg["PU_persons"].iloc[-1] > r.states["protected_baseline"][0, -1] * 0.5)


def test_mandate_reach_by_size_class_matches_top_down_cross_check(params):
    from sumsel_analysis.policy import model

    central = {k: np.array([[v]]) for k, v in model.resolve_parameters(params, {})["central"].items()}
    pool = model.mandate_pool(central)
    assert set(pool) == {"micro", "small", "medium", "large"}
    # micro: 630,000 establishments x (1.7 - 1) non-owner workers x 10% paid x 95% unregistered
    assert pool["micro"][0] == pytest.approx(630_000 * 0.7 * 0.10 * 0.95)
    total = sum(v[0] for v in pool.values())
    lo, hi = (loaders.parameter(params, "mandate_reachable_uncovered_pu", w) for w in ("low", "high"))
    assert lo <= total <= hi
