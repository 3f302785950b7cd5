"""Regional events: announcing, RSVPs with a waitlist, reminders, edits and cancellations.

Every message that goes out later (reminders) or to many people (promotions, changes,
cancellations) is written to the outbox in the same transaction as the decision that causes
it, so nothing is lost on a restart and a decision that changes (someone drops out, the event
is cancelled or moved) withdraws what it had scheduled.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import TYPE_CHECKING

from bot.domain.errors import NotAllowedError, NotFoundError
from bot.domain.events import (
    Announcement,
    Change,
    ChannelLink,
    Event,
    EventDetails,
    EventDraft,
    EventStatus,
    RsvpStatus,
    changes_between,
    decide_going,
    tidy_event,
)
from bot.domain.outbox import ScheduledMessage
from bot.services import feedback, outbox
from bot.services.place_scope import (
    NoPlace,
    PlaceScope,
    place_choices,
    read_scope,
    scope_by_id,
)

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime

    from bot.clock import Clock
    from bot.domain.outbox import JSON
    from bot.domain.places import Gazetteer, Region
    from bot.domain.ports import AdminDirectory, UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)

LIST_PAGE_SIZE = 5
DEFAULT_REMINDERS = (timedelta(hours=24), timedelta(hours=1))

# Outbox kinds this feature schedules; the Slack edge renders each.
REMINDER = "event.reminder"
PROMOTED = "event.promoted"
CHANGED = "event.changed"
CANCELLED = "event.cancelled"
# A post in a channel of the region an event moved to; payload {"event_id", "channel"}.
ANNOUNCE = "event.announce"


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


@dataclass(frozen=True, slots=True)
class MyEvents:
    going: tuple[tuple[Event, RsvpStatus], ...]
    organising: tuple[Event, ...]


class EventService:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        gazetteer: Gazetteer,
        clock: Clock,
        admins: AdminDirectory,
        *,
        organisers: Sequence[str] = (),
        reminders: Sequence[timedelta] = DEFAULT_REMINDERS,
    ) -> None:
        self._uow = uow_factory
        self._places = gazetteer
        self._clock = clock
        self._admins = admins
        self._organisers = frozenset(organisers)
        self._reminders = tuple(sorted(reminders, reverse=True))

    def now(self) -> datetime:
        return self._clock.now()

    # Who may organise ---------------------------------------------------------------------

    def can_organise(self, team_id: str, user_id: str) -> bool:
        """ORGANISERS names them (or `*` everyone); otherwise workspace admins and owners."""
        if "*" in self._organisers or user_id in self._organisers:
            return True
        return self._admins.is_admin(team_id, user_id)

    def require_organiser(self, team_id: str, user_id: str) -> None:
        if not self.can_organise(team_id, user_id):
            raise NotAllowedError("event.errors.not_organiser")

    def _require_manager(self, team_id: str, user_id: str, event: Event) -> None:
        """The event's own organiser, or an admin (or anyone ORGANISERS=* trusts)."""
        if user_id == event.organiser_id:
            return
        if "*" in self._organisers or self._admins.is_admin(team_id, user_id):
            return
        raise NotAllowedError("event.errors.not_your_event")

    # Places -------------------------------------------------------------------------------

    def place_choices(self, typed: str, limit: int = 50) -> list[tuple[int, str]]:
        """The venue's town as the form's typeahead offers it: what /whoswho understands
        (a site or short name offers its place), always a gazetteer place's id."""
        return place_choices(self._places, typed, limit)

    def where_label(self, event: Event) -> str:
        place = self._places.get(event.details.place_id) if event.details.place_id else None
        return self._places.label(place) if place else ""

    def place_region(self, event: Event) -> str | None:
        """The region of the event's town (the form shows a different chosen one)."""
        place = self._places.get(event.details.place_id) if event.details.place_id else None
        return place.region_code if place else None

    def regions(self) -> list[tuple[str, str]]:
        return [(region.code, region.name) for region in self._places.regions()]

    def area_by_id(
        self,
        place_id: int | None,
        region_code: str | None,
        area_code: str | None = None,
        postcode: str | None = None,
    ) -> PlaceScope | None:
        """The area a list button carried (gone from the gazetteer: everywhere)."""
        return scope_by_id(
            self._places,
            place_id=place_id,
            region_code=region_code,
            area_code=area_code,
            postcode=postcode,
        )

    def read_area(self, text: str) -> PlaceScope | NoPlace:
        """What `/event list <place>` or `/event link <place>` names, read as /whoswho reads
        it ("in Leeds", "Quarry House", "Kent", "LS1"); words after the place are ignored."""
        return read_scope(self._places, text)

    # Channels -----------------------------------------------------------------------------

    def link_channel(self, team_id: str, user_id: str, channel_id: str, text: str) -> LinkOutcome:
        self.require_organiser(team_id, user_id)
        area = self.read_area(text)
        if isinstance(area, NoPlace):
            if area.outside_uk:
                raise NotFoundError("event.errors.area_abroad", text=area.text)
            if area.suggestions:
                raise NotFoundError(
                    "event.errors.area_unknown_suggest",
                    text=area.text,
                    suggestions=", ".join(area.suggestions[:3]),
                )
            raise NotFoundError("event.errors.area_unknown", text=area.text)
        # Announcements go by region: a town, site, area or postcode links the region it is
        # in; an area reaching into several regions ("the Midlands") links each of them.
        regions = area.regions or ((area.region,) if area.region is not None else ())
        if not regions:
            raise NotFoundError("event.errors.area_unknown", text=area.name)
        with self._uow() as uow:
            added = [
                uow.events.link_channel(
                    team_id, channel_id, region.code, user_id, now=self._clock.now()
                )
                for region in regions
            ]
            uow.commit()
        via = None if area.is_region else area.name
        return LinkOutcome(regions[0], any(added), via=via, regions=tuple(regions))

    def unlink_channel(self, team_id: str, user_id: str, channel_id: str) -> tuple[Region, ...]:
        self.require_organiser(team_id, user_id)
        with self._uow() as uow:
            codes = uow.events.unlink_channel(team_id, channel_id)
            uow.commit()
        return tuple(self._places.region(code) for code in codes)

    def channel_links(self, team_id: str) -> tuple[tuple[ChannelLink, Region], ...]:
        with self._uow() as uow:
            links = uow.events.channel_links(team_id)
        return tuple((link, self._places.region(link.region_code)) for link in links)

    # Announcing ---------------------------------------------------------------------------

    def _details(self, draft: EventDraft, *, editing: bool) -> EventDetails:
        place = self._places.get(draft.place_id) if draft.place_id is not None else None
        return tidy_event(
            draft,
            now=self._clock.now(),
            known_place=place is not None,
            place_region=place.region_code if place else None,
            editing=editing,
        )

    def create_event(self, team_id: str, user_id: str, draft: EventDraft) -> Created:
        """Validate and save a new event; say where to announce it. InvalidInputError per field."""
        self.require_organiser(team_id, user_id)
        details = self._details(draft, editing=False)
        with self._uow() as uow:
            event = uow.events.add(team_id, user_id, details, now=self._clock.now())
            linked = uow.events.channels_for_region(team_id, details.region_code)
            uow.commit()
        channels = tuple(dict.fromkeys((*linked, *details.extra_channels)))
        log.info("event created", extra={"team_id": team_id, "event_id": event.id})
        return Created(event, channels, self._places.region(details.region_code), bool(linked))

    def record_announcement(self, team_id: str, event_id: int, channel_id: str, ts: str) -> None:
        with self._uow() as uow:
            uow.events.add_announcement(team_id, event_id, channel_id, ts)
            uow.commit()

    def rsvp_status(self, event: Event, user_id: str) -> RsvpStatus | None:
        with self._uow() as uow:
            return uow.events.rsvp_status(event.id, user_id)

    def get_event(self, team_id: str, event_id: int) -> Event:
        with self._uow() as uow:
            event = uow.events.get(team_id, event_id)
        if event is None:
            raise NotFoundError("event.errors.gone")
        return event

    def event_for_editing(self, team_id: str, user_id: str, event_id: int) -> Event:
        event = self.get_event(team_id, event_id)
        self._require_manager(team_id, user_id, event)
        if event.cancelled:
            raise NotAllowedError("event.errors.cancelled")
        if event.has_started(self._clock.now()):
            raise NotAllowedError("event.errors.started")
        return event

    # RSVPs --------------------------------------------------------------------------------

    def rsvp(self, team_id: str, event_id: int, user_id: str, *, going: bool) -> RsvpOutcome:
        """Going (or the waitlist when full), or not going; a repeat click changes nothing.

        The event's lock (on SQLite, the database's write lock, which every save waits for) is
        held only to decide and write: a click that changes nothing never takes it, and what
        is read for the answer (the counts, where the event is announced) is read after it is
        given back."""
        now = self._clock.now()
        with self._uow() as uow:
            repeat = self._repeat_click(uow, team_id, event_id, user_id, going=going, now=now)
            if repeat is not None:
                return repeat
            event = self._open_event(uow.events.lock(team_id, event_id), now)
            # The time of the decision, read once the event's turn is ours: a reading taken
            # before waiting for it could put a later arrival ahead on the waitlist.
            now = self._clock.now()
            current = uow.events.rsvp_status(event_id, user_id)
            status: RsvpStatus
            changed: bool
            if going:
                if current in {RsvpStatus.GOING, RsvpStatus.WAITLISTED}:
                    status, changed = current, False
                else:
                    status = decide_going(event.details.capacity, event.going)
                    changed = True
            else:
                status, changed = RsvpStatus.NOT_GOING, current not in {None, RsvpStatus.NOT_GOING}
            reminder_coming = status is RsvpStatus.GOING and not changed
            if changed:
                uow.events.set_rsvp(event_id, user_id, status, now=now)
                if status is RsvpStatus.GOING:
                    reminder_coming = self._schedule_reminders(uow, event, user_id) > 0
                else:
                    self._cancel_reminders(uow, event, user_id)
                if current is RsvpStatus.GOING:
                    self._promote(uow, event, now=now)
            position = self._waitlist_position(uow, event_id, user_id, status)
            uow.commit()
            event = uow.events.get(team_id, event_id) or event
            announcements = tuple(uow.events.announcements(event_id))
        return RsvpOutcome(event, status, changed, position, announcements, reminder_coming)

    @staticmethod
    def _open_event(event: Event | None, now: datetime) -> Event:
        """`event`, if people may still answer it."""
        if event is None:
            raise NotFoundError("event.errors.gone")
        if event.cancelled:
            raise NotAllowedError("event.errors.cancelled")
        if event.ends_at <= now:
            raise NotAllowedError("event.errors.over")
        if event.has_started(now):  # from the start the list is fixed: answers stay as they were
            raise NotAllowedError("event.errors.rsvp_started", title=event.title)
        return event

    @staticmethod
    def _waitlist_position(
        uow: UnitOfWork, event_id: int, user_id: str, status: RsvpStatus
    ) -> int | None:
        if status is not RsvpStatus.WAITLISTED:
            return None
        return uow.events.waitlist(event_id).index(user_id) + 1

    def _repeat_click(
        self,
        uow: UnitOfWork,
        team_id: str,
        event_id: int,
        user_id: str,
        *,
        going: bool,
        now: datetime,
    ) -> RsvpOutcome | None:
        """The answer to a click that would change nothing (Going when already going or on
        the waitlist, Can't go when not going), read without the event's lock; None when the
        click changes something (decided again under the lock)."""
        current = uow.events.rsvp_status(event_id, user_id)
        if going and current not in {RsvpStatus.GOING, RsvpStatus.WAITLISTED}:
            return None
        if not going and current not in {None, RsvpStatus.NOT_GOING}:
            return None
        event = self._open_event(uow.events.get(team_id, event_id), now)
        status = current if going and current is not None else RsvpStatus.NOT_GOING
        position = None
        if status is RsvpStatus.WAITLISTED:
            waiting = uow.events.waitlist(event_id)
            if user_id not in waiting:  # given a place meanwhile: see again under the lock
                return None
            position = waiting.index(user_id) + 1
        announcements = tuple(uow.events.announcements(event_id))
        return RsvpOutcome(event, status, False, position, announcements)

    def _promote(self, uow: UnitOfWork, event: Event, *, now: datetime) -> None:
        """Fill places freed by someone dropping out, first come first served; tell each.
        Nobody is promoted once the event has started: the list is fixed from then."""
        if event.has_started(now):
            return
        counted = uow.events.get(event.team_id, event.id) or event
        capacity = counted.details.capacity
        free = None if capacity is None else capacity - counted.going
        waiting = uow.events.waitlist(event.id)
        chosen = waiting if free is None else waiting[: max(0, free)]
        for user_id in chosen:
            uow.events.set_rsvp(event.id, user_id, RsvpStatus.GOING, now=now)
            self._schedule_reminders(uow, event, user_id)
            self._dm(uow, event, user_id, PROMOTED, now=now)

    # Time-based messages (through the outbox) ----------------------------------------------

    def _reminder_key(self, event: Event, user_id: str) -> str:
        return f"event:{event.id}:reminder:{user_id}:"

    def _schedule_reminders(self, uow: UnitOfWork, event: Event, user_id: str) -> int:
        """One DM per configured offset before the start, worded when sent from the time then
        left; each stops being useful when the next one is due (and the last when the event
        starts), so a late app skips it. A reminder whose moment had already passed when this
        was decided (someone says Going 23 hours before: no 24-hour one) is not scheduled.
        How many were."""
        starts = event.starts_at
        stamp = int(starts.timestamp())
        offsets = self._reminders
        now = self._clock.now()
        reminders = []
        for index, offset in enumerate(offsets):
            due = starts - offset
            until = starts - offsets[index + 1] if index + 1 < len(offsets) else starts
            if until <= now or due < now:
                continue
            hours = int(offset.total_seconds() // 3600)
            key = f"{self._reminder_key(event, user_id)}{stamp}:{int(offset.total_seconds())}"
            reminders.append(
                ScheduledMessage(
                    team_id=event.team_id,
                    kind=REMINDER,
                    key=key,
                    due_at=due,
                    expires_at=until,
                    payload={"event_id": event.id, "user": user_id, "hours": hours},
                )
            )
        if reminders:  # one statement for them all: an RSVP holds the event's lock meanwhile
            outbox.schedule_all(uow, reminders, now=now)
        return len(reminders)

    def _cancel_reminders(self, uow: UnitOfWork, event: Event, user_id: str | None) -> None:
        prefix = self._reminder_key(event, user_id) if user_id else f"event:{event.id}:reminder:"
        outbox.cancel(uow, event.team_id, key_prefix=prefix, now=self._clock.now())

    def _dm(
        self,
        uow: UnitOfWork,
        event: Event,
        user_id: str,
        kind: str,
        *,
        now: datetime,
        extra: dict[str, JSON] | None = None,
    ) -> None:
        outbox.schedule(
            uow,
            ScheduledMessage(
                team_id=event.team_id,
                kind=kind,
                key=f"event:{event.id}:{kind}:{user_id}:{int(now.timestamp() * 1000)}",
                due_at=now,
                expires_at=event.ends_at,
                payload={"event_id": event.id, "user": user_id, **(extra or {})},
            ),
            now=now,
        )

    # Organisers' changes ------------------------------------------------------------------

    def edit_event(self, team_id: str, user_id: str, event_id: int, draft: EventDraft) -> Edited:
        """Save an edit; tell everyone going or waiting what changed; move their reminders."""
        before = self.event_for_editing(team_id, user_id, event_id)
        details = self._details(draft, editing=True)
        now = self._clock.now()
        changes = changes_between(before.details, details)
        with self._uow() as uow:
            uow.events.lock(team_id, event_id)
            uow.events.update_details(event_id, details, now=now)
            event = uow.events.get(team_id, event_id)
            if event is None:
                raise NotFoundError("event.errors.gone")
            people = uow.events.people(event_id, (RsvpStatus.GOING, RsvpStatus.WAITLISTED))
            if any(change.field == "when" for change in changes):
                self._cancel_reminders(uow, event, None)
                for person, status in people:
                    if status is RsvpStatus.GOING:
                        self._schedule_reminders(uow, event, person)
            if changes:
                fields: list[JSON] = [change.field for change in changes]
                records: list[JSON] = [
                    self._change_record(change, before.details, details) for change in changes
                ]
                for person, _ in people:
                    extra: dict[str, JSON] = {"fields": fields, "changes": records}
                    self._dm(uow, event, person, CHANGED, now=now, extra=extra)
            if event.details.capacity != before.details.capacity:
                self._promote(uow, event, now=now)
                event = uow.events.get(team_id, event_id) or event
            if details.region_code != before.details.region_code:
                self._move_announcements(uow, event, before.details, now=now)
            announcements = tuple(uow.events.announcements(event_id))
            uow.commit()
        return Edited(event, changes, announcements)

    def _change_record(
        self, change: Change, before: EventDetails, after: EventDetails
    ) -> dict[str, JSON]:
        """A change as the outbox keeps it until the DM is sent: the values as they were and
        are, decided now, put into words when sent (where: the mode, venue and town)."""
        if change.field == "where":
            return {
                "field": change.field,
                "before": self._whereabouts(before),
                "after": self._whereabouts(after),
            }
        if change.field == "capacity":
            return {"field": change.field, "before": before.capacity, "after": after.capacity}
        return {"field": change.field, "before": change.before, "after": change.after}

    def _whereabouts(self, details: EventDetails) -> dict[str, JSON]:
        place = self._places.get(details.place_id) if details.place_id is not None else None
        return {
            "mode": details.mode.value,
            "venue": details.venue,
            "place": self._places.label(place) if place else "",
        }

    # Moving to another region ---------------------------------------------------------------

    @staticmethod
    def _announce_key(event_id: int, channel_id: str) -> str:
        return f"event:{event_id}:announce:{channel_id}"

    @staticmethod
    def _announce_in(uow: UnitOfWork, team_id: str, details: EventDetails) -> tuple[str, ...]:
        """Where an event with these details belongs: its region's channels, then extra ones."""
        linked = uow.events.channels_for_region(team_id, details.region_code)
        return tuple(dict.fromkeys((*linked, *details.extra_channels)))

    def _move_announcements(
        self, uow: UnitOfWork, event: Event, before: EventDetails, *, now: datetime
    ) -> None:
        """The event moved to another region (in the caller's transaction): its posts in
        channels that no longer announce it say it moved, a post back where it belongs is
        current again, and each channel where it now belongs and was never announced gets one
        post (an outbox row per channel with a stable key: posted once, however often it
        moves back and forth)."""
        targets = self._announce_in(uow, event.team_id, event.details)
        for channel in self._announce_in(uow, event.team_id, before):
            if channel not in targets:  # not posted yet? then not at all
                outbox.cancel(
                    uow, event.team_id, key=self._announce_key(event.id, channel), now=now
                )
        posted = {item.channel_id for item in uow.events.announcements(event.id)}
        uow.events.set_announcements_moved(event.id, sorted(posted - set(targets)), moved=True)
        uow.events.set_announcements_moved(event.id, sorted(posted & set(targets)), moved=False)
        posts = [
            ScheduledMessage(
                team_id=event.team_id,
                kind=ANNOUNCE,
                key=self._announce_key(event.id, channel),
                due_at=now,
                expires_at=event.ends_at,
                payload={"event_id": event.id, "channel": channel},
            )
            for channel in targets
            if channel not in posted
        ]
        if posts:
            outbox.schedule_all(uow, posts, now=now)

    def event_to_announce(self, team_id: str, event_id: int, channel_id: str) -> Event | None:
        """The event, if it is still to be announced in the channel (an ANNOUNCE row as it is
        sent): not cancelled, not over, belonging there and not announced there already."""
        with self._uow() as uow:
            event = uow.events.get(team_id, event_id)
            if event is None or event.cancelled or event.ends_at <= self._clock.now():
                return None
            if channel_id not in self._announce_in(uow, team_id, event.details):
                return None
            if any(item.channel_id == channel_id for item in uow.events.announcements(event_id)):
                return None
        return event

    def announced_in(self, event: Event) -> tuple[Region, tuple[str, ...]]:
        """The event's region and the channels that announce it there (for a post that
        announced it before it moved: where it is now)."""
        with self._uow() as uow:
            channels = self._announce_in(uow, event.team_id, event.details)
        return self._places.region(event.details.region_code), channels

    def cancel_event(self, team_id: str, user_id: str, event_id: int) -> Cancelled:
        event = self.get_event(team_id, event_id)
        self._require_manager(team_id, user_id, event)
        if event.cancelled:
            raise NotAllowedError("event.errors.cancelled")
        now = self._clock.now()
        with self._uow() as uow:
            uow.events.lock(team_id, event_id)
            cancelled = self._cancel(uow, event, now=now)
            uow.commit()
        return cancelled

    def _cancel(self, uow: UnitOfWork, event: Event, *, now: datetime) -> Cancelled:
        """Cancel a locked event: withdraw its reminders and feedback, tell everyone going or
        waiting (in the caller's transaction)."""
        uow.events.set_status(event.id, EventStatus.CANCELLED, now=now)
        self._cancel_reminders(uow, event, None)
        feedback.withdraw_event(uow, event.team_id, event.id, now=now)  # if it was asked about
        people = uow.events.people(event.id, (RsvpStatus.GOING, RsvpStatus.WAITLISTED))
        for person, _ in people:
            self._dm(uow, event, person, CANCELLED, now=now)
        cancelled = uow.events.get(event.team_id, event.id) or event
        announcements = tuple(uow.events.announcements(event.id))
        return Cancelled(cancelled, announcements, len(people))

    # Erasure ------------------------------------------------------------------------------

    def erase_person(self, uow: UnitOfWork, team_id: str, user_id: str) -> ErasedFromEvents:
        """Take the person out of events, in the caller's transaction (/whoswho forget).

        The events they organised that have not started are cancelled as their organiser
        would cancel them (everyone going or waiting is told); the others keep what, when and
        where under an anonymous organiser. Their answers go, and each place they held at an
        event still to come goes to the waitlist, first come first served. The events
        cancelled are returned for their announcements to be updated.
        """
        now = self._clock.now()
        organised = uow.events.organised_by(team_id, user_id, now=now, limit=None)
        to_cancel = [event for event in organised if not event.has_started(now)]
        cancelling = {event.id for event in to_cancel}
        going = [
            event
            for event, status in uow.events.for_person(team_id, user_id, now=now, limit=None)
            if status is RsvpStatus.GOING and event.id not in cancelling
        ]
        # Lock every event whose answers change, in one order, before changing any.
        locked = {
            event.id: uow.events.lock(team_id, event.id) or event
            for event in sorted([*to_cancel, *going], key=lambda e: e.id)
        }
        told = [self._cancel(uow, locked[event.id], now=now) for event in to_cancel]
        rows = uow.events.erase_person(team_id, user_id)
        for event in going:
            self._promote(uow, locked[event.id], now=now)
        # As they are now, without their organiser, for the announcements.
        cancelled = tuple(
            replace(done, event=uow.events.get(team_id, done.event.id) or done.event)
            for done in told
        )
        return ErasedFromEvents(cancelled, rows)

    # Listing ------------------------------------------------------------------------------

    def list_upcoming(self, team_id: str, area: PlaceScope | None, page: int = 1) -> EventPage:
        """Upcoming events, soonest first: near a place or postcode (within commuting
        distance), inside an ONS area (at a place that lies in it), or in a region; with the
        online events of the region it is in. Everywhere when no area is given."""
        place_ids: list[int] | None = None
        region: str | None = None
        if area is not None:
            place_ids = area.place_ids(self._places)
            region = area.region.code if area.region is not None else None
        with self._uow() as uow:
            total = uow.events.count_upcoming(
                team_id, now=self._clock.now(), region=region, place_ids=place_ids
            )
            pages = max(1, -(-total // LIST_PAGE_SIZE))
            page = max(1, min(page, pages))
            events = uow.events.upcoming(
                team_id,
                now=self._clock.now(),
                region=region,
                place_ids=place_ids,
                offset=(page - 1) * LIST_PAGE_SIZE,
                limit=LIST_PAGE_SIZE,
            )
        return EventPage(tuple(events), page, pages, total, area)

    def my_events(self, team_id: str, user_id: str) -> MyEvents:
        with self._uow() as uow:
            going = uow.events.for_person(team_id, user_id, now=self._clock.now())
            organising = uow.events.organised_by(team_id, user_id, now=self._clock.now())
        return MyEvents(tuple(going), tuple(organising))
