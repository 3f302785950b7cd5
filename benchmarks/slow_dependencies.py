"""Is every request acknowledged within Slack's 3 seconds when Slack or the database is slow?

The real app (`python -m bot`: gunicorn's threaded worker, migrations, signing verified) runs
as a subprocess on 127.0.0.1 with a fresh SQLite file (or `--database-url`), its Web API calls
and response_urls going to a loopback stand-in for Slack in this process. Then, in turn:

1. **baseline**: nothing is slow;
2. **database stalled**: another connection holds the database's write lock for the whole
   round (SQLite: BEGIN IMMEDIATE; PostgreSQL: every table locked, so reads wait too), and
   lets go only after the last request has been answered;
3. **Slack slow**: every Web API call and every response_url is answered only after
   `--slack-delay` seconds (5 by default), so the work after each ack holds the listeners'
   threads.

Each round sends `-n` requests of each kind (10 by default), interleaved, from `--concurrency`
threads (4), each signed as Slack signs it: a command (`/whoswho Leeds`), an action (a "hide my
profile" click by someone with a profile), a view (a profile form submitted), an event
(`app_home_opened`) and options (the place menu's typeahead). It prints, per round and kind,
the ack latency (from sending the request to its HTTP answer) at p50 and p99 and its maximum,
how many took 3 s or more (target: none), how many people got what they asked for in the end
(the reply, the form's outcome, the Home tab, the menu's choices: after each round the stall
ends, or Slack answers at once again, and the app is left to finish), the answers by status,
and how many the app answered for a listener that had not answered in time (from its log).
Nothing is asserted.

    python -m benchmarks.slow_dependencies
    python -m benchmarks.slow_dependencies -n 20 --slack-delay 5
    python -m benchmarks.slow_dependencies --database-url postgresql://user@127.0.0.1/scratch

A database given is a scratch area: it is migrated and the benchmark's workspace (T0BENCH) is
added to it. Every process started here is stopped by its pid.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import platform
import sqlite3
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text

from benchmarks.directory_search import (
    SIGNING_SECRET,
    TEAM,
    Server,
    fill,
    free_port,
    percentile,
    server_env,
)
from bot.domain.places import Gazetteer
from bot.i18n import t
from handlers.ids import ActionId, BlockId, CallbackId, InputId
from storage.db import make_engine
from storage.migrate import upgrade
from storage.models import Base
from tests.support.fake_slack import FakeSlack
from tests.support.slack_client import (
    Response,
    SlackClient,
    checkboxes_value,
    external_value,
    multi_static_value,
    plain_value,
    static_value,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

KINDS = ("command", "action", "view", "event", "options")
SLACK_LIMIT = 3.0  # seconds Slack waits for an answer
PROFILES = 2_000
REQUEST_TIMEOUT = 15.0  # seconds; a request not answered by then counts as failed
SETTLE_LIMIT = 120.0
ANSWERED_FOR_LISTENER = "listener did not answer in time"
STILL_WORKING = t("errors.still_working")


@dataclass
class Round:
    name: str
    seconds: dict[str, list[float]] = field(default_factory=dict)
    statuses: dict[str, Counter[str]] = field(default_factory=dict)
    answered_for_listener: int = 0
    wall: float = 0.0
    sent: dict[str, list[tuple[str, Response | None]]] = field(default_factory=dict)
    delivered: dict[str, int] = field(default_factory=dict)


def profile_form(place_id: int, number: int) -> dict[str, dict[str, dict[str, object]]]:
    """A valid profile form, as Slack sends its values in view.state.values."""
    return {
        BlockId.PLACE: {ActionId.PLACE_SELECT: external_value(str(place_id), "Leeds")},
        BlockId.ORGANISATION: {InputId.ORGANISATION: static_value("Home Office")},
        BlockId.ORGANISATION_OTHER: {InputId.ORGANISATION_OTHER: plain_value(None)},
        BlockId.JOB_TITLE: {InputId.JOB_TITLE: plain_value(f"Analyst {number}")},
        BlockId.PROFESSION: {InputId.PROFESSION: static_value(None)},
        BlockId.GRADE: {InputId.GRADE: static_value(None)},
        BlockId.CAN_HELP: {InputId.CAN_HELP: plain_value("data, SQL")},
        BlockId.WANT_TO_LEARN: {InputId.WANT_TO_LEARN: plain_value(None)},
        BlockId.LANGUAGES: {InputId.LANGUAGES: multi_static_value(["English"])},
        BlockId.OPEN_TO: {InputId.OPEN_TO: checkboxes_value(["coffee"])},
    }


class Traffic:
    """Each kind of request, from a person of its own each time."""

    def __init__(self, slack: SlackClient, fake: FakeSlack, place_id: int) -> None:
        self._slack = slack
        self._fake = fake
        self._place_id = place_id
        self._people = itertools.count(1)
        self._with_profiles: list[str] = []
        self._lock = threading.Lock()

    def person(self) -> str:
        user = f"U0SLOW{next(self._people):05d}"
        self._fake.add_user(user, team_id=TEAM, real_name=f"Person {user}")
        return user

    def prepare(self, count: int) -> None:
        """`count` people with a profile (made by submitting the form), to click "hide"."""
        for _ in range(count):
            user = self.person()
            if self.send("view", user).status != 200:
                raise SystemExit("a profile form was refused while preparing")
            self._with_profiles.append(user)

    def user_for(self, kind: str) -> str:
        if kind == "action":
            with self._lock:
                if self._with_profiles:
                    return self._with_profiles.pop()
        return self.person()

    def send(self, kind: str, user: str | None = None) -> Response:
        user = user or self.person()
        options: dict[str, object] = {"user_id": user, "timeout": REQUEST_TIMEOUT}
        url = self._fake.response_url(f"{kind}-{user}")
        if kind == "command":
            return self._slack.command("/whoswho", "Leeds", response_url=url, **options)
        if kind == "action":
            return self._slack.block_action(ActionId.PROFILE_HIDE, response_url=url, **options)
        if kind == "view":
            form = profile_form(self._place_id, int(user[-5:]))
            return self._slack.view_submission(
                CallbackId.PROFILE_SUBMIT, form, view_id=f"V{user}", **options
            )
        if kind == "event":
            return self._slack.app_home_opened(user, timeout=REQUEST_TIMEOUT)
        if kind == "options":
            return self._slack.block_suggestion(ActionId.PLACE_SELECT, "Lee", **options)
        raise ValueError(kind)


@contextlib.contextmanager
def database_stalled(url: str) -> Iterator[None]:
    """Another connection holds the write lock (PostgreSQL: every table) until the end."""
    if url.startswith("sqlite"):
        holder = sqlite3.connect(url.removeprefix("sqlite:///"), timeout=30, isolation_level=None)
        try:
            holder.execute("BEGIN IMMEDIATE")
            yield
            holder.execute("ROLLBACK")
        finally:
            holder.close()
        return
    engine = make_engine(url)
    tables = ", ".join(f'"{table.name}"' for table in Base.metadata.sorted_tables)
    try:
        with engine.connect() as connection:
            transaction = connection.begin()
            connection.execute(text(f"LOCK TABLE {tables} IN ACCESS EXCLUSIVE MODE"))
            try:
                yield
            finally:
                transaction.rollback()
    finally:
        engine.dispose()


def run_round(
    name: str, traffic: Traffic, n: int, concurrency: int, server: Server, log: Path
) -> Round:
    figures = Round(name, {kind: [] for kind in KINDS}, {kind: Counter() for kind in KINDS})
    before = log.read_text(errors="replace").count(ANSWERED_FOR_LISTENER) if log.exists() else 0
    jobs = [kind for _ in range(n) for kind in KINDS]
    lock = threading.Lock()

    def one(kind: str) -> None:
        user = traffic.user_for(kind)
        answer: Response | None = None
        started = time.perf_counter()
        try:
            answer = traffic.send(kind, user)
            status = str(answer.status)
        except OSError as error:  # urllib's errors and timeouts included
            status = type(error).__name__
        seconds = time.perf_counter() - started
        with lock:
            figures.seconds[kind].append(seconds)
            figures.statuses[kind][status] += 1
            figures.sent.setdefault(kind, []).append((user, answer))

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(one, jobs))
    figures.wall = time.perf_counter() - started
    server.log_tail(1)  # flushes the log
    after = log.read_text(errors="replace").count(ANSWERED_FOR_LISTENER) if log.exists() else 0
    figures.answered_for_listener = after - before
    return figures


def count_delivered(figures: Round, fake: FakeSlack) -> None:
    """How many people got what they asked for, in the answer or after it: the reply at the
    response_url (command, action), the form's window showing the result (view), the Home
    tab published (event), the menu's choices (options)."""
    with fake._lock:
        calls = list(fake.calls)
    replied = {call.params.get("_path") for call in calls if call.method == "response_url"}
    updated = {call.params.get("view_id") for call in calls if call.method == "views.update"}
    published = {call.params.get("user_id") for call in calls if call.method == "views.publish"}
    for kind, sent in figures.sent.items():
        got = 0
        for user, answer in sent:
            body = answer.json() if answer is not None and answer.status == 200 else {}
            if kind in ("command", "action"):
                got += f"{kind}-{user}" in replied
            elif kind == "view":
                shown = json.dumps(body.get("view") or {})
                got += bool(body) and (STILL_WORKING not in shown or f"V{user}" in updated)
            elif kind == "event":
                got += user in published
            else:
                got += bool(body.get("options"))
        figures.delivered[kind] = got


