"""Kill-test driver (run by tests/test_kill.py in its own process): SIGKILL `build`, `report` or `notebooks` writers.

``python tests/kill_driver.py build|report|notebooks WORK N SEED`` prepares two different complete output sets A
and B, then N times forks a child that writes B, A, B, … into the same folder in a loop and kills it
with SIGKILL after a random delay (stratified over two writes). After each kill it records whether
the folder holds exactly set A, exactly set B, or something else. Prints a JSON summary on stdout.
Forking after the imports and the heavy computation keeps each kill cheap (no interpreter start-up).
In report mode the figures are drawn once per set and each PDF is rendered once by WeasyPrint and then
replayed byte for byte (seconds per PDF would blow the CI budget); everything else in
``write_report_set`` (HTML, workbook, staging, swap, cleanup) runs for real in every write. In notebooks
mode the kernel is replaced by a writer of fixed executed-notebook bytes per set (running seven notebooks
takes minutes); ``runner.execute_all`` (staging, swap, cleanup) runs for real in every write.
"""

from __future__ import annotations

import csv
import io
import json
import os
import random
import shutil
import signal
import sys
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

from sumsel_analysis.data import build, paths  # noqa: E402
from sumsel_analysis.data.safe_io import sha256  # noqa: E402


def _state(folder: Path) -> dict[str, str]:
    """Every file in the folder (hidden ones included: .tmp leftovers must show up), with its checksum."""
    return {p.relative_to(folder).as_posix(): _sha(p) for p in sorted(folder.rglob("*")) if p.is_file()}


def _sha(p: Path) -> str:
    return sha256(p)


def _in_child(fn) -> None:
    """Run ``fn`` in a forked child and wait for it (the parent never touches the writers' state)."""
    pid = os.fork()
    if pid == 0:
        try:
            fn()
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    if status != 0:
        raise SystemExit(f"preparation child failed with status {status}")


