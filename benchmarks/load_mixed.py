"""Fifty people at once on two replicas: how fast is each request acknowledged, does anything fail,
and how much memory does each replica take?

Two replicas of the real app (`python -m bot`: gunicorn's threaded workers, migrations, signing
verified) share one database; their Web API calls and every response_url go to a loopback
stand-in for Slack, run as a separate process so it does not share the load generator's
interpreter. The database is seeded with profiles spread over the UK and with upcoming events
announced in a channel. Then `--users` simulated people (threads, 50 by default), each sending
its next request as soon as the last was answered, send `--requests` requests (10,000 by
default) between them, properly signed, alternately to the two replicas:

- `/whoswho <place> [topic]` searches (big cities, small towns, regions, with topic words);
- `/event list [place]`;
- RSVP clicks on real events' buttons (Going, Can't go), which also update the announcement;
- profile form submissions (`view_submission`, acknowledged with the saved notice);
- `/mentoring status`;
- Events API `app_home_opened` (the Home tab is published).

Prints the requests by kind; the ack latency (time from sending the request to its HTTP answer)
at p50, p95 and p99, overall, per kind and per replica; the errors (answers other than 2xx,
requests that failed outright, forms refused, apologies posted to a response_url after the ack,
Block Kit the loopback Slack refused, error lines in the replicas' logs; target: zero); the peak
memory (VmHWM) of each replica's gunicorn master and workers; and the machine it ran on.
Nothing is asserted.

    python -m benchmarks.load_mixed                      # SQLite in a temporary file
    python -m benchmarks.load_mixed --quick              # a smoke run: 600 requests, 10 users
    python -m benchmarks.load_mixed --database-url postgresql://user@127.0.0.1/scratch

SQLite shared by two processes is not how the app is run past one machine (that is PostgreSQL);
it is the default here so the benchmark runs anywhere. A database given with `--database-url` is
a scratch area: the benchmark migrates it, adds its workspace's data (T0BENCH) and deletes that
again at the end. Everything listens on 127.0.0.1; every process started here is stopped by its
own pid (and the loopback Slack also stops by itself when this process goes away).
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import platform
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, select

from benchmarks.directory_search import (
    TEAM,
    Server,
    fill,
    free_port,
    percentile,
    query_mix,
)
from bot.app import build_services
from bot.clock import SystemClock
from bot.config import Settings
from bot.domain.events import EventDraft
from bot.domain.places import Gazetteer
from bot.domain.reference import GRADES, ORGANISATIONS, PROFESSIONS, OpenTo
from bot.i18n import t
from handlers.ids import ActionId, BlockId, CallbackId, InputId
from storage.db import make_engine
from storage.migrate import upgrade
from storage.models import Base, EventRow, RsvpRow
from tests.support.fake_slack import RESPONSE_URL, FakeSlack
from tests.support.slack_client import (
    SlackClient,
    checkboxes_value,
    external_value,
    multi_static_value,
    plain_value,
    static_value,
)

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from tests.support.slack_client import Response

ROOT = Path(__file__).resolve().parents[1]
SIGNING_SECRET = "load-signing-secret"  # noqa: S105 - shared with loopback servers only
BOT_TOKEN = "xoxb-load-token"  # noqa: S105 - the loopback Slack accepts any token
ORGANISER = "U0LOADORG"
CHANNEL = "C0LOAD"  # where the seeded events are announced
REQUEST_TIMEOUT = 10.0  # seconds; a request not answered by then counts as failed
SETTLE_SECONDS = 30.0  # the longest to wait for the work after the last ack to finish
WARM_UP = 20  # requests per replica before the clock starts, not counted

# Kinds of request and how often each is sent (weights).
MIX: dict[str, int] = {
    "search": 35,
    "event list": 10,
    "rsvp": 25,
    "profile form": 12,
    "mentoring status": 6,
    "home opened": 12,
}
EVENT_LIST_PLACES = ("", "Leeds", "Manchester", "Yorkshire", "Wales", "Bristol", "Scotland")
HOME_PLACES = (
    "Leeds",
    "Manchester",
    "Birmingham",
    "Bristol",
    "Cardiff",
    "Glasgow",
    "Newcastle",
    "Norwich",
    "Plymouth",
    "Hexham",
)
JOB_TITLES = ("Analyst", "Work coach", "Policy adviser", "Data engineer", "Case manager")
CAN_HELP = ("data, SQL", "policy writing", "user research, service design", "", "coaching")


# The loopback Slack, as a process of its own --------------------------------------------------


def serve_fake_slack(users: list[str]) -> int:
    """Run the loopback Slack, answering each line on stdin with how many calls it has seen,
    until stdin closes (this process's parent is done, or went away); then print what it saw
    as one line of JSON."""
    apology = t("errors.generic", ref="").split(".", 1)[0]  # "Sorry, something went wrong"
    with FakeSlack(team_id=TEAM) as fake:
        for user in users:
            fake.add_user(user, real_name=f"Person {user}", tz="Europe/London")
        fake.add_user(ORGANISER, real_name="Olu Organiser", is_admin=True)
        print(json.dumps({"base_url": fake.base_url}), flush=True)
        for _ in sys.stdin:  # until EOF
            with fake._lock:
                count = len(fake.calls)
            print(json.dumps({"calls": count}), flush=True)
        with fake._lock:
            calls = list(fake.calls)
            violations = list(fake.violations)
    by_method = Counter(
        f"{call.method} {call.status}{' failed' if call.failed else ''}" for call in calls
    )
    apologies = [
        json.dumps(call.params, ensure_ascii=False)[:300]
        for call in calls
        if call.method == RESPONSE_URL and apology in json.dumps(call.params, ensure_ascii=False)
    ]
    print(
        json.dumps(
            {
                "calls": len(calls),
                "by_method": dict(by_method),
                "violations": violations[:5],
                "violation_count": len(violations),
                "apologies": apologies[:5],
                "apology_count": len(apologies),
            }
        ),
        flush=True,
    )
    return 0


class LoopbackSlack:
    """The loopback Slack's process: started with the people it knows, stopped by closing its
    stdin (it then reports), or by its pid if it does not stop."""

    def __init__(self, users: list[str]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.load_mixed", "--serve-fake-slack", ",".join(users)],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        if self.process.stdin is None or self.process.stdout is None:
            raise RuntimeError("the loopback Slack's pipes were not opened")
        self._to, self._from = self.process.stdin, self.process.stdout
        line = self._read()
        if not line:
            self.process.wait(timeout=10)
            raise SystemExit("the loopback Slack did not start")
        self.base_url: str = json.loads(line)["base_url"]

    def _read(self) -> str:
        return self._from.readline()

    def response_url(self, path: str) -> str:
        return self.base_url.replace("/api/", f"/{RESPONSE_URL}/{path}")

    def calls(self) -> int:
        """How many calls it has seen so far."""
        self._to.write("count\n")
        self._to.flush()
        return int(json.loads(self._read())["calls"])

    def wait_quiet(self, quiet: float = 1.5, limit: float = SETTLE_SECONDS) -> float:
        """Wait until no call has arrived for `quiet` seconds (the work that follows the acks
        is done); the seconds waited."""
        started = time.monotonic()
        last, since = self.calls(), time.monotonic()
        while time.monotonic() - started < limit:
            time.sleep(0.25)
            now = self.calls()
            if now != last:
                last, since = now, time.monotonic()
            elif time.monotonic() - since >= quiet:
                break
        return time.monotonic() - started

    def finish(self) -> dict[str, Any]:
        """Stop it and read its report."""
        self._to.close()
        try:
            report = self._from.read()
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill()
            return {}
        return json.loads(report) if report.strip() else {}

    def kill(self) -> None:
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


def _stop_with_parent() -> None:
    """In the child, before it runs: SIGTERM it if this process dies (Linux), so a replica
    never outlives a benchmark that was killed."""
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


class Replica(Server):
    """`python -m bot` as a child process, as directory_search's Server starts it, and also
    stopped (SIGTERM) by the system if this process dies first."""

    def __init__(self, name: str, module: str, env: dict[str, str], workdir: Path) -> None:
        self.name = name
        self.port = int(env["PORT"])
        self.url = f"http://127.0.0.1:{self.port}"
        self._log_path = workdir / f"{name}.log"
        self._log = self._log_path.open("wb")
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", module],
                cwd=workdir,  # so no stray .env is read
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=self._log,
                stderr=subprocess.STDOUT,
                preexec_fn=_stop_with_parent,  # noqa: PLW1509 - no threads run yet
            )
        except OSError:
            self._log.close()
            raise
        self._workers: set[int] = set()


# Seeding --------------------------------------------------------------------------------------


def settings_for(url: str, slack_url: str) -> Settings:
    return Settings(
        _env_file=None,
        slack_bot_token=BOT_TOKEN,
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=slack_url,
        database_url=url,
        organisers=("*",),  # the seeding organiser needs no admin check
        scheduler_enabled=False,
    )


def place_ids(gazetteer: Gazetteer, names: tuple[str, ...]) -> list[int]:
    found = []
    for name in names:
        place = gazetteer.read_query(name).place
        if place is None:
            raise SystemExit(f"the gazetteer has no {name}")
        found.append(place.id)
    return found


def seed_events(settings: Settings, engine: Engine, gazetteer: Gazetteer, count: int) -> list[int]:
    """`count` upcoming events around the UK, each announced in CHANNEL; their ids."""
    services = build_services(settings, engine=engine, clock=SystemClock(), gazetteer=gazetteer)
    events = services.events
    rng = random.Random(7)
    places = place_ids(gazetteer, HOME_PLACES)
    now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    ids = []
    for number in range(count):
        starts = now + timedelta(days=2 + number % 40, hours=rng.randint(0, 8))
        created = events.create_event(
            TEAM,
            ORGANISER,
            EventDraft(
                title=f"Meet-up {number + 1}",
                starts_at=starts,
                ends_at=starts + timedelta(hours=2),
                venue="The library",
                place_id=places[number % len(places)],
                description="Bring questions.",
                capacity_text=rng.choice(["", "", "30", "200"]),
            ),
        )
        events.record_announcement(TEAM, created.event.id, CHANNEL, f"{time.time():.6f}")
        ids.append(created.event.id)
    return ids


def clean_up(engine: Engine) -> None:
    """Delete everything of the benchmark's workspace from a database it was given."""
    with engine.begin() as connection:
        team_events = select(EventRow.id).where(EventRow.team_id == TEAM)
        connection.execute(delete(RsvpRow).where(RsvpRow.event_id.in_(team_events)))
        for table in reversed(Base.metadata.sorted_tables):
            if "team_id" in table.c:
                connection.execute(delete(table).where(table.c.team_id == TEAM))


# The requests ---------------------------------------------------------------------------------


def profile_form(rng: random.Random, place_id: int) -> dict[str, dict[str, dict[str, Any]]]:
    """A valid profile form, as Slack sends its values in view.state.values."""
    return {
        BlockId.PLACE: {ActionId.PLACE_SELECT: external_value(str(place_id))},
        BlockId.ORGANISATION: {InputId.ORGANISATION: static_value(rng.choice(ORGANISATIONS))},
        BlockId.ORGANISATION_OTHER: {InputId.ORGANISATION_OTHER: plain_value(None)},
        BlockId.JOB_TITLE: {InputId.JOB_TITLE: plain_value(rng.choice(JOB_TITLES))},
        BlockId.PROFESSION: {InputId.PROFESSION: static_value(rng.choice(PROFESSIONS))},
        BlockId.GRADE: {InputId.GRADE: static_value(rng.choice(GRADES)[0])},
        BlockId.CAN_HELP: {InputId.CAN_HELP: plain_value(rng.choice(CAN_HELP) or None)},
        BlockId.WANT_TO_LEARN: {InputId.WANT_TO_LEARN: plain_value("leadership")},
        BlockId.LANGUAGES: {InputId.LANGUAGES: multi_static_value(["English"])},
        BlockId.OPEN_TO: {
            InputId.OPEN_TO: checkboxes_value([o.value for o in OpenTo if rng.random() < 0.5])
        },
    }


@dataclass(frozen=True)
class Planned:
    kind: str
    user: str
    replica: int
    argument: Any = None  # what the kind needs: a search text, a place, an event id, a form


def plan(
    count: int, users: list[str], event_ids: list[int], places: list[int], seed: int
) -> list[Planned]:
    """The requests in the order they are taken, alternating between the two replicas."""
    rng = random.Random(seed)
    kinds = rng.choices(list(MIX), weights=list(MIX.values()), k=count)
    searches = iter(text_ for _, text_ in query_mix(count, seed))
    planned = []
    for index, kind in enumerate(kinds):
        argument: Any = None
        if kind == "search":
            argument = next(searches)
        elif kind == "event list":
            argument = rng.choice(EVENT_LIST_PLACES)
        elif kind == "rsvp":
            argument = (rng.choice(event_ids), rng.random() < 0.7)
        elif kind == "profile form":
            argument = profile_form(rng, rng.choice(places))
        planned.append(Planned(kind, rng.choice(users), index % 2, argument))
    return planned


def send(client: SlackClient, slack: LoopbackSlack, request: Planned, path: str) -> Response:
    options: dict[str, Any] = {"user_id": request.user, "timeout": REQUEST_TIMEOUT}
    kind = request.kind
    if kind == "search":
        url = slack.response_url(path)
        return client.command("/whoswho", request.argument, response_url=url, **options)
    if kind == "event list":
        text_ = f"list {request.argument}".strip()
        return client.command("/event", text_, response_url=slack.response_url(path), **options)
    if kind == "mentoring status":
        url = slack.response_url(path)
        return client.command("/mentoring", "status", response_url=url, **options)
    if kind == "rsvp":
        event_id, going = request.argument
        return client.block_action(
            ActionId.EVENT_GOING if going else ActionId.EVENT_NOT_GOING,
            value=str(event_id),
            response_url=slack.response_url(path),
            **options,
        )
    if kind == "profile form":
        return client.view_submission(CallbackId.PROFILE_SUBMIT, request.argument, **options)
    if kind == "home opened":
        return client.app_home_opened(request.user, timeout=REQUEST_TIMEOUT)
    raise ValueError(f"no such kind of request: {kind}")


@dataclass
class Outcome:
    kind: str
    replica: int
    ms: float
    status: int | None  # None: no HTTP answer at all
    problem: str = ""  # for a 2xx that still says something went wrong


@dataclass
class Figures:
    outcomes: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)  # examples


