"""How fast is `/whoswho <place> [topic]` with 100,000 people in the directory?

Fills a database with profiles spread over the UK (places weighted by population, realistic
organisations, professions, job titles and topics), then measures and prints:

1. the directory query alone (`DirectoryService.search_text`), over a mix of big cities, small
   towns and regions, with and without topic words: p50, p95, p99;
2. requests end to end through the production server (`python -m bot`: gunicorn, Bolt's WSGI
   adapter, signing verified), sent as Slack sends them: (a) how long until the POST to
   /slack/events is acknowledged and (b) how long until the result reaches the response_url,
   which is when the person sees it;
3. the same for a no-op Bolt app served the same way (benchmarks/noop_server.py), sent
   alternately with the searches, so each request can be compared with the cost of the stack;
4. the peak memory (VmHWM) of each server.

Targets are printed beside the figures as PASS or MISS; nothing here fails on a slow machine.
Requests go one at a time to 127.0.0.1; a loopback stand-in plays Slack's Web API and hosts
the response_urls. Run it from the repository root:

    python -m benchmarks.directory_search                       # SQLite in a temporary file
    python -m benchmarks.directory_search --postgres postgresql://user@127.0.0.1/scratch
    BENCH_POSTGRES_URL=postgresql://... python -m benchmarks.directory_search
    python -m benchmarks.directory_search --database-url postgresql://...   # that one only

A PostgreSQL database is used as a scratch area: the benchmark migrates it, adds its profiles
to a workspace of its own (T0BENCH) and deletes them again at the end.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import math
import os
import platform
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, func, insert, select, text

from bot.app import build_services
from bot.clock import SystemClock
from bot.config import Settings
from bot.domain.people import Profile
from bot.domain.places import Gazetteer
from bot.domain.reference import GRADES, LANGUAGES, ORGANISATIONS, PROFESSIONS, OpenTo
from bot.i18n import t
from bot.services.directory import SearchResult
from storage.db import make_engine
from storage.migrate import upgrade
from storage.models import ProfileRow
from storage.profile_repository import profile_values
from tests.support.fake_slack import RESPONSE_URL, Call, FakeSlack
from tests.support.slack_client import SlackClient

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from sqlalchemy import Engine

    from bot.domain.places import Place

ROOT = Path(__file__).resolve().parents[1]
TEAM = "T0BENCH"
SEARCHER = "U0SEARCHER"
SIGNING_SECRET = "bench-signing-secret"  # noqa: S105 - shared with a loopback server only
BOT_TOKEN = "xoxb-bench-token"  # noqa: S105 - the loopback Slack accepts any token
INSERT_BATCH = 5_000
WARM_UP = 50
START_TIMEOUT = 60.0
STOP_TIMEOUT = 30.0
RESULT_TIMEOUT = 10.0

QUERY_P95_MS = 20.0
QUERY_P99_MS = 40.0  # for every kind of query, as for all of them together
REQUEST_P99_MS = 100.0
NOOP_FACTOR = 1.5

# What people type after /whoswho, by kind. Each must read as a place or region.
QUERIES: dict[str, tuple[str, ...]] = {
    "big city": (
        "Birmingham",
        "Manchester",
        "Leeds",
        "Glasgow",
        "Bristol",
        "Cardiff",
        "Edinburgh",
        "Belfast",
        "Newcastle",
        "Westminster",
    ),
    "small town": (
        "Hexham",
        "Ludlow",
        "Whitby",
        "Penzance",
        "Wick",
        "Enniskillen",
        "Aberystwyth",
        "Keswick",
        "Stornoway",
        "Bude",
    ),
    "region": ("Yorkshire", "London", "Cymru", "Scotland", "North East", "South West"),
    # ONS areas (by membership) and postcodes (by distance from their centre).
    "area": (
        "Kent",
        "Greater Manchester",
        "West of England",
        "Kensington and Chelsea",
        "North Yorkshire",
        "Sir Benfro",
        "Highland",
        "West Yorkshire",
    ),
    "postcode": ("LS1", "SW1A 2AA", "CF10 3", "EH1", "M1", "BT7", "B", "NE1 4"),
    "with topic": (
        "Leeds data",
        "Manchester policy",
        "Caerdydd digital",
        "Yorkshire data",
        "London user research",
        "Bristol net zero",
        "Glasgow commercial",
        "Hexham coaching",
        "Edinburgh analysis",
        "Birmingham project management",
        "Kent data",
        "Greater Manchester policy",
        "SW1A 2AA user research",
        "LS1 digital",
    ),
}

# Job titles and topics by profession; the rest share GENERAL_TITLES and GENERAL_TOPICS.
TITLES: dict[str, tuple[str, ...]] = {
    "Digital, data and technology": (
        "Data scientist",
        "Data engineer",
        "Software developer",
        "User researcher",
        "Delivery manager",
        "Product manager",
        "Service designer",
        "Content designer",
        "Technical architect",
    ),
    "Policy": ("Policy adviser", "Senior policy adviser", "Head of policy", "Policy officer"),
    "Analysis": ("Analyst", "Senior analyst", "Performance analyst"),
    "Statistics": ("Statistician", "Senior statistician", "Statistical officer"),
    "Economics": ("Economist", "Assistant economist", "Senior economist"),
    "Operational delivery": (
        "Work coach",
        "Case manager",
        "Operations manager",
        "Team leader",
        "Customer service adviser",
        "Border Force officer",
    ),
    "Project delivery": ("Project manager", "Programme manager", "PMO analyst"),
    "Commercial": ("Commercial manager", "Category lead", "Contract manager"),
    "Communications": ("Communications officer", "Press officer", "Head of communications"),
    "Human resources": ("HR business partner", "Recruitment lead", "Learning and development lead"),
    "Finance": ("Finance business partner", "Management accountant", "Budget manager"),
    "Legal": ("Government lawyer", "Senior legal adviser", "Paralegal"),
    "Tax": ("Tax specialist", "Compliance caseworker", "Tax policy adviser"),
    "Social research": ("Social researcher", "Senior research officer"),
    "Science and engineering": ("Scientist", "Engineer", "Chief scientific adviser"),
}
GENERAL_TITLES = ("Officer", "Senior officer", "Adviser", "Manager", "Business support officer")
TOPICS: dict[str, tuple[str, ...]] = {
    "Digital, data and technology": (
        "data",
        "data visualisation",
        "Python",
        "user research",
        "accessibility",
        "agile",
        "cloud",
        "AI",
        "open data",
        "service design",
    ),
    "Policy": (
        "policy making",
        "ministerial briefing",
        "parliamentary questions",
        "legislation",
        "net zero",
        "levelling up",
        "consultations",
    ),
    "Analysis": ("data", "Excel", "modelling", "evaluation", "data visualisation", "R"),
    "Statistics": ("statistics", "survey design", "data", "R", "official statistics"),
    "Economics": ("economics", "cost-benefit analysis", "evaluation", "net zero", "modelling"),
    "Operational delivery": (
        "customer service",
        "casework",
        "continuous improvement",
        "Lean",
        "workforce planning",
    ),
    "Project delivery": ("project management", "risk management", "agile", "PRINCE2"),
    "Commercial": ("procurement", "contract management", "commercial", "negotiation"),
    "Communications": ("communications", "social media", "plain English", "press office"),
    "Human resources": ("recruitment", "wellbeing", "learning and development", "inclusion"),
    "Finance": ("budgets", "business cases", "financial planning", "audit"),
}
GENERAL_TOPICS = (
    "coaching",
    "line management",
    "public speaking",
    "stakeholder engagement",
    "project management",
    "Welsh language",
    "FOI requests",
    "mentoring",
    "writing for GOV.UK",
    "hybrid working",
    "leadership",
    "change management",
)
LOCAL_BODIES = ("{} City Council", "{} Council", "NHS {}", "{} Jobcentre")


@dataclass(frozen=True, slots=True)
class Target:
    label: str  # "SQLite" or "PostgreSQL"
    url: str
    scratch: Path | None  # a temporary folder to remove afterwards


@dataclass
class Figures:
    label: str
    profiles: int
    fill_seconds: float
    queries: dict[str, list[float]] = field(default_factory=dict)  # kind -> ms
    sample_totals: dict[str, int] = field(default_factory=dict)  # query text -> people found
    by_text: dict[str, list[float]] = field(default_factory=dict)  # query text -> ms
    ack: dict[str, list[float]] = field(default_factory=dict)  # "whoswho"/"noop" -> ms
    result: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    memory_kib: dict[str, tuple[int, int]] = field(default_factory=dict)  # all, worker

    def all_queries(self) -> list[float]:
        return [ms for times in self.queries.values() for ms in times]


# Statistics ---------------------------------------------------------------------------------


def percentile(values: Sequence[float], p: float) -> float:
    """The nearest-rank percentile: the smallest value at least p% of the values do not exceed."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


