"""Scheduled messages as Slack sees them: the real app's outbox, its own Web API client and the
Slack dispatcher, against the loopback Slack (which answers 429s, 5xx, lost answers and
`conversations.history` as Slack does)."""

from __future__ import annotations

import socket
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from apscheduler.triggers.interval import IntervalTrigger
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.app import make_outbox_client
from bot.clock import SystemClock
from bot.domain.outbox import (
    Delivered,
    Failed,
    OutboxMessage,
    OutboxStatus,
    RetryLater,
    ScheduledMessage,
    Skipped,
)
from bot.scheduler import OUTBOX_JOB_ID, OUTBOX_PURGE_JOB_ID, build_scheduler
from bot.services import outbox
from bot.services.outbox_sender import OutboxService
from handlers.slack.outbox import SlackDispatcher
from handlers.slack.outbox_base import OUTBOX_EVENT_TYPE, Renderers
from handlers.slack.outbox_kinds import build_renderers, register_renderers
from storage.db import make_engine, make_session_factory
from storage.migrate import upgrade
from storage.uow import SqlAlchemyUnitOfWorkFactory
from tests.integration.conftest import TEAM, World, make_settings
from tests.support.fake_slack import Chaos, FakeSlack, Throttle

SAM = "U0SAM"


@pytest.fixture
def fake_in_step(world: World) -> World:
    """The loopback Slack stamps messages by the test's clock, as Slack and the app agree."""
    world.fake.now = lambda: world.clock.now().timestamp()
    world.fake.add_user(SAM, team_id=TEAM, real_name="Sam Example")
    return world


def schedule_dm(world: World, key: str, *, user: str = SAM, **options) -> None:
    options.setdefault("text_key", "directory.status.visible")
    options.setdefault("params", {"place": "Leeds"})
    options.setdefault("due_at", world.clock.now())
    world.runtime.services.outbox.schedule([outbox.direct_message(TEAM, user, key, **options)])


def row(world: World, key: str) -> OutboxMessage:
    with SqlAlchemyUnitOfWorkFactory(make_session_factory(world.runtime.engine))() as uow:
        found = uow.outbox.get(TEAM, key)
    assert found is not None
    return found


def drain(world: World):
    return world.runtime.services.outbox.drain_due()


def posts(world: World):
    return [call for call in world.fake.calls_to("chat.postMessage") if not call.failed]


# Delivery ---------------------------------------------------------------------------------------


def test_a_due_dm_is_posted_once_in_catalogue_words_carrying_its_outbox_id(fake_in_step):
    world = fake_in_step
    schedule_dm(world, "hello", params={"place": "<!channel> Leeds"})

    assert drain(world).sent == 1
    assert drain(world).claimed == 0

    [post] = posts(world)
    sent = row(world, "hello")
    assert post.params["channel"] == SAM
    assert post.params["text"].startswith("Your profile is visible")
    assert "<!channel>" not in post.params["text"]  # what people typed cannot ping anyone
    assert "&lt;!channel&gt; Leeds" in post.params["blocks"][0]["text"]["text"]
    assert post.params["metadata"] == {
        "event_type": OUTBOX_EVENT_TYPE,
        "event_payload": {"outbox_id": sent.id},
    }
    assert sent.status is OutboxStatus.SENT
    assert sent.sent_ref.startswith("D0SAM:")


def test_a_429_waits_for_retry_after_without_sleeping_and_holds_back_that_method(fake_in_step):
    world = fake_in_step
    for n in range(3):
        schedule_dm(world, f"limited:{n}")
    world.fake.fail_next("chat.postMessage", status=429, retry_after=7)

    report = drain(world)

    assert (report.retried, report.deferred, report.sent) == (1, 2, 0)
    assert len(world.fake.calls_to("chat.postMessage")) == 1  # no retry inside the client
    first = row(world, "limited:0")
    assert first.status is OutboxStatus.PENDING
    assert first.last_error == "rate limited (chat.postMessage)"
    with SqlAlchemyUnitOfWorkFactory(make_session_factory(world.runtime.engine))() as uow:
        assert uow.outbox.next_available_at() == world.clock.now() + timedelta(seconds=7)

    world.clock.advance(seconds=7)
    assert drain(world).sent == 3
    assert sorted(world.fake.outbox_deliveries().values()) == [1, 1, 1]


