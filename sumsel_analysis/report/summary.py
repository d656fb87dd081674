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
from sumsel_analysis.numbers import (format_date, format_magnitude, format_month, format_number, format_percent,
                                     format_rupiah)
from sumsel_analysis.report.content import ReportContent

_CLAIM_PATTERNS = (
    (re.compile(r"^base implied by participants ÷ percent$"), "report.claim.base_implied"),
    (re.compile(r"^percent implied by participants ÷ stated base$"), "report.claim.pct_implied"),
    (re.compile(r"^gap to (?P<target>[\d.]+)% on the (?P<base>implied|stated) base$"), "report.claim.gap_on"),
    (re.compile(r"^gap to (?P<target>[\d.]+)% on the alternative base (?P<alt>[\d,]+)$"), "report.claim.gap_alt"),
    (re.compile(r"^base that the stated gap would need at (?P<target>[\d.]+)%$"), "report.claim.base_needed"),
)
_FAMILIES = ("formal_share", "mandate_paid_employee_share", "mandate_uncovered_share", "workers_per_establishment")


def claim_label(check: str, lang: str) -> str:
    """The claims-check label (``data.claims``) in ``lang``; an unknown label is an error, never shown raw."""
    for pattern, key in _CLAIM_PATTERNS:
        m = pattern.match(check)
        if m:
            g = m.groupdict()
            values = {}
            if "target" in g:
                values["target"] = format_percent(float(g["target"]), lang, 2 if "." in g["target"].rstrip("0").rstrip(".") else 0)
            if "base" in g:
                values["base"] = t(f"report.claim.base.{g['base']}", lang)
            if "alt" in g:
                values["alt"] = format_number(float(g["alt"].replace(",", "")), lang)
            return t(key, lang, **values)
    raise KeyError(f"no translation pattern for the claims check {check!r}; add one to report/summary.py")


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


def budget_deadlines(legal: pd.DataFrame, after: pd.Timestamp) -> dict:
    """Next KUA-PPAS agreement and APBD approval deadlines after ``after`` and the budget year they fund."""
    cal = legal[legal["kind"] == "budget_calendar"].set_index("instrument_id")["deadline_month_day"]
    year = after.year
    kua = pd.Timestamp(f"{year}-{cal['PP_12_2019_KUA_PPAS']}")
    if kua <= after:
        year += 1
        kua = pd.Timestamp(f"{year}-{cal['PP_12_2019_KUA_PPAS']}")
    return {"budget_year": year + 1, "kua_ppas": kua, "apbd": pd.Timestamp(f"{year}-{cal['PP_12_2019_APBD']}")}


def _fmt(lang: str):
    return (lambda x, d=0: format_number(x, lang, d), lambda x, d=1: format_percent(x, lang, d),
            lambda x: format_rupiah(x, lang))


def executive_summary(c: ReportContent, lang: str) -> dict[str, str]:
    """Three paragraphs for page 1: where Sumsel stands, whether the target is reachable, what it costs."""
    num, pct, rp = _fmt(lang)
    main = c.scenarios[-1][0]
    row = c.scenario_table.iloc[-1]
    base_claim = c.claim_check.iloc[0]
    lo, hi = c.readings["value_pct"].min(), c.readings["value_pct"].max()
    position = t("report.exec.position", lang, month=format_month(c.key["as_of"], lang),
                 protected=num(c.key["protected_persons"]), pct=pct(c.key["coverage_pct"], 2),
                 base=format_magnitude(c.key["base_persons"], lang, 2),
                 stated_base=num(base_claim["stated"]), lo=pct(lo), hi=pct(hi), year=c.key["as_of"].year,
                 n=len(c.readings), target=pct(c.key["target_pct"], 0))
    target = pct(main.target_pct, 0)
    by = format_month(pd.Timestamp(main.target_by + "-01"), lang)
    ttt = row["ttt_month"]
    reach = t("report.exec.reach_no", lang, target=target, by=by, best=pct(c.reach.get("best_reachable_pct")),
              ) if not c.reach.get("feasible", False) else t(
        "report.exec.reach_yes", lang, target=target, by=by, cost=rp(c.reach["regional_budget_rupiah"]))
    effect = t("report.exec.effect", lang, name=scenario_title(row, lang), added=num(row["added_persons"]),
               lo=num(row["added_lo80"]), hi=num(row["added_hi80"]), by=by, target=target,
               p0=pct(100 * row["prob_without"], 0), p1=pct(100 * row["prob_reach"], 0),
               when=format_month(ttt, lang) if ttt is not None else t("report.not_reached", lang,
                                                                       horizon=format_month(pd.Timestamp(main.horizon + "-01"), lang)))
    spend = c.cost_per_year[c.cost_per_year["apbd_rupiah"].gt(0).cummax()]  # from the first year with a cost
    years = "; ".join(f"{r.year}: {rp(r.apbd_rupiah)}" for r in spend.itertuples())
    u = c.unit_costs
    cost = t("report.exec.cost", lang, years=years, unit=rp(u["premium_per_worker_year_rupiah"]),
             per_added=rp(u["apbd_per_added_worker_rupiah"]), employer=rp(u["employer_contribution_to_target_date_rupiah"]),
             csr=rp(u["csr_to_target_date_rupiah"]), by=by)
    return {"position": position, "reach": reach + " " + effect, "cost": cost}


