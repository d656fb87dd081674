"""The project's English prose in another language: categorical values and note texts from the catalogue.

Data rows and code write some text in English: categorical values ('observed', 'ump minimum_wage'), the
project's remarks beside publisher names ('Databoks (Katadata), citing BPS'), notes generated from a template
('Derived (…)'), numbers printed by a program ('1.3e+06 persons'). ``prose(text, lang)`` gives such a text in
``lang`` from the catalogue (``i18n/notes.yaml`` ``note.tpl.*`` templates, ``wb.value.*`` values …); the
workbook and the brief (its sources list and chart source lines) both use it.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

from sumsel_analysis.i18n import catalogue, t
from sumsel_analysis.numbers import format_date, format_month, format_number

_WORD_PREFIXES = ("wb.value.", "report.kind.", "report.status.", "report.evidence.", "report.flag.", "segment.",
                  "industry.", "policy.lever.", "report.verification.", "report.model.", "report.denominator.",
                  "report.loo.metric.", "report.score.", "metric.", "unit.", "label.")
_NUM = re.compile(r"(?<![\w.])-?\d[\d,]*(?:\.\d+)?(?:e[+-]?\d+)?(?![\w])")


def _slug(v: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", v.lower()).strip("_")


def word(v: str, lang: str) -> str | None:
    """A coded or English categorical value in ``lang`` from the catalogue, or None when it has no entry."""
    cat = catalogue()
    english = _english_values()
    if v in english:
        return t(english[v], lang)
    for prefix in _WORD_PREFIXES:
        for key in (prefix + v, prefix + _slug(v)):
            if key in cat:
                return t(key, lang)
    return None


@lru_cache(maxsize=1)
def _english_values() -> dict[str, str]:
    """English text of the workbook's value entries → their key (to translate values the data spells in English)."""
    return {e["en"]: k for k, e in catalogue().items() if k.startswith("wb.value.")}


def numbers_in_text(text: str, lang: str) -> str:
    """Numbers printed in English inside a text ('stated 1.3e+06 persons') in ``lang``'s format and words."""
    def num(m: re.Match) -> str:
        raw = m.group(0)
        x = float(raw.replace(",", ""))
        decimals = 0 if "e" in raw or x == round(x) or abs(x) >= 1000 else min(2, len(raw.split(".")[-1]))
        return format_number(x, lang, decimals)

    out = _NUM.sub(num, text)
    return re.sub(r"\b(stated|implied|persons|percent|employers)\b", lambda m: word(m.group(1), lang) or m.group(1), out)


@lru_cache(maxsize=1)
def _templates() -> list[tuple[re.Pattern, str, str]]:
    """The catalogue's note templates as (regex of the English text with named groups, English, key), longest first."""
    out = []
    for key, entry in catalogue().items():
        if key.startswith("note.tpl."):
            parts = re.split(r"\{(\w+)\}", entry["en"])
            rx = "".join(re.escape(x) if i % 2 == 0 else f"(?P<{x}>.+?)" for i, x in enumerate(parts))
            out.append((re.compile(rx, re.S), entry["en"], key))
    return sorted(out, key=lambda x: -len(x[1]))


def _piece(v: str, lang: str) -> str:
    """A value filled into a note template, in ``lang``: a date, a month, metric or category codes, or a text."""
    if re.fullmatch(r"\d+(/\d+)+|(19|20)\d{2}", v):  # a regulation's number ('4/2021') or a year: as written
        return v
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}|\d{1,2} [A-Z][a-z]+ \d{4}", v):  # '5 May 2025' too
        return format_date(pd.Timestamp(v), lang)
    if re.fullmatch(r"\d{4}-\d{2}", v):
        return format_month(v + "-01", lang)
    if re.fullmatch(r"[a-z_]+( [a-z_]+)*", v):
        whole = word(v, lang)  # a pair of codes named as one ('ump minimum_wage')
        if whole is not None:
            return whole
        cat = catalogue()
        words = [t(f"metric.{w}", lang) if f"metric.{w}" in cat else word(w, lang) for w in v.split()]
        if all(words):
            return " ".join(words)
    return prose(v, lang)


def prose(text: str, lang: str, ids: tuple[str, ...] = (), prefixes: tuple[str, ...] = ()) -> str:
    """The project's English prose in ``lang``: the catalogue entry of the first of ``ids`` under one of
    ``prefixes`` (a row's own note), else the note template (``note.tpl.*``) the text was generated from with its
    values in ``lang``, else, for a text of numbers and symbols only, its numbers in ``lang``'s format; otherwise
    the text as it is (the workbook-language test names any English left)."""
    if lang == "en" or not isinstance(text, str) or not text:
        return text
    cat = catalogue()
    for i in ids:
        for prefix in prefixes:
            if prefix + i in cat:
                return t(prefix + i, lang)
    for rx, _, key in _templates():
        m = rx.fullmatch(text)
        if m:
            return t(key, lang, **{k: _piece(v, lang) for k, v in m.groupdict().items()})
    if not re.search(r"[A-Za-z]{2,}", re.sub(r"\b[A-Z]\d{4}\b", "", text)):  # a formula: numbers, symbols, row codes
        return numbers_in_text(text, lang)
    return text
