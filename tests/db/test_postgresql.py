"""The real repositories and services on PostgreSQL, where several replicas share one database.

Concurrency in the cosmicpython manner: two threads, released together by a barrier, do the same
thing at once, each through its own engine (as two replicas would), and the database alone
decides who wins. Then the migrations: built from nothing, they must match the models.
"""

from __future__ import annotations

import threading
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, inspect, make_url, select, text

from bot.domain.people import ProfileDraft
from bot.services.directory import DirectoryService
from storage.db import make_engine, make_session_factory
from storage.migrate import check, upgrade
from storage.models import Base, ProfileRow
from storage.uow import SqlAlchemyUnitOfWorkFactory
from tests.support.recording import scheduled_nudges

pytestmark = pytest.mark.postgresql

TEAM = "T0001"
JOIN_TIMEOUT = 60.0  # seconds; a bound on waiting for a thread, not a claim about speed


def run_together(*jobs: Callable[[], Any]) -> list[Any]:
    """Run each job on its own thread, all released at the same moment; re-raise any error."""
    barrier = threading.Barrier(len(jobs))
    results: list[Any] = [None] * len(jobs)
    errors: list[BaseException] = []

    def worker(index: int, job: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=JOIN_TIMEOUT)
            results[index] = job()
        except BaseException as error:  # noqa: BLE001 - handed back to the test below
            errors.append(error)

    threads = [threading.Thread(target=worker, args=item) for item in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=JOIN_TIMEOUT)
    assert not any(thread.is_alive() for thread in threads), "a thread never finished"
    if errors:
        raise errors[0]
    return results


@pytest.fixture
def second_engine(database_url: str) -> Iterator[Engine]:
    """Another replica's connection pool onto the same database."""
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


def directory_on(engine: Engine, gazetteer, clock) -> DirectoryService:
    return DirectoryService(
        SqlAlchemyUnitOfWorkFactory(make_session_factory(engine)), gazetteer, clock
    )


def leeds(gazetteer) -> int:
    query = gazetteer.read_query("Leeds")
    assert query.place is not None
    return query.place.id


def draft(gazetteer, organisation: str = "Home Office") -> ProfileDraft:
    return ProfileDraft(
        place_id=leeds(gazetteer), organisation=organisation, job_title="Policy adviser"
    )


def rows_for(engine: Engine, user_id: str) -> list[ProfileRow]:
    with engine.connect() as connection:
        return list(
            connection.execute(
                select(ProfileRow.user_id, ProfileRow.organisation).where(
                    ProfileRow.team_id == TEAM, ProfileRow.user_id == user_id
                )
            )
        )


def test_database_is_postgresql(engine: Engine):
    assert engine.dialect.name == "postgresql"


def test_a_topic_count_runs_without_parallel_workers_and_only_in_its_own_transaction(
    engine: Engine, gazetteer, clock
):
    """PostgreSQL over-estimates a union of rare words and would start parallel workers whose
    start-up costs more than the read; the count switches them off for its transaction only."""
    from storage.profile_repository import SqlAlchemyProfileRepository

    directory = directory_on(engine, gazetteer, clock)
    directory.save_profile(TEAM, "U0PARALLEL", replace(draft(gazetteer), can_help="net zero"))
    session = make_session_factory(engine)()
    try:
        profiles = SqlAlchemyProfileRepository(session)
        assert profiles.count_by_place(TEAM, [leeds(gazetteer)], ["net", "zero"]) == {
            leeds(gazetteer): 1
        }
        assert session.execute(text("SHOW max_parallel_workers_per_gather")).scalar() == "0"
        session.rollback()
        assert session.execute(text("SHOW max_parallel_workers_per_gather")).scalar() != "0"
    finally:
        session.close()


# Profiles -------------------------------------------------------------------------------------


def test_two_saves_of_one_persons_profile_at_once_leave_one_row_and_no_error(
    engine, second_engine, gazetteer, clock
):
    one = directory_on(engine, gazetteer, clock)
    other = directory_on(second_engine, gazetteer, clock)
    for attempt in range(15):  # each attempt is a fresh race on a person not yet saved
        user = f"U0RACE{attempt:02d}"

        run_together(
            lambda user=user: one.save_profile(TEAM, user, draft(gazetteer, "Home Office")),
            lambda user=user: other.save_profile(TEAM, user, draft(gazetteer, "Cabinet Office")),
        )

        [row] = rows_for(engine, user)
        assert row.organisation in {"Home Office", "Cabinet Office"}


