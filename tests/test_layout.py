"""The package layout mirrors the pipeline: imports point only to earlier stages, and the README map
matches the tree."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "sumsel_analysis"

# Shared helpers (rank 0) may be used by every stage; a stage may import stages of a lower rank only.
# report and explore are both last and may not import each other. Entry points may import anything.
SHARED = {"numbers", "i18n", "plotting"}
STAGES = {"data": 1, "coverage": 2, "trends": 3, "policy": 4, "report": 5, "explore": 5}
ENTRY_POINTS = {"cli", "runner", "__main__", "__init__"}


def _unit(dotted: str) -> str:
    """'sumsel_analysis.data.loaders' -> 'data'; 'sumsel_analysis' -> '' (the package root: __version__)."""
    parts = dotted.split(".")
    return parts[1] if len(parts) > 1 else ""


def imported_units(source: str, module: str) -> list[tuple[int, str]]:
    """(line, unit) for every sumsel_analysis import in ``source`` (function-level imports included)."""
    out = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            out += [(node.lineno, _unit(a.name)) for a in node.names if a.name.startswith("sumsel_analysis")]
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("sumsel_analysis"):
            if node.module == "sumsel_analysis":  # from sumsel_analysis import trends, __version__
                out += [(node.lineno, a.name) for a in node.names if a.name != "__version__"]
            else:
                out.append((node.lineno, _unit(node.module)))
        elif isinstance(node, ast.ImportFrom) and node.level:
            raise AssertionError(f"{module}: use absolute imports (line {node.lineno})")
    return out


def violations(source: str, module: str) -> list[str]:
    """Imports in ``module`` (dotted path under sumsel_analysis) that point to a later stage."""
    unit = _unit(module)
    leaf = module.rsplit(".", 1)[-1]
    if unit in ENTRY_POINTS or (unit == "" and leaf in ENTRY_POINTS):
        return []
    bad = []
    for line, target in imported_units(source, module):
        if target in ("", unit):
            continue
        if unit in SHARED:
            ok = target in SHARED
        elif unit in STAGES:
            ok = target in SHARED or (target in STAGES and STAGES[target] < STAGES[unit])
        else:
            raise AssertionError(f"{module}: not in a known stage or shared helper; add it to tests/test_layout.py")
        if target in ENTRY_POINTS - {"__init__"}:
            ok = False
        if not ok:
            bad.append(f"{module} line {line} imports {target}")
    return bad


def _modules():
    for path in sorted(PKG.rglob("*.py")):
        rel = path.relative_to(ROOT).with_suffix("")
        yield path, ".".join(rel.parts)


def test_imports_point_only_to_earlier_stages():
    bad = [v for path, mod in _modules() for v in violations(path.read_text(encoding="utf-8"), mod)]
    assert bad == []


@pytest.mark.parametrize("module, source, expected", [
    ("sumsel_analysis.data.build", "from sumsel_analysis.policy import simulate\n", 1),
    ("sumsel_analysis.data.build", "def f():\n    from sumsel_analysis import policy\n", 1),
    ("sumsel_analysis.coverage.metrics", "import sumsel_analysis.trends.model\n", 1),
    ("sumsel_analysis.report.content", "from sumsel_analysis.explore import ExplorerModel\n", 1),
    ("sumsel_analysis.numbers", "from sumsel_analysis.data import loaders\n", 1),
    ("sumsel_analysis.policy.model", "from sumsel_analysis.runner import execute\n", 1),
    ("sumsel_analysis.policy.model", "from sumsel_analysis.data.loaders import parameter\n"
                                     "from sumsel_analysis import __version__, trends\n", 0),
    ("sumsel_analysis.cli", "from sumsel_analysis.report import build_reports\n", 0),
])
def test_direction_check_catches_backward_imports(module, source, expected):
    assert len(violations(source, module)) == expected


def _readme_map() -> dict[str, set[str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(r"<!-- layout-map.*?-->(.*?)<!-- /layout-map -->", text, re.S)
    assert m, "README.md has no layout-map block"
    out = {}
    for row in m.group(1).strip().splitlines()[2:]:
        where, what = row.strip("|").split("|", 1)
        names = re.findall(r"`([^`]+)`", where)
        for name in names:
            # for a subpackage, the modules named in the 'what' column (first backticked word of each entry)
            what_no_notes = re.sub(r"\([^)]*\)", "", what)  # '(…)' explains a module; it names none
            out[name] = set(re.findall(r"`([a-z_]+)`", what_no_notes)) if name.endswith("/") else set()
    return out


def test_readme_map_matches_the_tree():
    listed = _readme_map()
    on_disk = {p.name + "/" for p in PKG.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    on_disk |= {p.name for p in PKG.glob("*.py") if p.name != "__init__.py"}
    assert set(listed) == on_disk
    for sub in (k for k in listed if k.endswith("/") and k != "i18n/"):
        modules = {p.stem for p in (PKG / sub).glob("*.py") if p.stem != "__init__"}
        assert listed[sub] == modules, f"{sub}: README map {sorted(listed[sub])} vs tree {sorted(modules)}"


def test_every_subpackage_says_what_it_owns_and_may_import():
    for sub in STAGES:
        doc = ast.get_docstring(ast.parse((PKG / sub / "__init__.py").read_text(encoding="utf-8"))) or ""
        assert "May import" in doc, sub
