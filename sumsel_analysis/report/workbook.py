"""The Excel workbook, one per language: a README sheet, then the data behind every chart and table of the brief
(costs per year, scenarios, kab/kota ranking, province comparison, legal basis, assumptions, sources), a sheet each."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

from sumsel_analysis.data.safe_io import quote_prefix_formulas
from sumsel_analysis.i18n import catalogue, t
from sumsel_analysis.numbers import format_date, format_number
from sumsel_analysis.report import summary
from sumsel_analysis.report.content import ReportContent

FIXED_ZIP_TIME = (2020, 1, 1, 0, 0, 0)


SHEETS = ("key", "options", "costs", "scenarios", "recommendations", "kabkota_rank", "scores", "provinces", "legal",
          "denominators", "segments", "waterfall", "pace", "industry", "kabkota", "projection", "projection_data",
          "by_lever", "costs_all", "paths", "backtest", "loo", "claim_check", "contradictions", "assumptions", "sources")


def key_numbers_sheet(content: ReportContent, lang: str, results: pd.DataFrame | None = None) -> pd.DataFrame:
    """The brief's key numbers from the results table: name in ``lang``, the value as the brief prints it,
    the number, its 80% interval, unit and what it comes from (raw rows or assumptions)."""
    from sumsel_analysis.report.results import KEY_IDS, build_results, fmt

    R = build_results(content) if results is None else results
    rows = []
    for id_ in KEY_IDS:
        r = R[R["id"] == id_].iloc[0]
        digits = 2 if id_ == "coverage_pct" else None
        rows.append({"item": t(f"wb.result.{id_}", lang), "value": fmt(R, id_, lang, digits),
                     "number": float(r["value"]), "low": r["lo80"], "high": r["hi80"], "basis": r["basis"]})
    return pd.DataFrame(rows)


def sheets(content: ReportContent, appendix: pd.DataFrame, lang: str = "en") -> dict[str, pd.DataFrame]:
    """Sheet key → table with machine column names (headers and sheet names are translated on writing)."""
    from sumsel_analysis.report.results import build_results

    results = build_results(content)
    key = key_numbers_sheet(content, lang, results)
    scen = content.scenario_table.copy()
    scen.insert(0, "name", [summary.scenario_title(r, lang) for r in scen.itertuples()])
    scen["description"] = [summary.scenario_text(r, lang) for r in scen.itertuples()]
    scen = scen.drop(columns=["scenario", "name_id", "description_id"])
    by_lever = pd.concat([r.by_lever.assign(scenario=s.title(lang)) for s, r in content.scenarios], ignore_index=True)
    costs = pd.concat([r.cost.assign(scenario=s.title(lang)) for s, r in content.scenarios], ignore_index=True)
    claims = content.claim_check.copy()
    claims["check"] = [summary.claim_label(x, lang) for x in claims["check"]]
    assumptions = content.assumptions.copy()
    assumptions.insert(1, "item", [summary.param_label(n, lang) for n in assumptions["name"]])
    assumptions["unit"] = [t(f"unit.{u}", lang) for u in assumptions["unit_code"]]
    return {
        "key": key,
        "scenarios": scen,
        "recommendations": pd.DataFrame(summary.calendar_actions(content, results, lang))[["owner", "action", "date"]],
        "options": content.options.assign(
            name=[summary.option_title(r, lang) for r in content.options.itertuples()],
            levers=[", ".join(t(f"policy.lever.{k}", lang) for k in v.split(", ")) for v in content.options["levers"]],
        )[["name", "levers", "grades", "added_persons", "added_lo80",
                                                             "added_hi80", "coverage_pct", "apbd_rupiah", "apbd_lo80",
                                                             "apbd_hi80", "employer_rupiah", "apbd_per_added_rupiah"]],
        "costs": content.cost_lines,
        "kabkota_rank": content.kabkota_gap,
        "scores": content.scores,
        "provinces": content.provinces,
        "legal": content.legal,
        "denominators": content.denominators,
        "segments": content.segments,
        "waterfall": content.waterfall,
        "pace": content.pace,
        "industry": content.industry.drop(columns=[c for c in content.industry if c.startswith("formal_share")]),
        "kabkota": content.kabkota,
        "projection": content.projection,
        "projection_data": content.series,
        "by_lever": by_lever,
        "costs_all": costs,
        "paths": content.scenarios[-1][1].paths,
        "backtest": content.backtest,
        "loo": content.loo.assign(lever=[t(f"report.loo.lever.{x}", lang) for x in content.loo["lever"]],
                                  mechanism=["; ".join(t(f"mechanism.{m}", lang) for m in str(x).split(";"))
                                             for x in content.loo["mechanism"]],
                                  hit=[t("report.yes" if x else "report.no", lang) for x in content.loo["hit"]]),
        "claim_check": claims,
        "contradictions": content.contradictions,
        "assumptions": assumptions,
        "sources": appendix.drop(columns=["metric", "period"], errors="ignore"),
    }


def readme(content: ReportContent, lang: str) -> pd.DataFrame:
    """The README sheet: what each sheet holds, where the figures come from, the data date."""
    rows = [{"sheet": t("wb.readme.title", lang), "holds": t("wb.readme.intro", lang, date=format_date(
        content.data_date, lang), version=content.version, seed=content.seed, draws=format_number(content.n_draws, lang))}]
    rows += [{"sheet": t(f"wb.sheet.{k}", lang), "holds": t(f"wb.about.{k}", lang)} for k in SHEETS]
    rows.append({"sheet": t("wb.readme.sources_h", lang), "holds": t("wb.readme.sources", lang)})
    return pd.DataFrame(rows)


# categorical columns whose codes have catalogue labels: column → key prefix
_VALUE_KEYS = {"status": "report.status.", "base_basis": "report.basis.", "evidence": "report.evidence.",
               "lever": "policy.lever.", "segment": "segment.", "industry": "industry.",
               "denominator": "report.denominator.", "quality": "report.quality.", "verification": "report.verification.", "model": "report.model."}


def _label_values(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Codes in categorical columns (status, evidence, lever …) as words in ``lang``; flags one by one."""
    cat = catalogue()
    df = df.copy()
    for col, prefix in _VALUE_KEYS.items():
        if col in df and (df[col].dtype == object or pd.api.types.is_string_dtype(df[col])):
            df[col] = [t(prefix + v, lang) if isinstance(v, str) and prefix + v in cat else v for v in df[col]]
    if "flags" in df:
        df["flags"] = ["; ".join(t(f"report.flag.{f}", lang) for f in str(v).split(", ") if f) for v in df["flags"]]
    return df