# Profiles -----------------------------------------------------------------------------------


def generate_rows(count: int, gazetteer: Gazetteer, seed: int) -> Iterator[dict[str, Any]]:
    """`count` profiles as rows for the profiles table, the same ones for the same seed."""
    rng = random.Random(seed)
    places = [place for place in gazetteer if place.population > 0]
    homes = rng.choices(places, weights=[place.population for place in places], k=count)
    professions = list(PROFESSIONS)
    # The professions with titles of their own are the big ones.
    profession_weights = [12 if name in TITLES else 2 for name in professions]
    grades = [code for code, _ in GRADES]
    now = datetime.now(UTC)
    for number, home in enumerate(homes, start=1):
        profession = rng.choices(professions, weights=profession_weights)[0]
        created = now - timedelta(days=rng.uniform(0, 700))
        updated = created + (now - created) * rng.random()
        visible = rng.random() > 0.03
        profile = Profile(
            team_id=TEAM,
            user_id=f"U{number:09d}",
            place_id=home.id,
            organisation=_organisation(rng, home),
            job_title=rng.choice(TITLES.get(profession, GENERAL_TITLES)),
            profession=profession,
            grade=rng.choice(grades),
            can_help=_topics(rng, profession, rng.randint(0, 5)),
            want_to_learn=_topics(rng, profession, rng.randint(0, 4)),
            languages=_languages(rng, home),
            open_to=tuple(item for item in OpenTo if rng.random() < 0.4),
            visible=visible,
            active=rng.random() > 0.01,
            hidden_reason=None if visible else "self",
            created_at=created,
            updated_at=updated,
            confirmed_at=updated,
        )
        yield profile_values(profile)


