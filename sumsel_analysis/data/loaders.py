"""Public loaders: one per raw table, each returning a typed DataFrame checked against its schema.

Reading is strict. Every cell is read as text and converted by an explicit rule; a file that breaks
a rule raises ``DataValidationError`` naming the file, line, column, what was expected and what was
found. Nothing is coerced or dropped silently. ``load_user_coverage`` is the one lenient door: it
accepts a user's own export (CSV or Excel, Indonesian or English headers, Indonesian number text
such as ``1.035.000``, ``32,82%``, ``1,3 juta``) and maps it onto the coverage schema.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from pathlib import Path

import pandas as pd
import pandera.errors

from sumsel_analysis.data import paths
from sumsel_analysis.data.schemas import COLUMNS, OPTIONAL_COLUMNS, SCHEMAS
from sumsel_analysis.numbers import NumberTextError, parse_number

MAX_REPORTED = 20
RAW_FILES = {
    "coverage_observations": "coverage_observations.csv",
    "labour_observations": "labour_observations.csv",
    "parameters": "parameters.csv",
    "assumptions": "assumptions.csv",
    "regions": "regions.csv",
    "sources": "sources.csv",
    "quality_annotations": "quality_annotations.csv",
    "regional_indicators": "regional_indicators.csv",
    "paritrana_weights": "paritrana_weights.csv",
    "national_observations": "national_observations.csv",
    "legal_basis": "legal_basis.csv",
}


class DataValidationError(ValueError):
    """A data file broke its schema. ``problems`` lists (line, column, expected, found)."""

    def __init__(self, path: Path | str, problems: list[tuple[int | None, str | None, str, object]]):
        self.path = Path(path)
        self.problems = problems
        lines = []
        for line, col, expected, found in problems[:MAX_REPORTED]:
            where = f"line {line}" if line is not None else "file"
            if col:
                where += f", column '{col}'"
            lines.append(f"  {where}: expected {expected}; found {found!r}")
        more = f"\n  … and {len(problems) - MAX_REPORTED} more" if len(problems) > MAX_REPORTED else ""
        super().__init__(f"{self.path.name}: {len(problems)} problem(s)\n" + "\n".join(lines) + more)

    def one_line(self) -> str:
        """The first problem on one line, with the file's path (for the command line)."""
        line, col, expected, found = self.problems[0]
        where = f"line {line}" if line is not None else "file"
        if col:
            where += f", column '{col}'"
        more = f" (and {len(self.problems) - 1} more problem(s))" if len(self.problems) > 1 else ""
        return " ".join(f"{self.path}: {where}: expected {expected}; found {found!r}{more}".split())


# --- reading text ------------------------------------------------------------------------------


def _read_text(path: Path) -> str:
    if not path.exists():
        raise DataValidationError(path, [(None, None, "an existing file", str(path))])
    data = path.read_bytes()
    if not data.strip():
        raise DataValidationError(path, [(None, None, "a header line and data rows", "an empty file")])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise DataValidationError(
            path, [(line, None, "UTF-8 text", f"byte 0x{data[e.start]:02x} (wrong encoding? save as UTF-8)")]
        ) from None
    return text.lstrip("\ufeff")


def _read_csv(path: Path, expected: list[str], allow_empty: bool = False, optional: tuple[str, ...] = ()
              ) -> pd.DataFrame:
    text = _read_text(path)
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
        body, ragged = [], []
        for row in reader:
            if not row:
                continue
            if len(row) != len(header):
                ragged.append((reader.line_num, None, f"{len(header)} comma-separated fields (as in the header)",
                               f"{len(row)} fields"))
            body.append(row)
    except csv.Error as e:
        raise DataValidationError(path, [(reader.line_num, None, "well-formed CSV", str(e))]) from None
    if ragged:
        raise DataValidationError(path, ragged)
    df = pd.DataFrame(body, columns=header, dtype=object)
    problems = []
    missing = [c for c in expected if c not in df.columns and c not in optional]
    extra = [c for c in df.columns if c not in expected]
    if missing:
        problems.append((1, ", ".join(missing), "these columns in the header", "missing"))
    if extra:
        problems.append((1, ", ".join(map(str, extra)), f"only the columns {expected}", "extra column(s)"))
    if problems:
        raise DataValidationError(path, problems)
    for c in optional:  # an optional column left out reads as empty in every row
        if c not in df.columns:
            df[c] = ""
    if df.empty and not allow_empty:
        raise DataValidationError(path, [(2, None, "at least one data row", "only a header")])
    return df[expected]


