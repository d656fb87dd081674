"""The issue date and the regional budget calendar that follows from it.

``issue_date`` reads the date the brief is issued (an explicit value, else ``SOURCE_DATE_EPOCH`` for
reproducible builds, else today, UTC). ``budget_calendar`` lays out, from that date, the steps of the
regional budget cycle whose deadlines are rows of kind ``budget_calendar`` in ``data/raw/legal_basis.csv``
(RKPD, KUA-PPAS agreement, APBD approval, APBD amendment): the first budget year whose APBD is still
open, the earliest month new money can flow (through an APBD amendment of a year already approved, or
that open APBD), and which steps need the DPRD. ``scenario_conflicts`` lists scenario levers that would
spend APBD money before that month.
"""

from __future__ import annotations

import os
from pathlib import Path
from datetime import datetime, timezone

import pandas as pd

# the calendar rows of legal_basis.csv the brief needs, by step
STEPS = {"rkpd": "KEMENDAGRI_RKPD", "kua_ppas": "PP_12_2019_KUA_PPAS", "apbd": "PP_12_2019_APBD",
         "apbd_p": "PP_12_2019_APBD_P"}
# levers whose cost falls on the APBD (subsidy premiums; mandate administration)
APBD_LEVERS = ("subsidy", "mandate")


def issue_date(value: str | pd.Timestamp | None = None) -> pd.Timestamp:
    """The brief's issue date: ``value`` (YYYY-MM-DD), else ``SOURCE_DATE_EPOCH`` (seconds), else today (UTC)."""
    if value is not None:
        if isinstance(value, pd.Timestamp):
            return value.normalize()
        try:
            return pd.Timestamp(datetime.strptime(str(value), "%Y-%m-%d")).normalize()
        except ValueError as e:
            raise ValueError(f"--issued: expected a date YYYY-MM-DD, found {value!r}") from e
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return pd.Timestamp(datetime.fromtimestamp(int(epoch), tz=timezone.utc).date())
        except (ValueError, OverflowError, OSError) as e:  # not a number, or seconds beyond any calendar date
            raise ValueError(f"SOURCE_DATE_EPOCH: expected whole seconds since 1970-01-01 UTC, found {epoch!r}") from e
    return pd.Timestamp(datetime.now(timezone.utc).date())


def _deadlines(legal: pd.DataFrame) -> dict[str, str]:
    cal = legal[legal["kind"] == "budget_calendar"].set_index("instrument_id")["deadline_month_day"]
    missing = [row for row in STEPS.values() if row not in cal.index]
    if missing:
        raise ValueError(f"data/raw/legal_basis.csv: no budget_calendar row {missing}")
    return {step: str(cal[row]) for step, row in STEPS.items()}


def budget_calendar(legal: pd.DataFrame, issued: pd.Timestamp) -> dict:
    """The budget cycle from ``issued``: open budget year, earliest money month by route, and the steps.

    Returns ``open_year`` (first budget year whose KUA-PPAS is still to be agreed), ``approved_year`` (the
    latest budget year whose APBD is already approved, money only through its amendment), ``earliest_money``
    (first month new APBD money can be spent) with ``route`` ('apbd_p' or 'apbd'), and ``steps``: a table
    of step, budget_year, date, needs_dprd, row (legal_basis instrument_id), sorted by date.
    """
    md = _deadlines(legal)
    at = lambda year, step: pd.Timestamp(f"{year}-{md[step]}")  # noqa: E731
    open_year = issued.year + 1
    while at(open_year - 1, "kua_ppas") < issued:
        open_year += 1
    approved = open_year - 1 if at(open_year - 2, "apbd") < issued else None
    steps = []
    if approved is not None and at(approved, "apbd_p") >= issued:
        steps.append({"step": "apbd_p", "budget_year": approved, "date": at(approved, "apbd_p"), "needs_dprd": True})
    for step in ("rkpd", "kua_ppas", "apbd"):
        d = at(open_year - 1, step)
        if d >= issued:
            steps.append({"step": step, "budget_year": open_year, "date": d, "needs_dprd": step != "rkpd"})
    table = pd.DataFrame(steps).sort_values("date").reset_index(drop=True)
    table["row"] = table["step"].map(STEPS)
    via_p = table[table["step"] == "apbd_p"]
    if len(via_p):
        earliest, route = (via_p["date"].iloc[0] + pd.offsets.MonthBegin(1)).normalize(), "apbd_p"
    else:
        earliest, route = pd.Timestamp(f"{open_year}-01-01"), "apbd"
    first_action = (issued + pd.DateOffset(months=3)).normalize()
    return {"issued": issued, "open_year": open_year, "approved_year": approved, "earliest_money": earliest,
            "route": route, "open_year_money": pd.Timestamp(f"{open_year}-01-01"), "first_action": first_action,
            "steps": table}


def scenario_conflicts(scenarios, calendar: dict) -> pd.DataFrame:
    """Levers (of APBD_LEVERS) that start before the earliest month APBD money can flow.

    One row per conflict: scenario, lever, start, earliest (month), route.
    """
    rows = []
    for s in scenarios:
        for lever, spec in s.levers.items():
            start = pd.Timestamp(spec["start"] + "-01")
            if lever in APBD_LEVERS and start < calendar["earliest_money"]:
                rows.append({"scenario": s.name, "source": Path(str(s.source or "")).name, "lever": lever, "start": start,
                             "earliest": calendar["earliest_money"], "route": calendar["route"]})
    return pd.DataFrame(rows, columns=["scenario", "source", "lever", "start", "earliest", "route"])
