"""The search tallies the database keeps beside profiles (people per place, words per profile)
stay equal to what reading the profiles themselves says, through every way a profile changes:
saved, moved, reworded, hidden, shown, deactivated, deleted, written by a plain INSERT or
UPDATE, and filled by the migration for profiles that existed before it. On SQLite, and on
PostgreSQL when TEST_DATABASE_URL names one."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import MetaData, Table, func, select, text, update

from bot.domain.people import Profile, topic_stems
from storage.db import make_engine, make_session_factory
from storage.migrate import upgrade
from storage.models import ProfileRow, ProfileTermRow, SearchTermRow
from storage.profile_repository import SqlAlchemyProfileRepository, profile_values

if TYPE_CHECKING:
    from pathlib import Path

    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

TEAM = "T0001"
ELSEWHERE = "T0002"
PLACES = [101, 102, 103, 104]
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
TOPICS = (
    "data",
    "data visualisation",
    "user research",
    "net zero",
    "AI",
    "R",
    "metadata",
    "100% uptime",
    "a_b testing",
    "Gàidhlig",
    "FOI requests",
)
# Stems that read words, stems in too many words, and stems the words cannot answer.
SEARCHES = (
    ("data",),
    ("user", "research"),
    ("net", "zero"),
    ("ai",),
    ("r",),
    ("e",),
    ("100%",),
    ("a_b",),
    ("gaidhlig",),
    ("xyzzy",),
    ("|",),
    ("officer",),
    ("request",),
)


def profile(user: str, rng: random.Random, *, team: str = TEAM) -> Profile:
    return Profile(
        team_id=team,
        user_id=user,
        place_id=rng.choice(PLACES),
        organisation=rng.choice(("HMRC", "Leeds City Council", "DWP | Jobcentre")),
        job_title=rng.choice(("Policy officer", "Data scientist", "Work coach")),
        profession=None,
        grade=None,
        can_help=tuple(rng.sample(TOPICS, rng.randint(0, 3))),
        want_to_learn=tuple(rng.sample(TOPICS, rng.randint(0, 2))),
        languages=(),
        open_to=(),
        visible=rng.random() > 0.2,
        active=rng.random() > 0.1,
        hidden_reason=None,
        created_at=NOW,
        updated_at=NOW,
        confirmed_at=NOW,
    )


def read_from_profiles(session: Session, team: str, stems: tuple[str, ...]) -> dict[int, int]:
    """Counts the way they were read before the tallies: every searchable profile's text."""
    repository = SqlAlchemyProfileRepository(session)
    query = (
        select(ProfileRow.place_id, func.count())
        .where(*repository._searchable(team, stems), ProfileRow.place_id.in_(PLACES))
        .group_by(ProfileRow.place_id)
    )
    return {int(place): int(count) for place, count in session.execute(query)}


def assert_tallies_right(engine: Engine) -> None:
    with make_session_factory(engine)() as session:
        repository = SqlAlchemyProfileRepository(session)
        for team in (TEAM, ELSEWHERE):
            for stems in ((), *(topic_stems(list(words)) for words in SEARCHES)):
                expected = read_from_profiles(session, team, stems)
                assert repository.count_by_place(team, PLACES, stems) == expected, (team, stems)
        # The words listed are exactly the words searchable profiles use.
        words = select(ProfileTermRow.team_id, ProfileTermRow.term).distinct()
        held = {(team, term) for team, term in session.execute(words)}
        listed = {(row.team_id, row.term) for row in session.scalars(select(SearchTermRow))}
        assert listed == held
        assert not {term for _, term in held} & {"", "|"}


