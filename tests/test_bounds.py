"""Upper and lower bounds (issue 20 item 10): a figure its source gives only as a bound ("below 1 percent") carries
that bound into every figure derived from it, with the right inequality, and every output formats the same bound
from the results table: "< 1%" coverage, "≥" gap and subsidy."""

import pandas as pd
import pytest

from sumsel_analysis.coverage import metrics, regional
from sumsel_analysis.coverage.metrics import derived_bound
from sumsel_analysis.data import loaders, quality
from sumsel_analysis.report.results import _row, fmt


@pytest.mark.parametrize("rising, falling, expected", [
    ((), (), ""),
    (("",), ("",), ""),
    (("upper",), (), "upper"),          # grows with an input known only from above: known only from above
    ((), ("upper",), "lower"),          # gap = target − coverage, coverage "below 1%": the gap is at least …
    ((), ("lower",), "upper"),
    (("lower",), ("upper",), "lower"),  # both push the same way
    (("upper",), ("upper",), "mixed"),  # opposite ways: neither bound holds
    (("mixed",), (), "mixed"),
])
def test_derived_bound_signs(rising, falling, expected):
    assert derived_bound(rising=rising, falling=falling) == expected


def test_derived_bound_refuses_an_unknown_bound():
    with pytest.raises(ValueError, match="bound must be one of"):
        derived_bound(rising=["below"])
    with pytest.raises(ValueError, match="C9999.*bound"):
        metrics.row_bound(pd.Series({"obs_id": "C9999", "bound": "approx"}))


@pytest.fixture(scope="module")
def gap_table(raw_dir):
    cov = quality.flag_coverage(loaders.load_coverage(raw_dir), loaders.load_quality_annotations(raw_dir))
    lab = quality.flag_labour(loaders.load_labour(raw_dir))
    k = regional.kabkota_coverage(cov, loaders.load_regions(raw_dir))
    s = regional.paritrana_scores(k, loaders.load_regional_indicators(raw_dir), loaders.load_paritrana_weights(raw_dir))
    return cov, regional.kabkota_gap_table(k, cov, lab, s, 51, 16_800, 0.7, pd.Timestamp("2025-12-04")).set_index("bps_code")


def test_gap_from_a_coverage_ceiling_is_a_floor(gap_table):
    cov, g = gap_table
    pali = g.loc["1612"]  # PALI: 'below 1 percent' of ~50,000 workers (C0185, bound upper)
    assert cov.set_index("obs_id").loc["C0185", "bound"] == "upper"
    assert pali["bound"] == "upper" and pali["quality"] == "upper_bound"
    assert pali["gap_bound"] == "lower" and pali["gap_persons"] == pytest.approx((51 - 1) / 100 * pali["base_persons"])
    exact = g[(g["status"] == "observed") & (g["bound"] == "")]
    assert len(exact) == 5 and (exact["gap_bound"] == "").all()
    assert (g.loc[g["status"] == "no_data", "gap_bound"] == "").all()


def test_bounds_flow_through_the_province_gap_and_pace(raw_dir):
    cov = quality.flag_coverage(loaders.load_coverage(raw_dir), loaders.load_quality_annotations(raw_dir))
    lab = quality.flag_labour(loaders.load_labour(raw_dir))
    params = loaders.load_parameters(raw_dir)
    key = metrics.key_numbers(cov, lab, params, target_pct=51, deadline="2029-12-31", today="2026-12-03")
    assert key["bounds"]["gap_persons"] == "" and metrics.pace_table(key)["gap_bound"].eq("").all()
    # the same count stated as "at least": the gap and every required pace become upper bounds ("at most")
    prot = key["sources"]["protected_persons"]
    floor = cov.assign(bound=cov["bound"].where(cov["obs_id"] != prot, "lower"))
    key2 = metrics.key_numbers(floor, lab, params, target_pct=51, deadline="2029-12-31", today="2026-12-03")
    assert key2["bounds"]["protected_persons"] == "lower" and key2["bounds"]["gap_persons"] == "upper"
    assert metrics.pace_table(key2)["gap_bound"].eq("upper").all()
    # a published target stated as "at least" (as C0208's 48%) makes the gap to it a lower bound
    tgt = metrics.key_numbers(cov, lab, params, today="2025-06-30")
    assert tgt["sources"]["target_pct"] == "C0266" and tgt["bounds"]["gap_persons"] == ""
    at_least = cov.assign(bound=cov["bound"].where(cov["obs_id"] != "C0266", "lower"))
    tgt2 = metrics.key_numbers(at_least, lab, params, today="2025-06-30")
    assert tgt2["bounds"]["target_pct"] == "lower" and tgt2["bounds"]["gap_persons"] == "lower"


def test_results_format_the_bound_mark():
    r = pd.DataFrame([_row("a", 1.0, "pct", bound="upper"), _row("b", 25_000.0, "persons", bound="lower"),
                      _row("c", 5.04e9, "rupiah", bound="lower"), _row("d", 25_000.0, "persons")])
    assert fmt(r, "a", "id", 0) == "< 1%" and fmt(r, "b", "id") == "≥ 25.000" and fmt(r, "b", "en") == "≥ 25,000"
    assert fmt(r, "c", "id") == "≥ Rp5,0 miliar" and fmt(r, "d", "id") == "25.000"


def test_bound_survives_the_notebooks_results_cache():
    from sumsel_analysis.report.results import _from_json, _to_json

    r = pd.DataFrame([_row("kabkota.1612.gap", 25_000.0, "persons", bound="lower"), _row("x", 3.0, "persons")])
    back = _from_json(_to_json(r))
    assert list(back["bound"]) == ["lower", ""] and fmt(back, "kabkota.1612.gap", "id") == "≥ 25.000"
