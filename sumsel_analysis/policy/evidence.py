"""Evidence check: do the lever mechanics reproduce what really happened? (episode-based, issue #15)

The old check set the JKN RCT inputs to its outputs. Now the RCT arms are episodes like the regional
subsidy starts, growths and stops and the Jember licence rule (``data/raw/episodes.csv``): the lever
parameters are calibrated to all of them jointly (``calibration``), and each episode is predicted by a
calibration that did not see it (leave-one-episode-out). What passes is what a model that did not
know the answer predicts inside its 80% interval.
"""

from __future__ import annotations

import pandas as pd

from sumsel_analysis.data import loaders
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


# an episode's lever as the simulator names it: the JKN RCT arms test a premium subsidy's take-up
_LEVER_OF = {"rct": "subsidy"}
LEVERS = ("mandate", "subsidy", "csr")


def lever_grades(cal=None) -> pd.DataFrame:
    """Evidence grade per lever from the leave-one-episode-out table (out-of-sample hits only).

    Columns: lever, grade (A/B/C/D), n_episodes, n_independent (distinct places or studies), n_hits,
    hit_rate (share of episodes inside the 80% interval), mechanisms (episode kinds, comma-separated).
    A = ≥ 3 independent episodes with ≥ 75% hits; B = ≥ 2 and ≥ 50%; C = one episode or < 50%; D = none.
    ``cal`` is a loaded calibration (default: the current one).
    """
    cal = cal if cal is not None else calibration.load_calibration()
    loo = cal.loo.copy()
    episodes = loaders.load_episodes()
    loo = loo.merge(episodes[["episode_id", "region_code", "kind"]], on="episode_id", how="left")
    loo["lever"] = loo["lever"].replace(_LEVER_OF)
    rows = []
    for lever in LEVERS:
        d = loo[loo["lever"] == lever]
        n, n_ind, hits = len(d), int(d["region_code"].nunique()), int(d["hit"].sum())
        rate = hits / n if n else float("nan")
        grade = ("D" if n == 0 else "A" if n_ind >= 3 and rate >= 0.75 else "B" if n_ind >= 2 and rate >= 0.5 else "C")
        rows.append({"lever": lever, "grade": grade, "n_episodes": n, "n_independent": n_ind, "n_hits": hits,
                     "hit_rate": rate, "mechanisms": ", ".join(sorted(set(d["kind"].dropna())))})
    return pd.DataFrame(rows)
