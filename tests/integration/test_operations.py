"""Running it: Slack's retried and duplicate deliveries taken in once (across replicas too),
the health and metrics pages, request ids on the log lines, and the outbox giving back what it
holds when the process stops. Through the real HTTP endpoint, on SQLite or PostgreSQL."""

from __future__ import annotations

import io
import json
import logging
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.app import build_runtime
from bot.domain.outbox import Delivered, OutboxMessage, OutboxStatus
from bot.logs import JsonFormatter, Redactor, RequestIdFilter
from bot.scheduler import (
    DELIVERIES_PURGE_JOB_ID,
    Heartbeat,
    build_scheduler,
    drain_outbox,
    purge_deliveries,
)
from bot.server import BackgroundWork, WhoswhoWsgi
from bot.services import outbox
from bot.services.outbox_sender import OutboxService
from handlers.ids import CallbackId
from storage.db import make_engine, make_session_factory
from storage.models import SlackDeliveryRow
from storage.uow import SqlAlchemyUnitOfWorkFactory
from tests.integration.conftest import ME, SIGNING_SECRET, TEAM, World, make_settings
from tests.integration.test_whoswho import form_values, leeds
from tests.support.outbox import ScriptedDispatcher
from tests.support.slack_client import SlackClient
from tests.support.wsgi_server import serve_wsgi

# Helpers --------------------------------------------------------------------------------------


def event_body(event_id: str, user: str = ME) -> dict[str, Any]:
    """An app_home_opened delivery as the Events API sends it: opening the Home tab publishes
    a view, one Web API call each time the event is processed."""
    return {
        "token": "deprecated-verification-token",
        "team_id": TEAM,
        "api_app_id": "A0APP",
        "type": "event_callback",
        "event_id": event_id,
        "event_time": int(time.time()),
        "event": {
            "type": "app_home_opened",
            "user": user,
            "channel": "D0HOME",
            "tab": "home",
            "event_ts": f"{time.time():.6f}",
        },
        "authorizations": [
            {"team_id": TEAM, "user_id": "U0BOT", "is_bot": True, "enterprise_id": None}
        ],
    }


def deliver(
    slack: SlackClient,
    event_id: str,
    *,
    retry: int | None = None,
    headers: dict[str, str] | None = None,
    **options: Any,
):
    sent = dict(headers or {})
    if retry is not None:
        sent.update({"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"})
    return slack.post(json.dumps(event_body(event_id)), "application/json", headers=sent, **options)


def publishes(world: World, settle: float = 0.4) -> int:
    """How many views.publish calls the loopback Slack saw, once the listeners settled."""
    time.sleep(settle)
    return len(world.fake.calls_to("views.publish"))


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, str, dict[str, str]]:
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - loopback
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310
            return answer.status, answer.read().decode(), dict(answer.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)


def count(name: str, **labels: str) -> float:
    from prometheus_client import REGISTRY

    return REGISTRY.get_sample_value(name, labels) or 0.0


def deliveries_recorded(world: World) -> int:
    with world.runtime.engine.connect() as connection:
        return int(connection.scalar(select(func.count()).select_from(SlackDeliveryRow)) or 0)


# Events API deliveries, once ------------------------------------------------------------------


def test_a_retried_delivery_is_acked_and_not_processed_again(world: World):
    first = deliver(world.slack, "Ev0RETRY01")
    world.fake.wait_for("views.publish")
    retried = deliver(world.slack, "Ev0RETRY01", retry=1)
    again = deliver(world.slack, "Ev0RETRY01", retry=2)

    assert [first.status, retried.status, again.status] == [200, 200, 200]
    assert publishes(world) == 1
    assert deliveries_recorded(world) == 1


def test_a_duplicate_without_the_retry_header_is_caught_too(world: World):
    deliver(world.slack, "Ev0DUP0001")
    world.fake.wait_for("views.publish")
    duplicate = deliver(world.slack, "Ev0DUP0001")

    assert duplicate.status == 200
    assert publishes(world) == 1


def test_a_retry_whose_first_delivery_never_arrived_is_processed(world: World):
    response = deliver(world.slack, "Ev0LOSTFIRST", retry=1)

    assert response.status == 200
    world.fake.wait_for("views.publish")
    assert publishes(world) == 1


def test_different_events_are_each_processed(world: World):
    for n in range(3):
        deliver(world.slack, f"Ev0DIFF{n:04d}")

    world.fake.wait_for("views.publish", count=3)
    assert publishes(world) == 3


def test_commands_and_actions_are_never_mistaken_for_repeats(world: World):
    for path in ("one", "two"):
        world.slack.command("/whoswho", "help", response_url=world.fake.response_url(path))

    world.fake.wait_for("response_url", count=2)
    assert deliveries_recorded(world) == 0


