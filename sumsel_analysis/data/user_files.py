"""The lenient door: a user's own coverage export (CSV or Excel) mapped onto the coverage schema.

Headers may be Indonesian or English; values may be Indonesian number text such as ``1.035.000``,
``32,82%`` or ``1,3 juta``. Lenient about notation, strict about meaning: whatever cannot be read
unambiguously raises ``DataValidationError`` naming the file (and sheet), line and column, never a guess.

- The file's real type is read from its bytes (a ``.csv`` that is a workbook is named as one); a folder,
  a file over ``MAX_FILE_BYTES``, more than ``MAX_ROWS`` rows or ``MAX_COLUMNS`` columns is refused
  before it is read (``user_excel``).
- Excel (read-only, streamed): cells formatted as a percentage are read as percents (0.3282 shown as
  32.82% is 32.82; a quoted or escaped ``"%"`` means the value is already in percent); the sheet is
  chosen by its header (or ``sheet=``), several candidate sheets are an error listing them, hidden sheets
  are skipped; formulas are read as their last computed value, a formula without one and a merged cell
  are named as such.
- Empty cells are missing values (an error in a required column), never the text "nan".
- "1,035" or "1.035" (one separator, three digits after it) is ambiguous unless another value in the
  column shows the notation (e.g. "1.035.000" or "32,82"); state it with ``decimal=","`` (Indonesian)
  or ``decimal="."`` (English).
- Indonesian magnitude words fix the notation: "4,1 juta" is 4.100.000, "1,035 juta" 1.035.000.
- Values must fit their metric and unit (the row schema ``models.UserObservation``): percents 0–100
  (JAKON may exceed 100, per-project counting), persons and employers whole and non-negative, every
  value finite; a unit written in the value ('Rp…', '… orang', '…%') must be the metric's unit.
- A BPS code and an area name on the same row must name the same area (``regions.csv``).
- Two rows with the same period, area, segment, metric and unit are an error naming both lines.
"""

from __future__ import annotations

import csv
import io
import math
import re
import zipfile
import zlib
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from pydantic import ValidationError

from sumsel_analysis.data import user_excel
from sumsel_analysis.data.loaders import _DATE, _MONTH, DataValidationError, _read_text, _validate, load_regions
from sumsel_analysis.data.models import METRIC_UNITS, SEGMENTS_OVER_100, WHOLE_UNITS, UserObservation
from sumsel_analysis.data.models import problems as _row_problems
from sumsel_analysis.data.user_excel import MAX_COLUMNS, MAX_FILE_BYTES, MAX_ROWS
from sumsel_analysis.numbers import INDONESIAN_MAGNITUDES, MONTHS, NumberTextError, parse_number

__all__ = ["load_user_coverage", "METRIC_UNITS", "WHOLE_UNITS", "SEGMENTS_OVER_100", "MAX_ROWS", "MAX_COLUMNS",
           "MAX_FILE_BYTES", "USER_HEADER_ALIASES"]

# --- user-supplied coverage exports -------------------------------------------------------------

USER_HEADER_ALIASES = {
    "period": ("period", "periode", "tanggal", "bulan", "date", "as_of"),
    "geo_code": ("geo_code", "kode_bps", "kode_wilayah", "bps_code", "kode"),
    "geo_name": ("geo_name", "wilayah", "nama_wilayah", "kabupaten_kota", "geo"),
    "segment": ("segment", "segmen", "kategori_peserta"),
    "metric": ("metric", "metrik", "indikator"),
    "value": ("value", "nilai", "jumlah"),
    "unit": ("unit", "satuan"),
    "publisher": ("publisher", "sumber", "source"),
    "note": ("note", "catatan", "keterangan"),
}
_SEGMENT_ALIASES = {"pu": "PU", "ppu": "PU", "penerima upah": "PU", "bpu": "BPU", "pbpu": "BPU",
                    "bukan penerima upah": "BPU", "jakon": "JAKON", "jasa konstruksi": "JAKON",
                    "pmi": "PMI", "non_asn": "NON_ASN", "non asn": "NON_ASN", "total": "total",
                    "semua": "total", "jumlah": "total", "lainnya": "OTHER", "other": "OTHER"}
