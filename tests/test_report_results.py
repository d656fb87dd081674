"""One results layer (issue 20): every number of the brief's body comes from the results table, yearly
costs add up to the totals shown, the workbook's key numbers are the brief's, and the budget calendar
runs from the issue date."""

import html as html_lib
import re
from pathlib import Path

import pandas as pd
import pytest

from sumsel_analysis.i18n import catalogue
from sumsel_analysis.policy.evidence import lever_grades
from sumsel_analysis.report import appendix_for, build_content, render_html
from sumsel_analysis.report.calendar import budget_calendar, issue_date
from sumsel_analysis.report.content import figures
from sumsel_analysis.report.results import KEY_IDS, build_results, fmt, format_value
from sumsel_analysis.report.workbook import key_numbers_sheet
from sumsel_analysis.data import loaders

ROOT = Path(__file__).resolve().parents[1]
SCEN = [ROOT / "scenarios" / "mandate_renewal_only.yaml", ROOT / "scenarios" / "combined_mandate_subsidy_csr.yaml"]
ISSUED = "2026-12-03"
NUM = re.compile(r"(?<![A-Za-z\d])\d[\d.,]*\d|(?<![A-Za-z\d])\d")


@pytest.fixture(scope="module")
def content():
    return build_content(SCEN, n_draws=60, issued=ISSUED)


@pytest.fixture(scope="module")
def results(content):
    return build_results(content)


@pytest.fixture(scope="module")
def html(content, results):
    app = appendix_for(content)
    return {lang: render_html(content, figures(content, lang), app, lang, results) for lang in ("id", "en")}


def _body_text(h: str, lang: str) -> str:
    text = re.sub(r"(?s)<(script|style).*?</\1>", " ", h)
    text = html_lib.unescape(re.sub(r"<[^>]+>", " ", text))
    cut = text.index("Lampiran" if lang == "id" else "Appendix")
    return text[:cut]


def _tokens(text: str) -> set[str]:
    return {m.rstrip(".,") for m in NUM.findall(text)}


def _allowed(results: pd.DataFrame, content, lang: str) -> set[str]:
    """Numbers the results table formats to (any precision the brief uses), plus numbers that are part of
    the fixed wording (catalogue text, scenario and place names)."""
    ok = set()
    for r in results.itertuples():
        for v in (r.value, r.lo80, r.hi80):
            for d in (None, 0, 1, 2):
                try:
                    ok |= _tokens(format_value(v, r.unit, lang, d))
                except (TypeError, ValueError):
                    pass
    for entry in catalogue().values():
        ok |= _tokens(re.sub(r"\{[^}]*\}", " ", str(entry.get(lang, ""))))
    for s, _ in content.scenarios:
        ok |= _tokens(s.title(lang)) | _tokens(s.description_id or "") | _tokens(s.description or "")
    return ok


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_number_in_the_body_is_a_result(html, results, content, lang):
    body = _body_text(html[lang], lang)
    stray = sorted(_tokens(body) - _allowed(results, content, lang))
    assert stray == [], stray[:20]


def test_number_check_catches_a_typed_number(results, content):
    assert "987.654" not in _allowed(results, content, "id")
    assert "1.035.000" in _allowed(results, content, "id")


def test_yearly_costs_sum_to_the_totals_shown(content, results, html):
    lines = content.cost_lines
    for name, col in (("premium_pagu", "premium_pagu_rupiah"), ("apbd", "apbd_rupiah"), ("admin", "admin_rupiah")):
        years = sum(results.set_index("id").loc[f"cost.{y}.{name}", "value"] for y in lines["year"])
        assert results.set_index("id").loc[f"cost.total.{name}", "value"] == pytest.approx(years)
    # the appropriation is listed workers × months × Rp16,800, written out in the brief
    pagu = lines[lines["premium_pagu_rupiah"] > 0].iloc[0]
    assert pagu["premium_pagu_rupiah"] == pagu["listed_workers"] * pagu["premium_months"] * 16_800
    assert "200,000 × 12 × Rp16,800" in re.sub(r"<[^>]+>", " ", html["en"]).replace("  ", " ")
    assert "Rp40.3 billion" in html["en"]  # 200,000 × 12 × Rp16,800 = Rp40.32 billion
    # options: APBD to the target date = the sum of its yearly APBD
    for r in content.options.itertuples():
        assert r.apbd_rupiah == pytest.approx(sum(r.apbd_per_year.values()))


