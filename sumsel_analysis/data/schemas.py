"""Declared schemas of the raw tables: column types, allowed codes, ranges and unique keys.

Each raw table is described twice, on purpose:
- ``COLUMNS[table]``: how every cell is read from text (see ``loaders._convert``), so a wrong type is
  reported with its line before anything is coerced;
- ``SCHEMAS[table]``: a pandera schema over the typed frame for domain rules (allowed codes, ranges,
  unique keys).
"""

from __future__ import annotations

import pandera.pandas as pa
from pandera.pandas import Check, Column

# --- vocabularies ---------------------------------------------------------------------------
KABKOTA_CODES = (
    "1601", "1602", "1603", "1604", "1605", "1606", "1607", "1608", "1609", "1610", "1611", "1612",
    "1613", "1671", "1672", "1673", "1674",
)
# Geographies outside the 17 kab/kota: BPS province codes, 'ID' for Indonesia, 'R-…' for regions.
OTHER_GEO_CODES = ("ID", "16", "15", "17", "18", "19", "64", "R-SUMBAGSEL", "R-KODAM2")
GEO_CODES = KABKOTA_CODES + OTHER_GEO_CODES
GEO_LEVELS = ("national", "region", "province", "kabkota")
SEGMENTS = ("PU", "BPU", "JAKON", "PMI", "NON_ASN", "OTHER", "total")
COVERAGE_METRICS = (
    "active_participants", "registered_participants", "coverage_pct", "potential_workers",
    "target_pct", "registered_employers", "gap_workers", "other",
)
COVERAGE_UNITS = ("persons", "percent", "employers", "rupiah", "award", "count", "rank")
PARAMETER_UNIT_CODES = (
    "pct_of_wage", "pct_discount", "pct_of_declared_income", "pct_of_contract_value",
    "rupiah_per_month", "rupiah_per_year", "rupiah", "persons", "establishments",
    "persons_per_establishment", "establishments_per_year", "months", "years", "ratio",
    "share", "share_per_year", "flag", "percent", "percentage_points", "weight",
)
EVIDENCE = ("published", "derived", "assumption")
REGION_KINDS = ("kabupaten", "kota")

_PUB_DATE = r"^(\d{4}(-\d{2}(-\d{2})?)?(-\d{4})?)?$"

# --- how each column is read from text -------------------------------------------------------
# kinds: str (non-empty text), text (may be empty), code (non-empty, no spaces), date (YYYY-MM-DD),
# month (YYYY-MM), float (plain machine number), float? (may be empty), pubdate (partial date or empty)
COLUMNS: dict[str, dict[str, str]] = {
    "coverage_observations": {
        "obs_id": "code", "period": "date", "geo_code": "code", "geo_name": "str", "geo_level": "code",
        "segment": "code", "metric": "code", "value": "float", "unit": "code", "bound": "text",
        "source_id": "code", "source_url": "text", "publisher": "str", "published_date": "pubdate", "note": "text",
    },
    "labour_observations": {
        "obs_id": "code", "period": "month", "geo_code": "code", "geo_name": "str", "geo_level": "code",
        "category": "code", "metric": "code", "value": "float", "unit": "code", "source_id": "code",
        "source_url": "text", "publisher": "str", "published_date": "pubdate", "note": "text",
        "fact_file": "code",
    },
    "parameters": {
        "name": "code", "description": "str", "value_low": "float?", "value_central": "float?",
        "value_high": "float?", "unit": "str", "unit_code": "code", "applies_to": "str",
        "effective_date": "date?", "evidence": "code", "source_id": "text", "source_url": "text",
        "publisher": "str", "published_date": "pubdate", "note": "text",
    },
    "assumptions": {
        "name": "code", "description": "str", "value_low": "float?", "value_central": "float",
        "value_high": "float?", "unit": "str", "unit_code": "code", "applies_to": "str",
        "effective_date": "date?", "reason": "str", "based_on": "text", "module": "code",
    },
    "regions": {
        "bps_code": "code", "kemendagri_code": "code", "kind": "code", "name": "str", "name_full": "str",
        "short_name": "str", "area_km2": "float",
    },
    "sources": {
        "source_id": "code", "publisher": "str", "title": "text", "title_basis": "text", "url": "text",
        "published_date": "pubdate", "accessed_date": "date", "licence": "str", "used_in": "str",
    },
    "quality_annotations": {
        "obs_id": "code", "flag": "code", "reason": "str",
    },
    "regional_indicators": {
        "bps_code": "code", "indicator": "code", "value": "float", "unit": "code", "evidence_ref": "code",
        "note": "str",
    },
    "paritrana_weights": {
        "component": "code", "weight": "float", "direction": "code", "reason": "str", "based_on": "str",
    },
}