def _organisation(rng: random.Random, home: Place) -> str:
    if rng.random() < 0.2:
        return rng.choice(LOCAL_BODIES).format(home.name)
    return rng.choice(ORGANISATIONS)


def _topics(rng: random.Random, profession: str, count: int) -> tuple[str, ...]:
    pool = TOPICS.get(profession, ()) + GENERAL_TOPICS
    return tuple(dict.fromkeys(rng.choice(pool) for _ in range(count)))


def _languages(rng: random.Random, home: Place) -> tuple[str, ...]:
    spoken = ["English"]
    if home.region_code == "TLL" and rng.random() < 0.25:
        spoken.append("Welsh (Cymraeg)")
    if rng.random() < 0.15:
        spoken.append(rng.choice(LANGUAGES[8:]))
    return tuple(dict.fromkeys(spoken))


def fill(engine: Engine, count: int, gazetteer: Gazetteer, seed: int) -> float:
    """Replace the benchmark workspace's profiles with `count` new ones; seconds taken."""
    started = time.perf_counter()
    table = ProfileRow.__table__
    with engine.begin() as connection:
        connection.execute(delete(table).where(table.c.team_id == TEAM))
    rows = generate_rows(count, gazetteer, seed)
    while batch := list(itertools.islice(rows, INSERT_BATCH)):
        with engine.begin() as connection:
            connection.execute(insert(table), batch)
    if engine.dialect.name == "postgresql":
        # What autovacuum does soon after a bulk load (statistics, visibility map): measure
        # the steady state, not the first minute.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            # The search tallies the triggers kept during the load are read too.
            for name in ("profiles", "profile_place_counts", "profile_terms", "search_terms"):
                connection.execute(text(f"VACUUM ANALYZE {name}"))
    return time.perf_counter() - started


