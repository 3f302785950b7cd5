"""Slack payloads in, typed values out: form state, button values and request context."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.domain.errors import DomainError
from bot.domain.people import ProfileDraft
from bot.i18n import t
from bot.services.directory import SearchTarget
from handlers.ids import ActionId, BlockId, InputId

if TYPE_CHECKING:
    from slack_bolt import BoltContext

# Which form block shows an error about which domain field.
PROFILE_FIELD_BLOCKS: dict[str, str] = {
    "place": BlockId.PLACE,
    "organisation": BlockId.ORGANISATION,
    "job_title": BlockId.JOB_TITLE,
    "profession": BlockId.PROFESSION,
    "grade": BlockId.GRADE,
    "languages": BlockId.LANGUAGES,
    "open_to": BlockId.OPEN_TO,
    "can_help": BlockId.CAN_HELP,
    "want_to_learn": BlockId.WANT_TO_LEARN,
}


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


def _selected_many(view: dict[str, Any], block_id: str, action_id: str) -> tuple[str, ...]:
    options = element_state(view, block_id, action_id).get("selected_options")
    if not isinstance(options, list):
        return ()
    return tuple(
        str(item["value"])
        for item in options[:100]
        if isinstance(item, dict) and isinstance(item.get("value"), str)
    )


def profile_draft(view: dict[str, Any]) -> ProfileDraft:
    place = selected_value(view, BlockId.PLACE, ActionId.PLACE_SELECT)
    place_id = int(place) if place and place.isdigit() and len(place) < 12 else None
    organisation = text_value(
        view, BlockId.ORGANISATION_OTHER, InputId.ORGANISATION_OTHER
    ).strip() or (selected_value(view, BlockId.ORGANISATION, InputId.ORGANISATION) or "")
    return ProfileDraft(
        place_id=place_id,
        organisation=organisation,
        job_title=text_value(view, BlockId.JOB_TITLE, InputId.JOB_TITLE),
        profession=selected_value(view, BlockId.PROFESSION, InputId.PROFESSION),
        grade=selected_value(view, BlockId.GRADE, InputId.GRADE),
        can_help=text_value(view, BlockId.CAN_HELP, InputId.CAN_HELP),
        want_to_learn=text_value(view, BlockId.WANT_TO_LEARN, InputId.WANT_TO_LEARN),
        languages=_selected_many(view, BlockId.LANGUAGES, InputId.LANGUAGES),
        open_to=_selected_many(view, BlockId.OPEN_TO, InputId.OPEN_TO),
    )


def form_errors(fields: dict[str, str]) -> dict[str, str]:
    """Domain field errors as Slack's `response_action: errors` map, keyed by block id."""
    errors: dict[str, str] = {}
    for field, key in fields.items():
        block = PROFILE_FIELD_BLOCKS.get(field, BlockId.JOB_TITLE)
        errors.setdefault(block, t(key))
    return errors


def search_form_text(view: dict[str, Any]) -> str:
    place = text_value(view, BlockId.SEARCH_PLACE, InputId.SEARCH_PLACE)
    topics = text_value(view, BlockId.SEARCH_TOPICS, InputId.SEARCH_TOPICS)
    return f"{place} {topics}".strip()


class _SearchValue(BaseModel):
    model_config = ConfigDict(extra="forbid")
    p: int | None = Field(default=None, ge=0, lt=10**10)
    r: str | None = Field(default=None, max_length=8)
    t: list[str] = Field(default_factory=list, max_length=10)
    n: int = Field(default=1, ge=1, le=10_000)
    a: str | None = Field(default=None, max_length=12)  # an ONS area's code
    c: str | None = Field(default=None, max_length=10)  # a postcode ("SW1A 2AA")


def encode_search(target: SearchTarget, page: int) -> str:
    value = _SearchValue(
        p=target.place_id,
        r=target.region_code,
        t=[word[:50] for word in target.topics[:10]],
        n=page,
        a=target.area_code,
        c=target.postcode,
    )
    return value.model_dump_json(exclude_defaults=True)


def decode_search(value: str | None) -> tuple[SearchTarget, int]:
    """A search button's value back into what to search; a forged one reads as expired."""
    try:
        parsed = _SearchValue.model_validate_json(value or "")
    except (ValidationError, ValueError):
        raise DomainError("errors.expired") from None
    if sum(value is not None for value in (parsed.p, parsed.r, parsed.a, parsed.c)) != 1:
        raise DomainError("errors.expired")
    target = SearchTarget(
        place_id=parsed.p,
        region_code=parsed.r,
        topics=tuple(parsed.t),
        area_code=parsed.a,
        postcode=parsed.c,
    )
    return target, parsed.n


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
