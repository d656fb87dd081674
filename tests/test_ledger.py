"""The forecast ledger: vintages from published figures only, append-only writes, duplicates refused, scores."""

import subprocess
import sys
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sumsel_analysis import trends
from sumsel_analysis.data import loaders, quality
from sumsel_analysis.trends import ledger as L

ROOT = Path(__file__).resolve().parents[1]
TODAY = date(2026, 12, 3)


@pytest.fixture(scope="module")
def inputs(raw_dir):
    cov = quality.flag_coverage(loaders.load_coverage(raw_dir), loaders.load_quality_annotations(raw_dir))
    params = loaders.load_parameters(raw_dir)
    detail = trends.backtest_all(cov, loaders.load_national(raw_dir), params, n_draws=60, n_paths=200)
    return cov, params, detail


def test_a_vintage_uses_only_figures_published_by_its_issue_date(inputs):
    cov, params, detail = inputs
    rows = L.vintage_rows(cov, params, detail, "2024-09-30", n_paths=500)
    assert set(rows["metric"]) == {"coverage_pct", "active_participants"}
    assert (rows.groupby("metric").size() == L.HORIZON_QUARTERS).all()
    assert list(rows["target_period"].unique()) == [f"{p:%Y-%m}" for p in L.quarter_ends(pd.Timestamp("2024-09-30"))]
    assert rows["target_period"].iloc[0] == "2024-12" and rows["target_period"].iloc[7] == "2026-09"
    assert (pd.to_datetime(rows["data_date"]) <= pd.Timestamp("2024-09-30")).all()
    q = rows[list(L.QCOLS)].astype(float).to_numpy()
    assert (np.diff(q, axis=1) >= 0).all()
    later = cov.copy()  # a figure published after the issue date changes nothing in the vintage
    later.loc[later["obs_id"] == "C0265", "value"] = 60.0
    again = L.vintage_rows(later, params, detail, "2024-09-30", n_paths=500)
    pd.testing.assert_frame_equal(rows, again)
    assert L.vintage_rows(cov, params, detail, "2021-06-30").empty  # no comparable figure published yet


def test_record_refuses_a_duplicate_and_never_changes_existing_rows(inputs, tmp_path):
    cov, params, detail = inputs
    path = tmp_path / "ledger" / "forecasts.csv"
    first = L.record(cov, params, detail, issued="2025-06-30", path=path, today=TODAY)
    before = path.read_bytes()
    assert len(first) == 16 and set(first["kind"]) == {"live"}
    with pytest.raises(L.LedgerError, match="already recorded"):
        L.record(cov, params, detail, issued="2025-06-30", path=path, today=TODAY)
    assert path.read_bytes() == before
    L.record(cov, params, detail, issued="2025-12-31", path=path, today=TODAY)
    after = path.read_bytes()
    assert after.startswith(before) and len(after) > len(before)  # appended; old bytes kept
    assert list(L.read_ledger(path).columns) == list(L.COLUMNS)
    for bad, match in (("2027-01-01", "future"), ("31-12-2025", "YYYY-MM-DD")):
        with pytest.raises(L.LedgerError, match=match):
            L.record(cov, params, detail, issued=bad, path=path, today=TODAY)
    assert path.read_bytes() == after


def test_a_vintage_forecasts_each_target_once_and_a_kabkota_target_fits(inputs, tmp_path):
    cov, params, detail = inputs
    path = tmp_path / "forecasts.csv"
    rows = L.vintage_rows(cov, params, detail, "2025-06-30", n_paths=300)
    kab = rows[rows["metric"] == "coverage_pct"].assign(geo_code="1606")  # a kab/kota target beside Sumsel's
    assert L.append(pd.concat([rows, kab], ignore_index=True), path) == len(rows) + len(kab)
    assert not L.read_ledger(path).duplicated(list(L.TARGET_KEY)).any()
    twice = pd.concat([rows.assign(vintage="2025-09-30"), rows.iloc[:1].assign(vintage="2025-09-30")])
    before = path.read_bytes()
    with pytest.raises(L.LedgerError, match="2 rows for one target"):
        L.append(twice, path)
    assert path.read_bytes() == before


def _with_kabkota_months(cov: pd.DataFrame, extra: list[tuple[str, float, str]]) -> pd.DataFrame:
    """``cov`` with more Muba (1606) coverage-percent figures: (period, value, published_date) each."""
    base = cov[(cov["geo_code"] == "1606") & (cov["segment"] == "total") & (cov["metric"] == "coverage_pct")].iloc[0]
    rows = [base.to_dict() | {"obs_id": f"T{i:04d}", "period": pd.Timestamp(p), "value": v, "published_date": pub,
                              "source_url": f"https://example.org/muba-{i}"} for i, (p, v, pub) in enumerate(extra)]
    return pd.concat([cov, pd.DataFrame(rows)], ignore_index=True)


