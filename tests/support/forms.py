"""The state of the app's forms as Slack sends it in a view_submission (view.state.values)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from handlers.ids import ActionId, BlockId, InputId
from tests.support.slack_client import external_value, plain_value, static_value


def _picked(moment: datetime) -> dict[str, Any]:
    return {"type": "datetimepicker", "selected_date_time": int(moment.timestamp())}


def event_form_values(
    *,
    place_id: int | str,
    start: datetime,
    end: datetime | None = None,
    title: str | None = "Data meet-up",
    mode: str = "in_person",
    venue: str | None = "Quarry House",
    place_label: str | None = None,
    region: str | None = None,
    url: str | None = None,
    description: str | None = "Bring questions.",
    capacity: str | None = None,
    channels: Sequence[str] = (),
) -> dict[str, dict[str, Any]]:
    """The event form as an organiser fills it in (two hours long unless `end` says)."""
    return {
        BlockId.EVENT_TITLE: {InputId.EVENT_TITLE: plain_value(title)},
        BlockId.EVENT_START: {InputId.EVENT_START: _picked(start)},
        BlockId.EVENT_END: {InputId.EVENT_END: _picked(end or start + timedelta(hours=2))},
        BlockId.EVENT_MODE: {
            InputId.EVENT_MODE: {"type": "radio_buttons", "selected_option": {"value": mode}}
        },
        BlockId.EVENT_VENUE: {InputId.EVENT_VENUE: plain_value(venue)},
        BlockId.EVENT_PLACE: {
            ActionId.EVENT_PLACE_SELECT: external_value(str(place_id), place_label)
        },
        BlockId.EVENT_REGION: {InputId.EVENT_REGION: static_value(region)},
        BlockId.EVENT_URL: {InputId.EVENT_URL: plain_value(url)},
        BlockId.EVENT_DESCRIPTION: {InputId.EVENT_DESCRIPTION: plain_value(description)},
        BlockId.EVENT_CAPACITY: {InputId.EVENT_CAPACITY: plain_value(capacity)},
        BlockId.EVENT_REGISTRATION: {InputId.EVENT_REGISTRATION: plain_value(None)},
        BlockId.EVENT_CHANNELS: {
            InputId.EVENT_CHANNELS: {
                "type": "multi_conversations_select",
                "selected_conversations": list(channels),
            }
        },
    }
