"""Hostile users' files (issue 18): every case has its exact outcome — the value read, or a one-line
``DataValidationError`` naming the file, the line and the column — and none takes more than seconds.

Tables: values that must be read (Indonesian decimal commas with magnitude words, unit words, percents),
values and rows that must be refused (a unit that does not fit the metric, code and name that disagree,
periods out of range), files that are not what their name says, Excel number formats in their spellings,
formulas without a cached value, merged cells, and sheets too large to read.
"""

from __future__ import annotations

import gzip
import os
import sys
import time
import zipfile
from pathlib import Path

import pytest

from sumsel_analysis.data import user_files
from sumsel_analysis.data.loaders import DataValidationError
from sumsel_analysis.data.user_files import MAX_COLUMNS, MAX_ROWS, load_user_coverage

sys.path.insert(0, str(Path(__file__).parent))
from helpers import csv_text, many_rows, problem, set_dimension, with_sheet_xml, xlsx  # noqa: E402

HEAD_U = "periode,kode_bps,segmen,metrik,nilai,satuan"
HEAD_CN = "periode,kode_bps,wilayah,segmen,metrik,nilai"
XHEAD = ["periode", "kode_bps", "segmen", "metrik", "nilai"]


def _load_csv(tmp_path: Path, text: str, name: str = "ekspor.csv", **kw):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path, (lambda: load_user_coverage(path, **kw))


# --- values that must be read: (case, metric, cell text, value, unit) --------------------------------
READ = [
    ("4,1 juta", "peserta_aktif", "4,1 juta", 4_100_000, "persons"),
    ("1,035 juta", "peserta_aktif", "1,035 juta", 1_035_000, "persons"),
    ("1,3 juta", "peserta_aktif", "1,3 juta", 1_300_000, "persons"),
    ("0,1 juta", "peserta_aktif", "0,1 juta", 100_000, "persons"),
    ("2,35 juta", "peserta_aktif", "2,35 juta", 2_350_000, "persons"),
    ("4,123456 juta", "peserta_aktif", "4,123456 juta", 4_123_456, "persons"),
    ("12,5 ribu", "peserta_aktif", "12,5 ribu", 12_500, "persons"),
    ("409 ribu", "peserta_aktif", "409 ribu", 409_000, "persons"),
    ("1,035 jt", "peserta_aktif", "1,035 jt", 1_035_000, "persons"),
    ("0,7 juta space", "peserta_aktif", " 0,7  juta ", 700_000, "persons"),
    ("dots", "peserta_aktif", "1.035.000", 1_035_000, "persons"),
    ("plain", "peserta_aktif", "1035000", 1_035_000, "persons"),
    ("orang", "peserta_aktif", "1.035.000 orang", 1_035_000, "persons"),
    ("juta jiwa", "peserta_aktif", "1,3 juta jiwa", 1_300_000, "persons"),
    ("pekerja", "pekerja_potensial", "3.153.000 pekerja", 3_153_000, "persons"),
    ("peserta", "peserta_aktif", "1.200.000 peserta", 1_200_000, "persons"),
    ("sekitar", "peserta_aktif", "sekitar 1,2 juta", 1_200_000, "persons"),
    ("nbsp", "peserta_aktif", "1.035.000\u00a0orang", 1_035_000, "persons"),
    ("percent", "cakupan", "32,82%", 32.82, "percent"),
    ("percent space", "cakupan", "32,82 %", 32.82, "percent"),
    ("persen", "cakupan", "32,82 persen", 32.82, "percent"),
    ("percent plain", "cakupan", "32,82", 32.82, "percent"),
    ("percent zero", "cakupan", "0%", 0.0, "percent"),
    ("percent hundred", "cakupan", "100%", 100.0, "percent"),
    ("target", "target", "45%", 45.0, "percent"),
    ("miliar persons", "peserta_aktif", "0,001 miliar", 1_000_000, "persons"),
]


