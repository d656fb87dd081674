"""Stage 6 — explore: the interactive scenario explorer for JupyterLab.

Owns the explorer state and its validation (``state``), state → scenario → result (``model``), the
chart (``view``) and the ipywidgets panel (``widgets``, imported on demand because it needs a kernel
with ipywidgets). Everything that can be wrong or slow is in the first three and unit-tested.

May import: ``data``, ``coverage``, ``trends``, ``policy`` and the shared helpers (not ``report``).
"""

from sumsel_analysis.explore.model import ExplorerModel, ExplorerOutput, summary_line
from sumsel_analysis.explore.state import EXPLORER_DRAWS, EXPLORER_SEED, ExplorerState, to_scenario_dict, validate
from sumsel_analysis.explore.view import ExplorerView

__all__ = ["ExplorerModel", "ExplorerOutput", "summary_line", "EXPLORER_DRAWS", "EXPLORER_SEED", "ExplorerState",
           "to_scenario_dict", "validate", "ExplorerView"]
