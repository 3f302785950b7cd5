"""The weekly regional digest for 50 regions' channels: composing and queuing, then delivering.

The world: 5 workspaces, each with 10 regions linked to 4 channels apiece (200 channels, 50
regional networks), 4,000 profiles a workspace spread over each region's biggest places (one
in ten new this week, a third of those agreeing to be announced), and 12 upcoming events a
region. The app's own wiring (`bot.app.build_services`) runs against a loopback Slack that
throttles chat.postMessage as Slack does: 1 message a second per channel and a cap a minute
for the workspace (a token bucket holding one second's worth), answering 429 with Retry-After.

1. Compose and queue: the weekly job (`DigestService.queue_due`), timed: every channel's
   digest decided and written to the outbox, one transaction per workspace.
2. Deliver: the outbox's drain (as the five-second tick runs it) until every digest is out,
   each composed again from the data as it is when sent. Prints how long that took against
   the least time Slack's limits allow (the ceiling), and the share of the ceiling achieved.

Figures are printed, nothing is asserted. Run it from the repository root:

    python -m benchmarks.digest_regions                       # a temporary SQLite file
    python -m benchmarks.digest_regions --database postgresql://postgres@127.0.0.1/scratch

A PostgreSQL database is a scratch area: the benchmark migrates it and works in workspaces of
its own (T0DIG1 to T0DIG5), whose rows it deletes before and after.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import random
import shutil
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, select

from bot.app import build_services
from bot.clock import SystemClock
from bot.config import Settings
from bot.domain.digest import DIGEST_KIND
from bot.domain.places import Gazetteer
from bot.scheduler import OUTBOX_KEEP_RUNNING
from storage.db import make_engine
from storage.migrate import upgrade
from storage.models import ChannelLinkRow, EventRow, OutboxRow, ProfileRow
from tests.support.fake_slack import FakeSlack, Throttle

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from bot.services.container import Services

POST = "chat.postMessage"
TEAMS = [f"T0DIG{n}" for n in range(1, 6)]
TABLES = (OutboxRow, ChannelLinkRow, EventRow, ProfileRow)


def _normalised(url: str) -> str:
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def clear(engine: Engine) -> None:
    with engine.begin() as connection:
        for table in TABLES:
            connection.execute(delete(table).where(table.team_id.in_(TEAMS)))


def seed(engine: Engine, gazetteer: Gazetteer, args: argparse.Namespace) -> int:
    """The world; returns how many channels get a digest."""
    rng = random.Random(2026)
    now = datetime.now(UTC)
    regions = [region.code for region in gazetteer.regions()][: args.regions]
    places = {code: [p.id for p in gazetteer.places_in_region(code)[:40]] for code in regions}
    channels = 0
    for team in TEAMS[: args.workspaces]:
        profiles, events, links = [], [], []
        for n in range(args.people):
            code = regions[n % len(regions)]
            new = rng.random() < 0.1
            created = now - (
                timedelta(hours=rng.uniform(1, 160)) if new else timedelta(days=rng.uniform(8, 700))
            )
            profiles.append(
                {
                    "team_id": team,
                    "user_id": f"U{team[-1]}{n:07d}",
                    "place_id": rng.choice(places[code]),
                    "organisation": rng.choice(["Home Office", "HMRC", "DWP", "DfE", "MoJ"]),
                    "job_title": rng.choice(["Policy adviser", "Data analyst", "Work coach"]),
                    "search_text": "policy data | home office",
                    "visible": rng.random() < 0.95,
                    "active": True,
                    "created_at": created,
                    "updated_at": created,
                    "confirmed_at": created,
                    "announce_in_digest": new and rng.random() < 0.33,
                }
            )
        for code in regions:
            for k in range(args.events):
                starts = now + timedelta(days=1 + k * 3, hours=rng.randint(0, 8))
                events.append(
                    {
                        "team_id": team,
                        "organiser_id": "U0ORGANISER",
                        "title": f"Meet-up {k + 1} in {code}",
                        "description": "",
                        "starts_at": starts,
                        "ends_at": starts + timedelta(hours=2),
                        "timezone": "Europe/London",
                        "mode": "in_person",
                        "venue": "Town hall",
                        "place_id": rng.choice(places[code]),
                        "region_code": code,
                        "online_url": "",
                        "registration_url": "",
                        "extra_channels": [],
                        "status": "scheduled",
                        "version": 0,
                        "created_at": now - timedelta(days=3),
                        "updated_at": now - timedelta(days=3),
                    }
                )
            for c in range(args.channels):
                links.append(
                    {
                        "team_id": team,
                        "channel_id": f"C{team[-1]}{code}{c:02d}",
                        "region_code": code,
                        "linked_by": "U0ORGANISER",
                        "created_at": now - timedelta(days=30),
                    }
                )
                channels += 1
        with engine.begin() as connection:
            connection.execute(ProfileRow.__table__.insert(), profiles)
            connection.execute(EventRow.__table__.insert(), events)
            connection.execute(ChannelLinkRow.__table__.insert(), links)
    return channels


def unfinished(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(
            connection.scalar(
                select(func.count())
                .select_from(OutboxRow)
                .where(
                    OutboxRow.kind == DIGEST_KIND,
                    OutboxRow.team_id.in_(TEAMS),
                    OutboxRow.status.in_(["pending", "sending"]),
                )
            )
            or 0
        )


def ceiling(count: int, cap: int) -> tuple[float, int, float]:
    """(messages a second, burst, least seconds for `count` posts to `count` channels)."""
    workspace = cap / 60
    rate = min(workspace, count * 1.0)
    burst = max(1, math.floor(workspace))
    return rate, burst, max(0.0, (count - burst) / rate)


def deliver(services: Services, engine: Engine, time_limit: float) -> float:
    started = time.monotonic()
    while unfinished(engine) and time.monotonic() - started < time_limit:
        report = services.outbox.drain_due(keep_running_for=OUTBOX_KEEP_RUNNING)
        if not report.busy:
            time.sleep(0.05)
    return time.monotonic() - started


def run(args: argparse.Namespace, scratch: Path) -> None:
    url = _normalised(args.database) if args.database else f"sqlite:///{scratch / 'digest.db'}"
    where = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
    upgrade(url)
    engine = make_engine(url)
    gazetteer = Gazetteer.load()
    clear(engine)
    t0 = time.monotonic()
    channels = seed(engine, gazetteer, args)
    networks = args.workspaces * args.regions
    print(
        f"\nWorld ({where}): {args.workspaces} workspaces x {args.regions} regions = "
        f"{networks} regional networks, {channels} linked channels, "
        f"{args.workspaces * args.people:,} profiles, {networks * args.events:,} upcoming events "
        f"(seeded in {time.monotonic() - t0:.1f}s)"
    )
    try:
        with FakeSlack(team_id=TEAMS[0]) as fake:
            fake.throttle(
                Throttle(per_channel_per_second=1.0, channel_burst=1, workspace_per_minute=args.cap)
            )
            settings = Settings(
                _env_file=None,
                slack_bot_token="xoxb-digest-bench",  # noqa: S106 - loopback only
                slack_signing_secret="digest-bench-secret",  # noqa: S106 - loopback only
                slack_api_url=fake.base_url,
                database_url=url,
                scheduler_enabled=False,
            )
            services = build_services(
                settings, engine=engine, clock=SystemClock(), gazetteer=gazetteer
            )
            started = time.monotonic()
            decided = services.digest.queue_due()
            composed = time.monotonic() - started
            print(
                f"\n1. Compose and queue: {decided.queued} digests queued, {decided.quiet} "
                f"channels quiet, of {decided.channels} in {composed * 1000:.0f} ms "
                f"({composed * 1000 / max(1, decided.channels):.1f} ms a channel)"
            )
            again = time.monotonic()
            repeat = services.digest.queue_due()
            print(
                f"   the job again (another replica): {repeat.queued} queued, "
                f"{repeat.already} already queued, in {(time.monotonic() - again) * 1000:.0f} ms"
            )
            took = deliver(services, engine, args.time_limit)
            posts = [call for call in fake.calls_to(POST) if not call.failed]
            limited = fake.rate_limited()
            biggest = max((len(call.params.get("blocks") or []) for call in posts), default=0)
        rate, burst, least = ceiling(decided.queued, args.cap)
        share = least / took if took > 0 else 0.0
        print(
            f"\n2. Deliver: {len(posts)} of {decided.queued} posted in {took:.1f}s "
            f"({len(posts) / took if took else 0:.1f} messages/second; 429s answered: "
            f"{limited}; largest digest {biggest} blocks)"
        )
        print(
            f"   Slack's limits (loopback): 1 message/second per channel; workspace cap "
            f"{args.cap:,}/minute, burst {burst} -> ceiling {rate:.1f} messages/second, at "
            f"best {least:.1f}s for {decided.queued}"
        )
        print(f"   share of the ceiling: {share:.1%}")
    finally:
        clear(engine)
        engine.dispose()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.digest_regions",
        description="The weekly regional digest for 50 regions' channels.",
    )
    parser.add_argument("--database", help="a scratch database (default: a temporary SQLite)")
    parser.add_argument("--workspaces", type=int, default=5, choices=range(1, 6))
    parser.add_argument("--regions", type=int, default=10, help="regions a workspace (max 12)")
    parser.add_argument("--channels", type=int, default=4, help="channels linked to each region")
    parser.add_argument("--people", type=int, default=4000, help="profiles a workspace")
    parser.add_argument("--events", type=int, default=12, help="upcoming events a region")
    parser.add_argument(
        "--cap",
        type=int,
        default=1500,
        help="the loopback Slack's workspace cap, messages per minute (default 1,500)",
    )
    parser.add_argument("--time-limit", type=float, default=300.0)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    scratch = Path(tempfile.mkdtemp(prefix="whoswho-digest-bench-"))
    started = time.monotonic()
    print(
        f"Weekly digest benchmark: Python {platform.python_version()}, "
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs"
    )
    try:
        run(args, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"\nTook {time.monotonic() - started:.0f}s.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
