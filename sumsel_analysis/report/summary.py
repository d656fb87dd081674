"""The brief's words, assembled from computed numbers: executive summary, recommendations, labels.

Every sentence is a catalogue entry (``i18n/report.yaml``) whose placeholders are filled here from
``ReportContent``; numbers and dates are formatted with the language's locale data (``numbers``).
Recommendation owners and dates follow from the results and from the APBD calendar in
``data/raw/legal_basis.csv`` (rows of kind ``budget_calendar``), not from free text.
"""

from __future__ import annotations

import re

import pandas as pd

from sumsel_analysis.i18n import catalogue, t
from sumsel_analysis.numbers import format_date, format_magnitude, format_month, format_number, format_percent
from sumsel_analysis.report.content import ReportContent

_CLAIM_PATTERNS = (
    (re.compile(r"^base implied by participants ÷ percent$"), "report.claim.base_implied"),
    (re.compile(r"^percent implied by participants ÷ stated base$"), "report.claim.pct_implied"),
    (re.compile(r"^gap to (?P<target>[\d.]+)% on the (?P<base>implied|stated) base$"), "report.claim.gap_on"),
    (re.compile(r"^gap to (?P<target>[\d.]+)% on the alternative base (?P<alt>[\d,]+)$"), "report.claim.gap_alt"),
    (re.compile(r"^base that the stated gap would need at (?P<target>[\d.]+)%$"), "report.claim.base_needed"),
)
_FAMILIES = ("formal_share", "mandate_paid_employee_share", "mandate_uncovered_share", "workers_per_establishment")


def _claim_match(check: str) -> tuple[str, dict]:
    for pattern, key in _CLAIM_PATTERNS:
        m = pattern.match(check)
        if m:
            return key, m.groupdict()
    raise KeyError(f"no translation pattern for the claims check {check!r}; add one to report/summary.py")


def claim_numbers(check: str) -> dict:
    """The numbers a claims-check label names: ``target_pct`` (percent) and ``alt_base`` (persons), NaN if none."""
    g = _claim_match(check)[1]
    return {"target_pct": float(g["target"]) if "target" in g else float("nan"),
            "alt_base": float(g["alt"].replace(",", "")) if "alt" in g else float("nan")}


def claim_label(check: str, lang: str, target: str | None = None, alt: str | None = None) -> str:
    """The claims-check label (``data.claims``) in ``lang``; an unknown label is an error, never shown raw.
    ``target`` / ``alt``: the label's numbers as already formatted (from the results table) when given."""
    key, g = _claim_match(check)
    values = {}
    if "target" in g:
        values["target"] = target or format_percent(float(g["target"]), lang, _target_digits(g["target"]))
    if "base" in g:
        values["base"] = t(f"report.claim.base.{g['base']}", lang)
    if "alt" in g:
        values["alt"] = alt or format_number(float(g["alt"].replace(",", "")), lang)
    return t(key, lang, **values)


def _target_digits(text: str) -> int:
    """Decimals a claim's target percent is printed with: 0 for '51.0', 2 for '49.46'."""
    return 2 if "." in text.rstrip("0").rstrip(".") else 0


def claim_target_digits(check: str) -> int:
    """Decimals of the target percent in a claims-check label (0 when it names none)."""
    g = _claim_match(check)[1]
    return _target_digits(g["target"]) if "target" in g else 0


def param_label(name: str, lang: str) -> str:
    """A parameter's name in ``lang``: its own catalogue key, or its family's template (industry, firm size)."""
    if f"param.{name}" in catalogue():
        return t(f"param.{name}", lang)
    for fam in _FAMILIES:
        if name.startswith(fam + "_"):
            rest = name[len(fam) + 1:]
            if fam == "formal_share":
                return t("param.family.formal_share", lang, industry=t(f"industry.{rest}", lang))
            return t(f"param.family.{fam}", lang, size=t(f"size.{rest}", lang))
    m = re.match(r"^establishments_(micro|small|medium|large)_sumsel$", name)
    if m:
        return t("param.family.establishments", lang, size=t(f"size.{m.group(1)}", lang))
    raise KeyError(f"no label for parameter {name!r}; add param.{name} to i18n/parameters.yaml")


def scenario_title(row, lang: str) -> str:
    """A scenario-table row's name: single levers by their catalogue name, files by name_id/name."""
    if row.is_single_lever:
        return f"{t('policy.lever.' + row.scenario, lang)} {t('report.single_lever', lang)}"
    return row.name_id if lang == "id" and row.name_id else row.scenario


def scenario_text(row, lang: str) -> str:
    return row.description_id if lang == "id" and row.description_id else row.description


# ---- issue 20: texts formatted from the results layer (report.results) ---------------------------------------

