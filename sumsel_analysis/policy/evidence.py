"""Evidence check: do the lever mechanics reproduce what really happened? (episode-based, issue #15)

The old check set the JKN RCT inputs to its outputs. Now the RCT arms are episodes like the regional
subsidy starts, growths and stops and the Jember licence rule (``data/raw/episodes.csv``): the lever
parameters are calibrated to all of them jointly (``calibration``), and each episode is predicted by a
calibration that did not see it (leave-one-episode-out). What passes is what a model that did not
know the answer predicts inside its 80% interval.
"""

from __future__ import annotations

import pandas as pd

from sumsel_analysis.policy import calibration


def episode_validation(params: pd.DataFrame | None = None) -> dict:
    """The leave-one-episode-out table, its hit rate, the in-sample fit and the prior-vs-posterior ranges."""
    cal = calibration.load_calibration(params)
    return {"table": cal.loo, "hit_rate": cal.hit_rate, "fit": cal.fit, "ranges": cal.ranges,
            "episodes_used": cal.episodes_used, "effective_sample_size": cal.ess,
            "columns": calibration.loo_column_descriptions("en")}


def jkn_rct_check(params: pd.DataFrame | None = None) -> dict:
    """The JKN RCT arms' rows of the episode validation (predicted without seeing each arm) and whether all hit."""
    out = episode_validation(params)
    table = out["table"][out["table"]["lever"] == "rct"].reset_index(drop=True)
    return {"table": table, "passed": bool(table["hit"].all())}
