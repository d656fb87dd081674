"""Indonesian a ministry would write (issue 20 item 8): the glossary's preferred terms instead of calques, every
acronym spelled out at its first use, no code names or row codes before the appendix, alt texts on every chart."""

import re
from html import unescape

import pytest

from sumsel_analysis.i18n import calques, catalogue, glossary
from sumsel_analysis.report.render import expand_acronyms

CODE = [re.compile(p) for p in (
    r"\b[A-Z]{1,2}\d{3,4}\b",                      # row codes: C0123, S0074, P012 …
    r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b",          # code names: new_nib, list_based, sumsel_analysis …
    r"\b[\w-]+\.(?:ya?ml|csv|py|json|parquet)\b",  # file names: combined_mandate_subsidy_csr.yaml …
)]


def visible_text(html: str) -> str:
    """The text a reader sees (no head, styles, scripts, tags), entities decoded, in document order."""
    html = re.sub(r"(?is)<(head|style|script)\b.*?</\1>", " ", html)
    html = re.sub(r"(?s)<[^>]+>", " ", html)
    return re.sub(r"\s+", " ", unescape(html))


def body_and_appendix(html: str) -> tuple[str, str]:
    """The brief's visible text before the appendix (id="appendix", else the first 'Lampiran'/'Appendix') and after."""
    cut = html.find('id="appendix"')
    if cut < 0:
        m = re.search(r"\b(Lampiran|Appendix)\b", visible_text(html))
        text = visible_text(html)
        return (text[:m.start()], text[m.start():]) if m else (text, "")
    cut = html.rfind("<", 0, cut)
    return visible_text(html[:cut]), visible_text(html[cut:])


def late_acronyms(text: str, lang: str) -> list[str]:
    """Acronyms whose first use in ``text`` comes before their spelled-out name (URLs ignored)."""
    text = re.sub(r"\S*(?:://|www\.)\S*", " ", text)
    late = []
    for entry in glossary()["acronyms"]:
        hits = [m.start() for f in entry["forms"]
                for m in [re.search(rf"(?<![\w\-/.]){re.escape(f)}(?![\w\-/])", text)] if m]
        if not hits:
            continue
        at_long = text.lower().find(entry[lang].lower())
        if not 0 <= at_long <= min(hits):
            late.append(entry["forms"][0])
    return late


def code_names(text: str) -> list[str]:
    """Row codes, snake_case code names and file names in ``text`` (glossary acronyms such as SE2016 excepted)."""
    forms = {f for e in glossary()["acronyms"] for f in e["forms"]}
    return sorted({m.group(0) for p in CODE for m in p.finditer(text) if m.group(0) not in forms})


def test_glossary_is_well_formed():
    g = glossary()
    ids = [e["term"] for e in g["terms"]]
    assert len(ids) == len(set(ids)) and {"policy_instrument", "per_worker_per_year", "gap_to_target", "backtest"} <= set(ids)
    forms = [f for e in g["acronyms"] for f in e["forms"]]
    assert len(forms) == len(set(forms))
    assert {"BPJS TK", "BPU", "PU", "JAKON", "PMI", "APBD", "APBD-P", "RKPD", "RPJMD", "KUA-PPAS", "OPD", "DPRD",
            "Bappeda", "Disnakertrans", "CSR", "NIK", "NIB", "OSS", "PBG", "SE2016", "Sakernas", "BPS"} <= set(forms)


def test_calques_are_found():
    assert calques("Tuas kebijakan dan biaya per pekerja-tahun") == ["tuas", "tuas kebijakan", "pekerja-tahun",
                                                                     "per pekerja-tahun"]
    assert calques("Uji balik berasal-bergulir; kesenjangan ke 51%") == ["kesenjangan ke", "kesenjangan", "uji balik",
                                                                         "berasal-bergulir"]
    assert calques("instrumen kebijakan, per pekerja per tahun, selisih menuju target, uji mundur") == []
    assert calques("placeholder {seed} is not text") == []


def test_indonesian_catalogue_has_no_calques():
    bad = {k: calques(v["id"]) for k, v in catalogue().items() if calques(v["id"])}
    assert bad == {}


def test_expand_acronyms_first_use_only():
    html = ('<html><head><title>APBD</title></head><body><h1>Biaya APBD dan APBD-P</h1>'
            '<p>APBD lagi; BPU, PU; Badan Pusat Statistik (BPS) lalu BPS</p><td>https://x.id/APBD-P</td></body></html>')
    out = expand_acronyms(html, "id")
    assert "<title>APBD</title>" in out and "https://x.id/APBD-P" in out
    assert "Biaya Anggaran Pendapatan dan Belanja Daerah (APBD) dan Perubahan Anggaran Pendapatan dan Belanja " \
           "Daerah (APBD-P)" in out
    assert "<p>APBD lagi; pekerja bukan penerima upah (BPU), pekerja penerima upah (PU); Badan Pusat Statistik " \
           "(BPS) lalu BPS</p>" in out
    assert late_acronyms(visible_text(out), "id") == [] and late_acronyms(visible_text(html), "id") == ["BPU", "PU", "APBD-P", "APBD"]


