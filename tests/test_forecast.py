"""The sparse local-trend projection: gaps and duplicates, bounds, as-of, probabilities, baselines."""

import numpy as np
import pandas as pd
import pytest

from sumsel_analysis import trends
from sumsel_analysis.data import loaders, quality


@pytest.fixture(scope="module")
def data(raw_dir):
    cov = quality.flag_coverage(loaders.load_coverage(raw_dir), loaders.load_quality_annotations(raw_dir))
    params = loaders.load_parameters(raw_dir)
    return cov, params, trends.province_series(cov, params=params)


@pytest.fixture(scope="module")
def fit(data):
    _, params, series = data
    return trends.fit_trend(series, params, n_draws=150)


def test_series_excludes_breaks_and_misprints_keeps_duplicates(data):
    _, _, s = data
    assert not s["obs_id"].isin(["C0158", "C0079", "C0105", "C0050"]).any()  # misprint, not coverage, unclear, break
    assert (s.groupby("period").size() > 1).any()  # several figures in one month are kept
    apr = s[s["period"] == "2025-04-01"]
    assert set(apr["quality_flag"]) == {"conflicting_duplicate"} and len(apr) == 2
    assert s[s["obs_id"] == "C0263"].empty  # the derived twin of a published percent is not double-counted


def test_fit_handles_gaps_and_duplicate_months(fit):
    d = fit.design
    assert d["y"].isna().sum() > 10  # most months are missing
    assert d.loc["2024-08-01", "n"] > 1 and d.loc["2024-08-01", "weight"] < 1  # averaged, less noise
    assert fit.effective_draws > 10
    assert np.isclose(fit.weights.sum(), 1)


def test_bounds_respected_and_bands_ordered(fit):
    fc = fit.forecast("2035-12", n_paths=1500)
    cols = ["lo95_pct", "lo80_pct", "lo50_pct", "median_pct", "hi50_pct", "hi80_pct", "hi95_pct"]
    assert (fc[cols].to_numpy() >= 0).all() and (fc[cols].to_numpy() <= 100).all()
    assert (np.diff(fc[cols].to_numpy(), axis=1) >= 0).all()
    width = fc["hi80_pct"] - fc["lo80_pct"]
    assert width.iloc[-1] > width.iloc[0]  # uncertainty grows with the horizon
    assert fc["is_projection"].all() and fc["period"].iloc[0] == pd.Timestamp("2026-01-01")


def test_as_of_ignores_later_data(data):
    _, params, s = data
    early = trends.fit_trend(s, params, as_of="2024-09-30", n_draws=100)
    assert early.series["available"].max() <= pd.Timestamp("2024-09-30")
    assert early.last_period == pd.Timestamp("2024-09-01")
    # changing a figure published later does not change the as-of fit
    s2 = s.copy()
    s2.loc[s2["period"] == "2025-12-01", "value_pct"] = 90.0
    early2 = trends.fit_trend(s2, params, as_of="2024-09-30", n_draws=100)
    np.testing.assert_allclose(early.end_means, early2.end_means)
    with pytest.raises(ValueError, match="at least two months"):
        trends.fit_trend(s, params, as_of="2024-01-15")


def test_probability_monotone_in_target(fit):
    curve = fit.prob_reach_curve([20, 30, 35, 40, 51, 60, 80], "2029-12-31", n_paths=2000)
    assert curve.is_monotonic_decreasing
    assert curve[20] > 0.5 > curve[51]
    p1 = fit.prob_reach(51, "2029-12-31", n_paths=2000)
    p2 = fit.prob_reach(51, "2029-12-31", n_paths=2000)
    assert p1 == p2  # seeded


def test_baselines_for_the_simulator(data):
    cov, params, _ = data
    b = trends.baseline_projection(cov, params, until="2027-12", n_paths=300)
    assert b.paths.shape == (300, 24) and b.start_period == pd.Timestamp("2026-01-01")
    # the forecast chosen in the nested, pooled backtests; each model with its own spread
    src = b.describe()
    assert src["centre"] == trends.baseline.chosen_model(cov, params)[0]
    if src["centre"] == "naive":
        assert np.median(b.paths, axis=0) == pytest.approx(32.82, abs=1.0)  # sampling noise of 300 paths; last month's figure, C0265
    llt = trends.baseline_projection(cov, params, until="2027-12", n_paths=300, model="sparse_llt")
    assert llt.describe()["centre"] == "sparse_llt" and not np.allclose(llt.paths, b.paths)
    early = trends.baseline_projection(cov, params, until="2025-12", n_paths=100, as_of="2024-03-31")
    assert early.describe()["centre"] == "naive"  # nothing published by then has beaten naive
    assert early.start_period == pd.Timestamp("2024-04-01")
    assert b.base_persons == 3_154_000
    assert b.to_persons([50])[0] == pytest.approx(1_577_000)
    c = trends.constant_pace_baseline(cov, params, until="2026-12")
    assert c.paths.shape == (1, 12)
    first = c.describe()["pace_persons_per_month"]
    assert c.to_persons(c.median_pct.iloc[0]) == pytest.approx(1_035_000 + first)
    assert c.describe()["pace_source"] == "C0138 → C0263 (bpjs_statement)"  # one source type, pair named


def test_national_damped_trend(raw_dir):
    best = quality.best_series(quality.flag_coverage(loaders.load_coverage(raw_dir),
                                                     loaders.load_quality_annotations(raw_dir)))
    out = trends.national_ets(best, horizon_years=3)
    obs, proj = out[~out["is_projection"]], out[out["is_projection"]]
    assert list(obs["year"]) == list(range(2018, 2026)) and obs.loc[obs["year"] == 2024, "active_persons"].item() == 45_220_000
    assert list(proj["year"]) == [2026, 2027, 2028]
    assert ((proj["lo80"] < proj["forecast"]) & (proj["forecast"] < proj["hi80"])).all()
    assert trends.national_ets(best, exclude_last=True)["year"].max() == 2028


def test_pace_comparison(data, fit, raw_dir):
    from sumsel_analysis.coverage import metrics

    cov, params, _ = data
    key = metrics.key_numbers(cov, quality.flag_labour(loaders.load_labour(raw_dir)), params)
    assert list(trends.pace_comparison(fit, key, n_paths=500)["deadline"]) == [key["deadline"]]  # next open one
    pc = trends.pace_comparison(fit, key, deadlines=("2026-12-31", "2029-12-31"), n_paths=1000)
    assert pc["prob_reach"].between(0, 1).all() and pc["prob_reach"].iloc[0] <= pc["prob_reach"].iloc[1] + 0.05
    assert list(pc["deadline"]) == [pd.Timestamp("2026-12-31"), pd.Timestamp("2029-12-31")]
    assert pc["required_pace_persons_per_month"].iloc[1] == pytest.approx(
        573_540 / ((pd.Timestamp("2029-12-31") - pd.Timestamp("2025-12-04")).days / 30.4375))
    assert (pc["projected_pace_lo80"] <= pc["projected_pace_persons_per_month"]).all()
    assert (pc["projected_pace_persons_per_month"] < pc["required_pace_persons_per_month"]).all()
