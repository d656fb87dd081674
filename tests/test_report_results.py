"""One results layer (issue 20): every number of the brief (body and Lampiran, the sources list aside) comes
from the results table, yearly
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
from sumsel_analysis.policy.omissions import TEXT_KEYS, not_modelled_raw
from sumsel_analysis.report.results import KEY_IDS, build_results, fmt, format_value, table_from_results
from sumsel_analysis.report.workbook import key_numbers_sheet, sheets
from sumsel_analysis.data import loaders

ROOT = Path(__file__).resolve().parents[1]
SCEN = [ROOT / "scenarios" / "mandate_renewal_only.yaml", ROOT / "scenarios" / "combined_mandate_subsidy_csr.yaml"]
ISSUED = "2026-12-03"
# a number: not part of a code ('C0263', 'E01'), but the amount after 'Rp' (once read as its last digits only)
NUM = re.compile(r"(?:(?<=Rp)|(?<![A-Za-z\d]))(?:\d[\d.,]*\d|\d)")


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


def _brief_text(h: str, lang: str) -> str:
    """The whole brief's text, body and Lampiran (charts' source lines included), up to the sources list."""
    text = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", h)
    text = html_lib.unescape(re.sub(r"<[^>]+>", " ", text))
    cut = text.index(catalogue()["report.sec.sources"][lang])
    return text[:cut]


def _tokens(text: str) -> set[str]:
    return {m.rstrip(".,") for m in NUM.findall(text)}


def _allowed(results: pd.DataFrame, content, lang: str) -> set[str]:
    """Numbers the results table formats to (any precision the brief uses), plus numbers that are part of
    names and fixed wording: catalogue text, scenario titles and descriptions, legal instruments' names
    ('PP 44/2015') and the package version. The list of what the model leaves out is not fixed wording: its
    numbers are results rows (``not_modelled.*``), so its text gives none (``test_not_modelled_list_types_no_number``)."""
    ok = set()
    for r in results.itertuples():
        for v in (r.value, r.lo80, r.hi80):
            for d in (None, 0, 1, 2, 3):
                try:
                    ok |= _tokens(format_value(v, r.unit, lang, d))
                except (TypeError, ValueError):
                    pass
    for entry in catalogue().values():
        ok |= _tokens(re.sub(r"\{[^}]*\}", " ", str(entry.get(lang, ""))))
    for s, _ in content.scenarios:
        ok |= _tokens(s.title(lang)) | _tokens(s.description_id or "") | _tokens(s.description or "")
    ok |= _tokens(" ".join(content.legal["instrument"])) | _tokens(content.version)
    return ok


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_number_in_the_brief_is_a_result(html, results, content, lang):
    """Body and Lampiran (every table: assumptions, leave-one-out, backtest, track record, claims, provinces,
    score components …) up to the sources list."""
    text = _brief_text(html[lang], lang)
    assert catalogue()["report.sec.assumptions"][lang] in text and "E01" in text  # the Lampiran is included
    stray = sorted(_tokens(text) - _allowed(results, content, lang))
    assert stray == [], stray[:20]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_number_typed_into_the_lampiran_is_caught(html, results, content, lang):
    h = html[lang].replace("</table>", "<tr><td>987654321</td></tr></table>", 3)
    assert "987654321" in _tokens(_brief_text(h, lang)) - _allowed(results, content, lang)


def test_not_modelled_list_types_no_number(content, results, html):
    """The list of what is not modelled names its numbers by placeholder (results rows ``not_modelled.*``): no
    digit is typed into its text but in a legal instrument's name ('PP 50/2025') and the band's name ('80%'), and
    the brief shows the rows' values ('20%–95%', 'Rp8.400') in both languages."""
    names = re.compile("|".join(re.escape(x) for x in content.legal["instrument"].str.split("; ").explode()))
    for item in not_modelled_raw():
        for lang, keys in TEXT_KEYS.items():
            for k in keys:
                typed = re.sub(r"\{[^{}]*\}|\b80%", " ", names.sub(" ", item[k]))  # '80%': the band's name
                assert not re.search(r"\d", typed), (k, item[k])
    for lang in ("id", "en"):
        text = _brief_text(html[lang], lang)
        for name in ("compliance_prior_low", "compliance_prior_high", "self_pay_p10", "self_pay_p90",
                     "bpu_premium_after"):
            assert fmt(results, f"not_modelled.{name}", lang, 0 if name != "bpu_premium_after" else None) in text
    assert "Rp8.400" in html["id"] and "Rp8,400" in html["en"]  # 50% off Rp16,800 (parameter bpu_discount_2026)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_number_typed_into_the_not_modelled_list_is_caught(html, results, content, lang):
    """The check that missed '20–95%' and 'Rp8.400' typed into the list (it allowed the list's own numbers)."""
    typed = {"id": "7.913", "en": "7,913"}[lang]
    h = html[lang].replace("<li><b>", f"<li><b>Rp{typed} ", 1)
    assert typed in _tokens(_brief_text(h, lang)) - _allowed(results, content, lang)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_backtest_range_in_the_lampiran(content, results, html, lang):
    """Issue 21: beside the backtest table the Lampiran gives the chosen forecast's Sumsel and pooled 80% coverage
    as 'x of n inside' with the range a calibrated band gives 9 times in 10 (``trends.coverage_reference``)."""
    R = results.set_index("id")
    for s in ("sumsel", "all"):
        assert 0 <= R.loc[f"backtest_range.{s}.low", "value"] <= R.loc[f"backtest_range.{s}.high", "value"] <= 1
        assert R.loc[f"backtest_range.{s}.inside", "value"] <= R.loc[f"backtest_range.{s}.n", "value"]
    bt = content.backtest.set_index("model").loc["chosen"]
    assert R.loc["backtest_range.sumsel.n", "value"] == bt["n_province"] and R.loc["backtest_range.all.n", "value"] == bt["n_all"]
    assert R.loc["backtest_range.all.coverage", "value"] == pytest.approx(bt["coverage80_all"])
    para = html_lib.unescape(re.search(r'<p class="note" id="backtest-range">(.*?)</p>', html[lang], re.S).group(1))
    for s in ("sumsel", "all"):
        inside, n = fmt(results, f"backtest_range.{s}.inside", lang), fmt(results, f"backtest_range.{s}.n", lang)
        assert f"{inside} {'dari' if lang == 'id' else 'of'} {n}" in para
        assert f"{fmt(results, f'backtest_range.{s}.low', lang, 0)}–{fmt(results, f'backtest_range.{s}.high', lang, 0)}" in para
    from sumsel_analysis.report.results import conclusions
    assert fmt(results, "backtest_range.all.low", lang, 0) in conclusions(results, "03", lang)