def test_tallies_follow_every_change_to_profiles(engine: Engine, monkeypatch: pytest.MonkeyPatch):
    rng = random.Random(13)
    factory = make_session_factory(engine)
    with factory() as session:
        repository = SqlAlchemyProfileRepository(session)
        people = [profile(f"U{number:04d}", rng) for number in range(40)]
        people += [profile(f"U{number:04d}", rng, team=ELSEWHERE) for number in range(10)]
        for person in people:
            repository.save(person)
        session.commit()
    assert_tallies_right(engine)

    with factory() as session:
        repository = SqlAlchemyProfileRepository(session)
        for person in people[:15]:  # moved, reworded, or both; saved again unchanged
            changed = replace(
                person,
                place_id=rng.choice(PLACES),
                can_help=tuple(rng.sample(TOPICS, rng.randint(0, 3))),
                updated_at=NOW + timedelta(minutes=1),
            )
            repository.save(changed)
            repository.save(changed)
        for person in people[15:25]:
            repository.set_visibility(person.team_id, person.user_id, visible=False, reason="self")
        for person in people[20:30]:
            repository.set_active(person.team_id, person.user_id, active=not person.active)
        for person in people[18:22]:
            repository.set_visibility(person.team_id, person.user_id, visible=True, reason=None)
        for person in people[30:36]:
            assert repository.delete(person.team_id, person.user_id)
        session.commit()
    assert_tallies_right(engine)

    # Writers that bypass the repository: a bulk INSERT and a hand-written UPDATE.
    with engine.begin() as connection:
        connection.execute(
            ProfileRow.__table__.insert(),
            [profile_values(profile(f"V{number:04d}", rng)) for number in range(20)],
        )
        connection.execute(
            update(ProfileRow)
            .where(ProfileRow.user_id.like("V00%"))
            .values(place_id=PLACES[0], search_text="data | officer")
        )
    assert_tallies_right(engine)
    # A stem in more words than are worth reading reads the profiles, with the same answer.
    monkeypatch.setattr("storage.profile_repository._MAX_TERMS", 1)
    assert_tallies_right(engine)

    # Everyone gone: nothing of what they wrote stays in the words.
    with engine.begin() as connection:
        connection.execute(ProfileRow.__table__.delete())
    with factory() as session:
        assert session.scalar(select(func.count()).select_from(SearchTermRow)) == 0
        assert session.scalar(select(func.count()).select_from(ProfileTermRow)) == 0
        assert SqlAlchemyProfileRepository(session).count_by_place(TEAM, PLACES, ()) == {}


def test_the_migration_fills_the_tallies_for_profiles_already_there(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'before.db'}"
    upgrade(url, "0010")
    engine = make_engine(url)
    rng = random.Random(7)
    try:
        with engine.begin() as connection:
            rows = [profile_values(profile(f"U{number:04d}", rng)) for number in range(60)]
            # The table as it was then, without the columns later migrations add.
            then = Table("profiles", MetaData(), autoload_with=connection)
            kept = [column.name for column in then.c if column.name in rows[0]]
            connection.execute(then.insert(), [{key: row[key] for key in kept} for row in rows])
            connection.execute(text("UPDATE profiles SET search_text = '' WHERE id = 1"))
        upgrade(url)
        assert_tallies_right(engine)
    finally:
        engine.dispose()


def test_a_word_few_people_use_and_one_many_use_count_each_person_once(engine: Engine):
    """A rare word (fewer people than places searched: a place's name, a typo) is read whole,
    a common one place by place; someone with both is still one person."""
    rng = random.Random(5)
    mixed = [
        replace(profile(f"M{number:04d}", rng), place_id=PLACES[0], visible=True, active=True)
        for number in range(6)
    ]
    mixed = [replace(person, can_help=("data",), want_to_learn=()) for person in mixed]
    mixed[0] = replace(mixed[0], want_to_learn=("zyzzyva",))
    mixed.append(replace(mixed[1], user_id="M0099", place_id=PLACES[1], can_help=("zyzzyva",)))
    with make_session_factory(engine)() as session:
        repository = SqlAlchemyProfileRepository(session)
        for person in mixed:
            repository.save(person)
        session.commit()
        stems = topic_stems(["data", "zyzzyva"])
        expected = read_from_profiles(session, TEAM, stems)
        assert repository.count_by_place(TEAM, PLACES, stems) == expected
        assert expected == {PLACES[0]: 6, PLACES[1]: 1}