# an Indonesian magnitude word fixes the notation even when English was stated for the file
READ += [(f"{text} decimal={decimal}", "peserta_aktif", text, value, "persons", decimal) for text, decimal, value in [
    ("1,035,000", ".", 1_035_000), ("1.035.000", ",", 1_035_000), ("1,035 juta", ".", 1_035_000),
    ("4,1 juta", ".", 4_100_000), ("2.5 million", ".", 2_500_000), ("1035000", ".", 1_035_000)]]


@pytest.mark.parametrize("case,metric,text,value,unit,decimal", [r + (None,) * (6 - len(r)) for r in READ],
                         ids=[r[0] for r in READ])
def test_value_is_read_exactly(tmp_path, raw_dir, case, metric, text, value, unit, decimal):
    _, load = _load_csv(tmp_path, csv_text(f'2025-12,Sumatera Selatan,total,{metric},"{text}"'), raw_dir=raw_dir,
                        decimal=decimal)
    df = load()
    assert (df["value"].item(), df["unit"].item()) == (value, unit)


# --- rows that must be refused: (case, file text, line, column, expected fragment, found) ------------
REFUSED = [
    ("rupiah in persons (unit column)", csv_text('2025-12,16,total,peserta_aktif,"Rp1,6 miliar",persons', head=HEAD_U),
     2, "value", "a value in persons", "Rp1,6 miliar (written in rupiah)"),
    ("rupiah in persons (inferred)", csv_text('2025-12,16,total,peserta_aktif,"Rp1,6 miliar"', head=HEAD_U[:-7]),
     2, "unit", "'persons' for metric active_participants", "rupiah"),
    ("rupiah with dot", csv_text('2025-12,16,total,peserta_aktif,"Rp. 16.800.000",persons', head=HEAD_U),
     2, "value", "a value in persons", "Rp. 16.800.000 (written in rupiah)"),
    ("persons in percent (unit column)", csv_text('2025-12,16,total,cakupan,"1.035.000 orang",percent', head=HEAD_U),
     2, "value", "a value in percent", "1.035.000 orang (written in persons)"),
    ("persons in percent (inferred)", csv_text('2025-12,16,total,cakupan,"1,3 juta jiwa"', head=HEAD_U[:-7]),
     2, "unit", "'percent' for metric coverage_pct", "persons"),
    ("persons in employers", csv_text('2025-12,16,total,registered_employers,"12.000.000 orang",employers', head=HEAD_U),
     2, "value", "a value in employers", "12.000.000 orang (written in persons)"),
    ("percent in persons", csv_text('2025-12,16,total,peserta_aktif,"33%",persons', head=HEAD_U),
     2, "unit", "'percent' for a value written with %", "persons"),
    ("code and name disagree", csv_text('2025-12,1601,Palembang,total,peserta_aktif,1035000', head=HEAD_CN),
     2, "geo_code, geo_name", "an area name matching code 1601 (Kabupaten Ogan Komering Ulu)", "Palembang (code 1671)"),
    ("code and unknown name", csv_text('2025-12,1671,Atlantis,total,peserta_aktif,1035000', head=HEAD_CN),
     2, "geo_code, geo_name", "an area name matching code 1671 (Kota Palembang)", "Atlantis"),
    ("province code, kab name", csv_text('2025-12,16,Lahat,total,peserta_aktif,1035000', head=HEAD_CN),
     2, "geo_code, geo_name", "an area name matching code 16 (Sumatera Selatan)", "Lahat (code 1604)"),
    ("second row disagrees", csv_text('2025-12,1671,Kota Palembang,total,peserta_aktif,5', '2025-12,1672,Lahat,total,'
                                      'peserta_aktif,5', head=HEAD_CN),
     3, "geo_code, geo_name", "an area name matching code 1672 (Kota Prabumulih)", "Lahat (code 1604)"),
    ("period 9999-12", csv_text("9999-12,16,total,peserta_aktif,1035000"), 2, "period",
     "a period from 1977-01 to 2100-12", "9999-12"),
    ("period 1900-01", csv_text("1900-01,16,total,peserta_aktif,1035000"), 2, "period",
     "a period from 1977-01 to 2100-12", "1900-01"),
    ("period 2101-01-01", csv_text("2101-01-01,16,total,peserta_aktif,1035000"), 2, "period",
     "a period from 1977-01 to 2100-12", "2101-01"),
    ("period 0001-01", csv_text("0001-01,16,total,peserta_aktif,1035000"), 2, "period",
     "a period from 1977-01 to 2100-12", "0001-01"),
    ("month 13", csv_text("2025-13,16,total,peserta_aktif,1035000"), 2, "period", "a date that exists", "2025-13"),
    ("month 00", csv_text("2025-00,16,total,peserta_aktif,1035000"), 2, "period", "a date that exists", "2025-00"),
    ("30 February", csv_text("2025-02-30,16,total,peserta_aktif,1035000"), 2, "period", "a date that exists",
     "2025-02-30"),
    ("month word unknown", csv_text("Smarch 2025,16,total,peserta_aktif,1035000"), 2, "period", "a date that exists",
     "Smarch 2025"),
    ("year 0", csv_text("0000-12,16,total,peserta_aktif,1035000"), 2, "period", "a date that exists", "0000-12"),
    ("fraction of a person juta", csv_text('2025-12,16,total,peserta_aktif,"1,0354321 juta"'), 2, "value",
     "a whole, non-negative number of persons", "1,0354321 juta"),
    ("negative persons", csv_text("2025-12,16,total,peserta_aktif,-5"), 2, "value",
     "a whole, non-negative number of persons", "-5"),
    ("infinite", csv_text("2025-12,16,total,peserta_aktif," + "9" * 400), 2, "value", "a finite number", "9" * 400),
    ("percent over 100", csv_text('2025-12,16,total,cakupan,"100,01%"'), 2, "value",
     "a percent within 0-100", "100,01% (read as 100.01%)"),
    ("unknown segment", csv_text("2025-12,16,INFORMAL,peserta_aktif,5"), 2, "segment", "one of", "INFORMAL"),
    ("unknown metric", csv_text("2025-12,16,total,kepuasan,5"), 2, "metric", "one of", "kepuasan"),
    ("unknown unit", csv_text("2025-12,16,total,peserta_aktif,5,kepala", head=HEAD_U), 2, "unit",
     "one of 'persons', 'percent', 'employers', 'rupiah' or 'count'", "kepala"),
    ("word not a number", csv_text("2025-12,16,total,peserta_aktif,banyak"), 2, "value", "a number",
     "banyak ('banyak' is not a number)"),
    ("magnitude without number", csv_text("2025-12,16,total,peserta_aktif,juta"), 2, "value", "a number",
     "juta ('juta' is not a number)"),
    ("English after comma", csv_text('2025-12,16,total,peserta_aktif,"1,035.5"'), 2, "value", "a number",
     "1,035.5 ('1,035.5': '.' after ',' is English notation; expected Indonesian 1.234,5)"),
    ("ambiguous 1,035", csv_text('2025-12,16,total,peserta_aktif,"1,035"'), 2, "value", "an unambiguous number",
     "1,035 (ambiguous: 1.035 or 1035?)"),
    ("unknown code", csv_text("2025-12,1699,total,peserta_aktif,5", head="periode,kode_bps,segmen,metrik,nilai"),
     2, "geo_code", "a Sumsel BPS code", "1699"),
    ("duplicate via name and code", csv_text("2025-12,16,,total,peserta_aktif,5", "2025-12,,Sumsel,total,peserta_aktif,6",
                                             head=HEAD_CN),
     3, "period, geo_code, segment, metric, unit", "one row per period", "a duplicate of line 2"),
]


