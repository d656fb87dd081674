"""Hostile inputs (issue 13): user exports, scenario files and the command line.

Every case must fail with the package's own error and a message naming what is wrong and where
(file, line, column or key); none may be read silently wrong. CLI failures are one line, exit 2.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from sumsel_analysis import cli
from sumsel_analysis.data.loaders import DataValidationError
from sumsel_analysis.data.user_files import load_user_coverage
from sumsel_analysis.policy.scenario import MAX_SCENARIO_BYTES, ScenarioError, load_scenario

ROOT = Path(__file__).resolve().parents[1]
HEAD = "periode,wilayah,segmen,metrik,nilai"
ROW_P = '2025-12,Sumatera Selatan,total,peserta_aktif,"1.035.000"'
ROW_C = '2025-12,Sumatera Selatan,total,cakupan,"32,82%"'


def _csv(*rows: str, head: str = HEAD) -> str:
    return "\n".join([head, *rows]) + "\n"


# --- user CSV exports: (case, content, kwargs, fragments) ----------------------------------------
CSV_CASES = [
    ("ambiguous_comma", _csv("2025-12,16,total,peserta_aktif,\"1,035\""), {},
     ["line 2", "column 'value'", "ambiguous", "decimal=','", "decimal='.'"]),
    ("ambiguous_dot", _csv("2025-12,16,total,peserta_aktif,1.035"), {},
     ["line 2", "column 'value'", "ambiguous", "decimal=','"]),
    ("ambiguous_second_row", _csv(ROW_C.replace('"32,82%"', "33"), "2025-11,16,total,peserta_aktif,\"1,035\""), {},
     ["line 3", "ambiguous"]),
    ("empty_value", _csv("2025-12,16,total,peserta_aktif,"), {}, ["line 2", "column 'value'", "an empty cell"]),
    ("blank_value", _csv("2025-12,16,total,peserta_aktif,   "), {}, ["line 2", "column 'value'", "an empty cell"]),
    ("empty_period", _csv(",16,total,peserta_aktif,1035000"), {}, ["line 2", "column 'period'", "an empty cell"]),
    ("empty_segment", _csv("2025-12,16,,peserta_aktif,1035000"), {}, ["line 2", "column 'segment'", "an empty cell"]),
    ("empty_metric", _csv("2025-12,16,total,,1035000"), {}, ["line 2", "column 'metric'", "an empty cell"]),
    ("empty_area", _csv("2025-12,,total,peserta_aktif,1035000"), {}, ["line 2", "column 'geo_name'", "an empty cell"]),
    ("overflow_to_inf", _csv("2025-12,16,total,peserta_aktif," + "9" * 400), {}, ["line 2", "a finite number"]),
    ("percent_over_100", _csv('2025-12,16,total,cakupan,"132,5%"'), {}, ["line 2", "within 0-100", "132.5%"]),
    ("negative_percent", _csv('2025-12,16,total,cakupan,"-3%"'), {}, ["line 2", "within 0-100"]),
    ("negative_persons", _csv("2025-12,16,total,peserta_aktif,-5"), {}, ["line 2", "whole, non-negative"]),
    ("fractional_persons", _csv('2025-12,16,total,peserta_aktif,"1,5"'), {}, ["line 2", "whole, non-negative", "persons"]),
    ("fractional_persons_juta", _csv('2025-12,16,total,peserta_aktif,"1,0354321 juta"'), {}, ["whole, non-negative"]),
    ("percent_metric_in_persons", _csv("2025-12,16,total,cakupan,33,persons", head=HEAD + ",satuan"), {},
     ["line 2", "column 'unit'", "'percent' for metric coverage_pct", "'persons'"]),
    ("percent_sign_with_persons_unit", _csv('2025-12,16,total,peserta_aktif,"33%",persons', head=HEAD + ",satuan"), {},
     ["line 2", "column 'unit'", "'percent' for a value written with %"]),
    ("percent_value_for_count_metric", _csv('2025-12,16,total,peserta_aktif,"33%"'), {},
     ["line 2", "column 'unit'", "'persons' for metric active_participants"]),
    ("duplicate_rows", _csv(ROW_P, ROW_C, ROW_P), {}, ["line 4", "duplicate of line 2"]),
    ("duplicate_by_alias", _csv(ROW_P, ROW_P.replace("Sumatera Selatan", "Sumsel").replace("1.035.000", "1.036.000")),
     {}, ["line 3", "duplicate of line 2", "period, geo_code, segment, metric, unit"]),
    ("duplicate_month_spelling", _csv(ROW_C, ROW_C.replace("2025-12", "Desember 2025")), {}, ["line 3", "line 2"]),
    ("unknown_area", _csv("2025-12,Jakarta,total,peserta_aktif,1035000"), {},
     ["line 2", "column 'geo_code'", "Sumsel BPS code", "'Jakarta'"]),
    ("bad_month", _csv("2025-13,16,total,peserta_aktif,1035000"), {}, ["line 2", "column 'period'"]),
    ("impossible_day", _csv("31 Februari 2025,16,total,peserta_aktif,1035000"), {}, ["line 2", "column 'period'"]),
    ("text_period", _csv("kemarin,16,total,peserta_aktif,1035000"), {}, ["line 2", "column 'period'", "a date"]),
    ("unknown_header", _csv("2025-12,16,total,peserta_aktif,1035000,merah", head=HEAD + ",warna"), {},
     ["line 1", "warna", "unrecognised column"]),
    ("two_period_columns", _csv("2025-12,16,total,peserta_aktif,1035000,2025-12", head=HEAD + ",tanggal"), {},
     ["line 1", "periode, tanggal", "one column for period"]),
    ("repeated_header", _csv("2025-12,16,total,peserta_aktif,1035000,1", head=HEAD + ",nilai"), {},
     ["line 1", "nilai", "each header once"]),
    ("missing_value_column", _csv("2025-12,16,total,peserta_aktif", head="periode,wilayah,segmen,metrik"), {},
     ["line 1", "value", "missing"]),
    ("missing_area_column", _csv("2025-12,total,peserta_aktif,1", head="periode,segmen,metrik,nilai"), {},
     ["geo_code or geo_name", "missing"]),
    ("header_only", HEAD + "\n", {}, ["line 2", "only a header"]),
    ("empty_file", "", {}, ["an empty file"]),
    ("not_utf8", _csv(ROW_P, "2025-12,16,total,peserta_aktif,1035000,caf\xe9", head=HEAD + ",catatan").encode("latin-1"),
     {}, ["line 3", "UTF-8", "0xe9"]),
    ("ragged_row", _csv(ROW_P, "2025-12,16,total,peserta_aktif,1,2,3"), {}, ["line 3", "5 fields", "7 fields"]),
    ("values_without_header", _csv("2025-12,16,total,peserta_aktif,1035000,x", head=HEAD + ","), {},
     ["line 2", "column '#6'", "a header for every column"]),
    ("english_thousands", _csv('2025-12,16,total,peserta_aktif,"1,035,000"'), {},
     ["line 2", "column 'value'", "decimal='.'"]),
    ("english_decimal", _csv("2025-12,16,total,cakupan,32.82"), {}, ["line 2", "ambiguous", "decimal='.'"]),
    ("english_stated_fraction", _csv("2025-12,16,total,peserta_aktif,1.035"), {"decimal": "."},
     ["line 2", "whole, non-negative"]),
    ("word_value", _csv("2025-12,16,total,peserta_aktif,banyak"), {}, ["line 2", "column 'value'", "banyak"]),
    ("unknown_segment", _csv("2025-12,16,INFORMAL,peserta_aktif,1035000"), {}, ["line 2", "column 'segment'", "INFORMAL"]),
    ("unknown_metric", _csv("2025-12,16,total,kepuasan,10"), {}, ["line 2", "column 'metric'", "kepuasan"]),
    ("semicolon_ragged", "periode;wilayah;segmen;metrik;nilai\n2025-12;16;total;peserta_aktif\n", {},
     ["line 2", "separated by ';'"]),
]


@pytest.mark.parametrize("name,content,kwargs,fragments", CSV_CASES, ids=[c[0] for c in CSV_CASES])
def test_bad_user_csv(tmp_path, raw_dir, name, content, kwargs, fragments):
    path = tmp_path / "ekspor.csv"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    with pytest.raises(DataValidationError) as err:
        load_user_coverage(path, raw_dir, **kwargs)
    msg = str(err.value)
    assert msg.startswith("ekspor.csv:"), msg
    for frag in fragments:
        assert frag in msg, f"{name}: {frag!r} not in:\n{msg}"


def test_wrong_suffix_and_sheet_for_csv(tmp_path, raw_dir):
    p = tmp_path / "ekspor.txt"
    p.write_text(_csv(ROW_P))
    with pytest.raises(DataValidationError, match=r"(?s)ekspor.txt.*a \.csv or \.xlsx file"):
        load_user_coverage(p, raw_dir)
    q = tmp_path / "ekspor.csv"
    q.write_text(_csv(ROW_P))
    with pytest.raises(DataValidationError, match=r"no sheet= for a CSV file"):
        load_user_coverage(q, raw_dir, sheet="Data")
    with pytest.raises(ValueError, match=r"decimal must be"):
        load_user_coverage(q, raw_dir, decimal=";")


def test_good_user_csv_values(tmp_path, raw_dir):
    """The notation shown elsewhere in a column settles '1.035'; stated notations are honoured."""
    p = tmp_path / "ekspor.csv"
    p.write_text(_csv(ROW_P, "2025-11,16,total,peserta_aktif,1.035", ROW_C, "2025-11,1671,total,cakupan,"))
    with pytest.raises(DataValidationError, match=r"line 5, column 'value'.*an empty cell"):
        load_user_coverage(p, raw_dir)
    p.write_text(_csv(ROW_P, "2025-11,16,total,peserta_aktif,1.035", ROW_C, "2025-11,Palembang,JAKON,cakupan,\"120%\""))
    df = load_user_coverage(p, raw_dir).set_index(["period", "geo_code", "metric"])["value"]
    assert df.loc[("2025-12-01", "16", "active_participants")] == 1_035_000
    assert df.loc[("2025-11-01", "16", "active_participants")] == 1035  # Indonesian: shown by 1.035.000
    assert df.loc[("2025-11-01", "1671", "coverage_pct")] == 120  # JAKON may exceed 100
    p.write_text(_csv('2025-12,16,total,peserta_aktif,"1,035,000"', "2025-12,16,total,cakupan,32.82"))
    df = load_user_coverage(p, raw_dir, decimal=".")
    assert sorted(df["value"]) == [32.82, 1_035_000]
    assert (df["note"] == "").all() and "nan" not in set(df["publisher"])


# --- user Excel exports -------------------------------------------------------------------------
XHEAD = ["periode", "wilayah", "segmen", "metrik", "nilai"]


def _xlsx(path: Path, sheets: list[tuple[str, list[list], str]], fmt: dict | None = None) -> Path:
    """sheets: (title, rows, state); fmt: {(sheet, 'E2'): number_format}."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows, state in sheets:
        ws = wb.create_sheet(title)
        for r in rows:
            ws.append(r)
        ws.sheet_state = state
    for (title, ref), f in (fmt or {}).items():
        wb[title][ref].number_format = f
    wb.save(path)
    return path


