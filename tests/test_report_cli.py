"""The report command's issue date (issue 20): a bad ``--issued`` or ``SOURCE_DATE_EPOCH`` is one line naming the flag
or variable and the problem, exit code 2, before any computation, and nothing is written."""

import datetime as dt
from pathlib import Path

import pytest

from sumsel_analysis.cli import main
from sumsel_analysis.data.build import ensure_built
from sumsel_analysis.report.cli import issued_problem

ROOT = Path(__file__).resolve().parents[1]
SCEN = ROOT / "scenarios" / "combined_mandate_subsidy_csr.yaml"
TODAY = dt.datetime.now(dt.timezone.utc).date()


@pytest.fixture(scope="module")
def data_date():
    return ensure_built()["data_date"]


def _run(capsys, monkeypatch, tmp_path, args, env=None):
    def started(*a, **k):
        raise AssertionError("computation started")

    monkeypatch.setattr("sumsel_analysis.report.publish.build_content", started)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    for k, v in (env or {}).items():
        monkeypatch.setenv(k, v)
    out = tmp_path / "out"
    rc = main(["report", "--scenario", str(SCEN), "--lang", "id", "--draws", "10", "--out", str(out), *args])
    o, e = capsys.readouterr()
    return rc, o, e, out


CASES = [
    ("month_13", ["--issued", "2026-13-01"], {}, ["--issued", "expected a date YYYY-MM-DD", "2026-13-01"]),
    ("word", ["--issued", "tomorrow"], {}, ["--issued", "expected a date YYYY-MM-DD", "tomorrow"]),
    ("day_32", ["--issued", "2026-01-32"], {}, ["--issued", "2026-01-32"]),
    ("compact", ["--issued", "20261203"], {}, ["--issued", "20261203"]),
    ("before_data", ["--issued", "2020-01-01"], {}, ["--issued", "2020-01-01", "before the data date"]),
    ("future", ["--issued", (TODAY + dt.timedelta(days=1)).isoformat()], {}, ["--issued", "after today"]),
    ("epoch_word", [], {"SOURCE_DATE_EPOCH": "yesterday"}, ["SOURCE_DATE_EPOCH", "whole seconds", "yesterday"]),
    ("epoch_float", [], {"SOURCE_DATE_EPOCH": "1796256000.5"}, ["SOURCE_DATE_EPOCH", "whole seconds"]),
    ("epoch_huge", [], {"SOURCE_DATE_EPOCH": "99999999999999999"}, ["SOURCE_DATE_EPOCH", "whole seconds"]),
    ("epoch_1970", [], {"SOURCE_DATE_EPOCH": "0"}, ["SOURCE_DATE_EPOCH", "1970-01-01", "before the data date"]),
]


@pytest.mark.parametrize("name,args,env,fragments", CASES, ids=[c[0] for c in CASES])
def test_bad_issue_date_is_one_line_exit_2_nothing_written(capsys, monkeypatch, tmp_path, name, args, env, fragments):
    rc, out, err, folder = _run(capsys, monkeypatch, tmp_path, args, env)
    assert rc == 2, (out, err)
    assert err.startswith("error: ") and err.count("\n") == 1 and "Traceback" not in err, err
    for frag in fragments:
        assert frag in err, f"{name}: {frag!r} not in {err!r}"
    assert out == "" and not folder.exists()


def test_issue_date_rules(data_date, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    today = dt.date(2026, 12, 3)
    assert issued_problem("2026-12-03", data_date, today) == ("2026-12-03", None)
    assert issued_problem(data_date, data_date, today) == (data_date, None)  # the data date itself is allowed
    day_before = (dt.date.fromisoformat(data_date) - dt.timedelta(days=1)).isoformat()
    assert "before the data date" in issued_problem(day_before, data_date, today)[1]
    assert "after today" in issued_problem("2026-12-04", data_date, today)[1]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796256000")  # 2026-12-03 00:00 UTC: the default when --issued is absent
    assert issued_problem(None, data_date, today) == ("2026-12-03", None)
    assert issued_problem("2026-06-30", data_date, today) == ("2026-06-30", None)  # --issued wins over the variable
