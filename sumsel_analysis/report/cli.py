"""`python -m sumsel_analysis report --scenario scenarios/X.yaml [--scenario …] --lang id|en|all --out reports/`."""

from __future__ import annotations

import argparse
import datetime as dt
import errno
import os
import sys
from pathlib import Path

from sumsel_analysis.data import paths

MAX_SEED = 2**63 - 1  # numpy's generators take any non-negative whole number; the scenario schema's bound


def _whole(lo: int, hi: int, text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, found {text!r}") from None
    if value < lo:
        raise argparse.ArgumentTypeError(f"expected a whole number >= {lo}, found {value}")
    if value > hi:
        raise argparse.ArgumentTypeError(f"expected a whole number <= {hi:,}, found {value:,}")
    return value


def draws(text: str) -> int:
    """``--draws``: a whole number ≥ 1 that fits the memory limit for at least one month of one run."""
    from sumsel_analysis.policy.simulation import BYTES_PER_DRAW_MONTH, MAX_RUN_BYTES

    value = _whole(1, 10**18, text)
    if value * BYTES_PER_DRAW_MONTH > MAX_RUN_BYTES:  # the full check (× months × runs) follows with the scenarios
        raise argparse.ArgumentTypeError(
            f"{value:,} draws would need at least {value * BYTES_PER_DRAW_MONTH / 2**30:,.1f} GiB of memory even for "
            f"one simulated month ({BYTES_PER_DRAW_MONTH} bytes per draw and month); the limit is "
            f"{MAX_RUN_BYTES / 2**30:g} GiB (policy.simulation.MAX_RUN_BYTES); the default is 5000")
    return value


def seed(text: str) -> int:
    """``--seed``: a non-negative whole number."""
    return _whole(0, MAX_SEED, text)


def add_parser(sub) -> None:
    p = sub.add_parser("report", help="write bilingual HTML/PDF briefs and the Excel workbook")
    p.add_argument("--scenario", action="append", required=True, type=Path,
                   help="scenario YAML (repeatable; the last one is the brief's main scenario)")
    p.add_argument("--lang", choices=["id", "en", "all"], default="all")
    p.add_argument("--out", type=Path, default=paths.REPORTS_DIR)
    # 5000 = notebook 04's full size, so the brief and the notebook show the same numbers (same seed)
    p.add_argument("--draws", type=draws, default=5000,
                   help="Monte Carlo draws per scenario (default 5000; limited by memory, see policy.MAX_RUN_BYTES)")
    p.add_argument("--seed", type=seed, default=20251204, help="random seed, a non-negative whole number")
    p.add_argument("--issued", type=issued, default=None, metavar="YYYY-MM-DD",
                   help="issue date of the brief (default: SOURCE_DATE_EPOCH if set, else today, UTC); not before the "
                        "data date, not after today")


def issued(text: str) -> str:
    """``--issued``: a real calendar date written YYYY-MM-DD (the brief's calendar and pace run from it)."""
    try:
        if len(text) != 10:  # fromisoformat also takes 20261203 and week dates; the brief wants one spelling
            raise ValueError(text)
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, found {text!r}") from None


def issued_problem(value: str | None, data_date: str, today: dt.date | None = None) -> tuple[str | None, str | None]:
    """The issue date to use (YYYY-MM-DD) and the problem with it, one of them None.

    ``value`` is ``--issued`` (already a real date), else ``SOURCE_DATE_EPOCH``, else today (UTC). Refused: an
    unreadable ``SOURCE_DATE_EPOCH``; a date before ``data_date`` (the newest publication in the data: the brief
    would print figures not yet published); a date after ``today`` (the cover states what was published by the
    issue date, which is not known yet).
    """
    from sumsel_analysis.report.calendar import issue_date

    origin = "--issued" if value is not None else "SOURCE_DATE_EPOCH" if os.environ.get("SOURCE_DATE_EPOCH") else "today"
    try:
        day = issue_date(value).date()
    except ValueError as e:
        return None, str(e)
    today = today or dt.datetime.now(dt.timezone.utc).date()
    if day < dt.date.fromisoformat(data_date):
        return None, (f"{origin} gives the issue date {day.isoformat()}, before the data date {data_date} (the newest "
                      "figure in data/raw was published then); a brief cannot be issued before the figures it prints")
    if day > today:
        return None, (f"{origin} gives the issue date {day.isoformat()}, after today ({today.isoformat()}, UTC); the "
                      "brief states what was published by its issue date, which is not known yet")
    return day.isoformat(), None


def check_out_folder(out: Path) -> None:
    """Refuse an ``--out`` that is a symbolic link loop or a mount point, naming it as such (``OSError``)."""
    if paths.is_link_loop(out):
        raise OSError(errno.ELOOP, "is a symbolic link loop (it points back to itself); give a real folder", str(out))
    if os.path.ismount(out):
        raise OSError(errno.EBUSY, "is a mount point; the report set is staged next to the output folder and "
                                   "swapped in by renaming it, which a mount point cannot be: give a folder inside "
                                   "it", str(out))


def run(args: argparse.Namespace) -> int:
    from sumsel_analysis.report import build_reports

    # errors (bad scenario, unusable --out, stale data, too many draws) become one line and exit 2 in cli.main
    langs = ["id", "en"] if args.lang == "all" else [args.lang]
    check_out_folder(args.out)
    from sumsel_analysis.data.build import ensure_built

    day, problem = issued_problem(args.issued, ensure_built()["data_date"])
    if problem:  # before any computation: nothing is written
        print(f"error: {problem}", file=sys.stderr)
        return 2
    written = build_reports(args.scenario, langs, args.out, n_draws=args.draws, seed=args.seed, issued=day)
    for p in written:
        print(f"wrote {p}")
    return 0