DATA = [XHEAD, ["2025-12", "Sumatera Selatan", "total", "peserta_aktif", 1035000],
        ["2025-12", "Sumatera Selatan", "total", "cakupan", 0.3282]]
PCT = {("Data", "E3"): "0.00%"}

XLSX_CASES = [
    ("only_hidden_sheet_has_data", [("Data", DATA, "hidden"), ("Catatan", [["catatan"], ["lihat"]], "visible")], None,
     {}, ["a visible sheet", "['Catatan']"]),
    ("two_candidate_sheets", [("Data", DATA, "visible"), ("Data2", DATA, "visible")], None, {},
     ["several candidate sheets", "'Data'", "'Data2'", "sheet="]),
    ("unknown_sheet_named", [("Data", DATA, "visible")], None, {"sheet": "Nope"}, ["a sheet named 'Nope'", "['Data']"]),
    ("percent_cell_over_100", [("Data", [*DATA[:2], [*DATA[2][:4], 1.3282]], "visible")], PCT, {},
     ["sheet Data", "line 3", "within 0-100", "132.82%"]),
    ("percent_cell_for_count_metric", [("Data", [XHEAD, ["2025-12", "16", "total", "peserta_aktif", 0.5]], "visible")],
     {("Data", "E2"): "0%"}, {}, ["line 2", "'persons' for metric active_participants"]),
    ("empty_value_cell", [("Data", [*DATA, ["2025-11", "16", "total", "peserta_aktif", None]], "visible")], PCT, {},
     ["sheet Data", "line 4", "column 'value'", "an empty cell"]),
    ("duplicate_rows", [("Data", [*DATA, DATA[1]], "visible")], PCT, {}, ["sheet Data", "line 4", "duplicate of line 2"]),
    ("fractional_persons_cell", [("Data", [XHEAD, ["2025-12", "16", "total", "peserta_aktif", 1035000.5]], "visible")],
     None, {}, ["line 2", "whole, non-negative"]),
    ("boolean_value", [("Data", [XHEAD, ["2025-12", "16", "total", "peserta_aktif", True]], "visible")], None, {},
     ["line 2", "column 'value'", "boolean"]),
    ("date_serial_number", [("Data", [XHEAD, [45991, "16", "total", "peserta_aktif", 1]], "visible")], None, {},
     ["line 2", "column 'period'"]),
    ("formula_without_cached_value", [("Data", [XHEAD, ["2025-12", "16", "total", "peserta_aktif", "=1+1"]], "visible")],
     None, {}, ["line 2", "column 'value'", "a formula without a computed value (=1+1)"]),
    ("no_fitting_header", [("Data", [["a", "b"], [1, 2]], "visible")], None, {}, ["a visible sheet", "['Data']"]),
]