@pytest.fixture
def replica(world: World, database_url: str, gazetteer) -> Iterator[SlackClient]:
    """A second replica: its own runtime, engine and HTTP server, on the same database and
    the same loopback Slack as `world`."""
    engine = make_engine(database_url)
    runtime = build_runtime(
        make_settings(world.fake, database_url),
        clock=world.clock,
        engine=engine,
        gazetteer=gazetteer,
        raise_error_for_unhandled_request=True,
    )
    try:
        with serve_wsgi(WhoswhoWsgi(runtime)) as base_url:
            yield SlackClient(
                base_url,
                SIGNING_SECRET,
                team_id=TEAM,
                user_id=ME,
                response_url_factory=world.fake.response_url,
            )
    finally:
        engine.dispose()


def send_together(sends: list[tuple[SlackClient, str, int | None]]) -> list[int]:
    """Deliver at the same moment from as many threads; the statuses, in order."""
    barrier = threading.Barrier(len(sends))
    statuses: list[int] = [0] * len(sends)

    def send(index: int) -> None:
        client, event_id, retry = sends[index]
        barrier.wait(timeout=5)
        statuses[index] = deliver(client, event_id, retry=retry).status

    threads = [threading.Thread(target=send, args=(index,)) for index in range(len(sends))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=15)
    return statuses


def test_deliveries_of_one_event_to_two_replicas_at_once_are_processed_once(
    world: World, replica: SlackClient
):
    rounds = 5
    for n in range(rounds):
        event_id = f"Ev0RACE{n:04d}"
        statuses = send_together(
            [
                (world.slack, event_id, None),
                (replica, event_id, 1),
                (world.slack, event_id, 2),
                (replica, event_id, None),
            ]
        )
        assert statuses == [200, 200, 200, 200]

    assert publishes(world, settle=1.0) == rounds
    assert deliveries_recorded(world) == rounds


def test_deliveries_older_than_a_day_are_forgotten_by_the_purge_job(world: World):
    deliver(world.slack, "Ev0OLD0001")
    world.fake.wait_for("views.publish")
    world.clock.advance(hours=23)
    deliver(world.slack, "Ev0NEW0001")
    world.fake.wait_for("views.publish", count=2)
    world.clock.advance(hours=2)

    purge_deliveries(world.runtime.deliveries)

    assert deliveries_recorded(world) == 1
    # Forgotten, the old event would be taken in again; the recent one still is not.
    deliver(world.slack, "Ev0NEW0001", retry=1)
    assert publishes(world) == 2


def test_the_scheduler_runs_the_purge_hourly(world: World):
    scheduler = build_scheduler(world.runtime.services, deliveries=world.runtime.deliveries)
    job = scheduler.get_job(DELIVERIES_PURGE_JOB_ID)

    assert job is not None
    assert job.trigger.interval == timedelta(hours=1)


# Health ---------------------------------------------------------------------------------------


def test_health_reports_its_parts_as_json(world: World):
    status, body, headers = get(world.base_url + "/health")

    assert status == 200
    assert headers["Content-Type"] == "application/json"
    report = json.loads(body)
    assert report["status"] == "ok"
    assert report["database"] == {"ok": True}
    assert report["scheduler"]["enabled"] is False
    assert report["scheduler"]["ok"] is True
    assert "disabled" in report["scheduler"]["reason"]


