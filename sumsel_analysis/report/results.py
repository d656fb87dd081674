"""One results layer: every number the briefs, the workbooks and the notebooks' conclusions print.

``build_results(content)`` turns a ``ReportContent`` into one tidy, language-independent table, one row
per result: ``id``, ``value``, ``unit`` (persons, pct, probability, rupiah, persons_per_month, ratio,
months, date, count, year, share 0–1, points (percentage points), param (a parameter value), number, score,
code), ``lo80`` / ``hi80`` (80% interval where there is one), ``bound`` ('' for a value; 'upper' / 'lower' when
the value is only a bound — stated so by its raw row, or derived from one with the right inequality,
``coverage.metrics.derived_bound``: a gap from "below 1%" coverage is "≥"), ``basis`` (the raw rows ``C0263`` …
or ``parameter …`` / ``assumption …`` it comes from) and ``what`` (a plain description).
``fmt(results, id, lang)`` formats one of them, bound mark included ("< 1%", "≥ 17.523"); the brief (body and
Lampiran), the workbook's key-numbers and Lampiran sheets and the notebooks format from this table, never from
their own computation. The Lampiran's tables are rows with structured ids (``loo.E01.predicted``,
``assumption.<name>.low`` …), made from the content's tidy tables by ``table_rows`` (``APPENDIX_TABLES``) and
read back by ``table_from_results``.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

from sumsel_analysis.coverage.metrics import derived_bound
from sumsel_analysis.numbers import format_bounded, format_value

COLUMNS = ["id", "value", "unit", "lo80", "hi80", "bound", "basis", "what"]
# the key numbers of page 1, in order (the workbook's key-numbers sheet shows the same)
KEY_IDS = ("protected_persons", "coverage_pct", "gap_persons", "required_pace", "achieved_pace", "pace_ratio",
           "prob_no_policy", "no_policy_pct", "best_reachable_pct")


def _row(id_: str, value, unit: str, basis: str = "", what: str = "", lo=np.nan, hi=np.nan, bound: str = "") -> dict:
    value = np.nan if value is pd.NA else value  # a nullable column's missing value, as every other missing one
    return {"id": id_, "value": value, "unit": unit, "lo80": lo, "hi80": hi, "bound": bound or "", "basis": basis,
            "what": what}


def build_results(c) -> pd.DataFrame:
    """Every number of the brief, computed once from the content (see the module docstring for columns)."""
    k, src = c.key, c.key["sources"]
    kb = k.get("bounds", {})
    main = c.scenarios[-1][0]
    by = pd.Timestamp(main.target_by + "-01")
    proj = c.projection.set_index("period").loc[by]
    rows = [
        _row("issue_date", c.issued, "date", "", "issue date of the brief"),
        _row("sources_until", c.sources_until, "date", "sources.csv", "latest retrieval or publication date in the sources"),
        _row("latest_period", c.latest["period"], "date", c.latest["obs_id"], "date of the latest Sumsel count"),
        _row("protected_persons", k["protected_persons"], "persons", src["protected_persons"], "protected workers",
             bound=kb.get("protected_persons", "")),
        _row("coverage_pct", k["coverage_pct"], "pct", src["coverage_pct"], "coverage, percent",
             bound=kb.get("coverage_pct", "")),
        _row("base_persons", k["base_persons"], "persons", src["base_persons"], "potential workers (base)"),
        _row("target_pct", main.target_pct, "pct", src["target_pct"], "target"),
        _row("target_date", by, "date", "scenario", "target date"),
        _row("gap_persons", k["gap_persons"], "persons", f"{src['protected_persons']}; {src['base_persons']}",
             "workers to add to reach the target", bound=kb.get("gap_persons", "")),
        _row("months_left", k["months_left"], "months", "issue date", "months from the issue date to the target date"),
        _row("required_pace", k["required_pace_persons_per_month"], "persons_per_month", "gap_persons; months_left",
             "required net additions per month from the issue date", bound=kb.get("required_pace", "")),
        _row("achieved_pace", k["achieved_pace_persons_per_month"], "persons_per_month", src["achieved_pace"],
             "achieved net additions per month", bound=kb.get("achieved_pace", "")),
        _row("pace_from", k["achieved_pace_from"], "date", src["achieved_pace"], "start of the achieved-pace period"),
        _row("pace_ratio", k["required_pace_persons_per_month"] / k["achieved_pace_persons_per_month"], "ratio",
             "required_pace; achieved_pace", "required ÷ achieved pace",
             bound=derived_bound(rising=[kb.get("required_pace", "")], falling=[kb.get("achieved_pace", "")])),
        _row("prob_no_policy", c.prob_reach, "probability", "chosen forecast", "chance of the target without policy",),
        _row("no_policy_pct", float(proj["median_pct"]), "pct", "chosen forecast", "coverage at the target date without policy",
             float(proj["lo80_pct"]), float(proj["hi80_pct"])),
        _row("readings_lo", float(c.readings["value_pct"].min()), "pct", "; ".join(c.readings["obs_id"]), "lowest reading"),
        _row("readings_hi", float(c.readings["value_pct"].max()), "pct", "; ".join(c.readings["obs_id"]), "highest reading"),
        _row("readings_n", len(c.readings), "count", "; ".join(c.readings["obs_id"]), "readings in the latest year"),
        _row("stated_base", float(c.claim_check.iloc[0]["stated"]), "persons", "claims", "base stated with the claim"),
        _row("best_reachable_pct", float(c.reach.get("best_reachable_pct", c.reach.get("coverage_pct", np.nan))), "pct",
             "policy.optimise", "best coverage reachable at the target date with every lever at its ceiling"),
        _row("earliest_money", c.calendar["earliest_money"], "date", "legal_basis.csv", "first month new APBD money can flow"),
        _row("first_action", c.calendar["first_action"], "date", "issue date", "first action due (three months)"),
        _row("open_year", c.calendar["open_year"], "year", "legal_basis.csv", "first budget year still open"),
        _row("premium_unit", float(c.cost_lines["premium_unit_rupiah"].iloc[0]), "rupiah", "parameter apbd_premium_per_worker_month",
             "JKK+JKM premium per worker per month"),
        _row("premium_per_year", 12 * float(c.cost_lines["premium_unit_rupiah"].iloc[0]), "rupiah",
             "parameter apbd_premium_per_worker_month", "premium per worker per year"),
    ]
    obs = c.kabkota_gap[c.kabkota_gap["status"] == "observed"]
    rows += [_row("kabkota_observed", len(obs), "count", "; ".join(obs["obs_id"]), "kab/kota with a public coverage figure"),
             _row("kabkota_total", len(c.kabkota_gap), "count", "regions.csv", "kab/kota"),
             _row("kabkota_gap_sum", float(obs["gap_persons"].sum()), "persons", "kab/kota rows",
                  "sum of the indicative kab/kota gaps", bound=derived_bound(rising=obs.get("gap_bound", []))),
             _row("loo_hits", int(c.loo["hit"].sum()), "count", "calibration.loo_validation", "episodes inside their 80% interval"),
             _row("loo_n", len(c.loo), "count", "episodes.csv", "episodes held out")]
    for r in c.calendar["steps"].itertuples():
        rows.append(_row(f"calendar.{r.step}.{r.budget_year}", r.date, "date", r.row, f"{r.step} deadline"))
    # budget lines of the main scenario, year by year, and totals FROM those rows
    for r in c.cost_lines.itertuples():
        y = r.year
        rows += [_row(f"cost.{y}.listed_workers", r.listed_workers, "persons", "scenario", "workers on the list"),
                 _row(f"cost.{y}.premium_months", r.premium_months, "months", "scenario", "months paid in the year"),
                 _row(f"cost.{y}.premium_pagu", r.premium_pagu_rupiah, "rupiah", "listed × months × unit", "premium appropriation"),
                 _row(f"cost.{y}.premium_spend", r.premium_spend_rupiah, "rupiah", "simulation", "premiums paid (simulated)",
                      r.premium_spend_lo80, r.premium_spend_hi80),
                 _row(f"cost.{y}.admin", r.admin_rupiah, "rupiah", "parameter mandate_admin_cost_per_year",
                      "mandate administration", r.admin_lo80, r.admin_hi80),
                 _row(f"cost.{y}.apbd", r.apbd_rupiah, "rupiah", "simulation", "APBD spend", r.apbd_lo80, r.apbd_hi80),
                 _row(f"cost.{y}.csr", r.csr_rupiah, "rupiah", "simulation", "CSR"),
                 _row(f"cost.{y}.employer", r.employer_rupiah, "rupiah", "parameter ump_sumsel_2026", "employers' contributions")]
    for col, name in (("premium_pagu_rupiah", "premium_pagu"), ("premium_spend_rupiah", "premium_spend"),
                      ("admin_rupiah", "admin"), ("apbd_rupiah", "apbd"), ("csr_rupiah", "csr"),
                      ("employer_rupiah", "employer")):
        rows.append(_row(f"cost.total.{name}", float(c.cost_lines[col].sum()), "rupiah", "sum of the yearly rows",
                         f"total {name}"))
    # options: each lever alone, pairs, the combination, scenario files, least-cost mixes
    for r in c.options.itertuples():
        p = f"option.{r.key}"
        rows += [_row(f"{p}.added", r.added_persons, "persons", "simulation", "workers added (median)", r.added_lo80, r.added_hi80),
                 _row(f"{p}.coverage", r.coverage_pct, "pct", "simulation", "coverage at the target date",
                      r.coverage_lo80, r.coverage_hi80),
                 _row(f"{p}.prob", r.prob_reach, "probability", "simulation", "chance of the target with policy"),
                 _row(f"{p}.prob_without", r.prob_without, "probability", "chosen forecast", "chance without policy"),
                 _row(f"{p}.apbd", r.apbd_rupiah, "rupiah", "sum of the yearly rows", "APBD to the target date",
                      r.apbd_lo80, r.apbd_hi80),
                 _row(f"{p}.pagu", r.apbd_pagu_rupiah, "rupiah", "listed × months × unit + administration", "appropriation"),
                 _row(f"{p}.employer", r.employer_rupiah, "rupiah", "parameter ump_sumsel_2026", "employers' contributions"),
                 _row(f"{p}.csr", r.csr_rupiah, "rupiah", "simulation", "CSR"),
                 _row(f"{p}.per_added", r.apbd_per_added_rupiah, "rupiah", "apbd ÷ added", "APBD per added worker"),
                 _row(f"{p}.subsidy_workers", r.subsidy_workers, "persons", "scenario", "workers on the subsidy list")]
        if r.ttt_month is not None:
            rows.append(_row(f"{p}.ttt", r.ttt_month, "date", "simulation", "month the target is reached (median)"))
        for y, v in r.apbd_per_year.items():
            rows.append(_row(f"{p}.apbd.{y}", v, "rupiah", "simulation", f"APBD in {y}"))
    for r in c.grades.itertuples():
        rows += [_row(f"grade.{r.lever}.n_episodes", r.n_episodes, "count", "episodes.csv", "episodes"),
                 _row(f"grade.{r.lever}.n_independent", r.n_independent, "count", "episodes.csv", "independent episodes"),
                 _row(f"grade.{r.lever}.hit_rate", r.hit_rate, "probability", "calibration.loo_validation", "hit rate")]
    # kab/kota table
    for r in c.kabkota_gap.itertuples():
        p = f"kabkota.{r.bps_code}"
        rows += [_row(f"{p}.rank", r.rank, "count", "kab/kota table", f"{r.name} rank by the gap"),
                 _row(f"{p}.coverage", r.coverage_pct, "pct", r.obs_id, f"{r.name} coverage", bound=r.bound),
                 _row(f"{p}.base", r.base_persons, "persons", r.base_source, f"{r.name} base", bound=r.base_bound),
                 _row(f"{p}.base_year", r.base_as_of.year if pd.notna(r.base_as_of) else np.nan, "year", r.base_source,
                      f"{r.name} base year"),
                 _row(f"{p}.gap", r.gap_persons, "persons", f"{r.obs_id}; {r.base_source}", f"{r.name} gap (indicative)",
                      bound=r.gap_bound),
                 _row(f"{p}.subsidy", r.subsidy_to_close_rupiah_per_year, "rupiah", "gap × premium × 12",
                      f"{r.name} subsidy per year (indicative)", bound=r.gap_bound),
                 _row(f"{p}.score", r.paritrana_style_score, "score", "paritrana weights", f"{r.name} score")]
    for r in c.pace.itertuples():
        p = f"pace.{r.deadline:%Y-%m}"
        gap_bound = getattr(r, "gap_bound", "")
        rows += [_row(f"{p}.deadline", r.deadline, "date", "scenario; pace table", "deadline"),
                 _row(f"{p}.months_left", r.months_left, "months", "issue date", "months left"),
                 _row(f"{p}.required", r.required_pace_persons_per_month, "persons_per_month", "gap ÷ months", "required pace",
                      bound=gap_bound),
                 _row(f"{p}.ratio", r.ratio_required_to_achieved, "ratio", "required ÷ achieved", "ratio",
                      bound=derived_bound(rising=[gap_bound], falling=[kb.get("achieved_pace", "")]))]
    rows += [_row("target_year", by.year, "year", "scenario", "year of the target date"),
             _row("run.seed", c.seed, "code", "--seed", "random seed of the simulation"),
             _row("run.draws", c.n_draws, "count", "--draws", "Monte Carlo draws"),
             _row("active_rank.rank", c.active_rank["rank"], "count", c.active_rank["obs_id"],
                  "rank of Sumsel by active participants"),
             _row("active_rank.n", c.active_rank["n"], "count", c.active_rank["obs_id"], "provinces ranked"),
             _row("active_rank.persons", c.active_rank["active_persons"], "persons", c.active_rank["obs_id"],
                  "active participants in Sumsel"),
             _row("active_rank.share", c.active_rank["share_of_total_pct"], "pct", c.active_rank["obs_id"],
                  "Sumsel's share of all active participants"),
             _row("active_rank.as_of", c.active_rank["as_of"], "date", c.active_rank["obs_id"], "date of the ranking"),
             _row("provinces_ranked", c.provinces["n_ranked"].max(), "count", "; ".join(c.provinces["obs_id"]),
                  "provinces with a coverage figure")]
    for name, (v, unit, basis) in c.not_modelled.items():
        rows.append(_row(f"not_modelled.{name}", v, unit, basis, "a number the list of what is not modelled quotes"))
    for r in c.backtest_ranges.itertuples():  # the chosen forecast's 80% band against what calibrated bands give
        p = f"backtest_range.{r.series}"
        rows += [_row(f"{p}.n", r.n_forecasts, "count", "trends.backtest_all", "forecasts scored"),
                 _row(f"{p}.inside", r.inside80, "count", "trends.backtest_all", "actuals inside the 80% band"),
                 _row(f"{p}.coverage", r.coverage80, "share", "trends.backtest_all", "share inside the 80% band"),
                 _row(f"{p}.low", r.range80_low, "share", "trends.coverage_reference",
                      "low end of the share calibrated bands give 9 times in 10"),
                 _row(f"{p}.high", r.range80_high, "share", "trends.coverage_reference",
                      "high end of the share calibrated bands give 9 times in 10")]
    for prefix, spec in APPENDIX_TABLES.items():
        df = spec.frame(c)
        rows += table_rows(df, prefix, spec.key, spec.cols(df), spec.basis, spec.what)
    out = pd.DataFrame(rows, columns=COLUMNS)
    dup = out["id"][out["id"].duplicated()]
    if len(dup):
        raise ValueError(f"results: duplicate ids {sorted(set(dup))}")
    return out


# ---- the Lampiran's tables as results rows --------------------------------------------------------------

@dataclass(frozen=True)
class TableSpec:
    """A table of the Lampiran as results rows ``{prefix}.{key}.{name}``: ``frame(content)`` gives the tidy
    table, ``key`` its row-naming column, ``cols(content)`` maps name → (column, unit) or (column, unit, lo80
    column, hi80 column) given the table (``unit`` may be a function of the row), ``basis(row)`` the raw rows or assumption
    the row comes from and ``what`` a plain description."""

    frame: Callable
    key: str
    cols: Callable
    basis: Callable
    what: str


def _loo_unit(r: dict) -> str:
    """An episode's outcome unit as a results unit (share, ratio, percentage points, persons, firms)."""
    return {"share": "share", "ratio": "ratio", "percentage_points": "points"}.get(r["observed_unit"], "persons")