_METRIC_ALIASES = {"peserta_aktif": "active_participants", "peserta aktif": "active_participants",
                   "cakupan": "coverage_pct", "cakupan_pct": "coverage_pct", "potensi": "potential_workers",
                   "pekerja_potensial": "potential_workers", "target": "target_pct",
                   "peserta_terdaftar": "registered_participants"}
_ID_MONTHS = {m.lower(): i + 1 for lang in MONTHS for i, m in enumerate(MONTHS[lang])}
_ID_MONTHS.update({m.lower()[:3]: i + 1 for lang in MONTHS for i, m in enumerate(MONTHS[lang])})
_ID_MONTHS.update({"agu": 8, "agt": 8, "okt": 10, "des": 12, "peb": 2, "nop": 11})


def _user_period(v: object) -> date:
    """A calendar date from a cell (a date, 'YYYY-MM-DD', 'YYYY-MM', 'Desember 2025'); ValueError otherwise.

    Returns a plain ``date`` (years 1–9999), so the range is checked by the row schema, not by pandas."""
    if isinstance(v, (datetime, date)):
        return date(v.year, v.month, v.day)
    s = str(v).strip()
    if _DATE.match(s):
        return date.fromisoformat(s)
    if _MONTH.match(s):
        return date(int(s[:4]), int(s[5:7]), 1)
    m = re.match(r"^(\d{1,2}\s+)?([A-Za-z]+)\s+(\d{4})$", s)
    if m and m.group(2).lower() in _ID_MONTHS:
        return date(int(m.group(3)), _ID_MONTHS[m.group(2).lower()], int(m.group(1) or 1))
    raise ValueError("a date (YYYY-MM-DD, YYYY-MM or 'Desember 2025')")

EXCEL_ERRORS = ("#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#SPILL!", "#CALC!",
                "#GETTING_DATA")
_AMBIGUOUS = re.compile(r"^[+-]?\d{1,3}[.,]\d{3}$")
_NUM_CORE = re.compile(r"[+-]?[\d.,]*\d")


class _Cell:
    """A spreadsheet cell's value; ``percent`` is 'scaled' (0.00%), 'literal' (0.00"%") or None."""

    __slots__ = ("value", "percent")

    def __init__(self, value: object, percent: str | None):
        self.value, self.percent = value, percent


def _missing(v: object) -> bool:
    v = v.value if isinstance(v, _Cell) else v
    return v is None or (isinstance(v, float) and math.isnan(v)) or (isinstance(v, str) and not v.strip())


def _text(v: object) -> str | None:
    v = v.value if isinstance(v, _Cell) else v
    return None if _missing(v) else str(v).strip()


def _too_many_rows(where: Path, line: int) -> DataValidationError:
    return DataValidationError(where, [(line, None, f"at most {MAX_ROWS:,} data rows (a coverage export is smaller; "
                                              "split the file)", "more rows")])


def _read_user_csv(path: Path) -> tuple[list[str], list[tuple[int, list]]]:
    text = _read_text(path)
    first = text.splitlines()[0] if text.splitlines() else ""
    sep = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    try:
        header = next(reader)
        if len(header) > MAX_COLUMNS:
            raise DataValidationError(path, [(1, None, f"at most {MAX_COLUMNS} columns", f"{len(header)} columns")])
        rows = []
        for row in reader:
            if not any(c.strip() for c in row):
                continue
            if len(row) != len(header):
                raise DataValidationError(path, [(reader.line_num, None, f"{len(header)} fields separated by "
                                                  f"'{sep}' (as in the header)", f"{len(row)} fields")])
            if len(rows) >= MAX_ROWS:
                raise _too_many_rows(path, reader.line_num)
            rows.append((reader.line_num, row))
    except csv.Error as e:
        raise DataValidationError(path, [(reader.line_num, None, "well-formed CSV", str(e))]) from None
    return header, rows


