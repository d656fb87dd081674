"""The Excel workbook, one per language: a README sheet, then the data behind every chart and table of the brief
(costs per year, scenarios, kab/kota ranking, province comparison, legal basis, assumptions, sources), a sheet each."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from sumsel_analysis.data.safe_io import quote_prefix_formulas
from sumsel_analysis.i18n import catalogue, t
from sumsel_analysis.numbers import BOUND_MARKS, format_date, format_month, format_number
from sumsel_analysis.report import summary
from sumsel_analysis.report.content import ReportContent
from sumsel_analysis.report.prose import _slug, numbers_in_text, prose, word
from sumsel_analysis.report.render import pubdate, readable_refs

FIXED_ZIP_TIME = (2020, 1, 1, 0, 0, 0)


SHEETS = ("key", "options", "costs", "scenarios", "recommendations", "kabkota_rank", "scores", "provinces", "legal",
          "denominators", "segments", "waterfall", "pace", "industry", "kabkota", "projection", "projection_data",
          "by_lever", "costs_all", "paths", "backtest", "loo", "claim_check", "contradictions", "assumptions", "sources")


def workbook_name(lang: str) -> str:
    """The workbook of one language (headers, sheet names and labels in that language)."""
    return f"sumsel_coverage_tables_{lang}.xlsx"


def key_numbers_sheet(content: ReportContent, lang: str, results: pd.DataFrame | None = None,
                      appendix: pd.DataFrame | None = None) -> pd.DataFrame:
    """The brief's key numbers from the results table: name in ``lang``, the value as the brief prints it,
    the number, its 80% interval, unit and what it comes from (raw rows or assumptions; as publisher and
    date, and parameter labels, in ``lang`` when the sources ``appendix`` is given)."""
    from sumsel_analysis.report.results import KEY_IDS, build_results, fmt

    R = build_results(content) if results is None else results
    rows = []
    for id_ in KEY_IDS:
        r = R[R["id"] == id_].iloc[0]
        digits = 2 if id_ == "coverage_pct" else None
        rows.append({"item": t(f"wb.result.{id_}", lang), "value": fmt(R, id_, lang, digits),
                     "number": float(r["value"]), "low": r["lo80"], "high": r["hi80"],
                     "basis": r["basis"] if appendix is None else basis_text(str(r["basis"]), appendix, lang)})
    return pd.DataFrame(rows)


def basis_text(basis: str, appendix: pd.DataFrame, lang: str) -> str:
    """A result's ``basis`` for a reader in ``lang``: other results by their names (``wb.result.<id>``), the
    computations it names by words (``wb.basis.<name>``), raw rows and parameters by publisher, date and label
    (``readable_refs``)."""
    cat = catalogue()

    def one(part: str) -> str:
        for key in (f"wb.result.{part}", f"wb.basis.{_slug(part)}"):
            if key in cat:
                return t(key, lang)
        return readable_refs(part, appendix, lang)

    return "; ".join(one(p) for p in basis.split("; "))


def sheets(content: ReportContent, appendix: pd.DataFrame, lang: str = "en",
           results: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """Sheet key → table with machine column names (headers and sheet names are translated on writing).
    ``results``: the results table the brief was formatted from (built from ``content`` when not given)."""
    from sumsel_analysis.report.results import build_results, frame_from_results

    results = build_results(content) if results is None else results
    # the Lampiran's tables: every number from the results rows the brief prints
    R = lambda prefix, df: frame_from_results(results, prefix, df)  # noqa: E731
    key = key_numbers_sheet(content, lang, results, appendix)
    scen = content.scenario_table.copy()
    scen.insert(0, "name", [summary.scenario_title(r, lang) for r in scen.itertuples()])
    scen["scenario_text"] = [summary.scenario_text(r, lang) for r in scen.itertuples()]  # in ``lang`` already
    scen = scen.drop(columns=["scenario", "name_id", "description_id", "description"])
    by_lever = pd.concat([r.by_lever.assign(scenario=s.title(lang)) for s, r in content.scenarios], ignore_index=True)
    costs = pd.concat([r.cost.assign(scenario=s.title(lang)) for s, r in content.scenarios], ignore_index=True)
    claims = R("claim", content.claim_check)
    claims["check"] = [summary.claim_label(x, lang) for x in claims["check"]]
    assumptions = R("assumption", content.assumptions)
    assumptions.insert(1, "item", [summary.param_label(n, lang) for n in assumptions["name"]])
    assumptions["unit"] = [t(f"unit.{u}", lang) for u in assumptions["unit_code"]]
    assumptions = assumptions.rename(columns={"name": "code"}).drop(columns=["unit_code"])
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
        "scores": R("score", content.scores),
        "provinces": R("province", content.provinces),
        "legal": content.legal,
        "denominators": R("denominator", content.denominators),
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
        "backtest": R("backtest", content.backtest),
        "loo": R("loo", content.loo).assign(region_name=[t(f"report.loo.place.{e}", lang) if f"report.loo.place.{e}" in catalogue()
                                               else r for e, r in zip(content.loo["episode_id"], content.loo["region_name"])],
                                  lever=[t(f"report.loo.lever.{x}", lang) for x in content.loo["lever"]],
                                  mechanism=["; ".join(t(f"mechanism.{m}", lang) for m in str(x).split(";"))
                                             for x in content.loo["mechanism"]],
                                  hit=[t("report.yes" if x else "report.no", lang) for x in content.loo["hit"]]),
        "claim_check": claims,
        "contradictions": R("contradiction", content.contradictions),
        "assumptions": assumptions,
        "sources": sources_sheet(appendix, lang),
    }


def sources_sheet(appendix: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The source of every figure; in Indonesian each figure is named in words (metric and month, parameter
    label, legal instrument) as in the brief, not by its English description."""
    out = appendix.copy()
    if lang == "id":
        cat = catalogue()

        def what(r) -> str:
            if r.kind == "observation":
                return f"{t('metric.' + r.metric, lang)} ({format_month(r.period, lang)})"
            if r.kind in ("assumption", "published", "derived"):
                return summary.param_label(r.id, lang)
            if r.kind == "episode" and f"report.loo.place.{r.id}" in cat:  # the place, as the brief names it
                return t(f"report.loo.place.{r.id}", lang)
            for key in (f"wb.legal.{r.id}", f"report.legal.{r.id}"):
                if key in cat:
                    return t(key, lang) if key.startswith("wb.") else f"{r.what}: {t(key, lang)}"
            return r.what

        out["what"] = [what(r) for r in out.itertuples()]
    # the grouping's helper columns (data file, row fields) stay out of the sheet
    return out.drop(columns=["metric", "period", "table", "segment", "geo_level", "lever", "topic", "title",
                             "source_id"], errors="ignore")


