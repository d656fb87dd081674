"""Render a brief: self-contained HTML (Jinja2, autoescaped, SVG charts embedded) and PDF (WeasyPrint)."""

from __future__ import annotations

import base64
import os
import re
from pathlib import Path

import jinja2
import pandas as pd
from markupsafe import Markup, escape

from sumsel_analysis.data import loaders
from sumsel_analysis.i18n import catalogue, glossary, t
from sumsel_analysis.numbers import format_date, format_month, format_number
from sumsel_analysis.plotting import PRINT_WIDTH_MM
from sumsel_analysis.report import summary
from sumsel_analysis.report.prose import prose
from sumsel_analysis.report.results import build_results, fmt, not_modelled_items
from sumsel_analysis.report.content import Chart, ReportContent

_ENV = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
                          autoescape=jinja2.select_autoescape(["html", "j2"]), undefined=jinja2.StrictUndefined,
                          trim_blocks=True, lstrip_blocks=True)


def _nan(x) -> bool:
    """True for None, NaN, NaT and pd.NA (every 'missing' a table can hold)."""
    try:
        return bool(pd.isna(x))
    except (TypeError, ValueError):
        return False


_GROUPS = Path(__file__).parent / "source_groups.csv"


def group_of(item: dict, rules: pd.DataFrame) -> str:
    """The assumption group of one sources-appendix row: the first rule of ``source_groups.csv`` whose data
    file (``table``) is the row's and whose ``pattern`` matches the row's ``field`` in full."""
    for r in rules.itertuples():
        if r.table == item["table"] and re.fullmatch(r.pattern, str(item.get(r.field) or "")):
            return r.group
    raise ValueError(f"{_GROUPS.name}: no group for {item['table']} row {item['id']!r}; add a rule")


def source_groups(appendix: pd.DataFrame, sources: pd.DataFrame, lang: str) -> list[dict]:
    """The sources list, one row per assumption group (``source_groups.csv``: rules matched in file order, groups
    shown by ``position``): the group, what it
    supports, and its distinct sources (publisher, title to link, date; newest first), plus how many of its
    figures are project assumptions without a source of their own."""
    rules = pd.read_csv(_GROUPS, dtype=str)
    by_id = sources.set_index("source_id")
    items = appendix.assign(group=[group_of(r, rules) for r in appendix.to_dict("records")])
    out = []
    for g in dict.fromkeys(rules.sort_values("position", key=lambda x: x.astype(int), kind="stable")["group"]):
        part = items[items["group"] == g]
        if part.empty:
            continue
        entries = {}
        for r in part.itertuples():
            ids = [i for i in str(r.source_id or "").split(";") if i in by_id.index]
            for i in ids:
                src = by_id.loc[i]
                entries.setdefault(i, {"publisher": prose(src["publisher"], lang), "title": src["title"],
                                       "url": src["url"],
                                       "date": src["published_date"] if isinstance(src["published_date"], str) else ""})
            if not ids and (str(r.url or "").strip() or r.kind != "assumption"):  # a source without a link too
                entries.setdefault(r.url or r.id, {"publisher": prose(r.publisher, lang) if isinstance(r.publisher, str)
                                                   else "", "title": row_title(r, lang), "url": r.url, "date": r.date})
        listed = sorted(entries.values(), key=lambda e: str(e["date"] or ""), reverse=True)
        for e in listed:
            e["date"] = "" if pubdate(e["date"], lang) == "–" else pubdate(e["date"], lang)
            e["url"] = e["url"] if isinstance(e["url"], str) and e["url"].strip() else ""
            e["title"] = shown_title(e["title"], e["url"])
        n_assumed = int((part["kind"] == "assumption").sum())
        out.append({"name": t(f"report.srcgroup.{g}", lang), "supports": t(f"report.srcgroup.{g}.supports", lang),
                    "sources": listed, "assumptions": t("report.srcgroup.assumptions", lang,
                                                        n=format_number(n_assumed, lang)) if n_assumed else ""})
    return out


def shown_title(title, url: str) -> str:
    """A source's title as listed; a 'title' that is only an identifier taken from its URL (a commit or page hash
    such as '2319b292…') is replaced by the site's name ('github.com')."""
    title = "" if _nan(title) else str(title)
    if re.fullmatch(r"[0-9a-fA-F]{16,}", title.strip()) and url:
        return re.sub(r"^(?:https?://)?(?:www\.)?([^/]+).*$", r"\1", url)
    return title


def row_title(r, lang: str) -> str:
    """The title a sources-list row without a source file entry shows: a legal instrument or budget-calendar
    rule by its name in ``lang`` (``wb.legal.<id>``: the calendar rows are described, not titled, in the data),
    else the row's own title or description."""
    key = f"wb.legal.{r.id}"
    if r.table == "legal_basis" and key in catalogue():
        return t(key, lang)
    return r.title or r.what


