"""Scenario files: a small YAML naming lever settings and parameter overrides, checked against a declared schema.

Format (every key optional except ``name``)::

    name: Mandate + subsidy + CSR
    description: free text (escaped in reports)
    name_id: Mandat + subsidi + CSR     # optional Indonesian name and description (reports in Indonesian)
    description_id: teks bebas
    start: 2026-01            # first simulated month (default: the month after the latest data)
    horizon: 2030-12          # last simulated month
    target: {pct: 51, by: 2029-12}
    seed: 20251204
    levers:
      mandate: {start: 2026-07, events: [new_nib, permits_tenders]}      # events: new_nib, permits_tenders, renewal
      subsidy: {start: 2026-07, workers: 200000, months: 12, delivery: list_based, targeting: deciles_1_3}
      csr: {start: 2026-07, workers: 10000, months: 12}
    parameters:               # overrides of the sourced low / central / high, by parameter name
      list_pass_share_unverified: {central: 0.85}
      apbd_premium_per_worker_month: {value: 16800, unit: rupiah_per_month}

The schema (types, ranges, finiteness, required and unknown keys) is declared once, as pydantic models, in
``scenario_schema`` (its docstring says how to add a lever input); reading the YAML with line numbers and
the limits checked before parsing are in ``scenario_yaml``. This module turns a validated file into a
``Scenario`` and adds the checks that need the parameter table (an override only of a parameter the lever
model uses, in its unit and range). Every error is one ``ScenarioError`` line:
``file: line L, column C: field.path: problem``.
"""

import copy
import difflib
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Annotated, Any, get_args, get_origin

import pandas as pd
import yaml
from pydantic import BaseModel, ValidationError

from sumsel_analysis.policy.model import MODEL_PARAMS
from sumsel_analysis.policy.scenario_schema import (LEVER_SCHEMA, MANDATE_EVENTS, MAX_OVERRIDE_VALUE, SHARE_UNITS,
                                                    ParameterOverride, ScenarioError, ScenarioFile, _found, _Located,
                                                    add_months, outside_window)
from sumsel_analysis.policy.scenario_yaml import MAX_NESTING_DEPTH, MAX_SCENARIO_BYTES, read_yaml

__all__ = ["LEVER_SCHEMA", "MANDATE_EVENTS", "MAX_NESTING_DEPTH", "MAX_OVERRIDE_VALUE", "MAX_SCENARIO_BYTES",
           "Scenario", "ScenarioError", "load_scenario", "scenario_from_dict"]


# --- the result ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    """A validated scenario. ``levers`` maps lever name → settings; ``overrides`` parameter → {low|central|high}."""

    name: str
    description: str = ""
    start: str | None = None
    horizon: str = "2030-12"
    target_pct: float = 51.0
    target_by: str = "2029-12"
    seed: int = 20251204
    levers: dict = field(default_factory=dict)
    overrides: dict = field(default_factory=dict)
    source: str = "<dict>"
    name_id: str = ""
    description_id: str = ""
    marks: dict = field(default_factory=dict, compare=False, repr=False)  # key path → (line, column) in the file

    def error(self, loc: tuple, problem: str) -> ScenarioError:
        """A ``ScenarioError`` about the key at ``loc``, naming its line when the scenario came from a file."""
        return located_error(self.source, self.marks, loc, problem)

    def title(self, lang: str) -> str:
        """The name in ``lang`` ('id' uses ``name_id`` when the file gives one)."""
        return self.name_id if lang == "id" and self.name_id else self.name

    def text(self, lang: str) -> str:
        """The description in ``lang`` ('id' uses ``description_id`` when the file gives one)."""
        return self.description_id if lang == "id" and self.description_id else self.description

    def to_dict(self) -> dict:
        d = {"name": self.name, "description": self.description,
             **{k: getattr(self, k) for k in ("name_id", "description_id") if getattr(self, k)},
             "horizon": self.horizon,
             "target": {"pct": self.target_pct, "by": self.target_by}, "seed": self.seed,
             "levers": copy.deepcopy(self.levers), "parameters": copy.deepcopy(self.overrides)}
        if self.start:
            d["start"] = self.start
        return d

    def to_yaml(self, path: str | Path) -> Path:
        """Write the scenario so that ``load_scenario`` reads back an equal Scenario."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(self.to_dict(), sort_keys=False, allow_unicode=True), encoding="utf-8")
        return path

    def with_levers(self, levers: dict, name: str | None = None) -> "Scenario":
        """The same scenario with other levers (used for 'each lever alone' comparisons)."""
        return Scenario(**{**self.__dict__, "levers": copy.deepcopy(levers), "name": name or self.name})


# --- validation ----------------------------------------------------------------------------------------


def _field_at(loc: tuple) -> tuple[type | None, Any]:
    """The model holding the last element of ``loc`` and that element's FieldInfo (None for a mapping key)."""
    cls: Any = ScenarioFile
    for i, part in enumerate(loc):
        while get_origin(cls) is Annotated:
            cls = get_args(cls)[0]
        if get_origin(cls) is dict:
            if i == len(loc) - 1:
                return None, None
            cls = get_args(cls)[1]
            continue
        if not (isinstance(cls, type) and issubclass(cls, BaseModel)) or part not in cls.model_fields:
            return (cls if isinstance(cls, type) and issubclass(cls, BaseModel) else None), None
        if i == len(loc) - 1:
            return cls, cls.model_fields[part]
        cls = cls.model_fields[part].annotation
    return cls, None


