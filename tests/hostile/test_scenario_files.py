"""Hostile scenario files (issue 18): every YAML text either gives the exact Scenario or one ScenarioError line
naming the file, the line and column, and the key path.

``BAD`` rows: (id, text, line, where, key, fragment). ``where`` locates the column: a text found on that line
(the column is where it starts), an int (the column itself) or None (the error names a line only). ``key`` is
the exact key path in the message (None: a problem of the YAML text itself). ``GOOD`` rows give the exact
values read back.
"""

from __future__ import annotations

import math
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sumsel_analysis.data import loaders
from sumsel_analysis.policy.scenario import (MAX_NESTING_DEPTH, MAX_SCENARIO_BYTES, Scenario, ScenarioError,
                                             load_scenario, scenario_from_dict)

CSR = "levers:\n  csr: {start: 2026-07, workers: %s}\n"
SUB = "levers:\n  subsidy: {start: 2026-07, workers: %s}\n"
PAR = "parameters:\n  %s: %s\n"
LAUGH = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi")) + "name: lol\n"
ALLOWED_TOP = ("['description', 'description_id', 'horizon', 'levers', 'name', 'name_id', 'parameters', 'seed', "
               "'start', 'target']")


def n(text: str) -> str:
    """A scenario text with a name line first."""
    return "name: x\n" + text


