"""Forged, unsigned and replayed requests: all refused (401), nothing changed.

The real app (`python -m bot`: gunicorn, migrations, two workers) runs as a subprocess on
127.0.0.1 with a fresh SQLite file (or `--database-url`), its Web API calls going to a loopback
stand-in for Slack. A person's profile is made first with a genuine, signed form submission.
Then N of each hostile request is sent, for each kind of request that would change something if
it were accepted:

- command: `/whoswho forget` (would answer at the response_url);
- action: the "yes, erase me" button (would erase the person);
- view: the profile form submitted for them (would change their profile);
- event: `user_change` saying they left (would hide them from search);

and each in five variants: forged (signed with a wrong secret), tampered (a genuine signature
of another body), unsigned (no signature), replayed (a genuinely signed request captured 5
minutes and 1 second ago) and replayed an hour later.

Prints the answers by status for each (target: all 401), whether any table changed (every row
of every table compared before and after; target: none) and how many Web API calls the loopback
Slack saw meanwhile (target: 0); then the same four requests genuinely signed, which must
succeed and change what they change (so the hostile ones were not harmless by accident), and the
app's own count of refused requests from `GET /metrics`. Exit status 0 when all of that holds.

    python -m benchmarks.hostile_requests                 # N = 100 of each
    python -m benchmarks.hostile_requests -n 500 --database-url postgresql://.../scratch

A PostgreSQL database given is a scratch area: it is migrated and the benchmark's workspace
(T0HOSTILE) is added to it. Every process started here is stopped by its pid.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from slack_sdk.signature import SignatureVerifier
from sqlalchemy import Engine, select

from bot.domain.places import Gazetteer
from handlers.ids import ActionId, BlockId, CallbackId, InputId
from storage.db import make_engine
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
    from collections.abc import Callable

ROOT = Path(__file__).resolve().parents[1]
TEAM = "T0HOSTILE"
VICTIM = "U0VICTIM"
KINDS = ("command", "action", "view", "event")
VARIANTS = ("forged", "tampered", "unsigned", "replayed", "replayed_1h")
STALE = 5 * 60 + 1  # seconds: just past Slack's five minutes
START_TIMEOUT = 90.0

Snapshot = dict[str, list[tuple[Any, ...]]]


# The requests ---------------------------------------------------------------------------------


def profile_form(place_id: int, job_title: str) -> dict[str, dict[str, dict[str, Any]]]:
    """The profile form's values as Slack sends them in view.state.values."""
    return {
        BlockId.PLACE: {ActionId.PLACE_SELECT: external_value(str(place_id), "Leeds")},
        BlockId.ORGANISATION: {InputId.ORGANISATION: static_value("Home Office")},
        BlockId.ORGANISATION_OTHER: {InputId.ORGANISATION_OTHER: plain_value(None)},
        BlockId.JOB_TITLE: {InputId.JOB_TITLE: plain_value(job_title)},
        BlockId.PROFESSION: {InputId.PROFESSION: static_value(None)},
        BlockId.GRADE: {InputId.GRADE: static_value(None)},
        BlockId.CAN_HELP: {InputId.CAN_HELP: plain_value("data, SQL")},
        BlockId.WANT_TO_LEARN: {InputId.WANT_TO_LEARN: plain_value(None)},
        BlockId.LANGUAGES: {InputId.LANGUAGES: multi_static_value(["English"])},
        BlockId.OPEN_TO: {InputId.OPEN_TO: checkboxes_value(["coffee"])},
    }


def leeds_id() -> int:
    place = Gazetteer.load().read_query("Leeds").place
    if place is None:
        raise SystemExit("the gazetteer has no Leeds")
    return place.id


