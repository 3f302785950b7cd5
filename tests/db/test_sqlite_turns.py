"""SQLite's saves take turns within a process: a save waiting for another is woken as soon as
that one ends, rather than polling SQLite's lock (with up to a tenth of a second between tries,
while later saves can take it first), and no way a transaction ends leaves the turn taken."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError, OperationalError

import storage.db
from storage.db import make_engine


@pytest.fixture
def two(tmp_path: Path) -> Iterator[tuple[Engine, Engine]]:
    url = f"sqlite:///{tmp_path / 'turns.db'}"
    first, second = make_engine(url), make_engine(url)
    with first.begin() as connection:
        connection.execute(text("CREATE TABLE t (x INTEGER PRIMARY KEY)"))
    yield first, second
    first.dispose()
    second.dispose()


def save(engine: Engine, value: int) -> None:
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO t VALUES (:x)"), {"x": value})


def saved_at_once(engine: Engine, value: int) -> bool:
    """Whether a save from another thread finishes promptly (nobody holds the turn)."""
    done = threading.Event()
    thread = threading.Thread(target=lambda: (save(engine, value), done.set()))
    thread.start()
    finished = done.wait(2)
    thread.join(35)
    return finished


def test_a_save_waits_for_the_one_under_way_and_follows_it_at_once(two):
    first, second = two
    ended: dict[str, float] = {}

    def other() -> None:
        save(second, 2)
        ended["second"] = time.monotonic()

    with first.begin() as connection:
        connection.execute(text("INSERT INTO t VALUES (1)"))
        thread = threading.Thread(target=other)
        thread.start()
        time.sleep(0.3)
        assert "second" not in ended  # waiting for the first to commit
        ended["first"] = time.monotonic()
    thread.join(5)
    assert 0 <= ended["second"] - ended["first"] < 0.1
    with first.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM t")).scalar() == 2


def test_a_rollback_an_error_or_a_closed_connection_gives_the_turn_back(two):
    first, second = two
    with first.connect() as connection:
        connection.execute(text("INSERT INTO t VALUES (1)"))
        connection.rollback()
    assert saved_at_once(second, 2)

    with pytest.raises(IntegrityError), first.begin() as connection:
        connection.execute(text("INSERT INTO t VALUES (2)"))  # already there
    assert saved_at_once(second, 3)

    connection = first.connect()
    connection.execute(text("INSERT INTO t VALUES (4)"))
    connection.invalidate()  # the connection is closed without a commit or a rollback
    connection.close()
    assert saved_at_once(second, 5)

    with first.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("INSERT INTO t VALUES (6)"))  # no transaction, no turn
    assert saved_at_once(second, 7)


def test_a_save_that_waits_too_long_fails_as_a_locked_database_does(two, monkeypatch):
    first, second = two
    monkeypatch.setattr(storage.db, "SQLITE_BUSY_SECONDS", 0.2)
    with first.begin() as connection:
        connection.execute(text("INSERT INTO t VALUES (1)"))
        failed: list[Exception] = []

        def other() -> None:
            try:
                save(second, 2)
            except OperationalError as error:
                failed.append(error)

        thread = threading.Thread(target=other)
        thread.start()
        thread.join(5)
    assert failed
    assert "database is locked" in str(failed[0])
    assert saved_at_once(second, 3)


def test_databases_in_memory_are_left_alone():
    engine = make_engine("sqlite://")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (x INTEGER)"))
        connection.execute(text("INSERT INTO t VALUES (1)"))
    raw = engine.raw_connection()
    try:
        assert not isinstance(raw.dbapi_connection, storage.db._SaveInTurn)
    finally:
        raw.close()
    engine.dispose()