_FLOAT = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH = re.compile(r"^\d{4}-\d{2}$")


def _convert(df: pd.DataFrame, kinds: dict[str, str], path: Path) -> pd.DataFrame:
    """Convert text columns by kind; collect every problem with its line number (header = line 1)."""
    problems: list[tuple[int, str, str, object]] = []
    out = {}
    for col, kind in kinds.items():
        raw = df[col]
        optional = kind.endswith("?") or kind in ("text", "pubdate")
        base = kind.rstrip("?")
        values = []
        for i, v in enumerate(raw):
            line = i + 2
            s = v.strip() if isinstance(v, str) else v
            if s != v and base in ("code",):
                problems.append((line, col, "no leading/trailing spaces", v))
            if s == "":
                if not optional:
                    problems.append((line, col, f"a value ({base})", "an empty cell"))
                values.append(None)
                continue
            if base == "float":
                if _FLOAT.match(s):
                    values.append(float(s))
                else:
                    try:
                        parsed = parse_number(s)
                        hint = f"a plain number such as {parsed.value:.12g} (Indonesian number text is only accepted by load_user_coverage)"
                    except NumberTextError:
                        hint = "a plain number"
                    problems.append((line, col, hint, v))
                    values.append(None)
            elif base in ("date", "month"):
                pattern, fmt = (_DATE, "%Y-%m-%d") if base == "date" else (_MONTH, "%Y-%m")
                ts = pd.to_datetime(s, format=fmt, errors="coerce") if pattern.match(s) else pd.NaT
                if pd.isna(ts):
                    problems.append((line, col, "a date YYYY-MM-DD" if base == "date" else "a month YYYY-MM", v))
                values.append(ts)
            elif base == "code" and re.search(r"\s", s):
                problems.append((line, col, "a code without spaces", v))
                values.append(s)
            else:
                values.append(s)
        if base == "float":
            out[col] = pd.Series(values, dtype="float64")
        elif base in ("date", "month"):
            out[col] = pd.to_datetime(pd.Series(values, dtype="object")).astype("datetime64[ns]")
        else:
            out[col] = pd.Series(values, dtype="object").astype("str").where(pd.Series(values).notna(), None)
    if problems:
        raise DataValidationError(path, problems)
    result = pd.DataFrame(out)
    for col, kind in kinds.items():
        if kind in ("str", "code"):
            result[col] = result[col].astype(str)
    return result


def _validate(df: pd.DataFrame, table: str, path: Path) -> pd.DataFrame:
    try:
        return SCHEMAS[table].validate(df, lazy=True)
    except pandera.errors.SchemaErrors as e:
        problems = []
        seen = set()
        fc = e.failure_cases
        frame_checks = fc["schema_context"].eq("DataFrameSchema")
        for is_frame, (_, r) in zip(frame_checks, fc.iterrows()):
            idx = r.get("index")
            line = int(idx) + 2 if idx is not None and not pd.isna(idx) else None
            if is_frame:  # a rule over several columns: report it once per row, showing the row's key
                if (line, r["check"]) in seen:
                    continue
                seen.add((line, r["check"]))
                key_col = df.columns[0]
                found = df.iloc[int(idx)][key_col] if line is not None else r.get("failure_case")
                problems.append((line, None, str(r["check"]), f"row {key_col}={found}"))
            else:
                col = r.get("column") if isinstance(r.get("column"), str) else None
                problems.append((line, col, str(r.get("check")), r.get("failure_case")))
        problems.sort(key=lambda p: (p[0] is None, p[0] or 0))
        raise DataValidationError(path, problems) from None


def read_table(table: str, path: Path | str) -> pd.DataFrame:
    """Read one raw table from ``path`` with the table's declared columns, kinds and schema."""
    path = Path(path)
    kinds = COLUMNS[table]
    df = _read_csv(path, list(kinds), allow_empty=table in ("assumptions", "quality_annotations"),
                   optional=OPTIONAL_COLUMNS.get(table, ()))
    df = _convert(df, kinds, path)
    return _validate(df, table, path)


def _raw(raw_dir: Path | str | None, table: str) -> Path:
    return Path(raw_dir or paths.RAW_DIR) / RAW_FILES[table]


# --- public loaders --------------------------------------------------------------------------


