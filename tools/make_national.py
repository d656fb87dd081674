"""Build data/raw/national_observations.csv from ../shared/facts/national/national_facts.csv, once.

Like tools/make_raw.py, this documents how a raw table was made; it is not part of the pipeline.
What it does:
- keeps every row and its source columns (publisher, URL, published date, note) and gives it a stable
  id (``N0001`` … in file order);
- maps the BPS province code to the project's ``geo_code`` ('00' → 'ID', Indonesia);
- turns the printed number into a machine number in a small unit vocabulary (persons, percent,
  employers, rank) by an explicit rule that is written into ``value_rule``; ``value_printed`` and
  ``unit_printed`` keep what the source printed. Rules: person and employer counts — dots and commas
  are thousands separators; percents — comma or dot is the decimal mark; thousand / million persons —
  a comma is the decimal mark, a dot followed by exactly three digits is a thousands separator,
  another dot is a decimal mark; a printed range 'a-b' becomes its midpoint (and says so);
- links each row to ``sources.csv`` (an existing source with the same publisher, URL and date is
  reused and its ``used_in`` extended; new sources are appended with the next ids).

Usage: python tools/make_national.py [path/to/shared/facts]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_raw import ACCESS_DATE, RAW, _licence, _read, _title_from_url, _write  # noqa: E402

COLUMNS = ["obs_id", "period", "geo_code", "geo_name", "geo_level", "segment", "metric", "value", "unit",
           "value_printed", "unit_printed", "value_rule", "source_id", "source_url", "publisher", "published_date",
           "note"]
SOURCE_COLUMNS = ["source_id", "publisher", "title", "title_basis", "url", "published_date", "accessed_date",
                  "licence", "used_in"]
SCALE = {"thousand persons": 1e3, "million persons": 1e6}


def parse_printed(value: str, unit: str, where: str) -> tuple[float, str, str]:
    """(value, unit, rule) for one printed figure; exits naming the row when no rule applies."""
    v = value.strip()
    if unit in ("persons", "employers", "rank"):
        if not re.fullmatch(r"\d{1,3}([.,]\d{3})*|\d+", v):
            raise SystemExit(f"{where}: count {v!r} does not look like a whole number with separators")
        rule = "whole number; dots/commas are thousands separators" if re.search(r"[.,]", v) else "whole number"
        return float(re.sub(r"[.,]", "", v)), unit, rule
    if unit == "percent":
        if not re.fullmatch(r"\d+([.,]\d+)?", v):
            raise SystemExit(f"{where}: percent {v!r} is not a number")
        return float(v.replace(",", ".")), "percent", "percent; comma or dot is the decimal mark"
    if unit in SCALE:
        m = re.fullmatch(r"(\d+)-(\d+)", v)
        if m:
            lo, hi = float(m.group(1)), float(m.group(2))
            return (lo + hi) / 2 * SCALE[unit], "persons", f"printed range {v} {unit}: midpoint used"
        if re.fullmatch(r"\d{1,3}(\.\d{3})+", v):
            return float(v.replace(".", "")) * SCALE[unit], "persons", f"{unit}; dot is a thousands separator"
        if re.fullmatch(r"\d+([.,]\d+)?", v):
            return float(v.replace(",", ".")) * SCALE[unit], "persons", f"{unit}; comma or dot is the decimal mark"
        raise SystemExit(f"{where}: {v!r} {unit} matches no rule")
    raise SystemExit(f"{where}: unit {unit!r} has no rule")


def _plain(value: float) -> str:
    """A machine number without float noise (thousand/million scaling of decimals): at most 4 decimals."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return text


def main(facts: Path) -> None:
    src_rows = _read(RAW / "sources.csv")
    by_key = {(r["publisher"], r["url"], r["published_date"]): r for r in src_rows}
    rows = []
    for i, r in enumerate(_read(facts / "national" / "national_facts.csv"), start=1):
        where = f"national_facts.csv data row {i}"
        value, unit, rule = parse_printed(r["value"], r["unit"], where)
        key = (r["publisher"], r["source_url"], r["published_date"])
        if key not in by_key:
            new = {"source_id": f"S{len(src_rows) + 1:04d}", "publisher": r["publisher"],
                   "title": _title_from_url(r["source_url"]), "title_basis": "from URL slug" if r["source_url"] else "",
                   "url": r["source_url"], "published_date": r["published_date"], "accessed_date": ACCESS_DATE,
                   "licence": _licence(r["publisher"]), "used_in": "national_observations"}
            src_rows.append(new)
            by_key[key] = new
        src = by_key[key]
        if "national_observations" not in src["used_in"].split(";"):
            src["used_in"] += ";national_observations"
        code = "ID" if r["bps_province_code"] == "00" else r["bps_province_code"]
        rows.append({"obs_id": f"N{i:04d}", "period": r["period"], "geo_code": code, "geo_name": r["province"],
                     "geo_level": "national" if code == "ID" else "province", "segment": r["segment"],
                     "metric": r["metric"], "value": _plain(value), "unit": unit,
                     "value_printed": r["value"], "unit_printed": r["unit"], "value_rule": rule,
                     "source_id": src["source_id"], "source_url": r["source_url"], "publisher": r["publisher"],
                     "published_date": r["published_date"], "note": r["note"]})
    _write(RAW / "national_observations.csv", rows, COLUMNS)
    _write(RAW / "sources.csv", src_rows, SOURCE_COLUMNS)
    print(f"wrote {len(rows)} national rows; sources now {len(src_rows)}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared" / "facts")