def settle(fake: FakeSlack, quiet: float = 2.0, limit: float = SETTLE_LIMIT) -> float:
    """Wait until the loopback Slack has seen no call for `quiet` seconds (the work after the
    acks is done), at most `limit`; the seconds waited."""
    started = time.monotonic()
    seen, since = len(fake.calls), time.monotonic()
    while time.monotonic() - started < limit:
        time.sleep(0.2)
        if len(fake.calls) != seen or sum(fake.held.values()):
            seen, since = len(fake.calls), time.monotonic()
        elif time.monotonic() - since >= quiet:
            break
    return time.monotonic() - started


def report(rounds: list[Round], n: int, concurrency: int, slack_delay: float, db: str) -> None:
    print()
    print(
        f"Ack latency, {n} requests of each kind a round from {concurrency} threads "
        f"({db}; Slack slowed to {slack_delay:g} s a call in its round)"
    )
    header = (
        f"{'round':18} {'kind':8} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'>=3s':>5} "
        f"{'result':>7}  answers"
    )
    print(header)
    print("-" * len(header))
    for figures in rounds:
        for kind in KINDS:
            values = figures.seconds[kind]
            over = sum(1 for value in values if value >= SLACK_LIMIT)
            answers = ", ".join(
                f"{status}: {count}" for status, count in sorted(figures.statuses[kind].items())
            )
            print(
                f"{figures.name:18} {kind:8} {percentile(values, 50) * 1000:8.0f} "
                f"{percentile(values, 99) * 1000:8.0f} {max(values, default=0) * 1000:8.0f} "
                f"{over:5d} {figures.delivered.get(kind, 0):3d}/{len(values):<3d}  {answers}"
            )
        print(
            f"{figures.name:18} answered for a listener that had not answered in time: "
            f"{figures.answered_for_listener}; round took {figures.wall:.1f} s"
        )
        print()
    worst = max((max(r.seconds[k], default=0) for r in rounds for k in KINDS), default=0)
    print(
        "result: how many people got what they asked for, in the answer or after it (the "
        "reply, the form's outcome, the Home tab, the menu's choices)"
    )
    print(
        f"Slowest ack of all: {worst * 1000:.0f} ms "
        f"({'within' if worst < SLACK_LIMIT else 'OVER'} Slack's {SLACK_LIMIT:g} s)"
    )
    print(
        f"Machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    )


def run(args: argparse.Namespace, scratch: Path) -> None:
    raw_url = args.database_url or f"sqlite:///{scratch / 'slow.db'}"
    url = raw_url
    if url.startswith(("postgres://", "postgresql://")):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    upgrade(url)
    engine = make_engine(url)
    gazetteer = Gazetteer.load()
    try:
        fill(engine, PROFILES, gazetteer, seed=7)
    finally:
        engine.dispose()
    place = gazetteer.read_query("Leeds").place
    if place is None:
        raise SystemExit("the gazetteer has no Leeds")
    db = "PostgreSQL" if url.startswith("postgresql") else "SQLite"

    with FakeSlack(team_id=TEAM) as fake:
        server = Server("whoswho", "bot", server_env(fake, raw_url, free_port()), scratch)
        try:
            server.wait_ready()
            slack = SlackClient(
                server.url,
                SIGNING_SECRET,
                team_id=TEAM,
                user_id="U0SLOW00000",
                response_url_factory=fake.response_url,
            )
            traffic = Traffic(slack, fake, place.id)
            log = scratch / "whoswho.log"
            for kind in KINDS:  # warm up: every path loaded once
                traffic.send(kind)
            traffic.prepare(3 * args.n)
            settle(fake, quiet=1.0)
            rounds: list[Round] = []

            print("Round 1: baseline", flush=True)
            rounds.append(run_round("baseline", traffic, args.n, args.concurrency, server, log))
            settle(fake, quiet=1.0)
            count_delivered(rounds[-1], fake)

            print("Round 2: database stalled", flush=True)
            with database_stalled(url):
                rounds.append(
                    run_round("database stalled", traffic, args.n, args.concurrency, server, log)
                )
            waited = settle(fake)
            count_delivered(rounds[-1], fake)
            print(f"  the work held up by the stall was done {waited:.1f} s after it ended")

            print(f"Round 3: Slack slow ({args.slack_delay:g} s a call)", flush=True)
            fake.slow("*", args.slack_delay)
            try:
                rounds.append(
                    run_round("Slack slow", traffic, args.n, args.concurrency, server, log)
                )
            finally:
                fake.release()
            waited = settle(fake)
            count_delivered(rounds[-1], fake)
            print(
                f"  Slack answered at once again after the round; the work it had held up was "
                f"done {waited:.1f} s later"
            )
            report(rounds, args.n, args.concurrency, args.slack_delay, db)
        finally:
            fake.release()
            server.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=10, help="requests of each kind a round")
    parser.add_argument("--concurrency", type=int, default=4, help="threads sending requests")
    parser.add_argument("--slack-delay", type=float, default=5.0, help="seconds a Slack call takes")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_POSTGRES_URL"),
        help="a scratch PostgreSQL database (default: a fresh SQLite file)",
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="slow-deps-") as folder:
        run(args, Path(folder))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
