"""Backtests have the expected shape and baselines; the 80% bands are calibrated on synthetic series."""

import pytest

from sumsel_analysis import trends
from sumsel_analysis.data import loaders, quality


@pytest.fixture(scope="module")
def setup(raw_dir):
    cov = quality.flag_coverage(loaders.load_coverage(raw_dir), loaders.load_quality_annotations(raw_dir))
    params = loaders.load_parameters(raw_dir)
    return params, trends.province_series(cov, params=params)


def test_rolling_origin_table(setup):
    params, series = setup
    detail = trends.rolling_origin(series, params, n_draws=100)
    table = trends.backtest_table(detail)
    assert list(table["model"]) == ["sparse_llt", "drift", "naive"]
    assert set(table.columns) == {"model", "n_forecasts", "MAE_pp", "MASE", "coverage80"}
    assert (table["n_forecasts"] == table["n_forecasts"].iloc[0]).all() and table["n_forecasts"].iloc[0] >= 10
    assert table.set_index("model")["coverage80"].drop("sparse_llt").isna().all()
    assert (detail["horizon_months"] > 0).all() and (detail["origin"] < detail["target"]).all()


def test_calibration_80_percent_bands(setup):
    params, series = setup
    result = trends.calibration_check(params, pattern=series["period"], n_series=60, n_draws=150, seed=7)
    assert result["n_checks"] == 180
    assert 0.75 <= result["coverage80"] <= 0.85, result
    assert result["coverage50"] < result["coverage80"] < result["coverage95"]