def _problem(err: dict) -> str:
    """The message for one pydantic error, in the words of a scenario file."""
    kind, loc = err["type"], tuple(err["loc"])
    if kind == "scenario":
        return err["msg"]
    if kind == "extra_forbidden":
        parent, _ = _field_at(loc)
        allowed = sorted(parent.model_fields) if parent else []
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        return f"unknown {getattr(parent, 'item', 'key')}{hint}; allowed {allowed}"
    if kind == "missing":
        _, info = _field_at(loc)
        return f"a {info.title if info is not None and info.title else 'value'} is required"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected a mapping of names to values, {_found(err['input'])}"
    if kind == "invalid_key" or kind == "string_type" and loc[-1:] == ("[key]",):
        return f"keys must be text names, {_found(err['input'])}"
    return err["msg"]


def located_error(source: str, marks: dict, loc: tuple, problem: str, at_key: bool = False) -> ScenarioError:
    """A ``ScenarioError`` for the key path ``loc``, with the line and column of its value (or key) from
    ``marks`` — or of the nearest enclosing key that has one."""
    path = ".".join(str(p) for p in loc if p != "[key]") or "<top>"
    for i in range(len(loc), -1, -1):
        mark = marks.get(("key",) + loc[:i]) if at_key and i == len(loc) else marks.get(loc[:i])
        if mark:
            return ScenarioError(source, path, problem, *mark)
    return ScenarioError(source, path, problem)


def scenario_from_dict(d: Any, source: str = "<dict>", params: pd.DataFrame | None = None,
                       marks: dict | None = None) -> Scenario:
    """Validate a scenario mapping (as read from YAML) against ``ScenarioFile``; ``params`` (the parameter table)
    enables the unit and range checks on parameter overrides. ``marks`` (path → (line, column), from
    ``load_scenario``) puts the line of the offending value in each message."""
    marks = marks or {}
    error = partial(located_error, source, marks)

    if not isinstance(d, dict):
        raise error((), f"expected a mapping of scenario keys, {_found(d)}")
    try:
        m = ScenarioFile.model_validate(d)
    except _Located as e:
        raise error(e.loc, e.problem) from None
    except ValidationError as e:
        errs = e.errors(include_url=False)
        first = min(errs, key=lambda err: err["type"] != "extra_forbidden")  # an unknown key explains the rest
        loc = tuple(p for p in first["loc"])
        more = f" (and {len(errs) - 1} more problem{'s' if len(errs) > 2 else ''})" if len(errs) > 1 else ""
        raise error(loc, _problem(first) + more, at_key=first["type"] == "extra_forbidden") from None
    lever_order = [k for k in (d.get("levers") or {})]
    levers = {name: getattr(m.levers, name).model_dump(exclude_none=True) for name in lever_order}
    overrides = {}
    for name, o in m.parameters.items():
        overrides[name] = _check_override(name, o, params, error)
    return Scenario(name=m.name, description=m.description, start=m.start, horizon=m.horizon,
                    target_pct=m.target.pct, target_by=m.target.by, seed=m.seed, levers=levers, overrides=overrides,
                    source=source, name_id=m.name_id.strip(), description_id=m.description_id, marks=marks)


def _check_override(name: str, o: ParameterOverride, params: pd.DataFrame | None, error) -> dict:
    """An override of a parameter the lever model uses, in its unit and range: {low|central|high: float}."""
    loc = ("parameters", name)
    if name not in MODEL_PARAMS:
        close = difflib.get_close_matches(name, MODEL_PARAMS, n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        known = params is not None and name in set(params["name"])
        why = ("is in the parameter table but not used by the lever model, so an override would change nothing"
               if known else "unknown parameter (not one the lever model uses)")
        raise error(loc, why + hint, at_key=True)
    row = params[params["name"] == name].iloc[0] if params is not None and name in set(params["name"]) else None
    unit = row["unit_code"] if row is not None else None
    if o.unit is not None and unit is not None and o.unit != unit:
        raise error(loc + ("unit",), f"wrong unit {o.unit!r}; this parameter is in {unit!r}")
    out = {}
    for which in ("low", "central", "high", "value"):
        v = getattr(o, which)
        if v is None:
            continue
        if unit in SHARE_UNITS and v > 1.0:
            raise error(loc + (which,), f"value {v} is outside the allowed range [0.0, 1.0] (a share)")
        out["central" if which == "value" else which] = v
    if not out:
        raise error(loc, "give at least one of low, central (or value), high")
    return out


def load_scenario(path: str | Path, params: pd.DataFrame | None = None) -> Scenario:
    """Read and validate a scenario YAML file (errors name the file, line, column and key path)."""
    data, marks, source = read_yaml(path)
    return scenario_from_dict(data, source=source, params=params, marks=marks)


def check_window(scenario: Scenario, first: str, data_first: str) -> None:
    """Refuse what the simulated months ``first``..horizon (YYYY-MM) cannot hold, as a ``ScenarioError`` naming
    the key: a start, horizon or target before ``data_first`` (the month after the latest data, where the
    baseline begins), a target before the first simulated month, a lever wholly outside the window."""
    latest = add_months(data_first, -1)
    for loc, month in ((("start",), scenario.start), (("horizon",), scenario.horizon),
                       (("target", "by"), scenario.target_by)):
        if month and month < data_first:
            raise scenario.error(loc, f"{month} is not after the latest data month {latest}; the simulation "
                                      f"projects from {data_first}")
    if scenario.target_by < first:
        raise scenario.error(("target", "by"), f"{scenario.target_by} is before the first simulated month {first}")
    outside = outside_window(scenario.levers, first, scenario.horizon)
    if outside:
        raise scenario.error(*outside)
