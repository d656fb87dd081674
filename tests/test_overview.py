"""Data-availability tables and charts for notebook 00."""

import pytest

from sumsel_analysis.data import loaders, overview, quality
from sumsel_analysis.plotting import save_figure


@pytest.fixture(scope="module")
def flagged(raw_dir):
    return quality.flag_coverage(loaders.load_coverage(raw_dir), loaders.load_quality_annotations(raw_dir))


def test_availability_counts(flagged):
    a = overview.availability(flagged).set_index(["segment", "year"])
    # Dec 2023 segment split (PU, BPU, JAKON) + Kemnaker total: one PU row in 2023
    assert a.loc[("PU", 2023), "n_obs"] == 1
    assert (a["n_usable"] <= a["n_obs"]).all()
    assert 2016 not in a.loc["total"].index  # a hole the chart must show as an empty column


def test_kabkota_availability_lists_all_17_with_zeros(flagged, raw_dir):
    k = overview.kabkota_availability(flagged, loaders.load_regions(raw_dir))
    assert k["geo_code"].nunique() == 17
    per = k.groupby("name")["n_obs"].sum()
    assert per["Pagar Alam"] == 0 and per["Musi Banyuasin"] > 0


def test_jakon_above_100_is_flagged_not_rejected(flagged):
    j = flagged[(flagged["segment"] == "JAKON") & (flagged["unit"] == "percent") & (flagged["value"] > 100)]
    assert len(j) >= 3 and set(j["quality_flag"]) <= {"definitional_break", "scope_unclear"}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_charts_render_to_non_empty_files(flagged, raw_dir, tmp_path, lang):
    regions = loaders.load_regions(raw_dir)
    for name, fig in [("av", overview.plot_availability(flagged, lang)),
                      ("kk", overview.plot_kabkota_availability(flagged, regions, lang)),
                      ("tl", overview.plot_sources_timeline(flagged, lang))]:
        path = save_figure(fig, tmp_path / f"{name}.png")
        assert path.stat().st_size > 10_000
