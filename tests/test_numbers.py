"""Indonesian and English number text: strict parsing, convention-true formatting."""

import pandas as pd
import pytest

from sumsel_analysis.numbers import (
    NumberTextError,
    format_date,
    format_magnitude,
    format_month,
    format_number,
    format_percent,
    format_rupiah,
    parse_number,
)


@pytest.mark.parametrize("text,value,unit", [
    ("1.035.000", 1_035_000, None), ("32,82%", 32.82, "percent"), ("1,3 juta", 1_300_000, None),
    ("409 ribu", 409_000, None), ("409 ribuan", 409_000, None), ("Rp1,6 miliar", 1.6e9, "rupiah"),
    ("Rp 16.800", 16_800, "rupiah"), ("2,7 juta", 2_700_000, None), ("36,7 persen", 36.7, "percent"),
    ("1035000", 1_035_000, None), (1035000, 1_035_000, None), ("Rp80,6 miliar", 80.6e9, "rupiah"),
    ("1.234,5", 1234.5, None), ("1 triliun", 1e12, None),
])
def test_parse_number(text, value, unit):
    parsed = parse_number(text)
    assert parsed.value == pytest.approx(value)
    assert parsed.unit == unit


@pytest.mark.parametrize("text,fragment", [
    ("1.5", "ambiguous"), ("1,234.5", "English notation"), ("", "empty"), ("banyak", "not a number"),
    ("1,2,3", "more than one decimal comma"), ("12.34.5", "ambiguous"),
])
def test_parse_number_rejects(text, fragment):
    with pytest.raises(NumberTextError, match=fragment):
        parse_number(text)


def test_format_indonesian_and_english():
    assert format_number(1_035_000, "id") == "1.035.000"
    assert format_number(1_035_000, "en") == "1,035,000"
    assert format_percent(32.82, "id") == "32,82%"
    assert format_percent(32.82, "en") == "32.82%"
    assert format_rupiah(1.6e9, "id") == "Rp1,6 miliar"
    assert format_rupiah(1.6e9, "en") == "Rp1.6 billion"
    assert format_rupiah(16_800, "id") == "Rp16.800"
    assert format_magnitude(1_300_000, "id") == "1,3 juta"
    assert format_month("2025-12-04", "id") == "Desember 2025"
    assert format_month(pd.Timestamp("2025-08-01"), "en") == "August 2025"
    assert format_date("2025-12-04", "id") == "4 Desember 2025"


def test_format_then_parse_round_trips():
    for x in (1_035_000, 573_540, 16_800):
        assert parse_number(format_number(x, "id")).value == x
    assert parse_number(format_percent(32.82, "id")).value == pytest.approx(32.82)
    assert parse_number(format_rupiah(1.6e9, "id")).value == pytest.approx(1.6e9)


def test_unknown_language():
    with pytest.raises(ValueError, match="language must be one of"):
        format_number(1, "fr")


def test_babel_locale_formats_keep_fixed_decimals_and_words():
    assert format_magnitude(1_000_000, "id") == "1,0 juta"
    assert format_rupiah(167e9, "id", 0) == "Rp167 miliar" and format_rupiah(167e9, "en", 0) == "Rp167 billion"
    assert format_percent(32.8, "id", 1) == "32,8%"
    assert format_date("2025-12-04", "en") == "4 December 2025"
    assert format_number(float("nan"), "id") == format_month(pd.NaT, "id") == "–"
