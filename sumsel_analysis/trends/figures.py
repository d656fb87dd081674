"""Adding a newly published figure: ``python -m sumsel_analysis add-figure``.

``add_figure`` takes a figure as printed ("32,82%", "1.035.000", "1,3 juta"), with period, area (BPS code),
segment, metric, publisher, URL and publication date, and:

1. validates it: known area, segment and metric; the value read with ``numbers.parse_number`` (Indonesian
   notation; a percent sign only on a percent metric; persons whole; percents within 0–100); a real
   publication date not in the future nor before the period's month; an http(s) URL;
2. refuses a duplicate (same area, segment, metric and month with the same URL or the same value, in the
   raw file or among earlier additions);
3. flags a jump: a change from the series' latest figure larger than measurement noise and the
   panel's month-to-month diffusion explain at 95% (``2·sqrt(2·sigma_obs² + diffusion²·months)`` on the
   logit or log scale; assumptions ``forecast_sigma_obs_logit``, ``forecast_diffusion_sd_per_month``) is
   refused unless ``confirm_jump`` — a programme list starting or stopping, or a misprint;
4. appends one row to ``data/raw/coverage_additions.csv`` (its own raw file, the only one it writes; the
   original raw files are never touched) with the printed value, the date recorded and a chained
   checksum (``row_sha256``, ``loaders.addition_checksum``: sha256 of the previous row's checksum and this
   row's fields; the loader checks the chain), written atomically after the whole processed layer has been built from it in a
   scratch copy, so a bad figure changes nothing;
5. rebuilds ``data/processed`` (``data.build.build_all``).

The latest figure, the trend and the ledger's scores read the processed layer, so they follow.
"""

from __future__ import annotations

import io
import shutil
import tempfile
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from sumsel_analysis.data import build, loaders, paths, quality
from sumsel_analysis.data.safe_io import check_writable_folder, write_text_atomic
from sumsel_analysis.data.schemas import ADDITION_COLUMNS, COVERAGE_METRICS, KABKOTA_CODES, SEGMENTS
from sumsel_analysis.numbers import NumberTextError, parse_number
from sumsel_analysis.trends.model import DEFAULT_EXCLUDE, to_scale

UNITS = {"coverage_pct": "percent", "target_pct": "percent", "active_participants": "persons",
         "registered_participants": "persons", "potential_workers": "persons", "gap_workers": "persons",
         "registered_employers": "employers"}
ADDITIONS = loaders.RAW_FILES["coverage_additions"]


class FigureError(ValueError):
    """A figure that cannot be added; the message is one line naming the option and the problem."""


def _parse_value(value: str, metric: str) -> float:
    unit = UNITS[metric]
    try:
        parsed = parse_number(value)
    except NumberTextError as e:
        raise FigureError(f"--value: {e}") from None
    if parsed.unit == "rupiah" or (parsed.unit == "percent" and unit != "percent"):
        raise FigureError(f"--value: {value!r} is a {parsed.unit} figure but {metric} is in {unit}")
    v = parsed.value
    if v < 0:
        raise FigureError(f"--value: {value!r} is negative")
    if unit == "percent" and v > 100:
        raise FigureError(f"--value: {value!r} is above 100% (a percent of workers)")
    if unit in ("persons", "employers") and v != round(v):
        raise FigureError(f"--value: {value!r} reads as {v:g}, not a whole number of {unit}")
    return float(v)


def _parse_date(text: str, option: str, month_ok: bool = False) -> pd.Timestamp:
    try:
        if month_ok and len(text) == 7:
            return pd.Timestamp(date.fromisoformat(f"{text}-01")) + pd.offsets.MonthEnd(0)
        return pd.Timestamp(date.fromisoformat(text))
    except ValueError:
        raise FigureError(f"{option}: expected {'YYYY-MM or ' if month_ok else ''}YYYY-MM-DD; found {text!r}") from None


def _geo(area: str, raw_dir: Path) -> tuple[str, str]:
    if area == "16":
        return "Sumatera Selatan", "province"
    if area in KABKOTA_CODES:
        regions = loaders.load_regions(raw_dir).set_index("bps_code")
        return str(regions.loc[area, "name"]), "kabkota"
    raise FigureError(f"--area: expected 16 (Sumsel) or a kab/kota BPS code {', '.join(KABKOTA_CODES)}; found {area!r}")


def _source_id(url: str, raw_dir: Path, additions: pd.DataFrame) -> str:
    """The sources.csv id of the URL when it is listed; otherwise a new id S9001, S9002 … (additions only)."""
    src = loaders.load_sources(raw_dir)
    hit = src[src["url"] == url]
    if len(hit):
        return str(hit["source_id"].iloc[0])
    same = additions[additions["source_url"] == url]
    if len(same):
        return str(same["source_id"].iloc[0])
    used = [int(s[1:]) for s in additions["source_id"] if s.startswith("S9")]
    return f"S{max(used, default=9000) + 1:04d}"


def jump_limit(months: float, params: pd.DataFrame) -> float:
    """Largest change (logit or log scale) over ``months`` that noise and diffusion explain at 95%."""
    obs = loaders.parameter(params, "forecast_sigma_obs_logit")
    diff = loaders.parameter(params, "forecast_diffusion_sd_per_month")
    return float(2 * np.sqrt(2 * obs ** 2 + diff ** 2 * max(months, 1.0)))


