"""Reports a policymaker reads without Python: bilingual HTML and PDF briefs and an Excel workbook.

``build_reports(scenarios, langs, out_dir)`` computes the content once, then writes for each language
``brief_<lang>.html`` (self-contained) and ``brief_<lang>.pdf``, plus ``sumsel_coverage_tables_<lang>.xlsx``.
Outputs are deterministic: no timestamps or random ids beyond the data date, package version and seed.
The briefs and the workbook are one set: written into a staging folder and swapped into ``out_dir`` with
one rename (``data.safe_io``), so an interruption leaves the complete old set or the complete new set.
Other files in ``out_dir`` (``notebooks/``, ``.gitkeep``) are kept; briefs of a language not written this
time are removed with the old set, so the folder never mixes runs. The folder is checked before any work.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from sumsel_analysis.data import loaders
from sumsel_analysis.data.safe_io import check_writable_folder, staged_folder
from sumsel_analysis.numbers import LANGS
from sumsel_analysis.report.content import ReportContent, build_content, figures
from sumsel_analysis.report.render import external_references, render_html, write_pdf
from sumsel_analysis.report.results import build_results
from sumsel_analysis.report.workbook import workbook_name, write_workbook

__all__ = ["build_reports", "write_report_set", "build_content", "render_html", "external_references", "ReportContent"]


_OWNED = re.compile(r"^(brief_[a-z]{2}\.(html|pdf)|sumsel_coverage_tables(_[a-z]{2})?\.xlsx)$")



def _owned(name: str) -> bool:
    """Entries of the reports folder that belong to the set of briefs and workbooks (older single-workbook
    sets included, so they leave with the old set)."""
    return bool(_OWNED.match(name))


def appendix_for(content: ReportContent):
    return content.sources_appendix(loaders.load_sources(), loaders.load_processed("coverage_observations"),
                                    loaders.load_processed("labour_observations"), loaders.load_parameters(),
                                    loaders.load_national(), loaders.load_episodes())


def build_reports(scenario_paths: list[Path], langs: list[str], out_dir: Path, n_draws: int = 2000,
                  seed: int = 20251204, issued: str | None = None) -> list[Path]:
    """Write the briefs (HTML + PDF per language) and the workbook; return the written paths.
    ``issued``: the issue date (default SOURCE_DATE_EPOCH, else today)."""
    bad = [lang for lang in langs if lang not in LANGS]
    if bad:
        raise ValueError(f"unknown language(s) {bad}; use {LANGS}")
    out_dir = check_writable_folder(out_dir)  # before the computation, not after it
    content = build_content([Path(p) for p in scenario_paths], n_draws=n_draws, seed=seed, issued=issued)
    return write_report_set(content, appendix_for(content), langs, out_dir)


def write_report_set(content: ReportContent, appendix, langs: list[str], out_dir: Path,
                     figs: dict | None = None) -> list[Path]:
    """Render and write the set (brief_<lang>.html/.pdf per language, the workbook) set-atomically.

    ``figs`` maps language → that language's figures when already drawn (else they are drawn here).
    """
    out_dir = Path(out_dir)
    names = []
    results = build_results(content)  # computed once: every brief and workbook of the set formats this table
    with staged_folder(out_dir, owns=_owned) as stage:
        for lang in langs:
            html = render_html(content, (figs or {}).get(lang) or figures(content, lang), appendix, lang, results)
            refs = external_references(html)
            if refs:
                raise RuntimeError(f"brief_{lang}.html would load external resources: {refs[:5]}")
            (stage / f"brief_{lang}.html").write_text(html, encoding="utf-8")
            ident = hashlib.sha256(f"sumsel-{lang}-{content.data_date}-{content.version}".encode()).hexdigest()[:32].encode()
            write_pdf(html, stage / f"brief_{lang}.pdf", ident)
            names += [f"brief_{lang}.html", f"brief_{lang}.pdf"]
        for lang in langs:
            write_workbook(content, appendix, stage / workbook_name(lang), lang, results)
            names.append(workbook_name(lang))
    return [out_dir / n for n in names]
