"""Scenario files: the shipped ones load; bad ones fail naming the file and key; YAML round-trips."""

from pathlib import Path

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
