"""Build data/processed/ from data/raw/: load → validate → flag → reconcile → write (parquet + CSV).

Deterministic (same raw files give byte-identical outputs) and set-atomic: the whole set (tables and
``manifest.json``) is written into a staging folder and swapped in with one rename (``safe_io``), so an
interruption leaves the complete old set or the complete new set, never a mix. The manifest records the
package version and the checksums of every raw file and every output; ``ensure_built`` and
``loaders.load_processed`` compare it with the raw files, so stale processed data is never used
silently. The manifest has a declared schema (``models.Manifest``); a damaged or foreign manifest, or a
table that does not match it, is reported in one line naming the file and ``make data`` — never an
engine exception (JSONDecodeError, ArrowInvalid, KeyError …). Text cells in the CSV copies are neutralised against spreadsheet formulas. Raw files are only
read.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd

from sumsel_analysis import __version__
from pydantic import ValidationError

from sumsel_analysis.data import claims, loaders, paths, quality
from sumsel_analysis.data.models import Manifest
from sumsel_analysis.data.models import problems as model_problems
from sumsel_analysis.data.safe_io import check_writable_folder, folder_checksums, neutralise_frame, staged_folder

MANIFEST = "manifest.json"


class StaleDataError(RuntimeError):
    """data/processed does not match the raw files (or is missing/damaged); the message says what differs."""


REBUILD = "run `make data` (python -m sumsel_analysis build)"
MAX_MANIFEST_BYTES = 1 << 20  # a manifest lists ~20 files and ~20 tables (a few KB); anything larger is foreign


def _owned(name: str) -> bool:
    """Entries of the processed folder that belong to the build's set (others, e.g. .gitkeep, are kept)."""
    return name == MANIFEST or name.endswith((".parquet", ".csv"))


def _raw_checksums(raw_dir: Path) -> dict[str, str]:
    return {name: sha for name, sha in folder_checksums(raw_dir).items() if "/" not in name}


def _raw_dir_label(raw_dir: Path) -> str:
    """How the manifest names the raw folder: relative to the project root when inside it (portable)."""
    try:
        return raw_dir.resolve().relative_to(paths.ROOT.resolve()).as_posix()
    except ValueError:
        return str(raw_dir.resolve())


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


def build_all(raw_dir: Path | str | None = None, out_dir: Path | str | None = None) -> list[Path]:
    """Write every processed table as parquet and CSV plus ``manifest.json``; returns the written paths."""
    raw_dir = Path(raw_dir or paths.RAW_DIR)
    out_dir = check_writable_folder(out_dir or paths.PROCESSED_DIR)  # fail before the work, not after
    tables = build_tables(raw_dir)  # everything validated before anything is written
    return write_processed(tables, raw_dir, out_dir)


