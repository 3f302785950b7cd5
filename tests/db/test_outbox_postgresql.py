"""The outbox on PostgreSQL, where several replicas share one database.

Claims in the cosmicpython manner (threads released together, each with its own engine, as two
replicas would be), SKIP LOCKED seen directly, the claim query on its index, and then the real
thing: two sender processes on one database and one loopback Slack that misbehaves, and every
message delivered exactly once.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from bot.domain.outbox import OutboxStatus
from bot.services import outbox
from storage.db import make_engine, make_session_factory
from storage.uow import SqlAlchemyUnitOfWorkFactory
from tests.support.fake_slack import Chaos, FakeSlack, Throttle

pytestmark = pytest.mark.postgresql

ROOT = Path(__file__).resolve().parents[2]
TEAM = "T0001"
LEASE = timedelta(seconds=60)
JOIN_TIMEOUT = 60.0  # seconds: a bound on waiting, not a claim about speed


def uow_on(engine: Engine) -> SqlAlchemyUnitOfWorkFactory:
    return SqlAlchemyUnitOfWorkFactory(make_session_factory(engine))


def schedule(engine: Engine, count: int, due_at: datetime) -> None:
    with uow_on(engine)() as uow:
        outbox.schedule_all(
            uow,
            [
                outbox.direct_message(
                    TEAM, f"U{n:05d}", f"m:{n}", text_key="nudge.hidden", due_at=due_at
                )
                for n in range(count)
            ],
            now=due_at,
        )
        uow.commit()


@pytest.fixture
def second_engine(database_url: str):
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


def test_two_workers_claiming_at_once_never_take_the_same_row(engine, second_engine, clock):
    schedule(engine, 200, clock.now())
    barrier = threading.Barrier(2)
    taken: list[list[int]] = [[], []]

    def claim_all(index: int, on: Engine) -> None:
        barrier.wait(timeout=JOIN_TIMEOUT)
        while True:
            with uow_on(on)() as uow:
                batch = uow.outbox.claim_due(
                    now=clock.now(),
                    limit=7,
                    lease_until=clock.now() + LEASE,
                    worker=f"w{index}/{len(taken[index])}",
                )
                uow.commit()
            if not batch:
                return
            taken[index].extend(message.id for message in batch)

    threads = [
        threading.Thread(target=claim_all, args=(0, engine)),
        threading.Thread(target=claim_all, args=(1, second_engine)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=JOIN_TIMEOUT)

    assert not any(thread.is_alive() for thread in threads)
    assert taken[0]
    assert taken[1]  # both got work: neither waited for the other's locks
    assert not set(taken[0]) & set(taken[1])
    assert len(taken[0]) + len(taken[1]) == 200


def test_a_claim_skips_rows_another_transaction_has_locked_instead_of_waiting(
    engine, database_url, clock
):
    schedule(engine, 10, clock.now())
    # Were the second claim to wait for the first's locks, it would fail after a second.
    impatient = make_engine(database_url, connect_args={"options": "-c lock_timeout=1000"})
    try:
        with uow_on(engine)() as holder:
            held = holder.outbox.claim_due(
                now=clock.now(), limit=4, lease_until=clock.now() + LEASE, worker="holder"
            )  # not committed yet: its rows stay locked
            with uow_on(impatient)() as other:
                got = other.outbox.claim_due(
                    now=clock.now(), limit=10, lease_until=clock.now() + LEASE, worker="other"
                )
                other.commit()
            holder.commit()
    finally:
        impatient.dispose()
    assert len(held) == 4
    assert len(got) == 6
    assert not {m.id for m in held} & {m.id for m in got}


def test_the_claim_query_reads_its_partial_index(engine, clock):
    schedule(engine, 50, clock.now())
    with engine.begin() as connection:
        connection.execute(text("SET LOCAL enable_seqscan = off"))
        plan = "\n".join(
            row[0]
            for row in connection.execute(
                text(
                    "EXPLAIN SELECT id FROM outbox WHERE status IN ('pending', 'sending') "
                    "AND available_at <= now() ORDER BY available_at, id LIMIT 50 "
                    "FOR UPDATE SKIP LOCKED"
                )
            )
        )
    assert "ix_outbox_claimable" in plan


# Two processes -------------------------------------------------------------------------------


def start_sender(database_url: str, slack_url: str, name: str) -> subprocess.Popen[str]:
    return subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [
            sys.executable,
            "-m",
            "tests.support.outbox_worker",
            "--database-url",
            database_url,
            "--slack-url",
            slack_url,
            "--worker",
            name,
            "--max-seconds",
            "240",
            "--batch",
            "20",
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def stop(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def test_two_processes_on_one_database_send_each_of_300_due_messages_exactly_once(
    engine, database_url
):
    schedule(engine, 300, datetime.now(UTC))
    with FakeSlack() as fake:
        fake.throttle(Throttle(per_channel_per_second=1, workspace_per_minute=12_000))
        fake.chaos(
            Chaos(
                server_error_rate=0.03,
                lost_answer_rate=0.03,
                burst_every=2.0,
                burst_length=0.2,
                seed=11,
            )
        )
        # The bursts above depend on timing; these 429s come whatever the timing.
        fake.fail_next("chat.postMessage", status=429, retry_after=1, times=5)
        senders = [start_sender(database_url, fake.base_url, f"sender-{n}") for n in (1, 2)]
        try:
            outputs = [sender.communicate(timeout=300) for sender in senders]
        finally:
            for sender in senders:
                stop(sender)
        deliveries = fake.outbox_deliveries()
        rate_limited = fake.rate_limited()

    reports = [json.loads(out.strip().splitlines()[-1]) for out, _ in outputs]
    assert [sender.returncode for sender in senders] == [0, 0], [err for _, err in outputs]
    with uow_on(engine)() as uow:
        counts = uow.outbox.counts()
    assert counts == {OutboxStatus.SENT: 300}
    assert len(deliveries) == 300
    assert set(deliveries.values()) == {1}  # nothing lost, nothing twice
    assert all(report.get("sent", 0) > 0 for report in reports)  # both did real work
    assert rate_limited > 0  # and Slack did push back
