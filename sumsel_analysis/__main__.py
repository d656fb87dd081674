"""`python -m sumsel_analysis …` runs the command-line interface (see cli.py)."""

from sumsel_analysis.cli import main

raise SystemExit(main())