BAD = [
    # --- sections of the wrong shape (were AttributeError / ValueError) ---
    ("levers_list", n("levers: [a, b]\n"), 2, "[a", "levers", "expected a mapping of names to values, found ['a', 'b'] (a list)"),
    ("levers_string", n("levers: mandate\n"), 2, "mandate", "levers", "found 'mandate' (text)"),
    ("levers_number", n("levers: 5\n"), 2, "5", "levers", "found 5 (a number)"),
    ("levers_bool", n("levers: yes\n"), 2, "yes", "levers", "found true (a yes/no value)"),
    ("parameters_list", n("parameters: [a]\n"), 2, "[a]", "parameters", "expected a mapping of names to values"),
    ("parameters_string", n("parameters: none\n"), 2, "none", "parameters", "found 'none' (text)"),
    ("target_list", n("target: [51, 2029-12]\n"), 2, "[51", "target", "found [51, '2029-12'] (a list)"),
    ("target_string", n("target: 51%\n"), 2, "51%", "target", "found '51%' (text)"),
    ("lever_settings_list", n("levers:\n  csr: [2026-07, 5]\n"), 3, "[2026", "levers.csr", "(a list)"),
    ("lever_settings_string", n("levers:\n  csr: yes please\n"), 3, "yes please", "levers.csr", "found 'yes please'"),
    ("lever_settings_null", n("levers:\n  mandate:\n"), 3, 11, "levers.mandate", "expected a mapping of names to values, found nothing"),
    ("override_list", n(PAR % ("self_pay_share_after_stop", "[0.5]")), 3, "[0.5]", "parameters.self_pay_share_after_stop",
     "found [0.5] (a list)"),
    ("override_null", n(PAR % ("self_pay_share_after_stop", "")), 3, 29, "parameters.self_pay_share_after_stop",
     "expected a mapping of names to values, found nothing"),
    ("top_list", "- a\n- b\n", 1, "- a", "<top>", "expected a mapping of scenario keys, found ['a', 'b'] (a list)"),
    ("top_text", "just text\n", 1, "just", "<top>", "found 'just text' (text)"),
    ("top_number", "42\n", 1, "42", "<top>", "found 42 (a number)"),
    # --- tags (set tag was a crash; python tags must never run) ---
    ("set_tag", n("levers: !!set {mandate}\n"), 2, "!!set", "levers", "YAML tag not allowed: !!set"),
    ("omap_tag", n("levers: !!omap [{csr: 1}]\n"), 2, "!!omap", "levers", "YAML tag not allowed: !!omap"),
    ("pairs_tag", n("target: !!pairs [{pct: 1}]\n"), 2, "!!pairs", "target", "YAML tag not allowed: !!pairs"),
    ("binary_tag", "name: !!binary aGk=\n", 1, "!!binary", "name", "YAML tag not allowed: !!binary"),
    ("python_apply", "name: !!python/object/apply:os.system ['true']\n", 1, "!!python", "name",
     "YAML tag not allowed: !!python/object/apply:os.system"),
    ("python_name", "name: !!python/name:os.system ''\n", 1, "!!python", "name", "YAML tag not allowed: !!python/name:os.system"),
    ("local_tag", "name: !custom x\n", 1, "!custom", "name", "YAML tag not allowed: !custom"),
    ("float_tag_on_text", n(PAR % ("self_pay_share_after_stop", "!!float abc")), 3, "!!float",
     "parameters.self_pay_share_after_stop", "'abc' is not a valid !!float value"),
    ("bool_tag_on_text", n(CSR % "!!bool maybe"), 3, "!!bool", "levers.csr.workers", "'maybe' is not a valid !!bool value"),
    ("timestamp_tag_on_text", n("start: !!timestamp soon\n"), 2, "!!timestamp", "start", "'soon' is not a valid !!timestamp"),
    ("int_tag_on_decimal", n(CSR % "!!int 1.5"), 3, "!!int", "levers.csr.workers", "'1.5' is not a valid !!int value"),
    # --- keys that are not text (mixed key types were a crash) ---
    ("int_key", n("1: 2\n"), 2, "1: 2", "<top>", "keys must be text names, found '1'"),
    ("bool_key", n("true: 2\n"), 2, "true", "<top>", "keys must be text names, found 'true'"),
    ("null_key", n("~: 2\n"), 2, "~", "<top>", "keys must be text names, found '~'"),
    ("float_lever_key", n("levers:\n  1.5: {}\n"), 3, "1.5", "levers", "keys must be text names, found '1.5'"),
    ("list_key", n("? [a, b]\n: 1\n"), 2, "[a", "<top>", "keys must be text names, found a list or mapping"),
    ("mapping_key", n("? {a: 1}\n: 1\n"), 2, "{a", "<top>", "keys must be text names, found a list or mapping"),
    ("date_key", n("2026-01-01: x\n"), 2, "2026", "<top>", "keys must be text names, found '2026-01-01'"),
    ("quoted_number_key", n("'1': 2\n"), 2, "'1'", "1", "unknown key; allowed " + ALLOWED_TOP),
    # --- non-finite and overflowing numbers (were ValueError / OverflowError / non-finite costs) ---
    ("workers_nan", n(CSR % ".nan"), 3, ".nan", "levers.csr.workers", "expected a finite number, found nan"),
    ("workers_NaN", n(CSR % ".NaN"), 3, ".NaN", "levers.csr.workers", "expected a finite number, found nan"),
    ("workers_inf", n(SUB % ".inf"), 3, ".inf", "levers.subsidy.workers", "expected a finite number, found inf"),
    ("workers_minus_inf", n(SUB % "-.inf"), 3, "-.inf", "levers.subsidy.workers", "expected a finite number, found -inf"),
    ("workers_overflow", n(CSR % "1.0e+999"), 3, "1.0e", "levers.csr.workers", "expected a finite number, found inf"),
    ("workers_huge_int", n(CSR % ("9" * 40)), 3, "9999", "levers.csr.workers", "is outside the allowed range [0, 1000000]"),
    ("budget_inf", n("levers:\n  subsidy: {start: 2026-07, budget_rupiah_per_year: .inf}\n"), 3, ".inf",
     "levers.subsidy.budget_rupiah_per_year", "expected a finite number, found inf"),
    ("months_nan", n("levers:\n  csr: {start: 2026-07, workers: 5, months: .nan}\n"), 3, ".nan", "levers.csr.months",
     "expected a finite number"),
    ("retention_nan", n("levers:\n  subsidy: {start: 2026-07, workers: 5, retention: .nan}\n"), 3, ".nan",
     "levers.subsidy.retention", "expected a finite number, found nan"),
    ("compliance_inf", n("levers:\n  mandate: {start: 2026-07, compliance: .inf}\n"), 3, ".inf", "levers.mandate.compliance",
     "expected a finite number, found inf"),
    ("target_pct_nan", n("target: {pct: .nan}\n"), 2, ".nan", "target.pct", "expected a finite number, found nan"),
    ("central_inf", n(PAR % ("apbd_premium_per_worker_month", "{central: .inf}")), 3, ".inf",
     "parameters.apbd_premium_per_worker_month.central", "expected a finite number, found inf"),
    ("central_minus_inf", n(PAR % ("apbd_premium_per_worker_month", "{central: -.inf}")), 3, "-.inf",
     "parameters.apbd_premium_per_worker_month.central", "expected a finite number, found -inf"),
    ("central_nan", n(PAR % ("apbd_premium_per_worker_month", "{central: .nan}")), 3, ".nan",
     "parameters.apbd_premium_per_worker_month.central", "expected a finite number, found nan"),
    ("central_1e308_text", n(PAR % ("apbd_premium_per_worker_month", "{central: 1e308}")), 3, "1e308",
     "parameters.apbd_premium_per_worker_month.central", "found '1e308' (text: YAML reads this spelling as text"),
    ("central_1e308", n(PAR % ("apbd_premium_per_worker_month", "{central: 1.0e+308}")), 3, "1.0e",
     "parameters.apbd_premium_per_worker_month.central", "value 1e+308 is outside the allowed range [0.0, 1000000000000.0]"),
    ("low_overflow", n(PAR % ("apbd_premium_per_worker_month", "{low: 1.0e+400}")), 3, "1.0e",
     "parameters.apbd_premium_per_worker_month.low", "expected a finite number, found inf"),
    ("bare_override_nan", n(PAR % ("self_pay_share_after_stop", ".nan")), 3, ".nan",
     "parameters.self_pay_share_after_stop.central", "expected a finite number, found nan"),
    # --- duplicate keys (the last silently won) ---
    ("duplicate_name", "name: x\nname: y\n", 2, "name", "name", "duplicate key (first at line 1, again at line 2)"),
    ("duplicate_lever", n("levers:\n  csr: {start: 2026-07, workers: 5}\n  csr: {start: 2026-08, workers: 6}\n"), 4, "csr",
     "levers.csr", "duplicate key (first at line 3, again at line 4)"),
    ("duplicate_parameter", n("parameters:\n  self_pay_share_after_stop: 0.5\n  self_pay_share_after_stop: 0.6\n"), 4,
     "self_pay", "parameters.self_pay_share_after_stop", "duplicate key (first at line 3, again at line 4)"),
    ("duplicate_setting_in_flow", n("levers:\n  csr: {start: 2026-07, start: 2026-08, workers: 5}\n"), 3, "start: 2026-08",
     "levers.csr.start", "duplicate key (first at line 3, again at line 3)"),
    ("duplicate_target_key", n("target:\n  pct: 40\n  pct: 45\n"), 4, "pct", "target.pct", "first at line 3, again at line 4"),
    ("duplicate_section", n("levers: {}\nlevers: {}\n"), 3, "levers", "levers", "first at line 2, again at line 3"),
    ("duplicate_override_key", n(PAR % ("self_pay_share_after_stop", "{low: 0.1, low: 0.2}")), 3, "low: 0.2",
     "parameters.self_pay_share_after_stop.low", "duplicate key"),
    # --- text fields must be text (were stringified) ---
    ("name_id_list", n("name_id: [a, b]\n"), 2, "[a", "name_id", "expected text, found ['a', 'b'] (a list); put text in quotes"),
    ("description_id_bool", n("description_id: true\n"), 2, "true", "description_id", "expected text, found true (a yes/no value)"),
    ("name_number", "name: 2026\n", 1, "2026", "name", "expected text, found 2026 (a number)"),
    ("name_bool", "name: yes\n", 1, "yes", "name", "expected text, found true (a yes/no value)"),
    ("name_null", "name:\nhorizon: 2030-12\n", 1, 6, "name", "a non-empty name is required"),
    ("name_empty", "name: ''\n", 1, "''", "name", "a non-empty name is required"),
    ("name_blank", "name: '   '\n", 1, "'", "name", "a non-empty name is required"),
    ("name_mapping", "name: {en: x}\n", 1, "{en", "name", "expected text, found {'en': 'x'} (a mapping)"),
    ("description_number", n("description: 12.5\n"), 2, "12.5", "description", "expected text, found 12.5 (a number)"),
    ("description_date", n("description: 2026-01-01\n"), 2, "2026", "description", "found '2026-01-01' (a date)"),
    ("name_id_number", n("name_id: 7\n"), 2, "7", "name_id", "expected text, found 7 (a number)"),
    # --- months ---
    ("start_month_13", n("start: 2026-13\n"), 2, "2026", "start", "expected a month YYYY-MM between 2020 and 2049, found '2026-13'"),
    ("start_short_month", n("start: 2026-7\n"), 2, "2026", "start", "found '2026-7' (text)"),
    ("start_number", n("start: 202607\n"), 2, "2026", "start", "found 202607 (a number)"),
    ("start_date", n("start: 2026-07-01\n"), 2, "2026", "start", "found '2026-07-01' (a date)"),
    ("start_words", n("start: July 2026\n"), 2, "July", "start", "found 'July 2026' (text)"),
    ("horizon_2051", n("horizon: 2051-01\n"), 2, "2051", "horizon", "found '2051-01'"),
    ("horizon_2019", n("horizon: 2019-12\n"), 2, "2019", "horizon", "found '2019-12'"),
    ("target_by_list", n("target: {by: [2029-12]}\n"), 2, "[2029", "target.by", "found ['2029-12'] (a list)"),
    ("lever_start_missing_dash", n(CSR.replace("2026-07", "202607") % "5"), 3, "202607", "levers.csr.start",
     "found 202607 (a number)"),
    # --- choices and lists ---
    ("events_not_list", n("levers:\n  mandate: {start: 2026-07, events: new_nib}\n"), 3, "new_nib", "levers.mandate.events",
     "expected a non-empty list of ('new_nib', 'permits_tenders', 'renewal'), found 'new_nib' (text)"),
    ("events_empty", n("levers:\n  mandate: {start: 2026-07, events: []}\n"), 3, "[]", "levers.mandate.events", "found [] (a list)"),
    ("events_unknown", n("levers:\n  mandate: {start: 2026-07, events: [lottery]}\n"), 3, "[lottery", "levers.mandate.events",
     "found ['lottery'] (a list)"),
    ("events_twice", n("levers:\n  mandate: {start: 2026-07, events: [new_nib, new_nib]}\n"), 3, "[new", "levers.mandate.events",
     "an event is listed twice in ['new_nib', 'new_nib']"),
    ("events_numbers", n("levers:\n  mandate: {start: 2026-07, events: [1]}\n"), 3, "[1]", "levers.mandate.events", "found [1]"),
    ("delivery_unknown", n("levers:\n  subsidy: {start: 2026-07, workers: 5, delivery: by_post}\n"), 3, "by_post",
     "levers.subsidy.delivery", "expected one of ('list_based', 'opt_in'), found 'by_post' (text)"),
    ("targeting_number", n("levers:\n  subsidy: {start: 2026-07, workers: 5, targeting: 3}\n"), 3, "3}",
     "levers.subsidy.targeting", "found 3 (a number)"),
    ("delivery_bool", n("levers:\n  subsidy: {start: 2026-07, workers: 5, delivery: no}\n"), 3, "no}",
     "levers.subsidy.delivery", "found false (a yes/no value)"),
    # --- numbers of the wrong kind or out of range ---
    ("workers_quoted", n(CSR % "'200000'"), 3, "'200000'", "levers.csr.workers", "expected a whole number, found '200000' (text)"),
    ("workers_thousands_dots", n(CSR % "200.000.000"), 3, "200.000", "levers.csr.workers", "found '200.000.000' (text)"),
    ("workers_exponent_text", n(CSR % "2e5"), 3, "2e5", "levers.csr.workers",
     "found '2e5' (text: YAML reads this spelling as text; write a number with a dot"),
    ("workers_fraction", n(CSR % "2.5"), 3, "2.5", "levers.csr.workers", "expected a whole number, found 2.5"),
    ("workers_negative", n(CSR % "-5"), 3, "-5", "levers.csr.workers", "expected a non-negative whole number, found -5"),
    ("workers_above_max", n(SUB % "5000001"), 3, "5000001", "levers.subsidy.workers",
     "value 5000001 is outside the allowed range [0, 5000000]"),
    ("workers_bool", n(CSR % "true"), 3, "true", "levers.csr.workers", "expected a whole number, found true (a yes/no value)"),
    ("workers_null", n(CSR % "~"), 3, "~", "levers.csr.workers", "expected a whole number, found nothing"),
    ("workers_octal", n(CSR % "010"), 3, "010", "levers.csr.workers", "number '010' is octal, hexadecimal, binary or base 60"),
    ("workers_hex", n(CSR % "0x10"), 3, "0x10", "levers.csr.workers", "number '0x10' is octal"),
    ("workers_binary", n(CSR % "0b101"), 3, "0b101", "levers.csr.workers", "number '0b101' is octal"),
    ("workers_base60", n(CSR % "1:30"), 3, "1:30", "levers.csr.workers", "number '1:30' is octal, hexadecimal, binary or base 60"),
    ("months_zero", n("levers:\n  csr: {start: 2026-07, workers: 5, months: 0}\n"), 3, "0}", "levers.csr.months",
     "value 0 is outside the allowed range [1, 120]"),
    ("months_121", n("levers:\n  csr: {start: 2026-07, workers: 5, months: 121}\n"), 3, "121", "levers.csr.months",
     "value 121 is outside the allowed range [1, 120]"),
    ("budget_negative", n("levers:\n  subsidy: {start: 2026-07, budget_rupiah_per_year: -5}\n"), 3, "-5",
     "levers.subsidy.budget_rupiah_per_year", "value -5 is outside the allowed range [0, 10000000000000.0]"),
    ("budget_too_large", n("levers:\n  subsidy: {start: 2026-07, budget_rupiah_per_year: 1.0e+14}\n"), 3, "1.0e",
     "levers.subsidy.budget_rupiah_per_year", "value 100000000000000.0 is outside"),
    ("retention_above_one", n("levers:\n  subsidy: {start: 2026-07, workers: 5, retention: 1.5}\n"), 3, "1.5",
     "levers.subsidy.retention", "value 1.5 is outside the allowed range [0.0, 1.0]"),
    ("compliance_negative", n("levers:\n  mandate: {start: 2026-07, compliance: -0.1}\n"), 3, "-0.1",
     "levers.mandate.compliance", "value -0.1 is outside the allowed range [0.0, 1.0]"),
    ("seed_negative", n("seed: -1\n"), 2, "-1", "seed", "expected a non-negative whole number, found -1"),
    ("seed_fraction", n("seed: 1.5\n"), 2, "1.5", "seed", "expected a whole number, found 1.5"),
    ("seed_text", n("seed: abc\n"), 2, "abc", "seed", "expected a whole number, found 'abc' (text)"),
    ("seed_too_large", n("seed: 18446744073709551616\n"), 2, "1844", "seed",
     "value 18446744073709551616 is outside the allowed range [0, 9223372036854775807]"),
    ("seed_bool", n("seed: true\n"), 2, "true", "seed", "expected a whole number, found true"),
    ("target_pct_zero", n("target: {pct: 0}\n"), 2, "0}", "target.pct", "value 0 is outside the allowed range [0.1, 100.0]"),
    ("target_pct_101", n("target: {pct: 101}\n"), 2, "101", "target.pct", "value 101 is outside the allowed range [0.1, 100.0]"),
    ("target_pct_percent_sign", n("target: {pct: 51%}\n"), 2, "51%", "target.pct", "expected a number, found '51%' (text)"),
    # --- required and unknown keys ---
    ("missing_name", "description: x\n", 1, 1, "name", "a non-empty name is required"),
    ("csr_missing_workers", n("levers:\n  csr: {start: 2026-07}\n"), 3, "{start", "levers.csr.workers",
     "a number of workers is required"),
    ("csr_missing_start", n("levers:\n  csr: {workers: 5}\n"), 3, "{workers", "levers.csr.start", "a start month is required"),
    ("subsidy_missing_start", n("levers:\n  subsidy: {workers: 5}\n"), 3, "{", "levers.subsidy.start", "a start month is required"),
    ("mandate_missing_start", n("levers:\n  mandate: {events: [new_nib]}\n"), 3, "{", "levers.mandate.start",
     "a start month is required"),
    ("subsidy_both_sizes", n("levers:\n  subsidy: {start: 2026-07, workers: 5, budget_rupiah_per_year: 9}\n"), 3, "{",
     "levers.subsidy", "give exactly one of 'workers', 'budget_rupiah_per_year' or 'schedule'"),
    ("subsidy_no_size", n("levers:\n  subsidy: {start: 2026-07}\n"), 3, "{", "levers.subsidy", "give exactly one of"),
    ("unknown_top_typo", n("horizn: 2030-12\n"), 2, "horizn", "horizn", "unknown key (did you mean 'horizon'?); allowed " + ALLOWED_TOP),
    ("unknown_lever", n("levers:\n  lottery: {start: 2026-07}\n"), 3, "lottery", "levers.lottery",
     "unknown lever; allowed ['csr', 'mandate', 'subsidy', 'voluntary']"),
    ("unknown_setting_typo", n("levers:\n  csr: {start: 2026-07, worker: 5}\n"), 3, "worker", "levers.csr.worker",
     "unknown setting (did you mean 'workers'?); allowed ['list_status', 'months', 'payer_after', 'start', 'takeover_share', 'workers'] (and 1 more problem)"),
    ("unknown_override_key", n(PAR % ("self_pay_share_after_stop", "{centrl: 0.5}")), 3, "centrl",
     "parameters.self_pay_share_after_stop.centrl", "unknown key (did you mean 'central'?); allowed ['central', 'high', 'low', 'unit', 'value']"),
    ("unknown_target_key", n("target: {pct: 51, when: 2029-12}\n"), 2, "when", "target.when", "unknown key"),
    ("several_problems", n("levers:\n  csr: {start: 2026-13, workers: -1, months: 0}\n"), 3, "2026-13", "levers.csr.start",
     "expected a month YYYY-MM between 2020 and 2049, found '2026-13' (text) (and 2 more problems)"),
    # --- rules across keys ---
    ("lever_ends_before_start", n("start: 2028-01\nlevers:\n  csr: {start: 2026-01, workers: 5, months: 12}\n"), 4, "{",
     "levers.csr", "runs 2026-01–2026-12, wholly before the simulated months 2028-01–2030-12"),
    ("lever_ends_month_before_start", n("start: 2027-01\nlevers:\n  subsidy: {start: 2026-07, workers: 5, months: 6}\n"),
     4, "{", "levers.subsidy", "runs 2026-07–2026-12, wholly before the simulated months 2027-01–2030-12"),
    ("lever_after_horizon", n("horizon: 2027-12\ntarget: {by: 2027-12}\nlevers:\n  csr: {start: 2028-01, workers: 5}\n"),
     5, "2028", "levers.csr.start", "2028-01 is after the horizon 2027-12: the lever is wholly outside"),
    ("mandate_after_horizon", n("horizon: 2027-12\ntarget: {by: 2027-12}\nlevers:\n  mandate: {start: 2029-01}\n"), 5,
     "2029", "levers.mandate.start", "2029-01 is after the horizon 2027-12"),
    ("start_after_horizon", n("start: 2031-01\n"), 2, "2031", "start", "2031-01 is after the horizon 2030-12"),
    ("target_after_horizon", n("horizon: 2027-12\ntarget: {by: 2028-06}\n"), 3, "2028", "target.by",
     "2028-06 is after the horizon 2027-12"),
    ("default_target_after_horizon", n("horizon: 2027-12\n"), 1, 1, "target.by", "2029-12 is after the horizon 2027-12"),
    # --- the YAML text itself ---
    ("billion_laughs", LAUGH, 1, "&a", None, "YAML anchor 'a' not allowed"),
    ("alias", n("description: *undefined\n"), 2, "*undefined", None, "YAML alias 'undefined' not allowed"),
    ("merge_with_anchor", "base: &b {pct: 51}\nname: x\ntarget:\n  <<: *b\n", 1, "&b", None, "YAML anchor 'b' not allowed"),
    ("merge_inline", n("target:\n  <<: {pct: 5}\n"), 3, "<<", "target", "YAML merge key '<<' not allowed"),
    ("unclosed_bracket", "name: [unclosed\n", 2, 1, None, "malformed YAML: expected ',' or ']', but got '<stream end>'"),
    ("tab_indent", "name: x\nlevers:\n\tcsr: {}\n", 3, 1, None, "malformed YAML: found character '\\t' that cannot start any token"),
    ("bad_indent", "name: x\n  horizon: 2030-12\n", 2, 10, None, "malformed YAML: mapping values are not allowed here"),
    ("two_documents", "name: a\n---\nname: b\n", 2, 1, None, "malformed YAML: but found another document"),
    ("unclosed_quote", "name: 'x\n", 2, 1, None, "malformed YAML: found unexpected end of stream"),
    ("control_character", "name: x\x07\n", 1, 8, None, "character U+0007 is not allowed in YAML (a control character)"),
]
BYTES_BAD = [  # (id, bytes, line, fragment): errors found before parsing name a line only
    ("not_utf8", "name: caf\xe9\n".encode("latin-1"), 1, "not UTF-8 text (byte 0xe9); save the file as UTF-8"),
    ("utf16", "name: x\n".encode("utf-16"), 1, "not UTF-8 text (byte 0xff)"),
    ("nul_byte", b"name: x\n\x00\n", 2, "contains a NUL character (not a text file)"),
    ("nested_brackets", b"name: x\nlevers: " + b"[" * 3000 + b"]" * 3000 + b"\n", 2,
     f"nested more than {MAX_NESTING_DEPTH} levels deep"),
    ("nested_braces", b"name: x\nlevers: " + b"{a: " * 3000 + b"}" * 3000 + b"\n", 2, "nested more than 12 levels deep"),
    ("nested_unclosed", b"name: x\nlevers: " + b"[" * 5000 + b"\n", 2, "nested more than 12 levels deep"),
    ("nested_over_lines", b"name: x\nlevers:\n" + b"".join(b"[\n" for _ in range(40)), 14, "nested more than 12"),
    ("nested_blocks", b"name: x\n" + b"".join(b"  " * i + b"k%d:\n" % i for i in range(30)), 14, "nested more than 12"),
    ("nested_dashes", b"name: x\nlevers:\n  csr:\n    " + b"- " * 40 + b"x\n", 4, "nested more than 12"),
]


