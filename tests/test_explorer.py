"""The explorer's logic without a browser: validation messages, the update path equals the simulator,
a saved scenario round-trips through the YAML loader and reproduces the same result."""

import numpy as np
import pytest

from sumsel_analysis import explore as E
from sumsel_analysis import policy, trends
from sumsel_analysis.data import loaders, quality


@pytest.fixture(scope="module")
def model(raw_dir):
    cov = quality.flag_coverage(loaders.load_coverage(raw_dir), loaders.load_quality_annotations(raw_dir))
    params = loaders.load_parameters(raw_dir)
    return E.ExplorerModel(params, cov, trends.baseline_projection(cov, params, until="2035-12", n_paths=200))


def test_regions_are_province_and_kabkota_with_inputs(model):
    assert set(model.regions()) == {"16", "1605", "1606"}


def test_update_equals_simulator(model):
    s = E.ExplorerState()
    out = model.update(s)
    assert out.errors == [] and "December 2029" in out.summary
    scen = policy.scenario_from_dict(E.to_scenario_dict(s), params=model.params)
    direct = policy.simulate(scen, model.params, model.baselines["16"], n_draws=0, seed=E.EXPLORER_SEED)
    np.testing.assert_array_equal(out.result.coverage_pct, direct.coverage_pct)
    assert out.result.by_lever.equals(direct.by_lever)


def test_saved_scenario_round_trips_and_reproduces(model, tmp_path):
    s = E.ExplorerState(subsidy_mode="budget", subsidy_budget_rupiah=25e9, csr_workers=0, mandate_compliance=0.5,
                        deadline="2028-12", target_pct=45)
    path = model.save(s, tmp_path / "saved.yaml")
    loaded = policy.load_scenario(path, model.params)
    assert loaded.levers["subsidy"]["budget_rupiah_per_year"] == 25e9 and "csr" not in loaded.levers
    again = policy.simulate(loaded, model.params, model.baselines["16"], n_draws=0)
    np.testing.assert_array_equal(again.coverage_pct, model.update(s).result.coverage_pct)


@pytest.mark.parametrize("changes,fragment", [
    ({"deadline": "2026-01"}, "must come after the earliest lever start"),
    ({"subsidy_workers": -10}, "cannot be negative"),
    ({"subsidy_mode": "budget", "subsidy_budget_rupiah": -1}, "cannot be negative"),
    ({"mandate_start": "July"}, "write the month as YYYY-MM"),
    ({"target_pct": 120}, "between 0 and 100"),
])
def test_invalid_combinations_give_messages_not_tracebacks(model, changes, fragment):
    out = model.update(E.ExplorerState().with_(**changes))
    assert out.result is None and any(fragment in e for e in out.errors), out.errors
    svg = E.ExplorerView().render(out)
    assert fragment in svg and "<polyline" not in svg  # the message where the title goes, no lines drawn
    with pytest.raises(ValueError, match=fragment.split()[0]):
        model.save(E.ExplorerState().with_(**changes), "/tmp/never.yaml")


def test_messages_in_indonesian(model):
    out = model.update(E.ExplorerState(lang="id").with_(csr_workers=-1))
    assert any("tidak boleh negatif" in e for e in out.errors)


def test_uncertainty_toggle_runs_small_monte_carlo_and_says_so(model):
    out = model.update(E.ExplorerState(uncertainty=True))
    assert out.result.n_draws == E.EXPLORER_DRAWS
    svg = E.ExplorerView().render(out)
    assert f"Uncertainty bands from {E.EXPLORER_DRAWS} Monte Carlo draws" in svg and 'class="band80"' in svg


def test_kabkota_run(model):
    out = model.update(E.ExplorerState(region="1605", subsidy_workers=5000, csr_workers=0))
    assert out.errors == []
    assert out.result.base_persons == 153_103
    assert out.result.coverage_pct[0, 0] == pytest.approx(100 * 70_337 / 153_103)
    assert (out.result.coverage_pct <= 100).all()


def test_retention_defaults_to_the_calibrated_carried_share(model):
    """The explorer's retention control does not override the calibration unless the user moves it."""
    from sumsel_analysis.policy.simulation import resolved_parameters

    sub = E.to_scenario_dict(E.ExplorerState())["levers"]["subsidy"]
    assert "takeover_share" not in sub and sub["list_status"] == "unverified" and sub["payer_after"] == "worker"
    moved = E.ExplorerState(subsidy_retention=0.3, subsidy_payer_after="village")
    assert E.to_scenario_dict(moved)["levers"]["subsidy"]["takeover_share"] == 0.3
    central = resolved_parameters(model.params, {}).at["takeover_share_default", "central"]
    assert model.calibrated_carried_share() == round(central, 2)