@pytest.mark.parametrize("name,sheets,fmt,kwargs,fragments", XLSX_CASES, ids=[c[0] for c in XLSX_CASES])
def test_bad_user_xlsx(tmp_path, raw_dir, name, sheets, fmt, kwargs, fragments):
    path = _xlsx(tmp_path / "ekspor.xlsx", sheets, fmt)
    with pytest.raises(DataValidationError) as err:
        load_user_coverage(path, raw_dir, **kwargs)
    msg = str(err.value)
    assert msg.startswith("ekspor.xlsx"), msg
    for frag in fragments:
        assert frag in msg, f"{name}: {frag!r} not in:\n{msg}"


@pytest.mark.parametrize("content,fragment", [(b"", "a non-empty Excel file"), (b"not a zip", "a readable .xlsx"),
                                              (b"PK\x03\x04broken", "a readable .xlsx")])
def test_damaged_xlsx(tmp_path, raw_dir, content, fragment):
    path = tmp_path / "ekspor.xlsx"
    path.write_bytes(content)
    with pytest.raises(DataValidationError, match=fragment.replace(".", r"\.")):
        load_user_coverage(path, raw_dir)


def test_good_xlsx_percent_cells_hidden_sheets_and_sheet_choice(tmp_path, raw_dir):
    sheets = [("Lama", [XHEAD, ["2020-12", "16", "total", "peserta_aktif", 1]], "hidden"), ("Data", DATA, "visible"),
              ("Catatan", [["catatan"], ["sumber: BPJS"]], "visible")]
    path = _xlsx(tmp_path / "ekspor.xlsx", sheets, PCT)
    df = load_user_coverage(path, raw_dir).set_index("metric")
    assert df.loc["coverage_pct", "value"] == pytest.approx(32.82) and df.loc["coverage_pct", "unit"] == "percent"
    assert df.loc["active_participants", "value"] == 1_035_000
    assert (df["note"] == "").all()
    old = load_user_coverage(path, raw_dir, sheet="Lama")  # a hidden sheet can still be named explicitly
    assert old["period"].dt.year.tolist() == [2020]


