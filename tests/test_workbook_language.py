"""The Indonesian workbook is Indonesian in every cell but quoted source text (issue 20 item 8): categorical
values, notes and descriptions in Indonesian; numbers and dates as Excel numbers and dates with their format,
never program output ('nan', 'None', ISO dates, 1.3e+06, 0.08700000001)."""

import re
from datetime import date, datetime

import openpyxl
import pytest

# Words an Indonesian reader should not meet outside quoted source text (a word-list heuristic, as the
# before-stop hook's): English function words and the package's English vocabulary.
ENGLISH = set("""
the and of with for not from is are this that to in on by at as an or be was were has have it its which
workers worker coverage scenario scenarios subsidy subsidies observed estimated derived assumption assumptions
assumed published persons person percent share shares yes no true false month months year years rate
employers employer participants participant active premium premiums mandate list based other none nan source
sources figure figures value values note notes gap pace firms registered comparable conflicting duplicate
misprint definitional break unclear scope arithmetic within same different central low high
licence licensing renewal new only each per-worker worker-year worker-years people budget regional province
provinces district national total-only unknown approx about above below between after before
chosen forecast simulation supplied user left citing quoting copy via reprinting republishing relay officials
""".split())
# columns of quoted source text (publisher names, titles as printed) and identifiers (row and parameter codes, URLs)
QUOTED_MARKS = ("sesuai sumber", "judul sumber", "kutipan", "kode", "url")
PROGRAM = [re.compile(p) for p in (r"^(nan|None|NaT|NaN|<NA>|inf|-inf)$", r"\b\d{4}-\d{2}-\d{2}\b", r"^\d{4}-\d{2}$",
                                    r"\d[eE][+-]?\d", r"\d\.\d{6,}")]


def _quoted(header: str) -> bool:
    return any(m in header.lower() for m in QUOTED_MARKS)


def _cells(wb):
    """(sheet, header, coordinate, value) of every non-header cell."""
    for ws in wb.worksheets:
        headers = [str(c.value or "") for c in ws[1]]
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if cell.value is not None:
                    yield ws.title, headers[cell.column - 1] if cell.column <= len(headers) else "", cell


def english_cells(wb) -> list[tuple]:
    """Text cells (and headers) with an English word, outside columns marked as quoted source text."""
    out = []
    for ws in wb.worksheets:
        for c in ws[1]:
            if isinstance(c.value, str) and ENGLISH & set(re.findall(r"[a-z][a-z\-]*", c.value.lower())):
                out.append((ws.title, "(header)", c.coordinate, c.value))
    for sheet, header, cell in _cells(wb):
        if isinstance(cell.value, str) and not _quoted(header):
            words = set(re.findall(r"[A-Za-z][A-Za-z\-]*", cell.value))
            if {w.lower() for w in words if not w.isupper()} & ENGLISH:
                out.append((sheet, header, cell.coordinate, cell.value))
    return out


def bad_cells(wb) -> list[tuple]:
    """Cells showing program output: nan/None/NaT, ISO dates, e-notation, raw floats; numbers without a format."""
    out = []
    for sheet, header, cell in _cells(wb):
        v = cell.value
        if isinstance(v, str):
            if not _quoted(header) and any(p.search(v.strip()) for p in PROGRAM):
                out.append((sheet, header, cell.coordinate, v))
        elif isinstance(v, bool):
            out.append((sheet, header, cell.coordinate, v))
        elif isinstance(v, float) and cell.number_format == "General" and v != round(v):
            out.append((sheet, header, cell.coordinate, v))
        elif isinstance(v, (datetime, date)) and not re.search(r"dd|mmm|yyyy", cell.number_format):
            out.append((sheet, header, cell.coordinate, v))
    return out


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory):
    from pathlib import Path

    from sumsel_analysis.report import appendix_for, build_content
    from sumsel_analysis.report.workbook import write_workbook

    root = Path(__file__).resolve().parents[1]
    content = build_content([root / "scenarios" / "combined_mandate_subsidy_csr.yaml"], n_draws=60)
    app = appendix_for(content)
    out = tmp_path_factory.mktemp("wb")
    return {lang: openpyxl.load_workbook(write_workbook(content, app, out / f"wb_{lang}.xlsx", lang))
            for lang in ("id", "en")}


def test_indonesian_workbook_has_no_english_cells(workbooks):
    assert english_cells(workbooks["id"]) == []
    assert len(english_cells(workbooks["en"])) > 200  # the heuristic does find English where it is


def test_workbooks_have_no_program_output(workbooks):
    for lang, wb in workbooks.items():
        assert bad_cells(wb) == [], lang