@pytest.mark.parametrize("case,text,line,column,expected,found", REFUSED, ids=[r[0] for r in REFUSED])
def test_row_is_refused_with_line_and_column(tmp_path, raw_dir, case, text, line, column, expected, found):
    _, load = _load_csv(tmp_path, text, raw_dir=raw_dir)
    with pytest.raises(DataValidationError) as e:
        load()
    got = problem(e.value)
    assert (got[0], got[1], got[3]) == (line, column, found)
    assert expected in got[2]


# --- files that are not what their name says: (case, name, bytes or 'folder', expected, found) --------
def _xlsx_bytes(tmp_path: Path) -> bytes:
    return xlsx(tmp_path / "real.xlsx", [XHEAD, ["2025-12", "16", "total", "peserta_aktif", 5]]).read_bytes()


def _zip_bytes() -> bytes:
    import io

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("data.csv", "a,b\n1,2\n")
    return buf.getvalue()


FILES = [
    ("csv that is xlsx", "ekspor.csv", "xlsx", "a CSV text file (as its name says)",
     "an Excel workbook (.xlsx): rename it to .xlsx"),
    ("csv that is xls", "ekspor.csv", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "a CSV text file",
     "an old Excel .xls (or other Office 97-2003) file: save it as .xlsx"),
    ("csv that is pdf", "ekspor.csv", b"%PDF-1.7\n%\xe2\xe3\n1 0 obj", "a CSV text file", "a PDF document"),
    ("csv that is gzip", "ekspor.csv", gzip.compress(b"a,b\n1,2\n"), "a CSV text file", "a gzip-compressed file"),
    ("csv that is zip", "ekspor.csv", _zip_bytes(), "a CSV text file",
     "a zip archive that is not an Excel workbook (or is damaged)"),
    ("csv that is parquet", "ekspor.csv", b"PAR1\x15\x04" + b"\x00" * 40, "a CSV text file", "a parquet table"),
    ("csv that is sqlite", "ekspor.csv", b"SQLite format 3\x00" + b"\x00" * 80, "a CSV text file",
     "an SQLite database"),
    ("csv that is binary", "ekspor.csv", bytes(range(256)), "a CSV text file", "a binary (non-text) file"),
    ("xlsx that is csv", "ekspor.xlsx", csv_text("2025-12,16,total,peserta_aktif,5").encode(),
     "a readable .xlsx workbook (as its name says)", "a text (CSV) file: rename it to .csv"),
    ("xlsx that is pdf", "ekspor.xlsx", b"%PDF-1.4\n", "a readable .xlsx workbook", "a PDF document"),
    ("xlsx that is xls", "ekspor.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "a readable .xlsx workbook",
     "an old Excel .xls (or other Office 97-2003) file: save it as .xlsx"),
    ("xlsx that is a plain zip", "ekspor.xlsx", _zip_bytes(), "a readable .xlsx workbook",
     "a zip archive that is not an Excel workbook (or is damaged)"),
    ("xlsx damaged zip", "ekspor.xlsx", b"PK\x03\x04broken", "a readable .xlsx workbook",
     "a zip archive that is not an Excel workbook (or is damaged)"),
    ("empty csv", "ekspor.csv", b"", "a header line and data rows", "an empty file"),
    ("empty xlsx", "ekspor.xlsx", b"", "a non-empty Excel file", "an empty file"),
    ("txt suffix", "ekspor.txt", b"a,b\n", "a .csv or .xlsx file", ".txt"),
    ("no suffix", "ekspor", b"a,b\n", "a .csv or .xlsx file", "no extension"),
    ("xls suffix", "ekspor.xls", b"a,b\n", "a .csv or .xlsx file", ".xls"),
    ("folder", "ekspor.csv", "folder", "a .csv or .xlsx file", "a folder"),
    ("folder named xlsx", "ekspor.xlsx", "folder", "a .csv or .xlsx file", "a folder"),
    ("missing", "tidak_ada.csv", None, "an existing file", "{path}"),
    ("latin-1 csv", "ekspor.csv", "periode,wilayah,segmen,metrik,nilai\n2025-12,Sumsel,total,catatan é,1\n"
     .encode("latin-1"), "UTF-8 text", "byte 0xe9 (wrong encoding? save as UTF-8)"),
]


