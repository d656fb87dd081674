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
from sumsel_analysis.policy import calibration, optimise  # noqa: E402
from sumsel_analysis.plotting import pop_source_notes  # noqa: E402
from sumsel_analysis.policy.model import MODEL_PARAMS  # noqa: E402
from sumsel_analysis.trends import charts as forecast_charts  # noqa: E402

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
    loo: pd.DataFrame = field(default_factory=pd.DataFrame)
    readings: pd.DataFrame = field(default_factory=pd.DataFrame)
    obs_ids: set = field(default_factory=set)
    parameters: set = field(default_factory=set)

    def sources_appendix(self, sources: pd.DataFrame, coverage: pd.DataFrame, labour: pd.DataFrame,
                         params: pd.DataFrame, national: pd.DataFrame | None = None) -> pd.DataFrame:
        """One row per figure shown: id, what it is, publisher, date, URL (raw rows, national panel, parameters)."""
        tables = [coverage, labour] + ([national] if national is not None else [])
        obs = pd.concat([d[["obs_id", "source_id", "metric", "period"]] for d in tables], ignore_index=True)
        obs = obs[obs["obs_id"].isin(self.obs_ids)].merge(sources, on="source_id", how="left")
        rows = [{"id": r.obs_id, "what": f"{r.metric} ({r.period:%Y-%m})", "publisher": r.publisher,
                 "date": r.published_date or "", "url": r.url or "", "kind": "observation", "metric": r.metric,
                 "period": r.period} for r in obs.itertuples()]
        par = params[params["name"].isin(self.parameters)]
        for r in par.itertuples():
            rows.append({"id": r.name, "what": r.description, "publisher": r.publisher,
                         "date": r.published_date or "", "url": r.source_url or "",
                         "kind": "assumption" if r.evidence == "assumption" else r.evidence, "metric": "",
                         "period": pd.NaT})
        for r in (self.legal.itertuples() if len(self.legal) else ()):
            rows.append({"id": r.instrument_id, "what": r.instrument, "publisher": r.publisher if isinstance(r.publisher, str) else "",
                         "date": r.published_date if isinstance(r.published_date, str) else "",
                         "url": r.url if isinstance(r.url, str) else "", "kind": "legal", "metric": "", "period": pd.NaT})
        return pd.DataFrame(rows).sort_values(["kind", "id"]).reset_index(drop=True)


def _ids(values) -> set[str]:
    out = set()
    for v in values:
        out |= set(pd.Series([str(v)]).str.findall(OBS_ID).iloc[0])
    return out


def build_content(scenario_paths: list[Path], n_draws: int = 2000, seed: int = 20251204,
                  target_by: str | None = None) -> ReportContent:
    """Compute everything a brief needs. Scenario files are validated against the parameter table."""
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
    key = metrics.key_numbers(cov, lab, params)
    deadline = pd.Timestamp(by + "-01") + pd.offsets.MonthEnd(0)
    pace = metrics.pace_table(key, deadlines=tuple(sorted({f"{deadline:%Y-%m-%d}", "2026-12-31", "2029-12-31"})))
    # the 2025 target's own deadline has lapsed at the data date: the brief plans against the open ones
    pace = pace[pace["deadline"] > key["deadline"]].reset_index(drop=True)
    series = trends.province_series(cov, params=params)
    fit = trends.fit_trend(series, params, seed=seed)
    horizon = max(s.horizon for s in scenarios)
    projection = fit.forecast(horizon, n_paths=4000)
    prob = fit.prob_reach(main.target_pct, by, n_paths=4000)
    baseline = trends.baseline_projection(cov, params, until=horizon, n_paths=2000, seed=seed)
    alone = [main.with_levers({k: v}, name=k) for k, v in main.levers.items()] if len(main.levers) > 1 else []
    runs = [*alone, *scenarios]
    results = [policy.simulate(s, params, baseline, n_draws=n_draws, seed=seed) for s in runs]
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
    main_result = results[-1]
    denominators = metrics.coverage_by_denominator(cov, lab, params)
    dens = denominators.set_index("denominator")["value_persons"]
    national = loaders.load_national()
    kab_gap = regional.kabkota_gap_table(
        kab, cov, lab, scores, main.target_pct, loaders.parameter(params, "apbd_premium_per_worker_month"),
        potential_per_employed=float(dens["bpjs_potential"] / dens["bps_employed"]), as_of=key["as_of"])
    lever_starts = sorted(v["start"] for v in main.levers.values() if v.get("start")) or [f"{key['as_of']:%Y-%m}"]
    reach = optimise.least_cost_mix(main.target_pct, by, float("inf"), params, baseline, start=lever_starts[0],
                                    horizon=main.horizon)
    readings = series[series["period"].dt.year == key["as_of"].year][["period", "value_pct", "obs_id"]]
    content = ReportContent(
        data_date=manifest["data_date"], version=__version__, key=key, prob_reach=prob, pace=pace,
        denominators=denominators, segments=metrics.segment_table(cov),
        waterfall=waterfall, industry=ind, kabkota=kab, scores=scores, projection=projection, series=series, fit=fit,
        scenarios=list(zip(runs, results)), scenario_table=pd.DataFrame(rows), claim_check=dec, contradictions=contra,
        assumptions=assumptions.reset_index(drop=True), seed=seed, n_draws=n_draws,
        cost_per_year=policy.budget.cost_per_year(main_result, params), unit_costs=policy.budget.unit_costs(main_result, params),
        kabkota_gap=kab_gap, provinces=regional.province_comparison(national, key["geo_code"]),
        active_rank=regional.active_participants_rank(national, key["geo_code"]), legal=loaders.load_legal_basis(),
        reach=reach, backtest=trends.headline_table(trends.backtest_all(cov, national, params, seed=seed)),
        loo=calibration.loo_validation(params),
        readings=readings.reset_index(drop=True))
    content.obs_ids = (_ids(key["sources"].values()) | _ids(waterfall["source"]) | set(content.segments["obs_id"])
                       | set(kab.loc[kab["obs_id"] != "", "obs_id"]) | set(series["obs_id"]) | _ids(contra["obs_ids"])
                       | set(cov.loc[cov["publisher"] == claims.DEC_2025_SOURCE_PUBLISHER, "obs_id"])
                       | _ids(content.denominators["source"]) | set(ind["source"]) | set(ind["total_source"])
                       | set(kab_gap["base_source"].replace("", np.nan).dropna()) | set(content.provinces["obs_id"])
                       | {content.active_rank["obs_id"]} | set(readings["obs_id"]))
    content.parameters = used_params
    return content


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
