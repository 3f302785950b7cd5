"""Check-in answers changed by two members at the same moment (two replicas): the meeting
count always agrees with the answers that stand. On PostgreSQL each replica is a thread with
its own engine; SQLite runs the same tests with two threads on one database file."""

from __future__ import annotations

from bot.domain.mentoring_programme import CheckInAnswer
from tests.db.test_mentoring_concurrency import (  # noqa: F401 - `replicas` is a fixture
    ORGANISER,
    TEAM,
    replicas,
    sign_up,
)
from tests.db.test_postgresql import run_together


def grouped_and_asked(service, engine, gazetteer, clock):
    """Three people grouped, and their first check-in asked: the group and two members."""
    sign_up(engine, gazetteer, clock, service, 3)
    group = service.match(TEAM, ORGANISER).groups[0]
    clock.advance(days=14)
    service.tick()
    a, b = group.member_ids[:2]
    return group, a, b


def test_two_members_taking_back_their_yes_at_once_leave_no_meeting(
    replicas,  # noqa: F811
    engine,
    gazetteer,
    clock,
):
    first, second = replicas
    group, a, b = grouped_and_asked(first, engine, gazetteer, clock)
    first.answer_checkin(TEAM, a, group.id, 1, CheckInAnswer.MET)
    first.answer_checkin(TEAM, b, group.id, 1, CheckInAnswer.MET)
    assert first.status(TEAM, a).group.meetings == 1

    for _ in range(3):
        run_together(
            lambda: first.answer_checkin(TEAM, a, group.id, 1, CheckInAnswer.STOPPED),
            lambda: second.answer_checkin(TEAM, b, group.id, 1, CheckInAnswer.NOT_YET),
        )
        assert first.status(TEAM, a).group.meetings == 0
        run_together(
            lambda: first.answer_checkin(TEAM, a, group.id, 1, CheckInAnswer.MET),
            lambda: second.answer_checkin(TEAM, b, group.id, 1, CheckInAnswer.MET),
        )
        assert first.status(TEAM, a).group.meetings == 1


def test_a_yes_and_a_no_at_once_leave_the_meeting_counted_once(
    replicas,  # noqa: F811
    engine,
    gazetteer,
    clock,
):
    first, second = replicas
    group, a, b = grouped_and_asked(first, engine, gazetteer, clock)
    first.answer_checkin(TEAM, a, group.id, 1, CheckInAnswer.MET)

    run_together(
        lambda: first.answer_checkin(TEAM, a, group.id, 1, CheckInAnswer.STOPPED),
        lambda: second.answer_checkin(TEAM, b, group.id, 1, CheckInAnswer.MET),
    )

    assert first.status(TEAM, a).group.meetings == 1