@pytest.mark.parametrize("case,name,content,expected,found", FILES, ids=[r[0] for r in FILES])
def test_file_kind_is_named(tmp_path, raw_dir, case, name, content, expected, found):
    path = tmp_path / name
    if content == "folder":
        path.mkdir()
    elif content == "xlsx":
        path.write_bytes(_xlsx_bytes(tmp_path))
    elif content is not None:
        path.write_bytes(content)
    with pytest.raises(DataValidationError) as e:
        load_user_coverage(path, raw_dir)
    got = problem(e.value)
    assert expected in got[2] and got[3] == found.format(path=path)


@pytest.mark.parametrize("case", ["loop", "broken"])
def test_symbolic_link_named(tmp_path, raw_dir, case):
    path = tmp_path / "ekspor.csv"
    path.symlink_to(path if case == "loop" else tmp_path / "gone.csv")
    with pytest.raises(DataValidationError) as e:
        load_user_coverage(path, raw_dir)
    assert problem(e.value)[2:] == ("an existing file", f"{path} (a broken or looping symbolic link)")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_unreadable_file_named(tmp_path, raw_dir):
    path = tmp_path / "ekspor.csv"
    path.write_text(csv_text("2025-12,16,total,peserta_aktif,5"))
    path.chmod(0)
    with pytest.raises(DataValidationError) as e:
        load_user_coverage(path, raw_dir)
    assert problem(e.value)[2:] == ("a readable file", "Permission denied")


