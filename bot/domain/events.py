"""Regional events: what an organiser announces, who is going, and the rules between them.

Pure Python: times are aware UTC datetimes (the organiser's time zone is kept by name, to show
and to write calendar files in); drafts are validated here and every problem is named by field,
so the form can show it beside the right box.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.domain.errors import InvalidInputError
from bot.domain.people import clean_text
from bot.i18n import N_

if TYPE_CHECKING:
    from collections.abc import Sequence

MAX_TITLE = 150
MAX_DESCRIPTION = 2500
MAX_VENUE = 200
MAX_URL = 500
MAX_CAPACITY = 100_000
MAX_EXTRA_CHANNELS = 10
MAX_DURATION = timedelta(days=14)
# Speed Connect may run during the event or up to this long after it ends.
SPEED_CONNECT_AFTER_END = timedelta(hours=2)
DEFAULT_TIMEZONE = "Europe/London"
# Stands for the organiser once they asked to be forgotten: never a Slack user id (those are
# upper case), so nothing mentions or messages it.
ERASED_ORGANISER = "erased"

_URL = re.compile(r"^https?://[^\s<>|]+\.[^\s<>|]+$", re.IGNORECASE)
_CHANNEL = re.compile(r"^[CG][A-Z0-9]{2,30}$")


class EventMode(StrEnum):
    IN_PERSON = "in_person"
    ONLINE = "online"
    HYBRID = "hybrid"

    @property
    def has_venue(self) -> bool:
        return self is not EventMode.ONLINE

    @property
    def has_link(self) -> bool:
        return self is not EventMode.IN_PERSON


class EventStatus(StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


class RsvpStatus(StrEnum):
    GOING = "going"
    WAITLISTED = "waitlisted"
    NOT_GOING = "not_going"


@dataclass(frozen=True, slots=True)
class EventDraft:
    """What the event form submits, times already read in the organiser's time zone."""

    title: str
    starts_at: datetime | None
    ends_at: datetime | None
    timezone: str = DEFAULT_TIMEZONE
    mode: str = EventMode.IN_PERSON
    venue: str = ""
    place_id: int | None = None
    region_code: str | None = None
    online_url: str = ""
    description: str = ""
    capacity_text: str = ""
    registration_url: str = ""
    extra_channels: tuple[str, ...] = ()
    speed_connect_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class EventDetails:
    """A validated draft: what an event is, apart from who runs it and who is going."""

    title: str
    starts_at: datetime
    ends_at: datetime
    timezone: str
    mode: EventMode
    venue: str
    place_id: int | None
    region_code: str
    online_url: str
    description: str
    capacity: int | None
    registration_url: str
    extra_channels: tuple[str, ...] = ()
    # When attendees who opted in are paired up (None: no Speed Connect).
    speed_connect_at: datetime | None = None

    @property
    def join_url(self) -> str:
        """Where people join online: only for online and hybrid events (an in-person event
        saved before links were dropped on save may still hold one)."""
        return self.online_url if self.mode.has_link else ""


@dataclass(frozen=True, slots=True)
class Event:
    id: int
    team_id: str
    organiser_id: str
    details: EventDetails
    status: EventStatus
    created_at: datetime
    updated_at: datetime
    going: int = 0
    waitlisted: int = 0

    @property
    def title(self) -> str:
        return self.details.title

    @property
    def starts_at(self) -> datetime:
        return self.details.starts_at

    @property
    def ends_at(self) -> datetime:
        return self.details.ends_at

    @property
    def cancelled(self) -> bool:
        return self.status is EventStatus.CANCELLED

    @property
    def organiser_erased(self) -> bool:
        """The organiser asked to be forgotten: the event is shown without them."""
        return self.organiser_id == ERASED_ORGANISER

    @property
    def places_left(self) -> int | None:
        capacity = self.details.capacity
        return None if capacity is None else max(0, capacity - self.going)

    def has_started(self, now: datetime) -> bool:
        return now >= self.details.starts_at


@dataclass(frozen=True, slots=True)
class Announcement:
    event_id: int
    channel_id: str
    ts: str | None
    moved: bool = False  # the event moved to another region: the post says where it went


@dataclass(frozen=True, slots=True)
class ChannelLink:
    team_id: str
    channel_id: str
    region_code: str
    linked_by: str
    created_at: datetime
    # What the app posts in the channel: "en", "cy" or "bilingual"; None: the default, which
    # `bot.domain.languages.channel_language` works out from the regions it is linked to.
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Change:
    """One thing an edit changed, for telling those going ("when", "where", ...).

    `before` and `after` are the values as they were and as they are: "when" as "start/end"
    in ISO 8601, "capacity" as a number ("" for no limit), "where" in words, "online" a link;
    None where the value is not known (a change decided by an older release)."""

    field: str
    before: str | None = None
    after: str | None = None


def valid_timezone(name: str | None) -> str:
    """A time zone name Python knows, else the UK's (most members are there)."""
    if not name:
        return DEFAULT_TIMEZONE
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return DEFAULT_TIMEZONE
    return name


def _capacity(text: str, errors: dict[str, str]) -> int | None:
    text = text.strip().replace(",", "")
    if not text:
        return None
    if not text.isdigit() or not 0 < int(text) <= MAX_CAPACITY:
        errors["capacity"] = N_("event.errors.capacity")
        return None
    return int(text)


def _url(text: str, field_name: str, errors: dict[str, str], *, missing: str | None) -> str:
    """A link as given; `missing`: the error's key when the link is required, else None."""
    url = clean_text(text, MAX_URL * 2)
    if not url:
        if missing is not None:
            errors[field_name] = missing
        return ""
    if len(url) > MAX_URL or not _URL.match(url):
        errors[field_name] = N_("event.errors.url")
        return ""
    return url


