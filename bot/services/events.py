"""Regional events: announcing, RSVPs with a waitlist, reminders, edits and cancellations.

Every message that goes out later (reminders) or to many people (promotions, changes,
cancellations) is written to the outbox in the same transaction as the decision that causes
it, so nothing is lost on a restart and a decision that changes (someone drops out, the event
is cancelled or moved) withdraws what it had scheduled.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import timedelta
from typing import TYPE_CHECKING

from bot.domain.errors import NotAllowedError, NotFoundError
from bot.domain.events import (
    ChannelLink,
    Event,
    EventDetails,
    EventDraft,
    EventStatus,
    RsvpStatus,
    changes_between,
    tidy_event,
)
from bot.domain.languages import channel_language
from bot.domain.permissions import Organisers, Permissions
from bot.i18n import N_
from bot.services import feedback
from bot.services.event_channels import EventChannelLanguages
from bot.services.event_messages import (
    ANNOUNCE,
    ATTENDEES,
    CANCELLED,
    CHANGED,
    PROMOTED,
    REMINDER,
)
from bot.services.event_results import (
    Cancelled,
    Created,
    Edited,
    ErasedFromEvents,
    EventPage,
    LinkOutcome,
    MyEvents,
    RsvpOutcome,
)
from bot.services.event_rsvps import EventRsvps
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

__all__ = [
    "ANNOUNCE",
    "ATTENDEES",
    "CANCELLED",
    "CHANGED",
    "DEFAULT_REMINDERS",
    "LIST_PAGE_SIZE",
    "PROMOTED",
    "REMINDER",
    "Cancelled",
    "Created",
    "Edited",
    "ErasedFromEvents",
    "EventPage",
    "EventService",
    "LinkOutcome",
    "MyEvents",
    "RsvpOutcome",
]

log = logging.getLogger(__name__)

LIST_PAGE_SIZE = 5
DEFAULT_REMINDERS = (timedelta(hours=24), timedelta(hours=1))


class EventService(EventRsvps, EventChannelLanguages):
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        gazetteer: Gazetteer,
        clock: Clock,
        admins: AdminDirectory,
        *,
        organisers: Sequence[str] = (),
        reminders: Sequence[timedelta] = DEFAULT_REMINDERS,
        after_event: timedelta = timedelta(0),
    ) -> None:
        self._uow = uow_factory
        self._places = gazetteer
        self._clock = clock
        self._permissions = Permissions(Organisers.from_setting(organisers), admins)
        self._reminders = tuple(sorted(reminders, reverse=True))
        self._after_event = after_event

    def now(self) -> datetime:
        return self._clock.now()

    # Who may organise ---------------------------------------------------------------------

    def can_organise(self, team_id: str, user_id: str) -> bool:
        """See bot.domain.permissions."""
        return self._permissions.may_organise(team_id, user_id)

    def require_organiser(self, team_id: str, user_id: str) -> None:
        if not self.can_organise(team_id, user_id):
            raise NotAllowedError(N_("event.errors.not_organiser"))

    def _require_manager(self, team_id: str, user_id: str, event: Event) -> None:
        if not self._permissions.may_manage(team_id, user_id, event.organiser_id):
            raise NotAllowedError(N_("event.errors.not_your_event"))

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

    def link_channel(
        self, team_id: str, user_id: str, channel_id: str, text: str, language: str | None = None
    ) -> LinkOutcome:
        """Link the channel to `text`'s region(s); `language`: what the app posts there now."""
        self.require_organiser(team_id, user_id)
        area = self.read_area(text)
        if isinstance(area, NoPlace):
            if area.outside_uk:
                raise NotFoundError(N_("event.errors.area_abroad"), text=area.text)
            if area.suggestions:
                raise NotFoundError(
                    N_("event.errors.area_unknown_suggest"),
                    text=area.text,
                    suggestions=", ".join(area.suggestions[:3]),
                )
            raise NotFoundError(N_("event.errors.area_unknown"), text=area.text)
        # Announcements go by region: a town, site, area or postcode links the region it is
        # in; an area reaching into several regions ("the Midlands") links each of them.
        regions = area.regions or ((area.region,) if area.region is not None else ())
        if not regions:
            raise NotFoundError(N_("event.errors.area_unknown"), text=area.name)
        with self._uow() as uow:
            added = [
                uow.events.link_channel(
                    team_id, channel_id, region.code, user_id, now=self._clock.now()
                )
                for region in regions
            ]
            if language is not None:
                uow.events.set_channel_language(team_id, channel_id, language)
            chosen, codes = uow.events.channel_language(team_id, channel_id)
            uow.commit()
        via = None if area.is_region else area.name
        return LinkOutcome(
            regions[0],
            any(added),
            via=via,
            regions=tuple(regions),
            language=channel_language(chosen, codes),
        )

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

    def get_event(self, team_id: str, event_id: int) -> Event:
        with self._uow() as uow:
            event = uow.events.get(team_id, event_id)
        if event is None:
            raise NotFoundError(N_("event.errors.gone"))
        return event

    def event_for_editing(self, team_id: str, user_id: str, event_id: int) -> Event:
        event = self.get_event(team_id, event_id)
        self._require_manager(team_id, user_id, event)
        if event.cancelled:
            raise NotAllowedError(N_("event.errors.cancelled"))
        if event.has_started(self._clock.now()):
            raise NotAllowedError(N_("event.errors.started"))
        return event

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
                raise NotFoundError(N_("event.errors.gone"))
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

    def cancel_event(self, team_id: str, user_id: str, event_id: int) -> Cancelled:
        event = self.get_event(team_id, event_id)
        self._require_manager(team_id, user_id, event)
        if event.cancelled:
            raise NotAllowedError(N_("event.errors.cancelled"))
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
