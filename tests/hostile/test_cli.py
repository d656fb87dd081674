"""Hostile command lines (issue 18): every expected failure is exactly one stderr line starting ``error:``, exit
code 2, nothing on stdout; good values reach the report builder unchanged. Runs ``cli.main`` in-process (fast);
two cases also run as a real process to check the exit code and that a huge ``--draws`` fails at once."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sumsel_analysis import cli
from sumsel_analysis.policy.simulation import BYTES_PER_DRAW_MONTH, MAX_RUN_BYTES, RunSizeError

ROOT = Path(__file__).resolve().parents[2]
GOOD = "name: Test\nlevers:\n  csr: {start: 2026-07, workers: 100}\n"
TOP_HELP = "(see: python -m sumsel_analysis --help)"
REPORT_HELP = "(see: python -m sumsel_analysis report --help)"


def _run(capsys, argv):
    rc = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return rc, out, err


def _one_line_exit_2(capsys, argv) -> str:
    rc, out, err = _run(capsys, argv)
    assert rc == 2 and out == "" and err.startswith("error: ") and err.count("\n") == 1 and err.endswith("\n"), (rc, out, err)
    assert "Traceback" not in err
    return err[:-1]


@pytest.fixture()
def scenario(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(GOOD)
    return path


@pytest.fixture()
def no_report(monkeypatch):
    """Stands in for the report builder: records what the command line hands it."""
    calls = []

    def record(paths, langs, out, n_draws, seed, issued=None):
        calls.append({"paths": paths, "langs": langs, "out": out, "n_draws": n_draws, "seed": seed})
        return []

    monkeypatch.setattr("sumsel_analysis.report.publish.build_reports", record)
    return calls


# --- usage errors: one line, not the usage block -----------------------------------------------------------
USAGE = [
    ("no_command", [], f"error: the following arguments are required: command {TOP_HELP}"),
    ("unknown_command", ["frobnicate"],
     f"error: argument command: invalid choice: 'frobnicate' (choose from 'build', 'notebooks', 'outputs', 'report', 'simulate', 'ledger', 'add-figure') {TOP_HELP}"),
    ("report_without_scenario", ["report"], f"error: the following arguments are required: --scenario {REPORT_HELP}"),
    ("scenario_without_value", ["report", "--scenario"], f"error: argument --scenario: expected one argument {REPORT_HELP}"),
    ("draws_without_value", ["report", "--scenario", "s.yaml", "--draws"],
     f"error: argument --draws: expected one argument {REPORT_HELP}"),
    ("bad_lang", ["report", "--scenario", "s.yaml", "--lang", "xx"],
     f"error: argument --lang: invalid choice: 'xx' (choose from 'id', 'en', 'all') {REPORT_HELP}"),
    ("unknown_option", ["report", "--scenario", "s.yaml", "--colour", "red"],
     f"error: unrecognized arguments: --colour red {TOP_HELP}"),
    ("build_extra_argument", ["build", "now"], f"error: unrecognized arguments: now {TOP_HELP}"),
    ("notebooks_flag_value", ["notebooks", "--quick=yes"],
     "error: argument --quick: ignored explicit argument 'yes' (see: python -m sumsel_analysis notebooks --help)"),
    ("outputs_option", ["outputs", "--all"], f"error: unrecognized arguments: --all {TOP_HELP}"),
    ("only_an_option", ["--version"], f"error: the following arguments are required: command {TOP_HELP}"),
    ("report_two_unknowns", ["report", "--scenario", "s.yaml", "-x", "--y"], f"error: unrecognized arguments: -x --y {TOP_HELP}"),
]


@pytest.mark.parametrize("case,argv,line", USAGE, ids=[u[0] for u in USAGE])
def test_usage_error_is_one_line_exit_2(capsys, case, argv, line):
    assert _one_line_exit_2(capsys, argv) == line


def test_help_still_prints_the_usage_and_exits_0(capsys):
    rc, out, err = _run(capsys, ["report", "--help"])
    assert rc == 0 and out.startswith("usage: python -m sumsel_analysis report") and "--draws" in out and err == ""


# --- --draws and --seed -----------------------------------------------------------------------------------


def _too_many(n: int) -> str:
    return (f"error: argument --draws: {n:,} draws would need at least {n * BYTES_PER_DRAW_MONTH / 2**30:,.1f} GiB of "
            f"memory even for one simulated month ({BYTES_PER_DRAW_MONTH} bytes per draw and month); the limit is 1 GiB "
            f"(policy.simulation.MAX_RUN_BYTES); the default is 5000 {REPORT_HELP}")


FIRST_TOO_MANY = MAX_RUN_BYTES // BYTES_PER_DRAW_MONTH + 1
OPTIONS = [
    ("draws_billion", ["--draws", "1000000000"], _too_many(10**9)),
    ("draws_first_too_many", ["--draws", str(FIRST_TOO_MANY)], _too_many(FIRST_TOO_MANY)),
    ("draws_10_to_18", ["--draws", str(10**18)], _too_many(10**18)),
    ("draws_10_to_30", ["--draws", str(10**30)],
     f"error: argument --draws: expected a whole number <= 1,000,000,000,000,000,000, found {10**30:,} {REPORT_HELP}"),
    ("draws_zero", ["--draws", "0"], f"error: argument --draws: expected a whole number >= 1, found 0 {REPORT_HELP}"),
    ("draws_negative", ["--draws", "-1"], f"error: argument --draws: expected a whole number >= 1, found -1 {REPORT_HELP}"),
    ("draws_text", ["--draws", "abc"], f"error: argument --draws: expected a whole number, found 'abc' {REPORT_HELP}"),
    ("draws_empty", ["--draws", ""], f"error: argument --draws: expected a whole number, found '' {REPORT_HELP}"),
    ("draws_fraction", ["--draws", "5.5"], f"error: argument --draws: expected a whole number, found '5.5' {REPORT_HELP}"),
    ("draws_exponent", ["--draws", "1e9"], f"error: argument --draws: expected a whole number, found '1e9' {REPORT_HELP}"),
    ("draws_thousands_dot", ["--draws", "5.000"],
     f"error: argument --draws: expected a whole number, found '5.000' {REPORT_HELP}"),
    ("seed_minus_one", ["--seed", "-1"], f"error: argument --seed: expected a whole number >= 0, found -1 {REPORT_HELP}"),
    ("seed_very_negative", ["--seed", "-99999999999999999999"],
     f"error: argument --seed: expected a whole number >= 0, found -99999999999999999999 {REPORT_HELP}"),
    ("seed_text", ["--seed", "abc"], f"error: argument --seed: expected a whole number, found 'abc' {REPORT_HELP}"),
    ("seed_fraction", ["--seed", "1.5"], f"error: argument --seed: expected a whole number, found '1.5' {REPORT_HELP}"),
    ("seed_empty", ["--seed", ""], f"error: argument --seed: expected a whole number, found '' {REPORT_HELP}"),
    ("seed_2_to_63", ["--seed", str(2**63)],
     f"error: argument --seed: expected a whole number <= {2**63 - 1:,}, found {2**63:,} {REPORT_HELP}"),
    ("seed_2_to_64", ["--seed", str(2**64)],
     f"error: argument --seed: expected a whole number <= {2**63 - 1:,}, found {2**64:,} {REPORT_HELP}"),
]


@pytest.mark.parametrize("case,extra,line", OPTIONS, ids=[o[0] for o in OPTIONS])
def test_bad_option_value_is_one_line_exit_2_before_any_work(capsys, no_report, scenario, case, extra, line):
    started = time.perf_counter()
    assert _one_line_exit_2(capsys, ["report", "--scenario", scenario, *extra]) == line
    assert no_report == [] and time.perf_counter() - started < 5


GOOD_OPTIONS = [
    ("seed_zero", ["--seed", "0"], 5000, 0),
    ("seed_largest", ["--seed", str(2**63 - 1)], 5000, 2**63 - 1),
    ("draws_one", ["--draws", "1"], 1, 20251204),
    ("draws_spaces", ["--draws", " 12 "], 12, 20251204),
    ("draws_underscores", ["--draws", "1_000"], 1000, 20251204),
    ("draws_largest_for_one_month", ["--draws", str(FIRST_TOO_MANY - 1)], FIRST_TOO_MANY - 1, 20251204),
]


@pytest.mark.parametrize("case,extra,draws,seed", GOOD_OPTIONS, ids=[o[0] for o in GOOD_OPTIONS])
def test_good_option_values_reach_the_report_builder(capsys, no_report, scenario, tmp_path, case, extra, draws, seed):
    rc, out, err = _run(capsys, ["report", "--scenario", scenario, "--out", tmp_path / "o", "--lang", "id", *extra])
    assert (rc, out, err) == (0, "", "")
    assert no_report == [{"paths": [scenario], "langs": ["id"], "out": tmp_path / "o", "n_draws": draws, "seed": seed}]


# --- memory for the whole run: draws × months × runs -------------------------------------------------------


def _full_check_line(draws: int, months: int, runs: int) -> str:
    need = runs * draws * months * BYTES_PER_DRAW_MONTH
    most = MAX_RUN_BYTES // (runs * months * BYTES_PER_DRAW_MONTH)
    r = f" × {runs} runs" if runs > 1 else ""
    return (f"error: {draws:,} draws × {months} months{r} would need about {need / 2**30:,.1f} GiB of memory "
            f"({BYTES_PER_DRAW_MONTH} bytes per draw and month); the limit is 1 GiB, so use at most {most:,} draws")


@pytest.mark.parametrize("scenario_file,runs", [("csr_only.yaml", 1), ("combined_mandate_subsidy_csr.yaml", 4)])
def test_too_many_draws_for_the_scenarios_months_fails_before_the_simulation(capsys, tmp_path, monkeypatch, scenario_file,
                                                                               runs):
    import sumsel_analysis.trends as trends

    def no_fit(*a, **k):
        raise AssertionError("the trend fit started")

    monkeypatch.setattr(trends, "fit_trend", no_fit)
    draws = 200_000
    argv = ["report", "--scenario", ROOT / "scenarios" / scenario_file, "--out", tmp_path / "o", "--draws", draws]
    assert _one_line_exit_2(capsys, argv) == _full_check_line(draws, 60, runs)


def test_simulate_refuses_a_run_too_large_before_allocating(raw_dir):
    import numpy as np
    import pandas as pd

    from sumsel_analysis import policy
    from sumsel_analysis.data import loaders
    from sumsel_analysis.trends.baseline import BaselineProjection

    periods = pd.date_range("2026-01-01", "2030-12-01", freq="MS")
    baseline = BaselineProjection(periods, np.full((1, 60), 30.0), 4e6, "flat", {})
    s = policy.scenario_from_dict({"name": "x", "levers": {"csr": {"start": "2026-07", "workers": 5}}})
    with pytest.raises(RunSizeError) as err:
        policy.simulate(s, loaders.load_parameters(raw_dir), baseline, n_draws=10**9)
    assert str(err.value) == _full_check_line(10**9, 60, 1)[len("error: "):]


# --- paths: symlink loops, mount points, files where folders belong ----------------------------------------


def _loop(tmp_path, name="loop"):
    p = tmp_path / name
    p.symlink_to(p)
    return p


def _mutual(tmp_path):
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    return tmp_path / "a"


OUT_LOOP = "is a symbolic link loop (it points back to itself); give a real folder"
OUT_CASES = [
    ("out_self_loop", lambda t: _loop(t), OUT_LOOP),
    ("out_mutual_loop", lambda t: _mutual(t), OUT_LOOP),
    ("out_inside_a_loop", lambda t: _loop(t) / "reports", OUT_LOOP),
    ("out_is_a_file", lambda t: (t / "f.txt", (t / "f.txt").write_text("x"))[0], "exists and is not a folder"),
    ("out_under_a_file", lambda t: (t / "f.txt", (t / "f.txt").write_text("x"))[0] / "sub", "is not a folder"),
]


@pytest.mark.parametrize("case,make,problem", OUT_CASES, ids=[c[0] for c in OUT_CASES])
def test_unusable_out_is_named_as_such(capsys, tmp_path, scenario, case, make, problem):
    out = make(tmp_path)
    line = _one_line_exit_2(capsys, ["report", "--scenario", scenario, "--out", out])
    named = out.parent if case == "out_under_a_file" else out
    assert line == f"error: {named}: {problem}"


def test_out_on_a_mount_point_says_so(capsys, scenario):
    mount = next(p for p in ("/proc", "/sys", "/dev") if os.path.ismount(p))
    assert _one_line_exit_2(capsys, ["report", "--scenario", scenario, "--out", mount]) == (
        f"error: {mount}: is a mount point; the report set is staged next to the output folder and swapped in by "
        "renaming it, which a mount point cannot be: give a folder inside it")


SCENARIO_PATHS = [
    ("scenario_self_loop", lambda t: _loop(t, "s.yaml"), "is a symbolic link that points to itself (a loop)"),
    ("scenario_mutual_loop", lambda t: _mutual(t), "is a symbolic link that points to itself (a loop)"),
    ("scenario_inside_a_loop", lambda t: _loop(t) / "s.yaml", "is a symbolic link that points to itself (a loop)"),
    ("scenario_missing", lambda t: t / "none.yaml", "does not exist"),
    ("scenario_dangling_link", lambda t: (t / "d.yaml", (t / "d.yaml").symlink_to(t / "gone.yaml"))[0], "does not exist"),
    ("scenario_is_a_folder", lambda t: t, "is not a file"),
]


@pytest.fixture()
def first_step_only(monkeypatch):
    """The report's real first step (read and validate the scenario files against the parameter table), then stop."""
    def first_step(paths, **kw):
        from sumsel_analysis.data import loaders
        from sumsel_analysis.policy import load_scenario

        for p in paths:
            load_scenario(p, loaders.load_parameters())
        raise AssertionError("the computation started")

    monkeypatch.setattr("sumsel_analysis.report.publish.build_content", first_step)


