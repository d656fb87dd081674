"""Reading a user's file safely: its real type from its bytes, size limits, and Excel sheets in read-only mode.

- ``sniff(path)`` names what a file really is from its first bytes (an .xlsx is a zip holding
  ``[Content_Types].xml``; an old .xls an OLE2 container; a PDF starts with ``%PDF``), so a ``.csv``
  that is really a workbook gets "this is an Excel workbook", not "wrong encoding".
- Limits are checked before reading: ``MAX_FILE_BYTES``, ``MAX_ROWS`` data rows and ``MAX_COLUMNS``
  columns (a sheet's declared dimension is checked first, rows are counted while streaming when the
  dimension is missing or wrong), so a hostile file is refused in well under a second.
- Excel number formats: ``0.00%`` (a real percent: Excel stores 32.82% as 0.3282) and ``0.00"%"`` /
  ``0.00\\%`` (a literal percent sign: the stored 32.82 is already in percent) are both percents.
- A formula without a cached value (a workbook saved by a program that does not compute) and a merged
  cell are named as such when a value is missing, never as "an empty cell".
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

# Limits (why): a coverage export holds at most periods × areas × segments × metrics rows — 20 years of
# months × 18 areas (17 kab/kota + province) × 7 segments × 3 metrics ≈ 91.000 — so 100.000 data rows
# fits any real export while a 400k-row or a "XFD1048576" sheet is refused before it is read (streaming
# 100.000 rows takes a few seconds; a million would take a minute and gigabytes). The known headers are
# nine; 64 columns leave room for notes. 64 MB is several times a 100.000-row CSV.
MAX_ROWS = 100_000
MAX_COLUMNS = 64
MAX_FILE_BYTES = 64 * 1024 * 1024

_KINDS = {
    "xlsx": "an Excel workbook (.xlsx)",
    "zip": "a zip archive that is not an Excel workbook (or is damaged)",
    "ole": "an old Excel .xls (or other Office 97-2003) file",
    "pdf": "a PDF document",
    "gzip": "a gzip-compressed file",
    "parquet": "a parquet table",
    "sqlite": "an SQLite database",
    "binary": "a binary (non-text) file",
    "text": "a text (CSV) file",
}


def sniff(path: Path) -> str:
    """What the file is from its bytes: 'xlsx', 'zip', 'ole', 'pdf', 'gzip', 'parquet', 'sqlite', 'binary' or 'text'."""
    with open(path, "rb") as f:
        head = f.read(8192)
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as z:
                names = set(z.namelist())
        except (zipfile.BadZipFile, OSError):
            return "zip"
        return "xlsx" if "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names) else "zip"
    for magic, kind in ((b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"), (b"%PDF", "pdf"), (b"\x1f\x8b", "gzip"),
                        (b"PAR1", "parquet"), (b"SQLite format 3\x00", "sqlite")):
        if head.startswith(magic):
            return kind
    if b"\x00" in head.lstrip(b"\xff\xfe").lstrip(b"\xfe\xff") or b"\x00" in head[:2]:
        return "binary"
    return "text"


def describe(kind: str) -> str:
    """How a message names a kind of file."""
    return _KINDS[kind]


# --- Excel number formats ----------------------------------------------------------------------
_QUOTED = re.compile(r'"[^"]*"')
_ESCAPED = re.compile(r"\\.")
_BRACKETS = re.compile(r"\[[^\]]*\]")


def percent_kind(number_format: str | None) -> str | None:
    """'scaled' for a real percent format (0.00%: the value is a share), 'literal' when the % is quoted or
    escaped (0.00"%", 0.00\\%: the value is already in percent), None for any other format."""
    fmt = str(number_format or "")
    if "%" not in fmt:
        return None
    bare = _BRACKETS.sub("", _ESCAPED.sub("", _QUOTED.sub("", fmt)))
    return "scaled" if "%" in bare else "literal"


# --- merged cells --------------------------------------------------------------------------------
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*\bref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters.decode():
        n = n * 26 + ord(ch) - 64
    return n


def merged_ranges(ws) -> list[tuple[int, int, int, int, str]]:
    """(min_row, min_col, max_row, max_col, 'A1:B2') of every merged range of a read-only sheet (streamed)."""
    out, tail = [], b""
    with ws._get_source() as src:  # the sheet's XML; openpyxl's read-only sheets do not parse merges
        while block := src.read(1 << 20):
            data = tail + block
            for m in _MERGE.finditer(data):
                c1, r1, c2, r2 = m.groups()
                out.append((int(r1), _col_number(c1), int(r2), _col_number(c2),
                            f"{c1.decode()}{r1.decode()}:{c2.decode()}{r2.decode()}"))
            tail = data[-200:]
    return sorted(set(out))


def formula_cells(ws_formulas, rows: set[int], max_col: int) -> dict[tuple[int, int], str]:
    """{(row, column): '=…'} for formula cells in ``rows`` of the same sheet opened with formulas."""
    out = {}
    if not rows:
        return out
    for r, cells in enumerate(ws_formulas.iter_rows(min_row=1, max_row=max(rows), max_col=max_col), start=1):
        if r in rows:
            for j, c in enumerate(cells, start=1):
                if isinstance(c.value, str) and c.value.startswith("="):
                    out[(r, j)] = c.value
                elif getattr(c, "data_type", None) == "f" and c.value is not None:
                    out[(r, j)] = str(c.value)
    return out
