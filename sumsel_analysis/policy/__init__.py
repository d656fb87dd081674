"""Stage 4 — policy: the lever simulator (licensing mandate, premium subsidy, employer collaboration).

Owns scenario files (``scenario``), the lever mechanics (``model``), running a scenario
(``simulation``: ``simulate``, ``simulate_regions``, ``regency_trends``, ``SimulationResult``),
its building blocks (``mechanics``), the joint calibration to documented episodes (``calibration``),
costs per budget year by payer (``budget``), sensitivity analysis
(``sensitivity``), the least-cost mix (``optimise``), the evidence check (``evidence``) and their
charts (``charts``). What is *not* modelled is listed in ``not_modelled.yaml``.

May import: ``data``, ``coverage``, ``trends`` and the shared helpers. This module re-exports the
public names only.
"""

from sumsel_analysis.policy import budget
from sumsel_analysis.policy.scenario import Scenario, ScenarioError, load_scenario, scenario_from_dict
from sumsel_analysis.policy.simulation import (LEVERS, RunSizeError, SimulationResult, check_run_size,
                                               default_baseline, not_modelled, regency_inputs, regency_trends,
                                               simulate, simulate_regions)

__all__ = ["Scenario", "ScenarioError", "SimulationResult", "load_scenario", "scenario_from_dict", "simulate",
           "simulate_regions", "regency_trends", "regency_inputs", "not_modelled", "default_baseline", "LEVERS",
           "budget", "RunSizeError", "check_run_size"]