def _claim_frame(c) -> pd.DataFrame:
    """The claims check with its row number and the numbers its label names (target percent, alternative base)."""
    from sumsel_analysis.report.summary import claim_numbers

    parts = pd.DataFrame([claim_numbers(x) for x in c.claim_check["check"]], index=c.claim_check.index)
    return c.claim_check.join(parts).reset_index(names="row")


APPENDIX_TABLES = {
    "denominator": TableSpec(lambda c: c.denominators, "denominator",
                             lambda d: {"persons": ("value_persons", "persons"), "coverage": ("coverage_pct", "pct")},
                             lambda r: str(r["source"]), "denominator of coverage"),
    "province": TableSpec(lambda c: c.provinces, "geo_code",
                          lambda d: {"rank": ("rank", "count"), "coverage": ("coverage_pct", "pct"), "as_of": ("as_of", "date")},
                          lambda r: r["obs_id"], "province coverage ranking"),
    "score": TableSpec(lambda c: c.scores, "bps_code",
                       lambda d: {k.removeprefix("score_"): (k, "score") for k in d if k.startswith("score_")},
                       lambda r: "paritrana_weights.csv; regional_indicators.csv", "score component (0–1)"),
    "backtest": TableSpec(lambda c: c.backtest, "model",
                          lambda d: {"n_province": ("n_province", "count"), "mae_province": ("mae_province_pp", "points"),
                                     "coverage80_province": ("coverage80_province", "probability"),
                                     "n_all": ("n_all", "count"), "crps_all": ("crps_all", "number"),
                                     "coverage80_all": ("coverage80_all", "probability")},
                          lambda r: "trends.backtest_all", "rolling-origin backtest"),
    "ledger": TableSpec(lambda c: c.track_record, "metric",
                        lambda d: {"n_scored": ("n_scored", "count"), "coverage80": ("coverage80", "probability"),
                                   "crps": ("crps_scale", "number")},
                        lambda r: "ledger/forecasts.csv", "forecast ledger track record"),
    "loo": TableSpec(lambda c: c.loo, "episode_id",
                     lambda d: {"observed": ("observed", _loo_unit),
                                "predicted": ("predicted_median", _loo_unit, "predicted_lo80", "predicted_hi80")},
                     lambda r: f"episodes.csv {r['episode_id']}", "held-out episode"),
    "assumption": TableSpec(lambda c: c.assumptions, "name",
                            lambda d: {"low": ("value_low", "param"), "central": ("value_used", "param"),
                                       "high": ("value_high", "param")},
                            lambda r: f"parameter {r['name']}", "assumption range"),
    "claim": TableSpec(_claim_frame, "row",
                       lambda d: {"stated": ("stated", "number"), "implied": ("implied", "number"),
                                  "target": ("target_pct", "pct"), "alt_base": ("alt_base", "persons")},
                       lambda r: str(r["claim"]), "claims check"),
    "contradiction": TableSpec(lambda c: c.contradictions.reset_index(names="row"), "row",
                               lambda d: {"period": ("period", "date")}, lambda r: str(r["obs_ids"]),
                               "contradiction between sources"),
}


