"""Shared fixtures: the real raw folder, and a scratch copy for tests that must not touch it."""

from __future__ import annotations

import shutil
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")  # this process saves figures to files; notebook kernels keep their inline backend

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"


@pytest.fixture(scope="session")
def raw_dir() -> Path:
    return RAW


@pytest.fixture()
def raw_copy(tmp_path: Path) -> Path:
    """A writable copy of data/raw for tests that break files on purpose."""
    dst = tmp_path / "raw"
    shutil.copytree(RAW, dst)
    return dst


@pytest.fixture(autouse=True)
def _close_figures():
    """Charts are checked by value; close them so long runs do not pile up open figures."""
    yield
    import matplotlib.pyplot as plt

    plt.close("all")