def _write(tmp_path, content, name="s.yaml"):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


@pytest.fixture(scope="module")
def params(raw_dir):
    return loaders.load_parameters(raw_dir)


@pytest.mark.parametrize("case,text,line,where,key,fragment", BAD, ids=[c[0] for c in BAD])
def test_bad_scenario_names_file_line_column_and_key(tmp_path, params, case, text, line, where, key, fragment):
    started = time.perf_counter()
    with pytest.raises(ScenarioError) as err:
        load_scenario(_write(tmp_path, text), params)
    e, msg = err.value, str(err.value)
    column = text.split("\n")[line - 1].index(where) + 1 if isinstance(where, str) else where
    assert (e.source, e.line, e.column, e.key) == ("s.yaml", line, column, key), msg
    prefix = f"s.yaml: line {line}, column {column}: " + (f"{key}: " if key else "")
    assert msg.startswith(prefix) and fragment in e.problem and "\n" not in msg, msg
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize("case,content,line,fragment", BYTES_BAD, ids=[c[0] for c in BYTES_BAD])
def test_refused_before_parsing_fast_and_on_one_line(tmp_path, case, content, line, fragment):
    started = time.perf_counter()
    with pytest.raises(ScenarioError) as err:
        load_scenario(_write(tmp_path, content))
    e = err.value
    assert (e.line, e.column, e.key) == (line, None, None) and fragment in e.problem, str(e)
    assert str(e) == f"s.yaml: line {line}: {e.problem}"
    assert time.perf_counter() - started < 1.0  # 3000 brackets took 16-20 s and ended in RecursionError


