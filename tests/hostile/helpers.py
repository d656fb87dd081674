"""Builders shared by the hostile-input tests: user files (CSV, xlsx made with openpyxl or written as raw XML)
and the exact-outcome assertion for DataValidationError."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import openpyxl

from sumsel_analysis.data.loaders import DataValidationError

HEAD = "periode,wilayah,segmen,metrik,nilai"


def csv_text(*rows: str, head: str = HEAD) -> str:
    return "\n".join([head, *rows]) + "\n"


def xlsx(path: Path, rows: list[list], formats: dict[str, str] | None = None, merges: tuple[str, ...] = (),
         title: str = "Data") -> Path:
    """A workbook with one sheet ``title`` holding ``rows`` (first row the header); ``formats`` maps a cell
    reference to its number format."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    for ref, fmt in (formats or {}).items():
        ws[ref].number_format = fmt
    for ref in merges:
        ws.merge_cells(ref)
    wb.save(path)
    return path


def with_sheet_xml(path: Path, edit) -> Path:
    """Rewrite the first worksheet's XML of an xlsx with ``edit(xml: str) -> str`` (a hand-made hostile file)."""
    src = zipfile.ZipFile(path)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = edit(data.decode()).encode()
            dst.writestr(info.filename, data)
    src.close()
    path.write_bytes(out.getvalue())
    return path


def set_dimension(xml: str, ref: str | None) -> str:
    """The sheet XML with its declared dimension replaced by ``ref`` (None: removed)."""
    return re.sub(r'<dimension ref="[^"]*"\s*/>', f'<dimension ref="{ref}"/>' if ref else "", xml)


def many_rows(n: int, row: str | None = None):
    """An edit that replaces sheetData with a header and ``n`` rows (inline strings ``row``, split on '|', or a
    single number per row when None: a few MB for 400.000 rows; fast, no openpyxl writer)."""
    head = ["periode", "kode_bps", "segmen", "metrik", "nilai"]

    def cells(r: int, values: list[str]) -> str:
        return "".join(f'<c r="{chr(65 + j)}{r}" t="inlineStr"><is><t>{v}</t></is></c>' for j, v in enumerate(values))

    def edit(xml: str) -> str:
        body = [f'<row r="1">{cells(1, head)}</row>']
        if row is None:
            body += [f'<row r="{r}"><c r="E{r}"><v>1</v></c></row>' for r in range(2, n + 2)]
        else:
            vals = row.split("|")
            body += [f'<row r="{r}">{cells(r, vals)}</row>' for r in range(2, n + 2)]
        data = "<sheetData>" + "".join(body) + "</sheetData>"
        return re.sub(r"<sheetData>.*</sheetData>|<sheetData\s*/>", lambda m: data, xml, flags=re.S)

    return edit


def problem(exc: DataValidationError) -> tuple:
    """The first problem (line, column, expected, found), after checking the message is one line naming the file."""
    msg = exc.one_line()
    assert "\n" not in msg and str(exc.path) in msg, msg
    return exc.problems[0]