# --- scenario files -----------------------------------------------------------------------------
GOOD_SCENARIO = "name: Test\nlevers:\n  csr: {start: 2026-07, workers: 100}\n"
LAUGH = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi")) + "name: lol\n"
YAML_CASES = [
    ("billion_laughs", LAUGH, ["line 1", "YAML anchor 'a' not allowed"]),
    ("alias_only", "name: x\ndescription: *undefined\n", ["line 2", "alias"]),
    ("merge_key", "base: &b {pct: 51}\nname: x\ntarget:\n  <<: *b\n", ["line 1", "anchor"]),
    ("too_large", "name: big\ndescription: " + "x" * (MAX_SCENARIO_BYTES + 10) + "\n", ["at most", "bytes"]),
    ("not_utf8", "name: caf\xe9\n".encode("latin-1"), ["line 1", "not UTF-8", "0xe9"]),
    ("nul_byte", "name: x\n\x00\n", ["line 2", "NUL"]),
    ("start_after_horizon", "name: x\nstart: 2031-01\nhorizon: 2030-12\n", ["start", "2031-01 is after the horizon 2030-12"]),
    ("lever_after_horizon", "name: x\nhorizon: 2027-12\ntarget: {by: 2027-12}\nlevers:\n  csr: {start: 2028-01, workers: 5}\n",
     ["levers.csr.start", "after the horizon"]),
    ("target_after_horizon", "name: x\nhorizon: 2027-12\n", ["target.by", "after the horizon"]),
    ("malformed", "name: [unclosed\n", ["malformed YAML"]),
    ("python_tag", "name: !!python/object/apply:os.system ['true']\n", ["YAML tag not allowed"]),
    ("empty", "", ["is empty"]),
    ("top_level_list", "- a\n- b\n", ["<top>", "expected a mapping"]),
    ("unknown_lever", "name: x\nlevers:\n  lottery: {start: 2026-07}\n", ["levers.lottery", "unknown lever"]),
    ("both_workers_and_budget", "name: x\nlevers:\n  subsidy: {start: 2026-07, workers: 5, budget_rupiah_per_year: 9}\n",
     ["levers.subsidy", "exactly one"]),
    ("bad_month", "name: x\nlevers:\n  csr: {start: 2026-13, workers: 5}\n", ["levers.csr.start", "YYYY-MM"]),
    ("share_above_one", "name: x\nlevers:\n  subsidy: {start: 2026-07, workers: 5, retention: 1.5}\n",
     ["levers.subsidy.retention", "outside the allowed range"]),
    ("negative_seed", "name: x\nseed: -1\n", ["seed", "non-negative"]),
    ("no_name", "description: x\n", ["name", "non-empty name"]),
    ("unknown_top_key", "name: x\ncolour: red\n", ["colour", "unknown key"]),
]


