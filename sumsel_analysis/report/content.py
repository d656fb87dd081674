"""Assemble everything a brief shows, from the library, with the provenance of every number.

``build_content`` computes the language-independent numbers and tables once (metrics, projection,
scenarios, costs per year, kab/kota ranking, province comparison, legal basis, claims, assumptions)
and records which raw rows (obs_ids) and parameters they use; ``figures`` draws the charts in one
language as SVG and returns each chart's source line as text (shown under the chart, not inside it).
Nothing here formats text: that is ``report.summary``'s and the template's job.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # reports are written by scripts: no display
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from sumsel_analysis import __version__, policy, trends  # noqa: E402
from sumsel_analysis.coverage import charts as coverage_charts  # noqa: E402
from sumsel_analysis.coverage import industry, metrics, regional  # noqa: E402
from sumsel_analysis.data import claims, loaders  # noqa: E402
from sumsel_analysis.data.build import ensure_built  # noqa: E402
from sumsel_analysis.policy import charts as policy_charts  # noqa: E402
from sumsel_analysis.policy import calibration, evidence, mechanics, omissions, optimise  # noqa: E402
from sumsel_analysis.data.loaders import parameter  # noqa: E402
from sumsel_analysis.report import calendar as budget_cal  # noqa: E402
from sumsel_analysis.trends.model import QUANTILES  # noqa: E402
from sumsel_analysis.plotting import pop_source_notes  # noqa: E402
from sumsel_analysis.policy.model import MODEL_PARAMS  # noqa: E402
from sumsel_analysis.trends import charts as forecast_charts  # noqa: E402
from sumsel_analysis.trends import ledger  # noqa: E402

OBS_ID = r"\b[CLN]\d{4}\b"


@dataclass
class ReportContent:
    """Numbers and tables behind a brief (language-independent) plus their provenance."""

    data_date: str
    version: str
    key: dict
    prob_reach: float
    pace: pd.DataFrame
    denominators: pd.DataFrame
    segments: pd.DataFrame
    waterfall: pd.DataFrame
    industry: pd.DataFrame
    kabkota: pd.DataFrame
    scores: pd.DataFrame
    projection: pd.DataFrame
    series: pd.DataFrame
    fit: trends.TrendFit
    scenarios: list
    scenario_table: pd.DataFrame
    claim_check: pd.DataFrame
    contradictions: pd.DataFrame
    assumptions: pd.DataFrame
    seed: int
    n_draws: int
    cost_per_year: pd.DataFrame = field(default_factory=pd.DataFrame)
    unit_costs: dict = field(default_factory=dict)
    kabkota_gap: pd.DataFrame = field(default_factory=pd.DataFrame)
    provinces: pd.DataFrame = field(default_factory=pd.DataFrame)
    active_rank: dict = field(default_factory=dict)
    legal: pd.DataFrame = field(default_factory=pd.DataFrame)
    reach: dict = field(default_factory=dict)
    backtest: pd.DataFrame = field(default_factory=pd.DataFrame)
    track_record: pd.DataFrame = field(default_factory=pd.DataFrame)  # the forecast ledger's scored entries, by metric
    loo: pd.DataFrame = field(default_factory=pd.DataFrame)
    readings: pd.DataFrame = field(default_factory=pd.DataFrame)
    obs_ids: set = field(default_factory=set)
    parameters: set = field(default_factory=set)
    issued: pd.Timestamp | None = None
    calendar: dict = field(default_factory=dict)
    conflicts: pd.DataFrame = field(default_factory=pd.DataFrame)
    options: pd.DataFrame = field(default_factory=pd.DataFrame)
    grades: pd.DataFrame = field(default_factory=pd.DataFrame)
    cost_lines: pd.DataFrame = field(default_factory=pd.DataFrame)
    least_cost: dict = field(default_factory=dict)
    latest: dict = field(default_factory=dict)
    sources_until: pd.Timestamp | None = None
    # the chosen forecast's 80% band in the backtest, Sumsel and pooled (``trends.backtest_summary``: inside80 of
    # n_forecasts, and range80_low–range80_high, what exactly right forecast distributions give 9 times in 10)
    backtest_ranges: pd.DataFrame = field(default_factory=pd.DataFrame)
    # the numbers the list of what is not modelled quotes (``policy.omissions.not_modelled_numbers``)
    not_modelled: dict = field(default_factory=dict)

    def sources_appendix(self, sources: pd.DataFrame, coverage: pd.DataFrame, labour: pd.DataFrame,
                         params: pd.DataFrame, national: pd.DataFrame | None = None,
                         episodes: pd.DataFrame | None = None) -> pd.DataFrame:
        """One row per figure shown: id, what it is, publisher, date, URL (raw rows, national panel, parameters,
        legal instruments, the held-out episodes), with what the grouping of the sources list reads: the
        data file (``table``), ``source_id`` (';'-separated), the source's ``title`` and the rows' own
        ``segment``, ``geo_level``, ``lever`` and ``topic``."""
        titles = sources.set_index("source_id")["title"]
        title = lambda ids: "; ".join(str(titles.get(i, "")) for i in str(ids).split(";") if i)  # noqa: E731
        blank = {"metric": "", "period": pd.NaT, "segment": "", "geo_level": "", "lever": "", "topic": "", "source_id": ""}
        named = [("coverage_observations", coverage), ("labour_observations", labour)] + (
            [("national_observations", national)] if national is not None else [])
        obs = pd.concat([d.reindex(columns=["obs_id", "source_id", "metric", "period", "segment", "geo_level"])
                         .assign(table=n) for n, d in named], ignore_index=True)
        obs = obs[obs["obs_id"].isin(self.obs_ids)].merge(sources, on="source_id", how="left")
        rows = [{**blank, "id": r.obs_id, "what": f"{r.metric} ({r.period:%Y-%m})", "publisher": r.publisher,
                 "date": r.published_date or "", "url": r.url or "", "kind": "observation", "metric": r.metric,
                 "period": r.period, "table": r.table, "source_id": r.source_id, "title": r.title,
                 "segment": r.segment if isinstance(r.segment, str) else "", "geo_level": r.geo_level}
                for r in obs.itertuples()]
        par = params[params["name"].isin(self.parameters)]
        for r in par.itertuples():
            sid = r.source_id if isinstance(r.source_id, str) else ""
            rows.append({**blank, "id": r.name, "what": r.description, "publisher": r.publisher,
                         "date": r.published_date or "", "url": r.source_url or "",
                         "kind": "assumption" if r.evidence == "assumption" else r.evidence, "table": "parameters",
                         "source_id": sid, "title": title(sid)})
        for r in (self.legal.itertuples() if len(self.legal) else ()):
            rows.append({**blank, "id": r.instrument_id, "what": r.instrument,
                         "publisher": r.publisher if isinstance(r.publisher, str) else "",
                         "date": r.published_date if isinstance(r.published_date, str) else "",
                         "url": r.url if isinstance(r.url, str) else "", "kind": "legal", "table": "legal_basis",
                         "title": r.instrument, "topic": r.topic})
        held_out = set(self.loo["episode_id"]) if len(self.loo) else set()
        for r in (episodes[episodes["episode_id"].isin(held_out)].itertuples() if episodes is not None else ()):
            rows.append({**blank, "id": r.episode_id, "what": r.region_name, "publisher": r.publisher,
                         "date": r.published_date if isinstance(r.published_date, str) else "",
                         "url": r.source_url if isinstance(r.source_url, str) else "", "kind": "episode",
                         "table": "episodes", "source_id": r.source_ids, "title": title(r.source_ids), "lever": r.lever})
        return pd.DataFrame(rows).sort_values(["kind", "id"]).reset_index(drop=True)


def _ids(values) -> set[str]:
    out = set()
    for v in values:
        out |= set(pd.Series([str(v)]).str.findall(OBS_ID).iloc[0])
    return out


def no_policy_projection(result) -> pd.DataFrame:
    """The one no-policy path (the chosen forecast's draws the policy effects are paired with): monthly
    median and 50/80/95% bands in percent, the columns of ``TrendFit.forecast``."""
    q = np.quantile(result.baseline_pct, list(QUANTILES.values()), axis=0)
    out = pd.DataFrame({(f"{k}_pct" if k != "median" else "median_pct"): q[i] for i, k in enumerate(QUANTILES)})
    out.insert(0, "period", result.months)
    return out.assign(is_projection=True)


def _pairs(levers: dict) -> list[dict]:
    names = list(levers)
    return [{a: levers[a], b: levers[b]} for i, a in enumerate(names) for b in names[i + 1:]]


def funded_list(sub: dict, months: pd.DatetimeIndex, unit: float) -> np.ndarray:
    """Workers on the funded subsidy list in each simulated month (persons), as the scenario appropriates it:
    a budget-year ``schedule`` (``mechanics.schedule_funded``), or ``workers`` (or the yearly budget ÷
    (premium × 12), as the lever model reads it) for ``months`` months from ``start``. The premium ceiling of a
    year is the sum of its months × the unit premium, i.e. listed workers × months × unit for a constant list."""
    if sub.get("schedule"):
        return mechanics.schedule_funded(months.year.to_numpy(), months.month.to_numpy(), sub["schedule"])[0]
    first = pd.Timestamp(sub["start"] + "-01")
    on = (months >= first) & (months < first + pd.DateOffset(months=int(sub.get("months") or 12)))
    listed = float(sub["workers"]) if sub.get("workers") is not None else float(sub["budget_rupiah_per_year"]) / (unit * 12)
    return np.where(on, listed, 0.0)


def cost_lines(result, params: pd.DataFrame, until: str | None = None) -> pd.DataFrame:
    """APBD money by calendar year a budget office can check, up to ``until`` (default the target date).

    Columns: year, listed_workers, premium_months (worker-months on the list paid in that year),
    premium_unit_rupiah (per worker per month), premium_pagu_rupiah (= listed workers × months × unit: the
    appropriation), premium_spend_rupiah / _lo80 / _hi80 (simulated premiums actually paid: take-up after
    verification), admin_rupiah / _lo80 / _hi80 (mandate administration), apbd_rupiah / _lo80 / _hi80
    (premiums paid + administration), csr_rupiah, employer_rupiah. A total row is NOT included: totals are
    sums of these rows (``cost_totals``).
    """
    end = result._month(until or result.scenario.target_by)
    months = result.months[: end + 1]
    unit = parameter(params, "apbd_premium_per_worker_month")
    sub = result.scenario.levers.get("subsidy")
    premium = result.subsidy_paid_workers[:, : end + 1] * unit
    admin = result.budget_cost[:, : end + 1] - premium
    base = policy.budget.cost_per_year(result, params, until)
    rows = []
    funded = funded_list(sub, months, unit) if sub else np.zeros(len(months))
    for year in sorted(set(months.year)):
        m = np.flatnonzero(months.year == year)
        listed, months_on = float(funded[m].max()), int((funded[m] > 0).sum())
        q = lambda a: (float(np.median(a[:, m].sum(axis=1))), float(np.quantile(a[:, m].sum(axis=1), 0.1)),  # noqa: E731
                       float(np.quantile(a[:, m].sum(axis=1), 0.9)))
        b = base[base["year"] == year].iloc[0]
        rows.append({"year": int(year), "listed_workers": listed, "premium_months": months_on,
                     "premium_unit_rupiah": unit, "premium_pagu_rupiah": float(funded[m].sum()) * unit,
                     **dict(zip(("premium_spend_rupiah", "premium_spend_lo80", "premium_spend_hi80"), q(premium))),
                     **dict(zip(("admin_rupiah", "admin_lo80", "admin_hi80"), q(admin))),
                     **dict(zip(("apbd_rupiah", "apbd_lo80", "apbd_hi80"), q(result.budget_cost[:, : end + 1]))),
                     "csr_rupiah": float(b["csr_rupiah"]), "employer_rupiah": float(b["employer_contribution_rupiah"]),
                     "added_persons_end_of_year": float(b["added_persons_end_of_year"])})
    return pd.DataFrame(rows)


def cost_totals(lines: pd.DataFrame) -> dict:
    """Totals of the yearly cost lines: each money column summed over the years (nothing recomputed)."""
    cols = ["premium_pagu_rupiah", "premium_spend_rupiah", "admin_rupiah", "apbd_rupiah", "csr_rupiah", "employer_rupiah"]
    return {c: float(lines[c].sum()) for c in cols}


def _option_row(key: str, kind: str, s, r, params, grades: pd.DataFrame) -> dict:
    at = r._month(s.target_by)
    eff = r.effect[:, at]
    lines = cost_lines(r, params)
    tot = cost_totals(lines)
    spend = r.budget_cost[:, : at + 1].sum(axis=1)
    added = float(np.median(eff))
    g = grades.set_index("lever")["grade"]
    return {"key": key, "kind": kind, "scenario": s.name, "name_id": s.name_id, "levers": ", ".join(s.levers),
            "grades": ", ".join(f"{g.get(k, 'D')}" for k in s.levers),
            "added_persons": added, "added_lo80": float(np.quantile(eff, 0.1)), "added_hi80": float(np.quantile(eff, 0.9)),
            "coverage_pct": float(np.median(r.coverage_pct[:, at])),
            "coverage_lo80": float(np.quantile(r.coverage_pct[:, at], 0.1)),
            "coverage_hi80": float(np.quantile(r.coverage_pct[:, at], 0.9)),
            "prob_without": r.prob_reach_without_policy(), "prob_reach": r.prob_reach(),
            "apbd_rupiah": tot["apbd_rupiah"], "apbd_lo80": float(np.quantile(spend, 0.1)),
            "apbd_hi80": float(np.quantile(spend, 0.9)), "apbd_pagu_rupiah": tot["premium_pagu_rupiah"] + tot["admin_rupiah"],
            "apbd_per_year": {int(y): float(v) for y, v in zip(lines["year"], lines["apbd_rupiah"])},
            "employer_rupiah": tot["employer_rupiah"], "csr_rupiah": tot["csr_rupiah"],
            "apbd_per_added_rupiah": tot["apbd_rupiah"] / added if added > 0 else float("nan"),
            "ttt_month": r.time_to_target()["month"], "target_pct": s.target_pct, "target_by": s.target_by,
            "subsidy_workers": float(funded_list(s.levers["subsidy"], r.months, parameter(params, "apbd_premium_per_worker_month"))
                                     .max()) if "subsidy" in s.levers else 0.0,
            "description": s.description, "description_id": s.description_id}


def build_content(scenario_paths: list[Path], n_draws: int = 2000, seed: int = 20251204,
                  target_by: str | None = None, issued: str | pd.Timestamp | None = None) -> ReportContent:
    """Compute everything a brief needs. Scenario files are validated against the parameter table.

    ``issued`` is the issue date (default ``calendar.issue_date()``: SOURCE_DATE_EPOCH or today); the
    pace, months left and the budget calendar run from it.
    """
    issued = budget_cal.issue_date(issued)
    manifest = ensure_built()
    cov = loaders.load_processed("coverage_observations")
    lab = loaders.load_processed("labour_observations")
    params = loaders.load_parameters()
    scenarios = [policy.load_scenario(p, params) for p in scenario_paths]
    main = scenarios[-1]  # the last scenario given is the brief's main one
    first = trends.province_series(cov, params=params)["period"].max() + pd.offsets.MonthBegin(1)
    n_months = max(len(pd.date_range(s.start + "-01" if s.start else first, s.horizon + "-01", freq="MS"))
                   for s in scenarios)
    policy.check_run_size(n_draws, n_months, len(scenarios) + (len(main.levers) if len(main.levers) > 1 else 0))
    by = target_by or main.target_by
    deadline = pd.Timestamp(by + "-01") + pd.offsets.MonthEnd(0)
    key = metrics.key_numbers(cov, lab, params, target_pct=main.target_pct, deadline=f"{deadline:%Y-%m-%d}",
                              today=issued)
    # pace and months left run from the issue date (no newer count than the latest one exists)
    months_left = metrics.months_between(issued, deadline)
    key.update(months_left=months_left, required_pace_persons_per_month=key["gap_persons"] / months_left
               if months_left > 0 else float("inf"))
    pace = metrics.pace_table({**key, "as_of": issued}, deadlines=tuple(sorted({f"{deadline:%Y-%m-%d}", "2027-12-31",
                                                                               "2029-12-31"})))
    pace = pace[pace["deadline"] > issued].reset_index(drop=True)
    cal = budget_cal.budget_calendar(loaders.load_legal_basis(), issued)
    series = trends.province_series(cov, params=params)
    fit = trends.fit_trend(series, params, seed=seed)
    horizon = max(s.horizon for s in scenarios)
    baseline = trends.baseline_projection(cov, params, until=horizon, n_paths=2000, seed=seed, model="chosen")
    alone = [main.with_levers({k: v}, name=k) for k, v in main.levers.items()] if len(main.levers) > 1 else []
    pairs = [main.with_levers(lv, name=" + ".join(lv)) for lv in _pairs(main.levers)] if len(main.levers) > 2 else []
    runs = [*alone, *scenarios]
    results = [policy.simulate(s, params, baseline, n_draws=n_draws, seed=seed) for s in runs]
    pair_results = [policy.simulate(s, params, baseline, n_draws=n_draws, seed=seed) for s in pairs]
    main_result = results[-1]
    projection = no_policy_projection(main_result)
    prob = main_result.prob_reach_without_policy()
    grades = evidence.lever_grades()
    # least-cost mixes (and the best reachable) start when new APBD money can first flow
    start = f"{cal['earliest_money']:%Y-%m}"
    least = {}
    for tgt in sorted({40.0, 45.0, float(main.target_pct)}):
        mix = optimise.least_cost_mix(tgt, by, float("inf"), params, baseline, start=start, horizon=main.horizon)
        if mix.get("feasible"):
            lv = {}
            if mix["mandate"]:
                lv["mandate"] = {"start": start, "events": ["new_nib", "permits_tenders"]}
            if mix["subsidy_workers"] > 0:
                months = (pd.Period(by, "M") - pd.Period(start, "M")).n + 1
                lv["subsidy"] = {"start": start, "workers": int(-(-mix["subsidy_workers"] // 1000) * 1000),
                                 "months": months, "delivery": "list_based", "targeting": "deciles_1_3"}
            s = main.with_levers(lv, name=f"least_cost_{tgt:g}")
            s = policy.Scenario(**{**s.__dict__, "target_pct": tgt})
            mix["scenario"], mix["result"] = s, policy.simulate(s, params, baseline, n_draws=n_draws, seed=seed)
        least[tgt] = mix
    option_rows = [_option_row(s.name, "single", s, r, params, grades) for s, r in zip(alone, results)]
    option_rows += [_option_row(s.name, "pair", s, r, params, grades) for s, r in zip(pairs, pair_results)]
    option_rows += [_option_row(s.name, "combined" if s is main else "file", s, r, params, grades)
                    for s, r in zip(scenarios, results[len(alone):])]
    option_rows += [_option_row(f"least_cost_{t:g}", "least_cost", m["scenario"], m["result"], params, grades)
                    for t, m in least.items() if m.get("feasible") and t != float(main.target_pct)]
    rows = []
    for s, r in zip(runs, results):
        sm, ttt = r.summary(), r.time_to_target()
        at = r._month(s.target_by)
        rows.append({"scenario": s.name, "name_id": s.name_id, "levers": ", ".join(s.levers), "is_single_lever": s in alone,
                     "added_persons": sm["effect_at_target_date_persons"],
                     "added_lo80": sm["effect_at_target_date_lo80_persons"],
                     "added_hi80": sm["effect_at_target_date_hi80_persons"],
                     "prob_without": sm["prob_reach_without_policy"], "prob_difference": sm["prob_reach_difference"],
                     "coverage_pct": sm["coverage_at_target_date_pct"],
                     "coverage_lo80": float(np.quantile(r.coverage_pct[:, at], 0.1)),
                     "coverage_hi80": float(np.quantile(r.coverage_pct[:, at], 0.9)),
                     "budget_rupiah": sm["regional_budget_total_rupiah"], "csr_rupiah": sm["csr_total_rupiah"],
                     "cost_per_worker_year": sm["cost_per_worker_year_rupiah"], "ttt_month": ttt["month"],
                     "ttt_lo80": ttt["month_lo80"], "ttt_hi80": ttt["month_hi80"],
                     "prob_reach": sm["prob_reach_by_target_date"], "target_pct": s.target_pct, "target_by": s.target_by,
                     "seed": r.seed, "n_draws": r.n_draws, "description": s.description,
                     "description_id": s.description_id})
    kab = regional.kabkota_coverage(cov, loaders.load_regions())
    scores = regional.paritrana_scores(kab, loaders.load_regional_indicators(), loaders.load_paritrana_weights())
    dec = claims.check_claim(claims.december_2025_claim(cov))
    contra = loaders.load_processed("contradictions")
    contra = contra[contra["geo_code"].eq("16")].reset_index(drop=True)
    waterfall = metrics.waterfall_table(cov, params)
    ind = industry.estimate_coverage_by_industry(lab, params, cov)
    used_params = set(MODEL_PARAMS) | {"sumsel_worker_potential", "tni_polri_personnel_sumsel", "ump_sumsel_2026",
                                       "mandate_employer_contribution_pct_of_wage"} | {
        n for n in params["name"] if n.startswith(("formal_share_", "forecast_"))}
    resolved = results[-1].resolved
    assumptions = params[params["name"].isin(used_params)][["name", "description", "value_low", "value_central",
                                                            "value_high", "unit_code", "evidence", "publisher"]].copy()
    assumptions = assumptions.merge(resolved[["central"]].rename(columns={"central": "value_used"}),
                                    left_on="name", right_index=True, how="left")
    # the value the model uses: the calibrated or resolved central where there is one, else the table's central
    assumptions["value_used"] = assumptions["value_used"].fillna(assumptions["value_central"])
    denominators = metrics.coverage_by_denominator(cov, lab, params)
    dens = denominators.set_index("denominator")["value_persons"]
    national = loaders.load_national()
    kab_gap = regional.kabkota_gap_table(
        kab, cov, lab, scores, main.target_pct, loaders.parameter(params, "apbd_premium_per_worker_month"),
        potential_per_employed=float(dens["bpjs_potential"] / dens["bps_employed"]), as_of=key["as_of"])
    # the firm stock a licensing gate meets in each kab/kota and its basis (own count by size / own census total /
    # the province's scaled), with the count's year and rows
    firms = policy.model.region_firm_table(lab, params, kab_gap["bps_code"]).rename(columns={"geo_code": "bps_code"})
    kab_gap = kab_gap.merge(firms[["bps_code", "firm_basis", "firm_year", "firm_obs_ids"]], on="bps_code", how="left")
    reach = least[float(main.target_pct)]
    readings = series[series["period"].dt.year == key["as_of"].year][["period", "value_pct", "obs_id"]]
    backtest = trends.backtest_all(cov, national, params, seed=seed)
    content = ReportContent(
        data_date=manifest["data_date"], version=__version__, key=key, prob_reach=prob, pace=pace,
        denominators=denominators, segments=metrics.segment_table(cov),
        waterfall=waterfall, industry=ind, kabkota=kab, scores=scores, projection=projection, series=series, fit=fit,
        scenarios=list(zip(runs, results)), scenario_table=pd.DataFrame(rows), claim_check=dec, contradictions=contra,
        assumptions=assumptions.reset_index(drop=True), seed=seed, n_draws=n_draws,
        cost_per_year=policy.budget.cost_per_year(main_result, params), unit_costs=policy.budget.unit_costs(main_result, params),
        kabkota_gap=kab_gap, provinces=regional.province_comparison(national, key["geo_code"]),
        active_rank=regional.active_participants_rank(national, key["geo_code"]), legal=loaders.load_legal_basis(),
        reach=reach, backtest=trends.headline_table(backtest), backtest_ranges=backtest_ranges(backtest),
        not_modelled=omissions.not_modelled_numbers(params),
        track_record=ledger.track_record_summary(ledger.track_record(cov, params)),
        loo=calibration.loo_validation(params),
        readings=readings.reset_index(drop=True), issued=issued, calendar=cal,
        conflicts=budget_cal.scenario_conflicts(scenarios, cal), options=pd.DataFrame(option_rows), grades=grades,
        cost_lines=cost_lines(main_result, params), least_cost=least,
        latest=_latest_figure(cov, key), sources_until=_sources_until(loaders.load_sources(), cov))
    content.obs_ids = (_ids(key["sources"].values()) | _ids(waterfall["source"]) | set(content.segments["obs_id"])
                       | set(kab.loc[kab["obs_id"] != "", "obs_id"]) | set(series["obs_id"]) | _ids(contra["obs_ids"])
                       | set(cov.loc[cov["publisher"] == claims.DEC_2025_SOURCE_PUBLISHER, "obs_id"])
                       | _ids(content.denominators["source"]) | set(ind["source"]) | set(ind["total_source"])
                       | set(kab_gap["base_source"].replace("", np.nan).dropna()) | set(content.provinces["obs_id"])
                       | {content.active_rank["obs_id"]} | set(readings["obs_id"]) | _ids(kab_gap["firm_obs_ids"]))
    content.parameters = used_params
    return content


HEADLINE_SERIES = "16 coverage_pct"  # the Sumsel series of the backtest (``trends.headline_table``'s default)


def backtest_ranges(detail: pd.DataFrame) -> pd.DataFrame:
    """The chosen forecast's 80% band in the rolling-origin backtest, for Sumsel (``sumsel``) and every series
    pooled (``all``): n_forecasts, inside80, coverage80 and the range exactly right forecast distributions give
    9 times in 10 (range80_low, range80_high: ``trends.backtest_summary``, ``trends.coverage_reference``)."""
    s = trends.backtest_summary(detail[detail["model"] == "chosen"])
    s = s[s["series_id"].isin([HEADLINE_SERIES, "all"])]
    return (s.assign(series=s["series_id"].map({HEADLINE_SERIES: "sumsel", "all": "all"}))
            [["series", "n_forecasts", "inside80", "coverage80", "range80_low", "range80_high"]].reset_index(drop=True))


def _latest_figure(cov: pd.DataFrame, key: dict) -> dict:
    """The latest Sumsel count shown on the cover: its month, publisher, publication date and row."""
    row = cov[cov["obs_id"] == key["sources"]["protected_persons"]].iloc[0]
    return {"obs_id": row["obs_id"], "period": row["period"], "publisher": row["publisher"],
            "published": pd.to_datetime(row["published_date"], errors="coerce")}


def _sources_until(sources: pd.DataFrame, cov: pd.DataFrame) -> pd.Timestamp:
    """The date up to which sources were searched: the latest retrieval or publication date in the data."""
    dates = pd.concat([pd.to_datetime(sources[c], errors="coerce", format="mixed") for c in ("published_date", "accessed_date")
                       if c in sources] + [pd.to_datetime(cov["published_date"], errors="coerce", format="mixed")])
    return dates.dropna().max().normalize()


@dataclass(frozen=True)
class Chart:
    """One chart of the brief: vector SVG bytes and its source line as text (printed under the chart)."""

    svg: bytes
    note: str


def figure_svg(fig: plt.Figure) -> Chart:
    """SVG without date or random ids (deterministic); the source line is taken out of the image."""
    note = pop_source_notes(fig)
    buf = io.BytesIO()
    with plt.rc_context({"svg.hashsalt": "sumsel-brief", "svg.fonttype": "path"}):
        fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    plt.close(fig)
    return Chart(buf.getvalue(), note)


def figures(content: ReportContent, lang: str) -> dict[str, Chart]:
    """Every chart of the brief as SVG with its source line, in one language."""
    main_result = content.scenarios[-1][1]
    return {
        "waterfall": figure_svg(coverage_charts.plot_waterfall(content.waterfall, lang)),
        "gap": figure_svg(coverage_charts.plot_gap(content.pace, content.key, lang)),
        "industry": figure_svg(coverage_charts.plot_industry(content.industry, lang)),
        "map": figure_svg(coverage_charts.plot_choropleth(content.kabkota, loaders.load_boundaries(), lang)),
        "fan": figure_svg(forecast_charts.plot_fan(content.projection, content.series, lang,
                                                   target_pct=main_result.scenario.target_pct)),
        "scenario": figure_svg(policy_charts.plot_fan(main_result, lang)),
        "by_lever": figure_svg(policy_charts.plot_by_lever(main_result, lang)),
    }