def check_answer(request: Planned, answer: Response) -> str:
    """A 2xx answer that still reports a failure: a form refused, or an error in the body."""
    if request.kind != "profile form":
        return ""
    body = answer.json()
    if body.get("response_action") != "update":
        return f"profile form answered {json.dumps(body)[:200]}"
    return ""


def run_load(
    clients: list[SlackClient], slack: LoopbackSlack, planned: list[Planned], users: int
) -> Figures:
    figures = Figures()
    taken = itertools.count()
    lock = threading.Lock()
    run_id = f"{os.getpid()}-{int(time.time())}"

    def user_loop() -> None:
        mine: list[Outcome] = []
        examples: list[str] = []
        while (index := next(taken)) < len(planned):
            request = planned[index]
            started = time.perf_counter()
            try:
                answer = send(clients[request.replica], slack, request, f"{run_id}-{index}")
            except OSError as error:  # urllib's errors and timeouts included
                elapsed = (time.perf_counter() - started) * 1000
                mine.append(Outcome(request.kind, request.replica, elapsed, None, str(error)))
                examples.append(f"{request.kind}: {type(error).__name__}: {error}")
                continue
            elapsed = (time.perf_counter() - started) * 1000
            problem = check_answer(request, answer) if 200 <= answer.status < 300 else ""
            mine.append(Outcome(request.kind, request.replica, elapsed, answer.status, problem))
            if not 200 <= answer.status < 300:
                examples.append(f"{request.kind}: HTTP {answer.status} {answer.body[:200]!r}")
            elif problem:
                examples.append(problem)
        with lock:
            figures.outcomes.extend(mine)
            figures.failures.extend(examples)

    threads = [threading.Thread(target=user_loop, name=f"user-{n}") for n in range(users)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    figures.seconds = time.perf_counter() - started
    return figures


def warm_up(clients: list[SlackClient], slack: LoopbackSlack, planned: list[Planned]) -> None:
    for index, request in enumerate(planned[: WARM_UP * len(clients)]):
        with contextlib.suppress(OSError):
            send(clients[index % len(clients)], slack, request, f"warm-{index}")


# Running --------------------------------------------------------------------------------------


def replica_env(slack_url: str, database_url: str, port: int) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SLACK_", "DATABASE_", "ORGANISERS"))
    }
    env.update(
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=slack_url,
        DATABASE_URL=database_url,
        HOST="127.0.0.1",
        PORT=str(port),
        SCHEDULER_ENABLED="true",  # as in production: each replica runs the scheduler's ticks
        LOG_LEVEL="WARNING",
        LOG_FORMAT="text",
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    )
    return env