def remove_profiles(engine: Engine) -> None:
    table = ProfileRow.__table__
    with engine.begin() as connection:
        connection.execute(delete(table).where(table.c.team_id == TEAM))


def count_profiles(engine: Engine) -> int:
    with engine.connect() as connection:
        found = connection.scalar(
            select(func.count()).select_from(ProfileRow).where(ProfileRow.team_id == TEAM)
        )
    return int(found or 0)


# The directory query alone ------------------------------------------------------------------


def check_queries(gazetteer: Gazetteer) -> None:
    for text_ in itertools.chain.from_iterable(QUERIES.values()):
        if gazetteer.read_query(text_).kind == "unknown":
            raise SystemExit(f"the benchmark's query {text_!r} does not name a known place")


def query_mix(count: int, seed: int) -> list[tuple[str, str]]:
    """`count` (kind, text) pairs: every kind equally often, texts in a shuffled order."""
    mix = [
        (kind, texts[i % len(texts)])
        for kind, texts in QUERIES.items()
        for i in range(math.ceil(count / len(QUERIES)))
    ]
    random.Random(seed).shuffle(mix)
    return mix[:count]


def time_queries(
    settings: Settings, engine: Engine, count: int, seed: int, figures: Figures
) -> None:
    services = build_services(
        settings, engine=engine, clock=SystemClock(), gazetteer=Gazetteer.load()
    )
    directory = services.directory
    for text_ in itertools.chain.from_iterable(QUERIES.values()):  # warm caches and the pool
        result = directory.search_text(TEAM, text_)
        if not isinstance(result, SearchResult):
            raise SystemExit(f"the benchmark's query {text_!r} found no place")
        figures.sample_totals[text_] = result.total
    for kind, text_ in query_mix(count, seed):
        started = time.perf_counter()
        directory.search_text(TEAM, text_)
        elapsed = (time.perf_counter() - started) * 1000
        figures.queries.setdefault(kind, []).append(elapsed)
        figures.by_text.setdefault(text_, []).append(elapsed)


# Serving ------------------------------------------------------------------------------------


class TimedSlack(FakeSlack):
    """The loopback Slack, noting when each response_url is posted to, and what with.

    (Waiting through FakeSlack.wait_for would rescan every call so far for each request.)
    """

    def __init__(self) -> None:
        super().__init__(team_id=TEAM)
        self.arrived: dict[str, Call] = {}

    def _record(self, call: Call) -> None:
        with self._lock:
            if call.method == RESPONSE_URL:
                self.arrived[str(call.params.get("_path"))] = call
        super()._record(call)

    def arrival(self, path: str, timeout: float) -> Call | None:
        deadline = time.monotonic() + timeout
        with self._lock:
            while path not in self.arrived:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return None
                self._lock.wait(remaining)
            return self.arrived.pop(path)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    """A server run as a child process; stopped by its own pid (and its workers' pids)."""

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
            )
        except OSError:
            self._log.close()
            raise
        self._workers: set[int] = set()

    def wait_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited early:\n{self.log_tail()}")
            with (
                contextlib.suppress(OSError),
                urllib.request.urlopen(f"{self.url}/health", timeout=2) as answer,  # noqa: S310
            ):
                if answer.status == 200:
                    self._workers = set(children(self.process.pid))
                    return
            time.sleep(0.1)
        raise RuntimeError(
            f"{self.name} did not answer within {START_TIMEOUT:.0f}s:\n{self.log_tail()}"
        )

    def peak_memory_kib(self) -> tuple[int, int]:
        """VmHWM of the master and its workers together, and of the biggest worker alone."""
        self._workers |= set(children(self.process.pid))
        master = vm_hwm_kib(self.process.pid)
        workers = [vm_hwm_kib(pid) for pid in self._workers]
        return master + sum(workers), max(workers, default=0)

    def log_tail(self, lines: int = 30) -> str:
        self._log.flush()
        content = self._log_path.read_text(errors="replace").splitlines()
        return "\n".join(content[-lines:])

    def stop(self) -> None:
        """SIGTERM to the master (gunicorn stops its workers), then SIGKILL to any survivor."""
        self._workers |= set(children(self.process.pid))
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        for pid in self._workers:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
        self._log.close()


