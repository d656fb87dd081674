"""Bilingual briefs: key numbers match the library, Indonesian formats, no external references, escaping,
sources cover every figure, deterministic output, and an Excel workbook with a sheet per table."""

import html as html_lib
import re
from pathlib import Path

import openpyxl
import pytest

from sumsel_analysis.coverage import metrics
from sumsel_analysis.data import loaders, quality
from sumsel_analysis.report import appendix_for, build_content, build_reports, external_references, render_html
from sumsel_analysis.report.content import figures

ROOT = Path(__file__).resolve().parents[1]
SCEN = [ROOT / "scenarios" / "mandate_renewal_only.yaml", ROOT / "scenarios" / "combined_mandate_subsidy_csr.yaml"]
ISSUED = "2026-12-03"  # tests pin the issue date


@pytest.fixture(scope="module")
def content():
    return build_content(SCEN, n_draws=100, issued=ISSUED)


@pytest.fixture(scope="module")
def html(content):
    app = appendix_for(content)
    return {lang: render_html(content, figures(content, lang), app, lang) for lang in ("id", "en")}


def _key(html: str, name: str) -> str:
    return re.search(rf'data-key="{name}">([^<]+)<', html).group(1)


def test_key_numbers_match_metrics(content, html, raw_dir):
    cov = quality.flag_coverage(loaders.load_coverage(raw_dir), loaders.load_quality_annotations(raw_dir))
    k = metrics.key_numbers(cov, quality.flag_labour(loaders.load_labour(raw_dir)), loaders.load_parameters(raw_dir))
    assert content.key["protected_persons"] == k["protected_persons"] == 1_035_000
    assert _key(html["id"], "protected_persons") == "1.035.000"
    assert _key(html["en"], "protected_persons") == "1,035,000"
    assert _key(html["id"], "coverage_pct") == "32,82%" and _key(html["en"], "coverage_pct") == "32.82%"
    assert _key(html["id"], "gap_persons") == "573.540"
    # the required pace runs from the issue date, not from the data date
    need = k["gap_persons"] / metrics.months_between(ISSUED, "2029-12-31")
    assert _key(html["en"], "required_pace") == f"{need:,.0f}"
    assert _key(html["en"], "achieved_pace") == f"{k['achieved_pace_persons_per_month']:,.0f}"
    # the same 'without policy' chance as the scenario table (baseline draws the policy effect is paired with)
    assert _key(html["en"], "prob_reach") == f"{100 * content.scenario_table.iloc[-1]['prob_without']:.0f}%"


def test_indonesian_conventions(html):
    h = html["id"]
    assert "Desember 2025" in h and "miliar" in h and "Rp" in h
    assert re.search(r"\d{1,3}(\.\d{3})+", h)  # 1.035.000 style
    assert 'lang="id"' in h and "Angka kunci" in h
    assert "Key numbers" in html["en"] and "December 2025" in html["en"]


def test_no_external_references(html):
    for h in html.values():
        assert external_references(h) == []
        assert h.count("data:image/svg+xml;base64,") >= 7 and "data:image/png" not in h  # vector charts
        assert h.count("<figcaption>") >= 6  # source lines are text under the charts, not pixels


def test_sources_appendix_covers_every_figure_shown(content, html):
    app = appendix_for(content)
    listed = set(app["id"])
    assert content.obs_ids <= listed
    shown = set(re.findall(r"\b[CL]\d{4}\b", html["en"]))
    assert shown <= listed, shown - listed
    assert {"C0263", "C0265", "C0266", "sumsel_worker_potential"} <= listed
    assert app.loc[app["id"] == "C0263", "publisher"].item().startswith("Berita Suara Rakyat")


