"""Build data/raw/ from the shared fact base (../shared/facts), once.

This script documents how the project's raw tables were made. It is NOT part of the pipeline:
``data/raw/`` is committed and read-only; the pipeline (``python -m sumsel_analysis build``)
only reads it. Re-running this script against the same facts reproduces the same files.

What it does, and nothing more:
- renames columns to the project's vocabulary (``geo_code``, ``geo_level`` = national / region /
  province / kabkota), maps every geography to a BPS code (or a documented pseudo-code);
- gives every row a stable id (``C0001`` … in the order of the source file);
- keeps the source columns (``source_url``, ``publisher``, ``published_date``) on every row and
  collects one row per distinct source into ``sources.csv``;
- maps the parameters' free-text units to a small unit vocabulary (``unit_code``) and marks
  each parameter as published / derived / assumption from its publisher;
- copies the boundaries GeoJSON byte for byte.
Values are never changed.

Usage: python tools/make_raw.py [path/to/shared/facts]
"""

from __future__ import annotations

import csv
import hashlib
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
ACCESS_DATE = "2026-11-24"

# BPS codes of the 17 kab/kota (facts/labour/NOTES.md section 5; facts/geo/NOTES.md).
REGIONS = [
    # bps, kemendagri, kind, short name, full name as in the facts, abbreviation, HDX area km2
    ("1601", "16.01", "kabupaten", "Ogan Komering Ulu", "Kabupaten Ogan Komering Ulu", "OKU", 3867),
    ("1602", "16.02", "kabupaten", "Ogan Komering Ilir", "Kabupaten Ogan Komering Ilir", "OKI", 17944),
    ("1603", "16.03", "kabupaten", "Muara Enim", "Kabupaten Muara Enim", "Muara Enim", 6751),
    ("1604", "16.04", "kabupaten", "Lahat", "Kabupaten Lahat", "Lahat", 4233),
    ("1605", "16.05", "kabupaten", "Musi Rawas", "Kabupaten Musi Rawas", "Mura", 6320),
    ("1606", "16.06", "kabupaten", "Musi Banyuasin", "Kabupaten Musi Banyuasin", "Muba", 14756),
    ("1607", "16.07", "kabupaten", "Banyuasin", "Kabupaten Banyuasin", "Banyuasin", 11104),
    ("1608", "16.09", "kabupaten", "Ogan Komering Ulu Selatan", "Kabupaten Ogan Komering Ulu Selatan", "OKU Selatan", 4232),
    ("1609", "16.08", "kabupaten", "Ogan Komering Ulu Timur", "Kabupaten Ogan Komering Ulu Timur", "OKU Timur", 3396),
    ("1610", "16.10", "kabupaten", "Ogan Ilir", "Kabupaten Ogan Ilir", "Ogan Ilir", 2384),
    ("1611", "16.11", "kabupaten", "Empat Lawang", "Kabupaten Empat Lawang", "Empat Lawang", 2390),
    ("1612", "16.12", "kabupaten", "Penukal Abab Lematang Ilir", "Kabupaten Penukal Abab Lematang Ilir", "PALI", 1923),
    ("1613", "16.13", "kabupaten", "Musi Rawas Utara", "Kabupaten Musi Rawas Utara", "Muratara", 5834),
    ("1671", "16.71", "kota", "Palembang", "Kota Palembang", "Palembang", 368),
    ("1672", "16.74", "kota", "Prabumulih", "Kota Prabumulih", "Prabumulih", 407),
    ("1673", "16.72", "kota", "Pagar Alam", "Kota Pagar Alam", "Pagar Alam", 591),
    ("1674", "16.73", "kota", "Lubuklinggau", "Kota Lubuklinggau", "Lubuklinggau", 367),
]

# Geographies outside the 17 kab/kota. BPS province codes where they exist; pseudo-codes otherwise.
OTHER_GEOS = {
    "Indonesia": ("ID", "national"),
    "Sumatera Selatan": ("16", "province"),
    "Jambi": ("15", "province"),
    "Bengkulu": ("17", "province"),
    "Lampung": ("18", "province"),
    "Kepulauan Bangka Belitung": ("19", "province"),
    "Kalimantan Timur": ("64", "province"),
    "Sumatera Bagian Selatan (Sumbagsel)": ("R-SUMBAGSEL", "region"),
    "Sumatera Bagian Selatan (Kodam II/Sriwijaya area)": ("R-KODAM2", "region"),
}

GEO_LEVEL = {"national": "national", "region": "region", "province": "province", "regency": "kabkota"}

