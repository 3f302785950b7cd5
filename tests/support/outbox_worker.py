"""One sender process for tests and benchmarks: the app's own outbox wiring, draining a database
until what it found to send is finished (or a time limit), then printing what it did as one
JSON line.

    python -m tests.support.outbox_worker --database-url URL --slack-url URL --worker NAME

`--scheduler` runs the production scheduler (its five-second drain tick) instead of calling
the drain in a loop. Either way the outbox is built by `bot.app.build_services`, exactly as the
app builds it, so this is the code that runs in production.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from dataclasses import asdict

from bot.app import build_services
from bot.clock import SystemClock
from bot.config import Settings
from bot.domain.outbox import OutboxStatus
from bot.domain.places import Gazetteer
from bot.scheduler import OUTBOX_KEEP_RUNNING, build_scheduler
from storage.db import make_engine


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m tests.support.outbox_worker")
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--slack-url", required=True)
    parser.add_argument("--worker", default="worker")
    parser.add_argument("--max-seconds", type=float, default=120.0)
    parser.add_argument("--lease-seconds", type=int, default=60)
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument("--scheduler", action="store_true", help="run the production tick")
    return parser


def _unfinished(counts: dict[OutboxStatus, int]) -> int:
    return counts.get(OutboxStatus.PENDING, 0) + counts.get(OutboxStatus.SENDING, 0)


def _say(line: dict[str, object]) -> None:
    sys.stdout.write(json.dumps(line) + "\n")
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    settings = Settings(
        _env_file=None,
        slack_bot_token="xoxb-outbox-worker",
        slack_signing_secret="outbox-worker-secret",
        slack_api_url=args.slack_url,
        database_url=args.database_url,
        outbox_lease_seconds=args.lease_seconds,
        outbox_batch=args.batch,
    )
    engine = make_engine(settings.database_url)
    services = build_services(
        settings, engine=engine, clock=SystemClock(), gazetteer=Gazetteer.load()
    )
    _say({"worker": args.worker, "ready": True})
    started = time.monotonic()
    tally: Counter[str] = Counter()
    seen_work = False
    scheduler = None
    if args.scheduler:
        scheduler = build_scheduler(services)  # type: ignore[arg-type]
        scheduler.start()
    try:
        while time.monotonic() - started < args.max_seconds:
            if scheduler is None:
                report = services.outbox.drain_due(keep_running_for=OUTBOX_KEEP_RUNNING)
                tally.update({name: n for name, n in asdict(report).items() if n})
                if not report.busy:
                    time.sleep(0.05)  # what is left waits for a retry, or another sender
            else:
                time.sleep(0.5)
            left = _unfinished(dict(services.outbox.health().counts))
            seen_work = seen_work or left > 0
            if seen_work and not left:
                break  # everything there was to send is finished
    finally:
        if scheduler is not None:
            scheduler.shutdown(wait=True)
        engine.dispose()
    _say({"worker": args.worker, "seconds": round(time.monotonic() - started, 3), **tally})
    return 0


if __name__ == "__main__":
    sys.exit(main())
