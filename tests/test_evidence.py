"""Evidence fixes (issue 20 item 10): the headline figure's URL, segment shares under their real publisher,
figures stated as bounds marked as such in the raw data and in every output built from them."""

import csv
import importlib.util
from pathlib import Path

import pandas as pd
import pytest

from sumsel_analysis.coverage import charts, regional
from sumsel_analysis.data import loaders, quality
from sumsel_analysis.data.loaders import DataValidationError
from sumsel_analysis.numbers import format_bounded, format_percent
from sumsel_analysis.plotting import pop_source_notes

ROOT = Path(__file__).resolve().parents[1]
HEADLINE = ["C0263", "C0264", "C0265", "C0266", "C0267"]


def _amend():
    spec = importlib.util.spec_from_file_location("amend_raw", ROOT / "tools" / "amend_raw.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_headline_figure_has_its_url_and_title(raw_dir):
    cov = loaders.load_coverage(raw_dir).set_index("obs_id")
    assert cov.loc["C0263", "value"] == 1_035_000 and cov.loc["C0265", "value"] == 32.82
    urls = set(cov.loc[HEADLINE, "source_url"])
    assert len(urls) == 1 and next(iter(urls)).startswith("https://beritasuararakyat.com/")
    src = loaders.load_sources(raw_dir).set_index("source_id").loc["S0074"]
    assert src["url"] == next(iter(urls)) and "Ketenagakerjaan" in src["title"]


def test_raw_files_are_already_amended(raw_dir):
    """tools/amend_raw.py is idempotent and was applied: amending the committed rows changes nothing."""
    amend = _amend()
    with (raw_dir / "coverage_observations.csv").open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        columns, rows = list(reader.fieldnames), list(reader)
    before = [dict(r) for r in rows]
    assert amend.amend_coverage(columns, rows) == (columns, before)
    assert amend.bound_from_note("Stated as 'below 1 percent' of ~50,000 workers") == "upper"
    assert amend.bound_from_note("'At least 48 percent' aim") == "lower"
    assert amend.bound_from_note("stated coverage; implies a base of ~3.15 million") == ""


def test_source_titles_carry_no_url_page_ids(raw_dir):
    """Titles made from a URL slug drop the slug's numeric page id (amendment 5 of tools/amend_raw.py); amending
    the committed sources again changes nothing."""
    amend = _amend()
    with (raw_dir / "sources.csv").open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    before = [dict(r) for r in rows]
    assert amend.amend_sources(rows) == before
    src = loaders.load_sources(raw_dir).set_index("source_id")
    assert (src.loc[list(amend.SLUG_TITLES), "title"] == "Rema Hanna, IIES (Stockholm University)").all()
    assert not src["title"].str.contains(r"\d\.\d{6}", regex=True).any()


def test_upper_bound_is_marked_and_carried_to_the_district_table(raw_dir):
    cov = quality.flag_coverage(loaders.load_coverage(raw_dir), loaders.load_quality_annotations(raw_dir))
    assert cov.set_index("obs_id").loc["C0185", "bound"] == "upper"  # PALI: 'below 1 percent'
    assert set(cov["bound"].dropna()) == {"upper", "lower"}
    kab = regional.kabkota_coverage(cov, loaders.load_regions(raw_dir)).set_index("bps_code")
    assert kab.loc["1612", "bound"] == "upper" and kab.loc["1612", "coverage_pct"] == 1
    assert (kab.drop(index="1612")["bound"] == "").all()
    assert format_bounded(format_percent(kab.loc["1612", "coverage_pct"], "id", 0), kab.loc["1612", "bound"]) == "< 1%"
    assert format_bounded("48%", "lower") == "≥ 48%" and format_bounded("–", "upper") == "–"
    assert format_bounded("3,2%", "") == "3,2%" and format_bounded("3,2%", float("nan")) == "3,2%"


def test_gap_table_flags_the_bound():
    content_kab = pd.DataFrame([{"bps_code": "1612", "name": "PALI", "kind": "kabupaten", "coverage_pct": 1.0,
                                 "bound": "upper", "as_of": pd.Timestamp("2024-12-19"), "obs_id": "C0185",
                                 "status": "observed"}])
    obs = pd.DataFrame(columns=["geo_level", "segment", "quality_flag", "geo_code", "metric", "period", "obs_id",
                                "value"])
    out = regional.kabkota_gap_table(content_kab, obs, obs.rename(columns={"segment": "category"}), pd.DataFrame(),
                                     51.0, 16_800, 1.0, pd.Timestamp("2025-12-31"))
    assert "upper_bound" in out.loc[0, "flags"].split(", ")


def test_a_bad_bound_is_refused(raw_copy):
    path = raw_copy / "coverage_observations.csv"
    text = path.read_text(encoding="utf-8").replace(",percent,upper,", ",percent,below,", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataValidationError, match="bound"):
        loaders.load_coverage(raw_copy)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_segment_shares_named_by_their_real_publisher(lang):
    wf = pd.DataFrame({"step": ["base", "protected", "protected", "not_protected"],
                       "segment": ["total", "PU", "BPU", "total"], "persons": [3.154e6, 5.7e5, 1.8e5, 2.1e6],
                       "status": ["derived", "estimated", "estimated", "derived"],
                       "source": ["parameter sumsel_worker_potential", "C0268 share × C0263", "C0269 share × C0263",
                                  "base − C0263"]})
    note = pop_source_notes(charts.plot_waterfall(wf, lang))
    assert "C0268, C0269" in note and "C0263" in note
    assert "(Kemnaker)" not in note and {"id": "mahasiswa", "en": "student"}[lang] in note
