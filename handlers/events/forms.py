"""The event form's state, its errors and the values its buttons carry: Slack in, types out.

Nothing here raises on odd input: a value that is missing, the wrong type or forged reads as
absent, and the domain's validation then names what is missing beside the right box.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictInt, ValidationError

from bot.domain.events import MAX_EXTRA_CHANNELS, EventDraft
from bot.domain.regions import REGION_CODES
from bot.i18n import keys, t
from handlers.ids import ActionId, BlockId, InputId
from handlers.payloads import element_state, selected_value, text_value

# Which form block shows an error about which domain field.
EVENT_FIELD_BLOCKS: dict[str, str] = {
    "title": BlockId.EVENT_TITLE,
    "starts_at": BlockId.EVENT_START,
    "ends_at": BlockId.EVENT_END,
    "mode": BlockId.EVENT_MODE,
    "venue": BlockId.EVENT_VENUE,
    "place": BlockId.EVENT_PLACE,
    "region": BlockId.EVENT_REGION,
    "online_url": BlockId.EVENT_URL,
    "description": BlockId.EVENT_DESCRIPTION,
    "capacity": BlockId.EVENT_CAPACITY,
    "registration_url": BlockId.EVENT_REGISTRATION,
    "extra_channels": BlockId.EVENT_CHANNELS,
    "speed_connect_at": BlockId.EVENT_SPEED_CONNECT,
}

# Unix seconds Slack's date pickers can mean: 1970 up to the year 3000.
_LATEST = 32_503_680_000
_CHANNEL = re.compile(r"^[CG][A-Z0-9]{2,30}$")
_ID = re.compile(r"^[0-9]{1,18}$")
_CHOICE = re.compile(r"^(?:([a-z_]{1,20}):)?([0-9]{1,18})$")
_MAX_EVENT_ID = 2**31  # event ids are 32-bit integers in the database: past that, forged


def _moment(view: dict[str, Any], block_id: str, action_id: str) -> datetime | None:
    """A datetimepicker's `selected_date_time` (Unix seconds) as an aware UTC datetime."""
    raw = element_state(view, block_id, action_id).get("selected_date_time")
    if isinstance(raw, bool):
        return None
    if isinstance(raw, str) and raw.strip().isdigit():
        raw = int(raw.strip())
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if not isinstance(raw, int) or not 0 < raw < _LATEST:
        return None
    return datetime.fromtimestamp(raw, UTC)


def _channels(view: dict[str, Any]) -> tuple[str, ...]:
    chosen = element_state(view, BlockId.EVENT_CHANNELS, InputId.EVENT_CHANNELS).get(
        "selected_conversations"
    )
    if not isinstance(chosen, list):
        return ()
    found = (c for c in chosen[: MAX_EXTRA_CHANNELS * 10] if isinstance(c, str))
    # The domain refuses more than it allows; pass a few over so it can say so.
    return tuple(dict.fromkeys(c for c in found if _CHANNEL.match(c)))[: MAX_EXTRA_CHANNELS + 1]


def event_draft(view: dict[str, Any], *, timezone: str) -> EventDraft:
    """The event form's state as a draft for the domain to check. Never raises."""
    place = selected_value(view, BlockId.EVENT_PLACE, ActionId.EVENT_PLACE_SELECT)
    region = selected_value(view, BlockId.EVENT_REGION, InputId.EVENT_REGION)
    return EventDraft(
        title=text_value(view, BlockId.EVENT_TITLE, InputId.EVENT_TITLE),
        starts_at=_moment(view, BlockId.EVENT_START, InputId.EVENT_START),
        ends_at=_moment(view, BlockId.EVENT_END, InputId.EVENT_END),
        timezone=timezone,
        mode=selected_value(view, BlockId.EVENT_MODE, InputId.EVENT_MODE) or "",
        venue=text_value(view, BlockId.EVENT_VENUE, InputId.EVENT_VENUE),
        place_id=int(place) if place and _ID.match(place) else None,
        region_code=region if region in REGION_CODES else None,  # a forged one: as if none
        online_url=text_value(view, BlockId.EVENT_URL, InputId.EVENT_URL),
        description=text_value(view, BlockId.EVENT_DESCRIPTION, InputId.EVENT_DESCRIPTION),
        capacity_text=text_value(view, BlockId.EVENT_CAPACITY, InputId.EVENT_CAPACITY)[:50],
        registration_url=text_value(view, BlockId.EVENT_REGISTRATION, InputId.EVENT_REGISTRATION),
        extra_channels=_channels(view),
        speed_connect_at=_moment(view, BlockId.EVENT_SPEED_CONNECT, InputId.EVENT_SPEED_CONNECT),
    )