# columns a raw file may leave out (read as empty): added after files were first written
OPTIONAL_COLUMNS: dict[str, tuple[str, ...]] = {"coverage_observations": ("bound",)}
BOUNDS = ("upper", "lower")  # empty: stated as a value
QUALITY_FLAGS = (
    "comparable", "definitional_break", "suspected_misprint", "conflicting_duplicate", "not_coverage",
    "scope_unclear",
)


def _unique(col: str) -> Check:
    return Check(lambda s: ~s.duplicated(keep=False), error=f"a unique {col} (this key is duplicated)")


_common_obs = {
    "obs_id": Column(str, _unique("obs_id")),
    "geo_code": Column(str, Check.isin(GEO_CODES, error="a known geography code (BPS code, ID or R-…)")),
    "geo_level": Column(str, Check.isin(GEO_LEVELS)),
    "value": Column(float),
    "source_id": Column(str, Check.str_matches(r"^S\d{4}$", error="source id like S0001")),
    "published_date": Column(str, Check.str_matches(_PUB_DATE), nullable=True),
}


def _non_negative(df):
    """Counts, percents and amounts are >= 0; only metric 'other' (year-on-year changes) may be negative."""
    return df["metric"].eq("other") | df["value"].ge(0)


NON_NEGATIVE = Check(_non_negative, error="value >= 0 (counts, percents and amounts cannot be negative)")


def _pct_in_range(df):
    """Percent values must lie in 0–100, except JAKON (per-project counting can exceed 100%)."""
    pct = df["unit"].eq("percent") & ~df["segment"].eq("JAKON") & ~df["metric"].eq("other")
    return ~pct | df["value"].le(100)