def test_user_text_is_escaped(tmp_path, content):
    bad = tmp_path / "evil.yaml"
    bad.write_text('name: "<script>alert(1)</script> & co"\ndescription: "<img src=x onerror=alert(2)>"\n'
                   "levers:\n  csr: {start: 2026-07, workers: 100}\n")
    c = build_content([bad], n_draws=20, issued=ISSUED)
    h = render_html(c, figures(c, "en"), appendix_for(c), "en")
    assert "<script>" not in h and "&lt;script&gt;" in h
    assert "<img src=x" not in h and "&lt;img src=x" in h
    assert external_references(h) == []


def test_build_reports_deterministic_and_complete(tmp_path):
    a = build_reports(SCEN[1:], ["id", "en"], tmp_path / "a", n_draws=50, issued=ISSUED)
    b = build_reports(SCEN[1:], ["id", "en"], tmp_path / "b", n_draws=50, issued=ISSUED)
    assert [p.name for p in a] == ["brief_id.html", "brief_id.pdf", "brief_en.html", "brief_en.pdf",
                                   "sumsel_coverage_tables_id.xlsx", "sumsel_coverage_tables_en.xlsx"]
    for pa, pb in zip(a, b):
        assert pa.read_bytes() == pb.read_bytes(), pa.name
    wb = openpyxl.load_workbook(a[-1])
    assert wb.sheetnames[0] == "README"
    for sheet in ("Key numbers", "Costs per year", "Scenarios", "Kab-kota ranking", "Other provinces", "Legal basis",
                  "Industry (estimated)", "Projection", "Assumptions", "Sources", "Dec 2025 claim check"):
        assert sheet in wb.sheetnames
    rows = list(wb["Scenarios"].iter_rows(values_only=True))
    assert "Workers added by the policy (median)" in rows[0] and len(rows) >= 2
    ws = wb["Costs per year"]
    assert ws.freeze_panes == "A2" and ws.cell(2, 5).number_format == "#,##0"  # premium ceiling (rupiah)
    assert ws.column_dimensions["E"].width >= 12
    wid = openpyxl.load_workbook(a[-2])
    assert wid.sheetnames[0] == "Baca saya" and "Biaya per tahun" in wid.sheetnames
    header = [c.value for c in next(wid["Skenario"].iter_rows(max_row=1))]
    assert "Tambahan pekerja karena kebijakan (median)" in header and "Peluang tanpa kebijakan" in header
    readme = [r for r in wid["Baca saya"].iter_rows(values_only=True)]
    assert any("Data per" in str(v) for r in readme for v in r)
    english = {"the", "of", "and", "workers", "coverage", "scenario", "subsidy", "added", "cost"}
    for ws in wid.worksheets:  # Indonesian headers throughout the Indonesian workbook
        words = {w.lower() for c in next(ws.iter_rows(max_row=1)) for w in re.findall(r"[A-Za-z]+", str(c.value))}
        assert not words & english, (ws.title, words & english)


def test_unknown_language_rejected(tmp_path):
    with pytest.raises(ValueError, match="unknown language"):
        build_reports(SCEN, ["fr"], tmp_path)


ENGLISH = {"the", "and", "of", "with", "for", "not", "from", "is", "are", "this", "that", "workers", "coverage",
           "scenario", "subsidy", "by", "to", "at", "on", "in", "or", "no", "as", "be", "it", "will", "only",
           "year", "month", "cost", "budget", "added", "reached", "chance", "policy", "source",
           "mandate", "licensing", "employer", "premium", "province", "district", "gap", "pace", "figure", "base"}


def _body_before_appendix(html: str) -> str:
    text = re.sub(r"(?s)<(script|style).*?</\1>", " ", html)
    text = re.sub(r"<[^>]+>", " ", text)
    cut = re.search(r"\bLampiran\b", text)
    assert cut, "the Indonesian brief has no 'Lampiran' heading"
    return text[: cut.start()]