def _times(draft: EventDraft, now: datetime, errors: dict[str, str], *, editing: bool) -> None:
    if draft.starts_at is None:
        errors["starts_at"] = N_("event.errors.start_missing")
    elif draft.starts_at <= now and not editing:
        errors["starts_at"] = N_("event.errors.start_past")
    if draft.ends_at is None:
        errors["ends_at"] = N_("event.errors.end_missing")
    elif draft.starts_at is not None:
        if draft.ends_at <= draft.starts_at:
            errors["ends_at"] = N_("event.errors.end_before_start")
        elif draft.ends_at - draft.starts_at > MAX_DURATION:
            errors["ends_at"] = N_("event.errors.too_long")
    speed, starts, ends = draft.speed_connect_at, draft.starts_at, draft.ends_at
    if (
        speed is not None
        and starts is not None
        and ends is not None
        and not starts <= speed <= ends + SPEED_CONNECT_AFTER_END
    ):
        errors["speed_connect_at"] = N_("event.errors.speed_connect_window")


def tidy_event(
    draft: EventDraft,
    *,
    now: datetime,
    known_place: bool,
    place_region: str | None,
    editing: bool = False,
) -> EventDetails:
    """Validate a draft; return the event's details or raise InvalidInputError per field.

    `known_place` says whether draft.place_id is a place the gazetteer knows, and
    `place_region` its region: the event's region unless the organiser chose another.
    """
    errors: dict[str, str] = {}
    title = clean_text(draft.title, MAX_TITLE)
    if not title:
        errors["title"] = N_("event.errors.title_missing")
    _times(draft, now, errors, editing=editing)
    try:
        mode = EventMode(draft.mode)
    except ValueError:
        errors["mode"] = N_("event.errors.mode")
        mode = EventMode.IN_PERSON
    venue = clean_text(draft.venue, MAX_VENUE)
    if mode.has_venue:
        if draft.place_id is None:
            errors["place"] = N_("event.errors.place_missing")
        elif not known_place:
            errors["place"] = N_("event.errors.place_unknown")
        if not venue:
            errors["venue"] = N_("event.errors.venue_missing")
    # A link typed for an event met only in person is no use to anyone: it is not kept.
    online_url = (
        _url(draft.online_url, "online_url", errors, missing=N_("event.errors.online_url_missing"))
        if mode.has_link
        else ""
    )
    registration_url = _url(draft.registration_url, "registration_url", errors, missing=None)
    capacity = _capacity(draft.capacity_text, errors)
    region = draft.region_code or (place_region if mode.has_venue else None)
    if not region and "place" not in errors:
        errors["region"] = N_("event.errors.region_missing")
    channels = tuple(dict.fromkeys(c for c in draft.extra_channels if _CHANNEL.match(c)))
    if len(channels) > MAX_EXTRA_CHANNELS:
        errors["extra_channels"] = N_("event.errors.too_many_channels")
    if errors:
        raise InvalidInputError(errors)
    assert draft.starts_at is not None  # noqa: S101 - checked above; narrows the type
    assert draft.ends_at is not None  # noqa: S101
    return EventDetails(
        title=title,
        starts_at=draft.starts_at,
        ends_at=draft.ends_at,
        timezone=valid_timezone(draft.timezone),
        mode=mode,
        venue=venue if mode.has_venue else "",
        place_id=draft.place_id if mode.has_venue else None,
        region_code=region or "",
        online_url=online_url,
        description=clean_text_keep_lines(draft.description, MAX_DESCRIPTION),
        capacity=capacity,
        registration_url=registration_url,
        extra_channels=channels,
        speed_connect_at=draft.speed_connect_at,
    )


def clean_text_keep_lines(text: str | None, limit: int) -> str:
    """Like clean_text, but a description keeps its paragraphs (at most one blank line)."""
    if not text:
        return ""
    lines = [clean_text(line, limit) for line in text.replace("\r", "").split("\n")]
    tidy = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return tidy if len(tidy) <= limit else tidy[: limit - 1].rstrip() + "…"


def changes_between(before: EventDetails, after: EventDetails) -> tuple[Change, ...]:
    """What an edit changed that people going would want to know, field by field."""
    found: list[Change] = []
    if (before.starts_at, before.ends_at) != (after.starts_at, after.ends_at):
        found.append(
            Change(
                "when",
                f"{before.starts_at.isoformat()}/{before.ends_at.isoformat()}",
                f"{after.starts_at.isoformat()}/{after.ends_at.isoformat()}",
            )
        )
    where_before = (before.mode, before.venue, before.place_id)
    where_after = (after.mode, after.venue, after.place_id)
    if where_before != where_after:  # in words with the town, which the gazetteer knows
        found.append(Change("where"))
    if before.join_url and after.join_url and before.join_url != after.join_url:
        found.append(Change("online", before.join_url, after.join_url))
    if before.title != after.title:
        found.append(Change("title", before.title, after.title))
    if before.capacity != after.capacity:
        found.append(Change("capacity", str(before.capacity or ""), str(after.capacity or "")))
    if before.description != after.description:
        found.append(Change("description", "", ""))
    return tuple(found)


def decide_going(capacity: int | None, going: int) -> RsvpStatus:
    """Going, or the waitlist when every place is taken."""
    return RsvpStatus.GOING if capacity is None or going < capacity else RsvpStatus.WAITLISTED


def promotions(capacity: int | None, going: int, waitlist: Sequence[str]) -> tuple[str, ...]:
    """Who comes off the waitlist (first come, first served) when places free up."""
    if capacity is None:
        return tuple(waitlist)
    free = max(0, capacity - going)
    return tuple(waitlist[:free])
