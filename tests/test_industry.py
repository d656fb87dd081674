"""The industry allocation model: estimated, ranged, consistent with the observed totals."""

import pytest

from sumsel_analysis.coverage import industry
from sumsel_analysis.data import loaders, quality


@pytest.fixture(scope="module")
def est(raw_dir):
    cov = quality.flag_coverage(loaders.load_coverage(raw_dir), loaders.load_quality_annotations(raw_dir))
    return industry.estimate_coverage_by_industry(loaders.load_labour(raw_dir), loaders.load_parameters(raw_dir), cov)


def test_every_value_is_estimated_with_a_range(est):
    assert set(est["status"]) == {"estimated"}
    assert len(est) == len(industry.INDUSTRIES)
    assert (est["covered_persons_low"] <= est["covered_persons_central"]).all()
    assert (est["covered_persons_central"] <= est["covered_persons_high"]).all()
    assert (est["coverage_pct_high"] <= 100).all() and (est["coverage_pct_low"] >= 0).all()


def test_employment_adds_to_the_headline_and_labels_fallbacks(est):
    assert est["employed_persons"].sum() == pytest.approx(4_480_000)
    basis = est.set_index("industry")["employment_basis"]
    assert basis["agriculture_forestry_fishery"] == "Sumsel share"
    assert basis["mining_quarrying"] == "national share (fallback)"
    assert est.set_index("industry").loc["agriculture_forestry_fishery", "employed_persons"] == pytest.approx(
        0.453 * 4_480_000)


def test_allocated_plus_unallocated_equals_protected(est):
    unallocated = est.attrs["unallocated_persons"]
    assert est["covered_persons_central"].sum() + unallocated == pytest.approx(1_035_000, rel=1e-6)
    assert "capped at 100%" in est.set_index("industry").loc["construction", "note"]


def test_formal_shares_rescaled_to_bps_formal_share(est):
    f = est["formal_share_central"] * est["employed_persons"]
    assert f.sum() / est["employed_persons"].sum() == pytest.approx(0.3659, abs=1e-3)