def test_too_large_is_refused_before_reading(tmp_path):
    path = _write(tmp_path, "name: big\ndescription: " + "x" * MAX_SCENARIO_BYTES + "\n")
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    assert str(err.value) == f"s.yaml: is {path.stat().st_size:,} bytes; a scenario file may be at most 65,536 bytes"


@pytest.mark.parametrize("case,text,fragment", [
    ("unused_parameter", PAR % ("ump_sumsel_2026", "{central: 5}"),
     "is in the parameter table but not used by the lever model, so an override would change nothing"),
    ("typo_parameter", PAR % ("self_pay_share_after_sto", "{central: 0.5}"),
     "unknown parameter (not one the lever model uses); did you mean 'self_pay_share_after_stop'?"),
    ("made_up_parameter", PAR % ("luck_factor", "2"), "unknown parameter (not one the lever model uses)"),
    ("wrong_unit", PAR % ("apbd_premium_per_worker_month", "{value: 201600, unit: rupiah_per_year}"),
     "wrong unit 'rupiah_per_year'; this parameter is in 'rupiah_per_month'"),
    ("share_above_one", PAR % ("self_pay_share_after_stop", "{central: 1.4}"),
     "value 1.4 is outside the allowed range [0.0, 1.0] (a share)"),
    ("share_per_year_above_one", PAR % ("mandate_gated_share_existing_per_year", "{high: 2}"), "(a share)"),
    ("low_above_high", PAR % ("self_pay_share_after_stop", "{low: 0.9, high: 0.5}"), "low is above high"),
    ("value_and_central", PAR % ("self_pay_share_after_stop", "{value: 0.9, central: 0.5}"),
     "give 'value' or 'central', not both"),
    ("empty_override", PAR % ("self_pay_share_after_stop", "{}"), "give at least one of low, central (or value), high"),
    ("unit_only", PAR % ("apbd_premium_per_worker_month", "{unit: rupiah_per_month}"), "give at least one of"),
])
def test_overrides_only_of_parameters_the_model_uses_in_their_unit_and_range(tmp_path, params, case, text, fragment):
    with pytest.raises(ScenarioError) as err:
        load_scenario(_write(tmp_path, n(text)), params)
    e = err.value
    assert e.source == "s.yaml" and e.line == 3 and e.key.startswith("parameters.") and fragment in e.problem, str(e)


