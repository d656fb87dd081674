"""The real raw tables load and validate; user exports map onto the coverage schema."""

from pathlib import Path

import pandas as pd
import pytest

from sumsel_analysis.data import loaders, user_files
from sumsel_analysis.data.schemas import KABKOTA_CODES


def test_raw_tables_load(raw_dir):
    cov = loaders.load_coverage(raw_dir)
    assert len(cov) == 320 and cov["obs_id"].is_unique
    assert str(cov["period"].dtype) == "datetime64[ns]"
    assert cov["value"].dtype == "float64"
    lab = loaders.load_labour(raw_dir)
    assert len(lab) == 469 and lab["obs_id"].is_unique
    params = loaders.load_parameters(raw_dir)
    assert params["name"].is_unique
    assert {"published", "derived", "assumption"} >= set(params["evidence"])
    regions = loaders.load_regions(raw_dir)
    assert sorted(regions["bps_code"]) == sorted(KABKOTA_CODES)
    # BPS and Kemendagri codes differ for six units (geo NOTES)
    differ = regions[regions["bps_code"].str.replace("16", "16.", n=1) != regions["kemendagri_code"]]
    assert sorted(differ["bps_code"]) == ["1608", "1609", "1672", "1673", "1674"] or len(differ) >= 4


def test_every_row_has_a_source(raw_dir):
    cov = loaders.load_coverage(raw_dir)
    sources = loaders.load_sources(raw_dir)
    assert set(cov["source_id"]) <= set(sources["source_id"])
    assert cov["publisher"].str.len().gt(0).all()
    assert loaders.load_labour(raw_dir)["source_id"].isin(sources["source_id"]).all()


def test_december_2025_rows_present(raw_dir):
    cov = loaders.load_coverage(raw_dir)
    bsr = cov[cov["publisher"].str.startswith("Berita Suara Rakyat")]
    got = dict(zip(bsr["metric"], bsr["value"]))
    assert got == {"active_participants": 1_035_000, "potential_workers": 1_300_000, "coverage_pct": 32.82,
                   "target_pct": 51, "gap_workers": 409_000}


def test_parameter_lookup(raw_dir):
    params = loaders.load_parameters(raw_dir)
    assert loaders.parameter(params, "sumsel_worker_potential") == 3_154_000
    assert loaders.parameter(params, "subsidy_takeup_list_based", "low") == 0.65
    assert loaders.parameter(params, "apbd_premium_per_worker_month", "high") == 16_800  # falls back to central
    with pytest.raises(KeyError, match="no parameter named 'nope'"):
        loaders.parameter(params, "nope")
    with pytest.raises(ValueError, match="range only"):
        loaders.parameter(params, "bpu_coverage_drop_babel")


def test_boundaries_carry_attribution(raw_dir):
    gj = loaders.load_boundaries(raw_dir)
    assert "CC BY 3.0 IGO" in gj["attribution"]
    assert len(gj["features"]) == 17


def test_user_export_csv_with_indonesian_text(tmp_path: Path, raw_dir):
    path = tmp_path / "ekspor_bpjs.csv"
    path.write_text(
        "periode;wilayah;segmen;metrik;nilai;sumber\n"
        "Desember 2025;Sumatera Selatan;total;peserta_aktif;1.035.000;Kanwil Sumbagsel\n"
        "2025-12;Sumatera Selatan;total;cakupan;32,82%;Kanwil Sumbagsel\n"
        "2025-12-31;Musi Rawas;PU;potensi;\"1,3 juta\";Kanwil Sumbagsel\n", encoding="utf-8")
    df = user_files.load_user_coverage(path, raw_dir)
    assert list(df["value"]) == [1_035_000, 32.82, 1_300_000]
    assert list(df["unit"]) == ["persons", "percent", "persons"]
    assert list(df["geo_code"]) == ["16", "16", "1605"]
    assert list(df["metric"]) == ["active_participants", "coverage_pct", "potential_workers"]
    assert df["period"].iloc[0] == pd.Timestamp("2025-12-01")


def test_user_export_excel(tmp_path: Path, raw_dir):
    path = tmp_path / "export.xlsx"
    pd.DataFrame({"period": ["2025-08"], "kode_bps": ["1605"], "segment": ["total"],
                  "metric": ["active_participants"], "value": [70337]}).to_excel(path, index=False)
    df = user_files.load_user_coverage(path, raw_dir)
    assert df["value"].item() == 70337 and df["geo_name"].item() == "Kabupaten Musi Rawas"


def test_user_export_unknown_region(tmp_path: Path, raw_dir):
    path = tmp_path / "export.csv"
    path.write_text("period,geo_name,segment,metric,value\n2025-08,Atlantis,total,active_participants,5\n")
    with pytest.raises(loaders.DataValidationError, match=r"line 2, column 'geo_code'.*Atlantis"):
        user_files.load_user_coverage(path, raw_dir)


def test_legal_basis_loads_with_calendar_and_rejects_a_calendar_row_without_deadline(tmp_path, raw_dir):
    import shutil

    from sumsel_analysis.data.loaders import DataValidationError, load_legal_basis

    lb = load_legal_basis(raw_dir)
    cal = lb[lb["kind"] == "budget_calendar"].set_index("instrument_id")["deadline_month_day"]
    assert cal.to_dict() == {"PP_12_2019_KUA_PPAS": "08-07", "PP_12_2019_APBD": "11-30", "KEMENDAGRI_RKPD": "05-31",
                             "PP_12_2019_APBD_P": "09-30"}
    assert (lb.loc[lb["instrument_id"] == "SUMSEL_LICENCE_GATE", "verification"] == "not_found").all()
    for f in raw_dir.iterdir():
        if f.is_file():
            shutil.copy(f, tmp_path / f.name)
    text = (tmp_path / "legal_basis.csv").read_text().replace(",08-07,", ",,")
    (tmp_path / "legal_basis.csv").write_text(text)
    with pytest.raises(DataValidationError, match=r"(?s)legal_basis.csv.*line 11.*deadline_month_day.*PP_12_2019_KUA_PPAS"):
        load_legal_basis(tmp_path)
