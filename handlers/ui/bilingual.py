"""Rendering a message in the language its reader takes: English, Welsh, or both.

`render_in(language, build)` runs `build` (a pure Block Kit builder, called with no arguments)
with the language in force set; for "bilingual" it runs it in Welsh and in English and gives one
message holding both, Welsh first, as Welsh public bodies publish.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.i18n import ENGLISH, WELSH, use_language

if TYPE_CHECKING:
    from collections.abc import Callable

BILINGUAL = "bilingual"
CHANNEL_LANGUAGES = (ENGLISH, WELSH, BILINGUAL)


def render_in(language: str, build: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    if language != BILINGUAL:
        with use_language(language):
            return build()
    with use_language(WELSH):
        welsh = build()
    with use_language(ENGLISH):
        english = build()
    return merge(welsh, english)


def merge(welsh: dict[str, Any], english: dict[str, Any]) -> dict[str, Any]:
    """One message from the same message built in Welsh and in English."""
    merged = dict(english)
    texts = [str(part.get("text") or "") for part in (welsh, english)]
    merged["text"] = " / ".join(text for text in texts if text)
    if "blocks" in welsh or "blocks" in english:
        merged["blocks"] = [*welsh.get("blocks", []), *english.get("blocks", [])]
    return merged
