"""Bad-input corpus: each malformed file must fail with a message naming file, line, column and problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from sumsel_analysis.data.loaders import DataValidationError, read_table
from sumsel_analysis.data.user_files import load_user_coverage

HEADER = ("obs_id,period,geo_code,geo_name,geo_level,segment,metric,value,unit,source_id,source_url,"
          "publisher,published_date,note")
GOOD_ROWS = [
    "C0001,2025-12-04,16,Sumatera Selatan,province,total,active_participants,1035000,persons,S0074,,Berita Suara Rakyat,2025-12-04,",
    "C0002,2025-12-04,16,Sumatera Selatan,province,total,coverage_pct,32.82,percent,S0074,,Berita Suara Rakyat,2025-12-04,",
    "C0003,2017-12-31,16,Sumatera Selatan,province,JAKON,coverage_pct,399.1,percent,S0010,,Antara Sumbar,,per project",
]


def _csv(rows: list[str], header: str = HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


def _mut(i: int, old: str, new: str) -> list[str]:
    rows = list(GOOD_ROWS)
    assert old in rows[i]
    rows[i] = rows[i].replace(old, new, 1)
    return rows


# (case name, table, file content as str or bytes, fragments the message must contain)
CASES = [
    ("missing_column", "coverage_observations", _csv([r.rsplit(",", 1)[0] for r in GOOD_ROWS], HEADER.rsplit(",", 1)[0]),
     ["line 1", "note", "missing"]),
    ("extra_column", "coverage_observations", _csv([r + ",x" for r in GOOD_ROWS], HEADER + ",extra"),
     ["line 1", "extra", "extra column"]),
    ("wrong_type", "coverage_observations", _csv(_mut(0, ",1035000,", ",many,")),
     ["line 2", "column 'value'", "a plain number", "'many'"]),
    ("negative_count", "coverage_observations", _csv(_mut(0, ",1035000,", ",-1035000,")),
     ["line 2", "value >= 0", "obs_id=C0001"]),
    ("duplicate_key", "coverage_observations", _csv(_mut(1, "C0002", "C0001")),
     ["line 2", "line 3", "column 'obs_id'", "unique obs_id", "'C0001'"]),
    ("unknown_bps_code", "coverage_observations", _csv(_mut(0, ",16,", ",1699,")),
     ["line 2", "column 'geo_code'", "known geography code", "'1699'"]),
    ("unparseable_date", "coverage_observations", _csv(_mut(1, "2025-12-04", "04/12/2025")),
     ["line 3", "column 'period'", "a date YYYY-MM-DD", "'04/12/2025'"]),
    ("impossible_date", "coverage_observations", _csv(_mut(1, "2025-12-04", "2025-13-45")),
     ["line 3", "column 'period'", "'2025-13-45'"]),
    ("indonesian_number_text", "coverage_observations", _csv(_mut(0, ",1035000,", ',"1.035.000",')),
     ["line 2", "column 'value'", "such as 1035000", "load_user_coverage", "'1.035.000'"]),
    ("empty_file", "coverage_observations", "", ["coverage_observations.csv", "an empty file"]),
    ("header_only", "coverage_observations", HEADER + "\n", ["line 2", "only a header"]),
    ("wrong_encoding", "coverage_observations", _csv(_mut(2, "per project", "proyek é")).encode("latin-1"),
     ["line 4", "UTF-8", "0xe9"]),
    ("percent_over_100", "coverage_observations", _csv(_mut(1, ",32.82,", ",132.82,")),
     ["line 3", "within 0-100", "only JAKON"]),
    ("unknown_segment", "coverage_observations", _csv(_mut(0, ",total,", ",INFORMAL,")),
     ["line 2", "column 'segment'", "'INFORMAL'"]),
    ("ragged_row", "coverage_observations", _csv(_mut(0, ",persons,", ",persons,x,y,")),
     ["comma-separated fields", "line 2"]),
    ("empty_required_cell", "coverage_observations", _csv(_mut(0, "2025-12-04,16", ",16")),
     ["line 2", "column 'period'", "an empty cell"]),
    ("code_with_spaces", "coverage_observations", _csv(_mut(0, "C0001", "C 0001")),
     ["line 2", "column 'obs_id'", "without spaces"]),
    ("parameters_low_above_central", "parameters",
     "name,description,value_low,value_central,value_high,unit,unit_code,applies_to,effective_date,evidence,"
     "source_id,source_url,publisher,published_date,note\n"
     "takeup,Take-up,0.95,0.9,1.0,share,share,BPU,,assumption,S0001,,Assumption,,\n",
     ["line 2", "value_low <= value_central", "name=takeup"]),
    ("parameters_unknown_unit_code", "parameters",
     "name,description,value_low,value_central,value_high,unit,unit_code,applies_to,effective_date,evidence,"
     "source_id,source_url,publisher,published_date,note\n"
     "premium,Premium,,16800,,Rp per month,rupiah_per_fortnight,BPU,,published,S0001,,X,,\n",
     ["line 2", "column 'unit_code'", "'rupiah_per_fortnight'"]),
    ("regions_duplicate_code", "regions",
     "bps_code,kemendagri_code,kind,name,name_full,short_name,area_km2\n"
     "1601,16.01,kabupaten,OKU,Kabupaten OKU,OKU,3867\n1601,16.02,kabupaten,OKI,Kabupaten OKI,OKI,17944\n",
     ["line 2", "line 3", "column 'bps_code'", "unique bps_code"]),
]


@pytest.mark.parametrize("name,table,content,fragments", CASES, ids=[c[0] for c in CASES])
def test_bad_file_is_rejected_with_a_precise_message(tmp_path: Path, name, table, content, fragments):
    path = tmp_path / f"{table}.csv"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    with pytest.raises(DataValidationError) as err:
        read_table(table, path)
    msg = str(err.value)
    assert msg.startswith(f"{table}.csv:"), msg
    for frag in fragments:
        assert frag in msg, f"{name}: {frag!r} not in message:\n{msg}"


def test_corpus_is_large_enough():
    assert len(CASES) >= 15


def test_good_rows_pass_and_jakon_may_exceed_100(tmp_path: Path):
    path = tmp_path / "coverage_observations.csv"
    path.write_text(_csv(GOOD_ROWS))
    df = read_table("coverage_observations", path)
    assert len(df) == 3
    assert df.loc[df["segment"] == "JAKON", "value"].item() == pytest.approx(399.1)


def test_user_export_rejects_ambiguous_number(tmp_path: Path, raw_dir):
    path = tmp_path / "export.csv"
    path.write_text("periode;wilayah;segmen;metrik;nilai\nDesember 2025;Sumatera Selatan;total;peserta_aktif;1.5\n")
    with pytest.raises(DataValidationError, match=r"line 2, column 'value'.*ambiguous"):
        load_user_coverage(path, raw_dir)


def test_user_export_rejects_unknown_header(tmp_path: Path, raw_dir):
    path = tmp_path / "export.csv"
    path.write_text("periode,wilayah,segmen,metrik,nilai,warna\n2025-12,16,total,cakupan,\"32,82%\",merah\n")
    with pytest.raises(DataValidationError, match=r"warna.*unrecognised column"):
        load_user_coverage(path, raw_dir)