def error_lines(log: Path) -> list[str]:
    """Lines of a replica's log that report an error or a traceback."""
    lines = log.read_text(errors="replace").splitlines() if log.exists() else []
    return [line for line in lines if "Traceback" in line or " ERROR " in line or "[ERROR]" in line]


def database_label(engine: Engine) -> str:
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            version = connection.exec_driver_sql("SHOW server_version").scalar()
        return f"PostgreSQL {version}"
    import sqlite3

    return f"SQLite {sqlite3.sqlite_version} (one file shared by both replicas)"


def run(args: argparse.Namespace) -> None:
    scratch = Path(tempfile.mkdtemp(prefix="whoswho-load-"))
    given = bool(args.database_url)
    raw_url = args.database_url or f"sqlite:///{scratch / 'load.db'}"
    users = [f"U0LOAD{n:04d}" for n in range(1, args.users + 1)]
    slack = LoopbackSlack(users)
    servers: list[Server] = []
    engine: Engine | None = None
    try:
        settings = settings_for(raw_url, slack.base_url)
        url = settings.database_url  # normalised as the app does
        print(f"Migrating and seeding {args.profiles:,} profiles, {args.events} events", flush=True)
        upgrade(url)
        engine = make_engine(url)
        gazetteer = Gazetteer.load()
        fill(engine, args.profiles, gazetteer, seed=args.seed)
        event_ids = seed_events(settings, engine, gazetteer, args.events)
        places = place_ids(gazetteer, HOME_PLACES)
        planned = plan(args.requests, users, event_ids, places, args.seed)

        for number in (1, 2):
            env = replica_env(slack.base_url, url, free_port())
            servers.append(Replica(f"replica-{number}", "bot", env, scratch))
        for server in servers:
            server.wait_ready()
        counter = itertools.count(int(time.time()) * 1000)  # event ids unique to this run
        clients = []
        for server in servers:
            client = SlackClient(
                server.url,
                SIGNING_SECRET,
                team_id=TEAM,
                user_id=users[0],
                response_url_factory=lambda: slack.response_url("default"),
            )
            client._ids = counter  # one sequence for both: no event_id is sent twice
            clients.append(client)
        warm = plan(WARM_UP * len(servers), users, event_ids, places, args.seed + 1)
        warm_up(clients, slack, warm)
        print(
            f"Sending {args.requests:,} requests from {args.users} simulated people to "
            f"{len(servers)} replicas",
            flush=True,
        )
        figures = run_load(clients, slack, planned, args.users)
        settled = slack.wait_quiet()  # the work after the last acks: replies, Home tabs
        memory = [server.peak_memory_kib() for server in servers]
        alive = [server.process.poll() is None for server in servers]
        for server in servers:
            server.stop()
        logs = [error_lines(scratch / f"{server.name}.log") for server in servers]
        report = slack.finish()
        print_report(args, figures, memory, alive, logs, report, database_label(engine), settled)
    finally:
        for server in servers:
            with contextlib.suppress(Exception):
                server.stop()
        slack.kill()
        if engine is not None:
            if given:
                clean_up(engine)
            engine.dispose()
        shutil.rmtree(scratch, ignore_errors=True)