def recommendations(c: ReportContent, lang: str) -> list[dict[str, str]]:
    """3–5 actions, each with an owner and a date, filled from the results and the APBD calendar."""
    num, pct, rp = _fmt(lang)
    main = c.scenarios[-1][0]
    # the budget calendar of the year before the first budget-funded lever starts (its KUA-PPAS and APBD)
    starts = [pd.Timestamp(v["start"] + "-01") for k, v in main.levers.items() if k in ("subsidy", "csr")] or [
        pd.Timestamp(v["start"] + "-01") for v in main.levers.values()] or [c.key["as_of"]]
    cal = budget_deadlines(c.legal, pd.Timestamp(f"{min(starts).year - 1}-01-01"))
    by_year = c.cost_per_year.set_index("year")
    fund_year = cal["budget_year"]
    apbd_year = by_year["apbd_rupiah"].get(fund_year, float("nan"))
    out = []
    levers = main.levers
    if "subsidy" in levers:
        s = levers["subsidy"]
        out.append({"owner": t("report.owner.bappeda", lang), "date": format_date(cal["kua_ppas"], lang),
                    "action": t("report.rec.budget", lang, year=fund_year, cost=rp(apbd_year),
                                unit=rp(c.unit_costs["premium_per_worker_year_rupiah"]),
                                apbd_date=format_date(cal["apbd"], lang))})
        out.append({"owner": t("report.owner.disnakertrans", lang),
                    "date": format_month(pd.Timestamp(s["start"] + "-01"), lang),
                    "action": t("report.rec.list", lang, workers=num(s.get("workers", float("nan"))),
                                months=s.get("months", 12))})
    if "mandate" in levers:
        single = c.scenario_table[c.scenario_table["is_single_lever"] & c.scenario_table["scenario"].eq("mandate")]
        added = single["added_persons"].iloc[0] if len(single) else c.scenario_table.iloc[-1]["added_persons"]
        renewal = c.scenario_table[c.scenario_table["levers"].eq("mandate") & ~c.scenario_table["is_single_lever"]]
        out.append({"owner": t("report.owner.gubernur", lang),
                    "date": format_month(pd.Timestamp(levers["mandate"]["start"] + "-01"), lang),
                    "action": t("report.rec.pergub", lang, added=num(added), by=format_month(
                        pd.Timestamp(main.target_by + "-01"), lang),
                        renewal=num(renewal["added_persons"].iloc[0]) if len(renewal) else "–")})
    top = c.kabkota_gap[c.kabkota_gap["gap_persons"].notna()].nlargest(3, "gap_persons")
    if len(top):
        names = ", ".join(f"{r.name} ({num(r.gap_persons)}; {rp(r.subsidy_to_close_rupiah_per_year)})" for r in top.itertuples())
        out.append({"owner": t("report.owner.bupati", lang), "date": format_date(cal["apbd"], lang),
                    "action": t("report.rec.regency", lang, names=names, year=fund_year, target=pct(main.target_pct, 0))})
    n_obs = int(c.kabkota_gap["status"].eq("observed").sum())
    out.append({"owner": t("report.owner.bpjs", lang), "date": format_date(cal["kua_ppas"], lang),
                "action": t("report.rec.data", lang, n=n_obs, total=len(c.kabkota_gap))})
    return out[:5]
