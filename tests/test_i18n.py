"""One translation source: every key in both languages; placeholders filled; unknown keys fail loudly."""

import pytest

from sumsel_analysis.i18n import catalogue, t


def test_every_key_has_both_languages_and_same_placeholders():
    import string

    for key, entry in catalogue().items():
        assert set(entry) == {"id", "en"}, key
        fields = [{f for _, f, _, _ in string.Formatter().parse(entry[lang]) if f} for lang in ("id", "en")]
        assert fields[0] == fields[1], f"{key}: placeholders differ between id and en"
        assert entry["id"].strip() and entry["en"].strip(), key


def test_t_fills_and_fails():
    assert t("segment.PU", "id") == "Penerima Upah (PU)"
    assert t("segment.PU", "en") == "Wage earners (PU)"
    with pytest.raises(KeyError, match="no translation for 'nope'"):
        t("nope", "en")
    with pytest.raises(ValueError, match="language"):
        t("segment.PU", "de")
