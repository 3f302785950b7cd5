"""Scheduled messages under Slack's limits, and through a sender killed mid-run.

One event's worth of reminders: 2,000 people going, each due a DM at the same moment. Reminders
are DMs, so each goes to its own conversation; the loopback Slack throttles chat.postMessage as
Slack does, to 1 message per second per conversation and a cap per minute for the workspace
(a token bucket holding one second's worth), answering 429 with Retry-After. Every sender is a
separate process running the app's own wiring (`bot.app.build_services`) and its production
scheduler (the five-second drain tick), exactly as `python -m bot` does.

1. Throughput: one sender on SQLite (the embedded default). Prints how long the 2,000 took from
   the moment they fell due, against the least time the throttle allows (the ceiling), and the
   share of the ceiling achieved (target: 90% or more).
2. Crash: two senders on one PostgreSQL; the loopback Slack also answers bursts of 429, some
   5xx before posting and some 5xx after posting (the answer lost, the message posted). When
   about half the messages are out, one sender is killed with SIGKILL (by its pid) and started
   again. Prints the messages lost and duplicated (target: 0 and 0), counted from what the
   loopback Slack received, by the outbox id each message carries.

Figures are printed, nothing is asserted. Everything listens on 127.0.0.1; every child process is
stopped by its pid at the end. Run it from the repository root:

    python -m benchmarks.outbox_delivery --postgres postgresql://postgres@127.0.0.1/scratch
    BENCH_POSTGRES_URL=postgresql://... python -m benchmarks.outbox_delivery
    python -m benchmarks.outbox_delivery            # part 1 only

The PostgreSQL database is a scratch area: the benchmark migrates it and adds its messages to a
workspace of its own (T0BENCH), and deletes them at the end. It refuses a database whose outbox
holds unsent messages of any other workspace (its senders would send them).
"""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, select

from bot.domain.outbox import OutboxStatus
from bot.services import outbox
from storage.db import make_engine, make_session_factory
from storage.migrate import upgrade
from storage.models import OutboxRow
from storage.uow import SqlAlchemyUnitOfWorkFactory
from tests.support.fake_slack import Chaos, FakeSlack, Throttle

if TYPE_CHECKING:
    from sqlalchemy import Engine

ROOT = Path(__file__).resolve().parents[1]
TEAM = "T0BENCH"
POST = "chat.postMessage"
LEAD = 4.0  # seconds between scheduling and the moment everything falls due
LEASE_SECONDS = 15  # short, so the killed sender's claims come back within the run


@dataclass
class Sender:
    name: str
    process: subprocess.Popen[str]
    log: Path


