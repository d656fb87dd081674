"""The PDF renders on this machine: a short main body, the appendix after a clear break, no half-empty pages."""

import ctypes
import re
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from sumsel_analysis.report import appendix_for, build_content, render_html
from sumsel_analysis.report.content import figures
from sumsel_analysis.report.render import write_pdf

ROOT = Path(__file__).resolve().parents[1]
# the Makefile's SCENARIOS: the brief compares these, the last is its main scenario
SCEN = [ROOT / "scenarios" / n for n in ("mandate_renewal_only.yaml", "subsidy_sustained.yaml",
                                        "combined_mandate_subsidy_csr.yaml")]
MAX_MAIN_PAGES = 4  # body ≤ 4 pages, key numbers on page 1


@pytest.fixture(scope="module")
def pdf(tmp_path_factory):
    c = build_content(SCEN, n_draws=50, issued="2026-12-03")
    html = render_html(c, figures(c, "id"), appendix_for(c), "id")
    path = tmp_path_factory.mktemp("pdf") / "brief_id.pdf"
    pages = write_pdf(html, path, b"test")
    return path, pages


def _blank_share(page) -> float:
    """Share of the page height below the last inked row (the page footer's number excluded)."""
    img = np.asarray(page.render(scale=0.5).to_pil().convert("L"), dtype=float)
    body = img[: int(img.shape[0] * 0.93)]  # leave out the page-number footer
    rows = np.flatnonzero((body < 200).mean(axis=1) > 0.002)
    return 1.0 if not len(rows) else 1 - rows.max() / body.shape[0]


def _appendix_page(doc) -> int:
    for i in range(len(doc)):
        if re.match(r"\s*Lampiran\b", doc[i].get_textpage().get_text_range()):
            return i
    raise AssertionError("no page starts with the 'Lampiran' heading")


def test_page_count_and_appendix_after_a_break(pdf):
    path, pages = pdf
    doc = pdfium.PdfDocument(str(path))
    assert len(doc) == pages
    first_appendix = _appendix_page(doc)
    assert 2 <= first_appendix <= MAX_MAIN_PAGES, f"main body has {first_appendix} pages (at most {MAX_MAIN_PAGES})"
    text1 = doc[0].get_textpage().get_text_range()
    assert "Ringkasan eksekutif" in text1 and "Rekomendasi" in text1
    assert "1.035.000" in text1 and "32,82%" in text1 and "Diterbitkan 3 Desember 2026" in text1


MAX_SOURCE_PAGES = 2.5  # the sources list, one row per assumption group: about two pages


def _sources_pages(doc) -> float:
    """Pages the sources list takes: from its heading to the last inked row of the document."""
    for i in range(len(doc)):
        tp = doc[i].get_textpage()
        hit = tp.search("E. Sumber").get_next()
        if hit:
            top = tp.get_charbox(hit[0])[3] / doc[i].get_height()  # share of the page below the heading's top
            return top + (len(doc) - 1 - i - 1) + (1 - _blank_share(doc[len(doc) - 1])) if i < len(doc) - 1 else \
                top - _blank_share(doc[i])
    raise AssertionError("no sources heading")


def test_sources_list_is_about_two_pages_with_links(pdf):
    path, _ = pdf
    doc = pdfium.PdfDocument(str(path))
    used = _sources_pages(doc)
    assert 0.5 < used <= MAX_SOURCE_PAGES, f"the sources list takes {used:.2f} pages (at most {MAX_SOURCE_PAGES})"
    # the titles are clickable: the sources list's links are URI link annotations in the PDF
    assert sum(_uri_links(doc[i]) for i in range(len(doc))) >= 50


def _uri_links(page) -> int:
    """URI link annotations on a PDF page (pdfium's link enumeration)."""
    pos, link, n = ctypes.c_int(0), pdfium_c.FPDF_LINK(), 0
    while pdfium_c.FPDFLink_Enumerate(page.raw, ctypes.byref(pos), ctypes.byref(link)):
        action = pdfium_c.FPDFLink_GetAction(link)
        n += bool(action) and pdfium_c.FPDFAction_GetType(action) == pdfium_c.PDFACTION_URI
    return n


def test_no_page_more_than_half_empty_except_the_last_of_a_section(pdf):
    path, _ = pdf
    doc = pdfium.PdfDocument(str(path))
    last_of_section = {_appendix_page(doc) - 1, len(doc) - 1}
    shares = [_blank_share(doc[i]) for i in range(len(doc))]
    half_empty = [i + 1 for i, s in enumerate(shares) if s > 0.5 and i not in last_of_section]
    assert half_empty == [], f"pages more than half empty: {half_empty} ({[round(shares[i - 1], 2) for i in half_empty]})"
    assert all(s < 0.97 for s in shares), "a blank page"


def test_blank_share_measure_detects_an_empty_page(tmp_path):
    path = tmp_path / "two.pdf"
    write_pdf('<html><body><p>isi</p><p style="break-before: page">isi</p>'
              '<div style="height: 200mm; background: #000"></div></body></html>', path, b"t")
    doc = pdfium.PdfDocument(str(path))
    assert _blank_share(doc[0]) > 0.85 and _blank_share(doc[1]) < 0.3


def _ink_outside_margins(page, margin_mm: float = 14.0, tolerance_mm: float = 1.5) -> float:
    """Share of rows with ink in the left or right page margin (A4, 210 mm wide)."""
    img = np.asarray(page.render(scale=0.75).to_pil().convert("L"), dtype=float)
    px_per_mm = img.shape[1] / 210.0
    edge = int((margin_mm - tolerance_mm) * px_per_mm)
    outside = np.concatenate([img[:, :edge], img[:, img.shape[1] - edge:]], axis=1)
    return float((outside < 200).any(axis=1).mean())


def test_tables_stay_inside_the_margins(pdf):
    path, _ = pdf
    doc = pdfium.PdfDocument(str(path))
    spill = {i + 1: round(_ink_outside_margins(doc[i]), 3) for i in range(len(doc))}
    assert all(v == 0 for v in spill.values()), {k: v for k, v in spill.items() if v}


def test_margin_measure_detects_a_wide_table(tmp_path):
    path = tmp_path / "wide.pdf"
    write_pdf('<html><head><style>@page { size: A4; margin: 14mm; }</style></head><body>'
              '<table style="width: 260mm; background: #000"><tr><td>x</td></tr></table></body></html>', path, b"t")
    assert _ink_outside_margins(pdfium.PdfDocument(str(path))[0]) > 0