def test_expanded_name_starts_a_sentence_with_a_capital():
    """A spelled-out name that opens a sentence or a cell is capitalised; inside a sentence it keeps its case."""
    html = ("<body><p>CSR pemberi kerja: belum ada.</p><p>Daftar BPU. NIK dicek, lalu <b>PU</b> dan OSS.</p>"
            "<table><tr><td>BPS</td></tr></table></body>")
    out = expand_acronyms(html, "id")
    assert "<p>Tanggung jawab sosial perusahaan (CSR) pemberi kerja" in out
    assert "Daftar pekerja bukan penerima upah (BPU). Nomor Induk Kependudukan (NIK) dicek" in out
    assert "lalu <b>pekerja penerima upah (PU)</b> dan sistem perizinan berusaha terintegrasi secara elektronik " \
           "atau Online Single Submission (OSS)." in out
    assert "<td>Badan Pusat Statistik (BPS)</td>" in out
    en = expand_acronyms("<p>BPJS Ketenagakerjaan counts.</p><p>Ask the BPS and the BPJS TK.</p>", "en")
    assert en.startswith("<p>The Social Security Agency for Employment, Badan Penyelenggara")
    assert "Ask the <" not in en and "the the" not in en
    assert "<p>Ask the Social Security Agency for Employment, Badan Penyelenggara Jaminan Sosial Ketenagakerjaan " \
           "(BPJS TK) to count.</p>" in expand_acronyms("<p>Ask the BPJS TK to count.</p>", "en")


def test_an_option_title_inside_a_sentence_loses_its_capital_not_an_acronyms():
    from sumsel_analysis.report.summary import inline

    assert inline("Mandat perizinan saja") == "mandat perizinan saja"
    assert inline("CSR pemberi kerja saja") == "CSR pemberi kerja saja"
    assert inline("APBD") == "APBD" and inline("") == ""


def test_code_names_are_found():
    assert code_names("baris C0123 dan S0074, skenario new_nib di subsidy_only.yaml; SE2016; 1.035.000") == [
        "C0123", "S0074", "new_nib", "subsidy_only", "subsidy_only.yaml"]


@pytest.fixture(scope="module")
def briefs():
    from pathlib import Path

    from sumsel_analysis.report import appendix_for, build_content, render_html
    from sumsel_analysis.report.content import figures

    root = Path(__file__).resolve().parents[1]
    content = build_content([root / "scenarios" / "mandate_renewal_only.yaml",
                             root / "scenarios" / "combined_mandate_subsidy_csr.yaml"], n_draws=60)
    app = appendix_for(content)
    return {lang: render_html(content, figures(content, lang), app, lang) for lang in ("id", "en")}


def test_indonesian_brief_uses_the_glossary(briefs):
    body, appendix = body_and_appendix(briefs["id"])
    assert appendix.strip().startswith("Lampiran") and len(body) > 2000
    assert calques(body + " " + appendix) == []
    assert "instrumen kebijakan" in body.lower() and "selisih menuju target" in body.lower()


@pytest.mark.parametrize("lang", ["id", "en"])
def test_acronyms_spelled_out_at_first_use(briefs, lang):
    body, appendix = body_and_appendix(briefs[lang])
    assert late_acronyms(body + " " + appendix, lang) == []
    long = {"id": "Anggaran Pendapatan dan Belanja Daerah (APBD)", "en": "regional budget (APBD)"}[lang]
    assert body.count(long) == 1  # once, at the first use; later uses keep the short form
    assert re.search(r"(?<![\w(])APBD(?![\w-])", body[body.index(long) + len(long):])


@pytest.mark.parametrize("lang", ["id", "en"])
def test_no_code_names_before_the_appendix(briefs, lang):
    body, _ = body_and_appendix(briefs[lang])
    assert code_names(body) == []


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_chart_has_an_alt_text_in_the_brief_language(briefs, lang):
    alts = re.findall(r'<img alt="([^"]*)"', briefs[lang])
    assert len(alts) >= 7 and len(set(alts)) == len(alts)
    assert all(len(a) > 40 for a in alts)
    word = {"id": "Grafik", "en": "chart"}[lang]
    assert sum(word.lower() in a.lower() for a in alts) >= 6
    if lang == "id":
        assert not any(re.search(r"\b(the|and|with|chart)\b", a) for a in alts)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_row_codes_in_the_lampiran_come_with_their_words(briefs, lang):
    """Row codes appear only in the Lampiran, and there each run of codes is followed by what it is (publisher
    and date in words: 'C0060, C0061 (Antara Sumsel, …)')."""
    h = briefs[lang]
    cells = [unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<td[^>]*>(.*?)</td>", h[h.find('id="appendix"'):], re.S)]
    coded = [c for c in cells if re.search(r"\b[A-Z]\d{4}\b", c)]
    assert len(coded) > 10  # the contradictions table
    for c in coded:
        runs = re.findall(r"[A-Z]\d{4}(?:, [A-Z]\d{4})*", c)
        assert len(re.findall(r"[A-Z]\d{4}(?:, [A-Z]\d{4})* \([^)]", c)) == len(runs), c
