"""Shared fixtures: a migrated database per test (SQLite, or PostgreSQL when
TEST_DATABASE_URL is set), a controllable clock, and the shipped gazetteer."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from bot.domain.places import Gazetteer
from storage.db import make_engine
from storage.migrate import check, upgrade
from storage.models import Base
from tests.support.clock import FixedClock

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "").strip()
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
        return ["database: PostgreSQL (TEST_DATABASE_URL)"]
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


@pytest.fixture(scope="session")
def database_url_template(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A migrated, empty database: a SQLite file to copy, or the PostgreSQL database itself."""
    if TEST_DATABASE_URL:
        url = _normalised_pg_url()
        engine = make_engine(url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
        upgrade(url)
        check(url)
        return url
    path = tmp_path_factory.mktemp("template") / "template.db"
    url = f"sqlite:///{path}"
    upgrade(url)
    return url


@pytest.fixture
def database_url(database_url_template: str, tmp_path: Path) -> Iterator[str]:
    if database_url_template.startswith("sqlite"):
        path = tmp_path / "whoswho.db"
        shutil.copyfile(database_url_template.removeprefix("sqlite:///"), path)
        yield f"sqlite:///{path}"
        return
    yield database_url_template
    engine = make_engine(database_url_template)
    tables = ", ".join(f'"{table.name}"' for table in Base.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
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