def _alter_raw(raw: Path) -> None:
    """Set B's raw folder: the same data with one note changed, so every derived set differs."""
    path = raw / "coverage_observations.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    note = rows[0].index("note")
    rows[1][note] = (rows[1][note] + " (kill-test variant)").strip()
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def main(mode: str, work: Path, n_kills: int, seed: int) -> dict:
    rng = random.Random(seed)
    work.mkdir(parents=True, exist_ok=True)
    out = work / "out"
    if mode == "build":
        raw_a, raw_b = work / "raw_a", work / "raw_b"
        shutil.copytree(paths.RAW_DIR, raw_a)
        shutil.copytree(paths.RAW_DIR, raw_b)
        _alter_raw(raw_b)

        tables = {"a": build.build_tables(raw_a), "b": build.build_tables(raw_b)}

        def write_a():
            build.write_processed(tables["a"], raw_a, out)

        def write_b():
            build.write_processed(tables["b"], raw_b, out)

        def write_ref_b():
            build.write_processed(tables["b"], raw_b, work / "ref_b")
    elif mode == "notebooks":
        from sumsel_analysis import runner

        current = {"key": "a"}

        def fake_execute(source: Path, out_dir: Path, parameters: dict | None = None, timeout_s: int = 600) -> Path:
            out = out_dir / f"{source.stem}.ipynb"
            out.write_text(json.dumps({"cells": [f"{source.stem} set {current['key']} {i}" for i in range(20000)]}))
            return out

        def fake_html(executed: Path) -> Path:
            html = executed.with_suffix(".html")
            html.write_text(f"<p>{executed.stem} set {current['key']}</p>\n" * 5000)
            return html

        runner.execute, runner.to_html = fake_execute, fake_html

        def write_nb(key: str, folder: Path):
            current["key"] = key
            runner.execute_all(folder)

        def write_a():
            write_nb("a", out)

        def write_b():
            write_nb("b", out)

        def write_ref_b():
            write_nb("b", work / "ref_b")
    else:
        from sumsel_analysis.report import publish
        from sumsel_analysis.report.content import build_content, figures

        scen = [paths.SCENARIOS_DIR / "combined_mandate_subsidy_csr.yaml"]
        langs = ["en"]
        contents, pdf_cache = {}, {}
        real_write_pdf = publish.write_pdf
        for key, s in (("a", 1), ("b", 2)):
            c = build_content(scen, n_draws=20, seed=s)
            contents[key] = (c, publish.appendix_for(c), {lang: figures(c, lang) for lang in langs})

        def recording_write_pdf(html: str, path: Path, identifier: bytes) -> int:
            pages = real_write_pdf(html, path, identifier)
            pdf_cache[(html, identifier)] = path.read_bytes()
            return pages

        def replaying_write_pdf(html: str, path: Path, identifier: bytes) -> int:
            """The bytes WeasyPrint wrote for this HTML and identifier (rendered for real when new)."""
            if (html, identifier) not in pdf_cache:
                return real_write_pdf(html, path, identifier)
            path.write_bytes(pdf_cache[(html, identifier)])
            return 0

        def write_set(key: str, folder: Path):
            c, app, figs = contents[key]
            publish.write_report_set(c, app, langs, folder, figs=figs)

        def write_a():
            write_set("a", out)

        def write_b():
            write_set("b", out)

        def write_ref_b():
            write_set("b", work / "ref_b")

        publish.write_pdf = recording_write_pdf  # WeasyPrint runs once per set, here, in this process
        for key in ("a", "b"):
            write_set(key, work / f"prep_{key}")
        publish.write_pdf = replaying_write_pdf
    out.mkdir()
    (out / "keep.txt").write_text("not part of the set; must survive every swap\n")
    _in_child(write_a)
    t0 = time.monotonic()
    _in_child(write_ref_b)
    one_write_s = time.monotonic() - t0  # a warm write, as in the loop below
    set_a, set_b = _state(out), _state(work / "ref_b") | {"keep.txt": _sha(out / "keep.txt")}
    assert set_a != set_b, "sets A and B must differ for the test to mean anything"

    def loop():
        while True:
            write_b()
            write_a()

    # stratified random delays over two writes: kills land during rendering/writing into the staging
    # folder, during the swap and the removal of the old set, and after a complete write
    span_s = 2.0 * one_write_s
    delays = [(i + rng.random()) / n_kills * span_s for i in range(n_kills)]
    rng.shuffle(delays)
    states, bad = [], []
    for i, delay in enumerate(delays):
        pid = os.fork()
        if pid == 0:
            try:
                loop()
            finally:
                os._exit(0)
        time.sleep(delay)
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        now = _state(out)
        label = "old" if now == set_a else "new" if now == set_b else "mixed"
        states.append(label)
        if label == "mixed":
            bad.append({"kill": i, "delay_s": round(delay, 3),
                        "differs": sorted(k for k in set(now) | set(set_a) if now.get(k) not in (set_a.get(k), set_b.get(k)))
                        or sorted(set(now) ^ set(set_a))})
    leftovers_before = sorted(p.name for p in work.iterdir() if p.name.startswith(".out."))
    _in_child(write_a)  # the next run cleans what the killed runs left behind
    leftovers_after = sorted(p.name for p in work.iterdir() if p.name.startswith(".out."))
    final = _state(out)
    modes = sorted({oct(p.stat().st_mode & 0o777) for p in out.rglob("*") if p.is_file() and p.name != "keep.txt"}
                   | {oct(out.stat().st_mode & 0o777)})
    return {"mode": mode, "kills": n_kills, "one_write_s": round(one_write_s, 3), "states": states, "bad": bad,
            "leftovers_before_final_run": leftovers_before, "leftovers_after_final_run": leftovers_after,
            "final_is_a": final == set_a, "modes": modes}


if __name__ == "__main__":
    mode, work, n, seed = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    if mode not in ("build", "report", "notebooks"):
        raise SystemExit("mode must be build, report or notebooks")
    print(json.dumps(main(mode, work, n, seed)))