def _levers(s: Scenario) -> dict:
    return s.levers


GOOD = [  # (id, text, attribute or callable, exact value)
    ("str_tag_on_number", "name: !!str 5\n", "name", "5"),
    ("int_tag_on_quoted", n(CSR % "!!int '5'"), _levers, {"csr": {"start": "2026-07", "workers": 5, "months": 12}}),
    ("underscored_thousands", n(CSR % "200_000"), _levers, {"csr": {"start": "2026-07", "workers": 200000, "months": 12}}),
    ("whole_float", n(SUB % "200000.0"), _levers, {"subsidy": {"start": "2026-07", "workers": 200000, "months": 12}}),
    ("zero_workers", n(CSR % "0"), _levers, {"csr": {"start": "2026-07", "workers": 0, "months": 12}}),
    ("bare_override", n(PAR % ("self_pay_share_after_stop", "0.5")), "overrides", {"self_pay_share_after_stop": {"central": 0.5}}),
    ("value_override", n(PAR % ("apbd_premium_per_worker_month", "{value: 20000, unit: rupiah_per_month}")), "overrides",
     {"apbd_premium_per_worker_month": {"central": 20000.0}}),
    ("largest_override", n(PAR % ("apbd_premium_per_worker_month", "{central: 1.0e+12}")), "overrides",
     {"apbd_premium_per_worker_month": {"central": 1e12}}),
    ("description_null", n("description:\n"), "description", ""),
    ("name_id_null", n("name_id:\n"), "name_id", ""),
    ("levers_null", n("levers:\n"), "levers", {}),
    ("parameters_null", n("parameters:\n"), "overrides", {}),
    ("target_null", n("target:\n"), "target_pct", 51.0),
    ("start_null", n("start:\n"), "start", None),
    ("name_stripped", "name: '  Subsidi  '\n", "name", "Subsidi"),
    ("quoted_brackets", n("description: '[[[[[[[[[[[[[[[[[[[[[[[['\n"), "description", "[" * 24),
    ("plain_brackets", n("description: see [1] and [2] {x}\n"), "description", "see [1] and [2] {x}"),
    ("hash_in_quotes", n("description: \"# not a comment [[[[[[[[[[[[[[\"\n"), "description", "# not a comment " + "[" * 14),
    ("crlf", "name: x\r\nhorizon: 2030-12\r\n", "horizon", "2030-12"),
    ("utf8_bom", "\ufeffname: Subsidi\n", "name", "Subsidi"),
    ("indonesian_text", "name: Subsidi iuran — desil 1–3\n", "name", "Subsidi iuran — desil 1–3"),
    ("long_description", n("description: " + "a" * 60_000 + "\n"), lambda s: len(s.description), 60_000),
    ("comments_only_keys", "# a scenario\nname: x  # its name\n", "name", "x"),
    ("explicit_document", "---\nname: x\n...\n", "name", "x"),
    ("block_style", n("levers:\n  mandate:\n    start: 2026-07\n    events:\n      - renewal\n"), _levers,
     {"mandate": {"start": "2026-07", "events": ["renewal"]}}),
    ("mandate_default_events", n("levers:\n  mandate: {start: 2026-07}\n"), _levers,
     {"mandate": {"start": "2026-07", "events": ["new_nib", "permits_tenders"]}}),
    ("lever_straddling_start", n("start: 2027-01\nlevers:\n  csr: {start: 2026-07, workers: 5, months: 12}\n"), _levers,
     {"csr": {"start": "2026-07", "workers": 5, "months": 12}}),
    ("lever_ends_in_start_month", n("start: 2027-06\nlevers:\n  csr: {start: 2026-07, workers: 5, months: 12}\n"), "start",
     "2027-06"),
    ("seed_zero", n("seed: 0\n"), "seed", 0),
    ("seed_largest", n("seed: 9223372036854775807\n"), "seed", 2**63 - 1),
    ("target_pct_float", n("target: {pct: 51.5, by: 2028-12}\n"), lambda s: (s.target_pct, s.target_by), (51.5, "2028-12")),
    ("nesting_at_limit", n("levers:\n  mandate: {start: 2026-07, events: [renewal]}\n"), lambda s: s.levers["mandate"]["events"],
     ["renewal"]),
]


