"""Block Kit for the new-or-edit event form and the organiser's cancel confirmation."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from bot.domain.events import (
    MAX_DESCRIPTION,
    MAX_EXTRA_CHANNELS,
    MAX_TITLE,
    MAX_VENUE,
    EventMode,
    valid_timezone,
)
from bot.i18n import N_, t
from handlers.events.blocks.pieces import counts_text, title_text
from handlers.ids import ActionId, BlockId, CallbackId, InputId
from handlers.ui.common import (
    Block,
    context,
    input_block,
    modal,
    option,
    plain,
    section,
    text_input,
)
from handlers.ui.time import when_text

if TYPE_CHECKING:
    from collections.abc import Sequence

    from bot.domain.events import Event, EventDetails


# The form ------------------------------------------------------------------------------------


def _url_input(action_id: str, initial: str) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "url_text_input",
        "action_id": action_id,
        "placeholder": plain(t("event.form.url_placeholder"), 150),
    }
    if initial:
        element["initial_value"] = initial
    return element


def _picker(action_id: str, moment: datetime) -> dict[str, Any]:
    return {
        "type": "datetimepicker",
        "action_id": action_id,
        "initial_date_time": int(moment.timestamp()),
    }


MODES = {
    EventMode.IN_PERSON: N_("event.mode.in_person"),
    EventMode.ONLINE: N_("event.mode.online"),
    EventMode.HYBRID: N_("event.mode.hybrid"),
}


def _default_times(now: datetime, timezone: str) -> tuple[datetime, datetime]:
    """A week today at noon in the organiser's zone, for an hour: easy to change."""
    zone = ZoneInfo(valid_timezone(timezone))
    day = (now.astimezone(zone) + timedelta(days=7)).date()
    starts = datetime.combine(day, time(12, 0), tzinfo=zone)
    return starts, starts + timedelta(hours=1)


def _mode_options() -> list[dict[str, Any]]:
    return [option(t(MODES[mode]), mode.value) for mode in EventMode]


def _title_block(details: EventDetails | None) -> Block:
    return input_block(
        BlockId.EVENT_TITLE,
        t("event.form.title"),
        text_input(
            InputId.EVENT_TITLE,
            initial=details.title if details else "",
            max_length=MAX_TITLE,
            placeholder=t("event.form.title_placeholder"),
        ),
    )


def _time_blocks(starts: datetime, ends: datetime) -> list[Block]:
    return [
        input_block(
            BlockId.EVENT_START, t("event.form.start"), _picker(InputId.EVENT_START, starts)
        ),
        input_block(
            BlockId.EVENT_END,
            t("event.form.end"),
            _picker(InputId.EVENT_END, ends),
            hint=t("event.form.time_hint"),
        ),
    ]


def _mode_radio(details: EventDetails | None) -> dict[str, Any]:
    modes = _mode_options()
    mode = details.mode if details is not None else EventMode.IN_PERSON
    return {
        "type": "radio_buttons",
        "action_id": InputId.EVENT_MODE,
        "options": modes,
        "initial_option": next(o for o in modes if o["value"] == mode.value),
    }


def _place_select(details: EventDetails | None, place_label: str | None) -> dict[str, Any]:
    place_select: dict[str, Any] = {
        "type": "external_select",
        "action_id": ActionId.EVENT_PLACE_SELECT,
        "placeholder": plain(t("event.form.place_placeholder"), 150),
        "min_query_length": 2,
    }
    if details is not None and details.place_id is not None and place_label:
        place_select["initial_option"] = option(place_label, str(details.place_id))
    return place_select


def _region_blocks(
    details: EventDetails | None,
    regions: Sequence[tuple[str, str]],
    place_region: str | None,
) -> list[Block]:
    region_options = [option(name, code) for code, name in regions[:100]]
    region_select: dict[str, Any] = {
        "type": "static_select",
        "action_id": InputId.EVENT_REGION,
        "placeholder": plain(t("event.form.region_placeholder"), 150),
        "options": region_options,
    }
    if details is not None and (details.place_id is None or details.region_code != place_region):
        chosen = [o for o in region_options if o["value"] == details.region_code]
        if chosen:
            region_select["initial_option"] = chosen[0]
    # Slack refuses a menu with nothing in it: with no regions to offer, the town decides.
    return (
        [
            input_block(
                BlockId.EVENT_REGION,
                t("event.form.region"),
                region_select,
                optional=True,
                hint=t("event.form.region_hint"),
            )
        ]
        if region_options
        else []
    )


