"""Welsh words for every key, whether or not the Welsh catalogues have them yet.

A key the Welsh catalogue translates keeps its Welsh; any other reads as its English after a
mark, so that a bilingual message always differs from the English one and a test can tell the
Welsh part from the English. Tests compare with `with use_language(WELSH): t(key)`, never with
Welsh words written out.
"""

from __future__ import annotations

import pytest

from bot.i18n import ENGLISH, WELSH, catalogue

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
