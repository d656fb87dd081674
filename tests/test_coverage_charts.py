"""Coverage charts render in both languages to non-empty files."""

import pytest

from sumsel_analysis.coverage import charts as C
from sumsel_analysis.coverage import industry, metrics, regional
from sumsel_analysis.data import loaders, quality
from sumsel_analysis.plotting import save_figure


@pytest.fixture(scope="module")
def inputs(raw_dir):
    cov = quality.flag_coverage(loaders.load_coverage(raw_dir), loaders.load_quality_annotations(raw_dir))
    lab, params = loaders.load_labour(raw_dir), loaders.load_parameters(raw_dir)
    key = metrics.key_numbers(cov, lab, params)
    kab = regional.kabkota_coverage(cov, loaders.load_regions(raw_dir))
    return cov, lab, params, key, kab


@pytest.mark.parametrize("lang", ["id", "en"])
def test_charts_save_non_empty(inputs, raw_dir, tmp_path, lang):
    cov, lab, params, key, kab = inputs
    figs = {
        "waterfall": C.plot_waterfall(metrics.waterfall_table(cov, params), lang),
        "gap": C.plot_gap(metrics.pace_table(key), key, lang),
        "industry": C.plot_industry(industry.estimate_coverage_by_industry(lab, params, cov), lang),
        "map": C.plot_choropleth(kab, loaders.load_boundaries(raw_dir), lang),
        "scores": C.plot_scores(regional.paritrana_scores(kab, loaders.load_regional_indicators(raw_dir),
                                                          loaders.load_paritrana_weights(raw_dir)), lang),
    }
    for name, fig in figs.items():
        path = save_figure(fig, tmp_path / f"{name}.png")
        assert path.stat().st_size > 15_000, name
    texts = [t.get_text() for t in figs["map"].texts]
    assert any("CC BY 3.0 IGO" in x for x in texts)
    assert any(("tidak ada" if lang == "id" else "no public data") in x.get_text()
               for x in figs["map"].axes[0].get_legend().get_texts())


def test_saving_is_deterministic(inputs, tmp_path):
    cov, _, params, _, _ = inputs
    a = save_figure(C.plot_waterfall(metrics.waterfall_table(cov, params), "id"), tmp_path / "a.png").read_bytes()
    b = save_figure(C.plot_waterfall(metrics.waterfall_table(cov, params), "id"), tmp_path / "b.png").read_bytes()
    assert a == b