@pytest.mark.parametrize("case,text,attr,expected", GOOD, ids=[c[0] for c in GOOD])
def test_good_scenario_reads_exactly(tmp_path, params, case, text, attr, expected):
    s = load_scenario(_write(tmp_path, text), params)
    got = attr(s) if callable(attr) else getattr(s, attr)
    assert got == expected and type(got) is type(expected)
    assert load_scenario(s.to_yaml(tmp_path / "again.yaml"), params) == Scenario(**{**s.__dict__, "source": "again.yaml"})


def test_path_problems_are_named(tmp_path):
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop)
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    dangling = tmp_path / "dangling.yaml"
    dangling.symlink_to(tmp_path / "nowhere.yaml")
    real = _write(tmp_path, "name: linked\n", "real.yaml")
    (tmp_path / "link.yaml").symlink_to(real)
    cases = {loop: "is a symbolic link that points to itself (a loop)",
             tmp_path / "a" / "s.yaml": "is a symbolic link that points to itself (a loop)",
             dangling: "does not exist", tmp_path / "none.yaml": "does not exist", tmp_path: "is not a file"}
    for path, problem in cases.items():
        with pytest.raises(ScenarioError) as err:
            load_scenario(path)
        assert str(err.value) == f"{path}: {problem}"
    assert load_scenario(tmp_path / "link.yaml").name == "linked"


