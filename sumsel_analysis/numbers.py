"""Read and write numbers the way Indonesian and English texts print them.

Indonesian text uses '.' for thousands and ',' for decimals (1.035.000; 32,82%), and words for
magnitudes (ribu = 10^3, juta = 10^6, miliar = 10^9, triliun = 10^12). Parsing is strict: text
that could mean two different numbers (``"1.5"``) is an error, never a guess.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal
from datetime import date
from functools import lru_cache

import pandas as pd
from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers

LANGS = ("id", "en")

_MAGNITUDES = {
    "ribu": 1e3, "ribuan": 1e3, "rb": 1e3, "ribu-an": 1e3,
    "juta": 1e6, "jt": 1e6, "million": 1e6, "mn": 1e6,
    "miliar": 1e9, "milyar": 1e9, "billion": 1e9, "bn": 1e9,
    "triliun": 1e12, "trillion": 1e12, "thousand": 1e3,
}

MONTHS = {
    "id": ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
           "Oktober", "November", "Desember"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"],
}


class NumberTextError(ValueError):
    """Text that is not a number in Indonesian (or plain) notation."""


@dataclass(frozen=True)
class ParsedNumber:
    """A number read from text. ``unit`` is 'percent', 'rupiah', 'persons' (a word such as 'orang' or
    'jiwa' after the number) or None (a plain count)."""

    value: float
    unit: str | None


_NUM = re.compile(r"^[+-]?[\d.,]+$")
# Indonesian magnitude words: a number written with one of them is Indonesian text ('1,035 juta' = 1.035.000)
INDONESIAN_MAGNITUDES = ("ribu", "ribuan", "rb", "ribu-an", "juta", "jt", "miliar", "milyar", "triliun")
# words that state a count of people after the number ('1,3 juta orang', '409 ribu jiwa')
_PERSON_WORDS = ("orang", "jiwa", "pekerja", "peserta", "tenaga kerja", "persons", "people", "workers")


def _parse_digits(s: str, text: str) -> Decimal:
    """Digits with Indonesian separators: '.' groups thousands, ',' marks decimals."""
    if not _NUM.match(s):
        raise NumberTextError(f"{text!r} is not a number")
    if "," in s and "." in s:
        if s.rfind(",") < s.rfind("."):
            raise NumberTextError(f"{text!r}: '.' after ',' is English notation; expected Indonesian 1.234,5")
        int_part, dec_part = s.split(",")
    elif "," in s:
        if s.count(",") > 1:
            raise NumberTextError(f"{text!r}: more than one decimal comma")
        int_part, dec_part = s.split(",")
    else:
        int_part, dec_part = s, ""
    if "." in int_part:
        groups = int_part.lstrip("+-").split(".")
        if not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])):
            raise NumberTextError(
                f"{text!r} is ambiguous: '.' is a thousands separator in Indonesian text and must be "
                "followed by groups of three digits (write decimals with ',', e.g. 1,5)"
            )
        int_part = int_part.replace(".", "")
    if dec_part and not dec_part.isdigit():
        raise NumberTextError(f"{text!r} is not a number")
    return Decimal(f"{int_part}.{dec_part}" if dec_part else int_part)


def parse_number(text: object) -> ParsedNumber:
    """Parse ``'1.035.000'``, ``'32,82%'``, ``'1,3 juta'``, ``'Rp1,6 miliar'``, ``'409 ribu'`` or a number.

    Raises NumberTextError with the offending text when it cannot be read unambiguously.
    """
    if isinstance(text, bool):
        raise NumberTextError(f"{text!r} is a boolean, not a number")
    if isinstance(text, (int, float)):
        if isinstance(text, float) and math.isnan(text):
            raise NumberTextError("empty value")
        return ParsedNumber(float(text), None)
    if text is None:
        raise NumberTextError("empty value")
    s = str(text).strip().lower().replace("\u00a0", " ")
    if not s:
        raise NumberTextError("empty value")
    unit = None
    if s.endswith("%"):
        unit, s = "percent", s[:-1].strip()
    elif s.endswith("persen"):
        unit, s = "percent", s[: -len("persen")].strip()
    else:
        word = next((w for w in _PERSON_WORDS if s.endswith(" " + w) or s == w), None)
        if word:
            unit, s = "persons", s[: -len(word)].strip()
    if s.startswith("rp"):
        unit, s = "rupiah", s[2:].lstrip(". ").strip()
    s = s.lstrip("~±").replace("sekitar", "").strip()
    factor = Decimal(1)
    m = re.match(r"^(.*?)[\s]*([a-z.\-]+)$", s)
    if m and m.group(2) in _MAGNITUDES:
        s, factor = m.group(1).strip(), Decimal(int(_MAGNITUDES[m.group(2)]))
    value = _parse_digits(s.replace(" ", ""), str(text))
    return ParsedNumber(float(value * factor), unit)  # exact decimal product: '4,1 juta' is 4100000.0


# --- formatting ------------------------------------------------------------------------------
# Separators, magnitude words and month names come from Babel's CLDR locale data (id; en_GB for
# English, which writes '4 December 2025'), not from rules written here.

_LOCALES = {"id": "id", "en": "en_GB"}
MISSING = "–"  # printed for a missing value; the brief explains it in a footnote


def _check_lang(lang: str) -> None:
    if lang not in LANGS:
        raise ValueError(f"language must be one of {LANGS}, got {lang!r}")


def _missing(x) -> bool:
    return x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x)) or x is pd.NaT


def format_number(x: float, lang: str, decimals: int = 0) -> str:
    """1035000 -> '1.035.000' (id) or '1,035,000' (en); exactly ``decimals`` decimals."""
    _check_lang(lang)
    if _missing(x):
        return MISSING
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return babel_numbers.format_decimal(round(float(x), decimals) + 0.0, format=pattern,
                                        locale=_LOCALES[lang])


def format_percent(x_pct: float, lang: str, decimals: int = 2) -> str:
    """32.82 (a percent, not a share) -> '32,82%' (id) or '32.82%' (en)."""
    if _missing(x_pct):
        return MISSING
    sign = Locale.parse(_LOCALES[lang]).number_symbols["latn"]["percentSign"]
    return f"{format_number(x_pct, lang, decimals)}{sign}"


@lru_cache(maxsize=4)
def _magnitude_words(lang: str) -> list[tuple[float, str]]:
    """(10^12, 'triliun'), (10^9, 'miliar') … from the locale's long compact-decimal patterns."""
    pats = Locale.parse(_LOCALES[lang]).compact_decimal_formats["long"]["other"]
    out = []
    for size in ("1000000000000", "1000000000", "1000000", "1000"):
        out.append((float(size), pats[size].pattern.replace("0", "").strip()))
    return out