def test_oversized_file_refused_before_reading(tmp_path, raw_dir):
    path = tmp_path / "besar.csv"
    with open(path, "wb") as f:  # sparse: 65 MB on paper, nothing on disk
        f.truncate(user_files.MAX_FILE_BYTES + 1)
    t0 = time.monotonic()
    with pytest.raises(DataValidationError) as e:
        load_user_coverage(path, raw_dir)
    assert problem(e.value)[3] == "64 MB" and time.monotonic() - t0 < 1


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_named_pipe_refused(tmp_path, raw_dir):
    path = tmp_path / "pipa.csv"
    os.mkfifo(path)
    with pytest.raises(DataValidationError) as e:
        load_user_coverage(path, raw_dir)
    assert problem(e.value)[3] == "a device, pipe or socket"


def test_csv_row_and_column_limits(tmp_path, raw_dir):
    path = tmp_path / "ekspor.csv"
    path.write_text(",".join(f"k{i}" for i in range(MAX_COLUMNS + 1)) + "\n")
    with pytest.raises(DataValidationError) as e:
        load_user_coverage(path, raw_dir)
    assert problem(e.value)[:2] == (1, None) and problem(e.value)[3] == f"{MAX_COLUMNS + 1} columns"
    rows = "".join(f"2025-12,16,total,peserta_aktif,{i}\n" for i in range(MAX_ROWS + 1))
    path.write_text("periode,kode_bps,segmen,metrik,nilai\n" + rows)
    t0 = time.monotonic()
    with pytest.raises(DataValidationError) as e:
        load_user_coverage(path, raw_dir)
    assert problem(e.value)[:2] == (MAX_ROWS + 2, None) and "at most 100,000 data rows" in problem(e.value)[2]
    assert time.monotonic() - t0 < 10


# --- Excel: percent formats in their spellings: (number format, stored value, value read) -----------
PERCENT_FORMATS = [
    ("0.00%", 0.3282, 32.82), ("0%", 0.33, 33.0), ("0.0%", 0.328, 32.8), ("#,##0.00%", 0.3282, 32.82),
    ("0.00%;[Red]-0.00%", 0.3282, 32.82), ("[Red]0.00%", 0.3282, 32.82), ('"Cakupan "0.00%', 0.3282, 32.82),
    ("0.00\\ %", 0.3282, 32.82), ('0.00"%"', 32.82, 32.82), ("0.00\\%", 32.82, 32.82), ('0"%"', 33, 33.0),
    ('0.00" %"', 32.82, 32.82), ('#,##0.0"%"', 32.8, 32.8), ('0.00"persen"', 32.82, 32.82), ("General", 32.82, 32.82),
    ("0.00", 32.82, 32.82), ('0.00"%";-0.00"%"', 32.82, 32.82), ("0.00\\%;[Red]-0.00\\%", 32.82, 32.82),
]