def test_indonesian_brief_has_no_program_output_or_english_before_the_appendix(html):
    body = _body_before_appendix(html["id"])
    words = re.findall(r"[A-Za-z][A-Za-z+\-]*", body)
    assert "nan" not in {w.lower() for w in words}
    assert not re.search(r"e\+0|e-0\d", body)
    assert not re.search(r"\b\d{4}-\d{2}(-\d{2})?\b", body), re.findall(r"\b\d{4}-\d{2}(?:-\d{2})?\b", body)[:5]
    leaked = sorted({w for w in words if w.lower() in ENGLISH and not w.isupper()})  # acronyms (CC BY) aside
    assert leaked == [], leaked
    assert "Ringkasan eksekutif" in body and "Rekomendasi" in body
    for owner in ("Gubernur", "Disnakertrans", "Bappeda", "BPKAD", "DPRD"):
        assert owner in body, owner  # acronyms spelled out at first use: 'Badan Perencanaan … (Bappeda) / …'
    assert "Badan Perencanaan Pembangunan Daerah (Bappeda)" in body


# the project's remarks beside quoted names and the English of generated notes ('citing', 'Derived', 'user-supplied
# target', 'joint approval of …'), which the Lampiran and its sources list showed in the Indonesian brief
REMARKS = {"citing", "quoting", "copy", "derived", "via", "reprinting", "republishing", "relay", "officials", "schedule",
           "working", "paper", "abstract", "office", "local", "supplied", "user", "joint", "approval", "agreed",
           "between", "chosen", "forecast", "posterior", "release", "list", "counts", "ratios", "flow", "businesses",
           "text", "million", "national", "regency", "manpower", "art", "set", "ties", "proof", "licences"}
PROGRAM = [re.compile(p) for p in (
    r"\b(?:nan|NaN|NaT|None|inf)\b",        # missing values and infinities as a program prints them
    r"\b\d{4}-\d{2}(?:-\d{2})?\b",           # ISO dates and months
    r"\d[eE][+-]?\d",                      # e-notation
    r"\d\.\d{4,}|\d,\d{4,}",                # raw floats: 4+ digits after a separator ('0.8783', '1.438283')
    r"(?<![\d.])\d+\.\d{1,2}(?![\d./])",     # a decimal point in Indonesian ('0.87'; instrument numbers '842.2/' aside)
)]
PROPER_NAMES = ("The Reform Initiative",)  # names as printed that contain an English word


def reader_text(html: str) -> str:
    """All the brief's visible text but quoted source titles (``<cite>``), the map's attribution (dataset names
    and licence) and URLs: what the brief itself says, body, Lampiran and the sources list alike."""
    from sumsel_analysis.i18n import t

    lang = re.search(r'<html lang="(\w+)"', html).group(1)
    text = re.sub(r"(?is)<(head|style|script|cite)\b.*?</\1>", " ", html)
    text = html_lib.unescape(re.sub(r"<[^>]+>", " ", text)).replace(t("attribution.boundaries", lang), " ")
    for name in PROPER_NAMES:
        text = text.replace(name, " ")
    return re.sub(r"\S*(?:://|www\.)\S*", " ", text)


def english_words(text: str) -> list[str]:
    """English words and remarks in ``text`` (acronyms and domain names such as 'Warta.in' aside)."""
    words = re.findall(r"(?<![.\w])[A-Za-z][A-Za-z+\-]*", text)
    return sorted({w for w in words if {w.lower(), *w.lower().split("-")} & (ENGLISH | REMARKS) and not w.isupper()})


def program_output(text: str) -> list[str]:
    return [m.group(0) for p in PROGRAM for m in p.finditer(text)]


