"""Whom each scheduled message names, kept beside it: so that erasing a person finds every
message to or about them, however it names them, including messages scheduled before this
was recorded (the migration reads them), a message scheduled afresh with new people, and
nothing once a finished message is purged. On SQLite, and on PostgreSQL when
TEST_DATABASE_URL names one."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, make_url, select, text
from sqlalchemy import insert as plain_insert

from benchmarks.erasure_scan import scan
from bot.domain.outbox import JSON, OutboxStatus, ScheduledMessage
from storage.db import make_engine, make_session_factory
from storage.migrate import check, upgrade
from storage.models import OutboxPersonRow, OutboxRow
from storage.uow import SqlAlchemyUnitOfWorkFactory

TEAM = "T0001"
ELSEWHERE = "T0002"
SAM, ANNA, BILAL, CERYS = "U0SAM", "U0ANNA", "U0BILAL", "U0CERYS"
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)

# Payloads as features write them, and as a group conversation's would be: who it is to or
# about stands under "user", in a list of people, under another key, or deeper.
TO_SAM: dict[str, JSON] = {"user": SAM, "key": "directory.status.visible", "params": {}}
SAMS_GROUP: dict[str, JSON] = {"users": [ANNA, SAM, BILAL], "group_id": 7}
ABOUT_SAM: dict[str, JSON] = {"user": ANNA, "key": "k", "params": {"colleague": SAM}}
FOR_OTHERS: dict[str, JSON] = {"users": [ANNA, BILAL, CERYS], "group_id": 8}
TO_ANNA: dict[str, JSON] = {"user": ANNA, "key": "directory.status.visible", "params": {}}
NO_ONE: dict[str, JSON] = {"group_id": 9}


def message(key: str, payload: dict[str, JSON], *, team: str = TEAM) -> ScheduledMessage:
    return ScheduledMessage(team_id=team, kind="slack.dm", key=key, due_at=NOW, payload=payload)


def uow_on(engine: Engine) -> SqlAlchemyUnitOfWorkFactory:
    return SqlAlchemyUnitOfWorkFactory(make_session_factory(engine))


def schedule(engine: Engine, *messages: ScheduledMessage) -> int:
    with uow_on(engine)() as uow:
        written = uow.outbox.add_many(list(messages), now=NOW)
        uow.commit()
    return written


def erase(engine: Engine, user: str, team: str = TEAM) -> int:
    with uow_on(engine)() as uow:
        erased = uow.outbox.erase_person(team, user)
        uow.commit()
    return erased


def keys(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        return set(connection.scalars(select(OutboxRow.key)))


def people_of(engine: Engine) -> dict[str, set[str]]:
    """key -> the people recorded for it."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(OutboxRow.key, OutboxPersonRow.user_id).join(
                OutboxPersonRow, OutboxPersonRow.outbox_id == OutboxRow.id
            )
        )
        found: dict[str, set[str]] = {}
        for key, user in rows:
            found.setdefault(key, set()).add(user)
        return found


# Scheduling and erasing -----------------------------------------------------------------------


def test_erasing_a_person_deletes_each_message_naming_them_and_no_other(engine: Engine) -> None:
    schedule(
        engine,
        message("to-sam", TO_SAM),
        message("sams-group", SAMS_GROUP),
        message("about-sam", ABOUT_SAM),
        message("for-others", FOR_OTHERS),
        message("to-anna", TO_ANNA),
        message("no-one", NO_ONE),
        message("to-sam", TO_SAM, team=ELSEWHERE),  # the same id in another workspace
    )
    assert people_of(engine)["sams-group"] == {ANNA, SAM, BILAL}

    assert erase(engine, SAM) == 3

    assert keys(engine) == {"for-others", "to-anna", "no-one", "to-sam"}
    with engine.connect() as connection:
        [elsewhere] = connection.execute(select(OutboxRow.team_id).where(OutboxRow.key == "to-sam"))
    assert elsewhere.team_id == ELSEWHERE
    assert erase(engine, SAM) == 0