def _check_jump(new: dict, coverage: pd.DataFrame, params: pd.DataFrame) -> None:
    if new["unit"] not in ("percent", "persons") or new["metric"] == "target_pct":
        return
    same = coverage[(coverage["geo_code"] == new["geo_code"]) & (coverage["segment"] == new["segment"])
                    & (coverage["metric"] == new["metric"]) & (coverage["period"] < new["period"])]
    if "quality_flag" in same:
        same = same[~same["quality_flag"].isin(DEFAULT_EXCLUDE)]
    if same.empty:
        return
    last = same[same["period"] == same["period"].max()]
    scale = "logit" if new["unit"] == "percent" else "log"
    prev = float(np.mean(to_scale(last["value"], scale)))
    change = float(to_scale([new["value"]], scale)[0]) - prev
    months = (new["period"] - last["period"].iloc[0]).days / 30.4375
    if abs(change) > jump_limit(months, params):
        raise FigureError(
            f"--value: {new['value']:g} {new['unit']} jumps against the series' latest figure "
            f"({', '.join(last['obs_id'])}: {last['value'].mean():g} in {last['period'].iloc[0]:%Y-%m}), a change of "
            f"{change:+.3f} on the {scale} scale where noise and drift explain ±{jump_limit(months, params):.3f}; "
            "check the source and add --confirm-jump to accept it")


def add_figure(period: str, area: str, metric: str, value: str, publisher: str, url: str, published: str,
               segment: str = "total", note: str = "", confirm_jump: bool = False, raw_dir: Path | str | None = None,
               processed_dir: Path | str | None = None, today: date | None = None) -> dict:
    """Validate, record (``data/raw/coverage_additions.csv``) and rebuild; returns the recorded row.
    Raises ``FigureError`` (one line) and changes nothing when the figure is refused."""
    raw_dir = Path(raw_dir or paths.RAW_DIR)
    today = today or date.today()
    if segment not in SEGMENTS:
        raise FigureError(f"--segment: expected one of {', '.join(SEGMENTS)}; found {segment!r}")
    if metric not in UNITS:
        allowed = [m for m in COVERAGE_METRICS if m in UNITS]
        raise FigureError(f"--metric: expected one of {', '.join(allowed)}; found {metric!r}")
    geo_name, geo_level = _geo(area, raw_dir)
    per = _parse_date(period, "--period", month_ok=True)
    pub = _parse_date(published, "--published")
    if pub > pd.Timestamp(today):
        raise FigureError(f"--published: {published} is in the future (today is {today:%Y-%m-%d})")
    if pub < per.to_period("M").to_timestamp():
        raise FigureError(f"--published: {published} is before the figure's month {per:%Y-%m}")
    if not url.startswith(("https://", "http://")) or " " in url:
        raise FigureError(f"--url: expected an http(s) address; found {url!r}")
    if not publisher.strip():
        raise FigureError("--publisher: expected the publisher's name; found an empty text")
    number = _parse_value(value, metric)
    coverage = loaders.load_coverage(raw_dir)  # original rows and earlier additions, all validated
    add_path = raw_dir / ADDITIONS
    additions = loaders.load_additions(raw_dir)
    month = coverage["period"].dt.to_period("M") == per.to_period("M")
    dup = coverage[month & (coverage["geo_code"] == area) & (coverage["segment"] == segment)
                   & (coverage["metric"] == metric) & ((coverage["source_url"] == url) | (coverage["value"] == number))]
    if len(dup):
        raise FigureError(f"duplicate: {', '.join(dup['obs_id'])} already records {metric} for {area} {segment} in "
                          f"{per:%Y-%m} from this URL or with this value")
    new = {"obs_id": f"A{len(additions) + 1:04d}", "period": per, "geo_code": area, "geo_name": geo_name,
           "geo_level": geo_level, "segment": segment, "metric": metric, "value": number, "unit": UNITS[metric], "bound": "",
           "source_id": _source_id(url, raw_dir, additions), "source_url": url, "publisher": publisher.strip(),
           "published_date": f"{pub:%Y-%m-%d}", "note": " ".join(note.split()), "value_printed": value.strip(),
           "recorded_on": f"{today:%Y-%m-%d}"}
    if not confirm_jump:
        flagged = quality.flag_coverage(coverage, loaders.load_quality_annotations(raw_dir))
        _check_jump(new, flagged, loaders.load_parameters(raw_dir))
    text = _additions_text(add_path, new)
    out_dir = check_writable_folder(processed_dir or paths.PROCESSED_DIR)
    with tempfile.TemporaryDirectory() as tmp:  # the whole processed layer is built from the new file first
        scratch = Path(tmp) / "raw"
        shutil.copytree(raw_dir, scratch)
        (scratch / ADDITIONS).write_text(text, encoding="utf-8")
        tables = build.build_tables(scratch)
    write_text_atomic(add_path, text)
    build.write_processed(tables, raw_dir, out_dir)  # the manifest records the raw files as they now are
    return {**new, "period": f"{per:%Y-%m-%d}"}


def _additions_text(path: Path, new: dict) -> str:
    """The additions file with ``new`` appended (its checksum chained to the last row's); old bytes kept."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    rows = loaders.read_additions_text(old) if old else pd.DataFrame(columns=list(ADDITION_COLUMNS))
    row = {**new, "period": f"{new['period']:%Y-%m-%d}", "value": f"{new['value']:.12g}"}
    prev = rows["row_sha256"].iloc[-1] if len(rows) else ""
    row["row_sha256"] = loaders.addition_checksum(prev, [str(row[c]) for c in ADDITION_COLUMNS if c != "row_sha256"])
    buf = io.StringIO()
    pd.DataFrame([row], columns=list(ADDITION_COLUMNS)).to_csv(buf, index=False, header=not old, lineterminator="\n")
    return (old or "") + buf.getvalue()
