"""Reading Slack payloads in tests: every object in one, the text Slack renders, the elements."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def walk(node: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every object in a payload, with where it is."""
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from walk(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from walk(value, f"{path}[{index}]")


def text_objects(payload: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for path, node in walk(payload):
        if node.get("type") in {"mrkdwn", "plain_text"} and "text" in node:
            yield path, node


def mrkdwn_texts(payload: dict[str, Any]) -> list[str]:
    """Every text Slack parses for mentions and links: mrkdwn objects and a message's `text`."""
    texts = [node["text"] for _, node in text_objects(payload) if node["type"] == "mrkdwn"]
    if isinstance(payload.get("text"), str):
        texts.append(payload["text"])
    return texts


def elements_of(block: dict[str, Any]) -> list[dict[str, Any]]:
    """The interactive elements a block holds directly (what Slack keys action_ids on)."""
    found = list(block.get("elements") or []) if block["type"] == "actions" else []
    for key in ("accessory", "element"):
        if isinstance(block.get(key), dict):
            found.append(block[key])
    return found
