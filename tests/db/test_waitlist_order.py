"""The waitlist's order when two replicas take clicks for a full event at once.

Each replica reads its clock when a click arrives, then waits for the event's lock. The click
that read the earlier time may get the lock second (it was held up, or its replica's clock is a
little behind): it must still join the waitlist behind the one already there, and each person
must be told their own place. On PostgreSQL each replica has its own engine; SQLite runs the
same test with two threads on one database file.
"""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

from bot.domain.events import RsvpStatus
from bot.services.events import EventService
from storage.db import make_engine, make_session_factory
from storage.uow import SqlAlchemyUnitOfWorkFactory
from tests.db.test_events_concurrency import TEAM, EveryoneIsAdmin, new_event
from tests.db.test_postgresql import JOIN_TIMEOUT, run_together


class HeldUpClock:
    """A replica's clock, `behind` the other's, whose first reading is followed by a wait
    until `go` is set: the click read the time, then waited its turn."""

    def __init__(self, now: datetime, go: threading.Event) -> None:
        self._now = now
        self._go = go
        self._read = False

    def now(self) -> datetime:
        if not self._read:
            self._read = True
            assert self._go.wait(JOIN_TIMEOUT)
        return self._now


class SteadyClock:
    def __init__(self, now: datetime) -> None:
        self._now = now

    def now(self) -> datetime:
        return self._now


def test_a_click_that_read_the_time_first_but_got_the_lock_second_is_told_number_2(
    engine, database_url, gazetteer, clock
):
    other = make_engine(database_url)
    try:
        first_done = threading.Event()
        made = SqlAlchemyUnitOfWorkFactory(make_session_factory(engine))
        organiser = EventService(made, gazetteer, clock, EveryoneIsAdmin())
        event_id = new_event(organiser, gazetteer, clock, capacity="1")
        organiser.rsvp(TEAM, event_id, "U0HOLDER", going=True)  # the only place
        ahead = EventService(
            made, gazetteer, SteadyClock(clock.now() + timedelta(seconds=1)), EveryoneIsAdmin()
        )
        behind = EventService(
            SqlAlchemyUnitOfWorkFactory(make_session_factory(other)),
            gazetteer,
            HeldUpClock(clock.now(), first_done),
            EveryoneIsAdmin(),
        )

        def first() -> object:
            try:
                return ahead.rsvp(TEAM, event_id, "U0FIRST", going=True)
            finally:
                first_done.set()

        one, two = run_together(first, lambda: behind.rsvp(TEAM, event_id, "U0SECOND", going=True))
        assert (one.status, two.status) == (RsvpStatus.WAITLISTED, RsvpStatus.WAITLISTED)
        assert (one.waitlist_position, two.waitlist_position) == (1, 2)
        with made() as uow:
            assert uow.events.waitlist(event_id) == ["U0FIRST", "U0SECOND"]
        # The place that comes free goes to the one told they were first.
        organiser.rsvp(TEAM, event_id, "U0HOLDER", going=False)
        assert organiser.rsvp_status(organiser.get_event(TEAM, event_id), "U0FIRST") is (
            RsvpStatus.GOING
        )
    finally:
        other.dispose()
