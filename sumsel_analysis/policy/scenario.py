"""Scenario files: a small YAML naming lever settings and parameter overrides, validated strictly.

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
      subsidy_takeup_list_based: {central: 0.85}
      apbd_premium_per_worker_month: {value: 16800, unit: rupiah_per_month}

Loading uses ``yaml.safe_load`` (a tag that would build a Python object is refused). A file larger than
``MAX_SCENARIO_BYTES``, not UTF-8, or using YAML anchors/aliases (``&a`` / ``*a``: a few hundred bytes of
nested aliases expand to gigabytes) is refused before parsing. Every error is a ``ScenarioError`` naming
the file and the key path, on one line.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

_MONTH = re.compile(r"^(20[2-4]\d)-(0[1-9]|1[0-2])$")
MAX_SCENARIO_BYTES = 64 * 1024  # the largest shipped scenario is under 1 KiB; room for long descriptions


class ScenarioError(ValueError):
    """A scenario file or mapping that cannot be used; the message names the file and the key."""

    def __init__(self, source: str, key: str, problem: str):
        self.source, self.key, self.problem = source, key, problem
        super().__init__(f"{source}: {key}: {problem}".replace("\r", " ").replace("\n", " "))


# allowed keys per lever: (kind, lower, upper) — kinds: month, int, float, share, choice:<a|b>, events
LEVER_SCHEMA: dict[str, dict[str, tuple]] = {
    "mandate": {"start": ("month",), "events": ("events",), "gated_share_per_year": ("share",),
                "compliance": ("share",)},
    "subsidy": {"start": ("month",), "workers": ("int", 0, 5_000_000), "budget_rupiah_per_year": ("float", 0, 1e13),
                "months": ("int", 1, 120), "delivery": ("choice", "list_based", "opt_in"),
                "targeting": ("choice", "deciles_1_3", "deciles_1_4", "general"), "retention": ("share",)},
    "csr": {"start": ("month",), "workers": ("int", 0, 1_000_000), "months": ("int", 1, 120)},
}
MANDATE_EVENTS = ("new_nib", "permits_tenders", "renewal")
TOP_KEYS = {"name", "description", "name_id", "description_id", "start", "horizon", "target", "seed", "levers", "parameters"}


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


def _check_month(source: str, key: str, v) -> str:
    s = str(v)
    if not _MONTH.match(s):
        raise ScenarioError(source, key, f"expected a month YYYY-MM between 2020 and 2049, found {v!r}")
    return s


def _check_value(source: str, key: str, spec: tuple, v):
    kind = spec[0]
    if kind == "month":
        return _check_month(source, key, v)
    if kind == "events":
        if not isinstance(v, list) or not v or any(e not in MANDATE_EVENTS for e in v):
            raise ScenarioError(source, key, f"expected a non-empty list of {MANDATE_EVENTS}, found {v!r}")
        return list(v)
    if kind == "choice":
        if v not in spec[1:]:
            raise ScenarioError(source, key, f"expected one of {spec[1:]}, found {v!r}")
        return v
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise ScenarioError(source, key, f"expected a number, found {v!r}")
    lo, hi = (0.0, 1.0) if kind == "share" else spec[1:3]
    if kind == "int" and int(v) != v:
        raise ScenarioError(source, key, f"expected a whole number, found {v!r}")
    if not lo <= v <= hi:
        raise ScenarioError(source, key, f"value {v} is outside the allowed range [{lo}, {hi}]")
    return int(v) if kind == "int" else float(v)


def _check_override(source: str, name: str, spec, params: pd.DataFrame | None) -> dict:
    key = f"parameters.{name}"
    if params is not None and name not in set(params["name"]):
        raise ScenarioError(source, key, "unknown parameter (not in parameters.csv or assumptions.csv)")
    if not isinstance(spec, dict):
        spec = {"central": spec}
    allowed = {"low", "central", "high", "value", "unit"}
    extra = set(spec) - allowed
    if extra:
        raise ScenarioError(source, f"{key}.{sorted(extra)[0]}", f"unknown key; allowed {sorted(allowed)}")
    row = params[params["name"] == name].iloc[0] if params is not None else None
    if "unit" in spec and row is not None and spec["unit"] != row["unit_code"]:
        raise ScenarioError(source, f"{key}.unit", f"wrong unit {spec['unit']!r}; this parameter is in {row['unit_code']!r}")
    out = {}
    for which in ("low", "central", "high", "value"):
        if which not in spec:
            continue
        v = spec[which]
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise ScenarioError(source, f"{key}.{which}", f"expected a number, found {v!r}")
        unit = row["unit_code"] if row is not None else ""
        lo, hi = (0.0, 1.0) if unit in ("share", "share_per_year") else (0.0, float("inf"))
        if not lo <= v <= hi:
            raise ScenarioError(source, f"{key}.{which}", f"value {v} is outside the allowed range [{lo}, {hi}]")
        out["central" if which == "value" else which] = float(v)
    if "low" in out and "high" in out and out["low"] > out["high"]:
        raise ScenarioError(source, key, "low is above high")
    return out


def scenario_from_dict(d: dict, source: str = "<dict>", params: pd.DataFrame | None = None) -> Scenario:
    """Validate a scenario mapping (as read from YAML); ``params`` enables checks on parameter overrides."""
    if not isinstance(d, dict):
        raise ScenarioError(source, "<top>", f"expected a mapping of scenario keys, found {type(d).__name__}")
    extra = set(d) - TOP_KEYS
    if extra:
        raise ScenarioError(source, sorted(extra)[0], f"unknown key; allowed {sorted(TOP_KEYS)}")
    if not isinstance(d.get("name"), str) or not d["name"].strip():
        raise ScenarioError(source, "name", "a non-empty name is required")
    levers = {}
    for lever, settings in (d.get("levers") or {}).items():
        if lever not in LEVER_SCHEMA:
            raise ScenarioError(source, f"levers.{lever}", f"unknown lever; allowed {sorted(LEVER_SCHEMA)}")
        if not isinstance(settings, dict):
            raise ScenarioError(source, f"levers.{lever}", "expected a mapping of settings")
        clean = {}
        for k, v in settings.items():
            if k not in LEVER_SCHEMA[lever]:
                raise ScenarioError(source, f"levers.{lever}.{k}", f"unknown setting; allowed {sorted(LEVER_SCHEMA[lever])}")
            clean[k] = _check_value(source, f"levers.{lever}.{k}", LEVER_SCHEMA[lever][k], v)
        if lever == "subsidy" and ("workers" in clean) == ("budget_rupiah_per_year" in clean):
            raise ScenarioError(source, "levers.subsidy", "give exactly one of 'workers' or 'budget_rupiah_per_year'")
        if lever in ("subsidy", "csr") and "start" not in clean:
            raise ScenarioError(source, f"levers.{lever}.start", "a start month is required")
        if lever == "mandate":
            clean.setdefault("events", ["new_nib", "permits_tenders"])
            if "start" not in clean:
                raise ScenarioError(source, "levers.mandate.start", "a start month is required")
        levers[lever] = clean
    overrides = {n: _check_override(source, n, s, params) for n, s in (d.get("parameters") or {}).items()}
    target = d.get("target") or {}
    if not isinstance(target, dict) or set(target) - {"pct", "by"}:
        raise ScenarioError(source, "target", "expected {pct: <percent>, by: <YYYY-MM>}")
    pct = _check_value(source, "target.pct", ("float", 0.1, 100), target.get("pct", 51.0))
    by = _check_month(source, "target.by", target.get("by", "2029-12"))
    horizon = _check_month(source, "horizon", d.get("horizon", "2030-12"))
    start = _check_month(source, "start", d["start"]) if d.get("start") else None
    if by > horizon:
        raise ScenarioError(source, "target.by", f"{by} is after the horizon {horizon}")
    if start and start > horizon:
        raise ScenarioError(source, "start", f"{start} is after the horizon {horizon}")
    for lever, s in levers.items():
        if s.get("start") and s["start"] > horizon:
            raise ScenarioError(source, f"levers.{lever}.start", f"{s['start']} is after the horizon {horizon}")
    seed = d.get("seed", 20251204)
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ScenarioError(source, "seed", f"expected a non-negative whole number, found {seed!r}")
    return Scenario(name=d["name"].strip(), description=str(d.get("description", "")), start=start, horizon=horizon,
                    target_pct=pct, target_by=by, seed=seed, levers=levers, overrides=overrides, source=source,
                    name_id=str(d.get("name_id") or "").strip(), description_id=str(d.get("description_id") or ""))


def _refuse_anchors(source: str, text: str) -> None:
    """Scan the YAML tokens (linear time, no expansion) and refuse anchors and aliases."""
    try:
        for tok in yaml.scan(text, Loader=yaml.SafeLoader):
            if isinstance(tok, (yaml.AnchorToken, yaml.AliasToken)):
                kind = "anchor" if isinstance(tok, yaml.AnchorToken) else "alias"
                raise ScenarioError(source, f"line {tok.start_mark.line + 1}",
                                    f"YAML {kind} '{tok.value}' not allowed (write the value out in full)")
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "<yaml>"
        raise ScenarioError(source, where, f"malformed YAML: {getattr(e, 'problem', None) or e}") from None


def load_scenario(path: str | Path, params: pd.DataFrame | None = None) -> Scenario:
    """Read and validate a scenario YAML file (safe loader; errors name the file and key)."""
    path = Path(path)
    if not path.exists():
        raise ScenarioError(str(path), "<file>", "does not exist")
    if not path.is_file():
        raise ScenarioError(str(path), "<file>", "is not a file")
    size = path.stat().st_size
    if size > MAX_SCENARIO_BYTES:
        raise ScenarioError(path.name, "<file>", f"is {size:,} bytes; a scenario file may be at most "
                                                 f"{MAX_SCENARIO_BYTES:,} bytes")
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise ScenarioError(path.name, f"line {line}", f"not UTF-8 text (byte 0x{data[e.start]:02x}); "
                                                       "save the file as UTF-8") from None
    if "\x00" in text:
        raise ScenarioError(path.name, f"line {text[: text.index(chr(0))].count(chr(10)) + 1}",
                            "contains a NUL character (not a text file)")
    _refuse_anchors(path.name, text)
    try:
        data = yaml.safe_load(text)
    except yaml.constructor.ConstructorError as e:
        line = e.problem_mark.line + 1 if e.problem_mark else "?"
        raise ScenarioError(path.name, f"line {line}", f"YAML tag not allowed (would construct an object): {e.problem}") from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "<yaml>"
        raise ScenarioError(path.name, where, f"malformed YAML: {getattr(e, 'problem', e)}") from None
    if data is None:
        raise ScenarioError(path.name, "<file>", "is empty")
    return scenario_from_dict(data, source=path.name, params=params)
