"""The PDF renders on this machine: a short main body, the appendix after a clear break, no half-empty pages."""

import re
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
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
