"""Declared schemas (pydantic) of the inputs that are not raw tables: a user's coverage row, the build manifest.

- ``UserObservation``: one row of a user's coverage export after its text was read (period, area,
  segment, metric, value, unit): allowed codes, the period range, finiteness, the unit each metric is
  stated in, whole non-negative counts, percents within 0–100 (JAKON may exceed 100, per-project counting).
- ``Manifest``: ``data/processed/manifest.json`` as written by ``build.write_processed``: required keys,
  types, SHA-256 checksums, table shapes; unknown keys refused (a foreign JSON is not a manifest).

``problems(error)`` turns a pydantic ``ValidationError`` into (field, expected, found) triples, the shape
``DataValidationError`` reports with the file and line.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_core import PydanticCustomError

from sumsel_analysis.data.schemas import COVERAGE_METRICS, SEGMENTS

# Period range of a user's row (why): ASTEK, the programme BPJS Ketenagakerjaan continues, began in 1977
# (PP 33/1977); targets are set up to 2045 (Indonesia Emas), so 2100 is far beyond any real row — a
# period such as 9999-12 is a typo, and pandas dates end in 2262.
PERIOD_MIN = date(1977, 1, 1)
PERIOD_MAX = date(2100, 12, 31)

# the unit each metric is stated in (a user file may give it or leave it to be inferred); 'other' is free
METRIC_UNITS = {"active_participants": "persons", "registered_participants": "persons",
                "potential_workers": "persons", "gap_workers": "persons", "coverage_pct": "percent",
                "target_pct": "percent", "registered_employers": "employers"}
WHOLE_UNITS = ("persons", "employers")
SEGMENTS_OVER_100 = ("JAKON",)  # per-project counting: JAKON 'coverage' can exceed 100% (see loaders)
USER_UNITS = ("persons", "percent", "employers", "rupiah", "count")


def _fail(expected: str, found: object, field: str | None = None) -> PydanticCustomError:
    return PydanticCustomError("sumsel", "{expected}", {"expected": expected, "found": found, "field": field})


class UserObservation(BaseModel):
    """One typed row of a user's coverage export. ``shown`` is the value as the file wrote it (for messages)."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=True, frozen=True)

    period: date
    geo_code: str
    segment: Literal[SEGMENTS]  # type: ignore[valid-type]
    metric: Literal[COVERAGE_METRICS]  # type: ignore[valid-type]
    value: float
    unit: Literal[USER_UNITS]  # type: ignore[valid-type]
    shown: str = Field(default="", exclude=True)

    @field_validator("period")
    @classmethod
    def _period_in_range(cls, v: date) -> date:
        if not PERIOD_MIN <= v <= PERIOD_MAX:
            raise _fail(f"a period from {PERIOD_MIN:%Y-%m} to {PERIOD_MAX:%Y-%m}", f"{v.year:04d}-{v.month:02d}")
        return v

    @model_validator(mode="after")
    def _value_fits_unit(self) -> UserObservation:
        v, shown = self.value, self.shown or f"{self.value:g}"
        if not math.isfinite(v):
            raise _fail("a finite number", shown, "value")
        expected = METRIC_UNITS.get(self.metric)
        if expected and self.unit != expected:
            raise _fail(f"'{expected}' for metric {self.metric}", self.unit, "unit")
        if self.unit in WHOLE_UNITS and (v < 0 or v != int(v)):
            raise _fail(f"a whole, non-negative number of {self.unit}", shown, "value")
        if self.unit == "percent" and not (0 <= v <= 100 or (self.segment in SEGMENTS_OVER_100 and v >= 0)):
            raise _fail("a percent within 0-100 (only JAKON may exceed 100)", f"{shown} (read as {v:g}%)", "value")
        return self


class TableShape(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    rows: int = Field(ge=0)
    columns: list[str] = Field(min_length=1)


_SHA256 = r"^[0-9a-f]{64}$"


class Manifest(BaseModel):
    """``manifest.json`` of the processed layer."""

    model_config = ConfigDict(extra="forbid", strict=True)

    package_version: str = Field(min_length=1)
    data_date: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    raw_dir: str = Field(min_length=1)
    raw_files: dict[str, str] = Field(min_length=1)
    outputs: dict[str, str] = Field(min_length=1)
    tables: dict[str, TableShape] = Field(min_length=1)

    @field_validator("raw_files", "outputs")
    @classmethod
    def _checksums(cls, v: dict[str, str]) -> dict[str, str]:
        import re

        bad = [k for k, sha in v.items() if not re.match(_SHA256, sha) or not k or k.startswith(("/", ".."))]
        if bad:
            raise _fail("file names with SHA-256 checksums (64 hex digits)", bad[0])
        return v

    @model_validator(mode="after")
    def _outputs_match_tables(self) -> Manifest:
        want = {f"{t}.{ext}" for t in self.tables for ext in ("parquet", "csv")}
        if set(self.outputs) != want:
            raise _fail("a parquet and a CSV checksum for every table", sorted(set(self.outputs) ^ want)[:3], "outputs")
        return self


def problems(error: ValidationError) -> list[tuple[str, str, object]]:
    """(field, expected, found) for every error of a pydantic validation."""
    out = []
    for e in error.errors(include_url=False):
        ctx = e.get("ctx") or {}
        field = ctx.get("field") or ".".join(str(p) for p in e["loc"]) or None
        if e["type"] == "sumsel":
            out.append((field, ctx["expected"], ctx["found"]))
        elif e["type"] == "literal_error":
            out.append((field, f"one of {ctx.get('expected', '')}", e.get("input")))
        elif e["type"] == "missing":
            out.append((field, "this key", "missing"))
        elif e["type"] == "extra_forbidden":
            out.append((field, "only known keys", "an unknown key"))
        else:
            found = e.get("input")
            out.append((field, e["msg"].lower(), found if isinstance(found, (str, int, float, bool)) or found is None
                        else type(found).__name__))
    return out