def table_rows(df: pd.DataFrame, prefix: str, key: str, cols: dict, basis: Callable, what: str = "") -> list[dict]:
    """A tidy table as results rows ``{prefix}.{row's key}.{name}`` (see ``TableSpec``)."""
    out = []
    for r in df.to_dict("records"):
        for name, (col, unit, *interval) in cols.items():
            lo, hi = (r[interval[0]], r[interval[1]]) if interval else (np.nan, np.nan)
            out.append(_row(f"{prefix}.{r[key]}.{name}", r[col], unit(r) if callable(unit) else unit, basis(r),
                            what, lo, hi))
    return out


def table_from_results(results: pd.DataFrame, prefix: str, part: str = "value") -> pd.DataFrame:
    """The rows ``{prefix}.{key}.{name}`` back as a table: one row per key (index, as text), a column per name;
    ``part``: the values, or their ``lo80`` / ``hi80``."""
    part_rows = results[results["id"].str.startswith(prefix + ".")]
    ids = part_rows["id"].str.removeprefix(prefix + ".").str.rsplit(".", n=1, expand=True)
    return (part_rows.assign(key=ids[0].to_numpy(), name=ids[1].to_numpy())
            .pivot(index="key", columns="name", values=part))


def frame_from_results(results: pd.DataFrame, prefix: str, df: pd.DataFrame) -> pd.DataFrame:
    """``df`` (the content's table behind ``APPENDIX_TABLES[prefix]``) with every column the results hold
    taken from the results table (values and 80% intervals): a workbook sheet shows the brief's numbers."""
    spec = APPENDIX_TABLES[prefix]
    keys = (df[spec.key] if spec.key in df else pd.Series(df.index, index=df.index)).astype(str)
    out = df.copy()
    tables = {p: table_from_results(results, prefix, p) for p in ("value", "lo80", "hi80")}
    for name, (col, _unit, *interval) in spec.cols(df).items():
        for c, p in ((col, "value"), *zip(interval, ("lo80", "hi80"))):
            if c in out:
                new = keys.map(tables[p][name])  # a missing value keeps the table's own marker (NaN, NA, NaT)
                out[c] = new.mask(df[c].isna(), df[c]).astype(df[c].dtype)
    return out