@pytest.mark.parametrize("case,make,problem", SCENARIO_PATHS, ids=[c[0] for c in SCENARIO_PATHS])
def test_unusable_scenario_path_is_named_as_such(capsys, tmp_path, first_step_only, case, make, problem):
    path = make(tmp_path)
    assert _one_line_exit_2(capsys, ["report", "--scenario", path, "--out", tmp_path / "o"]) == f"error: {path}: {problem}"


SCENARIO_TEXTS = [
    ("levers_list", "name: x\nlevers: [a]\n",
     "s.yaml: line 2, column 9: levers: expected a mapping of names to values, found ['a'] (a list)"),
    ("workers_nan", "name: x\nlevers:\n  csr: {start: 2026-07, workers: .nan}\n",
     "s.yaml: line 3, column 34: levers.csr.workers: expected a finite number, found nan"),
    ("duplicate_name", "name: x\nname: y\n",
     "s.yaml: line 2, column 1: name: duplicate key (first at line 1, again at line 2); give each key once"),
    ("unused_parameter", "name: x\nparameters:\n  ump_sumsel_2026: 5\n",
     "s.yaml: line 3, column 3: parameters.ump_sumsel_2026: is in the parameter table but not used by the lever model, "
     "so an override would change nothing"),
    ("central_1e308", "name: x\nparameters:\n  apbd_premium_per_worker_month: {central: 1.0e+308}\n",
     "s.yaml: line 3, column 44: parameters.apbd_premium_per_worker_month.central: value 1e+308 is outside the allowed "
     "range [0.0, 1000000000000.0]"),
    ("lever_ended_before_start", "name: x\nstart: 2028-01\nlevers:\n  csr: {start: 2026-01, workers: 5}\n",
     "s.yaml: line 4, column 8: levers.csr: runs 2026-01–2026-12, wholly before the simulated months 2028-01–2030-12; "
     "start it later or start the scenario earlier"),
    ("set_tag", "name: x\nlevers: !!set {csr}\n", "s.yaml: line 2, column 9: levers: YAML tag not allowed: !!set (write a plain mapping)"),
    ("nested_brackets", "name: x\nlevers: " + "[" * 3000 + "]" * 3000 + "\n",
     "s.yaml: line 2: nested more than 12 levels deep (lists or mappings inside each other); a scenario needs at most 5"),
    ("name_id_list", "name: x\nname_id: [a, b]\n",
     "s.yaml: line 2, column 10: name_id: expected text, found ['a', 'b'] (a list); put text in quotes"),
    ("not_utf8", "name: caf\xe9\n", "s.yaml: line 1: not UTF-8 text (byte 0xe9); save the file as UTF-8"),
]