def test_lampiran_tables_are_results_rows(content, results):
    ids = set(results["id"])
    for r in content.loo.itertuples():
        assert {f"loo.{r.episode_id}.observed", f"loo.{r.episode_id}.predicted"} <= ids
        row = results.set_index("id").loc[f"loo.{r.episode_id}.predicted"]
        assert (row["value"], row["lo80"], row["hi80"]) == (r.predicted_median, r.predicted_lo80, r.predicted_hi80)
    assert {f"assumption.{n}.{k}" for n in content.assumptions["name"] for k in ("low", "central", "high")} <= ids
    assert {f"backtest.{m}.crps_all" for m in content.backtest["model"]} <= ids
    # read back as a table: the values the content holds
    back = table_from_results(results, "backtest")
    assert back.loc["chosen", "crps_all"] == content.backtest.set_index("model").loc["chosen", "crps_all"]


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
    # the APBD amendment step rests on the rule in force (PP 12/2019 art. 179), not the repealed UU 25/1999
    assert steps.loc["apbd_p", "row"] == "PP_12_2019_APBD_P" and steps.loc["apbd_p", "date"] == pd.Timestamp("2027-09-30")
    row = legal.set_index("instrument_id").loc["PP_12_2019_APBD_P"]
    assert "PP 12/2019 art. 179" in row["instrument"] and row["url"].startswith("https://") and row["published_date"]
    assert not legal["instrument"].str.contains("25/1999").any() and row["verification"] == "secondary_sources"
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


@pytest.mark.parametrize("lang", ["id", "en"])
def test_bounds_marked_in_brief_and_workbook(content, results, html, lang, tmp_path):
    """PALI's coverage is a ceiling ('below 1 percent'): the brief prints '< 1%', its gap and subsidy '≥ …' (lower
    bounds), from the results table's bound field; the workbook shows the same marks on its number cells."""
    import openpyxl

    from sumsel_analysis.report.workbook import write_workbook

    R = results.set_index("id")
    assert R.loc["kabkota.1612.coverage", "bound"] == "upper"
    assert R.loc["kabkota.1612.gap", "bound"] == R.loc["kabkota.1612.subsidy", "bound"] == "lower"
    assert R.loc["kabkota_gap_sum", "bound"] == "lower"  # a sum with one floor in it is a floor
    assert (R.loc[[i for i in R.index if i.startswith("kabkota.1606.")], "bound"] == "").all()  # exact reading
    row = html_lib.unescape(re.search(r"<tr>(?:(?!</tr>).)*Penukal Abab Lematang Ilir(?:(?!</tr>).)*</tr>",
                                      html[lang], re.S).group(0))
    cells = [html_lib.unescape(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row)]
    assert cells[2] == "< 1%"
    assert cells[6] == fmt(results, "kabkota.1612.gap", lang) and cells[6].startswith("≥ ")
    assert cells[7] == fmt(results, "kabkota.1612.subsidy", lang) and cells[7].startswith("≥ ")
    musi = re.search(r"<tr>(?:(?!</tr>).)*Musi Banyuasin(?:(?!</tr>).)*</tr>", html[lang], re.S).group(0)
    assert "≥" not in html_lib.unescape(musi) and "&lt;" not in musi
    wb = openpyxl.load_workbook(write_workbook(content, appendix_for(content), tmp_path / "wb.xlsx", lang, results))
    ws = wb[catalogue()["wb.sheet.kabkota_rank"][lang][:31]]
    head = [c.value for c in ws[1]]
    pali = next(r_ for r_ in ws.iter_rows(min_row=2) if r_[head.index(t_col(lang, "bps_code"))].value == "1612")
    rank = {head[i]: c.number_format for i, c in enumerate(pali)}
    assert rank[t_col(lang, "coverage_pct")].startswith('"< "')
    assert rank[t_col(lang, "gap_persons")].startswith('"≥ "')
    assert rank[t_col(lang, "subsidy_to_close_rupiah_per_year")].startswith('"≥ "')


