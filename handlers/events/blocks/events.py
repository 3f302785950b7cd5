"""Block Kit for /event: the form, announcements, replies, DMs, lists and the Home tab's part.

Times go out as Slack's `<!date^…>` so every reader sees their own time zone, with a plain
fallback in the event's zone. Everything people typed (title, venue, description, a place they
searched for) is escaped; the only live markup a builder makes is a date, a mention of the
organiser, a channel link and the links the domain validated.

Button values carry the event id (`"42"`); the organiser's overflow menu carries the choice and
the id (`"edit:42"`, `"cancel:42"`); link buttons, which Slack still reports when clicked, carry
`"link:42"` so their listener can simply acknowledge them (see `handlers.events.forms`).
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from bot.domain.calendar import event_location
from bot.domain.events import (
    MAX_DESCRIPTION,
    MAX_EXTRA_CHANNELS,
    MAX_TITLE,
    MAX_URL,
    MAX_VENUE,
    EventMode,
    RsvpStatus,
    valid_timezone,
)
from bot.i18n import keys, t
from handlers.ids import ActionId, BlockId, CallbackId, InputId, indexed
from handlers.ui.common import (
    MAX_MESSAGE_BLOCKS,
    MAX_SECTION_TEXT,
    Block,
    actions,
    button,
    clip,
    clip_markup,
    context,
    divider,
    escape,
    header,
    input_block,
    message,
    modal,
    option,
    plain,
    section,
    text_input,
)
from handlers.ui.time import event_zone, time_span, when_plain, when_text

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from bot.domain.events import Change, Event

ANNOUNCEMENT_DESCRIPTION = 600  # characters of (escaped) description an announcement shows
MAX_LISTED_EVENTS = 12  # a page of /event list: 3 blocks each, within a message's 50
MAX_HOME_EVENTS = 10  # each list on the Home tab, so the tab stays within 100 blocks
MAX_REPORT_LINES = 20
MAX_LINKED_CHANNELS = 100  # channels named per region in /event channels
LINK_LABEL = 60

_USER = re.compile(r"^[UW][A-Z0-9]{2,30}$")
_CHANNEL = re.compile(r"^[CG][A-Z0-9]{2,30}$")
_SAFE_URL = re.compile(r"^https?://[^\s<>|]+$", re.IGNORECASE)
_ERROR_CODE = re.compile(r"^[a-z][a-z0-9_]{0,59}$")


# Markup we make ------------------------------------------------------------------------------


def _user(user_id: str) -> str:
    return f"<@{user_id}>" if _USER.match(user_id) else escape(user_id)


def _organiser(event: Event) -> str:
    return t("event.organiser.erased") if event.organiser_erased else _user(event.organiser_id)


def _channel(channel_id: str) -> str:
    return f"<#{channel_id}>" if _CHANNEL.match(channel_id) else escape(channel_id)


def _link(url: str) -> str:
    """A link to a URL the domain validated, labelled with its site; anything else is inert."""
    if not _SAFE_URL.match(url) or len(url) > MAX_URL:
        return escape(url)
    site = urlsplit(url).hostname or url
    return f"<{escape(url)}|{escape(clip(site, LINK_LABEL))}>"


def _where(event: Event, where: str) -> str:
    """Where, escaped: the venue and town (`where` is the town's label), or online."""
    return escape(event_location(event, where)) or t("event.where.unknown")


def _title(event: Event) -> str:
    return escape(event.title)


def _value(event: Event) -> str:
    return str(event.id)


# Pieces every message shares -----------------------------------------------------------------


def counts_text(event: Event) -> str:
    """The RSVP counts: "12 going · 3 places left", "Full · 4 on the waitlist", "8 going"."""
    capacity = event.details.capacity
    going = (
        t("event.counts.nobody") if event.going == 0 else t("event.counts.going", going=event.going)
    )
    if capacity is None:
        return going
    left = event.places_left or 0
    if left > 0:
        key = "event.counts.place_left" if left == 1 else "event.counts.places_left"
        return t("event.counts.with_places", going=going, places=t(key, left=left))
    if event.waitlisted:
        return t("event.counts.full_waitlist", waitlisted=event.waitlisted)
    return t("event.counts.full")


def _is_full(event: Event) -> bool:
    return event.details.capacity is not None and not event.places_left


def _facts(event: Event, where: str, *, links: bool = False) -> str:
    lines = [
        t("event.facts.when", when=when_text(event)),
        t("event.facts.where", where=_where(event, where)),
        t("event.facts.organiser", organiser=_organiser(event)),
    ]
    if links and event.details.join_url:
        lines.append(t("event.facts.online", link=_link(event.details.join_url)))
    if event.details.registration_url:
        lines.append(t("event.facts.register", link=_link(event.details.registration_url)))
    return "\n".join(lines)


def _header(event: Event) -> Block:
    if event.cancelled:
        return header(t("event.announce.cancelled_header", title=event.title))
    return header(event.title)


def _going_button(event: Event, *, primary: bool = True) -> dict[str, Any]:
    label = t("event.buttons.waitlist") if _is_full(event) else t("event.buttons.going")
    return button(label, ActionId.EVENT_GOING, _value(event), style="primary" if primary else None)


def _not_going_button(event: Event) -> dict[str, Any]:
    return button(t("event.buttons.not_going"), ActionId.EVENT_NOT_GOING, _value(event))


def _calendar_button(event: Event) -> dict[str, Any]:
    return button(t("event.buttons.calendar"), ActionId.EVENT_CALENDAR, _value(event))


def _details_button(event: Event) -> dict[str, Any]:
    return button(t("event.buttons.details"), ActionId.EVENT_DETAILS, _value(event))


def manage_menu(event: Event) -> dict[str, Any]:
    """The organiser's overflow: edit or cancel (others who try are politely refused)."""
    return {
        "type": "overflow",
        "action_id": ActionId.EVENT_MANAGE,
        "options": [
            option(t("event.manage.edit"), f"edit:{event.id}"),
            option(t("event.manage.cancel"), f"cancel:{event.id}"),
        ],
    }


def _description_chunks(text: str, size: int = MAX_SECTION_TEXT) -> list[str]:
    """Escaped text cut into pieces of at most `size`, at a line or word end where one is near."""
    chunks: list[str] = []
    current: list[str] = []
    length = 0
    for char in text:
        piece = escape(char)
        if length + len(piece) > size:
            joined = "".join(current)
            cut = max(joined.rfind("\n"), joined.rfind(" "))
            if cut < size // 2:
                cut = len(joined)
            chunks.append(joined[:cut])
            rest = joined[cut:].lstrip(" \n")
            current, length = [rest], len(rest)
        current.append(piece)
        length += len(piece)
    tail = "".join(current).strip()
    if tail:
        chunks.append(tail)
    return [chunk for chunk in chunks if chunk.strip()]


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


def _default_times(now: datetime, timezone: str) -> tuple[datetime, datetime]:
    """A week today at noon in the organiser's zone, for an hour: easy to change."""
    zone = ZoneInfo(valid_timezone(timezone))
    day = (now.astimezone(zone) + timedelta(days=7)).date()
    starts = datetime.combine(day, time(12, 0), tzinfo=zone)
    return starts, starts + timedelta(hours=1)


def _mode_options() -> list[dict[str, Any]]:
    return [option(t(f"event.mode.{mode.value}"), mode.value) for mode in EventMode]


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
    modes = _mode_options()
    mode = details.mode if details is not None else EventMode.IN_PERSON
    mode_radio: dict[str, Any] = {
        "type": "radio_buttons",
        "action_id": InputId.EVENT_MODE,
        "options": modes,
        "initial_option": next(o for o in modes if o["value"] == mode.value),
    }
    place_select: dict[str, Any] = {
        "type": "external_select",
        "action_id": ActionId.EVENT_PLACE_SELECT,
        "placeholder": plain(t("event.form.place_placeholder"), 150),
        "min_query_length": 2,
    }
    if details is not None and details.place_id is not None and place_label:
        place_select["initial_option"] = option(place_label, str(details.place_id))
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
    region_blocks = (
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
    channels: dict[str, Any] = {
        "type": "multi_conversations_select",
        "action_id": InputId.EVENT_CHANNELS,
        "placeholder": plain(t("event.form.channels_placeholder"), 150),
        "max_selected_items": MAX_EXTRA_CHANNELS,
        "filter": {"include": ["public", "private"], "exclude_bot_users": True},
    }
    if details is not None and details.extra_channels:
        channels["initial_conversations"] = list(details.extra_channels[:MAX_EXTRA_CHANNELS])

    blocks: list[Block] = [
        context(t("event.form.intro")),
        input_block(
            BlockId.EVENT_TITLE,
            t("event.form.title"),
            text_input(
                InputId.EVENT_TITLE,
                initial=details.title if details else "",
                max_length=MAX_TITLE,
                placeholder=t("event.form.title_placeholder"),
            ),
        ),
        input_block(
            BlockId.EVENT_START, t("event.form.start"), _picker(InputId.EVENT_START, starts)
        ),
        input_block(
            BlockId.EVENT_END,
            t("event.form.end"),
            _picker(InputId.EVENT_END, ends),
            hint=t("event.form.time_hint"),
        ),
        input_block(BlockId.EVENT_MODE, t("event.form.mode"), mode_radio),
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
            place_select,
            optional=True,
            hint=t("event.form.place_hint"),
        ),
        *region_blocks,
        input_block(
            BlockId.EVENT_URL,
            t("event.form.online_url"),
            _url_input(InputId.EVENT_URL, details.join_url if details else ""),
            optional=True,
            hint=t("event.form.online_url_hint"),
        ),
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
            channels,
            optional=True,
            hint=t("event.form.channels_hint"),
        ),
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
    text = t("event.cancel.confirm", title=_title(event), when=when_text(event))
    return modal(
        CallbackId.EVENT_CANCEL_SUBMIT,
        t("event.cancel.modal_title"),
        [section(text), context(counts_text(event))],
        submit=t("event.cancel.submit"),
        close=t("event.cancel.keep"),
        private_metadata={"event_id": event.id},
    )


# The announcement and what follows a click ---------------------------------------------------


def announcement_message(event: Event, *, where: str) -> dict[str, Any]:
    """The post in each linked channel, updated in place as RSVPs change or plans do."""
    blocks: list[Block] = [_header(event), section(_facts(event, where))]
    description = escape(event.details.description)
    if description:
        if len(description) > ANNOUNCEMENT_DESCRIPTION:
            description = clip_markup(description, ANNOUNCEMENT_DESCRIPTION)
            if not event.cancelled:
                description += "\n" + t("event.announce.more")
        blocks.append(section(description))
    if event.cancelled:
        blocks.append(context(t("event.announce.cancelled_note")))
        text = t("event.announce.cancelled_fallback", title=_title(event), when=when_plain(event))
        return message(text, blocks)
    blocks.append(context(counts_text(event)))
    blocks.append(
        actions(
            _going_button(event),
            _not_going_button(event),
            _calendar_button(event),
            _details_button(event),
            manage_menu(event),
        )
    )
    text = t("event.announce.fallback", title=_title(event), when=when_plain(event))
    return message(text, blocks)


def moved_announcement_message(
    event: Event, *, region_name: str, channels: Sequence[str]
) -> dict[str, Any]:
    """A post in a channel whose region the event moved away from: no answers taken here any
    more, but where it is now and where it is announced (or how to find it)."""
    region = f"*{escape(region_name)}*"
    if channels:
        shown = ", ".join(_channel(c) for c in channels[:MAX_REPORT_LINES])
        text = t("event.announce.moved", title=_title(event), region=region, channels=shown)
    else:
        command = f"`/event list {escape(region_name)}`"
        text = t(
            "event.announce.moved_unlinked", title=_title(event), region=region, command=command
        )
    blocks: list[Block] = [
        header(t("event.announce.moved_header", title=event.title)),
        section(text),
        context(t("event.announce.moved_hint")),
        actions(_details_button(event)),
    ]
    fallback = t("event.announce.moved_fallback", title=_title(event), region=escape(region_name))
    return message(fallback, blocks)


def event_details_message(event: Event, *, where: str) -> dict[str, Any]:
    """Everything about an event (the whole description, the links), for one person."""
    blocks: list[Block] = [_header(event), section(_facts(event, where, links=True))]
    chunks = _description_chunks(event.details.description)
    room = MAX_MESSAGE_BLOCKS - 4
    blocks.extend(section(chunk) for chunk in chunks[:room])
    if event.cancelled:
        blocks.append(context(t("event.announce.cancelled_note")))
    else:
        blocks.append(context(counts_text(event)))
        blocks.append(
            actions(_going_button(event), _not_going_button(event), _calendar_button(event))
        )
    text = t("event.announce.fallback", title=_title(event), when=when_plain(event))
    return message(text, blocks)


def rsvp_reply_message(
    event: Event,
    status: RsvpStatus,
    *,
    changed: bool,
    waitlist_position: int | None,
    reminder_coming: bool = True,
) -> dict[str, Any]:
    """What a person who pressed Going or Can't go is told (only they see it); a reminder is
    promised only when one is still to come."""
    title = _title(event)
    position = t("event.rsvp.position", position=waitlist_position) if waitlist_position else ""
    buttons: list[dict[str, Any]] = []
    if event.cancelled:
        text = t("event.rsvp.cancelled", title=title)
    elif status is RsvpStatus.GOING:
        key = "event.rsvp.going" if changed else "event.rsvp.already_going"
        if changed and not reminder_coming:
            key = "event.rsvp.going_soon"
        text = t(key, title=title, when=when_text(event))
        if event.details.join_url:
            text += "\n" + t("event.facts.online", link=_link(event.details.join_url))
        buttons = [_calendar_button(event), _not_going_button(event)]
    elif status is RsvpStatus.WAITLISTED:
        key = "event.rsvp.waitlisted" if changed else "event.rsvp.already_waitlisted"
        text = t(key, title=title, position=position)
        buttons = [_not_going_button(event)]
    else:
        key = "event.rsvp.not_going" if changed else "event.rsvp.already_not_going"
        text = t(key, title=title)
    blocks: list[Block] = [section(text)]
    if buttons:
        blocks.append(actions(*buttons))
    return message(text, blocks)


def calendar_links_message(
    event: Event, *, google_url: str, outlook_url: str, ics_sent: bool = False
) -> dict[str, Any]:
    """Buttons that open Google Calendar or Outlook with the event filled in.

    Slack reports link clicks too: they come as EVENT_CALENDAR actions valued `link:<id>`,
    for the listener to acknowledge and nothing more.
    """
    text = t("event.calendar.heading", title=_title(event))
    link_value = f"link:{event.id}"
    links = [
        button(t("event.calendar.google"), indexed(ActionId.EVENT_CALENDAR, 0), link_value),
        button(t("event.calendar.outlook"), indexed(ActionId.EVENT_CALENDAR, 1), link_value),
    ]
    for element, url in zip(links, (google_url, outlook_url), strict=True):
        element["url"] = url
    blocks: list[Block] = [section(text), actions(*links)]
    blocks.append(context(t("event.calendar.ics_sent" if ics_sent else "event.calendar.ics_hint")))
    return message(text, blocks)


# Lists -----------------------------------------------------------------------------------------


def _summary(event: Event, where: str) -> str:
    lines = [
        f"*{_title(event)}*",
        when_text(event),
        t("event.list.where_counts", where=_where(event, where), counts=counts_text(event)),
    ]
    return "\n".join(lines)


def event_list_message(
    events: Sequence[tuple[Event, str]],
    *,
    heading: str,
    page: int,
    pages: int,
    page_value: Callable[[int], str],
    note: str | None = None,
) -> dict[str, Any]:
    """A page of upcoming events (each `(event, where)`); `heading` and `note` (a line
    under it: what the words typed might have meant) are plain text."""
    blocks: list[Block] = [section(f"*{escape(heading)}*")]
    if note:
        blocks.append(context(escape(note)))
    if not events:
        blocks.append(section(t("event.list.none")))
        blocks.append(context(t("event.list.none_hint")))
    for event, where in events[:MAX_LISTED_EVENTS]:
        blocks.append(divider())
        blocks.append(section(_summary(event, where)))
        buttons = [_details_button(event)]
        if not event.cancelled:
            buttons.append(_going_button(event, primary=False))
        blocks.append(actions(*buttons))
    hidden = len(events) - MAX_LISTED_EVENTS
    if hidden > 0:
        blocks.append(context(t("event.list.more", count=hidden)))
    if pages > 1:
        paging: list[dict[str, Any]] = []
        if page > 1:
            paging.append(
                button(
                    t("buttons.previous"),
                    indexed(ActionId.EVENT_LIST_PAGE, 0),
                    page_value(page - 1),
                )
            )
        if page < pages:
            paging.append(
                button(
                    t("buttons.next"), indexed(ActionId.EVENT_LIST_PAGE, 1), page_value(page + 1)
                )
            )
        blocks.append(context(t("paging.status", page=page, pages=pages)))
        if paging:
            blocks.append(actions(*paging))
    count = len(events)
    return message(t("event.list.fallback", heading=escape(heading), count=count), blocks)


# Telling the organiser -------------------------------------------------------------------------


def _post_error(reason: str) -> str:
    """Why a channel refused: Slack's error code in words, or words the caller chose."""
    if not _ERROR_CODE.match(reason):
        return escape(reason)
    key = f"event.post_error.{reason}"
    return t(key) if key in keys() else t("event.post_error.other", reason=reason[:60])


def posting_report_message(
    event: Event,
    *,
    posted: Sequence[str],
    not_posted: Sequence[tuple[str, str]],
    region_name: str,
    region_has_channels: bool,
) -> dict[str, Any]:
    """Where the announcement went and where it did not.

    `not_posted` holds (channel, why): Slack's error code (`not_in_channel`) or words.
    """
    title = _title(event)
    region = escape(region_name)
    blocks: list[Block] = []
    if posted:
        shown = ", ".join(_channel(c) for c in posted[:MAX_REPORT_LINES])
        if len(posted) > MAX_REPORT_LINES:
            shown += " " + t("event.report.and_more", count=len(posted) - MAX_REPORT_LINES)
        text = t("event.report.posted", title=title, channels=shown)
    else:
        text = t("event.report.posted_nowhere", title=title)
    blocks.append(section(text))
    if not_posted:
        lines = [
            t("event.report.failed_line", channel=_channel(channel), reason=_post_error(code))
            for channel, code in not_posted[:MAX_REPORT_LINES]
        ]
        if len(not_posted) > MAX_REPORT_LINES:
            lines.append(t("event.report.and_more", count=len(not_posted) - MAX_REPORT_LINES))
        blocks.append(section(t("event.report.failed") + "\n" + "\n".join(lines)))
    if not region_has_channels:
        command = f"/event link {escape(region_name)}"
        blocks.append(section(t("event.report.no_channel", region=region, command=command)))
    blocks.append(context(t("event.report.manage_hint")))
    return message(text, blocks)


def link_result_message(
    *,
    channel_id: str,
    region_name: str,
    added: bool,
    joined: bool,
    removed: bool = False,
    via: str | None = None,
) -> dict[str, Any]:
    """The answer to `/event link <region or place>` (`added`: a new link; `joined`: the app
    is in the channel; `via`: the town, area or postcode typed, whose region was linked) and
    to `/event unlink` (`removed`; `region_name` empty: nothing was)."""
    channel = _channel(channel_id) if channel_id else t("event.link.this_channel")
    region = f"*{escape(region_name)}*"
    if removed:
        key = "event.link.unlinked" if region_name else "event.link.not_linked"
    else:
        key = "event.link.linked" if added else "event.link.already_linked"
    text = t(key, channel=channel, regions=region)
    if via and not removed:
        text = t("event.link.by_region", place=f"*{escape(via)}*", region=region) + " " + text
    blocks: list[Block] = [section(text)]
    if not removed and not joined:
        blocks.append(section(t("event.link.invite")))
    if removed and not region_name:
        blocks.append(context(t("event.link.examples")))
    return message(text, blocks)


def link_needs_channel_message() -> dict[str, Any]:
    """`/event link` run in a DM or group DM: links are for channels."""
    text = t("event.link.not_a_channel")
    return message(text, [section(text), context(t("event.link.examples"))])


def channel_links_message(links: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """`/event channels`: each region (by name) with the channels that announce its events."""
    if not links:
        text = t("event.channels.none")
        return message(text, [section(text)])
    by_region: dict[str, list[str]] = {}
    for channel_id, region_name in links:
        by_region.setdefault(region_name, []).append(channel_id)
    heading = t("event.channels.heading")
    blocks: list[Block] = [section(f"*{heading}*")]
    room = MAX_MESSAGE_BLOCKS - 3
    for region_name, channels in list(by_region.items())[:room]:
        shown = ", ".join(_channel(c) for c in channels[:MAX_LINKED_CHANNELS])
        if len(channels) > MAX_LINKED_CHANNELS:
            shown += " " + t("event.report.and_more", count=len(channels) - MAX_LINKED_CHANNELS)
        blocks.append(section(f"*{escape(region_name)}*: {shown}"))
    if len(by_region) > room:
        blocks.append(context(t("event.report.and_more", count=len(by_region) - room)))
    blocks.append(context(t("event.channels.hint")))
    return message(heading, blocks)


def event_help_message() -> dict[str, Any]:
    return message(t("event.help.fallback"), [section(t("event.help.text"))])


def not_allowed_message() -> dict[str, Any]:
    text = t("event.not_allowed")
    return message(text, [section(text), context(t("event.not_allowed_hint"))])


# Direct messages -------------------------------------------------------------------------------


def _starts_in(hours_before: int) -> str:
    if hours_before >= 24 and hours_before % 24 == 0:
        days = hours_before // 24
        return t("event.reminder.tomorrow") if days == 1 else t("event.reminder.days", days=days)
    if hours_before <= 1:
        return t("event.reminder.hour")
    return t("event.reminder.hours", hours=hours_before)


def _starts_after(left: timedelta) -> str:
    """How soon, in words, from the time really left: "in 25 minutes", "in an hour",
    "in 19 hours", "tomorrow" (24 hours, give or take half an hour)."""
    minutes = max(0, round(left.total_seconds() / 60))
    if minutes <= 1:
        return t("event.reminder.minute")
    if minutes < 45:  # under three quarters of an hour: say the minutes
        return t("event.reminder.minutes", minutes=minutes)
    return _starts_in(max(1, round(minutes / 60)))


def reminder_message(
    event: Event, *, where: str, hours_before: int, left: timedelta | None = None
) -> dict[str, Any]:
    """A reminder; `left` (the time from sending to the start) words it, else `hours_before`."""
    starts = _starts_in(hours_before) if left is None else _starts_after(left)
    text = t("event.reminder.text", title=_title(event), starts=starts)
    blocks: list[Block] = [
        section(text),
        section(_facts(event, where, links=True)),
        actions(_details_button(event), _not_going_button(event)),
    ]
    fallback = t("event.reminder.fallback", title=_title(event), when=when_plain(event))
    return message(fallback, blocks)


def promoted_message(event: Event, *, where: str) -> dict[str, Any]:
    text = t("event.promoted.text", title=_title(event))
    blocks: list[Block] = [
        section(text),
        section(_facts(event, where, links=True)),
        actions(_calendar_button(event), _not_going_button(event), _details_button(event)),
    ]
    return message(text, blocks)


def _span_of(value: str | None, zone: ZoneInfo) -> str:
    """A "when" value ("start/end" in ISO form) as times each reader sees in their own zone,
    or "" if unknown or unreadable."""
    try:
        start, end = (datetime.fromisoformat(part) for part in (value or "").split("/"))
    except ValueError:
        return ""
    if start.tzinfo is None or end.tzinfo is None:
        return ""
    return time_span(start, end, zone, slack=True)


def _places_of(value: str) -> str:
    return escape(value) if value else t("event.changed.no_limit")


def _change_values(change: Change, event: Event, where: str) -> tuple[str, str] | None:
    """(as it is, as it was) in mrkdwn; "" for a value not known. What is not known of the
    new value is read from the event as it is now."""
    before, after = change.before, change.after
    if change.field == "when":
        zone = event_zone(event)
        return _span_of(after, zone) or when_text(event), _span_of(before, zone)
    if change.field == "where":
        now = escape(after) if after else _where(event, where)
        return now, escape(before or "")
    if change.field == "title":
        return escape(after) if after else _title(event), escape(before or "")
    if change.field == "capacity":
        capacity = event.details.capacity
        now = _places_of(after) if after is not None else _places_of(str(capacity or ""))
        return now, _places_of(before) if before is not None else ""
    if change.field == "online":
        return _link(after) if after else _link(event.details.join_url), _link(before or "")
    return None


def _change_line(change: Change, event: Event, where: str) -> str | None:
    if change.field == "description":
        return t("event.changed.description")
    values = _change_values(change, event, where)
    if values is None:
        return None
    now, was = values
    line = t(f"event.changed.{change.field}", now=now)
    return line + (" " + t("event.changed.was", was=was) if was and was != now else "")


def changed_message(event: Event, *, where: str, changes: Sequence[Change]) -> dict[str, Any]:
    """To everyone going or waiting: what the organiser changed, and the event as it is now."""
    text = t("event.changed.text", title=_title(event))
    lines = [line for change in changes if (line := _change_line(change, event, where))]
    blocks: list[Block] = [section(text)]
    if lines:
        blocks.append(section("\n".join(lines)))
    blocks.append(section(_facts(event, where, links=True)))
    blocks.append(context(t("event.changed.calendar_hint")))
    blocks.append(
        actions(_details_button(event), _calendar_button(event), _not_going_button(event))
    )
    return message(text, blocks)


def cancelled_message(event: Event) -> dict[str, Any]:
    if event.organiser_erased:
        text = t("event.cancelled.text_erased", title=_title(event), when=when_text(event))
    else:
        text = t(
            "event.cancelled.text",
            title=_title(event),
            when=when_text(event),
            organiser=_user(event.organiser_id),
        )
    fallback = t("event.announce.cancelled_fallback", title=_title(event), when=when_plain(event))
    return message(fallback, [section(text), context(t("event.cancelled.hint"))])


# The Home tab's part -------------------------------------------------------------------------


def _home_line(event: Event, where: str, now: datetime) -> str:
    lines = [f"*{_title(event)}*", when_text(event), _where(event, where)]
    if event.cancelled:
        lines[0] += " · " + t("event.home.cancelled")
    elif event.ends_at <= now:
        lines[0] += " · " + t("event.home.ended")
    elif event.starts_at <= now:
        lines[0] += " · " + t("event.home.now")
    return "\n".join(lines)


def events_home_blocks(
    going: Sequence[tuple[Event, RsvpStatus, str]],
    organising: Sequence[tuple[Event, str]],
    *,
    now: datetime,
    can_organise: bool = True,
) -> list[Block]:
    """My upcoming events with my status, and (for organisers) the ones I run, with counts.

    At most MAX_HOME_EVENTS of each, then "and N more": at most 27 blocks in all.
    """
    blocks: list[Block] = [divider(), section(f"*{t('event.home.going_heading')}*")]
    if not going:
        blocks.append(context(t("event.home.going_none")))
    for event, status, where in going[:MAX_HOME_EVENTS]:
        mine = t(f"event.home.status.{status.value}")
        blocks.append(
            section(f"{_home_line(event, where, now)}\n{mine}", accessory=_details_button(event))
        )
    if len(going) > MAX_HOME_EVENTS:
        blocks.append(context(t("event.home.more", count=len(going) - MAX_HOME_EVENTS)))
    if not can_organise:
        return blocks
    blocks.extend([divider(), section(f"*{t('event.home.organising_heading')}*")])
    if not organising:
        blocks.append(context(t("event.home.organising_none")))
    for event, where in organising[:MAX_HOME_EVENTS]:
        text = f"{_home_line(event, where, now)}\n{counts_text(event)}"
        live = not event.cancelled and event.starts_at > now
        blocks.append(section(text, accessory=manage_menu(event) if live else None))
    if len(organising) > MAX_HOME_EVENTS:
        blocks.append(context(t("event.home.more", count=len(organising) - MAX_HOME_EVENTS)))
    blocks.append(
        actions(button(t("event.buttons.new"), ActionId.EVENT_CREATE, "new", style="primary"))
    )
    return blocks