def test_explorer_style_mapping_is_validated_by_the_same_schema(params):
    with pytest.raises(ScenarioError) as err:
        scenario_from_dict({"name": "x", "levers": {"csr": {"start": "2026-07", "workers": float("nan")}}}, "explorer", params)
    assert str(err.value) == "explorer: levers.csr.workers: expected a finite number, found nan"
    with pytest.raises(ScenarioError) as err:
        scenario_from_dict({"name": "x", 3: 1}, "explorer")
    assert str(err.value) == "explorer: 3: keys must be text names, found 3 (a number)"
    with pytest.raises(ScenarioError) as err:
        scenario_from_dict(["name"], "explorer")
    assert str(err.value) == "explorer: <top>: expected a mapping of scenario keys, found ['name'] (a list)"


# --- properties ------------------------------------------------------------------------------------------

PROPS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@PROPS
@given(st.text(min_size=1, max_size=80).filter(lambda t: t.strip() and "\x00" not in t))
def test_any_text_name_round_trips(tmp_path, params, name):
    import yaml

    path = tmp_path / "p.yaml"
    path.write_text(yaml.safe_dump({"name": name, "name_id": name}, allow_unicode=True), encoding="utf-8")
    try:
        s = load_scenario(path, params)
    except ScenarioError as e:  # only characters YAML itself cannot hold (control characters)
        assert "is not allowed in YAML" in e.problem and "\n" not in str(e)
        return
    assert s.name == name.strip() and s.name_id == name.strip()


