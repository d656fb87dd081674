"""The declared schema of scenario files: pydantic (v2) models and field types, in one place.

``ScenarioFile`` (the top level) holds ``Target``, ``Levers`` (one optional field per lever:
``MandateLever``, ``SubsidyLever``, ``CsrLever``) and ``parameters``, a mapping of parameter name →
``ParameterOverride``. Every model refuses unknown keys (``extra="forbid"``); every value is declared with
one of the field types ``Text``, ``NonEmptyText``, ``Month``, ``Whole(lo, hi)``, ``Number(lo, hi)``,
``Share``, ``Choice(...)``, ``Events``, which refuse the wrong type (a list or a yes/no is never
stringified, a text is never read as a number), non-finite numbers (``.nan``, ``.inf``) and values outside
the declared range, with messages in the words of a scenario file. ``ScenarioError`` is the one error.

**Adding a lever input** is one line in the lever's model, e.g. in ``SubsidyLever``::

    list_status: Choice("verified", "unverified") = None     # optional: None = not given (left out)
    payer_after_funding: Choice("none", "apbd", "employer") = None
    budget_years: Whole(1, 16) = Field(title="number of budget years")   # required: no default

The setting then appears in ``Scenario.levers["subsidy"]`` when the file gives it (``None`` defaults are
left out, so old files read back unchanged); a list of mappings is ``list[SomeModel]`` with a small model
like ``Target``. Rules across settings go in the model's ``model_validator`` (see
``SubsidyLever._one_size``; raise ``PydanticCustomError("scenario", message)``); a new lever is a new model
plus one field in ``Levers``. ``LEVER_SCHEMA`` (lever → its settings) is derived from the models.
"""

import re
from functools import partial
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

_MONTH = re.compile(r"^(20[2-4]\d)-(0[1-9]|1[0-2])$")
_NUMBER_TEXT = re.compile(r"^[-+]?(\d[\d_]*)?\.?\d*[eE][-+]?\d+$")
MAX_OVERRIDE_VALUE = 1e12
"""Largest accepted override of a parameter not in shares: 200× the largest sourced value (the mandate's
administration cost, up to Rp5·10⁹ a year). Costs are products of two or three parameters over the draws
and months, so they stay finite (``1e308`` would overflow to infinity)."""
MANDATE_EVENTS = ("new_nib", "permits_tenders", "renewal")
SHARE_UNITS = ("share", "share_per_year")



class ScenarioError(ValueError):
    """A scenario file or mapping that cannot be used; one line naming the file, line, column and key path."""

    def __init__(self, source: str, key: str | None, problem: str, line: int | None = None,
                 column: int | None = None):
        self.source, self.key, self.problem, self.line, self.column = source, key, problem, line, column
        where = f"line {line}" + (f", column {column}" if column is not None else "") if line is not None else None
        text = ": ".join(str(p) for p in (source, where, key, problem) if p)
        super().__init__(" ".join(text.split()))

# --- field types: each refuses the wrong type, non-finite numbers and values out of range -------------


def _fail(problem: str):
    raise PydanticCustomError("scenario", "{problem}", {"problem": problem})


def _found(v: Any) -> str:
    """How a wrong value is named in a message: its YAML spelling and kind."""
    kind = ("a yes/no value" if isinstance(v, bool) else "nothing" if v is None else "a list" if isinstance(v, list)
            else "a mapping" if isinstance(v, dict) else "a number" if isinstance(v, (int, float))
            else "a date" if hasattr(v, "isoformat") else "text" if isinstance(v, str) else type(v).__name__)
    shown = (str(v).lower() if isinstance(v, bool) else repr(v.isoformat() if hasattr(v, "isoformat") else v))
    if isinstance(v, str) and _NUMBER_TEXT.match(v.strip()):
        kind = "text: YAML reads this spelling as text; write a number with a dot, e.g. 1.0e+6"
    return f"found {'nothing' if v is None else shown + ' (' + kind + ')'}"


def _text(v: Any, required: bool = False) -> str:
    if v is None and not required:
        return ""
    if required and (v is None or isinstance(v, str) and not v.strip()):
        _fail("a non-empty name is required")
    if not isinstance(v, str):
        _fail(f"expected text, {_found(v)}; put text in quotes")
    return v.strip() if required else v


def _number(lo: float, hi: float, whole: bool, v: Any) -> float | int:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        _fail(f"expected a {'whole ' if whole else ''}number, {_found(v)}")
    if v != v or v in (float("inf"), float("-inf")):
        _fail(f"expected a finite number, found {v}")
    if whole and int(v) != v:
        _fail(f"expected a whole number, found {v!r}")
    if whole and lo == 0 and v < 0:
        _fail(f"expected a non-negative whole number, found {v!r}")
    if not lo <= v <= hi:
        _fail(f"value {v} is outside the allowed range [{lo}, {hi}]")
    return int(v) if whole else float(v)


def _month(v: Any) -> str:
    if not isinstance(v, str) or not _MONTH.match(v):
        _fail(f"expected a month YYYY-MM between 2020 and 2049, {_found(v)}")
    return v


