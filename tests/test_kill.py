"""SIGKILL during `build` and `report` (≥ 20 kills each, at random points, in a subprocess): the output
folder holds the complete old set or the complete new set every time, never a mix; files the set does
not own survive; leftovers of killed runs are removed by the next run; outputs are 0644 / 0755.

The subprocess (tests/kill_driver.py) forks a writer per kill after doing the heavy computation once
(for the report: content with 20 draws, one language, each PDF rendered once and replayed), so 20
kills each fit the CI budget: build ≈ 10 s, report ≈ 30 s on a loaded 2-core machine. The notebooks set
(``reports/notebooks/``) is killed the same way with the kernel replaced by fixed bytes (a few seconds).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
N_KILLS = 20


def _drive(mode: str, work: Path, seed: int) -> dict:
    proc = subprocess.run([sys.executable, str(ROOT / "tests" / "kill_driver.py"), mode, str(work), str(N_KILLS),
                           str(seed)], capture_output=True, text=True, timeout=400, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.mark.kill
@pytest.mark.parametrize("mode,seed", [("build", 13), ("report", 31), ("notebooks", 47)])
def test_sigkill_leaves_complete_old_or_new_set(mode, seed, tmp_path):
    r = _drive(mode, tmp_path / mode, seed)
    assert r["kills"] == len(r["states"]) >= N_KILLS
    assert r["bad"] == [], f"mixed or damaged sets after SIGKILL: {r['bad']}"
    assert set(r["states"]) <= {"old", "new"}
    assert "new" in r["states"], "the writer never completed a set: the kills prove nothing"
    assert r["leftovers_after_final_run"] == [], "the next run must remove staging folders of killed runs"
    assert r["final_is_a"]
    assert r["modes"] == ["0o644", "0o755"]
