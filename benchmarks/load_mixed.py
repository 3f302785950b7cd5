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

With `--rate R` the requests are sent as they fall due instead, R a second on average at random
(an open loop, as people who do not wait for each other send them), each timed from when it was
due.

Prints the requests by kind, and:

- the ack latency as the load generator saw it (from starting to send a request to having its
  HTTP answer) at p50, p95, p99 and max, overall, per kind and per replica; in the closed loop,
  beside what Little's law makes of it (people / throughput);
- the same requests as the replicas timed them (what `whoswho_request_ack_seconds` observes:
  Bolt's dispatch, from the request reaching the app to its answer; each request is sent with
  its own X-Request-Id and each replica writes its acks down, see `serve_replica`), checked
  against the replicas' own histograms, and the rest of the client's time split into before
  the app had the request (waiting for a gunicorn thread, connecting, signing) and after;
- the CPU time the load generator, each replica, the loopback Slack, a PostgreSQL server on this
  machine and everything else used during the run, and the load average before and during it:
  the load generator shares the CPUs with what it measures;
- the errors (answers other than 2xx, requests that failed outright, forms refused, apologies
  posted to a response_url after the ack, Block Kit the loopback Slack refused, error lines in
  the replicas' logs; target: zero); the peak memory (VmHWM) of each replica's gunicorn master
  and workers; and the machine it ran on.

Nothing is asserted.

    python -m benchmarks.load_mixed                      # SQLite in a temporary file
    python -m benchmarks.load_mixed --quick              # a smoke run: 600 requests, 10 users
    python -m benchmarks.load_mixed --rate 100           # 100 requests a second, not flat out
    python -m benchmarks.load_mixed --welsh 0.5          # half read Welsh; bilingual channel
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
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import ThreadingHTTPServer
from importlib import metadata
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from sqlalchemy import delete, select

from benchmarks.directory_search import (
    TEAM,
    Server,
    children,
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
from bot.i18n import LANGUAGES, WELSH, t, use_language
from bot.logs import REQUEST_ID_HEADER
from handlers.ids import ActionId, BlockId, CallbackId, InputId
from storage.db import make_engine
from storage.migrate import upgrade
from storage.models import Base, ChannelLinkRow, EventRow, PersonLanguageRow, RsvpRow
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
    apologies_in = []  # "Sorry, something went wrong", in each language
    for language in LANGUAGES:
        with use_language(language):
            apologies_in.append(t("errors.generic", ref="").split(".", 1)[0])
    # Slack takes every connection: this process's stand-in queues up to 128 at once (rather
    # than the standard library's 5), so a burst of replies is never turned away.
    ThreadingHTTPServer.request_queue_size = 128
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
        if call.method == RESPONSE_URL
        and any(a in json.dumps(call.params, ensure_ascii=False) for a in apologies_in)
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


# A replica that writes down its acks ----------------------------------------------------------


def serve_replica(acks_dir: str) -> int:
    """`python -m bot` (serve), with every request the app times for its
    `whoswho_request_ack_seconds` histogram also written down, one line per request in a file
    per worker in `acks_dir`: the request id, the outcome, the seconds from the request's arrival
    in the app to its answer (as the histogram has them) and the wall-clock time of the answer.
    The benchmark sends each request with its own X-Request-Id, so it can set what the app saw
    beside what the load generator saw. Nothing else about the app changes."""
    from bot import __main__ as bot_main
    from bot import metrics
    from bot.logs import current_request_id

    observe = metrics.observe_request
    files: dict[int, IO[str]] = {}
    lock = threading.Lock()

    def observe_and_write_down(kind: str, outcome: str, seconds: float) -> None:
        observe(kind, outcome, seconds)
        line = f"{current_request_id() or '-'} {kind} {outcome} {seconds:.6f} {time.time():.6f}\n"
        pid = os.getpid()  # gunicorn's workers are forked after this is in place
        with lock:
            out = files.get(pid)
            if out is None:
                out = files[pid] = (Path(acks_dir) / f"acks-{pid}.txt").open("a", buffering=1)
            out.write(line)

    metrics.observe_request = observe_and_write_down
    return bot_main.main(["serve"])


@dataclass(frozen=True)
class ServerAck:
    """One request as a replica timed it."""

    outcome: str
    ms: float  # from its arrival in the app to the app's answer (Bolt's dispatch)
    answered_at: float  # wall clock, seconds


def read_server_acks(directory: Path) -> dict[str, ServerAck]:
    """What `serve_replica` wrote down, by request id."""
    found: dict[str, ServerAck] = {}
    for path in sorted(directory.glob("acks-*.txt")):
        for line in path.read_text().splitlines():
            parts = line.split()
            if len(parts) == 5:
                request_id, _kind, outcome, seconds, answered = parts
                found[request_id] = ServerAck(outcome, float(seconds) * 1000, float(answered))
    return found


def _stop_with_parent() -> None:
    """In the child, before it runs: SIGTERM it if this process dies (Linux), so a replica
    never outlives a benchmark that was killed."""
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


class Replica(Server):
    """`python -m bot` as a child process, as directory_search's Server starts it, with each
    request's server-side ack time written down (`serve_replica`), and also stopped (SIGTERM)
    by the system if this process dies first."""

    def __init__(self, name: str, env: dict[str, str], workdir: Path) -> None:
        self.name = name
        self.port = int(env["PORT"])
        self.url = f"http://127.0.0.1:{self.port}"
        self.acks_dir = workdir / f"{name}-acks"
        self.acks_dir.mkdir()
        self._log_path = workdir / f"{name}.log"
        self._log = self._log_path.open("wb")
        try:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "benchmarks.load_mixed",
                    "--serve-replica",
                    str(self.acks_dir),
                ],
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


def seed_languages(engine: Engine, users: list[str], share: float) -> int:
    """The first `share` of the simulated people read the app in Welsh, and the channel the
    events are announced in is bilingual (Welsh first), so that every announcement update is
    built twice. How many people were made Welsh."""
    welsh = users[: round(len(users) * share)]
    now = datetime.now(UTC)
    with engine.begin() as connection:
        for user in welsh:
            connection.execute(
                PersonLanguageRow.__table__.insert().values(
                    team_id=TEAM, user_id=user, language=WELSH, updated_at=now
                )
            )
        connection.execute(
            ChannelLinkRow.__table__.insert().values(
                team_id=TEAM,
                channel_id=CHANNEL,
                region_code="TLL",
                linked_by=ORGANISER,
                created_at=now,
                language="bilingual",
            )
        )
    return len(welsh)


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
    """Send `request`, with `path` as its request id (X-Request-Id) and in its response_url."""
    headers = {REQUEST_ID_HEADER: path}
    options: dict[str, Any] = {
        "user_id": request.user,
        "timeout": REQUEST_TIMEOUT,
        "headers": headers,
    }
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
        return client.app_home_opened(request.user, timeout=REQUEST_TIMEOUT, headers=headers)
    raise ValueError(f"no such kind of request: {kind}")


@dataclass
class Outcome:
    kind: str
    replica: int
    ms: float  # as the load generator saw it: from starting to send to having the answer
    status: int | None  # None: no HTTP answer at all
    problem: str = ""  # for a 2xx that still says something went wrong
    request_id: str = ""
    started_at: float = 0.0  # wall clock, seconds
    server: ServerAck | None = None  # as the replica timed it (filled in after the run)


@dataclass
class Figures:
    outcomes: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)  # examples
    load_before: tuple[float, float, float] = (0.0, 0.0, 0.0)  # before anything of ours ran
    cpu_before: CpuSample | None = None  # when the clock started
    cpu_after: CpuSample | None = None  # when the last ack came back
    app_histograms: list[tuple[float, float]] = field(default_factory=list)  # count, seconds
    answered_for: list[int] = field(default_factory=list)  # acks given for a late listener
    connections: int | None = None  # PostgreSQL connections opened during the run


