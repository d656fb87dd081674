"""The Excel workbook: the data behind every chart, scenario results, assumptions and sources, a sheet each."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

import pandas as pd

from sumsel_analysis.data.safe_io import neutralise_frame
from sumsel_analysis.report.content import ReportContent

FIXED_ZIP_TIME = (2020, 1, 1, 0, 0, 0)


def sheets(content: ReportContent, appendix: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Sheet name → table with readable headers (units in the header)."""
    key = pd.DataFrame([{"item": k, "value": v if not isinstance(v, pd.Timestamp) else v.date()}
                        for k, v in content.key.items() if k != "sources"]
                       + [{"item": f"source of {k}", "value": v} for k, v in content.key["sources"].items()]
                       + [{"item": "probability of reaching the target by the target date (trend only)",
                           "value": content.prob_reach}])
    scen = content.scenario_table.drop(columns=["description"]).rename(columns={
        "added_persons": "workers added at target date (median)", "added_lo80": "workers added, 80% low",
        "added_hi80": "workers added, 80% high", "coverage_pct": "coverage at target date (%)",
        "budget_rupiah": "regional budget cost (Rp)", "csr_rupiah": "CSR premiums paid by firms (Rp)",
        "cost_per_worker_year": "budget cost per added worker-year (Rp)", "ttt_month": "month target reached",
        "prob_reach": "probability of reaching target"})
    by_lever = pd.concat([r.by_lever.assign(scenario=s.name) for s, r in content.scenarios], ignore_index=True)
    costs = pd.concat([r.cost.assign(scenario=s.name) for s, r in content.scenarios], ignore_index=True)
    paths = content.scenarios[-1][1].paths
    return {
        "Key numbers": key,
        "Denominators": content.denominators,
        "Segments": content.segments,
        "Waterfall": content.waterfall,
        "Pace to target": content.pace,
        "Industry (estimated)": content.industry.drop(columns=[c for c in content.industry if c.startswith("formal_share")]),
        "Kab-kota": content.kabkota,
        "Paritrana-style score": content.scores,
        "Projection": content.projection,
        "Projection data": content.series,
        "Scenarios": scen,
        "Workers by lever": by_lever,
        "Costs by year": costs,
        "Scenario path (main)": paths,
        "Dec 2025 claim check": content.claim_check,
        "Contradictions": content.contradictions,
        "Assumptions": content.assumptions,
        "Sources": appendix,
    }


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


def write_workbook(content: ReportContent, appendix: pd.DataFrame, path: Path) -> Path:
    """Write the workbook (one sheet per table, header row frozen, columns sized), deterministically."""
    buf = io.BytesIO()
    stamp = datetime.fromisoformat(content.data_date)
    with pd.ExcelWriter(buf, engine="openpyxl") as xw:
        for name, df in sheets(content, appendix).items():
            df = neutralise_frame(df)  # text cells starting with = + - @ tab CR stay text
            for col in df.columns:
                if pd.api.types.is_datetime64_any_dtype(df[col]):
                    df[col] = df[col].dt.date
            df.to_excel(xw, sheet_name=name[:31], index=False)
            ws = xw.sheets[name[:31]]
            ws.freeze_panes = "A2"
            for i, col in enumerate(df.columns, start=1):
                width = min(60, max(10, len(str(col)) + 2))
                ws.column_dimensions[ws.cell(1, i).column_letter].width = width
        xw.book.properties.created = stamp
        xw.book.properties.modified = stamp
        xw.book.properties.creator = "sumsel_analysis"
    path.write_bytes(_deterministic_zip(buf.getvalue(), f"{content.data_date}T00:00:00Z"))
    return path
