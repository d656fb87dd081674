"""The claims check on the December 2025 report, and contradictions across the fact base."""

import pytest

from sumsel_analysis.data import claims, quality
from sumsel_analysis.data.loaders import load_coverage, load_quality_annotations


@pytest.fixture(scope="module")
def dec_check(raw_dir):
    return claims.check_claim(claims.december_2025_claim(load_coverage(raw_dir))).set_index("check")


def test_implied_base_is_about_3_15_million(dec_check):
    row = dec_check.loc["base implied by participants ÷ percent"]
    assert row["implied"] == pytest.approx(1_035_000 / 0.3282)
    assert 3.14e6 < row["implied"] < 3.16e6


def test_1_3_million_cannot_be_the_base(dec_check):
    assert not dec_check.loc["base implied by participants ÷ percent", "consistent"]
    row = dec_check.loc["percent implied by participants ÷ stated base"]
    assert row["implied"] == pytest.approx(79.615, abs=0.01) and not row["consistent"]


def test_409k_gap_fits_neither_target(dec_check):
    for target in ("51.0%", "49.46%", "50.0%"):
        for base in ("implied base", "stated base", "alternative base 3,000,000"):
            assert not dec_check.loc[f"gap to {target} on the {base}", "consistent"], (target, base)
    assert dec_check.loc["gap to 51.0% on the implied base", "implied"] == pytest.approx(573_318, abs=1)
    # the one combination it does fit: the provincial official's 'at least 48%' on the 3.0m base (405,000)
    assert dec_check.loc["gap to 48.0% on the alternative base 3,000,000", "consistent"]
    need = dec_check.loc["base that the stated gap would need at 51.0%", "implied"]
    assert need == pytest.approx((1_035_000 + 409_000) / 0.51)


def test_consistent_claim_passes():
    c = claims.Claim("Republika Oct 2018", participants=753_088, base=2_810_000, percent=26.72)
    assert claims.check_claim(c)["consistent"].all()


def test_fact_base_contradictions_cover_the_notes(raw_dir):
    flagged = quality.flag_coverage(load_coverage(raw_dir), load_quality_annotations(raw_dir))
    fb = claims.fact_base_contradictions(flagged)
    kinds = set(fb["kind"])
    assert {"arithmetic within one source", "same month, different values", "suspected misprint",
            "not coverage", "scope unclear"} <= kinds
    text = " ".join(fb["description"]) + " ".join(fb["values"])
    assert "1,300,000 ÷ 3,000,000 = 43.33%" in text  # Aug 2024 '1.3 juta'
    assert "36.7" in text and "26" in text  # Apr 2025 same-week conflict
    assert "Sumbagsel" in text  # Oct 2020 share, not coverage
    targets = fb[(fb["kind"] == "same month, different values") & (fb["metric"] == "target_pct")
                 & (fb["geo_code"] == "16")]
    assert targets["values"].str.contains("49.46").any() and targets["values"].str.contains("51").any()