def test_a_message_scheduled_afresh_names_its_new_people_only(engine: Engine) -> None:
    schedule(engine, message("note", {"users": [ANNA, SAM]}))
    with uow_on(engine)() as uow:
        uow.outbox.cancel(TEAM, key="note", now=NOW)
        uow.commit()
    assert schedule(engine, message("note", {"users": [ANNA, BILAL]})) == 1  # revived
    assert schedule(engine, message("note", {"users": [CERYS]})) == 0  # alive: a no-op

    assert people_of(engine)["note"] == {ANNA, BILAL}
    assert erase(engine, SAM) == 0
    assert erase(engine, CERYS) == 0
    assert erase(engine, BILAL) == 1


def test_a_purged_message_leaves_no_record_of_whom_it_named(engine: Engine) -> None:
    schedule(engine, message("sams-group", SAMS_GROUP))
    with uow_on(engine)() as uow:
        [claimed] = uow.outbox.claim_due(
            now=NOW, limit=10, lease_until=NOW + timedelta(minutes=1), worker="w"
        )
        assert claimed.claimed_by is not None
        uow.outbox.mark_sent(claimed.id, claimed.claimed_by, ref="G1:1.0", now=NOW)
        uow.commit()
    with uow_on(engine)() as uow:
        assert uow.outbox.purge_finished(before=NOW + timedelta(days=91)) == 1
        uow.commit()

    assert scan(engine, [SAM]).total == 0
    assert people_of(engine) == {}


def test_many_messages_at_once_each_name_their_own_people(engine: Engine) -> None:
    people = [f"U0P{n:04d}" for n in range(1200)]
    schedule(
        engine,
        *(message(f"pair-{n}", {"users": [people[n], people[n + 1]]}) for n in range(1199)),
    )

    assert erase(engine, people[600]) == 2  # the two pairs they were in, of 1,199
    assert len(keys(engine)) == 1197


# Messages held before the upgrade ------------------------------------------------------------


@pytest.fixture
def empty_database_url(database_url: str, tmp_path: Path) -> Iterator[str]:
    """A database with nothing in it: a new SQLite file, or a new schema of the PostgreSQL
    test database."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'before.db'}"
        return
    schema = f"outbox_people_{uuid.uuid4().hex[:12]}"
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


def held_row(key: str, payload: dict[str, Any], status: OutboxStatus) -> dict[str, Any]:
    return {
        "team_id": TEAM,
        "kind": "slack.dm",
        "key": key,
        "payload": payload,
        "status": status.value,
        "due_at": NOW,
        "expires_at": None,
        "available_at": NOW,
        "claimed_by": None,
        "attempts": 0,
        "throttled": 0,
        "in_doubt": False,
        "first_attempt_at": None,
        "last_error": None,
        "sent_ref": None,
        "created_at": NOW,
        "updated_at": NOW,
    }


def test_the_upgrade_records_whom_the_messages_already_held_name(empty_database_url: str) -> None:
    upgrade(empty_database_url, "0008")
    engine = make_engine(empty_database_url)
    try:
        with engine.begin() as connection:
            connection.execute(
                plain_insert(OutboxRow),
                [
                    held_row("to-sam", TO_SAM, OutboxStatus.SENT),
                    held_row("sams-group", SAMS_GROUP, OutboxStatus.PENDING),
                    held_row("about-sam", ABOUT_SAM, OutboxStatus.CANCELLED),
                    held_row("for-others", FOR_OTHERS, OutboxStatus.PENDING),
                    held_row("no-one", NO_ONE, OutboxStatus.PENDING),
                ],
            )

        upgrade(empty_database_url)
        check(empty_database_url)

        assert people_of(engine) == {
            "to-sam": {SAM},
            "sams-group": {ANNA, SAM, BILAL},
            "about-sam": {ANNA, SAM},
            "for-others": {ANNA, BILAL, CERYS},
        }
        assert erase(engine, SAM) == 3
        assert keys(engine) == {"for-others", "no-one"}
        assert scan(engine, [SAM]).total == 0
    finally:
        engine.dispose()