def write_processed(tables: dict[str, pd.DataFrame], raw_dir: Path, out_dir: Path) -> list[Path]:
    """Write built tables (parquet + neutralised CSV) and the manifest as one set into ``out_dir``."""
    names = []
    with staged_folder(out_dir, owns=_owned) as stage:
        for name, df in tables.items():
            df.to_parquet(stage / f"{name}.parquet", index=False, engine="pyarrow", compression="snappy")
            neutralise_frame(df).to_csv(stage / f"{name}.csv", index=False, lineterminator="\n",
                                        date_format="%Y-%m-%d")
            names += [f"{name}.parquet", f"{name}.csv"]
        manifest = {
            "package_version": __version__,
            "data_date": data_date(tables["coverage_observations"]),
            "raw_dir": _raw_dir_label(raw_dir),
            "raw_files": _raw_checksums(raw_dir),
            "outputs": {n: sha for n, sha in folder_checksums(stage).items() if n in names},
            "tables": {name: {"rows": int(len(df)), "columns": list(map(str, df.columns))}
                       for name, df in tables.items()},
        }
        (stage / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return [out_dir / n for n in names] + [out_dir / MANIFEST]


def _manifest_or_problem(path: Path) -> tuple[Manifest | None, str | None]:
    """The validated manifest at ``path``, or why it cannot be used (one phrase naming the file)."""
    if not path.is_file():
        return None, f"{path} does not exist" if not path.exists() else f"{path} is not a file"
    try:
        if path.stat().st_size > MAX_MANIFEST_BYTES:
            return None, f"{path} is not a manifest of this package (over {MAX_MANIFEST_BYTES // 1024} KB)"
        data = json.loads(path.read_bytes().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return None, f"{path} is not valid JSON"
    except OSError as e:
        return None, f"{path} cannot be read ({e.strerror or e})"
    if not isinstance(data, dict) or not {"raw_files", "outputs", "package_version"} <= set(data):
        return None, f"{path} lacks raw and output checksums (built by an older version, or not a manifest)"
    try:
        return Manifest.model_validate(data), None
    except ValidationError as e:
        field, expected, found = model_problems(e)[0]
        return None, f"{path} is not a manifest of this package (field '{field}': expected {expected}; found {found!r})"


def read_manifest(processed_dir: Path | str | None = None) -> dict:
    """The manifest of the last build (data date, package version, raw checksums, table shapes).

    ``FileNotFoundError`` when there is none; ``StaleDataError`` (one line, naming the file and
    ``make data``) when it is damaged or not a manifest of this package.
    """
    path = Path(processed_dir or paths.PROCESSED_DIR) / MANIFEST
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist; run `make data`")
    manifest, problem = _manifest_or_problem(path)
    if manifest is None:
        raise StaleDataError(f"{problem}; {REBUILD}")
    return manifest.model_dump()


def manifest_problems(processed_dir: Path | str | None = None, raw_dir: Path | str | None = None) -> list[str]:
    """Why the processed folder cannot be trusted (empty list: it matches its raw files and outputs).

    Validates the manifest against its schema, then compares it with the package version, the raw
    folder it was built from (or ``raw_dir``) and the checksum of every output file.
    """
    processed_dir = Path(processed_dir or paths.PROCESSED_DIR)
    manifest, problem = _manifest_or_problem(processed_dir / MANIFEST)
    if manifest is None:
        return [problem]
    problems = []
    if manifest.package_version != __version__:
        problems.append(f"built by sumsel_analysis {manifest.package_version}, this is {__version__}")
    if raw_dir is None:
        label = Path(manifest.raw_dir)
        raw_dir = label if label.is_absolute() else paths.ROOT / label
    raw_dir = Path(raw_dir)
    now = _raw_checksums(raw_dir) if raw_dir.is_dir() else {}
    changed = sorted(n for n in set(now) | set(manifest.raw_files) if now.get(n) != manifest.raw_files.get(n))
    if changed:
        problems.append(f"raw file(s) changed since the build in {raw_dir}: {', '.join(changed)}")
    outs = {n: sha for n, sha in folder_checksums(processed_dir).items() if n in manifest.outputs}
    damaged = sorted(n for n, sha in manifest.outputs.items() if outs.get(n) != sha)
    if damaged:
        problems.append(f"processed file(s) missing or changed after the build: {', '.join(damaged)}")
    return problems


def checked_manifest(processed_dir: Path | str | None = None) -> Manifest:
    """The manifest of a processed folder that matches its raw files and outputs; ``StaleDataError`` otherwise."""
    folder = Path(processed_dir or paths.PROCESSED_DIR)
    problems = manifest_problems(folder)
    if problems:
        raise StaleDataError(f"{folder} is out of date: {'; '.join(problems)}; {REBUILD}")
    return _manifest_or_problem(folder / MANIFEST)[0]


def ensure_built(processed_dir: Path | str | None = None, raw_dir: Path | str | None = None,
                 rebuild: bool = True) -> dict:
    """The manifest of a processed layer that matches the raw files, (re)building it when needed.

    Missing (fresh clone), built from other raw files, by another package version, or damaged: rebuilt
    with a note on stderr saying why; with ``rebuild=False`` a ``StaleDataError`` says why instead.
    """
    problems = manifest_problems(processed_dir, raw_dir)
    if problems:
        where = Path(processed_dir or paths.PROCESSED_DIR)
        if not rebuild:
            raise StaleDataError(f"{where} is out of date: {'; '.join(problems)}; {REBUILD}")
        print(f"rebuilding {where}: {'; '.join(problems)}", file=sys.stderr)
        build_all(raw_dir, processed_dir)
    return read_manifest(processed_dir)
