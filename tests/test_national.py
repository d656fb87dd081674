"""The national panel (all provinces): printed figures become numbers by a stated rule, and bad rows fail loudly."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from sumsel_analysis.data import loaders
from sumsel_analysis.data.loaders import DataValidationError

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
import add_national  # noqa: E402
import amend_national  # noqa: E402
from make_national import parse_printed  # noqa: E402
from make_raw import _read  # noqa: E402


def test_every_fact_row_is_kept_with_its_source(raw_dir):
    n = loaders.load_national(raw_dir)
    # 549 rows from the shared fact base, then the figures tools/add_national.py adds (N0600 onward)
    assert len(n) == 549 + len(add_national.ROWS) and n["obs_id"].is_unique
    assert n["value_rule"].str.len().gt(0).all() and n["publisher"].str.len().gt(0).all()
    sources = set(loaders.load_sources(raw_dir)["source_id"])
    assert set(n["source_id"]) <= sources


@pytest.mark.parametrize("printed, unit, expected, expected_unit, rule_part", [
    ("1.105.431", "persons", 1_105_431, "persons", "thousands separators"),
    ("190,491", "persons", 190_491, "persons", "thousands separators"),
    ("21,11", "percent", 21.11, "percent", "decimal"),
    ("39.50", "percent", 39.5, "percent", "decimal"),
    ("41.56", "million persons", 41_560_000, "persons", "decimal"),
    ("1,25", "million persons", 1_250_000, "persons", "decimal"),
    ("2.450", "thousand persons", 2_450_000, "persons", "thousands separator"),
    ("502,58", "thousand persons", 502_580, "persons", "decimal"),
    ("500-600", "thousand persons", 550_000, "persons", "midpoint"),
])
def test_printed_numbers_follow_the_stated_rule(printed, unit, expected, expected_unit, rule_part):
    value, out_unit, rule = parse_printed(printed, unit, "row")
    assert value == pytest.approx(expected) and out_unit == expected_unit and rule_part in rule


def test_parsed_values_match_the_rows(raw_dir):
    n = loaders.load_national(raw_dir).set_index("obs_id")
    for oid, row in n.iterrows():
        value, unit, rule = parse_printed(row["value_printed"], row["unit_printed"], oid)
        assert row["value"] == pytest.approx(value) and row["unit"] == unit and row["value_rule"] == rule, oid


def test_added_figures_are_applied_and_idempotent(raw_dir):
    """tools/add_national.py was run and running it again changes nothing; its ids are its own."""
    rows, sources = _read(raw_dir / "national_observations.csv"), _read(raw_dir / "sources.csv")
    assert add_national.build(rows, sources) == (rows, sources)
    added = [r for r in rows if int(r["obs_id"][1:]) >= add_national.FIRST_OBS]
    assert len(added) == len(add_national.ROWS) and {r["source_id"] for r in added} == set(add_national.SOURCES)
    assert all(450 <= int(s[1:]) <= 499 for s in add_national.SOURCES)
    # a changed row under an existing id is refused, naming the id
    changed = [dict(r, value="1") if r["obs_id"] == "N0600" else r for r in rows]
    with pytest.raises(SystemExit, match="N0600 exists with other content"):
        add_national.build(changed, sources)


def test_unparseable_printed_number_is_refused():
    with pytest.raises(SystemExit, match="row 7.*'12a'"):
        parse_printed("12a", "persons", "row 7")


def test_bad_province_code_names_file_line_and_column(raw_copy):
    path = raw_copy / "national_observations.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[3] = lines[3].replace(",16,Sumatera Selatan,province,", ",93,Sumatera Selatan,province,", 1)
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(DataValidationError, match=r"national_observations.csv.*\n.*line 4, column 'geo_code'"):
        loaders.load_national(raw_copy)


def test_amendments_are_applied_and_idempotent(raw_dir):
    """tools/amend_national.py was run (UCJ numerators are not active counts; dated placeholders fixed), running it
    again changes nothing, values never change, and a row holding an unexpected value stops it by name."""
    rows = _read(raw_dir / "national_observations.csv")
    assert amend_national.build(rows) == rows
    by_id = {r["obs_id"]: r for r in rows}
    assert by_id["N0390"]["metric"] == "ucj_participants" and by_id["N0390"]["value"] == "760468"
    assert by_id["N0648"]["metric"] == "active_participants"  # Lampung's Kemnaker count stays
    assert by_id["N0526"]["period"] == by_id["N0528"]["period"] == "2025-07-15"
    for oid, (changes, _reason) in amend_national.AMENDMENTS.items():
        assert all(by_id[oid][field] == new for field, _old, new in changes) and "AMENDED" in by_id[oid]["note"], oid
    # from the rows as they were before: the amendments change exactly the listed fields and the note
    def undo(r):
        changes = amend_national.AMENDMENTS[r["obs_id"]][0]
        return dict(r, **{f: old for f, old, _new in changes}, note=r["note"].split("; AMENDED")[0])
    before = [undo(r) if r["obs_id"] in amend_national.AMENDMENTS else r for r in rows]
    assert before != rows and amend_national.build(before) == rows
    assert [r["value"] for r in before] == [r["value"] for r in rows]
    with pytest.raises(SystemExit, match="N0390 has metric='coverage_pct'"):
        amend_national.build([dict(r, metric="coverage_pct") if r["obs_id"] == "N0390" else r for r in rows])
    # no reclassified UCJ numerator is left in an active-participants series
    nat = loaders.load_national(raw_dir)
    ucj = [k for k, (changes, _r) in amend_national.AMENDMENTS.items() if ("metric", "active_participants",
                                                                            "ucj_participants") in changes]
    assert len(ucj) == 24 and not nat[(nat["metric"] == "active_participants") & nat["obs_id"].isin(ucj)].shape[0]