def test_a_server_error_is_retried_with_backoff_checking_first_that_it_did_not_go(
    fake_in_step,
):
    world = fake_in_step
    schedule_dm(world, "flaky")
    world.fake.fail_next("chat.postMessage", status=503, retry_after=None)

    assert drain(world).retried == 1
    waiting = row(world, "flaky")
    assert waiting.in_doubt
    assert waiting.last_error == "HTTP 503 (chat.postMessage)"

    world.clock.advance(minutes=1)
    assert drain(world).sent == 1
    methods = [call.method for call in world.fake.calls]
    assert methods[-3:] == ["conversations.open", "conversations.history", "chat.postMessage"]
    assert list(world.fake.outbox_deliveries().values()) == [1]


def test_a_post_whose_answer_was_lost_is_found_in_slack_and_not_posted_again(fake_in_step):
    world = fake_in_step
    schedule_dm(world, "lost")
    world.fake.chaos(Chaos(lost_answer_rate=1.0))
    assert drain(world).retried == 1
    world.fake.chaos(None)

    world.clock.advance(minutes=1)
    report = drain(world)

    assert (report.already_sent, report.sent) == (1, 0)
    found = row(world, "lost")
    assert found.status is OutboxStatus.SENT
    assert found.sent_ref.startswith("D0SAM:")
    assert list(world.fake.outbox_deliveries().values()) == [1]


@pytest.mark.parametrize(
    ("error", "arrange"),
    [
        ("user_disabled", lambda fake: fake.users[SAM].update(deleted=True)),
        (
            "not_in_channel",
            lambda fake: fake.fail_next("chat.postMessage", status=200, error="not_in_channel"),
        ),
        (
            "account_inactive",
            lambda fake: fake.fail_next("chat.postMessage", status=200, error="account_inactive"),
        ),
    ],
)
def test_a_permanent_error_is_recorded_and_never_retried(fake_in_step, error, arrange):
    world = fake_in_step
    schedule_dm(world, "doomed")
    arrange(world.fake)

    assert drain(world).failed == 1
    world.clock.advance(days=1)
    assert drain(world).claimed == 0

    found = row(world, "doomed")
    assert (found.status, found.last_error) == (OutboxStatus.FAILED, f"{error} (chat.postMessage)")
    assert len(world.fake.calls_to("chat.postMessage")) == 1


def test_an_unknown_catalogue_key_or_a_bad_payload_fails_without_calling_slack(fake_in_step):
    world = fake_in_step
    schedule_dm(world, "typo", text_key="no.such.words")
    world.runtime.services.outbox.schedule(
        [ScheduledMessage(TEAM, "slack.dm", "no-user", world.clock.now(), {"key": "nudge.hidden"})]
    )

    assert drain(world).failed == 2
    assert row(world, "typo").last_error == "cannot render: catalogue key 'no.such.words': KeyError"
    assert row(world, "no-user").last_error.startswith("cannot render: a direct message needs")
    assert world.fake.calls_to("chat.postMessage") == []


# The dispatcher at the edge --------------------------------------------------------------------


def message(kind: str = "slack.dm", **changes) -> OutboxMessage:
    values = {
        "id": 42,
        "team_id": TEAM,
        "kind": kind,
        "key": "k",
        "due_at": datetime(2026, 11, 2, 9, 30, tzinfo=UTC),
        "expires_at": None,
        "payload": {"user": SAM, "key": "nudge.hidden", "params": {}},
        "status": OutboxStatus.SENDING,
        "attempts": 1,
        "throttled": 0,
        "in_doubt": False,
        "first_attempt_at": datetime(2026, 11, 2, 9, 30, tzinfo=UTC),
        "last_error": None,
        "sent_ref": None,
        "claimed_by": "w/1",
    }
    values.update(changes)
    return OutboxMessage(**values)


def client_for(base_url: str, timeout: float = 2) -> WebClient:
    return WebClient(token="xoxb-test", base_url=base_url, timeout=timeout, retry_handlers=[])


def test_the_outbox_client_never_retries_or_sleeps_on_its_own(fake_in_step):
    client = make_outbox_client(make_settings(fake_in_step.fake, "sqlite://"))
    assert client.retry_handlers == []
    assert client.timeout <= 10


