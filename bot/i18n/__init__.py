"""Every word a person reads, one catalogue per feature, looked up by key.

`t("directory.search.none", place="Leeds")` returns the text in the requested locale, falling
back to English. Catalogues are plain dicts so a translator can work on one file per feature;
Welsh catalogues slot in beside the English ones under the same keys.
"""

from __future__ import annotations

from string import Formatter
from typing import Any

from bot.i18n import (
    attendees,
    common,
    digest,
    directory,
    events,
    feedback,
    feedback_summary,
    install,
    mentoring,
    mentoring_groups,
    report,
    speed_connect,
)

DEFAULT_LOCALE = "en"

_CATALOGUES: dict[str, dict[str, str]] = {}
for _module in (
    common,
    directory,
    events,
    attendees,
    digest,
    mentoring,
    mentoring_groups,
    feedback_summary,
    feedback,
    install,
    report,
    speed_connect,
):
    for _locale, _messages in _module.MESSAGES.items():
        bucket = _CATALOGUES.setdefault(_locale, {})
        overlap = bucket.keys() & _messages.keys()
        if overlap:
            raise RuntimeError(f"message keys defined twice: {sorted(overlap)}")
        bucket.update(_messages)


def keys(locale: str = DEFAULT_LOCALE) -> frozenset[str]:
    return frozenset(_CATALOGUES.get(locale, {}))


def placeholders(key: str, locale: str = DEFAULT_LOCALE) -> frozenset[str]:
    text = _CATALOGUES[locale][key]
    return frozenset(name for _, name, _, _ in Formatter().parse(text) if name)


def t(key: str, locale: str = DEFAULT_LOCALE, /, **params: Any) -> str:
    """The text for `key`. Unknown keys raise KeyError: a missing word is a bug, not a blank."""
    messages = _CATALOGUES.get(locale) or _CATALOGUES[DEFAULT_LOCALE]
    text = messages.get(key) or _CATALOGUES[DEFAULT_LOCALE][key]
    return text.format(**params) if params else text


def plural(key: str, count: int, locale: str = DEFAULT_LOCALE, /, **params: Any) -> str:
    """The singular or plural of a count-bearing phrase: `key.one` when `count` is 1, else
    `key.many`, with `{count}` filled in ("1 person", "3 people")."""
    form = "one" if count == 1 else "many"
    return t(f"{key}.{form}", locale, count=count, **params)
