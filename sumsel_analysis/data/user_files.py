"""The lenient door: a user's own coverage export (CSV or Excel) mapped onto the coverage schema.

Headers may be Indonesian or English; values may be Indonesian number text such as ``1.035.000``,
``32,82%`` or ``1,3 juta``. Whatever cannot be read raises ``DataValidationError`` naming the file,
line and column.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd

from sumsel_analysis.data.loaders import _DATE, _MONTH, DataValidationError, _read_text, _validate, load_regions
from sumsel_analysis.numbers import MONTHS, NumberTextError, parse_number

# --- user-supplied coverage exports -------------------------------------------------------------

USER_HEADER_ALIASES = {
    "period": ("period", "periode", "tanggal", "bulan", "date", "as_of"),
    "geo_code": ("geo_code", "kode_bps", "kode_wilayah", "bps_code", "kode"),
    "geo_name": ("geo_name", "wilayah", "nama_wilayah", "kabupaten_kota", "geo"),
    "segment": ("segment", "segmen", "kategori_peserta"),
    "metric": ("metric", "metrik", "indikator"),
    "value": ("value", "nilai", "jumlah"),
    "unit": ("unit", "satuan"),
    "publisher": ("publisher", "sumber", "source"),
    "note": ("note", "catatan", "keterangan"),
}
_SEGMENT_ALIASES = {"pu": "PU", "ppu": "PU", "penerima upah": "PU", "bpu": "BPU", "pbpu": "BPU",
                    "bukan penerima upah": "BPU", "jakon": "JAKON", "jasa konstruksi": "JAKON",
                    "pmi": "PMI", "non_asn": "NON_ASN", "non asn": "NON_ASN", "total": "total",
                    "semua": "total", "jumlah": "total", "lainnya": "OTHER", "other": "OTHER"}
_METRIC_ALIASES = {"peserta_aktif": "active_participants", "peserta aktif": "active_participants",
                   "cakupan": "coverage_pct", "cakupan_pct": "coverage_pct", "potensi": "potential_workers",
                   "pekerja_potensial": "potential_workers", "target": "target_pct",
                   "peserta_terdaftar": "registered_participants"}
_ID_MONTHS = {m.lower(): i + 1 for lang in MONTHS for i, m in enumerate(MONTHS[lang])}
_ID_MONTHS.update({m.lower()[:3]: i + 1 for lang in MONTHS for i, m in enumerate(MONTHS[lang])})
_ID_MONTHS.update({"agu": 8, "agt": 8, "okt": 10, "des": 12, "peb": 2, "nop": 11})


def _user_period(v: object) -> pd.Timestamp:
    if isinstance(v, (pd.Timestamp,)) or hasattr(v, "year"):
        return pd.Timestamp(v)
    s = str(v).strip()
    if _DATE.match(s):
        return pd.Timestamp(s)
    if _MONTH.match(s):
        return pd.Timestamp(s + "-01")
    m = re.match(r"^(\d{1,2}\s+)?([A-Za-z]+)\s+(\d{4})$", s)
    if m and m.group(2).lower() in _ID_MONTHS:
        return pd.Timestamp(int(m.group(3)), _ID_MONTHS[m.group(2).lower()], int(m.group(1) or 1))
    raise ValueError("a date (YYYY-MM-DD, YYYY-MM or 'Desember 2025')")


def load_user_coverage(path: Path | str, raw_dir: Path | str | None = None) -> pd.DataFrame:
    """Map a user's own coverage export (CSV/XLSX) onto the coverage schema.

    Required columns (English or Indonesian header): period/periode, geo_code/kode_bps (or
    geo_name/wilayah matching a kab/kota or 'Sumatera Selatan'), segment/segmen, metric/metrik,
    value/nilai. Optional: unit/satuan (inferred from '%' in the value when absent), publisher/sumber,
    note/catatan. Values may be Indonesian text ('1.035.000', '32,82%', '1,3 juta').
    """
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        if not path.exists() or path.stat().st_size == 0:
            raise DataValidationError(path, [(None, None, "a non-empty Excel file", "missing or empty")])
        df = pd.read_excel(path, dtype=object)
    elif path.suffix.lower() == ".csv":
        text = _read_text(path)
        sep = ";" if text.splitlines()[0].count(";") > text.splitlines()[0].count(",") else ","
        df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, sep=sep)
    else:
        raise DataValidationError(path, [(None, None, "a .csv or .xlsx file", path.suffix)])
    df.columns = [str(c).strip().lower().replace(" ", "_") for c in df.columns]
    rename = {}
    for target, aliases in USER_HEADER_ALIASES.items():
        hits = [c for c in df.columns if c in aliases]
        if len(hits) > 1:
            raise DataValidationError(path, [(1, ", ".join(hits), f"one column for {target}", "several")])
        if hits:
            rename[hits[0]] = target
    unknown = [c for c in df.columns if c not in rename]
    if unknown:
        raise DataValidationError(path, [(1, ", ".join(unknown), f"known headers {list(USER_HEADER_ALIASES)}",
                                          "unrecognised column(s)")])
    df = df.rename(columns=rename)
    need = [c for c in ("period", "segment", "metric", "value") if c not in df.columns]
    if "geo_code" not in df.columns and "geo_name" not in df.columns:
        need.append("geo_code or geo_name")
    if need:
        raise DataValidationError(path, [(1, ", ".join(need), "these columns", "missing")])
    if df.empty:
        raise DataValidationError(path, [(2, None, "at least one data row", "only a header")])

    regions = load_regions(raw_dir)
    names = {n.lower(): c for n, c in zip(regions["name"], regions["bps_code"])}
    names.update({n.lower(): c for n, c in zip(regions["name_full"], regions["bps_code"])})
    names.update({"sumatera selatan": "16", "sumsel": "16", "indonesia": "ID"})
    full = {c: n for n, c in zip(regions["name_full"], regions["bps_code"])} | {"16": "Sumatera Selatan",
                                                                               "ID": "Indonesia"}
    problems = []
    rows = []
    for i, r in enumerate(df.to_dict("records")):
        line = i + 2
        try:
            period = _user_period(r["period"])
        except ValueError as e:
            problems.append((line, "period", str(e), r["period"]))
            continue
        code = str(r.get("geo_code", "") or "").strip()
        if not code:
            code = names.get(str(r.get("geo_name", "")).strip().lower(), "")
        if code not in full:
            problems.append((line, "geo_code", "a Sumsel BPS code (16, 1601…1674) or a known name",
                             r.get("geo_code") or r.get("geo_name")))
            continue
        seg = _SEGMENT_ALIASES.get(str(r["segment"]).strip().lower(), str(r["segment"]).strip())
        metric = _METRIC_ALIASES.get(str(r["metric"]).strip().lower(), str(r["metric"]).strip())
        try:
            num = parse_number(r["value"])
        except NumberTextError as e:
            problems.append((line, "value", "a number (Indonesian text allowed)", f"{r['value']} ({e})"))
            continue
        unit = str(r.get("unit", "") or "").strip() or (num.unit or ("percent" if metric.endswith("_pct") else "persons"))
        if num.unit == "percent" and unit != "percent":
            problems.append((line, "unit", "'percent' for a value written with %", unit))
            continue
        rows.append({
            "obs_id": f"U{i + 1:04d}", "period": period, "geo_code": code, "geo_name": full[code],
            "geo_level": "province" if code == "16" else "national" if code == "ID" else "kabkota",
            "segment": seg, "metric": metric, "value": num.value, "unit": unit, "source_id": "S0000",
            "source_url": "", "publisher": str(r.get("publisher", "") or f"User file {path.name}"),
            "published_date": "", "note": str(r.get("note", "") or ""),
        })
    if problems:
        raise DataValidationError(path, problems)
    out = pd.DataFrame(rows)
    out["period"] = out["period"].astype("datetime64[ns]")
    for c in ("obs_id", "geo_code", "geo_name", "geo_level", "segment", "metric", "unit", "source_id",
              "source_url", "publisher", "published_date", "note"):
        out[c] = out[c].astype(str)
    return _validate(out, "coverage_observations", path)