def value(results: pd.DataFrame, id_: str):
    """The value of one result (KeyError naming the id when missing)."""
    hit = results.loc[results["id"] == id_, "value"]
    if hit.empty:
        raise KeyError(f"no result {id_!r}")
    return hit.iloc[0]


def fmt(results: pd.DataFrame, id_: str, lang: str, digits: int | None = None, part: str = "value") -> str:
    """A result formatted in ``lang``: its value, or ``part='lo80'`` / ``'hi80'`` / ``'interval'``."""
    row = results.loc[results["id"] == id_]
    if row.empty:
        raise KeyError(f"no result {id_!r}")
    row = row.iloc[0]
    if part == "interval":
        return f"{format_value(row['lo80'], row['unit'], lang, digits)}–{format_value(row['hi80'], row['unit'], lang, digits)}"
    text = format_value(row[part], row["unit"], lang, digits)
    return format_bounded(text, row["bound"] or None) if part == "value" else text


# ---- the same table for the notebooks: built once per inputs, cached ---------------------------------------

# the brief's scenarios (the Makefile's SCENARIOS); the last one is the main scenario
BRIEF_SCENARIOS = ("mandate_renewal_only.yaml", "subsidy_sustained.yaml", "combined_mandate_subsidy_csr.yaml")


def _to_json(results: pd.DataFrame) -> str:
    out = results.copy()
    is_date = out["value"].map(lambda v: isinstance(v, pd.Timestamp) and not pd.isna(v))
    out["value_date"] = [v.isoformat() if d else None for v, d in zip(out["value"], is_date)]
    # a missing date (NaT: e.g. a target never reached) is stored as a missing value, like a missing number
    out["value"] = [np.nan if d or v is pd.NaT or v is None else float(v) for v, d in zip(out["value"], is_date)]
    return out.to_json(orient="records", double_precision=15)


