"""Scenario files: the shipped ones load; bad ones fail naming the file and key; YAML round-trips."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sumsel_analysis import policy
from sumsel_analysis.data import loaders
from sumsel_analysis.policy import ScenarioError

SCENARIOS = sorted(Path(__file__).resolve().parents[1].joinpath("scenarios").glob("*.yaml"))


@pytest.fixture(scope="module")
def params(raw_dir):
    return loaders.load_parameters(raw_dir)


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_shipped_scenarios_load(path, params):
    s = policy.load_scenario(path, params)
    assert s.name and s.levers


def test_round_trip(tmp_path, params):
    s = policy.load_scenario(SCENARIOS[0], params)
    again = policy.load_scenario(s.to_yaml(tmp_path / "x.yaml"), params)
    assert again.to_dict() == s.to_dict()


BAD = [
    ("unknown_path", "name: x\nlevers:\n  subsidy: {start: 2026-07, workers: 10, colour: red}\n",
     "levers.subsidy.colour: unknown setting"),
    ("unknown_lever", "name: x\nlevers:\n  lottery: {start: 2026-07}\n", "levers.lottery: unknown lever"),
    ("unknown_parameter", "name: x\nparameters:\n  luck_factor: {central: 2}\n", "parameters.luck_factor: unknown parameter"),
    ("out_of_range_share", "name: x\nparameters:\n  list_pass_share_unverified: {central: 1.4}\n",
     "parameters.list_pass_share_unverified.central: value 1.4 is outside the allowed range"),
    ("out_of_range_months", "name: x\nlevers:\n  subsidy: {start: 2026-07, workers: 10, months: 500}\n",
     "levers.subsidy.months: value 500 is outside"),
    ("negative_budget", "name: x\nlevers:\n  subsidy: {start: 2026-07, budget_rupiah_per_year: -5}\n",
     "levers.subsidy.budget_rupiah_per_year: value -5 is outside"),
    ("wrong_unit", "name: x\nparameters:\n  apbd_premium_per_worker_month: {value: 201600, unit: rupiah_per_year}\n",
     "parameters.apbd_premium_per_worker_month.unit: wrong unit 'rupiah_per_year'; this parameter is in 'rupiah_per_month'"),
    ("malformed_yaml", "name: x\nlevers: {subsidy: [start\n", "malformed YAML"),
    ("python_object_tag", "name: !!python/object/apply:os.system ['echo pwned']\n", "YAML tag not allowed"),
    ("bad_month", "name: x\nlevers:\n  mandate: {start: July 2026}\n", "levers.mandate.start: expected a month YYYY-MM"),
    ("both_workers_and_budget", "name: x\nlevers:\n  subsidy: {start: 2026-07, workers: 5, budget_rupiah_per_year: 9}\n",
     "give exactly one of"),
    ("target_after_horizon", "name: x\nhorizon: 2027-12\ntarget: {pct: 51, by: 2029-12}\n", "target.by: 2029-12 is after the horizon"),
    ("missing_name", "levers: {}\n", "name: a non-empty name is required"),
    ("empty_file", "", "is empty"),
]


@pytest.mark.parametrize("case,text,fragment", BAD, ids=[b[0] for b in BAD])
def test_bad_scenarios_name_file_and_key(tmp_path, params, case, text, fragment):
    path = tmp_path / f"{case}.yaml"
    path.write_text(text)
    with pytest.raises(ScenarioError) as err:
        policy.load_scenario(path, params)
    msg = str(err.value)
    assert msg.startswith(f"{case}.yaml: "), msg
    assert fragment in msg, msg


def test_python_tag_is_not_executed(tmp_path, params):
    marker = tmp_path / "pwned"
    path = tmp_path / "tag.yaml"
    path.write_text(f"name: !!python/object/apply:os.system ['touch {marker}']\n")
    with pytest.raises(ScenarioError):
        policy.load_scenario(path, params)
    assert not marker.exists()


def test_indonesian_name_and_description_are_optional_and_round_trip(tmp_path):
    from sumsel_analysis.policy import load_scenario, scenario_from_dict

    old = scenario_from_dict({"name": "Old file", "description": "English only"})
    assert (old.title("id"), old.text("id"), old.title("en")) == ("Old file", "English only", "Old file")
    assert "name_id" not in old.to_dict()  # files without the new keys are written back unchanged
    new = scenario_from_dict({"name": "Subsidy", "name_id": "Subsidi", "description": "Pays", "description_id": "Membayar"})
    assert (new.title("id"), new.text("id"), new.title("en"), new.text("en")) == ("Subsidi", "Membayar", "Subsidy", "Pays")
    assert load_scenario(new.to_yaml(tmp_path / "s.yaml")) == new.__class__(**{**new.__dict__, "source": "s.yaml"})


# --- levers relative to the simulated window ---------------------------------------------------------------


def _central(params):
    from sumsel_analysis.policy import model

    resolved = model.resolve_parameters(params, {})
    return model.draw_parameters(resolved, 0, None)


@pytest.mark.parametrize("lever", ["csr", "subsidy"])
def test_lever_that_ended_before_the_window_adds_no_workers_and_costs_nothing(params, lever):
    from sumsel_analysis.policy import model

    p = _central(params)
    settings = {"start": "2026-01", "workers": 10_000, "months": 12}
    full = pd.date_range("2026-01-01", "2030-12-01", freq="MS")
    window = pd.date_range("2028-01-01", "2030-12-01", freq="MS")
    run = (lambda m: model.csr(m, settings, p, subsidy_on=False)) if lever == "csr" else (
        lambda m: model.subsidy(m, settings, p)[:2])
    (added_full, cost_full), (added, cost) = run(full), run(window)
    assert cost_full[:, :12].sum() > 0 and np.all(cost == 0)  # before the fix: the lever was moved to 2028-01
    assert np.all(np.diff(added, axis=1) <= 1e-9)  # only the survivors of the funded year, lapsing
    np.testing.assert_allclose(added, added_full[:, 24:])


def test_lever_straddling_the_start_counts_its_months_inside_and_states_its_carried_stock(params):
    from sumsel_analysis.policy import simulation

    baseline = _flat_baseline("2026-01", "2030-12")
    lever = {"start": "2027-07", "workers": 200_000, "months": 12}
    whole = policy.simulate(policy.scenario_from_dict({"name": "w", "start": "2027-07", "levers": {"subsidy": lever}}),
                            params, baseline=baseline)
    late = policy.simulate(policy.scenario_from_dict({"name": "l", "start": "2028-01", "levers": {"subsidy": lever}}),
                           params, baseline=baseline)
    np.testing.assert_allclose(late.budget_cost, whole.budget_cost[:, 6:])  # only Jan–Jun 2028 paid inside
    assert late.budget_cost.sum() < whole.budget_cost.sum()
    carried = late.metadata["carried_over_persons"]["subsidy"]
    assert carried == pytest.approx(whole.states["added_subsidy"][0, 5]) and carried > 0
    assert "carried_over_persons" in whole.metadata and whole.metadata["carried_over_persons"] == {}
    assert simulation.carried_over(late.months, {}, {}) == {}


def _flat_baseline(first: str, last: str):
    from sumsel_analysis.trends.baseline import BaselineProjection

    periods = pd.date_range(first + "-01", last + "-01", freq="MS")
    return BaselineProjection(periods, np.full((1, len(periods)), 30.0), 4_000_000.0, "flat (test)", {})


WINDOW_BAD = [
    ("lever_ended_before_start", "name: x\nstart: 2028-01\nlevers:\n  csr: {start: 2026-01, workers: 5, months: 12}\n",
     "line 4, column 8: levers.csr: runs 2026-01–2026-12, wholly before the simulated months 2028-01–2030-12"),
    ("lever_ended_before_data", "name: x\nlevers:\n  subsidy: {start: 2024-01, workers: 5, months: 6}\n",
     "line 3, column 12: levers.subsidy: runs 2024-01–2024-06, wholly before the simulated months 2026-01–2030-12"),
    ("horizon_before_data", "name: x\nhorizon: 2025-06\ntarget: {by: 2025-06}\n",
     "line 2, column 10: horizon: 2025-06 is not after the latest data month 2025-12"),
    ("target_before_data", "name: x\ntarget: {pct: 40, by: 2025-03}\n",
     "line 2, column 23: target.by: 2025-03 is not after the latest data month 2025-12"),
    ("start_before_data", "name: x\nstart: 2024-01\n", "line 2, column 8: start: 2024-01 is not after the latest data"),
    ("target_before_start", "name: x\nstart: 2027-01\ntarget: {by: 2026-06}\n",
     "line 3, column 14: target.by: 2026-06 is before the first simulated month 2027-01"),
]


@pytest.mark.parametrize("case,text,fragment", WINDOW_BAD, ids=[c[0] for c in WINDOW_BAD])
def test_scenario_outside_the_window_or_before_the_data_is_refused_naming_the_key(tmp_path, params, case, text,
                                                                                     fragment):
    path = tmp_path / f"{case}.yaml"
    path.write_text(text)
    with pytest.raises(ScenarioError) as err:
        policy.simulate(policy.load_scenario(path, params), params, baseline=_flat_baseline("2026-01", "2030-12"))
    assert str(err.value).startswith(f"{case}.yaml: ") and fragment in str(err.value), str(err.value)


def test_regions_refuse_a_lever_that_ended_before_their_first_month(params):
    regions = pd.DataFrame({"geo_code": ["1601"], "base_persons": [100_000.0], "protected_persons": [30_000.0]})
    s = policy.scenario_from_dict({"name": "x", "levers": {"csr": {"start": "2024-01", "workers": 50, "months": 6}}})
    with pytest.raises(ScenarioError) as err:
        policy.simulate_regions(s, params, regions, months=24, start="2026-01")
    assert str(err.value) == ("<dict>: levers.csr: runs 2024-01–2024-06, wholly before the simulated months "
                              "2026-01–2027-12; start it later or start the scenario earlier")