def _choice(options: tuple[str, ...], v: Any) -> str:
    if not isinstance(v, str) or v not in options:
        _fail(f"expected one of {options}, {_found(v)}")
    return v


def _events(v: Any) -> list[str]:
    if not isinstance(v, list) or not v or any(not isinstance(e, str) or e not in MANDATE_EVENTS for e in v):
        _fail(f"expected a non-empty list of {MANDATE_EVENTS}, {_found(v)}")
    if len(set(v)) != len(v):
        _fail(f"an event is listed twice in {v}")
    return list(v)


def Whole(lo: int, hi: int):  # noqa: N802 — a type factory, used in annotations
    """A whole number in [lo, hi] (5.0 is read as 5; 5.5, text, yes/no, .nan are refused)."""
    return Annotated[int, BeforeValidator(partial(_number, lo, hi, True))]


def Number(lo: float, hi: float):  # noqa: N802
    """A finite number in [lo, hi]."""
    return Annotated[float, BeforeValidator(partial(_number, lo, hi, False))]


def Choice(*options: str):  # noqa: N802
    """One of the given words."""
    return Annotated[str, BeforeValidator(partial(_choice, options))]


Text = Annotated[str, BeforeValidator(_text)]
NonEmptyText = Annotated[str, BeforeValidator(partial(_text, required=True))]
Month = Annotated[str, BeforeValidator(_month)]
OptionalMonth = Annotated[str | None, BeforeValidator(lambda v: None if v is None else _month(v))]
Share = Number(0.0, 1.0)
Events = Annotated[list[str], BeforeValidator(_events)]


class _Located(Exception):
    """A rule across fields, raised from a model validator with the field path it concerns (not a ValueError,
    so pydantic lets it through with its path)."""

    def __init__(self, loc: tuple, problem: str):
        super().__init__(problem)
        self.loc, self.problem = loc, problem


class _Schema(BaseModel):
    model_config = ConfigDict(extra="forbid")
    item: ClassVar[str] = "key"  # what an unknown key is called in messages


# --- the schema ----------------------------------------------------------------------------------------


class FirmsBySize(_Schema):
    """Establishments by size class (a region's own firm stock; issue #19)."""

    micro: Number(0, 1e8) = 0.0
    small: Number(0, 1e8) = 0.0
    medium: Number(0, 1e8) = 0.0
    large: Number(0, 1e8) = 0.0


class GatedShareBySize(_Schema):
    """Share of existing firms meeting a gate each year, by size class."""

    micro: Share = 0.0
    small: Share = 0.0
    medium: Share = 0.0
    large: Share = 0.0


class MandateLever(_Schema):
    """A licensing gate: proof of registered workers at the listed events from ``start``. ``gated_share_per_year``
    is one share or one per size class; ``firms`` is the region's own firm stock by size class."""

    item: ClassVar[str] = "setting"
    start: Month = Field(title="start month")
    events: Events = ["new_nib", "permits_tenders"]
    gated_share_per_year: Share | GatedShareBySize = None
    compliance: Share = None
    firms: FirmsBySize = None


class BudgetYear(_Schema):
    """One budget year of a subsidy schedule: the list funded and for how many months from ``first_month``."""

    year: Whole(2020, 2049) = Field(title="budget year")
    workers: Whole(0, 5_000_000) = Field(title="workers on the list")
    months: Whole(0, 12) = 12
    first_month: Whole(1, 12) = 1

    @model_validator(mode="after")
    def _within_year(self):
        if self.first_month + self.months - 1 > 12:
            raise PydanticCustomError("scenario", "first_month + months runs past December; split it over two budget years")
        return self


class SubsidyLever(_Schema):
    """The regional budget pays premiums for ``workers`` (or ``budget_rupiah_per_year``) for ``months``."""

    item: ClassVar[str] = "setting"
    start: Month = Field(title="start month")
    workers: Whole(0, 5_000_000) = None
    budget_rupiah_per_year: Number(0, 1e13) = None
    months: Whole(1, 120) = 12
    delivery: Choice("list_based", "opt_in") = None
    targeting: Choice("deciles_1_3", "deciles_1_4", "general") = None
    retention: Share = None
    list_status: Choice("verified", "unverified") = None
    already_enrolled_share: Share = None
    payer_after: Choice("district", "village", "employer", "worker", "nobody") = None
    takeover_share: Share = None
    schedule: list[BudgetYear] = None

    @model_validator(mode="after")
    def _one_size(self):
        given = (self.workers is not None) + (self.budget_rupiah_per_year is not None) + (self.schedule is not None)
        if given != 1:
            raise PydanticCustomError("scenario", "give exactly one of 'workers', 'budget_rupiah_per_year' or 'schedule'")
        if self.schedule is not None and len({y.year for y in self.schedule}) != len(self.schedule):
            raise PydanticCustomError("scenario", "a budget year appears twice in 'schedule'")
        return self