@pytest.mark.parametrize("fmt,stored,value", PERCENT_FORMATS, ids=[f[0] for f in PERCENT_FORMATS])
def test_excel_percent_formats(tmp_path, raw_dir, fmt, stored, value):
    path = xlsx(tmp_path / "ekspor.xlsx", [XHEAD, ["2025-12", "16", "total", "cakupan", stored]], {"E2": fmt})
    df = load_user_coverage(path, raw_dir)
    assert (df["value"].item(), df["unit"].item()) == (pytest.approx(value), "percent")


@pytest.mark.parametrize("fmt,stored", [('0.00"%"', 1035000), ("0.00%", 0.5)])
def test_excel_percent_format_on_persons_refused(tmp_path, raw_dir, fmt, stored):
    path = xlsx(tmp_path / "ekspor.xlsx", [XHEAD, ["2025-12", "16", "total", "peserta_aktif", stored]], {"E2": fmt})
    with pytest.raises(DataValidationError) as e:
        load_user_coverage(path, raw_dir)
    assert problem(e.value)[:2] == (2, "unit") and "'persons' for metric active_participants" in problem(e.value)[2]


# --- Excel cells that look empty but are not: (case, build, line, column, found) ---------------------
def _formula(ws):
    ws["E2"] = "=B2*1000"


def _formula_text(ws):
    ws["A2"] = '=TEXT(TODAY(),"yyyy-mm")'


def _merged_value(ws):
    ws.append(["2025-11", "16", "total", "peserta_aktif", 5])
    ws["E3"] = None
    ws.merge_cells("E2:E3")


def _merged_segment(ws):
    ws.append(["2025-12", "1671", None, "peserta_aktif", 7])
    ws.merge_cells("C2:C3")


def _really_empty(ws):
    ws["E2"] = None


EMPTY_LOOKING = [
    ("formula without cached value", _formula, 2, "value",
     "a formula without a computed value (=B2*1000): open and save the file in Excel or LibreOffice so the "
     "value is stored, or type the value"),
    ("formula in period", _formula_text, 2, "period",
     'a formula without a computed value (=TEXT(TODAY(),"yyyy-mm")): open and save the file in Excel or '
     "LibreOffice so the value is stored, or type the value"),
    ("merged value", _merged_value, 3, "value",
     "a merged cell (E2:E3; only its first cell holds a value): unmerge and fill every row"),
    ("merged segment", _merged_segment, 3, "segment",
     "a merged cell (C2:C3; only its first cell holds a value): unmerge and fill every row"),
    ("really empty", _really_empty, 2, "value", "an empty cell"),
]


@pytest.mark.parametrize("case,edit,line,column,found", EMPTY_LOOKING, ids=[r[0] for r in EMPTY_LOOKING])
def test_excel_empty_looking_cells_named(tmp_path, raw_dir, case, edit, line, column, found):
    import openpyxl

    path = tmp_path / "ekspor.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(XHEAD)
    ws.append(["2025-12", "16", "total", "peserta_aktif", 5])
    edit(ws)
    wb.save(path)
    with pytest.raises(DataValidationError) as e:
        load_user_coverage(path, raw_dir)
    assert "sheet Data" in e.value.one_line()
    assert problem(e.value) == (line, column, "a value", found)


# --- Excel sheets too large to read: (case, sheet XML edit, found) ------------------------------------
LARGE = [
    ("dimension XFD1048576", lambda x: set_dimension(x, "A1:XFD1048576"),
     "a sheet declaring 1,048,576 rows × 16,384 columns (dimension A1:XFD1048576; clear unused cells)"),
    ("dimension 65 columns", lambda x: set_dimension(x, "A1:BM2"),
     "a sheet declaring 2 rows × 65 columns (dimension A1:BM2; clear unused cells)"),
    ("dimension 100002 rows", lambda x: set_dimension(x, "A1:E100002"),
     "a sheet declaring 100,002 rows × 5 columns (dimension A1:E100002; clear unused cells)"),
    ("400k rows", many_rows(400_000), "more than 100,001 rows"),
    ("400k rows, lying dimension", lambda x: set_dimension(many_rows(400_000)(x), "A1:E2"), "more than 100,001 rows"),
    ("100001 rows, no dimension", lambda x: set_dimension(many_rows(100_001)(x), None), "more than 100,001 rows"),
    ("a far row", lambda x: x.replace("</sheetData>", '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t>'
                                                       "</is></c></row></sheetData>"),
     "a row numbered 1,048,576 (clear unused cells below the data)"),
]


