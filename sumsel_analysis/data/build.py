"""Build data/processed/ from data/raw/: load → validate → flag → reconcile → write (parquet + CSV).

Deterministic (same raw files give byte-identical outputs) and atomic: every file is written to a
temporary name in the same folder and moved into place only when complete, so an interruption never
leaves a half-written table. Raw files are only read.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

import pandas as pd

from sumsel_analysis import __version__
from sumsel_analysis.data import claims, loaders, paths, quality


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def data_date(coverage: pd.DataFrame) -> str:
    """The newest publication date among observations (the 'data as of' date printed in outputs)."""
    pub = pd.to_datetime(coverage["published_date"].where(coverage["published_date"].str.len() == 10),
                         errors="coerce")
    return f"{pub.max():%Y-%m-%d}"


def build_tables(raw_dir: Path | str | None = None) -> dict[str, pd.DataFrame]:
    """All processed tables, in memory (pure: reads raw, writes nothing)."""
    coverage = loaders.load_coverage(raw_dir)
    annotations = loaders.load_quality_annotations(raw_dir)
    flagged = quality.flag_coverage(coverage, annotations)
    labour = quality.flag_labour(loaders.load_labour(raw_dir))
    dec = claims.december_2025_claim(coverage)
    tables = {
        "coverage_observations": flagged,
        "coverage_best": quality.best_series(flagged),
        "labour_observations": labour,
        "labour_best": quality.best_series(labour.assign(segment=labour["category"]),
                                           keys=("geo_code", "segment", "metric")).rename(
                                               columns={"segment": "category"}),
        "parameters": loaders.load_parameters(raw_dir),
        "regions": loaders.load_regions(raw_dir),
        "sources": loaders.load_sources(raw_dir),
        "claims_december_2025": claims.check_claim(dec),
        "contradictions": pd.concat([claims.fact_base_contradictions(flagged),
                                     claims.labour_contradictions(labour)], ignore_index=True),
    }
    return tables


def _atomic_write(path: Path, write) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def build_all(raw_dir: Path | str | None = None, out_dir: Path | str | None = None) -> list[Path]:
    """Write every processed table as parquet and CSV plus ``manifest.json``; returns the written paths."""
    raw_dir = Path(raw_dir or paths.RAW_DIR)
    out_dir = Path(out_dir or paths.PROCESSED_DIR)
    out_dir.mkdir(parents=True, exist_ok=True)
    tables = build_tables(raw_dir)  # everything validated before anything is written
    written = []
    for name, df in tables.items():
        pq, csv = out_dir / f"{name}.parquet", out_dir / f"{name}.csv"
        _atomic_write(pq, lambda p, df=df: df.to_parquet(p, index=False, engine="pyarrow", compression="snappy"))
        _atomic_write(csv, lambda p, df=df: df.to_csv(p, index=False, lineterminator="\n", date_format="%Y-%m-%d"))
        written += [pq, csv]
    manifest = {
        "package_version": __version__,
        "data_date": data_date(tables["coverage_observations"]),
        "raw_files": {p.name: _sha256(p) for p in sorted(raw_dir.iterdir()) if p.is_file()},
        "tables": {name: {"rows": int(len(df)), "columns": list(map(str, df.columns))}
                   for name, df in tables.items()},
    }
    mpath = out_dir / "manifest.json"
    _atomic_write(mpath, lambda p: p.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n"))
    return written + [mpath]


def read_manifest(processed_dir: Path | str | None = None) -> dict:
    """The manifest of the last build (data date, package version, raw checksums, table shapes)."""
    path = Path(processed_dir or paths.PROCESSED_DIR) / "manifest.json"
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist; run `make data`")
    return json.loads(path.read_text())


def ensure_built(processed_dir: Path | str | None = None) -> dict:
    """The manifest of the processed layer, building it first when it is missing (fresh clone, notebook run)."""
    try:
        return read_manifest(processed_dir)
    except FileNotFoundError:
        build_all(out_dir=processed_dir)
        return read_manifest(processed_dir)