def load_coverage(raw_dir: Path | str | None = None) -> pd.DataFrame:
    """BPJS Ketenagakerjaan participation observations (one sourced figure per row).

    Columns: obs_id, period (datetime, as-of date), geo_code (BPS code; 'ID' Indonesia; 'R-…' regions),
    geo_name, geo_level, segment (PU/BPU/JAKON/PMI/NON_ASN/OTHER/total), metric, value (float, in
    ``unit``), unit, source_id, source_url, publisher, published_date (text, may be partial), note.
    Percent values are percents (32.82), not shares. JAKON percents may exceed 100 (per-project counting).
    Figures added later with ``add-figure`` (``coverage_additions.csv``) follow the original rows.
    """
    return with_additions(read_table("coverage_observations", _raw(raw_dir, "coverage_observations")), raw_dir)


def load_labour(raw_dir: Path | str | None = None) -> pd.DataFrame:
    """BPS Sakernas and related labour observations, province and kab/kota (period = survey month)."""
    return read_table("labour_observations", _raw(raw_dir, "labour_observations"))


def load_parameters(raw_dir: Path | str | None = None) -> pd.DataFrame:
    """Lever parameters with low / central / high values, unit, evidence and source.

    The sourced parameters (``parameters.csv``) and the project's own documented assumptions
    (``assumptions.csv``: evidence = 'assumption', with a ``reason``) in one table, unique by name.
    """
    raw_dir = Path(raw_dir or paths.RAW_DIR)
    params = read_table("parameters", _raw(raw_dir, "parameters"))
    params["reason"] = ""
    apath = _raw(raw_dir, "assumptions")
    if apath.exists():
        extra = read_table("assumptions", apath)
        extra = extra.assign(evidence="assumption", source_id="", source_url="", published_date="",
                             publisher="Assumption (sumsel-coverage project; see reason)",
                             note=extra["based_on"])
        clash = sorted(set(extra["name"]) & set(params["name"]))
        if clash:
            raise DataValidationError(apath, [(None, "name", "names not already in parameters.csv", clash)])
        params = pd.concat([params, extra[params.columns]], ignore_index=True)
    return params.sort_values("name", kind="stable").reset_index(drop=True)


def parameter(params: pd.DataFrame, name: str, which: str = "central") -> float:
    """One parameter value ('low', 'central' or 'high'); low/high fall back to central when not given."""
    if which not in ("low", "central", "high"):
        raise ValueError(f"which must be 'low', 'central' or 'high', got {which!r}")
    row = params.loc[params["name"] == name]
    if row.empty:
        raise KeyError(f"no parameter named {name!r} in the parameter table")
    value = row.iloc[0][f"value_{which}"]
    if pd.isna(value):
        value = row.iloc[0]["value_central"]
    if pd.isna(value):
        raise ValueError(f"parameter {name!r} has no {which} (nor central) value; it records a range only")
    return float(value)


def load_regions(raw_dir: Path | str | None = None) -> pd.DataFrame:
    """The 17 kab/kota: BPS code, Kemendagri code (differs for 6 units), kind, names, HDX area (km²)."""
    return read_table("regions", _raw(raw_dir, "regions"))


def load_sources(raw_dir: Path | str | None = None) -> pd.DataFrame:
    """One row per source: publisher, title (from URL slug where no title is known), URL, dates, licence."""
    return read_table("sources", _raw(raw_dir, "sources"))


def load_quality_annotations(raw_dir: Path | str | None = None) -> pd.DataFrame:
    """Judgements on single observations (suspected misprint, not a coverage figure …) with reasons."""
    return read_table("quality_annotations", _raw(raw_dir, "quality_annotations"))


def load_regional_indicators(raw_dir: Path | str | None = None) -> pd.DataFrame:
    """Kab/kota indicators (APBD-funded vulnerable workers, regulations, awards), each citing a raw row."""
    return read_table("regional_indicators", _raw(raw_dir, "regional_indicators"))


def load_paritrana_weights(raw_dir: Path | str | None = None) -> pd.DataFrame:
    """Weights of the Paritrana-style composite score (sum to 1), each with its reason and basis."""
    return read_table("paritrana_weights", _raw(raw_dir, "paritrana_weights"))


def load_boundaries(raw_dir: Path | str | None = None) -> dict:
    """The kab/kota boundaries as a GeoJSON dict (CC BY 3.0 IGO; see its ``attribution`` member)."""
    path = Path(raw_dir or paths.RAW_DIR) / "sumsel_kabkota.geojson"
    gj = json.loads(_read_text(path))
    codes = [f["properties"].get("bps_code") for f in gj.get("features", [])]
    if sorted(codes) != sorted(SCHEMAS["regions"].columns["bps_code"].checks[1].statistics["allowed_values"]):
        raise DataValidationError(path, [(None, "bps_code", "the 17 Sumsel kab/kota codes", codes)])
    return gj


