"""What the lever simulator deliberately leaves out (``not_modelled.yaml``) and the numbers that list quotes.

The list's texts name their numbers by placeholder (``{compliance_prior_low:0}``: a name of
``not_modelled_numbers`` and the decimals shown), so no number is typed into the text: the brief fills them
from its results table (rows ``not_modelled.<name>``), ``not_modelled()`` from the same computation.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import yaml

from sumsel_analysis.numbers import format_value

_FILE = Path(__file__).parent / "not_modelled.yaml"
PLACEHOLDER = re.compile(r"\{([a-z0-9_]+)(?::(\d))?\}")
TEXT_KEYS = {"en": ("item", "why"), "id": ("item_id", "why_id")}


def not_modelled_raw() -> list[dict]:
    """The list as written: item/why (English), item_id/why_id (Indonesian), numbers as placeholders."""
    return yaml.safe_load(_FILE.read_text(encoding="utf-8"))


def not_modelled_numbers(params: pd.DataFrame | None = None) -> dict[str, tuple]:
    """Name → (value, unit, basis) for every placeholder of the list: the compliance prior's range (assumption
    low/high, shares 0–1), the calibrated 10–90% range of the share that keeps paying itself after funding
    ends (``calibration.Calibration.ranges``, shares), and the 2026 self-payer discount of PP 50/2025 (its
    percent, year, and the premium per month it leaves, rupiah)."""
    from sumsel_analysis.data import loaders
    from sumsel_analysis.policy import calibration

    params = loaders.load_parameters() if params is None else params
    p = params.set_index("name")
    ranges = calibration.load_calibration(params).ranges.set_index("parameter")
    disc = p.loc["bpu_discount_2026"]
    premium = float(p.loc["apbd_premium_per_worker_month", "value_central"])
    posterior = "calibration posterior 10–90%: assumption self_pay_share_after_stop"
    return {
        "compliance_prior_low": (float(p.loc["mandate_compliance", "value_low"]), "share", "assumption mandate_compliance"),
        "compliance_prior_high": (float(p.loc["mandate_compliance", "value_high"]), "share", "assumption mandate_compliance"),
        "self_pay_p10": (float(ranges.loc["self_pay_share_after_stop", "posterior_p10"]), "share", posterior),
        "self_pay_p90": (float(ranges.loc["self_pay_share_after_stop", "posterior_p90"]), "share", posterior),
        "bpu_discount_pct": (float(disc["value_central"]), "pct", "parameter bpu_discount_2026"),
        "bpu_discount_year": (int(pd.Timestamp(disc["effective_date"]).year), "year", "parameter bpu_discount_2026"),
        "bpu_premium_before": (premium, "rupiah", "parameter apbd_premium_per_worker_month"),
        "bpu_premium_after": (premium * (1 - float(disc["value_central"]) / 100), "rupiah",
                              "parameter apbd_premium_per_worker_month; parameter bpu_discount_2026"),
    }


def fill_placeholders(text: str, formatted: callable) -> str:
    """``text`` with each ``{name}`` / ``{name:d}`` replaced by ``formatted(name, d or None)``."""
    return PLACEHOLDER.sub(lambda m: formatted(m.group(1), int(m.group(2)) if m.group(2) else None), text)


def not_modelled(params: pd.DataFrame | None = None) -> list[dict]:
    """What the simulator deliberately leaves out, with why (notebook 04), its numbers filled in both languages
    (the brief fills the same placeholders from its results table)."""
    nums = not_modelled_numbers(params)
    out = []
    for item in not_modelled_raw():
        row = dict(item)
        for lang, keys in TEXT_KEYS.items():
            for k in keys:
                row[k] = fill_placeholders(item[k], lambda n, d: format_value(nums[n][0], nums[n][1], lang, d))
        out.append(row)
    return out
