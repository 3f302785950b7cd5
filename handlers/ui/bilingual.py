"""Rendering a message in the language its reader takes: English, Welsh, or both.

`render_in(language, build)` runs `build` (a pure Block Kit builder, called with no arguments)
with the language in force set; for "bilingual" it runs it in Welsh and in English and gives one
message holding both, Welsh first, as Welsh public bodies publish.

How `merge` lays a bilingual message out, within Slack's limits:
- what both languages show alike at the top (an event's title) is shown once;
- then the Welsh, read-only: its buttons, menus and other interactive elements left out;
- a divider, then the English with every interactive element once, labelled "Cymraeg /
  English" (action_ids, values and urls as the English message has them, so that a click works
  exactly as on an English post; the Welsh copies carry no block_id, so none is repeated);
- when that would be more than Slack's 50 blocks, each block holds both languages instead
  (Welsh and English text in one section, header or context), clipping the longer text with
  "…" where both do not fit;
- the notification text is the Welsh, then the English, within Slack's 40,000 characters.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.i18n import ENGLISH, WELSH, use_language
from handlers.ui.bilingual_parts import (
    LABEL_SEPARATOR,
    PARAGRAPH_SEPARATOR,
    WelshElements,
    is_interactive,
    pair_block_elements,
    pair_object,
    pair_text,
)

if TYPE_CHECKING:
    from collections.abc import Callable

BILINGUAL = "bilingual"
CHANNEL_LANGUAGES = (ENGLISH, WELSH, BILINGUAL)

MAX_MESSAGE_BLOCKS = 50
MAX_FALLBACK_TEXT = 40_000
MAX_HEADER_TEXT = 150
MAX_SECTION_TEXT = 3000
MAX_FIELD_TEXT = 2000
MAX_CONTEXT_ELEMENTS = 10
MAX_CONTEXT_TEXT = 2000
DIVIDER = {"type": "divider"}
# Blocks whose whole point is a person acting on them: shown once, in the English part
ACTING_BLOCKS = frozenset({"actions", "input"})
# Blocks shown once (in the English part) rather than in both languages
SHOWN_ONCE = frozenset({"image", "video", "file"})

Block = dict[str, Any]


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
    """One message from the same message built in Welsh and in English (see the module)."""
    merged = dict(english)
    welsh_text, english_text = str(welsh.get("text") or ""), str(english.get("text") or "")
    if welsh_text or english_text:
        both = welsh_text + english_text
        separator = PARAGRAPH_SEPARATOR if "\n" in both else LABEL_SEPARATOR
        merged["text"] = pair_text(
            welsh_text, english_text, MAX_FALLBACK_TEXT, separator, markup=True
        )
    if "blocks" in welsh or "blocks" in english:
        merged["blocks"] = merge_blocks(
            list(welsh.get("blocks") or []), list(english.get("blocks") or [])
        )
    return merged


def merge_blocks(welsh: list[Block], english: list[Block]) -> list[Block]:
    if _bare(welsh) == _bare(english):  # nothing in Welsh yet: no need to say it twice
        return english[:MAX_MESSAGE_BLOCKS]
    elements = WelshElements(welsh)
    english_part = [pair_block_elements(block, elements) for block in english]
    aligned = len(welsh) == len(english) and all(
        w.get("type") == e.get("type") for w, e in zip(welsh, english, strict=True)
    )
    shared = _shared_start(welsh, english_part) if aligned else 0
    welsh_part = [b for b in (_read_only(block) for block in welsh[shared:]) if b is not None]
    halves = [*english_part[:shared], *welsh_part, DIVIDER, *english_part[shared:]]
    if not welsh_part:
        halves = english_part
    if len(halves) <= MAX_MESSAGE_BLOCKS:
        return halves
    if aligned:
        together = [_together(w, e) for w, e in zip(welsh, english_part, strict=True)]
        return together[:MAX_MESSAGE_BLOCKS]
    # Two different shapes too big to show in full: the English whole (it works), after as
    # much of the Welsh as there is room for.
    room = MAX_MESSAGE_BLOCKS - len(english_part) - 1
    if room <= 0:
        return english_part[:MAX_MESSAGE_BLOCKS]
    return [*welsh_part[:room], DIVIDER, *english_part]


def _bare(blocks: list[Block]) -> list[Block]:
    return [{k: v for k, v in block.items() if k != "block_id"} for block in blocks]


def _shared_start(welsh: list[Block], english: list[Block]) -> int:
    """How many blocks at the top read the same in both languages (not dividers)."""
    count = 0
    for w, e in zip(_bare(welsh), _bare(english), strict=False):
        if w != e or w.get("type") == "divider":
            break
        count += 1
    return count


def _read_only(block: Block) -> Block | None:
    """A Welsh block for the Welsh part: its text, without what a person acts on and without
    a block_id (the English block keeps that)."""
    kind = block.get("type")
    if kind in ACTING_BLOCKS or kind in SHOWN_ONCE:
        return None
    copy = {k: v for k, v in block.items() if k != "block_id"}
    if kind == "section" and is_interactive(copy.get("accessory")):
        del copy["accessory"]
    if kind == "section" and not copy.get("text") and not copy.get("fields"):
        return None
    return copy


def _together(welsh: Block, english: Block) -> Block:
    """One block holding both languages (a block of the same type in each)."""
    kind = english.get("type")
    merged = dict(english)
    if kind == "header" and isinstance(english.get("text"), dict):
        merged["text"] = pair_object(welsh.get("text"), english["text"], MAX_HEADER_TEXT)
    elif kind == "section":
        if isinstance(english.get("text"), dict):
            merged["text"] = pair_object(
                welsh.get("text"), english["text"], MAX_SECTION_TEXT, PARAGRAPH_SEPARATOR
            )
        if isinstance(english.get("fields"), list):
            welsh_fields = list(welsh.get("fields") or [])
            merged["fields"] = [
                pair_object(
                    welsh_fields[i] if i < len(welsh_fields) else None,
                    field,
                    MAX_FIELD_TEXT,
                    "\n",
                )
                for i, field in enumerate(english["fields"])
            ]
    elif kind == "context":
        merged["elements"] = _context_together(
            list(welsh.get("elements") or []), list(english.get("elements") or [])
        )
    return merged


def _context_together(welsh: list[Any], english: list[Any]) -> list[Any]:
    """Both languages' context elements, or (over Slack's ten) each English text element
    holding its Welsh too."""
    texts = [e for e in welsh if isinstance(e, dict) and e.get("type") != "image"]
    if len(texts) + len(english) <= MAX_CONTEXT_ELEMENTS and texts != english:
        return [*texts, *english]
    merged = []
    for index, element in enumerate(english[:MAX_CONTEXT_ELEMENTS]):
        other = welsh[index] if index < len(welsh) else None
        is_text = isinstance(element, dict) and element.get("type") in {"mrkdwn", "plain_text"}
        merged.append(pair_object(other, element, MAX_CONTEXT_TEXT) if is_text else element)
    return merged
