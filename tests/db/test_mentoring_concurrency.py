"""Mentoring when two replicas act at the same moment: matches, ticks, answers and closes.

On PostgreSQL each "replica" is a thread with its own engine; SQLite runs the same tests with
two threads on one database file. Whatever the interleaving, nobody is grouped twice, a check-in
round is asked once, a meeting is counted once and a cycle is thanked once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from bot.domain.errors import DomainError
from bot.domain.mentoring_programme import CheckInAnswer, SignUpDraft
from bot.domain.people import ProfileDraft
from bot.services.directory import DirectoryService
from bot.services.mentoring import MentoringService
from bot.services.mentoring.messages import CHECKIN, THANKS
from storage.db import make_engine, make_session_factory
from storage.models import MentoringMemberRow, OutboxRow
from storage.uow import SqlAlchemyUnitOfWorkFactory
from tests.db.test_postgresql import run_together

TEAM = "T0001"
ORGANISER = "U0ORG"
ORGANISATIONS = ("HM Revenue and Customs", "Ministry of Justice", "Home Office")


class NobodyIsAdmin:
    def is_admin(self, team_id: str, user_id: str) -> bool:
        return False


def service(engine: Engine, gazetteer, clock, worker: str) -> MentoringService:
    return MentoringService(
        SqlAlchemyUnitOfWorkFactory(make_session_factory(engine)),
        gazetteer,
        clock,
        NobodyIsAdmin(),
        organisers=[ORGANISER],
        worker_id=worker,
    )


@pytest.fixture
def replicas(
    engine: Engine, database_url: str, gazetteer, clock
) -> Iterator[tuple[MentoringService, MentoringService]]:
    other = make_engine(database_url)
    yield service(engine, gazetteer, clock, "one"), service(other, gazetteer, clock, "two")
    other.dispose()


def sign_up(engine: Engine, gazetteer, clock, mentoring: MentoringService, count: int) -> None:
    directory = DirectoryService(
        SqlAlchemyUnitOfWorkFactory(make_session_factory(engine)), gazetteer, clock
    )
    leeds = gazetteer.read_query("Leeds").place
    for i in range(count):
        user = f"U{i:03d}"
        directory.save_profile(
            TEAM,
            user,
            ProfileDraft(place_id=leeds.id, organisation=ORGANISATIONS[i % 3], job_title="Analyst"),
        )
        mentoring.save_signup(TEAM, user, SignUpDraft("peer", "data", "either", 3, 5, "monthly"))


def caught(job: Callable[[], Any]) -> Callable[[], Any]:
    def run() -> Any:
        try:
            return job()
        except DomainError as error:
            return error

    return run


def count(engine: Engine, query) -> int:
    with engine.connect() as connection:
        return int(connection.scalar(query) or 0)


def test_two_matches_at_once_group_nobody_twice(replicas, engine, gazetteer, clock):
    first, second = replicas
    sign_up(engine, gazetteer, clock, first, 40)
    outcomes = run_together(
        caught(lambda: first.match(TEAM, ORGANISER)),
        caught(lambda: second.match(TEAM, ORGANISER)),
    )
    placed = [
        uid
        for outcome in outcomes
        if not isinstance(outcome, DomainError)
        for group in outcome.groups
        for uid in group.member_ids
    ]
    assert sorted(placed) == [f"U{i:03d}" for i in range(40)]
    busy = [o for o in outcomes if isinstance(o, DomainError)]
    assert all(error.key == "mentoring.errors.match_running" for error in busy)
    rows = count(engine, select(func.count()).select_from(MentoringMemberRow))
    assert rows == 40


def test_two_ticks_at_once_ask_each_check_in_once(replicas, engine, gazetteer, clock):
    first, second = replicas
    sign_up(engine, gazetteer, clock, first, 30)
    first.match(TEAM, ORGANISER)
    clock.advance(days=14)
    reports = run_together(first.tick, second.tick)
    assert sum(report.checkins_asked for report in reports) == 30
    asked = count(engine, select(func.count()).where(OutboxRow.kind == CHECKIN))
    assert asked == 30


def test_members_saying_they_met_at_once_count_one_meeting(replicas, engine, gazetteer, clock):
    first, second = replicas
    sign_up(engine, gazetteer, clock, first, 3)
    group = first.match(TEAM, ORGANISER).groups[0]
    clock.advance(days=14)
    first.tick()
    a, b = group.member_ids[:2]
    run_together(
        lambda: first.answer_checkin(TEAM, a, group.id, 1, CheckInAnswer.MET),
        lambda: second.answer_checkin(TEAM, b, group.id, 1, CheckInAnswer.MET),
    )
    assert first.status(TEAM, a).group.meetings == 1


def test_two_closes_at_once_thank_each_group_once(replicas, engine, gazetteer, clock):
    first, second = replicas
    sign_up(engine, gazetteer, clock, first, 12)
    groups = first.match(TEAM, ORGANISER).groups
    clock.advance(minutes=1)
    outcomes = run_together(
        caught(lambda: first.close(TEAM, ORGANISER)),
        caught(lambda: second.close(TEAM, ORGANISER)),
    )
    closed = [o for o in outcomes if not isinstance(o, DomainError)]
    assert len(closed) == 1
    assert all(o.key == "mentoring.errors.no_cycle" for o in outcomes if o not in closed)
    thanked = count(engine, select(func.count()).where(OutboxRow.kind == THANKS))
    assert thanked == len(groups)
