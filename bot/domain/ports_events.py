"""The events repository port (re-exported by bot.domain.ports)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime

    from bot.domain.events import (
        Announcement,
        ChannelLink,
        Event,
        EventDetails,
        EventStatus,
        RsvpStatus,
    )


class EventRepository(Protocol):
    """Events, RSVPs, announcements and the channels linked to regions, per workspace."""

    def add(
        self, team_id: str, organiser_id: str, details: EventDetails, *, now: datetime
    ) -> Event: ...

    def get(self, team_id: str, event_id: int) -> Event | None:
        """The event with its going and waitlist counts."""

    def lock(self, team_id: str, event_id: int) -> Event | None:
        """The event, locked for the rest of the transaction: RSVP decisions queue here."""

    def update_details(self, event_id: int, details: EventDetails, *, now: datetime) -> None: ...

    def set_status(self, event_id: int, status: EventStatus, *, now: datetime) -> None: ...

    def rsvp_status(self, event_id: int, user_id: str) -> RsvpStatus | None: ...

    def set_rsvp(self, event_id: int, user_id: str, status: RsvpStatus, *, now: datetime) -> None:
        """Insert or change; joining the waitlist (again) puts the person at its end."""

    def waitlist(self, event_id: int) -> list[str]:
        """Waitlisted people, first come first."""

    def people(
        self, event_id: int, statuses: Sequence[RsvpStatus]
    ) -> list[tuple[str, RsvpStatus]]: ...

    def add_announcement(self, team_id: str, event_id: int, channel_id: str, ts: str) -> None: ...

    def announcements(self, event_id: int) -> list[Announcement]: ...

    def set_announcements_moved(
        self, event_id: int, channel_ids: Sequence[str], *, moved: bool
    ) -> None:
        """Mark the event's posts in these channels as moved away (or back)."""

    def count_upcoming(
        self, team_id: str, *, now: datetime, region: str | None, place_ids: Sequence[int] | None
    ) -> int: ...

    def upcoming(
        self,
        team_id: str,
        *,
        now: datetime,
        region: str | None,
        place_ids: Sequence[int] | None,
        offset: int,
        limit: int,
    ) -> list[Event]:
        """Scheduled events not yet over, soonest first: at the places given, or online in
        the region given, or anywhere in the region when no places are given."""

    def for_person(
        self, team_id: str, user_id: str, *, now: datetime, limit: int | None = 50
    ) -> list[tuple[Event, RsvpStatus]]:
        """Events not yet over the person is going to or waiting for, soonest first."""

    def organised_by(
        self, team_id: str, user_id: str, *, now: datetime, limit: int | None = 50
    ) -> list[Event]:
        """Scheduled events not yet over that the person organises, soonest first."""

    def replies_of(self, team_id: str, user_id: str) -> list[tuple[Event, RsvpStatus]]: ...

    def erase_person(self, team_id: str, user_id: str) -> int:
        """Remove the person's RSVPs and their name on channel links and on the events they
        organised (which keep their facts under ERASED_ORGANISER, without the description and
        links the person wrote)."""

    def link_channel(
        self, team_id: str, channel_id: str, region_code: str, user_id: str, *, now: datetime
    ) -> bool:
        """True when the link is new."""

    def unlink_channel(self, team_id: str, channel_id: str) -> list[str]:
        """The region codes the channel was linked to."""

    def channel_links(self, team_id: str) -> list[ChannelLink]: ...

    def channels_for_region(self, team_id: str, region_code: str) -> list[str]: ...

    def set_channel_language(
        self, team_id: str, channel_id: str, language: str | None
    ) -> list[str]:
        """Set the language of every link of the channel at once (None: the default); the region
        codes it is linked to (none: not linked, nothing set)."""

    def channel_language(self, team_id: str, channel_id: str) -> tuple[str | None, list[str]]:
        """The language chosen for the channel (None: the default) and its regions' codes."""