@pytest.mark.parametrize("case,edit,found", LARGE, ids=[r[0] for r in LARGE])
def test_excel_bounded_before_reading(tmp_path, raw_dir, case, edit, found):
    path = with_sheet_xml(xlsx(tmp_path / "ekspor.xlsx", [XHEAD, ["2025-12", "16", "total", "peserta_aktif", 5]]), edit)
    t0 = time.monotonic()
    with pytest.raises(DataValidationError) as e:
        load_user_coverage(path, raw_dir)
    assert time.monotonic() - t0 < 5, "the bound is checked before the rows are read"
    assert "sheet Data" in e.value.one_line()
    assert problem(e.value)[3] == found and "at most 100,000 data rows and 64 columns" in problem(e.value)[2]


def test_excel_lying_small_dimension_reads_every_row(tmp_path, raw_dir):
    """A dimension claiming fewer rows than written must not truncate the data silently."""
    path = with_sheet_xml(xlsx(tmp_path / "ekspor.xlsx", [XHEAD, ["2025-12", "16", "total", "peserta_aktif", 5]]),
                          lambda x: set_dimension(x.replace("</sheetData>", '<row r="3"><c r="A3" t="inlineStr"><is>'
                                                            "<t>2025-11</t></is></c><c r=\"B3\" t=\"inlineStr\"><is><t>16"
                                                            '</t></is></c><c r="C3" t="inlineStr"><is><t>total</t></is>'
                                                            '</c><c r="D3" t="inlineStr"><is><t>peserta_aktif</t></is>'
                                                            '</c><c r="E3"><v>7</v></c></row></sheetData>'), "A1:E2"))
    df = load_user_coverage(path, raw_dir).sort_values("period")
    assert df["value"].tolist() == [7.0, 5.0]


def test_excel_values_beyond_the_column_limit(tmp_path, raw_dir):
    row = ["2025-12", "16", "total", "peserta_aktif", 5] + [None] * (MAX_COLUMNS - 5) + ["x"]
    path = with_sheet_xml(xlsx(tmp_path / "ekspor.xlsx", [XHEAD, row]), lambda x: set_dimension(x, None))
    with pytest.raises(DataValidationError) as e:
        load_user_coverage(path, raw_dir)
    assert problem(e.value) == (2, None, f"at most {MAX_COLUMNS} columns", "values beyond them")


def test_excel_zip_bomb_sheet(tmp_path, raw_dir, monkeypatch):
    from sumsel_analysis.data import user_excel

    monkeypatch.setattr(user_excel, "MAX_SHEET_XML_BYTES", 4000)
    path = with_sheet_xml(xlsx(tmp_path / "ekspor.xlsx", [XHEAD, ["2025-12", "16", "total", "peserta_aktif", 5]]),
                          lambda x: x.replace("</worksheet>", "<!--" + " " * 5000 + "--></worksheet>"))
    with pytest.raises(DataValidationError) as e:
        load_user_coverage(path, raw_dir)
    assert problem(e.value)[3] == "0 MB of sheet data once unpacked"


# --- Excel cells of other types: (case, period cell, value cell, line, column, found) ----------------
def _dt(y, m, d):
    from datetime import datetime

    return datetime(y, m, d)


EXCEL_CELLS = [
    ("date 9999-12-31", _dt(9999, 12, 31), 5, 2, "period", "9999-12"),
    ("date 1900-01-01", _dt(1900, 1, 1), 5, 2, "period", "1900-01"),
    ("boolean value", "2025-12", True, 2, "value", "True (True is a boolean, not a number)"),
    ("text juta", "2025-12", "4,1 juta", None, None, 4_100_000),
    ("date cell read", _dt(2025, 12, 1), 1_035_000, None, None, 1_035_000),
    ("float persons", "2025-12", 1035000.5, 2, "value", "1035000.5"),
    ("code as number", "2025-12", 5, None, None, 5),
    ("error #DIV/0!", "2025-12", "#DIV/0!", 2, "value", "#DIV/0! (an Excel error value: the formula behind it failed)"),
    ("error #N/A", "2025-12", "#N/A", 2, "value", "#N/A (an Excel error value: the formula behind it failed)"),
    ("error #REF!", "2025-12", "#REF!", 2, "value", "#REF! (an Excel error value: the formula behind it failed)"),
]