def _normalise_header(h: object) -> str:
    return "" if _missing(h) else str(h).strip().lower().replace(" ", "_")


def _header_fits(header: list[str]) -> bool:
    """A header that names the required columns (some sheets of an export are notes or charts)."""
    known = {t for t, aliases in USER_HEADER_ALIASES.items() for h in header if h in aliases}
    return {"period", "segment", "metric", "value"} <= known and bool({"geo_code", "geo_name"} & known)


class _Sheet:
    """The chosen sheet, to explain its empty cells: a formula without a value, part of a merged range."""

    def __init__(self, path: Path, title: str, width: int):
        self.path, self.title, self.width = path, title, width

    def explain(self, cells: set[tuple[int, int]]) -> dict[tuple[int, int], str]:
        """{(line, column number): what the empty cell really is} for cells that are not simply empty."""
        import openpyxl

        if not cells:
            return {}
        wb = openpyxl.load_workbook(self.path, read_only=True, data_only=False)
        try:
            ws = wb[self.title]
            merged = user_excel.merged_ranges(ws)
            formulas = user_excel.formula_cells(ws, {r for r, _ in cells}, self.width)
        finally:
            wb.close()
        out = {}
        for line, col in cells:
            if (line, col) in formulas:
                out[(line, col)] = (f"a formula without a computed value ({formulas[(line, col)]}): open and save "
                                    "the file in Excel or LibreOffice so the value is stored, or type the value")
                continue
            ref = next((ref for r1, c1, r2, c2, ref in merged if r1 <= line <= r2 and c1 <= col <= c2), None)
            if ref:
                out[(line, col)] = f"a merged cell ({ref}; only its first cell holds a value): unmerge and fill every row"
        return out


def _read_user_xlsx(path: Path, sheet: str | None) -> tuple[Path, list[str], list[tuple[int, list]], _Sheet]:
    import openpyxl

    try:  # every sheet bounded on the raw zip first: openpyxl reads a sheet without dimension whole when opening
        too_big = user_excel.sheet_bounds_problem(path, MAX_ROWS, MAX_COLUMNS)
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as e:
        raise DataValidationError(path, [(None, None, "a readable .xlsx workbook", f"{type(e).__name__}: {e}")]) from None
    if too_big:
        raise DataValidationError(path.with_name(f"{path.name}, sheet {too_big[0]}"), [
            (None, None, f"at most {MAX_ROWS:,} data rows and {MAX_COLUMNS} columns (a coverage export is smaller; "
                         "split the file)", too_big[1])])
    try:
        wb = openpyxl.load_workbook(path, data_only=True, read_only=True)
    except Exception as e:  # openpyxl raises assorted errors (BadZipFile, KeyError, …) on damaged files
        raise DataValidationError(path, [(None, None, "a readable .xlsx workbook", f"{type(e).__name__}: {e}")]) from None
    try:
        return _read_sheet(path, wb, sheet)
    except DataValidationError:
        raise
    except Exception as e:  # a damaged sheet found while streaming (bad XML, broken shared strings, …)
        raise DataValidationError(path, [(None, None, "a readable .xlsx workbook", f"{type(e).__name__}: {e}")]) from None
    finally:
        wb.close()


