"""Build data/raw/episodes.csv: every documented lever episode, as data (issue #15).

Like tools/make_raw.py this documents how a raw table was made; it is NOT part of the pipeline.
Every observed value and every model input is read from a row of data/raw/parameters.csv or
data/raw/coverage_observations.csv (themselves copied from ../shared/facts by make_raw.py) and the
row ids are recorded in ``fact_rows``; the arithmetic that turns rows into inputs is written here,
once, and named in ``note``. Where sources disagree both are kept and ``conflict`` says which is used.
``noise_sd_rel`` is the judged relative noise of the observed figure (press relay of an official
statement ~0.2–0.3, regulation/administrative count ~0.1–0.15, RCT summary ~0.15–0.25) with its
reason in ``noise_reason``; the calibration uses it as the tolerance.

Usage: python tools/make_episodes.py   (then python tools/update_provenance.py)
"""

from __future__ import annotations

import csv
from pathlib import Path

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
COLUMNS = ["episode_id", "region_code", "region_name", "lever", "kind", "start", "end", "inputs",
           "outcome_metric", "observed_value", "observed_unit", "noise_sd_rel", "noise_reason",
           "use_in_calibration", "fact_rows", "source_ids", "publisher", "source_url", "published_date",
           "conflict", "note"]


def _rows(name: str, key: str) -> dict[str, dict[str, str]]:
    with open(RAW / name, newline="", encoding="utf-8") as f:
        return {r[key]: r for r in csv.DictReader(f)}


P = _rows("parameters.csv", "name")
C = _rows("coverage_observations.csv", "obs_id")


def p(name: str, which: str = "value_central") -> float:
    return float(P[name][which])


def c(obs_id: str) -> float:
    return float(C[obs_id]["value"])


def src_p(name: str) -> dict[str, str]:
    r = P[name]
    return {"source_ids": r["source_id"], "publisher": r["publisher"], "source_url": r["source_url"],
            "published_date": r["published_date"]}


def src_c(obs_id: str) -> dict[str, str]:
    r = C[obs_id]
    return {"source_ids": r["source_id"], "publisher": r["publisher"], "source_url": r["source_url"],
            "published_date": r["published_date"]}


def fmt(x: float) -> str:
    return f"{x:.6g}"


def inputs(**kw: float) -> str:
    return ";".join(f"{k}={fmt(v)}" for k, v in kw.items())


