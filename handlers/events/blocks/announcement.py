"""Block Kit for an event's announcement and what follows a click on it: the details, the
answer to Going or Can't go, the calendar links.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.domain.events import RsvpStatus
from bot.i18n import N_, t
from handlers.events.blocks.attendees import whos_going_button
from handlers.events.blocks.pieces import (
    MAX_REPORT_LINES,
    calendar_button,
    channel_link,
    counts_text,
    details_button,
    event_header,
    facts_text,
    going_button,
    manage_menu,
    not_going_button,
    title_text,
    url_link,
)
from handlers.events.blocks.speed_connect import speed_connect_button, speed_connect_offer
from handlers.ids import ActionId, indexed
from handlers.ui.common import (
    MAX_MESSAGE_BLOCKS,
    MAX_SECTION_TEXT,
    Block,
    actions,
    button,
    clip_markup,
    context,
    escape,
    header,
    message,
    section,
)
from handlers.ui.time import when_plain, when_text

if TYPE_CHECKING:
    from collections.abc import Sequence

    from bot.domain.events import Event

ANNOUNCEMENT_DESCRIPTION = 600  # characters of (escaped) description an announcement shows


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


# The announcement and what follows a click ---------------------------------------------------


def announcement_message(event: Event, *, where: str) -> dict[str, Any]:
    """The post in each linked channel, updated in place as RSVPs change or plans do."""
    blocks: list[Block] = [event_header(event), section(facts_text(event, where))]
    description = escape(event.details.description)
    if description:
        if len(description) > ANNOUNCEMENT_DESCRIPTION:
            description = clip_markup(description, ANNOUNCEMENT_DESCRIPTION)
            if not event.cancelled:
                description += "\n" + t("event.announce.more")
        blocks.append(section(description))
    if event.cancelled:
        blocks.append(context(t("event.announce.cancelled_note")))
        text = t(
            "event.announce.cancelled_fallback", title=title_text(event), when=when_plain(event)
        )
        return message(text, blocks)
    blocks.append(context(counts_text(event)))
    blocks.append(
        actions(
            going_button(event),
            not_going_button(event),
            calendar_button(event),
            details_button(event),
            whos_going_button(event.id),
            manage_menu(event),
        )
    )
    text = t("event.announce.fallback", title=title_text(event), when=when_plain(event))
    return message(text, blocks)


def moved_announcement_message(
    event: Event, *, region_name: str, channels: Sequence[str]
) -> dict[str, Any]:
    """A post in a channel whose region the event moved away from: no answers taken here any
    more, but where it is now and where it is announced (or how to find it)."""
    region = f"*{escape(region_name)}*"
    if channels:
        shown = ", ".join(channel_link(c) for c in channels[:MAX_REPORT_LINES])
        text = t("event.announce.moved", title=title_text(event), region=region, channels=shown)
    else:
        command = f"`/event list {escape(region_name)}`"
        text = t(
            "event.announce.moved_unlinked", title=title_text(event), region=region, command=command
        )
    blocks: list[Block] = [
        header(t("event.announce.moved_header", title=event.title)),
        section(text),
        context(t("event.announce.moved_hint")),
        actions(details_button(event)),
    ]
    fallback = t(
        "event.announce.moved_fallback", title=title_text(event), region=escape(region_name)
    )
    return message(fallback, blocks)


def event_details_message(event: Event, *, where: str) -> dict[str, Any]:
    """Everything about an event (the whole description, the links), for one person."""
    blocks: list[Block] = [event_header(event), section(facts_text(event, where, links=True))]
    chunks = _description_chunks(event.details.description)
    room = MAX_MESSAGE_BLOCKS - 4
    blocks.extend(section(chunk) for chunk in chunks[:room])
    if event.cancelled:
        blocks.append(context(t("event.announce.cancelled_note")))
    else:
        blocks.append(context(counts_text(event)))
        blocks.append(actions(going_button(event), not_going_button(event), calendar_button(event)))
    text = t("event.announce.fallback", title=title_text(event), when=when_plain(event))
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
    title = title_text(event)
    position = t("event.rsvp.position", position=waitlist_position) if waitlist_position else ""
    buttons: list[dict[str, Any]] = []
    if event.cancelled:
        text = t("event.rsvp.cancelled", title=title)
    elif status is RsvpStatus.GOING:
        key = N_("event.rsvp.going") if changed else N_("event.rsvp.already_going")
        if changed and not reminder_coming:
            key = N_("event.rsvp.going_soon")
        text = t(key, title=title, when=when_text(event))
        if event.details.join_url:
            text += "\n" + t("event.facts.online", link=url_link(event.details.join_url))
        buttons = [calendar_button(event), not_going_button(event)]
        if event.details.speed_connect_at is not None:
            text += "\n\n" + speed_connect_offer(event)
            buttons.insert(0, speed_connect_button(event, joined=False))
    elif status is RsvpStatus.WAITLISTED:
        key = N_("event.rsvp.waitlisted") if changed else N_("event.rsvp.already_waitlisted")
        text = t(key, title=title, position=position)
        buttons = [not_going_button(event)]
    else:
        key = N_("event.rsvp.not_going") if changed else N_("event.rsvp.already_not_going")
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
    text = t("event.calendar.heading", title=title_text(event))
    link_value = f"link:{event.id}"
    links = [
        button(t("event.calendar.google"), indexed(ActionId.EVENT_CALENDAR, 0), link_value),
        button(t("event.calendar.outlook"), indexed(ActionId.EVENT_CALENDAR, 1), link_value),
    ]
    for element, url in zip(links, (google_url, outlook_url), strict=True):
        element["url"] = url
    blocks: list[Block] = [section(text), actions(*links)]
    blocks.append(
        context(t("event.calendar.ics_sent") if ics_sent else t("event.calendar.ics_hint"))
    )
    return message(text, blocks)
