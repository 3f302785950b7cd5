"""Shared fixtures: a migrated database per test (SQLite, or PostgreSQL when
TEST_DATABASE_URL is set), a controllable clock, and the shipped gazetteer."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from sqlalchemy import Engine, create_engine, make_url, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool

from bot.domain.places import Gazetteer
from storage.db import make_engine
from storage.migrate import check, upgrade
from storage.models import Base
from tests.support.clock import FixedClock

# Hypothesis fails an example that takes longer than its deadline (200 ms by default) even once.
# With the suite in parallel on a busy machine, that measures the machine, not the code; the
# tests' own assertions (including any about time) are untouched.
settings.register_profile("whoswho", deadline=None)
settings.load_profile("whoswho")

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "").strip()
PG_NAME_LIMIT = 63  # PostgreSQL's longest identifier, in bytes
PG_SKIP_REASON = (
    "PostgreSQL tests skipped: TEST_DATABASE_URL is not set "
    "(set it to a PostgreSQL database the tests may empty, e.g. "
    "postgresql://postgres@127.0.0.1:5432/whoswho_test)"
)


def _normalised_pg_url() -> str:
    url = TEST_DATABASE_URL
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def pytest_report_header() -> list[str]:
    if TEST_DATABASE_URL:
        return [
            "database: PostgreSQL (TEST_DATABASE_URL; under pytest-xdist, a database of its "
            "own per worker, named after it)"
        ]
    return ["database: SQLite; " + PG_SKIP_REASON]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if TEST_DATABASE_URL:
        return
    skip = pytest.mark.skip(reason=PG_SKIP_REASON)
    for item in items:
        if "postgresql" in item.keywords:
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not TEST_DATABASE_URL:
        skipped = [
            report
            for report in terminalreporter.stats.get("skipped", [])
            if PG_SKIP_REASON in str(getattr(report, "longrepr", ""))
        ]
        terminalreporter.write_line(
            f"{len(skipped)} PostgreSQL-only tests skipped: TEST_DATABASE_URL is not set. "
            "Every other database test ran on SQLite."
        )


def worker_database_url(url: str, worker: str) -> str:
    """The URL of the database of its own an xdist worker uses: TEST_DATABASE_URL's database
    name with the worker's id after it (whoswho_test_gw0, whoswho_test_gw1, ...)."""
    parsed = make_url(url)
    suffix = f"_{worker}"
    name = (parsed.database or "whoswho_test")[: PG_NAME_LIMIT - len(suffix)] + suffix
    return parsed.set(database=name).render_as_string(hide_password=False)


def _on_server(url: str, *statements: str) -> None:
    """Run statements that cannot run in a transaction (CREATE/DROP DATABASE), connected to
    TEST_DATABASE_URL's own database."""
    admin = create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with admin.connect() as connection:
            for statement in statements:
                connection.execute(text(statement))
    finally:
        admin.dispose()


@pytest.fixture(scope="session")
def database_url_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated, empty database: a SQLite file to copy, or a PostgreSQL database.

    On PostgreSQL, a run in one process empties and uses TEST_DATABASE_URL's database itself.
    Under pytest-xdist each worker creates a database of its own beside it (which needs the
    CREATEDB privilege), and drops it when the worker ends. A database rather than a schema
    per worker: a schema would be chosen by the connection's `options` (search_path), which
    the tests that set options of their own (a schema to migrate into, a lock timeout) would
    replace, landing in another worker's tables; a database is in the URL, and the workers
    share nothing.
    """
    if TEST_DATABASE_URL:
        url = _normalised_pg_url()
        worker = os.environ.get("PYTEST_XDIST_WORKER", "")
        if not worker:
            engine = make_engine(url)
            with engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))
            engine.dispose()
            upgrade(url)
            check(url)
            yield url
            return
        own = worker_database_url(url, worker)
        name = make_url(own).database
        # WITH (FORCE): a worker killed mid-run may have left its database and connections
        _on_server(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        _on_server(url, f'CREATE DATABASE "{name}"')
        try:
            upgrade(own)
            check(own)
            yield own
        finally:
            _on_server(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        return
    path = tmp_path_factory.mktemp("template") / "template.db"
    url = f"sqlite:///{path}"
    upgrade(url)
    yield url


@pytest.fixture
def database_url(database_url_template: str, tmp_path: Path) -> Iterator[str]:
    if database_url_template.startswith("sqlite"):
        path = tmp_path / "whoswho.db"
        shutil.copyfile(database_url_template.removeprefix("sqlite:///"), path)
        yield f"sqlite:///{path}"
        return
    yield database_url_template
    _empty_tables(database_url_template)


def _empty_tables(url: str, attempts: int = 5) -> None:
    """Empty every table after a test. A listener of the test's app may still be finishing a
    query; TRUNCATE then waits for it, or PostgreSQL picks it as a deadlock's victim: wait a
    moment and try again, rather than fail a test that passed."""
    engine = make_engine(url)
    tables = ", ".join(f'"{table.name}"' for table in Base.metadata.sorted_tables)
    try:
        for attempt in range(1, attempts + 1):
            try:
                with engine.begin() as connection:
                    connection.execute(text("SET LOCAL lock_timeout = '5s'"))
                    connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
                return
            except OperationalError:
                if attempt == attempts:
                    raise
                time.sleep(0.2 * attempt)
    finally:
        engine.dispose()


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()
