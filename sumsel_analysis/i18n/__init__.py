"""One translation source for every label, title and sentence the package shows.

Strings live in YAML files beside this module (``common.yaml``, ``metrics.yaml``, ``forecast.yaml``,
``policy.yaml``, ``report.yaml``, ``explorer.yaml`` …), each a mapping ``key: {id: …, en: …}``.
Keys are unique across files; ``t(key, lang, **values)`` fills ``{placeholders}``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from sumsel_analysis.numbers import LANGS

_DIR = Path(__file__).parent


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    """All strings from every YAML file in this folder; a key defined twice is an error."""
    out: dict[str, dict[str, str]] = {}
    for path in sorted(_DIR.glob("*.yaml")):
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