class CsrLever(_Schema):
    """Employers fund premiums for ``workers`` for ``months`` (CSR)."""

    item: ClassVar[str] = "setting"
    start: Month = Field(title="start month")
    workers: Whole(0, 1_000_000) = Field(title="number of workers")
    months: Whole(1, 120) = 12
    list_status: Choice("verified", "unverified") = None
    payer_after: Choice("district", "village", "employer", "worker", "nobody") = None
    takeover_share: Share = None


class VoluntaryLever(_Schema):
    """Outreach without a subsidy: ``workers`` uncovered informal workers reached for ``months`` months, who
    enrol and pay themselves at the calibrated voluntary rate (the JKN RCT control arm's flow)."""

    item: ClassVar[str] = "setting"
    start: Month = Field(title="start month")
    workers: Whole(0, 5_000_000) = Field(title="number of workers reached")
    months: Whole(1, 120) = None


class Levers(_Schema):
    """One optional field per lever."""

    item: ClassVar[str] = "lever"
    mandate: MandateLever = None
    subsidy: SubsidyLever = None
    csr: CsrLever = None
    voluntary: VoluntaryLever = None


class ParameterOverride(_Schema):
    """A parameter's new low / central / high (``value`` = central; a bare number = central). Ranges by unit
    and the unit itself are checked against the parameter table in ``scenario_from_dict``."""

    low: Number(0.0, MAX_OVERRIDE_VALUE) = None
    central: Number(0.0, MAX_OVERRIDE_VALUE) = None
    high: Number(0.0, MAX_OVERRIDE_VALUE) = None
    value: Number(0.0, MAX_OVERRIDE_VALUE) = None
    unit: Text = None

    @model_validator(mode="before")
    @classmethod
    def _bare_number(cls, v):
        return {"central": v} if isinstance(v, (int, float)) and not isinstance(v, bool) else v

    @model_validator(mode="after")
    def _ordered(self):
        if self.value is not None and self.central is not None:
            raise PydanticCustomError("scenario", "give 'value' or 'central', not both")
        if self.low is not None and self.high is not None and self.low > self.high:
            raise PydanticCustomError("scenario", "low is above high")
        return self


class Target(_Schema):
    """The coverage target: ``pct`` percent by month ``by``."""

    pct: Number(0.1, 100.0) = 51.0
    by: Month = "2029-12"


def _none_is_empty(v):
    return {} if v is None else v


class ScenarioFile(_Schema):
    """The top level of a scenario file."""

    name: NonEmptyText = Field(title="non-empty name")
    description: Text = ""
    name_id: Text = ""
    description_id: Text = ""
    start: OptionalMonth = None
    horizon: Month = "2030-12"
    target: Annotated[Target, BeforeValidator(_none_is_empty)] = Target()
    seed: Whole(0, 2**63 - 1) = 20251204
    levers: Annotated[Levers, BeforeValidator(_none_is_empty)] = Levers()
    parameters: Annotated[dict[str, ParameterOverride], BeforeValidator(_none_is_empty)] = {}

    @model_validator(mode="after")
    def _within_horizon(self):
        if self.target.by > self.horizon:
            raise _Located(("target", "by"), f"{self.target.by} is after the horizon {self.horizon}")
        if self.start and self.start > self.horizon:
            raise _Located(("start",), f"{self.start} is after the horizon {self.horizon}")
        outside = outside_window({k: v.model_dump(exclude_none=True) for k, v in self.levers if v is not None},
                                 self.start or "2020-01", self.horizon)
        if outside:
            raise _Located(*outside)
        return self


LEVER_SCHEMA: dict[str, dict[str, Any]] = {
    name: dict(f.annotation.model_fields) for name, f in Levers.model_fields.items()}
"""Lever → its settings (pydantic ``FieldInfo``), derived from the models above."""


def add_months(month: str, n: int) -> str:
    """``month`` (YYYY-MM) plus ``n`` months."""
    y, m = divmod(int(month[:4]) * 12 + int(month[5:7]) - 1 + n, 12)
    return f"{y:04d}-{m + 1:02d}"


def lever_months(lever: str, settings: dict) -> tuple[str, str | None]:
    """(first, last funded month) of a lever; last is None for a lever without an end (the mandate is a rule)."""
    if "months" not in LEVER_SCHEMA[lever]:
        return settings["start"], None
    return settings["start"], add_months(settings["start"], int(settings.get("months", 12)) - 1)


def outside_window(levers: dict[str, dict], first: str, last: str) -> tuple[tuple, str] | None:
    """(field path, problem) for the first lever wholly outside the simulated months first..last, else None."""
    for lever, settings in levers.items():
        start, end = lever_months(lever, settings)
        if start > last:
            return (("levers", lever, "start"), f"{start} is after the horizon {last}: the lever is wholly outside "
                                                f"the simulated months {first}–{last}")
        if end is not None and end < first:
            return (("levers", lever), f"runs {start}–{end}, wholly before the simulated months {first}–{last}; "
                                       "start it later or start the scenario earlier")
    return None