def _from_json(text: str) -> pd.DataFrame:
    out = pd.DataFrame(json.loads(text))
    out["value"] = [pd.Timestamp(d) if isinstance(d, str) else (np.nan if v is None else v)
                    for v, d in zip(out["value"], out["value_date"])]
    for c in ("lo80", "hi80"):
        out[c] = pd.to_numeric(out[c])
    return out[COLUMNS]


def load_results(scenario_paths=None, n_draws: int = 5000, seed: int = 20251204, issued=None) -> pd.DataFrame:
    """The brief's results table for the notebooks' conclusions: built with ``content.build_content`` (the
    brief's scenarios, draws and seed by default) once per inputs and cached in ``data/cache/``.

    The cache key hashes the processed data's manifest, the scenario files, ``n_draws``, ``seed``, the issue
    date, the package version and the lever calibration's key (its draw count and seed are code, not data), so a
    notebook never shows numbers of other inputs.
    """
    from sumsel_analysis import __version__
    from sumsel_analysis.data import paths
    from sumsel_analysis.data.build import ensure_built
    from sumsel_analysis.data.safe_io import write_text_atomic
    from sumsel_analysis.report.calendar import issue_date
    from sumsel_analysis.report.content import build_content

    scen = [Path(p) for p in (scenario_paths or [paths.ROOT / "scenarios" / n for n in BRIEF_SCENARIOS])]
    day = issue_date(issued)
    from sumsel_analysis.policy import calibration

    manifest = ensure_built()
    h = hashlib.sha256(json.dumps({"m": manifest.get("outputs", manifest), "s": [p.read_text() for p in scen],
                                   "columns": COLUMNS,
                                   "n": n_draws, "seed": seed, "issued": f"{day:%Y-%m-%d}", "v": __version__,
                                   "c": calibration.load_calibration().key,
                                   # the code that computes the rows (a new row must not meet an old cache)
                                   "code": [(Path(__file__).parent / f).read_text() for f in ("results.py", "content.py")]},
                                  sort_keys=True, default=str).encode()).hexdigest()[:20]
    path = paths.ROOT / "data" / "cache" / f"results-{h}.json"
    if path.exists():
        return _from_json(path.read_text())
    results = build_results(build_content(scen, n_draws=n_draws, seed=seed, issued=day))
    write_text_atomic(path, _to_json(results))
    return results


