"""An event as calendars read it: an iCalendar (.ics) file, and Google and Outlook links.

Pure: no clock and no I/O. The file is written in the event's own time zone (with the
VTIMEZONE component Outlook needs to read it); the links carry UTC times, which both services
show in the reader's own zone. The UID is stable and SEQUENCE grows with every edit, so opening
a newer file (a changed time, a cancellation) updates the entry already in a calendar rather
than adding a second one.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import quote, urlencode
from zoneinfo import ZoneInfo

from icalendar import Calendar, Timezone, vText
from icalendar import Event as CalendarEvent
from icalendar.parser_tools import DEFAULT_ENCODING

from bot.domain.events import EventMode, valid_timezone
from bot.i18n import t

if TYPE_CHECKING:
    from collections.abc import Callable

    from bot.domain.events import Event

    _UrlFor = Callable[[str], str]

PRODID = "-//Who's Who Locally//Events//EN"
UID_DOMAIN = "whoswho-locally"
GOOGLE_URL = "https://calendar.google.com/calendar/render"
OUTLOOK_URL = "https://outlook.office.com/calendar/0/deeplink/compose"
# A link goes on a chat button, which takes at most 3,000 characters of URL.
MAX_LINK = 3000
_LINK_DESCRIPTION = 1000


class _Text(vText):
    """TEXT escaped exactly as RFC 5545 says. icalendar reads a typed "\\N" as a line break;
    a person who typed a backslash and an N gets them back."""

    def to_ical(self) -> bytes:
        text = str(self)
        for plain, escaped in (("\\", "\\\\"), (";", "\\;"), (",", "\\,")):
            text = text.replace(plain, escaped)
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
        return text.encode(DEFAULT_ENCODING)


def event_location(event: Event, place_label: str) -> str:
    """Where an event is, in plain words: "Quarry House, Leeds", "Online", or both.

    `place_label` is the town's label; the venue is added unless the label already holds it.
    """
    return location_words(event.details.mode, event.details.venue, place_label)


def location_words(mode: EventMode, venue: str, place_label: str) -> str:
    """`event_location` for an event's mode, venue and town label as they were or are."""
    place = place_label.strip()
    venue = venue.strip()
    physical = place
    if venue and venue.casefold() not in place.casefold():
        physical = f"{venue}, {place}" if place else venue
    if mode is EventMode.ONLINE:
        return t("event.where.online")
    if mode is EventMode.HYBRID:
        return t("event.where.hybrid", place=physical) if physical else t("event.where.online")
    return physical


def event_uid(event: Event) -> str:
    return f"event-{event.id}-{event.team_id}@{UID_DOMAIN}"


def _sequence(event: Event) -> int:
    """Grows with every edit: seconds from creation to the latest change."""
    return max(0, int((event.updated_at - event.created_at).total_seconds()))


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


@lru_cache(maxsize=256)
def _vtimezone(tzid: str, first_year: int, last_year: int) -> Timezone:
    """The zone's rules for the years the event touches (cached: building them is slow)."""
    return Timezone.from_tzid(
        tzid, first_date=date(first_year, 1, 1), last_date=date(last_year + 1, 1, 1)
    )


def _description(event: Event, *, organiser: str, limit: int | None = None) -> str:
    details = event.details
    text = details.description
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…" if limit > 1 else ""
    parts = [text] if text else []
    if details.join_url:
        parts.append(t("event.calendar.online", url=details.join_url))
    if details.registration_url:
        parts.append(t("event.calendar.register", url=details.registration_url))
    if organiser:
        parts.append(t("event.calendar.organiser", name=organiser))
    return "\n\n".join(parts)


def ics_calendar(
    event: Event, *, where: str, organiser: str, details_url: str | None = None
) -> bytes:
    """A VCALENDAR publishing one VEVENT, with times in the event's own time zone.

    `where` is the town's label (see `event_location`); `organiser` a name to credit.
    """
    details = event.details
    tzid = valid_timezone(details.timezone)
    zone = ZoneInfo(tzid)
    starts = details.starts_at.astimezone(zone)
    ends = details.ends_at.astimezone(zone)

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add_component(_vtimezone(tzid, starts.year - 1, ends.year + 1))

    entry = CalendarEvent()
    entry.add("uid", event_uid(event))
    entry.add("dtstamp", _utc(event.updated_at))
    entry.add("dtstart", starts)
    entry.add("dtend", ends)
    entry.add("summary", _Text(details.title))
    description = _description(event, organiser=organiser)
    if description:
        entry.add("description", _Text(description))
    location = event_location(event, where)
    if location:
        entry.add("location", _Text(location))
    url = details_url or details.registration_url or details.join_url
    if url:
        entry.add("url", url)
    entry.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    entry.add("sequence", _sequence(event))
    entry.add("created", _utc(event.created_at))
    entry.add("last-modified", _utc(event.updated_at))
    calendar.add_component(entry)
    data: bytes = calendar.to_ical()
    return data


def _stamp(moment: datetime) -> str:
    return _utc(moment).strftime("%Y%m%dT%H%M%SZ")


def _iso(moment: datetime) -> str:
    return _utc(moment).strftime("%Y-%m-%dT%H:%M:%SZ")


def _fit(event: Event, url_for: _UrlFor) -> str:
    """The link with as much of the description as a button's URL can carry."""
    limit = _LINK_DESCRIPTION
    while True:
        url = url_for(_description(event, organiser="", limit=limit))
        if len(url) <= MAX_LINK or limit <= 0:
            return url
        limit = limit // 2 if limit > 50 else 0


def google_calendar_url(event: Event, where: str) -> str:
    """Google Calendar's "add an event" link, with UTC times."""

    def url_for(description: str) -> str:
        query = {
            "action": "TEMPLATE",
            "text": event.details.title,
            "dates": f"{_stamp(event.starts_at)}/{_stamp(event.ends_at)}",
            "details": description,
            "location": event_location(event, where),
        }
        return f"{GOOGLE_URL}?{urlencode(query, quote_via=quote, safe='/')}"

    return _fit(event, url_for)


def outlook_calendar_url(event: Event, where: str) -> str:
    """Outlook on the web's "new event" link, with UTC times."""

    def url_for(description: str) -> str:
        query = {
            "subject": event.details.title,
            "startdt": _iso(event.starts_at),
            "enddt": _iso(event.ends_at),
            "body": description,
            "location": event_location(event, where),
            "path": "/calendar/action/compose",
            "rru": "addevent",
        }
        return f"{OUTLOOK_URL}?{urlencode(query, quote_via=quote, safe='/')}"

    return _fit(event, url_for)
