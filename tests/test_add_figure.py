"""add-figure: a new figure validated, recorded with provenance and checksums in its own raw file, rebuilt;
a bad figure changes nothing. Always on a scratch copy of data/raw (the repo's raw files are never written)."""

import subprocess
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from sumsel_analysis.data import loaders
from sumsel_analysis.data.safe_io import folder_checksums
from sumsel_analysis.trends import figures as F
from sumsel_analysis.trends import ledger as L

ROOT = Path(__file__).resolve().parents[1]
TODAY = date(2026, 12, 3)
GOOD = dict(period="2026-06", area="16", segment="total", metric="coverage_pct", value="32,82%",
            publisher="BPJS Ketenagakerjaan Sumbagsel", url="https://example.org/bpjs-sumsel-juni-2026",
            published="2026-07-01")


@pytest.fixture()
def scratch(raw_copy, tmp_path):
    return raw_copy, tmp_path / "processed"


def _add(scratch, **kw):
    raw, processed = scratch
    return F.add_figure(**{**GOOD, **kw}, raw_dir=raw, processed_dir=processed, today=TODAY)


def test_a_figure_is_recorded_with_provenance_and_rebuilt(scratch):
    raw, processed = scratch
    originals = {n: s for n, s in folder_checksums(raw).items() if n != F.ADDITIONS}
    row = _add(scratch)
    assert row["obs_id"] == "A0001" and row["value"] == pytest.approx(32.82) and row["unit"] == "percent"
    assert {n: s for n, s in folder_checksums(raw).items() if n != F.ADDITIONS} == originals  # nothing else changed
    added = loaders.load_additions(raw)
    assert list(added["obs_id"]) == ["A0001"] and added["value_printed"].item() == "32,82%"
    assert added["recorded_on"].item() == pd.Timestamp(TODAY) and added["publisher"].item() == GOOD["publisher"]
    cov = loaders.load_processed("coverage_observations", processed)
    assert "A0001" in set(cov["obs_id"])
    assert L.latest_figure(cov)["obs_id"] == "A0001"  # the brief's latest figure follows
    series = L.target_series(cov, loaders.load_parameters(raw))[("16", "coverage_pct")][0]
    assert series["obs_id"].iloc[-1] == "A0001"  # so do the trend and the ledger's scores
    # a second figure: persons as printed in Indonesian, chained checksum
    _add(scratch, metric="active_participants", value="1.040.000", url="https://example.org/b")
    added = loaders.load_additions(raw)
    assert list(added["value"]) == [32.82, 1_040_000.0]
    assert list(added["row_sha256"]) == loaders.row_checksums(loaders.read_additions_text(
        (raw / F.ADDITIONS).read_text()))


@pytest.mark.parametrize("change, message", [
    ({"value": "32.82%"}, "ambiguous"),                     # English decimal point
    ({"value": "1,035", "metric": "active_participants"}, "whole number"),
    ({"value": "32,82%", "metric": "active_participants"}, "percent figure"),
    ({"value": "132,5%"}, "above 100"),
    ({"area": "1699"}, "--area"),
    ({"segment": "informal"}, "--segment"),
    ({"metric": "coverage"}, "--metric"),
    ({"published": "2027-01-05"}, "future"),
    ({"published": "2026-05-01"}, "before the figure's month"),
    ({"published": "1 Juli 2026"}, "YYYY-MM-DD"),
    ({"url": "example.org/x"}, "http"),
    ({"period": "2025-12", "value": "32,82%"}, "duplicate"),  # C0265 already records it
    ({"value": "45,1%"}, "confirm-jump"),                   # +12 pp in six months: a programme list, or a misprint?
])
def test_a_bad_figure_gets_one_line_and_changes_nothing(scratch, change, message):
    raw, processed = scratch
    before = folder_checksums(raw)
    with pytest.raises(F.FigureError, match=message) as e:
        _add(scratch, **change)
    assert "\n" not in str(e.value)
    assert folder_checksums(raw) == before and not processed.exists()


def test_a_confirmed_jump_is_accepted_and_a_hand_edit_is_caught(scratch):
    raw, _ = scratch
    _add(scratch, value="45,1%", confirm_jump=True)
    path = raw / F.ADDITIONS
    path.write_text(path.read_text().replace(",45.1,", ",44.1,"))
    with pytest.raises(loaders.DataValidationError, match="row_sha256"):
        loaders.load_coverage(raw)


def test_add_figure_command_line(tmp_path):
    import shutil

    (tmp_path / "data").mkdir()
    shutil.copytree(ROOT / "data" / "raw", tmp_path / "data" / "raw")
    env = {"SUMSEL_ROOT": str(tmp_path), "PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    args = [sys.executable, "-m", "sumsel_analysis", "add-figure", "--period", "2026-06", "--area", "16",
            "--metric", "coverage_pct", "--publisher", "BPJS", "--url", "https://example.org/c", "--published",
            "2026-07-01", "--value"]
    raw_before = folder_checksums(tmp_path / "data" / "raw")
    bad = subprocess.run([*args, "32.82%"], env=env, capture_output=True, text=True)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and bad.stderr.startswith("error: --value")
    assert folder_checksums(tmp_path / "data" / "raw") == raw_before
    ok = subprocess.run([*args, "32,9%"], env=env, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert "A0001" in ok.stdout and (tmp_path / "data" / "processed" / "manifest.json").exists()
    assert (ROOT / "data" / "raw" / F.ADDITIONS).read_text().count("\n") == 1  # the repo's own file: header only
