"""Coverage metrics on hand-computed cases and on the real processed data."""

import math

import pandas as pd
import pytest

from sumsel_analysis.coverage import metrics
from sumsel_analysis.data import loaders, quality


@pytest.fixture(scope="module")
def data(raw_dir):
    cov = quality.flag_coverage(loaders.load_coverage(raw_dir), loaders.load_quality_annotations(raw_dir))
    lab = quality.flag_labour(loaders.load_labour(raw_dir))
    return cov, lab, loaders.load_parameters(raw_dir)


def test_hand_computed_rate_gap_and_pace():
    assert metrics.coverage_rate(1_035_000, 3_154_000) == pytest.approx(32.8155, abs=1e-3)
    assert round(metrics.coverage_rate(1_035_000, 3_154_000), 2) == 32.82
    assert metrics.gap_to_target(1_035_000, 3_154_000, 51) == pytest.approx(573_540)
    assert metrics.gap_to_target(2_000_000, 3_154_000, 51) == 0  # already above target
    # 573,540 workers over the 24.87 months from 4 Dec 2025 to 31 Dec 2027
    months = (pd.Timestamp("2027-12-31") - pd.Timestamp("2025-12-04")).days / 30.4375
    assert metrics.required_pace(1_035_000, 3_154_000, 51, "2025-12-04", "2027-12-31") == pytest.approx(573_540 / months)
    assert metrics.achieved_pace(915_142, "2023-12-31", 1_035_000, "2025-12-04") == pytest.approx(
        119_858 / ((pd.Timestamp("2025-12-04") - pd.Timestamp("2023-12-31")).days / 30.4375))


def test_bad_arguments_are_rejected():
    with pytest.raises(ValueError, match="base must be positive"):
        metrics.coverage_rate(1, 0)
    with pytest.raises(ValueError, match="target must be a percent"):
        metrics.gap_to_target(1, 10, 0)
    with pytest.raises(ValueError, match="not after"):
        metrics.required_pace(1, 10, 50, "2026-01-01", "2025-01-01")


def test_three_denominators_explicit(data):
    cov, lab, params = data
    d = metrics.denominators(cov, lab, params).set_index("denominator")
    assert list(d.index) == list(metrics.DENOMINATORS)
    assert d.loc["bpjs_potential", "value_persons"] == 3_154_000
    assert d.loc["bpjs_potential", "low_persons"] == 3_000_000
    assert d.loc["bps_employed", "value_persons"] == 4_490_000 and d.loc["bps_employed", "evidence"] == "observed"
    ex = d.loc["bps_employed_ex_asn_tni_polri"]
    assert ex["low_persons"] < ex["value_persons"] < ex["high_persons"] < 4_490_000
    assert "tni_polri_personnel_sumsel" in ex["source"] and ex["evidence"] == "assumed"
    with pytest.raises(ValueError, match="denominator must be one of"):
        metrics.key_numbers(cov, lab, params, denominator="everyone")


def test_key_numbers_with_provenance(data):
    cov, lab, params = data
    k = metrics.key_numbers(cov, lab, params)
    assert k["protected_persons"] == 1_035_000 and k["coverage_pct"] == 32.82
    # today defaults to the data date (newest publication), not the wall clock; Dec 2025 has passed, so
    # the default is the next open deadline with the carried-forward target
    assert k["today"] == pd.Timestamp("2026-02-23")
    assert k["target_pct"] == 51 and k["deadline"] == pd.Timestamp("2026-12-31") and not k["deadline_passed"]
    assert k["gap_persons"] == pytest.approx(573_540)
    assert k["required_pace_persons_per_month"] == pytest.approx(
        573_540 / ((pd.Timestamp("2026-12-31") - pd.Timestamp("2025-12-04")).days / 30.4375))
    assert k["sources"] == {"protected_persons": "C0263", "coverage_pct": "C0265",
                            "base_persons": "parameter sumsel_worker_potential", "target_pct": "assumption open_target_pct",
                            "achieved_pace": "C0138 → C0263"}
    # same-source pace: BPJS statement Aug 2024 (1,033,000) → Dec 2025 (1,035,000): near stagnation
    assert k["achieved_pace_source_type"] == "bpjs_statement"
    assert k["achieved_pace_persons_per_month"] == pytest.approx(
        2_000 / ((pd.Timestamp("2025-12-04") - pd.Timestamp("2024-08-01")).days / 30.4375))
    same_day = metrics.key_numbers(cov, lab, params, today="2026-11-29")
    assert same_day["deadline"] == pd.Timestamp("2026-12-31")
    named = metrics.key_numbers(cov, lab, params, deadline="2029-12-31")
    assert named["deadline"] == pd.Timestamp("2029-12-31") and named["target_pct"] == 51
    later = metrics.key_numbers(cov, lab, params, today="2027-03-01")
    assert later["deadline"] == pd.Timestamp("2027-12-31")


