"""Finding a workspace's bot: the short cache, answering from it while the database is read
again, and rotation under the lease (one replica spends the refresh token)."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from slack_sdk.oauth.installation_store.models.installation import Installation
from sqlalchemy import event, text

from bot.app import installation_store as EncryptedInstallationStore  # noqa: N812
from bot.secrets import TokenCipher
from handlers.slack.authorize import WorkspaceBots
from storage.db import make_session_factory
from storage.uow import SqlAlchemyUnitOfWorkFactory

TEAM = "T0LEEDS"


class Ticks:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Rotator:
    """Stands in for slack_sdk's TokenRotator: counts rotations, optionally slowly."""

    def __init__(self, pause: float = 0.0) -> None:
        self.calls = 0
        self.pause = pause
        self._lock = threading.Lock()

    def perform_bot_token_rotation(self, *, bot, minutes_before_expiration):
        with self._lock:
            self.calls += 1
            number = self.calls
        time.sleep(self.pause)
        refreshed = type(bot)(**bot.to_dict_for_copying())
        refreshed.bot_token = f"xoxe.xoxb-new-{number}"
        refreshed.bot_refresh_token = f"xoxe-1-new-{number}"
        refreshed.bot_token_expires_at = int(time.time()) + 43_200
        return refreshed


@pytest.fixture
def store(engine) -> EncryptedInstallationStore:
    return EncryptedInstallationStore("1111.2222", engine, TokenCipher.from_setting(KEY))


KEY = TokenCipher.generate_key()


def save(store: EncryptedInstallationStore, token: str, expires_in: int | None = None) -> None:
    store.save(
        Installation(
            app_id="A0APP",
            enterprise_id=None,
            team_id=TEAM,
            team_name="Leeds network",
            bot_token=token,
            bot_id="B0",
            bot_user_id="U0BOT",
            bot_scopes="commands,chat:write",
            bot_refresh_token="xoxe-1-old" if expires_in else None,
            bot_token_expires_in=expires_in,
            user_id="U0ADMIN",
            installed_at=datetime.now(UTC).timestamp(),
        )
    )


def bots_for(store, engine, rotator=None, ticks=None, worker="replica-1") -> WorkspaceBots:
    return WorkspaceBots(
        store,
        SqlAlchemyUnitOfWorkFactory(make_session_factory(engine)),
        rotator,
        worker=worker,
        monotonic=ticks or Ticks(),
    )


def test_a_bot_is_read_once_a_minute_and_a_stale_one_answers_while_it_is_read_again(
    store, engine
) -> None:
    save(store, "xoxb-first")
    ticks = Ticks()
    bots = bots_for(store, engine, ticks=ticks)
    assert bots.token_for(TEAM) == "xoxb-first"
    save(store, "xoxb-second")  # a reinstall, seen by the database only

    ticks.now += 30
    assert bots.token_for(TEAM) == "xoxb-first"  # within the minute: no read
    ticks.now += 31
    assert bots.token_for(TEAM) == "xoxb-first"  # stale: answered at once, read behind
    deadline = time.monotonic() + 5
    while bots.token_for(TEAM) != "xoxb-second":
        assert time.monotonic() < deadline
        time.sleep(0.01)


def test_a_workspace_without_an_installation_is_looked_for_again_after_the_minute(
    store, engine
) -> None:
    ticks = Ticks()
    bots = bots_for(store, engine, ticks=ticks)
    assert bots.token_for(TEAM) is None
    save(store, "xoxb-new")

    assert bots.token_for(TEAM) is None
    ticks.now += 61
    assert bots.token_for(TEAM) == "xoxb-new"


def test_a_token_is_stored_encrypted_and_read_back(store, engine) -> None:
    save(store, "xoxb-secret-value")

    with engine.connect() as connection:
        raw = connection.execute(text("SELECT bot_token FROM slack_bots")).scalar()
    assert "xoxb-secret-value" not in str(raw)
    assert TokenCipher.from_setting(KEY).decrypt(str(raw)) == "xoxb-secret-value"


def test_an_expiring_token_is_rotated_once_across_replicas_racing_for_it(store, engine) -> None:
    save(store, "xoxb-old", expires_in=600)  # ten minutes left: due
    rotator = Rotator(pause=0.3)
    replicas = [bots_for(store, engine, rotator, worker=f"replica-{n}") for n in range(4)]
    tokens: list[str | None] = []

    threads = [
        threading.Thread(target=lambda b=bots: tokens.append(b.token_for(TEAM)))
        for bots in replicas
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert rotator.calls == 1
    assert set(tokens) <= {"xoxb-old", "xoxe.xoxb-new-1"}  # the old one is valid a while yet
    assert "xoxe.xoxb-new-1" in tokens
    fresh = bots_for(store, engine, rotator, worker="replica-9")
    assert fresh.token_for(TEAM) == "xoxe.xoxb-new-1"
    assert rotator.calls == 1


def test_a_replica_waits_for_anothers_rotation_of_an_expired_token(store, engine) -> None:
    save(store, "xoxb-old", expires_in=600)
    with engine.begin() as connection:  # expired a minute ago
        connection.execute(
            text("UPDATE slack_bots SET bot_token_expires_at = :at"),
            {"at": (datetime.now(UTC) - timedelta(minutes=1)).replace(tzinfo=None)},
        )
    rotator = Rotator(pause=0.5)
    holder = bots_for(store, engine, rotator, worker="replica-1")
    waiter = bots_for(store, engine, rotator, worker="replica-2")
    first = threading.Thread(target=holder.token_for, args=(TEAM,))
    first.start()
    time.sleep(0.1)  # replica-1 holds the lease now

    assert waiter.token_for(TEAM) == "xoxe.xoxb-new-1"  # never the expired one
    first.join()
    assert rotator.calls == 1


def test_work_without_a_request_reads_the_installation_once_not_once_a_message(
    store, engine
) -> None:
    save(store, "xoxb-first")
    bots = bots_for(store, engine)
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))

    tokens = {bots.token_for(TEAM) for _ in range(50)}  # fifty scheduled messages

    assert tokens == {"xoxb-first"}
    assert len(statements) == 2  # the workspace's organisation, then its bot: once each