def test_a_save_racing_an_edit_of_an_existing_profile_keeps_its_creation_time(
    engine, second_engine, gazetteer, clock
):
    one = directory_on(engine, gazetteer, clock)
    other = directory_on(second_engine, gazetteer, clock)
    created = one.save_profile(TEAM, "U0EXISTING", draft(gazetteer)).profile
    assert created is not None
    clock.advance(days=3)

    run_together(
        lambda: one.save_profile(TEAM, "U0EXISTING", draft(gazetteer, "Ofsted")),
        lambda: other.save_profile(TEAM, "U0EXISTING", draft(gazetteer, "Ofgem")),
    )

    after = one.profile_status(TEAM, "U0EXISTING").profile
    assert after is not None
    assert after.organisation in {"Ofsted", "Ofgem"}
    assert after.created_at == created.created_at
    assert after.updated_at == clock.now()


# The yearly check ---------------------------------------------------------------------------


def seed_stale(directory: DirectoryService, gazetteer, clock, users: list[str]) -> None:
    """Profiles last confirmed 400 days before the clock's present time."""
    now = clock.now()
    clock.set(now - timedelta(days=400))
    for user in users:
        directory.save_profile(TEAM, user, draft(gazetteer))
    clock.set(now)


def test_two_replicas_nudging_at_once_ask_each_stale_person_exactly_once(
    engine, second_engine, gazetteer, clock
):
    one = directory_on(engine, gazetteer, clock)
    other = directory_on(second_engine, gazetteer, clock)
    one.save_profile(TEAM, "U0FRESH", draft(gazetteer))  # confirmed today: never nudged
    everyone: list[str] = []
    for round_number in range(3):
        stale = [f"U0STALE{round_number}{index:02d}" for index in range(25)]
        seed_stale(one, gazetteer, clock, stale)
        everyone += stale
        before = Counter(scheduled_nudges(engine).nudges)

        reports = run_together(one.nudge_stale_profiles, other.nudge_stale_profiles)

        asked = Counter(scheduled_nudges(engine).nudges) - before
        assert sorted(asked) == sorted(stale), "each new stale person, and nobody else"
        assert set(asked.values()) == {1}, f"someone was asked twice: {asked.most_common(3)}"
        assert sum(report.nudged for report in reports) == len(stale)
        clock.advance(hours=1)

    for user in everyone:
        profile = one.profile_status(TEAM, user).profile
        assert profile is not None
        assert profile.nudged_at is not None
    fresh = one.profile_status(TEAM, "U0FRESH").profile
    assert fresh is not None
    assert fresh.nudged_at is None


def test_two_replicas_hiding_unanswered_profiles_at_once_tell_each_person_once(
    engine, second_engine, gazetteer, clock
):
    one = directory_on(engine, gazetteer, clock)
    other = directory_on(second_engine, gazetteer, clock)
    stale = [f"U0QUIET{index:02d}" for index in range(25)]
    seed_stale(one, gazetteer, clock, stale)
    assert one.nudge_stale_profiles().nudged == len(stale)
    clock.advance(days=31)  # past the grace period: nobody answered

    reports = run_together(one.nudge_stale_profiles, other.nudge_stale_profiles)

    scheduled = scheduled_nudges(engine)
    told = Counter(scheduled.hidden)
    assert sorted(told) == sorted(stale)
    assert set(told.values()) == {1}
    assert sum(report.hidden for report in reports) == len(stale)
    assert len(scheduled.nudges) == len(stale), "a nudged person is not asked again"
    for user in stale:
        profile = one.profile_status(TEAM, user).profile
        assert profile is not None
        assert not profile.visible
        assert profile.hidden_reason == "stale"


# Migrations -------------------------------------------------------------------------------


@pytest.fixture
def empty_schema_url(database_url: str) -> Iterator[str]:
    """A URL whose connections see only a new, empty schema of the test database."""
    schema = f"migration_check_{uuid.uuid4().hex[:12]}"
    admin = make_engine(database_url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(database_url).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def test_postgresql_migrated_from_empty_matches_the_models(empty_schema_url: str):
    engine = make_engine(empty_schema_url)
    try:
        assert inspect(engine).get_table_names() == [], "the schema starts empty"

        upgrade(empty_schema_url)

        check(empty_schema_url)  # raises, listing the differences, on any drift
        tables = set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
    assert set(Base.metadata.tables) <= tables
    assert "alembic_version" in tables
