"""What the explorer's controls set (``ExplorerState``), its validation in both languages, and the
scenario dictionary it becomes (the same shape as a scenario YAML file, so a saved state reproduces).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from sumsel_analysis.i18n import t

EXPLORER_DRAWS = 200  # Monte Carlo size behind the optional uncertainty bands (small on purpose: < 1 s)
EXPLORER_SEED = 20251204
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class ExplorerState:
    """Everything the controls set. Months are 'YYYY-MM'; shares are 0–1; money is rupiah."""

    region: str = "16"
    mandate_on: bool = True
    mandate_start: str = "2027-10"
    mandate_compliance: float = 0.70
    mandate_gated_share: float = 0.10
    subsidy_mode: str = "workers"  # "workers" or "budget"
    subsidy_workers: int = 200_000
    subsidy_budget_rupiah: float = 40.32e9
    subsidy_start: str = "2028-01"
    subsidy_months: int = 12
    subsidy_delivery: str = "list_based"
    subsidy_retention: float | None = None  # share another payer takes over when funding ends; None = calibrated
    subsidy_list_status: str = "unverified"  # "verified" (names matched before budgeting) or "unverified"
    subsidy_payer_after: str = "worker"  # who pays after funding ends: district, village, employer, worker, nobody
    csr_workers: int = 10_000
    csr_months: int = 12
    target_pct: float = 51.0
    deadline: str = "2029-12"
    lang: str = "en"
    uncertainty: bool = False

    def with_(self, **changes) -> "ExplorerState":
        """A copy with some fields changed (the widgets' only way to change state)."""
        return replace(self, **changes)


def validate(state: ExplorerState) -> list[str]:
    """Messages (in the state's language) for invalid combinations; empty when the state can be run."""
    lang, errors = state.lang, []
    for field in ("mandate_start", "subsidy_start", "deadline"):
        value = getattr(state, field)
        if not _MONTH.match(str(value)):
            errors.append(t("explorer.error.bad_month", lang, field=t(f"explorer.{field}", lang)
                            if field != "deadline" else t("explorer.deadline", lang), value=value))
    for field in ("subsidy_workers", "subsidy_budget_rupiah", "subsidy_months", "csr_workers", "csr_months"):
        if getattr(state, field) < 0:
            label = t(f"explorer.{field.replace('_rupiah', '')}", lang)
            errors.append(t("explorer.error.negative", lang, field=label))
    if not 0 < state.target_pct <= 100:
        errors.append(t("explorer.error.target_range", lang, value=state.target_pct))
    if not errors:
        starts = [state.subsidy_start] + ([state.mandate_start] if state.mandate_on else [])
        earliest = min(starts)
        if state.deadline <= earliest:
            errors.append(t("explorer.error.deadline_before_start", lang, deadline=state.deadline, start=earliest))
    return errors


# --- state → scenario → result → figure -----------------------------------------------------------


def to_scenario_dict(state: ExplorerState) -> dict:
    """The scenario mapping (the YAML format of ``policy.scenario``) for the current controls."""
    levers = {}
    if state.mandate_on:
        levers["mandate"] = {"start": state.mandate_start, "events": ["new_nib", "permits_tenders"],
                             "compliance": float(state.mandate_compliance),
                             "gated_share_per_year": float(state.mandate_gated_share)}
    size = ({"workers": int(state.subsidy_workers)} if state.subsidy_mode == "workers"
            else {"budget_rupiah_per_year": float(state.subsidy_budget_rupiah)})
    if (size.get("workers", 0) > 0) or (size.get("budget_rupiah_per_year", 0) > 0):
        levers["subsidy"] = {"start": state.subsidy_start, **size, "months": int(state.subsidy_months),
                             "delivery": state.subsidy_delivery}
        levers["subsidy"]["list_status"] = state.subsidy_list_status
        levers["subsidy"]["payer_after"] = state.subsidy_payer_after
        if state.subsidy_retention is not None and state.subsidy_payer_after in ("district", "village", "employer"):
            levers["subsidy"]["takeover_share"] = float(state.subsidy_retention)  # else the calibrated takeover share
    if state.csr_workers > 0:
        levers["csr"] = {"start": state.subsidy_start, "workers": int(state.csr_workers), "months": int(state.csr_months)}
    horizon = max("2030-12", state.deadline)
    return {"name": f"Explorer: {', '.join(levers) or 'baseline only'} (region {state.region})",
            "description": "Saved from notebooks/05-scenario-explorer", "horizon": horizon,
            "target": {"pct": float(state.target_pct), "by": state.deadline}, "seed": EXPLORER_SEED, "levers": levers}