def load_processed(name: str, processed_dir: Path | str | None = None) -> pd.DataFrame:
    """A table written by ``python -m sumsel_analysis build`` (parquet).

    The build's manifest is checked first: if it is damaged or foreign, the raw files changed since the
    build, or a processed file is missing or altered, ``StaleDataError`` says what and how to rebuild
    (never stale data). The table is then checked against its declared schema (``schemas.processed_schema``:
    the manifest's columns in order, the raw table's rules) and row count; an unreadable or altered table
    is a ``StaleDataError`` too, never an engine exception.
    """
    from sumsel_analysis.data.build import REBUILD, StaleDataError, checked_manifest
    from sumsel_analysis.data.schemas import processed_schema

    folder = Path(processed_dir or paths.PROCESSED_DIR)
    path = folder / f"{name}.parquet"
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist; run `make data` (python -m sumsel_analysis build)")
    shape = checked_manifest(folder).tables.get(name)
    if shape is None:
        raise StaleDataError(f"{path} is not a table of the last build (its manifest does not list it); {REBUILD}")
    try:
        df = pd.read_parquet(path, engine="pyarrow")
    except Exception as e:  # pyarrow raises ArrowInvalid, OSError, … on a damaged file whatever its checksum
        first = " ".join(str(e).split())[:160]
        raise StaleDataError(f"{path} is not a readable parquet table ({type(e).__name__}: {first}); {REBUILD}") from None
    try:
        processed_schema(name, shape.columns).validate(df, lazy=False)
    except Exception as e:  # pandera's SchemaError, or a type error from a foreign column type
        first = " ".join(str(e).split())[:200]
        raise StaleDataError(f"{path} does not match its declared schema ({first}); {REBUILD}") from None
    if len(df) != shape.rows:
        raise StaleDataError(f"{path} has {len(df)} rows, its manifest says {shape.rows}; {REBUILD}")
    return df


def load_national(raw_dir: Path | str | None = None) -> pd.DataFrame:
    """BPJS Ketenagakerjaan participation for all provinces (the national panel), one sourced figure per row.

    Columns as ``load_coverage`` (geo_code is the BPS province code, 'ID' for Indonesia) plus
    ``value_printed``/``unit_printed`` (what the source printed) and ``value_rule`` (how it became
    ``value`` in ``unit``: persons, percent, employers or rank). Only Dec 2023 has active participants for
    all 34 (pre-split) provinces; other dates are scattered (see shared/facts/national/NOTES.md).
    """
    return read_table("national_observations", _raw(raw_dir, "national_observations"))


# --- lever episodes (issue #15) -----------------------------------------------------------------
RAW_FILES["episodes"] = "episodes.csv"


def parse_episode_inputs(text: str | None) -> dict[str, float]:
    """``"listed_persons=34000;observed_after_months=7"`` → {name: value}; ValueError on a malformed pair."""
    out: dict[str, float] = {}
    for pair in filter(None, (text if isinstance(text, str) else "").split(";")):
        name, sep, value = pair.partition("=")
        if not sep or not re.match(r"^[a-z][a-z0-9_]*$", name) or not _FLOAT.match(value):
            raise ValueError(f"a pair name=number, found {pair!r}")
        out[name] = float(value)
    return out