def readme(content: ReportContent, lang: str) -> pd.DataFrame:
    """The README sheet: what each sheet holds, where the figures come from, the data date."""
    rows = [{"sheet": t("wb.readme.title", lang), "holds": t("wb.readme.intro", lang, date=format_date(
        content.data_date, lang), version=content.version, seed=content.seed, draws=format_number(content.n_draws, lang))}]
    rows += [{"sheet": t(f"wb.sheet.{k}", lang), "holds": t(f"wb.about.{k}", lang)} for k in SHEETS]
    rows.append({"sheet": t("wb.readme.sources_h", lang), "holds": t("wb.readme.sources", lang)})
    if lang == "id":
        rows.append({"sheet": t("wb.readme.sources_h", lang), "holds": t("wb.readme.english_only", lang)})
    return pd.DataFrame(rows)


# categorical columns whose codes have catalogue labels: column → key prefix
_VALUE_KEYS = {"status": "report.status.", "base_basis": "report.basis.", "firm_basis": "report.firm_basis.",
               "evidence": "report.evidence.",
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


# The project's own prose (notes, explanations, descriptions), written in English in the data and the code; the
# Indonesian workbook shows it from the catalogue: by the row's id (i18n/notes.yaml note.obs.* and note.quality.*,
# report.legal.*, param.desc.*), else by the template of a generated text (note.tpl.*)
_PROSE = ("description", "explanation", "method", "note", "quality_reason")
# sheet → {prose column: (id column, catalogue key prefixes tried in order)}
_PROSE_IDS = {"legal": {"note": ("instrument_id", ("report.legal.",)), "instrument": ("instrument_id", ("wb.legal.",))},
              "kabkota": {"note": ("obs_id", ("note.obs.",))},
              "contradictions": {"description": ("obs_ids", ("note.quality.",))},
              "denominators": {"note": ("source", ("note.obs.",))}}
# columns of publisher names (the names stay as printed, the project's remarks on them such as 'citing …' are
# translated) and references to the research notes ('policy NOTES s.2')
_PUBLISHER_COLS = ("publisher", "fact_ref")
# identifiers (row codes, parameter codes, URLs): kept as they are in every language
_CODES = {"obs_id", "obs_ids", "id", "geo_code", "bps_code", "source", "total_source", "base_source",
          "protected_obs_id", "instrument_id", "episode_id", "fact_ref", "url", "code", "source_url", "source_id",
          "firm_obs_ids"}
_ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def param_description(name: str, lang: str) -> str | None:
    """A parameter's description in ``lang`` (``param.desc.<name>``, or its family's template), None without one."""
    cat = catalogue()
    if f"param.desc.{name}" in cat:
        return t(f"param.desc.{name}", lang)
    for fam, arg, prefix in (("formal_share", "industry", "industry."), ("mandate_paid_employee_share", "size", "size."),
                             ("mandate_uncovered_share", "size", "size.")):
        rest = name.removeprefix(fam + "_")
        if rest != name and prefix + rest in cat:
            label = t(prefix + rest, lang)
            return t(f"param.desc.family.{fam}", lang, **{arg: label[:1].lower() + label[1:]})
    return None


def prose_columns(df: pd.DataFrame, sheet: str, lang: str) -> pd.DataFrame:
    """Every prose column of one sheet (``_PROSE``, ``_PROSE_IDS``) and publisher remarks in ``lang``."""
    if lang == "en":
        return df
    df = df.copy()
    by_id = _PROSE_IDS.get(sheet, {})
    for col in set(_PROSE) | set(by_id):
        if col not in df:
            continue
        id_col, prefixes = by_id.get(col, (None, ()))
        ids = [tuple(str(v).split(", ")) if id_col else () for v in (df[id_col] if id_col else [None] * len(df))]
        df[col] = [prose(v, lang, i, prefixes) for v, i in zip(df[col], ids)]
    if sheet == "assumptions" and "description" in df:
        df["description"] = [param_description(n, lang) or v for n, v in zip(df["code"], df["description"])]
    for col in _PUBLISHER_COLS:
        if col in df:
            df[col] = [prose(v, lang) for v in df[col]]
    if "values" in df:  # 'figure (publisher (remark))': the publisher's name as printed, the remark translated
        df["values"] = [re.sub(r"(?<=\()([^()]*\([^()]*\))(?=\))", lambda m: prose(m.group(1), lang), v)
                        if isinstance(v, str) else v for v in df["values"]]
    return df


def _localise(df: pd.DataFrame, lang: str, appendix: pd.DataFrame) -> pd.DataFrame:
    """Every cell in ``lang``: yes/no for booleans, categorical values from the catalogue, dates as dates or
    date text, numbers inside texts in the language's format (the prose columns are ``prose_columns``'s)."""
    df = df.copy()
    for col in df.columns:
        if col in _PROSE and lang == "id":  # already in Indonesian (prose_columns)
            continue
        s = df[col]
        if col in _CODES and (s.dtype == object or pd.api.types.is_string_dtype(s)):  # codes stay, a parameter's code gets its name beside it
            df[col] = [named_codes(x, lang) if isinstance(x, str) else x for x in s]
            continue
        if col in _CODES or pd.api.types.is_datetime64_any_dtype(s) or pd.api.types.is_numeric_dtype(s) and not \
                pd.api.types.is_bool_dtype(s):
            continue
        if col in ("published_date", "date"):
            df[col] = [pubdate(x, lang) if isinstance(x, str) else x for x in s]
            continue
        if col == "values":
            df[col] = [numbers_in_text(x, lang) if isinstance(x, str) else x for x in s]
            continue

        def cell(x):
            if isinstance(x, (bool, np.bool_)):
                return t("report.yes" if x else "report.no", lang)
            if not isinstance(x, str) or not x:
                return x
            label = word(x, lang)
            if label is not None:
                return label
            try:
                return summary.claim_label(x, lang)  # 'gap to 51.0% on the stated base' and the like
            except (KeyError, ValueError):
                pass
            parts = x.split(", ")
            if len(parts) > 1 and all(word(p, lang) for p in parts):
                return ", ".join(word(p, lang) for p in parts)
            if re.fullmatch(r"\d{4}-\d{2}", x):  # a month ('2029-12', a scenario's target month)
                return format_month(x + "-01", lang)
            return _ISO.sub(lambda m: format_date(m.group(0), lang), x)

        df[col] = [cell(x) for x in s]
    return df


_PARAM_REF = re.compile(r"\b(parameter|assumption) ([a-z][a-z0-9]*(?:_[a-z0-9]+)+)\b")


def named_codes(text: str, lang: str) -> str:
    """A code cell with each parameter reference ('assumption tni_polri_personnel_sumsel') followed by the
    parameter's name in ``lang`` and, in Indonesian, 'asumsi' for 'assumption'; row codes stay as they are."""
    def one(m: re.Match) -> str:
        try:
            label = summary.param_label(m.group(2), lang)
        except KeyError:
            return m.group(0)
        kind = t("wb.value.assumption_prefix", lang) if m.group(1) == "assumption" else m.group(1)
        return f"{kind} {m.group(2)} ({label})"

    return _PARAM_REF.sub(one, text)


def _cell_format(v: object) -> str | None:
    """A number format for a numeric cell its column gives none: whole numbers with thousands separators,
    others with two decimals (three below 1); the display follows Excel's locale (1.234,56 in Indonesian)."""
    if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, float, np.integer, np.floating)):
        return None
    if float(v) == round(float(v)) or abs(float(v)) >= 100:
        return "#,##0"
    return "#,##0.00" if abs(float(v)) >= 1 else "0.000"


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
    if col.endswith("_year"):  # a calendar year, no thousands separator
        return "0"
    return None