def test_a_refused_connection_is_retried_and_cannot_have_posted():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again before the call: nothing listens
    dispatcher = SlackDispatcher(client_for(f"http://127.0.0.1:{port}/api/"), build_renderers())

    outcome = dispatcher.deliver(message())

    assert isinstance(outcome, RetryLater)
    assert outcome.reason.startswith("connection: ")
    assert (outcome.throttled, outcome.maybe_delivered) == (False, False)


def test_a_timeout_is_retried_and_may_have_posted():
    with socket.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        base_url = f"http://127.0.0.1:{silent.getsockname()[1]}/api/"
        dispatcher = SlackDispatcher(client_for(base_url, timeout=0.3), build_renderers())

        outcome = dispatcher.deliver(message())

    assert isinstance(outcome, RetryLater)
    assert outcome.maybe_delivered  # the post may have been read before the answer was lost


def test_a_kind_this_release_does_not_know_waits_for_one_that_does():
    with FakeSlack() as fake:
        dispatcher = SlackDispatcher(client_for(fake.base_url), build_renderers())
        outcome = dispatcher.deliver(message("event.from_the_future"))
    assert isinstance(outcome, RetryLater)
    assert outcome.after_seconds == 300
    assert fake.calls == []


def test_a_renderer_with_nothing_left_to_send_skips_and_other_methods_send_as_they_are():
    renderers = Renderers()
    register_renderers(renderers)
    renderers.register("gone", "chat.postMessage", lambda _: None)
    renderers.register(
        "home", "views.publish", lambda m: {"user_id": "U1", "view": {"type": "home", "blocks": []}}
    )
    with pytest.raises(ValueError, match="twice"):
        renderers.register("gone", "chat.postMessage", lambda _: None)
    with FakeSlack() as fake:
        dispatcher = SlackDispatcher(client_for(fake.base_url), renderers)
        assert isinstance(dispatcher.deliver(message("gone")), Skipped)
        assert dispatcher.method_for(message("home")) == "views.publish"
        published = dispatcher.deliver(message("home", in_doubt=True))
        [call] = fake.calls
    assert isinstance(published, Delivered)
    assert call.method == "views.publish"
    assert "metadata" not in call.params  # setting a view twice is harmless: no check needed


def test_an_in_doubt_check_that_is_rate_limited_waits_and_stays_in_doubt():
    with FakeSlack() as fake:
        fake.fail_next("conversations.history", status=429, retry_after=3)
        dispatcher = SlackDispatcher(client_for(fake.base_url), build_renderers())
        outcome = dispatcher.deliver(message(in_doubt=True))
    assert isinstance(outcome, RetryLater)
    assert (outcome.method, outcome.after_seconds) == ("conversations.history", 3)
    assert outcome.throttled
    assert outcome.maybe_delivered
    assert fake.calls_to("chat.postMessage") == []


def test_an_in_doubt_check_slack_refuses_sends_rather_than_lose_the_message():
    with FakeSlack() as fake:
        fake.fail_next("conversations.history", status=200, error="missing_scope")
        dispatcher = SlackDispatcher(client_for(fake.base_url), build_renderers())
        outcome = dispatcher.deliver(message(in_doubt=True))
    assert isinstance(outcome, Delivered)
    assert not outcome.found


def test_permanent_slack_errors_are_failures_and_a_ratelimited_body_is_a_wait():
    with FakeSlack() as fake:
        dispatcher = SlackDispatcher(client_for(fake.base_url), build_renderers())
        fake.fail_next("chat.postMessage", status=200, error="channel_not_found")
        fake.fail_next("chat.postMessage", status=200, error="ratelimited", retry_after=None)
        fake.fail_next("chat.postMessage", status=200, error="fatal_error", retry_after=None)
        gone, slow, fatal = (dispatcher.deliver(message()) for _ in range(3))
    assert gone == Failed("channel_not_found (chat.postMessage)")
    assert isinstance(slow, RetryLater)
    assert slow.throttled
    assert isinstance(fatal, RetryLater)
    assert fatal.maybe_delivered
    assert not fatal.throttled


# The scheduler ---------------------------------------------------------------------------------


