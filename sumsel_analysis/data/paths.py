"""Project-root-relative paths, so notebooks, tests and the CLI agree on where data lives."""

from __future__ import annotations

import errno
import os
from pathlib import Path

ROOT = Path(os.environ.get("SUMSEL_ROOT", Path(__file__).resolve().parents[2]))
RAW_DIR = ROOT / "data" / "raw"
PROCESSED_DIR = ROOT / "data" / "processed"
REPORTS_DIR = ROOT / "reports"
FIGURES_DIR = REPORTS_DIR / "figures"
NOTEBOOKS_DIR = ROOT / "notebooks"
SCENARIOS_DIR = ROOT / "scenarios"


def is_link_loop(path: Path) -> bool:
    """True when ``path`` or one of its parents is a symbolic link whose resolution loops."""
    try:
        path.resolve(strict=False)
    except (RuntimeError, OSError) as e:
        return isinstance(e, RuntimeError) or getattr(e, "errno", None) == errno.ELOOP
    return False