def option_title(row, lang: str) -> str:
    """An options-table row's name: levers by their catalogue names, least-cost mixes by target, files by name."""
    if row.kind == "least_cost":
        return t("report.option.least_cost", lang, target=format_percent(row.target_pct, lang, 0))
    if row.kind in ("single", "pair"):
        names = " + ".join(t("policy.lever." + k, lang) for k in row.levers.split(", "))
        return t("report.option.single", lang, name=names) if row.kind == "single" else names
    return row.name_id if lang == "id" and row.name_id else row.scenario


def inline(title: str) -> str:
    """A title inside a sentence: its capital dropped ('Mandat perizinan saja' → 'mandat perizinan saja'), an
    acronym's kept ('CSR pemberi kerja saja')."""
    return title[:1].lower() + title[1:] if len(title) > 1 and title[1].islower() else title


def cover(c: ReportContent, R: pd.DataFrame, lang: str) -> dict[str, str]:
    """The cover lines: issue date; latest Sumsel figure with its date and publisher; sources searched until."""
    from sumsel_analysis.report.results import fmt

    pub = c.latest["published"]
    return {"issued": t("report.cover.issued", lang, date=fmt(R, "issue_date", lang, 1)),
            "latest": t("report.cover.latest", lang, protected=fmt(R, "protected_persons", lang),
                        period=fmt(R, "latest_period", lang, 1), publisher=c.latest["publisher"],
                        published=format_date(pub, lang) if pd.notna(pub) else "–"),
            "searched": t("report.cover.searched", lang, date=fmt(R, "sources_until", lang, 1))}


def executive_summary(c: ReportContent, R: pd.DataFrame, lang: str) -> dict[str, str]:
    """Page-1 paragraphs from the results table: position, reachability on the one no-policy path."""
    from sumsel_analysis.report.results import fmt

    main = c.scenarios[-1][0]
    position = t("report.exec.position", lang, month=fmt(R, "latest_period", lang),
                 protected=fmt(R, "protected_persons", lang), pct=fmt(R, "coverage_pct", lang, 2),
                 base=format_magnitude(c.key["base_persons"], lang, 2), stated_base=fmt(R, "stated_base", lang),
                 lo=fmt(R, "readings_lo", lang), hi=fmt(R, "readings_hi", lang), year=c.key["as_of"].year,
                 n=fmt(R, "readings_n", lang), target=format_percent(main.target_pct, lang, 0))
    vals = dict(by=fmt(R, "target_date", lang), base=fmt(R, "no_policy_pct", lang),
                lo=fmt(R, "no_policy_pct", lang, part="lo80"), hi=fmt(R, "no_policy_pct", lang, part="hi80"),
                target=fmt(R, "target_pct", lang, 0), p0=fmt(R, "prob_no_policy", lang))
    reach = (t("report.exec.reach2_yes", lang, **vals) if c.reach.get("feasible") else
             t("report.exec.reach2", lang, best=fmt(R, "best_reachable_pct", lang), **vals))
    return {"position": position, "reach": reach}


# evidence grades whose lever the recommendation names as a pilot to be measured, and their sentence
PILOT_KEYS = {"D": "report.reco.no_evidence", "C": "report.reco.thin_evidence"}