def test_the_scheduler_drains_the_outbox_every_five_seconds_and_never_skips_a_late_tick():
    scheduler = build_scheduler(services=None)  # type: ignore[arg-type]
    job = scheduler.get_job(OUTBOX_JOB_ID)
    assert isinstance(job.trigger, IntervalTrigger)
    assert job.trigger.interval == timedelta(seconds=5)
    assert job.misfire_grace_time is None  # APScheduler's default (1 s) would drop late ticks
    assert job.coalesce is True
    assert job.max_instances == 1
    assert job.next_run_time is not None  # a tick at start-up, not five seconds later
    purge = scheduler.get_job(OUTBOX_PURGE_JOB_ID)
    assert purge.trigger.interval == timedelta(days=1)


# Two senders on one SQLite file ---------------------------------------------------------------


def test_two_threads_sharing_one_sqlite_file_send_each_message_exactly_once(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    upgrade(url)
    engines = [make_engine(url), make_engine(url)]
    clock = SystemClock()
    now = clock.now()
    with FakeSlack() as fake:
        fake.throttle(Throttle(per_channel_per_second=None, workspace_per_minute=60_000))
        fake.chaos(Chaos(server_error_rate=0.03, lost_answer_rate=0.03, seed=7))
        services = [
            OutboxService(
                SqlAlchemyUnitOfWorkFactory(make_session_factory(engine)),
                clock,
                SlackDispatcher(client_for(fake.base_url), build_renderers()),
                worker_id=f"thread-{n}",
                batch=20,
            )
            for n, engine in enumerate(engines)
        ]
        services[0].schedule(
            [
                outbox.direct_message(
                    TEAM, f"U{n:05d}", f"m:{n}", text_key="nudge.hidden", due_at=now
                )
                for n in range(300)
            ]
        )
        stop = time.monotonic() + 90

        def run(service: OutboxService) -> None:
            while time.monotonic() < stop:
                report = service.drain_due(keep_running_for=timedelta(seconds=1))
                counts = service.health().counts
                if not counts.get(OutboxStatus.PENDING) and not counts.get(OutboxStatus.SENDING):
                    return
                if not report.busy:
                    time.sleep(0.05)  # the rest wait for a retry, or for the other thread

        threads = [threading.Thread(target=run, args=(s,)) for s in services]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        deliveries = fake.outbox_deliveries()
        counts = services[0].health().counts
    for engine in engines:
        engine.dispose()

    assert not any(thread.is_alive() for thread in threads)
    assert counts == {OutboxStatus.SENT: 300}
    assert len(deliveries) == 300
    assert set(deliveries.values()) == {1}


# The loopback Slack itself -------------------------------------------------------------------


def test_the_loopback_slack_throttles_per_conversation_and_per_workspace():
    with FakeSlack() as fake:
        # Slow limits, so that the test's own pace cannot matter: one post per conversation
        # every 100 seconds, one a minute for the workspace after a burst of three.
        fake.throttle(
            Throttle(per_channel_per_second=0.01, workspace_per_minute=1, workspace_burst=3)
        )
        client = client_for(fake.base_url)
        answers: list[object] = []
        for user in ("U1", "U1", "U2", "U3", "U4"):
            try:
                client.api_call("chat.postMessage", json={"channel": user, "text": "hi"})
                answers.append(200)
            except SlackApiError as error:
                waits = int(error.response.headers["Retry-After"])
                answers.append((error.response.status_code, 50 < waits <= 100))
    assert answers == [200, (429, True), 200, 200, (429, True)]
    assert fake.rate_limited() == 2


def test_the_loopback_slack_answers_history_newest_first_by_page_with_metadata_on_request():
    with FakeSlack() as fake:
        client = client_for(fake.base_url)
        for n in range(3):
            client.api_call(
                "chat.postMessage",
                json={
                    "channel": SAM,
                    "text": f"m{n}",
                    "metadata": {
                        "event_type": OUTBOX_EVENT_TYPE,
                        "event_payload": {"outbox_id": n},
                    },
                },
            )
        first = client.conversations_history(channel="D0SAM", limit=2, include_all_metadata=True)
        rest = client.conversations_history(
            channel="D0SAM", limit=2, cursor=first["response_metadata"]["next_cursor"]
        )
        assert [m["text"] for m in first["messages"]] == ["m2", "m1"]
        assert first["has_more"] is True
        assert first["messages"][0]["metadata"]["event_payload"] == {"outbox_id": 2}
        assert [m["text"] for m in rest["messages"]] == ["m0"]
        assert "metadata" not in rest["messages"][0]  # not asked for
        assert fake.outbox_deliveries() == {"0": 1, "1": 1, "2": 1}
