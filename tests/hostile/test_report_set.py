"""Hostile report set (issue 18): text that a spreadsheet would run is shown exactly as typed in the workbook
(Excel's quote-prefix style, no visible apostrophe) and stays apostrophe-prefixed in CSV; the executed
notebooks are one set swapped into ``reports/notebooks/`` (a failed run leaves the complete old set).
"""

from __future__ import annotations

import io
import string
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sumsel_analysis import runner
from sumsel_analysis.data import safe_io

# (cell value written, value read back, data type, quote prefix)
CELLS = [
    ("=1+1", "=1+1", "s", True),
    ('=HYPERLINK("http://evil.example","klik")', '=HYPERLINK("http://evil.example","klik")', "s", True),
    ("+62 711 123", "+62 711 123", "s", True),
    ("-2+3", "-2+3", "s", True),
    ("@SUM(A1)", "@SUM(A1)", "s", True),
    ("\tx", "\tx", "s", True),
    ("=", "=", "s", True),
    ("-", "-", "s", True),
    ("Palembang", "Palembang", "s", False),
    ("'=sudah", "'=sudah", "s", False),
    ("a=b", "a=b", "s", False),
    (" =spasi", " =spasi", "s", False),
    (-1.5, -1.5, "n", False),
    (0, 0, "n", False),
    (None, None, "n", False),
]


def _roundtrip(values: list) -> list:
    wb = openpyxl.Workbook()
    ws = wb.active
    for v in values:
        ws.append([v])
    safe_io.quote_prefix_formulas(ws)
    buf = io.BytesIO()
    wb.save(buf)
    back = openpyxl.load_workbook(io.BytesIO(buf.getvalue())).active
    return [back.cell(i + 1, 1) for i in range(len(values))]


@pytest.mark.parametrize("written,read,dtype,prefix", CELLS, ids=[repr(c[0]) for c in CELLS])
def test_workbook_cell_shown_as_typed(written, read, dtype, prefix):
    cell = _roundtrip([written])[0]
    assert (cell.value, cell.data_type, bool(cell.quotePrefix)) == (read, dtype, prefix)


@pytest.mark.parametrize("text,csv", [("=1+1", "'=1+1"), ("+62", "'+62"), ("-x", "'-x"), ("@a", "'@a"),
                                      ("\rx", "'\rx"), ("ok", "ok"), ("'=x", "'=x")])
def test_csv_keeps_the_apostrophe(text, csv):
    assert safe_io.neutralise_text(text) == csv


_TEXT = st.text(alphabet=string.ascii_letters + string.digits + " =+-@\t,.()\"'!%", max_size=30)


@settings(max_examples=60, deadline=None)
@given(st.lists(_TEXT, min_size=1, max_size=8))
def test_workbook_text_property(texts):
    """Any text comes back exactly as written, never as a formula; risky text carries the quote prefix."""
    cells = _roundtrip(texts)
    for text, cell in zip(texts, cells):
        assert cell.data_type == "s" if text else cell.value is None
        if text:
            assert cell.value == text
            assert bool(cell.quotePrefix) == text.startswith(safe_io.FORMULA_PREFIXES)


# --- notebooks as a set ------------------------------------------------------------------------------
@pytest.fixture()
def fake_kernel(monkeypatch, tmp_path):
    """Notebook execution replaced by a writer of fixed bytes (the kernel is tested in test_notebooks.py);
    ``fail_at`` makes the n-th notebook raise, as a crashed or interrupted kernel would."""
    state = {"tag": "new", "fail_at": None, "calls": 0}
    sources = [tmp_path / "src" / f"0{i}-nb.py" for i in range(3)]

    def fake_execute(source: Path, out_dir: Path, parameters=None, timeout_s=600) -> Path:
        state["calls"] += 1
        if state["fail_at"] == state["calls"]:
            raise RuntimeError("kernel died")
        out = out_dir / f"{source.stem}.ipynb"
        out.write_text(f"{source.stem} {state['tag']}")
        return out

    def fake_html(executed: Path) -> Path:
        html = executed.with_suffix(".html")
        html.write_text(f"<p>{executed.stem} {state['tag']}</p>")
        return html

    monkeypatch.setattr(runner, "execute", fake_execute)
    monkeypatch.setattr(runner, "to_html", fake_html)
    monkeypatch.setattr(runner, "list_notebooks", lambda folder=None: sources)
    return state


def _folder(path: Path) -> dict[str, str]:
    return {p.name: p.read_text() for p in sorted(path.iterdir())}


def _old_set(out: Path) -> dict[str, str]:
    out.mkdir(parents=True)
    for i in range(3):
        (out / f"0{i}-nb.ipynb").write_text(f"0{i}-nb old")
        (out / f"0{i}-nb.html").write_text(f"<p>0{i}-nb old</p>")
    (out / "99-removed.ipynb").write_text("a notebook no longer in the project")
    (out / "README.txt").write_text("not part of the set")
    return _folder(out)


def test_notebooks_swapped_in_as_a_set(tmp_path, fake_kernel):
    out = tmp_path / "reports" / "notebooks"
    _old_set(out)
    written = runner.execute_all(out)
    assert written == [out / n for i in range(3) for n in (f"0{i}-nb.ipynb", f"0{i}-nb.html")]
    assert _folder(out) == {**{f"0{i}-nb.ipynb": f"0{i}-nb new" for i in range(3)},
                            **{f"0{i}-nb.html": f"<p>0{i}-nb new</p>" for i in range(3)},
                            "README.txt": "not part of the set"}
    assert [p.name for p in out.parent.iterdir()] == ["notebooks"], "no staging folder left"


@pytest.mark.parametrize("fail_at", [1, 2, 3])
def test_failed_notebook_run_leaves_the_old_set(tmp_path, fake_kernel, fail_at):
    out = tmp_path / "reports" / "notebooks"
    before = _old_set(out)
    fake_kernel["fail_at"] = fail_at
    with pytest.raises(RuntimeError, match="kernel died"):
        runner.execute_all(out)
    assert _folder(out) == before
    assert [p.name for p in out.parent.iterdir()] == ["notebooks"], "no staging folder left"


def test_first_notebook_run_creates_the_folder(tmp_path, fake_kernel):
    out = tmp_path / "reports" / "notebooks"
    runner.execute_all(out)
    assert sorted(_folder(out)) == sorted(f"0{i}-nb.{ext}" for i in range(3) for ext in ("ipynb", "html"))


def test_notebooks_out_is_a_file_refused_before_running(tmp_path, fake_kernel):
    out = tmp_path / "notebooks"
    out.write_text("a file")
    with pytest.raises(NotADirectoryError):
        runner.execute_all(out)
    assert fake_kernel["calls"] == 0, "refused before any notebook ran"
