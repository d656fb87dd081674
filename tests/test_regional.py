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


def test_kabkota_gap_table_ranked_with_gap_and_budget(raw_dir):
    import pandas as pd

    cov = quality.flag_coverage(loaders.load_coverage(raw_dir), loaders.load_quality_annotations(raw_dir))
    lab = quality.flag_labour(loaders.load_labour(raw_dir))
    k = regional.kabkota_coverage(cov, loaders.load_regions(raw_dir))
    s = regional.paritrana_scores(k, loaders.load_regional_indicators(raw_dir), loaders.load_paritrana_weights(raw_dir))
    g = regional.kabkota_gap_table(k, cov, lab, s, 51, 16_800, 0.7, pd.Timestamp("2025-12-04"))
    assert len(g) == 17 and list(g["rank"].dropna()) == list(range(1, 7))
    ranked = g[g["rank"].notna()]
    assert ranked["coverage_pct"].is_monotonic_decreasing and g["rank"].iloc[6:].isna().all()
    muba = g.set_index("name").loc["Musi Banyuasin"]
    assert muba["rank"] == 1 and muba["base_basis"] == "published" and muba["base_persons"] == 213_582
    assert muba["gap_persons"] == pytest.approx((51 - 48.26) / 100 * 213_582)
    assert muba["subsidy_to_close_rupiah_per_year"] == pytest.approx(muba["gap_persons"] * 16_800 * 12)
    assert muba["paritrana_style_score"] == pytest.approx(s.set_index("name").loc["Musi Banyuasin", "paritrana_style_score"])
    oku_s = g.set_index("name").loc["Ogan Komering Ulu Selatan"]  # base from BPS employed × ratio, flagged
    assert oku_s["base_basis"] == "estimated" and oku_s["base_persons"] == pytest.approx(200_804 * 0.7)
    assert "base_other_date" in oku_s["flags"]
    assert "reading_older_than_12_months" in g.set_index("name").loc["Palembang", "flags"]
    assert "no_base" in g.set_index("name").loc["Palembang", "flags"]
    assert g.loc[g["status"] == "no_data", ["gap_persons", "subsidy_to_close_rupiah_per_year"]].isna().all().all()


def test_province_comparison_places_sumsel_with_peers(raw_dir):
    nat = loaders.load_national(raw_dir)
    cmp = regional.province_comparison(nat)
    ranked = cmp[cmp["rank"].notna()]
    assert ranked["coverage_pct"].is_monotonic_decreasing and ranked["geo_code"].is_unique
    sumsel = cmp.set_index("geo_code").loc["16"]
    assert sumsel["coverage_pct"] == 31.33 and sumsel["obs_id"] == "N0490" and sumsel["is_focus"]
    assert cmp["is_peer"].sum() == 4 and not cmp.loc[cmp["geo_code"] == "ID", "rank"].notna().any()
    act = regional.active_participants_rank(nat)
    assert (act["rank"], act["n"], act["active_persons"]) == (11, 34, 915_142)  # national NOTES s.2
    assert act["share_of_total_pct"] == pytest.approx(2.20, abs=0.005)