@dataclass
class Senders:
    database_url: str
    slack_url: str
    scratch: Path
    running: list[Sender] = field(default_factory=list)

    def start(self, name: str) -> Sender:
        log = self.scratch / f"{name}.log"
        with log.open("w") as sink:
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "tests.support.outbox_worker",
                    "--database-url",
                    self.database_url,
                    "--slack-url",
                    self.slack_url,
                    "--worker",
                    name,
                    "--scheduler",
                    "--lease-seconds",
                    str(LEASE_SECONDS),
                    "--max-seconds",
                    "240",
                ],
                cwd=ROOT,
                env={**os.environ, "PYTHONPATH": str(ROOT)},
                stdout=sink,
                stderr=subprocess.STDOUT,
                text=True,
            )
        sender = Sender(name, process, log)
        self.running.append(sender)
        return sender

    def wait_ready(self, sender: Sender, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if '"ready": true' in sender.log.read_text():
                return
            if sender.process.poll() is not None:
                raise SystemExit(f"{sender.name} stopped: {sender.log.read_text()[-2000:]}")
            time.sleep(0.1)
        raise SystemExit(f"{sender.name} did not start in {timeout:.0f}s")

    def kill(self, sender: Sender) -> None:
        if sender.process.poll() is None:
            os.kill(sender.process.pid, signal.SIGKILL)
        sender.process.wait(timeout=10)

    def stop_all(self) -> None:
        for sender in self.running:
            if sender.process.poll() is None:
                os.kill(sender.process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 10
        for sender in self.running:
            with contextlib.suppress(subprocess.TimeoutExpired):
                sender.process.wait(timeout=max(0.1, deadline - time.monotonic()))
            if sender.process.poll() is None:
                os.kill(sender.process.pid, signal.SIGKILL)
                sender.process.wait(timeout=10)


# Arranging ------------------------------------------------------------------------------------


def prepare(url: str) -> Engine:
    upgrade(url)
    engine = make_engine(url)
    with engine.begin() as connection:
        others = connection.scalar(
            select(func.count())
            .select_from(OutboxRow)
            .where(
                OutboxRow.team_id != TEAM,
                OutboxRow.status.in_([OutboxStatus.PENDING.value, OutboxStatus.SENDING.value]),
            )
        )
        if others:
            raise SystemExit(
                f"The database's outbox holds {others} unsent messages of other workspaces; "
                "the benchmark's senders would send them. Give it a scratch database."
            )
        connection.execute(delete(OutboxRow).where(OutboxRow.team_id == TEAM))
    return engine


def schedule(engine: Engine, count: int) -> datetime:
    """`count` reminders, DMs to as many people, all due LEAD seconds from now."""
    now = datetime.now(UTC)
    due = now + timedelta(seconds=LEAD)
    messages = [
        outbox.direct_message(
            TEAM,
            f"U{n:07d}",
            f"event:1:reminder:U{n:07d}:1h",
            text_key="directory.status.visible",
            params={"place": "Leeds"},
            due_at=due,
            expires_at=due + timedelta(hours=1),
        )
        for n in range(count)
    ]
    with SqlAlchemyUnitOfWorkFactory(make_session_factory(engine))() as uow:
        outbox.schedule_all(uow, messages, now=now)
        uow.commit()
    return due


def counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(OutboxRow.status, func.count())
            .where(OutboxRow.team_id == TEAM)
            .group_by(OutboxRow.status)
        )
        return {str(status): int(n) for status, n in rows}


def unfinished(engine: Engine) -> int:
    found = counts(engine)
    return found.get("pending", 0) + found.get("sending", 0)


def stranded(engine: Engine, pid: int) -> tuple[int, int]:
    """Messages a (dead) sender holds claims on, and how many of those it was sending."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(OutboxRow.in_doubt).where(
                OutboxRow.team_id == TEAM,
                OutboxRow.status == OutboxStatus.SENDING.value,
                OutboxRow.claimed_by.like(f"%:{pid}/%"),
            )
        ).all()
    return len(rows), sum(1 for (in_doubt,) in rows if in_doubt)


def monotonic_at(moment: datetime) -> float:
    return time.monotonic() + (moment - datetime.now(UTC)).total_seconds()


def throttle_for(cap: int) -> Throttle:
    return Throttle(per_channel_per_second=1.0, channel_burst=1, workspace_per_minute=cap)


def ceiling(count: int, channels: int, cap: int) -> tuple[float, float, float]:
    """(messages a second, burst, least seconds for `count`) the throttle allows."""
    workspace = cap / 60
    rate = min(workspace, channels * 1.0)
    burst = max(1, math.floor(workspace))
    return rate, burst, max(0.0, (count - burst) / rate)


def delivered_posts(fake: FakeSlack) -> list[float]:
    return sorted(call.at for call in fake.calls_to(POST) if not call.failed)


# Part 1 ---------------------------------------------------------------------------------------


def throughput(args: argparse.Namespace, scratch: Path) -> None:
    url = args.throughput_database or f"sqlite:///{scratch / 'throughput.db'}"
    where = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    engine = prepare(url)
    print(f"\n1. Throughput: {args.count:,} reminders due at once, one sender, {where}")
    with FakeSlack(team_id=TEAM) as fake:
        fake.throttle(throttle_for(args.cap))
        senders = Senders(url, fake.base_url, scratch)
        try:
            sender = senders.start("sender-1")
            senders.wait_ready(sender)
            due = schedule(engine, args.count)
            due_at = monotonic_at(due)
            deadline = time.monotonic() + args.time_limit
            while unfinished(engine) and time.monotonic() < deadline:
                time.sleep(0.25)
        finally:
            senders.stop_all()
        posts = delivered_posts(fake)
        deliveries = fake.outbox_deliveries()
        limited = fake.rate_limited()
    final = counts(engine)
    engine.dispose()
    rate, burst, least = ceiling(args.count, args.count, args.cap)
    took = (posts[-1] - due_at) if posts else float("nan")
    share = least / took if posts and took > 0 else 0.0
    print(
        f"   Slack's limits (loopback): 1 message/second per conversation; workspace cap "
        f"{args.cap:,}/minute, burst {burst}"
    )
    print(
        f"   ceiling: {rate:.1f} messages/second ({args.count:,} conversations x 1/s, capped by "
        f"the workspace at {args.cap / 60:.1f}/s) -> at best {least:.1f}s for {args.count:,}"
    )
    first = (posts[0] - due_at) if posts else float("nan")
    print(
        f"   delivered {len(deliveries):,} of {args.count:,} in {took:.1f}s after they fell due "
        f"(the first {first:.2f}s after; {len(posts) / took if took else 0:.1f} "
        f"messages/second); 429s answered: {limited}"
    )
    verdict = "PASS" if share >= 0.9 and len(deliveries) == args.count else "MISS"
    print(f"   share of the ceiling: {share:.1%} (target >= 90%): {verdict}")
    print(f"   outbox afterwards: {final}")


# Part 2 ---------------------------------------------------------------------------------------


def crash(args: argparse.Namespace, scratch: Path, url: str) -> None:
    engine = prepare(url)
    print(
        f"\n2. Crash: {args.count:,} reminders, two senders on one PostgreSQL, one killed with "
        "SIGKILL midway and restarted"
    )
    chaos = Chaos(
        server_error_rate=0.02,
        lost_answer_rate=0.01,
        burst_every=15.0,
        burst_length=2.0,
        seed=2026,
    )
    with FakeSlack(team_id=TEAM) as fake:
        fake.throttle(throttle_for(args.cap))
        senders = Senders(url, fake.base_url, scratch)
        killed_at = restarted_in = float("nan")
        posted_then = held = mid_send = 0
        try:
            first = senders.start("sender-a")
            second = senders.start("sender-b")
            senders.wait_ready(first)
            senders.wait_ready(second)
            fake.chaos(chaos)
            due = schedule(engine, args.count)
            due_at = monotonic_at(due)
            deadline = time.monotonic() + args.time_limit
            while sum(fake.outbox_deliveries().values()) < args.count // 2:
                if time.monotonic() > deadline:
                    break
                time.sleep(0.05)
            senders.kill(first)
            killed_at = time.monotonic() - due_at
            posted_then = sum(fake.outbox_deliveries().values())
            held, mid_send = stranded(engine, first.process.pid)
            started = time.monotonic()
            again = senders.start("sender-a-again")
            senders.wait_ready(again)
            restarted_in = time.monotonic() - started
            while unfinished(engine) and time.monotonic() < deadline:
                time.sleep(0.25)
        finally:
            senders.stop_all()
        posts = delivered_posts(fake)
        deliveries = fake.outbox_deliveries()
        calls = Counter((call.method, call.status) for call in fake.calls)
    with engine.connect() as connection:
        ids = {
            str(row_id)
            for row_id in connection.scalars(select(OutboxRow.id).where(OutboxRow.team_id == TEAM))
        }
    final = counts(engine)
    with engine.begin() as connection:
        connection.execute(delete(OutboxRow).where(OutboxRow.team_id == TEAM))
    engine.dispose()
    lost = len(ids - set(deliveries))
    duplicated = sum(n - 1 for n in deliveries.values() if n > 1)
    took = (posts[-1] - due_at) if posts else float("nan")
    rate, _, least = ceiling(args.count, args.count, args.cap)
    print(
        "   loopback Slack: the same limits, plus a 2s burst of 429s every 15s, 2% of posts "
        "answered 503 before posting, 1% answered 500 after posting (answer lost)"
    )
    print(
        f"   sender-a killed {killed_at:.1f}s after the messages fell due, with {posted_then:,} "
        f"posted, holding claims on {held} messages ({mid_send} of them mid-send); restarted "
        f"and ready in {restarted_in:.1f}s; claims lapse after {LEASE_SECONDS}s"
    )
    print(
        f"   all finished {took:.1f}s after they fell due; posts answered 429: "
        f"{calls[(POST, 429)]}, 5xx: {calls[(POST, 500)] + calls[(POST, 503)]}; "
        f"in-doubt checks (conversations.history): {calls[('conversations.history', 200)]}"
    )
    print(
        f"   against the throttle's ceiling ({rate:.1f} messages/second -> at best {least:.1f}s "
        f"for {args.count:,}): {least / took if posts and took > 0 else 0:.1%} of it, through "
        f"the 429 bursts ({chaos.burst_length:.0f}s of every {chaos.burst_every or 0:.0f}s), the "
        "5xx retries and the killed sender's claims"
    )
    print(
        f"   answers lost after posting: {calls[(POST, 500)]}, each found in Slack by the "
        "in-doubt check rather than posted again"
        if duplicated == 0
        else f"   answers lost after posting: {calls[(POST, 500)]}"
    )
    print(
        f"   lost: {lost} (target 0); duplicated: {duplicated} (target 0); "
        f"{'PASS' if lost == 0 and duplicated == 0 else 'MISS'}"
    )
    print(f"   outbox afterwards: {final}")


# Running it ----------------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.outbox_delivery",
        description="Scheduled messages under Slack's limits, and through a killed sender.",
    )
    parser.add_argument(
        "--postgres",
        default=os.environ.get("BENCH_POSTGRES_URL"),
        help="a scratch PostgreSQL database for the crash run (default: BENCH_POSTGRES_URL)",
    )
    parser.add_argument(
        "--throughput-database",
        help="run part 1 on this database instead of a temporary SQLite file",
    )
    parser.add_argument("--count", type=int, default=2000, help="reminders (default 2,000)")
    parser.add_argument(
        "--cap",
        type=int,
        default=1500,
        help="the loopback Slack's workspace cap, messages per minute (default 1,500)",
    )
    parser.add_argument(
        "--time-limit", type=float, default=130.0, help="seconds each part may take at most"
    )
    return parser


def _normalised(url: str) -> str:
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if args.throughput_database:
        args.throughput_database = _normalised(args.throughput_database)
    scratch = Path(tempfile.mkdtemp(prefix="whoswho-outbox-bench-"))
    started = time.monotonic()
    print(
        f"Scheduled messages benchmark: Python {platform.python_version()}, "
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs"
    )
    try:
        throughput(args, scratch)
        if args.postgres:
            crash(args, scratch, _normalised(args.postgres))
        else:
            print("\n2. Crash: skipped (give --postgres URL or set BENCH_POSTGRES_URL)")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"\nTook {time.monotonic() - started:.0f}s.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
