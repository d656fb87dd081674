"""Stage 3 — trends: where coverage is heading, with honest intervals.

Owns the sparse local-trend state-space model (``model``), the baselines handed to the policy
simulator (``baseline``), the national annual ETS alternative (``national``), priors borrowed from
other provinces (``priors``), programme-driven jumps estimated from the panel (``jumps``), nested rolling-origin backtests on every series with enough points
(``backtest``), the interval calibration check (``calibration``) and their charts (``charts``).

May import: ``data``, ``coverage`` and the shared helpers.
"""

from sumsel_analysis.trends.backtest import (
                                             DEFAULT_MODEL,
                                             MIN_POINTS,
                                             MODELS,
                                             backtest_all,
                                             backtest_series,
                                             backtest_summary,
                                             backtest_table,
                                             choose_model,
                                             coverage_range,
                                             coverage_reference,
                                             forecast_paths,
                                             one_step_record,
                                             one_step_summary,
                                             pair_changes,
                                             spread_factor,
                                             headline_table,
                                             rolling_origin,
)
from sumsel_analysis.trends.baseline import (
                                             BaselineProjection,
                                             baseline_projection,
                                             chosen_model,
                                             constant_pace_baseline,
                                             pace_comparison,
)
from sumsel_analysis.trends.calibration import calibration_check, synthetic_series
from sumsel_analysis.trends.model import (
                                             DEFAULT_EXCLUDE,
                                             QUANTILES,
                                             Prior,
                                             SparseLocalTrend,
                                             TrendFit,
                                             fit_trend,
                                             monthly_design,
                                             province_series,
)
from sumsel_analysis.trends.jumps import fit_jump_diffusion, panel_changes, scale_pooling
from sumsel_analysis.trends.national import national_ets, national_year_end
from sumsel_analysis.trends.nested_jumps import nested_jump_backtest, nested_jump_summary
from sumsel_analysis.trends.priors import cross_province_changes, drift_prior

__all__ = ["DEFAULT_MODEL", "choose_model", "coverage_range", "coverage_reference", "one_step_record",
           "one_step_summary", "pair_changes", "scale_pooling", "spread_factor", "forecast_paths", "chosen_model",
           "fit_jump_diffusion", "panel_changes", "nested_jump_backtest", "nested_jump_summary",
           "MIN_POINTS", "MODELS", "backtest_all", "backtest_series", "backtest_summary", "backtest_table", "headline_table",
           "rolling_origin", "cross_province_changes", "drift_prior", "BaselineProjection", "baseline_projection",
           "constant_pace_baseline", "pace_comparison", "calibration_check", "synthetic_series", "DEFAULT_EXCLUDE",
           "QUANTILES", "Prior", "SparseLocalTrend", "TrendFit", "fit_trend", "monthly_design", "province_series",
           "national_ets", "national_year_end"]
