"""Property test (hypothesis): any CSV/XLSX fed to the user-file reader gives a table or the package's
own DataValidationError — never another exception, and never a non-finite or out-of-unit value."""

from __future__ import annotations

import math
from pathlib import Path

import openpyxl
import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sumsel_analysis.data.loaders import DataValidationError
from sumsel_analysis.data.user_files import USER_HEADER_ALIASES, load_user_coverage

HEADERS = [a for aliases in USER_HEADER_ALIASES.values() for a in aliases[:2]] + ["warna", "", "Nilai ", "PERIODE"]
NUMBER_TEXT = st.one_of(
    st.integers(-10**7, 10**9).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.from_regex(r"\A[+-]?\d{1,4}([.,]\d{1,4}){0,3}( ?(%|juta|ribu|miliar))?\Z", fullmatch=True),
    st.sampled_from(["1.035.000", "32,82%", "1,3 juta", "1,035", "1.035", "1e400", "9" * 400, "nan", "-", "%"]),
)
CELL_TEXT = st.one_of(
    NUMBER_TEXT,
    st.sampled_from(["2025-12", "Desember 2025", "2025-12-04", "31 Februari 2025", "2025-13", "Sumatera Selatan",
                     "16", "1671", "Palembang", "total", "PU", "JAKON", "peserta_aktif", "cakupan", "persons",
                     "percent", "", " ", "=1+1"]),
    st.text(max_size=12),
)
ROWS = st.integers(1, 6).flatmap(lambda n: st.tuples(
    st.lists(st.sampled_from(HEADERS), min_size=1, max_size=7),
    st.lists(st.lists(CELL_TEXT, min_size=0, max_size=8), min_size=0, max_size=n)))
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                           HealthCheck.too_slow])


def _check(path: Path, raw_dir: Path, **kw) -> None:
    try:
        df = load_user_coverage(path, raw_dir, **kw)
    except DataValidationError as e:
        assert str(e).startswith(path.name), str(e)
        return
    assert isinstance(df, pd.DataFrame) and len(df) >= 1
    assert all(math.isfinite(v) for v in df["value"])
    assert not df.duplicated(["period", "geo_code", "segment", "metric", "unit"]).any()
    pct = df[(df["unit"] == "percent") & (df["segment"] != "JAKON")]
    assert pct["value"].between(0, 100).all()
    assert "nan" not in set(df["note"]) | set(df["publisher"])


@SETTINGS
@given(data=ROWS, sep=st.sampled_from([",", ";"]), decimal=st.sampled_from([None, ",", "."]))
def test_generated_csv(tmp_path_factory, raw_dir, data, sep, decimal):
    header, rows = data
    quote = lambda c: '"' + c.replace('"', '""') + '"' if any(x in c for x in ',;"\n\r') else c  # noqa: E731
    text = "\n".join(sep.join(quote(c) for c in r) for r in [header, *rows]) + "\n"
    path = tmp_path_factory.mktemp("csv") / "ekspor.csv"
    path.write_text(text, encoding="utf-8")
    _check(path, raw_dir, decimal=decimal)


XCELL = st.one_of(CELL_TEXT.map(lambda t: ILLEGAL_CHARACTERS_RE.sub("", t)),  # Excel cannot hold control chars st.none(), st.booleans(), st.integers(-10**12, 10**12),
                  st.floats(allow_nan=False, allow_infinity=False, width=32))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(header=st.lists(st.sampled_from(HEADERS), min_size=1, max_size=7),
       rows=st.lists(st.lists(XCELL, max_size=8), max_size=5),
       percent_cols=st.sets(st.integers(1, 8), max_size=3), hidden=st.booleans(), extra_sheet=st.booleans())
def test_generated_xlsx(tmp_path_factory, raw_dir, header, rows, percent_cols, hidden, extra_sheet):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    for r in [header, *rows]:
        ws.append([c if not (isinstance(c, str) and c.startswith("=")) else "'" + c for c in r])
    for col in percent_cols:
        for row in range(2, len(rows) + 2):
            ws.cell(row, col).number_format = "0.00%"
    if extra_sheet:
        other = wb.create_sheet("Salinan")
        for r in [header, *rows]:
            other.append([c if not (isinstance(c, str) and c.startswith("=")) else "'" + c for c in r])
        other.sheet_state = "hidden" if hidden else "visible"
    path = tmp_path_factory.mktemp("xlsx") / "ekspor.xlsx"
    wb.save(path)
    _check(path, raw_dir)