@pytest.mark.parametrize("case,period,value,line,column,found", EXCEL_CELLS, ids=[r[0] for r in EXCEL_CELLS])
def test_excel_cell_types(tmp_path, raw_dir, case, period, value, line, column, found):
    code = 16 if case == "code as number" else "16"
    path = xlsx(tmp_path / "ekspor.xlsx", [XHEAD, [period, code, "total", "peserta_aktif", value]])
    if line is None:
        assert load_user_coverage(path, raw_dir)["value"].item() == found
        return
    with pytest.raises(DataValidationError) as e:
        load_user_coverage(path, raw_dir)
    got = problem(e.value)
    assert (got[0], got[1], got[3]) == (line, column, found)


# --- properties ----------------------------------------------------------------------------------------
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from sumsel_analysis.data.user_excel import percent_kind  # noqa: E402
from sumsel_analysis.numbers import format_number, parse_number  # noqa: E402


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=1, max_value=6),
       st.sampled_from([("ribu", 3), ("juta", 6), ("miliar", 9)]))
def test_decimal_comma_with_magnitude_is_exact(n, decimals, word):
    """'4,1 juta' style text is read exactly: the whole number it names, no float error."""
    name, power = word
    decimals = min(decimals, power)
    text = f"{n // 10**decimals},{n % 10**decimals:0{decimals}d} {name}"
    assert parse_number(text).value == n * 10 ** (power - decimals)


_LITERAL = st.text(alphabet=" abcdefghijklmnopqrstuvwxyz%", max_size=8)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["0", "0.0", "0.00", "#,##0.00", "[Red]0.00", "0.00;[Red]-0.00"]), _LITERAL, _LITERAL,
       st.sampled_from(["quoted", "escaped", "bare"]))
def test_percent_format_spellings(number, before, after, spelling):
    """A bare % scales (the value is a share); a % inside quotes or escaped is literal text (already percent)."""
    pct = {"quoted": f'"{before}%{after}"', "escaped": "\\%", "bare": "%"}[spelling]
    fmt = number.replace("0.00", "0.00" + pct, 1) if "0.00" in number else number + pct
    assert percent_kind(fmt) == ("scaled" if spelling == "bare" else "literal")


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.integers(1977, 2100), st.integers(1, 12), st.sampled_from(["16", "1601", "1671", "1674"]),
                          st.integers(0, 5 * 10**6)), min_size=1, max_size=6, unique_by=lambda r: r[:3]))
def test_indonesian_export_round_trip(tmp_path_factory, raw_dir, rows):
    """Counts printed the Indonesian way (1.035.000) in a user's CSV are read back exactly."""
    path = tmp_path_factory.mktemp("rt") / "ekspor.csv"
    body = [f'{y}-{m:02d},{code},total,peserta_aktif,"{format_number(v, "id")}"' for y, m, code, v in rows]
    path.write_text(csv_text(*body, head="periode,kode_bps,segmen,metrik,nilai"), encoding="utf-8")
    try:
        df = load_user_coverage(path, raw_dir)
    except DataValidationError as e:  # only a column of values like 1.035 (1035? 1,035?) may be ambiguous
        ambiguous = {f"{format_number(v, 'id')} (ambiguous: 1.035 or 1035?)" for *_, v in rows if 1000 <= v < 10**6}
        assert ambiguous and all(p[1] == "value" and p[3] in ambiguous for p in e.problems), e.one_line()
        return
    got = {(p.year, p.month, c): v for p, c, v in zip(df["period"], df["geo_code"], df["value"])}
    assert got == {(y, m, c): float(v) for y, m, c, v in rows}