@pytest.mark.parametrize("name,content,fragments", YAML_CASES, ids=[c[0] for c in YAML_CASES])
def test_bad_scenario_file(tmp_path, name, content, fragments):
    path = tmp_path / "skenario.yaml"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    msg = str(err.value)
    assert "\n" not in msg and msg.startswith("skenario.yaml:"), msg
    for frag in fragments:
        assert frag in msg, f"{name}: {frag!r} not in: {msg}"


def test_scenario_path_problems(tmp_path):
    with pytest.raises(ScenarioError, match="does not exist"):
        load_scenario(tmp_path / "none.yaml")
    with pytest.raises(ScenarioError, match="is not a file"):
        load_scenario(tmp_path)
    ok = tmp_path / "ok.yaml"
    ok.write_text(GOOD_SCENARIO)
    assert load_scenario(ok).levers["csr"]["workers"] == 100


# --- the command line ---------------------------------------------------------------------------


def _cli(capsys, argv):
    rc = cli.main(argv)
    out, err = capsys.readouterr()
    return rc, out, err


def _scenario(tmp_path, text=GOOD_SCENARIO, name="s.yaml"):
    p = tmp_path / name
    p.write_bytes(text if isinstance(text, bytes) else text.encode())
    return p


CLI_CASES = [
    ("missing_scenario", lambda t: ["--scenario", str(t / "none.yaml"), "--out", str(t / "out")], ["none.yaml", "does not exist"]),
    ("out_is_a_file", lambda t: ["--scenario", str(_scenario(t)), "--out", str(_scenario(t, "x", "f.txt"))],
     ["f.txt", "not a folder"]),
    ("out_under_a_file", lambda t: ["--scenario", str(_scenario(t)), "--out", str(_scenario(t, "x", "f.txt") / "sub")],
     ["f.txt", "not a folder"]),
    ("start_after_horizon", lambda t: ["--scenario", str(_scenario(t, "name: x\nstart: 2031-01\n")), "--out", str(t / "o")],
     ["s.yaml", "after the horizon"]),
    ("not_utf8_scenario", lambda t: ["--scenario", str(_scenario(t, "name: caf\xe9\n".encode("latin-1"))), "--out", str(t / "o")],
     ["s.yaml", "line 1", "not UTF-8"]),
    ("alias_scenario", lambda t: ["--scenario", str(_scenario(t, LAUGH)), "--out", str(t / "o")], ["anchor"]),
    ("zero_draws", lambda t: ["--scenario", str(_scenario(t)), "--out", str(t / "o"), "--draws", "0"], ["--draws", ">= 1"]),
]


