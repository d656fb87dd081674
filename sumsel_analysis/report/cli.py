"""`python -m sumsel_analysis report --scenario scenarios/X.yaml [--scenario …] --lang id|en|all --out reports/`."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from sumsel_analysis.data import paths


def add_parser(sub) -> None:
    p = sub.add_parser("report", help="write bilingual HTML/PDF briefs and the Excel workbook")
    p.add_argument("--scenario", action="append", required=True, type=Path,
                   help="scenario YAML (repeatable; the last one is the brief's main scenario)")
    p.add_argument("--lang", choices=["id", "en", "all"], default="all")
    p.add_argument("--out", type=Path, default=paths.REPORTS_DIR)
    # 5000 = notebook 04's full size, so the brief and the notebook show the same numbers (same seed)
    p.add_argument("--draws", type=int, default=5000, help="Monte Carlo draws per scenario (default 5000)")
    p.add_argument("--seed", type=int, default=20251204)
    p.add_argument("--issued", default=None, metavar="YYYY-MM-DD",
                   help="issue date of the brief (default: SOURCE_DATE_EPOCH if set, else today)")


def run(args: argparse.Namespace) -> int:
    from sumsel_analysis.policy import ScenarioError
    from sumsel_analysis.report import build_reports

    # errors (bad scenario, unusable --out, stale data) are turned into one line and exit 2 by cli.main
    langs = ["id", "en"] if args.lang == "all" else [args.lang]
    if args.draws < 1:
        raise ScenarioError("--draws", "<option>", f"expected a whole number >= 1, found {args.draws}")
    if args.issued is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", args.issued):
        raise ScenarioError("--issued", "<option>", f"expected a date YYYY-MM-DD, found {args.issued!r}")
    written = build_reports(args.scenario, langs, args.out, n_draws=args.draws, seed=args.seed, issued=args.issued)
    for p in written:
        print(f"wrote {p}")
    return 0