SCHEMAS: dict[str, pa.DataFrameSchema] = {
    "coverage_observations": pa.DataFrameSchema(
        {
            **_common_obs,
            "period": Column("datetime64[ns]"),
            "segment": Column(str, Check.isin(SEGMENTS, error=f"a segment in {SEGMENTS}")),
            "metric": Column(str, Check.isin(COVERAGE_METRICS, error=f"a metric in {COVERAGE_METRICS}")),
            "unit": Column(str, Check.isin(COVERAGE_UNITS, error=f"a unit in {COVERAGE_UNITS}")),
            # the source states a bound, not a value: 'upper' (below the number), 'lower' (at least it)
            "bound": Column(str, Check.isin(BOUNDS, error=f"a bound in {BOUNDS} or empty"), nullable=True, required=False),
        },
        checks=[NON_NEGATIVE,
                Check(_pct_in_range, error="a percent within 0-100 (only JAKON may exceed 100)")],
        strict=False,
    ),
    "labour_observations": pa.DataFrameSchema(
        {
            **_common_obs,
            "period": Column("datetime64[ns]"),
            "unit": Column(str, Check.isin(("persons", "percent", "rupiah_per_month", "establishments",
                                            "residents_per_officer"))),
        },
        checks=[NON_NEGATIVE],
        strict=False,
    ),
    "parameters": pa.DataFrameSchema(
        {
            "name": Column(str, [_unique("name"), Check.str_matches(r"^[a-z][a-z0-9_]*$",
                                                                    error="snake_case name")]),
            "unit_code": Column(str, Check.isin(PARAMETER_UNIT_CODES, error=f"a unit_code in {PARAMETER_UNIT_CODES}")),
            "evidence": Column(str, Check.isin(EVIDENCE)),
            "value_central": Column(float, nullable=True),
        },
        checks=[
            Check(lambda d: d[["value_low", "value_central", "value_high"]].notna().any(axis=1),
                  error="at least one of value_low / value_central / value_high"),
            Check(lambda d: d["value_low"].isna() | d["value_central"].isna() | (d["value_low"] <= d["value_central"]),
                  error="value_low <= value_central"),
            Check(lambda d: d["value_high"].isna() | d["value_central"].isna() | (d["value_high"] >= d["value_central"]),
                  error="value_high >= value_central"),
        ],
        strict=False,
    ),
    "regions": pa.DataFrameSchema(
        {
            "bps_code": Column(str, [_unique("bps_code"), Check.isin(KABKOTA_CODES, error="one of the 17 Sumsel kab/kota BPS codes")]),
            "kemendagri_code": Column(str, [_unique("kemendagri_code"),
                                            Check.str_matches(r"^16\.\d\d$", error="like 16.71")]),
            "kind": Column(str, Check.isin(REGION_KINDS)),
            "area_km2": Column(float, Check.gt(0)),
        },
        strict=False,
    ),
    "sources": pa.DataFrameSchema(
        {"source_id": Column(str, [_unique("source_id"), Check.str_matches(r"^S\d{4}$")])},
        strict=False,
    ),
    "quality_annotations": pa.DataFrameSchema(
        {
            "obs_id": Column(str, _unique("obs_id")),
            "flag": Column(str, Check.isin(QUALITY_FLAGS, error=f"a flag in {QUALITY_FLAGS}")),
        },
        strict=False,
    ),
}
SCHEMAS["regional_indicators"] = pa.DataFrameSchema(
    {
        "bps_code": Column(str, Check.isin(KABKOTA_CODES, error="one of the 17 Sumsel kab/kota BPS codes")),
        "indicator": Column(str, Check.isin(("apbd_vulnerable_workers", "regional_regulation",
                                             "paritrana_recognition"))),
        "value": Column(float, Check.ge(0)),
    },
    checks=[Check(lambda d: ~d.duplicated(["bps_code", "indicator"], keep=False),
                  error="a unique (bps_code, indicator) pair")],
    strict=False,
)
SCHEMAS["paritrana_weights"] = pa.DataFrameSchema(
    {
        "component": Column(str, _unique("component")),
        "weight": Column(float, Check.in_range(0, 1)),
        "direction": Column(str, Check.isin(("higher_is_better", "lower_is_better"))),
    },
    checks=[Check(lambda d: abs(d["weight"].sum() - 1) < 1e-9, element_wise=False, error="weights summing to 1")],
    strict=False,
)
SCHEMAS["assumptions"] = pa.DataFrameSchema(
    {k: v for k, v in SCHEMAS["parameters"].columns.items() if k in ("name", "unit_code", "value_central")},
    checks=SCHEMAS["parameters"].checks,
    strict=False,
)

# --- the national panel: every province, scattered dates (shared/facts/national) -------------------
# BPS province codes (Papua split: 91 Papua Barat, 92 Papua Barat Daya, 94 Papua, 95–97 new provinces;
# 93 unused) and 'ID' for Indonesia. Never mix with Kemendagri codes.
PROVINCE_CODES = ("11", "12", "13", "14", "15", "16", "17", "18", "19", "21", "31", "32", "33", "34", "35",
                  "36", "51", "52", "53", "61", "62", "63", "64", "65", "71", "72", "73", "74", "75", "76",
                  "81", "82", "91", "92", "94", "95", "96", "97")