def format_magnitude(x: float, lang: str, decimals: int = 1, min_word: float = 1e6) -> str:
    """1_300_000 -> '1,3 juta' (id) / '1.3 million' (en); below ``min_word`` the full number."""
    _check_lang(lang)
    if _missing(x):
        return MISSING
    for size, word in _magnitude_words(lang):
        if abs(x) >= size and size >= min_word:
            return f"{format_number(x / size, lang, decimals)} {word}"
    return format_number(x, lang, 0)


def format_rupiah(x: float, lang: str, decimals: int = 1) -> str:
    """1.6e9 -> 'Rp1,6 miliar' (id) / 'Rp1.6 billion' (en); 16800 -> 'Rp16.800' / 'Rp16,800'."""
    if _missing(x):
        return MISSING
    sign = "-" if x < 0 else ""
    return f"{sign}Rp{format_magnitude(abs(x), lang, decimals)}"


# 'mixed': a figure derived from inputs bounded in opposite directions (coverage.metrics.derived_bound)
BOUND_MARKS = {"upper": "< ", "lower": "≥ ", "mixed": "≈ "}


def format_bounded(text: str, bound: object) -> str:
    """A formatted figure the source states as a bound: ('1%', 'upper') -> '< 1%', ('48%', 'lower') -> '≥ 48%';
    a figure derived from opposite bounds ('mixed') -> '≈ …'; empty or missing ``bound`` leaves it as it is."""
    return BOUND_MARKS.get(bound, "") + text if isinstance(bound, str) and text != MISSING else text


def format_month(d: date | pd.Timestamp | str, lang: str) -> str:
    """2025-12-04 -> 'Desember 2025' (id) / 'December 2025' (en)."""
    _check_lang(lang)
    if _missing(d):
        return MISSING
    return babel_dates.format_date(pd.Timestamp(d).date(), format="MMMM y", locale=_LOCALES[lang])


def format_date(d: date | pd.Timestamp | str, lang: str) -> str:
    """2025-12-04 -> '4 Desember 2025' (id) / '4 December 2025' (en)."""
    _check_lang(lang)
    if _missing(d):
        return MISSING
    return babel_dates.format_date(pd.Timestamp(d).date(), format="long", locale=_LOCALES[lang])


def format_value(v, unit: str, lang: str, digits: int | None = None) -> str:
    """One value in ``lang`` by its unit — pct, probability and share (0–1) as percents, points, param, code, rupiah,
    ratio, year, magnitude, date (``digits=1``: the day too), else a number (the brief's, the workbook's and the
    notebooks' format: ``report.results.fmt``; the not-modelled list's, ``policy.omissions``)."""
    if _missing(v):
        return MISSING
    if unit == "date":
        return format_date(v, lang) if digits == 1 else format_month(v, lang)
    if unit == "pct":
        return format_percent(float(v), lang, 1 if digits is None else digits)
    if unit == "probability":
        return format_percent(100 * float(v), lang, 0 if digits is None else digits)
    if unit == "share":  # a share 0–1 printed as a percent
        return format_percent(100 * float(v), lang, 1 if digits is None else digits)
    if unit == "points":  # percentage points
        return format_number(float(v), lang, 1 if digits is None else digits)
    if unit == "param":  # a parameter value: whole numbers plain, others with two (≥ 1) or three decimals
        x = float(v)
        d = 0 if x == round(x) or abs(x) >= 100 else (2 if abs(x) >= 1 else 3)
        return format_number(x, lang, d if digits is None else digits)
    if unit == "code":  # an identifier such as the random seed: digits only
        return str(int(v))
    if unit == "rupiah":
        return format_rupiah(float(v), lang)
    if unit == "ratio":
        return format_number(float(v), lang, 0 if digits is None else digits) + "×"
    if unit in ("year",):
        return str(int(v))
    if unit == "magnitude":
        return format_magnitude(float(v), lang, 2)
    return format_number(float(v), lang, 0 if digits is None else digits)
