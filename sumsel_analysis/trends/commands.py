"""The ``ledger`` and ``add-figure`` commands of ``python -m sumsel_analysis`` (argument parsing and output).

``add_parsers(sub)`` registers both on the main parser; ``run(args)`` executes one and turns an
expected failure (``LedgerError``, ``FigureError``, bad data) into one line on stderr and exit code 2.
The work itself is in ``trends.ledger`` and ``trends.figures``.
"""

from __future__ import annotations

import argparse
import sys

import pandas as pd

COMMANDS = ("ledger", "add-figure")


def add_parsers(sub) -> None:
    """Register ``ledger {record,score,backfill}`` and ``add-figure`` on the CLI's subparsers."""
    led = sub.add_parser("ledger", help="the forecast ledger (ledger/forecasts.csv): record, score, backfill")
    acts = led.add_subparsers(dest="ledger_action", required=True)
    rec = acts.add_parser("record", help="add this run's forecast vintage (refuses a duplicate)")
    rec.add_argument("--issued", help="issue date YYYY-MM-DD (default today); only figures published by then are used")
    acts.add_parser("score", help="score every entry whose figure has since been published (the track record)")
    back = acts.add_parser("backfill", help="add the pseudo-real-time vintages (every quarter end since 2019)")
    back.add_argument("--until", help="last vintage date YYYY-MM-DD (default: the last quarter end before today)")
    fig = sub.add_parser("add-figure", help="record a newly published figure in data/raw/coverage_additions.csv and rebuild")
    fig.add_argument("--period", required=True, help="month of the figure, YYYY-MM (or a date YYYY-MM-DD)")
    fig.add_argument("--area", required=True, help="BPS code: 16 (Sumsel) or a kab/kota such as 1671")
    fig.add_argument("--segment", default="total", help="total, PU, BPU, JAKON, PMI, NON_ASN or OTHER")
    fig.add_argument("--metric", required=True, help="coverage_pct, active_participants, registered_participants …")
    fig.add_argument("--value", required=True, help='the value as printed: "32,82%%", "1.035.000", "1,3 juta"')
    fig.add_argument("--publisher", required=True)
    fig.add_argument("--url", required=True)
    fig.add_argument("--published", required=True, help="publication date YYYY-MM-DD")
    fig.add_argument("--note", default="", help="what the source says, in a few words")
    fig.add_argument("--confirm-jump", action="store_true",
                     help="accept a figure that jumps against its series (checked and confirmed by hand)")


def _inputs():
    from sumsel_analysis.data import loaders
    from sumsel_analysis.data.build import ensure_built

    ensure_built()
    return loaders.load_processed("coverage_observations"), loaders.load_parameters(), loaders.load_national()


def _ledger(args: argparse.Namespace) -> int:
    from sumsel_analysis.trends import ledger
    from sumsel_analysis.trends.baseline import pooled_backtest

    cov, params, national = _inputs()
    if args.ledger_action == "score":
        scored = ledger.track_record(cov, params)
        with pd.option_context("display.width", 200, "display.max_columns", 30):
            print(ledger.track_record_summary(scored).round(4).to_string(index=False))
            shown = scored.drop(columns=["actual_obs_ids"]).assign(
                actual_published=scored["actual_published"].dt.strftime("%Y-%m-%d"))
            print(shown.round(4).to_string(index=False))
        return 0
    detail = pooled_backtest(cov, national, params)
    if args.ledger_action == "record":
        rows = ledger.record(cov, params, detail, issued=args.issued)
    else:
        rows = ledger.backfill(cov, params, detail, until=args.until)
    print(f"recorded {len(rows)} rows ({rows['vintage'].nunique()} vintage(s)) in {ledger.ledger_path()}")
    return 0


def _add_figure(args: argparse.Namespace) -> int:
    from sumsel_analysis.trends import figures

    row = figures.add_figure(period=args.period, area=args.area, segment=args.segment, metric=args.metric,
                             value=args.value, publisher=args.publisher, url=args.url, published=args.published,
                             note=args.note, confirm_jump=args.confirm_jump)
    print(f"added {row['obs_id']}: {row['metric']} {row['value']:.12g} {row['unit']} for {row['geo_code']} "
          f"({row['period']}); data/processed rebuilt")
    return 0


def run(args: argparse.Namespace) -> int:
    """Run ``ledger`` or ``add-figure``; an expected failure prints one line and returns 2."""
    from sumsel_analysis.data.loaders import DataValidationError
    from sumsel_analysis.trends.figures import FigureError
    from sumsel_analysis.trends.ledger import LedgerError

    try:
        return _ledger(args) if args.command == "ledger" else _add_figure(args)
    except (LedgerError, FigureError) as e:
        print(f"error: {' '.join(str(e).split())}", file=sys.stderr)
        return 2
    except DataValidationError as e:
        print(f"error: {e.one_line()}", file=sys.stderr)
        return 2
