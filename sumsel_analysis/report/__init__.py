"""Stage 5 — report: what a policymaker reads without Python.

Owns the report content computed once from the earlier stages (``content``), the brief's words assembled
from it — executive summary, recommendations with owners and dates, labels (``summary``), the bilingual HTML and
PDF rendering (``render``, templates in ``templates/``), the Excel workbook (``workbook``), writing
the whole set (``publish``) and the ``report`` command (``cli``).

May import: ``data``, ``coverage``, ``trends``, ``policy`` and the shared helpers.
"""

import importlib

_PUBLIC = {"build_reports": "publish", "build_content": "content", "render_html": "render",
           "external_references": "render", "ReportContent": "content", "appendix_for": "publish"}
__all__ = list(_PUBLIC)


def __getattr__(name: str):
    """The public names, imported on first use: the ``report`` command checks its options (and refuses bad
    ones) before the charting, PDF and trend libraries load, which takes seconds."""
    if name in _PUBLIC:
        return getattr(importlib.import_module(f"sumsel_analysis.report.{_PUBLIC[name]}"), name)
    raise AttributeError(f"module 'sumsel_analysis.report' has no attribute {name!r}")
