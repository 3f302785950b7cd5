"""Engines and sessions: one engine and one session factory per process."""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.orm import Session, sessionmaker

SQLITE_BUSY_SECONDS = 30  # how long a save waits for another to finish before giving up

# The statements before which Python's sqlite3 opens a transaction, which then holds SQLite's
# write lock until it commits or rolls back.
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine tuned for the database behind `url`.

    SQLite gets WAL (readers never block the writer), foreign keys on and a busy timeout, so
    the threads of one process share it safely, and its saves take turns within the process
    (see `_SaveInTurn`). PostgreSQL gets a pool that checks connections.
    """
    if url.startswith("sqlite"):
        connect_args: dict[str, Any] = {
            "check_same_thread": False,
            "timeout": SQLITE_BUSY_SECONDS,
        }
        database = make_url(url).database
        in_a_file = bool(database) and database != ":memory:" and "mode=memory" not in url
        if in_a_file and database:
            connect_args["factory"] = _turns_for(database)
        engine = create_engine(url, connect_args=connect_args, **kwargs)
        if in_a_file:
            _take_turns(engine)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            if ":memory:" not in url and url != "sqlite://":
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_SECONDS * 1000}")
            cursor.close()

        return engine
    kwargs.setdefault("pool_pre_ping", True)
    # Enough for every thread of a process that may hold one at once (gunicorn's, Bolt's
    # listeners', the scheduler's), so that connections are kept rather than opened and closed.
    kwargs.setdefault("pool_size", 20)
    kwargs.setdefault("max_overflow", 10)
    return create_engine(url, **kwargs)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


# SQLite's saves, one at a time in each process -------------------------------------------------
#
# SQLite lets one connection write at a time. A connection that finds the write lock taken
# polls for it, sleeping a little longer each time (up to a tenth of a second between tries),
# so under load a save can keep missing its turn while later ones take it: saves made before
# Slack is answered (a form, an Events API delivery's check) waited seconds behind a stream of
# RSVPs. Within one process the saves therefore queue for a lock of their own, which wakes the
# next one the moment the last commits; only one connection per process ever polls SQLite
# (processes sharing the file still take turns through SQLite's busy timeout).


class _SaveInTurn(sqlite3.Connection):
    """A SQLite connection that holds its process's lock for the database file from its first
    write until its transaction ends, however it ends."""

    turn: threading.Lock  # the file's lock, set on the subclass made for each file
    holds_turn = False

    def take_turn(self) -> None:
        if not self.turn.acquire(timeout=SQLITE_BUSY_SECONDS):
            raise sqlite3.OperationalError("database is locked")
        self.holds_turn = True

    def give_turn(self) -> None:
        if self.holds_turn:
            self.holds_turn = False
            self.turn.release()

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self.give_turn()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self.give_turn()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self.give_turn()


_turns: dict[str, type[_SaveInTurn]] = {}
_turns_lock = threading.Lock()


def _turns_for(database: str) -> type[_SaveInTurn]:
    """The connection class whose saves take turns with every other connection this process
    opens to `database` (whichever engine opened it)."""
    key = os.path.realpath(Path(database).expanduser())
    with _turns_lock:
        found = _turns.get(key)
        if found is None:
            found = _turns[key] = type("SaveInTurn", (_SaveInTurn,), {"turn": threading.Lock()})
        return found


def _fresh_turns_after_fork() -> None:
    """A forked process (a gunicorn worker) starts with its own, free locks."""
    global _turns_lock  # noqa: PLW0603 - replaced, never shared with the parent
    _turns_lock = threading.Lock()
    for found in _turns.values():
        found.turn = threading.Lock()


os.register_at_fork(after_in_child=_fresh_turns_after_fork)


def _connection_of(conn: Any) -> Any:
    return conn.connection.dbapi_connection


def _take_turns(engine: Engine) -> None:
    @event.listens_for(engine, "before_cursor_execute")
    def _before_write(conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        raw = _connection_of(conn)
        if (
            isinstance(raw, _SaveInTurn)
            and not raw.holds_turn
            and raw.isolation_level is not None  # sqlite3 opens transactions (not autocommit)
            and statement.lstrip()[:7].upper().startswith(_WRITES)
        ):
            raw.take_turn()

    @event.listens_for(engine, "after_cursor_execute")
    def _after_statement(conn: Any, *_args: Any) -> None:
        _give_turn_if_done(_connection_of(conn))

    @event.listens_for(engine, "handle_error")
    def _after_error(context: Any) -> None:
        try:
            raw = _connection_of(context.connection)
        except Exception:  # noqa: BLE001 - no connection left to look at
            return
        _give_turn_if_done(raw)


def _give_turn_if_done(raw: Any) -> None:
    """A write that opened no transaction (it failed first), or a transaction ended by a
    statement rather than by commit() or rollback(), holds nothing any more."""
    if isinstance(raw, _SaveInTurn) and raw.holds_turn and not raw.in_transaction:
        raw.give_turn()
