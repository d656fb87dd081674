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


# Which mechanisms (episodes.csv ``mechanism``) grade each lever (issue #19). CSR also runs on the list and
# payer-after-stop mechanics it shares with the subsidy, but those episodes are lists a government funded; what
# only CSR needs — firms actually funding a list and renewing it — is ``employer_funding``, so CSR is graded on
# its own episodes alone (the shared ones would grade the subsidy twice).
LEVER_MECHANISMS = {
    "mandate": ("mandate_chain",),
    "subsidy": ("list_status", "budget_schedule", "payer_after_stop"),
    "csr": ("employer_funding",),
    "voluntary": ("voluntary",),
}
GRADE_COLUMNS = ("lever", "grade", "n_episodes", "n_independent", "n_hits", "hit_rate", "mechanisms")


def grade(n_independent: int, hit_rate: float) -> str:
    """The evidence grade from independent out-of-sample episodes and their hit rate (see ``lever_grades``)."""
    if n_independent >= 3 and hit_rate >= 0.75:
        return "A"
    if n_independent >= 2 and hit_rate >= 0.5:
        return "B"
    return "C" if n_independent >= 1 else "D"


def lever_grades(cal: "calibration.Calibration | None" = None) -> pd.DataFrame:
    """Evidence grade per lever, from the leave-one-episode-out validation (``cal``, default: the cached calibration).

    A lever's episodes are those testing any of its mechanisms (``LEVER_MECHANISMS``); each was predicted
    by a calibration that did not see it (a hit = observed inside the predicted 80% interval). Episodes are
    independent when they come from different places (``region_code``; the three JKN RCT arms are one).

    - **A**: ≥ 3 independent episodes validate its mechanisms out of sample, with ≥ 75% hits;
    - **B**: ≥ 2 independent episodes and ≥ 50% hits;
    - **C**: 1 independent episode, or hits below 50%;
    - **D**: no out-of-sample episode.

    Columns: lever, grade, n_episodes, n_independent, n_hits, hit_rate, mechanisms (comma-separated).
    """
    cal = calibration.load_calibration() if cal is None else cal
    if cal.key not in _GRADES:
        _GRADES.clear()
        _GRADES[cal.key] = _grades(cal)
    return _GRADES[cal.key].copy()


_GRADES: dict[str, pd.DataFrame] = {}  # per calibration key: grades are asked for on every explorer update


def _grades(cal: "calibration.Calibration") -> pd.DataFrame:
    loo = cal.loo.copy()
    regions = calibration._default_episodes().set_index("episode_id")["region_code"]
    loo["region_code"] = loo["episode_id"].map(regions).fillna(loo["episode_id"])
    loo["mechs"] = loo["mechanism"].fillna("").str.split(";")
    rows = []
    for lever, mechs in LEVER_MECHANISMS.items():
        sel = loo[loo["mechs"].map(lambda ms: bool(set(ms) & set(mechs)))]
        n, hits = len(sel), int(sel["hit"].sum())
        n_ind = int(sel["region_code"].nunique())
        rate = hits / n if n else float("nan")
        rows.append({"lever": lever, "grade": grade(n_ind, rate) if n else "D", "n_episodes": n,
                     "n_independent": n_ind, "n_hits": hits, "hit_rate": rate, "mechanisms": ",".join(mechs)})
    return pd.DataFrame(rows, columns=list(GRADE_COLUMNS))
