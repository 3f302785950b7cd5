"""Slack payloads in, typed values out: form state, button values and request context."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from bot.domain.errors import DomainError

if TYPE_CHECKING:
    from slack_bolt import BoltContext


def team_of(context: BoltContext) -> str:
    """The workspace a request belongs to (the organisation on an org-wide Grid install)."""
    team = context.team_id or context.enterprise_id
    if not team:
        raise DomainError("errors.expired")
    return team


MAX_TYPED = 5000  # longer than any box in any form allows: anything longer is not from Slack

# Slack sends the `&`, `<` and `>` a person typed in a slash command as these entities, whatever
# the command's should_escape says (that setting is about mentions and links).
_SLACK_ENTITY = re.compile(r"&(amp|lt|gt);")
_SLACK_DECODED = {"amp": "&", "lt": "<", "gt": ">"}
_LONGEST_ENTITY = len("&amp;")


def slack_unescaped(text: str) -> str:
    """Text as the person typed it, from Slack's escaped form. One pass, so a typed `&lt;`
    (sent as `&amp;lt;`) stays `&lt;` and never becomes `<`."""
    return _SLACK_ENTITY.sub(lambda found: _SLACK_DECODED[found.group(1)], text)


def command_text(command: dict[str, Any], limit: int) -> str:
    """A slash command's text as typed: entities decoded, white space folded, at most `limit`
    characters. Commands read their words from this only, never from `command["text"]`."""
    raw = command.get("text")
    sent = raw[: limit * _LONGEST_ENTITY] if isinstance(raw, str) else ""
    return " ".join(slack_unescaped(sent)[:limit].split())


def state_values(view: dict[str, Any]) -> dict[str, Any]:
    """A submitted view's `state.values`, or {} when it is missing or malformed."""
    state = view.get("state")
    values = state.get("values") if isinstance(state, dict) else None
    return values if isinstance(values, dict) else {}


def element_state(view: dict[str, Any], block_id: str, action_id: str) -> dict[str, Any]:
    block = state_values(view).get(block_id)
    element = block.get(action_id) if isinstance(block, dict) else None
    return element if isinstance(element, dict) else {}


def text_value(view: dict[str, Any], block_id: str, action_id: str) -> str:
    value = element_state(view, block_id, action_id).get("value")
    return value[:MAX_TYPED] if isinstance(value, str) else ""


def selected_value(view: dict[str, Any], block_id: str, action_id: str) -> str | None:
    """A select's or radio group's chosen value (Slack's values are at most 150 characters)."""
    chosen = element_state(view, block_id, action_id).get("selected_option")
    value = chosen.get("value") if isinstance(chosen, dict) else None
    return value[:150] if isinstance(value, str) and value else None


def action_value(body: dict[str, Any]) -> str | None:
    actions = body.get("actions")
    if isinstance(actions, list) and actions and isinstance(actions[0], dict):
        value = actions[0].get("value")
        return value if isinstance(value, str) else None
    return None


def view_id_of(body: dict[str, Any]) -> str | None:
    """The modal a button was clicked in, when it was clicked in one."""
    view = body.get("view")
    if isinstance(view, dict) and view.get("type") == "modal":
        view_id = view.get("id")
        return view_id if isinstance(view_id, str) else None
    return None


def dumps(data: Any) -> str:
    return json.dumps(data, separators=(",", ":"))


def from_home(body: dict[str, Any]) -> bool:
    """Whether a click came from the App Home tab (which has no message to answer in)."""
    view = body.get("view")
    return isinstance(view, dict) and view.get("type") == "home"
