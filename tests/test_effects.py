"""Lever effects apart from the baseline: paired differences on the same draws (common random numbers)."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sumsel_analysis import policy, trends
from sumsel_analysis.data import loaders, quality

SCENARIOS = sorted(Path(__file__).resolve().parents[1].joinpath("scenarios").glob("*.yaml"))
N_DRAWS = 300


@pytest.fixture(scope="module")
def setup(raw_dir):
    cov = quality.flag_coverage(loaders.load_coverage(raw_dir), loaders.load_quality_annotations(raw_dir))
    params = loaders.load_parameters(raw_dir)
    return params, trends.baseline_projection(cov, params, until="2030-12", n_paths=400)


def test_zero_lever_scenario_has_exactly_zero_effect(setup):
    params, baseline = setup
    base = policy.load_scenario(SCENARIOS[0], params)
    none = base.with_levers({}, name="no policy")
    r = policy.simulate(none, params, baseline, n_draws=N_DRAWS, seed=11)
    s = r.summary()
    assert np.all(r.effect == 0.0)
    assert s["effect_at_target_date_persons"] == 0.0
    assert s["effect_at_target_date_lo80_persons"] == 0.0 == s["effect_at_target_date_hi80_persons"]
    assert s["prob_reach_difference"] == 0.0
    assert s["prob_reach_with_policy"] == s["prob_reach_without_policy"] == s["prob_reach_by_target_date"]
    assert (r.effect_paths.drop(columns="period").to_numpy() == 0).all()


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_effect_band_narrower_than_total_band(path, setup):
    params, baseline = setup
    s = policy.load_scenario(path, params)
    r = policy.simulate(s, params, baseline, n_draws=N_DRAWS, seed=s.seed)
    sm = r.summary()
    at = r._month(s.target_by)
    total = r.protected[:, at]
    total_width = np.quantile(total, 0.9) - np.quantile(total, 0.1)
    effect_width = sm["effect_at_target_date_hi80_persons"] - sm["effect_at_target_date_lo80_persons"]
    assert effect_width < total_width, (s.name, effect_width, total_width)
    assert sm["effect_at_target_date_lo80_persons"] <= sm["effect_at_target_date_persons"] \
        <= sm["effect_at_target_date_hi80_persons"]
    # the paired difference is the difference of the with/without numbers on the same draws
    assert sm["prob_reach_difference"] == pytest.approx(sm["prob_reach_with_policy"] - sm["prob_reach_without_policy"])
    assert sm["prob_reach_difference"] >= 0  # levers only add workers
    ep = r.effect_paths
    assert list(ep.columns) == ["period", "effect_persons", "effect_lo80_persons", "effect_hi80_persons",
                                "effect_lo95_persons", "effect_hi95_persons"]
    assert (ep["effect_lo95_persons"] <= ep["effect_lo80_persons"]).all()
    assert (ep["effect_lo80_persons"] <= ep["effect_persons"]).all()
    assert (ep["effect_persons"] <= ep["effect_hi80_persons"]).all()
    assert (ep["effect_hi80_persons"] <= ep["effect_hi95_persons"]).all()
    assert ep.loc[ep["period"] == pd.Timestamp(s.target_by + "-01"), "effect_persons"].item() == pytest.approx(
        sm["effect_at_target_date_persons"])


def test_same_seed_same_baseline_draws_across_scenarios(setup):
    """Common random numbers across runs: scenarios with different overrides share the baseline draws."""
    params, baseline = setup
    a = policy.load_scenario(SCENARIOS[0], params)
    b = type(a)(**{**a.with_levers({}, name="no policy").__dict__,
                   "overrides": {"list_pass_share_unverified": {"low": 0.9, "central": 0.9, "high": 0.9}}})
    ra = policy.simulate(a, params, baseline, n_draws=50, seed=5)
    rb = policy.simulate(b, params, baseline, n_draws=50, seed=5)
    np.testing.assert_array_equal(ra.states["protected_baseline"], rb.states["protected_baseline"])


def test_explorer_shows_the_effect_first(raw_dir):
    from sumsel_analysis import explore as E

    cov = quality.flag_coverage(loaders.load_coverage(raw_dir), loaders.load_quality_annotations(raw_dir))
    params = loaders.load_parameters(raw_dir)
    m = E.ExplorerModel(params, cov, trends.baseline_projection(cov, params, until="2035-12", n_paths=200))
    out = m.update(E.ExplorerState(uncertainty=True))
    s = out.result.summary()
    assert out.summary.startswith("Workers added by the policy by December 2029")
    assert "without the policy" in out.summary and "(80%:" in out.summary
    assert f"{s['effect_at_target_date_persons']:,.0f}" in out.summary
    fast = m.update(E.ExplorerState())
    assert fast.summary.startswith("Workers added by the policy") and "80%" not in fast.summary
