"""Kab/kota coverage: observed where published, unknown stays unknown; the composite only where inputs exist."""

import math

import pytest

from sumsel_analysis.coverage import regional
from sumsel_analysis.data import loaders, quality


@pytest.fixture(scope="module")
def kab(raw_dir):
    cov = quality.flag_coverage(loaders.load_coverage(raw_dir), loaders.load_quality_annotations(raw_dir))
    return regional.kabkota_coverage(cov, loaders.load_regions(raw_dir)).set_index("bps_code")


def test_all_17_listed_unknown_stays_unknown(kab):
    assert len(kab) == 17
    for code in ("1601", "1602", "1607", "1610", "1611", "1613", "1672", "1673", "1674"):
        assert kab.loc[code, "status"] == "no_data" and math.isnan(kab.loc[code, "coverage_pct"])
    assert (kab["status"] == "observed").sum() == 6


def test_observed_values(kab):
    assert kab.loc["1605", "coverage_pct"] == 45.94 and kab.loc["1605", "obs_id"] == "C0256"
    assert kab.loc["1606", "coverage_pct"] == 48.26 and kab.loc["1606", "previous_pct"] == 41.65
    assert kab.loc["1606", "growth_pp_per_year"] == pytest.approx((48.26 - 41.65) / (212 / 365.25))
    assert kab.loc["1604", "coverage_pct"] == 21  # the 2016 11.51% used a labour-force base (break)


def test_scores_only_for_observed_and_weights_from_file(kab, raw_dir):
    w = loaders.load_paritrana_weights(raw_dir)
    s = regional.paritrana_scores(kab.reset_index(), loaders.load_regional_indicators(raw_dir), w)
    assert set(s["bps_code"]) == set(kab.index[kab["status"] == "observed"])
    assert s["paritrana_style_score"].between(0, 100).all()
    assert s.iloc[0]["name"] == "Musi Banyuasin"  # highest coverage, growth, APBD scheme, regulation, award
    assert set(s["status"]) == {"estimated"}
    bad = w.assign(component=w["component"].replace("regional_regulation", "luck"))
    with pytest.raises(ValueError, match="unknown components"):
        regional.paritrana_scores(kab.reset_index(), loaders.load_regional_indicators(raw_dir), bad)
