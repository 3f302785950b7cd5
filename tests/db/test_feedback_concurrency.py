"""Feedback when two replicas act at the same moment: ticks, closes, clicks and submissions.

On PostgreSQL each "replica" is a thread with its own engine; SQLite runs the same tests with
two threads on one database file. Whatever the interleaving, each person is asked once, each
organiser hears one summary, and a double click counts once and brings one follow-up.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import Engine, func, select

from bot.domain.events import EventDraft, EventMode
from bot.domain.feedback import DetailsDraft, Subject
from bot.services.events import EventService
from bot.services.feedback import FOLLOW_UP, PROMPT, REMINDER, SUMMARY, FeedbackService
from storage.db import make_engine, make_session_factory
from storage.models import FeedbackPromptRow, FeedbackRoundRow, OutboxRow
from storage.uow import SqlAlchemyUnitOfWorkFactory
from tests.db.test_postgresql import run_together

TEAM = "T0001"
ORGANISER = "U0ORG"


class NobodyIsAdmin:
    def is_admin(self, team_id: str, user_id: str) -> bool:
        return False


def service(engine: Engine, clock) -> FeedbackService:
    return FeedbackService(
        SqlAlchemyUnitOfWorkFactory(make_session_factory(engine)),
        clock,
        NobodyIsAdmin(),
        organisers=[ORGANISER],
    )


@pytest.fixture
def replicas(engine: Engine, database_url: str, clock) -> Iterator[tuple[FeedbackService, ...]]:
    other = make_engine(database_url)
    yield service(engine, clock), service(other, clock)
    other.dispose()


def ended_events(engine: Engine, gazetteer, clock, *, events: int, people: int) -> list[int]:
    service_ = EventService(
        SqlAlchemyUnitOfWorkFactory(make_session_factory(engine)),
        gazetteer,
        clock,
        NobodyIsAdmin(),
        organisers=[ORGANISER],
    )
    leeds = gazetteer.read_query("Leeds").place
    start = clock.now() + timedelta(days=1)
    ids = []
    for n in range(events):
        draft = EventDraft(
            title=f"Meet-up {n}",
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            mode=EventMode.IN_PERSON,
            venue="Quarry House",
            place_id=leeds.id,
        )
        event_id = service_.create_event(TEAM, ORGANISER, draft).event.id
        for i in range(people):
            service_.rsvp(TEAM, event_id, f"U{n}{i:03d}", going=True)
        ids.append(event_id)
    clock.set(start + timedelta(hours=1, minutes=1))
    return ids


def count(engine: Engine, query) -> int:
    with engine.connect() as connection:
        return int(connection.scalar(query) or 0)


def prompt_id(engine: Engine, event_id: int, user: str) -> int:
    with SqlAlchemyUnitOfWorkFactory(make_session_factory(engine))() as uow:
        found = uow.feedback.prompt_of(TEAM, Subject.event(event_id), user)
        assert found is not None
        return found.id


def test_two_ticks_at_once_ask_each_person_once(replicas, engine, gazetteer, clock):
    first, second = replicas
    ended_events(engine, gazetteer, clock, events=3, people=10)
    reports = run_together(first.tick, second.tick)
    assert sum(r.rounds_opened for r in reports) == 3
    assert sum(r.asked for r in reports) == 30
    assert count(engine, select(func.count()).select_from(FeedbackRoundRow)) == 3
    assert count(engine, select(func.count()).select_from(FeedbackPromptRow)) == 30
    assert count(engine, select(func.count()).where(OutboxRow.kind == PROMPT)) == 30
    assert count(engine, select(func.count()).where(OutboxRow.kind == REMINDER)) == 30


def test_two_ticks_closing_at_once_tell_each_organiser_once(replicas, engine, gazetteer, clock):
    first, second = replicas
    ended_events(engine, gazetteer, clock, events=3, people=2)
    first.tick()
    clock.advance(days=7)
    reports = run_together(first.tick, second.tick)
    assert sum(r.rounds_closed for r in reports) == 3
    assert sum(r.summaries for r in reports) == 3
    assert count(engine, select(func.count()).where(OutboxRow.kind == SUMMARY)) == 3


def test_a_double_click_on_two_replicas_counts_once(replicas, engine, gazetteer, clock):
    first, second = replicas
    [event_id] = ended_events(engine, gazetteer, clock, events=1, people=3)
    first.tick()
    mine = prompt_id(engine, event_id, "U0000")
    outcomes = run_together(
        lambda: first.rate(TEAM, "U0000", mine, 4),
        lambda: second.rate(TEAM, "U0000", mine, 4),
    )
    assert all(o.view.prompt.answers.rating == 4 for o in outcomes)
    tally = first.summary(TEAM, ORGANISER, event_id).tally
    assert (tally.asked, tally.responses, tally.rated) == (3, 1, 1)
    assert count(engine, select(func.count()).where(OutboxRow.kind == FOLLOW_UP)) == 1


def test_a_form_sent_twice_at_once_counts_once(replicas, engine, gazetteer, clock):
    first, second = replicas
    [event_id] = ended_events(engine, gazetteer, clock, events=1, people=3)
    first.tick()
    mine = prompt_id(engine, event_id, "U0001")
    draft = DetailsDraft(measures={"learned": "agree"}, what_worked="The people", rating=5)
    run_together(
        lambda: first.submit_details(TEAM, "U0001", mine, draft),
        lambda: second.submit_details(TEAM, "U0001", mine, draft),
    )
    tally = first.summary(TEAM, ORGANISER, event_id).tally
    assert tally.responses == 1
    assert count(engine, select(func.count()).where(OutboxRow.kind == FOLLOW_UP)) == 1


def test_a_group_asked_from_two_replicas_at_once_is_asked_once(replicas, engine, clock):
    first, second = replicas
    members = ("UM1", "UM2", "UM3", "UM4")
    opened = run_together(
        lambda: first.open_for_mentoring_group(TEAM, 42, members, occasion=2),
        lambda: second.open_for_mentoring_group(TEAM, 42, members, occasion=2),
    )
    assert len({o.id for o in opened if o is not None}) == 1  # one round, both see it
    assert count(engine, select(func.count()).select_from(FeedbackPromptRow)) == 4
    assert count(engine, select(func.count()).where(OutboxRow.kind == PROMPT)) == 4