PARAM_UNITS = {
    "% of monthly wage": "pct_of_wage",
    "% of monthly wage up to JP ceiling": "pct_of_wage",
    "% of normal JKK": "pct_discount",
    "% of normal BPU JKK+JKM": "pct_discount",
    "% of declared income band (nominal)": "pct_of_declared_income",
    "% of declared income band": "pct_of_declared_income",
    "% of contract value": "pct_of_contract_value",
    "Rp per month": "rupiah_per_month",
    "Rp per worker per month": "rupiah_per_month",
    "Rp per year": "rupiah_per_year",
    "Rp": "rupiah",
    "Rp for 3 months": "rupiah",
    "workers": "persons",
    "participants": "persons",
    "workers (Rp11.3bn per year)": "persons",
    "establishments": "establishments",
    "firms": "establishments",
    "firms (50,749 workers)": "establishments",
    "workers per unit": "persons_per_establishment",
    "workers per firm": "persons_per_establishment",
    "NIB per year": "establishments_per_year",
    "months": "months",
    "years": "years",
    "ratio": "ratio",
    "ratio (after/before)": "ratio",
    "share per year": "share_per_year",
    "flag (1 = yes)": "flag",
}


def _unit_code(unit: str) -> str:
    if unit in PARAM_UNITS:
        return PARAM_UNITS[unit]
    if unit.startswith("share"):
        return "share"
    raise SystemExit(f"parameters.csv: unit {unit!r} has no unit_code mapping; add it to PARAM_UNITS")


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _write(path: Path, rows: list[dict], columns: list[str]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({c: r.get(c, "") for c in columns})


def _geo(name: str, level: str, by_full: dict[str, str], where: str) -> tuple[str, str]:
    if name in by_full:
        return by_full[name], "kabkota"
    if name in OTHER_GEOS:
        return OTHER_GEOS[name]
    raise SystemExit(f"{where}: geography {name!r} has no code; add it to OTHER_GEOS")


def _title_from_url(url: str) -> str:
    """A readable title from the URL's last meaningful path segment (the facts carry no titles)."""
    if not url:
        return ""
    path = re.sub(r"[?#].*$", "", url).rstrip("/")
    parts = [p for p in path.split("/")[3:] if p and not re.fullmatch(r"[\d.]+|amp|index\.html|read|berita|news", p)]
    if not parts:
        return url.split("/")[2]
    seg = max(parts, key=len)
    seg = re.sub(r"\.(html?|php)$", "", seg)
    seg = re.sub(r"[-_]+", " ", seg).strip()
    return seg[:1].upper() + seg[1:]


class Sources:
    """Collects distinct (publisher, url, published_date) triples and gives them stable ids."""

    def __init__(self) -> None:
        self.rows: dict[tuple[str, str, str], dict[str, str]] = {}

    def add(self, publisher: str, url: str, published: str, licence: str, table: str) -> str:
        key = (publisher, url, published)
        if key not in self.rows:
            sid = f"S{len(self.rows) + 1:04d}"
            self.rows[key] = {
                "source_id": sid,
                "publisher": publisher,
                "title": _title_from_url(url),
                "title_basis": "from URL slug" if url else "",
                "url": url,
                "published_date": published,
                "accessed_date": ACCESS_DATE,
                "licence": licence,
                "used_in": table,
            }
        else:
            used = self.rows[key]["used_in"].split(";")
            if table not in used:
                self.rows[key]["used_in"] = ";".join(used + [table])
        return self.rows[key]["source_id"]


NEWS_LICENCE = "figures quoted from a public page (facts are not copyrighted; no text reproduced)"
BPS_LICENCE = "BPS statistics, free to reuse with attribution"


def _licence(publisher: str) -> str:
    return BPS_LICENCE if publisher.startswith("BPS") else NEWS_LICENCE


def main(facts: Path) -> None:
    RAW.mkdir(parents=True, exist_ok=True)
    by_full = {r[4]: r[0] for r in REGIONS}
    sources = Sources()

    # --- regions -----------------------------------------------------------------------------
    _write(
        RAW / "regions.csv",
        [dict(zip(["bps_code", "kemendagri_code", "kind", "name", "name_full", "short_name", "area_km2"], r))
         for r in REGIONS],
        ["bps_code", "kemendagri_code", "kind", "name", "name_full", "short_name", "area_km2"],
    )

    # --- coverage observations ---------------------------------------------------------------
    cov_cols = ["obs_id", "period", "geo_code", "geo_name", "geo_level", "segment", "metric", "value", "unit",
                "source_id", "source_url", "publisher", "published_date", "note"]
    rows = []
    for i, r in enumerate(_read(facts / "coverage" / "coverage_facts.csv"), start=1):
        code, level = _geo(r["geo"], r["geo_level"], by_full, f"coverage_facts.csv row {i}")
        assert GEO_LEVEL[r["geo_level"]] == level, (i, r["geo"], r["geo_level"], level)
        rows.append({
            "obs_id": f"C{i:04d}", "period": r["period"], "geo_code": code, "geo_name": r["geo"],
            "geo_level": level, "segment": r["segment"], "metric": r["metric"], "value": r["value"],
            "unit": r["unit"],
            "source_id": sources.add(r["publisher"], r["source_url"], r["published_date"],
                                     _licence(r["publisher"]), "coverage_observations"),
            "source_url": r["source_url"], "publisher": r["publisher"],
            "published_date": r["published_date"], "note": r["note"],
        })
    _write(RAW / "coverage_observations.csv", rows, cov_cols)

    # --- labour observations (both files, one table) --------------------------------------------
    lab_cols = ["obs_id", "period", "geo_code", "geo_name", "geo_level", "category", "metric", "value", "unit",
                "source_id", "source_url", "publisher", "published_date", "note", "fact_file"]
    rows = []
    n = 0
    for fname in ("labour_facts.csv", "labour_facts_more.csv"):
        for j, r in enumerate(_read(facts / "labour" / fname), start=2):
            n += 1
            code, level = _geo(r["geo"], r["geo_level"], by_full, f"{fname} line {j}")
            if r["bps_code"] and r["bps_code"] != code:
                raise SystemExit(f"{fname} line {j}: bps_code {r['bps_code']} != {code} for {r['geo']}")
            rows.append({
                "obs_id": f"L{n:04d}", "period": r["period"], "geo_code": code, "geo_name": r["geo"],
                "geo_level": level, "category": r["category"], "metric": r["metric"], "value": r["value"],
                "unit": r["unit"],
                "source_id": sources.add(r["publisher"], r["source_url"], r["published_date"],
                                         _licence(r["publisher"]), "labour_observations"),
                "source_url": r["source_url"], "publisher": r["publisher"],
                "published_date": r["published_date"], "note": r["note"], "fact_file": fname,
            })
    _write(RAW / "labour_observations.csv", rows, lab_cols)

    # --- lever parameters ---------------------------------------------------------------------
    par_cols = ["name", "description", "value_low", "value_central", "value_high", "unit", "unit_code",
                "applies_to", "effective_date", "evidence", "source_id", "source_url", "publisher",
                "published_date", "note"]
    rows = []
    for r in _read(facts / "policy" / "parameters.csv"):
        pub = r["publisher"]
        evidence = "derived" if pub.startswith("Derived") else "assumption" if pub.startswith("Assumption") else "published"
        m = re.search(r"_(20\d\d)(?:_\d\d)?$", r["name"])
        effective = ""
        if m:
            effective = f"{m.group(1)}-03-01" if r["name"].startswith("jp_wage_cap") else f"{m.group(1)}-01-01"
        rows.append({
            **{k: r[k] for k in ("name", "description", "value_low", "value_central", "value_high", "unit",
                                 "applies_to", "source_url", "publisher", "published_date", "note")},
            "unit_code": _unit_code(r["unit"]),
            "effective_date": effective,
            "evidence": evidence,
            "source_id": sources.add(pub, r["source_url"], r["published_date"], _licence(pub), "parameters"),
        })
    _write(RAW / "parameters.csv", rows, par_cols)

    # --- boundaries (verbatim) ------------------------------------------------------------------
    shutil.copyfile(facts / "geo" / "sumsel_kabkota.geojson", RAW / "sumsel_kabkota.geojson")
    sources.add("geoBoundaries (BPS / OCHA ROAP via HDX COD-AB Indonesia), simplified by the fact base",
                "https://www.geoboundaries.org/", "2023-12-12",
                "CC BY 3.0 IGO (https://creativecommons.org/licenses/by/3.0/igo/)", "sumsel_kabkota.geojson")

    _write(RAW / "sources.csv", sorted(sources.rows.values(), key=lambda s: s["source_id"]),
           ["source_id", "publisher", "title", "title_basis", "url", "published_date", "accessed_date",
            "licence", "used_in"])

    # --- checksums for provenance.yml ---------------------------------------------------------
    for p in sorted(RAW.glob("*")):
        if p.suffix in {".csv", ".geojson"}:
            print(f"{p.name}: sha256 {hashlib.sha256(p.read_bytes()).hexdigest()}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "facts")
