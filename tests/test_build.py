"""Processed layer: deterministic, atomic, raw untouched, flags and reconciliation as documented."""

import hashlib
from pathlib import Path

import pandas as pd
import pytest

from sumsel_analysis.data import build, quality
from sumsel_analysis.data.loaders import load_coverage, load_quality_annotations


def _hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory, raw_dir):
    out = tmp_path_factory.mktemp("processed")
    before = _hashes(raw_dir)
    build.build_all(raw_dir, out)
    return out, before


def test_two_builds_are_byte_identical(built, raw_dir, tmp_path):
    out, _ = built
    build.build_all(raw_dir, tmp_path)
    assert _hashes(out) == _hashes(tmp_path)


def test_raw_files_unchanged_by_build(built, raw_dir):
    _, before = built
    assert _hashes(raw_dir) == before


def test_outputs_have_parquet_and_csv_and_manifest(built):
    out, _ = built
    names = {p.name for p in out.iterdir()}
    for table in ("coverage_observations", "coverage_best", "labour_observations", "parameters",
                  "claims_december_2025", "contradictions"):
        assert f"{table}.parquet" in names and f"{table}.csv" in names
    manifest = build.read_manifest(out)
    assert manifest["data_date"] == "2026-02-23"
    assert "coverage_observations.csv" in manifest["raw_files"]


def test_interrupted_build_leaves_no_partial_file(raw_copy, tmp_path, monkeypatch):
    out = tmp_path / "processed"
    build.build_all(raw_copy, out)
    good = _hashes(out)
    calls = {"n": 0}
    original = pd.DataFrame.to_parquet

    def crash_midway(self, path, *a, **k):
        calls["n"] += 1
        if calls["n"] == 3:
            Path(path).write_bytes(b"half")  # a half-written temp file...
            raise KeyboardInterrupt("simulated interruption")
        return original(self, path, *a, **k)

    monkeypatch.setattr(pd.DataFrame, "to_parquet", crash_midway)
    with pytest.raises(KeyboardInterrupt):
        build.build_all(raw_copy, out)
    assert _hashes(out) == good  # ...never replaces a good file, and is cleaned up


def test_bad_raw_file_writes_nothing(raw_copy, tmp_path):
    (raw_copy / "coverage_observations.csv").write_text("obs_id\n")
    out = tmp_path / "processed"
    with pytest.raises(Exception, match="coverage_observations.csv"):
        build.build_all(raw_copy, out)
    assert not list(out.glob("*.parquet"))


@pytest.fixture(scope="module")
def flagged(raw_dir):
    return quality.flag_coverage(load_coverage(raw_dir), load_quality_annotations(raw_dir))


def test_quality_flags(flagged):
    f = flagged.set_index("obs_id")["quality_flag"]
    assert f["C0149"] == "suspected_misprint"  # '1.3 juta' at the Aug 2024 briefing
    assert f["C0033"] == "definitional_break"  # JAKON 399% in 2017, per-project counting
    assert f["C0079"] == "not_coverage"  # Oct 2020 '36%' share of regional total
    assert f["C0203"] == f["C0207"] == "conflicting_duplicate"  # 36.7% vs 26% in the same week
    assert f["C0138"] == "comparable"  # 1,033,000
    assert f["C0162"] == f["C0169"] == "comparable"  # 32.72 vs 32.7 agree up to rounding


def test_best_series_rules_and_alternatives(flagged):
    best = quality.best_series(flagged)
    row = best[(best.geo_code == "16") & (best.segment == "total") & (best.metric == "active_participants")
               & (best.period == "2024-08-01")].iloc[0]
    assert row["value"] == 1_033_000 and row["obs_id"] == "C0138"
    assert "agreeing sources" in row["rule"] and "C0149=1.3e+06 [suspected_misprint]" in row["alternatives"]
    apr = best[(best.geo_code == "16") & (best.segment == "total") & (best.metric == "coverage_pct")
               & (best.period == "2025-04-01")].iloc[0]
    assert apr["value"] == 36.7 and apr["rule"].startswith("conflict") and "C0207=26" in apr["alternatives"]
    tgt = best[(best.geo_code == "16") & (best.metric == "target_pct") & (best.period == "2025-12-01")].iloc[0]
    assert tgt["value"] == 51 and "latest statement" in tgt["rule"] and "C0204=49.46" in tgt["alternatives"]
    assert not best.duplicated(["geo_code", "segment", "metric", "period", "unit"]).any()


def test_every_annotation_names_an_existing_row(raw_dir):
    ann = load_quality_annotations(raw_dir)
    cov = load_coverage(raw_dir)
    assert set(ann["obs_id"]) <= set(cov["obs_id"])
    with pytest.raises(ValueError, match="do not exist"):
        quality.flag_coverage(cov, pd.concat([ann, pd.DataFrame([{"obs_id": "C9999", "flag": "comparable",
                                                                   "reason": "x"}])]))