def _shown_blocks(view: dict[str, Any] | None) -> set[str] | None:
    """The block ids of the form Slack sent back, or None when it did not say."""
    blocks = view.get("blocks") if view is not None else None
    if not isinstance(blocks, list):
        return None
    return {str(b["block_id"]) for b in blocks if isinstance(b, dict) and b.get("block_id")}


def event_form_errors(fields: dict[str, str], view: dict[str, Any] | None = None) -> dict[str, str]:
    """Domain field errors as Slack's `response_action: errors` map, keyed by block id.

    Slack refuses errors for blocks the form does not have: an error about a box the submitted
    `view` left out (the region menu, when there were no regions to offer) is shown beside the
    town, which decides the region, or else beside the title."""
    known = keys()
    shown = _shown_blocks(view)
    errors: dict[str, str] = {}
    for field, key in fields.items():
        block = EVENT_FIELD_BLOCKS.get(field, BlockId.EVENT_TITLE)
        if shown is not None and block not in shown:
            block = BlockId.EVENT_PLACE if BlockId.EVENT_PLACE in shown else BlockId.EVENT_TITLE
        errors.setdefault(block, t(key) if key in known else t("errors.invalid_input"))
    return errors


class _EventMetadata(BaseModel):
    # Other context may ride along (the organiser's time zone, say): it is not ours to judge.
    model_config = ConfigDict(extra="ignore")
    event_id: StrictInt | None = Field(default=None, ge=1, lt=_MAX_EVENT_ID)


def event_metadata(view: dict[str, Any]) -> int | None:
    """The event a form edits (from its private_metadata), or None for a new one or a forgery."""
    raw = view.get("private_metadata")
    if not isinstance(raw, str) or not raw.strip() or len(raw) > 3000:
        return None
    try:
        return _EventMetadata.model_validate_json(raw).event_id
    except (ValidationError, ValueError):
        return None


def event_choice(value: str | None) -> tuple[str, int] | None:
    """An event button's or menu's value: `"42"` → ("", 42); `"edit:42"` → ("edit", 42).

    Link buttons (Google, Outlook) come back as ("link", 42): acknowledge them, nothing more.
    """
    match = _CHOICE.match(value or "")
    if match is None:
        return None
    event_id = int(match.group(2))
    return (match.group(1) or "", event_id) if 0 < event_id < _MAX_EVENT_ID else None


def event_id_of(value: str | None) -> int | None:
    """The event id any event button or menu option carries, or None if it is forged."""
    choice = event_choice(value)
    return choice[1] if choice else None


def action_choice(body: dict[str, Any]) -> tuple[str, int] | None:
    """`event_choice` of what was clicked: a button's `value`, or an overflow's chosen option."""
    acted = body.get("actions")
    if not isinstance(acted, list) or not acted or not isinstance(acted[0], dict):
        return None
    value = acted[0].get("value")
    chosen = acted[0].get("selected_option")
    if not isinstance(value, str) and isinstance(chosen, dict):
        value = chosen.get("value")
    return event_choice(value) if isinstance(value, str) else None