@pytest.mark.parametrize("name,args,fragments", CLI_CASES, ids=[c[0] for c in CLI_CASES])
def test_cli_expected_failure_is_one_line_exit_2(tmp_path, capsys, monkeypatch, name, args, fragments):
    def early(paths, **k):  # the real first step: read and validate the scenario files, then stop
        from sumsel_analysis.data import loaders
        from sumsel_analysis.policy import load_scenario as load

        for p in paths:
            load(p, loaders.load_parameters())
        raise AssertionError("computation started")

    monkeypatch.setattr("sumsel_analysis.report.publish.build_content", early)
    rc, out, err = _cli(capsys, ["report", *args(tmp_path), "--lang", "en"])
    assert rc == 2, (out, err)
    assert err.startswith("error: ") and err.count("\n") == 1 and "Traceback" not in err, err
    for frag in fragments:
        assert frag in err, f"{name}: {frag!r} not in {err!r}"


def test_cli_subprocess_bad_raw_file_one_line(tmp_path):
    """`build` on a broken raw file: one line naming file, line and column, exit 2, no traceback."""
    root = tmp_path / "proj"
    (root / "data").mkdir(parents=True)
    shutil.copytree(ROOT / "data" / "raw", root / "data" / "raw")
    cov = root / "data" / "raw" / "coverage_observations.csv"
    lines = cov.read_text().splitlines()
    assert ",employers," in lines[1]
    lines[1] = lines[1].replace(",employers,", ",people,", 1)
    cov.write_text("\n".join(lines) + "\n")
    env = {**os.environ, "SUMSEL_ROOT": str(root)}
    proc = subprocess.run([sys.executable, "-m", "sumsel_analysis", "build"], capture_output=True, text=True, env=env,
                          timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert "coverage_observations.csv: line 2, column 'unit'" in proc.stderr and "'people'" in proc.stderr
    assert not (root / "data" / "processed").exists() or not list((root / "data" / "processed").glob("*.parquet"))
