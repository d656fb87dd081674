"""The PDF renders on this machine: page count as laid out, and no blank pages."""

from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest

from sumsel_analysis.report import appendix_for, build_content, render_html
from sumsel_analysis.report.content import figures
from sumsel_analysis.report.render import write_pdf

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def pdf(tmp_path_factory):
    c = build_content([ROOT / "scenarios" / "combined_mandate_subsidy_csr.yaml"], n_draws=50)
    html = render_html(c, figures(c, "id"), appendix_for(c), "id")
    path = tmp_path_factory.mktemp("pdf") / "brief_id.pdf"
    pages = write_pdf(html, path, b"test")
    return path, pages, html.count('class="section"')


def test_page_count(pdf):
    path, pages, sections = pdf
    doc = pdfium.PdfDocument(str(path))
    assert len(doc) == pages  # the file has the pages the layout produced
    assert pages >= sections + 1  # each section starts on a new page after the key-numbers page


def test_pages_are_not_blank(pdf):
    path, _, _ = pdf
    doc = pdfium.PdfDocument(str(path))
    for i in range(len(doc)):
        img = np.asarray(doc[i].render(scale=0.5).to_pil().convert("L"), dtype=float)
        ink = (img < 200).mean()
        assert ink > 0.003, f"page {i + 1} looks blank ({ink:.4f} of pixels inked)"
    first = np.asarray(doc[0].render(scale=0.5).to_pil().convert("L"), dtype=float)
    assert (first < 200).mean() > 0.02  # the first page carries the title and key numbers