def load_episodes(raw_dir: Path | str | None = None) -> pd.DataFrame:
    """Documented lever episodes (regional subsidy starts/growth/stops, licence rules, JKN RCT arms).

    One row per episode: region, lever, kind, start/end month, the model inputs it implies
    (``inputs``, name=value pairs, parsed into ``inputs_dict``), the observed outcome with unit and
    judged relative noise, whether the calibration uses it, and the raw rows and sources behind it.
    Strict: an unknown region, an outcome without unit or source, an end before the start or a
    malformed input pair raises ``DataValidationError`` naming the file, line and column.
    """
    path = _raw(raw_dir, "episodes")
    df = read_table("episodes", path)
    problems = []
    parsed = []
    from sumsel_analysis.data.schemas import EPISODE_UNITS

    for i, r in enumerate(df.itertuples()):
        line = i + 2
        try:
            parsed.append(parse_episode_inputs(r.inputs))
        except ValueError as e:
            problems.append((line, "inputs", str(e).split(", found")[0], r.inputs))
            parsed.append({})
        if not pd.isna(r.end) and r.end < r.start:
            problems.append((line, "end", f"an end month at or after the start ({r.start:%Y-%m})", f"{r.end:%Y-%m}"))
        if pd.isna(r.observed_value):
            if r.use_in_calibration == 1:
                problems.append((line, "observed_value", "an observed outcome for an episode used in calibration", None))
            continue
        if r.observed_unit not in EPISODE_UNITS:
            problems.append((line, "observed_unit", f"a unit in {EPISODE_UNITS} for the observed outcome", r.observed_unit))
        if not (isinstance(r.outcome_metric, str) and r.outcome_metric):
            problems.append((line, "outcome_metric", "what the observed outcome measures", r.outcome_metric))
        if not (isinstance(r.source_url, str) and r.source_url.strip()):
            problems.append((line, "source_url", "a source URL for the observed outcome", r.source_url))
        if not (isinstance(r.fact_rows, str) and r.fact_rows.strip()):
            problems.append((line, "fact_rows", "the raw rows the observed outcome comes from", r.fact_rows))
        if pd.isna(r.noise_sd_rel) or r.noise_sd_rel <= 0:
            problems.append((line, "noise_sd_rel", "a relative noise > 0 (the calibration's tolerance)", r.noise_sd_rel))
    if problems:
        raise DataValidationError(path, problems)
    df["inputs_dict"] = parsed
    return df



def load_legal_basis(raw_dir: Path | str | None = None) -> pd.DataFrame:
    """Legal instruments behind the levers with their verification status, and the APBD calendar deadlines
    (rows of kind 'budget_calendar' carry ``deadline_month_day``), each with publisher and URL where found."""
    return read_table("legal_basis", _raw(raw_dir, "legal_basis"))


# --- figures added with ``add-figure`` (issue #21) ------------------------------------------------
RAW_FILES["coverage_additions"] = "coverage_additions.csv"


def addition_checksum(previous: str, fields: list[str]) -> str:
    """Chained checksum of one additions row: sha256 of the previous row's checksum and this row's fields."""
    return hashlib.sha256((previous + "\x1f" + "\x1f".join(fields)).encode("utf-8")).hexdigest()


def row_checksums(rows: pd.DataFrame) -> list[str]:
    """What each additions row's ``row_sha256`` must hold (``rows`` as text, from ``read_additions_text``)."""
    from sumsel_analysis.data.schemas import ADDITION_COLUMNS

    out, prev = [], ""
    for r in rows[[c for c in ADDITION_COLUMNS if c != "row_sha256"]].astype(str).itertuples(index=False):
        prev = addition_checksum(prev, list(r))
        out.append(prev)
    return out


def read_additions_text(text: str) -> pd.DataFrame:
    """The additions file's rows as text, exactly as written (what the row checksums cover)."""
    from sumsel_analysis.data.schemas import ADDITION_COLUMNS

    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    return pd.DataFrame([r for r in rows[1:] if r], columns=list(ADDITION_COLUMNS), dtype=object)


def load_additions(raw_dir: Path | str | None = None) -> pd.DataFrame:
    """Figures added after the raw build (``data/raw/coverage_additions.csv``), typed like the coverage rows
    plus ``value_printed``, ``recorded_on`` and ``row_sha256``. Empty when the file is absent or has only its
    header. Each row's chained checksum is checked: a hand-edited row is an error naming its line."""
    from sumsel_analysis.data.schemas import ADDITION_COLUMNS

    path = _raw(raw_dir, "coverage_additions")
    if not path.exists():
        return pd.DataFrame(columns=list(ADDITION_COLUMNS))
    df = _convert(_read_csv(path, list(COLUMNS["coverage_additions"]), allow_empty=True),
                  COLUMNS["coverage_additions"], path)
    if df.empty:
        return df
    df = _validate(df, "coverage_additions", path)
    text = read_additions_text(path.read_text(encoding="utf-8"))
    bad = [(i + 2, "row_sha256", "the chained checksum of the row as written by add-figure", got)
           for i, (got, want) in enumerate(zip(text["row_sha256"], row_checksums(text))) if got != want]
    if bad:
        raise DataValidationError(path, bad)
    return df


def with_additions(coverage: pd.DataFrame, raw_dir: Path | str | None = None) -> pd.DataFrame:
    """The raw coverage rows followed by the added figures (same columns), checked again as one table."""
    extra = load_additions(raw_dir)
    if extra.empty:
        return coverage
    both = pd.concat([coverage, extra[coverage.columns]], ignore_index=True)
    return _validate(both, "coverage_observations", _raw(raw_dir, "coverage_additions"))