NATIONAL_METRICS = (
    "active_participants", "nonactive_participants", "registered_participants", "coverage_pct",
    "target_coverage_pct", "target_participants", "target_attainment_pct", "potential_workers",
    "uncovered_potential_workers", "ucj_participants", "ucj_national_rank", "share_of_national_active_pct",
    "employed", "formal_workers", "formal_workers_pct", "informal_workers_pct", "registered_employers",
)
COLUMNS["national_observations"] = {
    "obs_id": "code", "period": "date", "geo_code": "code", "geo_name": "str", "geo_level": "code",
    "segment": "code", "metric": "code", "value": "float", "unit": "code", "value_printed": "str",
    "unit_printed": "str", "value_rule": "str", "source_id": "code", "source_url": "text", "publisher": "str",
    "published_date": "pubdate", "note": "text",
}
SCHEMAS["national_observations"] = pa.DataFrameSchema(
    {
        "obs_id": Column(str, [_unique("obs_id"), Check.str_matches(r"^N\d{4}$", error="an id like N0001")]),
        "period": Column("datetime64[ns]"),
        "geo_code": Column(str, Check.isin(PROVINCE_CODES + ("ID",), error="a BPS province code or ID")),
        "geo_level": Column(str, Check.isin(("national", "province"))),
        "segment": Column(str, Check.isin(SEGMENTS, error=f"a segment in {SEGMENTS}")),
        "metric": Column(str, Check.isin(NATIONAL_METRICS, error=f"a metric in {NATIONAL_METRICS}")),
        "unit": Column(str, Check.isin(("persons", "percent", "employers", "rank"))),
        "value": Column(float, Check.ge(0, error="value >= 0")),
        "source_id": Column(str, Check.str_matches(r"^S\d{4}$", error="source id like S0001")),
        "published_date": Column(str, Check.str_matches(_PUB_DATE), nullable=True),
    },
    checks=[Check(lambda d: ~(d["unit"].eq("percent") & d["value"].gt(100)), error="a percent within 0-100"),
            Check(lambda d: d["geo_level"].eq("national") == d["geo_code"].eq("ID"),
                  error="geo_level 'national' exactly where geo_code is 'ID'")],
    strict=False,
)


# --- lever episodes (data/raw/episodes.csv, issue #15) ----------------------------------------
# Regions an episode may name: the Sumsel kab/kota and other geographies above, plus the places of
# documented episodes outside Sumsel (BPS codes) and the JKN RCT sites.
EPISODE_REGION_CODES = GEO_CODES + ("32", "33", "34", "71", "73", "3275", "3322", "3401", "3509", "3528", "3579",
                                    "5171", "6408", "6409", "8204", "R-KALIMANTAN", "RCT-JKN",
                                    # issue #19 follow-up: Dharmasraya, Sumbar, Kota Tangerang, Tangerang Selatan,
                                    # Kota Palu, Konawe, Simalungun, Kota Pematangsiantar, Kota Makassar (BPS codes)
                                    "1310", "13", "3671", "3674", "7271", "7403", "1208", "1272", "7371",
                                    # issue #19 CSR follow-up: Mimika (BPS code before the 2022 Papua split), Cilacap,
                                    # Kota Bontang, Deli Serdang, Kota Kendari (BPS codes) and the BPJS TK subsidy RCT
                                    "9412", "3301", "6474", "1207", "7471", "RCT-BPJSTK",
                                    # licence / procurement gates: DKI Jakarta, Kudus
                                    "31", "3319",
                                    # sailing-permit gate and funded lists (third search): Kota Tegal,
                                    # Kota Probolinggo, Kota Sibolga (BPS codes)
                                    "3376", "3574", "1273",
                                    # Banten, Pasuruan, Donggala, Kota Depok (BPS codes)
                                    "36", "3514", "7203", "3276",
                                    # Merauke (BPS code before the 2022 Papua split)
                                    "9101")
EPISODE_LEVERS = ("subsidy", "mandate", "csr", "rct", "voluntary")
EPISODE_KINDS = ("start", "growth", "stop", "licence_rule", "rct_arm", "payer_change", "self_payment", "list_check",
                 "restart", "enforcement", "paying_share", "employer_funding", "registered_stock")
# the mechanisms an episode tests (issue #19); ';'-separated in the ``mechanism`` column. ``employer_funding``:
# a firm funds a list of workers (CSR) and renews it or not, the CSR lever's own mechanism
EPISODE_MECHANISMS = ("list_status", "payer_after_stop", "budget_schedule", "mandate_chain", "voluntary",
                      "employer_funding")
