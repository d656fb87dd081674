"""Command-line interface: ``python -m sumsel_analysis {build,notebooks,report,simulate,outputs,ledger,add-figure}``."""

from __future__ import annotations

import argparse
import sys

from sumsel_analysis.data import paths


def _outputs() -> int:
    files = sorted(p for p in paths.REPORTS_DIR.rglob("*") if p.is_file() and p.name != ".gitkeep")
    print(f"Outputs in {paths.REPORTS_DIR}:")
    for p in files:
        print(f"  {p.relative_to(paths.ROOT)}  ({p.stat().st_size / 1024:,.0f} KiB)")
    return 0 if files else 1


class OneLineParser(argparse.ArgumentParser):
    """argparse with usage errors on one line (``error: …``, exit 2) instead of the usage block and a message."""

    def error(self, message: str):
        self.exit(2, f"error: {' '.join(message.split())} (see: {self.prog} --help)\n")


def main(argv: list[str] | None = None) -> int:
    parser = OneLineParser(prog="python -m sumsel_analysis", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("build", help="rebuild data/processed/ from data/raw/ (deterministic, atomic), then the cached lever calibration")
    nb = sub.add_parser("notebooks", help="execute the notebooks headless into reports/notebooks/")
    nb.add_argument("--quick", action="store_true", help="small Monte Carlo sizes (as in the tests)")
    sub.add_parser("outputs", help="list what is in reports/")
    try:
        from sumsel_analysis.report import cli as report_cli
    except ImportError:
        report_cli = None
    if report_cli is not None:
        report_cli.add_parser(sub)
    from sumsel_analysis.policy import cli as policy_cli
    from sumsel_analysis.trends import commands as trend_commands  # ledger, add-figure

    policy_cli.add_parser(sub)
    trend_commands.add_parsers(sub)
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:  # --help (0) or a usage error, already printed on one line (2)
        return e.code if isinstance(e.code, int) else 2
    try:
        return _dispatch(parser, args, report_cli)
    except KeyboardInterrupt:
        print("error: interrupted; the output folders hold their previous complete set", file=sys.stderr)
        return 130
    except Exception as e:  # expected failures become one line and exit 2; anything else is a bug
        message = expected_error(e)
        if message is None:
            raise
        print(f"error: {message}", file=sys.stderr)
        return 2


def expected_error(e: BaseException) -> str | None:
    """One line for an expected failure (bad data or scenario file, stale data, unusable path), else None."""
    from sumsel_analysis.data.build import StaleDataError
    from sumsel_analysis.data.loaders import DataValidationError

    if isinstance(e, DataValidationError):
        return e.one_line()
    try:
        from sumsel_analysis.policy import RunSizeError, ScenarioError
    except ImportError:
        ScenarioError = RunSizeError = ()  # noqa: N806
    if isinstance(e, (StaleDataError, ScenarioError, RunSizeError)):
        return " ".join(str(e).split())
    if isinstance(e, OSError):
        path = e.filename if e.filename is not None else ""
        return f"{path}: {e.strerror or e}" if path else " ".join(str(e).split())
    return None


def _dispatch(parser: argparse.ArgumentParser, args: argparse.Namespace, report_cli) -> int:
    if args.command == "build":
        from sumsel_analysis.data.build import build_all

        for path in build_all():
            print(f"wrote {path.relative_to(paths.ROOT) if path.is_relative_to(paths.ROOT) else path}")
        from sumsel_analysis.policy import calibration  # the lever calibration, cached for reports and the explorer

        cal = calibration.load_calibration(progress=lambda msg: print(msg, flush=True))
        print(f"calibration: {len(cal.episodes_used)} episodes, leave-one-out hit rate {cal.hit_rate:.0%}")
        return 0
    if args.command == "notebooks":
        from sumsel_analysis.runner import execute_all

        for path in execute_all(quick=args.quick):
            print(f"wrote {path.relative_to(paths.ROOT)}")
        return 0
    if args.command == "outputs":
        return _outputs()
    if args.command == "report":
        return report_cli.run(args)
    if args.command == "simulate":
        from sumsel_analysis.policy import cli as policy_cli

        return policy_cli.run(args)
    if args.command in ("ledger", "add-figure"):
        from sumsel_analysis.trends import commands as trend_commands

        return trend_commands.run(args)
    parser.error(f"unknown command {args.command}")
    return 2


if __name__ == "__main__":
    sys.exit(main())