@dataclass(frozen=True)
class Requests:
    """Each kind of request, sent genuinely or in a hostile variant."""

    slack: SlackClient
    secret: str
    response_url: Callable[[str], str]
    place_id: int
    victim: str = VICTIM

    def send(self, kind: str, variant: str | None = None, *, job_title: str = "") -> Response:
        options = self._variant(variant)
        if kind == "command":
            url = self.response_url("hostile" if variant else "genuine")
            return self.slack.command(
                "/whoswho", "forget", user_id=self.victim, response_url=url, **options
            )
        if kind == "action":
            url = self.response_url("hostile" if variant else "genuine")
            return self.slack.block_action(
                ActionId.FORGET_CONFIRM,
                value="forget",
                user_id=self.victim,
                response_url=url,
                **options,
            )
        if kind == "view":
            return self.slack.view_submission(
                CallbackId.PROFILE_SUBMIT,
                profile_form(self.place_id, job_title or "Changed by a forger"),
                user_id=self.victim,
                **options,
            )
        if kind == "event":
            user = {"id": self.victim, "team_id": self.slack.team_id, "deleted": True}
            return self.slack.user_change(user, **options)
        raise ValueError(f"no such kind of request: {kind}")

    def _variant(self, variant: str | None) -> dict[str, Any]:
        if variant is None:
            return {}
        if variant == "forged":
            return {"secret": "not-" + secrets.token_hex(16)}
        if variant == "tampered":
            # Slack's own signature, genuinely made with the secret, of a different body.
            now = str(int(time.time()))
            other = SignatureVerifier(self.secret).generate_signature(
                timestamp=now, body="token=x&text=something+else"
            )
            return {"signature": other}
        if variant == "unsigned":
            return {"signature": None}
        if variant == "replayed":
            return {"timestamp_offset": -STALE}  # signed with the secret, 5 min 1 s ago
        if variant == "replayed_1h":
            return {"timestamp_offset": -3600}
        raise ValueError(f"no such variant: {variant}")


# What the database holds ----------------------------------------------------------------------


def snapshot(engine: Engine) -> Snapshot:
    """Every row of every table the app has, in a stable order."""
    found: Snapshot = {}
    with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            rows = connection.execute(select(table)).all()
            found[table.name] = sorted((tuple(row) for row in rows), key=repr)
    return found


def differences(before: Snapshot, after: Snapshot) -> dict[str, int]:
    """Per table, how many rows were added, removed or changed (only tables that differ)."""
    changed = {}
    for name in sorted(set(before) | set(after)):
        old, new = Counter(map(repr, before.get(name, []))), Counter(map(repr, after.get(name, [])))
        delta = sum(((old - new) + (new - old)).values())
        if delta:
            changed[name] = delta
    return changed


# The app as a process -------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class App:
    process: subprocess.Popen[bytes]
    base_url: str
    log: Path

    def wait_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"python -m bot exited early:\n{self.tail()}")
            with (
                contextlib.suppress(OSError),
                urllib.request.urlopen(self.base_url + "/health", timeout=2) as answer,  # noqa: S310
            ):
                if answer.status == 200:
                    return
            time.sleep(0.2)
        raise SystemExit(f"python -m bot did not become healthy:\n{self.tail()}")

    def metrics(self) -> str:
        url = self.base_url + "/metrics"
        with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310 - loopback
            return str(answer.read().decode())

    def stop(self) -> None:
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)

    def tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:]


def start_app(scratch: Path, database_url: str, fake: FakeSlack, secret: str) -> App:
    port = free_port()
    metrics_dir = scratch / "metrics"
    metrics_dir.mkdir()
    log = scratch / "app.log"
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("SLACK_", "DATABASE_URL", "PROMETHEUS_"))
    }
    env.update(
        PYTHONPATH=str(ROOT),
        SLACK_BOT_TOKEN="xoxb-hostile-benchmark",  # noqa: S106 - the loopback Slack's
        SLACK_SIGNING_SECRET=secret,
        SLACK_API_URL=fake.base_url,
        DATABASE_URL=database_url,
        HOST="127.0.0.1",
        PORT=str(port),
        SCHEDULER_ENABLED="false",  # nothing changes but what requests change
        WEB_WORKERS="2",
        WEB_THREADS="8",
        PROMETHEUS_MULTIPROC_DIR=str(metrics_dir),  # both workers' counts in one scrape
    )
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot"],
            cwd=scratch,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    return App(process, f"http://127.0.0.1:{port}", log)


def unauthorized_in(metrics_page: str) -> float:
    total = 0.0
    for line in metrics_page.splitlines():
        if line.startswith("whoswho_requests_total{") and 'outcome="unauthorized"' in line:
            total += float(line.rsplit(" ", 1)[-1])
    return total


# Running it -----------------------------------------------------------------------------------


def run(n: int, database_url: str | None, scratch: Path) -> bool:
    secret = secrets.token_hex(16)
    url = database_url or f"sqlite:///{scratch / 'whoswho.db'}"
    with FakeSlack(team_id=TEAM) as fake:
        fake.add_user(VICTIM, real_name="Vic Tim")
        app = start_app(scratch, url, fake, secret)
        engine = make_engine(url)
        try:
            app.wait_ready()
            slack = SlackClient(
                app.base_url,
                secret,
                team_id=TEAM,
                user_id=VICTIM,
                response_url_factory=fake.response_url,
            )
            requests = Requests(slack, secret, fake.response_url, leeds_id())
            # Something to lose: the person's profile, and an event taken in (its delivery).
            made = requests.send("view", job_title="Analyst")
            opened = slack.app_home_opened(VICTIM)
            if (made.status, opened.status) != (200, 200):
                raise SystemExit(f"genuine requests were refused: {made.status}, {opened.status}")
            fake.wait_for("views.publish", timeout=10)
            settle(fake)
            return attack(requests, app, engine, fake, n)
        finally:
            app.stop()
            engine.dispose()