# Printing -------------------------------------------------------------------------------------


def _ms(values: list[float], p: float) -> str:
    return f"{percentile(values, p):9.1f}" if values else f"{'-':>9}"


def latency_row(label: str, outcomes: list[Outcome]) -> str:
    times = [o.ms for o in outcomes if o.status is not None]
    bad = sum(1 for o in outcomes if o.status is None or not 200 <= o.status < 300 or o.problem)
    return (
        f"  {label:<20}{len(outcomes):>8,}{_ms(times, 50)}{_ms(times, 95)}{_ms(times, 99)}"
        f"{_ms(times, 100)}{bad:>8,}"
    )


def cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def memory_total_mib() -> int:
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) // 1024
    return 0


def print_report(
    args: argparse.Namespace,
    figures: Figures,
    memory: list[tuple[int, int]],
    alive: list[bool],
    logs: list[list[str]],
    report: dict[str, Any],
    database: str,
    settled: float,
) -> None:
    outcomes = figures.outcomes
    print(
        f"\n{len(outcomes):,} requests from {args.users} simulated people to 2 replicas in "
        f"{figures.seconds:.1f}s ({len(outcomes) / figures.seconds:.0f} requests/second)"
    )
    print(
        f"the replies, Home tabs and updates that follow the acks had all reached Slack "
        f"{settled:.1f}s after the last ack (no call for the last 1.5s)"
    )
    print("\nAck latency, ms (from sending the request to its HTTP answer)")
    print(f"  {'kind':<20}{'requests':>8}{'p50':>9}{'p95':>9}{'p99':>9}{'max':>9}{'errors':>8}")
    for kind in MIX:
        print(latency_row(kind, [o for o in outcomes if o.kind == kind]))
    print(latency_row("all", outcomes))
    for replica in (0, 1):
        print(latency_row(f"replica-{replica + 1}", [o for o in outcomes if o.replica == replica]))

    statuses = Counter("no answer" if o.status is None else str(o.status) for o in outcomes)
    refused = sum(1 for o in outcomes if o.problem and o.status is not None)
    by_method = report.get("by_method", {})
    failed_calls = {k: v for k, v in by_method.items() if "failed" in k}
    print("\nErrors (target: zero each)")
    print(f"  HTTP answers by status:        {dict(sorted(statuses.items()))}")
    print(
        f"  no HTTP answer (failed/timed out after {REQUEST_TIMEOUT:.0f}s): "
        f"{statuses.get('no answer', 0)}"
    )
    print(f"  2xx but the form refused:      {refused}")
    print(f"  apologies posted after the ack: {report.get('apology_count', '?')}")
    print(f"  Block Kit refused by Slack:    {report.get('violation_count', '?')}")
    print(f"  Web API calls that failed:     {sum(failed_calls.values())} {failed_calls or ''}")
    print(f"  error lines in replica logs:   {[len(found) for found in logs]}")
    print(f"  replicas still running at the end: {alive}")
    examples = (
        figures.failures[:5]
        + report.get("apologies", [])[:3]
        + report.get("violations", [])[:3]
        + [line for found in logs for line in found][:5]
    )
    for example in examples:
        print(f"    e.g. {example[:300]}")

    print("\nWeb API calls and response_url posts the replicas made (loopback Slack)")
    for name, count in sorted(by_method.items()):
        print(f"  {name:<40}{count:>8,}")

    print("\nPeak memory (VmHWM, MiB)      master + workers   biggest worker")
    for number, (total, biggest) in enumerate(memory, start=1):
        print(f"  replica-{number:<22}{total / 1024:>14.1f}{biggest / 1024:>17.1f}")

    workers = os.environ.get("WEB_WORKERS", "1")
    threads = os.environ.get("WEB_THREADS", "8")
    print("\nMachine and set-up")
    print(f"  CPU: {os.cpu_count()} x {cpu_model()}; memory {memory_total_mib():,} MiB")
    print(
        f"  {platform.system()} {platform.release()} {platform.machine()}; Python "
        f"{platform.python_version()}; gunicorn {metadata.version('gunicorn')}, slack-bolt "
        f"{metadata.version('slack-bolt')}, SQLAlchemy {metadata.version('sqlalchemy')}"
    )
    print(f"  database: {database}")
    print(
        f"  each replica: gunicorn gthread, WEB_WORKERS={workers}, WEB_THREADS={threads}, "
        "scheduler on; the load generator, both replicas and the loopback Slack share the CPUs"
    )
    print(
        f"  seeded: {args.profiles:,} profiles, {args.events} events; mix "
        + ", ".join(f"{kind} {weight}%" for kind, weight in MIX.items())
        + f"; {WARM_UP} warm-up requests per replica not counted; seed {args.seed}"
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.load_mixed",
        description="Mixed load from many people on two replicas: ack latency, errors, memory.",
    )
    parser.add_argument("--requests", type=int, default=10_000, help="default 10,000")
    parser.add_argument("--users", type=int, default=50, help="simulated people (default 50)")
    parser.add_argument(
        "--database-url", help="a scratch database both replicas share (default: SQLite file)"
    )
    parser.add_argument("--profiles", type=int, default=5_000, help="seeded (default 5,000)")
    parser.add_argument("--events", type=int, default=40, help="seeded (default 40)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--quick", action="store_true", help="a smoke run: 600 requests from 10 people"
    )
    parser.add_argument("--serve-fake-slack", metavar="USERS", help=argparse.SUPPRESS)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.serve_fake_slack is not None:
        return serve_fake_slack([u for u in args.serve_fake_slack.split(",") if u])
    if args.quick:
        args.requests, args.users, args.profiles, args.events = 600, 10, 500, 10
    # A polite stop (SIGTERM) unwinds like Ctrl-C, so servers and scratch files are cleaned up.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.monotonic()
    run(args)
    print(f"\nTook {time.monotonic() - started:.0f}s.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
