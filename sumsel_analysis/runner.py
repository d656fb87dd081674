"""Execute the project's notebooks headless (papermill), from their jupytext ``.py`` sources.

The ``.py`` (percent format) is the source of truth; the paired ``.ipynb`` is committed without
outputs. Executed copies go to ``reports/notebooks/`` with volatile papermill metadata (timestamps,
durations) removed, so reruns differ only where results differ. The executed notebooks are one set:
executed into a staging folder and swapped into ``reports/notebooks/`` with one rename
(``data.safe_io.staged_folder``), so a failed or killed run leaves the complete previous set.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

import jupytext
import nbformat
import papermill

from sumsel_analysis.data import paths
from sumsel_analysis.data.safe_io import check_writable_folder, staged_folder

KERNEL = "python3"
_NAME = re.compile(r"^\d\d-[a-z0-9-]+\.py$")


def list_notebooks(folder: Path | None = None) -> list[Path]:
    """The numbered notebook sources (``NN-name.py``) in reading order."""
    folder = folder or paths.NOTEBOOKS_DIR
    return sorted(p for p in folder.glob("*.py") if _NAME.match(p.name))


_KERNEL_TMP = re.compile(r"/tmp/ipykernel_\d+/")
_UUID4 = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\b")


def _widget_order(cells_text: str, state: dict) -> list[str]:
    """Widget model ids in an order that does not depend on the ids: breadth-first from the widgets the
    cells display, following IPY_MODEL_ references; unreachable ones by their content."""
    order, queue = [], [m for m in re.findall(r'"model_id": "([0-9a-f]{32})"', cells_text) if m in state]
    while queue:
        w = queue.pop(0)
        if w in state and w not in order:
            order.append(w)
            queue += re.findall(r"IPY_MODEL_([0-9a-f]{32})", json.dumps(state[w], sort_keys=True))
    rest = sorted(set(state) - set(order), key=lambda w: re.sub(r"[0-9a-f]{32}", "", json.dumps(state[w], sort_keys=True)))
    return order + rest


def _stable_text(nb: nbformat.NotebookNode) -> str:
    """The executed notebook's JSON without per-run noise: widget model ids (random uuids) numbered in a
    canonical order, and the kernel's temporary path (its pid) in warning messages."""
    text = nbformat.writes(nb)
    state = nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {}).get("state", {})
    if state:
        for i, wid in enumerate(_widget_order(nbformat.writes(nbformat.v4.new_notebook(cells=nb.cells)), state)):
            text = text.replace(wid, f"{i + 1:032x}")
        text = nbformat.writes(nbformat.reads(text, as_version=4))  # keys sorted again under the new ids
    return _KERNEL_TMP.sub("/tmp/ipykernel/", text)


def _strip_volatile(nb: nbformat.NotebookNode) -> None:
    nb.metadata.get("papermill", {}).pop("start_time", None)
    nb.metadata.get("papermill", {}).pop("end_time", None)
    nb.metadata.get("papermill", {}).pop("duration", None)
    nb.metadata.get("papermill", {}).pop("input_path", None)
    nb.metadata.get("papermill", {}).pop("output_path", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)


def execute(source: Path, out_dir: Path, parameters: dict | None = None, timeout_s: int = 600) -> Path:
    """Run one notebook top to bottom with ``parameters`` injected; returns the executed ``.ipynb``."""
    source = Path(source)
    out_dir.mkdir(parents=True, exist_ok=True)
    nb = jupytext.read(source)
    nb.metadata["kernelspec"] = {"name": KERNEL, "display_name": "Python 3 (sumsel)", "language": "python"}
    out = out_dir / f"{source.stem}.ipynb"
    backend = os.environ.pop("MPLBACKEND", None)  # a forced Agg backend would drop every inline figure
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / f"{source.stem}.ipynb"
        nbformat.write(nb, src)
        try:
            papermill.execute_notebook(str(src), str(out), parameters=parameters or {}, kernel_name=KERNEL,
                                       cwd=str(source.parent), progress_bar=False,
                                       execution_timeout=timeout_s, log_output=False)
        finally:
            if backend is not None:
                os.environ["MPLBACKEND"] = backend
    executed = nbformat.read(out, as_version=4)
    _strip_volatile(executed)
    for i, cell in enumerate(executed.cells):  # jupytext and papermill give random ids; number them
        cell.id = f"cell-{i:03d}"
    text = _stable_text(executed)
    out.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    return out


_EXTERNAL_SCRIPT = re.compile(r"""<script\b[^>]*\bsrc\s*=\s*["']https?://[^"']*["'][^>]*>\s*</script>""", re.I)
# inline scripts that fetch code from a URL at run time (mermaid's on-demand import, the widget manager loader)
_IMPORTING_SCRIPT = re.compile(r"""<script\b[^>]*>(?:(?!</script>).)*?["']https?://(?:(?!</script>).)*</script>""", re.I | re.S)
_EXTERNAL_LOAD = re.compile(r"""<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*["'](https?:)?//[^"']+["']""", re.I)


def offline_html(body: str) -> str:
    """Drop the CDN scripts nbconvert adds (require.js, MathJax, mermaid, widget manager) so the page loads nothing
    from the network; raise if any other external load is left (links a reader clicks are kept)."""
    body = _IMPORTING_SCRIPT.sub("", _EXTERNAL_SCRIPT.sub("", body))  # incl. the on-demand mermaid loader
    if re.search(r"""["'(]https?://(?:cdn|unpkg)""", body):
        raise RuntimeError("notebook HTML still references a CDN")
    left = _EXTERNAL_LOAD.findall(body)
    if _EXTERNAL_LOAD.search(body):
        raise RuntimeError(f"notebook HTML would still load from the network: {left[:3]}")
    return body


def to_html(executed: Path) -> Path:
    """A self-contained HTML copy of an executed notebook (images embedded, no network references)."""
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter(template_name="lab", embed_images=True).from_filename(str(executed))
    ids = dict.fromkeys(_UUID4.findall(body))  # the exporter gives widget outputs random element ids
    for i, uid in enumerate(ids):
        body = body.replace(uid, f"widget-output-{i + 1}")
    html = executed.with_suffix(".html")
    html.write_text(offline_html(body), encoding="utf-8")
    return html


def _owned(name: str) -> bool:
    """Entries of the notebooks folder that belong to the set of executed notebooks (others are kept)."""
    return name.endswith((".ipynb", ".html"))


def execute_all(out_dir: Path | None = None, quick: bool = False) -> list[Path]:
    """Execute every notebook (full sizes unless ``quick``) and swap the .ipynb + .html copies in as one set."""
    out_dir = check_writable_folder(out_dir or paths.REPORTS_DIR / "notebooks")
    names = []
    with staged_folder(out_dir, owns=_owned) as stage:
        for src in list_notebooks():
            nb = execute(src, stage, {"quick": quick})
            names += [nb.name, to_html(nb).name]
    return [Path(out_dir) / n for n in names]
