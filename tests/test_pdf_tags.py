"""The briefs' PDFs are tagged (a StructTreeRoot, read by screen readers) and stay byte-deterministic."""

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw

from sumsel_analysis.report.render import write_pdf

HTML = """<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>Uji</title>
<meta name="dcterms.created" content="2025-12-04"></head><body><h1>Judul</h1><p>Paragraf dengan teks.</p>
<table><thead><tr><th>Kolom</th></tr></thead><tr><td>1.035.000</td></tr></table></body></html>"""


def test_pdf_is_tagged_and_deterministic(tmp_path):
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    assert write_pdf(HTML, a, b"0" * 32) == 1
    write_pdf(HTML, b, b"0" * 32)
    assert a.read_bytes() == b.read_bytes()
    doc = pdfium.PdfDocument(a.read_bytes())
    assert pdfium_raw.FPDFCatalog_IsTagged(doc.raw) == 1
    doc.close()