def _read_sheet(path: Path, wb, sheet: str | None) -> tuple[Path, list[str], list[tuple[int, list]], _Sheet]:
    def header_of(ws) -> list[str]:
        first = next(ws.iter_rows(min_row=1, max_row=1, max_col=MAX_COLUMNS, values_only=True), ())
        return [_normalise_header(h) for h in first]

    if sheet is not None:
        if sheet not in wb.sheetnames:
            raise DataValidationError(path, [(None, None, f"a sheet named {sheet!r}", f"sheets {wb.sheetnames}")])
        ws = wb[sheet]
    else:
        visible = [ws for ws in wb.worksheets if ws.sheet_state == "visible"]
        fits = [ws for ws in visible if _header_fits(header_of(ws))]
        if not fits:
            raise DataValidationError(path, [(1, None, "a visible sheet whose first row names the columns period, "
                                              "segment, metric, value and geo_code or geo_name",
                                              f"visible sheets {[ws.title for ws in visible]}")])
        if len(fits) > 1:
            raise DataValidationError(path, [(None, None, "one sheet with coverage data (choose with sheet=...)",
                                              f"several candidate sheets {[ws.title for ws in fits]}")])
        ws = fits[0]
    where = path.with_name(f"{path.name}, sheet {ws.title}")
    ws.reset_dimensions()  # stream every written row, whatever the dimension claims (it may be too small)
    rows = []
    header: list[str] = []
    for r, cells in enumerate(ws.iter_rows(), start=1):
        if len(cells) > MAX_COLUMNS and any(c.value is not None for c in cells[MAX_COLUMNS:]):
            raise DataValidationError(where, [(r, None, f"at most {MAX_COLUMNS} columns", "values beyond them")])
        if r > MAX_ROWS + 1 and any(c.value is not None for c in cells):
            raise _too_many_rows(where, r)
        values = [_Cell(c.value, user_excel.percent_kind(getattr(c, "number_format", None))
                        if isinstance(c.value, (int, float)) and not isinstance(c.value, bool) else None)
                  for c in cells[:MAX_COLUMNS]]
        if r == 1:
            header = [_normalise_header(c.value) for c in values]
            continue
        if all(_missing(c) for c in values):
            continue
        rows.append((r, values + [_Cell(None, None)] * (len(header) - len(values))))
    return where, header, rows, _Sheet(path, ws.title, len(header))


def _notation(values: list[str]) -> str | None:
    """',' when some value in the column shows Indonesian notation (1.035.000; 1.035,5; 32,82), else None.

    English notation is never inferred (the package reads Indonesian text by default); state it with
    ``decimal='.'``.
    """
    for v in values:
        m = _NUM_CORE.search(v)
        core = m.group(0).lstrip("+-") if m else ""
        if core.count(".") > 1 or ("." in core and "," in core and core.rfind(",") > core.rfind(".")):
            return ","
        if core.count(",") == 1 and "." not in core and len(core.split(",")[1]) != 3:
            return ","
    return None


def _to_indonesian(text: str) -> str:
    """English number text ('1,035,000.5') in the Indonesian notation parse_number reads ('1.035.000,5')."""
    return _NUM_CORE.sub(lambda m: m.group(0).translate(str.maketrans(",.", ".,")), text)


def _indonesian_words(text: str) -> bool:
    """True when the text states its notation with an Indonesian magnitude word ('1,035 juta')."""
    words = re.findall(r"[a-z][a-z\-]*", text.lower())
    return any(w in INDONESIAN_MAGNITUDES for w in words)


