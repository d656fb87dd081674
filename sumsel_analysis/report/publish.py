"""Reports a policymaker reads without Python: bilingual HTML and PDF briefs and an Excel workbook.

``build_reports(scenarios, langs, out_dir)`` computes the content once, then writes for each language
``brief_<lang>.html`` (self-contained) and ``brief_<lang>.pdf``, plus ``sumsel_coverage_tables_<lang>.xlsx``.
Outputs are deterministic: no timestamps or random ids beyond the data date, package version and seed.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from sumsel_analysis.data import loaders
from sumsel_analysis.numbers import LANGS
from sumsel_analysis.report.content import ReportContent, build_content, figures
from sumsel_analysis.report.render import external_references, render_html, write_pdf
from sumsel_analysis.report.workbook import write_workbook

__all__ = ["build_reports", "build_content", "render_html", "external_references", "ReportContent"]


def _atomic(path: Path, write) -> Path:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(Path(tmp))
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


def appendix_for(content: ReportContent):
    return content.sources_appendix(loaders.load_sources(), loaders.load_processed("coverage_observations"),
                                    loaders.load_processed("labour_observations"), loaders.load_parameters(),
                                    loaders.load_national())


def build_reports(scenario_paths: list[Path], langs: list[str], out_dir: Path, n_draws: int = 2000,
                  seed: int = 20251204) -> list[Path]:
    """Write the briefs (HTML + PDF per language) and the workbook; return the written paths."""
    bad = [lang for lang in langs if lang not in LANGS]
    if bad:
        raise ValueError(f"unknown language(s) {bad}; use {LANGS}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    content = build_content([Path(p) for p in scenario_paths], n_draws=n_draws, seed=seed)
    appendix = appendix_for(content)
    written = []
    for lang in langs:
        html = render_html(content, figures(content, lang), appendix, lang)
        refs = external_references(html)
        if refs:
            raise RuntimeError(f"brief_{lang}.html would load external resources: {refs[:5]}")
        written.append(_atomic(out_dir / f"brief_{lang}.html", lambda p, h=html: p.write_text(h, encoding="utf-8")))
        ident = hashlib.sha256(f"sumsel-{lang}-{content.data_date}-{content.version}".encode()).hexdigest()[:32].encode()
        written.append(_atomic(out_dir / f"brief_{lang}.pdf", lambda p, h=html, i=ident: write_pdf(h, p, i)))
    for lang in langs:
        written.append(_atomic(out_dir / f"sumsel_coverage_tables_{lang}.xlsx",
                               lambda p, lg=lang: write_workbook(content, appendix, p, lg)))
    return written