EPISODE_UNITS = ("persons", "share", "ratio", "percentage_points", "firms")
COLUMNS["episodes"] = {
    "episode_id": "code", "region_code": "code", "region_name": "str", "lever": "code", "kind": "code",
    "mechanism": "text", "start": "month", "end": "month?", "inputs": "text", "outcome_metric": "text", "observed_value": "float?",
    "observed_unit": "text", "noise_sd_rel": "float?", "noise_reason": "text", "use_in_calibration": "float",
    "fact_rows": "str", "source_ids": "str", "publisher": "str", "source_url": "text", "published_date": "pubdate",
    "conflict": "text", "note": "text",
}
SCHEMAS["episodes"] = pa.DataFrameSchema(
    {
        "episode_id": Column(str, [_unique("episode_id"), Check.str_matches(r"^E\d{2}$", error="an id like E01")]),
        "region_code": Column(str, Check.isin(EPISODE_REGION_CODES, error=f"a known region code in {EPISODE_REGION_CODES}")),
        "lever": Column(str, Check.isin(EPISODE_LEVERS, error=f"a lever in {EPISODE_LEVERS}")),
        "kind": Column(str, Check.isin(EPISODE_KINDS, error=f"a kind in {EPISODE_KINDS}")),
        "mechanism": Column(str, Check.str_matches(r"^(" + "|".join(EPISODE_MECHANISMS) + r")(;(" + "|".join(
            EPISODE_MECHANISMS) + r"))*$", error=f"mechanisms from {EPISODE_MECHANISMS}, ';'-separated")),
        "use_in_calibration": Column(float, Check.isin((0.0, 1.0), error="0 or 1")),
        "source_ids": Column(str, Check.str_matches(r"^S\d{4}(;S\d{4})*$", error="source ids like S0001;S0002")),
    },
    # rules across columns (end ≥ start, an observed outcome needs metric, unit, noise and source) are
    # checked row by row in ``loaders.load_episodes`` so each problem names its line and column
    strict=False,
)


# --- legal basis and the APBD calendar (shared/facts/policy/NOTES.md s.2; PP 12/2019) ----------------
LEGAL_KINDS = ("government_regulation", "presidential_instruction", "ministerial_circular", "regent_regulation",
               "mayor_regulation", "governor_regulation", "gap", "budget_calendar")
VERIFICATION = ("text_retrieved_mirror", "secondary_sources", "secondary_sources_articles_unverified", "not_found")
COLUMNS["legal_basis"] = {
    "instrument_id": "code", "instrument": "str", "kind": "code", "year": "float", "topic": "code",
    "verification": "code", "deadline_month_day": "text", "publisher": "text", "url": "text",
    "published_date": "pubdate", "fact_ref": "str", "note": "str",
}
SCHEMAS["legal_basis"] = pa.DataFrameSchema(
    {
        "instrument_id": Column(str, _unique("instrument_id")),
        "kind": Column(str, Check.isin(LEGAL_KINDS, error=f"a kind in {LEGAL_KINDS}")),
        "verification": Column(str, Check.isin(VERIFICATION, error=f"a verification status in {VERIFICATION}")),
        "deadline_month_day": Column(str, Check.str_matches(r"^\d{2}-\d{2}$", error="MM-DD or empty"), nullable=True),
        "published_date": Column(str, Check.str_matches(_PUB_DATE), nullable=True),
    },
    checks=[Check(lambda d: d["kind"].ne("budget_calendar") | d["deadline_month_day"].notna(),
                  error="a deadline_month_day on every budget_calendar row")],
    strict=False,
)


def processed_schema(table: str, columns: list[str]) -> pa.DataFrameSchema:
    """The schema of a processed table: exactly ``columns`` (from the build manifest) in order, each with its
    raw table's type and rules where the raw table has that column, plus the raw table's row rules."""
    raw = SCHEMAS.get(table)
    cols = {c: raw.columns[c] if raw is not None and c in raw.columns else Column(None, nullable=True)
            for c in columns}
    return pa.DataFrameSchema(cols, checks=list(raw.checks) if raw is not None else [], strict=True, ordered=True,
                              name=table)


# --- figures added after the raw build (``add-figure``; data/raw/coverage_additions.csv, issue #21) ----------
# The coverage columns plus the value as printed, the day it was recorded and a chained row checksum.
ADDITION_COLUMNS = (*COLUMNS["coverage_observations"], "value_printed", "recorded_on", "row_sha256")
COLUMNS["coverage_additions"] = {**COLUMNS["coverage_observations"], "value_printed": "str", "recorded_on": "date",
                                 "row_sha256": "code"}
SCHEMAS["coverage_additions"] = pa.DataFrameSchema(
    {**SCHEMAS["coverage_observations"].columns,
     "obs_id": Column(str, [_unique("obs_id"), Check.str_matches(r"^A\d{4}$", error="an id like A0001")])},
    checks=SCHEMAS["coverage_observations"].checks,
    strict=False,
)