@pytest.mark.parametrize("case,text,message", SCENARIO_TEXTS, ids=[c[0] for c in SCENARIO_TEXTS])
def test_bad_scenario_through_the_command_line(capsys, tmp_path, first_step_only, case, text, message):
    path = tmp_path / "s.yaml"
    path.write_bytes(text.encode("latin-1" if case == "not_utf8" else "utf-8"))
    assert _one_line_exit_2(capsys, ["report", "--scenario", path, "--out", tmp_path / "o"]) == f"error: {message}"


@pytest.mark.parametrize("what,text", [
    ("horizon", "name: x\nhorizon: 2025-06\ntarget: {by: 2025-06}\n"),
    ("target.by", "name: x\ntarget: {by: 2025-03}\n")])
def test_horizon_or_target_before_the_data_through_the_command_line(capsys, tmp_path, monkeypatch, what, text):
    def until_the_simulation(paths, n_draws, seed, issued=None):  # the real steps up to simulate(), on a small baseline
        from sumsel_analysis import policy
        from sumsel_analysis.data import loaders

        params = loaders.load_parameters()
        for p in paths:
            policy.simulate(policy.load_scenario(p, params), params, n_draws=0)
        raise AssertionError("the simulation ran")

    monkeypatch.setattr("sumsel_analysis.report.publish.build_content", until_the_simulation)
    path = tmp_path / "s.yaml"
    path.write_text(text)
    line = _one_line_exit_2(capsys, ["report", "--scenario", path, "--out", tmp_path / "o"])
    assert re.fullmatch(rf"error: s\.yaml: line \d+, column \d+: {re.escape(what)}: 2025-0\d is not after the latest data "
                        r"month \d{4}-\d\d; the simulation projects from \d{4}-\d\d", line), line


