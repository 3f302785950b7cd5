"""Markup and pieces every event builder shares: mentions, links, facts, buttons.

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
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from bot.domain.calendar import event_location
from bot.domain.events import MAX_URL
from bot.i18n import plural, t
from handlers.ids import ActionId
from handlers.ui.common import Block, button, clip, escape, header, option
from handlers.ui.time import when_text

if TYPE_CHECKING:
    from bot.domain.events import Event


MAX_REPORT_LINES = 20
LINK_LABEL = 60

_USER = re.compile(r"^[UW][A-Z0-9]{2,30}$")
_CHANNEL = re.compile(r"^[CG][A-Z0-9]{2,30}$")
_SAFE_URL = re.compile(r"^https?://[^\s<>|]+$", re.IGNORECASE)


# Markup we make ------------------------------------------------------------------------------


def user_mention(user_id: str) -> str:
    return f"<@{user_id}>" if _USER.match(user_id) else escape(user_id)


def organiser_text(event: Event) -> str:
    return (
        t("event.organiser.erased") if event.organiser_erased else user_mention(event.organiser_id)
    )


def channel_link(channel_id: str) -> str:
    return f"<#{channel_id}>" if _CHANNEL.match(channel_id) else escape(channel_id)


def url_link(url: str) -> str:
    """A link to a URL the domain validated, labelled with its site; anything else is inert."""
    if not _SAFE_URL.match(url) or len(url) > MAX_URL:
        return escape(url)
    site = urlsplit(url).hostname or url
    return f"<{escape(url)}|{escape(clip(site, LINK_LABEL))}>"


def where_text(event: Event, where: str) -> str:
    """Where, escaped: the venue and town (`where` is the town's label), or online."""
    return escape(event_location(event, where)) or t("event.where.unknown")


def title_text(event: Event) -> str:
    return escape(event.title)


def event_value(event: Event) -> str:
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
        places = plural("event.counts.places_left", left)
        return t("event.counts.with_places", going=going, places=places)
    if event.waitlisted:
        return t("event.counts.full_waitlist", waitlisted=event.waitlisted)
    return t("event.counts.full")


def is_full(event: Event) -> bool:
    return event.details.capacity is not None and not event.places_left


def facts_text(event: Event, where: str, *, links: bool = False) -> str:
    lines = [
        t("event.facts.when", when=when_text(event)),
        t("event.facts.where", where=where_text(event, where)),
        t("event.facts.organiser", organiser=organiser_text(event)),
    ]
    if links and event.details.join_url:
        lines.append(t("event.facts.online", link=url_link(event.details.join_url)))
    if event.details.registration_url:
        lines.append(t("event.facts.register", link=url_link(event.details.registration_url)))
    return "\n".join(lines)


def event_header(event: Event) -> Block:
    if event.cancelled:
        return header(t("event.announce.cancelled_header", title=event.title))
    return header(event.title)


def going_button(event: Event, *, primary: bool = True) -> dict[str, Any]:
    label = t("event.buttons.waitlist") if is_full(event) else t("event.buttons.going")
    return button(
        label, ActionId.EVENT_GOING, event_value(event), style="primary" if primary else None
    )


def not_going_button(event: Event) -> dict[str, Any]:
    return button(t("event.buttons.not_going"), ActionId.EVENT_NOT_GOING, event_value(event))


def calendar_button(event: Event) -> dict[str, Any]:
    return button(t("event.buttons.calendar"), ActionId.EVENT_CALENDAR, event_value(event))


def details_button(event: Event) -> dict[str, Any]:
    return button(t("event.buttons.details"), ActionId.EVENT_DETAILS, event_value(event))


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