def _where_blocks(
    details: EventDetails | None,
    *,
    place_label: str | None,
    regions: Sequence[tuple[str, str]],
    place_region: str | None,
) -> list[Block]:
    """How and where: in person or online, the venue, the town, the region, the link."""
    return [
        input_block(BlockId.EVENT_MODE, t("event.form.mode"), _mode_radio(details)),
        input_block(
            BlockId.EVENT_VENUE,
            t("event.form.venue"),
            text_input(
                InputId.EVENT_VENUE,
                initial=details.venue if details else "",
                max_length=MAX_VENUE,
            ),
            optional=True,
            hint=t("event.form.venue_hint"),
        ),
        input_block(
            BlockId.EVENT_PLACE,
            t("event.form.place"),
            _place_select(details, place_label),
            optional=True,
            hint=t("event.form.place_hint"),
        ),
        *_region_blocks(details, regions, place_region),
        input_block(
            BlockId.EVENT_URL,
            t("event.form.online_url"),
            _url_input(InputId.EVENT_URL, details.join_url if details else ""),
            optional=True,
            hint=t("event.form.online_url_hint"),
        ),
    ]


def _channels_select(details: EventDetails | None) -> dict[str, Any]:
    channels: dict[str, Any] = {
        "type": "multi_conversations_select",
        "action_id": InputId.EVENT_CHANNELS,
        "placeholder": plain(t("event.form.channels_placeholder"), 150),
        "max_selected_items": MAX_EXTRA_CHANNELS,
        "filter": {"include": ["public", "private"], "exclude_bot_users": True},
    }
    if details is not None and details.extra_channels:
        channels["initial_conversations"] = list(details.extra_channels[:MAX_EXTRA_CHANNELS])
    return channels


def _speed_connect_block(details: EventDetails | None) -> Block:
    """An optional time to pair attendees who opt in (empty: no Speed Connect)."""
    picker: dict[str, Any] = {"type": "datetimepicker", "action_id": InputId.EVENT_SPEED_CONNECT}
    if details is not None and details.speed_connect_at is not None:
        picker["initial_date_time"] = int(details.speed_connect_at.timestamp())
    return input_block(
        BlockId.EVENT_SPEED_CONNECT,
        t("speed_connect.form.label"),
        picker,
        optional=True,
        hint=t("speed_connect.form.hint"),
    )


def _more_blocks(details: EventDetails | None) -> list[Block]:
    """The rest: the description, the places, a registration link, more channels to post in."""
    return [
        input_block(
            BlockId.EVENT_DESCRIPTION,
            t("event.form.description"),
            text_input(
                InputId.EVENT_DESCRIPTION,
                initial=details.description if details else "",
                max_length=MAX_DESCRIPTION,
                multiline=True,
            ),
            optional=True,
        ),
        input_block(
            BlockId.EVENT_CAPACITY,
            t("event.form.capacity"),
            text_input(
                InputId.EVENT_CAPACITY,
                initial=str(details.capacity) if details and details.capacity else "",
                max_length=10,
            ),
            optional=True,
            hint=t("event.form.capacity_hint"),
        ),
        input_block(
            BlockId.EVENT_REGISTRATION,
            t("event.form.registration_url"),
            _url_input(InputId.EVENT_REGISTRATION, details.registration_url if details else ""),
            optional=True,
            hint=t("event.form.registration_url_hint"),
        ),
        input_block(
            BlockId.EVENT_CHANNELS,
            t("event.form.channels"),
            _channels_select(details),
            optional=True,
            hint=t("event.form.channels_hint"),
        ),
        _speed_connect_block(details),
    ]


def event_form_view(
    event: Event | None,
    *,
    place_label: str | None,
    regions: Sequence[tuple[str, str]],
    now: datetime,
    timezone: str = "",
    place_region: str | None = None,
) -> dict[str, Any]:
    """The new-or-edit event form. `regions` are (code, name); `timezone` the organiser's.

    When editing, the region menu starts on the event's region only if the organiser chose it
    (there is no town, or it differs from `place_region`, the town's own), so choosing a new
    town still brings that town's region.
    """
    details = event.details if event is not None else None
    starts, ends = (
        (details.starts_at, details.ends_at)
        if details is not None
        else _default_times(now, timezone)
    )
    blocks: list[Block] = [
        context(t("event.form.intro")),
        _title_block(details),
        *_time_blocks(starts, ends),
        *_where_blocks(
            details, place_label=place_label, regions=regions, place_region=place_region
        ),
        *_more_blocks(details),
    ]
    editing = event is not None
    return modal(
        CallbackId.EVENT_SUBMIT,
        t("event.form.title_edit") if editing else t("event.form.title_new"),
        blocks,
        submit=t("event.form.submit_edit") if editing else t("event.form.submit_new"),
        close=t("buttons.cancel"),
        private_metadata={"event_id": event.id} if event is not None else None,
    )


def cancel_confirm_view(event: Event) -> dict[str, Any]:
    """The organiser confirms a cancellation; everyone going or waiting will be told."""
    text = t("event.cancel.confirm", title=title_text(event), when=when_text(event))
    return modal(
        CallbackId.EVENT_CANCEL_SUBMIT,
        t("event.cancel.modal_title"),
        [section(text), context(counts_text(event))],
        submit=t("event.cancel.submit"),
        close=t("event.cancel.keep"),
        private_metadata={"event_id": event.id},
    )