def test_a_kabkota_enters_the_ledger_once_it_has_four_comparable_months(inputs, tmp_path):
    """Muba has two comparable coverage months (2024-12, 2025-07); with two more published in early 2026 it
    is forecast from the first vintage by which four had been published, and scored on its own figures."""
    cov, params, detail = inputs
    assert not [k for k in L.target_series(cov, params) if k[0] != "16"]  # today: Sumsel only
    more = _with_kabkota_months(cov, [("2025-10-31", 50.1, "2026-01-20"), ("2025-12-31", 52.4, "2026-02-10"),
                                      ("2026-06-30", 55.0, "2026-08-05")])
    assert ("1606", "coverage_pct") in L.target_series(more, params)
    assert ("1606", "coverage_pct") not in L.target_series(more, params, as_of="2026-01-31")  # three by then
    early = L.vintage_rows(more, params, detail, "2026-01-31", n_paths=300)
    assert set(early["geo_code"]) == {"16"}
    rows = L.vintage_rows(more, params, detail, "2026-03-31", n_paths=300)
    kab = rows[rows["geo_code"] == "1606"]
    assert len(kab) == L.HORIZON_QUARTERS and set(kab["metric"]) == {"coverage_pct"}
    assert set(kab["data_date"]) == {"2026-02-10"} and (kab["n_figures"] == 5).all()  # July 2025 twice
    assert len(rows[rows["geo_code"] == "16"]) == 2 * L.HORIZON_QUARTERS
    sumsel = rows[(rows["geo_code"] == "16") & (rows["metric"] == "coverage_pct")]
    pd.testing.assert_frame_equal(sumsel.reset_index(drop=True),  # Sumsel's rows do not move
                                  L.vintage_rows(cov, params, detail, "2026-03-31", n_paths=300).query(
                                      "metric == 'coverage_pct'").reset_index(drop=True))
    med = kab[list(L.QCOLS)].astype(float)
    assert (med["q05"] > 30).all() and (med["q50"].between(45, 60)).all()  # Muba's level, not Sumsel's ~33%
    path = tmp_path / "forecasts.csv"
    L.append(rows, path)
    scored = L.track_record(more, params, L.read_ledger(path))
    mine = scored[scored["geo_code"] == "1606"]
    assert len(mine) == 1 and mine["target_period"].iloc[0] == "2026-06"
    assert mine["actual"].iloc[0] == pytest.approx(55.0)
    assert mine["actual_obs_ids"].iloc[0] == "T0002"
    assert not scored.loc[scored["geo_code"] == "16", "actual_obs_ids"].str.contains("T0").any()  # Sumsel: own
    summary = L.track_record_summary(scored).set_index("metric")
    assert summary.loc["coverage_pct", "n_scored"] == len(scored[scored["metric"] == "coverage_pct"])


def test_append_only_check_catches_a_rewritten_row():
    old = "a,b\n1,2\n3,4\n"
    L.check_append_only(old, old + "5,6\n")
    with pytest.raises(L.LedgerError, match="line 3"):
        L.check_append_only(old, "a,b\n1,2\n3,5\n5,6\n")


def test_backfill_is_deterministic_and_scored_when_figures_arrive(inputs, tmp_path):
    cov, params, detail = inputs
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    rows = L.backfill(cov, params, detail, path=a, until="2025-09-30")
    L.backfill(cov, params, detail, path=b, until="2025-09-30")
    assert a.read_bytes() == b.read_bytes()
    assert rows["vintage"].min() == "2024-03-31" and set(rows["kind"]) == {"backfill"}  # first comparable figure
    assert L.backfill(cov, params, detail, path=a, until="2025-09-30").empty  # already there: nothing added
    scored = L.track_record(cov, params, L.read_ledger(a))
    assert len(scored) >= 10
    assert (scored["actual_published"] > pd.to_datetime(scored["vintage"])).all()
    assert (scored["in80"] == ((scored["q10"] <= scored["actual"]) & (scored["actual"] <= scored["q90"]))).all()
    assert np.allclose(scored["error"], scored["actual"] - scored["q50"])
    dec = scored[(scored["metric"] == "coverage_pct") & (scored["target_period"] == "2025-12")]
    assert set(dec["actual"].round(2)) == {32.82} and set(dec["actual_obs_ids"]) == {"C0265"}
    summary = L.track_record_summary(scored)
    assert list(summary["metric"]) == ["active_participants", "coverage_pct", "all"]
    assert summary["coverage80"].between(0, 1).all() and summary.set_index("metric").loc["all", "n_scored"] == len(scored)


def test_crps_from_quantiles():
    q = np.full(len(L.LEVELS), 2.0)
    assert L._crps_quantiles(q, 5.0) == pytest.approx(3.0)  # a point forecast: the absolute error


def test_the_tracked_ledger(inputs):
    led = L.read_ledger(ROOT / "ledger" / "forecasts.csv")
    assert len(led) and not led.duplicated(list(L.TARGET_KEY)).any()
    assert led["vintage"].min() == "2024-03-31" and set(led["kind"]) <= {"backfill", "live"}
    q = led[list(L.QCOLS)].astype(float).to_numpy()
    assert (np.diff(q, axis=1) >= 0).all()
    assert (pd.to_datetime(led["data_date"]) <= pd.to_datetime(led["issued"])).all()
    assert L.latest_vintage(led)["issued"].nunique() == 1


def test_latest_figure_has_provenance(inputs):
    cov = inputs[0]
    fig = L.latest_figure(cov)
    assert fig["obs_id"] == "C0265" and fig["value"] == pytest.approx(32.82) and fig["publisher"]
    assert fig["published_date"] == "2025-12-04" and all(v is None or v == v for v in fig.values())  # no NaN


def test_ledger_command_line(tmp_path):
    import shutil

    (tmp_path / "data").mkdir()
    shutil.copytree(ROOT / "data" / "raw", tmp_path / "data" / "raw")
    env = {"SUMSEL_ROOT": str(tmp_path), "PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    run = lambda *a: subprocess.run([sys.executable, "-m", "sumsel_analysis", "ledger", *a], env=env,  # noqa: E731
                                    capture_output=True, text=True, cwd=tmp_path)
    ok = run("record", "--issued", "2025-06-30")
    assert ok.returncode == 0, ok.stderr
    path = tmp_path / "ledger" / "forecasts.csv"
    before = path.read_bytes()
    dup = run("record", "--issued", "2025-06-30")
    assert dup.returncode == 2 and dup.stderr.count("\n") == 1 and "already recorded" in dup.stderr
    assert path.read_bytes() == before
    score = run("score")
    assert score.returncode == 0 and "coverage80" in score.stdout
