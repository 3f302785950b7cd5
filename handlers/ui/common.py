"""Small helpers every builder uses, and Slack's documented limits as named constants."""

from __future__ import annotations

import json
import re
from typing import Any

MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
MAX_SECTION_TEXT = 3000
MAX_CONTEXT_TEXT = 2000
MAX_BUTTON_TEXT = 75
MAX_OPTION_TEXT = 75
MAX_VALUE = 2000
MAX_MODAL_TITLE = 24
MAX_FALLBACK_TEXT = 3000
MAX_STATIC_OPTIONS = 100
MAX_ACTIONS_ELEMENTS = 25

Block = dict[str, Any]

# The end of a text cut inside an entity or a <…> mention or link.
_PARTIAL_MARKUP = re.compile(r"&[a-z]*$|<[^>]*$")


def escape(text: str) -> str:
    """Make typed text inert in mrkdwn: no <!channel>, <!here>, <@U…> or links can form."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def clip_markup(text: str, limit: int) -> str:
    """`clip` for mrkdwn: never leaves half an entity ("&am…") or half a mention ("<@U1…")."""
    if len(text) <= limit:
        return text
    return _PARTIAL_MARKUP.sub("", text[: limit - 1]) + "…"


def plain(text: str, limit: int = MAX_BUTTON_TEXT) -> dict[str, Any]:
    return {"type": "plain_text", "text": clip(text, limit), "emoji": True}


def mrkdwn(text: str, limit: int = MAX_SECTION_TEXT) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": clip_markup(text, limit)}


def section(
    text: str, *, accessory: dict[str, Any] | None = None, block_id: str | None = None
) -> Block:
    block: Block = {"type": "section", "text": mrkdwn(text)}
    if accessory is not None:
        block["accessory"] = accessory
    if block_id is not None:
        block["block_id"] = block_id
    return block


def header(text: str) -> Block:
    return {"type": "header", "text": plain(text, 150)}


def context(*texts: str) -> Block:
    return {"type": "context", "elements": [mrkdwn(text, MAX_CONTEXT_TEXT) for text in texts[:10]]}


def divider() -> Block:
    return {"type": "divider"}


def button(
    text: str,
    action_id: str,
    value: str | None = None,
    *,
    style: str | None = None,
    confirm: dict[str, Any] | None = None,
) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "button", "text": plain(text), "action_id": action_id}
    if value is not None:
        if len(value) > MAX_VALUE:
            raise ValueError(f"button value over Slack's {MAX_VALUE} characters")
        element["value"] = value
    if style is not None:
        element["style"] = style
    if confirm is not None:
        element["confirm"] = confirm
    return element


def actions(*elements: dict[str, Any], block_id: str | None = None) -> Block:
    block: Block = {"type": "actions", "elements": list(elements[:MAX_ACTIONS_ELEMENTS])}
    if block_id is not None:
        block["block_id"] = block_id
    return block


def confirm_dialog(title: str, text: str, confirm: str, deny: str) -> dict[str, Any]:
    return {
        "title": plain(title, 100),
        "text": plain(text, 300),
        "confirm": plain(confirm, 30),
        "deny": plain(deny, 30),
        "style": "danger",
    }


def option(text: str, value: str) -> dict[str, Any]:
    return {"text": plain(text, MAX_OPTION_TEXT), "value": value[:150]}


def message(text: str, blocks: list[Block]) -> dict[str, Any]:
    """A message payload: fallback text for notifications and screen readers, plus blocks."""
    if len(blocks) > MAX_MESSAGE_BLOCKS:
        raise ValueError(f"{len(blocks)} blocks is over Slack's {MAX_MESSAGE_BLOCKS} a message")
    return {"text": clip_markup(text, MAX_FALLBACK_TEXT), "blocks": blocks}


def modal(
    callback_id: str,
    title: str,
    blocks: list[Block],
    *,
    submit: str | None = None,
    close: str | None = None,
    private_metadata: dict[str, Any] | None = None,
) -> dict[str, Any]:
    if len(blocks) > MAX_VIEW_BLOCKS:
        raise ValueError(f"{len(blocks)} blocks is over Slack's {MAX_VIEW_BLOCKS} a view")
    view: dict[str, Any] = {
        "type": "modal",
        "callback_id": callback_id,
        "title": plain(title, MAX_MODAL_TITLE),
        "blocks": blocks,
    }
    if submit is not None:
        view["submit"] = plain(submit, MAX_MODAL_TITLE)
    if close is not None:
        view["close"] = plain(close, MAX_MODAL_TITLE)
    if private_metadata is not None:
        view["private_metadata"] = json.dumps(private_metadata, separators=(",", ":"))
    return view


def input_block(
    block_id: str,
    label: str,
    element: dict[str, Any],
    *,
    optional: bool = False,
    hint: str | None = None,
) -> Block:
    """A form field: a label, one element, and an optional hint."""
    block: Block = {
        "type": "input",
        "block_id": block_id,
        "label": plain(label, 2000),
        "element": element,
        "optional": optional,
    }
    if hint:
        block["hint"] = plain(hint, 2000)
    return block


def text_input(
    action_id: str,
    *,
    initial: str = "",
    max_length: int,
    multiline: bool = False,
    placeholder: str | None = None,
) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": action_id,
        "max_length": max_length,
        "multiline": multiline,
    }
    if initial:
        element["initial_value"] = initial[:max_length]
    if placeholder:
        element["placeholder"] = plain(placeholder, 150)
    return element


def text_message(text: str) -> dict[str, Any]:
    """A message that is one paragraph of mrkdwn, its fallback text the same words."""
    return message(text, [section(text)])
