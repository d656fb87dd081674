"""The forecast ledger: every forecast the package issues, dated, kept, and scored when the figure arrives.

``ledger/forecasts.csv`` (tracked, append-only) holds one row per vintage × area × target: Sumsel coverage
percent and active participants at each quarter end of the two years after the issue date, as
quantiles (5, 10, 25, 50, 75, 90, 95%) of the *published* figure (measurement noise included), with the
data date (newest figure used), issue date, package version, model and seed. A kab/kota is in it where
it is modelled: from the first vintage by whose issue date ``backtest.MIN_POINTS`` months of its
comparable figures (coverage percent or active participants, segment total) had been published, the
threshold at which the backtests take a series in (``backtest.backtest_series``). None has reached it
yet (December 2026: at most two months each), so the ledger holds Sumsel rows only.

A vintage uses only figures published by its issue date (``available``), and the model chosen by the
nested, pooled backtests as of that date (``backtest.choose_model``). ``vintage_rows`` makes one vintage;
``backfill`` adds the pseudo-real-time vintages at every quarter end since 2019 (nothing is written for
quarters before the first comparable Sumsel figure was published, January 2024); ``record`` adds this
run's vintage (``python -m sumsel_analysis ledger record``) and refuses a duplicate. Writes are atomic and
append-only: the new file must start with the old file's bytes (``check_append_only``).

``track_record`` scores every entry whose target month has since been published (error, CRPS from the
quantiles, inside the 80% band), ``track_record_summary`` pools it per metric; ``latest_vintage`` is the
newest forecast and ``latest_figure`` the newest published figure with its provenance, for the brief.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from sumsel_analysis import __version__
from sumsel_analysis.coverage import metrics
from sumsel_analysis.data import paths
from sumsel_analysis.data.safe_io import write_text_atomic
from sumsel_analysis.trends.backtest import (DEFAULT_MODEL, MIN_POINTS, choose_model, forecast_paths,
                                             observation_series, spread_factor)
from sumsel_analysis.trends.jumps import kabkota_series
from sumsel_analysis.trends.model import DEFAULT_EXCLUDE, from_scale, prior_from, province_series, to_scale

LEVELS = (0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95)
QCOLS = tuple(f"q{round(100 * q):02d}" for q in LEVELS)
COLUMNS = ("vintage", "issued", "data_date", "kind", "geo_code", "metric", "unit", "target_period",
           "horizon_months", "model", "n_figures", *QCOLS, "package_version", "seed")
TARGETS = {"coverage_pct": ("percent", "logit", 4), "active_participants": ("persons", "log", 0)}
TARGET_KEY = ("vintage", "geo_code", "metric", "target_period")  # one row per vintage × target (a kab/kota too)
FIRST_VINTAGE = "2019-03-31"
HORIZON_QUARTERS = 8
SEED = 20251204


class LedgerError(ValueError):
    """An expected ledger failure (duplicate vintage, rewritten rows, bad date); one line for the command line."""


def ledger_path(root: Path | str | None = None) -> Path:
    """``ledger/forecasts.csv`` under the project root (``SUMSEL_ROOT`` or the package's checkout)."""
    return Path(root or paths.ROOT) / "ledger" / "forecasts.csv"


def target_series(coverage_obs: pd.DataFrame, params: pd.DataFrame,
                  as_of: str | pd.Timestamp | None = None) -> dict[tuple[str, str], tuple[pd.DataFrame, str]]:
    """The series the ledger forecasts: (geo_code, metric) → (series, scale). Sumsel's two: coverage
    percent (the trend model's province series) and active participants (the comparable counts, quality
    flags applied); and each kab/kota series (``jumps.kabkota_series``) with at least ``MIN_POINTS``
    months of figures published by ``as_of`` (default: all of them). Percents on the logit scale, counts
    on the log scale."""
    counts = coverage_obs[(coverage_obs["geo_code"] == "16") & (coverage_obs["segment"] == "total")
                          & (coverage_obs["metric"] == "active_participants")
                          & ~coverage_obs["quality_flag"].isin(DEFAULT_EXCLUDE)]
    out = {("16", "coverage_pct"): (province_series(coverage_obs, params=params), "logit"),
           ("16", "active_participants"): (observation_series(counts), "log")}
    for sid, rows in kabkota_series(coverage_obs).items():
        geo, metric = sid.split()
        s = observation_series(rows)
        known = s if as_of is None else s[s["available"] <= pd.Timestamp(as_of)]
        if known["period"].nunique() >= MIN_POINTS:
            out[(geo, metric)] = (s, TARGETS[metric][1])
    return out


def quarter_ends(after: pd.Timestamp, n: int = HORIZON_QUARTERS) -> list[pd.Timestamp]:
    """The first ``n`` quarter-end months strictly after ``after``'s month (month starts)."""
    first = (pd.Timestamp(after).to_period("M") + 1).asfreq("Q", "end").asfreq("M", "end")
    return [(first + 3 * i).to_timestamp() for i in range(n)]


def vintage_rows(coverage_obs: pd.DataFrame, params: pd.DataFrame, detail: pd.DataFrame, issued: str | pd.Timestamp,
                 kind: str = "live", n_paths: int = 4000, seed: int = SEED) -> pd.DataFrame:
    """One vintage: the ledger rows (``COLUMNS``) for an issue date, from figures published by then and the
    model ``choose_model`` picks from ``detail`` (``backtest_all``) as of then, its spread calibrated as of
    then (``spread_factor``). Empty when nothing was
    published yet."""
    issued = pd.Timestamp(issued)
    model, _ = choose_model(detail, issued, params)
    prior = prior_from(params)
    targets = quarter_ends(issued)
    rows = []
    for (geo, metric), (series, scale) in target_series(coverage_obs, params, as_of=issued).items():
        train = series[series["available"] <= issued]
        if train.empty:
            continue
        use = model if train["period"].nunique() >= 2 else DEFAULT_MODEL  # the trend needs two months
        paths = forecast_paths(train, use, prior, targets[-1], n_paths, np.random.default_rng(seed), scale,
                               observed=True, seed=seed, factor=spread_factor(detail, issued, use, params))
        unit, _, decimals = TARGETS[metric]
        last = train["period"].max()
        for t in targets:
            q = np.quantile(paths[t].to_numpy(), LEVELS)
            rows.append({"vintage": f"{issued:%Y-%m-%d}", "issued": f"{issued:%Y-%m-%d}",
                         "data_date": f"{train['available'].max():%Y-%m-%d}", "kind": kind, "geo_code": geo,
                         "metric": metric, "unit": unit, "target_period": f"{t:%Y-%m}",
                         "horizon_months": (t.year - last.year) * 12 + t.month - last.month, "model": use,
                         "n_figures": len(train), **{c: f"{v:.{decimals}f}" for c, v in zip(QCOLS, q)},
                         "package_version": __version__, "seed": seed})
    return pd.DataFrame(rows, columns=list(COLUMNS))


# --- the file: read, append-only write ------------------------------------------------------------


def read_ledger(path: Path | str | None = None) -> pd.DataFrame:
    """The ledger as text columns (empty frame with ``COLUMNS`` when the file does not exist yet)."""
    path = Path(path or ledger_path())
    if not path.exists():
        return pd.DataFrame(columns=list(COLUMNS))
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    if tuple(df.columns) != COLUMNS:
        raise LedgerError(f"{path}: line 1: expected the columns {','.join(COLUMNS)}; found {','.join(df.columns)}")
    return df


def _csv_text(rows: pd.DataFrame, header: bool) -> str:
    buf = io.StringIO()
    rows[list(COLUMNS)].to_csv(buf, index=False, header=header, lineterminator="\n")
    return buf.getvalue()


def check_append_only(old_text: str, new_text: str, path: Path | str = "ledger/forecasts.csv") -> None:
    """Raise ``LedgerError`` unless ``new_text`` keeps every byte of ``old_text`` and only adds rows after it."""
    if not new_text.startswith(old_text):
        line = next((i + 1 for i, (a, b) in enumerate(zip(old_text.splitlines(), new_text.splitlines())) if a != b),
                    len(new_text.splitlines()) + 1)
        raise LedgerError(f"{path}: line {line}: the ledger is append-only; an existing row would change")


def append(rows: pd.DataFrame, path: Path | str | None = None) -> int:
    """Append rows to the ledger atomically (append-only check; a vintage already present is refused).
    Returns the number of rows written."""
    path = Path(path or ledger_path())
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    existing = read_ledger(path)
    clash = sorted(set(rows["vintage"]) & set(existing["vintage"]))
    if clash:
        n = int(existing["vintage"].isin(clash).sum())
        raise LedgerError(f"{path}: a vintage issued {clash[0]} is already recorded ({n} rows); the ledger is "
                          "append-only, so it is not recorded again")
    if rows.empty:
        return 0
    twice = rows[rows.duplicated(list(TARGET_KEY), keep=False)]
    if len(twice):
        r = twice.iloc[0]
        raise LedgerError(f"{path}: vintage {r['vintage']} has {len(twice)} rows for one target ({r['geo_code']} "
                          f"{r['metric']} {r['target_period']}); each vintage forecasts a target once")
    new = (old if old else _csv_text(rows.iloc[:0], header=True)) + _csv_text(rows, header=False)
    check_append_only(old, new, path)
    write_text_atomic(path, new)
    return len(rows)


def _parse_issued(issued: str | None, today: date | None = None) -> pd.Timestamp:
    today = today or date.today()
    if issued is None:
        return pd.Timestamp(today)
    try:
        ts = pd.Timestamp(date.fromisoformat(issued))
    except ValueError:
        raise LedgerError(f"--issued: expected a date YYYY-MM-DD; found {issued!r}") from None
    if ts > pd.Timestamp(today):
        raise LedgerError(f"--issued: {issued} is in the future (today is {today:%Y-%m-%d}); a forecast is issued "
                          "on or before the day it is recorded")
    return ts


def record(coverage_obs: pd.DataFrame, params: pd.DataFrame, detail: pd.DataFrame, issued: str | None = None,
           path: Path | str | None = None, today: date | None = None) -> pd.DataFrame:
    """Add this run's vintage (issue date ``issued``, default today) to the ledger; returns its rows."""
    ts = _parse_issued(issued, today)
    rows = vintage_rows(coverage_obs, params, detail, ts, kind="live")
    if rows.empty:
        raise LedgerError(f"no Sumsel figure was published by {ts:%Y-%m-%d}; nothing to forecast from")
    append(rows, path)
    return rows


def backfill(coverage_obs: pd.DataFrame, params: pd.DataFrame, detail: pd.DataFrame, path: Path | str | None = None,
             until: str | None = None, today: date | None = None) -> pd.DataFrame:
    """Add the pseudo-real-time vintages (every quarter end from 2019-03-31 up to ``until``, default the
    last quarter end before today) not yet in the ledger, each from the figures published by then.
    Deterministic; already recorded vintages are kept as they are. Returns the rows added."""
    last = pd.Timestamp(until) if until is not None else pd.Timestamp(today or date.today()) - pd.offsets.QuarterEnd(1)
    vintages = pd.date_range(FIRST_VINTAGE, last, freq="QE")
    have = set(read_ledger(path)["vintage"])
    parts = [vintage_rows(coverage_obs, params, detail, v, kind="backfill") for v in vintages
             if f"{v:%Y-%m-%d}" not in have]
    rows = pd.concat([p for p in parts if len(p)], ignore_index=True) if any(len(p) for p in parts) else \
        pd.DataFrame(columns=list(COLUMNS))
    append(rows, path)
    return rows


# --- scoring ----------------------------------------------------------------------------------------


def _crps_quantiles(q: np.ndarray, y: float) -> float:
    """CRPS approximated from quantiles: twice the mean pinball loss over ``LEVELS``."""
    levels = np.asarray(LEVELS)
    return float(2 * np.mean(np.maximum(levels * (y - q), (levels - 1) * (y - q))))


def track_record(coverage_obs: pd.DataFrame, params: pd.DataFrame, ledger: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every ledger entry whose target month has since been published, scored.

    Columns: vintage, kind, geo_code, metric, unit, target_period, horizon_months, model, q10, q50, q90 (unit),
    actual (mean of the month's comparable figures published after the issue date, unit), actual_obs_ids,
    actual_published, error (actual − median, unit), abs_error_scale (on the model scale: logit or log),
    crps_scale (from the quantiles, model scale), in80 (q10 ≤ actual ≤ q90). Empty when nothing is scored.
    """
    ledger = read_ledger() if ledger is None else ledger
    cols = ["vintage", "kind", "geo_code", "metric", "unit", "target_period", "horizon_months", "model", "q10", "q50", "q90",
            "actual", "actual_obs_ids", "actual_published", "error", "abs_error_scale", "crps_scale", "in80"]
    rows = []
    for (geo, metric), (series, scale) in target_series(coverage_obs, params).items():
        entries = ledger[(ledger["geo_code"] == geo) & (ledger["metric"] == metric)]
        month = series["period"].dt.strftime("%Y-%m")
        for e in entries.itertuples(index=False):
            figs = series[(month == e.target_period) & (series["available"] > pd.Timestamp(e.issued))]
            if figs.empty:
                continue
            actual = float(from_scale(np.mean(to_scale(figs["value_pct"], scale)), scale))
            q = np.array([float(getattr(e, c)) for c in QCOLS])
            qs, ys = to_scale(q, scale), float(to_scale(actual, scale))
            rows.append({"vintage": e.vintage, "kind": e.kind, "geo_code": geo, "metric": metric, "unit": e.unit,
                         "target_period": e.target_period, "horizon_months": int(e.horizon_months), "model": e.model,
                         "q10": q[1], "q50": q[3], "q90": q[5], "actual": actual,
                         "actual_obs_ids": ",".join(figs["obs_id"]), "actual_published": figs["available"].max(),
                         "error": actual - q[3], "abs_error_scale": abs(ys - qs[3]), "crps_scale": _crps_quantiles(qs, ys),
                         "in80": bool(q[1] <= actual <= q[5])})
    return pd.DataFrame(rows, columns=cols)


def track_record_summary(scored: pd.DataFrame) -> pd.DataFrame:
    """Per metric (Sumsel and any kab/kota pooled) and pooled ('all'): forecasts scored, mean error (unit;
    bias; only where the errors share a unit and scale: one metric, and for persons one area), mean absolute
    error on the model scale, mean CRPS (model scale), share inside the 80% band."""
    def one(g: pd.DataFrame) -> dict:
        same = g["metric"].nunique() == 1 and (g["unit"].iloc[0] == "percent" or g["geo_code"].nunique() == 1)
        return {"n_scored": len(g), "mean_error": g["error"].mean() if same else np.nan,
                "mae_scale": g["abs_error_scale"].mean(), "crps_scale": g["crps_scale"].mean(),
                "coverage80": g["in80"].mean()}
    out = [{"metric": m, **one(g)} for m, g in scored.groupby("metric")]
    if len(scored):
        out.append({"metric": "all", **one(scored)})
    return pd.DataFrame(out, columns=["metric", "n_scored", "mean_error", "mae_scale", "crps_scale", "coverage80"])


def latest_vintage(ledger: pd.DataFrame | None = None) -> pd.DataFrame:
    """The newest recorded vintage's rows (by issue date), quantiles as numbers; empty if the ledger is."""
    ledger = read_ledger() if ledger is None else ledger
    if ledger.empty:
        return ledger
    newest = ledger[ledger["issued"] == ledger["issued"].max()].copy()
    for c in (*QCOLS, "horizon_months"):
        newest[c] = newest[c].astype(float)
    return newest.reset_index(drop=True)


def latest_figure(coverage_obs: pd.DataFrame, metric: str = "coverage_pct", geo_code: str = "16") -> dict | None:
    """The newest usable published figure (``metrics.latest``) with its provenance: value, unit, period,
    obs_id, publisher, source_url, published_date (None where the source gives none); figures added with
    ``add-figure`` included."""
    row = metrics.latest(coverage_obs, geo_code, metric)
    if row is None:
        return None
    return {k: (None if pd.isna(row[k]) else row[k])  # a missing URL or date is None, never NaN
            for k in ("value", "unit", "period", "obs_id", "publisher", "source_url", "published_date")}