def pubdate(x, lang: str) -> str:
    """A source's publication date as printed: day, month or year as known; '–' when unknown."""
    if _nan(x) or not str(x).strip():
        return "–"
    x = str(x).strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", x):
        return format_date(x, lang)
    if re.fullmatch(r"\d{4}-\d{2}", x):
        return format_month(x + "-01", lang)
    return x


def render_html(content: ReportContent, figures: dict[str, Chart], appendix: pd.DataFrame, lang: str,
                results: pd.DataFrame | None = None) -> str:
    """The brief as one HTML string with every chart embedded as an SVG data URI, its source line as text.
    Every number is formatted from the results table (``report.results``)."""
    main = content.scenarios[-1][0]
    results = build_results(content) if results is None else results

    def chart(name: str, css: str = "") -> Markup:
        fig = figures[name]
        src = "data:image/svg+xml;base64," + base64.b64encode(fig.svg).decode()
        cap = f"<figcaption>{escape(readable_refs(fig.note, appendix, lang))}</figcaption>" if fig.note else ""
        alt = escape(t(f"report.alt.{name}", lang))
        # a chart whose text sizes were computed for a print width is printed at that width (its labels ≥ 7 pt)
        size = (f' style="width:{PRINT_WIDTH_MM[name]:g}mm;max-width:100%;max-height:none"'
                if name in PRINT_WIDTH_MM else "")
        return Markup(f'<figure class="chart {css}" id="chart-{name}"><img alt="{alt}"{size} src="{src}">{cap}</figure>')

    R = lambda id_, digits=None, part="value": fmt(results, id_, lang, digits, part)  # noqa: E731

    def outcome(id_: str, part: str = "value") -> str:
        """An episode's observed or predicted outcome (or its 80% interval) from the results table, in its own
        unit; percentage points and ratios get their words and decimals ('6,8–12,5 poin', '1,25×')."""
        unit = results.loc[results["id"] == id_, "unit"].iloc[0]
        text = R(id_, 2 if unit == "ratio" else None, part)
        return t("report.loo.points", lang, value=text) if unit == "points" else text

    cat = catalogue()

    def optional(key: str, fallback: str) -> str:
        """A catalogue entry where one exists (a place or episode named in words), else the data's own text."""
        return t(key, lang) if key in cat else fallback

    score_cols = [c.removeprefix("score_") for c in content.scores.columns if c.startswith("score_")]
    focus = content.provinces[content.provinces["is_focus"]].iloc[0].to_dict()
    shown = content.provinces[content.provinces["is_focus"] | content.provinces["is_peer"]
                              | content.provinces["rank"].isna() | content.provinces["rank"].isin([1])]
    ctx = {
        "lang": lang, "c": content, "main": main, "chart": chart,
        "t": lambda key, **kw: t(key, lang, **kw),
        "yesno": lambda x: "–" if _nan(x) else t("report.yes" if x else "report.no", lang),
        "scen_text": lambda r: summary.scenario_text(r, lang),
        "param": lambda n: summary.param_label(n, lang), "unit": lambda u: t(f"unit.{u}", lang),
        "claim": lambda x, k: summary.claim_label(x, lang, target=R(k + ".target", summary.claim_target_digits(x)),
                                                  alt=R(k + ".alt_base")),
        "R": R,
        "cover": summary.cover(content, results, lang), "reco": summary.recommendation(content, results, lang),
        "cal_text": summary.calendar_text(content, lang), "opt_title": lambda r: summary.option_title(r, lang),
        "conflicts": summary.conflicts_text(content, lang),
        "summary": summary.executive_summary(content, results, lang),
        "recs": summary.calendar_actions(content, results, lang),
        "main_title": main.title(lang),
        "score_cols": score_cols,
        "provinces": shown, "focus": focus, "legal": content.legal[content.legal["kind"] != "budget_calendar"],
        "not_modelled": not_modelled_items(results, lang), "appendix": appendix,
        "source_groups": source_groups(appendix, loaders.load_sources(), lang),
        "outcome": outcome, "codes": lambda x: described_codes(x, appendix, lang),
        "place": lambda r: optional(f"report.loo.place.{r.episode_id}", r.region_name),
        "episode_outcome": lambda r: optional(f"report.loo.episode.{r.episode_id}",
                                              t(f"report.loo.metric.{r.outcome_metric}", lang)),
    }
    return expand_acronyms(_ENV.get_template("brief.html.j2").render(**ctx), lang)


_ROW = re.compile(r"\b[A-Z]\d{4}(?:, [A-Z]\d{4})*\b")
_PARAM = re.compile(r"\b(?:parameter|assumption) ([a-z][a-z0-9]*_[a-z0-9_]+)")


def readable_refs(note: str, appendix: pd.DataFrame, lang: str) -> str:
    """A chart's source line for a reader: row codes ('C0263') become publisher and date, parameter and
    assumption names ('parameter sumsel_worker_potential') their catalogue labels."""
    rows = appendix.drop_duplicates("id").set_index("id")

    def one(code: str) -> str:
        if code not in rows.index:
            return code
        r = rows.loc[code]
        when, who = pubdate(r["date"], lang), prose(str(r["publisher"]), lang)
        return who if when == "–" else f"{who}, {when}"

    def row(m: re.Match) -> str:  # a run of codes ('C0268, C0269') names each source once
        return "; ".join(dict.fromkeys(one(code) for code in m.group(0).split(", ")))

    return _ROW.sub(row, _PARAM.sub(lambda m: summary.param_label(m.group(1), lang), note))


