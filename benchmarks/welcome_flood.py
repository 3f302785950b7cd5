"""A workspace import: 5,000 people join a channel linked to a region at once. Does the app
take them all in, and welcome each one exactly once, within Slack's limits and near the least
time those limits allow?

The real app (`python -m bot`: gunicorn, migrations, signing verified, its scheduler ticking
the outbox as in production) is run as a child process on a scratch database, its Web API calls
going to a loopback Slack in this process. That loopback throttles chat.postMessage as Slack
does (1 message a second per conversation, and a cap per minute for the workspace, a token
bucket holding one second's worth), answering 429 with Retry-After. A channel is linked to a
region; then `--count` signed Events API `member_joined_channel` deliveries (one per person, as
Slack sends them) are posted to the app's HTTP endpoint by `--senders` threads.

Prints:
- the listener's side: how long the app took to answer every delivery (each one's ack, p50,
  p99, max), and to have recorded every welcome (the rows the listener writes; nothing else);
- the outbox's side: how long every welcome took to reach Slack, against the throttle's
  ceiling (the least time its limits allow, from the moment the first welcome was queued), the
  share of that ceiling achieved, the 429s Slack answered, and how many people were welcomed
  more than once (target 0) or not at all (target 0).

Nothing is asserted. Everything listens on 127.0.0.1; the app is stopped by its pid.

    python -m benchmarks.welcome_flood                       # 5,000 joins, SQLite
    python -m benchmarks.welcome_flood --count 500 --cap 600 # a quicker run
    python -m benchmarks.welcome_flood --database-url postgresql://postgres@127.0.0.1/scratch

A database given with `--database-url` is a scratch area: it is migrated and the benchmark's
workspace (T0BENCH) is deleted from it at the end; it is refused if its outbox holds unsent
messages of another workspace (the app's scheduler would send them).
"""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import platform
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, select

from benchmarks.directory_search import Server, free_port, percentile
from bot.domain.outbox import OutboxStatus
from bot.domain.welcomes import WELCOME
from storage.db import make_engine
from storage.migrate import upgrade
from storage.models import ChannelLinkRow, OutboxRow, WelcomeRow
from tests.support.fake_slack import FakeSlack, Throttle
from tests.support.slack_client import SlackClient

if TYPE_CHECKING:
    from sqlalchemy import Engine

ROOT = Path(__file__).resolve().parents[1]
TEAM = "T0BENCH"
CHANNEL = "C0IMPORT"
REGION = "TLE"  # Yorkshire and The Humber
SIGNING_SECRET = "flood-signing-secret"  # noqa: S105 - shared with loopback servers only
BOT_TOKEN = "xoxb-flood-token"  # noqa: S105 - the loopback Slack accepts any token
POST = "chat.postMessage"


def person(n: int) -> str:
    return f"U{n:08d}"


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
                "the app's scheduler would send them. Give it a scratch database."
            )
        clean_up(connection)
        connection.execute(
            ChannelLinkRow.__table__.insert().values(
                team_id=TEAM,
                channel_id=CHANNEL,
                region_code=REGION,
                linked_by="U0ORGANISER",
                created_at=datetime.now(UTC),
                welcomes=True,
            )
        )
    return engine


def clean_up(connection: object) -> None:
    for table in (OutboxRow, WelcomeRow, ChannelLinkRow):
        connection.execute(delete(table).where(table.team_id == TEAM))  # type: ignore[attr-defined]


def app_env(slack_url: str, database_url: str, port: int) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SLACK_", "DATABASE_", "ORGANISERS", "PROMETHEUS_"))
    }
    env.update(
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=slack_url,
        DATABASE_URL=database_url,
        HOST="127.0.0.1",
        PORT=str(port),
        SCHEDULER_ENABLED="true",  # as in production: the app's own ticks send the outbox
        LOG_LEVEL=os.environ.get("LOG_LEVEL", "WARNING"),
        LOG_FORMAT="text",
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    )
    return env


def throttle_for(cap: int) -> Throttle:
    return Throttle(per_channel_per_second=1.0, channel_burst=1, workspace_per_minute=cap)


def ceiling(count: int, cap: int) -> tuple[float, int, float]:
    """(messages a second, burst, least seconds for `count`) the throttle allows: each welcome
    is a DM of its own (its own conversation), so the workspace's cap is the limit."""
    workspace = cap / 60
    rate = min(workspace, count * 1.0)
    burst = max(1, math.floor(workspace))
    return rate, burst, max(0.0, (count - burst) / rate)


# Measuring --------------------------------------------------------------------------------------


