"""Every notebook: paired .ipynb in sync with its .py source, committed without outputs, and it runs headless."""

from pathlib import Path

import jupytext
import nbformat
import pytest

from sumsel_analysis.runner import execute, list_notebooks

NOTEBOOKS = list_notebooks()


def test_there_are_notebooks():
    assert [p.stem[:2] for p in NOTEBOOKS][:1] == ["00"]


@pytest.mark.parametrize("source", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_paired_ipynb_in_sync_and_without_outputs(source: Path):
    ipynb = source.with_suffix(".ipynb")
    assert ipynb.exists(), f"{ipynb.name} missing: run `make sync-notebooks`"
    nb = nbformat.read(ipynb, as_version=4)
    assert not any(c.get("outputs") for c in nb.cells if c.cell_type == "code"), f"{ipynb.name} has outputs"
    py = jupytext.read(source)
    assert [c.source for c in nb.cells] == [c.source for c in py.cells], f"{ipynb.name} out of sync with {source.name}"
    params = [c for c in py.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1 and "quick = False" in params[0].source, "one parameters cell defining quick = False"


@pytest.mark.notebook
@pytest.mark.parametrize("source", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_executes(source: Path, tmp_path: Path):
    out = execute(source, tmp_path, {"quick": True}, timeout_s=300)
    nb = nbformat.read(out, as_version=4)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors
    assert any(o.output_type == "display_data" and "image/png" in o.get("data", {})
               for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])), "no figure shown"
