"""Command-line interface: `python -m sumsel_analysis {build,notebooks,report,outputs}`."""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sumsel_analysis", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("build", help="rebuild data/processed/ from data/raw/ (deterministic, atomic)")
    args = parser.parse_args(argv)
    if args.command == "build":
        from sumsel_analysis.build import build_all

        for path in build_all():
            print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