def _check_file(path: Path, suffix: str) -> str:
    """'xlsx' or 'text' for a readable user file; DataValidationError naming what the path really is."""
    try:
        exists = path.exists()
    except OSError as e:  # a symbolic-link loop, a name too long, …
        raise DataValidationError(path, [(None, None, "a readable file", e.strerror or str(e))]) from None
    if not exists:
        raise DataValidationError(path, [(None, None, "an existing file", str(path) + (
            " (a broken or looping symbolic link)" if path.is_symlink() else ""))])
    if path.is_dir():
        raise DataValidationError(path, [(None, None, "a .csv or .xlsx file", "a folder")])
    if not path.is_file():
        raise DataValidationError(path, [(None, None, "a regular .csv or .xlsx file", "a device, pipe or socket")])
    size = path.stat().st_size
    if size == 0:
        raise DataValidationError(path, [(None, None, "a non-empty Excel file" if suffix in (".xlsx", ".xlsm")
                                          else "a header line and data rows", "an empty file")])
    if size > MAX_FILE_BYTES:
        raise DataValidationError(path, [(None, None, f"a file of at most {MAX_FILE_BYTES // 2**20} MB (a coverage "
                                          "export is smaller; split the file)", f"{size / 2**20:,.0f} MB")])
    if suffix not in (".csv", ".xlsx", ".xlsm"):
        raise DataValidationError(path, [(None, None, "a .csv or .xlsx file", path.suffix or "no extension")])
    try:
        kind = user_excel.sniff(path)
    except OSError as e:
        raise DataValidationError(path, [(None, None, "a readable file", e.strerror or str(e))]) from None
    want = "xlsx" if suffix in (".xlsx", ".xlsm") else "text"
    if kind != want:
        fix = {"xlsx": ": rename it to .xlsx", "text": ": rename it to .csv", "ole": ": save it as .xlsx"}.get(kind, "")
        raise DataValidationError(path, [(None, None, ("a readable .xlsx workbook" if want == "xlsx" else
                                                       "a CSV text file") + " (as its name says)",
                                          f"{user_excel.describe(kind)}{fix}")])
    return kind


