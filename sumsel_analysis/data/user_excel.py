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
# nine; 64 columns leave room for notes. 64 MB is several times a 100.000-row CSV; 256 MB of unpacked sheet
# XML holds 100.000 rows of 64 cells (a zip bomb unpacks to far more).
MAX_ROWS = 100_000
MAX_COLUMNS = 64
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_SHEET_XML_BYTES = 256 * 1024 * 1024

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


# --- bounding every sheet before openpyxl opens the workbook --------------------------------------
# (openpyxl parses a whole sheet when it declares no dimension, so the bounds are checked on the raw zip)
_ROW = re.compile(rb"<(?:\w+:)?row\b([^>]*)>")
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\b[^>]*\bref="([^"]+)"')
_CELL_REF = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)$")


def sheet_parts(z: zipfile.ZipFile) -> dict[str, str]:
    """{zip member of a worksheet: its sheet name} from the workbook's sheet list and relationships."""
    try:
        book = z.read("xl/workbook.xml")
        rels = z.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return {}
    targets = {m[0].decode(): m[1].decode() for m in re.findall(rb'<Relationship\b[^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"', rels)}
    targets |= {m[1].decode(): m[0].decode() for m in re.findall(rb'<Relationship\b[^>]*?Target="([^"]+)"[^>]*?Id="([^"]+)"', rels)}
    out = {}
    for tag in re.findall(rb"<(?:\w+:)?sheet\b[^>]*>", book):
        name, rid = re.search(rb'\bname="([^"]*)"', tag), re.search(rb'\br:id="([^"]*)"', tag)
        if name and rid and rid.group(1).decode() in targets:
            target = targets[rid.group(1).decode()]
            member = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            out[member] = name.group(1).decode()
    return out


def sheet_bounds_problem(path: Path, max_rows: int, max_columns: int) -> tuple[str, str] | None:
    """(sheet, what is too large) for the first sheet beyond the limits, read from the raw zip; None if all fit.

    Checks the unpacked size, the declared dimension, the number of written rows and the highest row number.
    """
    with zipfile.ZipFile(path) as z:
        for member, name in sheet_parts(z).items():
            try:
                info = z.getinfo(member)
            except KeyError:
                continue
            if info.file_size > MAX_SHEET_XML_BYTES:
                return name, f"{info.file_size / 2**20:,.0f} MB of sheet data once unpacked"
            n, highest, tail, dim = 0, 0, b"", None
            with z.open(info) as src:
                while block := src.read(1 << 22):
                    data = tail + block
                    cut = data.rfind(b"<")  # a tag split across blocks is read with the next block
                    cut = len(data) if cut < 0 else cut
                    if dim is None and (d := _DIMENSION.search(data, 0, cut)):
                        dim = d.group(1).decode()
                        if (problem := _dimension_problem(dim, max_rows, max_columns)):
                            return name, problem
                    for attrs in _ROW.findall(data, 0, cut):
                        n += 1
                        if (r := _ROW_NUMBER.search(attrs)):
                            highest = max(highest, int(r.group(1)))
                    if n > max_rows + 1 or highest > max_rows + 1:
                        return name, (f"more than {max_rows + 1:,} rows" if n > max_rows + 1
                                      else f"a row numbered {highest:,} (clear unused cells below the data)")
                    tail = data[cut:]
    return None


def _dimension_problem(ref: str, max_rows: int, max_columns: int) -> str | None:
    last = _CELL_REF.match(ref.split(":")[-1])
    if not last:
        return None
    cols, rows = _col_number(last.group(1).encode()), int(last.group(2))
    if rows > max_rows + 1 or cols > max_columns:
        return f"a sheet declaring {rows:,} rows × {cols:,} columns (dimension {ref}; clear unused cells)"
    return None


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