# numeric columns whose value may be only a bound, and the column naming that bound (coverage.metrics.derived_bound)
BOUND_OF = {"coverage_pct": "bound", "base_persons": "base_bound", "gap_persons": "gap_bound",
            "subsidy_to_close_rupiah_per_year": "gap_bound", "required_pace_persons_per_month": "gap_bound"}


def bound_marks(df: pd.DataFrame) -> dict[str, list[str]]:
    """Column → the bound of each row ('' for a value) for the numeric columns of ``BOUND_OF`` present in ``df``."""
    return {col: ["" if not isinstance(b, str) else b for b in df[bcol]] for col, bcol in BOUND_OF.items()
            if col in df and bcol in df}


def bounded_format(number_format: str, bound: str) -> str:
    """An Excel number format showing the bound mark before the number ('"≥ "#,##0'); the cell stays a number."""
    mark = BOUND_MARKS.get(bound, "").strip()
    return f'"{mark} "{number_format}' if mark else number_format


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


def write_workbook(content: ReportContent, appendix: pd.DataFrame, path: Path, lang: str = "en",
                   results: pd.DataFrame | None = None) -> Path:
    """Write the workbook in ``lang``: a README sheet first, then one sheet per table with translated headers,
    number formats, sized columns and a frozen header row; deterministic bytes."""
    from openpyxl.styles import Alignment, Font

    buf = io.BytesIO()
    stamp = datetime.fromisoformat(content.data_date)
    tables = {"readme": readme(content, lang), **sheets(content, appendix, lang, results)}
    with pd.ExcelWriter(buf, engine="openpyxl") as xw:
        for key, df in tables.items():
            marks = bound_marks(df)
            df = _localise(_label_values(prose_columns(df, key, lang), lang), lang, appendix).copy()
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
                for row in range(2, len(df) + 2):
                    cell = ws.cell(row, i)
                    if is_date[i - 1] or isinstance(cell.value, (date, datetime)):
                        cell.number_format = "dd/mm/yyyy"
                    elif fmt and not isinstance(cell.value, str):
                        cell.number_format = fmt
                    elif isinstance(cell.value, (int, float)) and cell.number_format == "General":
                        cell.number_format = _cell_format(cell.value) or "General"
                    if raw in marks and marks[raw][row - 2] and isinstance(cell.value, (int, float)):
                        cell.number_format = bounded_format(cell.number_format, marks[raw][row - 2])
            if key == "readme":
                for row in ws.iter_rows(min_row=2):
                    for cell in row:
                        cell.alignment = Alignment(wrap_text=True, vertical="top")
        xw.book.properties.created = stamp
        xw.book.properties.modified = stamp
        xw.book.properties.creator = "sumsel_analysis"
    path.write_bytes(_deterministic_zip(buf.getvalue(), f"{content.data_date}T00:00:00Z"))
    return path