def recommendation(c: ReportContent, R: pd.DataFrame, lang: str) -> list[str]:
    """The recommendation argued from the options table: cost per added worker, least-cost mixes, interim target."""
    from sumsel_analysis.report.results import fmt

    opts = c.options
    singles = opts[(opts["kind"] == "single") & opts["added_persons"].gt(0) & opts["apbd_rupiah"].gt(0)]
    out = []
    if len(singles) >= 2:
        cheap, dear = singles.nsmallest(1, "apbd_per_added_rupiah").iloc[0], singles.nlargest(1, "apbd_per_added_rupiah").iloc[0]
        out.append(t("report.reco.cheapest", lang, cheap=inline(option_title(cheap, lang)),
                     cheap_cost=fmt(R, f"option.{cheap.key}.per_added", lang), cheap_added=fmt(R, f"option.{cheap.key}.added", lang),
                     cheap_grade=cheap.grades, dear=inline(option_title(dear, lang)),
                     dear_cost=fmt(R, f"option.{dear.key}.per_added", lang), dear_added=fmt(R, f"option.{dear.key}.added", lang),
                     dear_grade=dear.grades))
    mixes = opts[opts["kind"] == "least_cost"].sort_values("target_pct")
    if len(mixes) >= 1:  # one mix: the higher least-cost target is out of reach by the target date
        m1, m2 = mixes.iloc[0], mixes.iloc[-1]

        def what(m):
            return t("report.option.subsidy_workers", lang, workers=fmt(R, f"option.{m.key}.subsidy_workers", lang))
        out.append(t("report.reco.mix" if len(mixes) >= 2 else "report.reco.mix_one", lang,
                     t1=format_percent(m1.target_pct, lang, 0), t2=format_percent(m2.target_pct, lang, 0),
                     by=fmt(R, "target_date", lang), c1=fmt(R, f"option.{m1.key}.apbd", lang), w1=what(m1),
                     c2=fmt(R, f"option.{m2.key}.apbd", lang), w2=what(m2), target=fmt(R, "target_pct", lang, 0),
                     best=fmt(R, "best_reachable_pct", lang)))
        # the interim target: the highest least-cost mix whose chance of being reached is at least one half,
        # else the lowest one
        ok = mixes[mixes["prob_reach"] >= 0.5]
        interim = ok.iloc[-1] if len(ok) else m1
        out.append(t("report.reco.interim", lang, interim=format_percent(interim.target_pct, lang, 0),
                     by=fmt(R, "target_date", lang), year=c.calendar["open_year"],
                     p=fmt(R, f"option.{interim.key}.prob", lang)))
    grades = c.grades.set_index("lever")["grade"] if len(c.grades) else pd.Series(dtype=str)
    for lever in c.scenarios[-1][0].levers:  # a lever of the recommended package with no or thin evidence: a pilot
        grade = grades.get(lever, "D")
        if grade in PILOT_KEYS:
            key = PILOT_KEYS[grade] + (".csr" if lever == "csr" else "")
            out.append(t(key, lang, lever=t(f"policy.lever.{lever}", lang)))
    return out


def calendar_actions(c: ReportContent, R: pd.DataFrame, lang: str) -> list[dict[str, str]]:
    """Dated actions from the issue date along the budget cycle, each with its owner (DPRD where it approves)."""
    from sumsel_analysis.report.results import fmt

    cal = c.calendar
    main = c.scenarios[-1][0]
    lines = c.cost_lines
    year = cal["open_year"]
    row = lines[lines["year"] == year]
    out = [{"when": cal["first_action"], "date": fmt(R, "first_action", lang, 1), "owner": t("report.owner.gubernur", lang),
            "action": t("report.cal.first", lang, year=year)}]
    owners = {"rkpd": "report.owner.bappeda", "kua_ppas": "report.owner.tapd_dprd", "apbd": "report.owner.dprd",
              "apbd_p": "report.owner.tapd_dprd"}
    for s in cal["steps"].itertuples():
        kw = {"year": s.budget_year}
        if s.step == "kua_ppas":
            r = row.iloc[0] if len(row) else None
            kw.update(pagu=fmt(R, f"cost.{year}.premium_pagu", lang) if r is not None else "–",
                      workers=fmt(R, f"cost.{year}.listed_workers", lang) if r is not None else "–",
                      months=fmt(R, f"cost.{year}.premium_months", lang) if r is not None else "–",
                      unit=fmt(R, "premium_unit", lang),
                      admin=fmt(R, f"cost.{year}.admin", lang) if r is not None else "–")
        out.append({"when": s.date, "date": fmt(R, f"calendar.{s.step}.{s.budget_year}", lang, 1), "owner": t(owners[s.step], lang),
                    "action": t(f"report.cal.{s.step}", lang, **kw)})
    if "mandate" in main.levers:
        start = max(pd.Timestamp(main.levers["mandate"]["start"] + "-01"), cal["earliest_money"])
        out.append({"when": start, "date": format_month(start, lang), "owner": t("report.owner.gubernur", lang),
                    "action": t("report.cal.pergub", lang)})
    return sorted(out, key=lambda r: r["when"])


def calendar_text(c: ReportContent, lang: str) -> str:
    cal = c.calendar
    if cal["approved_year"] is not None and cal["route"] == "apbd_p":
        return t("report.sec.calendar.text", lang, approved=cal["approved_year"], open=cal["open_year"],
                 earliest=format_month(cal["earliest_money"], lang))
    return t("report.sec.calendar.text_open", lang, open=cal["open_year"], earliest=format_month(cal["earliest_money"], lang))


def conflicts_text(c: ReportContent, lang: str) -> str:
    """One sentence naming the scenario levers that spend APBD money before the calendar allows ('' if none)."""
    if c.conflicts is None or not len(c.conflicts):
        return ""
    titles = {s.name: s.title(lang) for s, _ in c.scenarios}
    items = "; ".join(f"{titles.get(r.scenario, r.scenario)}: {t('policy.lever.' + r.lever, lang)} {format_month(r.start, lang)} "
                      f"→ {format_month(r.earliest, lang)}" for r in c.conflicts.itertuples())
    return t("report.sec.conflicts", lang, items=items)