@PROPS
@given(st.one_of(st.integers(-10**12, 10**12), st.floats(allow_nan=True, allow_infinity=True), st.booleans(),
                 st.text(max_size=10), st.none()))
def test_any_workers_value_is_read_exactly_or_refused_naming_the_key(params, value):
    d = {"name": "x", "levers": {"csr": {"start": "2026-07", "workers": value}}}
    whole = (not isinstance(value, bool) and isinstance(value, (int, float)) and math.isfinite(value)
             and value == int(value) and 0 <= value <= 1_000_000)
    if whole:
        assert scenario_from_dict(d, params=params).levers["csr"]["workers"] == int(value)
    else:
        with pytest.raises(ScenarioError) as err:
            scenario_from_dict(d, params=params)
        assert str(err.value).startswith("<dict>: levers.csr.workers: ") and "\n" not in str(err.value)


@PROPS
@given(st.binary(max_size=300))
def test_any_bytes_give_a_scenario_or_one_scenario_error(tmp_path, data):
    path = tmp_path / "b.yaml"
    path.write_bytes(b"name: x\n" + data)
    started = time.perf_counter()
    try:
        assert load_scenario(path).name
    except ScenarioError as e:
        assert "\n" not in str(e) and str(e).startswith("b.yaml: ")
    assert time.perf_counter() - started < 1.0


_yaml_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(), st.text(max_size=8)),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)),
    max_leaves=8)


@PROPS
@given(st.dictionaries(st.sampled_from(["name", "levers", "parameters", "target", "start", "seed", "horizon", "x"]),
                       _yaml_values, max_size=5))
def test_any_structure_gives_a_scenario_or_one_scenario_error(tmp_path, params, d):
    import yaml

    path = tmp_path / "d.yaml"
    path.write_text(yaml.safe_dump(d, allow_unicode=True), encoding="utf-8")
    try:
        s = load_scenario(path, params)
        assert isinstance(s.name, str) and s.name == d["name"].strip()
    except ScenarioError as e:
        assert "\n" not in str(e) and str(e).startswith("d.yaml: ")