def described_codes(codes: str, appendix: pd.DataFrame, lang: str) -> str:
    """Row codes ('C0060, C0061, C0141') for the Lampiran, each run of one source followed by what it is
    ('C0060, C0061 (Antara Sumsel, 15 Januari 2019); C0141 (…)'): a code is never shown without its words."""
    groups: dict[str, list[str]] = {}
    for code in re.findall(r"[A-Z]\d{4}", str(codes)):
        groups.setdefault(readable_refs(code, appendix, lang), []).append(code)
    return "; ".join(f"{', '.join(c)} ({label})" if label not in c else ", ".join(c) for label, c in groups.items())


_SKIP = re.compile(r"<(head|style|script|title)\b.*?</\1>", re.S | re.I)
_TAG = re.compile(r"(<[^>]+>)")


_BLOCK_TAG = re.compile(r"<(?:p|li|td|th|h[1-6]|div|br|caption|figcaption|dt|dd)\b", re.I)  # text after it starts anew
_SENTENCE_END = re.compile(r"[.!?]\s*$")


def _form(short: str) -> re.Pattern:
    """A short form as a whole word (not inside 'APBD-P', 'BPU', a file name or a URL)."""
    return re.compile(rf"(?<![\w\-/.]){re.escape(short)}(?![\w\-/])")


def expand_acronyms(html: str, lang: str) -> str:
    """Spell out each glossary acronym at its first use: 'APBD' → 'Anggaran Pendapatan dan Belanja Daerah (APBD)'.

    Text is read in document order; an acronym whose spelled-out name comes first is left as it is. Tags and
    their attributes, the head, styles and URLs are not touched."""
    entries = [(e[lang], [_form(f) for f in e["forms"]]) for e in glossary()["acronyms"]]
    done: set[int] = set()
    out, pos = [], 0
    for m in _SKIP.finditer(html):
        out += [_expand_text(html[pos:m.start()], entries, done), m.group(0)]
        pos = m.end()
    return "".join(out + [_expand_text(html[pos:], entries, done)])


def _expand_text(chunk: str, entries: list, done: set[int]) -> str:
    """``expand_acronyms`` on a stretch of HTML holding no skipped element; ``done`` collects the acronyms met."""
    parts = _TAG.split(chunk)
    at_start = True  # the next text starts a sentence: after a block tag or a full stop
    for i, part in enumerate(parts):
        if part.startswith("<"):
            at_start = at_start or bool(_BLOCK_TAG.match(part))
            continue
        if "://" in part:
            continue
        for k, (long, forms) in enumerate(entries):
            if k in done:
                continue
            hits = [m for m in (f.search(part) for f in forms) if m]
            first = min(hits, key=lambda m: m.start()) if hits else None
            at_long = part.lower().find(long.lower())
            if at_long >= 0 and (first is None or at_long <= first.start()):
                done.add(k)
            elif first is not None:
                before = part[:first.start()]
                # at the start of a sentence the spelled-out name starts with a capital ('Tanggung jawab …')
                starts = _SENTENCE_END.search(before) if before.strip() else at_start
                name = long[:1].upper() + long[1:] if starts else long
                if before.lower().endswith("the ") and name.startswith("the "):  # no 'the the'
                    name = name[4:]
                part = f"{before}{escape(name)} ({first.group(0)}){part[first.end():]}"
                done.add(k)
        parts[i] = part
        if part.strip():
            at_start = bool(_SENTENCE_END.search(part))
    return "".join(parts)


def write_pdf(html: str, path: Path, identifier: bytes) -> int:
    """HTML → tagged PDF with WeasyPrint (a structure tree for screen readers, headings and tables as such; the
    images' alt texts go with them); fixed identifier and dates (from the HTML meta) keep it deterministic.

    Returns the number of pages.
    """
    from weasyprint import HTML

    # fontTools stamps each embedded font subset with the current time unless SOURCE_DATE_EPOCH is set;
    # pin it (to the Unix epoch) while writing, so the same HTML always gives the same bytes.
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = "0"
    try:
        doc = HTML(string=html).render()
        doc.write_pdf(path, pdf_identifier=identifier, pdf_tags=True)
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before
    return len(doc.pages)


_REF = re.compile(r"""(?<!<a )(?:src|href|action|poster|data)\s*=\s*["']([^"']+)["']|url\(\s*["']?([^)"']+)""", re.I)


def external_references(html: str) -> list[str]:
    """Every src/href/url() that would make the browser fetch something (anything but data: URIs and #anchors)."""
    refs = [a or b for a, b in _REF.findall(html)]
    return [r for r in refs if not r.startswith(("data:", "#"))]