def test_indonesian_brief_lampiran_and_sources_list_are_indonesian(html):
    """The whole Indonesian brief, Lampiran and sources list included (source titles aside): no English word or
    remark (the chart source lines' 'user-supplied target', publishers' '(citing …)', 'Derived', the budget
    calendar's English rule names), no program output."""
    text = reader_text(html["id"])
    assert "Lampiran" in text and "mengutip" in text and "Turunan" in text  # the remarks are there, translated
    assert english_words(text) == []
    assert program_output(text) == []
    assert "target yang ditetapkan skenario" in text and "Jadwal Kemendagri" in text
    # the budget calendar's rules by their Indonesian names (the data describes them in English)
    assert "persetujuan bersama Perda APBD" in html["id"] and "joint approval" not in html["id"]
    assert not re.search(r">[0-9a-f]{16,}<", html["id"])  # a commit hash is no title: the site's name instead
    assert len(english_words(reader_text(html["en"]))) > 20  # the check finds English where it is


def test_lampiran_check_catches_what_it_should():
    bad = ('<html lang="id"><body><p>target — user-supplied target; Kompas (citing BPS), <cite>Judul the title</cite>'
           ' 0.8783 1.438283 2025-12-04 nan 842.2/5193/SJ 32,82%</p></body></html>')
    text = reader_text(bad)
    assert english_words(text) == ["citing", "user-supplied"]
    assert sorted(program_output(text)) == ["0.8783", "1.438283", "2025-12-04", "nan"]


def test_leak_check_catches_what_it_should():
    bad = "<p>Cakupan nan 1.3e+06 pada 2025-12-04 of the workers</p><h1>Lampiran</h1>"
    body = _body_before_appendix(bad)
    assert "nan" in body.split() and re.search(r"e\+0", body) and re.search(r"\d{4}-\d{2}-\d{2}", body)
    assert {w for w in re.findall(r"[A-Za-z]+", body) if w.lower() in ENGLISH} == {"of", "the", "workers"}


def test_executive_summary_numbers_come_from_the_content(content, html):
    row = content.options[content.options["kind"] == "combined"].iloc[0]
    h = html["en"]
    assert f"{row['added_persons']:,.0f}" in h and f"{row['added_lo80']:,.0f}" in h
    assert f"{100 * content.prob_reach:.0f}%" in h
    assert content.cost_lines["year"].max() == int(content.scenarios[-1][0].target_by[:4])  # costs on the outcome's horizon
    # the calendar from the issue date 3 Dec 2026: APBD 2027 is approved, so 2027 money only via APBD-P 2027
    assert "30 September 2027" in h and "7 August 2027" in h and "30 November 2027" in h and "31 May 2027" in h
    assert "3 March 2027" in h  # a first action within three months of the issue date
    assert "Rp16,800" in h and "Lampiran" not in h and "Appendix" in h


def test_no_missing_value_leaks_anywhere_in_either_brief(html):
    for lang, h in html.items():
        text = re.sub(r"<[^>]+>", " ", re.sub(r"(?s)<(script|style).*?</\1>", " ", h))
        assert not re.findall(r"\b(?:nan|NaN|NaT|None|<NA>)\b", text), lang
        text_no_urls = re.sub(r"https?://\S+", " ", text)
        assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text_no_urls), lang  # dates are written out, appendix too


def test_indonesian_workbook_names_its_key_numbers_in_indonesian(content):
    from sumsel_analysis.report.workbook import key_numbers_sheet

    sheet = key_numbers_sheet(content, "id", appendix=appendix_for(content))
    items = sheet["item"]
    assert not items.str.fullmatch(r"[a-z_]+").any(), list(items)  # no raw program keys
    assert not items.str.contains(r"\b(?:source|probability|of)\b").any(), list(items)
    assert "Pekerja terlindungi (orang)" in set(items)
    # what each number comes from, in words: no result codes ('gap_persons; months_left'), no 'chosen forecast' or
    # 'policy.optimise', no row codes or parameter names
    basis = " ".join(sheet["basis"])
    assert not re.search(r"\b[a-z]+[_.][a-z_.]+\b|\b[A-Z]\d{4}\b", basis), basis
    assert english_words(basis) == [] and "proyeksi terpilih" in basis and "Sisa bulan" in basis
