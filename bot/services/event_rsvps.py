"""Answers to events: going (or the waitlist when full), not going, and promotion from the
waitlist when a place frees up."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.domain.errors import NotAllowedError, NotFoundError
from bot.domain.events import RsvpStatus, decide_going
from bot.i18n import N_
from bot.services.event_messages import PROMOTED, EventMessages
from bot.services.event_results import RsvpOutcome

if TYPE_CHECKING:
    from datetime import datetime

    from bot.domain.events import Event
    from bot.domain.ports import UnitOfWork


class EventRsvps(EventMessages):
    """The RSVP side of `EventService` (its base)."""

    def rsvp_status(self, event: Event, user_id: str) -> RsvpStatus | None:
        with self._uow() as uow:
            return uow.events.rsvp_status(event.id, user_id)

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
            raise NotFoundError(N_("event.errors.gone"))
        if event.cancelled:
            raise NotAllowedError(N_("event.errors.cancelled"))
        if event.ends_at <= now:
            raise NotAllowedError(N_("event.errors.over"))
        if event.has_started(now):  # from the start the list is fixed: answers stay as they were
            raise NotAllowedError(N_("event.errors.rsvp_started"), title=event.title)
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
