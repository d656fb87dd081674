"""Evidence check: the subsidy lever reproduces the JKN premium-subsidy RCT (Banerjee et al., AER 2021).

The RCT (about 6,000 informal households, Medan and Bandung, 2015): ~8% enrolled without a subsidy;
~30% with a full one-year subsidy plus assisted registration; coverage ~8× control while the subsidy
ran and ~2× control after it ended. The enrolment level and the 8× multiple calibrate the arm (control
coverage = 30% ÷ 8); the test is whether the lever's after-subsidy rule (grace months, then the
``subsidy_retention_after_end`` share keeps paying) reproduces the ~2× multiple a year after the end.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sumsel_analysis.data.loaders import parameter
from sumsel_analysis.policy import model

TOLERANCES = {"enrolment_pp": 2.0, "ratio_during": 0.5, "ratio_after": 0.5}


def jkn_rct_check(params: pd.DataFrame, households: int = 6000) -> dict:
    """Simulated RCT arms vs published figures, with pass/fail per statistic under ``TOLERANCES``."""
    enrol_full = parameter(params, "jkn_rct_full_subsidy_assisted_enrolment")
    control_enrol = parameter(params, "jkn_rct_control_enrolment")
    during_mult = parameter(params, "jkn_rct_coverage_multiplier_during")
    after_target = parameter(params, "jkn_rct_coverage_multiplier_after")
    # control coverage (active, paying) implied by the 8x multiple; the subsidy arm is the assisted opt-in
    control_cov = enrol_full / during_mult
    months = pd.date_range("2015-01-01", periods=30, freq="MS")
    p = {"apbd_premium_per_worker_month": np.array([[1.0]]), "subsidy_takeup_full_opt_in": np.array([[enrol_full]]),
         "subsidy_takeup_list_based": np.array([[enrol_full]]), "subsidy_optin_ramp_months": np.array([[1.0]]),
         # those who would have enrolled anyway are part of the subsidised arm's 30%: counted once
         "subsidy_overlap_with_existing": np.array([[control_cov / enrol_full]]),
         "subsidy_retention_after_end": np.array([[parameter(params, "subsidy_retention_after_end")]]),
         "subsidy_retention_multiplier_deciles_1_3": np.array([[1.0]]),
         "bpu_grace_period_months": np.array([[parameter(params, "bpu_grace_period_months")]])}
    added, _, _ = model.subsidy(months, {"start": "2015-01", "workers": households, "months": 12,
                                         "delivery": "opt_in", "targeting": "general"}, p)
    control = control_cov * households
    during = (control + added[0, 6]) / households  # mid-subsidy
    after = (control + added[0, 24]) / households  # a year after the subsidy ended
    sim = {"enrolment_full_subsidy_pct": 100 * (control + added[0, 6]) / households,
           "ratio_during": during / control_cov, "ratio_after": after / control_cov}
    pub = {"enrolment_full_subsidy_pct": 100 * enrol_full, "ratio_during": during_mult, "ratio_after": after_target}
    rows = [
        ("enrolment_full_subsidy_pct", TOLERANCES["enrolment_pp"]),
        ("ratio_during", TOLERANCES["ratio_during"]),
        ("ratio_after", TOLERANCES["ratio_after"]),
    ]
    table = pd.DataFrame([{"statistic": k, "published": pub[k], "simulated": sim[k], "tolerance": tol,
                           "within": abs(sim[k] - pub[k]) <= tol} for k, tol in rows])
    return {"table": table, "passed": bool(table["within"].all()), "control_enrolment_pct": 100 * control_enrol}