def episodes() -> list[dict[str, str]]:
    premium_year = 12 * p("apbd_premium_per_worker_month")
    okut_list = c("C0216") / premium_year
    jember_after = p("firms_registered_jember_2015")
    jember_new_2015 = 1217  # firms registered Jan-Jul 2015, printed in the same row's note (Antara Jatim)
    jember_prior_per_month = 168 / 12  # firms registered in all of 2014, same note
    reg_share = 0.30  # C0001 note: the 3,653 registered firms were "~30% of all firms" (Sumsel 2015)
    jember_before = jember_after - jember_new_2015
    out = [
        dict(episode_id="E01", region_code="1606", region_name="Musi Banyuasin", lever="subsidy", kind="growth",
             start="2025-01", end="", inputs=inputs(listed_persons=c("C0217") - c("C0193"), observed_after_months=7),
             outcome_metric="added_persons", observed_value=fmt(c("C0198") - c("C0196")), observed_unit="persons",
             noise_sd_rel="0.3", noise_reason="two press relays of BPJS statements; the rise also holds the regency's own trend, which BPJS says is the smaller part",
             use_in_calibration="1", fact_rows="coverage_observations:C0193,C0196,C0198,C0217;parameters:muba_coverage_change",
             **src_c("C0198"), conflict="",
             note="list grew from 11,000 (2024, C0193) to 45,000 (C0217): 34,000 new listed workers from the 2025 budget year (start assumed Jan 2025); outcome = active Jul 2025 (103,079) minus Dec 2024 (88,958)"),
        dict(episode_id="E02", region_code="1609", region_name="Ogan Komering Ulu Timur", lever="subsidy", kind="growth",
             start="2025-01", end="2025-12", inputs=inputs(budget_list_persons=okut_list, observed_after_months=6),
             outcome_metric="enrolled_share_of_budget_list", observed_value=fmt(c("C0214") / okut_list), observed_unit="share",
             noise_sd_rel="0.15", noise_reason="district budget and a press count of covered workers from the same article",
             use_in_calibration="1", fact_rows="coverage_observations:C0214,C0216;parameters:apbd_premium_per_worker_month",
             **src_c("C0214"), conflict="2024 first batch printed as 4,665 (Tribun, C0215) and 4,650 (Antara, C0178); episode E09 uses 4,665 (the article that also gives the 2025 figures)",
             note="budgeted list = Rp1.6 bn / (Rp16,800 x 12); outcome = 8,082 covered in Jun 2025 / budgeted list"),
        dict(episode_id="E03", region_code="6408", region_name="Kutai Timur (Kaltim)", lever="subsidy", kind="start",
             start="2025-01", end="2025-12", inputs=inputs(observed_after_months=12),
             outcome_metric="enrolled_share_of_budget_list", observed_value=fmt(p("subsidy_kutim_verified_share")), observed_unit="share",
             noise_sd_rel="0.1", noise_reason="98,000 of 150,000 are counts quoted by a local outlet, with the budget spent",
             use_in_calibration="1", fact_rows="parameters:subsidy_kutim_verified_share",
             **src_p("subsidy_kutim_verified_share"), conflict="", note="share of the budgeted target that passed verification and was registered"),
        dict(episode_id="E04", region_code="71", region_name="Sulawesi Utara", lever="subsidy", kind="stop",
             start="2024-01", end="2024-12", inputs=inputs(listed_persons=180000, base_persons=854203, funded_months=24, observed_after_months=12),
             outcome_metric="coverage_drop_pp", observed_value=fmt(100 * p("coverage_drop_when_apbd_paused_sulut")), observed_unit="percentage_points",
             noise_sd_rel="0.2", noise_reason="one news report with a misprinted percentage; the counts are consistent",
             use_in_calibration="1", fact_rows="parameters:coverage_drop_when_apbd_paused_sulut,subsidy_sulut_workers_2025",
             **src_p("coverage_drop_when_apbd_paused_sulut"),
             conflict="article prints 29.72% for 2024; its own counts (595,578 / 854,203) give 69.72%: uses 69.72% (drop ~8 pp, row value 0.08). The list was 180,000 at the end-2021 launch and 132,500 in 2025 (subsidy_sulut_workers_2025): uses 180,000 for the 2022-23 list. The further fall to 60.06% by Aug 2025 is confounded by the end of election-worker contracts and is not used",
             note="APBD premiums for informal workers not budgeted in the Pilkada year 2024 after two funded years (2022-23); outcome = coverage fall over the unfunded year; base = 854,203 workers"),
        dict(episode_id="E05", region_code="3509", region_name="Jember (Jatim)", lever="mandate", kind="licence_rule",
             start="2015-01", end="2015-07",
             inputs=inputs(prior_firms_per_month=jember_prior_per_month, unregistered_firms=jember_before * (1 - reg_share) / reg_share, observed_after_months=7),
             outcome_metric="firms_registered", observed_value=fmt(jember_new_2015), observed_unit="firms",
             noise_sd_rel="0.25", noise_reason="single uncontrolled before/after count relayed by Antara",
             use_in_calibration="1", fact_rows="parameters:licence_mandate_new_employer_flow_ratio_jember,firms_registered_jember_2015;coverage_observations:C0001",
             **src_p("firms_registered_jember_2015"),
             conflict="registered share of all firms before a rule: ~30% (Sumsel 2015, C0001) vs 24% (DIY 2018, firm_registration_share_diy_2018): uses 30%, which gives fewer unregistered firms (the DIY share would give 4,456)",
             note="Bupati instruction Dec 2014 required BPJS proof for new/renewed licences; 168 firms registered in 2014 (14/month), 1,217 in Jan-Jul 2015 (ratio 12.4); 2,624 registered firms (50,749 workers) after; unregistered employer firms before the rule = (2,624 - 1,217) x 0.7 / 0.3"),
        dict(episode_id="E06", region_code="RCT-JKN", region_name="Medan and Bandung (JKN RCT)", lever="rct", kind="rct_arm",
             start="2015-01", end="2015-12", inputs=inputs(observed_after_months=12),
             outcome_metric="enrolment_share", observed_value=fmt(p("jkn_rct_control_enrolment")), observed_unit="share",
             noise_sd_rel="0.25", noise_reason="seminar-abstract rounding ('about 8%'); health insurance, not BPJS TK",
             use_in_calibration="1", fact_rows="parameters:jkn_rct_control_enrolment", **src_p("jkn_rct_control_enrolment"),
             conflict="", note="control arm (no subsidy): enrolment from the voluntary-enrolment flow over the enrolment year"),
        dict(episode_id="E07", region_code="RCT-JKN", region_name="Medan and Bandung (JKN RCT)", lever="rct", kind="rct_arm",
             start="2015-01", end="2015-12", inputs=inputs(funded_months=12, observed_after_months=12),
             outcome_metric="enrolment_share", observed_value=fmt(p("jkn_rct_full_subsidy_assisted_enrolment")), observed_unit="share",
             noise_sd_rel="0.15", noise_reason="abstract figure ('about 30%'), randomised arm of ~1,000 households",
             use_in_calibration="1", fact_rows="parameters:jkn_rct_full_subsidy_assisted_enrolment,jkn_rct_registration_failure_share",
             **src_p("jkn_rct_full_subsidy_assisted_enrolment"), conflict="",
             note="full one-year subsidy plus assisted registration (opt-in); more than half of assisted attempts failed, so the opt-in take-up is net of failures"),
        dict(episode_id="E08", region_code="RCT-JKN", region_name="Medan and Bandung (JKN RCT)", lever="rct", kind="stop",
             start="2016-01", end="2016-12", inputs=inputs(funded_months=12, observed_after_months=12),
             outcome_metric="coverage_ratio_to_control", observed_value=fmt(p("jkn_rct_coverage_multiplier_after")), observed_unit="ratio",
             noise_sd_rel="0.25", noise_reason="'about 2 times' in the working paper summary; health insurance lapse may differ from BPJS TK",
             use_in_calibration="1", fact_rows="parameters:jkn_rct_coverage_multiplier_after,jkn_rct_full_subsidy_enrolment_after_end",
             **src_p("jkn_rct_coverage_multiplier_after"),
             conflict="a blog summary says the full-subsidy group fell back to 'nearly 10%' (ratio ~1.25 to an 8% control); uses the working paper's ~2x multiple",
             note="full-subsidy arm a year after the subsidy year ended, relative to control"),
        dict(episode_id="E09", region_code="1609", region_name="Ogan Komering Ulu Timur", lever="subsidy", kind="start",
             start="2024-09", end="2024-12", inputs=inputs(listed_persons=c("C0215")), outcome_metric="", observed_value="", observed_unit="",
             noise_sd_rel="", noise_reason="", use_in_calibration="0", fact_rows="coverage_observations:C0178,C0215", **src_c("C0215"),
             conflict="4,665 (Tribun, C0215) vs 4,650 (Antara, C0178): uses 4,665", note="first batch from the revised 2024 budget; only the list size is reported, no outcome"),
        dict(episode_id="E10", region_code="1603", region_name="Muara Enim", lever="subsidy", kind="start",
             start="2025-10", end="2025-12", inputs=inputs(listed_persons=c("C0258"), funded_months=p("subsidy_muaraenim_months")),
             outcome_metric="", observed_value="", observed_unit="", noise_sd_rel="", noise_reason="", use_in_calibration="0",
             fact_rows="coverage_observations:C0258,C0259,C0260;parameters:subsidy_muaraenim_months", **src_c("C0258"), conflict="",
             note="3-month end-of-year window (Oct-Dec 2025); no outcome published yet: a future test of the lapse hazard"),
        dict(episode_id="E11", region_code="1602", region_name="Ogan Komering Ilir", lever="subsidy", kind="start",
             start="2025-09", end="", inputs=inputs(listed_persons=c("C0245")), outcome_metric="", observed_value="", observed_unit="",
             noise_sd_rel="", noise_reason="", use_in_calibration="0", fact_rows="coverage_observations:C0244,C0245", **src_c("C0245"),
             conflict="", note="about 76,000 village officials and vulnerable workers launched Sep 2025 (119,940 protected in all); no before/after figure"),
        dict(episode_id="E12", region_code="32", region_name="Jawa Barat", lever="subsidy", kind="start",
             start="2025-11", end="2025-12", inputs=inputs(listed_persons=p("subsidy_jabar_workers_province"), funded_months=2),
             outcome_metric="", observed_value="", observed_unit="", noise_sd_rel="", noise_reason="", use_in_calibration="0",
             fact_rows="parameters:subsidy_jabar_workers_province,subsidy_jabar_budget_2025", **src_p("subsidy_jabar_workers_province"),
             conflict="", note="province pays Nov-Dec 2025 for DTSEN deciles 1-4, districts the rest (~1 m in all); no outcome yet"),
        dict(episode_id="E13", region_code="19", region_name="Kepulauan Bangka Belitung", lever="subsidy", kind="stop",
             start="2024-01", end="2024-06", inputs=inputs(observed_after_months=6), outcome_metric="bpu_coverage_lost_share",
             observed_value=fmt(1 - p("bpu_coverage_drop_babel", "value_low") / p("bpu_coverage_drop_babel", "value_high")), observed_unit="share",
             noise_sd_rel="0.3", noise_reason="one news report", use_in_calibration="0", fact_rows="parameters:bpu_coverage_drop_babel",
             **src_p("bpu_coverage_drop_babel"), conflict="",
             note="not used: the source names tin-case closures and honorer conversions as causes, so the fall is not a subsidy stop alone"),
        dict(episode_id="E14", region_code="34", region_name="DI Yogyakarta", lever="mandate", kind="licence_rule",
             start="2018-01", end="2018-06", inputs="", outcome_metric="", observed_value="", observed_unit="", noise_sd_rel="",
             noise_reason="", use_in_calibration="0", fact_rows="parameters:firm_registration_share_diy_2018", **src_p("firm_registration_share_diy_2018"),
             conflict="", note="governor's circular alone had 'no significant' effect (24% of NPWP firms registered); no quantified change"),
        dict(episode_id="E15", region_code="3275", region_name="Kota Bekasi (Jabar)", lever="mandate", kind="licence_rule",
             start="2018-01", end="", inputs=inputs(uncovered_workers_per_firm=p("uncovered_workers_per_firm_bekasi")),
             outcome_metric="", observed_value="", observed_unit="", noise_sd_rel="", noise_reason="", use_in_calibration="0",
             fact_rows="parameters:uncovered_workers_per_firm_bekasi", **src_p("uncovered_workers_per_firm_bekasi"), conflict="",
             note="proof required for new and renewed SIUP/TDP/SIUJK from 2018; ~21,000 uncovered workers in ~3,000 firms; no outcome reported"),
    ]
    return out


def main() -> None:
    rows = episodes()
    with open(RAW / "episodes.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"wrote {RAW / 'episodes.csv'} ({len(rows)} episodes)")


if __name__ == "__main__":
    main()