def test_indonesian_workbook_values_numbers_and_dates(workbooks):
    wb = workbooks["id"]
    texts = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert "ya" in texts and "tidak" in texts and "teramati" in texts and "estimasi" in texts
    assert not {"True", "False", "observed", "estimated", "comparable", "assumption"} & set(texts)
    dates = [c for ws in wb.worksheets for row in ws.iter_rows(min_row=2) for c in row
             if isinstance(c.value, (datetime, date))]
    assert len(dates) > 50 and {c.number_format for c in dates} == {"dd/mm/yyyy"}
    numbers = [c for ws in wb.worksheets for row in ws.iter_rows(min_row=2) for c in row
               if isinstance(c.value, float) and c.value != round(c.value)]
    assert numbers and all(c.number_format != "General" for c in numbers)
    contra = next(ws for ws in wb.worksheets if ws.title == "Pertentangan")
    values = [str(c.value) for c in contra["G"][1:] if c.value]
    assert values and not any(re.search(r"\de[+-]\d|persons|stated", v) for v in values)
    assert any(re.search(r"\d{1,3}(\.\d{3})+", v) for v in values)  # 1.300.000, Indonesian separators


# the project's prose columns (notes, descriptions, explanations, methods) by their English header
PROSE_HEADERS = {"Note": "Catatan", "Description": "Keterangan", "Explanation": "Penjelasan", "Method": "Metode"}
# the project's own remarks beside publisher names and note references (the names themselves are quoted as printed)
REMARKS = re.compile(r"\b(citing|quoting|copy|Derived|reprinting|republishing|NOTES|schedule|via|relay|counts)\b")


def test_indonesian_workbook_shows_the_project_notes_in_indonesian(workbooks):
    """Notes, descriptions, explanations and methods are translated, not left out: the Indonesian book has every
    prose column of the English one with the same cells filled, each in Indonesian (the English-cells test above
    reads them: their headers are not marked as quoted), none equal to its English original."""
    en, id_ = workbooks["en"].worksheets[1:], workbooks["id"].worksheets[1:]  # the sheets after the README
    assert [ws.max_row for ws in en] == [ws.max_row for ws in id_]
    checked = 0
    for ws_en, ws_id in zip(en, id_):
        head_en, head_id = [c.value for c in ws_en[1]], [c.value for c in ws_id[1]]
        assert len(head_en) == len(head_id), ws_id.title
        for i, h in enumerate(head_en):
            if h not in PROSE_HEADERS:
                continue
            assert head_id[i] == PROSE_HEADERS[h] and not _quoted(head_id[i]), (ws_id.title, head_id[i])
            for r_en, r_id in zip(ws_en.iter_rows(min_row=2), ws_id.iter_rows(min_row=2)):
                a, b = r_en[i].value, r_id[i].value
                assert (a is None) == (b is None), (ws_id.title, h, a, b)
                if isinstance(a, str) and re.search(r"[A-Za-z]{3,}", a):
                    assert b != a, (ws_id.title, h, a)
                    checked += 1
    assert checked > 150  # legal notes, kab/kota notes, claims, contradictions, assumptions, denominators, industry


def test_indonesian_workbook_translates_remarks_beside_quoted_names(workbooks):
    left = [(ws.title, c.coordinate, c.value) for ws in workbooks["id"].worksheets for row in ws.iter_rows(min_row=2)
            for c in row if isinstance(c.value, str) and REMARKS.search(c.value)]
    assert left == []
    assert any(REMARKS.search(str(c.value)) for ws in workbooks["en"].worksheets for row in ws.iter_rows(min_row=2)
               for c in row)  # the check finds them where they are


def test_codes_in_the_indonesian_workbook_have_their_names(workbooks):
    """Code columns keep their codes, but a parameter's code ('assumption tni_polri_personnel_sumsel') is named
    beside it in Indonesian ('asumsi … (personel TNI dan Polri di Sumsel)'), never with the English 'assumption'."""
    refs = [(sheet, cell.value) for sheet, header, cell in _cells(workbooks["id"])
            if _quoted(header) and isinstance(cell.value, str)
            and re.search(r"\b(?:parameter|asumsi|assumption) [a-z]+_", cell.value)]
    assert refs, "no parameter reference in a code column"
    for sheet, v in refs:
        assert "assumption" not in v, (sheet, v)
        assert all(v[m.end():].startswith(" (") for m in re.finditer(r"\b(?:parameter|asumsi) [a-z0-9_]+", v)), (sheet, v)