def settle(fake: FakeSlack, quiet: float = 1.0, timeout: float = 15.0) -> None:
    """Wait until the loopback Slack has seen no new call for `quiet` seconds (what genuine
    requests do after their ack has landed)."""
    deadline = time.monotonic() + timeout
    seen, since = len(fake.calls), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.1)
        if len(fake.calls) != seen:
            seen, since = len(fake.calls), time.monotonic()
        elif time.monotonic() - since >= quiet:
            return


def attack(requests: Requests, app: App, engine: Engine, fake: FakeSlack, n: int) -> bool:
    before = snapshot(engine)
    calls_before = len(fake.calls)
    refused_before = unauthorized_in(app.metrics())
    jobs = [(kind, variant) for kind in KINDS for variant in VARIANTS for _ in range(n)]
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = list(pool.map(lambda job: requests.send(*job).status, jobs))
    elapsed = time.monotonic() - started
    time.sleep(1.0)  # anything processed after its ack would have landed by now
    after = snapshot(engine)
    slack_calls = len(fake.calls) - calls_before
    methods = Counter(call.method for call in fake.calls[calls_before:])
    refused = unauthorized_in(app.metrics()) - refused_before

    tally = Counter(zip(jobs, statuses, strict=True))
    print(f"Hostile requests: {n} of each kind and variant, {len(jobs)} in all, in {elapsed:.1f}s")
    print(f"{'kind':8} {'variant':12} statuses")
    all_refused = True
    for kind in KINDS:
        for variant in VARIANTS:
            by_status = {s: c for (job, s), c in tally.items() if job == (kind, variant)}
            all_refused &= set(by_status) == {401}
            shown = ", ".join(f"{s}: {c}" for s, c in sorted(by_status.items()))
            print(f"{kind:8} {variant:12} {shown}")
    total = Counter(statuses)
    print("all:", ", ".join(f"{s}: {c}" for s, c in sorted(total.items())))
    changed = differences(before, after)
    rows = sum(len(rows) for rows in after.values())
    print(
        f"tables changed: {len(changed)} of {len(after)} ({rows} rows compared)",
        *([changed] if changed else []),
    )
    print(
        f"Web API and response_url calls meanwhile: {slack_calls}",
        *([dict(methods)] if methods else []),
    )
    print(f"refused requests counted by the app (GET /metrics): {refused:.0f}")

    controls = genuine_controls(requests, engine, fake)
    ok = all_refused and not changed and slack_calls == 0 and all(controls.values())
    ok &= refused == len(jobs)
    print(
        "genuine controls:",
        ", ".join(f"{k}: {'ok' if v else 'FAILED'}" for k, v in controls.items()),
    )
    print("RESULT:", "all refused, nothing changed" if ok else "FAILED")
    return ok


def genuine_controls(requests: Requests, engine: Engine, fake: FakeSlack) -> dict[str, bool]:
    """The same requests genuinely signed: accepted, and they change what they would."""
    results = {}
    command = requests.send("command")
    try:
        fake.wait_for("response_url", timeout=10, where=lambda c: c.params["_path"] == "genuine")
        results["command"] = command.status == 200
    except AssertionError:
        results["command"] = False
    before = snapshot(engine)
    view = requests.send("view", job_title="Changed genuinely")
    results["view"] = view.status == 200 and bool(differences(before, snapshot(engine)))
    before = snapshot(engine)
    event = requests.send("event")
    results["event"] = event.status == 200 and _changed_within(engine, before, "profiles")
    before = snapshot(engine)
    action = requests.send("action")
    results["action"] = action.status == 200 and _changed_within(engine, before, "profiles")
    return results


def _changed_within(engine: Engine, before: Snapshot, table: str, seconds: float = 10) -> bool:
    """Whether `table` changed within `seconds` (events are processed after their ack)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if table in differences(before, snapshot(engine)):
            return True
        time.sleep(0.1)
    return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=100, help="requests of each kind and variant")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_POSTGRES_URL"),
        help="a scratch PostgreSQL database (default: a fresh SQLite file)",
    )
    args = parser.parse_args(argv)
    url = args.database_url
    if url and url.startswith(("postgres://", "postgresql://")):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    with tempfile.TemporaryDirectory(prefix="hostile-") as folder:
        ok = run(args.n, url, Path(folder))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
