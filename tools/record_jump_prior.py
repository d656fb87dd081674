"""Record the jump component and the model-selection rule in data/raw/assumptions.csv (deliberate raw change).

Re-estimates the jump–diffusion (programme lists that start and stop) from the national panel and the
Sumsel kab/kota (``sumsel_analysis.trends.jumps``) and writes (or replaces) the rows
``forecast_jump_rate_per_month``, ``forecast_jump_sd``, ``forecast_jump_duration_months``,
``forecast_diffusion_sd_per_month`` with the obs_ids used, plus the selection
rule's rows ``forecast_selection_margin`` and ``forecast_selection_min_forecasts``. Deterministic.
Then run ``python tools/update_provenance.py``. Usage: python tools/record_jump_prior.py
"""

import csv
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sumsel_analysis.data import loaders, quality  # noqa: E402
from sumsel_analysis.trends import jumps  # noqa: E402

RAW = ROOT / "data" / "raw"
cov = quality.flag_coverage(loaders.load_coverage(RAW), loaders.load_quality_annotations(RAW))
params = loaders.load_parameters(RAW)
obs_sd = loaders.parameter(params, "forecast_sigma_obs_logit")
changes = jumps.panel_changes(cov, loaders.load_national(RAW))
est = jumps.fit_jump_diffusion(changes, obs_sd)
based = f"pairs of consecutive figures in {changes['series_id'].nunique()} series: " + est["obs_ids"]
common = ("jump-diffusion fitted by maximum likelihood to {n} changes between consecutive figures of other provinces "
          "(national panel) and Sumsel kab/kota, segment total (coverage percent on the logit scale, active participants "
          "on the log scale), with measurement s.d. {o} (forecast_sigma_obs_logit) on both ends of each pair; low/high: "
          "80% Wald range (a component whose maximum is at zero: 0 and the upper end of its 80% profile-likelihood "
          "range). Jumps are lists starting (rate/2 per month) and stopping (after forecast_jump_duration_months "
          "on average), so the expected number of jumps over m months is rate*D*(1-exp(-m/D)). "
          "trends.jumps.fit_jump_diffusion recomputes it (a test checks the row matches).").format(
              n=est["n_pairs"], o=obs_sd)
R = lambda x: f"{x:.4g}"  # noqa: E731
rows = [
    ["forecast_jump_rate_per_month", "Rate of programme-driven jumps in a published coverage series (jumps per month)",
     R(est["jump_rate_per_month_low"]), R(est["jump_rate_per_month"]), R(est["jump_rate_per_month_high"]),
     "jumps per month", "ratio", "forecast (jump component; trends/jumps.py)", "",
     "Regional budget lists starting, growing or stopping move a province's published coverage by several points "
     "between two figures, more than a smooth trend allows; " + common, based, "forecast"],
    ["forecast_jump_sd", "S.d. of one programme-driven jump (logit of coverage, or log of a count)",
     R(est["jump_sd_low"]), R(est["jump_sd"]), R(est["jump_sd_high"]), "logit units", "ratio",
     "forecast (jump component; trends/jumps.py)", "", "Size of one jump: " + common, based, "forecast"],
    ["forecast_jump_duration_months", "Mean time a programme list runs before it stops and its jump reverses (months)",
     R(est["jump_duration_months_low"]), R(est["jump_duration_months"]), R(est["jump_duration_months_high"]),
     "months", "ratio", "forecast (jump component; trends/jumps.py, model.expected_jumps)", "",
     "Lists stop as well as start (budget years, data clean-ups, a one-off source): over spans longer than this the "
     "number of jumps in a change saturates instead of growing with the horizon; the panel's changes over 12-24 and "
     "24+ months are smaller than a never-reversing jump model implies. " + common, based, "forecast"],
    ["forecast_diffusion_sd_per_month", "Monthly s.d. of the random walk behind the simple rules' own spread (naive, drift)",
     R(est["diffusion_sd_per_month_low"]), R(est["diffusion_sd_per_month"]), R(est["diffusion_sd_per_month_high"]),
     "logit units per month", "ratio", "forecast (spread of the naive and drift forecasts; trends/jumps.py)", "",
     "The rules get a spread from a model of their own (random walk plus jumps), not the Sumsel-tuned trend model's: "
     + common, based, "forecast"],
    ["forecast_selection_margin", "Relative CRPS improvement over naive a model needs, pooled over every series' "
     "nested backtests, to replace naive as the chosen forecast", "0.05", "0.1", "0.2", "share", "share",
     "forecast (model choice; trends/backtest.py)", "",
     "Stability: with a few noisy forecasts per series, choices made on small CRPS differences flip between origins. "
     "The choice is pooled over all series (other provinces, kab/kota, Sumsel), uses only figures published before the "
     "origin, and naive (the simplest rule) stays unless another model beats it by this margin.", "", "forecast"],
    ["forecast_spread_prior_pairs", "Weight of the panel (in pseudo pairs of figures) against a series' own changes "
     "in the spread of the naive and drift forecasts", "2", "4", "8", "pairs", "ratio",
     "forecast (spread of the naive and drift forecasts; trends/backtest.py spread_multiplier)", "",
     "Provinces differ in how much their published figures move (Sumsel's comparable figures since 2024 stayed "
     "within 29-35%, other provinces swung 8-10 points). The rules' spread starts from the panel's jump-diffusion "
     "and is scaled by the series' own consecutive changes, an inverse-gamma update with this many pseudo pairs: "
     "a series with one or two figures keeps nearly the panel's spread, a long calm series narrows it.", "",
     "forecast"],
    ["forecast_selection_min_forecasts", "Pooled nested backtest forecasts needed before any model may replace naive",
     "5", "10", "20", "forecasts", "ratio", "forecast (model choice; trends/backtest.py)", "",
     "Below this many scored forecasts (all series together) a CRPS mean is mostly noise; naive is kept.", "", "forecast"],
]
path = RAW / "assumptions.csv"
names = {r[0] for r in rows}
kept = [line for line in path.read_text(encoding="utf-8").splitlines() if line.split(",", 1)[0] not in names]
buf = io.StringIO()
csv.writer(buf, lineterminator="\n").writerows(rows)  # other rows keep their bytes
path.write_text("\n".join(kept) + "\n" + buf.getvalue(), encoding="utf-8")
print(f"wrote {len(rows)} rows to {path}: jump rate {est['jump_rate_per_month']:.4f}/month, "
      f"jump s.d. {est['jump_sd']:.3f}, diffusion s.d. {est['diffusion_sd_per_month']:.4f}/month")
