"""What `EventService`'s operations return (re-exported by `bot.services.events`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.domain.events import Announcement, Change, Event, RsvpStatus
    from bot.domain.places import Region
    from bot.services.place_scope import PlaceScope


@dataclass(frozen=True, slots=True)
class Created:
    event: Event
    channels: tuple[str, ...]  # where to announce it: the region's channels, then extra ones
    region: Region
    region_has_channels: bool


@dataclass(frozen=True, slots=True)
class RsvpOutcome:
    event: Event
    status: RsvpStatus
    changed: bool
    waitlist_position: int | None
    announcements: tuple[Announcement, ...]
    reminder_coming: bool = True  # going, with a reminder still to be sent before the start


@dataclass(frozen=True, slots=True)
class Edited:
    event: Event
    changes: tuple[Change, ...]
    announcements: tuple[Announcement, ...]


@dataclass(frozen=True, slots=True)
class Cancelled:
    event: Event
    announcements: tuple[Announcement, ...]
    told: int  # people going or waiting, each sent a DM


@dataclass(frozen=True, slots=True)
class ErasedFromEvents:
    cancelled: tuple[Cancelled, ...]  # the events they organised that had not started
    rows: int  # answers, links and events that lost the person's name


@dataclass(frozen=True, slots=True)
class EventPage:
    events: tuple[Event, ...]
    page: int
    pages: int
    total: int
    area: PlaceScope | None  # None: everywhere


@dataclass(frozen=True, slots=True)
class LinkOutcome:
    region: Region  # the first region linked
    added: bool  # any link is new
    # What was typed, when it was not the region itself: a town, site, area or postcode
    # whose region was linked ("Kent", "LS1"), as the answer names it.
    via: str | None = None
    # Every region linked: one, or each an informal area reaches into ("the Midlands").
    regions: tuple[Region, ...] = ()
    # What the app posts in the channel now: "en", "cy" or "bilingual" (bot.services.event_channels)
    language: str = "en"


@dataclass(frozen=True, slots=True)
class MyEvents:
    going: tuple[tuple[Event, RsvpStatus], ...]
    organising: tuple[Event, ...]
