"""Stage 5 — report: what a policymaker reads without Python.

Owns the report content computed once from the earlier stages (``content``), the brief's words assembled
from it — executive summary, recommendations with owners and dates, labels (``summary``), the bilingual HTML and
PDF rendering (``render``, templates in ``templates/``), the Excel workbook (``workbook``), writing
the whole set (``publish``) and the ``report`` command (``cli``).

May import: ``data``, ``coverage``, ``trends``, ``policy`` and the shared helpers.
"""

from sumsel_analysis.report.content import ReportContent, build_content
from sumsel_analysis.report.publish import appendix_for, build_reports
from sumsel_analysis.report.render import external_references, render_html

__all__ = ["build_reports", "build_content", "render_html", "external_references", "ReportContent", "appendix_for"]
