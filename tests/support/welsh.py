"""What the Welsh tests share: Welsh words for every key, whether or not the Welsh catalogues
have them yet (the `welsh_words` fixture), and how a test reads a key's words in a language and
what a message said.

A key the Welsh catalogue translates keeps its Welsh; any other reads as its English after a
mark, so that a bilingual message always differs from the English one and a test can tell the
Welsh part from the English. Tests compare with `with use_language(WELSH): t(key)`, never with
Welsh words written out.
"""

from __future__ import annotations

from typing import Any

import pytest

from bot.i18n import ENGLISH, WELSH, catalogue, placeholders, plural, t, use_language

MARK = "[cy] "
# English's two forms spread over Welsh's six (zero, one, two, few, many, other)
_FORM_FOR_CATEGORY = {"one": 0}


@pytest.fixture
def welsh_words(monkeypatch: pytest.MonkeyPatch) -> None:
    english, welsh = catalogue(ENGLISH), catalogue(WELSH)
    texts = {
        key: welsh.texts.get(key) or (MARK + text if text else text)
        for key, text in english.texts.items()
    }
    categories = welsh._categories  # the Welsh forms' order
    plurals = {
        key: welsh.plurals.get(key)
        or tuple(MARK + forms[_FORM_FOR_CATEGORY.get(c, len(forms) - 1)] for c in categories)
        for key, forms in english.plurals.items()
    }
    monkeypatch.setattr(welsh, "texts", texts)
    monkeypatch.setattr(welsh, "plurals", plurals)


# Reading what was said ------------------------------------------------------------------------

GAP = "\x00"  # stands for whatever a message fills in that the test does not know


def said(payload: Any) -> str:
    """Every string in a message or view, one a line, as the person reads them."""
    if isinstance(payload, dict):
        return "\n".join(said(value) for value in payload.values())
    if isinstance(payload, list):
        return "\n".join(said(value) for value in payload)
    return payload if isinstance(payload, str) else ""


def words(
    language: str, key: str, count: int | None = None, *, gapped: bool = False, **params: Any
) -> str:
    """A key's words in `language`: its plural form for `count` when given, `params` filled in.
    With `gapped`, every placeholder but the count is left as a GAP and only the longest
    stretch of the key's own words between them is kept."""
    if gapped:
        params = {name: GAP for name in placeholders(key) if name != "count"} | params
    with use_language(language):
        text = plural(key, count, **params) if count is not None else t(key, **params)
    if gapped:
        return max((part.strip(" *_\n:") for part in text.split(GAP)), key=len)
    return text


def welsh(key: str, count: int | None = None, *, gapped: bool = False, **params: Any) -> str:
    """The key's Welsh (as `words`), checked to be there and to differ from its English, so
    that no test can pass on English words."""
    found = words(WELSH, key, count, gapped=gapped, **params)
    assert found, key
    english_words = words(ENGLISH, key, count, gapped=gapped, **params)
    assert found != english_words, f"{key} reads the same in Welsh and English"
    return found


def english(key: str, count: int | None = None, *, gapped: bool = False, **params: Any) -> str:
    """The key's English (as `words`)."""
    return words(ENGLISH, key, count, gapped=gapped, **params)


def reads_as(text: str, language: str, key: str, **params: Any) -> bool:
    """Whether `text` holds the key's words in `language`, whatever fills the GAPs."""
    pieces = [piece for piece in words(language, key, **params).split(GAP) if piece.strip()]
    return bool(pieces) and all(piece in text for piece in pieces)
