"""Safe outputs (issue 13): set-atomic swaps, manifest checks against raw files, modes, leftovers,
formula-neutralised text cells in CSV and workbooks."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from sumsel_analysis.data import build, loaders, safe_io
from sumsel_analysis.data.build import StaleDataError

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("text,expected", [("=HYPERLINK(\"http://x\",\"a\")", "'=HYPERLINK(\"http://x\",\"a\")"),
                                           ("+1", "'+1"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
                                           ("\tx", "'\tx"), ("\rx", "'\rx"), ("Palembang", "Palembang"),
                                           ("", ""), (" =x", " =x")])
def test_neutralise_text(text, expected):
    assert safe_io.neutralise_text(text) == expected


def test_neutralise_frame_keeps_numbers_and_missing():
    df = pd.DataFrame({"name": ["=1+1", "ok", None], "value": [-1.5, 2.0, float("nan")], "=h": [1, 2, 3]})
    out = safe_io.neutralise_frame(df)
    assert out["name"].tolist()[:2] == ["'=1+1", "ok"] and pd.isna(out["name"].iloc[2])
    assert out["value"].tolist()[:2] == [-1.5, 2.0] and list(out.columns) == ["name", "value", "'=h"]
    assert df["name"].iloc[0] == "=1+1"  # the input is not changed


def _set_note(raw: Path, note: str) -> None:
    path = raw / "coverage_observations.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    rows[1][rows[0].index("note")] = note
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


@pytest.fixture()
def built_copy(raw_copy, tmp_path):
    out = tmp_path / "processed"
    build.build_all(raw_copy, out)
    return raw_copy, out


def test_csv_cells_neutralised_parquet_faithful(raw_copy, tmp_path):
    _set_note(raw_copy, '=HYPERLINK("http://evil","click")')
    out = tmp_path / "processed"
    build.build_all(raw_copy, out)
    text = (out / "coverage_observations.csv").read_text()
    assert "'=HYPERLINK" in text
    cells = [c for row in csv.reader(io.StringIO(text)) for c in row]
    assert not [c for c in cells if c.startswith(safe_io.FORMULA_PREFIXES) and not _numeric(c)]
    assert pd.read_parquet(out / "coverage_observations.parquet")["note"].iloc[0].startswith("=HYPERLINK")


def _numeric(c: str) -> bool:
    try:
        float(c)
        return True
    except ValueError:
        return False


def test_manifest_records_raw_outputs_and_version(built_copy):
    raw, out = built_copy
    m = build.read_manifest(out)
    assert m["package_version"] == build.__version__
    assert set(m["raw_files"]) == {p.name for p in raw.iterdir() if p.is_file()}
    assert set(m["outputs"]) == {p.name for p in out.iterdir() if p.suffix in (".csv", ".parquet")}
    assert m["outputs"]["coverage_best.csv"] == safe_io.sha256(out / "coverage_best.csv")
    assert build.manifest_problems(out, raw) == []


def test_changed_raw_file_is_never_used_silently(built_copy):
    raw, out = built_copy
    _set_note(raw, "edited after the build")
    problems = build.manifest_problems(out)
    assert problems and "coverage_observations.csv" in problems[0] and "changed since the build" in problems[0]
    with pytest.raises(StaleDataError, match=r"coverage_observations.csv.*run `make data`"):
        loaders.load_processed("coverage_observations", out)
    with pytest.raises(StaleDataError, match="out of date"):
        build.ensure_built(out, raw, rebuild=False)
    build.ensure_built(out, raw)  # rebuilds
    assert build.manifest_problems(out) == []
    assert loaders.load_processed("coverage_observations", out)["note"].iloc[0] == "edited after the build"


def test_new_raw_file_and_damaged_output_are_detected(built_copy):
    raw, out = built_copy
    (raw / "national_panel.csv").write_text("a\n1\n")  # a raw file added later (issue 14) is covered too
    assert "national_panel.csv" in " ".join(build.manifest_problems(out))
    (raw / "national_panel.csv").unlink()
    (out / "regions.csv").write_text("tampered\n")
    assert "regions.csv" in " ".join(build.manifest_problems(out))
    (out / "manifest.json").write_text("{not json")
    assert "not valid JSON" in build.manifest_problems(out)[0]
    (out / "manifest.json").unlink()
    assert "does not exist" in build.manifest_problems(out)[0]


def test_modes_are_readable_by_others_under_a_strict_umask(raw_copy, tmp_path):
    old = os.umask(0o077)
    try:
        build.build_all(raw_copy, tmp_path / "processed")
    finally:
        os.umask(old)
    out = tmp_path / "processed"
    assert oct(out.stat().st_mode & 0o777) == "0o755"
    assert {oct(p.stat().st_mode & 0o777) for p in out.iterdir()} == {"0o644"}


def test_output_folder_checked_before_any_computation(raw_copy, tmp_path, monkeypatch):
    monkeypatch.setattr(build, "build_tables", lambda *a: pytest.fail("computed before checking the folder"))
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(NotADirectoryError, match="file"):
        build.build_all(raw_copy, blocker)
    with pytest.raises(NotADirectoryError):
        build.build_all(raw_copy, blocker / "sub")


def test_staged_folder_swaps_the_set_and_keeps_other_entries(tmp_path):
    target = tmp_path / "reports"
    (target / "notebooks").mkdir(parents=True)
    (target / "notebooks" / "00.ipynb").write_text("nb")
    (target / ".gitkeep").write_text("")
    (target / "brief_en.html").write_text("old en")
    (target / "brief_id.html").write_text("old id")
    owns = lambda name: name.startswith("brief_")  # noqa: E731
    with safe_io.staged_folder(target, owns) as stage:
        (stage / "brief_id.html").write_text("new id")
        assert (target / "brief_id.html").read_text() == "old id"  # nothing visible before the swap
    assert sorted(p.name for p in target.iterdir()) == [".gitkeep", "brief_id.html", "notebooks"]
    assert (target / "brief_id.html").read_text() == "new id"
    assert (target / "notebooks" / "00.ipynb").read_text() == "nb"
    with pytest.raises(RuntimeError):
        with safe_io.staged_folder(target, owns) as stage:
            (stage / "brief_id.html").write_text("half")
            raise RuntimeError("interrupted")
    assert (target / "brief_id.html").read_text() == "new id"
    assert [p.name for p in tmp_path.iterdir()] == ["reports"]  # the failed staging folder is gone


def test_leftovers_of_killed_runs_are_cleaned_and_a_half_swap_repaired(tmp_path):
    target = tmp_path / "out"
    target.mkdir()
    dead = 2 ** 22 + 12345  # above the default pid_max: no such process
    (tmp_path / f".out.staging-{dead}-0").mkdir()
    (tmp_path / f".out.staging-{dead}-0" / "half.parquet").write_text("half")
    mine = tmp_path / f".out.staging-{os.getpid()}-99"
    mine.mkdir()  # a live process's staging folder is left alone
    assert safe_io.clean_leftovers(target) == [tmp_path / f".out.staging-{dead}-0"]
    assert mine.exists()
    mine.rmdir()
    target.rename(tmp_path / f".out.old-{dead}-1")  # killed between the two renames of the fallback swap
    (tmp_path / f".out.old-{dead}-1" / "a.csv").write_text("complete old set")
    safe_io.clean_leftovers(target)
    assert (target / "a.csv").read_text() == "complete old set"


def test_workbook_neutralises_formula_scenario_names(tmp_path):
    from sumsel_analysis.report import appendix_for, build_content
    from sumsel_analysis.report.workbook import write_workbook

    scen = tmp_path / "evil.yaml"
    scen.write_text('name: "=HYPERLINK(\\"http://evil.example\\",\\"klik\\")"\ndescription: "@SUM(1+1)"\n'
                    "levers:\n  csr: {start: 2026-07, workers: 100}\n")
    content = build_content([scen], n_draws=20)
    path = write_workbook(content, appendix_for(content), tmp_path / "t.xlsx")
    wb = openpyxl.load_workbook(path)
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"], "no cell may be a formula"
    risky = [c for c in cells if isinstance(c.value, str) and c.value.startswith(safe_io.FORMULA_PREFIXES)]
    # shown exactly as typed (Excel's quote-prefix style), no visible apostrophe, never computed
    assert any(c.value.startswith('=HYPERLINK("http://evil.example"') for c in risky)
    assert risky and all(c.quotePrefix and c.data_type == "s" for c in risky)
    assert not [c.value for c in cells if isinstance(c.value, str) and c.value.startswith("'=")]


def test_executed_notebook_text_has_no_per_run_noise():
    """`make run` twice gives byte-identical notebooks: widget ids and kernel temp paths are normalised."""
    import uuid

    import nbformat

    from sumsel_analysis.runner import _stable_text

    def executed() -> nbformat.NotebookNode:
        box, layout, slider = (uuid.uuid4().hex for _ in range(3))
        cell = nbformat.v4.new_code_cell("w", outputs=[
            nbformat.v4.new_output("display_data", {"application/vnd.jupyter.widget-view+json": {"model_id": box}}),
            nbformat.v4.new_output("stream", name="stderr", text=f"/tmp/ipykernel_{os.getpid() + len(box)}/1.py:1: W\n")])
        state = {slider: {"model_name": "IntSlider", "state": {"layout": f"IPY_MODEL_{layout}"}},
                 layout: {"model_name": "LayoutModel", "state": {}},
                 box: {"model_name": "VBox", "state": {"children": [f"IPY_MODEL_{slider}"]}}}
        cell.id = "cell-000"  # numbered by execute()
        nb = nbformat.v4.new_notebook(cells=[cell])
        nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": state}}
        return nb

    a, b = _stable_text(executed()), _stable_text(executed())
    assert a == b
    assert f"{1:032x}" in a and "/tmp/ipykernel/1.py" in a
