"""Migration 0013 adds the two consents to every profile: existing ones take the defaults
(shown to attendees, not announced in the digest), and the search tallies' triggers on
`profiles` (migration 0011) carry on as before: a change of consent leaves the tallies as
they were, and a change of place or visibility still moves them. On SQLite, and on PostgreSQL
when TEST_DATABASE_URL names one (through the migrated test database)."""

from __future__ import annotations

import random
from dataclasses import replace
from typing import TYPE_CHECKING

from alembic import command
from sqlalchemy import MetaData, Table, select, text, update

from storage.db import make_engine, make_session_factory
from storage.migrate import alembic_config, upgrade
from storage.models import ProfilePlaceCountRow, ProfileRow
from storage.profile_repository import SqlAlchemyProfileRepository, profile_values
from tests.db.test_search_tallies import PLACES, TEAM, assert_tallies_right, profile

if TYPE_CHECKING:
    from pathlib import Path

    from sqlalchemy import Engine

NEW_COLUMNS = ("listed_to_attendees", "announce_in_digest")
TRIGGERS = {
    "profiles_people_insert",
    "profiles_people_delete",
    "profiles_people_update",
    "profiles_terms_insert",
    "profiles_terms_delete",
    "profiles_terms_update",
}


def _sqlite_triggers(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'profiles'")
        )
        return {str(row[0]) for row in rows}


def _counts(engine: Engine) -> dict[int, int]:
    with make_session_factory(engine)() as session:
        rows = session.execute(
            select(ProfilePlaceCountRow.place_id, ProfilePlaceCountRow.people).where(
                ProfilePlaceCountRow.team_id == TEAM
            )
        )
        return {int(place): int(people) for place, people in rows}


def test_existing_profiles_take_the_defaults_and_the_tallies_keep_their_triggers(
    tmp_path: Path,
):
    url = f"sqlite:///{tmp_path / 'before.db'}"
    upgrade(url, "0012")
    engine = make_engine(url)
    rng = random.Random(11)
    try:
        rows = []
        for number in range(30):
            values = profile_values(profile(f"U{number:04d}", rng))
            rows.append({key: value for key, value in values.items() if key not in NEW_COLUMNS})
        before_0013 = Table("profiles", MetaData(), autoload_with=engine)  # no consents yet
        with engine.begin() as connection:
            connection.execute(before_0013.insert(), rows)
        upgrade(url, "0013")
        assert _sqlite_triggers(engine) == TRIGGERS
        with make_session_factory(engine)() as session:
            repository = SqlAlchemyProfileRepository(session)
            everyone = list(repository.iter_team(TEAM))
        assert len(everyone) == 30
        assert all(p.listed_to_attendees and not p.announce_in_digest for p in everyone)
        assert_tallies_right(engine)

        before = _counts(engine)
        with engine.begin() as connection:  # consents change: the tallies do not
            connection.execute(update(ProfileRow).values(listed_to_attendees=False))
            connection.execute(update(ProfileRow).values(announce_in_digest=True))
        assert _counts(engine) == before
        with engine.begin() as connection:  # a move still counts
            connection.execute(update(ProfileRow).values(place_id=PLACES[0], visible=True))
        assert_tallies_right(engine)

        command.downgrade(alembic_config(url), "0012")
        assert _sqlite_triggers(engine) == TRIGGERS
        with engine.connect() as connection:
            columns = {row[1] for row in connection.execute(text("PRAGMA table_info(profiles)"))}
        assert not columns & set(NEW_COLUMNS)
    finally:
        engine.dispose()


def test_consents_are_saved_and_leave_the_tallies_alone(engine: Engine):
    rng = random.Random(5)
    factory = make_session_factory(engine)
    people = [profile(f"U{number:04d}", rng) for number in range(12)]
    with factory() as session:
        repository = SqlAlchemyProfileRepository(session)
        for person in people:
            repository.save(person)
        session.commit()
    before = _counts(engine)
    with factory() as session:
        repository = SqlAlchemyProfileRepository(session)
        for person in people:
            repository.save(replace(person, listed_to_attendees=False, announce_in_digest=True))
        session.commit()
    assert _counts(engine) == before
    assert_tallies_right(engine)
    with factory() as session:
        repository = SqlAlchemyProfileRepository(session)
        saved = repository.get(TEAM, people[0].user_id)
        listed = repository.listed_to_attendees(TEAM, [p.user_id for p in people])
    assert saved is not None
    assert (saved.listed_to_attendees, saved.announce_in_digest) == (False, True)
    assert listed == []
