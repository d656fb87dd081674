"""One translation source for every label, title and sentence the package shows.

Strings live in YAML files beside this module (``common.yaml``, ``metrics.yaml``, ``forecast.yaml``,
``policy.yaml``, ``report.yaml``, ``explorer.yaml`` …), each a mapping ``key: {id: …, en: …}``.
Keys are unique across files; ``t(key, lang, **values)`` fills ``{placeholders}``. ``glossary.yaml`` is not a
catalogue file: it holds the preferred terms, the calques to avoid and the acronyms with their spelled-out
names (``glossary()``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from sumsel_analysis.numbers import LANGS

_DIR = Path(__file__).parent
_GLOSSARY = _DIR / "glossary.yaml"


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    """All strings from every YAML file in this folder; a key defined twice is an error."""
    out: dict[str, dict[str, str]] = {}
    for path in sorted(p for p in _DIR.glob("*.yaml") if p != _GLOSSARY):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if not isinstance(data, dict):
            raise ValueError(f"{path.name}: expected a mapping of key -> {{id, en}}")
        for key, entry in data.items():
            if key in out:
                raise ValueError(f"{path.name}: key {key!r} is already defined in another i18n file")
            if not isinstance(entry, dict) or set(entry) != set(LANGS):
                raise ValueError(f"{path.name}: key {key!r} must have exactly the languages {LANGS}")
            out[key] = entry
    return out


def t(key: str, lang: str, **values: object) -> str:
    """The text for ``key`` in ``lang`` ('id' or 'en'), with ``{placeholders}`` filled from ``values``."""
    if lang not in LANGS:
        raise ValueError(f"language must be one of {LANGS}, got {lang!r}")
    try:
        text = catalogue()[key][lang]
    except KeyError:
        raise KeyError(f"no translation for {key!r}; add it to a YAML file in {_DIR}") from None
    return text.format(**values) if values else text


@lru_cache(maxsize=1)
def glossary() -> dict[str, list[dict]]:
    """The glossary: ``terms`` (preferred Indonesian, English, forbidden calques) and ``acronyms`` (short forms
    with the spelled-out name per language); a malformed entry is an error naming it."""
    data = yaml.safe_load(_GLOSSARY.read_text(encoding="utf-8")) or {}
    for i, entry in enumerate(data.get("terms", [])):
        if not {"term", *LANGS, "forbidden"} <= set(entry):
            raise ValueError(f"{_GLOSSARY.name}: term #{i + 1} needs term, {', '.join(LANGS)} and forbidden")
    for i, entry in enumerate(data.get("acronyms", [])):
        if not {"forms", *LANGS} <= set(entry) or not entry["forms"]:
            raise ValueError(f"{_GLOSSARY.name}: acronym #{i + 1} needs forms, {', '.join(LANGS)}")
    return {"terms": data.get("terms", []), "acronyms": data.get("acronyms", [])}


def calques(text: str) -> list[str]:
    """The glossary's forbidden calques found in ``text`` (whole words, any case; ``{placeholders}`` ignored),
    each once, in glossary order."""
    text = re.sub(r"\{\w+\}", " ", text)
    found = []
    for term in glossary()["terms"]:
        for bad in term["forbidden"]:
            if bad not in found and re.search(rf"(?<![\w-]){re.escape(bad)}(?![\w-])", text, re.I):
                found.append(bad)
    return found
