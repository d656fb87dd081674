"""Hostile processed layer (issue 18): a damaged or foreign ``manifest.json`` or table — whatever its shape,
types or checksums — gives ONE line naming the file and ``make data``; no engine exception (JSONDecodeError,
AttributeError, KeyError, ArrowInvalid …) reaches the caller.

The processed folder is built once per session into a temporary folder; each case damages a copy.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from sumsel_analysis import __version__, cli
from sumsel_analysis.data import build, loaders
from sumsel_analysis.data.build import StaleDataError
from sumsel_analysis.data.safe_io import sha256

REBUILD = "run `make data` (python -m sumsel_analysis build)"


@pytest.fixture(scope="session")
def built(tmp_path_factory, raw_dir) -> Path:
    out = tmp_path_factory.mktemp("processed") / "processed"
    build.build_all(raw_dir, out)
    return out


@pytest.fixture()
def out(built, tmp_path) -> Path:
    dst = tmp_path / "processed"
    shutil.copytree(built, dst)
    return dst


def _manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text())


def _write_manifest(out: Path, m: object) -> None:
    (out / "manifest.json").write_text(json.dumps(m))


def _one_line(e: BaseException) -> str:
    msg = cli.expected_error(e)
    assert msg is not None and "\n" not in msg, msg
    return msg


def _edit(fn):
    """A manifest edit: ``fn(m)`` changes the parsed manifest in place."""
    def apply(out: Path) -> None:
        m = _manifest(out)
        fn(m)
        _write_manifest(out, m)
    return apply


def _raw(text: bytes):
    def apply(out: Path) -> None:
        (out / "manifest.json").write_bytes(text)
    return apply


def _first_table(m: dict) -> str:
    return sorted(m["tables"])[0]


# --- damaged or foreign manifests: (case, damage, the one problem manifest_problems reports) ---------
NOT_JSON = "{m} is not valid JSON"
NOT_OURS = "{m} lacks raw and output checksums (built by an older version, or not a manifest)"


def _field(field: str, expected: str, found: object) -> str:
    return f"{{m}} is not a manifest of this package (field '{field}': expected {expected}; found {found!r})"


MANIFESTS = [
    ("not json", _raw(b"{not json"), NOT_JSON),
    ("empty file", _raw(b""), NOT_JSON),
    ("binary", _raw(bytes(range(256))), NOT_JSON),
    ("truncated", lambda out: (out / "manifest.json").write_text((out / "manifest.json").read_text()[:200]), NOT_JSON),
    ("deep nesting", _raw(b"[" * 100_000 + b"]" * 100_000), NOT_JSON),
    ("byte order mark", lambda out: (out / "manifest.json").write_bytes(b"\xef\xbb\xbf" + (out / "manifest.json")
                                                                        .read_bytes()), NOT_JSON),
    ("a list", _raw(b"[]"), NOT_OURS),
    ("a string", _raw(b'"manifest"'), NOT_OURS),
    ("a number", _raw(b"5"), NOT_OURS),
    ("null", _raw(b"null"), NOT_OURS),
    ("empty object", _raw(b"{}"), NOT_OURS),
    ("package.json", _raw(b'{"name": "x", "version": "1.0.0", "dependencies": {}}'), NOT_OURS),
    ("outputs missing", _edit(lambda m: m.pop("outputs")), NOT_OURS),
    ("raw_files missing", _edit(lambda m: m.pop("raw_files")), NOT_OURS),
    ("tables missing", _edit(lambda m: m.pop("tables")), _field("tables", "this key", "missing")),
    ("data_date missing", _edit(lambda m: m.pop("data_date")), _field("data_date", "this key", "missing")),
    ("unknown key", _edit(lambda m: m.update(hacked=1)), _field("hacked", "only known keys", "an unknown key")),
    ("outputs a list", _edit(lambda m: m.update(outputs=list(m["outputs"]))),
     _field("outputs", "input should be a valid dictionary", "list")),
    ("raw_files a string", _edit(lambda m: m.update(raw_files="all")),
     _field("raw_files", "input should be a valid dictionary", "all")),
    ("raw_files empty", _edit(lambda m: m.update(raw_files={})),
     _field("raw_files", "dictionary should have at least 1 item after validation, not 0", "dict")),
    ("tables a list", _edit(lambda m: m.update(tables=[1, 2])),
     _field("tables", "input should be a valid dictionary", "list")),
    ("package_version a number", _edit(lambda m: m.update(package_version=0.1)),
     _field("package_version", "input should be a valid string", 0.1)),
    ("data_date words", _edit(lambda m: m.update(data_date="yesterday")),
     _field("data_date", "string should match pattern '^\\d{4}-\\d{2}-\\d{2}$'", "yesterday")),
    ("raw_dir null", _edit(lambda m: m.update(raw_dir=None)), _field("raw_dir", "input should be a valid string", None)),
    ("checksum not hex", _edit(lambda m: m["raw_files"].update({"regions.csv": "abc"})),
     _field("raw_files", "file names with SHA-256 checksums (64 hex digits)", "regions.csv")),
    ("checksum a number", _edit(lambda m: m["raw_files"].update({"regions.csv": 7})),
     _field("raw_files.regions.csv", "input should be a valid string", 7)),
    ("output path escapes", _edit(lambda m: m["outputs"].update({"../../etc/passwd": "0" * 64})),
     _field("outputs", "file names with SHA-256 checksums (64 hex digits)", "../../etc/passwd")),
    ("rows negative", _edit(lambda m: m["tables"][_first_table(m)].update(rows=-1)),
     _field("tables.claims_december_2025.rows", "input should be greater than or equal to 0", -1)),
    ("rows a string", _edit(lambda m: m["tables"][_first_table(m)].update(rows="15")),
     _field("tables.claims_december_2025.rows", "input should be a valid integer", "15")),
    ("rows a float", _edit(lambda m: m["tables"][_first_table(m)].update(rows=15.0)),
     _field("tables.claims_december_2025.rows", "input should be a valid integer", 15.0)),
    ("columns empty", _edit(lambda m: m["tables"][_first_table(m)].update(columns=[])),
     _field("tables.claims_december_2025.columns", "list should have at least 1 item after validation, not 0", "list")),
    ("columns numbers", _edit(lambda m: m["tables"][_first_table(m)].update(columns=[1])),
     _field("tables.claims_december_2025.columns.0", "input should be a valid string", 1)),
    ("table shape a string", _edit(lambda m: m["tables"].update({_first_table(m): "15x7"})),
     _field("tables.claims_december_2025", "input should be a valid dictionary or instance of tableshape", "15x7")),
    ("output of a table missing", _edit(lambda m: m["outputs"].pop("regions.csv")),
     _field("outputs", "a parquet and a CSV checksum for every table", ["regions.csv"])),
    ("huge", _raw(b'{"pad": "' + b"x" * (1 << 20) + b'"}'), "{m} is not a manifest of this package (over 1024 KB)"),
    ("a folder", lambda out: ((out / "manifest.json").unlink(), (out / "manifest.json").mkdir()), "{m} is not a file"),
]


@pytest.mark.parametrize("case,damage,problem", MANIFESTS, ids=[c[0] for c in MANIFESTS])
def test_damaged_manifest_is_one_line_naming_it(out, raw_dir, case, damage, problem):
    damage(out)
    expected = problem.replace("{m}", str(out / "manifest.json"))
    assert build.manifest_problems(out, raw_dir) == [expected]
    with pytest.raises(StaleDataError) as e:
        loaders.load_processed("coverage_observations", out)
    assert _one_line(e.value) == f"{out} is out of date: {expected}; {REBUILD}"
    with pytest.raises(StaleDataError) as e:
        build.ensure_built(out, raw_dir, rebuild=False)
    assert _one_line(e.value) == f"{out} is out of date: {expected}; {REBUILD}"
    if not (out / "manifest.json").is_dir():
        with pytest.raises(StaleDataError) as e:
            build.read_manifest(out)
        assert _one_line(e.value) == f"{expected}; {REBUILD}"


def test_missing_manifest(out, raw_dir):
    (out / "manifest.json").unlink()
    assert build.manifest_problems(out, raw_dir) == [f"{out / 'manifest.json'} does not exist"]
    with pytest.raises(FileNotFoundError) as e:
        build.read_manifest(out)
    assert _one_line(e.value) == f"{out / 'manifest.json'} does not exist; run `make data`"


def test_other_package_version_is_stale(out, raw_dir):
    _edit(lambda m: m.update(package_version="0.0.1"))(out)
    assert build.manifest_problems(out, raw_dir) == [f"built by sumsel_analysis 0.0.1, this is {__version__}"]


def test_damaged_manifest_is_rebuilt(out, built, raw_dir, monkeypatch, capsys):
    _raw(b"[1, 2, 3]")(out)
    calls = []

    def fake_build_all(raw, folder):  # the real build is tested elsewhere (tests/test_safe_outputs.py)
        calls.append((raw, folder))
        shutil.rmtree(folder)
        shutil.copytree(built, folder)

    monkeypatch.setattr(build, "build_all", fake_build_all)
    build.ensure_built(out, raw_dir)  # rebuilds instead of crashing
    assert calls == [(raw_dir, out)]
    assert capsys.readouterr().err == f"rebuilding {out}: {out / 'manifest.json'} {NOT_OURS[4:]}\n"
    assert build.manifest_problems(out, raw_dir) == []
    assert len(loaders.load_processed("regions", out)) == 17


# --- damaged tables, even with a forged checksum: (case, damage(df, path), message start) ------------
def _forge(out: Path, name: str) -> None:
    m = _manifest(out)
    m["outputs"][f"{name}.parquet"] = sha256(out / f"{name}.parquet")
    _write_manifest(out, m)


def _bytes(data: bytes):
    return lambda path, df: path.write_bytes(data)


def _frame(fn):
    return lambda path, df: fn(df).to_parquet(path, index=False)


TABLES = [
    ("garbage bytes", _bytes(b"this is not parquet" * 10), "is not a readable parquet table (ArrowInvalid"),
    ("empty file", _bytes(b""), "is not a readable parquet table (ArrowInvalid"),
    ("truncated", lambda path, df: path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2]),
     "is not a readable parquet table (ArrowInvalid"),
    ("magic only", _bytes(b"PAR1" + b"\x00" * 100 + b"PAR1"), "is not a readable parquet table ("),
    ("csv renamed", lambda path, df: df.to_csv(path, index=False), "is not a readable parquet table (ArrowInvalid"),
    ("column dropped", _frame(lambda df: df.drop(columns=["value"])), "does not match its declared schema"),
    ("column added", _frame(lambda df: df.assign(extra=1)), "does not match its declared schema"),
    ("columns reordered", _frame(lambda df: df[list(df.columns[::-1])]), "does not match its declared schema"),
    ("value as text", _frame(lambda df: df.assign(value=df["value"].astype(str))), "does not match its declared schema"),
    ("unknown geo code", _frame(lambda df: df.assign(geo_code="9999")), "does not match its declared schema"),
    ("negative count", _frame(lambda df: df.assign(value=-1.0, metric="active_participants")),
     "does not match its declared schema"),
    ("period as text", _frame(lambda df: df.assign(period=df["period"].astype(str))), "does not match its declared schema"),
    ("a row dropped", _frame(lambda df: df.iloc[1:]), "has {n} rows, its manifest says {m}"),
    ("rows doubled", _frame(lambda df: pd.concat([df, df.assign(obs_id=df["obs_id"] + "x")])),
     "has {n} rows, its manifest says {m}"),
    ("another table's file", lambda path, df: shutil.copy(path.with_name("regions.parquet"), path),
     "does not match its declared schema"),
]


@pytest.mark.parametrize("case,damage,message", TABLES, ids=[c[0] for c in TABLES])
def test_damaged_table_with_forged_checksum(out, case, damage, message):
    path = out / "coverage_observations.parquet"
    df = pd.read_parquet(path)
    damage(path, df)
    _forge(out, "coverage_observations")
    with pytest.raises(StaleDataError) as e:
        loaders.load_processed("coverage_observations", out)
    line = _one_line(e.value)
    n = len(pd.read_parquet(path)) if "rows" in message else 0
    assert line.startswith(f"{path} " + message.format(n=n, m=len(df))) and line.endswith(REBUILD), line


@pytest.mark.parametrize("name", ["coverage_best", "labour_observations", "parameters", "regions", "sources",
                                  "claims_december_2025", "contradictions", "labour_best"])
def test_every_table_checked(out, name):
    """Every processed table reads back against its declared schema; a dropped column is caught in each."""
    path = out / f"{name}.parquet"
    df = loaders.load_processed(name, out)
    assert len(df) == _manifest(out)["tables"][name]["rows"]
    df.drop(columns=[df.columns[-1]]).to_parquet(path, index=False)
    _forge(out, name)
    with pytest.raises(StaleDataError, match="does not match its declared schema"):
        loaders.load_processed(name, out)


def test_changed_table_without_forgery(out):
    (out / "regions.parquet").write_bytes(b"garbage")
    with pytest.raises(StaleDataError) as e:
        loaders.load_processed("regions", out)
    assert "processed file(s) missing or changed after the build: regions.parquet" in _one_line(e.value)


def test_table_not_in_the_manifest(out):
    shutil.copy(out / "regions.parquet", out / "foreign.parquet")
    with pytest.raises(StaleDataError) as e:
        loaders.load_processed("foreign", out)
    assert _one_line(e.value) == (f"{out / 'foreign.parquet'} is not a table of the last build (its manifest does "
                                  f"not list it); {REBUILD}")


def test_missing_table(out):
    (out / "regions.parquet").unlink()
    with pytest.raises(FileNotFoundError) as e:
        loaders.load_processed("regions", out)
    assert _one_line(e.value) == f"{out / 'regions.parquet'} does not exist; {REBUILD}"