def conclusions(results: pd.DataFrame, notebook: str, lang: str = "en") -> str:
    """A notebook's conclusions as Markdown bullets: catalogue sentences ``nb.<notebook>.conclusion.N``
    whose placeholders name result ids (``{gap_persons}``, ``{option.mandate.per_added}`` …), formatted here."""
    from sumsel_analysis.i18n import catalogue

    cat = catalogue()
    keys = sorted((k for k in cat if k.startswith(f"nb.{notebook}.conclusion.")), key=lambda k: int(k.rsplit(".", 1)[1]))
    if not keys:
        raise KeyError(f"no conclusions for notebook {notebook!r} in the catalogue")
    return "\n".join(f"- {fill(cat[k][lang], results, lang)}" for k in keys)


def fill(text: str, results: pd.DataFrame, lang: str, prefix: str = "") -> str:
    """``text`` with each placeholder ``{id}`` formatted from the results table: ``{id:2}`` with two decimals,
    ``{id:lo}`` / ``{id:hi}`` the 80% interval's ends; ``prefix`` is put before each id
    (``not_modelled.``)."""
    def one(m: re.Match) -> str:
        id_, _, spec = m.group(1).partition(":")
        part = {"lo": "lo80", "hi": "hi80"}.get(spec, "value")
        return fmt(results, prefix + id_, lang, int(spec) if spec.isdigit() else None, part)

    return re.sub(r"\{([^{}]+)\}", one, text)


def not_modelled_items(results: pd.DataFrame, lang: str) -> list[dict]:
    """What the simulator leaves out, in ``lang`` (``item``, ``why``), numbers from the results table."""
    from sumsel_analysis.policy.omissions import TEXT_KEYS, not_modelled_raw

    item, why = TEXT_KEYS[lang]
    return [{"item": fill(r[item], results, lang, "not_modelled."), "why": fill(r[why], results, lang, "not_modelled.")}
            for r in not_modelled_raw()]