def children(pid: int) -> list[int]:
    """Process ids whose parent is `pid` (gunicorn's workers)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            stat = (entry / "stat").read_text()
            # pid (comm) state ppid ...: comm may hold spaces, so split after its last ')'.
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def vm_hwm_kib(pid: int) -> int:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def server_env(fake: FakeSlack, database_url: str, port: int) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SLACK_", "DATABASE_", "ORGANISERS"))
    }
    env.update(
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=fake.base_url,
        DATABASE_URL=database_url,
        HOST="127.0.0.1",
        PORT=str(port),
        SCHEDULER_ENABLED="false",
        LOG_LEVEL="WARNING",
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    )
    return env


def time_requests(
    database_url: str, requests: int, seed: int, workdir: Path, figures: Figures
) -> None:
    """Searches and no-ops, alternately, one at a time, each through its own server."""
    with TimedSlack() as fake:
        servers: list[Server] = []
        try:
            for name, module in (("whoswho", "bot"), ("noop", "benchmarks.noop_server")):
                env = server_env(fake, database_url, free_port())
                servers.append(Server(name, module, env, workdir))
            for server in servers:
                server.wait_ready()
            app, noop = servers
            clients = {
                server.name: SlackClient(
                    server.url,
                    SIGNING_SECRET,
                    team_id=TEAM,
                    user_id=SEARCHER,
                    response_url_factory=fake.response_url,
                )
                for server in servers
            }
            texts = [text_ for _, text_ in query_mix(requests + WARM_UP, seed)]
            apology = t("errors.generic", ref="").split(".", 1)[0]  # "Sorry, something went wrong"
            sequence = itertools.count()
            for index, search_text in enumerate(texts):
                for name, command, typed in (
                    ("whoswho", "/whoswho", search_text),
                    ("noop", "/noop", ""),
                ):
                    ack_ms, result_ms, reply = one_request(
                        fake, clients[name], command, typed, f"{name}-{next(sequence)}"
                    )
                    if index < WARM_UP:
                        continue
                    if ack_ms is None or result_ms is None:
                        figures.errors[name] = figures.errors.get(name, 0) + 1
                        continue
                    if apology in str(reply.get("text")):
                        figures.errors["apologies"] = figures.errors.get("apologies", 0) + 1
                    figures.ack.setdefault(name, []).append(ack_ms)
                    figures.result.setdefault(name, []).append(result_ms)
            figures.memory_kib = {
                "whoswho": app.peak_memory_kib(),
                "noop": noop.peak_memory_kib(),
            }
            for server in servers:
                if server.process.poll() is not None:
                    raise RuntimeError(f"{server.name} died:\n{server.log_tail()}")
            figures.errors["Block Kit refused"] = len(fake.violations)
        finally:
            for server in servers:
                server.stop()


def one_request(
    fake: TimedSlack, client: SlackClient, command: str, typed: str, path: str
) -> tuple[float | None, float | None, dict[str, Any]]:
    """Milliseconds until the ack and until the reply reached its response_url; the reply."""
    started = time.monotonic()
    try:
        answer = client.command(command, typed, response_url=fake.response_url(path))
    except OSError:  # urllib's errors included
        return None, None, {}
    acked = time.monotonic()
    if answer.status != 200:
        return None, None, {}
    reply = fake.arrival(path, RESULT_TIMEOUT)
    if reply is None:
        return (acked - started) * 1000, None, {}
    return (acked - started) * 1000, (reply.at - started) * 1000, reply.params


# Running ------------------------------------------------------------------------------------


def targets(args: argparse.Namespace, scratch: Path) -> list[Target]:
    if args.database_url:
        return [Target(_label(args.database_url), args.database_url, None)]
    found = [Target("SQLite", f"sqlite:///{scratch / 'bench.db'}", scratch)]
    postgres = args.postgres or os.environ.get("BENCH_POSTGRES_URL", "").strip()
    if postgres:
        found.append(Target("PostgreSQL", postgres, None))
    return found


def _label(url: str) -> str:
    return "SQLite" if url.startswith("sqlite") else "PostgreSQL"


def settings_for(url: str) -> Settings:
    return Settings(
        _env_file=None,
        slack_bot_token=BOT_TOKEN,
        slack_signing_secret=SIGNING_SECRET,
        database_url=url,
        scheduler_enabled=False,
    )


def run(target: Target, args: argparse.Namespace, workdir: Path) -> Figures:
    settings = settings_for(target.url)
    url = settings.database_url  # normalised as the app does
    print(f"\n== {target.label}: migrating and filling with {args.profiles:,} profiles", flush=True)
    upgrade(url)
    engine = make_engine(url)
    try:
        gazetteer = Gazetteer.load()
        check_queries(gazetteer)
        seconds = fill(engine, args.profiles, gazetteer, args.seed)
        figures = Figures(target.label, count_profiles(engine), seconds)
        print(
            f"   {figures.profiles:,} profiles in {seconds:.1f}s; timing {args.queries:,} "
            "directory queries",
            flush=True,
        )
        time_queries(settings, engine, args.queries, args.seed, figures)
        print(
            f"   sending {args.requests:,} searches and {args.requests:,} no-ops (plus warm-up)",
            flush=True,
        )
        time_requests(url, args.requests, args.seed, workdir, figures)
        print_database(figures)
        return figures
    finally:
        if target.scratch is None:
            remove_profiles(engine)
        engine.dispose()


# Printing -----------------------------------------------------------------------------------


def _ms(value: float) -> str:
    return f"{value:8.1f}" if not math.isnan(value) else "       -"


def print_database(figures: Figures) -> None:
    print(f"\n{figures.label}: directory query alone (ms)")
    print(
        f"  {'queries':<14}{'n':>6}{'p50':>8}{'p95':>8}{'p99':>8}{'max':>8}"
        f"  target p95 < {QUERY_P95_MS:.0f}, p99 < {QUERY_P99_MS:.0f}"
    )
    rows = [(kind, figures.queries.get(kind, [])) for kind in QUERIES]
    rows.append(("all", figures.all_queries()))
    for kind, times in rows:
        p95, p99 = percentile(times, 95), percentile(times, 99)
        print(
            f"  {kind:<14}{len(times):>6}{_ms(percentile(times, 50))}{_ms(p95)}"
            f"{_ms(p99)}{_ms(max(times, default=math.nan))}"
            f"  {verdict(p95 < QUERY_P95_MS and p99 < QUERY_P99_MS) if times else ''}"
        )
    found = ", ".join(f"{q} {n:,}" for q, n in figures.sample_totals.items())
    print(textwrap.fill(f"people found: {found}", 100, initial_indent="  ", subsequent_indent="  "))
    slowest = sorted(figures.by_text.items(), key=lambda item: -percentile(item[1], 50))[:6]
    listed = ", ".join(f"{q} {percentile(times, 50):.1f}" for q, times in slowest)
    print(
        textwrap.fill(
            f"slowest, p50 ms: {listed}", 100, initial_indent="  ", subsequent_indent="  "
        )
    )
    print(f"\n{figures.label}: requests through the HTTP endpoint (ms)")
    print(f"  {'request':<24}{'n':>6}{'p50':>8}{'p95':>8}{'p99':>8}{'max':>8}")
    for name in ("whoswho", "noop"):
        for what, series in (("ack", figures.ack), ("result seen", figures.result)):
            times = series.get(name, [])
            print(
                f"  {name + ' ' + what:<24}{len(times):>6}{_ms(percentile(times, 50))}"
                f"{_ms(percentile(times, 95))}{_ms(percentile(times, 99))}"
                f"{_ms(max(times, default=math.nan))}"
            )


def summary_rows(figures: Figures) -> list[tuple[str, str, str]]:
    """(figure, value, target verdict) for the final table."""
    query_p95 = percentile(figures.all_queries(), 95)
    query_p99 = percentile(figures.all_queries(), 99)
    kinds = [times for times in figures.queries.values() if times]
    worst_p95 = max((percentile(times, 95) for times in kinds), default=math.nan)
    worst_p99 = max((percentile(times, 99) for times in kinds), default=math.nan)
    rows: list[tuple[str, str, str]] = [
        ("profiles", f"{figures.profiles:,}", ""),
        ("fill (s)", f"{figures.fill_seconds:.1f}", ""),
        ("query p50 (ms)", f"{percentile(figures.all_queries(), 50):.1f}", ""),
        (
            "query p95 (ms)",
            f"{query_p95:.1f}",
            f"< {QUERY_P95_MS:.0f} ms {verdict(query_p95 < QUERY_P95_MS)}",
        ),
        (
            "query p99 (ms)",
            f"{query_p99:.1f}",
            f"< {QUERY_P99_MS:.0f} ms {verdict(query_p99 < QUERY_P99_MS)}",
        ),
        (
            "slowest kind p95/p99 (ms)",
            f"{worst_p95:.1f}/{worst_p99:.1f}",
            verdict(worst_p95 < QUERY_P95_MS and worst_p99 < QUERY_P99_MS),
        ),
    ]
    for what, series in (("ack", figures.ack), ("result", figures.result)):
        search, noop = series.get("whoswho", []), series.get("noop", [])
        p99 = percentile(search, 99)
        ratio = percentile(search, 50) / percentile(noop, 50)
        rows += [
            (f"search {what} p50 (ms)", f"{percentile(search, 50):.1f}", ""),
            (
                f"search {what} p99 (ms)",
                f"{p99:.1f}",
                f"< {REQUEST_P99_MS:.0f} ms {verdict(p99 < REQUEST_P99_MS)}",
            ),
            (f"no-op {what} p50 (ms)", f"{percentile(noop, 50):.1f}", ""),
            (f"no-op {what} p99 (ms)", f"{percentile(noop, 99):.1f}", ""),
            (
                f"search/no-op {what} p50",
                f"{ratio:.2f}x",
                f"<= {NOOP_FACTOR}x {verdict(ratio <= NOOP_FACTOR)}",
            ),
        ]
    for name, label in (("whoswho", "server"), ("noop", "no-op server")):
        total, worker = figures.memory_kib.get(name, (0, 0))
        rows.append((f"{label} peak MiB all/worker", f"{total / 1024:.0f}/{worker / 1024:.0f}", ""))
    errors = sum(figures.errors.values())
    detail = ", ".join(f"{k} {v}" for k, v in figures.errors.items() if v)
    rows.append(("errors", str(errors), detail))
    return rows


def print_summary(all_figures: list[Figures], args: argparse.Namespace) -> None:
    print(
        f"\nSummary: {args.profiles:,} profiles, {args.queries:,} queries, {args.requests:,} "
        f"requests per kind, one at a time; {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}; WEB_WORKERS={os.environ.get('WEB_WORKERS', '1')}, "
        f"WEB_THREADS={os.environ.get('WEB_THREADS', '8')}"
    )
    tables = [summary_rows(figures) for figures in all_figures]
    header = f"{'figure':<30}" + "".join(f"{f.label:>14}  {'target':<18}" for f in all_figures)
    print(header)
    print("-" * len(header))
    for lines in zip(*tables, strict=True):
        name = lines[0][0]
        print(f"{name:<30}" + "".join(f"{value:>14}  {check:<18}" for _, value, check in lines))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.directory_search",
        description="Measure /whoswho directory search on SQLite (and PostgreSQL) and print it.",
    )
    parser.add_argument(
        "--database-url", help="benchmark only this database (a scratch one: it is filled)"
    )
    parser.add_argument(
        "--postgres",
        metavar="URL",
        help="also benchmark this scratch PostgreSQL database (default: $BENCH_POSTGRES_URL)",
    )
    parser.add_argument("--profiles", type=int, default=100_000, help="default 100,000")
    parser.add_argument("--queries", type=int, default=2_000, help="directory queries timed")
    parser.add_argument("--requests", type=int, default=2_000, help="requests of each kind")
    parser.add_argument("--seed", type=int, default=2026, help="for the generated profiles")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    # A polite stop (SIGTERM) unwinds like Ctrl-C, so servers and scratch files are cleaned up.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    scratch = Path(tempfile.mkdtemp(prefix="whoswho-bench-"))
    started = time.monotonic()
    try:
        results = [run(target, args, scratch) for target in targets(args, scratch)]
        print_summary(results, args)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"\nTook {time.monotonic() - started:.0f}s.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