@pytest.mark.parametrize("lang", ["id", "en"])
def test_workbook_key_numbers_are_the_briefs(content, results, html, lang):
    sheet = key_numbers_sheet(content, lang)
    assert len(sheet) == len(KEY_IDS)
    for id_, shown in zip(KEY_IDS, sheet["value"]):
        m = re.search(rf'data-key="{"prob_reach" if id_ == "prob_no_policy" else id_}">([^<]+)<', html[lang])
        if m:
            assert m.group(1) == shown, id_
    assert sheet["number"].tolist() == [float(results.set_index("id").loc[i, "value"]) for i in KEY_IDS]


def test_one_no_policy_path(content, results):
    main = content.scenarios[-1][1]
    summ = main.summary()
    assert results.set_index("id").loc["no_policy_pct", "value"] == pytest.approx(summ["baseline_at_target_date_pct"])
    assert results.set_index("id").loc["prob_no_policy", "value"] == summ["prob_reach_without_policy"]


def test_calendar_from_the_issue_date():
    legal = loaders.load_legal_basis()
    cal = budget_calendar(legal, pd.Timestamp("2026-12-03"))
    assert cal["approved_year"] == 2027 and cal["open_year"] == 2028
    assert cal["route"] == "apbd_p" and cal["earliest_money"] == pd.Timestamp("2027-10-01")
    steps = cal["steps"].set_index("step")
    assert steps.loc["apbd", "needs_dprd"] and not steps.loc["rkpd", "needs_dprd"]
    assert (cal["first_action"] - pd.Timestamp("2026-12-03")).days <= 92
    early = budget_calendar(legal, pd.Timestamp("2026-03-01"))
    assert early["open_year"] == 2027 and early["approved_year"] == 2026


def test_issue_date_input(monkeypatch):
    assert issue_date("2026-12-03") == pd.Timestamp("2026-12-03")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796256000")  # 2026-12-03 00:00 UTC
    assert issue_date() == pd.Timestamp("2026-12-03")
    with pytest.raises(ValueError, match="--issued"):
        issue_date("3 Dec")


def test_cover_and_kabkota(content, html):
    h = html["id"]
    assert "Diterbitkan 3 Desember 2026" in h and "tidak ditemukan angka Sumsel yang lebih baru" in h
    assert len(content.kabkota_gap) == 17 and content.kabkota_gap["quality"].eq("upper_bound").sum() >= 1
    assert "&lt; 1%" in h and "batas atas" in h and "tanpa bukti" in h


def test_lever_grades_columns_and_rule():
    g = lever_grades()
    assert list(g.columns) == ["lever", "grade", "n_episodes", "n_independent", "n_hits", "hit_rate", "mechanisms"]
    for r in g.itertuples():
        if r.n_episodes == 0:
            assert r.grade == "D"
        elif r.grade == "A":
            assert r.n_independent >= 3 and r.hit_rate >= 0.75
        elif r.grade == "B":
            assert r.n_independent >= 2 and r.hit_rate >= 0.5


def test_recommendation_follows_the_grades_and_the_reachable_mixes(content, results):
    """A lever of the recommended package graded D is recommended only as a counted pilot (CSR: its own sentence);
    the least-cost mix sentence is there whether one or both mixes are reachable."""
    from sumsel_analysis.i18n import t
    from sumsel_analysis.report.summary import recommendation

    grades = content.grades.set_index("lever")["grade"]
    main = content.scenarios[-1][0]
    for lang in ("id", "en"):
        text = " ".join(recommendation(content, results, lang))
        for lever in main.levers:
            key = "report.reco.no_evidence.csr" if lever == "csr" else "report.reco.no_evidence"
            sentence = t(key, lang, lever=t(f"policy.lever.{lever}", lang))
            assert (sentence in text) == (grades.get(lever, "D") == "D"), (lever, lang)
        mixes = content.options[content.options["kind"] == "least_cost"]
        one = t("report.reco.mix_one", lang, t1="@", by="@", c1="@", w1="@", target="@", best="@").split("@")[4]
        assert len(mixes) == 0 or (one in text) == (len(mixes) == 1)


def test_kabkota_table_states_each_regions_firm_stock_basis(content):
    """The district table (workbook sheet) says which firm stock the licensing gate meets in each kab/kota, with the
    count's year and rows; the counts' rows are among the sources listed."""
    k = content.kabkota_gap.set_index("bps_code")
    assert len(k) == 17 and k["firm_basis"].isin(["own_by_size", "own_total", "scaled"]).all()
    assert k.at["1601", "firm_basis"] == "own_by_size" and k.at["1601", "firm_year"] == 2023
    assert k.at["1671", "firm_basis"] == "own_total" and k.at["1671", "firm_year"] == 2016
    assert (k.loc[k["firm_basis"] == "scaled", "firm_obs_ids"] == "").all()
    assert {"L0221", "L0468", "L0469"} <= content.obs_ids