class Beats:
    """A monotonic clock for a heartbeat, moved by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def background_for(world: World, beats: Beats) -> BackgroundWork:
    heartbeat = Heartbeat(monotonic=beats)
    scheduler = build_scheduler(world.runtime.services)
    return BackgroundWork(world.runtime, scheduler, heartbeat)


def test_health_is_503_with_a_reason_when_the_scheduler_stops_ticking(world: World):
    beats = Beats()
    background = background_for(world, beats)
    wsgi = WhoswhoWsgi(world.runtime, background=background, heartbeat_limit=60)
    with serve_wsgi(wsgi) as base_url:
        drain_outbox(world.runtime.services, background.heartbeat)
        beats.now += 30
        fresh_status, fresh_body, _ = get(base_url + "/health")
        beats.now += 45
        stale_status, stale_body, _ = get(base_url + "/health")

    fresh, stale = json.loads(fresh_body), json.loads(stale_body)
    assert fresh_status == 200
    assert fresh["scheduler"] == {
        "ok": True,
        "enabled": True,
        "last_tick_seconds_ago": 30.0,
        "ticks": 2,  # the drain beats as it starts and as it ends
    }
    assert stale_status == 503
    assert stale["status"] == "unhealthy"
    assert stale["scheduler"]["ok"] is False
    assert stale["reason"] == "scheduler not ticking: last outbox tick 75 s ago (limit 60 s)"
    assert stale["database"] == {"ok": True}


def test_health_is_503_when_the_database_does_not_answer(world: World, tmp_path, gazetteer):
    broken = make_engine(f"sqlite:///{tmp_path / 'missing' / 'folder' / 'x.db'}")
    runtime = build_runtime(
        make_settings(world.fake, "sqlite://"),
        clock=world.clock,
        engine=broken,
        gazetteer=gazetteer,
    )
    with serve_wsgi(WhoswhoWsgi(runtime)) as base_url:
        status, body, _ = get(base_url + "/health")

    report = json.loads(body)
    assert status == 503
    assert report["database"]["ok"] is False
    assert report["reason"] == "database unreachable"


# Metrics --------------------------------------------------------------------------------------


def test_metrics_count_requests_by_type_and_outcome_and_read_the_outbox(world: World):
    commands = count("whoswho_requests_total", type="command", outcome="ok")
    events = count("whoswho_requests_total", type="event", outcome="ok")
    duplicates = count("whoswho_requests_total", type="event", outcome="duplicate")
    refused = count("whoswho_requests_total", type="view", outcome="unauthorized")
    timed = count("whoswho_request_ack_seconds_count", type="command")
    world.runtime.services.outbox.schedule(
        [
            outbox.direct_message(
                TEAM,
                ME,
                "ops:1",
                text_key="directory.status.visible",
                params={"place": "Leeds"},
                due_at=world.clock.now() - timedelta(seconds=42),
            )
        ]
    )

    world.slack.command("/whoswho", "help")
    deliver(world.slack, "Ev0METRIC01")
    deliver(world.slack, "Ev0METRIC01", retry=1)
    world.slack.view_submission(CallbackId.PROFILE_SUBMIT, {}, secret="not-the-secret")
    status, page, headers = get(world.base_url + "/metrics")

    assert status == 200
    assert headers["Content-Type"].startswith("text/plain")
    assert count("whoswho_requests_total", type="command", outcome="ok") == commands + 1
    assert count("whoswho_requests_total", type="event", outcome="ok") == events + 1
    assert count("whoswho_requests_total", type="event", outcome="duplicate") == duplicates + 1
    assert count("whoswho_requests_total", type="view", outcome="unauthorized") == refused + 1
    assert count("whoswho_request_ack_seconds_count", type="command") == timed + 1
    assert 'whoswho_outbox_messages{status="pending"} 1.0' in page
    assert "whoswho_outbox_oldest_due_seconds 42.0" in page
    assert "whoswho_database_up 1.0" in page
    assert "whoswho_slack_api_calls_total" in page


# Request ids ----------------------------------------------------------------------------------


@pytest.fixture
def log_lines(caplog: pytest.LogCaptureFixture) -> Iterator[io.StringIO]:
    """What the app logs at INFO, as JSON lines through the production formatter and filter."""
    caplog.set_level(logging.INFO)
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(JsonFormatter(Redactor([SIGNING_SECRET])))
    handler.addFilter(RequestIdFilter())
    logging.getLogger().addHandler(handler)
    try:
        yield buffer
    finally:
        logging.getLogger().removeHandler(handler)


def entries(buffer: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in buffer.getvalue().splitlines() if line.strip()]


def test_every_answer_carries_a_request_id_and_keeps_one_it_was_given(world: World):
    _, _, made = get(world.base_url + "/health")
    _, _, kept = get(world.base_url + "/health", headers={"X-Request-Id": "lb-trace-42"})
    command = world.slack.command("/whoswho", "help", headers={"X-Request-Id": "lb-trace-43"})

    assert len(made["X-Request-Id"]) == 16
    assert kept["X-Request-Id"] == "lb-trace-42"
    assert command.headers["X-Request-Id"] == "lb-trace-43"


def test_a_listeners_log_lines_carry_their_requests_id(world: World, log_lines: io.StringIO):
    response = world.slack.view_submission(
        CallbackId.PROFILE_SUBMIT,
        form_values(leeds(world), job_title="Head of Things"),
        user_id=ME,
        headers={"X-Request-Id": "req-profile-1"},
    )
    deliver(world.slack, "Ev0LOGGED01", headers={"X-Request-Id": "req-event-1"})
    deliver(world.slack, "Ev0LOGGED01", retry=1, headers={"X-Request-Id": "req-event-2"})

    assert response.status == 200
    saved = [e for e in entries(log_lines) if e["message"] == "profile saved"]
    assert [(e["request_id"], e["user_id"]) for e in saved] == [("req-profile-1", ME)]
    repeated = [e for e in entries(log_lines) if e["message"].startswith("repeated delivery")]
    assert [e["request_id"] for e in repeated] == ["req-event-2"]
    assert "Head of Things" not in log_lines.getvalue()


def test_a_refused_requests_typed_text_never_reaches_the_log(
    world: World, log_lines, caplog: pytest.LogCaptureFixture
):
    # Bolt set its loggers' levels from the root's when the app was built; as in production:
    caplog.set_level(logging.INFO, logger="slack_bolt.RequestVerification")
    world.slack.command(
        "/whoswho", "I am leaving on 3 March, mail me at sam@example.gov.uk", secret="forged"
    )

    written = log_lines.getvalue()
    assert "Invalid request signature detected" in written  # Bolt's line, body withheld
    assert "leaving" not in written
    assert "sam@example.gov.uk" not in written
    assert "sam%40example.gov.uk" not in written


# Giving back claims when stopping -------------------------------------------------------------


class HeldDispatcher(ScriptedDispatcher):
    """Holds the first delivery until told to let go, as a slow Slack would."""

    def __init__(self) -> None:
        super().__init__()
        self.started = threading.Event()
        self.let_go = threading.Event()

    def deliver(self, message: OutboxMessage):
        self.started.set()
        self.let_go.wait(timeout=10)
        return Delivered(f"D1:{message.id}")


def rows(world: World) -> dict[str, OutboxMessage]:
    factory = SqlAlchemyUnitOfWorkFactory(make_session_factory(world.runtime.engine))
    found = {}
    with factory() as uow:
        for n in range(6):
            message = uow.outbox.get(TEAM, f"stop:{n}")
            assert message is not None
            found[message.key] = message
    return found


def a_held_outbox(world: World) -> tuple[OutboxService, HeldDispatcher]:
    dispatcher = HeldDispatcher()
    factory = SqlAlchemyUnitOfWorkFactory(make_session_factory(world.runtime.engine))
    service = OutboxService(factory, world.clock, dispatcher, worker_id="stopping", batch=10)
    service.schedule(
        [
            outbox.direct_message(
                TEAM, f"U0P{n}", f"stop:{n}", text_key="k", due_at=world.clock.now()
            )
            for n in range(6)
        ]
    )
    return service, dispatcher


def test_stopping_mid_batch_finishes_the_message_in_hand_and_gives_back_the_rest(world: World):
    service, dispatcher = a_held_outbox(world)
    drain = threading.Thread(target=service.drain_due)
    drain.start()
    assert dispatcher.started.wait(timeout=10)

    service.stop()
    dispatcher.let_go.set()
    drain.join(timeout=10)

    states = rows(world)
    assert [m.status for m in states.values()].count(OutboxStatus.SENT) == 1
    pending = [m for m in states.values() if m.status is OutboxStatus.PENDING]
    assert len(pending) == 5
    assert all(m.claimed_by is None and m.attempts == 0 for m in pending)
    assert service.drain_due().claimed == 0  # stopped: takes nothing more


def test_release_claims_gives_back_untried_rows_but_not_the_one_being_sent(world: World):
    service, dispatcher = a_held_outbox(world)
    drain = threading.Thread(target=service.drain_due)
    drain.start()
    assert dispatcher.started.wait(timeout=10)

    released = service.release_claims()
    in_flight = [m for m in rows(world).values() if m.status is OutboxStatus.SENDING]
    dispatcher.let_go.set()
    drain.join(timeout=10)

    assert released == 5
    assert len(in_flight) == 1  # its attempt was under way: left to finish
    states = rows(world)
    assert sorted(m.status.value for m in states.values()) == ["pending"] * 5 + ["sent"]
    assert service.release_claims() == 0


def test_background_work_stops_its_scheduler_and_gives_everything_back(world: World):
    service, dispatcher = a_held_outbox(world)
    # The held outbox in the tick's place.
    runtime = replace(world.runtime, services=replace(world.runtime.services, outbox=service))
    heartbeat = Heartbeat()
    scheduler = build_scheduler(runtime.services, heartbeat=heartbeat)
    background = BackgroundWork(runtime, scheduler, heartbeat)
    background.start()
    try:
        assert dispatcher.started.wait(timeout=15)  # the tick at start-up is sending
        background.request_stop()
        # The stop is carried out by a thread of its own: the message in hand is let go only
        # once the outbox has been told to stop, as when SIGTERM arrives mid-send.
        deadline = time.monotonic() + 15
        while not service.stopping:
            assert time.monotonic() < deadline, "the outbox was never told to stop"
            time.sleep(0.01)
        dispatcher.let_go.set()
        assert background.stop(timeout=15)
    finally:
        dispatcher.let_go.set()
        if scheduler.running:
            scheduler.shutdown(wait=False)

    assert not scheduler.running
    assert heartbeat.ticks >= 1
    states = rows(world)
    assert sorted(m.status.value for m in states.values()) == ["pending"] * 5 + ["sent"]
    assert all(m.claimed_by is None for m in states.values() if m.status is OutboxStatus.PENDING)