# What the machine did during the run ---------------------------------------------------------

LOOPBACK = ("127.0.0.1", "localhost", "::1")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def process_cpu_seconds(pid: int) -> float:
    """User plus system CPU time a process (all its threads) has used, from /proc."""
    with contextlib.suppress(OSError, ValueError, IndexError):
        # pid (comm) state ppid ...: utime and stime are the 14th and 15th fields.
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return 0.0


def machine_cpu_seconds() -> tuple[float, float]:
    """CPU time all CPUs have spent busy, and in all, since boot (/proc/stat)."""
    with contextlib.suppress(OSError, ValueError):
        ticks = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        idle = ticks[3] + (ticks[4] if len(ticks) > 4 else 0)  # idle and iowait
        total = sum(ticks[:8])  # guest time is already counted in user time
        return (total - idle) / CLOCK_TICKS, total / CLOCK_TICKS
    return 0.0, 0.0


def load_average() -> tuple[float, float, float]:
    with contextlib.suppress(OSError, ValueError):
        one, five, fifteen = Path("/proc/loadavg").read_text().split()[:3]
        return float(one), float(five), float(fifteen)
    return 0.0, 0.0, 0.0


@dataclass(frozen=True)
class CpuSample:
    """CPU seconds used so far: by the machine, this process (the load generator), each
    replica (its gunicorn master and workers) and the loopback Slack."""

    at: float  # monotonic
    machine_busy: float
    machine_total: float
    generator: float
    replicas: tuple[float, ...]
    slack: float
    load: tuple[float, float, float]
    database: dict[int, float]  # the PostgreSQL backends serving the benchmark's database, by pid