def t_col(lang: str, col: str) -> str:
    return catalogue()[f"wb.col.{col}"][lang]


def test_workbook_lampiran_sheets_read_the_results_rows(content, results):
    """One set of numbers: the workbook's Lampiran sheets take their numbers from the results rows (a changed
    row shows in the sheet), and equal the content's tables they were made from."""
    app = appendix_for(content)
    changed = results.copy()
    for id_, v in (("loo.E01.observed", 123456.0), ("backtest.chosen.crps_all", 9.75),
                   ("assumption.mandate_compliance.high", 0.999)):
        changed.loc[changed["id"] == id_, "value"] = v
    sh = sheets(content, app, "en", changed)
    assert sh["loo"].set_index("episode_id").loc["E01", "observed"] == 123456.0
    assert sh["backtest"].set_index("model").loc["chosen", "crps_all"] == 9.75
    assert sh["assumptions"].set_index("code").loc["mandate_compliance", "value_high"] == 0.999
    same = sheets(content, app, "en", results)
    pd.testing.assert_frame_equal(same["backtest"], content.backtest)
    pd.testing.assert_series_equal(same["loo"]["predicted_lo80"], content.loo["predicted_lo80"])
    pd.testing.assert_frame_equal(same["provinces"], content.provinces)


def test_sources_grouped_one_row_per_assumption_group_with_links(content, html):
    from sumsel_analysis.report.render import group_of, source_groups

    app = appendix_for(content)
    groups = source_groups(app, loaders.load_sources(), "en")
    rules = pd.read_csv(ROOT / "sumsel_analysis" / "report" / "source_groups.csv", dtype=str)
    order = rules.sort_values("position", key=lambda x: x.astype(int), kind="stable")["group"]
    assert [g["name"] for g in groups] == [catalogue()[f"report.srcgroup.{k}"]["en"] for k in dict.fromkeys(order)
                                           if any(group_of(r, rules) == k for r in app.to_dict("records"))]
    assert len(groups) >= 10
    # the headline figure's source is in the headline group, its title a link
    head = groups[0]
    assert head["name"] == "Headline Sumsel coverage" and all(s["url"].startswith("http") for s in head["sources"][:5])
    table = html["en"][html["en"].index('<table id="sources">'):]
    assert table.count("<tr>") == len(groups) + 1 and table.count('<a href="http') >= 50
    # every row of the appendix has a group; one that has none is an error naming it
    with pytest.raises(ValueError, match="no group for parameters row 'x'"):
        group_of({"table": "parameters", "id": "x"}, rules[rules["table"] != "parameters"])


def test_recommendation_follows_the_grades_and_the_reachable_mixes(content, results):
    """A lever of the recommended package graded D or C is recommended only as a counted pilot (CSR: its own
    sentence, for each grade); the least-cost mix sentence is there whether one or both mixes are reachable."""
    from sumsel_analysis.i18n import t
    from sumsel_analysis.report.summary import recommendation

    grades = content.grades.set_index("lever")["grade"]
    main = content.scenarios[-1][0]
    for lang in ("id", "en"):
        text = " ".join(recommendation(content, results, lang))
        for lever in main.levers:
            for grade, key in (("D", "report.reco.no_evidence"), ("C", "report.reco.thin_evidence")):
                sentence = t(key + (".csr" if lever == "csr" else ""), lang, lever=t(f"policy.lever.{lever}", lang))
                assert (sentence in text) == (grades.get(lever, "D") == grade), (lever, grade, lang)
        assert "csr" not in main.levers or grades.get("csr") not in ("C", "D") or "BPJS" in text  # asks for the count
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
