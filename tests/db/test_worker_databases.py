"""In parallel (pytest-xdist), each worker's PostgreSQL tests run in a database of their own,
named after TEST_DATABASE_URL's and the worker, so that one worker's emptying of its tables
never touches another's; in one process, TEST_DATABASE_URL's database itself is used."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import make_url, text

from storage.db import make_engine
from tests.conftest import PG_NAME_LIMIT, TEST_DATABASE_URL, worker_database_url


def test_a_workers_database_is_named_after_the_test_database_and_the_worker():
    url = worker_database_url("postgresql+psycopg://ci:secret@127.0.0.1:5432/whoswho_ci", "gw3")

    parsed = make_url(url)
    assert parsed.database == "whoswho_ci_gw3"
    assert (parsed.host, parsed.port, parsed.username) == ("127.0.0.1", 5432, "ci")
    assert parsed.password == "secret"  # kept, not masked: it must connect


def test_a_long_database_name_is_shortened_to_fit_and_keeps_the_worker():
    name = "whoswho_ci_" + "9" * 60
    url = worker_database_url(f"postgresql+psycopg://ci@127.0.0.1/{name}", "gw12")

    database = make_url(url).database
    assert database is not None
    assert len(database.encode()) <= PG_NAME_LIMIT
    assert database.endswith("_gw12")


@pytest.mark.postgresql
def test_the_tests_run_in_the_workers_own_database(database_url: str):
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            current = connection.execute(text("SELECT current_database()")).scalar_one()
    finally:
        engine.dispose()

    given = make_url(TEST_DATABASE_URL).database
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    assert current == (
        make_url(worker_database_url(TEST_DATABASE_URL, worker)).database if worker else given
    )
