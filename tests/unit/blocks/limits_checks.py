"""Checking a rendered payload against Slack's Block Kit limits, three ways: the loopback
Slack's own checks (what it refuses as `invalid_blocks`), slack_sdk's models, and every
label-like slot (modal title, button, option, header, placeholder, confirm dialog...) held to
its own limit. Used by test_language_limits.py."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block as SdkBlock
from slack_sdk.models.views import View

from tests.support.fake_slack import block_kit_problems, message_problems, view_problems

MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100
MODAL_TEXT = 24  # a modal's title, submit and close
BUTTON_TEXT = 75
OPTION_TEXT = 75
OPTION_DESCRIPTION = 75
OPTION_GROUP_LABEL = 75
OPTIONS = 100
PLACEHOLDER = 150
HEADER_TEXT = 150
INPUT_LABEL = 2000
INPUT_HINT = 2000
CONFIRM_TITLE = 100
CONFIRM_TEXT = 300
CONFIRM_BUTTON = 30

Slot = tuple[str, int, str]  # what it is, Slack's limit for it, its text


def kind_of(payload: Any) -> str:
    """ "view", "message", "blocks" (a list of blocks, or one block) or "options"."""
    if isinstance(payload, list):
        return "blocks"
    if payload.get("type") in {"modal", "home"}:
        return "view"
    if "options" in payload and "blocks" not in payload:
        return "options"
    if "type" in payload:
        return "blocks"
    return "message"


def _text(node: Any) -> str:
    return str(node.get("text", "")) if isinstance(node, dict) else ""


def _option_slots(options: Any) -> Iterator[Slot]:
    for item in options if isinstance(options, list) else [options]:
        if isinstance(item, dict):
            yield "option text", OPTION_TEXT, _text(item.get("text"))
            if "description" in item:
                yield "option description", OPTION_DESCRIPTION, _text(item["description"])


def _node_slots(node: dict[str, Any]) -> Iterator[Slot]:
    kind = node.get("type")
    if kind == "modal":
        for key in ("title", "submit", "close"):
            if key in node:
                yield f"modal {key}", MODAL_TEXT, _text(node[key])
    elif kind == "button":
        yield "button", BUTTON_TEXT, _text(node.get("text"))
    elif kind == "header":
        yield "header", HEADER_TEXT, _text(node.get("text"))
    elif kind == "input":
        yield "input label", INPUT_LABEL, _text(node.get("label"))
        if "hint" in node:
            yield "input hint", INPUT_HINT, _text(node["hint"])
    if isinstance(node.get("placeholder"), dict):
        yield "placeholder", PLACEHOLDER, _text(node["placeholder"])
    for key in ("options", "initial_options", "initial_option"):
        if key in node:
            yield from _option_slots(node[key])
    if "option_groups" not in node and isinstance(node.get("label"), dict) and kind is None:
        yield "option group label", OPTION_GROUP_LABEL, _text(node["label"])
    confirm = node.get("confirm")
    if isinstance(confirm, dict) and "title" in confirm:
        yield "confirm title", CONFIRM_TITLE, _text(confirm["title"])
        yield "confirm text", CONFIRM_TEXT, _text(confirm.get("text"))
        yield "confirm button", CONFIRM_BUTTON, _text(confirm.get("confirm"))
        yield "deny button", CONFIRM_BUTTON, _text(confirm.get("deny"))


def label_slots(node: Any) -> Iterator[Slot]:
    """Every label-like text in a payload, with the most Slack takes there."""
    if isinstance(node, dict):
        yield from _node_slots(node)
        for value in node.values():
            yield from label_slots(value)
    elif isinstance(node, list):
        for value in node:
            yield from label_slots(value)


def _sdk_problems(blocks: list[Any], where: str) -> list[str]:
    problems: list[str] = []
    for index, block in enumerate(blocks):
        try:
            parsed = SdkBlock.parse(block)
            if parsed is not None:
                parsed.validate_json()
        except SlackObjectFormationError as error:
            problems.append(f"{where} block {index}: slack_sdk: {error}")
    return problems


def problems(payload: Any, *, home: bool = False) -> list[str]:
    """What Slack (as the loopback Slack and slack_sdk read its limits) would refuse, and every
    label over its limit, as sentences; [] when the payload fits."""
    kind = kind_of(payload)
    found: list[str] = []
    if kind == "view":
        found += view_problems(payload, "views.publish" if home else "views.open")
        try:
            View(**payload).validate_json()
        except (SlackObjectFormationError, TypeError) as error:
            found.append(f"view: slack_sdk: {error}")
    elif kind == "message":
        found += message_problems(payload, "chat.postMessage")
        found += _sdk_problems(list(payload.get("blocks") or []), "message")
    elif kind == "blocks":
        blocks = payload if isinstance(payload, list) else [payload]
        limit = VIEW_BLOCKS if home else MESSAGE_BLOCKS
        found += block_kit_problems(blocks, limit=limit, where="blocks")
        found += _sdk_problems(blocks, "blocks")
    elif len(payload["options"]) > OPTIONS:
        found.append(f"options: {len(payload['options'])}, over Slack's {OPTIONS}")
    found += [
        f"{slot} over {limit} characters: {text!r}"
        for slot, limit, text in label_slots(payload)
        if len(text) > limit
    ]
    return found