def load_user_coverage(path: Path | str, raw_dir: Path | str | None = None, sheet: str | None = None,
                       decimal: str | None = None) -> pd.DataFrame:
    """Map a user's own coverage export (CSV/XLSX) onto the coverage schema.

    Required columns (English or Indonesian header): period/periode, geo_code/kode_bps (or
    geo_name/wilayah matching a kab/kota or 'Sumatera Selatan'), segment/segmen, metric/metrik,
    value/nilai. Optional: unit/satuan (inferred from '%' in the value, a percent-formatted cell or the
    metric when absent), publisher/sumber, note/catatan. Values may be Indonesian text ('1.035.000',
    '32,82%', '1,3 juta'). ``sheet`` picks an Excel sheet by name; ``decimal`` (',' or '.') states the
    number notation when a column cannot show it.
    """
    path = Path(path)
    if decimal not in (None, ",", "."):
        raise ValueError(f"decimal must be ',' (Indonesian: 32,82) or '.' (English: 32.82), got {decimal!r}")
    suffix = path.suffix.lower()
    kind = _check_file(path, suffix)
    sheet_info = None
    if kind == "xlsx":
        where, header, rows, sheet_info = _read_user_xlsx(path, sheet)
    else:
        if sheet is not None:
            raise DataValidationError(path, [(None, None, "no sheet= for a CSV file", sheet)])
        where = path
        header, rows = _read_user_csv(path)
        header = [_normalise_header(h) for h in header]
    # columns without a header: an error if they hold anything, ignored if empty (Excel's used range)
    keep = []
    for j, h in enumerate(header):
        if h:
            keep.append(j)
        elif any(not _missing(cells[j]) for _, cells in rows if j < len(cells)):
            line = next(n for n, cells in rows if j < len(cells) and not _missing(cells[j]))
            raise DataValidationError(where, [(line, f"#{j + 1}", "a header for every column with values",
                                               "values under an empty header")])
    header = [header[j] for j in keep]
    rows = [(n, [cells[j] for j in keep]) for n, cells in rows]
    dup_headers = sorted({h for h in header if header.count(h) > 1})
    if dup_headers:
        raise DataValidationError(where, [(1, ", ".join(dup_headers), "each header once", "repeated")])
    rename = {}
    for target, aliases in USER_HEADER_ALIASES.items():
        hits = [c for c in header if c in aliases]
        if len(hits) > 1:
            raise DataValidationError(where, [(1, ", ".join(hits), f"one column for {target}", "several")])
        if hits:
            rename[hits[0]] = target
    unknown = [c for c in header if c not in rename]
    if unknown:
        raise DataValidationError(where, [(1, ", ".join(unknown), f"known headers {list(USER_HEADER_ALIASES)}",
                                           "unrecognised column(s)")])
    cols = [rename[c] for c in header]
    column_number = {t: j + 1 for t, j in zip(cols, keep)}  # the sheet's column of each field
    need = [c for c in ("period", "segment", "metric", "value") if c not in cols]
    if "geo_code" not in cols and "geo_name" not in cols:
        need.append("geo_code or geo_name")
    if need:
        raise DataValidationError(where, [(1, ", ".join(need), "these columns", "missing")])
    if not rows:
        raise DataValidationError(where, [(2, None, "at least one data row", "only a header")])
    records = [(n, dict(zip(cols, cells))) for n, cells in rows]
    value_texts = [v.value if isinstance(v, _Cell) else v for _, r in records for v in [r["value"]]]
    notation = decimal or _notation([v.strip() for v in value_texts if isinstance(v, str)])

    regions = load_regions(raw_dir)
    names = {n.lower(): c for n, c in zip(regions["name"], regions["bps_code"])}
    names.update({n.lower(): c for n, c in zip(regions["name_full"], regions["bps_code"])})
    names.update({"sumatera selatan": "16", "sumsel": "16", "indonesia": "ID"})
    full = {c: n for n, c in zip(regions["name_full"], regions["bps_code"])} | {"16": "Sumatera Selatan",
                                                                               "ID": "Indonesia"}
    names.update({c.lower(): c for c in full})  # a code typed in the area-name column
    problems = []
    out_rows, lines, seen, empties = [], [], {}, []
    for line, r in records:
        bad = [c for c in ("period", "segment", "metric", "value") if _missing(r[c])]
        if _missing(r.get("geo_code")) and _missing(r.get("geo_name")):
            bad.append("geo_code" if "geo_code" in r else "geo_name")
        if bad:
            empties += [(line, c) for c in bad]
            problems += [(line, c, "a value", "an empty cell") for c in bad]
            continue
        raw_period = r["period"].value if isinstance(r["period"], _Cell) else r["period"]
        try:
            period = _user_period(raw_period)
        except (ValueError, OverflowError):
            problems.append((line, "period", "a date that exists (YYYY-MM-DD, YYYY-MM or 'Desember 2025')",
                             _text(r["period"])))
            continue
        code = _text(r.get("geo_code")) or ""
        if code.endswith(".0") and code[:-2].isdigit():  # a code typed into a number-formatted Excel cell
            code = code[:-2]
        name_text = _text(r.get("geo_name"))
        named = names.get((name_text or "").lower(), "")
        if not code:
            code = named
        if code not in full:
            problems.append((line, "geo_code", "a Sumsel BPS code (16, 1601…1674) or a known name",
                             _text(r.get("geo_code")) or name_text))
            continue
        if name_text and named != code:
            problems.append((line, "geo_code, geo_name", f"an area name matching code {code} ({full[code]}) "
                             "in regions.csv", name_text if not named else f"{name_text} (code {named})"))
            continue
        seg_text, metric_text = _text(r["segment"]), _text(r["metric"])
        seg = _SEGMENT_ALIASES.get(seg_text.lower(), seg_text)
        metric = _METRIC_ALIASES.get(metric_text.lower(), metric_text)
        cell = r["value"]
        raw_value = cell.value if isinstance(cell, _Cell) else cell
        if isinstance(raw_value, str):
            m = _NUM_CORE.search(raw_value.strip())
            core = m.group(0) if m else ""
            if notation is None and _AMBIGUOUS.match(core) and not _indonesian_words(raw_value):
                problems.append((line, "value", "an unambiguous number: state the notation with decimal=',' "
                                 "(Indonesian, 1.035 = one thousand thirty-five) or decimal='.' (English, "
                                 "1,035 = one thousand thirty-five), or write 1035 / 1,04 / 1.035.000",
                                 f"{raw_value} (ambiguous: 1.035 or 1035?)"))
                continue
            if notation == "." and not _indonesian_words(raw_value):
                raw_value = _to_indonesian(raw_value)
        if isinstance(raw_value, str) and raw_value.strip().upper() in EXCEL_ERRORS:
            problems.append((line, "value", "a number", f"{raw_value.strip()} (an Excel error value: the formula "
                                                        "behind it failed)"))
            continue
        try:
            num = parse_number(raw_value)
        except NumberTextError as e:
            hint = "" if notation else "; for English notation pass decimal='.'"
            problems.append((line, "value", f"a number (Indonesian text allowed{hint})", f"{_text(cell)} ({e})"))
            continue
        value, value_unit = num.value, num.unit
        if isinstance(cell, _Cell) and cell.percent:
            value_unit = "percent"  # 0.00%: Excel stores 32.82% as 0.3282; 0.00"%": the value is in percent
            value = value * 100 if cell.percent == "scaled" else value
        unit = _text(r.get("unit")) or value_unit or METRIC_UNITS.get(metric, "")
        if value_unit == "percent" and unit != "percent":
            problems.append((line, "unit", "'percent' for a value written with % or formatted as a percentage", unit))
            continue
        if value_unit and unit != value_unit:  # 'Rp1,6 miliar' in a persons column, '1.035.000 orang' in percent
            problems.append((line, "value", f"a value in {unit} (the unit of this row)",
                             f"{_text(cell)} (written in {value_unit})"))
            continue
        try:
            obs = UserObservation(period=period, geo_code=code, segment=seg, metric=metric, value=value, unit=unit,
                                  shown=_text(cell) or "")
        except ValidationError as e:
            problems += [(line, field, expected, found) for field, expected, found in _row_problems(e)]
            continue
        period = pd.Timestamp(obs.period)
        key = (period, code, seg, metric, unit)
        if key in seen:
            problems.append((line, "period, geo_code, segment, metric, unit",
                             f"one row per period, area, segment, metric and unit (line {seen[key]} has the same)",
                             f"a duplicate of line {seen[key]}"))
            continue
        seen[key] = line
        lines.append(line)
        out_rows.append({
            "obs_id": f"U{len(out_rows) + 1:04d}", "period": period, "geo_code": code, "geo_name": full[code],
            "geo_level": "province" if code == "16" else "national" if code == "ID" else "kabkota",
            "segment": seg, "metric": metric, "value": value, "unit": unit, "source_id": "S0000",
            "source_url": "", "publisher": _text(r.get("publisher")) or f"User file {path.name}",
            "published_date": "", "note": _text(r.get("note")) or "",
        })
    if problems and sheet_info is not None and empties:  # say what an empty Excel cell really is
        why = sheet_info.explain({(line, column_number[c]) for line, c in empties if c in column_number})
        problems = [(ln, c, exp, why.get((ln, column_number.get(c)), found)) if found == "an empty cell"
                    else (ln, c, exp, found) for ln, c, exp, found in problems]
    if problems:
        raise DataValidationError(where, problems)
    out = pd.DataFrame(out_rows)
    out["period"] = out["period"].astype("datetime64[ns]")
    for c in ("obs_id", "geo_code", "geo_name", "geo_level", "segment", "metric", "unit", "source_id",
              "source_url", "publisher", "published_date", "note"):
        out[c] = out[c].astype(str)
    try:
        return _validate(out, "coverage_observations", where)
    except DataValidationError as e:  # schema lines count data rows; name the file's own line numbers
        raise DataValidationError(where, [((lines[ln - 2] if ln is not None and 0 <= ln - 2 < len(lines) else ln),
                                           col, exp, found) for ln, col, exp, found in e.problems]) from None