def database_server_cpu(database: str | None) -> dict[int, float]:
    """CPU seconds of each PostgreSQL backend on this machine connected to `database` (its
    title reads "postgres: ... user database host(port) state")."""
    found: dict[int, float] = {}
    if not database:
        return found
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if (entry / "comm").read_text().strip() != "postgres":
                    continue
                title = (
                    (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                )
                if f" {database} " in title:
                    found[int(entry.name)] = process_cpu_seconds(int(entry.name))
    return found


def sample_cpu(servers: list[Replica], slack: LoopbackSlack, *, postgres: str | None) -> CpuSample:
    mine = os.times()
    busy, total = machine_cpu_seconds()
    return CpuSample(
        at=time.monotonic(),
        machine_busy=busy,
        machine_total=total,
        generator=mine.user + mine.system,
        replicas=tuple(
            sum(process_cpu_seconds(pid) for pid in [s.process.pid, *children(s.process.pid)])
            for s in servers
        ),
        slack=process_cpu_seconds(slack.process.pid),
        load=load_average(),
        database=database_server_cpu(postgres),
    )


def connections_opened(engine: Engine) -> int | None:
    """How many connections PostgreSQL has opened to the benchmark's database so far (its
    statistics count them from version 14); None on SQLite or when it does not say."""
    if engine.dialect.name != "postgresql":
        return None
    try:
        with engine.connect() as connection:
            found = connection.exec_driver_sql(
                "SELECT sessions FROM pg_stat_database WHERE datname = current_database()"
            ).scalar()
    except Exception:  # noqa: BLE001 - an older server: the figure is left out
        return None
    return int(found) if found is not None else None


def app_ack_histogram(url: str) -> tuple[float, float]:
    """The requests a replica's own `whoswho_request_ack_seconds` has counted, and their
    seconds in all, from its GET /metrics (every type of request added up)."""
    count = total = 0.0
    with urllib.request.urlopen(f"{url}/metrics", timeout=10) as answer:  # noqa: S310 - loopback
        for line in answer.read().decode().splitlines():
            if line.startswith("whoswho_request_ack_seconds_count{"):
                count += float(line.rsplit(" ", 1)[1])
            elif line.startswith("whoswho_request_ack_seconds_sum{"):
                total += float(line.rsplit(" ", 1)[1])
    return count, total


def check_answer(request: Planned, answer: Response) -> str:
    """A 2xx answer that still reports a failure: a form refused, or an error in the body."""
    if request.kind != "profile form":
        return ""
    body = answer.json()
    if body.get("response_action") != "update":
        return f"profile form answered {json.dumps(body)[:200]}"
    return ""


def arrival_times(count: int, rate: float, seed: int) -> list[float]:
    """When each request is due, in seconds from the start: `rate` a second on average, with
    the random gaps of independent people (a Poisson process)."""
    rng = random.Random(seed)
    times, now = [], 0.0
    for _ in range(count):
        now += rng.expovariate(rate)
        times.append(now)
    return times


def run_load(
    clients: list[SlackClient],
    slack: LoopbackSlack,
    planned: list[Planned],
    users: int,
    arrivals: list[float] | None = None,
) -> Figures:
    """Send `planned` from `users` threads: each sends its next request as soon as its last
    was answered (a closed loop), or, with `arrivals`, when the request is due (an open loop,
    at most `users` in flight), its time counted from when it was due."""
    figures = Figures()
    taken = itertools.count()
    lock = threading.Lock()
    run_id = f"{os.getpid()}-{int(time.time())}"
    begun = time.perf_counter() + 0.1  # once every thread has started

    def user_loop() -> None:
        mine: list[Outcome] = []
        examples: list[str] = []
        while (index := next(taken)) < len(planned):
            request = planned[index]
            request_id = f"{run_id}-{index}"
            wall, started = time.time(), time.perf_counter()
            if arrivals is not None:
                due = begun + arrivals[index]
                if due > started:
                    time.sleep(due - started)
                now = time.perf_counter()
                wall, started = time.time() - (now - due), due  # a late start counts
            try:
                answer = send(clients[request.replica], slack, request, request_id)
            except OSError as error:  # urllib's errors and timeouts included
                elapsed = (time.perf_counter() - started) * 1000
                mine.append(
                    Outcome(
                        request.kind, request.replica, elapsed, None, str(error), request_id, wall
                    )
                )
                examples.append(f"{request.kind}: {type(error).__name__}: {error}")
                continue
            elapsed = (time.perf_counter() - started) * 1000
            problem = check_answer(request, answer) if 200 <= answer.status < 300 else ""
            mine.append(
                Outcome(
                    request.kind,
                    request.replica,
                    elapsed,
                    answer.status,
                    problem,
                    request_id,
                    wall,
                )
            )
            if not 200 <= answer.status < 300:
                examples.append(f"{request.kind}: HTTP {answer.status} {answer.body[:200]!r}")
            elif problem:
                examples.append(problem)
        with lock:
            figures.outcomes.extend(mine)
            figures.failures.extend(examples)

    threads = [threading.Thread(target=user_loop, name=f"user-{n}") for n in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    figures.seconds = time.perf_counter() - min(begun, time.perf_counter())
    return figures


def warm_up(clients: list[SlackClient], slack: LoopbackSlack, planned: list[Planned]) -> None:
    for index, request in enumerate(planned[: WARM_UP * len(clients)]):
        with contextlib.suppress(OSError):
            send(clients[index % len(clients)], slack, request, f"warm-{index}")


# Running --------------------------------------------------------------------------------------


def replica_env(slack_url: str, database_url: str, port: int, metrics: Path) -> dict[str, str]:
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
        LOG_LEVEL=os.environ.get("LOG_LEVEL", "WARNING"),  # the app's default is INFO
        LOG_FORMAT="text",
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    )
    if int(env.get("WEB_WORKERS", "1")) > 1:  # so GET /metrics adds up every worker's figures
        metrics.mkdir()
        env["PROMETHEUS_MULTIPROC_DIR"] = str(metrics)
    else:
        env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    return env


# What a replica logs when Slack's deadline came before its listener's answer and the app
# answered for the listener (see handlers.slack.middleware.DeadlineAck).
ANSWERED_FOR_LISTENER = "did not answer in time"


def answered_for_listener(log: Path) -> int:
    """How many times a replica answered Slack for a listener that had not answered in time."""
    lines = log.read_text(errors="replace").splitlines() if log.exists() else []
    return sum(1 for line in lines if ANSWERED_FOR_LISTENER in line)


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
    load_before = load_average()
    scratch = Path(tempfile.mkdtemp(prefix="whoswho-load-"))
    given = bool(args.database_url)
    raw_url = args.database_url or f"sqlite:///{scratch / 'load.db'}"
    users = [f"U0LOAD{n:04d}" for n in range(1, args.users + 1)]
    slack = LoopbackSlack(users)
    servers: list[Replica] = []
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
        if args.welsh:
            made = seed_languages(engine, users, args.welsh)
            print(f"{made} of {len(users)} people read Welsh; {CHANNEL} is bilingual", flush=True)
        places = place_ids(gazetteer, HOME_PLACES)
        planned = plan(args.requests, users, event_ids, places, args.seed)

        for number in (1, 2):
            env = replica_env(slack.base_url, url, free_port(), scratch / f"metrics-{number}")
            servers.append(Replica(f"replica-{number}", env, scratch))
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
        histograms = [app_ack_histogram(server.url) for server in servers]
        local = engine.dialect.name == "postgresql" and engine.url.host in LOOPBACK
        postgres = engine.url.database if local else None
        sessions = connections_opened(engine)
        cpu_before = sample_cpu(servers, slack, postgres=postgres)
        arrivals = None if args.rate is None else arrival_times(len(planned), args.rate, args.seed)
        figures = run_load(clients, slack, planned, args.users, arrivals)
        if sessions is not None:
            figures.connections = (connections_opened(engine) or sessions) - sessions
        figures.cpu_before = cpu_before
        figures.cpu_after = sample_cpu(servers, slack, postgres=postgres)
        figures.load_before = load_before
        for before, server in zip(histograms, servers, strict=True):
            after = app_ack_histogram(server.url)
            figures.app_histograms.append((after[0] - before[0], after[1] - before[1]))
        settled = slack.wait_quiet()  # the work after the last acks: replies, Home tabs
        memory = [server.peak_memory_kib() for server in servers]
        alive = [server.process.poll() is None for server in servers]
        for server in servers:
            server.stop()
        acks = {k: v for server in servers for k, v in read_server_acks(server.acks_dir).items()}
        for outcome in figures.outcomes:
            outcome.server = acks.get(outcome.request_id)
        logs = [error_lines(scratch / f"{server.name}.log") for server in servers]
        figures.answered_for = [answered_for_listener(scratch / f"{s.name}.log") for s in servers]
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


def _outside(outcome: Outcome) -> tuple[float, float, float] | None:
    """A request's client-observed time less the app's own, and that split into before the
    app had it and after it answered (from the wall clocks, which the processes share)."""
    if outcome.server is None or outcome.status is None:
        return None
    arrived = outcome.server.answered_at - outcome.server.ms / 1000
    before = max(0.0, (arrived - outcome.started_at) * 1000)
    after = max(0.0, outcome.ms - outcome.server.ms - before)
    return outcome.ms - outcome.server.ms, before, after


def server_row(label: str, outcomes: list[Outcome]) -> str:
    """The app's own ack times, and the rest of the client-observed time (p50, p99)."""
    server = [o.server.ms for o in outcomes if o.server is not None and o.status is not None]
    outside = [found for o in outcomes if (found := _outside(o)) is not None]
    rest, before, after = ([row[i] for row in outside] for i in range(3))
    return (
        f"  {label:<20}{len(server):>8,}{_ms(server, 50)}{_ms(server, 95)}{_ms(server, 99)}"
        f"{_ms(server, 100)} |{_ms(rest, 50)}{_ms(rest, 99)} |{_ms(before, 50)}{_ms(before, 99)}"
        f" |{_ms(after, 50)}{_ms(after, 99)}"
    )


def print_server_side(figures: Figures) -> None:
    outcomes = figures.outcomes
    print(
        "\nAck latency inside the replicas, ms (from the request reaching the app to its answer: "
        "Bolt's dispatch,\nas whoswho_request_ack_seconds times it), and the rest of what the "
        "load generator saw: before the app\nhad the request (building and signing it, "
        "connecting, waiting for a gunicorn thread) and after it\nanswered (the answer written "
        "back, the load generator's thread getting the interpreter back)"
    )
    print(
        f"  {'':<28}{'in the app':^36} |{'the rest':^18} |{'before':^18} |{'after':^18}"
        f"\n  {'kind':<20}{'timed':>8}{'p50':>9}{'p95':>9}{'p99':>9}{'max':>9} |"
        f"{'p50':>9}{'p99':>9} |{'p50':>9}{'p99':>9} |{'p50':>9}{'p99':>9}"
    )
    for kind in MIX:
        print(server_row(kind, [o for o in outcomes if o.kind == kind]))
    print(server_row("all", outcomes))
    for replica in (0, 1):
        print(server_row(f"replica-{replica + 1}", [o for o in outcomes if o.replica == replica]))
    for number, (count, seconds) in enumerate(figures.app_histograms, start=1):
        mine = [o.server.ms for o in outcomes if o.server is not None and o.replica == number - 1]
        mean = seconds / count * 1000 if count else 0.0
        print(
            f"  replica-{number}'s own whoswho_request_ack_seconds over the run: {count:,.0f} "
            f"requests, mean {mean:.1f} ms (written down above: {len(mine):,}, mean "
            f"{sum(mine) / max(1, len(mine)):.1f} ms)"
        )


def print_cpu(figures: Figures) -> None:
    before, after = figures.cpu_before, figures.cpu_after
    if before is None or after is None:
        return
    cpus = os.cpu_count() or 1
    wall = after.at - before.at
    requests = max(1, len(figures.outcomes))
    rows = [("load generator (this process)", after.generator - before.generator)]
    rows += [
        (f"replica-{n}", a - b)
        for n, (a, b) in enumerate(zip(after.replicas, before.replicas, strict=True), start=1)
    ]
    rows.append(("loopback Slack", after.slack - before.slack))
    if after.database:
        used = sum(cpu - before.database.get(pid, 0.0) for pid, cpu in after.database.items())
        rows.append(("PostgreSQL backends still connected", used))
    busy = after.machine_busy - before.machine_busy
    rows.append(("everything else on the machine", max(0.0, busy - sum(t for _, t in rows))))
    print(
        f"\nCPU during the measured run: {wall:.1f}s on {cpus} CPUs = {wall * cpus:.1f} "
        "CPU-seconds to be had"
    )
    print(f"  {'':<34}{'CPU s':>8}{'ms/request':>12}{'of the CPUs':>13}")
    for label, seconds in rows:
        print(
            f"  {label:<34}{seconds:>8.1f}{seconds / requests * 1000:>12.2f}"
            f"{seconds / (wall * cpus) * 100:>12.0f}%"
        )
    print(
        f"  {'the machine, busy':<34}{busy:>8.1f}{busy / requests * 1000:>12.2f}"
        f"{busy / (wall * cpus) * 100:>12.0f}%"
    )
    if figures.connections is not None:
        print(
            f"  PostgreSQL connections opened during the run: {figures.connections:,} (a "
            "backend that came and went is counted in everything else)"
        )
    print(
        "  load average (1, 5, 15 min): "
        f"{' '.join(f'{v:.2f}' for v in figures.load_before)} before anything here started; "
        f"{' '.join(f'{v:.2f}' for v in before.load)} as the clock started; "
        f"{' '.join(f'{v:.2f}' for v in after.load)} at the last ack"
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
    throughput = len(outcomes) / figures.seconds
    print(
        f"\n{len(outcomes):,} requests from {args.users} simulated people to 2 replicas in "
        f"{figures.seconds:.1f}s ({throughput:.0f} requests/second)"
    )
    answered = [o.ms for o in outcomes if o.status is not None]
    mean = sum(answered) / max(1, len(answered))
    if args.rate is None:
        print(
            f"a closed loop: each person sends the next request as soon as the last is "
            f"answered, so the machine runs flat out\nand, on average, a request takes the "
            f"people divided by the throughput (Little's law): {args.users} / "
            f"{throughput:.0f} per second = {args.users / throughput * 1000:.0f} ms; measured "
            f"mean {mean:.0f} ms"
        )
    else:
        print(
            f"an open loop: requests due at {args.rate:g} a second on average, at random "
            f"(as independent people's), at most {args.users} in flight;\neach timed from "
            f"when it was due; mean {mean:.0f} ms"
        )
    print(
        f"the replies, Home tabs and updates that follow the acks had all reached Slack "
        f"{settled:.1f}s after the last ack (no call for the last 1.5s)"
    )
    print(
        "\nAck latency as the load generator saw it, ms (from starting to send the request to "
        "having its answer)"
    )
    print(f"  {'kind':<20}{'requests':>8}{'p50':>9}{'p95':>9}{'p99':>9}{'max':>9}{'errors':>8}")
    for kind in MIX:
        print(latency_row(kind, [o for o in outcomes if o.kind == kind]))
    print(latency_row("all", outcomes))
    for replica in (0, 1):
        print(latency_row(f"replica-{replica + 1}", [o for o in outcomes if o.replica == replica]))
    print_server_side(figures)
    print_cpu(figures)

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
    print(
        "  acks the app gave for a listener that had not answered in time (1 s; forms 2.4 s; "
        f"the person is answered later): {figures.answered_for}"
    )
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
        f"LOG_LEVEL={os.environ.get('LOG_LEVEL', 'WARNING')}, scheduler on; the load "
        "generator, both replicas and the loopback Slack share the CPUs"
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
        "--rate",
        type=float,
        help=(
            "requests a second, arriving at random as independent people's would (an open "
            "loop, at most --users in flight); default: a closed loop, each person sending "
            "the next request as soon as the last was answered"
        ),
    )
    parser.add_argument(
        "--database-url", help="a scratch database both replicas share (default: SQLite file)"
    )
    parser.add_argument("--profiles", type=int, default=5_000, help="seeded (default 5,000)")
    parser.add_argument("--events", type=int, default=40, help="seeded (default 40)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--welsh",
        type=float,
        default=0.0,
        metavar="SHARE",
        help=(
            "the share of people (0 to 1) who read the app in Welsh; with any, the channel "
            "the events are announced in is bilingual (default 0: everyone reads English)"
        ),
    )
    parser.add_argument(
        "--quick", action="store_true", help="a smoke run: 600 requests from 10 people"
    )
    parser.add_argument("--serve-fake-slack", metavar="USERS", help=argparse.SUPPRESS)
    parser.add_argument("--serve-replica", metavar="DIR", help=argparse.SUPPRESS)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.serve_fake_slack is not None:
        return serve_fake_slack([u for u in args.serve_fake_slack.split(",") if u])
    if args.serve_replica is not None:
        return serve_replica(args.serve_replica)
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
