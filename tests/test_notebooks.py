"""Every notebook: paired .ipynb in sync with its .py source, committed without outputs, and it runs headless."""

import re
from pathlib import Path

import jupytext
import nbformat
import pytest

from sumsel_analysis.runner import execute, list_notebooks, offline_html, to_html

NOTEBOOKS = list_notebooks()
MAX_TABLE_ROWS = 20  # no raw dumps: longer tables are summarised or cut with a stated count


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
    outputs = [(i, o) for i, c in enumerate(nb.cells) if c.cell_type == "code" for o in c.get("outputs", [])]
    warned = [i for i, o in outputs if o.output_type == "stream" and o.get("name") == "stderr"]
    assert warned == [], f"warnings printed in cells {warned}"
    long = [i for i, o in outputs if o.get("data", {}).get("text/html", "").count("<tr") > MAX_TABLE_ROWS + 1]
    assert long == [], f"tables over {MAX_TABLE_ROWS} rows in cells {long}"
    # end with plain-word conclusions; their numbers come from the brief's results table (a code cell
    # after the heading whose only output is Markdown), never typed
    heading = max(i for i, c in enumerate(nb.cells) if c.cell_type == "markdown")
    assert nb.cells[heading].source.startswith("## Conclusions"), "end with plain-word conclusions"
    for c in nb.cells[heading + 1:]:
        assert c.cell_type == "code" and "load_results" in c.source, "numbers after the conclusions come from results"
        assert [o.output_type for o in c.outputs] == ["execute_result"] and "text/markdown" in c.outputs[0]["data"]
    html = to_html(out).read_text(encoding="utf-8")
    assert not re.search(r"""<(?:script|link|img)\b[^>]*\b(?:src|href)\s*=\s*["'](?:https?:)?//""", html)
    assert "cdnjs" not in html and "unpkg" not in html  # opens offline: no require.js / MathJax / widget CDN


def test_offline_html_drops_cdn_scripts_and_refuses_other_loads():
    page = ('<html><head><script src="https://cdnjs.cloudflare.com/x/require.min.js"></script>'
            '<script type="module">const m = await import("https://cdnjs.cloudflare.com/m.mjs");</script></head>'
            '<body><a href="https://example.org">source</a></body></html>')
    out = offline_html(page)
    assert "cdnjs" not in out and 'href="https://example.org"' in out  # a link a reader clicks stays
    with pytest.raises(RuntimeError, match="network"):
        offline_html('<img src="https://example.org/x.png">')