def test_pace_uses_one_source_type(data):
    cov, _, params = data
    counts = metrics.consistent_counts(cov)
    assert set(counts["source_type"]) == set(metrics.SOURCE_TYPES)
    assert counts.set_index("obs_id").loc["C0109", "source_type"] == "kemnaker_satu_data"
    assert counts.set_index("obs_id").loc["C0263", "source_type"] == "bpjs_statement"
    assert not counts["obs_id"].isin(["C0149", "C0078", "C0036"]).any()  # misprint, registered, per-project era
    assert not counts.duplicated(["period", "segment", "source_type", "protected_persons"]).any()
    pace = metrics.same_source_pace(cov, params)
    src = counts.set_index("obs_id")["source_type"]
    assert src[pace["from_obs_id"]] == src[pace["to_obs_id"]]
    assert pace["from_obs_id"] != "C0131"  # 'about 1.1 million' is too coarse for a pace
    pairs = metrics.pace_pairs(cov)
    mixed = pairs[(pairs["from_obs_id"] == "C0109") & (pairs["to_obs_id"] == "C0263")].iloc[0]
    assert not mixed["same_source"] and 5_000 < mixed["pace_persons_per_month"] < 5_400  # the old brief's figure
    with_coarse = params.copy()
    with_coarse.loc[with_coarse["name"] == "pace_count_max_rounding_persons", "value_central"] = 100_000
    assert metrics.same_source_pace(cov, with_coarse, pace_from="2024-03-01")["from_obs_id"] == "C0131"


def test_passed_targets_are_history(data):
    cov, _, params = data
    sched = metrics.target_schedule(cov, params, 3_154_000, today="2026-11-29")
    passed = sched[sched["status"] == "passed"].set_index("deadline")
    assert list(passed.index) == [pd.Timestamp("2024-12-31"), pd.Timestamp("2025-12-31")]
    assert passed.loc["2025-12-31", "target_pct"] == 51
    assert passed.loc["2025-12-31", "missed_by_persons"] == pytest.approx(0.51 * 3_154_000 - 1_035_000)
    assert passed.loc["2024-12-31", "count_obs_id"] in ("C0170", "C0177")
    assert passed.loc["2024-12-31", "missed_by_persons"] == pytest.approx(0.3758 * 3_154_000 - 982_000)
    nxt = metrics.next_open_target(sched)
    assert nxt["deadline"] == pd.Timestamp("2026-12-31") and nxt["source"] == "assumption open_target_pct"
    old = metrics.target_schedule(cov, params, 3_154_000, today="2025-06-30")
    assert metrics.next_open_target(old)["deadline"] == pd.Timestamp("2025-12-31")
    assert metrics.next_open_target(old)["source"] == "C0266"
    assert not (sched["deadline"] == pd.Timestamp("2020-11-16")).any()  # 'aspiration' with no year
    lines = metrics.target_history(sched, "en")
    assert lines[1] == "Target for December 2025 (51%) missed by 573,540 workers (1,035,000 protected, C0263)"
    assert lines[-1].startswith("Next open target: 51% by December 2026")
    assert "tidak tercapai" in metrics.target_history(sched, "id")[1]


def test_metrics_work_for_a_kabkota(data):
    cov, lab, params = data
    k = metrics.key_numbers(cov, lab, params, geo_code="1605", target_pct=52.15, deadline="2026-12-31")
    assert k["protected_persons"] == 70_337 and k["base_persons"] == 153_103
    assert k["coverage_pct"] == 45.94
    assert k["gap_persons"] == pytest.approx(0.5215 * 153_103 - 70_337)
    assert math.isnan(k["achieved_pace_persons_per_month"])  # one count only: no pace, not a guess


def test_pace_table_monotone(data):
    cov, lab, params = data
    t = metrics.pace_table(metrics.key_numbers(cov, lab, params))
    assert t["required_pace_persons_per_month"].is_monotonic_decreasing
    assert (t["status"] == "open").all()
    hist = metrics.pace_table(metrics.key_numbers(cov, lab, params, today="2028-01-15"), deadlines=("2027-12-31", "2029-12-31"))
    status = dict(zip(hist["deadline"].dt.year, hist["status"]))
    assert status == {2027: "passed", 2028: "open", 2029: "open"}  # 2028 = the next open deadline in 2028
    assert (t["gap_persons"] == t["gap_persons"].iloc[0]).all()


def test_segment_table_keeps_pre_2021_jakon_out_of_totals(data):
    cov, _, _ = data
    s = metrics.segment_table(cov)
    old = s[(s["segment"] == "JAKON") & (s["period"] < "2021-01-01")]
    assert len(old) == 2 and not old["in_worker_total"].any() and old["share_pct"].isna().all()
    dec23 = s[s["period"] == "2023-12-01"].set_index("segment")
    assert dec23["protected_persons"].sum() == 915_142
    assert dec23.loc["PU", "share_pct"] == pytest.approx(100 * 505_436 / 915_142)
    assert not s.duplicated(["period", "segment"]).any()


def test_waterfall_adds_up(data):
    cov, _, params = data
    w = metrics.waterfall_table(cov, params)
    prot = w[w["step"] == "protected"]
    assert prot["persons"].sum() == pytest.approx(1_035_000)
    assert set(prot["status"]) == {"estimated"}
    assert prot["persons"].sum() + w[w["step"] == "not_protected"]["persons"].item() == pytest.approx(3_154_000)