def _number_format(col: str) -> str | None:
    """Excel number format from the column name's unit suffix (the display follows Excel's locale)."""
    if col.endswith(("_pct", "pct_central", "pct_low", "pct_high")) or col in ("coverage_lo80", "coverage_hi80", "MAE_pp", "MASE",
                                                                                      "mae_province_pp", "crps_all"):
        return "0.00"
    if "rupiah" in col or col.endswith(("_persons", "persons_central", "persons_low", "persons_high")) or col in (
            "persons", "gap_persons", "worker_years", "subsidised_worker_years", "added_lo80", "added_hi80"):
        return "#,##0"
    if col.startswith(("prob_", "score_", "coverage80")) or col.startswith("predicted_") or col == "observed":
        return "0.00"
    return None


def _deterministic_zip(raw: bytes, stamp: str) -> bytes:
    """Rewrite the xlsx zip with fixed member times and the data date as 'modified' (openpyxl stamps now)."""
    src = zipfile.ZipFile(io.BytesIO(raw))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in sorted(src.infolist(), key=lambda i: i.filename):
            zi = zipfile.ZipInfo(info.filename, FIXED_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(<)", rb"\g<1>" + stamp.encode() + rb"\g<2>", data)
            dst.writestr(zi, data)
    return out.getvalue()


def write_workbook(content: ReportContent, appendix: pd.DataFrame, path: Path, lang: str = "en") -> Path:
    """Write the workbook in ``lang``: a README sheet first, then one sheet per table with translated headers,
    number formats, sized columns and a frozen header row; deterministic bytes."""
    from openpyxl.styles import Alignment, Font

    buf = io.BytesIO()
    stamp = datetime.fromisoformat(content.data_date)
    tables = {"readme": readme(content, lang), **sheets(content, appendix, lang)}
    with pd.ExcelWriter(buf, engine="openpyxl") as xw:
        for key, df in tables.items():
            df = _label_values(df, lang).copy()
            raw_cols = [str(c) for c in df.columns]
            is_date = [pd.api.types.is_datetime64_any_dtype(df[c]) for c in df.columns]
            for col in df.columns:
                if pd.api.types.is_datetime64_any_dtype(df[col]):
                    df[col] = df[col].dt.date
            df.columns = [t(f"wb.col.{c}", lang) for c in raw_cols]
            name = t(f"wb.sheet.{key}", lang)[:31]
            df.to_excel(xw, sheet_name=name, index=False)
            ws = xw.sheets[name]
            quote_prefix_formulas(ws)  # text starting with = + - @ tab CR stays text, shown as typed
            ws.freeze_panes = "A2"
            for i, raw in enumerate(raw_cols, start=1):
                letter = ws.cell(1, i).column_letter
                ws.cell(1, i).font = Font(bold=True)
                ws.cell(1, i).alignment = Alignment(wrap_text=True, vertical="top")
                values = [len(str(v)) for v in df.iloc[:, i - 1].head(200)]
                width = max([len(str(df.columns[i - 1])) * 0.8] + values + [10])
                ws.column_dimensions[letter].width = min(70 if key == "readme" else 45, width + 2)
                fmt = _number_format(raw)
                if fmt or is_date[i - 1]:
                    for row in range(2, len(df) + 2):
                        ws.cell(row, i).number_format = fmt or "mmm yyyy"
            if key == "readme":
                for row in ws.iter_rows(min_row=2):
                    for cell in row:
                        cell.alignment = Alignment(wrap_text=True, vertical="top")
        xw.book.properties.created = stamp
        xw.book.properties.modified = stamp
        xw.book.properties.creator = "sumsel_analysis"
    path.write_bytes(_deterministic_zip(buf.getvalue(), f"{content.data_date}T00:00:00Z"))
    return path
