"""Graceful shutdown of `python -m bot` as it runs in production: a real process under
gunicorn, its scheduler sending scheduled messages to a slow loopback Slack, stopped with
SIGTERM (by its pid) while it holds claims on them.

The message being sent when the signal arrives is finished and recorded; every other message it
had claimed is pending again at once, unclaimed and untried, for another replica to send now
rather than when the claim's lease (a minute) would have lapsed; and the process exits cleanly,
well inside gunicorn's graceful timeout. Its log lines are JSON (LOG_FORMAT=json) throughout.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot.services import outbox
from storage.db import make_engine, make_session_factory
from storage.migrate import upgrade
from storage.models import OutboxRow
from storage.uow import SqlAlchemyUnitOfWorkFactory
from tests.support.fake_slack import FakeSlack
from tests.test_startup import bot_environment, free_port, get

TEAM = "T0001"
MESSAGES = 20
SLOW_POST = 3.0  # seconds Slack takes to answer each chat.postMessage
DEADLINE = 60.0  # seconds: bounds on waiting, not claims about speed


class SlowSlack(FakeSlack):
    """Answers chat.postMessage after SLOW_POST seconds, saying when the first one arrived."""

    def __init__(self) -> None:
        super().__init__(team_id=TEAM)
        self.posting = threading.Event()

    def handle(
        self, path: str, query: str, body: bytes, content_type: str, token: str | None = None
    ) -> tuple[int, dict[str, str], dict[str, Any]]:
        if path.endswith("/chat.postMessage"):
            self.posting.set()
            time.sleep(SLOW_POST)
        return super().handle(path, query, body, content_type, token)


def statuses(database_url: str) -> list[tuple[str, str | None, int]]:
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                select(OutboxRow.status, OutboxRow.claimed_by, OutboxRow.attempts).order_by(
                    OutboxRow.id
                )
            )
            return [(str(s), c, int(a)) for s, c, a in rows]
    finally:
        engine.dispose()


def schedule_due_messages(database_url: str) -> None:
    upgrade(database_url)
    engine = make_engine(database_url)
    now = datetime.now(UTC)
    try:
        with SqlAlchemyUnitOfWorkFactory(make_session_factory(engine))() as uow:
            outbox.schedule_all(
                uow,
                [
                    outbox.direct_message(
                        TEAM,
                        f"U0P{n:04d}",
                        f"shutdown:{n}",
                        text_key="directory.status.visible",
                        params={"place": "Leeds"},
                        due_at=now,
                    )
                    for n in range(MESSAGES)
                ],
                now=now,
            )
            uow.commit()
    finally:
        engine.dispose()


def wait_for(condition, what: str, log: Path, timeout: float = DEADLINE) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    pytest.fail(f"{what} did not happen:\n" + log.read_text(errors="replace")[-4000:])


def test_sigterm_finishes_the_message_in_hand_and_gives_back_every_other_claim(tmp_path: Path):
    database_url = f"sqlite:///{tmp_path / 'whoswho.db'}"
    schedule_due_messages(database_url)
    port = free_port()
    log = tmp_path / "app.log"
    with SlowSlack() as fake, log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot"],
            cwd=tmp_path,  # no .env here
            env=bot_environment(
                SLACK_BOT_TOKEN="xoxb-shutdown-token",
                SLACK_SIGNING_SECRET="shutdown-signing-secret",
                SLACK_API_URL=fake.base_url,
                DATABASE_URL=database_url,
                HOST="127.0.0.1",
                PORT=str(port),
                SCHEDULER_ENABLED="true",
                WEB_WORKERS="1",
                WEB_THREADS="4",
                LOG_FORMAT="json",
            ),
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
        try:
            # The start-up tick claims every due message and starts sending the first.
            wait_for(fake.posting.is_set, "a first chat.postMessage", log)
            held = statuses(database_url)
            status, body = get(f"http://127.0.0.1:{port}/health")

            stopping = time.monotonic()
            process.terminate()  # SIGTERM to gunicorn's master, which passes it on
            returncode = process.wait(timeout=DEADLINE)
            took = time.monotonic() - stopping
        finally:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=10)

    # While it ran: healthy, its scheduler ticking, every message claimed by it.
    assert status == 200, body
    assert json.loads(body)["scheduler"]["enabled"] is True
    assert [s for s, _, _ in held] == ["sending"] * MESSAGES
    assert all(claim for _, claim, _ in held)
    # After SIGTERM: a clean exit, well before the claims' minute-long lease would lapse.
    assert returncode == 0, log.read_text(errors="replace")[-4000:]
    assert took < 20
    after = statuses(database_url)
    sent = [row for row in after if row[0] == "sent"]
    pending = [row for row in after if row[0] == "pending"]
    assert len(sent) == 1  # the one in hand was finished and recorded
    assert len(pending) == MESSAGES - 1
    assert all(claim is None and attempts == 0 for _, claim, attempts in pending)
    assert len(fake.calls_to("chat.postMessage")) == 1
    # Every line it wrote is a JSON object, gunicorn's own included.
    lines = [line for line in log.read_text().splitlines() if line.strip()]
    entries = [json.loads(line) for line in lines]
    assert any("Booting worker" in e["message"] for e in entries)
    given_back = f"outbox stopping: {MESSAGES - 1} claimed messages given back"
    assert any(e["message"] == given_back for e in entries)
    assert any(e["message"].startswith("scheduler stopped") for e in entries)
