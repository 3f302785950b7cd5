"""The English and Welsh catalogues hold the same keys with the same placeholders, plural forms
as CLDR counts them, and the Welsh is marked for a translator's review until it has had one."""

from __future__ import annotations

import gettext
import re

import pytest
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from bot.i18n import (
    BABEL_LOCALES,
    ENGLISH,
    LOCALES_DIR,
    WELSH,
    catalogue,
    keys,
    placeholders,
)

MARKUP = re.compile(r"<[^<>\s][^<>]*>")  # Slack's links, mentions and date tokens


def _forms(language: str, key: str) -> tuple[str, ...]:
    chosen = catalogue(language)
    return chosen.plurals.get(key) or ((chosen.texts[key],) if key in chosen.texts else ())


def test_both_catalogues_define_the_same_keys():
    assert sorted(keys(WELSH) ^ keys(ENGLISH)) == []


def test_both_catalogues_hold_the_same_features_in_the_same_files():
    english = {p.name for p in (LOCALES_DIR / ENGLISH / "LC_MESSAGES").glob("*.po")}
    welsh = {p.name for p in (LOCALES_DIR / WELSH / "LC_MESSAGES").glob("*.po")}
    assert english == welsh
    for key in keys(ENGLISH) & keys(WELSH):
        assert catalogue(WELSH).files[key].name == catalogue(ENGLISH).files[key].name, key


def test_a_welsh_text_fills_in_the_same_placeholders_as_the_english():
    wrong = {}
    for key in sorted(keys(ENGLISH) & keys(WELSH)):
        if not _forms(WELSH, key):
            continue  # not translated yet: English is shown
        english, welsh = placeholders(key, ENGLISH), placeholders(key, WELSH)
        # a plural's forms may leave the count out ("one group"), never add a name
        if key in catalogue(ENGLISH).plurals:
            ok = welsh - {"count"} == english - {"count"}
        else:
            ok = welsh == english
        if not ok:
            wrong[key] = (sorted(english), sorted(welsh))
    assert wrong == {}


def test_a_welsh_text_keeps_slacks_markup():
    wrong = {}
    for key in sorted(keys(ENGLISH) & keys(WELSH)):
        for english, welsh in zip(_forms(ENGLISH, key), _forms(WELSH, key)[:1] * 2, strict=False):
            if sorted(MARKUP.findall(english)) != sorted(MARKUP.findall(welsh)):
                wrong[key] = welsh
    assert wrong == {}


def test_every_plural_has_the_forms_its_language_counts():
    for language, count in ((ENGLISH, 2), (WELSH, 6)):
        for key, forms in catalogue(language).plurals.items():
            assert len(forms) == count, (language, key)
    assert catalogue(WELSH).plurals.keys() == catalogue(ENGLISH).plurals.keys()


@pytest.mark.parametrize("language", [ENGLISH, WELSH])
def test_the_plural_forms_header_is_cldrs_rule(language):
    expected = get_plural(BABEL_LOCALES[language])
    for path in (LOCALES_DIR / language / "LC_MESSAGES").glob("*.po"):
        with path.open("rb") as handle:
            read = read_po(handle)
        assert read.num_plurals == expected.num_plurals, path.name
        assert read.plural_expr == expected.plural_expr, path.name
    header_rule = gettext.c2py(expected.plural_expr)
    chosen = catalogue(language)
    assert [chosen.plural_index(n) for n in range(1000)] == [header_rule(n) for n in range(1000)]


def test_welsh_has_six_plural_forms_as_cldr_names_them():
    chosen = catalogue(WELSH)
    assert [chosen.plural_index(n) for n in (0, 1, 2, 3, 4, 6, 11)] == [0, 1, 2, 3, 5, 4, 5]


def test_welsh_entries_not_yet_reviewed_are_marked_fuzzy_for_translators():
    """A translator clears `#, fuzzy` once they have reviewed an entry; until then it is
    shown (Welsh waiting for review is better than English) and listed here."""
    welsh = catalogue(WELSH)
    assert welsh.needs_review <= keys(WELSH)
    for path in (LOCALES_DIR / WELSH / "LC_MESSAGES").glob("*.po"):
        text = path.read_text(encoding="utf-8")
        assert "fuzzy" in text.split("msgid", 1)[0] or "#, fuzzy" in text, path.name