def flood(client: SlackClient, count: int, senders: int) -> tuple[list[float], list[int]]:
    """Post `count` member_joined_channel deliveries from `senders` threads: each delivery's
    ack time (seconds), and the statuses other than 200."""
    acks: list[float] = []
    refused: list[int] = []
    lock = threading.Lock()
    people = iter(range(count))

    def send() -> None:
        while True:
            with lock:
                n = next(people, None)
            if n is None:
                return
            started = time.monotonic()
            try:
                status = client.event(
                    {
                        "type": "member_joined_channel",
                        "user": person(n),
                        "channel": CHANNEL,
                        "channel_type": "C",
                        "team": TEAM,
                        "event_ts": f"{time.time():.6f}",
                    },
                    timeout=30.0,
                ).status
            except OSError:
                status = 0
            took = time.monotonic() - started
            with lock:
                acks.append(took)
                if status != 200:
                    refused.append(status)

    threads = [threading.Thread(target=send, daemon=True) for _ in range(senders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return acks, refused


def recorded(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(
            connection.scalar(
                select(func.count()).select_from(WelcomeRow).where(WelcomeRow.team_id == TEAM)
            )
            or 0
        )


def first_queued(engine: Engine) -> datetime | None:
    with engine.connect() as connection:
        return connection.scalar(
            select(func.min(OutboxRow.created_at)).where(
                OutboxRow.team_id == TEAM, OutboxRow.kind == WELCOME
            )
        )


def welcomed(fake: FakeSlack) -> Counter[str]:
    """Each person a welcome reached, and how many times."""
    return Counter(
        str(call.params.get("channel"))
        for call in fake.calls_to(POST)
        if not call.failed and call.status == 200
    )


def wait_for(check: object, limit: float, step: float = 0.1) -> bool:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if check():  # type: ignore[operator]
            return True
        time.sleep(step)
    return False


def run(args: argparse.Namespace, scratch: Path) -> None:
    url = args.database_url or f"sqlite:///{scratch / 'flood.db'}"
    where = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    engine = prepare(url)
    count = args.count
    with FakeSlack(team_id=TEAM) as fake:
        fake.throttle(throttle_for(args.cap))
        app = Server("app", "bot", app_env(fake.base_url, url, free_port()), scratch)
        try:
            app.wait_ready()
            client = SlackClient(
                app.url,
                SIGNING_SECRET,
                team_id=TEAM,
                user_id=person(0),
                response_url_factory=fake.response_url,
            )
            print(
                f"\n{count:,} people join one linked channel at once ({where}, "
                f"{args.senders} senders)"
            )
            started = time.monotonic()
            started_at = datetime.now(UTC)
            acks, refused = flood(client, count, args.senders)
            all_acked = time.monotonic() - started
            wait_for(lambda: recorded(engine) >= count, args.time_limit)
            all_recorded = time.monotonic() - started
            recorded_at = time.monotonic()
            rows = recorded(engine)
            queued_at = first_queued(engine) or started_at
            queued = time.monotonic() - (datetime.now(UTC) - queued_at).total_seconds()
            wait_for(lambda: len(welcomed(fake)) >= count, args.time_limit, step=0.25)
            time.sleep(2.0)  # anything sent twice would arrive now
            posts = sorted(
                call.at for call in fake.calls_to(POST) if not call.failed and call.status == 200
            )
            reached = welcomed(fake)
            limited = fake.rate_limited()
        finally:
            errors = [line for line in app.log_tail(2000).splitlines() if "Traceback" in line]
            app.stop()
    with engine.begin() as connection:
        clean_up(connection)
    engine.dispose()

    rate, burst, least = ceiling(count, args.cap)
    took = (posts[-1] - queued) if posts else float("nan")
    share = least / took if posts and took > 0 else 0.0
    twice = sum(1 for n in reached.values() if n > 1)
    never = count - len(reached)
    print("   The listener (member_joined_channel -> a welcome record and an outbox row):")
    print(
        f"   all {len(acks):,} deliveries answered in {all_acked:.1f}s "
        f"({len(acks) / all_acked if all_acked else 0:.0f}/s); ack p50 "
        f"{percentile(acks, 50) * 1000:.0f} ms, p99 {percentile(acks, 99) * 1000:.0f} ms, max "
        f"{max(acks, default=0) * 1000:.0f} ms; not 200: {len(refused)}"
    )
    print(f"   all {rows:,} welcomes recorded {all_recorded:.1f}s after the first delivery")
    print("   The outbox (the app's own scheduler ticks, as in production):")
    print(
        f"   Slack's limits (loopback): 1 message/second per conversation; workspace cap "
        f"{args.cap:,}/minute, burst {burst}"
    )
    print(
        f"   ceiling: {rate:.1f} messages/second -> at best {least:.1f}s for {count:,} welcomes "
        "from the first one queued"
    )
    print(
        f"   delivered {len(reached):,} of {count:,} in {took:.1f}s from the first one queued "
        f"({len(posts) / took if took and took > 0 else 0:.1f} messages/second); 429s "
        f"answered: {limited}"
    )
    first = (posts[0] - queued) if posts else float("nan")
    after = [at for at in posts if at >= recorded_at]
    steady = len(after) / (after[-1] - recorded_at) if len(after) > 1 else float("nan")
    print(
        f"   the first welcome reached Slack {first:.1f}s after it was queued (the outbox's "
        f"tick); once every join was recorded, {steady:.1f} messages/second"
    )
    print(f"   share of the ceiling: {share:.1%}")
    print(f"   welcomed twice: {twice} (target 0); never welcomed: {never} (target 0)")
    if errors:
        print(f"   tracebacks in the app's log: {len(errors)}")


# Running it ----------------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.welcome_flood",
        description="5,000 people join a linked channel at once: welcomes within Slack's limits.",
    )
    parser.add_argument("--count", type=int, default=5000, help="people joining (default 5,000)")
    parser.add_argument(
        "--cap",
        type=int,
        default=1500,
        help="the loopback Slack's workspace cap, messages per minute (default 1,500)",
    )
    parser.add_argument(
        "--senders", type=int, default=16, help="threads posting deliveries (default 16)"
    )
    parser.add_argument(
        "--database-url", help="a scratch database instead of a temporary SQLite file"
    )
    parser.add_argument(
        "--time-limit", type=float, default=600.0, help="seconds each phase may take at most"
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
    if args.database_url:
        args.database_url = _normalised(args.database_url)
    scratch = Path(tempfile.mkdtemp(prefix="whoswho-welcome-flood-"))
    started = time.monotonic()
    print(
        f"Welcome flood benchmark: Python {platform.python_version()}, "
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs"
    )
    try:
        run(args, scratch)
    finally:
        with contextlib.suppress(OSError):
            shutil.rmtree(scratch, ignore_errors=True)
    print(f"\nTook {time.monotonic() - started:.0f}s.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
