"""RSVPs when two replicas get clicks for the same event at the same moment.

On PostgreSQL each "replica" is a thread with its own engine; SQLite runs the same tests with
two threads on one database file. Either way the event's row lock decides, and capacity holds.
"""

from __future__ import annotations

import sqlite3
import time
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import Engine

from bot.domain.events import EventDraft, EventMode, RsvpStatus
from bot.services.events import EventService
from storage.db import make_engine, make_session_factory
from storage.uow import SqlAlchemyUnitOfWorkFactory
from tests.db.test_postgresql import run_together

TEAM = "T0001"
ORGANISER = "U0ORG"


class EveryoneIsAdmin:
    def is_admin(self, team_id: str, user_id: str) -> bool:
        return True


def service(engine: Engine, gazetteer, clock) -> EventService:
    return EventService(
        SqlAlchemyUnitOfWorkFactory(make_session_factory(engine)),
        gazetteer,
        clock,
        EveryoneIsAdmin(),
    )


@pytest.fixture
def replicas(
    engine: Engine, database_url: str, gazetteer, clock
) -> Iterator[tuple[EventService, EventService]]:
    other = make_engine(database_url)
    yield service(engine, gazetteer, clock), service(other, gazetteer, clock)
    other.dispose()


def new_event(events: EventService, gazetteer, clock, capacity: str) -> int:
    leeds = gazetteer.read_query("Leeds").place
    start = clock.now() + timedelta(days=3)
    draft = EventDraft(
        title="Meet-up",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        mode=EventMode.IN_PERSON,
        venue="Quarry House",
        place_id=leeds.id,
        capacity_text=capacity,
    )
    return events.create_event(TEAM, ORGANISER, draft).event.id


def test_two_people_clicking_going_for_the_last_place_at_once_get_one_place(
    replicas, gazetteer, clock
):
    first, second = replicas
    for round_ in range(5):
        event_id = new_event(first, gazetteer, clock, capacity="1")
        outcomes = run_together(
            lambda e=event_id, r=round_: first.rsvp(TEAM, e, f"U0A{r}", going=True),
            lambda e=event_id, r=round_: second.rsvp(TEAM, e, f"U0B{r}", going=True),
        )
        statuses = Counter(outcome.status for outcome in outcomes)
        assert statuses == {RsvpStatus.GOING: 1, RsvpStatus.WAITLISTED: 1}
        event = first.get_event(TEAM, event_id)
        assert (event.going, event.waitlisted) == (1, 1)


def test_one_person_double_clicking_on_two_replicas_counts_once(replicas, gazetteer, clock):
    first, second = replicas
    event_id = new_event(first, gazetteer, clock, capacity="")
    outcomes = run_together(
        lambda: first.rsvp(TEAM, event_id, "U0SAME", going=True),
        lambda: second.rsvp(TEAM, event_id, "U0SAME", going=True),
    )
    assert sorted(outcome.changed for outcome in outcomes) == [False, True]
    assert first.get_event(TEAM, event_id).going == 1


def test_a_drop_out_racing_a_new_going_never_overfills(replicas, gazetteer, clock):
    first, second = replicas
    event_id = new_event(first, gazetteer, clock, capacity="2")
    for user in ("U01", "U02", "U03"):
        first.rsvp(TEAM, event_id, user, going=True)  # two going, one waiting
    run_together(
        lambda: first.rsvp(TEAM, event_id, "U01", going=False),
        lambda: second.rsvp(TEAM, event_id, "U04", going=True),
    )
    event = first.get_event(TEAM, event_id)
    assert event.going == 2
    assert event.waitlisted == 1


@pytest.mark.parametrize("going", [True, False])
def test_a_click_that_changes_nothing_does_not_wait_for_the_write_lock(
    engine, gazetteer, clock, going
):
    """A repeat click is answered from what is there: on SQLite the event's lock is the whole
    database's write lock, which forms and Events API checks wait for before Slack's answer."""
    if engine.dialect.name != "sqlite":
        pytest.skip("the database's write lock is SQLite's")
    events = service(engine, gazetteer, clock)
    event_id = new_event(events, gazetteer, clock, capacity="")
    if going:
        events.rsvp(TEAM, event_id, "U0AGAIN", going=True)
    holder = sqlite3.connect(str(engine.url.database), timeout=5, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # another process is saving
        started = time.monotonic()
        outcome = events.rsvp(TEAM, event_id, "U0AGAIN", going=going)
        assert time.monotonic() - started < 1
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert not outcome.changed
    assert outcome.status is (RsvpStatus.GOING if going else RsvpStatus.NOT_GOING)
    assert outcome.event.going == (1 if going else 0)


def test_the_answer_to_a_click_counts_it(engine, gazetteer, clock):
    events = service(engine, gazetteer, clock)
    event_id = new_event(events, gazetteer, clock, capacity="1")
    first = events.rsvp(TEAM, event_id, "U01", going=True)
    second = events.rsvp(TEAM, event_id, "U02", going=True)
    again = events.rsvp(TEAM, event_id, "U02", going=True)
    assert (first.status, first.event.going, first.event.waitlisted) == (RsvpStatus.GOING, 1, 0)
    assert (second.status, second.waitlist_position, second.event.waitlisted) == (
        RsvpStatus.WAITLISTED,
        1,
        1,
    )
    assert (again.changed, again.status, again.waitlist_position) == (
        False,
        RsvpStatus.WAITLISTED,
        1,
    )
    dropped = events.rsvp(TEAM, event_id, "U01", going=False)
    assert (dropped.changed, dropped.event.going, dropped.event.waitlisted) == (True, 1, 0)