# --- as a real process ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("extra,fragment", [(["--draws", "1000000000"], "draws would need at least 149.0 GiB"),
                                            (["--seed", "-1"], "argument --seed: expected a whole number >= 0, found -1")])
def test_real_process_fails_at_once_with_one_line_and_exit_2(tmp_path, extra, fragment):
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "sumsel_analysis", "report", "--scenario", "scenarios/csr_only.yaml",
                           "--out", str(tmp_path / "o"), *extra], cwd=ROOT, capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 2 and proc.stdout == "" and proc.stderr.count("\n") == 1, proc
    assert proc.stderr.startswith("error: ") and fragment in proc.stderr
    assert time.perf_counter() - started < 10
    assert not (tmp_path / "o").exists()


def test_makefile_apt_waits_for_the_dpkg_lock():
    mk = (ROOT / "Makefile").read_text()
    assert re.search(r"^APT_GET := apt-get -o DPkg::Lock::Timeout=600$", mk, re.M)
    for target in ("pdf-deps", "browser"):
        body = re.search(rf"^{target}:.*\n((?:\t.*\n)+)", mk, re.M).group(1)
        assert "$(APT_GET) update" in body and "$(APT_GET) install" in body, target
    assert not re.search(r"(?<!APT_GET := )\bapt-get\b", mk.replace("APT_GET := apt-get", "")), "an apt-get without the lock wait"
